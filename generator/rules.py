"""Cross-file rules: what JSON Schema cannot see because it looks at one file at a time.

Unique IDs, IDs that match their file and layer, references that resolve (lifecycle stages,
components, threats, sectors, successors, framework items), retirement bookkeeping, and
restricted Markdown in every text field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath

from generator import id_patterns, markdown
from generator.diagnostics import Diagnostic, did_you_mean
from generator.loader import JsonPath, YamlDocument
from generator.model import Catalogue, Control, Framework


def check_catalogue(cat: Catalogue, docs: dict[str, YamlDocument]) -> list[Diagnostic]:
    """Every cross-file problem in ``cat``; ``docs`` gives positions by relative path.

    References into a vocabulary that failed to load (so is empty: every vocabulary schema asks for at
    least one entry) are not checked, so one broken file does not bury its real error under hundreds.
    """
    out: list[Diagnostic] = []
    out += _unique_vocabulary(docs)
    out += _controls(cat, docs)
    out += _vocabulary_references(cat, docs)
    out += _checklists(cat, docs)
    out += _markdown_fields(docs)
    out += _registry_patterns(cat, docs)
    out += _registry_sectors(cat, docs)
    out += _obligations(cat, docs)
    from generator.applicability_rules import check_applicability  # it builds on _resolve below

    out += check_applicability(cat, docs)
    return out


def _err(doc: YamlDocument | None, rel: str, path: JsonPath, code: str, message: str, hint: str = "") -> Diagnostic:
    if doc is None:
        return Diagnostic(rel, 1, 1, code, message, hint)
    return doc.error(path, code, message, hint)


def _unique_vocabulary(docs: dict[str, YamlDocument]) -> Iterator[Diagnostic]:
    files = {n: n for n in ("layers", "lifecycle", "sectors", "components", "threats", "incidents")}
    files |= {"data-kinds": "data_kinds", "intake": "questions", "platforms": "platforms"}
    for file_name, name in files.items():
        doc = docs.get(f"content/{file_name}.yml")
        if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get(name), list):
            continue
        seen: dict[str, int] = {}
        for i, entry in enumerate(doc.data[name]):
            ident = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                first = doc.mark((name, seen[ident], "id")).line
                yield doc.error(
                    (name, i, "id"),
                    "duplicate-id",
                    f"{name} id '{ident}' is already used at line {first}",
                    "ids are unique within the file: rename one, or merge the two entries",
                )
            else:
                seen[ident] = i
    layers = docs.get("content/layers.yml")
    if layers and isinstance(layers.data, dict) and isinstance(layers.data.get("layers"), list):
        prefixes: dict[str, int] = {}
        for i, entry in enumerate(layers.data["layers"]):
            prefix = entry.get("prefix") if isinstance(entry, dict) else None
            if isinstance(prefix, str) and prefix in prefixes:
                yield layers.error(
                    ("layers", i, "prefix"),
                    "duplicate-id",
                    f"prefix '{prefix}' is already used",
                    "give each layer its own prefix",
                )
            elif isinstance(prefix, str):
                prefixes[prefix] = i


def _resolve(
    doc: YamlDocument | None, rel: str, path: JsonPath, value: str, known: Iterable[str], what: str, source: str
) -> Iterator[Diagnostic]:
    pool = list(known)
    if pool and value not in pool:
        hint = did_you_mean(value, pool) or f"add it to {source} or use one of: {', '.join(sorted(pool)[:12])}"
        yield _err(doc, rel, path, "unknown-reference", f"unknown {what} '{value}'", hint)


def _controls(cat: Catalogue, docs: dict[str, YamlDocument]) -> Iterator[Diagnostic]:
    layer_prefix = {layer.id: layer.prefix for layer in cat.layers}
    ids: dict[str, Control] = {}
    all_ids = {c.id for c in cat.controls}
    frameworks = {f.key: f for f in cat.frameworks}
    lifecycle = [s.id for s in cat.lifecycle]
    components = [c.id for c in cat.components]
    threats = [t.id for t in cat.threats]
    sectors = [s.id for s in cat.sectors]
    for control in cat.controls:
        doc = docs.get(control.path)
        rel = control.path
        if control.id in ids:
            yield _err(
                doc,
                rel,
                ("id",),
                "duplicate-id",
                f"control ID {control.id} is already used by {ids[control.id].path}",
                "take the next free ID in the layer; IDs are never reused, even after retirement",
            )
        ids.setdefault(control.id, control)
        stem = PurePosixPath(rel).stem
        if stem != control.id:
            yield _err(
                doc,
                rel,
                ("id",),
                "id-filename",
                f"ID {control.id} does not match the file name {stem}.yml",
                f"rename the file to {control.id}.yml or fix the ID",
            )
        if control.layer not in layer_prefix:
            yield _err(
                doc,
                rel,
                (),
                "unknown-layer",
                f"folder '{control.layer}' is not a layer",
                did_you_mean(control.layer, layer_prefix) or f"layers: {', '.join(layer_prefix)}",
            )
        elif not control.id.startswith(layer_prefix[control.layer] + "-"):
            yield _err(
                doc,
                rel,
                ("id",),
                "id-layer",
                f"ID {control.id} does not carry the {control.layer} prefix {layer_prefix[control.layer]}",
                f"controls in content/controls/{control.layer}/ are numbered {layer_prefix[control.layer]}-NNN",
            )
        for i, value in enumerate(control.lifecycle):
            yield from _resolve(
                doc, rel, ("lifecycle", i), value, lifecycle, "lifecycle stage", "content/lifecycle.yml"
            )
        for i, value in enumerate(control.components):
            yield from _resolve(doc, rel, ("components", i), value, components, "component", "content/components.yml")
        for i, value in enumerate(control.threats):
            yield from _resolve(doc, rel, ("threats", i), value, threats, "threat", "content/threats.yml")
        for value in control.sectors:
            if value not in sectors:
                yield (
                    doc.key_error(
                        ("sectors", value),
                        "unknown-reference",
                        f"unknown sector '{value}'",
                        did_you_mean(value, sectors) or f"sectors: {', '.join(sectors)}",
                    )
                    if doc
                    else Diagnostic(rel, 1, 1, "unknown-reference", f"unknown sector '{value}'")
                )
        yield from _retirement(control, doc, all_ids)
        for key, refs in control.references.items():
            framework = frameworks.get(key)
            if framework is None:
                yield (
                    doc.key_error(
                        ("references", key),
                        "unknown-framework",
                        f"unknown framework '{key}'",
                        did_you_mean(key, frameworks) or f"registries: {', '.join(sorted(frameworks))}",
                    )
                    if doc
                    else Diagnostic(rel, 1, 1, "unknown-framework", f"unknown framework '{key}'")
                )
                continue
            for i, ref in enumerate(refs):
                problem = reference_problem(framework, ref)
                if problem:
                    code, message, hint = problem
                    yield _err(doc, rel, ("references", key, i), code, message, hint)


def reference_problem(framework: Framework, ref: str) -> tuple[str, str, str] | None:
    """``(code, message, hint)`` when ``ref`` is not an active item of ``framework``, else None."""
    item = framework.by_id.get(ref)
    if item is not None and not item.withdrawn:
        return None
    suggestion = _suggest(framework, ref)
    if item is not None:
        hint = f"use {suggestion} instead" if suggestion else "remove it or cite the item that replaced it"
        return "withdrawn-reference", f"{framework.key} {ref} is withdrawn", hint
    if suggestion:
        return "unknown-reference", f"{framework.key} has no item '{ref}'", f"did you mean '{suggestion}'?"
    hint = "check the ID against " + (framework.path or f"content/frameworks/{framework.key}.yml")
    if framework.id_pattern and id_patterns.matches(framework.id_pattern, ref) is False:
        hint += f" (IDs look like {framework.items[0].id})" if framework.items else ""
    return "unknown-reference", f"{framework.key} has no item '{ref}'", hint


def _suggest(framework: Framework, ref: str) -> str | None:
    try:
        from generator.frameworks.canonical import suggest
    except ImportError:  # the canonical-forms module arrives with the registries
        close = did_you_mean(ref, [i.id for i in framework.items if not i.withdrawn])
        return close.split("'")[1] if close else None
    return suggest(framework, ref)


def _retirement(control: Control, doc: YamlDocument | None, all_ids: set[str]) -> Iterator[Diagnostic]:
    rel = control.path
    if control.status == "retired":
        if not control.retired_in:
            yield _err(
                doc,
                rel,
                ("status",),
                "retired-incomplete",
                f"retired control {control.id} has no retired_in",
                "add retired_in: the catalogue version that retires it",
            )
        if not control.superseded_by and not control.retired_reason:
            yield _err(
                doc,
                rel,
                ("status",),
                "retired-incomplete",
                f"retired control {control.id} needs superseded_by or retired_reason",
                "name the control that replaces it, or say why it has none",
            )
    elif control.retired_in:
        yield _err(
            doc,
            rel,
            ("retired_in",),
            "retired-incomplete",
            f"active control {control.id} has retired_in",
            "set status: retired, or remove retired_in",
        )
    if control.superseded_by:
        if control.superseded_by == control.id:
            yield _err(
                doc,
                rel,
                ("superseded_by",),
                "unknown-reference",
                f"{control.id} cannot supersede itself",
                "name the control that replaces it, or use retired_reason",
            )
        elif control.superseded_by not in all_ids:
            yield _err(
                doc,
                rel,
                ("superseded_by",),
                "unknown-reference",
                f"unknown control '{control.superseded_by}'",
                did_you_mean(control.superseded_by, all_ids) or "name an existing control, or use retired_reason",
            )


def _vocabulary_references(cat: Catalogue, docs: dict[str, YamlDocument]) -> Iterator[Diagnostic]:
    layers = [layer.id for layer in cat.layers]

    def refs(name: str, path: JsonPath, values: Iterable[str], known: Iterable[str], what: str) -> Iterator[Diagnostic]:
        rel = f"content/{name}.yml"
        source = "content/controls/" if what == "control" else f"content/{what}s.yml"
        for j, value in enumerate(values):
            yield from _resolve(docs.get(rel), rel, (name, *path, j), value, known, what, source)

    for i, comp in enumerate(cat.components):
        yield from _resolve(
            docs.get("content/components.yml"),
            "content/components.yml",
            ("components", i, "layer"),
            comp.layer,
            layers,
            "layer",
            "content/layers.yml",
        )
    threats_doc = docs.get("content/threats.yml")
    atlas = next((f for f in cat.frameworks if f.key == "mitre-atlas"), None)
    for i, threat in enumerate(cat.threats):
        yield from refs("threats", (i, "layers"), threat.layers, layers, "layer")
        for j, ref in enumerate(threat.atlas):
            problem = reference_problem(atlas, ref) if atlas else None
            if problem:
                yield _err(threats_doc, "content/threats.yml", ("threats", i, "atlas", j), *problem)
    control_ids = {c.id for c in cat.controls}
    for i, incident in enumerate(cat.incidents):
        yield from refs("incidents", (i, "layers"), incident.layers, layers, "layer")
        yield from refs("incidents", (i, "controls"), incident.controls, control_ids, "control")


def _checklists(cat: Catalogue, docs: dict[str, YamlDocument]) -> Iterator[Diagnostic]:
    vocab = {
        "sectors": ([s.id for s in cat.sectors], "sector", "content/sectors.yml"),
        "layers": ([layer.id for layer in cat.layers], "layer", "content/layers.yml"),
        "components": ([c.id for c in cat.components], "component", "content/components.yml"),
        "lifecycle": ([s.id for s in cat.lifecycle], "lifecycle stage", "content/lifecycle.yml"),
        "threats": ([t.id for t in cat.threats], "threat", "content/threats.yml"),
        "intake": ([q.id for q in cat.intake], "intake question", "content/intake.yml"),
    }
    control_ids = {c.id for c in cat.controls}
    by_id = {c.id: c for c in cat.controls}
    for checklist in cat.checklists:
        doc = docs.get(checklist.path)
        rel = checklist.path
        stem = PurePosixPath(rel).stem
        if stem != checklist.id:
            yield _err(
                doc,
                rel,
                ("id",),
                "id-filename",
                f"checklist id '{checklist.id}' does not match the file name {stem}.yml",
                f"rename the file to {checklist.id}.yml or fix the id",
            )
        if checklist.sector:
            yield from _resolve(
                doc, rel, ("sector",), checklist.sector, vocab["sectors"][0], "sector", "content/sectors.yml"
            )
        for i, rule in enumerate(checklist.rules):
            for field_name, (known, what, source) in vocab.items():
                for j, value in enumerate(getattr(rule, field_name)):
                    yield from _resolve(doc, rel, ("select", i, field_name, j), value, known, what, source)
        for field_name in ("include", "exclude"):
            for j, value in enumerate(getattr(checklist, field_name)):
                yield from _resolve(doc, rel, (field_name, j), value, control_ids, "control", "content/controls/")
        required = [
            (("regulations", i, "requires", j), v)
            for i, r in enumerate(checklist.regulations)
            for j, v in enumerate(r.requires)
        ]
        risks = [
            (("risks", i, "controls", j), v) for i, r in enumerate(checklist.risks) for j, v in enumerate(r.controls)
        ]
        named: list[tuple[JsonPath, str]] = [*required, *risks]
        intro = " ".join(checklist.introduction.lower().split())
        for i, risk in enumerate(checklist.risks):
            if " ".join(risk.risk.lower().split()) not in intro:
                yield _err(
                    doc,
                    rel,
                    ("risks", i, "risk"),
                    "risk-not-in-introduction",
                    f"the introduction does not name the risk '{risk.risk}'",
                    "quote the risk as the introduction words it, or name it in the introduction",
                )
        for path, value in named:
            yield from _resolve(doc, rel, path, value, control_ids, "control", "content/controls/")
            retired = by_id.get(value)
            if retired is not None and not retired.active:
                successor = f"name its successor {retired.superseded_by}" if retired.superseded_by else "remove it"
                message = f"{value} is retired and cannot be required or named"
                yield _err(doc, rel, path, "retired-control", message, successor)
            if value in checklist.exclude:
                yield _err(
                    doc,
                    rel,
                    path,
                    "excluded-but-named",
                    f"{value} is excluded from this checklist but {path[0]} names it",
                    f"remove {value} from exclude, or from {'/'.join(map(str, path[:3]))}",
                )


def _obligations(cat: Catalogue, docs: dict[str, YamlDocument]) -> Iterator[Diagnostic]:
    """Each obligation names known vocabulary, and each control it lists cites a binding item it names."""
    rel = "content/obligations.yml"
    doc = docs.get(rel)
    frameworks = {f.key: f for f in cat.frameworks}
    controls = {c.id: c for c in cat.controls}
    vocab = {
        "sectors": ([s.id for s in cat.sectors], "sector", "content/sectors.yml"),
        "data_kinds": ([k.id for k in cat.data_kinds], "data kind", "content/data-kinds.yml"),
    }
    for i, obligation in enumerate(cat.obligations):
        yield from _resolve(
            doc,
            rel,
            ("obligations", i, "framework"),
            obligation.framework,
            frameworks,
            "framework",
            "content/frameworks/",
        )
        for field_name, values in (("sectors", obligation.sectors), ("data_kinds", obligation.data_kinds)):
            known, what, source = vocab[field_name]
            for j, value in enumerate(values):
                yield from _resolve(doc, rel, ("obligations", i, field_name, j), value, known, what, source)
        framework = frameworks.get(obligation.framework)
        for j, required in enumerate(obligation.controls):
            at = ("obligations", i, "controls", j)
            control = controls.get(required.control)
            if control is None:
                yield from _resolve(
                    doc, rel, (*at, "control"), required.control, controls, "control", "content/controls/"
                )
                continue
            item = framework.by_id.get(required.item) if framework else None
            if framework and item is None:
                yield from _resolve(
                    doc, rel, (*at, "item"), required.item, framework.by_id, f"{framework.key} item", framework.path
                )
            elif item is not None and item.specification == "addressable":
                message = (
                    f"{required.item} is an addressable specification, which no one is bound to implement as written"
                )
                yield _err(
                    doc, rel, (*at, "item"), "not-binding", message, "name the standard or a required specification"
                )
            if required.item not in control.references.get(obligation.framework, ()):
                message = f"{required.control} does not cite {required.item}"
                yield _err(
                    doc,
                    rel,
                    (*at, "item"),
                    "uncited-item",
                    message,
                    f"add it to {required.control}'s references, or name an item it cites",
                )


def _registry_patterns(cat: Catalogue, docs: dict[str, YamlDocument]) -> Iterator[Diagnostic]:
    """Each registry's ``id_pattern`` compiles and cannot backtrack without bound."""
    for framework in cat.frameworks:
        problem = id_patterns.pattern_problem(framework.id_pattern) if framework.id_pattern else None
        if problem:
            rel = framework.path or f"content/frameworks/{framework.key}.yml"
            yield _err(
                docs.get(rel),
                rel,
                ("id_pattern",),
                "invalid-pattern",
                problem,
                "write the IDs' form plainly, e.g. '^AC-\\d{1,2}$'; repeat single characters, never a group",
            )


def _registry_sectors(cat: Catalogue, docs: dict[str, YamlDocument]) -> Iterator[Diagnostic]:
    """Each registry's ``sectors`` name sectors of ``content/sectors.yml``.

    A misspelt sector would otherwise bind the framework to no checklist's sector, and its
    references would silently vanish from every sector checklist.
    """
    known = [s.id for s in cat.sectors]
    for framework in cat.frameworks:
        rel = framework.path or f"content/frameworks/{framework.key}.yml"
        for j, sector in enumerate(framework.sectors):
            yield from _resolve(docs.get(rel), rel, ("sectors", j), sector, known, "sector", "content/sectors.yml")


def _markdown_fields(docs: dict[str, YamlDocument]) -> Iterator[Diagnostic]:
    for doc in docs.values():
        for path, text in _strings(doc.data, ()):
            if "<" not in text and "](" not in text and "]:" not in text:
                continue  # no tag, inline link or link definition can appear; skip the parse
            for problem in markdown.check(text):
                line, col = doc.text_position(path, problem.line)
                yield Diagnostic(doc.rel, line, col, problem.code, problem.message, problem.hint)


def _strings(value: object, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """Every string in a document: all text fields are restricted Markdown or plain text."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            if path == () and key in ("id_pattern",):
                continue
            yield from _strings(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _strings(child, (*path, i))
