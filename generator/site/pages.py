"""Which pages the site has and what each says: one function per kind of page.

``generate_pages`` returns ``{src_uri: markdown}``; the MkDocs hook adds them to the build as
generated files, so nothing is written into tracked folders.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Catalogue, Control, Layer
from generator.site.render import render_template


def control_uri(control: Control) -> str:
    """Source URI of a control's page, e.g. ``controls/IAM-001.md``."""
    return f"controls/{control.id}.md"


def layer_uri(layer: Layer) -> str:
    """Source URI of a layer's page, e.g. ``layers/identity.md``."""
    return f"layers/{layer.id}.md"


def generate_pages(cat: Catalogue) -> dict[str, str]:
    """Every generated page of the site, keyed by source URI."""
    return dict(_pages(cat))


def _pages(cat: Catalogue) -> Iterator[tuple[str, str]]:
    yield "layers/index.md", render_template("site/layers_index.md.j2", cat=cat, layer_uri=layer_uri)
    for layer in cat.layers:
        controls = [c for c in cat.active_controls if c.layer == layer.id]
        controls.sort(key=lambda c: (c.priority_rank, c.id))
        yield layer_uri(layer), render_template("site/layer.md.j2", cat=cat, layer=layer, controls=controls)
    for control in cat.controls:
        yield control_uri(control), render_template("site/control.md.j2", cat=cat, control=control,
                                                    layer=cat.layer(control.layer))
