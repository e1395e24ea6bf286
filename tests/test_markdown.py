"""Restricted Markdown: what the validator reports, and what the renderer lets through."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from markdown import Markdown as PythonMarkdown

from generator import markdown


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "text <img src=x onerror=alert(1)> more",
        "<div onclick='x()'>block</div>",
        "<!-- a comment -->",
        "<iframe src='https://example.org'></iframe>",
    ],
)
def test_raw_html_is_reported(text: str) -> None:
    assert any(p.code == "raw-html" for p in markdown.check(text))


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "javascript&colon;alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "http://plain.example.org",
        "//evil.example.org/x",
        "file:///etc/passwd",
    ],
)
def test_unsafe_links_are_reported_and_never_rendered(url: str) -> None:
    text = f"see [here]({url}) and ![img]({url})"
    assert {p.code for p in markdown.check(text)} == {"unsafe-link"}
    html = markdown.render(text)
    assert "href=" not in html and "src=" not in html


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=1", "mailto:security@example.org", "../controls/IAM-001.md", "#anchor"]
)
def test_safe_links_pass_and_render(url: str) -> None:
    assert markdown.check(f"[x]({url})") == []
    assert f'href="{url}"' in markdown.render(f"[x]({url})")


def test_reference_style_and_autolinks_are_checked_too() -> None:
    assert [p.code for p in markdown.check("[x][r]\n\n[r]: javascript:alert(1)")] == ["unsafe-link"]
    assert [p.code for p in markdown.check("<javascript:alert(1)>")] == ["unsafe-link"]


def test_problem_lines_count_from_the_start_of_the_text() -> None:
    problems = markdown.check("one\n\ntwo\n\n<b>three</b>\n")
    assert [p.line for p in problems] == [4, 4]


def test_rendered_html_is_inert_for_a_second_markdown_pass() -> None:
    html = markdown.render("Plain [text] (with) *stars* and `code [x](javascript:y)` <tag>")
    assert "[" not in html and "](" not in html and "<tag>" not in html
    assert "<em>stars</em>" in html and "<code>" in html


def test_escape_text_neutralises_html_and_markdown() -> None:
    assert markdown.escape_text("<a>[b](c)") == "&#60;a&#62;&#91;b&#93;&#40;c&#41;"


# --- escaped text survives the engines' Markdown pass as the same text -------------------------

_SITE_EXTENSIONS = yaml.safe_load((Path(__file__).resolve().parents[1] / "mkdocs.yml").read_text(encoding="utf-8"))[
    "markdown_extensions"
]
# Where the site's generated Markdown puts rendered text: a paragraph, a task-list item (the
# checks), a table cell (the facts table, one line) and a heading (one line).
_CONTEXTS = {
    "paragraph": ("{}\n", False),
    "task item": ("- [ ] {}\n", False),
    "table cell": ("| Field | Value |\n|---|---|\n| Layer | {} |\n", True),
    "heading": ("## {}\n", True),
}
_TRICKY = st.text(alphabet=st.sampled_from(list("\\`*_{}[]()#+-.!|~<>&\"'=?:/ \n\t") + list("ab1")), max_size=40)


def _python_markdown(text: str) -> str:
    extensions, configs = [], {}
    for entry in _SITE_EXTENSIONS:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        extensions.append(name)
        configs[name] = config or {}
    return str(PythonMarkdown(extensions=extensions, extension_configs=configs).convert(text))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("context", sorted(_CONTEXTS))
@given(text=_TRICKY)
def test_escaped_text_reads_back_unchanged_after_the_engines_markdown(context: str, text: str) -> None:
    template, one_line = _CONTEXTS[context]
    # Text nodes come from markdown-it, whose lines have no indentation or trailing blanks (an indented line is code
    # to any Markdown) and are never blank (a blank line ends a paragraph), and from one-line fields.
    text = "\n".join(line.strip() for line in text.split("\n") if line.strip())
    if one_line:
        text = text.replace("\n", " ")
    parser = _Text()
    parser.feed(_python_markdown(template.format(markdown.escape_text(text))))
    wrappers = {
        "paragraph": ["p"],
        "task item": ["ul", "li", "label", "input", "span"],
        "table cell": ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"],
        "heading": ["h2", "a"],
    }[context]
    assert [t for t in parser.tags if t not in wrappers] == [], "the text became markup"
    got = " ".join(
        "".join(parser.text).replace("¶", "").replace("Field", "").replace("Value", "").replace("Layer", "").split()
    )
    assert got == " ".join(text.split())


@pytest.mark.parametrize("url", ["https://tracker.example/p.png", "mailto:a@example.org"])
def test_images_from_another_host_are_reported_and_dropped(url: str) -> None:
    text = f"see ![pixel]({url}) and ![ref][r]\n\n[r]: {url}"
    problems = markdown.check(text)
    assert [p.code for p in problems] == ["remote-image", "remote-image"]
    html = markdown.render(text)
    assert "<img" not in html and url not in html
    assert "pixel" in html  # the description stays, as text


def test_images_of_the_site_itself_render() -> None:
    assert markdown.check("![map](../assets/map.png)") == []
    assert '<img src="../assets/map.png" alt="map"' in markdown.render("![map](../assets/map.png)")


def test_problems_point_at_the_column_of_the_offending_markup() -> None:
    problems = markdown.check("intro\n\n- one <b>two</b>\n- [x](javascript:y)\n")
    assert [(p.line, p.col, p.code) for p in problems] == [
        (2, 6, "raw-html"),
        (2, 12, "raw-html"),
        (3, 6, "unsafe-link"),
    ]
