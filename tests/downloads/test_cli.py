from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

Run = Callable[..., tuple[int, str, str]]


def test_text_format_to_stdout(run_ambit: Run, project: Path) -> None:
    code, out, err = run_ambit(
        "--root", str(project), "checklist", "--checklist", "baseline", "--format", "md", "-o", "-"
    )
    assert code == 0, err
    assert out.startswith("# Baseline\n")
    assert "- [ ] **IAM\\-001**" not in out and "- [ ] **IAM-001**" in out


def test_filters_combine_into_a_file(run_ambit: Run, project: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, _, err = run_ambit(
        "--root",
        str(project),
        "checklist",
        "--layer",
        "hosting",
        "--layer",
        "identity",
        "--format",
        "json",
        "-o",
        str(target),
    )
    assert code == 0, err
    assert [c["id"] for c in json.loads(target.read_text())["controls"]] == ["HST-001", "IAM-001"]


def test_binary_to_stdout_is_a_usage_error(run_ambit: Run, project: Path) -> None:
    code, out, err = run_ambit("--root", str(project), "checklist", "--format", "pdf", "-o", "-")
    assert code == 2
    assert "PDF is binary" in err and out == ""


def test_no_match_is_an_error_naming_the_filters_and_writes_nothing(
    run_ambit: Run, project: Path, tmp_path: Path
) -> None:
    target = tmp_path / "none.csv"
    code, _, err = run_ambit(
        "--root",
        str(project),
        "checklist",
        "--layer",
        "hosting",
        "--priority",
        "essential",
        "--format",
        "csv",
        "-o",
        str(target),
    )
    assert code == 1
    assert "no controls match --layer hosting --priority essential" in err
    assert not target.exists()


def test_unknown_filter_value_is_a_usage_error_with_a_suggestion(run_ambit: Run, project: Path) -> None:
    code, _, err = run_ambit(
        "--root", str(project), "checklist", "--component", "object-storag", "--format", "md", "-o", "-"
    )
    assert code == 2
    assert "unknown value 'object-storag' for --component; did you mean 'object-storage'?" in err


def test_unknown_format_is_rejected_by_the_parser(run_ambit: Run, project: Path) -> None:
    code, _, err = run_ambit("--root", str(project), "checklist", "--format", "docx", "-o", "x")
    assert code == 2
    assert "invalid choice: 'docx'" in err


def test_content_errors_write_nothing(run_ambit: Run, project: Path, tmp_path: Path) -> None:
    (project / "content" / "controls" / "identity" / "IAM-001.yml").write_text("id: [\n", encoding="utf-8")
    target = tmp_path / "x.xlsx"
    code, _, err = run_ambit("--root", str(project), "checklist", "--format", "xlsx", "-o", str(target))
    assert code == 1
    assert "nothing written" in err
    assert not target.exists()


def test_xlsx_and_letter_pdf_files(run_ambit: Run, project: Path, tmp_path: Path) -> None:
    code, _, err = run_ambit("--root", str(project), "checklist", "--format", "xlsx", "-o", str(tmp_path / "c.xlsx"))
    assert code == 0, err
    assert (tmp_path / "c.xlsx").read_bytes()[:2] == b"PK"
    code, _, err = run_ambit(
        "--root", str(project), "checklist", "--format", "pdf", "--paper", "letter", "-o", str(tmp_path / "c.pdf")
    )
    assert code == 0, err
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF-")
