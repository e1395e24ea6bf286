"""The risk score that orders a map checklist, and the tiers it is split into.

For a control and one component it applies to, the score adds up six parts:

- **threat**: twice the highest ``severity`` (1 to 3) of the threats the control cuts;
- **priority**: twice the control's priority points (essential 3, recommended 2, advanced 1);
- **exposure**: internet 3, partner 2, internal 1;
- **sensitivity**: the highest sensitivity (1 to 4) of the data kinds the component handles;
- **reach**: how much of the system depends on it: 0 with nothing downstream, 1 for one or two
  components downstream (along flows, or running on it), 2 for up to five, 3 for more;
- **intake**: 3 when an intake answer for the component raises the control.

Process controls (the people layer) change things only through people following them, so their
exposure and sensitivity parts count half (rounded down): an internet-exposed store of sensitive
data outranks any policy document. A control's score is its best over the components it applies
to; ties go to the higher reach, then to more components, then to the control ID.

Tiers: the first ``min(20, max(5, ceil(30% of the checklist)))`` controls are ``first`` (do this
week), the next 25 are ``next``, the rest ``later``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.applicability import PROCESS_LAYER, Facts, raised
from generator.model import Catalogue, Control

PRIORITY_POINTS = {"essential": 3, "recommended": 2, "advanced": 1}
EXPOSURE_POINTS = {"internet": 3, "partner": 2, "unknown": 2, "internal": 1}
INTAKE_POINTS = 3
TIERS = ("first", "next", "later")
FIRST_TIER_MAX, FIRST_TIER_MIN, FIRST_TIER_SHARE, NEXT_TIER_SIZE = 20, 5, 0.3, 25


@dataclass(frozen=True)
class Score:
    """The parts of one control's score on one component; ``total`` is their sum."""

    threat: int
    priority: int
    exposure: int
    sensitivity: int
    reach: int
    intake: int

    @property
    def total(self) -> int:
        return self.threat + self.priority + self.exposure + self.sensitivity + self.reach + self.intake

    def as_dict(self) -> dict[str, int]:
        """The parts and the total, for JSON exports."""
        return {
            "total": self.total,
            "threat": self.threat,
            "priority": self.priority,
            "exposure": self.exposure,
            "sensitivity": self.sensitivity,
            "reach": self.reach,
            "intake": self.intake,
        }


def reach_points(downstream: int) -> int:
    """0 for nothing downstream, 1 for one or two, 2 for up to five, 3 for more."""
    if downstream == 0:
        return 0
    return 1 if downstream <= 2 else 2 if downstream <= 5 else 3


def score(cat: Catalogue, control: Control, facts: Facts, downstream: int) -> Score:
    """The score of ``control`` on a component with ``facts`` and ``downstream`` dependants."""
    severity = cat.threat_severity
    exposure = EXPOSURE_POINTS[facts.exposure]
    sensitivity = max((cat.sensitivity(k) for k in facts.data_kinds), default=0)
    if control.layer == PROCESS_LAYER:
        exposure, sensitivity = exposure // 2, sensitivity // 2
    return Score(
        threat=2 * max((severity.get(t, 1) for t in control.threats), default=1),
        priority=2 * PRIORITY_POINTS[control.priority],
        exposure=exposure,
        sensitivity=sensitivity,
        reach=reach_points(downstream),
        intake=INTAKE_POINTS if raised(control, facts) else 0,
    )


def first_tier_size(count: int) -> int:
    """How many of ``count`` ranked controls form the first tier."""
    return min(count, FIRST_TIER_MAX, max(FIRST_TIER_MIN, math.ceil(count * FIRST_TIER_SHARE)))


def tier_of(rank: int, count: int) -> str:
    """The tier of the control at 1-based ``rank`` in a checklist of ``count``."""
    first = first_tier_size(count)
    if rank <= first:
        return TIERS[0]
    return TIERS[1] if rank <= first + NEXT_TIER_SIZE else TIERS[2]
