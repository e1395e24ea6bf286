"""A system map's checklist downloads: rank, tier and components in the CSV and XLSX, and
checklist.html as a tracker whose scripts are files beside it (none inline)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from generator.downloads import csv_export, print_html, xlsx_export
from generator.downloads.tracker_files import script_hrefs, tracker_files
from generator.model import Catalogue
from generator.select import build_checklist
from generator.systemmap.load import build_map
from generator.systemmap.model import SystemMap
from generator.systemmap.outputs import map_files, map_outputs
from generator.systemmap.select import build_map_checklist


def test_csv_and_xlsx_carry_rank_tier_and_component_ids(catalogue: Catalogue, route_map: SystemMap) -> None:
    checklist = build_map_checklist(catalogue, route_map)
    expected = [
        (str(i.ranking.rank), i.ranking.tier, "; ".join(i.ranking.components)) for i in checklist.items if i.ranking
    ]
    rows = list(csv.DictReader(io.StringIO(csv_export.render(checklist).decode("utf-8"), newline="")))
    assert list(rows[0])[-3:] == list(csv_export.MAP_COLUMNS)
    assert [(r["rank"], r["tier"], r["components"]) for r in rows] == expected
    assert {r["tier"] for r in rows} >= {"first"}

    book = openpyxl.load_workbook(io.BytesIO(xlsx_export.build(checklist).data))
    sheet = book["Checklist"]
    heads = [c.value for c in sheet[1]]
    assert heads[-3:] == ["Rank", "Tier", "Components"]
    got = [(str(r[-3]), r[-2], r[-1]) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert got == expected
    assert isinstance(sheet.cell(2, len(heads) - 2).value, int), "the rank is a number, so it sorts"


def _hipaa_in_every_format(catalogue: Catalogue, raw: dict[str, Any]) -> dict[str, bool]:
    """For each file ``ambit map`` writes for ``raw``: does it carry a HIPAA reference?"""
    smap = build_map(raw)
    files = map_files(catalogue, smap, map_outputs(catalogue, smap, "<svg/>"), ("csv", "json", "md", "html", "xlsx"))
    doc = json.loads(files["checklist.json"])
    rows = list(csv.DictReader(io.StringIO(files["checklist.csv"].decode("utf-8"), newline="")))
    assert "HIPAA" in rows[0], "the CSV keeps the HIPAA column either way: its column order is a public contract"
    sheet = openpyxl.load_workbook(io.BytesIO(files["checklist.xlsx"]))["Checklist"]
    heads = [c.value for c in sheet[1]]
    return {
        "json": any("hipaa-security-rule" in c["references"] for c in doc["controls"]),
        "json frameworks": "hipaa-security-rule" in [f["key"] for f in doc["frameworks"]],
        "csv": any(r["HIPAA"] for r in rows),
        "xlsx": any(r[heads.index("HIPAA")] for r in sheet.iter_rows(min_row=2, values_only=True)),
        "md": "HIPAA" in files["checklist.md"].decode("utf-8"),
        "html": "HIPAA" in files["checklist.html"].decode("utf-8"),
    }


def test_a_map_of_another_sector_carries_no_hipaa_and_a_map_of_no_stated_sector_keeps_it(
    catalogue: Catalogue,
) -> None:
    raw = yaml.safe_load((Path(__file__).parent / "maps" / "solo-saas.yml").read_text("utf-8"))
    assert raw["sector"] == "saas"
    assert not any(_hipaa_in_every_format(catalogue, raw).values())
    # Unknown is not "none": a map that does not say its sector may well be a clinic's.
    unstated = {k: v for k, v in raw.items() if k != "sector"}
    assert all(_hipaa_in_every_format(catalogue, unstated).values())
    assert all(_hipaa_in_every_format(catalogue, {**raw, "sector": "healthcare"}).values())


def test_a_sector_checklist_keeps_its_columns(catalogue: Catalogue) -> None:
    checklist = build_checklist(catalogue, catalogue.checklists[0])
    header = next(csv.reader(io.StringIO(csv_export.render(checklist).decode("utf-8"))))
    assert not set(csv_export.MAP_COLUMNS) & set(header)
    heads = [c.value for c in openpyxl.load_workbook(io.BytesIO(xlsx_export.build(checklist).data))["Checklist"][1]]
    assert "Rank" not in heads


def test_the_map_checklist_html_is_a_tracker_with_its_scripts_as_files(
    catalogue: Catalogue, route_map: SystemMap
) -> None:
    checklist = build_map_checklist(catalogue, route_map)
    html = print_html.render_html(checklist, catalogue.frameworks)
    assert "script-src 'self'" in html
    assert re.findall(r'<script src="([^"]+)"></script>', html) == list(script_hrefs())
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script"
    assert not re.search(r"\son[a-z]+=", html), "no inline event handler"
    first = checklist.items[0]
    assert first.ranking
    assert f'data-control-id="{first.control.id}"' in html
    assert f'data-rank="1" data-tier="{first.ranking.tier}"' in html
    assert f'data-checklist-id="{checklist.id}"' in html
    for component in first.ranking.components:
        assert f'class="ambit-component" data-component="{component}"' in html
    assert print_html.control_ids(html) == list(checklist.control_ids)
    assert set(tracker_files()) == set(script_hrefs())

    sector = print_html.render_html(build_checklist(catalogue, catalogue.checklists[0]), catalogue.frameworks)
    assert "<script" not in sector and "script-src" not in sector


def test_a_map_checklist_carries_its_introduction_and_no_regulations_heading(
    catalogue: Catalogue, route_map: SystemMap
) -> None:
    import json

    from generator.downloads import json_export, markdown_export
    from generator.systemmap.select import INTRODUCTION

    checklist = build_map_checklist(catalogue, route_map)
    markdown = markdown_export.render(checklist).decode("utf-8")
    assert markdown_export.escape(INTRODUCTION) in markdown
    assert "The scenario" not in markdown and "Regulations and obligations" not in markdown
    document = json.loads(json_export.render(checklist))
    json_export.check(json_export.render(checklist), checklist.control_ids)
    assert document["checklist"]["introduction"] == INTRODUCTION
    assert document["checklist"]["regulations"] == []
    html = print_html.render_html(checklist)
    assert "Regulations and obligations" not in html and "made from a system map" in html
    assert (
        xlsx_export.ABOUT_SHEET not in openpyxl.load_workbook(io.BytesIO(xlsx_export.build(checklist).data)).sheetnames
    )
