"""Restricted Markdown: what contributors may write in text fields, and its safe rendering.

Text fields allow CommonMark without raw HTML; links and images may point only to ``https:``,
``mailto:`` or a relative (internal) address. ``check`` reports violations for the validator;
``render`` produces HTML that is safe even for text that never went through the validator
(HTML is escaped and unsafe links are dropped), so both layers protect the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = ("https", "mailto")


@dataclass(frozen=True)
class MarkdownProblem:
    """A violation, with the 0-based line inside the text where it starts."""

    line: int
    code: str
    message: str
    hint: str


def is_safe_url(url: str) -> bool:
    """True for https, mailto and relative URLs; false for javascript:, data:, http: and the rest."""
    cleaned = "".join(ch for ch in url if ch.isprintable() and not ch.isspace())
    if cleaned.startswith("//"):
        return False  # protocol-relative: leaves the site with whatever scheme the page uses
    scheme = urlsplit(cleaned).scheme.lower()
    return scheme == "" or scheme in SAFE_SCHEMES


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


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    md.add_render_rule("text", _text_rule)
    md.add_render_rule("code_inline", _code_inline_rule)
    md.add_render_rule("code_block", _code_block_rule)
    md.add_render_rule("fence", _code_block_rule)
    return md


def check(text: str) -> list[MarkdownProblem]:
    """Every use of raw HTML or of an unsafe link in ``text``."""
    problems: list[MarkdownProblem] = []
    for token in _walk(_checker().parse(text)):
        line = token.map[0] if token.map else 0
        if token.type in ("html_block", "html_inline"):
            problems.append(
                MarkdownProblem(
                    line,
                    "raw-html",
                    f"raw HTML is not allowed: {token.content.strip()[:40]!r}",
                    "write Markdown instead of HTML",
                )
            )
        elif token.type in ("link_open", "image"):
            url = str(token.attrGet("href") or token.attrGet("src") or "")
            if not is_safe_url(url):
                problems.append(
                    MarkdownProblem(
                        line,
                        "unsafe-link",
                        f"link target {url[:60]!r} is not allowed",
                        "links must be https://, mailto: or a relative path",
                    )
                )
    return problems


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
