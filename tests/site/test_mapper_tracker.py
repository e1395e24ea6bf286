"""The mapper's tailored checklist as a tracker, on a phone and from the offline copy, in Chromium:
progress per map that survives a reload, the CLI's workbook imported with a preview, focus that
stays where the user clicks, removing a component with its flows, and the results within reach."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from generator.model import Catalogue
from generator.site.offline import FOLDER, OFFLINE_ZIP
from generator.systemmap.load import load_map
from generator.systemmap.select import build_map_checklist
from tests.site.conftest import REPO, file_only
from tests.site.test_progress import PHONE, XLSX, profiles

pytestmark = pytest.mark.browser
__all__ = ["profiles"]  # the fixture, imported so pytest finds it here

EXAMPLE = REPO / "checklists" / "examples" / "logistics-route-optimiser.yml"


def _ready(page: Any) -> None:
    page.wait_for_selector("#ambit-mapper[data-ready=true]")


def _open_example(page: Any, path: Path = EXAMPLE) -> None:
    page.set_input_files("#mapper-open", str(path))
    page.wait_for_function("() => document.getElementById('mapper-file-status').textContent.startsWith('Opened')")
    page.locator(".mapper-tracker .ambit-progress-tools").wait_for(state="visible")


def _tracked(page: Any, rank: int) -> Any:
    return page.locator(f".mapper-tracker .ambit-item[data-rank='{rank}']")


def _expected(cat: Catalogue) -> Any:
    loaded = load_map(EXAMPLE, EXAMPLE.name, cat)
    assert loaded.map is not None
    return build_map_checklist(cat, loaded.map)


def test_progress_on_a_phone_is_kept_per_map_across_a_reload(
    profiles: Any, site_url: str, real_catalogue: Catalogue
) -> None:
    page = profiles(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(site_url + "mapper/")
    _ready(page)
    assert not page.locator("#mapper-file-errors").is_visible(), "no error box before the user does anything"
    _open_example(page)

    checklist = _expected(real_catalogue)
    jump = page.locator(".mapper-jump")
    assert jump.is_visible() and jump.bounding_box()["y"] < PHONE["height"], "the results are one tap away"
    assert f"{len(checklist.items)} controls" in str(jump.text_content())
    jump.click()
    page.wait_for_function(
        "() => { const r = document.getElementById('mapper-results-title').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }"
    )

    first = _tracked(page, 1)
    assert first.get_attribute("data-control-id") == checklist.items[0].control.id
    assert first.get_attribute("data-tier") == "first"
    first.locator("select[name=status]").select_option("in-progress")
    component = first.locator("fieldset.ambit-track__components select").first
    component_id = str(component.get_attribute("data-component"))
    component.select_option("implemented")
    first.locator("details.ambit-track__more summary").click()
    first.locator("textarea[name=notes]").fill("checked on the phone")
    summary = str(page.locator(".mapper-tracker .ambit-summary").text_content())
    assert summary.startswith(f"Done: 0 of {len(checklist.items)} controls") and "1 in progress" in summary

    page.reload()
    _ready(page)
    first = _tracked(page, 1)
    assert first.locator("select[name=status]").input_value() == "in-progress"
    assert first.locator(f"select[data-component='{component_id}']").input_value() == "implemented"
    assert first.locator("textarea[name=notes]").input_value() == "checked on the phone"
    key = f"ambit-progress:{checklist.id}@{real_catalogue.info.version}"
    stored = json.loads(page.evaluate(f"() => localStorage.getItem('{key}')"))
    assert stored["items"][checklist.items[0].control.id]["components"] == {component_id: "implemented"}

    # Filters of the sector pages: the first tier only, then what is not done yet.
    page.locator(".mapper-tracker select[name=tier]").select_option("first")
    shown = page.locator(".mapper-tracker .ambit-item:visible")
    assert set(shown.evaluate_all("els => els.map(e => e.dataset.tier)")) == {"first"}


def test_the_clis_workbook_imports_into_the_mapper_with_a_preview(
    profiles: Any, site_url: str, real_catalogue: Catalogue, tmp_path: Path, run_ambit: Any
) -> None:
    code, out, err = run_ambit("map", str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert code == 0, out + err
    book = openpyxl.load_workbook(tmp_path / "out" / "checklist.xlsx")
    sheet = book["Checklist"]
    heads = [c.value for c in sheet[1]]
    control_id = str(sheet.cell(2, heads.index("ID") + 1).value)
    sheet.cell(2, heads.index("Status") + 1).value = "implemented"
    sheet.cell(2, heads.index("Owner") + 1).value = "Colleague"
    path = tmp_path / "filled.xlsx"
    book.save(path)

    page = profiles()
    page.goto(site_url + "mapper/")
    _ready(page)
    _open_example(page)
    item = page.locator(f".mapper-tracker .ambit-item[data-control-id='{control_id}']")
    item.locator("details.ambit-track__more summary").click()
    item.locator("textarea[name=notes]").fill("mine, not in the file")
    page.locator(".mapper-tracker input[data-action=import]").set_input_files(
        {"name": "filled.xlsx", "mimeType": XLSX, "buffer": path.read_bytes()}
    )
    preview = page.locator(".mapper-tracker .ambit-preview")
    preview.wait_for(state="visible")
    assert "1 changed answer" in str(preview.text_content())
    assert "status: not started → implemented" in str(preview.text_content())
    preview.locator("[data-action=apply-import]").click()
    assert item.locator("select[name=status]").input_value() == "implemented"
    assert item.locator("input[name=owner]").input_value() == "Colleague"
    assert item.locator("textarea[name=notes]").input_value() == "mine, not in the file"


def test_focus_stays_where_the_user_clicks(profiles: Any, site_url: str) -> None:
    page = profiles(viewport=PHONE)
    page.goto(site_url + "mapper/")
    _ready(page)
    page.click("#mapper-add-component")
    page.keyboard.type("pms-server")
    page.click("#m-c0-name")
    page.keyboard.type("PMS server")
    assert page.input_value("#m-c0-name") == "PMS server"
    assert page.input_value("#m-c0-id") == "pms-server"
    assert page.locator("input.md-search__input").input_value() == ""


def test_removing_a_component_offers_to_remove_its_flows(profiles: Any, site_url: str) -> None:
    page = profiles()
    page.goto(site_url + "mapper/")
    _ready(page)
    _open_example(page)
    target = page.input_value("#m-f0-to")
    flows = page.locator("#mapper-flows fieldset.mapper-item").count()
    touching = page.evaluate(
        "(id) => window.ambitMapperPage.map.flows.filter(f => f.from === id || f.to === id).length", target
    )
    index = page.evaluate("(id) => window.ambitMapperPage.map.components.findIndex(c => c.id === id)", target)
    messages: list[str] = []
    page.once("dialog", lambda d: (messages.append(d.message), d.accept()))
    page.click(f"button[data-remove='components:{index}']")
    assert messages and target in messages[0] and "flow" in messages[0]
    assert page.locator("#mapper-flows fieldset.mapper-item").count() == flows - touching
    assert page.locator("#mapper-problems li").count() == 0
    page.locator(".mapper-tracker .ambit-item").first.wait_for()


def test_the_mapper_works_from_the_offline_copy(browser: Any, built_site: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(built_site / OFFLINE_ZIP) as archive:
        archive.extractall(tmp_path)
    context = browser.new_context(service_workers="block")
    outside = file_only(context)
    page = context.new_page()
    try:
        page.goto((tmp_path / FOLDER / "mapper" / "index.html").as_uri())
        _ready(page)
        _open_example(page)
        link = str(page.locator(".mapper-tracker .ambit-item a").first.get_attribute("href"))
        assert link.endswith("/index.html"), link
        note = page.locator(".mapper-tracker .ambit-file-note")
        assert "Export" in str(note.text_content())
    finally:
        context.close()
    assert outside == [], outside


def test_the_mapper_downloads_the_checklist_with_the_answers_and_the_review(
    profiles: Any, site_url: str, real_catalogue: Catalogue, tmp_path: Path
) -> None:
    import csv

    page = profiles()
    page.goto(site_url + "mapper/")
    _ready(page)
    _open_example(page)
    checklist = _expected(real_catalogue)
    first = _tracked(page, 1)
    first.locator("select[name=status]").select_option("implemented")
    first.locator("details.ambit-track__more summary").click()
    first.locator("textarea[name=notes]").fill("=1+1 stays text")

    with page.expect_download() as download:
        page.click("#mapper-download-csv")
    path = tmp_path / "checklist.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    expected = [
        (i.control.id, str(i.ranking.rank), i.ranking.tier, "; ".join(i.ranking.components))
        for i in checklist.items
        if i.ranking
    ]
    assert [(r["id"], r["rank"], r["tier"], r["components"]) for r in rows] == expected
    assert [r["applies_to"] for r in rows] == ["; ".join(i.applies_to) for i in checklist.items]
    assert (rows[0]["status"], rows[0]["notes"]) == ("implemented", "'=1+1 stays text")
    assert rows[1]["status"] == ""

    with page.expect_download() as download:
        page.click("#mapper-download-md")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith(f"# {checklist.title}\n")
    assert "## First tier: do this week" in text
    assert f"- [x] **[{checklist.items[0].control.id}]" in text

    with page.expect_download() as download:
        page.click("#mapper-download-review")
    review = Path(download.value.path()).read_text(encoding="utf-8")
    component = page.eval_on_selector("#mapper-review-component", "e => e.value")
    assert review.startswith(f"# One-hour review of {component}\n")
    steps = page.eval_on_selector_all("#mapper-review li[data-control-id]", "els => els.map(e => e.dataset.controlId)")
    assert steps and all(f"[{s}]" in review for s in steps)


def test_renaming_the_map_takes_its_progress_along(profiles: Any, site_url: str) -> None:
    page = profiles()
    page.goto(site_url + "mapper/")
    _ready(page)
    _open_example(page)
    _tracked(page, 1).locator("select[name=status]").select_option("implemented")
    page.fill("#mapper-system", "Renamed fleet planner")
    page.press("#mapper-system", "Tab")
    page.wait_for_function("() => document.getElementById('mapper-file-status').textContent.includes('now belongs to')")
    assert _tracked(page, 1).locator("select[name=status]").input_value() == "implemented"
    root = page.locator(".mapper-tracker")
    assert root.get_attribute("data-checklist-id") == "map-renamed-fleet-planner"
