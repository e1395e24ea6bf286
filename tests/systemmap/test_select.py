"""The map's checklist: applicability per component, applies_to, ranking by risk and tiers."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace

from generator.applicability import applies
from generator.model import Catalogue
from generator.systemmap.facts import component_facts, map_facts
from generator.systemmap.model import SystemMap
from generator.systemmap.score import first_tier_size
from generator.systemmap.select import build_map_checklist, map_items


def test_every_control_that_applies_and_nothing_else(catalogue: Catalogue, route_map: SystemMap) -> None:
    checklist = build_map_checklist(catalogue, route_map)
    facts = map_facts(catalogue, route_map)
    expected = {c.id for c in catalogue.active_controls if any(applies(c, f) for f in facts.values())}
    assert checklist.items and set(checklist.control_ids) == expected
    for item in checklist.items:
        assert {c.type for c in route_map.components} & set(item.control.components)


def test_applies_to_names_the_users_components(catalogue: Catalogue, route_map: SystemMap) -> None:
    checklist = build_map_checklist(catalogue, route_map)
    labels = {label for item in checklist.items for label in item.applies_to}
    assert "route-history (object storage bucket)" in labels
    for item in checklist.items:
        assert item.ranking is not None
        assert [label.split(" (")[0] for label in item.applies_to] == list(item.ranking.components)
        for cid in item.ranking.components:
            assert applies(item.control, component_facts(catalogue, route_map, route_map.component(cid)))


def test_declared_data_kinds_replace_the_types_usual_ones(catalogue: Catalogue, route_map: SystemMap) -> None:
    bucket = route_map.component("route-history")
    facts = component_facts(catalogue, route_map, bucket)
    assert "location" in facts.data_kinds  # a free-text data label that is a data-kind id counts
    health = replace(bucket, data_kinds=("health",), data=())
    changed = replace(route_map, components=tuple(health if c.id == bucket.id else c for c in route_map.components))
    assert component_facts(catalogue, changed, health).data_kinds == {"health"}


def test_what_runs_on_a_device_lends_it_its_data(catalogue: Catalogue, route_map: SystemMap) -> None:
    from generator.systemmap.model import MapComponent

    phone = MapComponent(id="phones", type="mobile-device", exposure="internet", data_kinds=("personal",))
    app = replace(route_map.component("driver-app"), runs_on=("phones",), data_kinds=("location",))
    smap = replace(route_map, components=(*[c for c in route_map.components if c.id != "driver-app"], app, phone))
    assert "location" in component_facts(catalogue, smap, phone).data_kinds
    assert [h.component.id for h in smap.downstream("phones")] == ["driver-app"]


def test_a_platform_is_the_components_own_not_what_it_runs_on(catalogue: Catalogue, route_map: SystemMap) -> None:
    # The review offers a component the steps of its own platform only, so a platform condition
    # reads the same field: a service on an AWS cluster with no platform of its own stays unknown.
    from generator.systemmap.model import MapComponent

    cluster = MapComponent(id="cluster", type="compute-cluster", exposure="internal", platform="aws")
    service = MapComponent(id="service", type="model-serving", exposure="internal", runs_on=("cluster",))
    smap = replace(route_map, components=(*route_map.components, cluster, service))
    assert component_facts(catalogue, smap, cluster).platform == "aws"
    assert component_facts(catalogue, smap, service).platform == ""
    stated = replace(service, platform="gcp")
    smap = replace(smap, components=(*route_map.components, cluster, stated))
    assert component_facts(catalogue, smap, stated).platform == "gcp"


def test_intake_answers_raise_controls(catalogue: Catalogue, route_map: SystemMap) -> None:
    last = map_items(catalogue, route_map)[-1].control
    raised = replace(last, raised_by=("secrets-in-files",))
    cat = replace(catalogue, controls=tuple(raised if c.id == last.id else c for c in catalogue.controls))
    before = [i.control.id for i in map_items(cat, route_map)].index(last.id)
    answered = replace(route_map, intake=frozenset({"secrets-in-files"}))
    items = map_items(cat, answered)
    after = [i.control.id for i in items].index(last.id)
    assert after < before
    assert next(i for i in items if i.control.id == last.id).score.intake == 3


def test_ranked_by_score_and_tie_rule_within_and_after_the_first_tier(
    catalogue: Catalogue, route_map: SystemMap
) -> None:
    items = map_items(catalogue, route_map)
    first = first_tier_size(len(items))
    for part in (items[:first], items[first:]):  # the first tier is spread over components, each part sorted
        assert [i.sort_key for i in part] == sorted(i.sort_key for i in part)
        for a, b in itertools.pairwise(part):
            assert a.score.total >= b.score.total
    leads = Counter(i.components[0].id for i in items[:first])
    assert max(leads.values()) <= 0.4 * first


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
    assert rank(exposed, bucket_only) <= rank(route_map, bucket_only)


def test_tiers_and_summary(catalogue: Catalogue, route_map: SystemMap) -> None:
    checklist = build_map_checklist(catalogue, route_map)
    tiers = [i.ranking.tier for i in checklist.items if i.ranking]
    assert tiers == sorted(tiers, key=("first", "next", "later").index)
    assert 1 <= tiers.count("first") <= 20
    assert [i.ranking.rank for i in checklist.items if i.ranking] == list(range(1, len(tiers) + 1))
    assert f"the first {tiers.count('first')} are for this week" in checklist.summary


def test_checklist_id_is_a_valid_slug(catalogue: Catalogue, route_map: SystemMap) -> None:
    import re

    weird = replace(route_map, system="  Ünïcode & <script> 2!  ")
    for smap in (route_map, weird):
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", build_map_checklist(catalogue, smap).id)
    assert build_map_checklist(catalogue, route_map).definition is None


def test_downloads_keep_the_ranked_order_and_the_json_carries_the_ranking(
    catalogue: Catalogue, route_map: SystemMap
) -> None:
    import csv
    import io
    import json

    from generator.downloads.formats import render

    checklist = build_map_checklist(catalogue, route_map)
    rows = list(csv.DictReader(io.StringIO(render(checklist, "csv").decode("utf-8"))))
    assert [r["id"] for r in rows] == list(checklist.control_ids)
    data = json.loads(render(checklist, "json"))
    first = data["controls"][0]
    assert first["rank"] == 1 and first["tier"] == "first"
    assert first["score"]["total"] == sum(v for k, v in first["score"].items() if k != "total")
    assert first["applies_to_ids"] and all(route_map.has_component(c) for c in first["applies_to_ids"])
    assert all(step["minutes"] >= 1 for c in data["controls"] for step in c["verification"])
