"""The wheel itself: it carries the catalogue, builds without a warning, declares its licences and a small install.

The wheel is built as ``make dist`` builds it and installed offline into fresh virtual environments
(see ``conftest.py``); ``test_commands.py`` runs every command from it.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from tests.packaging.conftest import Built, Env, run

REPO = Path(__file__).resolve().parents[2]


def _catalogue_files() -> dict[str, Path]:
    return {
        path.relative_to(REPO).as_posix(): path
        for folder in ("content", "checklists")
        for path in sorted((REPO / folder).rglob("*"))
        if path.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in path.parts)
    }


def test_the_wheel_carries_the_catalogue_byte_for_byte(wheel: Path) -> None:
    prefix = "generator/_catalogue/"
    with zipfile.ZipFile(wheel) as archive:
        packed = {n[len(prefix) :]: archive.read(n) for n in archive.namelist() if n.startswith(prefix)}
        names = set(archive.namelist())
    repo = _catalogue_files()
    assert set(packed) == set(repo)
    for rel, path in repo.items():
        assert packed[rel] == path.read_bytes(), rel
    assert {"generator/templates/site/home.md.j2", "generator/templates/downloads/checklist.html.j2"} <= names


def test_the_installed_ambit_reads_a_fork_given_with_catalogue(core_env: Env, tmp_path: Path) -> None:
    fork = tmp_path / "fork"
    shutil.copytree(REPO / "content", fork / "content")
    shutil.copytree(REPO / "checklists", fork / "checklists")
    control = next((fork / "content" / "controls" / "identity").glob("IAM-001.yml"))
    control.write_text(control.read_text().replace("\ntitle: ", "\ntitle: Forked ", 1))
    work = tmp_path / "anywhere"
    work.mkdir()
    result = run(core_env.bin / "ambit", "checklist", "--format", "csv", "-o", "-", "--catalogue", fork, cwd=work)
    assert result.returncode == 0, result.stderr
    assert ",Forked " in result.stdout and result.stderr == ""  # a catalogue you name is not announced


def test_the_wheel_builds_without_a_warning(built: Built) -> None:
    lines = [line for line in built.log.splitlines() if "warn" in line.lower() or "deprecat" in line.lower()]
    assert lines == []
    assert built.log.count("running build_py") == 1  # the log is setuptools' own: a warning would be in it


def test_the_wheel_declares_the_licences_as_an_spdx_expression(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = next(n for n in names if n.endswith(".dist-info/METADATA")).removesuffix("METADATA")
        meta = archive.read(info + "METADATA").decode()
    assert "License-Expression: Apache-2.0 AND CC-BY-4.0\n" in meta
    assert {info + "licenses/LICENSE", info + "licenses/LICENSE-CONTENT"} <= names


def test_the_default_install_has_no_site_engine(core_env: Env, site_env: Env) -> None:
    engines = {"mkdocs", "mkdocs-material", "pymdown-extensions", "babel", "zensical"}
    assert core_env.packages & engines == set()
    assert {"weasyprint", "xlsxwriter", "openpyxl", "defusedxml", "jinja2", "pyyaml"} <= core_env.packages
    assert {"mkdocs", "mkdocs-material"} <= site_env.packages
