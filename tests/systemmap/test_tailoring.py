"""Tailoring, held on maps written for the tests in the style of the newcomer review.

A solo SaaS founder on managed services, a hospital with on-premises parts and a vendor VPN, a
logistics fleet with drivers' own phones. For each: the checklist holds at most half the
catalogue, the first tier is what an auditor would do first for that system, sector-bound
controls stay in their sector, and the one-hour review of a risky non-AI component fills 45 to 60
minutes with checks on that component.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import Catalogue
from generator.systemmap.load import build_map, load_map
from generator.systemmap.model import SystemMap
from generator.systemmap.review import build_review
from generator.systemmap.select import build_map_checklist, map_items, map_verdicts
from generator.systemmap.statement import build_statement
from tests.systemmap.conftest import EXAMPLES

MAPS = Path(__file__).parent / "maps"
WORKED = sorted(p for p in EXAMPLES.glob("*.yml") if p.stem != "blank")


def _load(catalogue: Catalogue, path: Path) -> SystemMap:
    loaded = load_map(path, path.name, catalogue)
    assert loaded.map is not None, [d.format_text() for d in loaded.diagnostics]
    return loaded.map


def _tier(catalogue: Catalogue, smap: SystemMap, tier: str) -> list[str]:
    return [i.control.id for i in build_map_checklist(catalogue, smap).items if i.ranking and i.ranking.tier == tier]


def _first_components(catalogue: Catalogue, smap: SystemMap) -> set[str]:
    items = build_map_checklist(catalogue, smap).items
    return {c for i in items if i.ranking and i.ranking.tier == "first" for c in i.ranking.components}


@pytest.mark.parametrize("path", [*sorted(MAPS.glob("*.yml")), *WORKED], ids=lambda p: p.stem)
def test_at_most_half_the_catalogue_with_a_short_first_tier(catalogue: Catalogue, path: Path) -> None:
    # Unknown facts keep controls (marked assumed) and flow labels remove none, so a map keeps more
    # than before; still, a real system never needs most of the catalogue.
    smap = _load(catalogue, path)
    checklist = build_map_checklist(catalogue, smap)
    assert len(checklist.items) <= 0.5 * len(catalogue.active_controls)
    first = _tier(catalogue, smap, "first")
    assert 5 <= len(first) <= 20


@pytest.mark.parametrize("path", [*sorted(MAPS.glob("*.yml")), *WORKED], ids=lambda p: p.stem)
def test_no_policy_document_outranks_an_exposed_sensitive_store(catalogue: Catalogue, path: Path) -> None:
    smap = _load(catalogue, path)
    items = build_map_checklist(catalogue, smap).items
    technical = [i for i in items if i.control.layer != "people"]
    people = [i for i in items if i.control.layer == "people"]
    if technical and people:
        assert items.index(technical[0]) < items.index(people[0])


@pytest.mark.parametrize("path", [*sorted(MAPS.glob("*.yml")), *WORKED], ids=lambda p: p.stem)
def test_sector_bound_controls_stay_in_their_sector(catalogue: Catalogue, path: Path) -> None:
    smap = _load(catalogue, path)
    for item in build_map_checklist(catalogue, smap).items:
        sectors = item.control.applies_when.sectors
        assert not sectors or smap.sector in sectors, item.control.id


@pytest.mark.parametrize("path", [*sorted(MAPS.glob("*.yml")), *WORKED], ids=lambda p: p.stem)
def test_platform_bound_controls_stay_on_their_platform(catalogue: Catalogue, path: Path) -> None:
    smap = _load(catalogue, path)
    for item in build_map_checklist(catalogue, smap).items:
        platforms = item.control.applies_when.platforms
        components = item.ranking.components if item.ranking else ()
        assert not platforms or all(smap.component(c).platform in ("", *platforms) for c in components)


def test_aws_root_user_controls_reach_only_aws_accounts(catalogue: Catalogue) -> None:
    raw = {
        "system": "Three clouds",
        "sector": "saas",
        "components": [
            {"id": "aws-org", "type": "cloud-account", "exposure": "internet", "platform": "aws"},
            {"id": "azure-sub", "type": "cloud-account", "exposure": "internet", "platform": "azure"},
            {"id": "gcp-project", "type": "cloud-account", "exposure": "internet"},
        ],
    }
    smap = build_map(raw)
    verdicts = map_verdicts(catalogue, smap)
    statement = build_statement(catalogue, smap, map_items(catalogue, smap, verdicts), verdicts)
    rows = {r.control.id: r for r in statement.rows}
    for control_id in ("HST-097", "HST-136"):
        row = rows[control_id]
        assert (row.status, row.components) == ("included", ("aws-org", "gcp-project")), control_id
        assert verdicts[control_id]["azure-sub"].text() == "azure-sub runs on azure, not aws"
        assert verdicts[control_id]["gcp-project"].text() == (
            "you did not say which platform gcp-project runs on (it applies on aws)"
        )
    task = next(t for t in statement.tasks if t.kind == "platforms")
    assert task.text == "Find out which platform gcp-project runs on: aws?"
    assert {"HST-097", "HST-136"} <= set(task.controls)


def test_saas_founder(catalogue: Catalogue) -> None:
    smap = _load(catalogue, MAPS / "solo-saas.yml")
    checklist = build_map_checklist(catalogue, smap)
    bound = [
        i.control.id
        for i in checklist.items
        if set(i.control.applies_when.data_kinds or ["-"]) <= {"location", "health"}
    ]
    assert not bound  # no GPS or health-record checks for a content tool
    first = _first_components(catalogue, smap)
    assert "supabase" in first  # the internet-reachable database of customer data
    assert "github" in first  # secrets in files: secret scanning comes early


def test_hospital(catalogue: Catalogue) -> None:
    smap = _load(catalogue, MAPS / "hospital.yml")
    first = _first_components(catalogue, smap)
    assert "vendor-vpn" in first  # vendor remote access, answered yes
    assert {"adt-feed", "clarity-share", "model-vm"} & first  # where the health data is
    items = build_map_checklist(catalogue, smap).items
    assert not [i.control.id for i in items if i.control.applies_when.data_kinds == ("location",)]


def test_fleet(catalogue: Catalogue) -> None:
    smap = _load(catalogue, MAPS / "fleet.yml")
    checklist = build_map_checklist(catalogue, smap)
    kinds = {k for i in checklist.items for k in i.control.applies_when.data_kinds}
    assert "location" in kinds  # GPS plausibility and location controls belong here
    first = _first_components(catalogue, smap)
    assert {"mqtt", "trackers", "dispatch-api"} & first
    assert {"driver-phones", "driver-app", "mdm"} & {
        c for i in checklist.items for c in (i.ranking.components if i.ranking else ())
    }


@pytest.mark.parametrize(
    ("name", "component"),
    [
        ("solo-saas.yml", "supabase"),
        ("hospital.yml", "vendor-vpn"),
        ("hospital.yml", "model-vm"),
        ("fleet.yml", "mqtt"),
    ],
)
def test_the_hour_is_filled_with_checks_on_the_component(catalogue: Catalogue, name: str, component: str) -> None:
    smap = _load(catalogue, MAPS / name)
    pack = build_review(catalogue, smap, component)
    assert 45 <= pack.used_minutes <= 60
    component_type = smap.component(component).type
    assert all(component_type in s.control.components for s in pack.steps)
