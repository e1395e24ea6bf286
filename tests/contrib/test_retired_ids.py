"""A retired control keeps its file, so its ID stays taken: reusing it fails validation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., tuple[int, str, str]]

HST = "content/controls/hosting/HST-001.yml"


@pytest.fixture
def retired(project: Path) -> Path:
    """The minimal project with HST-001 retired (it keeps its file)."""
    path = project / HST
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "status: active",
            "status: retired\nretired_in: 0.1.0\nretired_reason: Superseded by the provider's account-wide default.",
        ),
        encoding="utf-8",
    )
    return project


def _codes(out: str, rel: str) -> set[str]:
    return {line.split("error[")[1].split("]")[0] for line in out.splitlines() if line.startswith(rel + ":")}


def test_retired_project_validates(retired: Path, run_ambit: Run) -> None:
    assert run_ambit("--root", str(retired), "validate")[0] == 0


def test_new_file_reusing_a_retired_id_fails(retired: Path, run_ambit: Run) -> None:
    text = (retired / HST).read_text(encoding="utf-8").replace("status: retired", "status: active")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("retired_")) + "\n"
    rel = "content/controls/hosting/HST-002.yml"
    (retired / rel).write_text(text, encoding="utf-8")  # a new file that claims the retired ID
    code, out, _ = run_ambit("--root", str(retired), "validate")
    assert code == 1
    assert _codes(out, rel) & {"duplicate-id", "id-filename"}


def test_retired_id_in_another_layer_folder_fails(retired: Path, run_ambit: Run) -> None:
    text = (retired / HST).read_text(encoding="utf-8")
    rel = "content/controls/identity/HST-001.yml"
    (retired / rel).write_text(text, encoding="utf-8")
    code, out, _ = run_ambit("--root", str(retired), "validate")
    assert code == 1
    assert "duplicate-id" in _codes(out, rel) | _codes(out, HST)


def test_scaffolding_skips_the_retired_id(retired: Path, run_ambit: Run) -> None:
    code, out, _ = run_ambit("--root", str(retired), "new", "control", "--layer", "hosting")
    assert code == 0 and "HST-002.yml" in out
