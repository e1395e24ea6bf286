"""``ambit map`` and ``ambit review``: outputs, exit codes, precise errors and nothing written on failure."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.systemmap.conftest import REPO, ROUTE_MAP

Run = Callable[..., tuple[int, str, str]]


def _has_downloads() -> bool:
    try:
        return hasattr(importlib.import_module("generator.downloads"), "write_checklist")
    except ModuleNotFoundError:
        return False


def test_review_writes_four_formats(tmp_path: Path, write_map: Callable[[str], Path], run_ambit: Run) -> None:
    path = write_map(ROUTE_MAP)
    out = tmp_path / "out"
    code, stdout, err = run_ambit(
        "--root", str(REPO), "review", str(path), "--component", "route-history", "-o", str(out)
    )
    assert code == 0, stdout + err
    assert sorted(p.name for p in out.iterdir()) == [
        "review-route-history.html",
        "review-route-history.json",
        "review-route-history.md",
        "review-route-history.pdf",
    ]
    assert "of 60 minutes" in stdout
    assert not list(tmp_path.glob(".ambit-*"))  # the staging folder is gone


@pytest.mark.skipif(not _has_downloads(), reason="generator.downloads.write_checklist is not there yet")
def test_map_writes_every_format_and_the_diagram(
    tmp_path: Path, write_map: Callable[[str], Path], run_ambit: Run
) -> None:
    out = tmp_path / "out"
    code, stdout, err = run_ambit("--root", str(REPO), "map", str(write_map(ROUTE_MAP)), "-o", str(out))
    assert code == 0, stdout + err
    names = sorted(p.name for p in out.iterdir())
    checklists = [f"checklist.{e}" for e in ("pdf", "xlsx", "csv", "md", "json", "html")]
    assert names == sorted([*checklists, "diagram.svg", "applicability.csv", "applicability.json", "checklist-files"])
    assert "route-history (object storage bucket)" in (out / "checklist.csv").read_text(encoding="utf-8")
    # checklist.html is a tracker: each script it names is written beside it.
    scripts = re.findall(r'<script src="([^"]+)">', (out / "checklist.html").read_text(encoding="utf-8"))
    names = ["xlsx.js", "progress_merge.js", "progress.js", "filters.js"]
    assert scripts == [f"checklist-files/{name}" for name in names]
    assert all(
        (out / s).read_bytes() == (REPO / "site_overrides" / "assets" / Path(s).name).read_bytes() for s in scripts
    )
    # A second run over the same folder replaces the scripts' folder rather than failing on it.
    code, stdout, err = run_ambit("--root", str(REPO), "map", str(write_map(ROUTE_MAP)), "-o", str(out))
    assert code == 0, stdout + err


def test_unknown_component_is_a_precise_error(tmp_path: Path, write_map: Callable[[str], Path], run_ambit: Run) -> None:
    path = write_map(ROUTE_MAP)
    out = tmp_path / "out"
    code, stdout, err = run_ambit(
        "--root", str(REPO), "review", str(path), "--component", "route-histroy", "-o", str(out)
    )
    assert code == 1
    assert f"{path}:3:1: error[unknown-component]" in stdout
    assert "did you mean 'route-history'?" in stdout
    assert "nothing was written" in err
    assert not out.exists()


@pytest.mark.parametrize("command", ["map", "review"])
def test_bad_map_writes_nothing(tmp_path: Path, write_map: Callable[[str], Path], run_ambit: Run, command: str) -> None:
    path = write_map(ROUTE_MAP.replace("type: object-storage", "type: object-storag"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    extra = ["--component", "route-history"] if command == "review" else []
    code, stdout, _ = run_ambit("--root", str(REPO), command, str(path), *extra, "-o", str(out))
    assert code == 1
    assert f"{path}:8:11: error[unknown-type]: unknown component type 'object-storag'" in stdout
    assert "did you mean 'object-storage'?" in stdout
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert "Traceback" not in stdout


def test_missing_file_is_reported(tmp_path: Path, run_ambit: Run) -> None:
    code, stdout, _ = run_ambit(
        "--root", str(REPO), "review", str(tmp_path / "nope.yml"), "--component", "x", "-o", str(tmp_path / "o")
    )
    assert code == 1 and "error[unreadable]" in stdout


def test_review_without_component_takes_the_riskiest_non_ai_one(
    tmp_path: Path, write_map: Callable[[str], Path], run_ambit: Run
) -> None:
    code, stdout, err = run_ambit("--root", str(REPO), "review", str(write_map(ROUTE_MAP)), "-o", str(tmp_path / "o"))
    assert code == 0, stdout + err
    assert "Reviewing driver-app, the riskiest non-AI component" in stdout  # internet; tokens and personal data
    assert (tmp_path / "o" / "review-driver-app.json").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["review", "m.yml", "--component", "x"],  # no -o
        ["review", "m.yml", "--component", "x", "--minutes", "0", "-o", "out"],
        ["review", "m.yml", "--component", "x", "--minutes", "an hour", "-o", "out"],
        ["map", "m.yml"],  # no -o
    ],
)
def test_usage_errors_exit_2(run_ambit: Run, args: list[str]) -> None:
    code, _, _ = run_ambit(*args)
    assert code == 2


def test_output_that_is_a_file_is_a_usage_error(
    tmp_path: Path, write_map: Callable[[str], Path], run_ambit: Run
) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    code, _, err = run_ambit("--root", str(REPO), "map", str(write_map(ROUTE_MAP)), "-o", str(target))
    assert code == 2 and "not a folder" in err


def test_a_map_run_again_reuses_its_pdf_and_a_changed_map_lays_out_anew(
    tmp_path: Path, write_map: Callable[[str], Path], run_ambit: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMBIT_CACHE_DIR", str(tmp_path / "cache"))
    pdfs = tmp_path / "cache" / "pdf"
    path = write_map(ROUTE_MAP)

    def run(out: str) -> bytes:
        code, stdout, err = run_ambit("--root", str(REPO), "map", str(path), "-o", str(tmp_path / out))
        assert code == 0, stdout + err
        return (tmp_path / out / "checklist.pdf").read_bytes()

    run("one")
    [entry] = pdfs.glob("*.pdf")  # the map's PDF, kept under the key of its print HTML
    path.write_text(path.read_text(encoding="utf-8").replace("system: ", "system: Renamed ", 1), encoding="utf-8")
    renamed = run("two")
    assert len(list(pdfs.glob("*.pdf"))) == 2  # another map: laid out anew, under its own key
    # Put the renamed map's PDF under the first map's key: a run of the first map that takes it
    # from there shows the cache was read, not the PDF laid out again.
    entry.write_bytes(renamed)
    path.write_text(path.read_text(encoding="utf-8").replace("system: Renamed ", "system: ", 1), encoding="utf-8")
    assert run("three") == renamed
