"""The real catalogue, the worked example maps' checklists, and a helper to resolve OSCAL profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.catalogue import load_catalogue
from generator.model import Catalogue
from generator.select import Checklist
from generator.systemmap.load import load_map
from generator.systemmap.select import build_map_checklist
from tests.conftest import REPO

EXAMPLES = sorted(p for p in (REPO / "checklists" / "examples").glob("*.yml") if p.name != "blank.yml")


@pytest.fixture(scope="session")
def real_catalogue() -> Catalogue:
    """The project's own catalogue, loaded once per test session."""
    result = load_catalogue(REPO)
    assert not result.diagnostics, result.diagnostics
    return result.catalogue


@pytest.fixture(scope="session")
def example_maps(real_catalogue: Catalogue) -> list[Checklist]:
    """The checklist ``ambit map`` makes for each worked example map."""
    checklists = []
    for path in EXAMPLES:
        loaded = load_map(path, path.name, real_catalogue)
        assert loaded.map is not None, loaded.diagnostics
        checklists.append(build_map_checklist(real_catalogue, loaded.map))
    return checklists


def resolve_profile(folder: Path, profile_name: str) -> object:
    """Resolve ``folder/profile_name`` with compliance-trestle, imports read relative to ``folder``.

    Trestle reads a relative import href from the working directory and keeps a cache under
    ``<root>/.trestle``, so both are set to the folder holding the files.
    """
    from trestle.core.profile_resolver import ProfileResolver

    (folder / ".trestle").mkdir(exist_ok=True)
    before = Path.cwd()
    os.chdir(folder)
    try:
        return ProfileResolver.get_resolved_profile_catalog(folder, str(folder / profile_name))
    finally:
        os.chdir(before)
