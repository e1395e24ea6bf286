"""Building the site: strict, complete, deterministic, within its size limits."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.build import build_site
from generator.model import Catalogue

MAX_CONTROL_PAGE = 60 * 1024
MAX_SEARCH_INDEX = 2 * 1024 * 1024


def _digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_builds_of_the_same_input_are_identical(minimal_project: Path, tmp_path: Path) -> None:
    assert build_site(minimal_project, tmp_path / "one") == 0
    assert build_site(minimal_project, tmp_path / "two") == 0
    one, two = _digests(tmp_path / "one"), _digests(tmp_path / "two")
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "downloads/ambit-site.zip"} <= set(one)
    assert one == two


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
