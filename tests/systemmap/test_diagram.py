"""The data-flow SVG: well-formed XML, hostile names escaped, deterministic, laid out top to bottom,
what runs on what drawn as boxes inside boxes rather than lines across the picture."""

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

MAPS = Path(__file__).parent / "maps"

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


def test_data_flows_top_to_bottom(catalogue: Catalogue, route_map: SystemMap) -> None:
    boxes = _boxes(ET.fromstring(render_svg(catalogue, route_map).encode("utf-8")))
    for flow in route_map.flows:
        assert boxes[flow.source][3] < boxes[flow.target][1]  # the source's bottom above the target's top


def test_labels_are_whole_and_wrapped(catalogue: Catalogue, route_map: SystemMap) -> None:
    long_label = "monthly extracts of every delivery address and signature"
    flows = (*route_map.flows[:-1], replace(route_map.flows[-1], data=long_label))
    svg = render_svg(catalogue, replace(route_map, flows=flows))
    texts = [t.text or "" for t in ET.fromstring(svg.encode("utf-8")).iter(f"{SVG}text")]
    assert " ".join(t for t in texts if t and t in long_label) == long_label  # every word, in order
    assert all(len(t) <= 24 for t in texts if t in long_label)


def _clusters(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """Each "runs on" box, by its label (``runs on <host>``), with its bounding box."""
    out = {}
    for g in root.findall(f".//{SVG}g[@class='cluster']"):
        label = " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
        shape = next(e for e in g.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon"))
        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d") or shape.get("points") or "")]
        out[label] = (min(nums[0::2]), min(nums[1::2]), max(nums[0::2]), max(nums[1::2]))
    return out


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _runs_on_maps(catalogue: Catalogue) -> list[SystemMap]:
    """Every example and test map that says what runs on what."""
    paths = sorted(EXAMPLES.glob("*.yml")) + sorted(MAPS.glob("*.yml"))
    maps = [load_map(p, p.name, catalogue).map for p in paths]
    return [m for m in maps if m is not None and any(c.runs_on for c in m.components)]


def test_runs_on_is_a_box_around_the_host_and_what_runs_on_it(catalogue: Catalogue) -> None:
    """No "runs on" line crosses the picture: a component sits inside a box with its host, and
    that box holds nothing else. The drawing before this (dotted lines with ``constraint=false``,
    across the whole width for the dental group's server) fails it: it has no such box."""
    maps = _runs_on_maps(catalogue)
    assert {m.system for m in maps} >= {"Bright Smile dental group", "Routewise"}  # the review's maps
    for smap in maps:
        root = ET.fromstring(render_svg(catalogue, smap).encode("utf-8"))
        boxes, clusters = _boxes(root), _clusters(root)
        assert len(root.findall(f".//{SVG}g[@class='edge']")) == len(smap.flows)  # no line but the flows
        for c in smap.components:
            for host in c.runs_on:
                frame = clusters[f"runs on {host}"]
                assert _inside(boxes[c.id], frame) and _inside(boxes[host], frame), (smap.system, c.id, host)
        for label, frame in clusters.items():
            host = label.removeprefix("runs on ")
            members = {host} | {c.id for c in smap.components if _runs_on_transitively(smap, c.id, host)}
            strangers = [n for n, box in boxes.items() if n not in members and _overlap(box, frame)]
            assert not strangers, (smap.system, label, strangers)


def _runs_on_transitively(smap: SystemMap, component: str, host: str) -> bool:
    seen, todo = set(), [component]
    while todo:
        for h in smap.component(todo.pop()).runs_on:
            if h == host:
                return True
            if h not in seen:
                seen.add(h)
                todo.append(h)
    return False


def test_a_second_host_and_a_cycle_are_named_in_the_label(catalogue: Catalogue, route_map: SystemMap) -> None:
    from generator.systemmap.model import MapComponent

    phones = MapComponent(id="phones", type="mobile-device", exposure="internet", runs_on=("driver-app",))
    app = replace(route_map.component("driver-app"), runs_on=("phones", "archive"))
    smap = replace(route_map, components=(*[c for c in route_map.components if c.id != "driver-app"], app, phones))
    dot = to_dot(catalogue, smap)
    assert dot == to_dot(catalogue, smap)
    assert dot.count("subgraph cluster_") == 1  # phones' box holds the app; the app's cannot hold the phones
    assert "runs on archive" in dot and "runs on driver-app" in dot
    root = ET.fromstring(render_svg(catalogue, smap).encode("utf-8"))
    assert _inside(_boxes(root)["driver-app"], _clusters(root)["runs on phones"])


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


def test_the_flow_list_is_wide_enough_for_its_longest_line(catalogue: Catalogue, route_map: SystemMap) -> None:
    """In place of a drawing too large for dot, one line per flow: none may run past the edge."""
    from generator.systemmap.diagram import flow_list_svg

    long_data = "nightly extracts of every delivery address, signature and proof-of-delivery photo " * 2
    flows = (*route_map.flows[:-1], replace(route_map.flows[-1], data=long_data))
    svg = flow_list_svg(replace(route_map, flows=flows), "Too large to draw. The flows:")
    root = ET.fromstring(svg.encode("utf-8"))
    longest = max(len(t.text or "") for t in root.iter(f"{SVG}text"))
    assert longest == 160  # cut to 160 characters, then drawn whole
    assert float(root.get("width", "0")) >= 12 + 0.62 * 12 * longest
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
