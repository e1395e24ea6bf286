from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from generator.downloads import csv_export, json_export
from generator.downloads.cells import restore
from generator.downloads.guards import DownloadError
from generator.downloads.references import SHORT_NAMES
from generator.model import Catalogue
from generator.select import Checklist
from tests.downloads.conftest import HOSTILE_TITLE


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_header_is_the_documented_column_order(checklist: Checklist) -> None:
    data = csv_export.render(checklist)
    header = next(csv.reader(io.StringIO(data.decode("utf-8"))))
    # The fixed columns first, then one per framework in the published order: new ones only append.
    assert header == [*csv_export.COLUMNS, *(name for _, name in SHORT_NAMES)]
    assert csv_export.COLUMNS[:3] == ("id", "title", "layer")
    assert csv_export.COLUMNS[-4:] == ("status", "owner", "due_date", "notes")
    for name in csv_export.COLUMNS:  # the docstring documents every column
        assert f"``{name}``" in (csv_export.__doc__ or "")


def test_csv_parses_to_the_same_rows_as_the_json(hostile: Checklist) -> None:
    rows = _rows(csv_export.render(hostile))
    controls = json.loads(json_export.render(hostile))["controls"]
    assert len(rows) == len(controls) == 3
    for row, control in zip(rows, controls, strict=True):
        expected = {
            "id": control["id"],
            "title": control["title"],
            "layer": control["layer"],
            "layer_name": control["layer_name"],
            "priority": control["priority"],
            "summary": control["summary"],
            "how_to_verify": "\n".join(
                f"{i}. {' '.join(v['step'].split())}" for i, v in enumerate(control["verification"], 1)
            ),
            "evidence_to_keep": "\n".join(
                f"{i}. {' '.join(v['evidence'].split())}" for i, v in enumerate(control["verification"], 1)
            ),
            "sector_note": control["sector_note"],
            "applies_to": "; ".join(control["applies_to"]),
            "effort_minutes": str(control["effort_minutes"]),
            "url": control["url"],
        }
        assert {k: restore(v) for k, v in row.items() if k in expected} == expected
        assert row["status"] == row["owner"] == row["due_date"] == row["notes"] == ""


def test_formula_cells_are_neutralised(hostile: Checklist) -> None:
    row = _rows(csv_export.render(hostile))[2]
    assert row["title"] == "'" + HOSTILE_TITLE
    assert row["summary"].startswith("'@")
    assert row["sector_note"].startswith("'-2+3")
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_guard_rejects_a_dropped_row(checklist: Checklist) -> None:
    data = csv_export.render(checklist)
    truncated = b"\r\n".join(data.split(b"\r\n")[:2]) + b"\r\n"
    with pytest.raises(DownloadError, match="missing IAM-001"):
        csv_export.check(truncated, checklist.control_ids)


def test_framework_columns_hold_each_controls_ids_joined(catalogue: Catalogue, checklist: Checklist) -> None:
    iam = catalogue.control("IAM-001")
    two = dataclasses.replace(
        iam, references={"nist-csf-2.0": ("PR.AA-03", "PR.AA-01"), "owasp-llm-2025": ("LLM02:2025",)}
    )
    changed = dataclasses.replace(
        checklist,
        items=tuple(dataclasses.replace(i, control=two) if i.control.id == "IAM-001" else i for i in checklist.items),
    )
    rows = {r["id"]: r for r in _rows(csv_export.render(changed, catalogue.frameworks))}
    assert rows["IAM-001"]["NIST CSF 2.0"] == "PR.AA-03; PR.AA-01"
    assert rows["IAM-001"]["OWASP LLM"] == "LLM02:2025"
    assert rows["IAM-001"]["HIPAA"] == ""
    assert rows["HST-001"]["HIPAA"] == ""


def test_a_registry_the_table_does_not_know_is_appended_under_its_name(
    catalogue: Catalogue, checklist: Checklist
) -> None:
    extra = dataclasses.replace(catalogue.frameworks[0], key="zz-local", name="Local policy")
    header = next(csv.reader(io.StringIO(csv_export.render(checklist, (*catalogue.frameworks, extra)).decode("utf-8"))))
    assert header[-1] == "Local policy"
    assert header[:-1] == [*csv_export.COLUMNS, *(name for _, name in SHORT_NAMES)]


def test_the_introduction_and_regulations_stay_out_of_the_csv(hostile: Checklist, hostile_about: Checklist) -> None:
    # One row per control is the CSV's contract: what the checklist is about is in the other formats.
    assert csv_export.render(hostile_about) == csv_export.render(hostile)
