"""Reading a system map file: safe YAML, the JSON Schema, then checks against the catalogue.

Every problem becomes a :class:`~generator.diagnostics.Diagnostic` at ``path:line:col`` with a
hint, and all of them are reported at once: a component type missing from ``components.yml``, a
duplicate component id, a flow or a person naming a component the map does not declare, an
unknown lifecycle stage or sector, and a flow from a component to itself. A map is built only
when there is none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, did_you_mean
from generator.loader import JsonPath, YamlDocument, load_yaml
from generator.model import Catalogue
from generator.schemas import validate_document
from generator.systemmap.model import Flow, MapComponent, Person, SystemMap

SCHEMA_NAME = "system-map.schema.json"


@dataclass
class LoadedMap:
    """The map (when it has no errors), its document (for positions) and every problem found."""

    map: SystemMap | None
    document: YamlDocument | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.map is not None and not self.diagnostics


def load_map(path: Path, rel: str, cat: Catalogue) -> LoadedMap:
    """Load and check the map at ``path`` (reported as ``rel``) against the catalogue ``cat``."""
    loaded = load_yaml(path, rel)
    if isinstance(loaded, Diagnostic):
        return LoadedMap(None, None, [loaded])
    problems = validate_document(loaded, SCHEMA_NAME)
    if problems:
        return LoadedMap(None, loaded, sorted(set(problems)))
    problems = check_references(loaded, cat)
    if problems:
        return LoadedMap(None, loaded, sorted(set(problems)))
    return LoadedMap(build_map(loaded.data, rel), loaded)


def check_references(doc: YamlDocument, cat: Catalogue) -> list[Diagnostic]:
    """Problems with what a schema-valid map refers to: types, ids, stages, sector."""
    data: dict[str, Any] = doc.data
    types = [c.id for c in cat.components]
    stages = [s.id for s in cat.lifecycle]
    sectors = [s.id for s in cat.sectors]
    problems: list[Diagnostic] = []

    sector = data.get("sector")
    if sector is not None and sector not in sectors:
        problems.append(
            doc.error(
                ("sector",),
                "unknown-sector",
                f"unknown sector '{sector}'",
                did_you_mean(sector, sectors) or f"use one of: {', '.join(sectors)}",
            )
        )

    declared: dict[str, int] = {}
    for i, comp in enumerate(data["components"]):
        cid = comp["id"]
        if cid in declared:
            first = doc.mark(("components", declared[cid], "id"))
            problems.append(
                doc.error(
                    ("components", i, "id"),
                    "duplicate-id",
                    f"component id '{cid}' is declared twice (first at line {first.line})",
                    "give each component its own id",
                )
            )
        else:
            declared[cid] = i
        if comp["type"] not in types:
            problems.append(
                doc.error(
                    ("components", i, "type"),
                    "unknown-type",
                    f"unknown component type '{comp['type']}'",
                    did_you_mean(comp["type"], types) or "use a component type id from content/components.yml",
                )
            )
        for j, stage in enumerate(comp.get("lifecycle") or ()):
            problems.extend(_stage_problem(doc, ("components", i, "lifecycle", j), stage, stages))

    ids = list(declared)
    for i, flow in enumerate(data.get("flows") or ()):
        for end in ("from", "to"):
            problems.extend(_component_problem(doc, ("flows", i, end), flow[end], ids))
        if flow["from"] == flow["to"]:
            problems.append(
                doc.error(
                    ("flows", i, "to"),
                    "self-flow",
                    f"flow from '{flow['from']}' to itself",
                    "a flow joins two different components; describe internal processing in notes",
                )
            )
        problems.extend(_stage_problem(doc, ("flows", i, "lifecycle"), flow["lifecycle"], stages))
    for i, person in enumerate(data.get("people") or ()):
        for j, used in enumerate(person["uses"]):
            problems.extend(_component_problem(doc, ("people", i, "uses", j), used, ids))
    return problems


def _component_problem(doc: YamlDocument, path: JsonPath, cid: str, ids: list[str]) -> list[Diagnostic]:
    if cid in ids:
        return []
    return [
        doc.error(
            path,
            "unknown-component",
            f"'{cid}' is not a component of this map",
            did_you_mean(cid, ids) or "declare it under components first",
        )
    ]


def _stage_problem(doc: YamlDocument, path: JsonPath, stage: str, stages: list[str]) -> list[Diagnostic]:
    if stage in stages:
        return []
    return [
        doc.error(
            path,
            "unknown-lifecycle",
            f"unknown lifecycle stage '{stage}'",
            did_you_mean(stage, stages) or f"use one of: {', '.join(stages)}",
        )
    ]


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def build_map(data: dict[str, Any], path: str = "") -> SystemMap:
    """The typed map from checked data (whitespace in one-line fields folded)."""
    return SystemMap(
        system=_text(data["system"]),
        description=_text(data.get("description")),
        sector=data.get("sector") or "",
        path=path,
        components=tuple(
            MapComponent(
                id=c["id"],
                type=c["type"],
                exposure=c["exposure"],
                name=_text(c.get("name")),
                data=tuple(_text(d) for d in c.get("data") or ()),
                owner=_text(c.get("owner")),
                lifecycle=tuple(c.get("lifecycle") or ()),
                notes=_text(c.get("notes")),
            )
            for c in data["components"]
        ),
        flows=tuple(
            Flow(source=f["from"], target=f["to"], data=_text(f["data"]), lifecycle=f["lifecycle"])
            for f in data.get("flows") or ()
        ),
        people=tuple(
            Person(role=_text(p["role"]), uses=tuple(p["uses"]), notes=_text(p.get("notes")))
            for p in data.get("people") or ()
        ),
    )
