"""The map's checklist: selection rules, applies_to naming the user's components, ordering."""

from __future__ import annotations

import itertools
from dataclasses import replace

from generator.model import Catalogue
from generator.systemmap.model import SystemMap
from generator.systemmap.select import (
    EXPOSURE_POINTS,
    PRIORITY_POINTS,
    applies,
    build_map_checklist,
    map_items,
)


def test_only_controls_for_declared_types(catalogue: Catalogue, route_map: SystemMap) -> None:
    declared = {c.type for c in route_map.components}
    checklist = build_map_checklist(catalogue, route_map)
    assert checklist.items
    for item in checklist.items:
        assert declared & set(item.control.components)
        assert item.control.active
    # every control that applies is there: none is lost
    expected = {c.id for c in catalogue.active_controls if any(applies(c, m, route_map) for m in route_map.components)}
    assert set(checklist.control_ids) == expected


def test_applies_to_names_the_users_components(catalogue: Catalogue, route_map: SystemMap) -> None:
    checklist = build_map_checklist(catalogue, route_map)
    labels = {label for item in checklist.items for label in item.applies_to}
    assert "route-history (object storage bucket)" in labels
    assert "dispatch-api (API gateway)" in labels
    for item in checklist.items:
        for label in item.applies_to:
            component_id = label.split(" (")[0]
            assert route_map.component(component_id).type in item.control.components


def test_lifecycle_filter(catalogue: Catalogue, route_map: SystemMap) -> None:
    stages = route_map.stages()
    for item in build_map_checklist(catalogue, route_map).items:
        assert stages & set(item.control.lifecycle)


def test_advanced_controls_only_for_wide_exposure_or_sector_note(catalogue: Catalogue, route_map: SystemMap) -> None:
    for item in map_items(catalogue, route_map):
        if item.control.priority == "advanced":
            assert any(c.exposure in ("internet", "partner") for c in item.components) or (
                "logistics" in item.control.sectors
            )
    internal = replace(
        route_map, sector="", components=tuple(replace(c, exposure="internal") for c in route_map.components)
    )
    assert all(i.control.priority != "advanced" for i in map_items(catalogue, internal))


def test_sector_notes_attached(catalogue: Catalogue, route_map: SystemMap) -> None:
    checklist = build_map_checklist(catalogue, route_map)
    assert checklist.sector == "logistics"
    with_notes = [i for i in checklist.items if i.sector_note]
    assert with_notes
    assert all(i.sector_note == i.control.sectors["logistics"] for i in with_notes)


def test_riskiest_first(catalogue: Catalogue, route_map: SystemMap) -> None:
    items = map_items(catalogue, route_map)
    keys = [i.sort_key for i in items]
    assert keys == sorted(keys)
    for item in items:
        assert item.risk == PRIORITY_POINTS[item.control.priority] + max(
            EXPOSURE_POINTS[c.exposure] for c in item.components
        )
    # an essential control on an internet-facing component outranks one on an internal component
    first = items[0]
    assert first.control.priority == "essential"
    assert any(c.exposure == "internet" for c in first.components)


def test_reach_breaks_ties(catalogue: Catalogue, route_map: SystemMap) -> None:
    items = map_items(catalogue, route_map)
    for a, b in itertools.pairwise(items):
        if a.risk == b.risk:
            assert a.reach >= b.reach


def test_exposure_raises_a_control(catalogue: Catalogue, route_map: SystemMap) -> None:
    def rank(smap: SystemMap, control_id: str) -> int:
        return [i.control.id for i in map_items(catalogue, smap)].index(control_id)

    bucket_only = next(
        i.control.id for i in map_items(catalogue, route_map) if [c.id for c in i.components] == ["route-history"]
    )
    exposed = replace(
        route_map,
        components=tuple(
            replace(c, exposure="internet") if c.id == "route-history" else c for c in route_map.components
        ),
    )
    assert rank(exposed, bucket_only) < rank(route_map, bucket_only)


def test_checklist_id_is_a_valid_slug(catalogue: Catalogue, route_map: SystemMap) -> None:
    import re

    weird = replace(route_map, system="  Ünïcode & <script> 2!  ")
    for smap in (route_map, weird):
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", build_map_checklist(catalogue, smap).id)
    assert build_map_checklist(catalogue, route_map).definition is None


def test_downloads_keep_the_riskiest_first_order(catalogue: Catalogue, route_map: SystemMap) -> None:
    """The map checklist's CSV lists controls in the ranked order, not regrouped by layer."""
    import csv
    import io

    from generator.downloads.formats import render

    checklist = build_map_checklist(catalogue, route_map)
    rows = list(csv.DictReader(io.StringIO(render(checklist, "csv").decode("utf-8"))))
    assert [r["id"] for r in rows] == list(checklist.control_ids)
    layers = [r["layer"] for r in rows]
    assert layers != sorted(layers, key=layers.index)  # not grouped: some layer comes back later
