"""``applicability.csv`` and ``applicability.json``: the statement of applicability of a map as files.

CSV columns, in this order (a public contract: add columns only at the end): ``id``, ``title``,
``layer``, ``priority``, ``status`` (included, assumed, left out), ``components`` (ids joined by
"; "), ``reason``, ``rank`` and ``tier`` (empty when left out). Then one row per component that
no control is kept for: ``id`` empty, ``status`` ``no control``, the component in ``components``.
UTF-8, RFC 4180 quoting, CRLF line ends; any cell a spreadsheet would read as a formula is
prefixed with ``'``.

The JSON document (schema ``content/schema/applicability.schema.json``) holds the same rows, the
uncovered components and every first task, keys in the schema's order, so the same map gives the
same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from generator.downloads.cells import neutralise
from generator.model import CatalogueInfo
from generator.select import Checklist
from generator.systemmap.statement import Statement

FORMAT = "ambit-applicability"
FORMAT_VERSION = 1
COLUMNS = ("id", "title", "layer", "priority", "status", "components", "reason", "rank", "tier")
NO_CONTROL = "no control"


def _ranks(checklist: Checklist) -> dict[str, tuple[int, str]]:
    return {i.control.id: (i.ranking.rank, i.ranking.tier) for i in checklist.items if i.ranking}


def statement_document(statement: Statement, checklist: Checklist, system: str, info: CatalogueInfo) -> dict[str, Any]:
    """The statement as a JSON-ready dictionary."""
    ranks = _ranks(checklist)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "system": system,
        "catalogue": {"name": info.name, "version": info.version, "date": info.date},
        "counts": {s: statement.count(s) for s in ("included", "assumed", "left out")},
        "controls": [
            {
                "id": r.control.id,
                "title": r.control.title.strip(),
                "layer": r.control.layer,
                "priority": r.control.priority,
                "status": r.status,
                "components": list(r.components),
                "reason": r.reason,
                "rank": ranks.get(r.control.id, (None, None))[0],
                "tier": ranks.get(r.control.id, (None, None))[1],
            }
            for r in statement.rows
        ],
        "uncovered": [{"component": u.component, "reason": u.reason} for u in statement.uncovered],
        "first_tasks": [
            {"kind": t.kind, "subject": t.subject, "text": t.text, "controls": list(t.controls)}
            for t in statement.tasks
        ],
    }


def render_json(statement: Statement, checklist: Checklist, system: str, info: CatalogueInfo) -> bytes:
    """UTF-8 JSON, indented, ending with a newline."""
    doc = statement_document(statement, checklist, system, info)
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_csv(statement: Statement, checklist: Checklist) -> bytes:
    """The statement as CSV: one row per active control, then one per component with no control."""
    ranks = _ranks(checklist)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in statement.rows:
        rank, tier = ranks.get(r.control.id, ("", ""))
        cells = (r.control.id, r.control.title.strip(), r.control.layer, r.control.priority, r.status)
        writer.writerow([neutralise(str(c)) for c in (*cells, "; ".join(r.components), r.reason, rank, tier)])
    for u in statement.uncovered:
        writer.writerow([neutralise(c) for c in ("", "", "", "", NO_CONTROL, u.component, u.reason, "", "")])
    return buffer.getvalue().encode("utf-8")
