"""The catalogue as a CISO Assistant library (``ambit-ciso-assistant.yaml``).

CISO Assistant loads frameworks from YAML libraries (``tools/README.md`` and
``backend/library/utils.py`` in intuitem/ciso-assistant-community). Ambit targets the format as
of :data:`FORMAT_COMMIT` (21 commits after release v3.20.8; converter format v2): a library with ``urn``,
``locale``, ``ref_id``, ``name``, ``description``, ``copyright``, an integer ``version``,
``publication_date``, ``provider``, ``packager`` and ``objects.framework``.

The framework has:

- one non-assessable requirement node per layer (depth 1) and one assessable node per active
  control under it (depth 2, ``ref_id`` the Ambit ID): description (summary, then what to do),
  annotation (why, then how to verify), typical evidence, importance from the priority;
- implementation groups: one per sector checklist (``baseline`` selected by default), one per
  priority, and one per intake question (``intake-<id>``: the controls the answer raises or
  turns on);
- a first node, ``intake``, holding the intake questions as a dynamic questionnaire: answering
  yes selects that question's implementation group, as a system map's intake answers do.

Retired controls are left out: a library update in CISO Assistant then drops their nodes.

:func:`map_library` writes a system map's checklist as a library of its own: only its controls,
each tier (``first``, ``next``, ``later``) an implementation group, the first selected.

:func:`mapping_library` writes a second library, ``ambit-ciso-assistant-mappings.yaml``: one
requirement mapping set per framework that CISO Assistant also ships, from each Ambit control to
the requirement nodes its references name (relationship ``intersect``: a reference says the two
overlap, not that either covers the other). The node URNs come from
``generator/templates/export/ciso-assistant-targets.yml``, derived from CISO Assistant's own
libraries, so the mappings name only nodes that exist there.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

from generator.locate import PACKAGE_DIR
from generator.model import PRIORITIES, Catalogue, CatalogueInfo, Control
from generator.select import Checklist, all_checklists

FORMAT_COMMIT = "f990d7b1b9a9f56e391acbc247c9076262a11412"
"""The intuitem/ciso-assistant-community commit whose library format this module writes."""
LIBRARY_FILE = "ambit-ciso-assistant.yaml"
MAPPINGS_FILE = "ambit-ciso-assistant-mappings.yaml"
PACKAGER = "ambit"
TARGETS_PATH = PACKAGE_DIR / "templates" / "export" / "ciso-assistant-targets.yml"
IMPORTANCE = {"essential": "mandatory", "recommended": "recommended", "advanced": "nice_to_have"}
"""CISO Assistant's importance for each Ambit priority."""
COPYRIGHT = "Ambit contributors. The catalogue content is licensed under CC BY 4.0."
DEFAULT_GROUP = "baseline"


def urn(kind: str, ref: str) -> str:
    """A URN in Ambit's packager namespace: ``urn:ambit:risk:<kind>:<ref>``, lower case."""
    return f"urn:{PACKAGER}:risk:{kind}:{ref}".lower()


def node_urn(ref: str, framework_ref: str = "ambit") -> str:
    """The URN of a requirement node of one of Ambit's frameworks (the catalogue's by default)."""
    return urn("req_node", f"{framework_ref}:{ref}")


def library_version(version: str) -> int:
    """CISO Assistant wants an integer that grows with each release: 0.2.0 becomes 2000."""
    numbers = [int(n) for n in re.findall(r"\d+", version)[:3]]
    major, minor, patch = [*numbers, 0, 0, 0][:3]
    return major * 1_000_000 + minor * 1000 + patch


def _intake_group(question_id: str) -> str:
    return f"intake-{question_id}"


def _groups(cat: Catalogue) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for checklist in all_checklists(cat):
        group: dict[str, Any] = {
            "ref_id": checklist.id,
            "name": checklist.title.strip(),
            "description": checklist.summary.strip(),
        }
        if checklist.id == DEFAULT_GROUP:
            group["default_selected"] = True
        groups.append(group)
    groups += [
        {"ref_id": p, "name": f"Priority: {p}", "description": f"Every {p} control of the catalogue."}
        for p in PRIORITIES
    ]
    groups += [
        {
            "ref_id": _intake_group(q.id),
            "name": f"Intake: {q.id}",
            "description": f"Controls a yes to this question raises or turns on: {q.question.strip()}",
        }
        for q in cat.intake
    ]
    return groups


def _control_groups(control: Control, checklists: dict[str, tuple[str, ...]]) -> list[str]:
    groups = [cid for cid, ids in checklists.items() if control.id in ids]
    groups.append(control.priority)
    intake = dict.fromkeys((*control.raised_by, *control.applies_when.intake))
    groups += [_intake_group(q) for q in intake]
    return groups


def _numbered(texts: list[str]) -> str:
    return "\n".join(f"{n}. {t.strip()}" for n, t in enumerate(texts, start=1))


def _control_node(control: Control, parent: str, groups: list[str], framework_ref: str, note: str) -> dict[str, Any]:
    steps = _numbered([s.step for s in control.verification])
    annotation = f"Why: {control.rationale.strip()}\n\nHow to verify:\n{steps}"
    return {
        "urn": node_urn(control.id, framework_ref),
        "assessable": True,
        "depth": 2,
        "parent_urn": parent,
        "ref_id": control.id,
        "name": control.title.strip(),
        "description": f"{control.summary.strip()}\n\n{control.description.strip()}",
        "annotation": f"{note}\n\n{annotation}" if note else annotation,
        "typical_evidence": _numbered([s.evidence for s in control.verification if s.evidence.strip()]),
        "importance": IMPORTANCE[control.priority],
        "implementation_groups": groups,
    }


def _intake_node(cat: Catalogue, all_groups: list[str]) -> dict[str, Any]:
    base = node_urn("intake")
    questions = {}
    for q in cat.intake:
        q_urn = f"{base}:question:{q.id}"
        questions[q_urn] = {
            "type": "unique_choice",
            "text": q.question.strip(),
            "choices": [
                {
                    "urn": f"{q_urn}:choice:1",
                    "value": "Yes",
                    "description": q.help.strip() or "Turns on the controls this answer raises.",
                    "select_implementation_groups": [_intake_group(q.id)],
                },
                {"urn": f"{q_urn}:choice:2", "value": "No"},
            ],
        }
    return {
        "urn": base,
        "assessable": True,
        "depth": 1,
        "ref_id": "intake",
        "name": "About your AI system",
        "description": (
            "Answer these questions first: a yes selects the implementation group of the controls "
            "that answer raises, as the intake answers of an Ambit system map do."
        ),
        # Always shown, whichever groups are selected, so the questionnaire can never be hidden.
        "implementation_groups": all_groups,
        "questions": questions,
    }


def _layer_nodes(
    cat: Catalogue,
    controls: list[Control],
    groups: dict[str, list[str]],
    group_ids: list[str],
    framework_ref: str,
    notes: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """A node per layer (catalogue order) holding its ``controls`` (in the order given)."""
    nodes: list[dict[str, Any]] = []
    for layer in cat.layers:
        members = [c for c in controls if c.layer == layer.id]
        if not members:
            continue
        parent = node_urn(layer.id, framework_ref)
        nodes.append(
            {
                "urn": parent,
                "assessable": False,
                "depth": 1,
                "ref_id": layer.prefix,
                "name": layer.name,
                "description": layer.description.strip(),
                "implementation_groups": [g for g in group_ids if any(g in groups[c.id] for c in members)],
            }
        )
        nodes += [_control_node(c, parent, groups[c.id], framework_ref, (notes or {}).get(c.id, "")) for c in members]
    return nodes


def framework(cat: Catalogue) -> dict[str, Any]:
    """The catalogue as a CISO Assistant framework object."""
    groups = _groups(cat)
    group_ids = [g["ref_id"] for g in groups]
    checklists = {c.id: c.control_ids for c in all_checklists(cat)}
    controls = sorted(cat.active_controls, key=lambda c: c.id)
    nodes: list[dict[str, Any]] = [_intake_node(cat, group_ids)] if cat.intake else []
    nodes += _layer_nodes(cat, controls, {c.id: _control_groups(c, checklists) for c in controls}, group_ids, "ambit")
    return {
        "urn": urn("framework", "ambit"),
        "ref_id": "ambit",
        "name": f"{cat.info.name} {cat.info.version}",
        "description": _description(cat.info),
        "implementation_groups_definition": groups,
        "requirement_nodes": nodes,
    }


TIER_NAMES = {"first": "First tier: this week", "next": "Next tier", "later": "Later"}


def map_library(cat: Catalogue, checklist: Checklist) -> dict[str, Any]:
    """A system map's checklist as a library of its own: its controls, a tier per implementation group.

    Within each layer the controls keep the map's rank order; each node's annotation opens with
    its rank, tier and the components it applies to. The first tier is selected by default.
    """
    ref = f"ambit-{checklist.id}"
    tiers = [i.ranking.tier if i.ranking else "later" for i in checklist.items]
    group_ids = [t for t in TIER_NAMES if t in tiers]
    groups = [
        {"ref_id": t, "name": TIER_NAMES[t], **({"default_selected": True} if n == 0 else {})}
        for n, t in enumerate(group_ids)
    ]
    controls = [i.control for i in checklist.items]
    notes = {
        i.control.id: f"Rank {i.ranking.rank}, {i.ranking.tier} tier. Applies to: {'; '.join(i.applies_to)}."
        for i in checklist.items
        if i.ranking is not None
    }
    nodes = _layer_nodes(
        cat, controls, {i.control.id: [t] for i, t in zip(checklist.items, tiers, strict=True)}, group_ids, ref, notes
    )
    head = _library_header(cat, ref, checklist.title.strip()[:200], checklist.summary.strip())
    body = {
        "urn": urn("framework", ref),
        "ref_id": ref,
        "name": checklist.title.strip()[:200],
        "description": checklist.summary.strip(),
        "implementation_groups_definition": groups,
        "requirement_nodes": nodes,
    }
    return {**head, "objects": {"framework": body}}


def _description(info: CatalogueInfo) -> str:
    text = f"{info.name}: security controls for everything around an AI system, release {info.version} of {info.date}."
    return f"{text} {info.site_url}" if info.site_url.startswith("https://") else text


def _library_header(cat: Catalogue, ref: str, name: str, description: str) -> dict[str, Any]:
    return {
        "urn": urn("library", ref),
        "locale": "en",
        "ref_id": ref,
        "name": name,
        "description": description,
        "copyright": COPYRIGHT,
        "version": library_version(cat.info.version),
        "publication_date": cat.info.date,
        "provider": cat.info.name,
        "packager": PACKAGER,
    }


def library(cat: Catalogue) -> dict[str, Any]:
    """The whole CISO Assistant library document."""
    head = _library_header(cat, "ambit", f"{cat.info.name} {cat.info.version}", _description(cat.info))
    return {**head, "objects": {"framework": framework(cat)}}


@lru_cache(maxsize=1)
def targets() -> dict[str, Any]:
    """CISO Assistant's framework and node URNs for Ambit's framework keys (see the module docstring)."""
    loaded: dict[str, Any] = yaml.safe_load(TARGETS_PATH.read_text(encoding="utf-8"))
    return loaded


def mapping_library(cat: Catalogue) -> dict[str, Any] | None:
    """A library of mapping sets from Ambit's framework to CISO Assistant's; ``None`` if none apply."""
    sets = []
    dependencies = [urn("library", "ambit")]
    for key, target in targets()["frameworks"].items():
        mappings = [
            {
                "source_requirement_urn": node_urn(c.id),
                "target_requirement_urn": target["nodes"][ref],
                "relationship": "intersect",
            }
            for c in sorted(cat.active_controls, key=lambda c: c.id)
            for ref in c.references.get(key, ())
            if ref in target["nodes"]
        ]
        if not mappings:
            continue
        ref = f"ambit-to-{target['framework_urn'].rsplit(':', 1)[-1]}"
        sets.append(
            {
                "urn": urn("req_mapping_set", ref),
                "ref_id": ref,
                "name": f"{cat.info.name} -> {target['name']}",
                "description": f"The {key} references of {cat.info.name} {cat.info.version}'s controls.",
                "source_framework_urn": urn("framework", "ambit"),
                "target_framework_urn": target["framework_urn"],
                "requirement_mappings": mappings,
            }
        )
        dependencies.append(target["library_urn"])
    if not sets:
        return None
    head = _library_header(
        cat,
        "ambit-mappings",
        f"{cat.info.name} {cat.info.version}: mappings",
        f"Mappings from {cat.info.name}'s controls to the frameworks its controls reference.",
    )
    return {**head, "dependencies": dependencies, "objects": {"requirement_mapping_sets": sets}}


def render_yaml(document: dict[str, Any]) -> bytes:
    """YAML in the key order written, UTF-8, wide lines (the same document gives the same bytes)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True, width=4096)
    return text.encode("utf-8")


def render_library(cat: Catalogue) -> bytes:
    """``ambit-ciso-assistant.yaml``."""
    return render_yaml(library(cat))


def render_mappings(cat: Catalogue) -> bytes | None:
    """``ambit-ciso-assistant-mappings.yaml``, or ``None`` when no reference has a CISO Assistant node."""
    document = mapping_library(cat)
    return None if document is None else render_yaml(document)
