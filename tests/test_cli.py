"""The ``ambit`` command line: exit codes, usage errors and the clean path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Run = Callable[..., tuple[int, str, str]]


def test_validate_clean_project(project: Path, run_ambit: Run) -> None:
    code, out, err = run_ambit("--root", str(project), "validate")
    assert (code, err) == (0, "")
    assert out.startswith("ok: 2 controls")


def test_usage_errors_exit_2(run_ambit: Run) -> None:
    code, _, err = run_ambit("valdate")
    assert code == 2
    assert "invalid choice: 'valdate'" in err
    code, _, err = run_ambit("validate", "--format", "xml")
    assert code == 2


def test_missing_root_is_reported_not_raised(tmp_path: Path, run_ambit: Run) -> None:
    code, out, err = run_ambit("--root", str(tmp_path / "nowhere"), "validate")
    assert code == 1
    assert "content/catalogue.yml is missing" in out
    assert "Traceback" not in out + err


def test_build_then_failed_build_keeps_the_site(project: Path, run_ambit: Run) -> None:
    code, _, err = run_ambit("--root", str(project), "build")
    assert code == 0, err
    index = project / "site" / "index.html"
    before = index.read_bytes()
    assert b"IAM-001" in (project / "site/controls/IAM-001/index.html").read_bytes()
    control = project / "content/controls/identity/IAM-001.yml"
    control.write_text(control.read_text().replace("priority: essential", "priority: urgent"))
    code, out, _ = run_ambit("--root", str(project), "build")
    assert code == 1 and "error[invalid-value]" in out
    assert index.read_bytes() == before
