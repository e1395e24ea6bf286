"""The site's navigation, built from the catalogue so every generated page is in it.

MkDocs takes ``nav`` as nested lists of ``{title: uri}``; titles are HTML-escaped here because
the theme prints them as they are.

Control pages are not in the nav: the theme repeats the open section on every page of it, so a
layer of N controls listed there cost each of its N pages N entries (quadratic in the catalogue).
Each layer page lists its controls, and each control page links its neighbours
(``generator.site.relations.control_neighbours``), so the site's size grows linearly and every control stays one click
from its layer.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from generator.model import Catalogue
from generator.site import uris
from generator.site.pages import HANDWRITTEN_SECTIONS
from generator.site.render import plain

NavItem = dict[str, Any]


def _entry(title: str, target: str | list[Any]) -> NavItem:
    return {plain(title): target}


def build_nav(cat: Catalogue, handwritten: Collection[str] = ()) -> list[NavItem | str]:
    """The nav: Home, Start here, Layers (with their controls), Checklists, ..., Changelog."""
    further = sorted(u for u in handwritten if u.startswith(HANDWRITTEN_SECTIONS))
    known = {uris.HOME, uris.CONTRIBUTING, *further}
    others = sorted(u for u in handwritten if u not in known)
    layers: list[Any] = [uris.LAYERS] + [_entry(layer.name, uris.layer(layer.id)) for layer in cat.layers]
    return [
        _entry("Home", uris.HOME),
        _entry("Start here", [uris.START_HERE, *further]) if further else _entry("Start here", uris.START_HERE),
        _entry("Layers", layers),
        _entry("Checklists", [uris.CHECKLISTS] + [_entry(d.title, uris.checklist(d.id)) for d in cat.checklists]),
        _entry("Lifecycle", [uris.LIFECYCLE] + [_entry(s.name, uris.lifecycle(s.id)) for s in cat.lifecycle]),
        _entry("Components", [uris.COMPONENTS] + [_entry(c.name, uris.component(c.id)) for c in cat.components]),
        _entry("Threats", [uris.THREATS] + [_entry(t.name, uris.threat(t.id)) for t in cat.threats]),
        _entry(
            "Incidents",
            [uris.INCIDENTS]
            + [_entry(i.title, uris.incident(i.id)) for i in sorted(cat.incidents, key=lambda i: i.date, reverse=True)],
        ),
        _entry("Frameworks", [uris.FRAMEWORKS] + [_entry(f.name, uris.framework(f.key)) for f in cat.frameworks]),
        *others,
        _entry("Contributing", uris.CONTRIBUTING),
        _entry("Changelog", uris.CHANGELOG),
    ]


NOT_IN_NAV = "controls/*.md"
"""The pages the nav leaves out on purpose (``not_in_nav`` in the engine's config)."""
