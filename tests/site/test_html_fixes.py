"""The HTML fixes run over every built page, and running them twice changes nothing."""

from __future__ import annotations

from pathlib import Path

from generator.site.html_fixes import fix_page, fix_site

PAGE = (
    '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">'
    '<div class="md-search" data-md-component="search" role="dialog">'
    '<nav class="md-tags" >'
    '<ul><li class="task-list-item"><label class="task-list-control"><input type="checkbox"/>'
    '<span class="task-list-indicator"></span></label> Step</li></ul>'
)


def test_fixing_a_fixed_page_changes_nothing() -> None:
    once = fix_page(PAGE)
    assert once != PAGE
    assert 'autocomplete="off"' not in once and 'aria-label="Search"' in once and 'aria-label="Done"' in once
    assert fix_page(once) == once


def test_fix_site_fixes_every_html_file_404_included(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    for name in ("404.html", "a/index.html"):
        (tmp_path / name).write_text(PAGE)
    (tmp_path / "data.json").write_text(PAGE)
    assert fix_site(tmp_path) == 2
    assert 'autocomplete="off"' not in (tmp_path / "404.html").read_text()
    assert (tmp_path / "data.json").read_text() == PAGE
    assert fix_site(tmp_path) == 0


def test_the_two_tables_of_contents_get_distinct_names() -> None:
    toc = '<nav class="md-nav md-nav--secondary" aria-label="Table of contents">'
    fixed = fix_page(f"<body>{toc}a</nav>{toc}b</nav></body>")
    assert fixed.count('aria-label="Table of contents (menu)"') == 1
    assert fixed.count('aria-label="Table of contents"') == 1
    assert fix_page(fixed) == fixed
