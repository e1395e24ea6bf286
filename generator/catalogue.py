"""Finding, loading and assembling the catalogue: ``content/`` and ``checklists/`` -> model.

``load_catalogue`` reads every file, validates each against its JSON Schema, builds the typed
model from the files that passed, and runs the cross-file rules. It never raises for bad
content: every problem comes back as a diagnostic, so one run reports them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic
from generator.handwritten import check_handwritten
from generator.loader import YamlDocument, load_yaml
from generator.model import (
    Applicability,
    Catalogue,
    CatalogueInfo,
    ChecklistDefinition,
    Component,
    Control,
    DataKind,
    Framework,
    Incident,
    IntakeQuestion,
    Layer,
    LifecycleStage,
    NamedRisk,
    Obligation,
    Platform,
    Profile,
    Regulation,
    RequiredControl,
    Sector,
    SelectionRule,
    Source,
    Threat,
    VerificationStep,
)
from generator.schemas import validate_document

VOCABULARY_FILES = {
    "layers": "layers.schema.json",
    "lifecycle": "lifecycle.schema.json",
    "sectors": "sectors.schema.json",
    "components": "components.schema.json",
    "threats": "threats.schema.json",
    "incidents": "incidents.schema.json",
    "data-kinds": "data-kinds.schema.json",
    "intake": "intake.schema.json",
    "platforms": "platforms.schema.json",
    "obligations": "obligations.schema.json",
}
VOCABULARY_KEYS = {"data-kinds": "data_kinds", "intake": "questions"}
"""Top-level keys of vocabulary files whose key is not their file name."""


@dataclass
class LoadResult:
    """The assembled catalogue, every diagnostic found, and the documents (for positions)."""

    catalogue: Catalogue
    diagnostics: list[Diagnostic]
    documents: dict[str, YamlDocument] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.diagnostics


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class _Reader:
    """Loads and schema-checks files, remembering documents and diagnostics."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.documents: dict[str, YamlDocument] = {}
        self.diagnostics: list[Diagnostic] = []

    def read(self, path: Path, schema: str) -> YamlDocument | None:
        rel = _rel(path, self.root)
        if not path.resolve().is_relative_to(self.root):
            # A link out of the repository would publish (and echo in public check logs) whatever
            # file it points at on the machine that runs the check.
            self.diagnostics.append(
                Diagnostic(
                    rel,
                    1,
                    1,
                    "outside-repository",
                    f"{rel} is a link to a file outside the repository",
                    "put the file itself in the repository, not a symbolic link",
                )
            )
            return None
        loaded = load_yaml(path, rel)
        if isinstance(loaded, Diagnostic):
            self.diagnostics.append(loaded)
            return None
        self.documents[rel] = loaded
        problems = validate_document(loaded, schema)
        self.diagnostics.extend(problems)
        return None if problems else loaded


def _t(values: Any) -> tuple[Any, ...]:
    return tuple(values or ())


def load_catalogue(root: Path) -> LoadResult:
    """Load, schema-check and assemble everything under ``root``; run the cross-file rules."""
    from generator.rules import check_catalogue  # rules need the model; keep import order simple

    root = root.resolve()
    content = root / "content"
    reader = _Reader(root)

    info = CatalogueInfo(name="Ambit", version="0.0.0", date="1970-01-01", repository="https://invalid")
    meta_path = content / "catalogue.yml"
    if meta_path.exists():
        meta = reader.read(meta_path, "catalogue.schema.json")
        if meta:
            info = CatalogueInfo(**meta.data)
    else:
        reader.diagnostics.append(
            Diagnostic(
                "content/catalogue.yml",
                1,
                1,
                "missing-file",
                "content/catalogue.yml is missing",
                "it holds the catalogue name and version",
            )
        )

    vocab: dict[str, list[dict[str, Any]]] = {}
    for name, schema in VOCABULARY_FILES.items():
        path = content / f"{name}.yml"
        if not path.exists():
            reader.diagnostics.append(
                Diagnostic(
                    f"content/{name}.yml",
                    1,
                    1,
                    "missing-file",
                    f"content/{name}.yml is missing",
                    f"restore it with `git checkout -- content/{name}.yml`, or write it following its schema",
                )
            )
            vocab[name] = []
            continue
        doc = reader.read(path, schema)
        vocab[name] = list(doc.data[VOCABULARY_KEYS.get(name, name)]) if doc else []

    layers = tuple(
        Layer(id=d["id"], name=d["name"], prefix=d["prefix"], description=d["description"], scope=_t(d.get("scope")))
        for d in vocab["layers"]
    )
    lifecycle = tuple(
        LifecycleStage(id=d["id"], name=d["name"], description=d["description"], order=i)
        for i, d in enumerate(vocab["lifecycle"])
    )
    sectors = tuple(Sector(**d) for d in vocab["sectors"])
    components = tuple(
        Component(
            id=d["id"],
            name=d["name"],
            description=d["description"],
            layer=d["layer"],
            ai=bool(d.get("ai", False)),
            examples=_t(d.get("examples")),
            data_kinds=_t(d.get("data_kinds")),
            operation=d.get("operation", ""),
            impact=dict(d.get("impact") or {}),
        )
        for d in vocab["components"]
    )
    threats = tuple(
        Threat(
            id=d["id"],
            name=d["name"],
            description=d["description"],
            layers=_t(d["layers"]),
            atlas=_t(d.get("atlas")),
            severity=d.get("severity", 2),
            properties=_t(d.get("properties")) or ("confidentiality", "integrity", "availability"),
        )
        for d in vocab["threats"]
    )
    incidents = tuple(
        Incident(
            id=d["id"],
            title=d["title"],
            date=d["date"],
            summary=d["summary"],
            what_failed=d["what_failed"],
            layers=_t(d["layers"]),
            sources=tuple(Source(**s) for s in d["sources"]),
            controls=_t(d["controls"]),
            atlas_case_study=d.get("atlas_case_study", ""),
        )
        for d in vocab["incidents"]
    )

    frameworks = []
    for path in sorted((content / "frameworks").glob("*.yml")):
        doc = reader.read(path, "framework.schema.json")
        if doc:
            frameworks.append(_framework(doc))

    controls = []
    platform_names = {d["id"]: d["name"] for d in vocab["platforms"]}
    controls_dir = content / "controls"
    for path in sorted(controls_dir.rglob("*")):
        if path.is_dir():
            continue
        rel = _rel(path, root)
        if path.suffix != ".yml" or path.parent.parent != controls_dir:
            reader.diagnostics.append(
                Diagnostic(
                    rel,
                    1,
                    1,
                    "unexpected-file",
                    "controls live in content/controls/<layer>/<ID>.yml",
                    "move or rename the file (the extension is .yml)",
                )
            )
            continue
        doc = reader.read(path, "control.schema.json")
        if doc:
            controls.append(_control(doc, layer=path.parent.name, platform_names=platform_names))

    checklists = []
    for path in sorted((root / "checklists").glob("*")):
        if path.is_dir():
            continue
        if path.suffix != ".yml":
            reader.diagnostics.append(
                Diagnostic(
                    _rel(path, root),
                    1,
                    1,
                    "unexpected-file",
                    "checklist definitions are checklists/<id>.yml",
                    "rename it to <id>.yml, or move it out of checklists/",
                )
            )
            continue
        doc = reader.read(path, "checklist.schema.json")
        if doc:
            checklists.append(_checklist(doc))

    catalogue = Catalogue(
        info=info,
        layers=layers,
        lifecycle=lifecycle,
        sectors=sectors,
        components=components,
        threats=threats,
        incidents=incidents,
        frameworks=tuple(frameworks),
        controls=tuple(sorted(controls, key=lambda c: c.id)),
        checklists=tuple(checklists),
        data_kinds=tuple(
            DataKind(
                id=d["id"],
                name=d["name"],
                sensitivity=d["sensitivity"],
                description=d["description"],
                integrity=d["integrity"],
                availability=d["availability"],
            )
            for d in vocab["data-kinds"]
        ),
        intake=tuple(
            IntakeQuestion(id=d["id"], question=d["question"], help=d.get("help", ""), weakness=d.get("weakness", True))
            for d in vocab["intake"]
        ),
        platforms=tuple(
            Platform(id=d["id"], name=d["name"], kind=d["kind"], description=d["description"])
            for d in vocab["platforms"]
        ),
        obligations=tuple(
            Obligation(
                id=d["id"],
                name=d["name"],
                framework=d["framework"],
                sectors=_t(d["sectors"]),
                data_kinds=_t(d["data_kinds"]),
                controls=tuple(RequiredControl(**r) for r in d["controls"]),
            )
            for d in vocab["obligations"]
        ),
    )
    diagnostics = reader.diagnostics + check_catalogue(catalogue, reader.documents) + check_handwritten(root)
    return LoadResult(catalogue=catalogue, diagnostics=sorted(set(diagnostics)), documents=reader.documents)


def _framework(doc: YamlDocument) -> Framework:
    from generator.frameworks.registry_io import framework_from_data  # shared with the importers

    return framework_from_data(doc.data, doc.rel)


def _control(doc: YamlDocument, layer: str, platform_names: Mapping[str, str]) -> Control:
    d = doc.data
    return Control(
        id=d["id"],
        title=d["title"],
        summary=d["summary"],
        description=d["description"],
        rationale=d["rationale"],
        priority=d["priority"],
        lifecycle=_t(d["lifecycle"]),
        components=_t(d["components"]),
        threats=_t(d["threats"]),
        verification=tuple(
            VerificationStep(
                step=v["step"],
                evidence=v["evidence"],
                minutes=v.get("minutes", 0),
                platforms=_t(v.get("platforms")),
                platform_names=tuple(platform_names.get(p, p) for p in v.get("platforms") or ()),
            )
            for v in d["verification"]
        ),
        effort_minutes=d["effort_minutes"],
        references={k: tuple(v) for k, v in d["references"].items()},
        status=d["status"],
        added_in=d["added_in"],
        layer=layer,
        path=doc.rel,
        sectors=dict(d.get("sectors") or {}),
        changed_in=d.get("changed_in", ""),
        retired_in=d.get("retired_in", ""),
        superseded_by=d.get("superseded_by", ""),
        retired_reason=d.get("retired_reason", ""),
        applies_when=applicability(d.get("applies_when") or {}),
        has_applicability="applies_when" in d,
        raised_by=_t(d.get("raised_by")),
    )


APPLICABILITY_KEYS = ("data_kinds", "exposure", "operation", "sectors", "intake", "platforms")
"""The conditions an ``applies_when`` can state (content/schema/control.schema.json)."""


def applicability(d: dict[str, Any]) -> Applicability:
    """An ``applies_when`` mapping (already schema-checked) as an :class:`Applicability`."""
    return Applicability(**{k: _t(d.get(k)) for k in APPLICABILITY_KEYS})


def _regulation(d: dict[str, Any]) -> Regulation:
    """A checklist's regulation; a ``requires`` entry is a control ID or {control, label}."""
    entries = d.get("requires") or []
    requires = tuple(e if isinstance(e, str) else e["control"] for e in entries)
    labels = tuple((e["control"], e["label"]) for e in entries if not isinstance(e, str))
    return Regulation(name=d["name"], note=d["note"], url=d.get("url", ""), requires=requires, labels=labels)


def _checklist(doc: YamlDocument) -> ChecklistDefinition:
    d = doc.data
    rules = tuple(SelectionRule(**{k: tuple(v) for k, v in rule.items()}) for rule in d["select"])
    return ChecklistDefinition(
        id=d["id"],
        title=d["title"],
        summary=d["summary"],
        introduction=d["introduction"],
        rules=rules,
        path=doc.rel,
        sector=d.get("sector", ""),
        regulations=tuple(_regulation(r) for r in d.get("regulations", [])),
        risks=tuple(NamedRisk(risk=r["risk"], controls=_t(r["controls"])) for r in d.get("risks", [])),
        include=_t(d.get("include")),
        exclude=_t(d.get("exclude")),
        profile=Profile(**{k: _t(v) for k, v in d["profile"].items()}) if d.get("profile") else None,
    )
