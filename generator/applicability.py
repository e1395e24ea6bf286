"""When a control applies: one rule for system maps, sector checklists and the browser mapper.

A control applies to a set of *facts* about one component (its type, data kinds, exposure, how it
is run, the lifecycle stages it takes part in, the sector of its system and the intake questions
answered yes for it) when all of these hold:

1. the control is active and names the component's type in ``components``;
2. it shares a lifecycle stage with the component (stages of the flows touching it, or the map's
   when it has none; a map that names no stage matches every stage);
3. every condition of its ``applies_when`` holds: one of its ``data_kinds`` is handled, the
   exposure and the operation are among those listed, the sector is listed, one of its
   ``intake`` questions is answered yes (an empty condition always holds);
4. an ``advanced`` control also needs a reason: the component is reachable from the internet or
   a partner, the control has a note for the sector, or an intake answer raises it;
5. so does a ``recommended`` control of the people layer (a policy, programme or exercise
   around the system rather than a check on it): a note for the sector or an intake answer
   that raises it. Essential people-layer controls (incident response, notification duties,
   vendor contracts) always apply.

Sector checklists use the same conditions against a profile (``checklists/<id>.yml``), where any
exposure and operation may occur: see :func:`fits_profile`.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Control, Profile

WIDE_EXPOSURES = ("internet", "partner")
"""Exposures for which ``advanced`` controls apply without another reason."""
PROCESS_LAYER = "people"
"""The layer of policies, programmes and exercises (rule 5)."""


@dataclass(frozen=True)
class Facts:
    """What a system states, or implies, about one component."""

    type: str
    data_kinds: frozenset[str]
    exposure: str
    operation: str
    stages: frozenset[str]
    """Lifecycle stages it takes part in; empty means unknown, matching every stage."""
    sector: str = ""
    yes: frozenset[str] = frozenset()
    """Intake questions answered yes for it (map-wide answers and its own concerns)."""


def raised(control: Control, facts: Facts) -> bool:
    """True when an intake answer for the component raises ``control``."""
    return bool(facts.yes & (set(control.raised_by) | set(control.applies_when.intake)))


def applies(control: Control, facts: Facts) -> bool:
    """True when ``control`` applies to a component with these ``facts`` (rules 1 to 5 above)."""
    if not control.active or facts.type not in control.components:
        return False
    if facts.stages and not facts.stages & set(control.lifecycle):
        return False
    when = control.applies_when
    if when.data_kinds and not facts.data_kinds & set(when.data_kinds):
        return False
    if when.exposure and facts.exposure not in when.exposure:
        return False
    if when.operation and facts.operation not in when.operation:
        return False
    if when.sectors and facts.sector not in when.sectors:
        return False
    if when.intake and not facts.yes & set(when.intake):
        return False
    sector_note = bool(facts.sector and facts.sector in control.sectors)
    if control.priority == "advanced":
        return facts.exposure in WIDE_EXPOSURES or sector_note or raised(control, facts)
    if control.priority == "recommended" and control.layer == PROCESS_LAYER:
        return sector_note or raised(control, facts)
    return True


def fits_profile(control: Control, profile: Profile, sector: str) -> bool:
    """True when ``control`` can apply to a system of this profile and sector.

    It must name one of the profile's component types (when the profile lists any), and its
    data-kind, sector and intake conditions must be met by the profile; exposure and operation
    conditions are assumed to be met somewhere in such a system.
    """
    if not control.active:
        return False
    if profile.components and not set(profile.components) & set(control.components):
        return False
    when = control.applies_when
    if when.data_kinds and not set(profile.data_kinds) & set(when.data_kinds):
        return False
    if when.sectors and sector not in when.sectors:
        return False
    return not (when.intake and not set(profile.intake) & set(when.intake))
