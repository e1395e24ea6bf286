"""The offline copy: downloads/ambit-site.zip holds the whole site, opens from file:// with
search working, and its bytes depend only on the files it holds."""

from __future__ import annotations

import os
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.model import Catalogue
from generator.site.offline import FOLDER, OFFLINE_ZIP, copy_built_files, write_zip


def test_the_zip_is_the_same_whatever_the_files_dates_and_order(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for rel, text in (("b/page.html", "b"), ("a.css", "a"), ("b/a/x.js", "x")):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    write_zip(site, tmp_path / "one.zip", date(2026, 11, 25))
    for i, path in enumerate(sorted(site.rglob("*"))):
        os.utime(path, (1_000_000 + i * 7777, 1_000_000 + i * 7777))
    write_zip(site, tmp_path / "two.zip", date(2026, 11, 25))
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == [f"{FOLDER}/a.css", f"{FOLDER}/b/a/x.js", f"{FOLDER}/b/page.html"]
    assert {i.date_time for i in infos} == {(2026, 11, 25, 0, 0, 0)}
    assert not list(tmp_path.glob(".*.partial"))


def test_only_files_mkdocs_did_not_make_are_copied(tmp_path: Path) -> None:
    site, out = tmp_path / "site", tmp_path / "out"
    (site / "controls/X").mkdir(parents=True)
    (site / "controls/X/index.html").write_text(
        '<head><meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9">'
    )
    (site / "downloads").mkdir()
    (site / "downloads/saas.html").write_text("<html>print page</html>")
    (site / "downloads/ambit-site.zip").write_bytes(b"old")
    out.mkdir()
    copy_built_files(site, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["downloads/saas.html"]


def test_the_offline_copy_holds_the_site_and_its_downloads(built_site: Path, real_catalogue: Catalogue) -> None:
    with zipfile.ZipFile(built_site / OFFLINE_ZIP) as archive:
        names = set(archive.namelist())
    control = real_catalogue.active_controls[0].id
    definition = real_catalogue.checklists[0].id
    for rel in (
        "index.html",
        f"controls/{control}.html",
        f"checklists/{definition}.html",
        "search/search_index.js",
        "assets/vendor/iframe-worker/shim.js",
        "assets/progress.js",
        f"downloads/{definition}.pdf",
        f"downloads/{definition}.xlsx",
        "method/logistics-route-optimiser/diagram.svg",
    ):
        assert f"{FOLDER}/{rel}" in names, rel
    assert f"{FOLDER}/{OFFLINE_ZIP}" not in names
    assert f"{FOLDER}/controls/{control}/index.html" not in names, "a directory-URL page was copied in"


@pytest.mark.browser
def test_the_unpacked_copy_searches_from_file_urls(browser: Any, built_site: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(built_site / OFFLINE_ZIP) as archive:
        archive.extractall(tmp_path)
    index = (tmp_path / FOLDER / "index.html").as_uri()
    context = browser.new_context(service_workers="block")
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    try:
        page.goto(index)
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially("MFA")
        results = page.locator(".md-search-result__item")
        # The search worker may still be building its index when the query is typed; it answers
        # the next keystroke once it is ready.
        for _ in range(30):
            if results.count():
                break
            box.press("Backspace")
            box.press_sequentially("A")
            page.wait_for_timeout(1000)
        results.first.wait_for(timeout=15000)
        first = str(results.first.locator("a").first.get_attribute("href"))
        assert first.startswith((tmp_path / FOLDER / "controls").as_uri() + "/"), first
        assert ".html" in first, first
        page.goto((tmp_path / FOLDER / "checklists" / "saas.html").as_uri())
        page.locator(".ambit-progress-tools").wait_for(state="visible")
    finally:
        context.close()
    assert outside == [], outside
