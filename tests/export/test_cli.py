"""``ambit export``: files written only when the catalogue and every map are clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import REPO

EXAMPLE = REPO / "checklists" / "examples" / "saas-content-tool.yml"


def test_oscal_export_writes_catalog_and_profiles(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["--catalogue", str(REPO), "export", "oscal", "-o", str(out), "--map", str(EXAMPLE)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert "ambit-oscal-catalog.json" in names
    assert "ambit-oscal-profile-baseline.json" in names
    assert any(n.startswith("ambit-oscal-profile-map-") for n in names)


def test_ciso_assistant_export_writes_the_libraries(tmp_path: Path) -> None:
    assert main(["--catalogue", str(REPO), "export", "ciso-assistant", "-o", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ambit-ciso-assistant-mappings.yaml",
        "ambit-ciso-assistant.yaml",
    ]


def test_a_bad_map_is_reported_and_nothing_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("system: x\ncomponents: nope\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--catalogue", str(REPO), "export", "oscal", "-o", str(out), "--map", str(bad)]) == 1
    printed = capsys.readouterr()
    assert f"{bad}:" in printed.out and "error[" in printed.out
    assert "Traceback" not in printed.err
    assert not out.exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    assert main(["--catalogue", str(REPO), "export", "oscal", "-o", str(a_file)]) == 2
    assert main(["--catalogue", str(REPO), "export", "oscal", "-o", str(tmp_path), "--map", "missing.yml"]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["--catalogue", str(REPO), "export", "pdf", "-o", str(tmp_path)])
    assert exit_info.value.code == 2
