"""Search without noise: result snippets hold what a page says, not its metadata, download
links or forms, and a control's ID and title rank it first."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.model import Catalogue
from generator.site.pages import SEARCH_BOOST
from tests.site.test_browser import _search

NOISE = ("Field Value", "Added in", "Download this checklist", "Download the checklist", "Show only", "Export progress")


def _index(built_site: Path) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))[
        "docs"
    ]
    return docs


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
