"""The checklist for one system: which controls apply to a map, to which components, in what order.

Selection. An active control applies to a component of the map when all three hold:

1. the component's type is one of the control's ``components``;
2. the control shares a lifecycle stage with the map (the stages named on its flows and
   components; a map that names none matches every stage);
3. the control is ``essential`` or ``recommended``; an ``advanced`` control applies only to
   components exposed to the ``internet`` or to a ``partner``, or when it carries a note for the
   map's sector.

The checklist holds every control that applies to at least one component, with the note for the
map's sector, and names the user's components it applies to in ``applies_to``
(``route-history (object storage bucket)``), riskiest component first.

Ordering, riskiest first:

1. risk points, highest first: priority (essential 2, recommended 1, advanced 0) plus the
   exposure of the most exposed component it applies to (internet 2, partner 1, internal 0);
2. reach, highest first: of the components it applies to, the most components downstream of one
   of them along the map's flows (how much of the system depends on it);
3. how many of the user's components it applies to, most first;
4. control ID.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model import Catalogue, Control
from generator.select import Checklist, ChecklistItem
from generator.systemmap.model import MapComponent, SystemMap

PRIORITY_POINTS = {"essential": 2, "recommended": 1, "advanced": 0}
EXPOSURE_POINTS = {"internet": 2, "partner": 1, "internal": 0}
WIDE_EXPOSURES = ("internet", "partner")
"""Exposures for which ``advanced`` controls apply."""


@dataclass(frozen=True)
class MapItem:
    """A selected control, the map components it applies to (riskiest first) and its sort key."""

    control: Control
    components: tuple[MapComponent, ...]
    risk: int
    reach: int

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        return (-self.risk, -self.reach, -len(self.components), self.control.id)


def applies(control: Control, component: MapComponent, smap: SystemMap) -> bool:
    """True when ``control`` applies to ``component`` of ``smap`` (rules 1 to 3 above)."""
    if not control.active or component.type not in control.components:
        return False
    stages = smap.stages()
    if stages and not stages & set(control.lifecycle):
        return False
    return (
        control.priority != "advanced"
        or component.exposure in WIDE_EXPOSURES
        or bool(smap.sector and smap.sector in control.sectors)
    )


def component_order(smap: SystemMap, components: Iterable[MapComponent]) -> list[MapComponent]:
    """Riskiest first: most exposed, then most depended on, then the map's order."""
    position = {c.id: i for i, c in enumerate(smap.components)}
    return sorted(components, key=lambda c: (c.exposure_rank, -smap.reach(c.id), position[c.id]))


def map_items(cat: Catalogue, smap: SystemMap) -> list[MapItem]:
    """Every control that applies to the map, in checklist order."""
    items = []
    for control in cat.active_controls:
        hits = [c for c in smap.components if applies(control, c, smap)]
        if not hits:
            continue
        ordered = component_order(smap, hits)
        items.append(
            MapItem(
                control=control,
                components=tuple(ordered),
                risk=PRIORITY_POINTS[control.priority] + max(EXPOSURE_POINTS[c.exposure] for c in hits),
                reach=max(smap.reach(c.id) for c in hits),
            )
        )
    return sorted(items, key=lambda item: item.sort_key)


def type_label(cat: Catalogue, type_id: str) -> str:
    """A component type's name as it reads mid-sentence: 'object storage bucket', 'API gateway'."""
    name = next((c.name for c in cat.components if c.id == type_id), type_id)
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def component_label(cat: Catalogue, component: MapComponent) -> str:
    """How a checklist names the user's component: ``route-history (object storage bucket)``."""
    return f"{component.id} ({type_label(cat, component.type)})"


def checklist_id(smap: SystemMap) -> str:
    """A checklist id made from the system's name: ``map-route-optimiser``."""
    slug = re.sub(r"[^a-z0-9]+", "-", smap.system.lower()).strip("-")
    return f"map-{slug or 'system'}"[:60].rstrip("-")


INTRODUCTION = (
    "This checklist was made from a system map with `ambit map`. It holds the controls that apply "
    "to the component types, lifecycle stages, exposures and sector the map declares, riskiest "
    "first, and each names the components of the map it applies to."
)


def build_map_checklist(cat: Catalogue, smap: SystemMap) -> Checklist:
    """The checklist for the system ``smap`` describes."""
    items = tuple(
        ChecklistItem(
            control=item.control,
            sector_note=item.control.sectors.get(smap.sector, "") if smap.sector else "",
            applies_to=tuple(component_label(cat, c) for c in item.components),
        )
        for item in map_items(cat, smap)
    )
    return Checklist(
        id=checklist_id(smap),
        title=f"{smap.system}: checklist for this system",
        summary=(
            f"{len(items)} controls for the {len(smap.components)} components of {smap.system}, "
            "riskiest first, each naming the components it applies to."
        ),
        introduction=INTRODUCTION,
        info=cat.info,
        items=items,
        sector=smap.sector,
        definition=None,
        layer_names={layer.id: layer.name for layer in cat.layers},
        ranked=True,
    )
