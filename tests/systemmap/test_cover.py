"""The map checklist's cover page and tiers in the downloads."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from generator.downloads.formats import render
from generator.downloads.tracker_files import script_hrefs
from generator.model import Catalogue
from generator.systemmap.cover import with_cover
from generator.systemmap.model import SystemMap
from generator.systemmap.select import build_map_checklist


def test_print_html_has_the_system_diagram_and_inventory(catalogue: Catalogue, route_map: SystemMap) -> None:
    checklist = with_cover(catalogue, route_map, build_map_checklist(catalogue, route_map))
    html = render(checklist, "html").decode("utf-8")
    assert '<section class="cover">' in html and "<svg" in html
    for component in route_map.components:
        assert f"<td>{component.id}</td>" in html
    assert html.index("The system: Route optimiser") < html.index("First tier: do this week")
    # The only scripts are the tracker's own files beside the page; nothing from the map or the diagram.
    assert re.findall(r"<script[^>]*>", html) == [f'<script src="{src}">' for src in script_hrefs()]


def test_markdown_is_split_into_tiers_with_ranks(catalogue: Catalogue, route_map: SystemMap) -> None:
    checklist = with_cover(catalogue, route_map, build_map_checklist(catalogue, route_map))
    md = render(checklist, "md").decode("utf-8")
    assert "## The system" in md and "## First tier: do this week" in md
    assert "Rank 1, risk score" in md
    assert md.index("## The system") < md.index("## First tier")


def test_hostile_names_on_the_cover_are_text(catalogue: Catalogue, route_map: SystemMap) -> None:
    from dataclasses import replace

    hostile = replace(route_map, system="<img src=x onerror=alert(1)>", description="<script>x()</script>")
    html = render(with_cover(catalogue, hostile, build_map_checklist(catalogue, hostile)), "html").decode("utf-8")
    assert "<img src=x" not in html and "<script>x()" not in html and "&lt;script&gt;" in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_pdf_cover_lists_the_inventory(catalogue: Catalogue, route_map: SystemMap) -> None:
    checklist = with_cover(catalogue, route_map, build_map_checklist(catalogue, route_map))
    pdf = render(checklist, "pdf")
    first_page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "The system: Route optimiser" in first_page
    assert "route-history" in first_page and "object storage bucket" in first_page
