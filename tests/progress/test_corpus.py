"""The shared progress-file corpus (``corpus.py``) through ``ambit progress merge``, and its workbooks
(``corpus_xlsx.py``) through ``ambit progress from-xlsx``, on the fixture catalogue.

The same tables run in Chromium against the site's Import in ``tests/site/test_progress_corpus.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.model import Catalogue
from tests.progress.corpus import Case, cases
from tests.progress.corpus_xlsx import ABSENT, xlsx_cases

Run = Callable[..., tuple[int, str, str]]


def _cases() -> list[Case]:
    return cases("baseline", "0.1.0", "IAM-001", "HST-001")


def cli_verdict(run: Run, root: Path, checklist: str, case: Case, tmp_path: Path) -> tuple[bool, str]:
    """Whether ``ambit progress merge`` takes the case's file, and its error output."""
    source = tmp_path / f"{case.name}.json"
    source.write_bytes(case.data)
    out_file = tmp_path / f"{case.name}.out.json"
    code, _, err = run(
        "--root", str(root), "progress", "merge", str(source), "-o", str(out_file), "--checklist", checklist
    )
    assert code in (0, 1), (code, err)
    assert "internal error" not in err and "Traceback" not in err
    assert out_file.exists() == (code == 0), "a refused file writes nothing"
    return code == 0, err


def _xlsx_cases() -> list[Case]:
    return xlsx_cases("baseline", "0.1.0", "Baseline", "IAM-001")


def cli_xlsx_verdict(
    run: Run, root: Path, checklist: str, version: str, case: Case, tmp_path: Path
) -> tuple[bool, str]:
    """Whether ``ambit progress from-xlsx --checklist`` takes the case's workbook as progress for
    ``checklist`` at catalogue ``version`` (what the page's Import does), and its error output."""
    source = tmp_path / f"{case.name}.xlsx"
    source.write_bytes(case.data)
    out_file = tmp_path / f"{case.name}.out.json"
    code, _, err = run(
        "--root", str(root), "progress", "from-xlsx", str(source), "-o", str(out_file), "--checklist", checklist
    )
    assert code in (0, 1), (code, err)
    assert "internal error" not in err and "Traceback" not in err
    assert out_file.exists() == (code == 0), "a refused workbook writes nothing"
    if code == 0 and json.loads(out_file.read_bytes())["catalogue_version"] != version:
        # Another version's workbook: converted as that version's progress, to be merged; not this version's.
        assert case.cli_note and case.cli_note in err, err
        return False, err
    return code == 0, err


def test_the_fixture_catalogue_is_the_one_the_table_is_built_for(catalogue: Catalogue) -> None:
    assert catalogue.info.version == "0.1.0"
    assert {c.id for c in catalogue.controls} >= {"HST-001", "IAM-001"}
    assert ABSENT not in {c.id for c in catalogue.controls}


def test_the_workbooks_are_the_same_bytes_every_time() -> None:
    assert [c.data for c in _xlsx_cases()] == [c.data for c in _xlsx_cases()]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c.name)
def test_the_cli_takes_or_refuses_each_file_of_the_corpus(
    case: Case, run_ambit: Run, project: Path, tmp_path: Path
) -> None:
    accepted, err = cli_verdict(run_ambit, project, "baseline", case, tmp_path)
    assert accepted == case.accepted, err
    if not case.accepted:
        assert f"error[{case.code}]" in err, err


@pytest.mark.parametrize("case", _xlsx_cases(), ids=lambda c: c.name)
def test_the_cli_takes_or_refuses_each_workbook_of_the_corpus(
    case: Case, run_ambit: Run, project: Path, tmp_path: Path
) -> None:
    accepted, err = cli_xlsx_verdict(run_ambit, project, "baseline", "0.1.0", case, tmp_path)
    assert accepted == case.accepted, err
    if not case.accepted and case.code:
        assert f"error[{case.code}]" in err, err
