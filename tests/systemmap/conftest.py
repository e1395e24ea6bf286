"""Fixtures for the system-map tests: the repository's catalogue and small maps written on the fly."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from generator.catalogue import load_catalogue
from generator.model import Catalogue
from generator.systemmap.load import load_map
from generator.systemmap.model import SystemMap

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "checklists" / "examples"

ROUTE_MAP = """\
system: Route optimiser
sector: logistics
components:
  - id: telematics-gateway
    type: telematics-gateway
    exposure: internet
  - id: route-history
    type: object-storage
    name: Bucket holding two years of route history
    exposure: internal
    data: [location, customer-contact]
    owner: Data team
  - id: trainer
    type: compute-cluster
    exposure: internal
  - id: route-model
    type: model-serving
    exposure: internal
  - id: dispatch-api
    type: api-gateway
    exposure: internet
  - id: driver-app
    type: mobile-app
    exposure: internet
  - id: archive
    type: backup-archive
    exposure: internal
flows:
  - {from: telematics-gateway, to: route-history, data: GPS pings, lifecycle: ingestion}
  - {from: route-history, to: trainer, data: route history, lifecycle: training}
  - {from: trainer, to: route-model, data: model weights, lifecycle: deployment}
  - {from: route-model, to: dispatch-api, data: routes, lifecycle: output}
  - {from: dispatch-api, to: driver-app, data: stops, lifecycle: output}
  - {from: route-history, to: archive, data: old trips, lifecycle: archival}
people:
  - role: Field agent
    uses: [driver-app]
"""


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The repository's catalogue (assembled even if an unrelated file has an error)."""
    return load_catalogue(REPO).catalogue


@pytest.fixture
def write_map(tmp_path: Path) -> Callable[[str], Path]:
    """Write YAML text to a map file in a temporary folder and return its path."""

    def write(text: str, name: str = "map.yml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def route_map(catalogue: Catalogue, write_map: Callable[[str], Path]) -> SystemMap:
    """A small valid logistics map with one flow chain from telematics to the driver app."""
    loaded = load_map(write_map(ROUTE_MAP), "map.yml", catalogue)
    assert loaded.map is not None, loaded.diagnostics
    return loaded.map


@contextmanager
def script_page(browser: Any, title: str, *scripts: Path) -> Iterator[Any]:
    """A blank page in the session's Chromium with ``scripts`` loaded in order (the mapper's JavaScript)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(f"<!DOCTYPE html><title>{title}</title>")
    for script in scripts:
        page.add_script_tag(content=script.read_text("utf-8"))
    yield page
    context.close()
