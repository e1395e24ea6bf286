"""The shared corpus (``tests/progress/corpus.py`` and its workbooks, ``corpus_xlsx.py``): the site's
Import in Chromium and ``ambit progress merge`` / ``from-xlsx`` take or refuse each file alike (the
security review's F-15), and a refused workbook's message means what the CLI's error code says.

Each file goes through the page's own Import button on the built site's checklist page, all in one
page load: taken means the page previews it (then Cancel), refused means it lists the problems and
stores nothing, and a file both take must show the CLI's values (status, owner, due date, short
notes) in the page's preview. The CLI reads the same bytes against the same catalogue; its commands
run in full for every file, with the catalogue loaded once (loading it for each file took most of
the time this test took).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.model import Catalogue
from generator.progress import cli as progress_cli
from generator.progress.model import STATUS_LABELS
from tests.progress.corpus import Case, cases
from tests.progress.corpus_xlsx import ABSENT, PAGE_SAYS, PAGE_SAYS_OTHER_VERSION, xlsx_cases
from tests.progress.test_corpus import cli_verdict, cli_xlsx_verdict
from tests.site.test_progress import CHECKLIST, _ids, _open, profiles

pytestmark = pytest.mark.browser
__all__ = ["profiles"]

Run = Callable[..., tuple[int, str, str]]


def _browser_verdict(page: Any, source: Path) -> tuple[bool, str]:
    page.locator(".ambit-message").evaluate("box => box.replaceChildren()")
    # Given by path, which Chromium reads itself: as a buffer, the 10 MiB workbook alone took 14 s to hand over.
    page.locator("input[data-action=import]").set_input_files(str(source))
    page.locator(".ambit-message p, .ambit-preview:not([hidden])").first.wait_for()
    preview = page.locator(".ambit-preview:not([hidden])")
    if preview.count():
        text = str(preview.text_content())
        cancel = preview.locator("[data-action=cancel-import], [data-action=apply-import]").last
        cancel.click()  # Cancel, or Close when the file would change nothing
        return True, text
    return False, str(page.locator(".ambit-message").text_content())


def _missing_values(tmp_path: Path, case: Case, preview: str) -> list[str]:
    """The CLI's answers (``cli_verdict`` and ``cli_xlsx_verdict`` write them to ``<case>.out.json``)
    that the page's preview does not show as the file's value: both readers must read the same values."""
    items = json.loads((tmp_path / f"{case.name}.out.json").read_bytes())["items"]
    missing = []
    for item in items.values():
        for field, value in item.items():
            if field == "components" or value in ("", "not-started") or len(value) > 80:
                continue  # the preview lists changes from nothing stored, and shortens long text (in UTF-16 units)
            text = STATUS_LABELS[value].lower() if field == "status" else value
            if f"\u2192 {text}" not in preview:
                missing.append(f"{field}: {value}")
    return missing


def _page_says(case: Case) -> str:
    """What the page's message must hold for a refused workbook: the meaning of the CLI's error."""
    if case.accepted or not case.name.startswith("xlsx-"):
        return ""
    return PAGE_SAYS_OTHER_VERSION if case.cli_note else PAGE_SAYS[case.code]


def test_the_page_and_the_cli_take_or_refuse_the_same_files(
    profiles: Any,
    site_url: str,
    real_project: Path,
    real_catalogue: Catalogue,
    run_ambit: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def catalogue(args: Any) -> Catalogue:
        assert Path(args.root).resolve() == real_project.resolve()
        return real_catalogue

    monkeypatch.setattr(progress_cli, "_catalogue", catalogue)
    page = profiles()
    _open(page, site_url)
    ids = _ids(page)
    first, second = ids[:2]
    assert ABSENT not in ids
    title = str(page.evaluate("() => document.querySelector('.ambit-checklist').dataset.checklistTitle"))
    assert title == next(d.title for d in real_catalogue.checklists if d.id == CHECKLIST)
    version = real_catalogue.info.version
    before = page.evaluate("() => JSON.stringify(Object.entries(localStorage).sort())")
    disagreements = {}
    for case in cases(CHECKLIST, version, first, second) + xlsx_cases(CHECKLIST, version, title, first):
        source = tmp_path / "page" / (case.name + (".xlsx" if case.data.startswith(b"PK") else ".json"))
        source.parent.mkdir(exist_ok=True)
        source.write_bytes(case.data)
        browser, shown = _browser_verdict(page, source)
        if case.name.startswith("xlsx-"):
            cli, err = cli_xlsx_verdict(run_ambit, real_project, CHECKLIST, version, case, tmp_path)
        else:
            cli, err = cli_verdict(run_ambit, real_project, CHECKLIST, case, tmp_path)
        says = _page_says(case)
        missing = _missing_values(tmp_path, case, shown) if browser and cli else []
        if (
            not browser == cli == case.accepted
            or says not in shown
            or (case.code and f"[{case.code}]" not in err)
            or missing
        ):
            disagreements[case.name] = {
                "expected": case.accepted,
                "browser": shown[:400],
                "cli": err[:400],
                "values the page does not show": missing,
            }
    assert disagreements == {}, json.dumps(disagreements, indent=1, ensure_ascii=False)
    assert page.evaluate("() => JSON.stringify(Object.entries(localStorage).sort())") == before
    assert page.evaluate("() => Object.prototype.status === undefined && ({}).status === undefined")
