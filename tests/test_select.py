"""Selection: rules pick controls, include/exclude are exceptions, order is layer then priority."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.catalogue import load_catalogue
from generator.model import ChecklistDefinition, SelectionRule
from generator.select import build_checklist, rule_matches, select_controls


def definition(
    *rules: SelectionRule, include: tuple[str, ...] = (), exclude: tuple[str, ...] = (), sector: str = ""
) -> ChecklistDefinition:
    return ChecklistDefinition(
        id="t",
        title="Test",
        summary="A test list",
        introduction="x",
        rules=rules,
        path="checklists/t.yml",
        sector=sector,
        include=include,
        exclude=exclude,
    )


def test_rules_and_exceptions(project: Path) -> None:
    cat = load_catalogue(project).catalogue
    essential = definition(SelectionRule(priorities=("essential",)))
    assert [c.id for c in select_controls(cat, essential)] == ["IAM-001"]
    with_include = definition(SelectionRule(priorities=("essential",)), include=("HST-001",))
    assert [c.id for c in select_controls(cat, with_include)] == ["HST-001", "IAM-001"]  # hosting precedes identity
    excluded = definition(SelectionRule(layers=("identity", "hosting")), exclude=("IAM-001",))
    assert [c.id for c in select_controls(cat, excluded)] == ["HST-001"]


def test_a_rule_needs_every_field_to_match(project: Path) -> None:
    cat = load_catalogue(project).catalogue
    iam = cat.control("IAM-001")
    assert rule_matches(SelectionRule(sectors=("healthcare",), priorities=("essential",)), iam)
    assert not rule_matches(SelectionRule(sectors=("healthcare",), priorities=("advanced",)), iam)
    assert rule_matches(SelectionRule(components=("identity-provider", "object-storage")), iam)


def test_sector_notes_are_attached_and_retired_controls_left_out(project: Path) -> None:
    cat = load_catalogue(project).catalogue
    checklist = build_checklist(cat, definition(SelectionRule(layers=("identity",)), sector="healthcare"))
    assert [(i.control.id, i.sector_note) for i in checklist.items] == [
        ("IAM-001", "Keep break-glass accounts with hardware keys.")
    ]
    retired = replace(cat, controls=tuple(replace(c, status="retired") for c in cat.controls))
    assert build_checklist(retired, definition(SelectionRule(layers=("identity",)))).items == ()


def test_a_new_sector_noted_control_lands_in_the_sector_checklist(project: Path) -> None:
    path = project / "content/controls/hosting/HST-001.yml"
    path.write_text(path.read_text().replace("status: active", "sectors:\n  healthcare: Segment it.\nstatus: active"))
    cat = load_catalogue(project).catalogue
    checklist = build_checklist(cat, definition(SelectionRule(sectors=("healthcare",)), sector="healthcare"))
    assert checklist.control_ids == ("HST-001", "IAM-001")
