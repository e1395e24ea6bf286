"""``ambit new``: stubs that guide, fail validation until filled, and never overwrite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.contrib import scaffold
from generator.contrib.project import read_vocabulary

from .helpers import fill

Run = Callable[..., tuple[int, str, str]]

STUB_CODES = {"too-short", "invalid-format", "invalid-value", "too-few", "out-of-range"}

HOSTING_VALUES = {
    "title": "Turn on object versioning for every bucket that holds training data",
    "summary": "Every bucket with training data keeps earlier versions of each object for at least 30 days.",
    "description": "Enable versioning and a lifecycle rule that keeps noncurrent versions for 30 days.",
    "rationale": "Without versions, an attacker or a faulty job that overwrites training data leaves no way back.",
    "priority": "recommended",
    "lifecycle": ["storage"],
    "components": ["object-storage"],
    "threats": ["public-storage-exposure"],
    "verification": [{"step": "Open each data bucket's versioning setting.", "evidence": "Screenshot per bucket."}],
    "effort_minutes": 10,
    "references": {"nist-csf-2.0": ["PR.DS-01"]},
}


def test_new_control_takes_the_next_id_and_fails_validation_until_filled(project: Path, run_ambit: Run) -> None:
    code, out, err = run_ambit("--root", str(project), "new", "control", "--layer", "hosting")
    assert (code, err) == (0, "")
    path = project / "content/controls/hosting/HST-002.yml"
    assert out.startswith("created content/controls/hosting/HST-002.yml\n")
    assert "ambit validate" in out and "make serve" in out
    # The preview serves under site_url's path (/ambit/), so the link printed must include it.
    assert "http://127.0.0.1:8000/ambit/controls/HST-002/ to preview it" in out
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/control.schema.json\n")
    assert "added_in: 0.1.0" in text  # the catalogue version being prepared

    code, out, _ = run_ambit("--root", str(project), "validate")
    assert code == 1
    problems = [line for line in out.splitlines() if ": error[" in line]
    assert problems and all(line.startswith("content/controls/hosting/HST-002.yml:") for line in problems)
    codes = {line.split("error[")[1].split("]")[0] for line in problems}
    assert codes <= STUB_CODES
    for field in ("title", "summary", "priority", "lifecycle", "components", "threats", "verification", "references"):
        assert any(field in line for line in problems), field

    path.write_text(fill(text, HOSTING_VALUES), encoding="utf-8")
    code, out, _ = run_ambit("--root", str(project), "validate")
    assert (code, out.split(":")[0]) == (0, "ok")


def test_stub_comments_list_the_values_that_exist(project: Path) -> None:
    vocab = read_vocabulary(project)
    layer = vocab.layer("hosting")
    assert layer is not None
    text = scaffold.control_stub(vocab, layer, "HST-002").text
    assert "object-storage" in text and "public-storage-exposure" in text
    assert "nist-csf-2.0, owasp-llm-2025" in text
    assert "identity-provider" not in text  # components of other layers are not suggested
    assert all(len(line) <= 110 for line in text.splitlines())


def test_next_id_counts_retired_controls(project: Path, run_ambit: Run) -> None:
    source = (project / "content/controls/hosting/HST-001.yml").read_text(encoding="utf-8")
    retired = source.replace("id: HST-001", "id: HST-007").replace(
        "status: active", "status: retired\nretired_in: 0.1.0\nretired_reason: Folded into the storage policy control."
    )
    (project / "content/controls/hosting/HST-007.yml").write_text(retired, encoding="utf-8")
    assert run_ambit("--root", str(project), "validate")[0] == 0
    code, out, _ = run_ambit("--root", str(project), "new", "control", "--layer", "hosting")
    assert code == 0 and "HST-008.yml" in out


def test_ids_beyond_999_use_four_digits(project: Path) -> None:
    vocab = read_vocabulary(project)
    layer = vocab.layer("identity")
    assert layer is not None
    (project / "content/controls/identity/IAM-999.yml").write_text("id: IAM-999\n", encoding="utf-8")
    assert scaffold.next_control_id(project, layer) == "IAM-1000"


def test_unknown_layer_is_a_usage_error_with_a_suggestion(project: Path, run_ambit: Run) -> None:
    code, out, err = run_ambit("--root", str(project), "new", "control", "--layer", "hostng")
    assert code == 2 and out == ""
    assert "unknown layer 'hostng'" in err and "did you mean 'hosting'?" in err
    assert not (project / "content/controls/hostng").exists()


def test_missing_layer_option_is_a_usage_error(project: Path, run_ambit: Run) -> None:
    code, _, err = run_ambit("--root", str(project), "new", "control")
    assert code == 2 and "--layer" in err


def test_new_control_never_overwrites(project: Path, run_ambit: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project / "content/controls/hosting/HST-001.yml"
    before = path.read_bytes()
    monkeypatch.setattr(scaffold, "next_control_id", lambda root, layer: "HST-001")
    code, out, err = run_ambit("--root", str(project), "new", "control", "--layer", "hosting")
    assert code == 1 and out == ""
    assert "content/controls/hosting/HST-001.yml already exists" in err
    assert path.read_bytes() == before


def test_new_checklist_stub_fails_until_filled(project: Path, run_ambit: Run) -> None:
    code, out, _ = run_ambit("--root", str(project), "new", "checklist", "retail-pharmacy")
    assert code == 0 and out.startswith("created checklists/retail-pharmacy.yml\n")
    assert "http://127.0.0.1:8000/ambit/checklists/retail-pharmacy/ to preview it" in out
    path = project / "checklists/retail-pharmacy.yml"
    code, out, _ = run_ambit("--root", str(project), "validate")
    assert code == 1
    problems = [line for line in out.splitlines() if ": error[" in line]
    assert problems and all(line.startswith("checklists/retail-pharmacy.yml:") for line in problems)
    assert any("select" in line for line in problems)
    filled = fill(
        path.read_text(encoding="utf-8"),
        {
            "title": "Retail pharmacy",
            "summary": "For a pharmacy chain forecasting stock with AI.",
            "introduction": "A pharmacy chain forecasts stock levels from sales and prescriptions.",
            "select": [{"priorities": ["essential"]}, {"sectors": ["healthcare"]}],
        },
    )
    path.write_text(filled, encoding="utf-8")
    assert run_ambit("--root", str(project), "validate")[0] == 0


def test_new_checklist_refuses_existing_and_bad_ids(project: Path, run_ambit: Run) -> None:
    path = project / "checklists/baseline.yml"
    before = path.read_bytes()
    code, _, err = run_ambit("--root", str(project), "new", "checklist", "baseline")
    assert code == 1 and "checklists/baseline.yml already exists" in err
    assert path.read_bytes() == before
    code, _, err = run_ambit("--root", str(project), "new", "checklist", "Retail_Pharmacy")
    assert code == 2 and "not a checklist id" in err


def test_missing_layers_file_is_reported(tmp_path: Path, run_ambit: Run) -> None:
    code, out, _ = run_ambit("--root", str(tmp_path), "new", "control", "--layer", "hosting")
    assert code == 1 and "content/layers.yml is missing" in out
