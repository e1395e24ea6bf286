"""CSV export: one row per control, UTF-8 (no byte-order mark), RFC 4180 quoting, CRLF line ends.

Columns, in this order (the order is a public contract: add columns only at the end):

 1. ``id``               control ID, e.g. IAM-001
 2. ``title``
 3. ``layer``            layer id, e.g. identity
 4. ``layer_name``       layer name, e.g. Identity and access
 5. ``priority``         essential | recommended | advanced
 6. ``summary``
 7. ``how_to_verify``    the verification steps, numbered, one per line
 8. ``evidence_to_keep`` the evidence for each step, numbered like the steps
 9. ``sector_note``      the note for the checklist's sector, or empty
10. ``applies_to``       for a system-map checklist: the user's components, joined by "; "
11. ``effort_minutes``   time to verify, in minutes
12. ``url``              the control's page on the site
13. ``status``           empty, for the reader to fill in
14. ``owner``            empty, for the reader to fill in
15. ``due_date``         empty, for the reader to fill in
16. ``notes``            empty, for the reader to fill in
17. onwards: one column per framework, headed by its short name (``HIPAA``, ``ISO/IEC 27001:2022``,
    ``SOC 2``, ...; the order of :data:`generator.downloads.references.SHORT_NAMES`), holding the
    control's IDs in that framework joined by "; ". A framework bound to other sectors than the
    checklist's (its registry's ``sectors``: HIPAA binds healthcare) keeps its column, empty
    (:mod:`generator.downloads.framework_scope`)

A system map's checklist adds three columns at the very end (:data:`MAP_COLUMNS`):

- ``rank``        the control's position, riskiest first (1, 2, ...)
- ``tier``        first (this week), next (this month) or later
- ``components``  the ids of the map's components it applies to, joined by "; "

Rows follow the download order (layer, then priority). Any cell that a spreadsheet would read as
a formula is prefixed with ``'`` (see :mod:`generator.downloads.cells`). Columns 1 to 12 equal
the JSON export's fields once that prefix is removed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from generator.downloads.cells import neutralise
from generator.downloads.guards import check_ids
from generator.downloads.references import FrameworkColumn, cell, sheet_columns
from generator.downloads.rows import ExportRow, export_rows
from generator.model import Framework
from generator.select import Checklist

COLUMNS = (
    "id",
    "title",
    "layer",
    "layer_name",
    "priority",
    "summary",
    "how_to_verify",
    "evidence_to_keep",
    "sector_note",
    "applies_to",
    "effort_minutes",
    "url",
    "status",
    "owner",
    "due_date",
    "notes",
)
"""The CSV header's fixed columns, in order; the framework columns follow."""
MAP_COLUMNS = ("rank", "tier", "components")
"""Added after the framework columns for a system map's (ranked) checklist."""


def header(columns: Sequence[FrameworkColumn], ranked: bool = False) -> tuple[str, ...]:
    """The whole CSV header: :data:`COLUMNS`, one heading per framework column, then a map's columns."""
    return (*COLUMNS, *(col.short_name for col in columns), *(MAP_COLUMNS if ranked else ()))


def map_values(row: ExportRow) -> list[str]:
    """A system map's columns of one row: rank, tier and component ids."""
    ranking = row.ranking
    return [str(ranking.rank), ranking.tier, "; ".join(ranking.components)] if ranking else ["", "", ""]


def row_values(row: ExportRow, columns: Sequence[FrameworkColumn] = ()) -> list[str]:
    """The cells of one control's row, before neutralising."""
    return [
        row.id,
        row.title.strip(),
        row.layer,
        row.layer_name,
        row.priority,
        row.summary.strip(),
        row.how_to_verify,
        row.evidence,
        row.sector_note.strip(),
        "; ".join(row.applies_to),
        str(row.effort_minutes),
        row.url,
        "",
        "",
        "",
        "",
        *(cell(row.references, col.key) for col in columns),
    ]


def render(checklist: Checklist, frameworks: Sequence[Framework] = ()) -> bytes:
    """The CSV file's bytes; ``frameworks`` are the catalogue's registries (for the columns' names)."""
    columns = sheet_columns(checklist, frameworks)
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n")
    rows = export_rows(checklist)
    ranked = checklist.for_map and any(row.ranking for row in rows)
    writer.writerow(header(columns, ranked))
    for row in rows:
        values = row_values(row, columns) + (map_values(row) if ranked else [])
        writer.writerow([neutralise(value) for value in values])
    return buffer.getvalue().encode("utf-8")


def check(data: bytes, expected_ids: tuple[str, ...]) -> None:
    """Raise :class:`DownloadError` unless the CSV has the header and one row per expected control."""
    from generator.downloads.guards import DownloadError

    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    if not rows or tuple(rows[0][: len(COLUMNS)]) != COLUMNS:
        raise DownloadError("CSV export lacks its header row")
    if any(len(r) != len(rows[0]) for r in rows[1:]):
        raise DownloadError("CSV export has a row with the wrong number of columns")
    check_ids("CSV export", [r[0] for r in rows[1:]], expected_ids)
