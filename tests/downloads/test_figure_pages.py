"""A map's diagram in print: pages of its own, landscape when that prints it larger, no text under
8 pt (measured in the PDF with poppler's ``pdftotext -bbox``), a map too big for one page cut in
parts that say so, and every component whole on some page."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from generator.catalogue import load_catalogue
from generator.downloads.figure_pages import MIN_TEXT_PT, PAGE_AREAS, figure_parts, windows
from generator.downloads.pdf import FONT_DIR, LAYOUT_AREA, render_pdfs
from generator.downloads.print_html import render_html
from generator.model import Catalogue
from generator.systemmap.cover import with_cover
from generator.systemmap.load import load_map
from generator.systemmap.model import SystemMap
from generator.systemmap.select import build_map_checklist, map_items, map_verdicts
from tests.conftest import REPO

EXAMPLES = REPO / "checklists" / "examples"
MM = 72 / 25.4
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs Debian's poppler-utils (scripts/system-deps.sh test)"
)


def _svg(width: float, height: float, texts: list[tuple[float, float, str]], size: float = 9) -> str:
    """A Graphviz-like SVG in points with text at (x, y) and a box around each text."""
    body = "".join(
        f'<g class="node"><polygon points="{x - 40},{y - 12} {x + 40},{y - 12} {x + 40},{y + 4} {x - 40},{y + 4}"/>'
        f'<text text-anchor="middle" x="{x}" y="{y}" font-size="{size}">{t}</text></g>'
        for x, y, t in texts
    )
    return (
        f'<svg width="{width}pt" height="{height}pt" viewBox="0.00 0.00 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg"><g id="graph0" class="graph">{body}</g></svg>'
    )


def test_windows_cut_between_rows_and_overlap_where_a_row_is_cut() -> None:
    rows = [(0, 40), (60, 100), (120, 160), (180, 220)]
    assert windows(220, 110, rows) == [(0, 110), (110, 220)]
    assert windows(220, 130, rows) == [(0, 119), (119, 220)]  # back to the gap before the row it would cut
    assert windows(100, 110, rows[:2]) == [(0, 100)]
    # One row wider than the window: cut through it, and the next piece starts where it starts.
    wide = [(0, 50), (50, 100), (100, 150), (150, 200)]
    pieces = windows(200, 120, wide)
    assert pieces[0] == (0, 120) and pieces[1][0] == 99
    for box in wide:
        assert any(a <= box[0] and box[1] <= b for a, b in pieces), box


def test_a_figure_that_fits_is_one_page_never_enlarged() -> None:
    (part,) = figure_parts(_svg(200, 100, [(100, 50, "small")]))
    assert part.count == 1 and part.orientation == "portrait"
    assert (part.width_pt, part.height_pt) == (200, 100) and part.text_pt == 9


def test_a_wide_figure_turns_the_page() -> None:
    width = PAGE_AREAS["portrait"][0] * 1.3
    (part,) = figure_parts(_svg(width, 200, [(width / 2, 50, "wide")]))
    assert part.orientation == "landscape" and part.text_pt == 9


def test_a_figure_is_shrunk_to_fit_but_never_under_8_pt() -> None:
    area_w, area_h = PAGE_AREAS["portrait"]
    (part,) = figure_parts(_svg(area_w * 1.05, area_h * 1.05, [(100, 50, "a")], size=10))
    assert part.count == 1 and MIN_TEXT_PT <= part.text_pt < 10
    assert part.width_pt <= area_w + 0.01 and part.height_pt <= area_h + 0.01
    tall = [(100, 30 + 60 * i, f"row{i}") for i in range(40)]
    parts = figure_parts(_svg(200, 60 * 40 + 30, tall, size=9))
    assert len(parts) > 1 and {p.count for p in parts} == {len(parts)}
    assert all(p.text_pt >= MIN_TEXT_PT for p in parts)
    for p in parts:
        assert p.height_pt <= PAGE_AREAS[p.orientation][1] + 0.01
        view = [float(n) for n in ET.fromstring(p.svg).get("viewBox", "").split()]
        assert view[3] * p.text_pt / 9 == pytest.approx(p.height_pt, abs=0.05)


def test_the_list_that_stands_in_for_a_map_too_large_to_draw_prints_in_parts_too() -> None:
    """The flow list (pixels, not points) is cut between its lines: each line on one part only."""
    from generator.systemmap.diagram import flow_list_svg
    from generator.systemmap.model import Flow, MapComponent, SystemMap

    components = tuple(MapComponent(id=f"c-{i:03d}", type="object-storage", exposure="internal") for i in range(121))
    flows = tuple(Flow(f"c-{i:03d}", f"c-{i + 1:03d}", f"copies {i}", "storage") for i in range(120))
    svg = flow_list_svg(SystemMap(system="Huge", components=components, flows=flows), "Too large to draw. The flows:")
    parts = figure_parts(svg)
    assert len(parts) > 1 and all(p.text_pt >= MIN_TEXT_PT for p in parts)
    assert sum(p.svg.count("<text") for p in parts) == svg.count("<text")
    assert [p.svg == q.svg for p, q in zip(parts, figure_parts(svg), strict=True)] == [True] * len(parts)


# --- In the PDF -------------------------------------------------------------------------------


def _large_map(n: int) -> str:
    """A map too wide for one page at 8 pt: a tree of ``n`` components, two flows out of each."""
    types = ("object-storage", "etl-pipeline", "api-gateway", "operational-database", "web-application")
    lines = ["system: Large test system", "components:"]
    for i in range(n):
        lines += [f"  - id: part-{i:02d}", f"    type: {types[i % len(types)]}", "    exposure: internal"]
    lines.append("flows:")
    for i in range(1, n):
        lines.append(f"  - {{from: part-{(i - 1) // 2:02d}, to: part-{i:02d}, data: records {i}, lifecycle: storage}}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(REPO).catalogue


def _maps(catalogue: Catalogue, tmp: Path) -> list[SystemMap]:
    (tmp / "large.yml").write_text(_large_map(30), encoding="utf-8")
    paths = [p for p in sorted(EXAMPLES.glob("*.yml")) if p.name != "blank.yml"]
    paths += [REPO / "tests" / "systemmap" / "maps" / "dental-group.yml", tmp / "large.yml"]
    maps = [load_map(p, p.name, catalogue).map for p in paths]
    assert all(maps)
    return [m for m in maps if m is not None]


def _ascent_descent(font: Path) -> float:
    """(ascender - descender) / unitsPerEm from the font's hhea and head tables: the height of the
    box poppler gives a word, per point of font size."""
    data = font.read_bytes()
    (count,) = struct.unpack(">H", data[4:6])
    tables = {
        data[12 + 16 * i : 16 + 16 * i]: struct.unpack(">I", data[20 + 16 * i : 24 + 16 * i])[0] for i in range(count)
    }
    (units,) = struct.unpack(">H", data[tables[b"head"] + 18 : tables[b"head"] + 20])
    ascender, descender = struct.unpack(">hh", data[tables[b"hhea"] + 4 : tables[b"hhea"] + 8])
    return (ascender - descender) / units


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[tuple[str, float, float, float, float]]
    """Each word with xMin, yMin, xMax, yMax in points from the top left."""

    @property
    def text(self) -> str:
        return " ".join(w[0] for w in self.words)


def _pages(pdf: bytes) -> list[Page]:
    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pages = []
    for head, body in re.findall(r'<page (width="[^"]+" height="[^"]+")>(.*?)</page>', out, re.S):
        width, height = (float(n) for n in re.findall(r'"([\d.]+)"', head))
        words = [
            (ET.fromstring(m.group(0)).text or "", *(float(v) for v in m.groups()))
            for m in re.finditer(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">[^<]*</word>', body
            )
        ]
        pages.append(Page(width, height, words))
    return pages


@needs_poppler
def test_the_printed_diagram_has_its_own_pages_and_no_label_under_8_pt(catalogue: Catalogue, tmp_path: Path) -> None:
    per_point = _ascent_descent(FONT_DIR / "DejaVuSans.ttf")
    for smap in _maps(catalogue, tmp_path):
        verdicts = map_verdicts(catalogue, smap)
        checklist = with_cover(
            catalogue, smap, build_map_checklist(catalogue, smap, map_items(catalogue, smap, verdicts))
        )
        checklist = replace(checklist, items=checklist.items[:2])  # the diagram is what is measured
        html = render_html(checklist, catalogue.frameworks)
        assert html == render_html(checklist, catalogue.frameworks)  # the PDF cache keys on it
        pdfs = render_pdfs(html, identity=smap.system)
        pages = {paper: _pages(data) for paper, data in pdfs.items()}
        # A diagram page ends with its note: a heading or note pushed off the page would fail this.
        diagram = [i for i, p in enumerate(pages["a4"]) if "Data-flow diagram" in p.text[:200]]
        assert diagram and diagram == list(range(diagram[0], diagram[-1] + 1)), smap.system
        assert all(
            pages["a4"][i].text.split("Full size on screen: diagram.svg, beside this file.")[1].startswith(" Page ")
            for i in diagram
        )
        assert "Data-flow diagram" not in pages["a4"][0].text  # not on the cover any more
        parts = figure_parts(checklist.cover.diagram_svg if checklist.cover else "")
        assert len(diagram) == len(parts)
        printed: set[str] = set()
        for i, part in zip(diagram, parts, strict=True):
            page = pages["a4"][i]
            turned = part.orientation == "landscape"
            for paper in pages:
                p = pages[paper][i]
                assert (p.width > p.height) == turned, (smap.system, paper, i)
            layout_h = (LAYOUT_AREA[0] if turned else LAYOUT_AREA[1]) * MM
            # The page's content, without the running header and footer in the margins (7.5 pt).
            body = [
                w
                for w in page.words
                if w[2] > 16 * MM and w[4] < layout_h - 14 * MM and w[1] >= 0 and w[3] <= page.width
            ]
            sizes = [(w[4] - w[2]) / per_point for w in body]
            assert min(sizes) >= MIN_TEXT_PT - 0.05, (smap.system, i, min(zip(sizes, body, strict=True)))
            printed |= {w[0] for w in body}
            if part.count > 1:
                assert f"(part {part.number} of {part.count})" in page.text
                assert "Too large for one page with its labels at 8 pt or larger" in page.text
        missing = [c.id for c in smap.components if c.id not in printed]
        assert not missing, (smap.system, missing)  # every component whole on some page
    assert len(parts) > 1  # the large map is cut in parts


def test_a_wide_map_prints_on_a_landscape_page(catalogue: Catalogue) -> None:
    path = REPO / "tests" / "systemmap" / "maps" / "dental-group.yml"
    smap = load_map(path, path.name, catalogue).map
    assert smap is not None
    checklist = with_cover(catalogue, smap, build_map_checklist(catalogue, smap, ()))
    html = render_html(checklist, catalogue.frameworks)
    assert '<section class="diagram-page diagram-landscape">' in html
    assert ".diagram-landscape { page: landscape; }" in html


def test_the_same_map_gives_the_same_html_so_its_pdf_is_served_from_the_cache(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two builds of a map cut in parts (Graphviz run twice) give byte-identical print HTML, and so
    the PDF cache's key: the second is served from the cache, never laid out again."""
    from generator.downloads import pdf
    from generator.downloads.pdf_cache import PdfCache, cached_pdfs

    (tmp_path / "large.yml").write_text(_large_map(30), encoding="utf-8")

    def build() -> str:
        smap = load_map(tmp_path / "large.yml", "large.yml", catalogue).map
        assert smap is not None
        checklist = with_cover(catalogue, smap, build_map_checklist(catalogue, smap, ()))
        return render_html(checklist, catalogue.frameworks)

    first, second = build(), build()
    assert first == second and first.count('<section class="diagram-page') > 1
    cache = PdfCache(tmp_path / "cache")
    laid_out = {"a4": b"%PDF-1.7\n(laid out once)\n%%EOF\n"}
    cache.put(PdfCache.key(first, "large", ("a4",)), laid_out)

    def no_layout(*args: object, **kwargs: object) -> dict[str, bytes]:
        raise AssertionError("laid out again although the map did not change")

    monkeypatch.setattr(pdf, "render_pdfs", no_layout)
    assert cached_pdfs(cache, second, "large", ("a4",)) == laid_out
