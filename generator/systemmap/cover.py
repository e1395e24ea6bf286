"""The cover page of a system-map checklist: the system, its data-flow diagram and its inventory."""

from __future__ import annotations

from dataclasses import replace

from generator.model import Catalogue
from generator.select import Checklist, CoverRow, MapCover, StatementLine
from generator.systemmap.diagram import render_svg
from generator.systemmap.facts import component_facts
from generator.systemmap.model import SystemMap
from generator.systemmap.select import type_label
from generator.systemmap.statement import FIRST_TASKS, Statement


def map_cover(
    cat: Catalogue, smap: SystemMap, diagram_svg: str | None = None, statement: Statement | None = None
) -> MapCover:
    """The cover for ``smap``: each component with the data kinds and operation the engine used,
    and, given its ``statement``, the first tasks, the components with no control and the appendix."""
    kind_order = {k.id: i for i, k in enumerate(cat.data_kinds)}
    rows = []
    for c in smap.components:
        facts = component_facts(cat, smap, c)
        rows.append(
            CoverRow(
                id=c.id,
                type_name=type_label(cat, c.type),
                exposure=c.exposure if c.exposure != "unknown" else "not stated",
                data_kinds=tuple(sorted(facts.data_kinds, key=lambda k: kind_order.get(k, 99))),
                operation=facts.operation,
                runs_on=c.runs_on,
            )
        )
    questions = {q.id: q.question for q in cat.intake}
    return MapCover(
        system=smap.system,
        description=smap.description,
        diagram_svg=diagram_svg if diagram_svg is not None else render_svg(cat, smap),
        components=tuple(rows),
        intake_yes=tuple(questions[q] for q in questions if q in smap.intake),
        first_tasks=tuple(t.text for t in statement.tasks[:FIRST_TASKS]) if statement else (),
        uncovered=tuple(f"{u.component}: {u.reason}" for u in statement.uncovered) if statement else (),
        statement=tuple(
            StatementLine(r.control.id, r.control.title.strip(), r.status, r.components, r.reason)
            for r in (statement.rows if statement else ())
        ),
    )


NO_CONTROL_SUMMARY = " No control is kept for {uncovered}."
"""Added to the summary when some component has no control (``{uncovered}``: "id: reason" joined by "; ")."""


def with_cover(
    cat: Catalogue,
    smap: SystemMap,
    checklist: Checklist,
    diagram_svg: str | None = None,
    statement: Statement | None = None,
) -> Checklist:
    """``checklist`` with the cover page of ``smap`` (and its statement of applicability, if given).

    Components that no control is kept for are also named in the summary, which every format
    with a heading shows (applicability.csv lists them as rows).
    """
    cover = map_cover(cat, smap, diagram_svg, statement)
    summary = checklist.summary
    if cover.uncovered:
        summary += NO_CONTROL_SUMMARY.format(uncovered="; ".join(cover.uncovered))
    return replace(checklist, cover=cover, summary=summary)
