"""Selection: which controls a checklist holds, in what order, with which notes.

A checklist definition selects by rules (any rule may match; within a rule every given field
must match), so a new control with, say, a healthcare note lands in the healthcare checklist
without anyone editing the definition. A definition's ``profile`` (the kind of system it is for)
then keeps only controls that can apply to such a system (``generator.applicability.fits_profile``):
a GPS plausibility check, which applies to location data, stays out of a SaaS checklist whose
profile handles none. ``include`` and ``exclude`` are exceptions on top.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.applicability import fits_profile
from generator.model import Catalogue, CatalogueInfo, ChecklistDefinition, Control, Regulation, SelectionRule


@dataclass(frozen=True)
class ChecklistItem:
    """One control in a checklist, with the note for the checklist's sector, if any."""

    control: Control
    sector_note: str = ""
    applies_to: tuple[str, ...] = ()
    """For a system map: the user's own components this control applies to, as display text."""
    ranking: Ranking | None = None
    """For a system map: rank, tier, score parts and the ids of the components it applies to."""
    required_by: tuple[str, ...] = ()
    """Names of the regulations that require this control here (a sector checklist's ``requires``,
    or the HIPAA Security Rule where its obligation rule holds for the profile)."""
    named_risks: tuple[str, ...] = ()
    """The risks of the checklist's introduction this control answers, in the introduction's words."""


@dataclass(frozen=True)
class Ranking:
    """Where a control stands in a system-map checklist, and why."""

    rank: int
    tier: str
    score: Mapping[str, int]
    """``total`` and its parts (see ``generator.systemmap.score``), on the riskiest component."""
    components: tuple[str, ...]
    """Ids of the map's components it applies to, riskiest first."""


@dataclass(frozen=True)
class CoverRow:
    """One component in a map checklist's inventory."""

    id: str
    type_name: str
    exposure: str
    data_kinds: tuple[str, ...]
    operation: str
    runs_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatementLine:
    """One control in a map's statement of applicability, as the appendix and the sheet show it."""

    id: str
    title: str
    status: str
    """included, assumed or left out."""
    components: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class MapCover:
    """The first page of a system-map checklist: the system, its diagram and its inventory."""

    system: str
    description: str
    diagram_svg: str
    components: tuple[CoverRow, ...]
    intake_yes: tuple[str, ...] = ()
    """The intake questions answered yes, as their question text."""
    first_tasks: tuple[str, ...] = ()
    """The facts to find out first (the map's unknowns that decide most controls)."""
    uncovered: tuple[str, ...] = ()
    """Components no control is kept for, each as "id: reason"."""
    statement: tuple[StatementLine, ...] = ()
    """Every active control, included, assumed or left out, with the reason (the appendix)."""


@dataclass(frozen=True)
class Checklist:
    """A selected, ordered list of controls ready to render in any format."""

    id: str
    title: str
    summary: str
    introduction: str
    info: CatalogueInfo
    items: tuple[ChecklistItem, ...]
    sector: str = ""
    definition: ChecklistDefinition | None = None
    layer_names: dict[str, str] = field(default_factory=dict)
    ranked: bool = False
    """True when ``items`` are already ranked (riskiest first: a system map's, or a sector checklist
    against its profile): every format keeps that order instead of grouping by layer and priority."""
    cover: MapCover | None = None
    """For a system map: the cover page of the PDF and print HTML."""

    @property
    def for_map(self) -> bool:
        """True for a system map's checklist (ranked, no checklist definition): its items name the
        user's components, so its files carry rank, tier and component columns and it is a tracker.
        Sector checklists are ranked too, but keep their published columns."""
        return self.ranked and self.definition is None

    @property
    def control_ids(self) -> tuple[str, ...]:
        return tuple(item.control.id for item in self.items)

    @property
    def regulations(self) -> tuple[Regulation, ...]:
        """The regulations and obligations its definition names (none for a system map's)."""
        return self.definition.regulations if self.definition else ()


def rule_matches(rule: SelectionRule, control: Control) -> bool:
    """True when ``control`` satisfies every field the rule sets."""
    return (
        (not rule.sectors or any(s in control.sectors or s in control.applies_when.sectors for s in rule.sectors))
        and (not rule.priorities or control.priority in rule.priorities)
        and (not rule.layers or control.layer in rule.layers)
        and (not rule.components or bool(set(rule.components) & set(control.components)))
        and (not rule.lifecycle or bool(set(rule.lifecycle) & set(control.lifecycle)))
        and (not rule.threats or bool(set(rule.threats) & set(control.threats)))
        and (not rule.intake or bool(set(rule.intake) & {*control.raised_by, *control.applies_when.intake}))
    )


def order_key(cat: Catalogue) -> dict[str, int]:
    """Position of each layer in ``layers.yml``: checklists group by layer in that order."""
    return {layer.id: i for i, layer in enumerate(cat.layers)}


def sort_controls(cat: Catalogue, controls: Iterable[Control]) -> list[Control]:
    """Group by layer (catalogue order), then by priority, then by ID."""
    layer_pos = order_key(cat)
    return sorted(controls, key=lambda c: (layer_pos.get(c.layer, 99), c.priority_rank, c.id))


def select_controls(cat: Catalogue, definition: ChecklistDefinition) -> list[Control]:
    """The active controls a definition selects, in checklist order."""
    always = set(definition.always_included)
    chosen = [
        c
        for c in cat.active_controls
        if (
            c.id in always
            or (
                any(rule_matches(r, c) for r in definition.rules)
                and (definition.profile is None or fits_profile(c, definition.profile, definition.sector))
            )
        )
        and c.id not in definition.exclude
    ]
    return sort_controls(cat, chosen)


def build_checklist(cat: Catalogue, definition: ChecklistDefinition) -> Checklist:
    """The checklist a definition describes, with its sector's notes attached."""
    items = tuple(
        ChecklistItem(
            control=c,
            sector_note=c.sectors.get(definition.sector, "") if definition.sector else "",
            required_by=definition.required_by(c.id),
            named_risks=definition.risks_of(c.id),
        )
        for c in select_controls(cat, definition)
    )
    ranked = definition.profile is not None
    if ranked:  # ranked by the map score against the profile: first tier first in every format
        from generator.rank import rank_items

        items = rank_items(cat, definition, items)
    return Checklist(
        id=definition.id,
        title=definition.title,
        summary=definition.summary,
        introduction=definition.introduction,
        info=cat.info,
        items=items,
        sector=definition.sector,
        definition=definition,
        layer_names={layer.id: layer.name for layer in cat.layers},
        ranked=ranked,
    )


def all_checklists(cat: Catalogue) -> list[Checklist]:
    """Every checklist definition in ``checklists/``, built."""
    return [build_checklist(cat, d) for d in cat.checklists]
