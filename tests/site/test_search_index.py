"""The compacted search index: sections without their page's tags, texts without block markup; split
in a start-up half and the full text, which join again into the whole index."""

from __future__ import annotations

import json
from pathlib import Path

from generator.site.search_index import (
    SEARCH_INDEX,
    SEARCH_TEXT,
    START_TEXT,
    WORKERS,
    compact_entries,
    material_worker,
    merge_entries,
    merge_split_index,
    split_entries,
    split_search_index,
    start_text,
    use_split_worker,
)

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


LONG = {"location": "frameworks/x/", "title": "X", "text": "<code>a-b</code> " + "word " * 200, "tags": ["T"]}


def test_the_start_up_half_holds_each_page_and_the_full_text_restores_every_entry() -> None:
    docs = compact_entries([PAGE, SECTION, LONG])
    start, full = split_entries(docs)
    assert [e["location"] for e in start] == ["controls/HST-001/", "frameworks/x/"]
    assert start[0] == docs[0] and full[0] == {"location": "controls/HST-001/"}  # whole: named only
    assert len(start[1]["text"]) <= START_TEXT + 2 and "<" not in start[1]["text"]  # cut: no tag left open
    assert merge_entries(start, full) == docs


def test_a_cut_text_ends_at_a_word() -> None:
    text = start_text("alpha " * 100)
    assert text.endswith("alpha …")


def test_pages_name_the_split_worker_and_the_offline_copy_names_materials_again() -> None:
    html = '<script id="__config">{"search": "../assets/javascripts/workers/search.a7633da7.min.js"}'
    split = use_split_worker(html)
    assert '"search": "../assets/javascripts/workers/search.a7633da7.split.js"' in split
    assert use_split_worker(split) == split
    assert material_worker("../assets/javascripts/workers/search.a7633da7.split.js").endswith("search.a7633da7.min.js")


def test_splitting_a_site_twice_writes_the_same_bytes(tmp_path: Path) -> None:
    (tmp_path / WORKERS).mkdir(parents=True)
    (tmp_path / WORKERS / "search.0123abcd.min.js").write_text("// Material")
    (tmp_path / "search").mkdir()
    config = {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": [], "fields": {}}
    (tmp_path / SEARCH_INDEX).write_text(json.dumps({"config": config, "docs": [PAGE, SECTION, LONG]}))
    assert split_search_index(tmp_path) == "search.0123abcd.split.js"
    once = [(tmp_path / p).read_bytes() for p in (SEARCH_INDEX, SEARCH_TEXT)]
    split_search_index(tmp_path)
    assert [(tmp_path / p).read_bytes() for p in (SEARCH_INDEX, SEARCH_TEXT)] == once
    whole = json.loads(merge_split_index(*once))
    assert whole == {"config": config, "docs": compact_entries([PAGE, SECTION, LONG])}
    assert 'importScripts("search.0123abcd.min.js")' in (tmp_path / WORKERS / "search.0123abcd.split.js").read_text()
