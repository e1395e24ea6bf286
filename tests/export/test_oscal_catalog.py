"""The OSCAL catalog: valid for compliance-trestle's models, complete, stable, deterministic."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from generator.export.oscal_catalog import catalog_document, reference_uuid, render_catalog
from generator.export.oscal_common import OSCAL_VERSION, PROP_NS, control_id
from generator.model import Catalogue


def _controls(document: dict) -> dict[str, dict]:
    return {c["id"]: c for g in document["catalog"]["groups"] for c in g["controls"]}


def _props(control: dict, name: str) -> list[str]:
    return [p["value"] for p in control.get("props", []) if p["name"] == name]


def test_trestle_loads_the_catalog(real_catalogue: Catalogue, tmp_path: Path) -> None:
    from trestle.oscal.catalog import Catalog

    path = tmp_path / "catalog.json"
    path.write_bytes(render_catalog(real_catalogue))
    catalog = Catalog.oscal_read(path)
    assert catalog is not None
    assert catalog.metadata.oscal_version.root.root == OSCAL_VERSION
    loaded = [c.id for g in catalog.groups for c in g.controls]
    assert loaded == [
        control_id(c.id)
        for layer in real_catalogue.layers
        for c in sorted((c for c in real_catalogue.controls if c.layer == layer.id), key=lambda c: c.id)
    ]


def test_trestle_rejects_a_field_oscal_does_not_define(real_catalogue: Catalogue, tmp_path: Path) -> None:
    """The loading test above can fail: trestle's models refuse what OSCAL does not allow."""
    from trestle.common.err import TrestleError
    from trestle.oscal.catalog import Catalog

    document = catalog_document(real_catalogue)
    document["catalog"]["groups"][0]["controls"][0]["statement"] = "not an OSCAL field"
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(TrestleError):
        Catalog.oscal_read(path)


def test_one_group_per_layer_in_catalogue_order(real_catalogue: Catalogue) -> None:
    groups = catalog_document(real_catalogue)["catalog"]["groups"]
    assert [g["id"] for g in groups] == [layer.id for layer in real_catalogue.layers]
    assert [g["title"] for g in groups] == [layer.name for layer in real_catalogue.layers]


def test_a_control_carries_its_text_steps_and_classification(real_catalogue: Catalogue) -> None:
    control = real_catalogue.control("IAM-001")
    record = _controls(catalog_document(real_catalogue))["iam-001"]
    assert record["title"] == control.title.strip()
    assert _props(record, "label") == ["IAM-001"]
    parts = {p["name"]: p for p in record["parts"]}
    assert parts["statement"]["prose"] == control.summary.strip()
    assert parts["guidance"]["prose"] == control.description.strip()
    assert parts["rationale"]["prose"] == control.rationale.strip()
    assert parts["rationale"]["ns"] == PROP_NS
    methods = [p for p in record["parts"] if p["name"] == "assessment-method"]
    assert [m["prose"] for m in methods] == [s.step.strip() for s in control.verification]
    assert [m["parts"][0]["prose"] for m in methods] == [s.evidence.strip() for s in control.verification]
    assert [m["parts"][0]["name"] for m in methods] == ["assessment-objects"] * len(methods)
    assert _props(record, "priority") == [control.priority]
    assert _props(record, "lifecycle") == list(control.lifecycle)
    assert _props(record, "component") == list(control.components)
    assert _props(record, "threat") == list(control.threats)
    sector_notes = [p for p in record["parts"] if p["name"] == "sector-note"]
    assert [p["props"][0]["value"] for p in sector_notes] == sorted(control.sectors)


def test_references_link_to_back_matter_resources(real_catalogue: Catalogue) -> None:
    document = catalog_document(real_catalogue)
    resources = {r["uuid"]: r for r in document["catalog"]["back-matter"]["resources"]}
    record = _controls(document)["iam-001"]
    links = [link for link in record["links"] if link["rel"] == "reference"]
    expected = [(key, i) for key, ids in real_catalogue.control("IAM-001").references.items() for i in ids]
    assert [link["href"] for link in links] == [f"#{reference_uuid(k, i)}" for k, i in expected]
    for (key, item_id), link in zip(expected, links, strict=True):
        resource = resources[link["href"][1:]]
        assert {p["name"]: p["value"] for p in resource["props"]} == {"framework": key, "identifier": item_id}
        title = real_catalogue.framework(key).by_id[item_id].title.strip()
        assert resource["title"].endswith(f"{item_id}: {title}")
    # Every reference of every control resolves to a resource.
    hrefs = {
        link["href"][1:]
        for c in _controls(document).values()
        for link in c.get("links", [])
        if link["rel"] == "reference"
    }
    assert hrefs <= set(resources)


def test_a_retired_control_is_withdrawn_and_points_to_its_successor(real_catalogue: Catalogue) -> None:
    old = real_catalogue.control("IAM-002")
    retired = dataclasses.replace(old, status="retired", retired_in="0.3.0", superseded_by="IAM-001")
    controls = tuple(retired if c.id == old.id else c for c in real_catalogue.controls)
    record = _controls(catalog_document(dataclasses.replace(real_catalogue, controls=controls)))["iam-002"]
    assert _props(record, "status") == ["withdrawn"]
    assert _props(record, "retired-in") == ["0.3.0"]
    assert {"href": "#iam-001", "rel": "moved-to"} in record["links"]
    active = _controls(catalog_document(real_catalogue))["iam-002"]
    assert _props(active, "status") == []


def test_same_catalogue_same_bytes_and_a_change_gives_a_new_uuid(real_catalogue: Catalogue) -> None:
    first = render_catalog(real_catalogue)
    assert render_catalog(real_catalogue) == first
    control = real_catalogue.control("IAM-001")
    changed = dataclasses.replace(control, title=control.title + " (edited)")
    edited = dataclasses.replace(
        real_catalogue, controls=tuple(changed if c.id == control.id else c for c in real_catalogue.controls)
    )
    assert json.loads(render_catalog(edited))["catalog"]["uuid"] != json.loads(first)["catalog"]["uuid"]
    assert json.loads(first)["catalog"]["metadata"]["last-modified"].startswith(real_catalogue.info.date)
