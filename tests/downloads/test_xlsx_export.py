from __future__ import annotations

import io

import openpyxl

from generator.downloads import xlsx_export
from generator.select import Checklist
from tests.downloads.conftest import HOSTILE_TITLE


def _book(checklist: Checklist) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx_export.render(checklist)))


def test_checklist_sheet_has_frozen_header_filter_and_status_drop_down(hostile: Checklist) -> None:
    sheet = _book(hostile)[xlsx_export.CHECKLIST_SHEET]
    headers = [c.value for c in sheet[1]]
    assert headers[:2] == ["ID", "Title"]
    for name in ("Status", "Owner", "Due date", "Evidence collected", "Notes"):
        assert name in headers
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:M4"
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1
    assert str(lists[0].sqref) == "I2:I4"
    assert lists[0].formula1 == '"' + ",".join(xlsx_export.STATUSES) + '"'
    assert [sheet.cell(r, 9).value for r in range(2, 5)] == ["not started"] * 3


def test_ids_link_to_their_pages(checklist: Checklist) -> None:
    sheet = _book(checklist)[xlsx_export.CHECKLIST_SHEET]
    assert sheet["A2"].value == "HST-001"
    assert sheet["A2"].hyperlink.target == "https://ambit.example/site/controls/HST-001/"


def test_contributor_text_is_a_neutralised_string_never_a_formula(hostile: Checklist) -> None:
    sheet = _book(hostile)[xlsx_export.CHECKLIST_SHEET]
    assert sheet["B4"].value == "'" + HOSTILE_TITLE
    assert sheet["B4"].data_type == "s"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.coordinate


def test_summary_counts_controls_and_statuses_per_layer(hostile: Checklist) -> None:
    sheet = _book(hostile)[xlsx_export.SUMMARY_SHEET]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert rows[0] == ["Layer", "Controls", *xlsx_export.STATUSES]
    assert [r[0] for r in rows[1:]] == ["Hosting infrastructure", "Identity and access", "Total"]
    formula = rows[2][1]
    assert formula == "=SUMPRODUCT(--(Checklist!$C$2:$C$4=$A6))"  # refers to cells, holds no text
    cached = openpyxl.load_workbook(io.BytesIO(xlsx_export.render(hostile)), data_only=True)[xlsx_export.SUMMARY_SHEET]
    assert [cached.cell(r, 2).value for r in (5, 6, 7)] == [1, 2, 3]
    assert [cached.cell(r, 3).value for r in (5, 6, 7)] == [1, 2, 3]


def test_two_builds_give_identical_bytes_dated_from_the_catalogue(checklist: Checklist) -> None:
    first, second = xlsx_export.render(checklist), xlsx_export.render(checklist)
    assert first == second
    book = openpyxl.load_workbook(io.BytesIO(first))
    assert book.properties.created is not None
    assert book.properties.created.date().isoformat() == "2026-01-15"
