"""JSON Schema validation of loaded YAML, with errors placed at the offending node.

The schemas in ``content/schema/`` are the contributor-facing contract: editors use them
through the ``# yaml-language-server`` line, and this module turns each violation into a
:class:`~generator.diagnostics.Diagnostic` that names the field and, where it can, the fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from generator.diagnostics import Diagnostic, did_you_mean
from generator.loader import YamlDocument
from generator.locate import SCHEMA_DIR as SCHEMA_DIR  # re-exported: the checkout's schemas, or the wheel's copy

_TYPE_HINTS = {
    "array": "write a list, such as [a, b] or one '- item' per line",
    "object": "write its fields on the indented lines below it",
    "string": "write text",
    "integer": "write a whole number such as 30",
    "boolean": "write true or false",
}

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "nothing",
}


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return "nothing"


def anchored(schema: Any) -> Any:
    """``schema`` with every ``pattern`` that ends in ``$`` ending in ``\\Z`` instead (a copy).

    JSON Schema patterns are searched with Python's ``re``, where ``$`` also matches before a final
    line break: ``"saas\\n"`` would pass ``^[a-z]+$``, and a catalogue version with a line break
    would reach every progress key. ``\\Z`` matches at the very end only, as ``$`` does in the
    browser's regular expressions (``checks.js``), so both readers accept the same values. The
    schema files keep ``$``, which editors and the browser read.
    """
    if isinstance(schema, dict):
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key == "pattern" and isinstance(value, str):
                out[key] = _end_anchor(value)
            elif key == "patternProperties" and isinstance(value, dict):
                out[key] = {_end_anchor(k): anchored(v) for k, v in value.items()}
            else:
                out[key] = anchored(value)
        return out
    if isinstance(schema, list):
        return [anchored(v) for v in schema]
    return schema


def _end_anchor(pattern: str) -> str:
    backslashes = len(pattern[:-1]) - len(pattern[:-1].rstrip("\\"))
    if pattern.endswith("$") and backslashes % 2 == 0:  # an unescaped $ at the end
        return pattern[:-1] + "\\Z"
    return pattern


MAX_TEXT = 10_000
"""Longest text a schema field may hold when its schema sets no ``maxLength``: five times the longest
description in the catalogue, and far below what a page, a CSV cell or an XLSX cell can carry."""
MAX_FORMATTED = 2_000
"""Longest value of a text with a pattern (ids, versions, dates, addresses): a version's numbers then
stay far below the 4,300 digits Python reads as one integer."""
MAX_ENTRIES = 5_000
"""Most entries a list may hold when its schema sets no ``maxItems`` (the largest registry has 1,213)."""


def capped(schema: Any) -> Any:
    """``schema`` with :data:`MAX_TEXT` and :data:`MAX_ENTRIES` on every text and list that sets no bound.

    Every check then runs on bounded input, and a field that would break the build (a CSV cell over
    Python's field limit, a page of megabytes) is refused by ``ambit validate`` with its position.
    """
    if isinstance(schema, list):
        return [capped(v) for v in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: capped(v) for k, v in schema.items()}
    declared = out.get("type")
    kinds: list[Any] = declared if isinstance(declared, list) else [declared]
    if "string" in kinds and "maxLength" not in out and "enum" not in out and "const" not in out:
        out["maxLength"] = MAX_FORMATTED if "pattern" in out else MAX_TEXT
    if "array" in kinds and "maxItems" not in out:
        out["maxItems"] = MAX_ENTRIES
    return out


def load_schema(schema_name: str, schema_dir: Path = SCHEMA_DIR) -> Any:
    """``content/schema/<schema_name>`` as Python checks it: patterns anchored, texts and lists bounded."""
    return capped(anchored(json.loads((schema_dir / schema_name).read_text(encoding="utf-8"))))


def _unique_key(value: Any) -> Any:
    """A hashable key equal for values JSON Schema calls equal (1 and 1.0; never true and 1)."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if isinstance(value, list):
        return ("list", tuple(_unique_key(v) for v in value))
    if isinstance(value, dict):
        return ("object", frozenset((k, _unique_key(v)) for k, v in value.items()))
    return (type(value).__name__, value)


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Any:
    """``uniqueItems`` in linear time: jsonschema's own compares every pair when a list mixes types."""
    if unique and isinstance(instance, list) and len({_unique_key(v) for v in instance}) < len(instance):
        yield ValidationError("has non-unique elements")


_Validator = validators.extend(Draft202012Validator, {"uniqueItems": _unique_items})  # type: ignore[no-untyped-call]


@cache
def validator_for(schema_name: str, schema_dir: Path = SCHEMA_DIR) -> Draft202012Validator:
    """The compiled validator for ``content/schema/<schema_name>``."""
    validator: Draft202012Validator = _Validator(load_schema(schema_name, schema_dir))
    return validator


@cache
def _fast_check(schema_name: str, schema_dir: Path = SCHEMA_DIR) -> Any:
    """A compiled validity check: ten times faster than jsonschema, but it stops at the first error."""
    schema = load_schema(schema_name, schema_dir)
    schema.pop("$schema", None)  # the keywords used are draft-07 compatible; compile them as such
    return fastjsonschema.compile(schema)


def validate_document(doc: YamlDocument, schema_name: str) -> list[Diagnostic]:
    """Every schema violation in ``doc``, each positioned at the node it concerns."""
    try:
        _fast_check(schema_name)(doc.data)
        return list(_impossible_dates(doc, doc.data, ()))  # valid: most files take this path
    except fastjsonschema.JsonSchemaException:
        pass  # invalid: let jsonschema find and explain every error
    diagnostics: list[Diagnostic] = list(_impossible_dates(doc, doc.data, ()))
    for error in validator_for(schema_name).iter_errors(doc.data):
        diagnostics.extend(_explain(doc, error))
    return _drop_missing_explained_by_typo(diagnostics)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _impossible_dates(doc: YamlDocument, value: Any, path: tuple[str | int, ...]) -> Iterator[Diagnostic]:
    """Dates that their pattern lets through but no calendar has (``2026-02-31``): the build would fail on them."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _impossible_dates(doc, child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _impossible_dates(doc, child, (*path, i))
    elif isinstance(value, str) and path and _DATE.fullmatch(value) and _is_date_field(path):
        try:
            date.fromisoformat(value)
        except ValueError:
            yield doc.error(
                path, "invalid-date", f"{_field_name(path)} {value} is not a date", "check the day and month"
            )


def _is_date_field(path: tuple[str | int, ...]) -> bool:
    name = next((p for p in reversed(path) if isinstance(p, str)), "")
    return "date" in name or name in ("retrieved", "due")


def _drop_missing_explained_by_typo(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """A misspelt field ('titel') also makes 'title' missing; report the typo once, with its fix."""
    suggested = {
        d.hint.split("'")[1] for d in diagnostics if d.code == "unknown-field" and d.hint.startswith("did you mean")
    }
    return [d for d in diagnostics if not (d.code == "missing-field" and d.message.split("'")[1] in suggested)]


def _explain(doc: YamlDocument, error: ValidationError) -> list[Diagnostic]:
    path = tuple(error.absolute_path)
    where = ".".join(str(p) for p in path) or "the file"
    field_name = _field_name(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = str(schema.get("x-hint", ""))
    kind = str(error.validator)
    rule: Any = error.validator_value
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = list(schema.get("properties", {}))
        extras = [k for k in error.instance if k not in known]
        return [
            doc.key_error(
                (*path, key),
                "unknown-field",
                f"unknown field '{key}'" + (f" in {where}" if path else ""),
                did_you_mean(key, known) or f"allowed fields: {', '.join(known)}",
            )
            for key in extras
        ]
    if kind == "required":
        missing = str(error.message).split("'")[1] if "'" in str(error.message) else str(error.message)
        return [
            doc.error(
                path,
                "missing-field",
                f"missing required field '{missing}'" + (f" in {where}" if path else ""),
                _field_description(schema, missing) or f"add '{missing}:' with a value",
            )
        ]
    if kind == "enum":
        allowed = [str(v) for v in rule]
        return [
            doc.error(
                path,
                "invalid-value",
                f"{_shown(error.instance)} is not allowed for {field_name}",
                did_you_mean(str(error.instance), allowed) or f"use one of: {', '.join(allowed)}",
            )
        ]
    if kind == "type":
        expected = [str(t) for t in (rule if isinstance(rule, list) else [rule])]
        names = [_TYPE_NAMES.get(t, t) for t in expected]
        if expected == ["string"] and isinstance(error.instance, (int, float)) and not isinstance(error.instance, bool):
            # IDs such as CIS safeguard 16.5 read as numbers unless quoted.
            hint = hint or f'put it in quotes: "{error.instance}"'
        hint = hint or _TYPE_HINTS.get(expected[0], f"write it as {names[0]}")
        return [
            doc.error(
                path, "wrong-type", f"{field_name} must be {' or '.join(names)}, not {_type_of(error.instance)}", hint
            )
        ]
    if kind == "pattern":
        return [
            doc.error(
                path,
                "invalid-format",
                f"{field_name} {_shown(error.instance)} is not in the expected form",
                hint or f"it must match {rule}",
            )
        ]
    if kind == "propertyNames":
        return [
            doc.key_error(
                (*path, str(error.instance)),
                "invalid-key",
                f"'{error.instance}' is not a valid key in {where}",
                hint or "keys are lower-case words joined by hyphens",
            )
        ]
    if kind in ("minItems", "minProperties"):
        return [
            doc.error(
                path,
                "too-few",
                f"{field_name} must have at least {rule} entr{'y' if rule == 1 else 'ies'}",
                hint or f"add at least {rule}",
            )
        ]
    if kind in ("maxItems", "maxProperties"):
        return [doc.error(path, "too-many", f"{field_name} has more than {rule} entries", hint or "remove some")]
    if kind == "minLength":
        return [
            doc.error(path, "too-short", f"{field_name} is too short (at least {rule} characters)", hint or "say more")
        ]
    if kind == "maxLength":
        return [
            doc.error(path, "too-long", f"{field_name} is too long (at most {rule} characters)", hint or "shorten it")
        ]
    if kind in ("minimum", "maximum"):
        bound = "at least" if kind == "minimum" else "at most"
        return [
            doc.error(
                path,
                "out-of-range",
                f"{field_name} is {error.instance}; it must be {bound} {rule}",
                hint or f"use a value {bound} {rule}",
            )
        ]
    if kind == "uniqueItems":
        return [
            doc.error(path, "duplicate-entry", f"{field_name} lists the same entry twice", "remove the repeated entry")
        ]
    return [doc.error(path, "schema", f"{where}: {error.message}", hint or "see the file's schema in content/schema/")]


def _shown(value: Any, limit: int = 80) -> str:
    """A value quoted for a message: control characters escaped, and shortened (an id of 800,000 characters
    is not repeated in full)."""
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(value))  # "\\n", never a line break
    if len(text) > limit:
        return f"'{text[: limit - 20]}…' ({len(text):,} characters)"
    return f"'{text}'"


def _field_description(schema: dict[str, Any], name: str) -> str:
    prop = schema.get("properties", {}).get(name, {})
    return str(prop.get("description", "")) if isinstance(prop, dict) else ""


def _field_name(path: tuple[str | int, ...]) -> str:
    """'title', or 'scope item 3' for the third entry of a list."""
    if not path:
        return "document"
    if isinstance(path[-1], int):
        parent = str(path[-2]) if len(path) > 1 else "list"
        return f"{parent} item {path[-1] + 1}"
    return str(path[-1])


def check_schemas(schema_dir: Path = SCHEMA_DIR) -> list[str]:
    """Problems with the schemas themselves (each must be a valid draft 2020-12 JSON Schema)."""
    from jsonschema.exceptions import SchemaError

    problems = []
    for path in sorted(schema_dir.glob("*.schema.json")):
        try:
            Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))
        except (SchemaError, json.JSONDecodeError) as exc:
            problems.append(f"{path.name}: {str(exc).splitlines()[0]}")
    return problems


if __name__ == "__main__":  # used by the pre-commit hook
    import sys

    found = check_schemas()
    print("\n".join(found) or "schemas ok")
    sys.exit(1 if found else 0)
