"""Where each generated page lives: source URIs and the links between them.

Every page of the site is addressed by its MkDocs source URI (``controls/IAM-001.md``). Templates
link with ``relative(from_uri, to_uri)`` so MkDocs resolves and checks every internal link in
strict mode; nothing hard-codes ``../``.
"""

from __future__ import annotations

import posixpath
import re

from generator.model import Framework

HOME = "index.md"
START_HERE = "start-here.md"
LAYERS = "layers/index.md"
CHECKLISTS = "checklists/index.md"
LIFECYCLE = "lifecycle/index.md"
COMPONENTS = "components/index.md"
THREATS = "threats/index.md"
INCIDENTS = "incidents/index.md"
FRAMEWORKS = "frameworks/index.md"
CONTRIBUTING = "contributing.md"
CHANGELOG = "changelog.md"

DOWNLOAD_FORMATS: tuple[tuple[str, str], ...] = (
    ("pdf", "PDF (A4)"),
    ("pdf-letter", "PDF (US Letter)"),
    ("xlsx", "Spreadsheet (XLSX)"),
    ("csv", "CSV"),
    ("md", "Markdown"),
    ("json", "JSON"),
    ("html", "Printable page (HTML)"),
)
"""Download kinds (keys of ``generator.downloads.file_names``) in display order, with their labels."""


def layer(layer_id: str) -> str:
    return f"layers/{layer_id}/index.md"


def control(control_id: str) -> str:
    return f"controls/{control_id}.md"


def checklist(checklist_id: str) -> str:
    return f"checklists/{checklist_id}.md"


def lifecycle(stage_id: str) -> str:
    return f"lifecycle/{stage_id}.md"


def component(component_id: str) -> str:
    return f"components/{component_id}.md"


def threat(threat_id: str) -> str:
    return f"threats/{threat_id}.md"


def incident(incident_id: str) -> str:
    return f"incidents/{incident_id}.md"


def framework(key: str) -> str:
    return f"frameworks/{key}.md"


def relative(from_uri: str, to_uri: str) -> str:
    """A Markdown link from the page ``from_uri`` to ``to_uri`` (both source URIs)."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def page_url(uri: str, *, directory_urls: bool = True) -> str:
    """The URL path (relative to the site root) that MkDocs gives the source URI ``uri``."""
    stem = uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/" if directory_urls else f"{stem}.html"


def site_relative(from_uri: str, target: str, *, directory_urls: bool = True) -> str:
    """An ``href`` from the built page of ``from_uri`` to ``target``, a path under the site root.

    For files MkDocs does not know about (the downloads written after the build), so links to
    them are written as raw HTML and skip MkDocs' link checks.
    """
    url = page_url(from_uri, directory_urls=directory_urls)
    base = url.rstrip("/") if url.endswith("/") else posixpath.dirname(url)
    return posixpath.relpath(target, base or ".")


def page_href(from_uri: str, to_uri: str, *, directory_urls: bool = True) -> str:
    """A raw-HTML ``href`` from the built page of ``from_uri`` to the page of source URI ``to_uri``.

    For long lists and tables written as HTML rather than Markdown, which the engines parse
    faster; the built site's link check covers them.
    """
    target = page_url(to_uri, directory_urls=directory_urls)
    link = site_relative(from_uri, target or ".", directory_urls=directory_urls)
    return f"{link}/" if target.endswith("/") or not target else link


_UNSAFE_ANCHOR = re.compile(r"[^a-z0-9]+")


def item_anchors(fw: Framework) -> dict[str, str]:
    """A unique, URL-safe anchor for every item of a framework, keyed by item ID."""
    anchors: dict[str, str] = {}
    used: set[str] = set()
    for item in fw.items:
        base = _UNSAFE_ANCHOR.sub("-", item.id.lower()).strip("-") or "item"
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        anchors[item.id] = anchor
    return anchors
