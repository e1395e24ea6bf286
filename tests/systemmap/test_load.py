"""Reading maps: the bad-input corpus gives precise errors; the examples and the blank map load."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.model import Catalogue
from generator.systemmap.load import load_map
from tests.systemmap.conftest import EXAMPLES, ROUTE_MAP

BAD = sorted((Path(__file__).parent / "bad_maps").glob("*.yml"))


def _expectation(path: Path) -> tuple[int, int, str, str]:
    """``# expect: LINE:COL CODE TEXT`` from a corpus file's first line."""
    _, _, where, code, *text = path.read_text(encoding="utf-8").split("\n", 1)[0].split(" ")
    line, col = where.split(":")
    return int(line), int(col), code, " ".join(text)


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_map_gets_a_precise_error(path: Path, catalogue: Catalogue) -> None:
    line, col, code, text = _expectation(path)
    loaded = load_map(path, path.name, catalogue)
    assert loaded.map is None and not loaded.ok
    found = [(d.line, d.col, d.code) for d in loaded.diagnostics]
    assert (line, col, code) in found, [d.format_text() for d in loaded.diagnostics]
    diagnostic = next(d for d in loaded.diagnostics if (d.line, d.col, d.code) == (line, col, code))
    assert diagnostic.path == path.name
    assert text in f"{diagnostic.message} {diagnostic.hint}"


def test_every_problem_is_reported_at_once(catalogue: Catalogue, write_map: Callable[[str], Path]) -> None:
    text = ROUTE_MAP.replace("type: compute-cluster", "type: compute-clustr").replace("to: driver-app", "to: driver-ap")
    loaded = load_map(write_map(text.replace("sector: logistics", "sector: retail")), "m.yml", catalogue)
    assert sorted(d.code for d in loaded.diagnostics) == ["unknown-component", "unknown-sector", "unknown-type"]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yml")), ids=lambda p: p.stem)
def test_examples_and_blank_map_are_valid(path: Path, catalogue: Catalogue) -> None:
    loaded = load_map(path, path.name, catalogue)
    assert loaded.ok, [d.format_text() for d in loaded.diagnostics]
    assert loaded.map is not None
    assert loaded.map.components
    if path.stem != "blank":
        assert 10 <= len(loaded.map.components) <= 16
        assert loaded.map.people and loaded.map.flows
        stages = {f.lifecycle for f in loaded.map.flows}
        assert {"collection", "archival"} <= stages  # from collection to archival


def test_text_fields_are_folded(catalogue: Catalogue, write_map: Callable[[str], Path]) -> None:
    text = ROUTE_MAP.replace("name: Bucket holding", "name: >-\n      Bucket\n      holding")
    loaded = load_map(write_map(text), "m.yml", catalogue)
    assert loaded.map is not None
    assert loaded.map.component("route-history").name.startswith("Bucket holding two")
