"""The shared progress-file corpus (``corpus.py``) through ``ambit progress merge``, on the fixture catalogue.

The same table runs in Chromium against the site's Import in ``tests/site/test_progress_corpus.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.model import Catalogue
from tests.progress.corpus import Case, cases

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


def test_the_fixture_catalogue_is_the_one_the_table_is_built_for(catalogue: Catalogue) -> None:
    assert catalogue.info.version == "0.1.0"
    assert {c.id for c in catalogue.controls} >= {"HST-001", "IAM-001"}


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c.name)
def test_the_cli_takes_or_refuses_each_file_of_the_corpus(
    case: Case, run_ambit: Run, project: Path, tmp_path: Path
) -> None:
    accepted, err = cli_verdict(run_ambit, project, "baseline", case, tmp_path)
    assert accepted == case.accepted, err
    if not case.accepted:
        assert f"error[{case.code}]" in err, err
