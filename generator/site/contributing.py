"""The contributing page: the repository's CONTRIBUTING.md, with its links made to work on the site.

Relative links in CONTRIBUTING.md point at files in the repository (``content/schema/...``); on
the site they become links to those files on the repository host, so strict builds stay clean.
Anyone may propose a change to the file, so it is rendered like every hand-written page: by the
restricted renderer (:mod:`generator.site.safe_pages`), never passed to the engine as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.model import CatalogueInfo
from generator.site.safe_pages import safe_page

_RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|#|/)([^)\s]+)\)", re.IGNORECASE)


def contributing_page(root: Path, info: CatalogueInfo) -> str | None:
    """The page built from ``root/CONTRIBUTING.md``, or None when the repository has none."""
    path = root / "CONTRIBUTING.md"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    base = f"{info.repository.rstrip('/')}/blob/{info.edit_branch}/"
    text = _RELATIVE_LINK.sub(lambda m: f"]({base}{m.group(1)})", text)
    return safe_page(text, "Contributing")
