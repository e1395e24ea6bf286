"""Reading a workbook Ambit wrote, after someone filled it in offline, into a progress file.

Only what the user can answer is read: from the ``Checklist`` sheet the ID, Status, Owner, Due
date and Notes columns (found by their headings, so moved columns still work), and for a system
map's checklist the ``By component`` sheet's ID, Component and Status. The workbook says which
checklist and catalogue version it was written for (its keywords property).

Hostile cells stay text: the workbook is read with formulas as their source text (never
evaluated, no cached results, no external links), so ``=HYPERLINK(...)`` in a note is kept as
those characters, and markup in a note is just characters in a JSON string. The file is checked
as a ZIP archive first (size, entry count, uncompressed size), and openpyxl parses its XML with
defusedxml, so an archive or XML bomb is refused rather than expanded.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Set
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from generator.progress.model import DEFAULT_STATUS, STATUS_LABELS, ItemProgress, Problem, Progress, ProgressError

MAX_FILE_BYTES = 20_000_000
MAX_UNCOMPRESSED_BYTES = 200_000_000
MAX_ENTRIES = 2_000
MAX_ROWS = 10_000
MAX_CELLS = 500_000
"""Cells (and shared strings) in one part: fifty times a 2,000-control checklist of 5 columns."""
MAX_ROW_CELLS = 16_384
"""Cells in one row: Excel's column limit (LibreOffice may write empty styled cells up to it)."""
_COUNTED_PART = re.compile(r"xl/(worksheets/[^/]+\.xml|sharedStrings\.xml)")
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


def cell_text(value: Any) -> str:
    """A cell's value as the text a person typed: formulas as their source, numbers as written."""
    if value is None:
        return ""
    text = getattr(value, "text", None)  # openpyxl's ArrayFormula and DataTableFormula
    if isinstance(text, str):
        return text.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
    Here each part is read as a stream of XML events and the count stops at the first cell over
    the limit, so such a file is refused in about a second in bounded memory. A damaged part (cut
    short, a wrong checksum) is reported here too, where it is found, not midway through reading.
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
                    "the workbook does not say which Ambit checklist it holds",
                    "use a checklist's XLSX download (site/downloads/<id>.xlsx, or `ambit checklist --format xlsx`)",
                )
            ]
        )
    return WorkbookIdentity(match.group("checklist"), match.group("version"))


def _headings(reader: _Reader, sheet: str, header: tuple[Any, ...], required: Iterable[str]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, value in enumerate(header, start=1):
        columns.setdefault(cell_text(value), index)
    missing = [name for name in required if name not in columns]
    if missing:
        reader.error(
            sheet,
            1,
            1,
            "missing-column",
            f"no column headed {', '.join(repr(m) for m in missing)}",
            "keep the header row as Ambit wrote it; columns may move but not be renamed",
        )
        return None
    return columns


def _status(reader: _Reader, sheet: str, row: int, col: int, value: Any) -> str | None:
    text = cell_text(value)
    if not text:
        return DEFAULT_STATUS
    status = _STATUS_BY_TEXT.get(" ".join(text.lower().split()))
    if status is None:
        reader.error(sheet, row, col, "unknown-status", f"unknown status {text[:80]!r}", _STATUS_HINT)
    return status


def _due(reader: _Reader, row: int, col: int, value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = cell_text(value)
    if not text:
        return ""
    if _DATE.match(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    reader.error(
        CHECKLIST_SHEET,
        row,
        col,
        "bad-date",
        f"due date {text[:40]!r} is not a date",
        "write it as YYYY-MM-DD, e.g. 2027-03-31",
    )
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
            f"{control_id[:40]!r} is not a control ID",
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
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, tuple(values)


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
        items = _read_checklist(reader, book, known, who.checklist)
        if COMPONENT_SHEET in book.sheetnames:
            _read_components(reader, book[COMPONENT_SHEET], known, who.checklist, items)
    finally:
        book.close()
    if reader.problems:
        raise ProgressError(reader.problems)
    answered = {cid: item for cid, item in items.items() if item.answered}
    return Progress(checklist=who.checklist, catalogue_version=who.catalogue_version, items=answered)


def _read_checklist(reader: _Reader, book: Any, known: Set[str], checklist: str) -> dict[str, ItemProgress]:
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
    first = next(rows, None)
    columns = _headings(reader, CHECKLIST_SHEET, first[1] if first else (), REQUIRED)
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

        def at(heading: str, values: tuple[Any, ...] = values) -> Any:
            index = columns[heading]
            return values[index - 1] if index <= len(values) else None

        if not any(cell_text(v) for v in values):
            continue
        control_id = _control(reader, CHECKLIST_SHEET, number, columns["ID"], at("ID"), known, checklist)
        status = _status(reader, CHECKLIST_SHEET, number, columns["Status"], at("Status"))
        owner = _limited(reader, CHECKLIST_SHEET, number, columns["Owner"], at("Owner"), "owner", MAX_OWNER)
        due = _due(reader, number, columns["Due date"], at("Due date"))
        notes = _limited(reader, CHECKLIST_SHEET, number, columns["Notes"], at("Notes"), "notes", MAX_NOTES)
        if control_id is None or status is None:
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
    first = next(rows, None)
    columns = _headings(reader, COMPONENT_SHEET, first[1] if first else (), COMPONENT_REQUIRED)
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
        if not any(cell_text(v) for v in values):
            continue
        get = {h: (values[i - 1] if i <= len(values) else None) for h, i in columns.items()}
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
