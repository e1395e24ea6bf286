"""Internal links of a built site, and the link rewrite for Zensical."""

from __future__ import annotations

from pathlib import Path

from generator.site.links import BrokenLink, broken_links
from generator.site.zensical_links import for_zensical


def test_links_to_missing_files_are_reported_and_others_pass(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "downloads").mkdir()
    (tmp_path / "downloads" / "x.md").write_text("x")
    (tmp_path / "index.html").write_text(
        '<a href="a/">a</a> <a href="https://example.org/">out</a> <a href="#top">t</a>'
    )
    (tmp_path / "a" / "index.html").write_text(
        '<a href="../downloads/x%2Emd">x</a> <a href="../downloads/y.csv">y</a> <img src="../nowhere.svg" alt="">'
    )
    assert broken_links(tmp_path) == [
        BrokenLink("a/index.html", "../downloads/y.csv"),
        BrokenLink("a/index.html", "../nowhere.svg"),
    ]


def test_raw_html_links_are_made_source_relative_and_md_left_alone_for_zensical() -> None:
    page = '<a href="../../downloads/saas.md" download>MD</a> <a href="../../downloads/saas.csv">CSV</a>'
    assert for_zensical("checklists/saas.md", page) == (
        '<a href="../downloads/saas%2Emd" download>MD</a> <a href="../downloads/saas.csv">CSV</a>'
    )
    # An index page's address is its folder, so the link does not change; other sites are kept.
    index = '<img src="saas/diagram.svg" alt=""> <a href="https://example.org/a.md">x</a> <a href="#s">s</a>'
    assert for_zensical("method/index.md", index) == index
    markdown_link = "[IAM-001](../controls/IAM-001.md)"
    assert for_zensical("checklists/saas.md", markdown_link) == markdown_link


def test_folders_with_or_without_a_slash_reach_their_index_and_pending_files_count(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "empty").mkdir()
    (tmp_path / "index.html").write_text('<a href="./">home</a> <a href="a">a</a> <a href="downloads/site.zip">zip</a>')
    (tmp_path / "a" / "index.html").write_text('<a href="..">up</a> <a href="b/">b</a> <a href="../empty/">e</a>')
    (tmp_path / "a" / "b" / "index.html").write_text('<a href="../../">top</a> <a href="../../../out/">out</a>')
    assert broken_links(tmp_path, pending=["downloads/site.zip"]) == [
        BrokenLink("a/b/index.html", "../../../out/"),
        BrokenLink("a/index.html", "../empty/"),
    ]
    assert BrokenLink("index.html", "downloads/site.zip") in broken_links(tmp_path)
