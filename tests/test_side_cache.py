"""The side cache: the files a build writes beside the pages, reused only while every input is the same."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from generator.catalogue import load_catalogue
from generator.side_cache import KEEP, SideCache, side_key

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", root)
    return root


def _key(root: Path) -> str:
    return side_key(load_catalogue(root).catalogue, root)


def test_the_key_changes_with_any_input_and_only_then(project: Path, tmp_path: Path) -> None:
    before = _key(project)
    twin = shutil.copytree(project, tmp_path / "elsewhere")
    assert _key(twin) == before, "the same files in another folder are the same inputs"
    control = next((project / "content" / "controls").rglob("*.yml"))
    control.write_text(control.read_text(encoding="utf-8").replace("summary: ", "summary: Edited. ", 1))
    assert _key(project) != before
    cat = load_catalogue(twin).catalogue
    changed = dataclasses.replace(cat, info=dataclasses.replace(cat.info, version="9.9.9"))
    assert side_key(changed, twin) != before, "a catalogue that is not the files' is another input"
    (twin / "checklists" / "examples").mkdir(parents=True, exist_ok=True)
    (twin / "checklists" / "examples" / "note.txt").write_text("x")
    assert _key(twin) != before


def test_the_key_follows_the_scripts_checklist_html_carries(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.downloads import tracker_files

    before = _key(project)
    scripts = shutil.copytree(tracker_files.scripts_dir(), tmp_path / "assets")
    monkeypatch.setattr(tracker_files, "scripts_dir", lambda: scripts)
    assert _key(project) == before
    first = scripts / tracker_files.SCRIPTS[0]
    first.write_bytes(first.read_bytes() + b"\n// edited\n")
    assert _key(project) != before, "an edited tracker script must make the examples' checklist.html again"


def _folder(path: Path, text: str) -> Path:
    (path / "downloads").mkdir(parents=True)
    (path / "downloads" / "a.csv").write_text(text)
    (path / "b.json").write_text("{}")
    return path


def test_a_stored_folder_comes_back_byte_for_byte(tmp_path: Path) -> None:
    cache = SideCache(tmp_path / "cache")
    assert not cache.fetch("k1", tmp_path / "out")
    cache.store("k1", _folder(tmp_path / "made", "id\r\nX-1\r\n"))
    assert cache.fetch("k1", tmp_path / "out")
    got = {
        p.relative_to(tmp_path / "out").as_posix(): p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()
    }
    assert got == {"downloads/a.csv": b"id\r\nX-1\r\n", "b.json": b"{}"}


def test_a_damaged_entry_is_a_miss_and_is_dropped(tmp_path: Path) -> None:
    cache = SideCache(tmp_path / "cache")
    cache.store("k1", _folder(tmp_path / "made", "id\r\n"))
    (tmp_path / "cache" / "k1" / "downloads" / "a.csv").write_text("tampered")
    assert not cache.fetch("k1", tmp_path / "out")
    assert not (tmp_path / "cache" / "k1").exists()


def test_only_the_entries_used_last_are_kept(tmp_path: Path) -> None:
    cache = SideCache(tmp_path / "cache")
    made = _folder(tmp_path / "made", "id\r\n")
    for i in range(KEEP + 2):
        cache.store(f"k{i}", made)
        os.utime(tmp_path / "cache" / f"k{i}", (1000 + i, 1000 + i))  # used in this order
    kept = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert len(kept) == KEEP and f"k{KEEP + 1}" in kept
