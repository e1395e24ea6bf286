"""Restricted Markdown: what the validator reports, and what the renderer lets through."""

from __future__ import annotations

import pytest

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
