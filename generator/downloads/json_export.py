"""JSON export: the checklist as data, valid against ``content/schema/checklist-export.schema.json``.

Field names follow the control contract. Text fields carry the catalogue's text with surrounding
whitespace removed; Markdown fields stay Markdown (a consumer renders or escapes them itself).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from generator.downloads.about import regulations
from generator.downloads.guards import DownloadError, check_ids
from generator.downloads.references import checklist_columns
from generator.downloads.rows import ExportRow, export_rows
from generator.locate import SCHEMA_DIR
from generator.model import Framework
from generator.select import Checklist

SCHEMA_NAME = "checklist-export.schema.json"
SCHEMA_PATH = SCHEMA_DIR / SCHEMA_NAME  # found inside the wheel too (generator/locate.py)
FORMAT = "ambit-checklist-export"
FORMAT_VERSION = 1


def control_record(row: ExportRow) -> dict[str, Any]:
    """One control as a JSON object, keys in the order the schema lists them."""
    record = _base_record(row)
    if row.ranking is not None:
        record |= {
            "rank": row.ranking.rank,
            "tier": row.ranking.tier,
            "score": dict(row.ranking.score),
            "applies_to_ids": list(row.ranking.components),
        }
    return record


def _base_record(row: ExportRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title.strip(),
        "layer": row.layer,
        "layer_name": row.layer_name,
        "priority": row.priority,
        "required_by": list(row.required_by),
        "named_risks": list(row.named_risks),
        "summary": row.summary.strip(),
        "description": row.description.strip(),
        "rationale": row.rationale.strip(),
        "verification": [
            {"step": v.step.strip(), "evidence": v.evidence.strip(), "minutes": m, "platforms": list(v.platforms)}
            for v, m in zip(row.verification, row.step_minutes or (0,) * len(row.verification), strict=True)
        ],
        "sector_note": row.sector_note.strip(),
        "applies_to": list(row.applies_to),
        "effort_minutes": row.effort_minutes,
        "lifecycle": list(row.lifecycle),
        "components": list(row.components),
        "threats": list(row.threats),
        "references": {key: list(ids) for key, ids in row.references.items()},
        "url": row.url,
    }


def document(checklist: Checklist, frameworks: Sequence[Framework] = ()) -> dict[str, Any]:
    """The whole export as a JSON-ready dictionary; ``frameworks`` name the reference keys."""
    rows = export_rows(checklist)
    info = checklist.info
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "checklist": {
            "id": checklist.id,
            "title": checklist.title.strip(),
            "summary": checklist.summary.strip(),
            "sector": checklist.sector,
            "introduction": checklist.introduction.strip(),
            "regulations": [{"name": r.name, "note": r.note, "url": r.url} for r in regulations(checklist)],
        },
        "catalogue": {"name": info.name, "version": info.version, "date": info.date, "site_url": info.site_url},
        "control_count": len(rows),
        "controls": [control_record(row) for row in rows],
        "frameworks": [
            {"key": col.key, "short_name": col.short_name, "name": col.name, "version": col.version}
            for col in checklist_columns(checklist, frameworks)
        ],
    }


def render(checklist: Checklist, frameworks: Sequence[Framework] = ()) -> bytes:
    """UTF-8 JSON, indented, keys in a fixed order, ending with a newline."""
    return (json.dumps(document(checklist, frameworks), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The published JSON Schema of this format."""
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def check(data: bytes, expected_ids: tuple[str, ...]) -> None:
    """Raise :class:`DownloadError` unless ``data`` is schema-valid and lists exactly ``expected_ids``."""
    from jsonschema import Draft202012Validator

    parsed = json.loads(data)
    errors = sorted(Draft202012Validator(schema()).iter_errors(parsed), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(top)"
        raise DownloadError(f"JSON export does not match {SCHEMA_NAME} at {where}: {errors[0].message}")
    check_ids("JSON export", [c["id"] for c in parsed["controls"]], expected_ids)
