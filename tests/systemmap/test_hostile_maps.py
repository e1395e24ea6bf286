"""Hostile maps too large or too odd to keep as files: the browser and ``ambit map`` refuse them alike.

The hand-written corpus (``bad_maps/``) holds the small ones; these are generated. Each must give
the same diagnostics in Chromium as in Python, and quickly (the browser's checks were quadratic).
"""

from __future__ import annotations

import json
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
        # The rest of the security review's F-10/F-15 inputs: each a located message in both readers.
        "proto-in-flow.yml": HEAD + "flows:\n  - from: a\n    to: b\n    __proto__: {x: 1}\n",
        "constructor-key.yml": HEAD + "constructor: {x: 1}\n",
        "huge-number.yml": HEAD.replace("system: Route optimiser", "system: " + "9" * 5000),
        "huge-number-in-list.yml": HEAD + "people:\n  - role: Dispatcher\n    uses: [" + "9" * 5000 + "]\n",
        "lone-surrogate.yml": HEAD + '    notes: "\\ud800"\n',
        "deep-nesting.yml": HEAD + "    notes: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "deep-json.yml": '{"system": "x", "components": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
    }
    started = time.monotonic()
    mismatches = _compare(page, catalogue, files, tmp_path)
    assert mismatches == {}, json.dumps(mismatches, indent=1)[:4000]
    assert time.monotonic() - started < 60  # the browser alone took over 180 s on the long id
