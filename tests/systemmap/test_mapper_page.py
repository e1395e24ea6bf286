"""The mapper page's Markdown and data files, and how the site generation step includes them."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from generator.model import Catalogue
from generator.site.generate import site_sources
from generator.systemmap.browser import render_mapper_data
from generator.systemmap.browser_exports import render_exports_data
from generator.systemmap.mapper_page import DATA, EXPORTS_SCRIPT, PAGE, SCHEMA, SCRIPTS, mapper_assets, mapper_pages
from tests.systemmap.conftest import REPO


def test_page_holds_the_form_skeleton_and_loads_its_scripts_in_order(catalogue: Catalogue) -> None:
    page = mapper_pages(catalogue)[PAGE]
    assert page.startswith('---\ntitle: "Map your system in the browser"\n---\n')
    for control_id in (
        "mapper-open",
        "mapper-download",
        "mapper-system",
        "mapper-sector",
        "mapper-components",
        "mapper-flows",
        "mapper-people",
        "mapper-checklist",
        "mapper-review-component",
    ):
        assert f'id="{control_id}"' in page
    assert re.findall(r'<script src="([^"]+)"', page) == [f"../{s}" for s in SCRIPTS]
    assert 'data-data="../assets/mapper/data.json"' in page
    assert 'data-exports="../assets/mapper/exports.js"' in page, "loaded on the first download, by file name"
    assert EXPORTS_SCRIPT not in SCRIPTS
    assert 'data-control-href="../controls/__ID__/"' in page
    # Every intake question is yes, no or "don't know", the last ticked (unanswered means unknown).
    for q in catalogue.intake:
        assert f'name="intake-{q.id}" value="yes"' in page
        assert f'name="intake-{q.id}" value="no" data-question="{q.id}">' in page
        assert f'name="intake-{q.id}" value="unknown" data-question="{q.id}" checked' in page


def test_page_without_directory_urls_links_to_html_files(catalogue: Catalogue) -> None:
    page = mapper_pages(catalogue, directory_urls=False)[PAGE]
    assert 'data-control-href="../controls/__ID__.html"' in page


def test_catalogue_text_is_escaped(catalogue: Catalogue) -> None:
    sector = catalogue.sectors[0]
    hostile = replace(sector, name='<img src=x onerror="alert(1)">')
    page = mapper_pages(replace(catalogue, sectors=(hostile, *catalogue.sectors[1:])))[PAGE]
    assert "<img" not in page and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page


def test_assets_are_the_engine_data_and_the_map_schema(catalogue: Catalogue) -> None:
    files = mapper_assets(catalogue, REPO)
    assert files[DATA] == render_mapper_data(catalogue).encode("utf-8")
    assert files[SCHEMA] == (REPO / "content" / "schema" / "system-map.schema.json").read_bytes()
    data = json.loads(files[DATA])
    assert all(c["description"] for c in data["components"])  # the form shows each type's description
    head, tail = b"window.AmbitMapperExports = ", b";\n"
    script = files[EXPORTS_SCRIPT]
    assert script.startswith(head) and script.endswith(tail)
    assert json.loads(script[len(head) : -len(tail)]) == json.loads(render_exports_data(catalogue))
    exports = json.loads(render_exports_data(catalogue))
    assert set(exports["controls"]) == {c.id for c in catalogue.active_controls}
    cited = {(k, i) for c in catalogue.active_controls for k, ids in c.references.items() for i in ids}
    titled = {(col["key"], item) for col in exports["frameworks"]["columns"] for item, _ in col["titles"]}
    assert titled <= cited and titled, "only the titles of items the controls cite travel to the browser"


def test_generation_adds_the_page_its_files_and_a_nav_entry(catalogue: Catalogue, tmp_path: Path) -> None:
    files, nav = site_sources(catalogue, REPO)
    assert PAGE in files and DATA in files and SCHEMA in files
    start_here = next(entry for entry in nav if isinstance(entry, dict) and "Start here" in entry)["Start here"]
    assert PAGE in start_here
    method = files["method/index.md"].decode("utf-8")
    assert "](../mapper/index.md)" in method
