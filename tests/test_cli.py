"""The ``ambit`` command line: exit codes, usage errors and the clean path."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import READ_ONLY_COMMANDS, _parsers, build_parser, command_names
from generator.locate import packaged_catalogue

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


CHECKOUT_ONLY = [
    ("build",),
    ("serve",),
    ("new", "control", "--layer", "hosting"),
    ("new", "checklist", "retail"),
    ("diff", "main"),
    ("contrib", "issue-forms", "--check"),
    ("frameworks", "check"),
    ("frameworks", "import", "atlas", "ATLAS.yaml"),
    ("frameworks", "import", "oscal", "catalog.json", "--key", "nist-sp-800-53-r5"),
]


def _name(args: tuple[str, ...]) -> str:
    """The sub-command ``args`` run: ``("new", "control", "--layer", "x")`` -> ``"new control"``."""
    return next(n for n in command_names(build_parser()) if args[: len(n.split())] == tuple(n.split()))


def test_every_runnable_command_is_either_read_only_or_checked_for_a_checkout() -> None:
    names = command_names(build_parser())
    assert set(names) >= READ_ONLY_COMMANDS
    assert set(names) - READ_ONLY_COMMANDS == {_name(args) for args in CHECKOUT_ONLY}


@pytest.mark.parametrize("args", CHECKOUT_ONLY, ids=" ".join)
def test_a_command_that_needs_a_checkout_says_so_in_one_line_outside_one(
    args: tuple[str, ...], tmp_path: Path, run_ambit: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_ambit(*args)
    assert (code, out) == (2, "")
    needs = "needs a checkout of the Ambit repository: run it inside one, or pass --catalogue DIR"
    assert err == f"ambit {_name(args)}: error: {needs}\n"
    assert list(tmp_path.iterdir()) == []


def test_catalogue_and_root_are_accepted_after_every_sub_command() -> None:
    for path, parser in _parsers(build_parser()):
        options = {o for action in parser._actions for o in action.option_strings}
        assert {"--catalogue", "--root"} <= options, " ".join(path)


def test_a_catalogue_given_before_a_nested_sub_command_is_not_overwritten_by_it(
    project: Path, tmp_path: Path, run_ambit: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (("--catalogue", str(project), "frameworks", "check"), ("frameworks", "check", "--root", str(project))):
        code, out, err = run_ambit(*args)
        assert code == 0, err
        assert out.startswith("all ") and out.endswith(" framework references are current\n")


def test_outside_a_checkout_the_installed_catalogue_is_named_on_stderr(
    tmp_path: Path, run_ambit: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_ambit("validate")
    assert code == 0 and out.startswith("ok: ")
    assert err == f"ambit: reading the catalogue installed with ambit ({packaged_catalogue()})\n"


def test_a_missing_site_engine_is_a_one_line_usage_error(
    project: Path, run_ambit: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "mkdocs" else real(name, *a))
    for command, extra in (("build", "site"), ("serve", "site")):
        code, out, err = run_ambit("--root", str(project), command)
        assert (code, out) == (2, ""), err
        assert err.count("\n") == 1 and f"pip install 'ambit[{extra}]'" in err
    code, _, err = run_ambit("--root", str(project), "build", "--engine", "zensical")
    assert code == 2 and "pip install 'ambit[zensical]'" in err
    assert not (project / "site").exists()


def test_a_file_that_cannot_be_written_is_an_error_not_an_internal_error(
    project: Path, tmp_path: Path, run_ambit: Run
) -> None:
    blocker = tmp_path / "report.txt"
    blocker.write_text("a file where the output wants a folder\n")
    code, _, err = run_ambit("--root", str(project), "checklist", "--format", "csv", "-o", str(blocker / "x.csv"))
    assert code == 1, err
    assert err.startswith(f"ambit checklist: error: {blocker}: ") and err.count("\n") == 1
    assert blocker.read_text() == "a file where the output wants a folder\n"
