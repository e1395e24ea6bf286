"""Restricted Markdown: what contributors may write in text fields, and its safe rendering.

Text fields allow CommonMark without raw HTML; links may point only to ``https:``, ``mailto:`` or
a relative (internal) address, and images only to a relative address: an image from another host
would make every reader's browser call it (the site promises that no request leaves the page).
``check`` reports violations for the validator;
``render`` produces HTML that is safe even for text that never went through the validator
(HTML is escaped and unsafe links are dropped), so both layers protect the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = ("https", "mailto")


@dataclass(frozen=True)
class MarkdownProblem:
    """A violation, with the 0-based line inside the text where it starts (and its 0-based column there)."""

    line: int
    code: str
    message: str
    hint: str
    col: int = 0


def _cleaned(url: str) -> str:
    # Browsers drop blanks and control characters inside a scheme ("java\tscript:"): so do we.
    return "".join(ch for ch in url if ch.isprintable() and not ch.isspace())


def is_safe_url(url: str) -> bool:
    """True for https, mailto and relative URLs; false for javascript:, data:, http: and the rest."""
    cleaned = _cleaned(url)
    if cleaned.startswith("//"):
        return False  # protocol-relative: leaves the site with whatever scheme the page uses
    scheme = urlsplit(cleaned).scheme.lower()
    return scheme == "" or scheme in SAFE_SCHEMES


def is_local_url(url: str) -> bool:
    """True for a relative address on the site itself (no scheme, no host): the only image sources allowed."""
    cleaned = _cleaned(url)
    return not cleaned.startswith(("//", "\\")) and urlsplit(cleaned).scheme == ""


@lru_cache(maxsize=1)
def _checker() -> MarkdownIt:
    # HTML enabled here only so that raw HTML shows up as tokens we can report.
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


# Characters that Python-Markdown (MkDocs, Zensical) would act on if they reached it as text.
# Rendered HTML is embedded in the engines' Markdown pages, so text nodes carry these as character
# references: the browser shows the same characters, and no second Markdown pass can turn them
# into links or markup. Some act anywhere in a line (emphasis, links, code, HTML, tables)...
_ACTIVE_ANYWHERE = frozenset("\\`*_{}[]()#!|~<>&\"'")
# ...the others only where a line begins, after blanks and the digits of an ordered-list number
# (list items, rules, setext headings, tabs, details). Escaping them only there keeps the pages
# light: full stops and hyphens were two thirds of all references, and the engines' Markdown and
# HTML parsers paid for every one.
_ACTIVE_AT_LINE_START = frozenset(".-+=?:")


_REFERENCES = {c: f"&#{ord(c)};" for c in _ACTIVE_ANYWHERE | _ACTIVE_AT_LINE_START}
_ANYWHERE = re.compile("[" + re.escape("".join(sorted(_ACTIVE_ANYWHERE))) + "]")  # faster than str.translate
_LINE_START = re.compile(r"^[\s\d]*([" + re.escape("".join(sorted(_ACTIVE_AT_LINE_START))) + r"])", re.MULTILINE)
"""A line's first character after blanks and digits, when it is one of the line-start characters."""


def _escape_anywhere(text: str) -> str:
    return _ANYWHERE.sub(lambda m: _REFERENCES[m[0]], text)


def escape_text(text: str) -> str:
    """Plain text made inert for both HTML and a later Markdown pass.

    The start of ``text`` counts as the start of a line, since it may land at one.
    """
    out = []
    pos = 0
    for match in _LINE_START.finditer(text):
        out.append(_escape_anywhere(text[pos : match.start(1)]))
        out.append(_REFERENCES[match[1]])
        pos = match.end(1)
    out.append(_escape_anywhere(text[pos:]))
    return "".join(out)


def _text_rule(self: object, tokens: list[Token], idx: int, options: object, env: object) -> str:
    return escape_text(tokens[idx].content)


def _code_inline_rule(self: object, tokens: list[Token], idx: int, options: object, env: object) -> str:
    return f"<code>{escape_text(tokens[idx].content)}</code>"


def _code_block_rule(self: object, tokens: list[Token], idx: int, options: object, env: object) -> str:
    return f"<pre><code>{escape_text(tokens[idx].content)}</code></pre>\n"


def _image_rule(self: Any, tokens: list[Token], idx: int, options: object, env: object) -> str:
    token = tokens[idx]
    if is_local_url(str(token.attrGet("src") or "")):
        return str(self.image(tokens, idx, options, env))
    # A remote image is dropped for its description: text that never went through the validator
    # must not make the reader's browser call another host either.
    return escape_text(self.renderInlineAsText(token.children or [], options, env))


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    md.add_render_rule("text", _text_rule)
    md.add_render_rule("code_inline", _code_inline_rule)
    md.add_render_rule("code_block", _code_block_rule)
    md.add_render_rule("fence", _code_block_rule)
    md.add_render_rule("image", _image_rule)
    return md


def check(text: str) -> list[MarkdownProblem]:
    """Every use of raw HTML, of an unsafe link or of an image from another host in ``text``."""
    problems: list[MarkdownProblem] = []
    lines = text.splitlines()

    def report(token: Token, snippet: str, code: str, message: str, hint: str) -> None:
        line, col = _locate(lines, token.map[0] if token.map else 0, snippet[:20])
        problems.append(MarkdownProblem(line, code, message, hint, col))

    for token in _walk(_checker().parse(text)):
        if token.type in ("html_block", "html_inline"):
            snippet = token.content.strip()
            report(
                token,
                snippet,
                "raw-html",
                f"raw HTML is not allowed: {snippet[:40]!r}",
                "write Markdown instead of HTML",
            )
        elif token.type in ("link_open", "image"):
            url = str(token.attrGet("href") or token.attrGet("src") or "")
            if not is_safe_url(url):
                report(
                    token,
                    url,
                    "unsafe-link",
                    f"link target {url[:60]!r} is not allowed",
                    "links must be https://, mailto: or a relative path",
                )
            elif token.type == "image" and not is_local_url(url):
                report(
                    token,
                    url,
                    "remote-image",
                    f"image {url[:60]!r} is on another host",
                    "images must be files of the site (a relative path): "
                    "a remote image makes every reader's browser call that host",
                )
    return problems


def _locate(lines: list[str], first: int, snippet: str) -> tuple[int, int]:
    """``(line, col)``, 0-based, of ``snippet`` at or after line ``first`` (the block's start when not found).

    Tokens know their block's lines only; the column makes a page's error point at the tag itself.
    """
    if snippet:
        for number in range(first, min(len(lines), first + 200)):
            col = lines[number].find(snippet)
            if col >= 0:
                return number, col
    return first, 0


def _walk(tokens: list[Token]) -> list[Token]:
    """Flatten block tokens and their inline children; children inherit the block's line."""
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        for child in token.children or []:
            if child.map is None and token.map is not None:
                child.map = token.map
            out.append(child)
    return out


# Rendering is a pure function of the text, and the site renders the same summary on several
# pages (and every page again on each preview rebuild): the results are kept.
@lru_cache(maxsize=32768)
def render(text: str) -> str:
    """Safe HTML for block Markdown (paragraphs, lists, emphasis, code, links)."""
    return str(_renderer().render(text)).strip()


@lru_cache(maxsize=32768)
def render_inline(text: str) -> str:
    """Safe HTML for a single line of Markdown, without a wrapping paragraph."""
    return str(_renderer().renderInline(text)).strip()


@dataclass(frozen=True)
class PagePart:
    """One piece of a rendered page: a heading (``level`` 1-6, inline HTML) or a run of blocks (level 0)."""

    level: int
    html: str


def render_page(text: str) -> list[PagePart]:
    """A whole page in safe HTML, cut at its top-level headings.

    The headings stay apart so that the site engine can make them its own (anchors, the table of
    contents); everything else is rendered here, as :func:`render` renders a text field.
    Reference-style links resolve across the whole page: they are resolved when parsing.
    """
    md = _renderer()
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    parts: list[PagePart] = []
    start = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open" and token.level == 0:
            if i > start:
                parts.append(PagePart(0, str(md.renderer.render(tokens[start:i], md.options, env)).strip()))
            inline = tokens[i + 1]
            content = str(md.renderer.render(inline.children or [], md.options, env)).strip()
            parts.append(PagePart(int(token.tag[1]), content.replace("\n", " ")))
            i += 3  # heading_open, inline, heading_close
            start = i
            continue
        i += 1
    if start < len(tokens):
        parts.append(PagePart(0, str(md.renderer.render(tokens[start:], md.options, env)).strip()))
    return [p for p in parts if p.html or p.level]
