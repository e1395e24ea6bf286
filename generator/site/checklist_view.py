"""What a filterable, trackable list of controls shows: the model behind ``_checklist.md.j2``.

Sector checklists, the worked examples' map checklists and layer pages all render their controls
as one list of items grouped by layer, each item carrying its control id, layer, priority,
components and effort as data attributes (``site_overrides/assets/filters.js`` filters on them;
``progress.js`` tracks progress on pages with a checklist id). The filter form's options are
computed here, at build time, so the browser's scripts only wire them up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.model import PRIORITIES, Catalogue, Control
from generator.select import Checklist
from generator.site import uris

EFFORT_LIMITS = (15, 30, 60)
"""Upper bounds (minutes to verify) the effort filter offers, besides "any"."""

STATUSES = (
    ("not-started", "Not started"),
    ("in-progress", "In progress"),
    ("implemented", "Implemented"),
    ("partially-implemented", "Partially implemented"),
    ("not-applicable", "Not applicable"),
    ("risk-accepted", "Risk accepted"),
)
"""Status ids of ``content/schema/progress.schema.json`` with the labels the page shows."""


@dataclass(frozen=True)
class Choice:
    """One option of a filter or one component an item applies to."""

    value: str
    label: str


@dataclass(frozen=True)
class Entry:
    """One control in the list, with what its item shows besides the control itself."""

    control: Control
    href: str
    """Raw-HTML ``href`` from the page to the control's page (the list is HTML, not Markdown)."""
    sector_note: str = ""
    components: tuple[Choice, ...] = ()
    """Component types (sector lists) or the map's own components (map checklists)."""
    rank: int = 0
    """Position in a ranked (riskiest first) map checklist; 0 when the list is not ranked."""
    required_by: tuple[str, ...] = ()
    """Names of the regulations that require the control in this checklist (sector checklists)."""
    named_risks: tuple[str, ...] = ()
    """The risks of the checklist's scenario the control answers (sector checklists)."""


@dataclass(frozen=True)
class Group:
    """The entries of one layer, in the page's order."""

    id: str
    name: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class ChecklistView:
    """A list of controls grouped by layer, with its filters and, for a checklist, progress."""

    groups: tuple[Group, ...]
    catalogue_version: str
    checklist_id: str = ""
    """Empty on layer pages: progress is tracked per checklist only."""
    title: str = ""
    per_component: bool = False
    """True for map checklists: a status per component the item applies to."""
    components: tuple[Choice, ...] = ()
    heading_level: int = 3

    @property
    def size(self) -> int:
        return sum(len(g.entries) for g in self.groups)

    @property
    def priorities(self) -> tuple[str, ...]:
        present = {e.control.priority for g in self.groups for e in g.entries}
        return tuple(p for p in PRIORITIES if p in present)

    @property
    def effort_limits(self) -> tuple[int, ...]:
        return EFFORT_LIMITS

    @property
    def statuses(self) -> tuple[tuple[str, str], ...]:
        return STATUSES


def _groups(cat: Catalogue, entries: Iterable[Entry]) -> tuple[Group, ...]:
    listed = list(entries)
    return tuple(
        Group(layer.id, layer.name, tuple(e for e in listed if e.control.layer == layer.id))
        for layer in cat.layers
        if any(e.control.layer == layer.id for e in listed)
    )


def _tier_groups(entries: list[Entry], tiers: list[str]) -> tuple[Group, ...]:
    """A ranked checklist's entries in one group per tier, first tier first, riskiest first."""
    from generator.downloads.rows import TIER_HEADINGS

    return tuple(
        Group(tier, TIER_HEADINGS.get(tier, tier), tuple(e for e, t in zip(entries, tiers, strict=True) if t == tier))
        for tier in dict.fromkeys(tiers)
    )


def _type_choices(cat: Catalogue, controls: Iterable[Control]) -> tuple[Choice, ...]:
    used = {c for control in controls for c in control.components}
    return tuple(Choice(c.id, c.name) for c in cat.components if c.id in used)


def _types(cat: Catalogue, control: Control) -> tuple[Choice, ...]:
    return tuple(Choice(c.id, c.name) for c in cat.components if c.id in control.components)


def sector_view(cat: Catalogue, checklist: Checklist, link: Callable[[str], str]) -> ChecklistView:
    """The view of a sector checklist page: progress per control, filters by component type."""
    entries = [
        Entry(
            item.control,
            link(uris.control(item.control.id)),
            item.sector_note,
            _types(cat, item.control),
            item.ranking.rank if item.ranking else 0,
            item.required_by,
            item.named_risks,
        )
        for item in checklist.items
    ]
    tiers = [item.ranking.tier for item in checklist.items if item.ranking]
    ranked = checklist.ranked and len(tiers) == len(checklist.items)
    return ChecklistView(
        groups=_tier_groups(entries, tiers) if ranked else _groups(cat, entries),
        catalogue_version=cat.info.version,
        checklist_id=checklist.id,
        title=checklist.title,
        components=_type_choices(cat, (i.control for i in checklist.items)),
    )


def layer_view(cat: Catalogue, controls: Iterable[Control], link: Callable[[str], str]) -> ChecklistView:
    """The view of a layer page: the layer's controls with filters, no progress."""
    listed = list(controls)
    entries = [Entry(c, link(uris.control(c.id)), "", _types(cat, c)) for c in listed]
    return ChecklistView(
        groups=_groups(cat, entries),
        catalogue_version=cat.info.version,
        components=_type_choices(cat, listed),
        heading_level=0,
    )


def map_view(
    cat: Catalogue,
    checklist: Checklist,
    applies_to: Iterable[tuple[Control, tuple[Choice, ...]]],
    link: Callable[[str], str],
) -> ChecklistView:
    """The view of a map checklist: ranked items, progress per control and per map component.

    ``applies_to`` gives, riskiest first, each control with the map components it applies to
    (id and label); the rank shown on each item is its position there.
    """
    entries = []
    components: dict[str, Choice] = {}
    notes = {i.control.id: i.sector_note for i in checklist.items}
    for rank, (control, comps) in enumerate(applies_to, start=1):
        entries.append(Entry(control, link(uris.control(control.id)), notes.get(control.id, ""), comps, rank))
        components.update((c.value, c) for c in comps)
    # First tier first, riskiest first, as in every download (grouping by layer hid the order).
    tiers = [item.ranking.tier for item in checklist.items if item.ranking]
    in_order = [e.control.id for e in entries] == [i.control.id for i in checklist.items]
    return ChecklistView(
        groups=_tier_groups(entries, tiers) if in_order and len(tiers) == len(entries) else _groups(cat, entries),
        catalogue_version=cat.info.version,
        checklist_id=checklist.id,
        title=checklist.title,
        per_component=True,
        components=tuple(sorted(components.values(), key=lambda c: c.value)),
    )
