"""The shared progress-file corpus (``tests/progress/corpus.py``): the site's Import in Chromium and
``ambit progress merge`` take or refuse each file alike (the security review's F-15).

Each file goes through the page's own Import button on the built site's checklist page: taken means
the page previews it, refused means it lists the problems and stores nothing. The CLI reads the
same bytes against the same catalogue.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.model import Catalogue
from tests.progress.corpus import cases
from tests.progress.test_corpus import cli_verdict
from tests.site.test_progress import CHECKLIST, _ids, _open, profiles

pytestmark = pytest.mark.browser
__all__ = ["profiles"]

Run = Callable[..., tuple[int, str, str]]


def _browser_verdict(page: Any, name: str, data: bytes) -> tuple[bool, str]:
    page.locator(".ambit-message").evaluate("box => box.replaceChildren()")
    page.locator("input[data-action=import]").set_input_files(
        {"name": f"{name}.json", "mimeType": "application/json", "buffer": data}
    )
    page.locator(".ambit-message p, .ambit-preview:not([hidden])").first.wait_for()
    preview = page.locator(".ambit-preview:not([hidden])")
    if preview.count():
        text = str(preview.text_content())
        cancel = preview.locator("[data-action=cancel-import], [data-action=apply-import]").last
        cancel.click()  # Cancel, or Close when the file would change nothing
        return True, text
    return False, str(page.locator(".ambit-message").text_content())


def test_the_page_and_the_cli_take_or_refuse_the_same_files(
    profiles: Any, site_url: str, real_project: Path, real_catalogue: Catalogue, run_ambit: Run, tmp_path: Path
) -> None:
    page = profiles()
    _open(page, site_url)
    first, second = _ids(page)[:2]
    before = page.evaluate("() => JSON.stringify(Object.entries(localStorage).sort())")
    disagreements = {}
    for case in cases(CHECKLIST, real_catalogue.info.version, first, second):
        browser, shown = _browser_verdict(page, case.name, case.data)
        cli, err = cli_verdict(run_ambit, real_project, CHECKLIST, case, tmp_path)
        if not browser == cli == case.accepted:
            disagreements[case.name] = {"expected": case.accepted, "browser": shown[:300], "cli": err[:300]}
    assert disagreements == {}
    assert page.evaluate("() => JSON.stringify(Object.entries(localStorage).sort())") == before
    assert page.evaluate("() => Object.prototype.status === undefined && ({}).status === undefined")
