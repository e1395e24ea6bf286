"""Sector checklists ranked by the map checklist's risk score, against the checklist's profile.

A sector checklist's ``profile`` (``checklists/<id>.yml``) says what kind of system it is for:
its component types, data kinds and intake answers. Each control is scored as on a map
(``generator.systemmap.score``) on each profile component type it names (every type it names when
the profile lists none), as if that component held the type's usual data and the profile's,
with its exposure unknown, nothing downstream, and the profile's intake answers yes. Its best
score ranks it; ties go to the higher impact, then the control ID. The first tier is spread over
component types as a map's is over components, and tiers are cut as for a map, so every format
shows the first tier first.
"""

from __future__ import annotations

from dataclasses import replace

from generator.applicability import UNKNOWN_EXPOSURE, Facts
from generator.model import Catalogue, ChecklistDefinition, Control
from generator.select import ChecklistItem, Ranking
from generator.systemmap.score import Score, score, spread_first_tier, tier_of


def profile_score(cat: Catalogue, definition: ChecklistDefinition, control: Control) -> tuple[Score, str]:
    """The control's best score over the profile's component types it names, and that type."""
    profile = definition.profile
    assert profile is not None
    types = [t for t in control.components if not profile.components or t in profile.components]
    best: tuple[Score, str] | None = None
    for type_id in types or list(control.components):
        usual = next((c for c in cat.components if c.id == type_id), None)
        facts = Facts(
            type=type_id,
            data_kinds=frozenset((*profile.data_kinds, *(usual.data_kinds if usual else ()))),
            exposure=UNKNOWN_EXPOSURE,
            operation=usual.operation if usual else "",
            sector=definition.sector,
            yes=frozenset(profile.intake),
            component=type_id,
        )
        candidate = (score(cat, control, facts, 0), type_id)
        if best is None or (candidate[0].total, candidate[0].impact) > (best[0].total, best[0].impact):
            best = candidate
    assert best is not None
    return best


def rank_items(
    cat: Catalogue, definition: ChecklistDefinition, items: tuple[ChecklistItem, ...]
) -> tuple[ChecklistItem, ...]:
    """``items`` of ``definition`` ranked riskiest first, each with its ranking."""
    scored = [(item, *profile_score(cat, definition, item.control)) for item in items]
    scored.sort(key=lambda s: (-s[1].total, -s[1].impact, s[0].control.id))
    scored = spread_first_tier(scored, lambda s: s[2])
    count = len(scored)
    return tuple(
        replace(item, ranking=Ranking(rank=rank, tier=tier_of(rank, count), score=s.as_dict(), components=()))
        for rank, (item, s, _) in enumerate(scored, start=1)
    )
