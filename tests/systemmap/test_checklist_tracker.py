"""``ambit map``'s checklist.html opened from file:// in Chromium: a tracker that keeps progress
per control and per component across a reload, filters, says it shares storage with every local
page, and imports the workbook written beside it with a preview and an undo."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import REPO
from tests.site.conftest import file_only

pytestmark = pytest.mark.browser
EXAMPLE = REPO / "checklists" / "examples" / "logistics-route-optimiser.yml"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def mapped(tmp_path: Path, run_ambit: Callable[..., tuple[int, str, str]]) -> Path:
    code, out, err = run_ambit("map", str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert code == 0, out + err
    return tmp_path / "out"


@pytest.fixture
def local_page(browser: Any) -> Iterator[Any]:
    """A page that may open file: URLs only, with console errors collected in ``page.errors``."""
    context = browser.new_context(service_workers="block", accept_downloads=True)
    outside = file_only(context)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert outside == [], outside


def test_checklist_html_tracks_progress_from_file_urls(local_page: Any, mapped: Path) -> None:
    page = local_page
    page.goto((mapped / "checklist.html").as_uri())
    page.locator(".ambit-progress-tools").wait_for(state="visible")
    assert page.errors == [], "the page's CSP must allow its own scripts"
    assert "Export" in str(page.locator(".ambit-file-note").text_content())
    first = page.locator(".ambit-item[data-rank='1']")
    control_id = str(first.get_attribute("data-control-id"))
    first.locator("select[name=status]").select_option("implemented")
    component = first.locator("fieldset.ambit-track__components select").first
    name = str(component.get_attribute("data-component"))
    component.select_option("not-applicable")
    first.locator("details.ambit-track__more summary").click()
    first.locator("input[name=owner]").fill("IT lead")
    page.reload()
    page.locator(".ambit-progress-tools").wait_for(state="visible")
    first = page.locator(".ambit-item[data-rank='1']")
    assert first.locator("select[name=status]").input_value() == "implemented"
    assert first.locator(f"select[data-component='{name}']").input_value() == "not-applicable"
    assert first.locator("input[name=owner]").input_value() == "IT lead"
    assert str(page.locator(".ambit-summary").text_content()).startswith("Done: 1 of ")

    page.locator("select[name=tier]").select_option("first")
    assert set(page.locator(".ambit-item:visible").evaluate_all("els => els.map(e => e.dataset.tier)")) == {"first"}
    page.locator("select[name=status]").first.select_option("open")
    assert not page.locator(f".ambit-item[data-control-id='{control_id}']").is_visible()


def test_the_workbook_beside_it_imports_with_a_preview_and_an_undo(
    local_page: Any, mapped: Path, tmp_path: Path
) -> None:
    page = local_page
    page.goto((mapped / "checklist.html").as_uri())
    page.locator(".ambit-progress-tools").wait_for(state="visible")
    first = page.locator(".ambit-item[data-rank='1']")
    first.locator("details.ambit-track__more summary").click()
    first.locator("textarea[name=notes]").fill("typed here, kept")

    book = openpyxl.load_workbook(mapped / "checklist.xlsx")
    sheet = book["Checklist"]
    heads = [c.value for c in sheet[1]]
    assert sheet.cell(2, heads.index("Rank") + 1).value == 1
    sheet.cell(2, heads.index("Status") + 1).value = "in progress"
    sheet.cell(3, heads.index("Owner") + 1).value = "Colleague"
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    page.locator("input[data-action=import]").set_input_files(
        {"name": "filled.xlsx", "mimeType": XLSX, "buffer": filled.read_bytes()}
    )
    preview = page.locator(".ambit-preview")
    preview.wait_for(state="visible")
    text = str(preview.text_content())
    assert "1 new answer" in text and "1 changed answer" in text and "status: not started → in progress" in text
    preview.locator("[data-action=apply-import]").click()
    assert first.locator("select[name=status]").input_value() == "in-progress"
    assert first.locator("textarea[name=notes]").input_value() == "typed here, kept"
    second = page.locator(".ambit-item[data-rank='2']")
    assert second.locator("input[name=owner]").input_value() == "Colleague"

    page.locator("[data-action=undo-import]").click()
    assert first.locator("select[name=status]").input_value() == "not-started"
    assert first.locator("textarea[name=notes]").input_value() == "typed here, kept"
    assert second.locator("input[name=owner]").input_value() == ""
