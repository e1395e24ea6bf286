"""Building the site: strict, complete, deterministic, within its size limits."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

import generator.build
from generator.build import build_site
from generator.model import Catalogue
from generator.site.search_index import SEARCH_INDEX, SEARCH_TEXT, merge_split_index

MAX_CONTROL_PAGE = 40 * 1024
"""Largest control page in bytes: it links its neighbours, not its layer's whole list (80 KB in 0.2.0)."""
MAX_SEARCH_INDEX = 1536 * 1024
"""The search index every first page view fetches: 1.63 MB for 248 controls in 0.2.0, 0.90 MB for the
same 248 without repeats, 1.23 MB for 364 controls in 0.3.0 (about 3.4 KB per control)."""


def _digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_builds_of_the_same_input_are_identical(
    minimal_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMBIT_CACHE_DIR", str(tmp_path / "cache"))  # empty: the first build makes every file
    assert build_site(minimal_project, tmp_path / "one") == 0

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("unchanged inputs: the side files come from the side cache")

    monkeypatch.setattr(generator.build, "_pageless_files", refuse)
    assert build_site(minimal_project, tmp_path / "two") == 0
    one, two = _digests(tmp_path / "one"), _digests(tmp_path / "two")
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "downloads/ambit-site.zip"} <= set(one)
    assert one == two


def test_clean_builds_in_other_folders_with_other_file_dates_give_the_same_bytes(
    minimal_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 23 item 6: PDFs and the offline zip are the same from any clean build of a commit, wherever
    the checkout sits, whenever its files were written, in any time zone (each build lays its PDFs
    out afresh: its own empty PDF cache)."""
    other = tmp_path / "elsewhere" / "deeper" / "checkout"
    shutil.copytree(minimal_project, other, symlinks=True)
    for path in other.rglob("*"):
        if not path.is_symlink():
            os.utime(path, (978_310_861, 978_310_861))  # 2001-01-01
    digests = []
    for root, zone, cache in ((minimal_project, "UTC", "cache-one"), (other, "Asia/Tokyo", "cache-two")):
        with monkeypatch.context() as env:
            env.setenv("AMBIT_CACHE_DIR", str(tmp_path / cache))
            env.setenv("TZ", zone)
            time.tzset()
            assert build_site(root, root / "site") == 0
        time.tzset()
        digests.append(_digests(root / "site"))
    assert [p for p in digests[0] if p.endswith(".pdf")], "the build lays out PDFs"
    assert (tmp_path / "cache-two" / "pdf").is_dir(), "the second build laid its PDFs out itself"
    assert digests[0] == digests[1]


def test_sitemap_dates_come_from_the_catalogue(minimal_project: Path, tmp_path: Path) -> None:
    assert build_site(minimal_project, tmp_path / "site") == 0
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text()
    assert "<lastmod>2026-01-15</lastmod>" in sitemap


def test_a_tag_outside_the_vocabulary_fails_the_build(minimal_project: Path, tmp_path: Path) -> None:
    page = minimal_project / "content" / "pages" / "odd.md"
    page.write_text("---\ntitle: Odd\ntags: [Unheard of]\n---\n\nText.\n")
    assert build_site(minimal_project, tmp_path / "site") == 1


def test_the_real_site_builds_every_page(built_site: Path, real_catalogue: Catalogue) -> None:
    for control in real_catalogue.controls:
        assert (built_site / "controls" / control.id / "index.html").is_file()
    for definition in real_catalogue.checklists:
        assert (built_site / "checklists" / definition.id / "index.html").is_file()
    for fw in real_catalogue.frameworks:
        assert (built_site / "frameworks" / fw.key / "index.html").is_file()
    for name in ("index.html", "start-here/index.html", "changelog/index.html", "contributing/index.html"):
        assert (built_site / name).is_file()


def test_control_pages_and_search_index_stay_small(built_site: Path) -> None:
    sizes = {p.parent.name: p.stat().st_size for p in (built_site / "controls").glob("*/index.html")}
    largest = max(sizes, key=lambda k: sizes[k])
    assert sizes[largest] <= MAX_CONTROL_PAGE, f"{largest} is {sizes[largest]} bytes"
    assert (built_site / "search" / "search_index.json").stat().st_size <= MAX_SEARCH_INDEX


def test_search_finds_every_control_and_repeats_nothing(built_site: Path, real_catalogue: Catalogue) -> None:
    docs = json.loads(
        merge_split_index((built_site / SEARCH_INDEX).read_bytes(), (built_site / SEARCH_TEXT).read_bytes())
    )["docs"]
    titles = {d["location"]: d["title"] for d in docs}
    for control in real_catalogue.active_controls:
        assert titles[f"controls/{control.id}/"].startswith(f"{control.id} "), control.id
    sections = [d for d in docs if "#" in d["location"]]
    assert sections, "the index lost its section entries"
    assert not [d["location"] for d in sections if "tags" in d], "sections repeat their page's tags"
    assert not [d["location"] for d in docs if re.search(r"<(li|p|ul)\b", d["text"])], "block markup left in texts"
    control = real_catalogue.active_controls[0]
    key, ids = next(iter(control.references.items()))
    framework = next(f for f in real_catalogue.frameworks if f.key == key)
    references = next(d for d in docs if d["location"] == f"controls/{control.id}/#references")
    assert ids[0] in references["text"], "a control's reference ids must stay searchable"
    assert framework.name not in references["text"], "the framework's name belongs to its own page"


def test_search_index_carries_control_tags(built_site: Path, real_catalogue: Catalogue) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    control = real_catalogue.active_controls[0]
    entry = next(d for d in index["docs"] if d["location"] == f"controls/{control.id}/")
    assert entry["title"].startswith(control.id)
    assert f"Priority: {control.priority}" in entry["tags"]


def test_pages_make_no_request_to_another_host(built_site: Path) -> None:
    for name in ("index.html", "controls/IAM-001/index.html"):
        html = (built_site / name).read_text()
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        assert 'src="http' not in html and '<link href="http' not in html


def test_a_yaml_edit_reaches_the_built_page(minimal_project: Path, tmp_path: Path) -> None:
    control = minimal_project / "content/controls/identity/IAM-001.yml"
    control.write_text(control.read_text().replace("for administrators", "for administrators everywhere"))
    assert build_site(minimal_project, tmp_path / "site", downloads=False) == 0
    page = (tmp_path / "site/controls/IAM-001/index.html").read_text()
    assert "Require phishing-resistant MFA for administrators everywhere" in page


def test_generated_pages_go_to_the_build_folder_not_the_sources(minimal_project: Path, tmp_path: Path) -> None:
    before = sorted(p.relative_to(minimal_project).as_posix() for p in (minimal_project / "content").rglob("*"))
    assert build_site(minimal_project, tmp_path / "site", downloads=False) == 0
    after = sorted(p.relative_to(minimal_project).as_posix() for p in (minimal_project / "content").rglob("*"))
    assert after == before
    docs = minimal_project / "build" / "mkdocs" / "docs"
    assert (docs / "controls" / "IAM-001.md").is_file() and (docs / "index.md").is_file()


def test_every_built_page_gets_the_html_fixes_404_included(minimal_project: Path, tmp_path: Path) -> None:
    assert build_site(minimal_project, tmp_path / "site", downloads=False) == 0
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text()
        assert not re.search(r'<input\b[^>]*type="checkbox"[^>]*autocomplete', html), page
        assert 'role="dialog" aria-label="Search"' in html or 'data-md-component="search"' not in html, page
    assert (tmp_path / "site" / "404.html").is_file()


def test_a_failed_engine_build_leaves_the_previous_site(minimal_project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert build_site(minimal_project, site, downloads=False) == 0
    before = _digests(site)
    page = minimal_project / "content" / "pages" / "odd.md"
    page.write_text("---\ntitle: Odd\ntags: [Unheard of]\n---\n\nText.\n")
    for engine in ("mkdocs", "zensical"):
        assert build_site(minimal_project, site, downloads=False, engine=engine) == 1, engine
        assert _digests(site) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")], "no staging folder is left behind"
