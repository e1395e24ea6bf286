"""The risk score that orders a map checklist, and the tiers it is split into.

For a control and one component it is kept for, the score adds up seven parts:

- **threat**: twice the highest ``severity`` (1 to 3) of the threats the control cuts;
- **priority**: twice the control's priority points (essential 3, recommended 2, advanced 1);
- **impact**: twice the component's impact (1 to 4) on what those threats harm. Each threat names
  the properties it harms (confidentiality, integrity, availability; ``content/threats.yml``);
  the component's impact on a property is the highest of its data kinds' (``content/data-kinds.yml``:
  sensitivity is confidentiality) and its type's floor (``impact`` in ``components.yml``: an
  identity provider or an OT controller matters for what it controls, not what it stores);
- **exposure**: internet 3, partner 2, not stated 2, internal 1 (likelihood: who can try);
- **reach**: how much of the system depends on it: 0 with nothing downstream, 1 for one or two
  components downstream (along flows, or running on it), 2 for up to five, 3 for more;
- **intake**: 3 when an intake answer for the component raises the control (likelihood: a known
  weakness; a question whose yes says something is in place, such as managed devices, decides
  whether a control applies but never raises it);
- **obligation**: 9 (a legal duty ranks with the riskiest technical gaps) when a regulation that
  applies to this system requires the control for this component (``content/obligations.yml``:
  the controls whose outcome is itself a HIPAA standard or required specification, in a healthcare
  system, for a component holding health information).

Process controls (the people layer) change things only through people following them, so their
exposure part counts half (rounded down), and so does their impact part unless they are essential
(an incident response plan or prompt offboarding is what a team falls back on when a technical
control fails). A control a regulation requires is not halved at all: a required business
associate agreement ranks with the technical controls.

A control's score is its best over the components it is kept for (stated ones first). Ties go to
the control kept on stated facts before the assumed one, then to the higher impact, then the
higher reach, then more components, then the control ID.

Tiers: the first ``min(20, max(5, ceil(30% of the checklist)))`` controls are ``first`` (do this
week), the next 25 are ``next``, the rest ``later``. The first tier spans the riskiest
components: it holds the best control of each of the riskiest components (up to three quarters
of its places, components in the order of their best control's rank), then the next controls by rank,
except that a control whose riskiest component already leads 40% of the places waits for the
next tier, unless nothing else is left to fill it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from generator.applicability import PROCESS_LAYER, Facts, raised
from generator.model import Catalogue, Control, Obligation

PRIORITY_POINTS = {"essential": 3, "recommended": 2, "advanced": 1}
EXPOSURE_POINTS = {"internet": 3, "partner": 2, "unknown": 2, "internal": 1}
INTAKE_POINTS = 3
OBLIGATION_POINTS = 9
PROCESS_FULL_IMPACT = ("essential",)
"""Priorities at which a process control's impact counts in full (its exposure still counts half)."""
PROPERTIES = ("confidentiality", "integrity", "availability")
TIERS = ("first", "next", "later")
FIRST_TIER_MAX, FIRST_TIER_MIN, FIRST_TIER_SHARE, NEXT_TIER_SIZE = 20, 5, 0.3, 25
FIRST_TIER_COMPONENT_SHARE = 0.4
"""No component leads more than this share of the first tier (while others are left to fill it)."""
FIRST_TIER_LEADERS_SHARE = 0.75
"""The first tier holds the best control of each of the riskiest components, up to this share of it."""


@dataclass(frozen=True)
class Score:
    """The parts of one control's score on one component; ``total`` is their sum."""

    threat: int
    priority: int
    impact: int
    exposure: int
    reach: int
    intake: int
    obligation: int = 0

    @property
    def total(self) -> int:
        return self.threat + self.priority + self.impact + self.exposure + self.reach + self.intake + self.obligation

    def as_dict(self) -> dict[str, int]:
        """The parts and the total, for JSON exports."""
        return {
            "total": self.total,
            "threat": self.threat,
            "priority": self.priority,
            "impact": self.impact,
            "exposure": self.exposure,
            "reach": self.reach,
            "intake": self.intake,
            "obligation": self.obligation,
        }


def reach_points(downstream: int) -> int:
    """0 for nothing downstream, 1 for one or two, 2 for up to five, 3 for more."""
    if downstream == 0:
        return 0
    return 1 if downstream <= 2 else 2 if downstream <= 5 else 3


def control_obligations(cat: Catalogue, control: Control) -> tuple[str, ...]:
    """Ids of the obligations (``content/obligations.yml``) that list ``control`` as required."""
    return tuple(o.id for o in cat.obligations if o.item_for(control.id))


def obliged(cat: Catalogue, obligations: tuple[str, ...], facts: Facts) -> bool:
    """True when one of ``obligations`` applies to a component with these facts."""
    return bool(obligation_names(cat, obligations, facts))


def _applies(obligation: Obligation, facts: Facts) -> bool:
    return facts.sector in obligation.sectors and bool(facts.data_kinds & set(obligation.data_kinds))


def obligation_names(cat: Catalogue, obligations: tuple[str, ...], facts: Facts) -> tuple[str, ...]:
    """Names of the obligations among ``obligations`` that apply to a component with these facts."""
    return tuple(o.name for o in cat.obligations if o.id in obligations and _applies(o, facts))


def obligation_labels(cat: Catalogue, control: Control, facts: Facts) -> tuple[str, ...]:
    """ "<regulation> <item>" for each obligation that requires ``control`` on a component with ``facts``."""
    return tuple(
        f"{o.name} {o.item_for(control.id)}" for o in cat.obligations if o.item_for(control.id) and _applies(o, facts)
    )


def component_impact(cat: Catalogue, facts: Facts, prop: str) -> int:
    """The component's impact (1 to 4) on ``prop``: its data kinds' highest, or its type's floor."""
    kinds = [k.impact(prop) for k in cat.data_kinds if k.id in facts.data_kinds]
    floor = next((t.impact.get(prop, 0) for t in cat.components if t.id == facts.type), 0)
    return max([1, floor, *kinds])


def impact_of(cat: Catalogue, control: Control, facts: Facts) -> int:
    """The component's impact on what the control's threats harm (their properties)."""
    by_id = {t.id: t for t in cat.threats}
    props = {p for t in control.threats for p in (by_id[t].properties if t in by_id else PROPERTIES)}
    return max(component_impact(cat, facts, p) for p in (props or set(PROPERTIES)))


def capability_questions(cat: Catalogue) -> frozenset[str]:
    """Intake questions whose yes says something is in place: they never raise a control's score."""
    return frozenset(q.id for q in cat.intake if not q.weakness)


def score(cat: Catalogue, control: Control, facts: Facts, downstream: int, required_here: bool = False) -> Score:
    """The score of ``control`` on a component with ``facts`` and ``downstream`` dependants.

    ``required_here``: a regulation the caller knows applies requires the control (a sector
    checklist's ``requires``); it counts as an obligation of ``content/obligations.yml`` holding.
    """
    severity = cat.threat_severity
    required = required_here or obliged(cat, control_obligations(cat, control), facts)
    exposure = EXPOSURE_POINTS[facts.exposure]
    impact = 2 * impact_of(cat, control, facts)
    if control.layer == PROCESS_LAYER and not required:
        exposure = exposure // 2
        if control.priority not in PROCESS_FULL_IMPACT:
            impact = impact // 2
    return Score(
        threat=2 * max((severity.get(t, 1) for t in control.threats), default=1),
        priority=2 * PRIORITY_POINTS[control.priority],
        impact=impact,
        exposure=exposure,
        reach=reach_points(downstream),
        intake=INTAKE_POINTS if raised(control, facts, capability_questions(cat)) else 0,
        obligation=OBLIGATION_POINTS if required else 0,
    )


def first_tier_size(count: int) -> int:
    """How many of ``count`` ranked controls form the first tier."""
    return min(count, FIRST_TIER_MAX, max(FIRST_TIER_MIN, math.ceil(count * FIRST_TIER_SHARE)))


T = TypeVar("T")


def spread_first_tier(
    ranked: Sequence[T], lead: Callable[[T], str], pinned: Callable[[T], bool] | None = None
) -> list[T]:
    """``ranked`` with its first tier spread over the riskiest components.

    The first tier takes, in ranking order, the ``pinned`` controls (a sector checklist's answers to
    the risks its introduction names; a map pins none), then the best control of each of the
    riskiest components (one per component that leads a control, up to three quarters of the
    tier), then the next controls by rank whose component leads fewer than 40% of the tier; when
    too few are left, the others fill it in their order. Within the first tier and after it, the
    ranking's order is kept.
    """
    size = first_tier_size(len(ranked))
    cap = max(1, math.floor(size * FIRST_TIER_COMPONENT_SHARE))
    chosen: list[int] = []
    counts: dict[str, int] = {}

    def take(i: int) -> None:
        chosen.append(i)
        counts[lead(ranked[i])] = counts.get(lead(ranked[i]), 0) + 1

    for i, item in enumerate(ranked):  # what the checklist names first
        if pinned is not None and len(chosen) < size and pinned(item):
            take(i)
    for i, item in enumerate(ranked):  # the best control of each riskiest component
        if len(counts) >= math.floor(size * FIRST_TIER_LEADERS_SHARE) or len(chosen) == size:
            break
        if lead(item) not in counts:
            take(i)
    for i, item in enumerate(ranked):  # then by rank, no component over its share
        if len(chosen) == size:
            break
        if i not in chosen and counts.get(lead(item), 0) < cap:
            take(i)
    for i in range(len(ranked)):  # too few components: fill in ranking order
        if len(chosen) == size:
            break
        if i not in chosen:
            take(i)
    first = sorted(chosen)
    taken = set(first)
    return [ranked[i] for i in first] + [item for i, item in enumerate(ranked) if i not in taken]


def tier_of(rank: int, count: int) -> str:
    """The tier of the control at 1-based ``rank`` in a checklist of ``count``."""
    first = first_tier_size(count)
    if rank <= first:
        return TIERS[0]
    return TIERS[1] if rank <= first + NEXT_TIER_SIZE else TIERS[2]
