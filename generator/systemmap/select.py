"""The checklist for one system: which controls apply to a map, to which components, in what order.

Selection is the catalogue-wide applicability rule (``generator.applicability``) applied to the
facts the map states or implies about each component (``generator.systemmap.facts``): component
type, data kinds, exposure, how it is run, the map's sector and its intake answers, each stated
or unknown. The checklist holds every control kept for at least one component (on stated facts,
or assumed where a fact is unknown), with the note for the map's sector, and names the user's
components in ``applies_to``: stated ones riskiest first, then assumed ones with the assumption.

Order and tiers come from the risk score in ``generator.systemmap.score``: highest score first;
ties go to controls kept on stated facts before assumed ones, then the higher impact, the higher
reach, more components, the control ID. The first 5 to 20 are the ``first`` tier (this week),
spread so that no component leads more than 40% of it; the next 25 ``next``, the rest ``later``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.applicability import APPLIES, ASSUMED, Facts, Verdict, applies, verdict
from generator.model import Catalogue, Control
from generator.select import Checklist, ChecklistItem, Ranking
from generator.systemmap.facts import map_facts
from generator.systemmap.model import MapComponent, SystemMap
from generator.systemmap.score import Score, score, spread_first_tier, tier_of


@dataclass(frozen=True)
class MapItem:
    """A kept control, the map components it concerns (riskiest first) and its score.

    ``assumed`` is True when it applies to no component on stated facts, only on assumed ones;
    ``assumptions`` gives, per assumed component id, the verdict that names the deciding facts.
    """

    control: Control
    components: tuple[MapComponent, ...]
    score: Score
    """The score on its riskiest component (a stated one, when there is one)."""
    reach: int
    assumed: bool = False
    assumptions: tuple[tuple[str, Verdict], ...] = ()

    @property
    def sort_key(self) -> tuple[int, bool, int, int, int, str]:
        # Assumed controls rank below stated ones of equal score; then the higher impact leads.
        return (
            -self.score.total,
            self.assumed,
            -self.score.impact,
            -self.reach,
            -len(self.components),
            self.control.id,
        )


Verdicts = dict[str, dict[str, Verdict]]
"""Control id -> component id -> verdict, for every active control and every component of a map."""


def map_verdicts(cat: Catalogue, smap: SystemMap, facts: dict[str, Facts] | None = None) -> Verdicts:
    """The verdict of every active control on every component of ``smap``."""
    facts = facts if facts is not None else map_facts(cat, smap)
    return {
        control.id: {c.id: verdict(control, facts[c.id]) for c in smap.components} for control in cat.active_controls
    }


def scored_hits(
    cat: Catalogue, smap: SystemMap, control: Control, facts: dict[str, Facts], reaches: dict[str, int]
) -> list[tuple[MapComponent, Score]]:
    """The components ``control`` is kept for (stated or assumed), each with its score, riskiest first.

    ``facts`` and ``reaches`` (components downstream) are per component id, computed once per map.
    """
    position = {c.id: i for i, c in enumerate(smap.components)}
    hits = [
        (c, score(cat, control, facts[c.id], reaches[c.id])) for c in smap.components if applies(control, facts[c.id])
    ]
    return sorted(hits, key=lambda h: (-h[1].total, h[0].exposure_rank, -reaches[h[0].id], position[h[0].id]))


def map_items(cat: Catalogue, smap: SystemMap, verdicts: Verdicts | None = None) -> list[MapItem]:
    """Every control kept for the map, in checklist order: stated components first, then assumed ones."""
    facts = map_facts(cat, smap)
    verdicts = verdicts if verdicts is not None else map_verdicts(cat, smap, facts)
    reaches = {c.id: smap.reach(c.id) for c in smap.components}
    items = []
    for control in cat.active_controls:
        hits = scored_hits(cat, smap, control, facts, reaches)
        if not hits:
            continue
        mine = verdicts[control.id]
        stated = [h for h in hits if mine[h[0].id].status == APPLIES]
        assumed = [h for h in hits if mine[h[0].id].status == ASSUMED]
        ordered = stated + assumed
        items.append(
            MapItem(
                control=control,
                components=tuple(c for c, _ in ordered),
                score=ordered[0][1],
                reach=max(reaches[c.id] for c, _ in ordered),
                assumed=not stated,
                assumptions=tuple((c.id, mine[c.id]) for c, _ in assumed),
            )
        )
    return spread_first_tier(sorted(items, key=lambda item: item.sort_key), lambda item: item.components[0].id)


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
    "to what the map says the system has (component types, data, exposure, how each part is run, "
    "lifecycle stages, sector and intake answers), ranked by risk, and each names the components "
    "of the map it applies to. Start with the first tier: it is what to do this week."
)


def applies_label(cat: Catalogue, item: MapItem, component: MapComponent) -> str:
    """A component's label in a checklist item, with the assumption when it is kept on one."""
    label = component_label(cat, component)
    assumed = dict(item.assumptions).get(component.id)
    return f"{label[:-1]}; assumed: {assumed.text()})" if assumed else label


TITLE = "{system}: checklist for this system"
SUMMARY = (
    "{count} of {active} controls for the {components} components of {system}, ranked by risk; "
    "the first {first} are for this week."
)
"""The map checklist's title and summary (the browser mapper's downloads read them too)."""


def build_map_checklist(cat: Catalogue, smap: SystemMap, ranked: list[MapItem] | None = None) -> Checklist:
    """The checklist for the system ``smap`` describes (``ranked``: its :func:`map_items`, if known)."""
    ranked = ranked if ranked is not None else map_items(cat, smap)
    count = len(ranked)
    items = tuple(
        ChecklistItem(
            control=item.control,
            sector_note=item.control.sectors.get(smap.sector, "") if smap.sector else "",
            applies_to=tuple(applies_label(cat, item, c) for c in item.components),
            ranking=Ranking(
                rank=rank,
                tier=tier_of(rank, count),
                score=item.score.as_dict(),
                components=tuple(c.id for c in item.components),
            ),
        )
        for rank, item in enumerate(ranked, start=1)
    )
    first = sum(1 for i in items if i.ranking and i.ranking.tier == "first")
    return Checklist(
        id=checklist_id(smap),
        title=TITLE.format(system=smap.system),
        summary=SUMMARY.format(
            count=count,
            active=len(cat.active_controls),
            components=len(smap.components),
            system=smap.system,
            first=first,
        ),
        introduction=INTRODUCTION,
        info=cat.info,
        items=items,
        sector=smap.sector,
        definition=None,
        layer_names={layer.id: layer.name for layer in cat.layers},
        ranked=True,
    )
