"""The data-flow SVG: well-formed XML, hostile names escaped, deterministic, laid out left to right."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.model import Catalogue
from generator.systemmap.diagram import layout, render_svg
from generator.systemmap.load import load_map
from generator.systemmap.model import SystemMap
from tests.systemmap.conftest import EXAMPLES

SVG = "{http://www.w3.org/2000/svg}"


def test_well_formed_and_deterministic(catalogue: Catalogue, route_map: SystemMap) -> None:
    svg = render_svg(catalogue, route_map)
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    assert svg == render_svg(catalogue, route_map)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "route-history" in texts and "GPS pings" in texts
    assert len(root.findall(f".//{SVG}g[@class='component']")) == len(route_map.components)
    assert len(root.findall(f".//{SVG}g[@class='flow']")) == len(route_map.flows)
    assert "Legend" in texts


def test_hostile_names_are_escaped(catalogue: Catalogue, write_map: Callable[..., Path]) -> None:
    hostile = '<script>alert(1)</script>" onload="x'
    text = f"""\
system: '{hostile.replace("'", "''")} & co'
components:
  - id: bucket
    type: object-storage
    exposure: internet
    name: "]]><svg onload=alert(1)> \\x07 bell"
  - id: gateway
    type: api-gateway
    exposure: partner
flows:
  - from: bucket
    to: gateway
    data: "<img src=x onerror=alert(1)>"
    lifecycle: output
people:
  - role: "</text><script>evil()</script>"
    uses: [bucket]
"""
    loaded = load_map(write_map(text), "m.yml", catalogue)
    assert loaded.map is not None, loaded.diagnostics
    svg = render_svg(catalogue, loaded.map)
    root = ET.fromstring(svg.encode("utf-8"))  # parses: nothing broke out of its text node
    assert not [e for e in root.iter() if e.tag.endswith(("script", "img", "foreignObject"))]
    assert not [a for e in root.iter() for a in e.attrib if a.startswith("on")]
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "\x07" not in svg


def test_columns_follow_the_flows(catalogue: Catalogue, route_map: SystemMap) -> None:
    lay = layout(route_map, {s.id: s.order for s in catalogue.lifecycle})
    for flow in route_map.flows:
        assert lay.column[flow.target] > lay.column[flow.source]
    assert lay.headings[0] == "Sources"
    assert not lay.back_edges


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yml")), ids=lambda p: p.stem)
def test_examples_render(path: Path, catalogue: Catalogue) -> None:
    smap = load_map(path, path.name, catalogue).map
    assert smap is not None
    ET.fromstring(render_svg(catalogue, smap).encode("utf-8"))
