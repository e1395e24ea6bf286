"""Search without noise: result snippets hold what a page says, not its metadata, download
links or forms, and a control's ID and title rank it first."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.model import Catalogue
from generator.site.pages import SEARCH_BOOST
from generator.site.search_index import SEARCH_INDEX, SEARCH_TEXT, merge_split_index
from tests.site.test_browser import _distinctive_word, _search

NOISE = ("Field Value", "Added in", "Download this checklist", "Download the checklist", "Show only", "Export progress")


def _index(built_site: Path) -> list[dict[str, Any]]:
    """Every entry of the site's search index, its two halves joined."""
    whole = merge_split_index((built_site / SEARCH_INDEX).read_bytes(), (built_site / SEARCH_TEXT).read_bytes())
    docs: list[dict[str, Any]] = json.loads(whole)["docs"]
    return docs


def _start_up_index(built_site: Path) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = json.loads((built_site / SEARCH_INDEX).read_text(encoding="utf-8"))["docs"]
    return docs


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{7,}", re.sub(r"<[^>]*>", " ", text).lower()))


def _section_only_word(built_site: Path) -> tuple[str, str]:
    """A word that only one control page's sections hold, in no entry of the start-up index, and that control's ID."""
    start = set().union(
        *(_words(d["title"] + " " + d["text"] + " " + " ".join(d.get("tags", []))) for d in _start_up_index(built_site))
    )
    pages: dict[str, set[str]] = {}
    for doc in _index(built_site):
        pages.setdefault(doc["location"].split("#")[0], set()).update(_words(doc["title"] + " " + doc["text"]))
    for location, words in sorted(pages.items()):
        if not location.startswith("controls/"):
            continue
        for word in sorted(words - start):
            # lunr stems words: no other page may hold a word that starts like this one
            if not any(word[:6] in w for other, ws in pages.items() if other != location for w in ws):
                return location.split("/")[1], word
    raise AssertionError("no control has a word of its own outside its title and summary")


def test_the_start_up_index_names_every_page_and_stays_small(built_site: Path, real_catalogue: Catalogue) -> None:
    start = _start_up_index(built_site)
    assert all("#" not in d["location"] for d in start)
    titles = {d["location"]: d["title"] for d in start}
    for control in real_catalogue.active_controls:
        assert html.unescape(titles[f"controls/{control.id}/"]) == f"{control.id} {control.title}", control.id
    assert {d["location"] for d in start} == {d["location"] for d in _index(built_site) if "#" not in d["location"]}
    assert len(gzip.compress((built_site / SEARCH_INDEX).read_bytes(), 6)) <= 250 * 1024


def test_no_snippet_holds_metadata_downloads_or_forms(built_site: Path) -> None:
    noisy = [(d["location"], word) for d in _index(built_site) for word in NOISE if word in d["text"]]
    assert noisy == []


def test_checklist_and_layer_lists_leave_controls_to_their_pages(built_site: Path, real_catalogue: Catalogue) -> None:
    control = real_catalogue.active_controls[0]
    hits = {d["location"].split("#")[0] for d in _index(built_site) if control.title in d["text"] + d["title"]}
    assert f"controls/{control.id}/" in hits
    assert not [h for h in hits if h.startswith(("checklists/", "layers/", "method/"))]


def test_control_pages_are_boosted_by_priority(built_site: Path, real_catalogue: Catalogue) -> None:
    boosts = {d["location"]: d.get("boost") for d in _index(built_site)}
    for control in real_catalogue.active_controls:
        assert boosts[f"controls/{control.id}/"] == SEARCH_BOOST[control.priority], control.id
    assert boosts["checklists/saas/"] is None


@pytest.mark.browser
def test_mfa_finds_the_control_that_requires_it_first(page: Any, site_url: str, real_catalogue: Catalogue) -> None:
    wanted = next(c for c in real_catalogue.active_controls if re.match(r"Require phishing-resistant MFA", c.title))
    hrefs = _search(page, site_url, "MFA")
    assert f"/controls/{wanted.id}/" in hrefs[0], hrefs[:5]


@pytest.mark.browser
def test_a_page_view_fetches_the_start_up_index_and_the_first_query_the_full_text(
    page: Any, site_url: str, built_site: Path, real_catalogue: Catalogue
) -> None:
    fetched: list[str] = []
    page.context.on("request", lambda request: fetched.append(request.url))
    control_id, word = _distinctive_word(real_catalogue)
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert f"{site_url}{SEARCH_INDEX}" in fetched
    assert f"{site_url}{SEARCH_TEXT}" not in fetched, "the full text must wait for a query"
    # the ID and a word of the title are found whatever half of the index answers
    assert f"/controls/{control_id}/" in _search(page, site_url, control_id)[0]
    assert any(f"/controls/{control_id}/" in h for h in _search(page, site_url, word)), word
    # a word only a section holds: found once the full text is in
    section_control, section_word = _section_only_word(built_site)
    hrefs = _search(page, site_url, section_word)
    assert any(f"/controls/{section_control}/" in h for h in hrefs), (section_word, hrefs[:5])
    assert f"{site_url}{SEARCH_TEXT}" in fetched


def _word_only_beside_punctuation(built_site: Path) -> tuple[str, str]:
    """A word one control page holds, written everywhere with punctuation against it ("(pgvector,").

    Material's default separator splits on spaces and hyphens only, which left such a word as the
    token "(pgvector," that no search for "pgvector" matched.
    """
    pages: dict[str, list[str]] = {}
    for doc in _index(built_site):
        text = html.unescape(re.sub(r"<[^>]*>", " ", doc["title"] + " " + doc["text"]))
        pages.setdefault(doc["location"].split("#")[0], []).append(text)
    every = " ".join(" ".join(t) for t in pages.values())
    for location, texts in sorted(pages.items()):
        if not location.startswith("controls/"):
            continue
        for word in sorted(set(re.findall(r"[(\"/]([a-z]{6,})[,):/]", " ".join(texts)))):
            bare = re.findall(rf"(?<![\w(\"/]){word}(?![\w,):/])", every, flags=re.IGNORECASE)
            holders = [loc for loc, ts in pages.items() if word[:6] in " ".join(ts).lower()]
            if not bare and holders == [location]:
                return location.split("/")[1], word
    raise AssertionError("no word of one control is written only beside punctuation")


def test_a_word_written_beside_punctuation_is_found(page: Any, site_url: str, built_site: Path) -> None:
    control_id, word = _word_only_beside_punctuation(built_site)
    hrefs = _search(page, site_url, word)
    assert any(f"/controls/{control_id}/" in h for h in hrefs), (word, hrefs[:5])
