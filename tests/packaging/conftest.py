"""The built wheel, installed offline into fresh virtual environments with exactly what it declares.

The wheel is built as ``make dist`` builds it (``uv build --wheel --no-build-isolation``), from a
clean copy of the sources. Each environment gets the wheel and, through a ``.pth`` file, a folder
of links to the test environment's installed packages: only those the wheel's ``Requires-Dist``
names for the chosen extras, and their own dependencies. Nothing is downloaded, and a command that
imports a package the wheel does not declare fails here as it would after ``pip install ambit``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
SOURCES = (
    "pyproject.toml",
    "setup.py",
    "README.md",
    "LICENSE",
    "LICENSE-CONTENT",
    "generator",
    "content",
    "checklists",
    "site_overrides/assets",  # the tracker scripts setup.py copies into the wheel
)
UV = Path(sys.executable).parent / "uv"


def run(*command: str | Path, cwd: Path = REPO, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run ``command``; capture its text output; never raise on a non-zero exit."""
    return subprocess.run(
        [str(c) for c in command],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        **kwargs,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class Built:
    """The wheel and what its build printed."""

    path: Path
    log: str


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """``make dist``'s wheel, built from a clean copy of the sources (no stale ``build/`` can leak in)."""
    src = tmp_path_factory.mktemp("src")
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, src / name, ignore=skip)
        else:
            shutil.copy2(source, src / name)
    out = tmp_path_factory.mktemp("dist")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as the Makefile does
    result = run(
        UV, "build", "--wheel", "--no-build-isolation", "--python", sys.executable, "--out-dir", out, src, env=env
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = out.glob("ambit-*.whl")
    return Built(wheel, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def wheel(built: Built) -> Path:
    return built.path


def wheel_requirements(wheel: Path) -> list[str]:
    """The ``Requires-Dist`` lines of the wheel's metadata."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        headers = Parser().parsestr(archive.read(name).decode("utf-8"))
    return headers.get_all("Requires-Dist") or []


def dependency_closure(requirements: list[str], extras: frozenset[str]) -> list[metadata.Distribution]:
    """The installed distributions ``requirements`` pull in with ``extras``, transitively.

    A requirement on ``ambit`` itself (``ambit[site]`` inside the ``zensical`` extra) adds that
    extra's requirements.
    """
    found: dict[str, metadata.Distribution] = {}
    todo = [(Requirement(line), extras) for line in requirements]
    own = [Requirement(line) for line in requirements]
    while todo:
        requirement, wanted = todo.pop()
        if requirement.marker and not any(requirement.marker.evaluate({"extra": e}) for e in (*wanted, "")):
            continue
        name = canonicalize_name(requirement.name)
        if name == "ambit":
            todo += [(r, frozenset(requirement.extras)) for r in own]
            continue
        if name in found:
            continue
        dist = metadata.distribution(name)
        found[name] = dist
        todo += [(Requirement(line), frozenset(requirement.extras)) for line in dist.requires or []]
    return sorted(found.values(), key=lambda d: canonicalize_name(d.metadata["Name"]))


def link_distributions(dists: list[metadata.Distribution], target: Path) -> None:
    """Symlink each distribution's top-level modules and its ``.dist-info`` into ``target``."""
    purelib = Path(sysconfig.get_paths()["purelib"])
    target.mkdir()
    for dist in dists:
        tops = {Path(str(f)).parts[0] for f in dist.files or [] if not str(f).startswith("..")} - {"__pycache__"}
        for top in sorted(tops):
            if not (target / top).exists() and (purelib / top).exists():
                (target / top).symlink_to(purelib / top)


@dataclass(frozen=True)
class Env:
    """A fresh virtual environment holding the wheel."""

    bin: Path
    packages: frozenset[str]

    def ambit(self, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
        """Run the installed ``ambit`` in ``cwd``."""
        return run(self.bin / "ambit", *args, cwd=cwd)


def make_env(wheel: Path, root: Path, extras: frozenset[str]) -> Env:
    """A venv at ``root/venv`` with ``wheel`` and the dependencies it declares for ``extras``."""
    venv = root / "venv"
    assert run(sys.executable, "-m", "venv", "--without-pip", venv).returncode == 0
    python = venv / "bin" / "python"
    dists = dependency_closure(wheel_requirements(wheel), extras)
    link_distributions(dists, root / "deps")
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (purelib / "_test_dependencies.pth").write_text(f"{root / 'deps'}\n")
    result = run(
        sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-index", "--no-deps", wheel
    )
    assert result.returncode == 0, result.stderr
    return Env(venv / "bin", frozenset(canonicalize_name(d.metadata["Name"]) for d in dists))


@pytest.fixture(scope="session")
def core_env(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Env:
    """``pip install ambit``: the wheel with its default dependencies only."""
    return make_env(wheel, tmp_path_factory.mktemp("core"), frozenset())


@pytest.fixture(scope="session")
def site_env(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Env:
    """``pip install 'ambit[site]'``: with MkDocs and Material for ``build`` and ``serve``."""
    return make_env(wheel, tmp_path_factory.mktemp("site"), frozenset({"site"}))
