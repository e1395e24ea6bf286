"""The mapper's downloads in Chromium: each button gives the file `ambit map` writes for the same map
(the answers kept in the browser filled in), over HTTP and from the offline copy on a 390 px phone,
with no request off the site and nothing the page's Content-Security-Policy refuses."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from generator.model import Catalogue
from generator.site.offline import FOLDER, OFFLINE_ZIP
from tests.site.conftest import REPO, csp_violations, file_only
from tests.site.test_progress import PHONE, XLSX, profiles
from tests.systemmap.test_browser_exports import cells, cli_files, trimmed

pytestmark = pytest.mark.browser
__all__ = ["profiles"]  # the fixture, imported so pytest finds it here

EXAMPLE = REPO / "checklists" / "examples" / "logistics-route-optimiser.yml"
BUTTONS = {
    "checklist.xlsx": "#mapper-download-xlsx",
    "checklist.csv": "#mapper-download-csv",
    "checklist.json": "#mapper-download-json",
    "applicability.csv": "#mapper-download-statement-csv",
    "applicability.json": "#mapper-download-statement-json",
    "diagram.dot": "#mapper-download-diagram",
}
NOTE = '=HYPERLINK("https://evil.example","click") <script>window.__pwned = 1</script>'


def _open_example(page: Any) -> None:
    page.wait_for_selector("#ambit-mapper[data-ready=true]")
    page.set_input_files("#mapper-open", str(EXAMPLE))
    page.wait_for_function("() => document.getElementById('mapper-file-status').textContent.startsWith('Opened')")
    page.locator(".mapper-tracker .ambit-progress-tools").wait_for(state="visible")


def _download_all(page: Any) -> dict[str, bytes]:
    files = {}
    for name, button in BUTTONS.items():
        with page.expect_download() as download:
            page.click(button)
        assert download.value.suggested_filename == "last-mile-route-optimiser-" + name
        files[name] = Path(download.value.path()).read_bytes()
    return files


def _answer_first(page: Any) -> str:
    first = page.locator(".mapper-tracker .ambit-item[data-rank='1']")
    first.locator("select[name=status]").select_option("in-progress")
    first.locator("details.ambit-track__more summary").click()
    first.locator("textarea[name=notes]").fill(NOTE)
    first.locator("textarea[name=notes]").blur()
    return str(first.get_attribute("data-control-id"))


def _assert_cli_files(files: dict[str, bytes], cat: Catalogue, answered: str) -> None:
    """Every download equals the CLI's file, but the answered control's status and notes."""
    cli = cli_files(cat, yaml.safe_load(EXAMPLE.read_text("utf-8")))
    for name in ("checklist.json", "applicability.csv", "applicability.json", "diagram.dot"):
        assert files[name] == cli[name], name

    rows = list(csv.DictReader(io.StringIO(files["checklist.csv"].decode("utf-8"), newline="")))
    theirs = list(csv.DictReader(io.StringIO(cli["checklist.csv"].decode("utf-8"), newline="")))
    assert list(rows[0]) == list(theirs[0]), "the same columns, framework references and rank, tier, components too"
    assert rows[0]["id"] == answered and (rows[0]["status"], rows[0]["notes"]) == ("in progress", "'" + NOTE)
    rows[0]["status"] = rows[0]["notes"] = ""
    assert rows == theirs

    mine, cli_book = cells(files["checklist.xlsx"]), cells(cli["checklist.xlsx"])
    assert (mine["order"], mine["props"], mine["panes"]) == (cli_book["order"], cli_book["props"], cli_book["panes"])
    sheet = openpyxl.load_workbook(io.BytesIO(files["checklist.xlsx"]))["Checklist"]
    heads = [c.value for c in sheet[1]]
    status, notes = heads.index("Status"), heads.index("Notes")
    row = mine["sheets"]["Checklist"][1]
    assert (row[0][0], row[status][0], row[notes][0]) == (answered, "in progress", "'" + NOTE)
    theirs_row = cli_book["sheets"]["Checklist"][1]
    row[status], row[notes] = theirs_row[status], theirs_row[notes]
    for title in cli_book["order"]:
        if title != "Summary":  # its cached counts follow the answers
            assert trimmed(mine["sheets"][title]) == trimmed(cli_book["sheets"][title]), title
    cached = openpyxl.load_workbook(io.BytesIO(files["checklist.xlsx"]), data_only=True)["Summary"]
    summary = [[c.value for c in r] for r in cached.iter_rows()]
    assert summary[4][3:5] == ["not started", "in progress"]
    assert sum(r[4] for r in summary[5:-1]) == 1 == summary[-1][4], "the cached 'in progress' count is the one answer"


def test_every_download_is_the_clis_file_with_the_answers(
    profiles: Any, site_url: str, real_catalogue: Catalogue
) -> None:
    page = profiles()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.goto(site_url + "mapper/")
    _open_example(page)
    assert page.evaluate("() => window.AmbitMapperExports === undefined"), "the exports' data waits for a download"
    answered = _answer_first(page)
    files = _download_all(page)
    _assert_cli_files(files, real_catalogue, answered)
    assert page.evaluate("() => window.__pwned") is None
    assert not csp_violations(messages), messages


def test_the_downloaded_workbook_imports_back_with_its_answers(profiles: Any, site_url: str) -> None:
    page = profiles()
    page.goto(site_url + "mapper/")
    _open_example(page)
    answered = _answer_first(page)
    with page.expect_download() as download:
        page.click("#mapper-download-xlsx")
    workbook = Path(download.value.path()).read_bytes()

    other = profiles()  # a colleague's browser: no answers yet
    other.goto(site_url + "mapper/")
    _open_example(other)
    other.locator(".mapper-tracker input[data-action=import]").set_input_files(
        {"name": "checklist.xlsx", "mimeType": XLSX, "buffer": workbook}
    )
    preview = other.locator(".mapper-tracker .ambit-preview")
    preview.wait_for(state="visible")
    preview.locator("[data-action=apply-import]").click()
    item = other.locator(f".mapper-tracker .ambit-item[data-control-id='{answered}']")
    assert item.locator("select[name=status]").input_value() == "in-progress"
    assert item.locator("textarea[name=notes]").input_value() == NOTE, "the leading ' is the file's, not the note's"
    assert other.evaluate("() => window.__pwned") is None


def test_the_downloads_work_from_the_offline_copy_on_a_phone(
    browser: Any, built_site: Path, tmp_path: Path, real_catalogue: Catalogue
) -> None:
    with zipfile.ZipFile(built_site / OFFLINE_ZIP) as archive:
        archive.extractall(tmp_path)
    context = browser.new_context(
        service_workers="block", accept_downloads=True, viewport=PHONE, is_mobile=True, has_touch=True
    )
    outside = file_only(context)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    try:
        page.goto((tmp_path / FOLDER / "mapper" / "index.html").as_uri())
        _open_example(page)
        answered = _answer_first(page)
        page.locator("#mapper-download-xlsx").scroll_into_view_if_needed()
        box = page.locator("#mapper-download-xlsx").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], "the button fits the phone's width"
        files = _download_all(page)
    finally:
        context.close()
    _assert_cli_files(files, real_catalogue, answered)
    assert outside == [], outside
    assert not csp_violations(messages), messages


def test_a_map_that_is_not_complete_downloads_nothing(profiles: Any, site_url: str) -> None:
    page = profiles()
    page.goto(site_url + "mapper/")
    page.wait_for_selector("#ambit-mapper[data-ready=true]")
    page.click("#mapper-add-component")
    page.keyboard.type('=HYPERLINK("x")')  # not a valid component id: the map has a problem to fix
    page.keyboard.press("Tab")
    page.wait_for_function("() => document.querySelectorAll('#mapper-problems li').length > 0")
    downloads: list[Any] = []
    page.on("download", lambda d: downloads.append(d))
    page.click("#mapper-download-xlsx")
    page.wait_for_function("() => document.getElementById('mapper-summary').textContent.startsWith('Complete the map')")
    assert downloads == []
    assert json.loads(page.evaluate("() => JSON.stringify(window.AmbitMapperExports || null)")) is None
