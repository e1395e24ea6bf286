"""XLSX export: a working checklist for a spreadsheet, that prints legibly and can be read back.

Sheets, in order:

- ``Checklist``: one row per control (download order) with a frozen header, an autofilter, a
  status drop-down, an effort column, empty owner, due date and notes columns, then the summary,
  layer, sector note, an "evidence collected" column and one column per framework (IDs joined
  by "; ", headed by the framework's short name). Printing it prints the working columns, ID to
  Notes (:data:`PRINT_COLUMNS`), landscape, one page wide, with the header row on every page;
  the columns to the right are for filtering and sorting on screen, and the PDF has everything.
- ``By component`` (system-map checklists only): one row per control and component it applies
  to, with its own status drop-down, so "done for trackers, not for phones" can be recorded.
- ``Summary``: a summary line, then per layer the number of controls, their effort and each
  status, as formulas over the checklist sheet (with cached values for viewers that do not
  calculate).
- ``Crosswalk``: each framework item the checklist's controls cite, with those controls.
- ``Applicability`` (system-map checklists only): the statement of applicability.
- ``About`` (checklists with a definition, when it has an introduction or regulations): the
  scenario, one paragraph per row, then one row per regulation (name, note, address). It comes
  last, so every sheet before it keeps its place; a system map's workbook has none (the browser
  mapper writes the same workbook, and a map's introduction only says how it was made).

Safety: every text cell is written with ``write_string`` (xlsxwriter's ``write`` would turn text
starting with ``=`` into a formula) and passed through :func:`~generator.downloads.cells.neutralise`.
Formulas never contain contributor text: they refer to cells holding it.

Row heights: xlsxwriter cannot autofit rows (only a spreadsheet application measures text), and
LibreOffice does not re-measure rows a file sets, so each row's height is computed here from its
longest wrapped cell (:func:`row_height`), with a margin for wider fallback fonts.

Determinism: the workbook's creation date is the catalogue date, so two builds give the same bytes.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from generator.downloads.about import paragraphs, regulations
from generator.downloads.cells import neutralise
from generator.downloads.guards import DownloadError, check_not_empty
from generator.downloads.references import FrameworkColumn, cell, crosswalk, sheet_columns
from generator.downloads.rows import ExportRow, export_rows, summary_line
from generator.model import Framework
from generator.select import Checklist

STATUSES = (
    "not started",
    "in progress",
    "implemented",
    "partially implemented",
    "not applicable",
    "risk accepted",
)
"""The values of the status drop-downs; new rows start as ``not started``."""

CHECKLIST_SHEET = "Checklist"
COMPONENT_SHEET = "By component"
STATEMENT_SHEET = "Applicability"
STATEMENT_COLUMNS = (("Control", 10), ("Title", 48), ("Status", 11), ("Components", 28), ("Reason", 80))
SUMMARY_SHEET = "Summary"
CROSSWALK_SHEET = "Crosswalk"
ABOUT_SHEET = "About"
ABOUT_WIDTHS = (22, 72, 32)
"""The About sheet's column widths: a label or a regulation's name, the text, a regulation's address
(126 characters in all, like the Crosswalk, so it prints in portrait)."""
MAX_URL = 2079
"""Excel's longest hyperlink; xlsxwriter writes no cell for a longer one, so that one is text."""

# (header, width in characters) in column order; the framework columns follow these.
COLUMNS = (
    ("ID", 9),
    ("Title", 28),
    ("Priority", 11),
    ("Effort (minutes)", 9),
    ("How to verify", 48),
    ("Evidence to keep", 34),
    ("Applies to", 20),
    ("Status", 14),
    ("Owner", 13),
    ("Due date", 11),
    ("Notes", 22),
    ("Summary", 40),
    ("Layer", 16),
    ("Sector note", 40),
    ("Evidence collected", 30),
)
HEADERS = tuple(h for h, _ in COLUMNS)
PRIORITY_COL = HEADERS.index("Priority")
EFFORT_COL = HEADERS.index("Effort (minutes)")
APPLIES_COL = HEADERS.index("Applies to")
STATUS_COL = HEADERS.index("Status")
DUE_COL = HEADERS.index("Due date")
NOTES_COL = HEADERS.index("Notes")
LAYER_COL = HEADERS.index("Layer")
PRINT_COLUMNS = NOTES_COL + 1
"""The Checklist sheet prints columns A up to Notes: ~200 characters wide, legible on one page."""
FRAMEWORK_WIDTH = 14

MAP_COLUMNS = (("Rank", 7), ("Tier", 8), ("Components", 30))
"""A system map's checklist adds these after the framework columns: rank riskiest first, tier
(first, next, later) and the ids of the map's components the control applies to."""

COMPONENT_COLUMNS = (
    ("ID", 9),
    ("Title", 40),
    ("Component", 36),
    ("Status", 14),
    ("Owner", 13),
    ("Due date", 11),
    ("Notes", 40),
)
COMPONENT_STATUS_COL = 3
COMPONENT_DUE_COL = 5

CROSSWALK_COLUMNS = (("Framework", 20), ("Item", 16), ("Item title", 50), ("Controls in this checklist", 40))

LINE_HEIGHT = 15.0
"""Points per line of 11-point text (Excel's default row height)."""
CHARS_PER_WIDTH = 0.9
"""Characters that fit per unit of column width; below 1 so LibreOffice's wider fallback fonts fit too."""
MAX_ROW_HEIGHT = 409.0
"""Excel's largest row height, in points."""


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped at word boundaries in a column ``width`` characters wide."""
    chars = max(1, math.floor(width * CHARS_PER_WIDTH) - 1)
    return sum(max(1, len(textwrap.wrap(line, chars, break_long_words=True))) for line in text.split("\n"))


def row_height(cells: Sequence[tuple[str, float]]) -> float:
    """A row's height in points: enough for its longest wrapped ``(text, column width)`` cell."""
    lines = max((wrapped_lines(text, width) for text, width in cells if text), default=1)
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3)


@dataclass(frozen=True)
class XlsxResult:
    """The workbook's bytes and how many control rows it holds (checked by the build guard)."""

    data: bytes
    rows: int


@dataclass(frozen=True)
class _Formats:
    head: Format
    wrap: Format
    link: Format
    due: Format
    number: Format
    bold: Format
    title: Format


def _formats(book: xlsxwriter.Workbook) -> _Formats:
    return _Formats(
        head=book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDE3EA", "border": 1}),
        wrap=book.add_format({"text_wrap": True, "valign": "top"}),
        link=book.add_format({"font_color": "#1F4E99", "underline": 1, "valign": "top"}),
        due=book.add_format({"num_format": "yyyy-mm-dd", "valign": "top"}),
        number=book.add_format({"valign": "top", "align": "center"}),
        bold=book.add_format({"bold": True}),
        title=book.add_format({"bold": True, "font_size": 14}),
    )


def is_map_checklist(checklist: Checklist) -> bool:
    """True for a system map's checklist: its items name the components they apply to."""
    return any(item.applies_to for item in checklist.items)


def build(checklist: Checklist, frameworks: Sequence[Framework] = ()) -> XlsxResult:
    """Write the workbook in memory; ``frameworks`` title the crosswalk's items."""
    rows = export_rows(checklist)
    columns = sheet_columns(checklist, frameworks)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    info = checklist.info
    book.set_properties(
        {
            "title": checklist.title,
            "subject": f"{info.name} catalogue {info.version}",
            "author": info.name,
            "comments": f"{info.name} catalogue {info.version} ({info.date}); checklist {checklist.id}",
            # Read back by `ambit progress from-xlsx` to tell which checklist and version this is.
            "keywords": f"ambit-checklist:{checklist.id} ambit-catalogue:{info.version}",
            "created": datetime.combine(date.fromisoformat(info.date), datetime.min.time()),
        }
    )
    fmt = _formats(book)
    _checklist_sheet(book, checklist, rows, columns, fmt)
    if is_map_checklist(checklist):
        _component_sheet(book, checklist, rows, fmt)
    _summary(book, checklist, rows, fmt)
    _crosswalk_sheet(book, checklist, rows, columns, fmt)
    if checklist.cover is not None and checklist.cover.statement:
        _statement_sheet(book, checklist, fmt)
    if checklist.definition is not None and (checklist.introduction.strip() or checklist.regulations):
        _about_sheet(book, checklist, fmt)
    book.close()
    return XlsxResult(buffer.getvalue(), len(rows))


def _status_validation(sheet: Worksheet, first: int, last: int, col: int) -> None:
    sheet.data_validation(
        first,
        col,
        last,
        col,
        {
            "validate": "list",
            "source": list(STATUSES),
            "input_title": "Status",
            "input_message": "Pick a status from the list.",
            "error_title": "Unknown status",
            "error_message": "Choose one of: " + ", ".join(STATUSES) + ".",
        },
    )


def _date_validation(sheet: Worksheet, first: int, last: int, col: int) -> None:
    sheet.data_validation(
        first,
        col,
        last,
        col,
        {
            "validate": "date",
            "criteria": ">",
            "value": datetime(2000, 1, 1),
            "error_message": "Enter a date, e.g. 2027-03-31.",
        },
    )


def _checklist_cells(row: ExportRow, columns: Sequence[FrameworkColumn]) -> list[str]:
    """The text cells of a control's row after the ID, in column order (effort is a number)."""
    return [
        row.title.strip(),
        row.priority,
        "",  # effort: written as a number
        row.how_to_verify,
        row.evidence,
        "; ".join(row.applies_to),
        STATUSES[0],
        "",
        "",
        "",
        row.summary.strip(),
        row.layer_name,
        row.sector_note.strip(),
        "",
        *(cell(row.references, col.key) for col in columns),
    ]


def _write_id(sheet: Worksheet, r: int, row: ExportRow, fmt: _Formats) -> None:
    """The control ID, linked to its page when the catalogue has a site URL."""
    if row.url:
        sheet.write_url(r, 0, row.url, fmt.link, string=row.id)
    else:
        sheet.write_string(r, 0, row.id, fmt.wrap)


def _checklist_sheet(
    book: xlsxwriter.Workbook,
    checklist: Checklist,
    rows: Sequence[ExportRow],
    columns: Sequence[FrameworkColumn],
    fmt: _Formats,
) -> None:
    sheet = book.add_worksheet(CHECKLIST_SHEET)
    ranked = checklist.for_map and all(row.ranking for row in rows)
    extra = MAP_COLUMNS if ranked else ()
    widths = [w for _, w in COLUMNS] + [FRAMEWORK_WIDTH] * len(columns) + [w for _, w in extra]
    headers = [*HEADERS, *(col.short_name for col in columns), *(h for h, _ in extra)]
    has_components = is_map_checklist(checklist)
    for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.write_string(0, col, neutralise(header), fmt.head)
        options = {"hidden": True} if col == APPLIES_COL and not has_components else None
        sheet.set_column(col, col, width, fmt.due if col == DUE_COL else fmt.wrap, options)
    sheet.set_row(0, row_height([(h, w) for h, w in zip(headers, widths, strict=True)]))
    for r, row in enumerate(rows, start=1):
        _write_id(sheet, r, row, fmt)
        texts = _checklist_cells(row, columns)
        if ranked and row.ranking:  # a system map's rank (a number), tier and component ids
            texts += ["", row.ranking.tier, "; ".join(row.ranking.components)]
            sheet.write_number(r, len(texts) - 2, row.ranking.rank, fmt.number)
        for col, text in enumerate(texts, start=1):
            if col == EFFORT_COL:
                sheet.write_number(r, col, row.effort_minutes, fmt.number)
            elif text:
                sheet.write_string(r, col, neutralise(text), fmt.wrap)
        # Hidden or off-print columns still count: a row cut short on screen is as bad as on paper.
        sized = [(text, widths[col]) for col, text in enumerate(texts, start=1) if has_components or col != APPLIES_COL]
        sheet.set_row(r, row_height(sized))
    last = len(rows)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, last, len(headers) - 1)
    _status_validation(sheet, 1, last, STATUS_COL)
    _date_validation(sheet, 1, last, DUE_COL)
    _print_setup(sheet, checklist, landscape=True)
    sheet.print_area(0, 0, last, PRINT_COLUMNS - 1)
    sheet.activate()


def component_id(label: str) -> str:
    """The map's component id in an ``applies_to`` label: ``route-history (object storage)`` -> ``route-history``."""
    return label.split(" (", 1)[0].strip()


def _component_sheet(book: xlsxwriter.Workbook, checklist: Checklist, rows: Sequence[ExportRow], fmt: _Formats) -> None:
    sheet = book.add_worksheet(COMPONENT_SHEET)
    widths = [w for _, w in COMPONENT_COLUMNS]
    for col, (header, width) in enumerate(COMPONENT_COLUMNS):
        sheet.write_string(0, col, header, fmt.head)
        sheet.set_column(col, col, width, fmt.due if col == COMPONENT_DUE_COL else fmt.wrap)
    r = 0
    for row in rows:
        for label in row.applies_to:
            r += 1
            _write_id(sheet, r, row, fmt)
            texts = (row.title.strip(), label, STATUSES[0])
            for col, text in enumerate(texts, start=1):
                sheet.write_string(r, col, neutralise(text), fmt.wrap)
            sheet.set_row(r, row_height([(t, widths[c]) for c, t in enumerate(texts, start=1)]))
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, r, len(COMPONENT_COLUMNS) - 1)
    _status_validation(sheet, 1, r, COMPONENT_STATUS_COL)
    _date_validation(sheet, 1, r, COMPONENT_DUE_COL)
    _print_setup(sheet, checklist, landscape=True)


def _statement_sheet(book: xlsxwriter.Workbook, checklist: Checklist, fmt: _Formats) -> None:
    """The statement of applicability: every active control, included, assumed or left out, and why."""
    assert checklist.cover is not None
    sheet = book.add_worksheet(STATEMENT_SHEET)
    widths = [w for _, w in STATEMENT_COLUMNS]
    for col, (header, width) in enumerate(STATEMENT_COLUMNS):
        sheet.write_string(0, col, header, fmt.head)
        sheet.set_column(col, col, width, fmt.wrap)
    r = 0
    for r, line in enumerate(checklist.cover.statement, start=1):
        texts = (line.id, line.title, line.status, ", ".join(line.components), line.reason)
        for col, text in enumerate(texts):
            sheet.write_string(r, col, neutralise(text), fmt.wrap)
        sheet.set_row(r, row_height([(t, widths[c]) for c, t in enumerate(texts)]))
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, r, len(STATEMENT_COLUMNS) - 1)
    _print_setup(sheet, checklist, landscape=True)


def _about_sheet(book: xlsxwriter.Workbook, checklist: Checklist, fmt: _Formats) -> None:
    """The scenario and the regulations: contributor Markdown, written as neutralised text."""
    sheet = book.add_worksheet(ABOUT_SHEET)
    widths = ABOUT_WIDTHS
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width, fmt.wrap)
    info = checklist.info
    sheet.write_string(0, 0, neutralise(checklist.title.strip()), fmt.title)
    sheet.write_string(1, 0, f"{info.name} catalogue {info.version} ({info.date})")
    r = 2
    for i, para in enumerate(paragraphs(checklist.introduction)):
        r += 1
        if i == 0:
            sheet.write_string(r, 0, "The scenario", fmt.bold)
        sheet.write_string(r, 1, neutralise(para), fmt.wrap)
        sheet.set_row(r, row_height([(para, widths[1])]))
    regs = regulations(checklist)
    if regs:
        r += 2
        for col, header in enumerate(("Regulation", "Note", "Text")):
            sheet.write_string(r, col, header, fmt.head)
        for reg in regs:
            r += 1
            note = "\n\n".join(paragraphs(reg.note))
            sheet.write_string(r, 0, neutralise(reg.name), fmt.wrap)
            sheet.write_string(r, 1, neutralise(note), fmt.wrap)
            if reg.link and len(reg.link) <= MAX_URL:  # https, nothing that could leave it; else text
                sheet.write_url(r, 2, reg.link, fmt.link, string=reg.link)
            elif reg.url:
                sheet.write_string(r, 2, neutralise(reg.url), fmt.wrap)
            sheet.set_row(r, row_height([(reg.name, widths[0]), (note, widths[1]), (reg.url, widths[2])]))
    _print_setup(sheet, checklist, landscape=False)


def _print_setup(sheet: Worksheet, checklist: Checklist, *, landscape: bool) -> None:
    info = checklist.info
    if landscape:
        sheet.set_landscape()
    sheet.set_paper(9)  # A4; the margins below fit Letter too, and Excel rescales to the printer's paper
    # Margins that suit both A4 and Letter: 0.5 in (12.7 mm) at the sides, room for header and footer.
    sheet.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    # "&" starts a control code in Excel headers (&P is the page number); double it in our text.
    title = checklist.title.replace("&", "&&")
    sheet.set_header(f"&L{title}&R{info.name.replace('&', '&&')} {info.version} ({info.date})")
    sheet.set_footer("&L&A&CPage &P of &N")


def _summary(book: xlsxwriter.Workbook, checklist: Checklist, rows: Sequence[ExportRow], fmt: _Formats) -> None:
    info = checklist.info
    sheet = book.add_worksheet(SUMMARY_SHEET)
    sheet.write_string(0, 0, neutralise(checklist.title.strip()), fmt.title)
    sheet.write_string(1, 0, f"{info.name} catalogue {info.version} ({info.date})")
    sheet.write_string(2, 0, summary_line(checklist))
    header_row = 4
    headers = ("Layer", "Controls", "Minutes", *STATUSES)
    for col, header in enumerate(headers):
        sheet.write_string(header_row, col, header, fmt.head)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, len(headers) - 1, 13)
    sheet.set_row(header_row, row_height([(h, 13) for h in headers]))

    n = len(rows)
    layer_range = _range(LAYER_COL, n)
    status_range = _range(STATUS_COL, n)
    effort_range = _range(EFFORT_COL, n)
    layer_names = list(dict.fromkeys(r.layer_name for r in rows))
    first = header_row + 1
    for i, name in enumerate(layer_names):
        r = first + i
        sheet.write_string(r, 0, neutralise(name), fmt.wrap)
        name_cell = xl_rowcol_to_cell(r, 0, col_abs=True)
        in_layer = [row for row in rows if row.layer_name == name]
        # SUMPRODUCT compares exactly; COUNTIF would read * and ? in a layer name as wildcards.
        sheet.write_formula(r, 1, f"=SUMPRODUCT(--({layer_range}={name_cell}))", None, len(in_layer))
        minutes = sum(row.effort_minutes for row in in_layer)
        sheet.write_formula(r, 2, f"=SUMPRODUCT(({layer_range}={name_cell})*{effort_range})", None, minutes)
        for j in range(len(STATUSES)):
            col = 3 + j
            status_cell = xl_rowcol_to_cell(header_row, col, row_abs=True)
            cached = len(in_layer) if j == 0 else 0  # every row starts as "not started"
            sheet.write_formula(
                r, col, f"=SUMPRODUCT(({layer_range}={name_cell})*({status_range}={status_cell}))", None, cached
            )
    total_row = first + len(layer_names)
    sheet.write_string(total_row, 0, "Total", fmt.bold)
    totals: dict[int, Any] = {1: n, 2: sum(r.effort_minutes for r in rows), 3: n}
    for col in range(1, len(headers)):
        letter = xl_col_to_name(col)
        sheet.write_formula(
            total_row, col, f"=SUM({letter}{first + 1}:{letter}{total_row})", fmt.bold, totals.get(col, 0)
        )
    _print_setup(sheet, checklist, landscape=True)


def _crosswalk_sheet(
    book: xlsxwriter.Workbook,
    checklist: Checklist,
    rows: Sequence[ExportRow],
    columns: Sequence[FrameworkColumn],
    fmt: _Formats,
) -> None:
    sheet = book.add_worksheet(CROSSWALK_SHEET)
    widths = [w for _, w in CROSSWALK_COLUMNS]
    for col, (header, width) in enumerate(CROSSWALK_COLUMNS):
        sheet.write_string(0, col, header, fmt.head)
        sheet.set_column(col, col, width, fmt.wrap)
    entries = crosswalk(columns, [(row.id, row.references) for row in rows])
    for r, entry in enumerate(entries, start=1):
        texts = (entry.column.short_name, entry.item_id, entry.column.title(entry.item_id), "; ".join(entry.controls))
        for col, text in enumerate(texts):
            if text:
                sheet.write_string(r, col, neutralise(text), fmt.wrap)
        sheet.set_row(r, row_height([(t, widths[c]) for c, t in enumerate(texts)]))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(1, len(entries)), len(CROSSWALK_COLUMNS) - 1)
    _print_setup(sheet, checklist, landscape=False)


def _range(col: int, n: int) -> str:
    letter = xl_col_to_name(col)
    return f"{CHECKLIST_SHEET}!${letter}$2:${letter}${n + 1}"


def render(checklist: Checklist, frameworks: Sequence[Framework] = ()) -> bytes:
    """The workbook's bytes."""
    return build(checklist, frameworks).data


def check(result: XlsxResult, expected_ids: tuple[str, ...]) -> None:
    """Raise :class:`DownloadError` when the workbook is empty or has a row count other than expected.

    The build does not parse XLSX (that needs openpyxl, a test-only dependency); it trusts the
    rows it wrote, which come from the same export rows the other formats check by ID.
    """
    check_not_empty("XLSX export", result.data)
    if result.rows != len(expected_ids):
        raise DownloadError(f"XLSX export has {result.rows} control rows, expected {len(expected_ids)}")
