"""``ambit frameworks``: check and import run on the checkout they are started in, and never crash."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.frameworks.registry_io import read_registry
from tests.frameworks.test_atlas import ATLAS

Run = Callable[..., tuple[int, str, str]]


def test_check_reads_the_checkout_it_runs_in(project: Path, run_ambit: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project / "content" / "controls")
    code, out, err = run_ambit("frameworks", "check")
    assert code == 0, err
    assert out.startswith("all ") and out.endswith(" framework references are current\n")
    assert out != "all 0 framework references are current\n"


def test_check_of_a_folder_without_a_catalogue_is_no_all_clear(tmp_path: Path, run_ambit: Run) -> None:
    code, out, _ = run_ambit("frameworks", "check", "--catalogue", str(tmp_path))
    assert code == 1
    assert "content/catalogue.yml:1:1: error[missing-file]" in out
    assert "nothing checked" in out and "current" not in out


def test_import_writes_into_the_checkout_it_runs_in(
    project: Path, tmp_path: Path, run_ambit: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "ATLAS.yaml"
    source.write_text(ATLAS, encoding="utf-8")
    monkeypatch.chdir(project / "checklists")
    code, out, err = run_ambit("frameworks", "import", "atlas", str(source), "--retrieved", "2026-11-25")
    assert code == 0, err
    written = project / "content" / "frameworks" / "mitre-atlas.yml"
    assert out.startswith(f"wrote {written}: 6 items (6 active, 0 withdrawn)")
    registry = read_registry(written)
    assert registry is not None and registry.retrieved == "2026-11-25"
    assert [item.id for item in registry.items][:2] == ["AML.TA0004", "AML.T0010"]


def test_a_reimport_keeps_the_sectors_the_registry_is_bound_to(
    project: Path, tmp_path: Path, run_ambit: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The publisher's file knows nothing of Ambit's sectors: a new import must not unbind a framework.
    source = tmp_path / "ATLAS.yaml"
    source.write_text(ATLAS, encoding="utf-8")
    monkeypatch.chdir(project)
    assert run_ambit("frameworks", "import", "atlas", str(source), "--retrieved", "2026-11-25")[0] == 0
    written = project / "content" / "frameworks" / "mitre-atlas.yml"
    text = written.read_text(encoding="utf-8")
    written.write_text(text.replace("\nid_pattern:", "\nsectors: [healthcare]\nid_pattern:", 1), encoding="utf-8")
    code, _, err = run_ambit("frameworks", "import", "atlas", str(source), "--retrieved", "2026-11-26")
    assert code == 0, err
    registry = read_registry(written)
    assert registry is not None and registry.sectors == ("healthcare",) and registry.retrieved == "2026-11-26"
    assert "sectors: [healthcare]\n" in written.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("source", "text", "message"),
    [
        ("atlas", "x: [1\n", "ATLAS.txt:2:1: not valid YAML: expected ',' or ']', but got '<stream end>'"),
        ("atlas", "- 1\n", "ATLAS.txt: not shaped as expected"),
        ("atlas", "id: ATLAS\n", "ATLAS.txt: no 'matrices' in it; is it the right file?"),
        ("oscal", "[1]\n", "ATLAS.txt: not an OSCAL catalog of the expected shape"),
        ("oscal", "{bad\n", "ATLAS.txt: Expecting property name enclosed in double quotes"),
    ],
)
def test_a_publisher_file_of_the_wrong_shape_is_a_usage_error(
    source: str, text: str, message: str, project: Path, tmp_path: Path, run_ambit: Run
) -> None:
    path = tmp_path / "ATLAS.txt"
    path.write_text(text, encoding="utf-8")
    key = ("--key", "nist-sp-800-53-r5") if source == "oscal" else ()
    before = sorted(p.name for p in (project / "content" / "frameworks").iterdir())
    code, out, err = run_ambit("--root", str(project), "frameworks", "import", source, str(path), *key)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {tmp_path}/{message}") and err.count("\n") == 1
    assert sorted(p.name for p in (project / "content" / "frameworks").iterdir()) == before
