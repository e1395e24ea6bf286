"""The statement of applicability of a map: every active control, included, assumed or left out, and why.

Each row is written from the verdicts that selected (``generator.applicability.verdict``), so the
reason a control is in or out is the rule that put it there, in the words of
``generator.applicability.REASONS``:

- **included**: it applies on stated facts to at least one component; the reason gives the
  conditions that held on the riskiest one;
- **assumed**: it applies to a component only if a fact the map does not state turns out one way;
  the reason names that fact ("you did not say whether blob-extracts holds health data");
- **left out**: no component of its types, or a stated fact rules it out on each of them.

The map's unknowns become *first tasks*: each fact that would decide assumed controls, or an
unanswered intake question that would raise kept ones, most decisive first. A component kept by no
control is listed with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.applicability import REASONS, UNKNOWN, Clause, join_words
from generator.model import Catalogue, Control
from generator.systemmap.model import SystemMap
from generator.systemmap.select import MapItem, Verdicts, type_label

INCLUDED, ASSUMED_ROW, LEFT_OUT = "included", "assumed", "left out"
STATUSES = (INCLUDED, ASSUMED_ROW, LEFT_OUT)
SHOWN_FAILURES = 3
"""How many components' reasons a left-out row spells out before "and N more"."""
FIRST_TASKS = 8
"""How many first tasks the checklist shows (the statement's JSON lists them all)."""

TASKS = {
    "sectors": "Say which sector the system is in ({values})",
    "exposure": "Find out who can reach {component}: the internet, partners, or only your own staff and systems",
    "data_kinds": "Find out what data {component} holds: any {values} data?",
    "operation": "Find out how {component} is run: {values}?",
    "platforms": "Find out which platform {component} runs on: {values}?",
    "intake": "Find out: {question}",
}
"""The words of a first task, per kind of unknown fact."""
TASK_ORDER = tuple(TASKS)
UNCOVERED = {
    "unwritten": "no control in the catalogue is written for a {label} yet",
    "left-out": "each of the {count} controls for a {label} is left out: {reasons}",
}
"""The words for a component no control is kept for."""
SHOWN_UNCOVERED = 2
"""How many distinct reasons an uncovered component's line gives."""


@dataclass(frozen=True)
class Row:
    """One control in the statement."""

    control: Control
    status: str
    components: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Uncovered:
    """A component no control is kept for, and why."""

    component: str
    reason: str


@dataclass(frozen=True)
class Task:
    """A fact to find out first: what it is, and the controls it decides or raises."""

    kind: str
    subject: str
    """The component id, the intake question id, or "" for the sector."""
    text: str
    controls: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """The whole statement of applicability of one map."""

    rows: tuple[Row, ...]
    uncovered: tuple[Uncovered, ...]
    tasks: tuple[Task, ...]

    def count(self, status: str) -> int:
        """How many rows have ``status``."""
        return sum(1 for r in self.rows if r.status == status)


def _left_out_reason(cat: Catalogue, smap: SystemMap, control: Control, verdicts: Verdicts) -> str:
    mine = verdicts[control.id]
    candidates = [c for c in smap.components if c.type in control.components]
    if not candidates:
        return Clause("type", "failed", control.components).text()
    texts = list(dict.fromkeys(mine[c.id].text() for c in candidates))
    more = len(texts) - SHOWN_FAILURES
    shown = "; ".join(texts[:SHOWN_FAILURES])
    return shown + (f"; and {more} more" if more > 0 else "")


def _row(cat: Catalogue, smap: SystemMap, control: Control, item: MapItem | None, verdicts: Verdicts) -> Row:
    if item is None:
        return Row(control, LEFT_OUT, (), _left_out_reason(cat, smap, control, verdicts))
    first = item.components[0]
    verdict = verdicts[control.id][first.id]
    status = ASSUMED_ROW if item.assumed else INCLUDED
    reason = verdict.text() or REASONS["type"]["held"].format(component=first.id, actual=type_label(cat, first.type))
    return Row(control, status, tuple(c.id for c in item.components), reason)


def _task_text(cat: Catalogue, kind: str, subject: str, values: list[str]) -> str:
    questions = {q.id: q.question for q in cat.intake}
    return TASKS[kind].format(component=subject, values=join_words(values), question=questions.get(subject, subject))


def first_tasks(cat: Catalogue, smap: SystemMap, items: list[MapItem], verdicts: Verdicts) -> list[Task]:
    """The map's unknowns as tasks, the one deciding or raising most controls first."""
    decides: dict[tuple[str, str], dict[str, None]] = {}
    values: dict[tuple[str, str], dict[str, None]] = {}

    def note(kind: str, subject: str, control_id: str, vals: tuple[str, ...] = ()) -> None:
        key = (kind, subject)
        decides.setdefault(key, {})[control_id] = None
        values.setdefault(key, {}).update(dict.fromkeys(vals))

    for item in items:
        for component_id, verdict in item.assumptions:
            for clause in verdict.clauses:
                if clause.outcome != UNKNOWN:
                    continue
                if clause.condition == "intake":
                    for q in clause.values:
                        note("intake", q, item.control.id)
                elif clause.condition == "sectors":
                    note("sectors", "", item.control.id, clause.values)
                elif clause.condition in ("exposure", "advanced"):
                    note("exposure", component_id, item.control.id)
                else:
                    note(clause.condition, component_id, item.control.id, clause.values)
    answered = smap.intake | smap.intake_no
    for item in items:  # an unanswered question that would raise a kept control
        for q in item.control.raised_by:
            if q not in answered and not all(q in c.concerns for c in item.components):
                note("intake", q, item.control.id)
    kind_order = {k.id: i for i, k in enumerate(cat.data_kinds)}
    sector_order = {s.id: i for i, s in enumerate(cat.sectors)}
    platform_order = {p.id: i for i, p in enumerate(cat.platforms)}
    position = {c.id: i for i, c in enumerate(smap.components)}
    question_order = {q.id: i for i, q in enumerate(cat.intake)}
    tasks = []
    for (kind, subject), controls in decides.items():
        order = {"sectors": sector_order, "platforms": platform_order}.get(kind, kind_order)
        vals = sorted(values[(kind, subject)], key=lambda v: (order.get(v, 99), v))
        tasks.append(Task(kind, subject, _task_text(cat, kind, subject, vals), tuple(controls)))

    def key(t: Task) -> tuple[int, int, int, str]:
        where = question_order.get(t.subject, 99) if t.kind == "intake" else position.get(t.subject, -1)
        return (-len(t.controls), TASK_ORDER.index(t.kind), where, t.subject)

    return sorted(tasks, key=key)


def _uncovered(cat: Catalogue, smap: SystemMap, items: list[MapItem], verdicts: Verdicts) -> list[Uncovered]:
    kept = {c.id for item in items for c in item.components}
    out = []
    for component in smap.components:
        if component.id in kept:
            continue
        label = type_label(cat, component.type)
        written = [c for c in cat.active_controls if component.type in c.components]
        if not written:
            reason = UNCOVERED["unwritten"].format(label=label)
        else:
            texts = list(dict.fromkeys(verdicts[c.id][component.id].text() for c in written))
            reasons = "; ".join(texts[:SHOWN_UNCOVERED])
            reason = UNCOVERED["left-out"].format(count=len(written), label=label, reasons=reasons)
        out.append(Uncovered(component.id, reason))
    return out


def build_statement(cat: Catalogue, smap: SystemMap, items: list[MapItem], verdicts: Verdicts) -> Statement:
    """The statement for ``smap`` from its ranked ``items`` and the ``verdicts`` that chose them."""
    by_id = {item.control.id: item for item in items}
    rows = tuple(_row(cat, smap, c, by_id.get(c.id), verdicts) for c in cat.active_controls)
    return Statement(
        rows=rows,
        uncovered=tuple(_uncovered(cat, smap, items, verdicts)),
        tasks=tuple(first_tasks(cat, smap, items, verdicts)),
    )
