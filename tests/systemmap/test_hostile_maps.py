"""Hostile maps too large or too odd to keep as files: the browser and ``ambit map`` refuse them alike.

The hand-written corpus (``bad_maps/``) holds the small ones; these are generated. Each must give
the same diagnostics in Chromium as in Python, and quickly (the browser's checks were quadratic).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from generator.model import Catalogue
from tests.systemmap.test_browser_checks import _compare
from tests.systemmap.test_browser_checks import page as page  # the module's Chromium page with the readers

HEAD = "system: Route optimiser\ncomponents:\n  - id: route-history\n    type: object-storage\n    exposure: internal\n"


def test_generated_hostile_maps_get_the_same_answer_in_both_readers(
    page: Any, catalogue: Catalogue, tmp_path: Path
) -> None:
    files = {
        "oversized.yml": HEAD + "description: " + "x" * 1_100_000 + "\n",
        "long-unique-list.yml": HEAD
        + "people:\n  - role: Dispatcher\n    uses: ["
        + ", ".join(f"c{i}" for i in range(60_000))
        + "]\n",
        "long-id-near-miss.yml": HEAD.replace("route-history", "r" * 300_000)
        + "flows:\n  - from: "
        + "r" * 299_999
        + "x\n    to: route-history\n    data: d\n    lifecycle: collection\n",
        "proto-top-level.yml": HEAD + "__proto__:\n  runs_on: 1\n",
    }
    started = time.monotonic()
    assert _compare(page, catalogue, files, tmp_path) == {}
    assert time.monotonic() - started < 60  # the browser alone took over 180 s on the long id
