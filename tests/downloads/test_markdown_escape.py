"""``escape``: rendered, escaped text gives back the original text, and prose stays unescaped."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.downloads.markdown_export import escape

# CommonMark with raw HTML on (so HTML would show up as tokens) and GitHub's tables and
# strikethrough, the extensions markdown-it-py ships.
_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

# Characters Markdown can act on, mixed with letters, digits and spaces so constructs can form.
_ALPHABET = st.sampled_from(
    list("!\"#$%&'()*+,-./:;<=>?@[\\]^_{|}~") + list("aZ09 \u00e9\u4e2d") + ["www.", "://", "&amp;"]
)
_PLAIN = st.lists(_ALPHABET, max_size=25).map("".join)
_CODE = st.text(
    st.characters(blacklist_characters="`\n\r\t ", blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=8,
)


def _inline(source: str) -> list[Any]:
    """The inline tokens of ``source``, asserting it is one plain paragraph."""
    tokens = _MD.parse(source)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], (source, tokens)
    return list(tokens[1].children or [])


def _as_text(children: list[Any]) -> str:
    """Text back from tokens: text as is, code spans in single backticks; anything else fails."""
    out = []
    for child in children:
        assert child.type in ("text", "code_inline"), (child.type, child)
        out.append(f"`{child.content}`" if child.type == "code_inline" else child.content)
    return "".join(out)


@given(_PLAIN)
@example("# heading")
@example("1. one")
@example("- item")
@example("---")
@example("<script>alert(1)</script>")
@example("[a](javascript:alert(1))")
@example("![x](y)")
@example("*bold* _em_ ~~gone~~")
@example("x\\")
@example("&amp; &#65; &copy;")
@example("a | b")
@example("[^1]")
@example("<https://evil.example>")
@settings(max_examples=400)
def test_rendering_escaped_plain_text_gives_back_the_text(text: str) -> None:
    folded = " ".join(text.split())
    if not folded:
        assert escape(text) == ""
        return
    assert _as_text(_inline(escape(text))) == folded


@given(st.lists(st.tuples(_PLAIN, _CODE), min_size=1, max_size=4), _PLAIN)
@example([("Run ", "ls -l")], " now.")
def test_code_spans_stay_code_spans(pairs: list[tuple[str, str]], tail: str) -> None:
    plain = [" ".join(p.replace("`", "").split()) for p, _ in pairs]
    text = "".join(f"{p} `{c}` " for p, (_, c) in zip(plain, pairs, strict=True)) + tail.replace("`", "")
    folded = " ".join(text.split())
    children = _inline(escape(text))
    assert _as_text(children) == folded
    assert [c.content for c in children if c.type == "code_inline"] == [c for _, c in pairs]


@given(_PLAIN.filter(lambda t: t.strip()))
def test_escaped_text_is_inert_after_a_list_marker_and_mid_line(text: str) -> None:
    folded = " ".join(text.split())
    tokens = _MD.parse("- " + escape(text))
    types = [t.type for t in tokens]
    assert types == [
        "bullet_list_open",
        "list_item_open",
        "paragraph_open",
        "inline",
        "paragraph_close",
        "list_item_close",
        "bullet_list_close",
    ], (text, types)
    assert _as_text(list(tokens[3].children or [])) == folded
    assert _as_text(_inline("Note: " + escape(text))) == "Note: " + folded


def test_unmatched_and_fence_backticks_are_literal() -> None:
    assert _as_text(_inline(escape("a ` b"))) == "a ` b"
    assert _as_text(_inline(escape("```python x```"))) == "```python x```"


@pytest.mark.parametrize(
    "prose",
    [
        "Ambit catalogue 0.1.0 (2026-11-25)",
        "One-hour review of the route-history bucket.",
        "Export the policy (JSON) and keep it for 12 months; e.g. 5 * 3 = 15, 50% off, $5.",
        "Who approved it? The on-call engineer's manager, not the requester.",
        "Use `aws s3api get-public-access-block` on each bucket.",
        "Rotate keys every 90 days: snake_case names, C# and F# services, a+b, x=y.",
    ],
)
def test_ordinary_prose_has_no_backslashes(prose: str) -> None:
    assert "\\" not in escape(prose)
    assert escape(prose) == prose


def test_github_autolinks_mentions_and_issue_references_are_broken() -> None:
    text = escape("see https://evil.example and www.evil.example, mail me@evil.example, cc @admin, fixes #12 :tada:")
    assert "https://" not in text and "www.evil" not in text
    assert "\\@evil" in text and "\\@admin" in text and "\\#12" in text and "\\:tada:" in text


def test_escape_folds_lines_so_nothing_starts_a_block() -> None:
    assert escape("one\n# two\n\n- three") == "one # two - three"
