"""What the browser keeps, under attack: the security review's F-5, F-6, F-7 and the stored-map half
of F-15, each replayed as the review describes it, in Debian's Chromium.

- F-5: in the offline copy every page opened from files shares one storage, so any local HTML file
  can read and rewrite the progress and the map. No browser isolates file:// storage; the pages say
  so next to their tools and point to Export, and they trust nothing they read back: a planted value
  is checked with the rules of an imported file, shown as text, and never stops the page.
- F-6: progress stored under an older catalogue version is offered for carrying forward.
- F-7: two tabs of one checklist, or of the mapper, never erase each other's answers.
- F-15: a corrupt stored map (``components: [null]``, a type ``__proto__``) starts a blank form
  with the reason, instead of "the mapper's data could not be loaded".
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.site.offline import FOLDER, OFFLINE_ZIP
from tests.site.conftest import csp_violations, file_only
from tests.site.test_progress import _annotate, _item, _values, profiles

pytestmark = pytest.mark.browser
__all__ = ["profiles"]

MAP_KEY = "ambit:mapper:map:v1"
NOTE = "S3 bucket prod-pii is public until Friday"


def _status(page: Any, control_id: str) -> str:
    return str(_item(page, control_id).locator("select[name=status]").input_value())


def _open_checklist(page: Any, url: str) -> None:
    page.goto(url)
    page.locator(".ambit-progress-tools").wait_for(state="visible")


def _mapper_ready(page: Any) -> None:
    page.wait_for_function(
        "() => ['true', 'failed'].includes(document.getElementById('ambit-mapper').getAttribute('data-ready'))"
    )
    assert page.evaluate("() => document.getElementById('ambit-mapper').getAttribute('data-ready')") == "true"


@pytest.fixture
def offline_copy(built_site: Path, tmp_path: Path) -> Path:
    """The offline zip unpacked, beside a folder for other local files."""
    with zipfile.ZipFile(built_site / OFFLINE_ZIP) as archive:
        archive.extractall(tmp_path / "usb")
    return tmp_path / "usb" / FOLDER


@pytest.fixture
def local_context(browser: Any) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A browser profile that may load local files only; the off-page requests and CSP refusals it saw."""
    context = browser.new_context(service_workers="block")
    outside = file_only(context)
    refused: list[str] = []
    context.on("console", lambda message: refused.extend(csp_violations([message.text])))
    yield context, outside, refused
    context.close()
    assert outside == [], outside


def test_f5_a_local_page_can_plant_values_but_the_offline_pages_warn_and_trust_none(
    local_context: tuple[Any, list[str], list[str]], offline_copy: Path, tmp_path: Path
) -> None:
    context, _, refused = local_context
    checklist = (offline_copy / "checklists" / "saas" / "index.html").as_uri()
    page = context.new_page()
    _open_checklist(page, checklist)
    note = str(page.locator(".ambit-file-note").text_content())
    assert "another local copy" in note and "Export" in note, "the page says storage is shared, next to its tools"
    _annotate(page, "ING-003", "implemented", "Ana", "", NOTE)
    page.locator("h1").first.click()  # done typing: the note field loses the focus
    version = page.evaluate("() => document.querySelector('.ambit-checklist').dataset.catalogueVersion")
    key = f"ambit-progress:saas@{version}"

    # The review's ten-line page, opened from another folder of the same disk: it reads the note.
    spy = tmp_path / "mail-attachment.html"
    spy.write_text("<!doctype html><pre id=out></pre><script>out.textContent = JSON.stringify(localStorage)</script>")
    other = context.new_page()
    other.goto(spy.as_uri())
    assert NOTE in str(other.locator("#out").text_content()), "file:// storage is shared: the notice is the defence"

    # It then plants values: progress with markup, a __proto__ item and a key given twice, an undo
    # record that would restore them, and a map that stopped the mapper in 0.2.0.
    planted = (
        '{"format":"ambit-progress","format_version":1,"checklist":"saas","catalogue_version":"' + version + '",'
        '"items":{"ING-003":{"status":"implemented","notes":"<img src=x onerror=window.__pwned=1>"},'
        '"__proto__":{"status":"implemented"},"ING-006":{"status":"in-progress"},"ING-006":{"status":"done"}}}'
    )
    stored_map = {"system": "x", "components": [None, {"id": "a", "type": "__proto__"}], "flows": [None]}
    other.evaluate(
        "([key, progress, map, mapKey]) => { localStorage.setItem(key, progress);"
        " localStorage.setItem(key + '#undo', JSON.stringify({before: JSON.parse(progress), source: '<b>x</b>'}));"
        " localStorage.setItem(mapKey, JSON.stringify(map)); }",
        [key, planted, stored_map, MAP_KEY],
    )

    # Each page's copy of the storage catches up with another page's writes a moment later.
    page.wait_for_function("([key, value]) => localStorage.getItem(key) === value", arg=[key, planted])
    page.reload()
    page.locator(".ambit-progress-tools").wait_for(state="visible")
    message = str(page.locator(".ambit-message").text_content())
    assert "could not be read" in message
    assert _status(page, "ING-003") == "not-started" and _status(page, "ING-006") == "not-started"
    assert not page.locator("[data-action=undo-import]").is_visible(), "a planted undo record is not offered"
    assert page.locator(".ambit-item img, .ambit-message img, .ambit-message b").count() == 0
    assert page.evaluate("() => window.__pwned === undefined && ({}).status === undefined")
    # The page still works: a change replaces the planted value with the user's own.
    _item(page, "ING-003").locator("select[name=status]").select_option("in-progress")
    assert json.loads(page.evaluate(f"() => localStorage.getItem('{key}')"))["items"] == {
        "ING-003": {"status": "in-progress"}
    }

    mapper = context.new_page()
    mapper.goto((offline_copy / "mapper" / "index.html").as_uri())
    _mapper_ready(mapper)
    assert "another local page" in str(mapper.locator(".mapper-file-note").text_content())
    errors = mapper.locator("#mapper-file-errors")
    assert errors.is_visible()
    assert "The map stored in this browser was not used" in str(errors.text_content())
    assert "components item 1 must be a mapping of fields" in str(errors.text_content())
    assert mapper.locator("#mapper-system").input_value() == ""
    assert refused == []


@pytest.mark.parametrize(
    ("name", "stored", "expected"),
    [
        (
            "review-f15",
            json.dumps({"system": "x", "components": [None, {"id": "a", "type": "__proto__"}], "flows": [None]}),
            "components item 1 must be a mapping of fields, not nothing",
        ),
        (
            "proto-in-component",
            '{"system":"x","components":[{"id":"a","type":"object-storage","__proto__":{"runs_on":1}}]}',
            "unknown field '__proto__' in components.0",
        ),
        (
            "runs-on-not-a-list",
            json.dumps({"system": "x", "components": [{"id": "a", "type": "object-storage", "runs_on": "b"}]}),
            "runs_on must be a list, not text",
        ),
        ("key-twice", '{"system":"x","system":"y","components":[]}', "duplicate key 'system'"),
        ("deep-nesting", '{"system":"x","components":[' + "[" * 100_000 + "]" * 100_000 + "]}", "error["),
        ("over-1-mb", json.dumps({"system": "x", "components": [], "n": "n" * 1_100_000}), "the limit is 1,048,576"),
        ("not-json", "{{{", "yaml-syntax"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 25 else "",
)
def test_f15_a_corrupt_stored_map_starts_a_blank_form_and_says_why(
    profiles: Any, site_url: str, name: str, stored: str, expected: str
) -> None:
    page = profiles()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.context.add_init_script(
        "if (!sessionStorage.getItem('planted')) { sessionStorage.setItem('planted', '1');"
        f" localStorage.setItem('{MAP_KEY}', {json.dumps(stored)}); }}"
    )
    page.goto(f"{site_url}mapper/")
    _mapper_ready(page)
    box = page.locator("#mapper-file-errors")
    assert box.is_visible()
    assert expected in str(box.text_content())
    assert "could not be loaded" not in str(page.locator("#mapper-problems").text_content())
    assert page.locator("#mapper-system").input_value() == ""
    assert errors == []
    # "Start a new map" is not needed: adding a component replaces the broken value.
    page.locator("#mapper-add-component").click()
    saved = json.loads(page.evaluate(f"() => localStorage.getItem('{MAP_KEY}')"))
    assert len(saved["components"]) == 1 and saved["components"][0]["id"] == ""


def test_an_unfinished_map_with_markup_is_kept_and_shown_as_text(profiles: Any, site_url: str) -> None:
    unfinished = {
        "system": "<img src=x onerror=window.__pwned=1>",
        "intake": {},
        "components": [{"id": "Web", "type": "<script>window.__pwned=1</script>", "exposure": ""}],
        "flows": [{"from": "Web", "to": "", "data": "", "lifecycle": ""}],
        "people": [],
    }
    page = profiles()
    page.context.add_init_script(f"localStorage.setItem('{MAP_KEY}', {json.dumps(json.dumps(unfinished))})")
    page.goto(f"{site_url}mapper/")
    _mapper_ready(page)
    assert not page.locator("#mapper-file-errors").is_visible(), "a form left half done is the user's own work"
    assert page.locator("#mapper-system").input_value() == unfinished["system"]
    assert page.locator("#ambit-mapper img, #ambit-mapper script").count() == 0
    assert page.evaluate("() => window.__pwned") is None


def test_f6_answers_under_an_older_catalogue_are_announced_and_carried_forward(profiles: Any, site_url: str) -> None:
    old = {
        "format": "ambit-progress",
        "format_version": 1,
        "checklist": "saas",
        "catalogue_version": "0.1.0",
        "items": {"ING-003": {"status": "implemented", "notes": "months of work"}},
    }
    page = profiles()
    page.context.add_init_script(f"localStorage.setItem('ambit-progress:saas@0.1.0', {json.dumps(json.dumps(old))})")
    _open_checklist(page, f"{site_url}checklists/saas/")
    offer = page.locator(".ambit-older")
    assert offer.is_visible()
    assert "1 answer for this checklist from catalogue 0.1.0" in str(offer.text_content())
    offer.locator("[data-action=carry-forward]").click()
    preview = page.locator(".ambit-preview")
    assert "1 new answer" in str(preview.text_content())
    preview.locator("[data-action=apply-import]").click()
    assert _values(page, "ING-003") == ("implemented", "", "", "months of work")
    with page.expect_download() as download:
        page.locator("[data-action=export-json]").click()
    exported = json.loads(Path(download.value.path()).read_text("utf-8"))
    assert exported["items"]["ING-003"] == {"status": "implemented", "notes": "months of work"}
    assert page.evaluate("() => localStorage.getItem('ambit-progress:saas@0.1.0')"), "the old answers stay"


def test_f7_two_tabs_of_a_checklist_keep_each_others_answers(profiles: Any, site_url: str) -> None:
    tab_a = profiles()
    tab_b = tab_a.context.new_page()
    for tab in (tab_a, tab_b):
        _open_checklist(tab, f"{site_url}checklists/saas/")
    _item(tab_a, "ING-003").locator("select[name=status]").select_option("implemented")
    tab_b.wait_for_function(
        "() => document.querySelector('[data-control-id=\"ING-003\"] select[name=status]').value === 'implemented'"
    )
    _item(tab_b, "ING-006").locator("select[name=status]").select_option("in-progress")
    tab_a.wait_for_function(
        "() => document.querySelector('[data-control-id=\"ING-006\"] select[name=status]').value === 'in-progress'"
    )
    tab_a.reload()
    tab_a.locator(".ambit-progress-tools").wait_for(state="visible")
    assert (_status(tab_a, "ING-003"), _status(tab_a, "ING-006")) == ("implemented", "in-progress")


def test_f7_two_tabs_of_the_mapper_keep_each_others_changes(profiles: Any, site_url: str) -> None:
    tab_a = profiles()
    tab_b = tab_a.context.new_page()
    for tab in (tab_a, tab_b):
        tab.goto(f"{site_url}mapper/")
        _mapper_ready(tab)
    tab_a.locator("#mapper-system").fill("Route optimiser")
    tab_b.wait_for_function("() => document.getElementById('mapper-system').value === 'Route optimiser'")
    tab_b.locator("#mapper-add-component").click()
    tab_b.locator("#mapper-components input[data-field$=':id']").first.fill("route-history")
    tab_a.wait_for_function(
        "() => JSON.parse(localStorage.getItem('ambit:mapper:map:v1')).components.length === 1"
        " && document.querySelector('#mapper-components input[data-field$=\":id\"]') !== null"
    )
    tab_a.reload()
    _mapper_ready(tab_a)
    assert tab_a.locator("#mapper-system").input_value() == "Route optimiser"
    assert tab_a.locator("#mapper-components input[data-field$=':id']").first.input_value() == "route-history"
