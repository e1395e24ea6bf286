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
    kinds = [k.id for k in cat.data_kinds]
    questions = [q.id for q in cat.intake]
    platforms = [p.id for p in cat.platforms]
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
                    suggest_type(comp["type"], cat),
                )
            )
        if comp.get("platform") is not None:
            problems.extend(_vocab_problem(doc, ("components", i, "platform"), comp["platform"], platforms, "platform"))
        for j, stage in enumerate(comp.get("lifecycle") or ()):
            problems.extend(_stage_problem(doc, ("components", i, "lifecycle", j), stage, stages))
        for j, kind in enumerate(comp.get("data_kinds") or ()):
            problems.extend(_vocab_problem(doc, ("components", i, "data_kinds", j), kind, kinds, "data kind"))
        for j, question in enumerate(comp.get("concerns") or ()):
            problems.extend(
                _vocab_problem(doc, ("components", i, "concerns", j), question, questions, "intake question")
            )

    ids = list(declared)
    for i, comp in enumerate(data["components"]):
        for j, host in enumerate(comp.get("runs_on") or ()):
            problems.extend(_component_problem(doc, ("components", i, "runs_on", j), host, ids))
            if host == comp["id"]:
                problems.append(
                    doc.error(
                        ("components", i, "runs_on", j),
                        "self-reference",
                        f"'{host}' cannot run on itself",
                        "name the device, server or MDM it runs on",
                    )
                )
    for question in data.get("intake") or {}:
        problems.extend(_vocab_key_problem(doc, question, questions))
    for i, flow in enumerate(data.get("flows") or ()):
        for j, kind in enumerate(flow.get("data_kinds") or ()):
            problems.extend(_vocab_problem(doc, ("flows", i, "data_kinds", j), kind, kinds, "data kind"))
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


def suggest_type(value: str, cat: Catalogue) -> str:
    """A hint for an unknown component type: close ids, then types whose name or examples mention it.

    ``postgres`` is far from every id but appears in the examples of ``operational-database``.
    """
    ids = [c.id for c in cat.components]
    close = did_you_mean(value, ids)
    if close:
        return close
    words = [w for w in value.lower().replace("_", "-").split("-") if len(w) >= 3]
    hits = [c for c in cat.components if any(w in " ".join((c.id, c.name, *c.examples)).lower() for w in words)]
    if hits:
        shown = ", ".join(f"'{c.id}' ({c.name})" for c in hits[:3])
        return f"did you mean {shown}?"
    return "use a component type id from content/components.yml (the site lists them under Components)"


def _vocab_problem(doc: YamlDocument, path: JsonPath, value: str, known: list[str], what: str) -> list[Diagnostic]:
    if value in known or not known:
        return []
    sources = {"data kind": "content/data-kinds.yml", "platform": "content/platforms.yml"}
    source = sources.get(what, "content/intake.yml")
    return [
        doc.error(
            path,
            "unknown-reference",
            f"unknown {what} '{value}'",
            did_you_mean(value, known) or f"use one of {source}: {', '.join(known)}",
        )
    ]


def _vocab_key_problem(doc: YamlDocument, question: str, known: list[str]) -> list[Diagnostic]:
    if question in known or not known:
        return []
    return [
        doc.key_error(
            ("intake", question),
            "unknown-reference",
            f"unknown intake question '{question}'",
            did_you_mean(question, known) or f"questions (content/intake.yml): {', '.join(known)}",
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
                exposure=c.get("exposure") or "unknown",
                name=_text(c.get("name")),
                data=tuple(_text(d) for d in c.get("data") or ()),
                owner=_text(c.get("owner")),
                lifecycle=tuple(c.get("lifecycle") or ()),
                notes=_text(c.get("notes")),
                data_kinds=tuple(c.get("data_kinds") or ()),
                kinds_stated="data_kinds" in c,
                operation=c.get("operation") or "",
                runs_on=tuple(c.get("runs_on") or ()),
                concerns=tuple(c.get("concerns") or ()),
                platform=c.get("platform") or "",
            )
            for c in data["components"]
        ),
        flows=tuple(
            Flow(
                source=f["from"],
                target=f["to"],
                data=_text(f["data"]),
                lifecycle=f["lifecycle"],
                data_kinds=tuple(f.get("data_kinds") or ()),
            )
            for f in data.get("flows") or ()
        ),
        people=tuple(
            Person(role=_text(p["role"]), uses=tuple(p["uses"]), notes=_text(p.get("notes")))
            for p in data.get("people") or ()
        ),
        intake=frozenset(q for q, answer in (data.get("intake") or {}).items() if answer in (True, "yes")),
        intake_no=frozenset(q for q, answer in (data.get("intake") or {}).items() if answer in (False, "no")),
    )
