from __future__ import annotations

import dataclasses
import io
import subprocess
from pathlib import Path

import openpyxl

from generator.downloads import xlsx_export
from generator.downloads.references import SHORT_NAMES
from generator.model import Catalogue
from generator.select import Checklist, ChecklistItem
from tests.downloads.conftest import HOSTILE_TITLE
from tests.downloads.libreoffice import convert, needs_libreoffice


def _book(checklist: Checklist, catalogue: Catalogue | None = None) -> openpyxl.Workbook:
    frameworks = catalogue.frameworks if catalogue else ()
    return openpyxl.load_workbook(io.BytesIO(xlsx_export.render(checklist, frameworks)))


def _col(header: str) -> int:
    return xlsx_export.HEADERS.index(header) + 1


def _map_checklist(checklist: Checklist) -> Checklist:
    """The checklist as a system map makes it: ranked, each item naming the components it applies to."""
    labels = (("trackers (IoT device)", "driver-phones (mobile device)"), ("idp (identity provider)",))
    items = tuple(dataclasses.replace(i, applies_to=a) for i, a in zip(checklist.items, labels, strict=True))
    return dataclasses.replace(checklist, id="map-fleet", items=items, ranked=True)


def test_checklist_sheet_has_frozen_header_filter_status_drop_down_and_effort(hostile: Checklist) -> None:
    sheet = _book(hostile)[xlsx_export.CHECKLIST_SHEET]
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["ID", "Title", "Priority", "Effort (minutes)"]
    assert headers[len(xlsx_export.HEADERS) :] == [name for _, name in SHORT_NAMES]
    for name in ("Summary", "Status", "Owner", "Due date", "Evidence collected", "Notes", "Sector note"):
        assert name in headers
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(headers))}4"
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1
    assert str(lists[0].sqref) == "H2:H4"
    assert lists[0].formula1 == '"' + ",".join(xlsx_export.STATUSES) + '"'
    assert [sheet.cell(r, _col("Status")).value for r in range(2, 5)] == ["not started"] * 3
    efforts = [sheet.cell(r, _col("Effort (minutes)")) for r in range(2, 5)]
    assert [c.value for c in efforts] == [i.control.effort_minutes for i in hostile.items]
    assert all(c.data_type == "n" for c in efforts)
    assert sheet.cell(3, _col("Summary")).value == "Every administrator signs in with a security key or passkey."


def test_framework_columns_hold_ids_under_short_names(catalogue: Catalogue, checklist: Checklist) -> None:
    sheet = _book(checklist, catalogue)[xlsx_export.CHECKLIST_SHEET]
    headers = [c.value for c in sheet[1]]
    iam = next(r for r in range(2, 4) if sheet.cell(r, 1).value == "IAM-001")
    assert sheet.cell(iam, headers.index("NIST CSF 2.0") + 1).value == "PR.AA-03"
    assert sheet.cell(iam, headers.index("OWASP LLM") + 1).value == "LLM02:2025"
    assert sheet.cell(iam, headers.index("HIPAA") + 1).value is None


def test_ids_link_to_their_pages(checklist: Checklist) -> None:
    sheet = _book(checklist)[xlsx_export.CHECKLIST_SHEET]
    assert sheet["A2"].value == "HST-001"
    assert sheet["A2"].hyperlink.target == "https://ambit.example/site/controls/HST-001/"


def test_contributor_text_is_a_neutralised_string_never_a_formula_on_any_data_sheet(hostile: Checklist) -> None:
    book = _book(_map_checklist_with_hostile(hostile))
    sheet = book[xlsx_export.CHECKLIST_SHEET]
    assert sheet["B4"].value == "'" + HOSTILE_TITLE
    assert sheet["B4"].data_type == "s"
    for name in (xlsx_export.CHECKLIST_SHEET, xlsx_export.COMPONENT_SHEET, xlsx_export.CROSSWALK_SHEET):
        for row in book[name].iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f", (name, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell.coordinate)


def _map_checklist_with_hostile(hostile: Checklist) -> Checklist:
    return dataclasses.replace(hostile, ranked=True)


def test_summary_line_and_counts_per_layer(hostile: Checklist) -> None:
    book = _book(hostile)
    sheet = book[xlsx_export.SUMMARY_SHEET]
    assert sheet["A3"].value == "3 controls, 2 essential; about 55 min to verify them all."
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert rows[0] == ["Layer", "Controls", "Minutes", *xlsx_export.STATUSES]
    assert [r[0] for r in rows[1:]] == ["Hosting infrastructure", "Identity and access", "Total"]
    assert rows[2][1] == "=SUMPRODUCT(--(Checklist!$M$2:$M$4=$A7))"  # refers to cells, holds no text
    assert rows[2][2] == "=SUMPRODUCT((Checklist!$M$2:$M$4=$A7)*Checklist!$D$2:$D$4)"
    cached = openpyxl.load_workbook(io.BytesIO(xlsx_export.render(hostile)), data_only=True)[xlsx_export.SUMMARY_SHEET]
    assert [cached.cell(r, 2).value for r in (6, 7, 8)] == [1, 2, 3]
    assert [cached.cell(r, 3).value for r in (6, 7, 8)] == [15, 40, 55]
    assert [cached.cell(r, 4).value for r in (6, 7, 8)] == [1, 2, 3]


def test_crosswalk_lists_framework_items_with_the_controls_citing_them(
    catalogue: Catalogue, hostile: Checklist
) -> None:
    sheet = _book(hostile, catalogue)[xlsx_export.CROSSWALK_SHEET]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Framework", "Item", "Item title", "Controls in this checklist"]
    by_item = {(r[0], r[1]): (r[2], r[3]) for r in rows[1:]}
    # IAM-001 and the hostile IAM-002 (a copy of it) both cite PR.AA-03; frameworks in column order.
    assert by_item[("NIST CSF 2.0", "PR.AA-03")] == (
        "Users, services, and hardware are authenticated",
        "IAM-001; IAM-002",
    )
    assert [r[0] for r in rows[1:]] == sorted([r[0] for r in rows[1:]], key=[n for _, n in SHORT_NAMES].index)


def test_map_checklist_has_a_by_component_sheet_with_its_own_status(checklist: Checklist) -> None:
    book = _book(_map_checklist(checklist))
    sheet = book[xlsx_export.COMPONENT_SHEET]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [h for h, _ in xlsx_export.COMPONENT_COLUMNS]
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [
        ("HST-001", "trackers (IoT device)", "not started"),
        ("HST-001", "driver-phones (mobile device)", "not started"),
        ("IAM-001", "idp (identity provider)", "not started"),
    ]
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert [str(dv.sqref) for dv in lists] == ["D2:D4"]
    assert book[xlsx_export.CHECKLIST_SHEET].column_dimensions["G"].hidden is False


def test_definition_checklists_have_no_component_sheet_and_hide_the_empty_applies_to(checklist: Checklist) -> None:
    book = _book(checklist)
    assert xlsx_export.COMPONENT_SHEET not in book.sheetnames
    assert book[xlsx_export.CHECKLIST_SHEET].column_dimensions["G"].hidden is True


def test_print_setup_landscape_one_page_wide_header_repeated_neutral_margins(checklist: Checklist) -> None:
    book = _book(_map_checklist(checklist))
    for name in book.sheetnames:
        sheet = book[name]
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, name
        assert sheet.page_setup.fitToWidth in (None, 1), name  # absent means 1
        assert sheet.page_setup.fitToHeight == 0, name
        assert sheet.print_title_rows == "$1:$1" or name == xlsx_export.SUMMARY_SHEET, name
        # 0.5 in sides: inside both A4's and Letter's printable area, so either paper prints the same.
        assert (sheet.page_margins.left, sheet.page_margins.right) == (0.5, 0.5), name
    main = book[xlsx_export.CHECKLIST_SHEET]
    assert main.page_setup.orientation == "landscape"
    assert main.print_area == f"'Checklist'!$A$1:${openpyxl.utils.get_column_letter(xlsx_export.PRINT_COLUMNS)}$3"
    printed = sum(w for _, w in xlsx_export.COLUMNS[: xlsx_export.PRINT_COLUMNS])
    assert printed <= 220  # about 70 % scale on landscape A4: 11-point text prints near 8 points


def test_rows_are_tall_enough_for_their_wrapped_text(catalogue: Catalogue, checklist: Checklist) -> None:
    long_step = dataclasses.replace(
        checklist.items[0].control,
        verification=tuple(
            dataclasses.replace(checklist.items[0].control.verification[0], step="word " * 120) for _ in range(3)
        ),
    )
    items = (ChecklistItem(control=long_step), *checklist.items[1:])
    sheet = _book(dataclasses.replace(checklist, items=items))[xlsx_export.CHECKLIST_SHEET]
    heights = {sheet.cell(r, 1).value: sheet.row_dimensions[r].height for r in (2, 3)}
    assert heights["HST-001"] > 4 * heights["IAM-001"] > 0
    assert all(sheet.cell(2, _col(h)).alignment.wrap_text for h in ("Title", "How to verify", "Evidence to keep"))


def test_row_height_grows_with_text_and_stops_at_excels_limit() -> None:
    short = xlsx_export.row_height([("one line", 40)])
    assert short == xlsx_export.LINE_HEIGHT + 3
    assert xlsx_export.row_height([("a b " * 40, 20)]) > xlsx_export.row_height([("a b " * 40, 60)]) > short
    assert xlsx_export.row_height([("x\n" * 100, 40)]) == xlsx_export.MAX_ROW_HEIGHT


def test_two_builds_give_identical_bytes_dated_from_the_catalogue(checklist: Checklist) -> None:
    first, second = xlsx_export.render(checklist), xlsx_export.render(checklist)
    assert first == second
    book = openpyxl.load_workbook(io.BytesIO(first))
    assert book.properties.created is not None
    assert book.properties.created.date().isoformat() == "2026-01-15"
    assert book.properties.keywords == "ambit-checklist:baseline ambit-catalogue:0.1.0"


@needs_libreoffice
def test_libreoffice_prints_the_healthcare_workbook_legibly(real_catalogue: Catalogue, tmp_path: Path) -> None:
    from generator.select import all_checklists

    healthcare = next(c for c in all_checklists(real_catalogue) if c.id == "healthcare")
    source = tmp_path / "healthcare.xlsx"
    source.write_bytes(xlsx_export.render(healthcare, real_catalogue.frameworks))
    pdf = convert(source, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    for item in healthcare.items:
        assert item.control.id in text
    assert "HIPAA" in text and "164.312(b)" in text  # the crosswalk sheet prints the references
    assert "ISO/IEC 27001:2022" in text and "A.8.5" in text
    # Legible: the Checklist sheet, fitted to one page wide, still prints IDs at about 7 points or more.
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    heights = [
        float(line.split('yMax="')[1].split('"')[0]) - float(line.split('yMin="')[1].split('"')[0])
        for line in boxes.splitlines()
        if '">ING-' in line or '">HST-' in line or '">IAM-' in line
    ]
    assert heights and min(heights) >= 6.5, heights


def test_the_about_sheet_comes_last_with_the_scenario_and_each_regulation(hostile_about: Checklist) -> None:
    from tests.downloads.conftest import HOSTILE_REGULATIONS

    book = _book(hostile_about)
    assert book.sheetnames[0] == xlsx_export.CHECKLIST_SHEET
    assert book.sheetnames[-1] == xlsx_export.ABOUT_SHEET
    rows = [[c.value for c in row] for row in book[xlsx_export.ABOUT_SHEET].iter_rows()]
    assert rows[0][0] == "Baseline"
    scenario = next(r for r in rows if r[0] == "The scenario")
    assert scenario[1].startswith("'=HYPERLINK(") and scenario[1].endswith("<script>alert(1)</script>")
    head = rows.index(["Regulation", "Note", "Text"])
    names = [r[0] for r in rows[head + 1 :]]
    assert names == ["'" + HOSTILE_REGULATIONS[0].name, "'" + HOSTILE_REGULATIONS[1].name, "Plain Act"]
    assert rows[head + 2][1] == "'-1 <style>body{display:none}</style>\n\n[evil](https://evil.example/)"


def test_the_about_sheet_is_neutralised_text_and_links_only_https(hostile_about: Checklist) -> None:
    sheet = _book(hostile_about)[xlsx_export.ABOUT_SHEET]
    links = {}
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.coordinate
            if cell.hyperlink is not None:
                links[cell.coordinate] = cell.hyperlink.target
    assert list(links.values()) == ["https://law.example/act"]


def test_no_about_sheet_for_a_map_or_a_checklist_with_nothing_to_say(checklist: Checklist) -> None:
    bare = dataclasses.replace(checklist, introduction="", definition=None)
    assert xlsx_export.ABOUT_SHEET not in _book(bare).sheetnames
    assert xlsx_export.ABOUT_SHEET not in _book(_map_checklist(bare)).sheetnames
    assert _book(checklist).sheetnames[-1] == xlsx_export.ABOUT_SHEET  # the fixture's introduction
