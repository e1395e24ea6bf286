"""The safe YAML loader: positions for every node, and refusal of unsafe or broken YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic
from generator.loader import YamlDocument, load_yaml, load_yaml_bytes


def load(text: str | bytes) -> YamlDocument | Diagnostic:
    raw = text.encode() if isinstance(text, str) else text
    return load_yaml_bytes(raw, Path("f.yml"), "f.yml")


def test_values_and_marks_are_kept() -> None:
    doc = load("a: 1\nb:\n  - x\n  - 'y'\nc: |\n  text\n")
    assert isinstance(doc, YamlDocument)
    assert doc.data == {"a": 1, "b": ["x", "y"], "c": "text\n"}
    assert (doc.mark(("b", 1)).line, doc.mark(("b", 1)).col) == (4, 5)
    assert doc.key_mark(("c",)).line == 5
    assert doc.mark(("c",)).style == "|"


def test_dates_stay_text_and_yaml11_booleans_are_not_guessed() -> None:
    doc = load("date: 2026-01-15\nanswer: no\nflag: true\nn: 3\nf: 1.5\nnothing: ~\n")
    assert isinstance(doc, YamlDocument)
    assert doc.data == {"date": "2026-01-15", "answer": "no", "flag": True, "n": 3, "f": 1.5, "nothing": None}


@pytest.mark.parametrize(
    ("text", "code", "line", "col"),
    [
        ("a: 1\nb: 2\na: 3\n", "duplicate-key", 3, 1),
        ("base: &b {x: 1}\n", "anchor", 1, 7),
        ("a: 1\nb: *a\n", "alias", 2, 4),
        ("a: !!python/object:os.system {}\n", "tag", 1, 4),
        ("a: !custom x\n", "tag", 1, 4),
        ("a: 1\n---\nb: 2\n", "multiple-documents", 2, 1),
        ("a:\n\t- x\n", "tab", 2, 1),
        ("", "empty-file", 1, 1),
        ("# only a comment\n", "empty-file", 1, 1),
        ("a: [1, 2\n", "yaml-syntax", 2, 1),
        ("? [a, b]\n: c\n", "key", 1, 3),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "too-deep", 1, 36),
    ],
)
def test_refusals_name_the_problem_and_its_place(text: str, code: str, line: int, col: int) -> None:
    result = load(text)
    assert isinstance(result, Diagnostic), result
    assert (result.code, result.line, result.col) == (code, line, col)
    assert result.path == "f.yml"


def test_alias_to_defined_anchor_is_refused_at_the_anchor() -> None:
    # An alias bomb needs anchors; the first anchor stops loading before any expansion.
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n'
    result = load(bomb)
    assert isinstance(result, Diagnostic)
    assert (result.code, result.line) == ("anchor", 1)


def test_non_utf8_byte_is_located() -> None:
    result = load(b"title: ok\nname: caf\xe9\n")
    assert isinstance(result, Diagnostic)
    assert (result.code, result.line, result.col) == ("encoding", 2, 10)
    assert "0xe9" in result.message


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yml"
    big.write_text("a: " + "x" * 2000 + "\n")
    result = load_yaml(big, "big.yml", max_bytes=1000)
    assert isinstance(result, Diagnostic)
    assert result.code == "file-too-large"


def test_block_scalar_positions_point_into_the_text() -> None:
    doc = load("desc: |\n  first\n    second\nx: 1\n")
    assert isinstance(doc, YamlDocument)
    assert doc.text_position(("desc",), 1) == (3, 5)
    assert doc.text_position(("x",), 0) == (4, 4)
