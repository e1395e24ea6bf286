"""Which catalogue ``ambit`` reads: --catalogue, else the checkout you are in, else the packaged copy."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import locate
from generator.locate import enclosing_checkout, packaged_catalogue, resolve_catalogue

Run = Callable[..., tuple[int, str, str]]


def test_an_explicit_catalogue_wins_over_the_checkout(project: Path, tmp_path: Path) -> None:
    fork = tmp_path / "fork"
    fork.mkdir()
    chosen = resolve_catalogue(fork, project)
    assert (chosen.path, chosen.source) == (fork.resolve(), "option")


def test_inside_a_checkout_its_own_files_are_read_from_any_subfolder(project: Path) -> None:
    deep = project / "content" / "controls" / "identity"
    chosen = resolve_catalogue(None, deep)
    assert (chosen.path, chosen.source) == (project.resolve(), "checkout")
    assert enclosing_checkout(deep) == project.resolve()


def test_outside_a_checkout_the_packaged_copy_is_read(tmp_path: Path) -> None:
    chosen = resolve_catalogue(None, tmp_path)
    assert chosen.source == "package"
    assert (chosen.path / "content" / "catalogue.yml").is_file()


def test_commands_that_write_never_fall_back_to_the_package(tmp_path: Path) -> None:
    chosen = resolve_catalogue(None, tmp_path, packaged=False)
    assert (chosen.path, chosen.source) == (tmp_path.resolve(), "cwd")


def test_the_bundled_copy_is_preferred_when_the_wheel_carries_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "_catalogue"
    (bundled / "content").mkdir(parents=True)
    (bundled / "checklists").mkdir()
    (bundled / "content" / "catalogue.yml").write_text("name: x\n")
    monkeypatch.setattr(locate, "BUNDLED_DIR", bundled)
    assert packaged_catalogue() == bundled


def test_validate_outside_a_checkout_reads_the_packaged_catalogue(
    tmp_path: Path, run_ambit: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_ambit("validate")
    assert code == 0 and out.startswith("ok: ")


def test_catalogue_option_after_the_subcommand_reads_a_fork(
    project: Path, tmp_path: Path, run_ambit: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    fork = tmp_path / "fork"
    shutil.copytree(project / "content", fork / "content")
    shutil.copytree(project / "checklists", fork / "checklists")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_ambit("validate", "--catalogue", str(fork))
    assert (code, out.split(",")[0]) == (0, "ok: 2 controls")
