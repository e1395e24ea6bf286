"""Fixtures for progress files: the fixture catalogue, a workbook Ambit wrote, and a filler."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from generator.catalogue import load_catalogue
from generator.downloads import xlsx_export
from generator.model import Catalogue
from generator.select import Checklist, build_checklist

Fill = Callable[[dict[str, dict[str, Any]]], Path]


class Text(str):
    """A cell value written as text even when it starts with "=" (what Excel stores for '=x)."""

    __slots__ = ()


@pytest.fixture
def catalogue(project: Path) -> Catalogue:
    result = load_catalogue(project)
    assert not result.diagnostics, result.diagnostics
    return result.catalogue


@pytest.fixture
def checklist(catalogue: Catalogue) -> Checklist:
    """Both fixture controls: HST-001 on row 2 of the workbook, IAM-001 on row 3."""
    definition = dataclasses.replace(catalogue.checklists[0], rules=(), include=("HST-001", "IAM-001"))
    return build_checklist(catalogue, definition)


@pytest.fixture
def map_checklist(checklist: Checklist) -> Checklist:
    labels = (("trackers (IoT device)", "driver-phones (mobile device)"), ("idp (identity provider)",))
    items = tuple(dataclasses.replace(i, applies_to=a) for i, a in zip(checklist.items, labels, strict=True))
    return dataclasses.replace(checklist, id="map-fleet", items=items, ranked=True)


def fill_workbook(data: bytes, target: Path, cells: dict[str, dict[str, Any]]) -> Path:
    """Save ``data`` (a workbook) to ``target`` with ``cells`` ({sheet: {"H2": value}}) filled in.

    A str starting with "=" becomes a formula (as openpyxl writes it); a :class:`Text` stays text.
    """
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet, values in cells.items():
        for ref, value in values.items():
            book[sheet][ref] = value
            if isinstance(value, Text):
                book[sheet][ref].data_type = "s"
    book.save(target)
    return target


@pytest.fixture
def filled(checklist: Checklist, tmp_path: Path) -> Fill:
    """Fill the baseline workbook (HST-001 on row 2, IAM-001 on row 3) and return its path."""

    def make(cells: dict[str, dict[str, Any]]) -> Path:
        return fill_workbook(xlsx_export.render(checklist), tmp_path / "filled.xlsx", cells)

    return make
