"""Internal links of a built site: every ``href`` and ``src`` that stays on the site must reach a file.

Run over the HTML an engine wrote, after the downloads and the worked examples' files are in
place, so it checks what a reader gets whichever engine built the pages (Zensical cannot check
links to files written after it runs; MkDocs does not check links in raw HTML).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
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


def _target(page_dir: str, href: str) -> str | None:
    """The site path that ``href`` on a page in ``page_dir`` asks for; None when it leaves this site."""
    parts = urlsplit(href)
    path = posixpath.normpath(posixpath.join(page_dir, unquote(parts.path)))
    if path.startswith("../") or path == "..":
        return None
    path = "" if path == "." else path
    if parts.path.endswith("/"):
        return posixpath.join(path, "index.html")
    return path


def broken_links(site: Path, pending: Iterable[str] = ()) -> list[BrokenLink]:
    """Every internal link of every HTML page under ``site`` that reaches no file, sorted.

    ``pending`` names files (relative to ``site``) still being written, which count as present.
    The site's files are listed once, and each distinct link of a folder resolved once, since
    every page repeats the navigation.
    """
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} | set(pending)
    resolved: dict[tuple[str, str], bool] = {}
    broken = set()
    for path in site.rglob("*.html"):
        page = path.relative_to(site).as_posix()
        if page == "404.html":  # served at any depth, so its links are written from the site root
            continue
        page_dir = posixpath.dirname(page)
        for href in _LINK.findall(path.read_text(encoding="utf-8")):
            href = href.replace("&amp;", "&")
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:  # another site, or an anchor on this page
                continue
            key = (page_dir, href)
            if key not in resolved:
                target = _target(page_dir, href)
                # A link to a folder without its trailing slash still reaches the folder's index.
                resolved[key] = target is not None and (
                    target in files or posixpath.join(target, "index.html") in files
                )
            if not resolved[key]:
                broken.add(BrokenLink(page, href))
    return sorted(broken)
