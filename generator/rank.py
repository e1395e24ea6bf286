"""Sector checklists ranked by the map checklist's risk score, against the checklist's profile.

A sector checklist's ``profile`` (``checklists/<id>.yml``) says what kind of system it is for:
its component types, data kinds and intake answers. Each control is scored as on a map
(``generator.systemmap.score``) on each profile component type it names (every type it names when
the profile lists none), as if that component held the type's usual data and the profile's,
with its exposure unknown, nothing downstream, and the profile's intake answers yes.

Two parts come from the checklist itself, because a profile cannot say what a map says:

- **obligation**: a control one of the checklist's ``regulations`` ``requires`` gets the map's
  obligation points, as a HIPAA-required control does in a healthcare map;
- **scenario**: a control that answers a risk the introduction names (``risks``) gets
  :data:`SCENARIO_POINTS`: the checklist's author says this system is likely to be hit that way,
  which a map would say with its exposure and flows.

Its best score ranks it. Under a profile many controls score alike, so ties go to the higher
impact, then to the control more incidents teach (``content/incidents.yml``: what has actually
happened), then to the control that names more of the profile's component types (it applies across
more of the system), and only then to the ID. The first tier holds the named risks' controls
first, then is spread over component types as a map's is over components; tiers are cut as for a
map, so every format shows the first tier first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from generator.applicability import UNKNOWN_EXPOSURE, Facts
from generator.model import Catalogue, ChecklistDefinition, Control
from generator.select import ChecklistItem, Ranking
from generator.systemmap.score import Score, obligation_labels, score, spread_first_tier, tier_of

SCENARIO_POINTS = 12
"""Points for a control that answers a risk the checklist's introduction names."""


@dataclass(frozen=True)
class ProfileScore:
    """A control's map score on its best profile component type, plus the scenario part."""

    base: Score
    scenario: int
    component: str
    breadth: int
    """How many of the profile's component types the control names (a tie-break)."""
    obligations: tuple[str, ...]
    """"<regulation> <item>" for each obligation (``content/obligations.yml``) that holds for the profile."""

    @property
    def total(self) -> int:
        return self.base.total + self.scenario

    def as_dict(self) -> dict[str, int]:
        """The map score's parts, the scenario part, and their total."""
        return {**self.base.as_dict(), "scenario": self.scenario, "total": self.total}


def profile_facts(cat: Catalogue, definition: ChecklistDefinition, type_id: str) -> Facts:
    """A component of ``type_id`` in the profile's system: its usual data and the profile's."""
    profile = definition.profile
    assert profile is not None
    usual = next((c for c in cat.components if c.id == type_id), None)
    return Facts(
        type=type_id,
        data_kinds=frozenset((*profile.data_kinds, *(usual.data_kinds if usual else ()))),
        exposure=UNKNOWN_EXPOSURE,
        operation=usual.operation if usual else "",
        sector=definition.sector,
        yes=frozenset(profile.intake),
        component=type_id,
    )


def profile_types(definition: ChecklistDefinition, control: Control) -> list[str]:
    """The profile's component types the control names (every type it names when none is in the profile)."""
    profile = definition.profile
    assert profile is not None
    types = [t for t in control.components if not profile.components or t in profile.components]
    return types or list(control.components)


def profile_score(cat: Catalogue, definition: ChecklistDefinition, control: Control) -> ProfileScore:
    """The control's best score over the profile's component types it names."""
    required_here = bool(definition.required_by(control.id))
    scenario = SCENARIO_POINTS if definition.risks_of(control.id) else 0
    best: ProfileScore | None = None
    types = profile_types(definition, control)
    for type_id in types:
        facts = profile_facts(cat, definition, type_id)
        candidate = ProfileScore(
            base=score(cat, control, facts, 0, required_here=required_here),
            scenario=scenario,
            component=type_id,
            breadth=len(types),
            obligations=obligation_labels(cat, control, facts),
        )
        if best is None or (candidate.total, candidate.base.impact) > (best.total, best.base.impact):
            best = candidate
    assert best is not None
    return best


def rank_items(
    cat: Catalogue, definition: ChecklistDefinition, items: tuple[ChecklistItem, ...]
) -> tuple[ChecklistItem, ...]:
    """``items`` of ``definition`` ranked riskiest first, each with its ranking and obligations."""
    taught = Counter(c for incident in cat.incidents for c in set(incident.controls))
    scored = [(item, profile_score(cat, definition, item.control)) for item in items]
    scored.sort(
        key=lambda s: (
            -s[1].total,
            -s[1].base.impact,
            -taught[s[0].control.id],
            -s[1].breadth,
            s[0].control.id,
        )
    )
    scored = spread_first_tier(scored, lambda s: s[1].component, pinned=lambda s: s[1].scenario > 0)
    count = len(scored)
    return tuple(
        replace(
            item,
            ranking=Ranking(rank=rank, tier=tier_of(rank, count), score=s.as_dict(), components=()),
            required_by=tuple(dict.fromkeys((*s.obligations, *item.required_by))),
        )
        for rank, (item, s) in enumerate(scored, start=1)
    )
