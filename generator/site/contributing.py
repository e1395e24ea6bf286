"""The contributing page: the repository's CONTRIBUTING.md, with its links made to work on the site.

Relative links in CONTRIBUTING.md point at files in the repository (``content/schema/...``); on
the site they become links to those files on the repository host, so strict builds stay clean.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.model import CatalogueInfo
from generator.site.render import front_matter

_RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|#|/)([^)\s]+)\)", re.IGNORECASE)


def contributing_page(root: Path, info: CatalogueInfo) -> str | None:
    """The page built from ``root/CONTRIBUTING.md``, or None when the repository has none."""
    path = root / "CONTRIBUTING.md"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    base = f"{info.repository.rstrip('/')}/blob/{info.edit_branch}/"
    text = _RELATIVE_LINK.sub(lambda m: f"]({base}{m.group(1)})", text)
    title = "Contributing"
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    if first.startswith("# "):
        title = first[2:].strip()
    return front_matter(title) + text
