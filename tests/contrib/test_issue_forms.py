"""The committed issue forms equal what ``ambit contrib issue-forms`` generates from the schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import yaml

from generator.contrib.issue_forms import FORM_FIELDS, FORMS_DIR, PROPOSE, WRONG_MAPPING, generate_forms

REPO = Path(__file__).resolve().parents[2]
Run = Callable[..., tuple[int, str, str]]
ELEMENT_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def test_committed_forms_match_the_schema() -> None:
    generated = generate_forms(REPO)
    assert set(generated) == {PROPOSE, WRONG_MAPPING}
    for name, text in generated.items():
        committed = REPO / FORMS_DIR / name
        assert committed.exists(), f"{committed} is missing; run `ambit contrib issue-forms`"
        assert committed.read_text(encoding="utf-8") == text, (
            f"{FORMS_DIR}/{name} has drifted from content/schema/control.schema.json; "
            "run `ambit contrib issue-forms` and commit the result"
        )


def test_forms_are_well_formed_issue_forms() -> None:
    for text in generate_forms(REPO).values():
        form = yaml.safe_load(text)
        assert {"name", "description", "body"} <= set(form)
        ids = [element["id"] for element in form["body"] if "id" in element]
        assert len(ids) == len(set(ids))
        for element in form["body"]:
            assert element["type"] in ELEMENT_TYPES
            assert element["attributes"].get("label") or element["type"] == "markdown"
            if element["type"] == "dropdown":
                assert element["attributes"]["options"]
        assert form["body"][-1]["id"] == "licence"


def test_propose_form_asks_for_every_required_schema_field() -> None:
    schema = json.loads((REPO / "content/schema/control.schema.json").read_text(encoding="utf-8"))
    form = yaml.safe_load(generate_forms(REPO)[PROPOSE])
    elements = {e["id"]: e for e in form["body"] if "id" in e}
    bookkeeping = {"id", "status", "added_in"}
    for field in set(schema["required"]) - bookkeeping:
        assert field in elements, field
        assert elements[field]["validations"]["required"] is True
    assert set(FORM_FIELDS) <= set(schema["properties"])
    assert elements["priority"]["attributes"]["options"] == schema["properties"]["priority"]["enum"]
    assert elements["sectors"]["validations"]["required"] is False


def test_check_mode_reports_drift(tmp_path: Path, project: Path, run_ambit: Run) -> None:
    code, out, _ = run_ambit("--root", str(project), "contrib", "issue-forms", "--check")
    assert code == 1 and "out of date" in out
    code, out, _ = run_ambit("--root", str(project), "contrib", "issue-forms")
    assert code == 0 and (project / FORMS_DIR / PROPOSE).exists()
    assert run_ambit("--root", str(project), "contrib", "issue-forms", "--check")[0] == 0


def test_a_folder_without_a_catalogue_is_reported_not_raised(tmp_path: Path, run_ambit: Run) -> None:
    code, out, _ = run_ambit("--root", str(tmp_path), "contrib", "issue-forms", "--check")
    assert code == 1 and "content/layers.yml is missing" in out
