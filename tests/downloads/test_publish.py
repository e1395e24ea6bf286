from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from generator.downloads import FORMATS, DownloadError, file_names, write_all_downloads, write_checklist
from generator.downloads.json_export import SCHEMA_PATH
from generator.model import Catalogue
from generator.progress.model import SCHEMA_PATH as PROGRESS_SCHEMA_PATH
from generator.select import Checklist


def test_every_format_for_every_checklist_and_the_schema(catalogue: Catalogue, tmp_path: Path) -> None:
    out = tmp_path / "site" / "downloads"
    written = write_all_downloads(catalogue, out, workers=0)
    names = sorted(p.name for p in written)
    schemas = ["checklist-export.schema.json", "progress.schema.json"]
    assert names == sorted([*file_names("baseline").values(), *schemas])
    assert set(file_names("baseline")) == {*FORMATS, "pdf-letter"}
    assert (out / "checklist-export.schema.json").read_bytes() == SCHEMA_PATH.read_bytes()
    assert (out / "progress.schema.json").read_bytes() == PROGRESS_SCHEMA_PATH.read_bytes()
    assert all(p.stat().st_size > 0 for p in written)
    assert json.loads((out / "baseline.json").read_text())["catalogue"]["version"] == "0.1.0"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_two_builds_give_identical_files(catalogue: Catalogue, tmp_path: Path) -> None:
    first = write_all_downloads(catalogue, tmp_path / "a", workers=0)
    second = write_all_downloads(catalogue, tmp_path / "b", workers=0)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_a_checklist_with_no_controls_fails_and_writes_nothing(catalogue: Catalogue, tmp_path: Path) -> None:
    empty = dataclasses.replace(catalogue.checklists[0], id="empty", rules=(), include=())
    with pytest.raises(DownloadError, match="checklist 'empty' selects no controls"):
        write_all_downloads(dataclasses.replace(catalogue, checklists=(*catalogue.checklists, empty)), tmp_path / "d")
    assert not (tmp_path / "d").exists()


def test_colliding_file_names_fail(catalogue: Catalogue, tmp_path: Path) -> None:
    twin = dataclasses.replace(catalogue.checklists[0], id="baseline-letter")
    with pytest.raises(DownloadError, match=r"would both write baseline-letter\.pdf"):
        write_all_downloads(dataclasses.replace(catalogue, checklists=(*catalogue.checklists, twin)), tmp_path / "d")


def test_a_failed_guard_writes_nothing(catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.downloads import csv_export

    monkeypatch.setattr(
        csv_export, "render", lambda checklist, frameworks=(): b"id\r\n"
    )  # a renderer that lost its rows
    with pytest.raises(DownloadError, match="CSV export lacks its header row"):
        write_all_downloads(catalogue, tmp_path / "d", workers=0)
    assert not (tmp_path / "d").exists()


def test_write_checklist_to_a_path_and_a_stream(hostile: Checklist, tmp_path: Path) -> None:
    import io

    target = tmp_path / "x.md"
    write_checklist(hostile, "md", target)
    stream = io.BytesIO()
    write_checklist(hostile, "md", stream)
    assert target.read_bytes() == stream.getvalue()
    assert b"Applies to: route-history (object storage); =1+1" in stream.getvalue()
    with pytest.raises(DownloadError, match="unknown format 'doc'"):
        write_checklist(hostile, "doc", tmp_path / "x.doc")
    assert not (tmp_path / "x.doc").exists()


def test_workers_render_the_same_pdfs(catalogue: Catalogue, tmp_path: Path) -> None:
    # Two checklists through the process pool, against the in-process result.
    second = dataclasses.replace(catalogue.checklists[0], id="second", title="Second checklist")
    cat = dataclasses.replace(catalogue, checklists=(*catalogue.checklists, second))
    pooled = write_all_downloads(cat, tmp_path / "pool", workers=2)
    serial = write_all_downloads(cat, tmp_path / "serial", workers=0)
    assert [p.read_bytes() for p in pooled] == [p.read_bytes() for p in serial]
