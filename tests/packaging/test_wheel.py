"""The wheel carries the catalogue: installed anywhere, ``ambit map`` and ``ambit review`` just work.

The wheel is built as ``make dist`` builds it, installed offline into a fresh virtual environment
(its dependencies reused from the test environment through a ``.pth`` file, never downloaded),
and run from an empty folder holding nothing but a copy of a worked example.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "checklists" / "examples" / "saas-content-tool.yml"
COMPONENT = "public-api"


def _run(*command: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, check=False, cwd=cwd)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make dist``'s wheel, built into a temporary folder."""
    out = tmp_path_factory.mktemp("dist")
    result = _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", out, REPO)
    assert result.returncode == 0, result.stderr
    (found,) = out.glob("ambit-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtual environment with only the wheel installed; returns its ``bin`` folder."""
    venv = tmp_path_factory.mktemp("venv") / "fresh"
    assert _run(sys.executable, "-m", "venv", "--without-pip", venv).returncode == 0
    python = venv / "bin" / "python"
    purelib = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    # The dependencies (PyYAML, Jinja2, WeasyPrint...) come from the test environment, offline.
    (purelib / "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    result = _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-index", "--no-deps", wheel
    )
    assert result.returncode == 0, result.stderr
    yield venv / "bin"


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


def test_the_installed_ambit_maps_and_reviews_in_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "anywhere"
    work.mkdir()
    shutil.copy(EXAMPLE, work / "my.yml")
    where = _run(installed / "python", "-c", "import generator.locate as l; print(l.packaged_catalogue())", cwd=work)
    assert where.stdout.strip().startswith(str(installed.parent)), "ambit must run from the wheel, not the checkout"

    mapped = _run(installed / "ambit", "map", "my.yml", "-o", "out/", cwd=work)
    assert mapped.returncode == 0, mapped.stderr
    for name in ("checklist.pdf", "checklist.xlsx", "checklist.csv", "checklist.md", "checklist.json", "diagram.svg"):
        assert (work / "out" / name).stat().st_size > 0, name
    assert "<svg" in (work / "out" / "diagram.svg").read_text()
    # checklist.html is a tracker: the wheel carries its scripts, written beside it.
    for name in ("xlsx.js", "progress_merge.js", "progress.js", "filters.js"):
        assert (work / "out" / "checklist-files" / name).read_bytes() == (
            REPO / "site_overrides" / "assets" / name
        ).read_bytes()
    # ambit progress reads the map's workbook with the installed catalogue and schema.
    progress = _run(installed / "ambit", "progress", "from-xlsx", "out/checklist.xlsx", "-o", "p.json", cwd=work)
    assert progress.returncode == 0, progress.stderr
    merged = _run(installed / "ambit", "progress", "merge", "p.json", "--map", "my.yml", "-o", "q.json", cwd=work)
    assert merged.returncode == 0, merged.stderr

    reviewed = _run(installed / "ambit", "review", "my.yml", "--component", COMPONENT, "-o", "out/", cwd=work)
    assert reviewed.returncode == 0, reviewed.stderr
    assert (work / "out" / f"review-{COMPONENT}.pdf").read_bytes().startswith(b"%PDF")
    assert COMPONENT in (work / "out" / f"review-{COMPONENT}.md").read_text()


def test_the_installed_ambit_reads_a_fork_given_with_catalogue(installed: Path, tmp_path: Path) -> None:
    fork = tmp_path / "fork"
    shutil.copytree(REPO / "content", fork / "content")
    shutil.copytree(REPO / "checklists", fork / "checklists")
    control = next((fork / "content" / "controls" / "identity").glob("IAM-001.yml"))
    control.write_text(control.read_text().replace("\ntitle: ", "\ntitle: Forked ", 1))
    work = tmp_path / "anywhere"
    work.mkdir()
    shutil.copy(EXAMPLE, work / "my.yml")
    result = _run(installed / "ambit", "map", "my.yml", "--catalogue", fork, "-o", "out", cwd=work)
    assert result.returncode == 0, result.stderr
    assert "Forked " in (work / "out" / "checklist.csv").read_text()
