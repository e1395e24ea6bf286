"""What the browser mapper's downloads need beyond its engine data, so they equal ``ambit map``'s files.

``exports_data`` gathers, from the Python modules that write the CLI's files, the columns and
sheet layouts of the checklist's CSV, JSON and XLSX, of the statement of applicability and of
the diagram's DOT source, plus the text those files carry that the engine does not need (each
active control's description, rationale and framework references; the framework registries'
names, the titles of the items controls cite and the sectors a registry binds, from which both
sides leave a bound framework out of a map of another sector (generator/downloads/framework_scope.py);
the site's address for the control links).
``site_overrides/assets/mapper/exportfiles.js`` builds the files from it: the names and orders
of columns live here, once, and ``tests/systemmap/test_browser_exports.py`` holds the two sides
to the same bytes (CSV, JSON, DOT) and the same cells (XLSX).

The build writes it as the script ``assets/mapper/exports.js``, which the mapper loads only when
a download is first asked for: it is as large as the engine's data, and most visitors never
download.
"""

from __future__ import annotations

import json
from typing import Any

from generator.downloads import csv_export, json_export, xlsx_export
from generator.downloads.cells import FORMULA_TRIGGERS
from generator.downloads.references import SEPARATOR, SHORT_NAMES, framework_columns
from generator.model import Catalogue
from generator.systemmap import cover, diagram, select, statement_export
from generator.systemmap.score import Score

FORMAT_VERSION = 1


def _cited_titles(cat: Catalogue) -> dict[str, list[list[str]]]:
    """Per framework key, ``[item id, title]`` of the items active controls cite, in registry order."""
    cited = {(key, item) for c in cat.active_controls for key, ids in c.references.items() for item in ids}
    return {
        col.key: [[item, title] for item, title in col.titles.items() if (col.key, item) in cited]
        for col in framework_columns(cat.frameworks)
    }


def exports_data(cat: Catalogue) -> dict[str, Any]:
    """The downloads' layouts and texts, JSON-ready, in catalogue order."""
    titles = _cited_titles(cat)
    blank = Score(0, 0, 0, 0, 0, 0, 0)
    return {
        "format": "ambit-mapper-exports",
        "format_version": FORMAT_VERSION,
        "catalogue": {
            "name": cat.info.name,
            "version": cat.info.version,
            "date": cat.info.date,
            "site_url": cat.info.site_url,
        },
        "formula_triggers": list(FORMULA_TRIGGERS),
        "checklist": {
            "title": select.TITLE,
            "summary": select.SUMMARY,
            "introduction": select.INTRODUCTION,
            "no_control": cover.NO_CONTROL_SUMMARY,
            "json_format": json_export.FORMAT,
            "json_format_version": json_export.FORMAT_VERSION,
            "score_keys": list(blank.as_dict()),
        },
        "frameworks": {
            "known": [key for key, _ in SHORT_NAMES],
            "separator": SEPARATOR,
            "columns": [
                {
                    "key": col.key,
                    "short_name": col.short_name,
                    "name": col.name,
                    "version": col.version,
                    "titles": titles[col.key],
                    "sectors": list(col.sectors),
                }
                for col in framework_columns(cat.frameworks)
            ],
        },
        "csv": {"columns": list(csv_export.COLUMNS), "map_columns": list(csv_export.MAP_COLUMNS)},
        "xlsx": {
            "statuses": list(xlsx_export.STATUSES),
            "sheets": {
                "checklist": xlsx_export.CHECKLIST_SHEET,
                "component": xlsx_export.COMPONENT_SHEET,
                "summary": xlsx_export.SUMMARY_SHEET,
                "crosswalk": xlsx_export.CROSSWALK_SHEET,
                "statement": xlsx_export.STATEMENT_SHEET,
            },
            "columns": [list(c) for c in xlsx_export.COLUMNS],
            "framework_width": xlsx_export.FRAMEWORK_WIDTH,
            "map_columns": [list(c) for c in xlsx_export.MAP_COLUMNS],
            "component_columns": [list(c) for c in xlsx_export.COMPONENT_COLUMNS],
            "crosswalk_columns": [list(c) for c in xlsx_export.CROSSWALK_COLUMNS],
            "statement_columns": [list(c) for c in xlsx_export.STATEMENT_COLUMNS],
        },
        "statement": {
            "columns": list(statement_export.COLUMNS),
            "no_control": statement_export.NO_CONTROL,
            "json_format": statement_export.FORMAT,
            "json_format_version": statement_export.FORMAT_VERSION,
        },
        "diagram": {
            "font": diagram.FONT,
            "exposure_style": diagram.EXPOSURE_STYLE,
            "ai_fill": diagram.AI_FILL,
            "plain_fill": diagram.PLAIN_FILL,
            "box_wrap": diagram.BOX_WRAP,
            "label_wrap": diagram.LABEL_WRAP,
            "users_limit": diagram.USERS_LIMIT,
            "caption": diagram.CAPTION,
            "caption_wrap": diagram.CAPTION_WRAP,
            "host_style": diagram.HOST_STYLE,
        },
        "controls": {
            c.id: {
                "description": c.description,
                "rationale": c.rationale,
                "references": {key: list(ids) for key, ids in c.references.items()},
            }
            for c in cat.active_controls
        },
    }


def render_exports_data(cat: Catalogue) -> str:
    """``exports_data`` as compact, deterministic JSON text."""
    return json.dumps(exports_data(cat), ensure_ascii=False, separators=(",", ":")) + "\n"
