"""A checklist page's start-up, in Debian's Chromium: each item's tracker starts light. Its owner,
due date and notes fields are built when the reader opens "Owner, due date and notes" (by mouse
or keyboard) or when the item has one of those answers to show, so the largest checklist starts
with about half the elements it had; what the page shows, stores, exports and follows from other
tabs is unchanged, including for items whose fields were never built."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.model import Catalogue
from tests.site.test_progress import CHECKLIST, _ids, _item, _open, _values, profiles

pytestmark = pytest.mark.browser
__all__ = ["profiles"]  # the fixture, imported so pytest finds it here

# What a tracker without owner, due date or notes holds: its box, the status label, its text and
# the select with six options, the closed <details> and its summary (12 elements). Built eagerly,
# the three fields with their labels made it 21.
LIGHT_TRACKER = 13
NOTE = "Stored note, never shown as <b>markup</b>"


def _built(page: Any) -> None:
    """Wait until every item of the checklist has its tracker (they are built in slices)."""
    page.locator(".ambit-checklist[data-progress-built=true]").wait_for(state="attached")


def _stored(page: Any, version: str) -> dict[str, Any]:
    text = page.evaluate(f"() => localStorage.getItem('ambit-progress:{CHECKLIST}@{version}')")
    return dict(json.loads(text)["items"]) if text else {}


def _seed(page: Any, site_url: str, version: str, items: dict[str, Any]) -> None:
    """Store ``items`` as this browser's progress on the checklist, then load the page afresh."""
    progress = {
        "format": "ambit-progress",
        "format_version": 1,
        "checklist": CHECKLIST,
        "catalogue_version": version,
        "items": items,
    }
    page.evaluate(
        "([key, text]) => localStorage.setItem(key, text)",
        [f"ambit-progress:{CHECKLIST}@{version}", json.dumps(progress)],
    )
    _open(page, site_url)
    _built(page)


def _has_fields(page: Any) -> list[str]:
    return [
        str(i)
        for i in page.locator(".ambit-item:has(input[name=owner])").evaluate_all(
            "els => els.map(e => e.dataset.controlId)"
        )
    ]


def test_fields_are_built_where_answers_are_stored_or_the_reader_opens_them(
    profiles: Any, site_url: str, real_catalogue: Catalogue
) -> None:
    version = real_catalogue.info.version
    page = profiles()
    _open(page, site_url)
    ids = _ids(page)
    first, noted, last = ids[0], ids[1], ids[-1]
    _seed(
        page,
        site_url,
        version,
        {
            first: {"status": "in-progress"},
            noted: {"notes": NOTE},
            last: {"status": "implemented", "owner": "Ana", "due": "2027-05-01"},
        },
    )

    counts = page.locator(".ambit-item").evaluate_all(
        "els => els.map(li => li.querySelector(':scope > .ambit-track').getElementsByTagName('*').length + 1)"
    )
    assert len(counts) == len(ids)
    assert sum(counts) <= LIGHT_TRACKER * len(ids), "trackers carry fields nobody opened"
    assert _has_fields(page) == [noted, last], "fields exist exactly where an answer needs them"

    # Stored answers show, in an open <details>, on an early item and on the last one built.
    for control_id in (noted, last):
        assert _item(page, control_id).locator("details.ambit-track__more").get_attribute("open") is not None
    assert _item(page, noted).locator("textarea[name=notes]").input_value() == NOTE
    assert _item(page, noted).locator("b").count() == 0
    assert _values(page, last) == ("implemented", "Ana", "2027-05-01", "")

    # An item with a status only: closed, without fields, until the reader opens it.
    more = _item(page, first).locator("details.ambit-track__more")
    assert more.get_attribute("open") is None
    assert _item(page, first).locator("input, textarea").count() == 0
    more.locator("summary").click()
    _item(page, first).locator("input[name=owner]").fill("Bo")
    assert _stored(page, version)[first] == {"status": "in-progress", "owner": "Bo"}
    assert _stored(page, version)[noted] == {"notes": NOTE}

    page.reload()
    _built(page)
    assert _values(page, first) == ("in-progress", "Bo", "", "")
    assert _values(page, noted) == ("not-started", "", "", NOTE)


def test_the_keyboard_opens_the_fields_and_reaches_them_at_once(
    profiles: Any, site_url: str, real_catalogue: Catalogue
) -> None:
    page = profiles()
    _open(page, site_url)
    _built(page)
    control_id = _ids(page)[2]
    summary = _item(page, control_id).locator("details.ambit-track__more summary")
    summary.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.name, document.activeElement.closest('.ambit-item').id]")
    assert focused == ["owner", f"item-{control_id}"]
    page.keyboard.type("Kim")
    assert _stored(page, real_catalogue.info.version)[control_id] == {"owner": "Kim"}


def test_other_tabs_and_export_reach_items_whose_fields_were_never_built(
    profiles: Any, site_url: str, real_catalogue: Catalogue
) -> None:
    version = real_catalogue.info.version
    here = profiles()
    _open(here, site_url)
    _built(here)
    ids = _ids(here)
    there = here.context.new_page()
    _open(there, site_url)
    assert _item(here, ids[3]).locator("textarea").count() == 0

    there_item = _item(there, ids[3])
    there_item.locator("details.ambit-track__more summary").click()
    there_item.locator("textarea[name=notes]").fill("Written in the other tab")
    _item(there, ids[-1]).locator("select[name=status]").select_option("not-applicable")

    # This tab follows: the item's fields are built, opened and filled; the last item's status too.
    notes = _item(here, ids[3]).locator("textarea[name=notes]")
    notes.wait_for()
    assert notes.input_value() == "Written in the other tab"
    assert _item(here, ids[3]).locator("details.ambit-track__more").get_attribute("open") is not None
    here.wait_for_function(
        f"() => document.querySelector('#item-{ids[-1]} select[name=status]').value === 'not-applicable'"
    )
    assert _item(here, ids[-1]).locator("input, textarea").count() == 0

    with here.expect_download() as download:
        here.locator("[data-action=export-json]").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["items"] == {ids[3]: {"notes": "Written in the other tab"}, ids[-1]: {"status": "not-applicable"}}
    assert exported["items"] == _stored(here, version)
