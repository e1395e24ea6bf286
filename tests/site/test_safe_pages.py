"""Hand-written pages rendered by the restricted renderer: inert markup, headings kept for the engine."""

from __future__ import annotations

import html as html_lib
from html.parser import HTMLParser

from markdown import Markdown as PythonMarkdown

from generator.site.safe_pages import safe_page

HOSTILE = """---
title: "Guide <script>alert(1)</script>"
---

# Guide <img src=x onerror=alert(2)>

Text with <b>tags</b>, a [link](https://example.org/), a [trap](javascript:alert(3)),
an image ![local](../assets/images/a.png) and ![remote](https://tracker.example/p.png).

<script>alert(4)</script>

## Set `up` once

| a | b |
|---|---|
| <i>x</i> | y |
"""


def test_front_matter_keeps_the_title_only_escaped() -> None:
    page = safe_page(HOSTILE)
    assert page.startswith('---\ntitle: "Guide &lt;script&gt;alert(1)&lt;/script&gt;"\n---\n')


def test_headings_stay_markdown_and_the_rest_is_inert_html() -> None:
    page = safe_page(HOSTILE)
    assert "\n## Set <code>up</code> once\n" in page
    html = PythonMarkdown(extensions=["toc", "tables", "md_in_html"]).convert(page.split("---\n", 2)[2])
    tags = _Tags()
    tags.feed(html)
    assert {t for t, _ in tags.seen} <= {
        "h1",
        "h2",
        "div",
        "p",
        "a",
        "img",
        "code",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
    attrs = [(t, a) for t, attrs in tags.seen for a in attrs]
    assert ("a", ("href", "https://example.org/")) in attrs
    assert [a for t, a in attrs if t == "img" and a[0] == "src"] == [("src", "../assets/images/a.png")]
    assert not [a for _, a in attrs if a[0].startswith("on") or "javascript" in (a[1] or "")]
    assert "Guide &lt;img src=x onerror=alert(2)&gt;" in _text(html)  # shown, as text
    assert '<h2 id="set-up-once">' in html  # the engine still anchors the heading


def test_a_page_without_front_matter_takes_its_first_heading_or_the_default_as_title() -> None:
    assert safe_page("# Contributing to Ambit\n\nHi.\n", "Contributing").startswith(
        '---\ntitle: "Contributing to Ambit"\n---'
    )
    assert safe_page("Hi.\n", "Contributing").startswith('---\ntitle: "Contributing"\n---')


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, attrs))


def _text(html: str) -> str:
    """The page's headings and text as a browser shows them, markup as escaped HTML."""
    return html_lib.escape(html_lib.unescape(html), quote=False)
