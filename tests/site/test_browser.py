"""The built site in a real browser: search, links, printing, and no request to another host."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from generator.model import Catalogue

pytestmark = pytest.mark.browser


def _distinctive_word(cat: Catalogue) -> tuple[str, str]:
    """A control ID and a word of its title that no other control's title uses."""
    words = Counter(w for c in cat.active_controls for w in set(re.findall(r"[a-z]{6,}", c.title.lower())))
    for control in cat.active_controls:
        for word in sorted(set(re.findall(r"[a-z]{6,}", control.title.lower()))):
            if words[word] == 1:
                return control.id, word
    raise AssertionError("no control title has a word of its own")


def _search(page: Any, site_url: str, query: str) -> list[str]:
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    # Material reads the box on a key press (fill() sends none) or when its worker is ready; the
    # start-up index is small and may be ready first, so the query ends with a key, as typing does.
    box.fill(query)
    box.press("End")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    return [str(h) for h in results.locator("a").evaluate_all("els => els.map(e => e.href)")]


def test_search_for_a_keyword_lists_its_control(
    page: Any, site_url: str, real_catalogue: Catalogue, offsite_requests: list[str]
) -> None:
    control_id, word = _distinctive_word(real_catalogue)
    hrefs = _search(page, site_url, word)
    assert any(f"/controls/{control_id}/" in h for h in hrefs), (word, hrefs[:5])
    assert offsite_requests == []


def test_search_for_a_control_id_finds_it(page: Any, site_url: str, real_catalogue: Catalogue) -> None:
    control_id = real_catalogue.active_controls[-1].id
    hrefs = _search(page, site_url, control_id)
    assert f"/controls/{control_id}/" in hrefs[0]


def test_sector_page_links_work(
    page: Any, site_url: str, built_site: Any, real_catalogue: Catalogue, offsite_requests: list[str]
) -> None:
    definition = next(d for d in real_catalogue.checklists if d.sector)
    page.goto(f"{site_url}checklists/{definition.id}/")
    hrefs = page.locator("article a[href]").evaluate_all("els => els.map(e => e.href)")
    internal = sorted({h.split("#")[0] for h in hrefs if h.startswith(site_url)})
    downloads = [h for h in internal if "/downloads/" in h]
    assert [h.rsplit("/", 1)[1] for h in downloads] == sorted(
        [f"{definition.id}.{ext}" for ext in ("pdf", "xlsx", "csv", "md", "json", "html")]
        + [f"{definition.id}-letter.pdf"]
    )
    assert all(h.startswith(f"{site_url}downloads/") for h in downloads)
    pages = [h for h in internal if h not in downloads]
    assert len(pages) > 10
    for href in pages:
        assert page.request.get(href).status == 200, href
    for href in downloads:
        assert page.request.get(href).status == 200, href
    page.locator("article a[href*='/controls/']").first.click()
    page.wait_for_url(re.compile(r"/controls/[A-Z]+-\d+/"))
    assert offsite_requests == []


def test_printing_hides_navigation(page: Any, site_url: str, real_catalogue: Catalogue) -> None:
    page.goto(f"{site_url}controls/{real_catalogue.active_controls[0].id}/")
    assert page.locator(".md-sidebar--primary").is_visible()
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert not page.locator(selector).is_visible(), selector
    assert page.locator("article h1").is_visible()


def test_dark_scheme_follows_the_reader(page: Any, site_url: str) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto(site_url)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"


def _zensical_search(page: Any, site_url: str, query: str) -> list[str]:
    """Zensical's search: a button opens the dialog; results are options of a listbox."""
    page.goto(site_url)
    page.locator(".md-search__button").click()
    page.locator("input[role=combobox]").fill(query)
    results = page.locator("[role=listbox] a[role=option]")
    results.first.wait_for(timeout=15000)
    return [str(h) for h in results.evaluate_all("els => els.map(e => e.href)")]


def test_zensical_search_finds_a_control_by_keyword_and_by_id(
    page: Any, zensical_site_url: str, real_catalogue: Catalogue, offsite_requests: list[str]
) -> None:
    control_id, word = _distinctive_word(real_catalogue)
    hrefs = _zensical_search(page, zensical_site_url, word)
    assert any(f"/controls/{control_id}/" in h for h in hrefs), (word, hrefs[:5])
    last = real_catalogue.active_controls[-1].id
    assert f"/controls/{last}/" in _zensical_search(page, zensical_site_url, last)[0]
    assert offsite_requests == []
