"""Read an OSCAL catalog, JSON or XML, into one small typed tree.

Only what a registry needs is kept: ids, classes, titles, props, links, part names and whether
a part carries prose. JSON and XML differ in shape, not content, so both become
:class:`OscalNode` trees and the importer works on those alone.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_NS = "{http://csrc.nist.gov/ns/oscal/1.0}"


@dataclass(frozen=True)
class OscalProp:
    """One ``prop``: name, value and optional class (``zero-padded`` labels have one)."""

    name: str
    value: str
    cls: str = ""


@dataclass(frozen=True)
class OscalPart:
    """One ``part``: its name and its prose flattened to one line ('' when empty)."""

    name: str
    prose: str


@dataclass(frozen=True)
class OscalNode:
    """A ``group`` or a ``control`` with everything the registry importer reads."""

    element: str  # "group" or "control"
    id: str
    cls: str
    title: str
    props: tuple[OscalProp, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (rel, href)
    parts: tuple[OscalPart, ...] = ()
    children: tuple[OscalNode, ...] = field(default=())

    def prop(self, name: str) -> str:
        """The first value of prop ``name`` without a class, else with one, else ''."""
        values = [p for p in self.props if p.name == name]
        plain = [p.value for p in values if not p.cls]
        return plain[0] if plain else (values[0].value if values else "")


@dataclass(frozen=True)
class OscalCatalog:
    """A catalog: its metadata title and version, and its top-level nodes."""

    title: str
    version: str
    nodes: tuple[OscalNode, ...]


def read_catalog(path: Path) -> OscalCatalog:
    """Read an OSCAL catalog from ``.json`` or ``.xml`` (chosen by the file's first byte)."""
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("<"):
        return _from_xml(text)
    return _from_json(json.loads(text))


def _squash(text: str) -> str:
    return " ".join(text.split())


# --- JSON ---------------------------------------------------------------------------------


def _from_json(doc: dict[str, Any]) -> OscalCatalog:
    catalog = doc["catalog"]
    meta = catalog.get("metadata", {})
    nodes = [_json_node(g, "group") for g in catalog.get("groups", [])]
    nodes += [_json_node(c, "control") for c in catalog.get("controls", [])]
    return OscalCatalog(str(meta.get("title", "")), str(meta.get("version", "")), tuple(nodes))


def _json_prose(part: dict[str, Any]) -> str:
    texts = [str(part.get("prose", ""))]
    texts += [_json_prose(p) for p in part.get("parts", [])]
    return _squash(" ".join(texts))


def _json_node(raw: dict[str, Any], element: str) -> OscalNode:
    children = [_json_node(g, "group") for g in raw.get("groups", [])]
    children += [_json_node(c, "control") for c in raw.get("controls", [])]
    return OscalNode(
        element=element,
        id=str(raw["id"]),
        cls=str(raw.get("class", "")),
        title=_squash(str(raw.get("title", ""))),
        props=tuple(OscalProp(str(p["name"]), str(p["value"]), str(p.get("class", ""))) for p in raw.get("props", [])),
        links=tuple((str(li.get("rel", "")), str(li["href"])) for li in raw.get("links", [])),
        parts=tuple(OscalPart(str(p["name"]), _json_prose(p)) for p in raw.get("parts", [])),
        children=tuple(children),
    )


# --- XML ----------------------------------------------------------------------------------


def _from_xml(text: str) -> OscalCatalog:
    # The standard library parser does not resolve external entities, so a catalog cannot
    # make it read local files or the network.
    root = ET.fromstring(text)
    meta = root.find(f"{_NS}metadata")
    title = _squash(_text(meta.find(f"{_NS}title"))) if meta is not None else ""
    version = _text(meta.find(f"{_NS}version")) if meta is not None else ""
    nodes = [_xml_node(el) for el in root if el.tag in (f"{_NS}group", f"{_NS}control")]
    return OscalCatalog(title, version.strip(), tuple(nodes))


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""


def _xml_part_prose(part: ET.Element) -> str:
    # Prose is every text node under the part except inside nested ``prop`` remarks.
    texts = [_text(child) for child in part if child.tag != f"{_NS}prop"]
    return _squash(" ".join(texts))


def _xml_node(el: ET.Element) -> OscalNode:
    element = el.tag.removeprefix(_NS)
    children = [_xml_node(c) for c in el if c.tag in (f"{_NS}group", f"{_NS}control")]
    return OscalNode(
        element=element,
        id=el.get("id", ""),
        cls=el.get("class", ""),
        title=_squash(_text(el.find(f"{_NS}title"))),
        props=tuple(
            OscalProp(p.get("name", ""), p.get("value", ""), p.get("class", "")) for p in el.findall(f"{_NS}prop")
        ),
        links=tuple((li.get("rel", ""), li.get("href", "")) for li in el.findall(f"{_NS}link")),
        parts=tuple(OscalPart(p.get("name", ""), _xml_part_prose(p)) for p in el.findall(f"{_NS}part")),
        children=tuple(children),
    )
