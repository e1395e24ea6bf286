"""The whole catalogue as an OSCAL 1.1 catalog (``ambit-oscal-catalog.json``).

One group per layer, in ``layers.yml`` order; in each, one control per Ambit control, by ID.
A control carries:

- parts: ``statement`` (the summary: the outcome an auditor can see), ``guidance`` (the
  description: what to do), ``rationale`` (Ambit's name: the attack path it cuts), one
  ``sector-note`` per sector note, an ``assessment-objective`` (the outcome to determine) and one
  ``assessment-method`` per verification step, its evidence as an ``assessment-objects`` part,
  the shapes SP 800-53A uses;
- props: ``label`` (the Ambit ID), then Ambit's ``priority``, ``lifecycle``, ``component``,
  ``threat`` (one prop per value), ``effort-minutes``, ``added-in`` and ``changed-in``;
- links: the control's page (``alternate``) and one ``reference`` link per framework reference,
  to a back-matter resource that names the framework, the item and its title;
- a retired control: ``status: withdrawn``, ``retired-in``, a ``moved-to`` link to its successor
  and its reason as a ``retirement`` part.
"""

from __future__ import annotations

from typing import Any

from generator.downloads.rows import control_url
from generator.export.oscal_common import (
    PROP_NS,
    control_id,
    derived_uuid,
    metadata,
    prop,
    render,
    with_document_uuid,
)
from generator.model import Catalogue, Control

TITLE = "{name}: security controls for everything around an AI system"


def reference_uuid(framework_key: str, item_id: str) -> str:
    """The back-matter resource UUID of one framework item."""
    return derived_uuid(f"reference/{framework_key}/{item_id}")


def _prose(text: str) -> str:
    return text.strip()


def _props(control: Control) -> list[dict[str, str]]:
    props = [prop("label", control.id, ambit=False)]
    if not control.active:
        props.append(prop("status", "withdrawn", ambit=False))
    props.append(prop("priority", control.priority))
    props += [prop("lifecycle", x) for x in control.lifecycle]
    props += [prop("component", x) for x in control.components]
    props += [prop("threat", x) for x in control.threats]
    props.append(prop("effort-minutes", str(control.effort_minutes)))
    props.append(prop("added-in", control.added_in))
    if control.changed_in:
        props.append(prop("changed-in", control.changed_in))
    if control.retired_in:
        props.append(prop("retired-in", control.retired_in))
    return props


def _links(cat: Catalogue, control: Control) -> list[dict[str, str]]:
    links = []
    page = control_url(cat.info, control.id)
    if page:
        links.append({"href": page, "rel": "alternate", "text": f"{control.id} on the Ambit site"})
    if control.superseded_by:
        links.append({"href": f"#{control_id(control.superseded_by)}", "rel": "moved-to"})
    for key, ids in control.references.items():
        links += [{"href": f"#{reference_uuid(key, i)}", "rel": "reference", "text": f"{key} {i}"} for i in ids]
    return links


def _parts(cat: Catalogue, control: Control) -> list[dict[str, Any]]:
    cid = control_id(control.id)
    sector_names = {s.id: s.name for s in cat.sectors}
    parts: list[dict[str, Any]] = [
        {"id": f"{cid}_smt", "name": "statement", "prose": _prose(control.summary)},
        {"id": f"{cid}_gdn", "name": "guidance", "prose": _prose(control.description)},
        {"id": f"{cid}_rat", "name": "rationale", "ns": PROP_NS, "prose": _prose(control.rationale)},
    ]
    for sector, note in sorted(control.sectors.items()):
        parts.append(
            {
                "id": f"{cid}_sector.{sector}",
                "name": "sector-note",
                "ns": PROP_NS,
                "title": sector_names.get(sector, sector),
                "props": [prop("sector", sector)],
                "prose": _prose(note),
            }
        )
    if control.retired_reason:
        parts.append({"id": f"{cid}_ret", "name": "retirement", "ns": PROP_NS, "prose": _prose(control.retired_reason)})
    parts.append({"id": f"{cid}_obj", "name": "assessment-objective", "prose": _prose(control.summary)})
    for number, (step, minutes) in enumerate(zip(control.verification, control.step_minutes, strict=True), start=1):
        method: dict[str, Any] = {
            "id": f"{cid}_asm.{number}",
            "name": "assessment-method",
            "props": [prop("step", str(number)), prop("minutes", str(minutes))],
            "prose": _prose(step.step),
        }
        if step.evidence.strip():
            method["parts"] = [
                {"id": f"{cid}_asm.{number}_evd", "name": "assessment-objects", "prose": _prose(step.evidence)}
            ]
        parts.append(method)
    return parts


def control_record(cat: Catalogue, control: Control) -> dict[str, Any]:
    """One Ambit control as an OSCAL control."""
    record: dict[str, Any] = {"id": control_id(control.id), "class": "ambit-control", "title": control.title.strip()}
    record["props"] = _props(control)
    links = _links(cat, control)
    if links:
        record["links"] = links
    record["parts"] = _parts(cat, control)
    return record


def _resources(cat: Catalogue) -> list[dict[str, Any]]:
    """One back-matter resource per framework item any control cites, by framework then ID."""
    cited = sorted({(key, i) for c in cat.controls for key, ids in c.references.items() for i in ids})
    frameworks = {f.key: f for f in cat.frameworks}
    resources = []
    for key, item_id in cited:
        framework = frameworks.get(key)
        item = framework.by_id.get(item_id) if framework else None
        name = f"{framework.name} {framework.version}".strip() if framework else key
        title = f"{name}, {item_id}" + (f": {item.title.strip()}" if item and item.title.strip() else "")
        resource: dict[str, Any] = {
            "uuid": reference_uuid(key, item_id),
            "title": title,
            "props": [prop("framework", key), prop("identifier", item_id)],
            "citation": {"text": title},
        }
        if framework and framework.url.startswith("https://"):
            resource["rlinks"] = [{"href": framework.url}]
        resources.append(resource)
    return resources


def catalog_document(cat: Catalogue) -> dict[str, Any]:
    """The catalogue as an OSCAL catalog document (``{"catalog": {...}}``)."""
    groups = []
    for layer in cat.layers:
        controls = sorted((c for c in cat.controls if c.layer == layer.id), key=lambda c: c.id)
        if not controls:
            continue
        groups.append(
            {
                "id": layer.id,
                "class": "layer",
                "title": layer.name,
                "props": [prop("prefix", layer.prefix)],
                "parts": [{"id": f"{layer.id}_ovw", "name": "overview", "prose": _prose(layer.description)}],
                "controls": [control_record(cat, c) for c in controls],
            }
        )
    body: dict[str, Any] = {
        "metadata": metadata(cat.info, TITLE.format(name=cat.info.name)),
        "groups": groups,
    }
    resources = _resources(cat)
    if resources:
        body["back-matter"] = {"resources": resources}
    return with_document_uuid("catalog", body)


def render_catalog(cat: Catalogue) -> bytes:
    """The catalog as UTF-8 JSON bytes (the same catalogue gives the same bytes)."""
    return render(catalog_document(cat))
