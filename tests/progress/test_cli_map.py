"""``ambit progress`` on a system map's checklist, run from a folder outside any checkout."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.catalogue import load_catalogue
from generator.systemmap.load import load_map
from generator.systemmap.select import build_map_checklist
from tests.conftest import REPO

Run = Callable[..., tuple[int, str, str]]
EXAMPLE = REPO / "checklists" / "examples" / "logistics-route-optimiser.yml"


def test_merge_carries_a_map_checklist_with_changed_and_dropped_controls_listed(
    run_ambit: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cat = load_catalogue(REPO).catalogue
    loaded = load_map(EXAMPLE, EXAMPLE.name, cat)
    assert loaded.map is not None
    checklist = build_map_checklist(cat, loaded.map)
    changed = next(i for i in checklist.items if i.control.changed_in and i.ranking)
    outside = next(c.id for c in cat.active_controls if c.id not in checklist.control_ids)
    component = changed.ranking.components[0] if changed.ranking else ""
    old = {
        "format": "ambit-progress",
        "format_version": 1,
        "checklist": checklist.id,
        "catalogue_version": "0.0.1",
        "items": {
            changed.control.id: {
                "status": "implemented",
                "components": {component: "implemented", "gone": "in-progress"},
            },
            outside: {"status": "in-progress"},
            "PPL-999": {"status": "implemented"},
        },
    }
    work = tmp_path / "anywhere"
    work.mkdir()
    (work / "old.json").write_text(json.dumps(old), encoding="utf-8")
    monkeypatch.chdir(work)  # no checkout here: the catalogue installed with ambit is used
    code, _, err = run_ambit("progress", "merge", "old.json", "--map", str(EXAMPLE), "-o", "new.json")
    assert code == 0, err
    assert f"- {changed.control.id}: changed in {changed.control.changed_in}" in err
    assert f"## No longer in this checklist (answers dropped)\n\n- {outside}" in err
    assert "## Not in the catalogue (answers dropped)\n\n- PPL-999" in err
    new = json.loads((work / "new.json").read_text(encoding="utf-8"))
    assert (new["checklist"], new["catalogue_version"]) == (checklist.id, cat.info.version)
    assert new["items"] == {changed.control.id: {"status": "implemented", "components": {component: "implemented"}}}


def test_from_xlsx_reads_a_map_workbook_outside_a_checkout(
    run_ambit: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    monkeypatch.chdir(tmp_path)
    code, out, err = run_ambit("map", str(EXAMPLE), "-o", "out")
    assert code == 0, out + err
    book = openpyxl.load_workbook(tmp_path / "out" / "checklist.xlsx")
    sheet = book["Checklist"]
    heads = [c.value for c in sheet[1]]
    sheet.cell(2, heads.index("Status") + 1).value = "in progress"
    control = sheet.cell(2, 1).value
    book.save(tmp_path / "filled.xlsx")
    code, _, err = run_ambit("progress", "from-xlsx", "filled.xlsx", "-o", "progress.json")
    assert code == 0, err
    data = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert data["checklist"].startswith("map-") and data["items"] == {control: {"status": "in-progress"}}


def test_a_broken_map_writes_nothing(run_ambit: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("type: object-storage", "type: object-storag", 1))
    old = tmp_path / "old.json"
    old.write_text(
        json.dumps(
            {
                "format": "ambit-progress",
                "format_version": 1,
                "checklist": "map-x",
                "catalogue_version": "0.0.1",
                "items": {},
            }
        ),
        encoding="utf-8",
    )
    code, _, err = run_ambit("progress", "merge", str(old), "--map", str(bad), "-o", str(tmp_path / "n.json"))
    assert code == 1 and "error[" in err and "nothing written" in err
    assert not (tmp_path / "n.json").exists()
