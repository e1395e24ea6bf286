"""The security review's hostile inputs (``security-0.2.0.md``), each refused in seconds with a precise message.

Every case runs the command a user would run on the input the review used (or a smaller one of
the same kind), and checks the exact ``path:where: error[code]`` line, that the exit code is a
content or usage error (never 70, the internal error), that nothing was written, and that the
answer came within a bound loose enough for a loaded two-core machine. The catalogue-side cases
(``CONTRIBUTING.md``, pages, dates, huge numbers) live in ``test_bad_input.py``; the map cases
are shared with the browser in ``tests/systemmap/bad_maps/``.
"""

from __future__ import annotations

import io
import json
import os
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.catalogue import load_catalogue
from generator.downloads import xlsx_export
from generator.select import Checklist, build_checklist

Run = Callable[..., tuple[int, str, str]]

SECONDS = 30
"""Each case's bound: every one answers in one to five seconds on an idle machine."""

GOOD_PROGRESS = {
    "format": "ambit-progress",
    "format_version": 1,
    "checklist": "baseline",
    "catalogue_version": "0.1.0",
    "items": {},
}


@pytest.fixture
def checklist(project: Path) -> Checklist:
    """The fixture project's checklist, whose workbook the hostile ones are made from."""
    cat = load_catalogue(project).catalogue
    return build_checklist(cat, cat.checklists[0])


def _timed(run: Run, *args: str) -> tuple[int, str, str]:
    started = time.monotonic()
    code, out, err = run(*args)
    assert time.monotonic() - started < SECONDS, f"took over {SECONDS} s: {args}"
    assert code in (1, 2), (code, out, err)
    assert "internal error" not in out + err and "Traceback" not in out + err
    return code, out, err


def _progress(text: str, tmp_path: Path) -> Path:
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "deep-nesting",
            '{"a":' + "[" * 100_000 + "]" * 100_000 + "}",
            r"in\.json:1:21: error\[too-deep\]: values are nested more than 16 levels deep",
        ),
        (
            "lone-surrogate",
            json.dumps({**GOOD_PROGRESS, "items": {"HST-001": {"status": "implemented", "notes": "x"}}}).replace(
                '"x"', '"\\ud800"'
            ),
            r"in\.json:1:\d+: error\[encoding\]: items/HST-001/notes: holds half of a UTF-16 pair",
        ),
        (
            "huge-number",
            json.dumps(GOOD_PROGRESS)[:-1] + ', "x": ' + "9" * 5001 + "}",
            r"in\.json:1:\d+: error\[number-too-large\]: a number has 5,001 digits; the limit is 30",
        ),
        (
            "huge-version",
            json.dumps({**GOOD_PROGRESS, "catalogue_version": "1" * 4301 + ".0.0"}),
            r"in\.json:1:\d+: error\[progress-schema\]: catalogue_version: .* is too long",
        ),
        (
            "trailing-newline",
            json.dumps({**GOOD_PROGRESS, "checklist": "baseline\n"}),
            r"in\.json:1:\d+: error\[progress-schema\]: checklist: 'baseline\\n' does not match",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 and " " not in value else "",
)
def test_hostile_progress_files_are_refused(
    name: str, text: str, expected: str, run_ambit: Run, project: Path, tmp_path: Path
) -> None:
    source = _progress(text, tmp_path)
    out_file = tmp_path / "out.json"
    code, _, err = _timed(run_ambit, "--root", str(project), "progress", "merge", str(source), "-o", str(out_file))
    assert code == 1
    assert re.search(expected, err), err
    assert not out_file.exists()


def test_a_report_folder_is_refused_before_anything_is_written(run_ambit: Run, project: Path, tmp_path: Path) -> None:
    source = _progress(json.dumps(GOOD_PROGRESS), tmp_path)
    (tmp_path / "adir").mkdir()
    out_file = tmp_path / "new.json"
    code, _, err = _timed(
        run_ambit, "--root", str(project), "progress", "merge", str(source), "-o", str(out_file), "--report",
        str(tmp_path / "adir"),
    )  # fmt: skip
    assert code == 2
    assert f"--report {tmp_path / 'adir'} is a folder" in err
    assert not out_file.exists()


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a Linux proc file system")
def test_an_output_that_cannot_be_created_is_a_message(run_ambit: Run, project: Path, tmp_path: Path) -> None:
    source = _progress(json.dumps(GOOD_PROGRESS), tmp_path)
    code, _, err = _timed(run_ambit, "--root", str(project), "progress", "merge", str(source), "-o", "/proc/x/y.json")
    assert code == 1
    assert "ambit progress merge: error: /proc/x" in err


def _hostile_workbook(checklist: Checklist, target: Path, sheet_body: str | None, *, cut: bool = False) -> Path:
    """The fixture checklist's workbook with its first sheet's rows replaced (or the sheet cut short)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_export.render(checklist)))
    parts = {n: source.read(n) for n in source.namelist()}
    name = sorted(n for n in parts if n.startswith("xl/worksheets/sheet"))[0]
    sheet = parts[name].decode()
    if cut:
        parts[name] = sheet.encode()[: len(sheet) // 2]
    elif sheet_body is not None:
        header = re.search(r'<row r="1".*?</row>', sheet, re.S)
        assert header
        parts[name] = (
            sheet.split("<sheetData>")[0] + "<sheetData>" + header.group(0) + sheet_body + "</sheetData></worksheet>"
        ).encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for part, data in parts.items():
            out.writestr(part, data)
    return target


@pytest.mark.parametrize(
    ("name", "body", "cut", "expected"),
    [
        (
            "one-row-of-millions-of-cells",
            '<row r="2">' + "<c/>" * 3_000_000 + "</row>",
            False,
            r"xl/worksheets/sheet1\.xml: error\[too-many-cells\]: row 2 has more than 16,384 cells",
        ),
        (
            "many-rows-of-cells",
            "".join(f'<row r="{r}">' + "<c/>" * 100 + "</row>" for r in range(2, 6002)),
            False,
            r"xl/worksheets/sheet1\.xml: error\[too-many-cells\]: more than 500,000 cells",
        ),
        ("sheet-cut-short", None, True, r"xl/worksheets/sheet1\.xml: error\[not-xlsx\]: damaged workbook part"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 and "<" not in value else "",
)
def test_hostile_workbooks_are_refused_in_bounded_time(
    name: str,
    body: str | None,
    cut: bool,
    expected: str,
    run_ambit: Run,
    project: Path,
    checklist: Checklist,
    tmp_path: Path,
) -> None:
    book = _hostile_workbook(checklist, tmp_path / f"{name}.xlsx", body, cut=cut)
    assert book.stat().st_size < 2_000_000  # small on disk, huge when expanded
    out_file = tmp_path / "out.json"
    code, _, err = _timed(run_ambit, "--root", str(project), "progress", "from-xlsx", str(book), "-o", str(out_file))
    assert code == 1
    assert re.search(expected, err), err
    assert not out_file.exists()


def test_a_backtracking_id_pattern_is_refused_at_its_line(run_ambit: Run, project: Path) -> None:
    registry = project / "content" / "frameworks" / "owasp-llm-2025.yml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("id_pattern: '^LLM(0[1-9]|10):2025$'", "id_pattern: '^(a+)+$'"), encoding="utf-8")
    control = project / "content" / "controls" / "identity" / "IAM-001.yml"
    control.write_text(control.read_text(encoding="utf-8").replace("[LLM02:2025]", "[" + "a" * 29 + "!]"), "utf-8")
    code, out, _ = _timed(run_ambit, "--root", str(project), "validate")
    assert code == 1
    assert "content/frameworks/owasp-llm-2025.yml:9:13: error[invalid-pattern]: id_pattern repeats a part" in out


def test_an_id_pattern_that_does_not_compile_is_refused(run_ambit: Run, project: Path) -> None:
    registry = project / "content" / "frameworks" / "owasp-llm-2025.yml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("id_pattern: '^LLM(0[1-9]|10):2025$'", "id_pattern: '(unclosed'"), "utf-8")
    code, out, _ = _timed(run_ambit, "--root", str(project), "validate")
    assert code == 1
    assert "owasp-llm-2025.yml:9:13: error[invalid-pattern]: id_pattern is not a regular expression: missing )" in out


def test_a_content_file_linked_from_outside_the_repository_is_refused(
    run_ambit: Run, project: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text("id: HST-999\ntitle: ghp_S3CRETtoken-from-outside-the-repo\n", encoding="utf-8")
    link = project / "content" / "controls" / "hosting" / "HST-999.yml"
    os.symlink(outside, link)
    code, out, _ = _timed(run_ambit, "--root", str(project), "validate")
    assert code == 1
    assert (
        "content/controls/hosting/HST-999.yml:1:1: error[outside-repository]: "
        "content/controls/hosting/HST-999.yml is a link to a file outside the repository"
    ) in out
    assert "S3CRET" not in out  # the file it points at is never read, so never echoed


def test_a_symlinked_page_is_refused(run_ambit: Run, project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "notes.md"
    outside.write_text("# Private\n", encoding="utf-8")
    (project / "content" / "pages").mkdir(parents=True, exist_ok=True)
    os.symlink(outside, project / "content" / "pages" / "notes.md")
    code, out, _ = _timed(run_ambit, "--root", str(project), "validate")
    assert code == 1
    assert "content/pages/notes.md:1:1: error[symlink]: content/pages/notes.md is a symbolic link" in out


def test_a_map_too_large_to_draw_gets_its_flows_listed_in_seconds(run_ambit: Run, tmp_path: Path) -> None:
    import random

    rng = random.Random(218)
    lines = ["system: Large", "components:"]
    lines += [f"  - id: c{i}\n    type: object-storage\n    exposure: internal" for i in range(200)]
    lines.append("flows:")
    for _ in range(500):
        a, b = rng.sample(range(200), 2)
        lines.append(f"  - from: c{a}\n    to: c{b}\n    data: records\n    lifecycle: collection")
    source = tmp_path / "large.yml"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    code, out, err = run_ambit("map", str(source), "-o", str(tmp_path / "out"))
    assert code == 0, out + err
    assert time.monotonic() - started < 120  # Graphviz alone took 218 s on this map
    svg = (tmp_path / "out" / "diagram.svg").read_text(encoding="utf-8")
    assert "Too large to draw: 200 components and 500 flows" in svg
    assert svg.count("→") == 500


@pytest.mark.parametrize(
    ("suffix", "text", "expected"),
    [
        (".xml", "<catalog><unclosed", r"catalog\.xml:1:10: not well-formed XML"),
        (".json", '{"catalog": []}', r"catalog\.json: not an OSCAL catalog of the expected shape"),
        (".json", '{"catalog": {"groups": [{"controls": "x"}]}}', r"not an OSCAL catalog of the expected shape"),
    ],
    ids=["malformed-xml", "list-catalog", "string-controls"],
)
def test_a_file_that_is_not_an_oscal_catalog_is_a_message(
    suffix: str, text: str, expected: str, run_ambit: Run, project: Path, tmp_path: Path
) -> None:
    source = tmp_path / f"catalog{suffix}"
    source.write_text(text, encoding="utf-8")
    before = sorted(p.name for p in (project / "content" / "frameworks").iterdir())
    code, _, err = _timed(
        run_ambit, "frameworks", "import", "oscal", str(source), "--key", "test-fw", "--root", str(project)
    )
    assert code == 2
    assert re.search(expected, err), err
    assert sorted(p.name for p in (project / "content" / "frameworks").iterdir()) == before
