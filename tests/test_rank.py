"""Sector checklists are ranked by the map score against their profile, first tier first in every format."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from generator.catalogue import load_catalogue
from generator.downloads import markdown_export
from generator.downloads.csv_export import render as render_csv
from generator.downloads.json_export import render as render_json
from generator.model import Catalogue
from generator.select import Checklist, all_checklists

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(REPO).catalogue


@pytest.fixture(scope="module")
def checklists(catalogue: Catalogue) -> dict[str, Checklist]:
    return {c.id: c for c in all_checklists(catalogue)}


@pytest.mark.parametrize("checklist_id", ["baseline", "healthcare", "logistics", "saas"])
def test_a_profiled_checklist_is_ranked_and_tiered(checklists: dict[str, Checklist], checklist_id: str) -> None:
    checklist = checklists[checklist_id]
    assert checklist.ranked
    rankings = [i.ranking for i in checklist.items]
    assert all(rankings) and [r.rank for r in rankings if r] == list(range(1, len(rankings) + 1))
    tiers = [r.tier for r in rankings if r]
    assert tiers == sorted(tiers, key=["first", "next", "later"].index)  # first tier first
    first = [i for i in checklist.items if i.ranking and i.ranking.tier == "first"]
    rest = [i for i in checklist.items if i.ranking and i.ranking.tier != "first"]
    for part in (first, rest):
        totals = [i.ranking.score["total"] for i in part if i.ranking]
        assert totals == sorted(totals, reverse=True)
    leads = Counter(c for i in first for c in i.control.components[:1])
    assert 5 <= len(first) <= 20 and len(leads) >= 3


def test_what_the_review_found_buried_comes_early(checklists: dict[str, Checklist]) -> None:
    def rank(checklist_id: str, control_id: str) -> int:
        item = next(i for i in checklists[checklist_id].items if i.control.id == control_id)
        return item.ranking.rank if item.ranking else 0

    assert rank("healthcare", "IAM-003") <= 20  # MFA for every staff account
    assert rank("healthcare", "PPL-016") <= 20  # the incident response plan HIPAA requires
    assert rank("logistics", "IAM-003") <= 20
    assert rank("saas", "IAM-003") <= 20  # an admin console without MFA is typical of a small SaaS team
    assert rank("saas", "PPL-016") <= 30  # an incident response plan, essential in every sector


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_every_format_keeps_the_ranking(checklists: dict[str, Checklist], catalogue: Catalogue, fmt: str) -> None:
    checklist = checklists["healthcare"]
    expected = [i.control.id for i in checklist.items]
    if fmt == "md":
        text = markdown_export.render(checklist, catalogue.frameworks).decode("utf-8")
        assert text.index("First tier") < text.index("Next tier")
        found = [
            line.split("**")[1].strip("[]").split("]")[0] for line in text.splitlines() if line.startswith("- [ ] **")
        ]
    elif fmt == "csv":
        rows = csv.DictReader(io.StringIO(render_csv(checklist, catalogue.frameworks).decode("utf-8")))
        found = [r["id"] for r in rows]
    else:
        found = [c["id"] for c in json.loads(render_json(checklist, catalogue.frameworks))["controls"]]
    assert found == expected
