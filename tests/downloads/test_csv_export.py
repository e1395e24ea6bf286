from __future__ import annotations

import csv
import io
import json

import pytest

from generator.downloads import csv_export, json_export
from generator.downloads.cells import restore
from generator.downloads.guards import DownloadError
from generator.select import Checklist
from tests.downloads.conftest import HOSTILE_TITLE


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_header_is_the_documented_column_order(checklist: Checklist) -> None:
    data = csv_export.render(checklist)
    assert data.decode("utf-8").splitlines()[0] == ",".join(csv_export.COLUMNS)
    assert csv_export.COLUMNS[:3] == ("id", "title", "layer")
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
