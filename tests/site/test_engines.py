"""MkDocs and Zensical build the same site from the same generated pages."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from generator.build import build_site
from generator.model import Catalogue
from generator.site.engines import zensical_report
from generator.site.links import broken_links

SEARCH_INDEX = {"mkdocs": ("search/search_index.json", "docs"), "zensical": ("search.json", "items")}


def _files(site: Path, pattern: str) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob(pattern) if p.is_file()}


def _search_entries(site: Path, engine: str) -> list[dict[str, Any]]:
    path, key = SEARCH_INDEX[engine]
    entries: list[dict[str, Any]] = json.loads((site / path).read_text(encoding="utf-8"))[key]
    return entries


def test_both_engines_build_every_page(built_site: Path, built_site_zensical: Path) -> None:
    pages = _files(built_site, "*.html")
    assert len(pages) > 250
    assert _files(built_site_zensical, "*.html") == pages


def test_both_sites_carry_the_same_downloads_and_example_files(built_site: Path, built_site_zensical: Path) -> None:
    for folder in ("downloads", "method"):
        files = {f for f in _files(built_site / folder, "*") if not f.endswith("index.html")}
        assert files, folder
        assert {f for f in _files(built_site_zensical / folder, "*") if not f.endswith("index.html")} == files
        for name in files:
            assert (built_site / folder / name).read_bytes() == (built_site_zensical / folder / name).read_bytes()


def test_every_control_is_in_each_engines_search_index(
    built_site: Path, built_site_zensical: Path, real_catalogue: Catalogue
) -> None:
    for engine, site in (("mkdocs", built_site), ("zensical", built_site_zensical)):
        titles = {e["location"]: e["title"] for e in _search_entries(site, engine)}
        for control in real_catalogue.controls:
            title = titles.get(f"controls/{control.id}/")
            assert title is not None and title.startswith(control.id), f"{engine}: {control.id} is not searchable"


def test_internal_links_reach_files_in_both_sites(built_site: Path, built_site_zensical: Path) -> None:
    assert broken_links(built_site) == []
    assert broken_links(built_site_zensical) == []


def test_download_links_are_the_same_in_both_sites(built_site: Path, built_site_zensical: Path) -> None:
    def downloads(site: Path, page: str) -> list[str]:
        html = (site / page).read_text(encoding="utf-8")
        return sorted(h.replace("%2Emd", ".md") for h in re.findall(r'href="([^"]*downloads/[^"]*)"', html))

    for page in ("checklists/baseline/index.html", "checklists/index.html", "method/saas-content-tool/index.html"):
        assert downloads(built_site_zensical, page) == downloads(built_site, page), page


def test_the_zensical_404_page_passes_the_html_fixes(built_site_zensical: Path) -> None:
    html = (built_site_zensical / "404.html").read_text(encoding="utf-8")
    assert 'type="checkbox"' in html
    assert not re.search(r'<input\b[^>]*type="checkbox"[^>]*autocomplete', html)


def test_two_zensical_builds_are_identical(minimal_project: Path, tmp_path: Path) -> None:
    def digests(site: Path) -> dict[str, str]:
        return {f: hashlib.sha256((site / f).read_bytes()).hexdigest() for f in sorted(_files(site, "*"))}

    assert build_site(minimal_project, tmp_path / "one", engine="zensical") == 0
    assert build_site(minimal_project, tmp_path / "two", engine="zensical") == 0
    assert digests(tmp_path / "one") == digests(tmp_path / "two")


def test_a_zensical_failure_is_reported_without_colours_or_traceback() -> None:
    output = (
        "\x1b[33mWarning\x1b[0m: page does not exist\n    ╭─[ checklists/saas.md:19:14 ]\n"
        'Traceback (most recent call last):\n  File "<frozen runpy>", line 198\n'
        "RuntimeError: Aborted because --strict flag is set\n"
    )
    report = zensical_report(output)
    assert report == (
        "Warning: page does not exist\n    ╭─[ checklists/saas.md:19:14 ]\n"
        "RuntimeError: Aborted because --strict flag is set"
    )
