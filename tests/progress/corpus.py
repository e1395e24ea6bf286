"""One table of progress files that the site's Import and ``ambit progress merge`` must both take or
both refuse (the security review's F-15: the two readers disagreed on duplicate keys, lone
surrogates, impossible dates, sizes and lengths).

Every case is a file for one checklist at one catalogue version, built by :func:`cases` from that
checklist's id, version and two of its control ids, so the same table runs against the fixture
catalogue (``tests/progress/test_corpus.py``, the CLI alone) and against the built site's
checklist page in Chromium beside the CLI (``tests/site/test_progress_corpus.py``). The corpus's
workbooks, which Import and ``ambit progress from-xlsx`` must take or refuse alike, are in
``tests/progress/corpus_xlsx.py``.

What is out of the table on purpose: a file for another checklist or catalogue version, or with
answers for controls the checklist lacks. Import refuses those (it stores progress for this page),
while ``merge`` exists to carry such answers over and reports what it dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generator.progress.load import MAX_BYTES  # the site's Import applies the same limit


@dataclass(frozen=True)
class Case:
    """A progress file and whether both readers take it; ``code`` is the CLI's error code when refused.

    ``cli_note``: a workbook of another catalogue version, which the page refuses and ``ambit progress
    from-xlsx`` converts as that version's progress with this note (``tests/progress/corpus_xlsx.py``).
    """

    name: str
    data: bytes
    accepted: bool
    code: str = ""
    cli_note: str = ""


def _doc(checklist: str, version: str, items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "format": "ambit-progress",
        "format_version": 1,
        "checklist": checklist,
        "catalogue_version": version,
        **extra,
        "items": items,
    }


def cases(checklist: str, version: str, first: str, second: str) -> list[Case]:
    """The corpus for ``checklist`` at ``version``; ``first`` and ``second`` are controls on it."""

    def doc(items: dict[str, Any], **extra: Any) -> bytes:
        return json.dumps(_doc(checklist, version, items, **extra)).encode()

    good = doc({first: {"status": "implemented", "owner": "Ana", "due": "2027-03-31", "notes": "ok"}})
    text = good.decode()
    emoji = "\U0001f512" * 3000  # 3,000 characters; 6,000 UTF-16 units
    return [
        Case("valid", good, True),
        Case("byte-order-mark", b"\xef\xbb\xbf" + good, True),
        Case("empty-due-date", doc({first: {"status": "in-progress", "due": ""}}), True),
        Case("markup-and-formula-as-text", doc({first: {"notes": '<img src=x onerror="x()">', "owner": "=1+1"}}), True),
        Case("format-version-as-1.0", text.replace('"format_version": 1', '"format_version": 1.0').encode(), True),
        Case("notes-of-3000-emoji", doc({first: {"notes": emoji}}), True),
        Case("owner-of-200", doc({first: {"owner": "o" * 200}}), True),
        Case("no-items", doc({}), True),
        # __proto__ anywhere: a key JavaScript would otherwise turn into the object's prototype.
        Case("proto-item-key", text.replace(f'"{first}"', '"__proto__"').encode(), False, "progress-schema"),
        Case("proto-top-level", text.replace('"items"', '"__proto__": {}, "items"').encode(), False, "progress-schema"),
        Case(
            "proto-in-item",
            text.replace('"owner"', '"__proto__": {"status": "x"}, "owner"').encode(),
            False,
            "progress-schema",
        ),
        Case("constructor-item-key", doc({"constructor": {}}), False, "progress-schema"),
        Case(
            "duplicate-top-key",
            text.replace('"checklist"', '"checklist": "x", "checklist"').encode(),
            False,
            "duplicate-key",
        ),
        Case(
            "duplicate-item",
            text.replace(f'"{first}": {{', f'"{first}": {{"status": "in-progress"}}, "{first}": {{').encode(),
            False,
            "duplicate-key",
        ),
        Case("lone-surrogate-in-notes", text.replace('"ok"', '"\\ud800"').encode(), False, "encoding"),
        Case("lone-surrogate-in-owner", text.replace('"Ana"', '"A\\udfffna"').encode(), False, "encoding"),
        Case(
            "huge-number",
            text.replace('"format_version": 1', '"format_version": 1' + "0" * 5000).encode(),
            False,
            "number-too-large",
        ),
        Case("huge-number-as-owner", text.replace('"Ana"', "9" * 400).encode(), False, "number-too-large"),
        Case("deep-nesting", text.replace('"ok"', "[" * 100_000 + "]" * 100_000).encode(), False, "too-deep"),
        Case("nesting-of-8", text.replace('"ok"', "[" * 8 + "]" * 8).encode(), False, "progress-schema"),
        Case("not-utf8", good.replace(b"ok", b"\xff\xfe"), False, "encoding"),
        Case(
            "trailing-newline-checklist",
            doc({}).replace(f'"{checklist}"'.encode(), f'"{checklist}\\n"'.encode()),
            False,
            "progress-schema",
        ),
        Case(
            "trailing-newline-version",
            doc({}).replace(f'"{version}"'.encode(), f'"{version}\\n"'.encode()),
            False,
            "progress-schema",
        ),
        Case("trailing-newline-id", text.replace(f'"{first}"', f'"{first}\\n"').encode(), False, "progress-schema"),
        Case("impossible-date", doc({first: {"due": "2027-02-30"}}), False, "bad-date"),
        Case("unpadded-date", doc({first: {"due": "2027-2-3"}}), False, "progress-schema"),
        Case("unknown-status", doc({first: {"status": "done"}}), False, "progress-schema"),
        Case("owner-of-201", doc({first: {"owner": "o" * 201}}), False, "progress-schema"),
        Case("notes-of-5001", doc({first: {"notes": "n" * 5001}}), False, "progress-schema"),
        Case("number-as-notes", doc({first: {"notes": 5}}), False, "progress-schema"),
        Case("unknown-item-field", doc({first: {"script": "<script>"}}), False, "progress-schema"),
        Case("items-as-list", doc([]), False, "progress-schema"),  # type: ignore[arg-type]
        Case("saved-as-number", doc({}, saved=5), False, "progress-schema"),
        Case(
            "format-version-true",
            text.replace('"format_version": 1', '"format_version": true').encode(),
            False,
            "progress-schema",
        ),
        Case("not-json", b'{"format": ', False, "json-syntax"),
        Case("over-the-size-limit", good[:-1] + b" " * MAX_BYTES + b"}", False, "too-large"),
        Case("2001-items", doc({f"{first[:3]}-{n}": {} for n in range(1000, 3001)}), False, "progress-schema"),
        Case(
            "components-with-a-bad-id", doc({first: {"components": {"Web": "implemented"}}}), False, "progress-schema"
        ),
        Case("second-control-too", doc({first: {"status": "implemented"}, second: {"status": "in-progress"}}), True),
    ]
