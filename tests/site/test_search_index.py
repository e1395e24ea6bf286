"""The compacted search index: sections without their page's tags, texts without block markup."""

from __future__ import annotations

from generator.site.search_index import compact_entries

PAGE = {"location": "controls/HST-001/", "title": "HST-001 Block", "text": "<p>Summary</p>", "tags": ["Hosting"]}
SECTION = {
    "location": "controls/HST-001/#what-to-do",
    "title": "What to do",
    "text": "<p>Turn on</p> <ul> <li>AWS: <code>s3:PutAccountPublicAccessBlock</code></li> </ul>",
    "tags": ["Hosting"],
    "boost": 3.0,
}


def test_sections_lose_the_tags_their_page_keeps() -> None:
    page, section = compact_entries([PAGE, SECTION])
    assert page["tags"] == ["Hosting"]
    assert "tags" not in section
    assert section["boost"] == 3.0


def test_texts_keep_every_word_and_inline_code_but_no_block_markup() -> None:
    _, section = compact_entries([PAGE, SECTION])
    assert section["text"] == "Turn on AWS: <code>s3:PutAccountPublicAccessBlock</code>"


def test_compacting_twice_changes_nothing() -> None:
    once = compact_entries([PAGE, SECTION])
    assert compact_entries(once) == once
