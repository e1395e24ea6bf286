"""OSCAL profiles: trestle loads each one and resolves it to the controls Ambit selected, in order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.export.oscal_catalog import render_catalog
from generator.export.oscal_common import CATALOG_FILE
from generator.export.oscal_profile import (
    LEFT_OUT,
    Tailored,
    checklist_profile,
    map_profile,
    tailored_from_checklist,
)
from generator.model import Catalogue
from generator.select import Checklist, all_checklists
from tests.export.conftest import resolve_profile


def _prop(control: Any, name: str) -> list[str]:
    return [p.value for p in control.props or [] if p.name == name]


def _in_profile_order(resolved: Any) -> list[str]:
    """The resolved controls' Ambit IDs, sorted by the ``sort-id`` each profile adds."""
    controls = sorted(resolved.controls, key=lambda c: _prop(c, "sort-id")[0])
    return [_prop(c, "label")[0] for c in controls]


@pytest.fixture(scope="module")
def folder(real_catalogue: Catalogue, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("oscal")
    (path / CATALOG_FILE).write_bytes(render_catalog(real_catalogue))
    return path


def _write(folder: Path, name: str, data: bytes) -> str:
    from trestle.oscal.profile import Profile

    (folder / name).write_bytes(data)
    assert Profile.oscal_read(folder / name) is not None  # trestle's models accept it
    return name


def test_each_sector_profile_resolves_to_its_checklist_in_order(real_catalogue: Catalogue, folder: Path) -> None:
    checklists = all_checklists(real_catalogue)
    assert {c.id for c in checklists} >= {"baseline", "logistics", "saas", "healthcare"}
    for checklist in checklists:
        name = _write(folder, f"{checklist.id}.json", checklist_profile(checklist))
        resolved = resolve_profile(folder, name)
        assert resolved.groups is None  # flat merge: one list
        assert _in_profile_order(resolved) == list(checklist.control_ids), checklist.id


def test_the_profile_names_controls_in_checklist_order(real_catalogue: Catalogue) -> None:
    checklist = all_checklists(real_catalogue)[0]
    profile = json.loads(checklist_profile(checklist))["profile"]
    assert profile["imports"][0]["href"] == CATALOG_FILE
    ids = profile["imports"][0]["include-controls"][0]["with-ids"]
    assert ids == [i.lower() for i in checklist.control_ids]


def test_each_map_profile_carries_the_maps_controls_tiers_and_reasons(
    example_maps: list[Checklist], folder: Path
) -> None:
    for checklist in example_maps:
        selection = tailored_from_checklist(checklist)
        data = map_profile(checklist.info, checklist.title, selection)
        resolved = resolve_profile(folder, _write(folder, f"{checklist.id}.json", data))
        assert _in_profile_order(resolved) == list(checklist.control_ids), checklist.id
        by_id = {_prop(c, "label")[0]: c for c in resolved.controls}
        for item in checklist.items:
            control = by_id[item.control.id]
            assert item.ranking is not None
            assert _prop(control, "tier") == [item.ranking.tier]
            assert _prop(control, "rank") == [str(item.ranking.rank)]
            assert _prop(control, "applies-to") == list(item.ranking.components)
            reasons = [p.prose for p in control.parts if p.name == "justification"]
            assert reasons == ["Applies to " + "; ".join(item.applies_to) + "."]


def test_a_map_profile_carries_an_assumed_control_and_its_reason(real_catalogue: Catalogue, folder: Path) -> None:
    selection = [
        Tailored("HST-001", 2, "first", "Kept: the map does not say who can reach the bucket.", "assumed"),
        Tailored("IAM-001", 1, "first", "Applies to admin-console (cloud console).", components=("admin-console",)),
    ]
    data = map_profile(real_catalogue.info, "Two controls", selection)
    resolved = resolve_profile(folder, _write(folder, "two.json", data))
    assert _in_profile_order(resolved) == ["IAM-001", "HST-001"]
    hst = next(c for c in resolved.controls if c.id == "hst-001")
    assert _prop(hst, "applicability") == ["assumed"]
    assert [p.prose for p in hst.parts if p.name == "justification"] == [selection[0].justification]


def test_a_sector_checklist_is_not_a_map_selection(real_catalogue: Catalogue) -> None:
    with pytest.raises(ValueError, match="not a system map"):
        tailored_from_checklist(all_checklists(real_catalogue)[0])


def test_same_selection_same_bytes(example_maps: list[Checklist]) -> None:
    checklist = example_maps[0]
    first = map_profile(checklist.info, checklist.title, tailored_from_checklist(checklist))
    assert map_profile(checklist.info, checklist.title, tailored_from_checklist(checklist)) == first


def test_left_out_controls_are_not_selected_but_keep_their_reason(real_catalogue: Catalogue, folder: Path) -> None:
    selection = [
        Tailored("IAM-001", 1, "first", "Applies to the admin console."),
        Tailored("HST-001", 0, "", "The map holds no object storage.", LEFT_OUT),
    ]
    data = map_profile(real_catalogue.info, "One in, one out", selection)
    resolved = resolve_profile(folder, _write(folder, "in-out.json", data))
    assert _in_profile_order(resolved) == ["IAM-001"]
    props = json.loads(data)["profile"]["metadata"]["props"]
    assert [(p["name"], p["value"], p["remarks"]) for p in props] == [
        ("left-out", "hst-001", "The map holds no object storage.")
    ]
