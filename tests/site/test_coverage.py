"""Coverage figures count the items controls map to, not headings such as functions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.catalogue import load_catalogue
from generator.model import FrameworkItem
from generator.site import uris
from generator.site.coverage import coverage
from generator.site.relations import build_relations

REPO = Path(__file__).resolve().parents[2]


def test_headings_and_withdrawn_items_do_not_count(project: Path) -> None:
    cat = load_catalogue(project).catalogue
    csf = cat.framework("nist-csf-2.0")
    items = (
        FrameworkItem("PR", "PROTECT", kind="function"),
        FrameworkItem("PR.AA", "Identity Management", kind="category", parent="PR"),
        *(FrameworkItem(i.id, i.title, i.status, i.replaced_by, kind="subcategory") for i in csf.items),
    )
    fw = replace(csf, items=items, coverage_kinds=("subcategory",))
    cov = coverage(fw, build_relations(cat), uris.item_anchors(fw))
    assert (cov.covered, cov.uncovered, cov.withdrawn) == (2, 2, 1)  # PR.AA-03, PR.DS-01 of 4 subcategories
    everything = coverage(replace(fw, coverage_kinds=()), build_relations(cat), uris.item_anchors(fw))
    assert everything.uncovered == 4  # the function and category count when no kinds are given


def test_real_registries_count_only_their_citable_kinds() -> None:
    cat = load_catalogue(REPO).catalogue
    csf = cat.framework("nist-csf-2.0")
    assert sum(1 for i in csf.items if csf.counts_for_coverage(i)) == 106
    iso = cat.framework("iso-27001-2022")
    assert sum(1 for i in iso.items if iso.counts_for_coverage(i)) == 93
    cis = cat.framework("cis-controls-v8.1")
    assert sum(1 for i in cis.items if cis.counts_for_coverage(i)) == 153
