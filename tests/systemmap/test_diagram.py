"""The data-flow SVG: well-formed XML, hostile names escaped, deterministic, laid out left to right."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from generator.model import Catalogue
from generator.systemmap.diagram import render_svg, to_dot
from generator.systemmap.load import load_map
from generator.systemmap.model import SystemMap
from tests.systemmap.conftest import EXAMPLES

SVG = "{http://www.w3.org/2000/svg}"


def test_well_formed_and_deterministic(catalogue: Catalogue, route_map: SystemMap) -> None:
    svg = render_svg(catalogue, route_map)
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert svg == render_svg(catalogue, route_map)
    assert "<!--" not in svg  # no Graphviz version comment to change the bytes
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "route-history" in texts and "GPS pings" in texts
    assert len(root.findall(f".//{SVG}g[@class='node']")) == len(route_map.components)
    assert len(root.findall(f".//{SVG}g[@class='edge']")) == len(route_map.flows)


def _boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """Each node's bounding box from its outline path."""
    out = {}
    for g in root.findall(f".//{SVG}g[@class='node']"):
        title = g.find(f"{SVG}title")
        shape = next((e for e in g.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon")), None)
        assert title is not None and shape is not None
        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d") or shape.get("points") or "")]
        xs, ys = nums[0::2], nums[1::2]
        out[title.text or ""] = (min(xs), min(ys), max(xs), max(ys))
    return out


def test_data_flows_left_to_right(catalogue: Catalogue, route_map: SystemMap) -> None:
    boxes = _boxes(ET.fromstring(render_svg(catalogue, route_map).encode("utf-8")))
    for flow in route_map.flows:
        assert boxes[flow.source][0] < boxes[flow.target][0]


def test_labels_are_whole_and_wrapped(catalogue: Catalogue, route_map: SystemMap) -> None:
    long_label = "monthly extracts of every delivery address and signature"
    flows = (*route_map.flows[:-1], replace(route_map.flows[-1], data=long_label))
    svg = render_svg(catalogue, replace(route_map, flows=flows))
    texts = [t.text or "" for t in ET.fromstring(svg.encode("utf-8")).iter(f"{SVG}text")]
    assert " ".join(t for t in texts if t and t in long_label) == long_label  # every word, in order
    assert all(len(t) <= 24 for t in texts if t in long_label)


def test_runs_on_is_drawn(catalogue: Catalogue, route_map: SystemMap) -> None:
    from generator.systemmap.model import MapComponent

    phones = MapComponent(id="phones", type="mobile-device", exposure="internet")
    app = replace(route_map.component("driver-app"), runs_on=("phones",))
    smap = replace(route_map, components=(*[c for c in route_map.components if c.id != "driver-app"], app, phones))
    dot = to_dot(catalogue, smap)
    assert '"driver-app" -> "phones" [style=dotted' in dot
    assert "runs on" in render_svg(catalogue, smap)


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


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yml")), ids=lambda p: p.stem)
def test_examples_render(path: Path, catalogue: Catalogue) -> None:
    smap = load_map(path, path.name, catalogue).map
    assert smap is not None
    ET.fromstring(render_svg(catalogue, smap).encode("utf-8"))
