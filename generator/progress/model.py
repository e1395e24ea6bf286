"""The progress file as typed objects, its JSON form, and the problems reading one can report."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from generator.locate import SCHEMA_DIR

FORMAT = "ambit-progress"
FORMAT_VERSION = 1
SCHEMA_NAME = "progress.schema.json"
SCHEMA_PATH = SCHEMA_DIR / SCHEMA_NAME  # found inside the wheel too (generator/locate.py)

STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "not-started": "not started",
        "in-progress": "in progress",
        "implemented": "implemented",
        "partially-implemented": "partially implemented",
        "not-applicable": "not applicable",
        "risk-accepted": "risk accepted",
    }
)
"""Status id (in the file) -> the label the XLSX drop-down shows."""
DEFAULT_STATUS = "not-started"


@dataclass(frozen=True)
class ItemProgress:
    """The answers for one control: status, owner, due date, notes, and per-component statuses."""

    status: str = DEFAULT_STATUS
    owner: str = ""
    due: str = ""
    notes: str = ""
    components: Mapping[str, str] = field(default_factory=dict)

    @property
    def answered(self) -> bool:
        """True when anything differs from a fresh, untouched row."""
        return bool(self.status != DEFAULT_STATUS or self.owner or self.due or self.notes or self.components)


@dataclass(frozen=True)
class Progress:
    """A whole progress file."""

    checklist: str
    catalogue_version: str
    items: Mapping[str, ItemProgress]
    saved: str = ""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in an input file: where (``line:col`` or ``Sheet!A1``), a code, a message, a hint."""

    path: str
    where: str
    code: str
    message: str
    hint: str = ""

    def format_text(self) -> str:
        """``path:where: error[code]: message`` plus an indented hint line."""
        text = f"{self.path}:{self.where}: error[{self.code}]: {self.message}"
        return text + (f"\n    hint: {self.hint}" if self.hint else "")


def _where_key(problem: Problem) -> tuple[object, ...]:
    # "12:5" by line then column; "Checklist!H10" by sheet, then row, then column.
    cell = re.fullmatch(r"(.*)!([A-Z]+)(\d+)", problem.where)
    if cell:
        place: tuple[object, ...] = (cell.group(1), int(cell.group(3)), len(cell.group(2)), cell.group(2))
    else:
        place = tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", problem.where))
    return (problem.path, str(place[0]) if place else "", place, problem.code, problem.message)


class ProgressError(Exception):
    """Reading or merging failed; carries every problem found, sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=_where_key)
        super().__init__(f"{len(self.problems)} problem(s)")

    def render(self) -> str:
        """Every problem as text, one (plus hint) per line."""
        return "\n".join(p.format_text() for p in self.problems)


def to_json(progress: Progress) -> dict[str, Any]:
    """The JSON object the schema describes; items in ID order, empty fields left out."""
    items: dict[str, Any] = {}
    for control_id in sorted(progress.items):
        item = progress.items[control_id]
        record: dict[str, Any] = {"status": item.status}
        for name in ("owner", "due", "notes"):
            if getattr(item, name):
                record[name] = getattr(item, name)
        if item.components:
            record["components"] = dict(sorted(item.components.items()))
        items[control_id] = record
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "checklist": progress.checklist,
        "catalogue_version": progress.catalogue_version,
    }
    if progress.saved:
        document["saved"] = progress.saved
    document["items"] = items
    return document


def dumps(progress: Progress) -> bytes:
    """The file's bytes: UTF-8 JSON, indented, ending with a newline (same answers, same bytes)."""
    return (json.dumps(to_json(progress), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def version_key(version: str) -> tuple[int, ...]:
    """``0.10.2`` as ``(0, 10, 2)``, so versions compare as numbers; anything else sorts first."""
    parts = version.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) and parts else (-1,)
