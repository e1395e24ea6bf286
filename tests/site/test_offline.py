"""The offline copy: downloads/ambit-site.zip holds the whole site, opens from file:// with
search working, every link reaching a file, and its bytes depend only on the files it holds."""

from __future__ import annotations

import json
import os
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.model import Catalogue
from generator.site.links import broken_links
from generator.site.offline import (
    FOLDER,
    OFFLINE_ZIP,
    ZipCache,
    copy_built_files,
    copy_key,
    file_url,
    offline_files,
    offline_page,
    write_zip,
)
from tests.site.conftest import csp_violations, file_only
from tests.site.test_browser import _distinctive_word
from tests.site.test_search import _section_only_word


def test_the_zip_is_the_same_whatever_the_files_dates_and_order(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for rel, text in (("b/page.html", "b"), ("a.css", "a"), ("b/a/x.js", "x")):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    write_zip(offline_files(site), tmp_path / "one.zip", date(2026, 11, 25))
    for i, path in enumerate(sorted(site.rglob("*"))):
        os.utime(path, (1_000_000 + i * 7777, 1_000_000 + i * 7777))
    write_zip(offline_files(site), tmp_path / "two.zip", date(2026, 11, 25))
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
        f"controls/{control}/index.html",
        f"checklists/{definition}/index.html",
        "search/search_index.js",
        "assets/vendor/iframe-worker/shim.js",
        "assets/vendor/iframe-worker/prelude.js",
        "assets/progress.js",
        f"downloads/{definition}.pdf",
        f"downloads/{definition}.xlsx",
        "method/logistics-route-optimiser/diagram.svg",
    ):
        assert f"{FOLDER}/{rel}" in names, rel
    assert f"{FOLDER}/{OFFLINE_ZIP}" not in names
    assert not [n for n in names if n.endswith(".partial")]


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("../HST-002/", "../HST-002/index.html"),
        ("../HST-002/#steps", "../HST-002/index.html#steps"),
        ("./", "./index.html"),
        ("..", "../index.html"),
        ("../..", "../../index.html"),
        ("../../layers/?x=1&amp;y=2#top", "../../layers/index.html?x=1&amp;y=2#top"),
        ("#steps", "#steps"),
        ("../downloads/saas.pdf", "../downloads/saas.pdf"),
        ("https://example.org/docs/", "https://example.org/docs/"),
        ("/ambit/assets/", "/ambit/assets/"),
        ("mailto:a@example.org", "mailto:a@example.org"),
    ],
)
def test_links_to_folders_name_their_index_file(href: str, expected: str) -> None:
    assert file_url(href) == expected


def test_a_page_loads_the_worker_shim_and_fetches_no_pages() -> None:
    page = (
        '<html><head><title>x</title></head><body><a href="../HST-002/">next</a>'
        '<script id="__config" type="application/json">{"base": "../..", '
        '"features": ["navigation.instant", "navigation.prune", "navigation.instant.prefetch"]}</script></body></html>'
    )
    out = offline_page(page, depth=2)
    assert '<script src="../../assets/vendor/iframe-worker/shim.js"></script>' in out.split("</head>")[0]
    assert '"features": ["navigation.prune"]' in out
    assert 'href="../HST-002/index.html"' in out


def test_every_link_of_the_copy_reaches_a_file_of_the_copy(built_site: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(built_site / OFFLINE_ZIP) as archive:
        archive.extractall(tmp_path)
    copy = tmp_path / FOLDER
    # The home page's link to the zip itself is the one link the copy cannot hold.
    assert [b for b in broken_links(copy) if not b.target.endswith(OFFLINE_ZIP)] == []
    # On file:// a link to a folder opens a listing: every page link must name a file.
    folders = []
    for path in copy.rglob("*.html"):
        for href in re.findall(r'\shref="([^"#?]*)', path.read_text(encoding="utf-8")):
            if href and "://" not in href and not href.startswith("/") and (path.parent / href).is_dir():
                folders.append(f"{path.relative_to(copy)}: {href}")
    assert folders == [], folders[:5]
    index = json.loads((copy / "search" / "search_index.js").read_text(encoding="utf-8").removeprefix("var __index = "))
    locations = [doc["location"].split("#")[0] for doc in index["docs"]]
    assert locations and all((copy / loc).is_file() for loc in locations)


def test_the_copy_is_the_same_whichever_engine_built_the_site(built_site: Path, built_site_zensical: Path) -> None:
    assert (built_site / OFFLINE_ZIP).read_bytes() == (built_site_zensical / OFFLINE_ZIP).read_bytes()


@pytest.mark.browser
def _file_search(page: Any, url: str, query: str) -> list[str]:
    """The hrefs of the results for ``query`` in the page at ``url``, a file."""
    page.goto(url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    results = page.locator(".md-search-result__item")
    # The search worker may still be building its index when the query is typed; it answers
    # the next keystroke once it is ready.
    for _ in range(30):
        if results.count():
            break
        box.press("Backspace")
        box.press_sequentially(query[-1])
        page.wait_for_timeout(1000)
    results.first.wait_for(timeout=15000)
    return [str(h) for h in results.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")]


def test_the_unpacked_copy_searches_from_file_urls(
    browser: Any, built_site: Path, real_catalogue: Catalogue, tmp_path: Path
) -> None:
    with zipfile.ZipFile(built_site / OFFLINE_ZIP) as archive:
        archive.extractall(tmp_path)
    index = (tmp_path / FOLDER / "index.html").as_uri()
    context = browser.new_context(service_workers="block")
    outside = file_only(context)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.extend(csp_violations([message.text])))
    try:
        first = _file_search(page, index, "MFA")[0]
        assert first.startswith((tmp_path / FOLDER / "controls").as_uri() + "/"), first
        assert ".html" in first, first
        # The copy's index is whole: a control by its ID, by a word of its title, by a word of a section.
        control_id, word = _distinctive_word(real_catalogue)
        assert f"/controls/{control_id}/index.html" in _file_search(page, index, control_id)[0]
        assert any(f"/controls/{control_id}/" in h for h in _file_search(page, index, word)), word
        section_control, section_word = _section_only_word(built_site)
        assert any(f"/controls/{section_control}/" in h for h in _file_search(page, index, section_word)), section_word
        page.goto(first)
        assert page.locator("h1").first.inner_text()
        page.goto((tmp_path / FOLDER / "checklists" / "saas" / "index.html").as_uri())
        page.locator(".ambit-progress-tools").wait_for(state="visible")
        # Every page opened from files shares one storage: the page says so and points to Export.
        note = str(page.locator(".ambit-file-note").text_content())
        assert "shares" in note and "Export" in note
    finally:
        context.close()
    assert outside == [], outside
    assert refused == [], refused  # the search worker's frame runs under the policy too


def test_an_unchanged_site_gets_the_zip_an_earlier_build_made(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("<p>a</p>", encoding="utf-8")
    released = date(2026, 11, 25)
    key = copy_key(site, released)
    assert copy_key(site, date(2026, 11, 26)) != key
    cache = ZipCache(tmp_path / "zips")
    made = tmp_path / "made.zip"
    write_zip(offline_files(site), made, released)
    assert not cache.fetch(key, tmp_path / "got.zip")
    cache.store(key, made)
    assert cache.fetch(key, tmp_path / "got.zip")
    assert (tmp_path / "got.zip").read_bytes() == made.read_bytes()
    (site / "a" / "index.html").write_text("<p>b</p>", encoding="utf-8")
    assert copy_key(site, released) != key, "a changed file is another zip"
    (tmp_path / "zips" / f"{key}.zip").write_bytes(b"damaged")
    assert not cache.fetch(key, tmp_path / "again.zip")
    assert not (tmp_path / "again.zip").exists()
