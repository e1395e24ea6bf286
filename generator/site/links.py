"""Internal links of a built site: every ``href`` and ``src`` that stays on the site must reach a file.

Run over the HTML an engine wrote, after the downloads and the worked examples' files are in
place, so it checks what a reader gets whichever engine built the pages (Zensical cannot check
links to files written after it runs; MkDocs does not check links in raw HTML).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK = re.compile(r'<(?:a|link|img|script|source)\b[^>]*?\s(?:href|src)="([^"]*)"', re.IGNORECASE)


@dataclass(frozen=True, order=True)
class BrokenLink:
    """A link on ``page`` (relative to the site) to ``target``, which no file of the site answers."""

    page: str
    target: str

    def __str__(self) -> str:
        return f"{self.page}: link to {self.target} reaches no file of the site"


def _resolves(site: Path, page: str, href: str) -> bool:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:  # another site, or an anchor on this page
        return True
    base = posixpath.dirname(page)
    path = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    if path.startswith("../") or path == "..":
        return False
    target = site / path
    if href.split("?", 1)[0].split("#", 1)[0].endswith("/") or target.is_dir():
        target = target / "index.html"
    return target.is_file()


def broken_links(site: Path) -> list[BrokenLink]:
    """Every internal link of every HTML page under ``site`` that reaches no file, sorted."""
    broken = set()
    for path in site.rglob("*.html"):
        page = path.relative_to(site).as_posix()
        if page == "404.html":  # served at any depth, so its links are written from the site root
            continue
        for href in _LINK.findall(path.read_text(encoding="utf-8")):
            if not _resolves(site, page, href.replace("&amp;", "&")):
                broken.add(BrokenLink(page, href))
    return sorted(broken)
