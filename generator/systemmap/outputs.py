"""The files ``ambit map`` writes for one map, as bytes by name (the CLI writes them; tests compare
the browser mapper's downloads with them).

:func:`map_outputs` computes the map's checklist (with its cover: diagram, inventory and
statement of applicability) and statement once; :func:`map_files` renders them: the checklist in
each requested download format, the diagram and the statement as CSV and JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.model import Catalogue
from generator.select import Checklist
from generator.systemmap.model import SystemMap
from generator.systemmap.statement import Statement

if TYPE_CHECKING:
    from generator.downloads.pdf_cache import PdfCache

CHECKLIST_FORMATS = ("pdf", "xlsx", "csv", "md", "json", "html")
"""The download formats of the sector checklists, written for a map too."""


@dataclass(frozen=True)
class MapOutputs:
    """A map's checklist (with its cover), its statement of applicability and its diagram."""

    checklist: Checklist
    statement: Statement
    diagram_svg: str


def map_outputs(cat: Catalogue, smap: SystemMap, diagram_svg: str) -> MapOutputs:
    """The checklist and statement of ``smap``; ``diagram_svg`` is its drawn diagram (the cover shows it)."""
    from generator.systemmap.cover import with_cover
    from generator.systemmap.select import build_map_checklist, map_items, map_verdicts
    from generator.systemmap.statement import build_statement

    verdicts = map_verdicts(cat, smap)
    ranked = map_items(cat, smap, verdicts)
    statement = build_statement(cat, smap, ranked, verdicts)
    checklist = with_cover(cat, smap, build_map_checklist(cat, smap, ranked), diagram_svg, statement)
    return MapOutputs(checklist, statement, diagram_svg)


def map_files(
    cat: Catalogue,
    smap: SystemMap,
    outputs: MapOutputs,
    formats: Sequence[str] = CHECKLIST_FORMATS,
    cache: PdfCache | None = None,
) -> dict[str, bytes]:
    """``{file name: bytes}``: ``checklist.<fmt>`` per format, ``diagram.svg``, ``applicability.{csv,json}``.

    The PDF comes from ``cache`` when it holds one laid out from the same print HTML."""
    from generator.downloads.formats import render
    from generator.systemmap.statement_export import render_csv, render_json

    files = {
        f"checklist.{fmt}": render(outputs.checklist, fmt, frameworks=cat.frameworks, cache=cache) for fmt in formats
    }
    files["diagram.svg"] = outputs.diagram_svg.encode("utf-8")
    files["applicability.csv"] = render_csv(outputs.statement, outputs.checklist)
    files["applicability.json"] = render_json(outputs.statement, outputs.checklist, smap.system, cat.info)
    return files
