"""The method and worked-example pages and their files."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.model import Catalogue
from generator.select import Checklist
from generator.systemmap import site
from generator.systemmap.site import example_assets, example_pages, page_uris
from tests.systemmap.conftest import REPO


def test_pages(catalogue: Catalogue) -> None:
    pages = example_pages(catalogue, REPO)
    assert sorted(pages) == sorted(page_uris(REPO))
    assert set(pages) == {
        "method/index.md",
        "method/logistics-route-optimiser.md",
        "method/saas-content-tool.md",
        "method/hospital-patient-flow.md",
    }
    method = pages["method/index.md"]
    assert "risk score" in method and "Intake questions" in method and "checklists/examples/blank.yml" in method
    for uri in ("logistics-route-optimiser", "saas-content-tool", "hospital-patient-flow"):
        page = pages[f"method/{uri}.md"]
        assert '<img src="diagram.svg"' in page
        assert "One-hour review" in page and "../controls/" in page
    assert "route-history &#40;object storage bucket&#41;" in pages["method/logistics-route-optimiser.md"]
    assert "public-api &#40;API gateway&#41;" in pages["method/saas-content-tool.md"]
    assert "bed-dashboard &#40;internal dashboard&#41;" in pages["method/hospital-patient-flow.md"]


def test_assets(catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The downloads have their own tests; here, only that each example asks for every site format
    # (every download format but the PDF, which `ambit map` writes and the site leaves out for speed).
    asked: list[tuple[str, str]] = []

    def fake_write(checklist: Checklist, fmt: str, out: Path, **_: object) -> None:
        asked.append((checklist.id, fmt))
        out.write_bytes(b"x")

    monkeypatch.setattr(site, "_write_checklist", lambda: fake_write)
    example_assets(catalogue, REPO, tmp_path)
    assert len(asked) == 3 * len(site.CHECKLIST_FORMATS)
    assert {fmt for _, fmt in asked} == {"xlsx", "csv", "md", "json", "html"}
    assert (tmp_path / "method" / "blank.yml").is_file()
    folder = tmp_path / "method" / "saas-content-tool"
    ET.parse(folder / "diagram.svg")
    assert (folder / "review-public-api.pdf").read_bytes().startswith(b"%PDF-")
    assert (folder / "saas-content-tool.yml").is_file()
    assert (folder / "checklist.xlsx").is_file()


def test_the_method_page_works_a_score_through_with_the_engines_numbers(catalogue: Catalogue) -> None:
    import re

    from generator.systemmap.select import map_items
    from generator.systemmap.site import load_examples

    page = example_pages(catalogue, REPO)["method/index.md"]
    worked = page[page.index("### A worked score") :].split("\n### ")[0]
    first = load_examples(catalogue, REPO)[0]
    top = map_items(catalogue, first.map)[0]
    assert f"the first control is {top.control.id}" in worked
    assert f"on `{top.components[0].id}`" in worked
    rows = dict(re.findall(r"^\| \**(\w+)\** \|.*\| \**(\d+)\** \|$", worked, re.MULTILINE))
    parts = {k.lower(): int(v) for k, v in rows.items()}
    assert parts == top.score.as_dict()  # every part and the total, as the engine computed them
    for phrase in ("yes, no or unknown", "assumed", "statement of applicability", "Obligation", "three quarters"):
        assert phrase in page
