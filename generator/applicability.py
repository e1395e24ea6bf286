"""When a control applies: one rule for system maps, sector checklists and the browser mapper.

Facts are answered yes, no or unknown. A control applies to a set of *facts* about one
component (its type, data kinds, exposure, how it is run, the platform it runs on, the sector of
its system and the intake answers for it) when all of these hold:

1. the control is active and names the component's type in ``components``;
2. every condition of its ``applies_when`` holds: one of its ``data_kinds`` is handled, the
   exposure, the operation and the platform are among those listed, the sector is listed, one of
   its ``intake`` questions is answered yes (an empty condition always holds);
3. an ``advanced`` control also needs a reason: the component is reachable from the internet or
   a partner, the control has a note for the sector, or an intake answer raises it;
4. so does a ``recommended`` control of the people layer (a policy, programme or exercise
   around the system rather than a check on it): a note for the sector or an intake answer
   that raises it. Essential people-layer controls (incident response, notification duties,
   vendor contracts) always apply.

A condition that cannot be decided because the map does not state the fact (data kinds it does
not list, an exposure, operation or platform it leaves out, an unanswered intake question, no
sector) never removes the control: the verdict is *assumed*, naming the facts that would decide it. Lifecycle
stages decide nothing: a flow's label says when data moves, not which safeguards a component needs.

Each outcome is a :class:`Clause` (condition, outcome, values), and :data:`REASONS` holds the
words for every condition and outcome, so the statement of applicability is written from the
same data that selects, and the browser fills the same templates.

Sector checklists use the same conditions against a profile (``checklists/<id>.yml``), where any
exposure and operation may occur, and any platform unless the profile lists its platforms: see
:func:`fits_profile`.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Control, Profile

WIDE_EXPOSURES = ("internet", "partner")
"""Exposures for which ``advanced`` controls apply without another reason."""
UNKNOWN_EXPOSURE = "unknown"
"""The exposure of a component whose map does not say who can reach it."""
PROCESS_LAYER = "people"
"""The layer of policies, programmes and exercises (rule 4)."""

APPLIES, ASSUMED, OUT = "applies", "assumed", "out"
HELD, UNKNOWN, FAILED = "held", "unknown", "failed"

REASONS: dict[str, dict[str, str]] = {
    "type": {
        FAILED: "the map has no component of type {values}",
        HELD: "{component} is a {actual}",
    },
    "data_kinds": {
        HELD: "{component} handles {actual} data",
        FAILED: "{component} handles no {values} data",
        UNKNOWN: "you did not say whether {component} holds {values} data",
    },
    "exposure": {
        HELD: "{component} has {actual} exposure",
        FAILED: "{component} has {actual} exposure, not {values}",
        UNKNOWN: "you did not say who can reach {component} (it applies with {values} exposure)",
    },
    "operation": {
        HELD: "{component} is run {actual}",
        FAILED: "{component} is run {actual}, not {values}",
        UNKNOWN: "you did not say how {component} is run (it applies when {values})",
    },
    "platforms": {
        HELD: "{component} runs on {actual}",
        FAILED: "{component} runs on {actual}, not {values}",
        UNKNOWN: "you did not say which platform {component} runs on (it applies on {values})",
    },
    "sectors": {
        HELD: "the system is in the {actual} sector",
        FAILED: "the system is in the {actual} sector, not {values}",
        UNKNOWN: "you did not say the system's sector (it applies in {values})",
    },
    "intake": {
        HELD: "you answered yes to {actual}",
        FAILED: "you answered no to {values}",
        UNKNOWN: "you did not answer {values}",
    },
    "advanced": {
        HELD: "an advanced control, and {actual}",
        FAILED: "an advanced control needs {component} to be reachable by the internet or a partner, "
        "a note for the sector, or an intake answer that raises it; none holds",
        UNKNOWN: "you did not say who can reach {component} (an advanced control applies with {values} exposure)",
    },
    "process": {
        HELD: "a recommended policy or programme, and {actual}",
        FAILED: "a recommended policy or programme applies only with a note for the sector or an intake "
        "answer that raises it; none holds",
    },
}
"""The words for every condition and outcome: ``{component}``, ``{values}`` and ``{actual}`` are filled in."""

GATE_REASONS = {
    "exposure": "{component} has {actual} exposure",
    "sector-note": "it has a note for the {actual} sector",
    "raised": "you answered yes to {actual}",
}
"""What makes an advanced or a recommended people-layer control apply (the ``actual`` of its clause)."""


@dataclass(frozen=True)
class Facts:
    """What a system states, or implies, about one component; "" or ``unknown`` where it is silent."""

    type: str
    data_kinds: frozenset[str]
    """Kinds it is known (or, by its type, usually known) to handle."""
    exposure: str
    """internet, partner, internal, or ``unknown``."""
    operation: str
    """How it is run as the map states it, or the type's usual way; "" when neither says."""
    sector: str = ""
    """The system's sector; "" when the map does not say."""
    yes: frozenset[str] = frozenset()
    """Intake questions answered yes for it (map-wide answers and its own concerns)."""
    no: frozenset[str] = frozenset()
    """Intake questions answered no for the whole map; any other question is unanswered."""
    kinds_stated: bool = True
    """True when the map lists its data kinds, so a kind not among them is a no, not an unknown."""
    operation_stated: bool = True
    """True when the map states how it is run; otherwise an operation other than the usual is unknown."""
    platform: str = ""
    """The platform the map states for the component itself (content/platforms.yml); "" when it does not say."""
    component: str = ""
    """The component's id, for reasons."""


@dataclass(frozen=True)
class Clause:
    """One condition's outcome for one component: what decided, with the values it asked for."""

    condition: str
    outcome: str
    values: tuple[str, ...] = ()
    actual: str = ""
    component: str = ""

    def text(self) -> str:
        """The clause in words, from :data:`REASONS`."""
        return REASONS[self.condition][self.outcome].format(
            component=self.component or "it", values=join_words(self.values), actual=self.actual
        )


@dataclass(frozen=True)
class Verdict:
    """Whether a control applies to one component: ``applies``, ``assumed`` or ``out``, and why."""

    status: str
    clauses: tuple[Clause, ...] = ()
    """Held conditions (applies), the unknown ones (assumed), or the one that failed (out)."""

    @property
    def kept(self) -> bool:
        """True when the control stays for this component, stated or assumed."""
        return self.status != OUT

    def text(self) -> str:
        """The verdict's clauses in words, joined by semicolons."""
        return "; ".join(c.text() for c in self.clauses)


def join_words(values: tuple[str, ...] | list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    items = list(values)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def raised(control: Control, facts: Facts, capabilities: frozenset[str] = frozenset()) -> bool:
    """True when an intake answer for the component raises ``control``: a yes to a question it is
    raised by, or to a question its ``applies_when`` names, unless that question is one of the
    ``capabilities`` (a yes that says something is in place, which decides but never raises)."""
    gated = set(control.applies_when.intake) - capabilities
    return bool(facts.yes & (set(control.raised_by) | gated))


def _unanswered(questions: tuple[str, ...], facts: Facts) -> tuple[str, ...]:
    return tuple(q for q in questions if q not in facts.yes and q not in facts.no)


def _one_of(condition: str, allowed: tuple[str, ...], actual: str, who: str) -> Clause:
    """A condition on one stated value: held or failed when ``actual`` is stated, unknown when it is ""."""
    if not actual:
        return Clause(condition, UNKNOWN, allowed, "", who)
    return Clause(condition, HELD if actual in allowed else FAILED, allowed, actual, who)


def _conditions(control: Control, f: Facts) -> list[Clause]:
    """The outcome of each ``applies_when`` condition, in a fixed order."""
    when, who = control.applies_when, f.component
    out: list[Clause] = []
    if when.data_kinds:
        hit = tuple(k for k in when.data_kinds if k in f.data_kinds)
        if hit:
            out.append(Clause("data_kinds", HELD, when.data_kinds, join_words(hit), who))
        else:
            out.append(Clause("data_kinds", UNKNOWN if not f.kinds_stated else FAILED, when.data_kinds, "", who))
    if when.exposure:
        out.append(_one_of("exposure", when.exposure, f.exposure if f.exposure != UNKNOWN_EXPOSURE else "", who))
    if when.operation:
        if f.operation in when.operation:
            out.append(Clause("operation", HELD, when.operation, f.operation, who))
        elif f.operation_stated:
            out.append(Clause("operation", FAILED, when.operation, f.operation, who))
        else:
            out.append(Clause("operation", UNKNOWN, when.operation, "", who))
    if when.platforms:
        out.append(_one_of("platforms", when.platforms, f.platform, who))
    if when.sectors:
        out.append(_one_of("sectors", when.sectors, f.sector, who))
    if when.intake:
        yes = tuple(q for q in when.intake if q in f.yes)
        open_ = _unanswered(when.intake, f)
        if yes:
            out.append(Clause("intake", HELD, when.intake, join_words(yes), who))
        elif open_:
            out.append(Clause("intake", UNKNOWN, open_, "", who))
        else:
            out.append(Clause("intake", FAILED, when.intake, "", who))
    return out


def _gate(control: Control, f: Facts) -> Clause | None:
    """Rules 3 and 4: the extra reason an advanced or recommended people-layer control needs."""
    advanced = control.priority == "advanced"
    if not advanced and not (control.priority == "recommended" and control.layer == PROCESS_LAYER):
        return None
    name, who = ("advanced" if advanced else "process"), f.component
    questions = tuple(dict.fromkeys((*control.raised_by, *control.applies_when.intake)))
    if advanced and f.exposure in WIDE_EXPOSURES:
        why = GATE_REASONS["exposure"].format(component=who or "it", actual=f.exposure)
        return Clause(name, HELD, (), why, who)
    if f.sector and f.sector in control.sectors:
        return Clause(name, HELD, (), GATE_REASONS["sector-note"].format(actual=f.sector), who)
    yes = tuple(q for q in questions if q in f.yes)
    if yes:
        return Clause(name, HELD, (), GATE_REASONS["raised"].format(actual=join_words(yes)), who)
    if advanced and f.exposure == UNKNOWN_EXPOSURE:
        return Clause(name, UNKNOWN, WIDE_EXPOSURES, "", who)
    open_ = _unanswered(questions, f)
    if open_:
        return Clause("intake", UNKNOWN, open_, "", who)
    if not f.sector and control.sectors:
        return Clause("sectors", UNKNOWN, tuple(control.sectors), "", who)
    return Clause(name, FAILED, (), "", who)


def verdict(control: Control, facts: Facts) -> Verdict:
    """Whether ``control`` applies to a component with these ``facts`` (rules 1 to 4 above), and why."""
    if not control.active or facts.type not in control.components:
        return Verdict(OUT, (Clause("type", FAILED, control.components, facts.type, facts.component),))
    clauses = _conditions(control, facts)
    gate = _gate(control, facts)
    if gate is not None:
        clauses.append(gate)
    failed = [c for c in clauses if c.outcome == FAILED]
    if failed:
        return Verdict(OUT, (failed[0],))
    unknown = tuple(c for c in clauses if c.outcome == UNKNOWN)
    if unknown:
        return Verdict(ASSUMED, unknown)
    return Verdict(APPLIES, tuple(clauses))


def applies(control: Control, facts: Facts) -> bool:
    """True when ``control`` applies to the component, stated or assumed (it is kept)."""
    return verdict(control, facts).kept


def fits_profile(control: Control, profile: Profile, sector: str) -> bool:
    """True when ``control`` can apply to a system of this profile and sector.

    It must name one of the profile's component types (when the profile lists any), and its
    data-kind, sector and intake conditions must be met by the profile, and its platform
    condition too when the profile lists platforms; exposure and operation conditions, and
    platform conditions against a profile without platforms, are assumed to be met somewhere in
    such a system.
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
    if when.platforms and profile.platforms and not set(profile.platforms) & set(when.platforms):
        return False
    return not (when.intake and not set(profile.intake) & set(when.intake))
