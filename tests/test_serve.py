"""The live preview: a YAML edit reaches the page and the search index with a dirty rebuild."""

from __future__ import annotations

import json
from pathlib import Path

from generator.serve import Preview, merge_search_index


def _entry(location: str, text: str = "") -> dict[str, str]:
    return {"location": location, "title": location, "text": text}


def test_rebuilt_pages_replace_their_search_entries_in_place() -> None:
    previous = [_entry("a/"), _entry("a/#one"), _entry("b/", "old"), _entry("b/#x", "old"), _entry("c/")]
    rebuilt = [_entry("b/", "new"), _entry("d/")]
    merged = merge_search_index(previous, rebuilt)
    assert [(e["location"], e["text"]) for e in merged] == [
        ("a/", ""),
        ("a/#one", ""),
        ("b/", "new"),  # the section the page no longer has is gone
        ("c/", ""),
        ("d/", ""),
    ]


def test_a_yaml_edit_rebuilds_only_what_changed_and_keeps_the_index_whole(project: Path) -> None:
    preview = Preview(project)
    assert preview.build()
    site = preview.site
    index = site / "search" / "search_index.json"
    before = json.loads(index.read_text())["docs"]
    untouched = site / "controls" / "HST-001" / "index.html"
    untouched_mtime = untouched.stat().st_mtime_ns

    control = project / "content/controls/identity/IAM-001.yml"
    control.write_text(control.read_text().replace("summary: ", "summary: Freshly edited. ", 1))
    assert preview.build()

    assert "Freshly edited" in (site / "controls/IAM-001/index.html").read_text()
    assert untouched.stat().st_mtime_ns == untouched_mtime, "a page the edit did not change was re-rendered"
    after = json.loads(index.read_text())["docs"]
    assert sorted(e["location"] for e in after) == sorted(e["location"] for e in before)
    assert any("Freshly edited" in e["text"] for e in after if e["location"].startswith("controls/IAM-001/"))


def test_a_title_edit_reaches_the_pages_that_show_the_title(project: Path) -> None:
    preview = Preview(project)
    assert preview.build()
    other = preview.site / "controls/HST-001/index.html"
    mtime = other.stat().st_mtime_ns
    control = project / "content/controls/identity/IAM-001.yml"
    control.write_text(control.read_text().replace("\ntitle: ", "\ntitle: Renamed ", 1))
    assert preview.build()
    # The layer page lists the control, so it shows the new title (neighbours' links are tested on
    # the generated pages). Control pages are not in the nav: one that shows nothing of IAM-001
    # (another layer's) is left alone.
    assert "<strong>Renamed " in (preview.site / "layers/identity/index.html").read_text()
    assert other.stat().st_mtime_ns == mtime
    index = json.loads((preview.site / "search/search_index.json").read_text())["docs"]
    assert next(e for e in index if e["location"] == "controls/IAM-001/")["title"].startswith("IAM-001 Renamed")


def test_content_errors_keep_the_last_good_preview(project: Path) -> None:
    preview = Preview(project)
    assert preview.build()
    page = preview.site / "controls/IAM-001/index.html"
    good = page.read_bytes()
    control = project / "content/controls/identity/IAM-001.yml"
    control.write_text(control.read_text().replace("priority: essential", "priority: urgent"))
    assert not preview.build()
    assert page.read_bytes() == good
