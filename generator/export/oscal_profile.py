"""Checklists as OSCAL 1.1 profiles over Ambit's catalog.

A profile imports ``ambit-oscal-catalog.json`` (by that relative address: keep the files side by
side) and names the controls it selects with ``include-controls``, in the checklist's order: a
sector checklist's (layer, priority, ID) or a system map's rank order. Its merge is ``flat``, so a
resolved profile lists the controls without the layer groups.

OSCAL profile resolution does not keep the order of ``with-ids`` (compliance-trestle sorts the
selected ids; ``merge/custom``, the one way to impose an order, is not supported by trestle), so
every profile also adds OSCAL's ``sort-id`` prop to each control: its position in the checklist,
zero-padded. Sorting a resolved profile's controls by ``sort-id`` gives the checklist's order.

- :func:`checklist_profile`: a sector checklist (``checklists/<id>.yml``) as a profile.
- :func:`map_profile`: a tailored selection as a profile, from a list of :class:`Tailored`
  entries (rank, tier, the components it applies to and why it is in). It takes nothing but the
  selection, so any engine that decides the selection (and writes a statement of applicability)
  can feed it; :func:`tailored_from_checklist` reads one from ``ambit map``'s checklist.

Per control, a map profile adds props ``rank``, ``tier`` (``first``, ``next``, ``later``),
``score``, ``applicability`` (``applicable`` or ``assumed``) and one ``applies-to`` per component,
and a ``justification`` part that says why the control is in, the statement of applicability's
reason for it. Entries marked ``left-out`` are not selected: each becomes a ``left-out`` prop of
the profile's metadata, the control id as value and the reason as remarks, so the profile carries
the whole statement of applicability (OSCAL gives an excluded control no place of its own).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.export.oscal_common import (
    CATALOG_FILE,
    PROP_NS,
    control_id,
    metadata,
    prop,
    render,
    with_document_uuid,
)
from generator.model import CatalogueInfo
from generator.select import Checklist

LEFT_OUT = "left-out"


@dataclass(frozen=True)
class Tailored:
    """One control of a tailored selection, as a map profile carries it."""

    control: str
    """The Ambit control ID."""
    rank: int
    tier: str
    justification: str
    """Why the control is in: the statement of applicability's reason, one paragraph."""
    applicability: str = "applicable"
    """``applicable`` (the map's facts select it), ``assumed`` (kept until a fact decides it) or
    :data:`LEFT_OUT` (not selected; ``justification`` says why)."""
    components: tuple[str, ...] = ()
    """Ids of the map's components it applies to, riskiest first."""
    score: int | None = None


def _imports(ids: Sequence[str]) -> list[dict[str, Any]]:
    return [{"href": CATALOG_FILE, "include-controls": [{"with-ids": [control_id(i) for i in ids]}]}]


def sort_id(position: int) -> str:
    """The ``sort-id`` of the control at 1-based ``position``: zero-padded, so text order is numeric."""
    return f"{position:04d}"


def _alter(ambit_id: str, position: int, props: list[dict[str, str]], parts: list[dict[str, Any]]) -> dict[str, Any]:
    adds: dict[str, Any] = {"position": "ending", "props": [prop("sort-id", sort_id(position), ambit=False), *props]}
    if parts:
        adds["parts"] = parts
    return {"control-id": control_id(ambit_id), "adds": [adds]}


def _profile(
    info: CatalogueInfo,
    title: str,
    ids: Sequence[str],
    alters: list[dict[str, Any]],
    remarks: str,
    props: Sequence[dict[str, str]] = (),
) -> bytes:
    body: dict[str, Any] = {
        "metadata": metadata(info, title, remarks, props),
        "imports": _imports(ids),
        "merge": {"flat": {}},
    }
    if alters:
        body["modify"] = {"alters": alters}
    return render(with_document_uuid("profile", body))


def checklist_profile(checklist: Checklist) -> bytes:
    """A sector checklist as an OSCAL profile: its controls, in its order.

    The catalog already carries every control's sector notes (``sector-note`` parts), so the
    profile adds only each control's ``sort-id``.
    """
    return _profile(
        checklist.info,
        checklist.title.strip(),
        checklist.control_ids,
        [_alter(cid, n, [], []) for n, cid in enumerate(checklist.control_ids, start=1)],
        f"The Ambit checklist '{checklist.id}': {checklist.summary.strip()}",
    )


def tailored_from_checklist(checklist: Checklist) -> list[Tailored]:
    """The selection ``ambit map`` made, read from its ranked checklist.

    The justification names the components the control applies to; an engine that writes a
    statement of applicability should build :class:`Tailored` entries from it instead.
    """
    entries = []
    for item in checklist.items:
        ranking = item.ranking
        if ranking is None:
            raise ValueError(f"checklist '{checklist.id}' is not a system map's ranked checklist")
        entries.append(
            Tailored(
                control=item.control.id,
                rank=ranking.rank,
                tier=ranking.tier,
                justification="Applies to " + "; ".join(item.applies_to) + ".",
                components=ranking.components,
                score=ranking.score.get("total"),
            )
        )
    return entries


def _tailoring_alter(entry: Tailored, position: int) -> dict[str, Any]:
    cid = control_id(entry.control)
    props = [prop("rank", str(entry.rank)), prop("tier", entry.tier), prop("applicability", entry.applicability)]
    if entry.score is not None:
        props.append(prop("score", str(entry.score)))
    props += [prop("applies-to", c) for c in entry.components]
    part = {"id": f"{cid}_jst", "name": "justification", "ns": PROP_NS, "prose": entry.justification.strip()}
    return _alter(entry.control, position, props, [part])


def map_profile(info: CatalogueInfo, title: str, selection: Sequence[Tailored], remarks: str = "") -> bytes:
    """A tailored selection as an OSCAL profile, in rank order, with tiers and justifications.

    ``left-out`` entries are recorded in the metadata with their reasons, by control ID.
    """
    ordered = sorted((e for e in selection if e.applicability != LEFT_OUT), key=lambda e: e.rank)
    left_out = sorted((e for e in selection if e.applicability == LEFT_OUT), key=lambda e: e.control)
    return _profile(
        info,
        title,
        [e.control for e in ordered],
        [_tailoring_alter(e, n) for n, e in enumerate(ordered, start=1)],
        remarks,
        [prop(LEFT_OUT, control_id(e.control), remarks=e.justification.strip()) for e in left_out],
    )
