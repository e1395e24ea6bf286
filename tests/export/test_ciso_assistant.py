"""The CISO Assistant library passes the checks CISO Assistant applies when it stores and loads one.

CISO Assistant's loader is Django code that needs its database, so it cannot run here. These
tests re-state its checks, as read in intuitem/ciso-assistant-community at the commit
``generator.export.ciso_assistant.FORMAT_COMMIT``:

- ``backend/core/models.py``, ``StoredLibrary.store_library_content``: the file is a YAML mapping
  with ``urn``, ``name``, ``version`` and ``objects``; ``URN_REGEX`` matches the library URN;
  ``int(version)`` works;
- ``backend/library/utils.py``: ``LibraryImporter`` (``objects`` holds a known object field,
  not both ``framework`` and ``frameworks``), ``FrameworkImporter`` (``ref_id`` and ``urn``,
  at least one requirement node, each with a ``urn``), ``RequirementMappingSetImporter`` and
  ``RequirementMappingImporter`` (their required fields, at least one mapping);
- the model fields the importer fills (``RequirementNode.Importance``, ``Question.Type``,
  ``RequirementMapping.Relationship``, ``max_length`` 200 for names, 100 for ``ref_id``, 255 for
  URNs) and ``tools/README.md`` (implementation groups referenced are defined; a question's
  choices select defined groups).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from generator.export.ciso_assistant import (
    library,
    library_version,
    map_library,
    mapping_library,
    render_library,
    render_mappings,
    render_yaml,
    targets,
)
from generator.model import Catalogue
from generator.select import Checklist, all_checklists

URN_REGEX = (
    r"^urn:([a-zA-Z0-9_-]+):([a-zA-Z0-9_-]+):([a-zA-Z0-9_-]+)(?::([a-zA-Z0-9_-]+))?:([0-9A-Za-z\[\]\(\)\-\._:]+)$"
)
LIBRARY_REQUIRED = {"urn", "name", "version", "objects"}
OBJECT_FIELDS = {
    "ttp_catalogs", "tactics", "techniques", "threats", "reference_controls", "metric_definitions",
    "risk_matrix", "risk_matrices", "framework", "frameworks", "requirement_mapping_set",
    "requirement_mapping_sets", "preset", "workflows",
}  # fmt: skip
IMPORTANCE = {"mandatory", "recommended", "nice_to_have", "undefined"}
QUESTION_TYPES = {"text", "number", "boolean", "unique_choice", "multiple_choice", "date"}
RELATIONSHIPS = {"subset", "intersect", "equal", "superset", "not_related"}


def library_problems(document: Any) -> list[str]:
    """Every rule of CISO Assistant's store and load steps that ``document`` breaks."""
    problems: list[str] = []
    if not isinstance(document, dict):
        return ["the YAML content must be a mapping"]
    if missing := LIBRARY_REQUIRED - set(document):
        problems.append(f"library misses {sorted(missing)}")
    if not re.match(URN_REGEX, str(document.get("urn", "")).lower()):
        problems.append("library URN is badly formatted")
    try:
        int(document.get("version"))
    except (TypeError, ValueError):
        problems.append("version is not an integer")
    objects = document.get("objects", {})
    if not set(objects) & OBJECT_FIELDS:
        problems.append("objects holds no known object field")
    if "framework" in objects and "frameworks" in objects:
        problems.append("both framework and frameworks")
    if "framework" in objects:
        problems += framework_problems(objects["framework"])
    for mapping_set in objects.get("requirement_mapping_sets", []):
        problems += mapping_set_problems(mapping_set)
    return problems


def framework_problems(framework: dict[str, Any]) -> list[str]:
    problems = [f"framework misses {f}" for f in ("ref_id", "urn") if f not in framework]
    nodes = framework.get("requirement_nodes", [])
    if not nodes:
        problems.append("framework has no requirement node")
    groups = {g["ref_id"] for g in framework.get("implementation_groups_definition", [])}
    seen: dict[str, int] = {}
    urns: set[str] = set()
    for n, node in enumerate(nodes):
        where = f"node {n + 1} ({node.get('ref_id')})"
        if "urn" not in node:
            problems.append(f"{where} misses urn")
            continue
        node_urn = node["urn"].lower()
        if not re.match(URN_REGEX, node_urn) or len(node_urn) > 255:
            problems.append(f"{where}: bad URN")
        if node_urn in urns:
            problems.append(f"{where}: duplicate URN")
        urns.add(node_urn)
        if len(node.get("name") or "") > 200 or len(node.get("ref_id") or "") > 100:
            problems.append(f"{where}: name or ref_id too long")
        parent = node.get("parent_urn")
        if parent is not None and parent not in seen:
            problems.append(f"{where}: parent_urn {parent} is not an earlier node")
        elif parent is not None and node.get("depth") != seen[parent] + 1:
            problems.append(f"{where}: depth does not follow its parent's")
        seen[node_urn] = node.get("depth", 1)
        if node.get("importance", "undefined") not in IMPORTANCE:
            problems.append(f"{where}: importance {node.get('importance')}")
        if unknown := set(node.get("implementation_groups") or []) - groups:
            problems.append(f"{where}: undefined implementation groups {sorted(unknown)}")
        for q_urn, question in (node.get("questions") or {}).items():
            if not re.match(URN_REGEX, q_urn) or question.get("type") not in QUESTION_TYPES:
                problems.append(f"{where}: question {q_urn}")
            for choice in question.get("choices", []):
                if not choice.get("urn", "").startswith(q_urn) or not choice.get("value"):
                    problems.append(f"{where}: choice of {q_urn}")
                if unknown := set(choice.get("select_implementation_groups") or []) - groups:
                    problems.append(f"{where}: choice selects undefined groups {sorted(unknown)}")
    return problems


def mapping_set_problems(mapping_set: dict[str, Any]) -> list[str]:
    required = {"urn", "name", "source_framework_urn", "target_framework_urn"}
    problems = [f"mapping set misses {f}" for f in sorted(required - set(mapping_set))]
    mappings = mapping_set.get("requirement_mappings", [])
    if not mappings:
        problems.append("mapping set has no mapping")
    for mapping in mappings:
        needed = {"target_requirement_urn", "relationship", "source_requirement_urn"}
        if needed - set(mapping) or mapping["relationship"] not in RELATIONSHIPS:
            problems.append(f"bad mapping {mapping}")
    return problems


@pytest.fixture(scope="module")
def document(real_catalogue: Catalogue) -> dict[str, Any]:
    """The library as CISO Assistant reads it: ``yaml.safe_load`` of the bytes."""
    loaded: dict[str, Any] = yaml.safe_load(render_library(real_catalogue))
    return loaded


def test_the_library_passes_ciso_assistants_checks(document: dict[str, Any]) -> None:
    assert library_problems(document) == []


@pytest.mark.parametrize(
    ("breakage", "problem"),
    [
        (lambda d: d.pop("version"), "misses ['version']"),
        (lambda d: d.update(urn="not a urn"), "badly formatted"),
        (lambda d: d["objects"]["framework"]["requirement_nodes"][2].update(importance="high"), "importance high"),
        (
            lambda d: d["objects"]["framework"]["requirement_nodes"][2].update(implementation_groups=["nope"]),
            "undefined implementation groups",
        ),
        (lambda d: d["objects"]["framework"]["requirement_nodes"][2].pop("urn"), "misses urn"),
    ],
)
def test_the_checks_catch_a_broken_library(real_catalogue: Catalogue, breakage: Any, problem: str) -> None:
    broken = library(real_catalogue)
    breakage(broken)
    assert any(problem in p for p in library_problems(broken))


def test_one_node_per_layer_then_its_active_controls(real_catalogue: Catalogue, document: dict[str, Any]) -> None:
    nodes = document["objects"]["framework"]["requirement_nodes"]
    controls = [n for n in nodes if n["depth"] == 2]
    assert [n["ref_id"] for n in controls] == [
        c.id for layer in real_catalogue.layers for c in sorted(real_catalogue.active_controls, key=lambda c: c.id)
        if c.layer == layer.id
    ]  # fmt: skip
    layers = [n for n in nodes if n["depth"] == 1 and not n.get("questions")]
    assert [n["name"] for n in layers] == [layer.name for layer in real_catalogue.layers]
    node = next(n for n in controls if n["ref_id"] == "IAM-001")
    control = real_catalogue.control("IAM-001")
    assert node["assessable"] is True
    assert node["importance"] == "mandatory"
    assert node["description"].startswith(control.summary.strip())
    assert control.verification[0].evidence.strip() in node["typical_evidence"]


def test_each_sector_checklist_is_an_implementation_group(real_catalogue: Catalogue, document: dict[str, Any]) -> None:
    framework = document["objects"]["framework"]
    defined = {g["ref_id"]: g for g in framework["implementation_groups_definition"]}
    assert defined["baseline"].get("default_selected") is True
    for checklist in all_checklists(real_catalogue):
        members = [
            n["ref_id"]
            for n in framework["requirement_nodes"]
            if checklist.id in (n.get("implementation_groups") or []) and n["depth"] == 2
        ]
        assert sorted(members) == sorted(checklist.control_ids), checklist.id


def test_intake_questions_form_a_questionnaire_that_selects_their_controls(
    real_catalogue: Catalogue, document: dict[str, Any]
) -> None:
    framework = document["objects"]["framework"]
    intake = framework["requirement_nodes"][0]
    assert intake["ref_id"] == "intake"
    questions = list(intake["questions"].values())
    assert [q["text"] for q in questions] == [q.question.strip() for q in real_catalogue.intake]
    question = real_catalogue.intake[0]
    yes = next(q for q in questions if q["text"] == question.question.strip())["choices"][0]
    (group,) = yes["select_implementation_groups"]
    switched_on = {
        n["ref_id"]
        for n in framework["requirement_nodes"]
        if group in (n.get("implementation_groups") or []) and n["depth"] == 2
    }
    expected = {c.id for c in real_catalogue.active_controls if question.id in (*c.raised_by, *c.applies_when.intake)}
    assert expected and switched_on == expected


def test_mappings_name_nodes_from_ciso_assistants_libraries(real_catalogue: Catalogue) -> None:
    document = mapping_library(real_catalogue)
    assert document is not None
    assert library_problems(yaml.safe_load(render_mappings(real_catalogue) or b"")) == []
    known = targets()["frameworks"]
    assert set(document["dependencies"][1:]) == {known[k]["library_urn"] for k in known}
    by_target = {s["target_framework_urn"]: s for s in document["objects"]["requirement_mapping_sets"]}
    iso = by_target[known["iso-27001-2022"]["framework_urn"]]
    pairs = {(m["source_requirement_urn"], m["target_requirement_urn"]) for m in iso["requirement_mappings"]}
    assert ("urn:ambit:risk:req_node:ambit:iam-001", "urn:intuitem:risk:req_node:iso27001-2022:a.8.5") in pairs
    expected = sum(
        1
        for c in real_catalogue.active_controls
        for i in c.references.get("iso-27001-2022", ())
        if i in known["iso-27001-2022"]["nodes"]
    )
    assert len(pairs) == expected
    nodes = {n["urn"] for n in library(real_catalogue)["objects"]["framework"]["requirement_nodes"]}
    assert all(m["source_requirement_urn"] in nodes for s in by_target.values() for m in s["requirement_mappings"])


def test_version_grows_with_each_release() -> None:
    assert library_version("0.2.0") < library_version("0.2.1") < library_version("0.10.0") < library_version("1.0.0")


def test_same_catalogue_same_bytes(real_catalogue: Catalogue) -> None:
    assert render_library(real_catalogue) == render_library(real_catalogue)


def test_a_map_library_holds_the_maps_controls_with_tiers_as_groups(
    real_catalogue: Catalogue, example_maps: list[Checklist]
) -> None:
    for checklist in example_maps:
        document = yaml.safe_load(render_yaml(map_library(real_catalogue, checklist)))
        assert library_problems(document) == [], checklist.id
        framework = document["objects"]["framework"]
        controls = [n for n in framework["requirement_nodes"] if n["depth"] == 2]
        assert sorted(n["ref_id"] for n in controls) == sorted(checklist.control_ids)
        rank = {i.control.id: i.ranking.rank for i in checklist.items if i.ranking}
        tier = {i.control.id: i.ranking.tier for i in checklist.items if i.ranking}
        assert all(n["implementation_groups"] == [tier[n["ref_id"]]] for n in controls)
        for layer in [n for n in framework["requirement_nodes"] if n["depth"] == 1]:
            members = [n["ref_id"] for n in controls if n["parent_urn"] == layer["urn"]]
            assert members == sorted(members, key=rank.__getitem__)  # rank order within a layer
        assert framework["implementation_groups_definition"][0] == {
            "ref_id": "first",
            "name": "First tier: this week",
            "default_selected": True,
        }
