"""Atomic writes: the old file or the new one, and a failure named after the file the user asked for."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from generator.downloads.files import write_atomic


def test_a_write_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "checklist.csv"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checklist.csv"]
    assert target.stat().st_mode & 0o444 == 0o444  # readable by the web server, not mkstemp's 0600


def test_a_failed_write_names_the_target_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "checklist.csv"
    target.write_bytes(b"old")

    def full_disk(self: Path, other: Path) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "replace", full_disk)
    with pytest.raises(OSError) as caught:
        write_atomic(target, b"new")
    assert caught.value.filename == str(target)  # not ".checklist.csv.x1y2.tmp"
    assert caught.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checklist.csv"]


def test_a_file_in_place_of_the_folder_is_reported_against_that_file(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(OSError) as caught:
        write_atomic(blocker / "checklist.csv", b"new")
    assert caught.value.filename == str(blocker)  # the folder that cannot be made, as mkdir says


def test_a_folder_without_write_permission_is_reported_against_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".checklist.csv.abc123.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(OSError) as caught:
        write_atomic(tmp_path / "checklist.csv", b"new")
    assert caught.value.filename == str(tmp_path / "checklist.csv")
