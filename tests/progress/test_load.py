from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.progress.load import MAX_BYTES, load, parse
from generator.progress.model import ItemProgress, Progress, ProgressError, dumps

VALID = {
    "format": "ambit-progress",
    "format_version": 1,
    "checklist": "saas",
    "catalogue_version": "0.1.0",
    "items": {"IAM-001": {"status": "implemented", "owner": "Dana", "due": "2027-03-31", "notes": "<b>x</b>"}},
}


def _problems(text: str) -> list[str]:
    with pytest.raises(ProgressError) as caught:
        parse(text, "p.json")
    return [f"{p.where} {p.code}" for p in caught.value.problems]


def test_a_valid_file_round_trips_to_the_same_bytes() -> None:
    text = json.dumps(VALID, indent=2) + "\n"
    progress = parse(text, "p.json")
    assert progress.items["IAM-001"] == ItemProgress("implemented", "Dana", "2027-03-31", "<b>x</b>")
    assert dumps(progress) == text.encode("utf-8")


def test_syntax_errors_and_duplicate_keys_carry_line_and_column() -> None:
    assert _problems('{\n  "format": "ambit-progress",\n  "items": {,}\n}') == ["3:13 json-syntax"]
    assert _problems('{"items": {}, "items": {}}') == ["1:2 duplicate-key"]


def test_every_schema_error_is_reported_at_its_key() -> None:
    text = """{
  "format": "ambit-progress",
  "format_version": 1,
  "checklist": "saas",
  "catalogue_version": "0.1.0",
  "items": {
    "IAM-001": {"status": "done"},
    "XYZ-1": {},
    "HST-001": {"due": "31/03/2027", "script": "<script>"}
  }
}"""
    assert _problems(text) == [
        "7:17 progress-schema",
        "8:5 progress-schema",
        "9:5 progress-schema",
        "9:17 progress-schema",
    ]


def test_wrong_format_missing_fields_and_non_objects() -> None:
    assert _problems("[]") == ["1:1 progress-schema"]
    assert "1:1 progress-schema" in _problems('{"format": "ambit-checklist-export"}')


def test_files_too_large_or_not_utf8_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_BYTES + 1))
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"notes": "caf\xe9"}')
    for path, code in ((big, "too-large"), (latin, "encoding"), (tmp_path / "missing.json", "unreadable")):
        with pytest.raises(ProgressError) as caught:
            load(path)
        assert [p.code for p in caught.value.problems] == [code]


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(VALID).encode())
    assert load(path).checklist == "saas"


def test_dumps_leaves_out_empty_fields_and_sorts_ids() -> None:
    progress = Progress(
        "saas", "0.1.0", {"IAM-002": ItemProgress(), "HST-001": ItemProgress(components={"b": "x", "a": "y"})}
    )
    data = json.loads(dumps(progress))
    assert list(data["items"]) == ["HST-001", "IAM-002"]
    assert data["items"]["IAM-002"] == {"status": "not-started"}
    assert list(data["items"]["HST-001"]["components"]) == ["a", "b"]
