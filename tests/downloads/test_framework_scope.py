"""A framework bound to sectors (HIPAA: healthcare) is left out of every other checklist's files.

A SaaS founder or a fleet operator reading HIPAA safeguards beside their controls is told a US
health-privacy rule governs their system. The real catalogue's checklists are rendered in every
format: the SaaS, logistics and baseline files carry no HIPAA reference (the CSV and XLSX keep
the HIPAA column, empty, as their column order is a public contract), the healthcare files do.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import subprocess

import openpyxl
import pytest

from generator.downloads.filters import Filters, custom_checklist
from generator.downloads.formats import render
from generator.downloads.framework_scope import kept, omitted_keys, scoped, system_sectors
from generator.model import Catalogue
from generator.select import Checklist, build_checklist

HIPAA = "hipaa-security-rule"
TEXT_FORMATS = ("md", "html", "json", "csv")


def sector_checklist(cat: Catalogue, checklist_id: str) -> Checklist:
    return build_checklist(cat, next(d for d in cat.checklists if d.id == checklist_id))


def citing_hipaa(cat: Catalogue, checklist: Checklist) -> list[str]:
    """The checklist's controls that cite HIPAA in the catalogue (what the files used to print)."""
    return [item.control.id for item in checklist.items if cat.control(item.control.id).references.get(HIPAA)]


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_the_rule_binds_a_framework_to_its_sectors_and_keeps_it_when_the_sector_is_unknown() -> None:
    assert kept((), ()) and kept((), ("saas",)) and kept((), None)  # an unbound framework: everywhere
    assert kept(("healthcare",), ("healthcare",)) and kept(("healthcare",), ("saas", "healthcare"))
    assert not kept(("healthcare",), ("saas",))
    assert not kept(("healthcare",), ())  # for every system (the baseline): not a health-care rule
    assert kept(("healthcare",), None)  # unknown is not "none": kept


@pytest.mark.parametrize("checklist_id", ["saas", "logistics", "baseline"])
def test_other_sectors_files_carry_no_hipaa_reference_in_any_format(
    real_catalogue: Catalogue, checklist_id: str
) -> None:
    cat = real_catalogue
    checklist = sector_checklist(cat, checklist_id)
    assert citing_hipaa(cat, checklist), "the test needs controls that cite HIPAA in the catalogue"
    files = {fmt: render(checklist, fmt, frameworks=cat.frameworks) for fmt in (*TEXT_FORMATS, "xlsx")}
    for fmt in ("md", "html"):
        text = files[fmt].decode("utf-8")
        assert "HIPAA" not in text and "164.3" not in text, fmt
    doc = json.loads(files["json"])
    assert [c["id"] for c in doc["controls"] if HIPAA in c["references"]] == []
    assert HIPAA not in [f["key"] for f in doc["frameworks"]]
    assert any(c["references"] for c in doc["controls"]), "the other frameworks' references stay"
    rows = csv_rows(files["csv"])
    assert "HIPAA" in rows[0], "the CSV keeps the HIPAA column: its column order is a public contract"
    assert [r["id"] for r in rows if r["HIPAA"]] == []
    assert any(r["ISO/IEC 27001:2022"] for r in rows)
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))
    sheet = [[c.value for c in row] for row in book["Checklist"].iter_rows()]
    column = sheet[0].index("HIPAA")
    assert [row[0] for row in sheet[1:] if row[column]] == []
    assert [row for row in book["Crosswalk"].iter_rows(values_only=True) if row[0] == "HIPAA"] == []


def test_the_healthcare_files_still_carry_hipaa(real_catalogue: Catalogue) -> None:
    cat = real_catalogue
    checklist = sector_checklist(cat, "healthcare")
    citing = citing_hipaa(cat, checklist)
    files = {fmt: render(checklist, fmt, frameworks=cat.frameworks) for fmt in TEXT_FORMATS}
    doc = json.loads(files["json"])
    assert sorted(c["id"] for c in doc["controls"] if HIPAA in c["references"]) == sorted(citing)
    assert HIPAA in [f["key"] for f in doc["frameworks"]]
    assert sorted(r["id"] for r in csv_rows(files["csv"]) if r["HIPAA"]) == sorted(citing)
    assert "HIPAA: 164.3" in files["md"].decode("utf-8") and "HIPAA: 164.3" in files["html"].decode("utf-8")


def test_every_sectors_csv_has_the_same_columns(real_catalogue: Catalogue) -> None:
    headers = {
        d.id: next(
            csv.reader(
                io.StringIO(
                    render(sector_checklist(real_catalogue, d.id), "csv", frameworks=real_catalogue.frameworks).decode(
                        "utf-8"
                    )
                )
            )
        )
        for d in real_catalogue.checklists
    }
    assert len({tuple(h) for h in headers.values()}) == 1, headers


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs Debian's poppler-utils")
def test_a_saas_pdf_prints_no_hipaa_reference(real_catalogue: Catalogue) -> None:
    cat = real_catalogue
    checklist = sector_checklist(cat, "saas")
    # A few controls that cite HIPAA in the catalogue are enough, and keep the PDF small.
    citing = set(citing_hipaa(cat, checklist)[:4])
    small = dataclasses.replace(checklist, items=tuple(i for i in checklist.items if i.control.id in citing))
    data = render(small, "pdf", frameworks=cat.frameworks)
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert all(control_id in text for control_id in citing)
    assert "HIPAA" not in text and "164.3" not in text
    assert "ISO/IEC 27001:2022" in text, "the legend and references of the other frameworks stay"


def test_which_sector_a_filtered_checklist_is_for(real_catalogue: Catalogue) -> None:
    cat = real_catalogue
    # A definition without a sector is for every system: HIPAA is left out.
    baseline = custom_checklist(cat, Filters(checklists=("baseline",), layers=("identity",)))
    assert system_sectors(baseline) == () and omitted_keys(baseline, cat.frameworks) == {HIPAA}
    # One sector named: that sector's frameworks.
    health = custom_checklist(cat, Filters(sectors=("healthcare",), layers=("identity",)))
    assert system_sectors(health) == ("healthcare",) and not omitted_keys(health, cat.frameworks)
    saas = custom_checklist(cat, Filters(checklists=("saas",), priorities=("essential",)))
    assert omitted_keys(saas, cat.frameworks) == {HIPAA}
    # A selection from the whole catalogue makes no claim about the system: every framework stays.
    everything = custom_checklist(cat, Filters(layers=("identity",)))
    assert system_sectors(everything) is None and not omitted_keys(everything, cat.frameworks)


def test_scoping_drops_only_the_bound_framework_and_changes_nothing_else(real_catalogue: Catalogue) -> None:
    cat = real_catalogue
    checklist = sector_checklist(cat, "saas")
    result = scoped(checklist, cat.frameworks)
    assert result.control_ids == checklist.control_ids
    for before, after in zip(checklist.items, result.items, strict=True):
        expected = {k: v for k, v in before.control.references.items() if k != HIPAA}
        assert dict(after.control.references) == expected
        assert dataclasses.replace(after.control, references=before.control.references) == before.control
        assert after.sector_note == before.sector_note and after.ranking == before.ranking
    # Without the registries (a caller that gives none) nothing is known to be bound: nothing drops.
    assert scoped(checklist, ()) is checklist
