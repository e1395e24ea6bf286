"""JSON Schema validation of loaded YAML, with errors placed at the offending node.

The schemas in ``content/schema/`` are the contributor-facing contract: editors use them
through the ``# yaml-language-server`` line, and this module turns each violation into a
:class:`~generator.diagnostics.Diagnostic` that names the field and, where it can, the fix.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
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


@cache
def validator_for(schema_name: str, schema_dir: Path = SCHEMA_DIR) -> Draft202012Validator:
    """The compiled validator for ``content/schema/<schema_name>``."""
    schema = json.loads((schema_dir / schema_name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


@cache
def _fast_check(schema_name: str, schema_dir: Path = SCHEMA_DIR) -> Any:
    """A compiled validity check: ten times faster than jsonschema, but it stops at the first error."""
    schema = json.loads((schema_dir / schema_name).read_text(encoding="utf-8"))
    schema.pop("$schema", None)  # the keywords used are draft-07 compatible; compile them as such
    return fastjsonschema.compile(schema)


def validate_document(doc: YamlDocument, schema_name: str) -> list[Diagnostic]:
    """Every schema violation in ``doc``, each positioned at the node it concerns."""
    try:
        _fast_check(schema_name)(doc.data)
        return []  # valid: most files take this path
    except fastjsonschema.JsonSchemaException:
        pass  # invalid: let jsonschema find and explain every error
    diagnostics: list[Diagnostic] = []
    for error in validator_for(schema_name).iter_errors(doc.data):
        diagnostics.extend(_explain(doc, error))
    return _drop_missing_explained_by_typo(diagnostics)


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
                f"'{error.instance}' is not allowed for {field_name}",
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
                f"{field_name} '{error.instance}' is not in the expected form",
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
