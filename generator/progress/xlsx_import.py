"""Reading a workbook Ambit wrote, after someone filled it in offline, into a progress file.

Only what the user can answer is read: from the ``Checklist`` sheet the ID, Status, Owner, Due
date and Notes columns (found by their headings, so moved columns still work), and for a system
map's checklist the ``By component`` sheet's ID, Component and Status. The workbook says which
checklist and catalogue version it was written for (its keywords property).

Hostile cells stay text, and formulas are refused: a cell that holds a formula (``=HYPERLINK(...)``
in a note, ``=TODAY()+30`` as a due date) is reported at its place, never evaluated, never taken
as its cached result and never carried into the progress file, as the site's Import refuses it
(the security review's F-15: the two readers disagreed). Text typed to start with ``=`` (Excel
and LibreOffice store ``'=x`` as the text ``=x``) is just text, and markup in a note is just
characters in a JSON string. A workbook is only read when its keywords name its checklist and
catalogue version (``ambit-checklist:<id> ambit-catalogue:<version>``, which Excel and LibreOffice
keep when they save it again); a matching title is no identity, since it carries no version and
any workbook can have it. The file is checked
as a ZIP archive first (size, entry count, uncompressed size), and openpyxl parses its XML with
defusedxml, so an archive or XML bomb is refused rather than expanded.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Set
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from generator.downloads.cells import restore
from generator.progress.model import DEFAULT_STATUS, STATUS_LABELS, ItemProgress, Problem, Progress, ProgressError

MAX_FILE_BYTES = 10 * 1024 * 1024
"""The site's Import reads files up to this size too (progress.js MAX_FILE)."""
MAX_UNCOMPRESSED_BYTES = 200_000_000
MAX_ENTRIES = 2_000
MAX_ROWS = 10_000
MAX_CELLS = 500_000
"""Cells (and shared strings) in one part: fifty times a 2,000-control checklist of 5 columns."""
MAX_ROW_CELLS = 16_384
"""Cells in one row: Excel's column limit (LibreOffice may write empty styled cells up to it)."""
_COUNTED_PART = re.compile(r"xl/(worksheets/[^/]+\.xml|sharedStrings\.xml)")
# A row, cell or shared-string start tag in any namespace prefix: the site's xlsx.js counts the same.
_COUNTED_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|si)[\s>/]")
MAX_OWNER, MAX_NOTES = 200, 5000
"""Field limits of ``progress.schema.json``."""

CHECKLIST_SHEET = "Checklist"
COMPONENT_SHEET = "By component"
REQUIRED = ("ID", "Status", "Owner", "Due date", "Notes")
COMPONENT_REQUIRED = ("ID", "Component", "Status")

# Ambit writes "ambit-checklist:<id> ambit-catalogue:<version>"; LibreOffice saves keywords back as
# a list, "ambit-checklist healthcare ambit-catalogue 0.1.0", so ':', spaces, ',' and ';' all separate.
_KEYWORDS = re.compile(
    r"ambit-checklist[:\s,;]+(?P<checklist>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)"
    r"(?:[\s,;]+ambit-catalogue[:\s,;]+(?P<version>\d+\.\d+\.\d+))?"
)
_CONTROL_ID = re.compile(r"^(ING|HST|IAM|END|PPL)-(\d{3}|[1-9]\d{3})$")
_COMPONENT_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_SERIAL = 2_958_465
"""9999-12-31 as a spreadsheet date: a due date is a day from 1 (1900-01-01) to this."""
_FIRST_DAY = date(1900, 1, 1)
_STATUS_BY_TEXT = {label: sid for sid, label in STATUS_LABELS.items()} | {sid: sid for sid in STATUS_LABELS}
_STATUS_HINT = "choose one of: " + ", ".join(STATUS_LABELS.values())


@dataclass(frozen=True)
class WorkbookIdentity:
    """Which checklist, at which catalogue version, a workbook was written for."""

    checklist: str
    catalogue_version: str


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Reader:
    """Collects problems while reading, so one run reports them all."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, sheet: str, row: int, col: int, code: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, f"{sheet}!{_column_letter(col)}{row}", code, message, hint))


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula: refused wherever Ambit reads a value, never evaluated."""

    text: str


def cell_text(value: Any) -> str:
    """A cell's value as the text a person typed: numbers as written, without the ``'`` Ambit's
    exports put before text a spreadsheet would take for a formula (as the site's Import reads it)."""
    if value is None:
        return ""
    if isinstance(value, Formula):
        return value.text.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return restore(str(value)).strip()


def _check_archive(file: Path, path: str) -> None:
    def fail(code: str, message: str, hint: str) -> ProgressError:
        return ProgressError([Problem(path, "1:1", code, message, hint)])

    try:
        size = file.stat().st_size
    except OSError as exc:
        raise fail("unreadable", exc.strerror or str(exc), "check the path") from None
    if size > MAX_FILE_BYTES:
        raise fail("too-large", f"file is {size} bytes, over {MAX_FILE_BYTES}", "is this the workbook Ambit wrote?")
    if not zipfile.is_zipfile(file):
        raise fail("not-xlsx", "file is not an XLSX workbook (not a ZIP archive)", "save it as .xlsx (Excel 2007+)")
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise fail("not-xlsx", f"damaged XLSX archive: {exc}", "save the workbook again as .xlsx") from None
    if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNCOMPRESSED_BYTES:
        raise fail("too-large", "workbook expands to more than Ambit reads", "is this the workbook Ambit wrote?")
    _scan_parts(file, path)


def _scan_parts(file: Path, path: str) -> None:
    """Count the cells of every sheet and the shared strings, streaming, before openpyxl reads them.

    openpyxl builds one object per cell, even in read-only mode, and a whole row at once: a 234 KB
    workbook holding one row of 45 million empty cells took minutes and all the memory there was.
    Here each part's tags are counted on its text first (as the site's Import counts them, so the
    two refuse the same workbooks), which stops at the first cell over the limit in a fraction of
    a second, then read as a stream of XML events in bounded memory. A damaged part (cut short, a
    wrong checksum, not well-formed) is reported here too, not midway through reading.
    """
    import defusedxml.ElementTree as SafeTree  # type: ignore[import-untyped]

    def fail(where: str, code: str, message: str, hint: str) -> ProgressError:
        return ProgressError([Problem(path, where, code, message, hint)])

    with zipfile.ZipFile(file) as archive:
        parts = [n for n in archive.namelist() if _COUNTED_PART.fullmatch(n)]
        for part in sorted(parts):
            cells = row_cells = rows = 0
            try:
                with archive.open(part) as stream:
                    over = _over_the_caps(stream)
                if over:
                    raise fail(
                        part,
                        "too-many-cells",
                        f"{over}, more than Ambit reads",
                        "is this the workbook Ambit wrote? Copy the answers into a fresh download",
                    )
                with archive.open(part) as stream:
                    for event, element in SafeTree.iterparse(stream, events=("start", "end")):
                        tag = element.tag.rsplit("}", 1)[-1]
                        if event == "start":
                            if tag in ("c", "si"):
                                cells += 1
                                row_cells += 1
                                if cells > MAX_CELLS or row_cells > MAX_ROW_CELLS:
                                    what = (
                                        f"row {rows} has more than {MAX_ROW_CELLS:,} cells"
                                        if row_cells > MAX_ROW_CELLS
                                        else f"more than {MAX_CELLS:,} cells"
                                    )
                                    raise fail(
                                        part,
                                        "too-many-cells",
                                        f"{what}, more than Ambit reads",
                                        "is this the workbook Ambit wrote? Copy the answers into a fresh download",
                                    )
                            elif tag == "row":
                                rows += 1
                                row_cells = 0
                        elif tag in ("row", "si"):
                            element.clear()  # keep memory flat: nothing of a counted row is needed
            except ProgressError:
                raise
            except Exception as exc:  # noqa: BLE001 - ParseError, BadZipFile (CRC), EOFError, defusedxml's refusals
                raise fail(
                    part, "not-xlsx", f"damaged workbook part: {type(exc).__name__}", "save the workbook again as .xlsx"
                ) from None


def _over_the_caps(stream: Any) -> str:
    """What in the part's text is over the cell caps ("" when nothing is), read in chunks."""
    cells = row_cells = rows = 0
    carry = b""
    while True:
        chunk = stream.read(1 << 20)
        text = carry + chunk
        # A tag cut at the chunk's end is counted with the next chunk: keep the text from the last "<".
        cut = text.rfind(b"<") if chunk else len(text)
        scan, carry = (text[:cut], text[cut:]) if cut >= 0 else (text, b"")
        for match in _COUNTED_TAG.finditer(scan):
            if match.group(1) == b"row":
                rows += 1
                row_cells = 0
                continue
            cells += 1
            row_cells += 1
            if row_cells > MAX_ROW_CELLS:
                return f"row {rows} has more than {MAX_ROW_CELLS:,} cells"
            if cells > MAX_CELLS:
                return f"more than {MAX_CELLS:,} cells"
        if not chunk:
            return ""


def identity(keywords: str | None, path: str) -> WorkbookIdentity:
    """The checklist and catalogue version in a workbook's keywords, or :class:`ProgressError`."""
    match = _KEYWORDS.search(keywords or "")
    if match is None or not match.group("version"):
        raise ProgressError(
            [
                Problem(
                    path,
                    "properties",
                    "not-ambit-workbook",
                    "the workbook does not say which Ambit checklist and catalogue version it holds "
                    "(a title is not enough)",
                    "its keywords (File > Properties) must read 'ambit-checklist:<id> ambit-catalogue:<version>', "
                    "as in the checklist's XLSX download: copy the answers into a fresh download "
                    "(site/downloads/<id>.xlsx or `ambit checklist --format xlsx`)",
                )
            ]
        )
    return WorkbookIdentity(match.group("checklist"), match.group("version"))


HEADER_ROWS = 10
"""The header row is the first of this many rows that has every heading read (as on the site)."""


def _header(
    reader: _Reader, sheet: str, rows: Iterator[tuple[int, tuple[Any, ...]]], required: Iterable[str]
) -> dict[str, int] | None:
    """The columns of the header row, found among the first rows of ``rows`` (consumed up to it).

    Headings match in any case and the first of two alike counts, as in the site's Import; a row
    of text above the header (a title someone added) is allowed.
    """
    wanted = list(required)
    best: list[str] = wanted
    for number, values in rows:
        columns: dict[str, int] = {}
        for index, value in enumerate(values, start=1):
            columns.setdefault(cell_text(value).lower(), index)
        missing = [name for name in wanted if name.lower() not in columns]
        if not missing:
            return {name: columns[name.lower()] for name in wanted}
        best = min(best, missing, key=len)
        if number >= HEADER_ROWS:
            break
    reader.error(
        sheet,
        1,
        1,
        "missing-column",
        f"no header row in the first {HEADER_ROWS} rows has the columns {', '.join(repr(m) for m in wanted)} "
        f"(missing: {', '.join(repr(m) for m in best)})",
        "keep the header row as Ambit wrote it; columns may move but not be renamed",
    )
    return None


def _typed(
    reader: _Reader, sheet: str, row: int, columns: dict[str, int], values: tuple[Any, ...]
) -> tuple[dict[str, Any], set[str]]:
    """The cells under ``columns`` in ``values`` (a formula's as ``None``, after an error at its place),
    and the headings of those that hold a formula."""
    cells: dict[str, Any] = {}
    formulas: set[str] = set()
    for heading, index in columns.items():
        value = values[index - 1] if index <= len(values) else None
        if isinstance(value, Formula):
            reader.error(
                sheet,
                row,
                index,
                "formula",
                f"the {heading} cell holds a formula; Ambit reads typed values only",
                "type the value itself (to keep text that starts with '=', type ' before it)",
            )
            formulas.add(heading)
            value = None
        cells[heading] = value
    return cells, formulas


def _status(reader: _Reader, sheet: str, row: int, col: int, value: Any) -> str | None:
    text = cell_text(value)
    if not text:
        return DEFAULT_STATUS
    status = _STATUS_BY_TEXT.get(" ".join(text.lower().split()))
    if status is None:
        reader.error(sheet, row, col, "unknown-status", f"unknown status {text[:80]!r}", _STATUS_HINT)
    return status


def _due(reader: _Reader, row: int, col: int, value: Any, epoch: datetime) -> str:
    # A date cell is a day count (openpyxl gives a datetime when the cell has a date format); the
    # site's Import reads a number anywhere in 1..MAX_SERIAL as that day, and so does this.
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value <= MAX_SERIAL:
        from openpyxl.utils.datetime import from_excel

        value = from_excel(value, epoch)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if value >= _FIRST_DAY:
            return value.isoformat()
        problem = f"due date {value.isoformat()} is before 1900-01-01, so not a date a spreadsheet holds"
    else:
        text = cell_text(value)
        if not text:
            return ""
        if _DATE.match(text):
            try:
                return date.fromisoformat(text).isoformat()
            except ValueError:
                pass
        problem = f"due date {text[:40]!r} is not a date"
    reader.error(CHECKLIST_SHEET, row, col, "bad-date", problem, "write it as YYYY-MM-DD, e.g. 2027-03-31")
    return ""


def _limited(reader: _Reader, sheet: str, row: int, col: int, value: Any, name: str, limit: int) -> str:
    text = cell_text(value)
    if len(text) > limit:
        reader.error(
            sheet, row, col, "too-long", f"{name} has {len(text)} characters, over {limit}", f"shorten the {name}"
        )
        return text[:limit]
    return text


def _control(
    reader: _Reader, sheet: str, row: int, col: int, value: Any, known: Set[str], checklist: str
) -> str | None:
    control_id = cell_text(value).lstrip("'")
    if not _CONTROL_ID.match(control_id):
        reader.error(
            sheet,
            row,
            col,
            "bad-id",
            f"{control_id[:40]!r} is not a control ID" if control_id else "the row has answers but no control ID",
            "keep the ID column as Ambit wrote it",
        )
        return None
    if control_id not in known:
        reader.error(
            sheet,
            row,
            col,
            "unknown-control",
            f"{control_id} is not in checklist '{checklist}'",
            "remove the row; only the checklist's own controls can be answered",
        )
        return None
    return control_id


def _rows(sheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Each row's values, a formula cell as :class:`Formula` (openpyxl gives its source as text)."""
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        yield number, tuple(_value(cell) for cell in cells)


def _value(cell: Any) -> Any:
    value = cell.value
    if getattr(cell, "data_type", "") == "f":
        text = getattr(value, "text", value)  # openpyxl's ArrayFormula and DataTableFormula
        return Formula(text if isinstance(text, str) else "=")
    return value


def read_workbook(
    file: Path,
    known_ids: Callable[[WorkbookIdentity], Set[str]],
    *,
    expected_checklist: str = "",
    path: str | None = None,
) -> Progress:
    """The answers in a filled-in workbook, as :class:`Progress`.

    ``known_ids`` gives the control IDs the workbook's checklist holds, once the workbook has
    said which checklist it is; ``expected_checklist``, when given, must be that checklist.
    Raises :class:`ProgressError` with every problem found.
    """
    name = path or str(file)
    _check_archive(file, name)
    try:
        import openpyxl
    except ImportError:  # a runtime dependency (requirements/site.in); say so rather than crash
        raise ProgressError(
            [Problem(name, "1:1", "missing-dependency", "openpyxl is not installed", "pip install openpyxl defusedxml")]
        ) from None

    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=False, keep_links=False, keep_vba=False)
    except Exception as exc:  # noqa: BLE001 - any parser failure is a damaged or foreign file
        raise ProgressError(
            [
                Problem(
                    name, "1:1", "not-xlsx", f"cannot read the workbook: {type(exc).__name__}", "save it again as .xlsx"
                )
            ]
        ) from None
    try:
        who = identity(book.properties.keywords, name)
        if expected_checklist and who.checklist != expected_checklist:
            raise ProgressError(
                [
                    Problem(
                        name,
                        "properties",
                        "other-checklist",
                        f"this workbook is checklist '{who.checklist}', not '{expected_checklist}'",
                        f"use the '{expected_checklist}' workbook, or drop --checklist",
                    )
                ]
            )
        reader = _Reader(name)
        known = known_ids(who)
        with warnings.catch_warnings():
            # openpyxl warns on stderr about a date serial past 9999 (reported here as bad-date, at
            # its cell) and about sheet features it does not read; neither is the user's to read.
            warnings.simplefilter("ignore", UserWarning)
            items = _read_checklist(reader, book, known, who.checklist, book.epoch)
            if COMPONENT_SHEET in book.sheetnames:
                _read_components(reader, book[COMPONENT_SHEET], known, who.checklist, items)
    finally:
        book.close()
    if reader.problems:
        raise ProgressError(reader.problems)
    answered = {cid: item for cid, item in items.items() if item.answered}
    return Progress(checklist=who.checklist, catalogue_version=who.catalogue_version, items=answered)


def _read_checklist(
    reader: _Reader, book: Any, known: Set[str], checklist: str, epoch: datetime
) -> dict[str, ItemProgress]:
    if CHECKLIST_SHEET not in book.sheetnames:
        reader.problems.append(
            Problem(
                reader.path,
                f"{CHECKLIST_SHEET}!A1",
                "missing-sheet",
                "no sheet named 'Checklist'",
                "do not rename the sheets",
            )
        )
        return {}
    sheet = book[CHECKLIST_SHEET]
    rows = _rows(sheet)
    columns = _header(reader, CHECKLIST_SHEET, rows, REQUIRED)
    if columns is None:
        return {}
    items: dict[str, ItemProgress] = {}
    seen: dict[str, int] = {}
    for number, values in rows:
        if number > MAX_ROWS:
            reader.error(
                CHECKLIST_SHEET,
                number,
                1,
                "too-many-rows",
                f"more than {MAX_ROWS} rows",
                "is this the workbook Ambit wrote?",
            )
            break

        read = {heading: columns[heading] for heading in REQUIRED}
        # Only the columns read count: a row with text elsewhere alone is no answer (the site's
        # Import sees no other column), and a row with an answer but no ID is an error in both.
        if not any(cell_text(values[i - 1]) for i in read.values() if i <= len(values)):
            continue
        cells, formulas = _typed(reader, CHECKLIST_SHEET, number, read, values)
        control_id = (
            None
            if "ID" in formulas
            else _control(reader, CHECKLIST_SHEET, number, columns["ID"], cells["ID"], known, checklist)
        )
        status = _status(reader, CHECKLIST_SHEET, number, columns["Status"], cells["Status"])
        owner = _limited(reader, CHECKLIST_SHEET, number, columns["Owner"], cells["Owner"], "owner", MAX_OWNER)
        due = _due(reader, number, columns["Due date"], cells["Due date"], epoch)
        notes = _limited(reader, CHECKLIST_SHEET, number, columns["Notes"], cells["Notes"], "notes", MAX_NOTES)
        if control_id is None or status is None or formulas:
            continue
        if control_id in seen:
            reader.error(
                CHECKLIST_SHEET,
                number,
                columns["ID"],
                "duplicate-id",
                f"{control_id} is also on row {seen[control_id]}",
                "keep one row per control",
            )
            continue
        seen[control_id] = number
        items[control_id] = ItemProgress(status=status, owner=owner, due=due, notes=notes)
    return items


def _read_components(
    reader: _Reader, sheet: Any, known: Set[str], checklist: str, items: dict[str, ItemProgress]
) -> None:
    rows = _rows(sheet)
    columns = _header(reader, COMPONENT_SHEET, rows, COMPONENT_REQUIRED)
    if columns is None:
        return
    statuses: dict[str, dict[str, str]] = {}
    for number, values in rows:
        if number > MAX_ROWS:
            reader.error(
                COMPONENT_SHEET,
                number,
                1,
                "too-many-rows",
                f"more than {MAX_ROWS} rows",
                "is this the workbook Ambit wrote?",
            )
            break
        read = {heading: columns[heading] for heading in COMPONENT_REQUIRED}
        if not any(cell_text(values[i - 1]) for i in read.values() if i <= len(values)):
            continue
        get, formulas = _typed(reader, COMPONENT_SHEET, number, read, values)
        if formulas:
            continue
        control_id = _control(reader, COMPONENT_SHEET, number, columns["ID"], get["ID"], known, checklist)
        label = cell_text(get["Component"]).lstrip("'")
        component = label.split(" (", 1)[0].strip()
        if not _COMPONENT_ID.match(component):
            reader.error(
                COMPONENT_SHEET,
                number,
                columns["Component"],
                "bad-component",
                f"{label[:60]!r} does not start with a component id",
                "keep the Component column as Ambit wrote it",
            )
            continue
        status = _status(reader, COMPONENT_SHEET, number, columns["Status"], get["Status"])
        if control_id is None or status is None:
            continue
        per_control = statuses.setdefault(control_id, {})
        if component in per_control:
            reader.error(
                COMPONENT_SHEET,
                number,
                columns["Component"],
                "duplicate-component",
                f"{control_id} lists {component} twice",
                "keep one row per control and component",
            )
            continue
        per_control[component] = status
    for control_id, by_component in statuses.items():
        answered = {c: s for c, s in by_component.items() if s != DEFAULT_STATUS}
        if answered:
            base = items.get(control_id, ItemProgress())
            items[control_id] = ItemProgress(base.status, base.owner, base.due, base.notes, answered)
