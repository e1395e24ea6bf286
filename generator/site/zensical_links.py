"""Links in raw HTML, rewritten for Zensical, which reads them unlike MkDocs.

The generated pages link to files no engine knows about (the downloads and the worked examples'
files, written after the engine runs) in raw HTML, relative to the *built page's* address, which
MkDocs leaves as it is. Zensical treats an ``href`` or ``src`` in raw HTML like a Markdown link:
relative to the *source file*, and a path ending in ``.md`` becomes a page address
(``downloads/saas.md`` turns into ``downloads/saas/``). So for Zensical each relative link is
rewritten relative to the source file, and ``.md`` is written ``%2Emd`` (the same address once
the server decodes it; RFC 3986 makes an encoded unreserved character equivalent to the
character), which Zensical leaves alone. The built HTML then has the same links as MkDocs'.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

from generator.site import uris

_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_MD_PATH = re.compile(r"\.md(?=$|[?#])")


def _source_relative(source_uri: str, href: str) -> str:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "/")) or not parts.path:
        return href
    page = uris.page_url(source_uri, directory_urls=True)
    target = posixpath.normpath(posixpath.join(page, parts.path))  # page is a folder address ("a/b/")
    rewritten = posixpath.relpath(target, posixpath.dirname(source_uri) or ".")
    if parts.path.endswith("/") and not rewritten.endswith("/"):
        rewritten += "/"
    rewritten = _MD_PATH.sub("%2Emd", rewritten)
    return rewritten + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def for_zensical(source_uri: str, markdown: str) -> str:
    """``markdown`` (the page at ``source_uri``) with its raw HTML links rewritten for Zensical."""
    return _ATTRIBUTE.sub(lambda m: m[1] + _source_relative(source_uri, m[2]) + m[3], markdown)
