"""The Content-Security-Policy of every built page, computed from the page itself.

Each page gets a ``<meta http-equiv="Content-Security-Policy">`` at the top of its ``<head>``:
everything from the site itself (``default-src 'self'``), images also as ``data:`` URLs (the
theme's icons), and scripts from the site's own files or inline scripts whose exact text the
build wrote: each inline script of the page is hashed here, after the engine and every
other rewrite ran. So a script the build itself emits keeps working whatever it says, while
markup that slipped into a page some other way (a raw ``<script>`` added after this step, an
event attribute, a ``javascript:`` link) cannot run, and no request leaves the site.

A ``<meta>`` policy cannot set ``frame-ancestors``; static hosts such as GitHub Pages set no
headers, so this is the strongest policy the published site can carry.
"""

from __future__ import annotations

import base64
import hashlib
import re

POLICY = (
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
"""The fixed part. ``script-src`` is added per page. Inline styles stay allowed: the theme sets
some, a style cannot run script, and with images, fonts and connections limited to the site no
style can send anything anywhere."""

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
"""Types a browser runs; ``application/json`` and the like are data and need no hash."""

_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src [^"]*">\n?')
"""The policy this module writes (another one, such as the print downloads' stricter policy, is kept)."""
_ANY_META = re.compile(r'<meta http-equiv="Content-Security-Policy"', re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>(?:\s*<meta charset=[^>]*>)?\n?", re.IGNORECASE)
"""Where the policy goes: right after ``<head>`` and its charset (which must come first), before any script."""


def inline_script_hashes(html: str) -> list[str]:
    """The ``'sha256-…'`` source of every inline script the browser would run, in page order, unique."""
    hashes: list[str] = []
    for match in _SCRIPT.finditer(html):
        attrs, body = match[1], match[2]
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if (kind[1].lower() if kind else "") not in _SCRIPT_TYPES:
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def page_policy(html: str) -> str:
    """The policy for ``html``: the fixed part plus ``script-src 'self'`` and its inline scripts' hashes."""
    script = " ".join(["script-src 'self'", *inline_script_hashes(html)])
    return "; ".join([POLICY[0], script, *POLICY[1:]])


def add_policy(html: str) -> str:
    """``html`` with its policy at the top of ``<head>`` (an older one replaced).

    Idempotent. A page without ``<head>`` (never written by the engines), or with a policy of its
    own (the print downloads allow no script at all), is returned unchanged.
    """
    html = _META.sub("", html)
    head = _HEAD.search(html)
    if head is None or _ANY_META.search(html):
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{page_policy(html)}">\n'
    return html[: head.end()] + meta + html[head.end() :]
