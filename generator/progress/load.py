"""Reading a progress file: size, encoding, JSON syntax, duplicate keys, then the JSON Schema.

Every problem is reported with the file's line and column (JSON syntax errors where the parser
stopped; schema errors at the key or value they concern), all in one run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.progress.model import SCHEMA_PATH, ItemProgress, Problem, Progress, ProgressError

MAX_BYTES = 5_000_000
"""Larger files are refused: 2,000 items of 5,000-character notes fit well within this."""


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The progress file's JSON Schema (``content/schema/progress.schema.json``)."""
    from generator.schemas import anchored  # its patterns end at the very end: no trailing line break

    loaded: dict[str, Any] = anchored(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    return loaded


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def locate(text: str, path: Sequence[str | int]) -> str:
    """``line:col`` of the JSON value at ``path``, found by following its keys through the text.

    Keys are searched in order, each after the previous one, which finds the right place in any
    file without duplicate keys (those are refused before). List indexes are skipped.
    """
    offset = 0
    for part in path:
        if isinstance(part, int):
            continue
        found = text.find(json.dumps(part, ensure_ascii=False), offset)
        if found < 0:
            found = text.find(json.dumps(part), offset)
        if found < 0:
            break
        offset = found
    return _position(text, offset)


MAX_DEPTH = 16
"""Deepest nesting read: a progress file needs four levels. Checked before parsing, since Python's
JSON parser recurses once per level and gives up (RecursionError) near a thousand."""
MAX_DIGITS = 30
"""Longest number read: Python refuses integers of over 4,300 digits, and no field is a number."""
_SURROGATE = re.compile("[\ud800-\udfff]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _too_deep(text: str) -> int | None:
    """The offset of the first bracket nested deeper than :data:`MAX_DEPTH`, outside strings; or None."""
    depth = 0
    in_string = escaped = False
    for offset, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return offset
        elif ch in "]}":
            depth -= 1
    return None


class _LongNumber(ValueError):
    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _LongNumber(digits)
    return int(digits)


def _too_deep_problem(text: str, path: str) -> list[Problem]:
    """Nesting the JSON parser cannot recurse into, found before it tries."""
    deep = _too_deep(text)
    if deep is None:
        return []
    message = f"values are nested more than {MAX_DEPTH} levels deep"
    return [Problem(path, _position(text, deep), "too-deep", message, "is this a progress file Ambit wrote?")]


def _surrogates(data: Any, text: str, path: str, where: list[str | int]) -> list[Problem]:
    """Lone surrogates (``"\\ud800"``): valid JSON escapes that no UTF-8 file can hold."""
    if isinstance(data, dict):
        found = []
        for key, value in data.items():
            if isinstance(key, str) and _SURROGATE.search(key):
                found.append(_surrogate_problem(text, path, [*where, key]))
            found += _surrogates(value, text, path, [*where, key])
        return found
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _surrogates(v, text, path, [*where, i])]
    if isinstance(data, str) and _SURROGATE.search(data):
        return [_surrogate_problem(text, path, where)]
    return []


def _surrogate_problem(text: str, path: str, where: list[str | int]) -> Problem:
    field = "/".join(str(p) for p in where) or "(top)"
    return Problem(
        path,
        locate(text, [p for p in where if isinstance(p, str) and not _SURROGATE.search(p)]),
        "encoding",
        f"{field}: holds half of a UTF-16 pair (\\ud800-\\udfff), which is not a character",
        "remove the broken character from the text",
    )


def parse(text: str, path: str) -> Progress:
    """A progress file's text as :class:`Progress`; :class:`ProgressError` lists every problem."""
    deep = _too_deep_problem(text, path)
    if deep:
        raise ProgressError(deep)
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_bounded_int)
    except _LongNumber as exc:
        message = f"a number has {len(exc.digits.lstrip('-')):,} digits; the limit is {MAX_DIGITS}"
        where = _position(text, max(text.find(exc.digits), 0))
        raise ProgressError([Problem(path, where, "number-too-large", message, "no field is a number")]) from None
    except _DuplicateKey as exc:
        where = locate(text, [exc.key])
        raise ProgressError(
            [Problem(path, where, "duplicate-key", f"key '{exc.key}' appears twice", "keep one of them")]
        ) from None
    except json.JSONDecodeError as exc:
        raise ProgressError(
            [Problem(path, f"{exc.lineno}:{exc.colno}", "json-syntax", exc.msg, "is this a progress file Ambit wrote?")]
        ) from None
    from jsonschema import Draft202012Validator

    problems = _surrogates(data, text, path, [])
    problems += _impossible_dates(data, text, path)
    for error in Draft202012Validator(schema()).iter_errors(data):
        pointer = [str(p) if not isinstance(p, int) else p for p in error.absolute_path]
        field = "/".join(str(p) for p in pointer) or "(top)"
        if "propertyNames" in error.schema_path and isinstance(error.instance, str):
            pointer.append(error.instance)  # a bad key: point at the key itself
        where = locate(text, pointer)
        problems.append(Problem(path, where, "progress-schema", f"{field}: {error.message}", _hint(error.validator)))
    if problems:
        raise ProgressError(problems)
    return from_json(data)


def _impossible_dates(data: Any, text: str, path: str) -> list[Problem]:
    """Due dates in the form YYYY-MM-DD that name no day (``2027-02-30``), which the pattern lets
    through and the site's Import refuses: both readers refuse them."""
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, dict):
        return []
    found = []
    for control_id, item in items.items():
        due = item.get("due") if isinstance(item, dict) else None
        if not isinstance(due, str) or not _DATE.fullmatch(due):
            continue  # empty, or not in the form: the schema reports that
        try:
            date.fromisoformat(due)
        except ValueError:
            where = locate(text, ["items", control_id, "due", due])
            message = f"items/{control_id}/due: {due!r} is not a date"
            found.append(Problem(path, where, "bad-date", message, "write a real day as YYYY-MM-DD"))
    return found


def _hint(validator: object) -> str:
    return {
        "enum": "statuses are: not-started, in-progress, implemented, partially-implemented, not-applicable, "
        "risk-accepted",
        "pattern": "see content/schema/progress.schema.json for the expected form",
        "additionalProperties": "remove the field; the format is content/schema/progress.schema.json",
        "required": "add the field; files written by the site or `ambit progress` have it",
        "const": "this is not an Ambit progress file of format version 1",
    }.get(str(validator), "see content/schema/progress.schema.json")


def from_json(data: dict[str, Any]) -> Progress:
    """Build :class:`Progress` from an object already valid against the schema."""
    items = {
        control_id: ItemProgress(
            status=record.get("status", "not-started"),
            owner=record.get("owner", ""),
            due=record.get("due", ""),
            notes=record.get("notes", ""),
            components=dict(record.get("components", {})),
        )
        for control_id, record in data["items"].items()
    }
    return Progress(
        checklist=data["checklist"],
        catalogue_version=data["catalogue_version"],
        items=items,
        saved=data.get("saved", ""),
    )


def load(file: Path) -> Progress:
    """Read and validate a progress file; :class:`ProgressError` on any problem (all of them)."""
    name = str(file)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ProgressError([Problem(name, "1:1", "unreadable", exc.strerror or str(exc), "check the path")]) from None
    if len(raw) > MAX_BYTES:
        raise ProgressError(
            [
                Problem(
                    name, "1:1", "too-large", f"file is {len(raw)} bytes, over {MAX_BYTES}", "is this the right file?"
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = _position(raw[: exc.start].decode("utf-8", "replace"), exc.start)
        raise ProgressError([Problem(name, where, "encoding", "file is not UTF-8", "save it as UTF-8")]) from None
    return parse(text.removeprefix("\ufeff"), name)
