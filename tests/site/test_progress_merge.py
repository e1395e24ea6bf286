"""Imports that merge and can be undone, progress exported as a filled-in XLSX, two tabs of one
checklist, and answers carried forward from an older catalogue; in Debian's Chromium."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from generator.model import Catalogue
from generator.progress.xlsx_import import read_workbook
from tests.site.test_progress import CHECKLIST, PHONE, XLSX, _annotate, _ids, _import, _item, _open, _values, profiles

pytestmark = pytest.mark.browser
__all__ = ["profiles"]  # the fixture, imported so pytest finds it here


def _stored(page: Any, version: str) -> dict[str, Any]:
    text = page.evaluate(f"() => localStorage.getItem('ambit-progress:{CHECKLIST}@{version}')")
    return json.loads(text) if text else {}


def _file(version: str, items: dict[str, Any]) -> bytes:
    document = {"format": "ambit-progress", "format_version": 1, "checklist": CHECKLIST, "catalogue_version": version}
    return json.dumps({**document, "items": items}).encode()


def test_an_import_shows_what_it_changes_merges_and_undoes(
    profiles: Any, site_url: str, real_catalogue: Catalogue
) -> None:
    version = real_catalogue.info.version
    page = profiles(viewport=PHONE, is_mobile=True, has_touch=True)
    _open(page, site_url)
    first, second, third = _ids(page)[:3]
    _annotate(page, first, "implemented", "Ana", "2027-03-31", "entered on a phone")
    _annotate(page, second, "in-progress", "Bo", "", "")
    before = _stored(page, version)["items"]

    incoming = _file(
        version, {first: {"status": "partially-implemented"}, third: {"status": "implemented", "owner": "Cy"}}
    )
    text = _import(page, "colleague.json", incoming, apply=False)
    assert "1 new answer" in text and "1 changed answer" in text
    assert "1 stored answer the file does not mention, kept as they are" in text
    assert "status: implemented → partially implemented" in text
    assert _stored(page, version)["items"] == before, "nothing may be stored before the user applies it"

    page.locator("[data-action=cancel-import]").click()
    assert "unchanged" in str(page.locator(".ambit-message").text_content())
    assert _stored(page, version)["items"] == before

    assert "Imported colleague.json" in _import(page, "colleague.json", incoming)
    assert _values(page, first) == ("partially-implemented", "Ana", "2027-03-31", "entered on a phone")
    assert _values(page, second)[:2] == ("in-progress", "Bo")
    assert _values(page, third)[:2] == ("implemented", "Cy")

    page.reload()
    page.locator(".ambit-progress-tools").wait_for(state="visible")
    undo = page.locator("[data-action=undo-import]")
    assert undo.is_visible(), "the undo survives a reload"
    undo.click()
    assert "undone" in str(page.locator(".ambit-message").text_content())
    assert _stored(page, version)["items"] == before
    assert _values(page, first) == ("implemented", "Ana", "2027-03-31", "entered on a phone")
    assert _values(page, third)[0] == "not-started"
    assert not undo.is_visible()


def test_exported_xlsx_holds_the_answers_and_imports_back(
    profiles: Any, site_url: str, real_catalogue: Catalogue, tmp_path: Path
) -> None:
    page = profiles()
    _open(page, site_url)
    first, second = _ids(page)[:2]
    _annotate(page, first, "risk-accepted", "Sam", "2027-01-15", '=HYPERLINK("x") <b>kept as text</b>')
    _item(page, second).locator("select[name=status]").select_option("in-progress")
    with page.expect_download() as download:
        page.locator("[data-action=export-xlsx]").click()
    path = tmp_path / "progress.xlsx"
    download.value.save_as(path)

    book = openpyxl.load_workbook(path)
    sheet = book["Checklist"]
    heads = [c.value for c in sheet[1]]
    row = {h: sheet.cell(2, heads.index(h) + 1).value for h in ("ID", "Status", "Owner", "Due date", "Notes")}
    assert row == {
        "ID": first,
        "Status": "risk accepted",
        "Owner": "Sam",
        "Due date": "2027-01-15",
        "Notes": '\'=HYPERLINK("x") <b>kept as text</b>',
    }
    assert book.properties.keywords == f"ambit-checklist:{CHECKLIST} ambit-catalogue:{real_catalogue.info.version}"

    # `ambit progress from-xlsx` reads the same workbook.
    progress = read_workbook(path, lambda who: set(_ids(page)))
    assert progress.checklist == CHECKLIST
    assert progress.items[first].status == "risk-accepted" and progress.items[first].owner == "Sam"
    assert progress.items[second].status == "in-progress"

    fresh = profiles()
    _open(fresh, site_url)
    assert "Imported" in _import(fresh, "progress.xlsx", path.read_bytes(), XLSX)
    assert _values(fresh, first) == ("risk-accepted", "Sam", "2027-01-15", '=HYPERLINK("x") <b>kept as text</b>')
    assert _values(fresh, second)[0] == "in-progress"
    assert _item(fresh, first).locator("b").count() == 0


def test_two_tabs_never_overwrite_each_other(profiles: Any, site_url: str, real_catalogue: Catalogue) -> None:
    one = profiles()
    two = one.context.new_page()
    _open(one, site_url)
    _open(two, site_url)
    first, second = _ids(one)[:2]
    key = f"ambit-progress:{CHECKLIST}@{real_catalogue.info.version}"
    _annotate(one, first, "implemented", "Ana", "", "from tab one")
    # Tab two's copy of the storage catches up with tab one's writes a moment later (as browsers sync
    # it; under load that can take longer than a test types); its own page state is still the old one.
    two.wait_for_function(
        "([key, first]) => ((JSON.parse(localStorage.getItem(key) || '{}').items || {})[first] || {}).notes"
        " === 'from tab one'",
        arg=[key, first],
    )
    _annotate(two, second, "in-progress", "Bo", "", "from tab two")
    # Each tab's storage copy catches up with the other's writes a moment later (as browsers sync it).
    for tab in (one, two):
        tab.wait_for_function(
            "([key, first, second]) => { const s = JSON.parse(localStorage.getItem(key) || '{}').items || {};"
            " return (s[first] || {}).notes === 'from tab one' && (s[second] || {}).notes === 'from tab two'; }",
            arg=[key, first, second],
        )
    # Each tab shows the other's answer without a reload (the storage event).
    one.wait_for_function(
        f"() => document.querySelector('[data-control-id=\"{second}\"] select[name=status]').value === 'in-progress'"
    )
    assert _values(two, first)[0] == "implemented"


def test_answers_under_an_older_catalogue_are_offered_for_carrying_forward(
    profiles: Any, site_url: str, real_catalogue: Catalogue
) -> None:
    page = profiles()
    _open(page, site_url)
    first = _ids(page)[0]
    old = json.loads(
        _file("0.0.1", {first: {"status": "implemented", "notes": "from 0.0.1"}, "ING-999": {"status": "implemented"}})
    )
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)", [f"ambit-progress:{CHECKLIST}@0.0.1", json.dumps(old)]
    )
    page.reload()
    offer = page.locator(".ambit-older")
    offer.wait_for(state="visible")
    assert "from catalogue 0.0.1" in str(offer.text_content())
    offer.locator("[data-action=carry-forward]").click()
    preview = page.locator(".ambit-preview")
    assert "1 new answer" in str(preview.text_content())
    assert "not on this checklist, left out: ING-999" in str(preview.text_content())
    preview.locator("[data-action=apply-import]").click()
    assert _values(page, first) == ("implemented", "", "", "from 0.0.1")
    page.reload()
    page.locator(".ambit-progress-tools").wait_for(state="visible")
    assert not page.locator(".ambit-older").is_visible(), "once carried, the offer is not made again"
    assert _stored(page, real_catalogue.info.version)["items"][first]["notes"] == "from 0.0.1"


def test_a_map_checklists_progress_xlsx_has_rank_components_and_statuses(
    profiles: Any, site_url: str, tmp_path: Path
) -> None:
    page = profiles()
    page.goto(f"{site_url}method/logistics-route-optimiser/")
    page.locator(".ambit-progress-tools").wait_for(state="visible")
    item = page.locator(".ambit-item[data-rank='1']")
    control_id = str(item.get_attribute("data-control-id"))
    select = item.locator("fieldset.ambit-track__components select").first
    component = str(select.get_attribute("data-component"))
    select.select_option("implemented")
    with page.expect_download() as download:
        page.locator("[data-action=export-xlsx]").click()
    path = tmp_path / "map.xlsx"
    download.value.save_as(path)
    book = openpyxl.load_workbook(path)
    heads = [c.value for c in book["Checklist"][1]]
    assert {"Rank", "Components", "Status"} <= set(heads)
    assert book["Checklist"].cell(2, heads.index("Rank") + 1).value == 1
    rows = [[c.value for c in r] for r in book["By component"].iter_rows(min_row=2)]
    assert [control_id, rows[0][1], rows[0][2], "implemented"] == rows[0] and rows[0][2].startswith(component)
    progress = read_workbook(
        path,
        lambda who: (
            {control_id} | set(page.locator(".ambit-item").evaluate_all("els => els.map(e => e.dataset.controlId)"))
        ),
    )
    assert progress.items[control_id].components == {component: "implemented"}
