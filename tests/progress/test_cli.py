from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.progress.conftest import Fill

Run = Callable[..., tuple[int, str, str]]


def test_from_xlsx_writes_a_progress_file(run_ambit: Run, project: Path, filled: Fill, tmp_path: Path) -> None:
    workbook = filled({"Checklist": {"H2": "implemented", "K2": '=HYPERLINK("x")'}})
    out = tmp_path / "progress.json"
    code, _, err = run_ambit("--root", str(project), "progress", "from-xlsx", str(workbook), "-o", str(out))
    # The fixture's baseline selects only IAM-001; this workbook also holds HST-001.
    assert code == 1, err
    assert "Checklist!A2: error[unknown-control]: HST-001 is not in checklist 'baseline'" in err
    assert "Checklist!K2: error[formula]: the Notes cell holds a formula" in err  # every problem in one run
    assert "nothing written" in err and not out.exists()


def test_from_xlsx_then_merge_round_trip(run_ambit: Run, project: Path, filled: Fill, tmp_path: Path) -> None:
    definition = project / "checklists" / "baseline.yml"
    definition.write_text(
        definition.read_text(encoding="utf-8").replace("[essential]", "[essential, recommended]"), encoding="utf-8"
    )
    workbook = filled({"Checklist": {"H3": "risk accepted", "K3": "<script>alert(1)</script>"}})
    out = tmp_path / "progress.json"
    code, _, err = run_ambit("--root", str(project), "progress", "from-xlsx", str(workbook), "-o", str(out))
    assert code == 0, err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["items"] == {"IAM-001": {"status": "risk-accepted", "notes": "<script>alert(1)</script>"}}
    merged, report = tmp_path / "new.json", tmp_path / "report.md"
    code, _, err = run_ambit(
        "--root", str(project), "progress", "merge", str(out), "-o", str(merged), "--report", str(report)
    )
    assert code == 0, err
    assert json.loads(merged.read_text(encoding="utf-8")) == data
    assert "Nothing changed in the answered controls." in report.read_text(encoding="utf-8")


def test_merge_reports_to_stderr_and_refuses_bad_files(run_ambit: Run, project: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(
        json.dumps(
            {
                "format": "ambit-progress",
                "format_version": 1,
                "checklist": "baseline",
                "catalogue_version": "0.0.1",
                "items": {"PPL-999": {"status": "implemented"}},
            }
        ),
        encoding="utf-8",
    )
    code, _, err = run_ambit("--root", str(project), "progress", "merge", str(old), "-o", str(tmp_path / "n.json"))
    assert code == 0, err
    assert "## Not in the catalogue (answers dropped)\n\n- PPL-999" in err
    old.write_text('{"format": "ambit-progress", "items": {"IAM-001": {"status": "done"}}}', encoding="utf-8")
    code, _, err = run_ambit("--root", str(project), "progress", "merge", str(old), "-o", str(tmp_path / "m.json"))
    assert code == 1
    assert f"{old}:1:1: error[progress-schema]" in err and "'done' is not one of" in err
    assert not (tmp_path / "m.json").exists()


def test_usage_errors(run_ambit: Run, project: Path, tmp_path: Path) -> None:
    code, _, err = run_ambit("--root", str(project), "progress", "merge", "x.json", "-o", str(tmp_path))
    assert code == 2 and "is a folder" in err
    code, _, err = run_ambit(
        "--root", str(project), "progress", "merge", "x.json", "--checklist", "baselin", "-o", str(tmp_path / "o.json")
    )
    assert code == 2 and "did you mean 'baseline'?" in err
    code, _, err = run_ambit("--root", str(project), "progress")
    assert code == 2


def test_a_report_path_that_is_a_folder_is_refused_before_anything_is_written(
    run_ambit: Run, project: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.json"
    old.write_text(
        '{"format": "ambit-progress", "format_version": 1, "checklist": "baseline", "catalogue_version": "0.0.1",'
        ' "items": {}}',
        encoding="utf-8",
    )
    out = tmp_path / "new.json"
    code, _, err = run_ambit("--root", str(project), "progress", "merge", str(old), "-o", str(out), "--report", ".")
    assert code == 2 and "--report . is a folder" in err
    assert not out.exists()


def test_an_older_workbook_is_read_against_the_whole_catalogue(
    run_ambit: Run, project: Path, filled: Fill, tmp_path: Path
) -> None:
    import openpyxl

    workbook = filled({"Checklist": {"H2": "implemented"}})
    book = openpyxl.load_workbook(workbook)
    book.properties.keywords = "ambit-checklist:baseline ambit-catalogue:0.0.9"
    book.save(workbook)
    out = tmp_path / "old.json"
    code, _, err = run_ambit("--root", str(project), "progress", "from-xlsx", str(workbook), "-o", str(out))
    assert code == 0, err  # HST-001 is not in today's baseline, but it is in the catalogue
    assert "run `ambit progress merge`" in err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["catalogue_version"], list(data["items"])) == ("0.0.9", ["HST-001"])
    code, _, err = run_ambit("--root", str(project), "progress", "merge", str(out), "-o", str(tmp_path / "new.json"))
    assert code == 0 and "## No longer in this checklist (answers dropped)\n\n- HST-001" in err
