"""Checklist pages as a working tool, in Debian's Chromium: progress kept in the browser,
exported and imported as a file (JSON or the site's XLSX), bad files refused without touching
what is stored, and filters."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import openpyxl
import pytest

from generator.model import Catalogue

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
CHECKLIST = "saas"


@pytest.fixture
def profiles(browser: Any) -> Iterator[Any]:
    """Makes fresh browser profiles (own storage) that may talk to 127.0.0.1 only."""
    contexts: list[Any] = []
    offsite: list[str] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(service_workers="block", accept_downloads=True, **options)

        def route(r: Any) -> None:
            if r.request.url.startswith(("data:", "blob:")) or urlsplit(r.request.url).hostname == "127.0.0.1":
                r.continue_()
            else:
                offsite.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    assert offsite == [], f"requests to other hosts: {offsite}"


def _open(page: Any, site_url: str, checklist: str = CHECKLIST) -> None:
    page.goto(f"{site_url}checklists/{checklist}/")
    page.locator(".ambit-progress-tools").wait_for(state="visible")


def _item(page: Any, control_id: str) -> Any:
    return page.locator(f'.ambit-item[data-control-id="{control_id}"]')


def _annotate(page: Any, control_id: str, status: str, owner: str, due: str, notes: str) -> None:
    item = _item(page, control_id)
    item.locator("select[name=status]").select_option(status)
    more = item.locator("details.ambit-track__more")
    if more.get_attribute("open") is None:
        more.locator("summary").click()
    item.locator("input[name=owner]").fill(owner)
    item.locator("input[name=due]").fill(due)
    item.locator("textarea[name=notes]").fill(notes)


def _values(page: Any, control_id: str) -> tuple[str, str, str, str]:
    """An item's status, owner, due date and notes as a reader finds them: "Owner, due date and
    notes" is opened first when it is closed (an item without those answers builds them then)."""
    item = _item(page, control_id)
    more = item.locator("details.ambit-track__more")
    if more.get_attribute("open") is None:
        more.locator("summary").click()
    return (
        item.locator("select[name=status]").input_value(),
        item.locator("input[name=owner]").input_value(),
        item.locator("input[name=due]").input_value(),
        item.locator("textarea[name=notes]").input_value(),
    )


def _ids(page: Any) -> list[str]:
    return [str(i) for i in page.locator(".ambit-item").evaluate_all("els => els.map(e => e.dataset.controlId)")]


def _import(page: Any, name: str, data: bytes, mime: str = "application/json", *, apply: bool = True) -> str:
    """Import a file; when the page previews it, apply it (or return the preview when ``apply`` is false)."""
    page.locator(".ambit-message").evaluate("box => box.replaceChildren()")
    page.locator("input[data-action=import]").set_input_files({"name": name, "mimeType": mime, "buffer": data})
    page.locator(".ambit-message p, .ambit-preview:not([hidden])").first.wait_for()
    preview = page.locator(".ambit-preview:not([hidden])")
    if preview.count():
        if not apply:
            return str(preview.text_content())
        preview.locator("[data-action=apply-import]").click()
        page.locator(".ambit-message p").first.wait_for()
    return str(page.locator(".ambit-message").text_content())


def test_items_carry_their_control_in_the_page_order(profiles: Any, site_url: str, real_catalogue: Catalogue) -> None:
    from generator.select import build_checklist

    definition = next(d for d in real_catalogue.checklists if d.id == CHECKLIST)
    expected = [i.control.id for i in build_checklist(real_catalogue, definition).items]
    page = profiles()
    _open(page, site_url)
    assert _ids(page) == expected
    first = _item(page, expected[0])
    control = real_catalogue.control(expected[0])
    assert first.get_attribute("data-priority") == control.priority
    assert first.get_attribute("data-effort") == str(control.effort_minutes)
    assert first.get_attribute("data-layer") == control.layer
    assert set(str(first.get_attribute("data-components")).split()) == set(control.components)


def test_progress_is_kept_across_a_reload_at_a_phone_viewport(profiles: Any, site_url: str) -> None:
    page = profiles(viewport=PHONE, is_mobile=True, has_touch=True)
    _open(page, site_url)
    first, second = _ids(page)[:2]
    _annotate(page, first, "implemented", "Ana", "2027-03-31", "Keys enrolled for all admins")
    _item(page, second).locator("select[name=status]").select_option("in-progress")
    page.reload()
    page.locator(".ambit-progress-tools").wait_for(state="visible")
    assert _values(page, first) == ("implemented", "Ana", "2027-03-31", "Keys enrolled for all admins")
    assert _values(page, second)[0] == "in-progress"
    summary = str(page.locator(".ambit-summary").text_content())
    assert summary.startswith(f"Done: 1 of {len(_ids(page))} controls")
    assert "1 in progress" in summary


def test_exported_json_follows_the_schema_and_imports_into_a_fresh_profile(
    profiles: Any, site_url: str, real_catalogue: Catalogue
) -> None:
    page = profiles()
    _open(page, site_url)
    first = _ids(page)[0]
    _annotate(page, first, "risk-accepted", "Sam", "2027-01-15", 'Board accepted; see "minutes" <b>3</b>')
    with page.expect_download() as download:
        page.locator("[data-action=export-json]").click()
    data = Path(download.value.path()).read_bytes()
    exported = json.loads(data)
    schema = json.loads((REPO / "content/schema/progress.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(exported, schema)
    assert exported["checklist"] == CHECKLIST
    assert exported["catalogue_version"] == real_catalogue.info.version
    assert exported["items"] == {
        first: {
            "status": "risk-accepted",
            "owner": "Sam",
            "due": "2027-01-15",
            "notes": 'Board accepted; see "minutes" <b>3</b>',
        }
    }

    fresh = profiles()
    _open(fresh, site_url)
    assert _values(fresh, first)[0] == "not-started"
    assert "Imported" in _import(fresh, "progress.json", data)
    assert _values(fresh, first) == ("risk-accepted", "Sam", "2027-01-15", 'Board accepted; see "minutes" <b>3</b>')
    assert _item(fresh, first).locator("b").count() == 0, "notes must render as text, never as markup"


def _hostile(version: str, control_id: str) -> bytes:
    return json.dumps(
        {
            "format": "ambit-progress",
            "format_version": 1,
            "checklist": "baseline",
            "catalogue_version": version,
            "items": {
                control_id: {
                    "status": "done",
                    "notes": "<script>window.__pwned = 1</script><img src=x onerror=window.__pwned=1>",
                },
                "__proto__": {"status": "implemented"},
            },
        }
    ).encode()


def test_a_hostile_or_foreign_file_changes_nothing(profiles: Any, site_url: str, real_catalogue: Catalogue) -> None:
    page = profiles()
    _open(page, site_url)
    first = _ids(page)[0]
    _annotate(page, first, "in-progress", "Ana", "2027-02-01", "original")
    before = page.evaluate("() => JSON.stringify(localStorage)")

    text = _import(page, "evil.json", _hostile(real_catalogue.info.version, first))
    assert "Nothing was imported" in text
    assert 'the file is for checklist "baseline", this page is "saas"' in text
    assert f'items["{first}"].status: "done" is not a status' in text
    assert 'items["__proto__"]: not a control id' in text

    other_version = json.dumps(
        {
            "format": "ambit-progress",
            "format_version": 1,
            "checklist": CHECKLIST,
            "catalogue_version": "9.9.9",
            "items": {},
        }
    ).encode()
    assert 'the file is for catalogue "9.9.9"' in _import(page, "old.json", other_version)
    assert "neither an Ambit progress JSON file nor an XLSX" in _import(page, "broken.json", b'{"format": ')
    assert "not an XLSX workbook" in _import(page, "fake.xlsx", b"PK\x03\x04 not really a zip")

    page.reload()
    page.locator(".ambit-progress-tools").wait_for(state="visible")
    assert page.evaluate("() => JSON.stringify(localStorage)") == before
    assert _values(page, first) == ("in-progress", "Ana", "2027-02-01", "original")
    assert page.evaluate("() => window.__pwned") is None


def _site_workbook(built_site: Path, checklist: str = CHECKLIST) -> openpyxl.Workbook:
    return openpyxl.load_workbook(built_site / "downloads" / f"{checklist}.xlsx")


def _columns(sheet: Any) -> dict[str, int]:
    return {str(c.value): c.column for c in sheet[1] if c.value}


def _xlsx(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_sites_xlsx_imports_by_column_name(profiles: Any, site_url: str, built_site: Path) -> None:
    book = _site_workbook(built_site)
    sheet = book["Checklist"]
    cols = _columns(sheet)
    control_id = str(sheet.cell(2, cols["ID"]).value)
    sheet.cell(2, cols["Status"]).value = "partially implemented"
    sheet.cell(2, cols["Owner"]).value = "Platform team"
    sheet.cell(2, cols["Due date"]).value = date(2027, 6, 30)
    sheet.cell(2, cols["Notes"]).value = "<script>window.__pwned = 1</script>"
    page = profiles()
    _open(page, site_url)
    assert "Imported" in _import(page, "saas.xlsx", _xlsx(book), XLSX)
    assert _values(page, control_id) == (
        "partially-implemented",
        "Platform team",
        "2027-06-30",
        "<script>window.__pwned = 1</script>",
    )
    assert page.evaluate("() => window.__pwned") is None


def test_a_formula_or_a_foreign_workbook_changes_nothing(profiles: Any, site_url: str, built_site: Path) -> None:
    page = profiles()
    _open(page, site_url)
    first = _ids(page)[0]
    _annotate(page, first, "implemented", "Ana", "2027-02-01", "kept")

    book = _site_workbook(built_site)
    sheet = book["Checklist"]
    cols = _columns(sheet)
    sheet.cell(3, cols["Notes"]).value = '=HYPERLINK("https://example.invalid","x")'
    text = _import(page, "formula.xlsx", _xlsx(book), XLSX)
    notes = sheet.cell(3, cols["Notes"]).coordinate
    assert f"Checklist!{notes}: the Notes cell holds a formula; Ambit reads typed values only" in text

    foreign = _site_workbook(built_site, "baseline")
    text = _import(page, "baseline.xlsx", _xlsx(foreign), XLSX)
    assert "Nothing was imported" in text and "the workbook is the checklist" in text

    page.reload()
    page.locator(".ambit-progress-tools").wait_for(state="visible")
    assert _values(page, first) == ("implemented", "Ana", "2027-02-01", "kept")


def test_map_checklists_track_each_component(profiles: Any, site_url: str) -> None:
    page = profiles(viewport=PHONE)
    page.goto(f"{site_url}method/logistics-route-optimiser/")
    page.locator(".ambit-progress-tools").wait_for(state="visible")
    item = page.locator(".ambit-item[data-rank='1']")
    selects = item.locator("fieldset.ambit-track__components select")
    assert selects.count() == len(str(item.get_attribute("data-components")).split()) > 0
    selects.first.select_option("implemented")
    component = selects.first.get_attribute("data-component")
    page.reload()
    page.locator(".ambit-progress-tools").wait_for(state="visible")
    again = page.locator(".ambit-item[data-rank='1'] fieldset.ambit-track__components select").first
    assert again.get_attribute("data-component") == component
    assert again.input_value() == "implemented"


def test_filter_by_priority_and_status(profiles: Any, site_url: str) -> None:
    page = profiles(viewport=PHONE)
    _open(page, site_url)
    total = len(_ids(page))
    essential = page.locator(".ambit-item[data-priority=essential]").count()
    assert 0 < essential < total
    page.locator(".ambit-filters select[name=priority]").select_option("essential")
    visible = page.locator(".ambit-item:visible")
    assert visible.count() == essential
    assert set(visible.evaluate_all("els => els.map(e => e.dataset.priority)")) == {"essential"}
    assert page.locator(".ambit-filter-count").text_content() == (
        f"Showing {essential} of {total} controls: priority essential."
    )
    # Printing prints what the filter shows, with the line that says so.
    page.emulate_media(media="print")
    assert page.locator(".ambit-item:visible").count() == essential
    assert page.locator(".ambit-filter-count").is_visible()
    page.emulate_media(media="screen")

    page.locator(".ambit-filters button[type=reset]").click()
    page.wait_for_function(f"() => document.querySelectorAll('.ambit-item:not([hidden])').length === {total}")
    first = _ids(page)[0]
    _item(page, first).locator("select[name=status]").select_option("implemented")
    page.locator(".ambit-filters select[name=status]").select_option("open")
    assert page.locator(".ambit-item:visible").count() == total - 1
    assert not _item(page, first).is_visible()


def test_a_map_workbook_imports_statuses_per_component(profiles: Any, site_url: str, built_site: Path) -> None:
    page = profiles()
    page.goto(f"{site_url}method/logistics-route-optimiser/")
    page.locator(".ambit-progress-tools").wait_for(state="visible")
    item = page.locator(".ambit-item[data-rank='1']")
    control_id = str(item.get_attribute("data-control-id"))
    component = str(item.get_attribute("data-components")).split()[0]
    book = openpyxl.load_workbook(built_site / "method" / "logistics-route-optimiser" / "checklist.xlsx")
    if "By component" in book.sheetnames:  # replace the download's sheet with one in another column order
        del book["By component"]
    sheet = book.create_sheet("By component")
    sheet.append(["Title", "ID", "Component", "Status"])  # columns are found by name, not position
    sheet.append(["", control_id, f"{component} (whatever type)", "not applicable"])
    assert "Imported" in _import(page, "map.xlsx", _xlsx(book), XLSX)
    select = item.locator(f"fieldset.ambit-track__components select[data-component='{component}']")
    assert select.input_value() == "not-applicable"

    sheet.append(["", control_id, "no-such-component", "implemented"])
    text = _import(page, "map.xlsx", _xlsx(book), XLSX)
    assert f'By component!C3: {control_id} does not apply to a component "no-such-component"' in text
    assert select.input_value() == "not-applicable"
