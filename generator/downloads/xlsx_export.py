"""XLSX export: a working checklist for a spreadsheet, with a status drop-down and a summary.

Sheet ``Checklist``: one row per control (download order: layer, then priority) with a frozen
header, an autofilter, a status drop-down, and empty owner, due date, evidence and notes columns.
Sheet ``Summary``: per layer, the number of controls and of each status, as formulas over the
checklist sheet (with cached values, so viewers that do not calculate still show the counts).

Safety: every text cell is written with ``write_string`` (xlsxwriter's ``write`` would turn text
starting with ``=`` into a formula) and passed through :func:`~generator.downloads.cells.neutralise`.
Formulas never contain contributor text: they refer to cells holding it.

Determinism: the workbook's creation date is the catalogue date, so two builds give the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from generator.downloads.cells import neutralise
from generator.downloads.guards import DownloadError, check_not_empty
from generator.downloads.rows import export_rows
from generator.select import Checklist

STATUSES = (
    "not started",
    "in progress",
    "implemented",
    "partially implemented",
    "not applicable",
    "risk accepted",
)
"""The values of the status drop-down; new rows start as ``not started``."""

CHECKLIST_SHEET = "Checklist"
SUMMARY_SHEET = "Summary"

# (header, width) in column order. The layer and status columns feed the summary's formulas.
COLUMNS = (
    ("ID", 10),
    ("Title", 40),
    ("Layer", 16),
    ("Priority", 12),
    ("How to verify", 60),
    ("Evidence to keep", 45),
    ("Sector note", 40),
    ("Applies to", 24),
    ("Status", 20),
    ("Owner", 18),
    ("Due date", 12),
    ("Evidence collected", 30),
    ("Notes", 30),
)
LAYER_COL = 2
STATUS_COL = 8
DUE_COL = 10


@dataclass(frozen=True)
class XlsxResult:
    """The workbook's bytes and how many control rows it holds (checked by the build guard)."""

    data: bytes
    rows: int


def build(checklist: Checklist) -> XlsxResult:
    """Write the workbook in memory."""
    rows = export_rows(checklist)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    info = checklist.info
    book.set_properties(
        {
            "title": checklist.title,
            "subject": f"{info.name} catalogue {info.version}",
            "author": info.name,
            "comments": f"{info.name} catalogue {info.version} ({info.date})",
            "created": datetime.combine(date.fromisoformat(info.date), datetime.min.time()),
        }
    )
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDE3EA", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    link = book.add_format({"font_color": "#1F4E99", "underline": 1, "valign": "top"})
    due = book.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})

    sheet = book.add_worksheet(CHECKLIST_SHEET)
    for col, (header, width) in enumerate(COLUMNS):
        sheet.write_string(0, col, header, head)
        sheet.set_column(col, col, width, due if col == DUE_COL else wrap)
    for r, row in enumerate(rows, start=1):
        if row.url:
            sheet.write_url(r, 0, row.url, link, string=row.id)
        else:
            sheet.write_string(r, 0, row.id, wrap)
        texts = (
            row.title,
            row.layer_name,
            row.priority,
            row.how_to_verify,
            row.evidence,
            row.sector_note,
            "; ".join(row.applies_to),
            STATUSES[0],
        )
        for col, text in enumerate(texts, start=1):
            sheet.write_string(r, col, neutralise(text.strip()), wrap)
    last = len(rows)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, last, len(COLUMNS) - 1)
    sheet.data_validation(
        1,
        STATUS_COL,
        last,
        STATUS_COL,
        {
            "validate": "list",
            "source": list(STATUSES),
            "input_title": "Status",
            "input_message": "Pick a status from the list.",
            "error_title": "Unknown status",
            "error_message": "Choose one of: " + ", ".join(STATUSES) + ".",
        },
    )
    sheet.data_validation(
        1,
        DUE_COL,
        last,
        DUE_COL,
        {
            "validate": "date",
            "criteria": ">",
            "value": datetime(2000, 1, 1),
            "error_message": "Enter a date, e.g. 2027-03-31.",
        },
    )
    _print_setup(sheet, checklist)
    sheet.repeat_rows(0)
    sheet.activate()

    _summary(book, checklist, [(r.layer_name, r.priority) for r in rows], head, wrap)
    book.close()
    return XlsxResult(buffer.getvalue(), last)


def _print_setup(sheet: xlsxwriter.worksheet.Worksheet, checklist: Checklist) -> None:
    info = checklist.info
    sheet.set_landscape()
    sheet.set_paper(9)  # A4; Excel rescales to the printer's paper when it differs
    sheet.fit_to_pages(1, 0)
    # "&" starts a control code in Excel headers (&P is the page number); double it in our text.
    title = checklist.title.replace("&", "&&")
    sheet.set_header(f"&L{title}&R{info.name.replace('&', '&&')} {info.version} ({info.date})")
    sheet.set_footer("&CPage &P of &N")


def _summary(
    book: xlsxwriter.Workbook,
    checklist: Checklist,
    layers_of_rows: list[tuple[str, str]],
    head: xlsxwriter.format.Format,
    wrap: xlsxwriter.format.Format,
) -> None:
    info = checklist.info
    sheet = book.add_worksheet(SUMMARY_SHEET)
    bold = book.add_format({"bold": True})
    sheet.write_string(0, 0, neutralise(checklist.title.strip()), book.add_format({"bold": True, "font_size": 14}))
    sheet.write_string(1, 0, f"{info.name} catalogue {info.version} ({info.date})")
    header_row = 3
    headers = ("Layer", "Controls", *STATUSES)
    for col, header in enumerate(headers):
        sheet.write_string(header_row, col, header, head)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, len(headers) - 1, 14)

    n = len(layers_of_rows)
    layer_range = _range(LAYER_COL, n)
    status_range = _range(STATUS_COL, n)
    layer_names = list(dict.fromkeys(name for name, _ in layers_of_rows))
    first = header_row + 1
    for i, name in enumerate(layer_names):
        r = first + i
        sheet.write_string(r, 0, neutralise(name), wrap)
        name_cell = xl_rowcol_to_cell(r, 0, col_abs=True)
        count = sum(1 for layer, _ in layers_of_rows if layer == name)
        # SUMPRODUCT compares exactly; COUNTIF would read * and ? in a layer name as wildcards.
        sheet.write_formula(r, 1, f"=SUMPRODUCT(--({layer_range}={name_cell}))", None, count)
        for j in range(len(STATUSES)):
            col = 2 + j
            status_cell = xl_rowcol_to_cell(header_row, col, row_abs=True)
            cached = count if j == 0 else 0  # every row starts as "not started"
            sheet.write_formula(
                r, col, f"=SUMPRODUCT(({layer_range}={name_cell})*({status_range}={status_cell}))", None, cached
            )
    total_row = first + len(layer_names)
    sheet.write_string(total_row, 0, "Total", bold)
    for col in range(1, len(headers)):
        letter = xl_col_to_name(col)
        cached = n if col in (1, 2) else 0
        sheet.write_formula(total_row, col, f"=SUM({letter}{first + 1}:{letter}{total_row})", bold, cached)


def _range(col: int, n: int) -> str:
    letter = xl_col_to_name(col)
    return f"{CHECKLIST_SHEET}!${letter}$2:${letter}${n + 1}"


def render(checklist: Checklist) -> bytes:
    """The workbook's bytes."""
    return build(checklist).data


def check(result: XlsxResult, expected_ids: tuple[str, ...]) -> None:
    """Raise :class:`DownloadError` when the workbook is empty or has a row count other than expected.

    The build does not parse XLSX (that needs openpyxl, a test-only dependency); it trusts the
    rows it wrote, which come from the same export rows the other formats check by ID.
    """
    check_not_empty("XLSX export", result.data)
    if result.rows != len(expected_ids):
        raise DownloadError(f"XLSX export has {result.rows} control rows, expected {len(expected_ids)}")
