"""The flat view of a checklist that every download format shares.

Every format lists the same controls in the same order: grouped by layer (in the order of
``layers.yml``), then by priority (essential, recommended, advanced), keeping the checklist's
own order inside each group. Building that order once here keeps the formats in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.model import PRIORITIES, CatalogueInfo, VerificationStep
from generator.select import Checklist, ChecklistItem, Ranking


@dataclass(frozen=True)
class ExportRow:
    """One control as every download shows it."""

    id: str
    title: str
    layer: str
    layer_name: str
    priority: str
    summary: str
    description: str
    rationale: str
    verification: tuple[VerificationStep, ...]
    sector_note: str
    applies_to: tuple[str, ...]
    effort_minutes: int
    lifecycle: tuple[str, ...]
    components: tuple[str, ...]
    threats: tuple[str, ...]
    references: Mapping[str, tuple[str, ...]]
    url: str
    step_minutes: tuple[int, ...] = ()
    ranking: Ranking | None = None
    """System-map checklists: rank, tier, score parts and component ids."""
    required_by: tuple[str, ...] = ()
    """Names of the regulations that require the control in this checklist (a sector checklist's)."""
    named_risks: tuple[str, ...] = ()
    """The risks of a sector checklist's scenario this control answers, in its introduction's words."""

    @property
    def how_to_verify(self) -> str:
        """The verification steps as one numbered, multi-line text."""
        return _numbered(v.labelled for v in self.verification)

    @property
    def evidence(self) -> str:
        """The evidence to keep, numbered like the steps it belongs to."""
        return _numbered(v.evidence for v in self.verification)


TIER_HEADINGS = {
    "first": "First tier: do this week",
    "next": "Next tier: this month",
    "later": "Later: when the first two tiers are done",
}


@dataclass(frozen=True)
class PriorityGroup:
    priority: str
    rows: tuple[ExportRow, ...]


@dataclass(frozen=True)
class LayerGroup:
    layer: str
    name: str
    priorities: tuple[PriorityGroup, ...]

    @property
    def rows(self) -> tuple[ExportRow, ...]:
        return tuple(row for group in self.priorities for row in group.rows)


def _numbered(texts: Iterable[str]) -> str:
    # Whitespace is collapsed so a step is one line in a cell: YAML block text wraps at will.
    return "\n".join(f"{i}. {' '.join(t.split())}" for i, t in enumerate(texts, start=1))


def control_url(info: CatalogueInfo, control_id: str) -> str:
    """Absolute address of a control's page, or ``""`` when the catalogue has no https site URL.

    Relative links would break once a file is downloaded, so without a site URL there is none.
    """
    base = info.site_url.strip()
    if not base.startswith("https://"):
        return ""
    return f"{base.rstrip('/')}/controls/{control_id}/"


def _row(item: ChecklistItem, checklist: Checklist) -> ExportRow:
    c = item.control
    return ExportRow(
        id=c.id,
        title=c.title,
        layer=c.layer,
        layer_name=checklist.layer_names.get(c.layer, c.layer),
        priority=c.priority,
        summary=c.summary,
        description=c.description,
        rationale=c.rationale,
        verification=c.verification,
        sector_note=item.sector_note,
        applies_to=item.applies_to,
        effort_minutes=c.effort_minutes,
        lifecycle=c.lifecycle,
        components=c.components,
        threats=c.threats,
        references=c.references,
        url=control_url(checklist.info, c.id),
        step_minutes=c.step_minutes,
        ranking=item.ranking,
        required_by=item.required_by,
        named_risks=item.named_risks,
    )


def layer_groups(checklist: Checklist) -> tuple[LayerGroup, ...]:
    """The checklist's controls grouped by layer, then priority; empty groups are left out.

    A ranked checklist (a system map's) keeps its own order, riskiest first, in one group per tier
    (first, next, later) when its items carry a ranking, else in one group.
    """
    rows = [_row(item, checklist) for item in checklist.items]
    if checklist.ranked:
        tiers = [r.ranking.tier for r in rows if r.ranking]
        if len(tiers) != len(rows):
            return (LayerGroup("ranked", "Riskiest first", (PriorityGroup("all controls", tuple(rows)),)),)
        return tuple(
            LayerGroup(tier, TIER_HEADINGS.get(tier, tier), (PriorityGroup("ranked by risk", tuple(in_tier)),))
            for tier in dict.fromkeys(tiers)
            if (in_tier := [r for r in rows if r.ranking and r.ranking.tier == tier])
        )
    layer_order = list(checklist.layer_names)
    for row in rows:  # layers the names do not know (a hand-made checklist) follow, as they come
        if row.layer not in layer_order:
            layer_order.append(row.layer)
    groups = []
    for layer in layer_order:
        in_layer = [r for r in rows if r.layer == layer]
        if not in_layer:
            continue
        by_priority = tuple(
            PriorityGroup(p, tuple(r for r in in_layer if r.priority == p))
            for p in (*PRIORITIES, *sorted({r.priority for r in in_layer} - set(PRIORITIES)))
            if any(r.priority == p for r in in_layer)
        )
        groups.append(LayerGroup(layer, checklist.layer_names.get(layer, layer), by_priority))
    return tuple(groups)


def export_rows(checklist: Checklist) -> tuple[ExportRow, ...]:
    """Every control of the checklist, in download order (layer, then priority; or ranked)."""
    return tuple(row for group in layer_groups(checklist) for row in group.rows)


def summary_line(checklist: Checklist) -> str:
    """One line a manager reads first: controls, how many are essential, time to verify them all."""
    items = checklist.items
    essential = sum(1 for i in items if i.control.priority == "essential")
    minutes = sum(i.control.effort_minutes for i in items)
    hours, rest = divmod(minutes, 60)
    effort = f"{hours} h {rest:02d} min" if hours else f"{rest} min"
    noun = "control" if len(items) == 1 else "controls"
    return f"{len(items)} {noun}, {essential} essential; about {effort} to verify them all."
