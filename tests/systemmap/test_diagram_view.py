"""The map's diagram on screen, in Chromium on a 390 px phone: at full size, scrolling sideways in
its own frame (the page itself does not), and a link that opens it on its own. Both places that
show it: ``ambit map``'s checklist.html and a worked example's page on the site."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.model import Catalogue
from generator.systemmap.diagram import render_svg
from generator.systemmap.site import example_pages, load_examples
from tests.conftest import REPO
from tests.site.conftest import file_only

pytestmark = pytest.mark.browser
EXAMPLE = REPO / "checklists" / "examples" / "logistics-route-optimiser.yml"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A 390 px wide page that may open file: URLs only."""
    context = browser.new_context(viewport=PHONE, service_workers="block")
    outside = file_only(context)
    yield context.new_page()
    context.close()
    assert outside == [], outside


def _natural_width_px(svg: str) -> float:
    """The width the SVG asks for (Graphviz writes points), in CSS pixels."""
    match = re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg)
    assert match
    return float(match.group(1)) * 4 / 3


def _assert_full_size_and_scrolls(page: Any, image: str, frame: str, natural: float) -> None:
    drawn = page.locator(image).evaluate("e => e.getBoundingClientRect().width")
    assert drawn == pytest.approx(natural, abs=1), "the diagram must keep its full size, not shrink to the phone"
    scroll = page.locator(frame).evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll[0] > scroll[1] and scroll[1] <= PHONE["width"], scroll
    right = page.locator(frame).evaluate("e => e.getBoundingClientRect().right")
    assert right <= PHONE["width"], "the frame fits the screen: only the frame scrolls, not the page"


@pytest.fixture
def mapped(tmp_path: Path, run_ambit: Callable[..., tuple[int, str, str]]) -> Path:
    """The folder ``ambit map`` wrote for the worked example."""
    out = tmp_path / "out"
    code, stdout, stderr = run_ambit("map", str(EXAMPLE), "-o", str(out))
    assert code == 0, stdout + stderr
    return out


def test_checklist_html_shows_the_diagram_full_size_and_links_to_it(phone: Any, mapped: Path) -> None:
    out = mapped
    phone.goto((out / "checklist.html").as_uri())
    natural = _natural_width_px((out / "diagram.svg").read_text(encoding="utf-8"))
    assert natural > PHONE["width"]
    _assert_full_size_and_scrolls(phone, ".diagram-scroll svg", ".diagram-scroll", natural)
    assert not phone.locator(".diagram-page").first.is_visible()  # the print pages stay for print
    link = phone.get_by_role("link", name="Open the diagram on its own")
    assert link.get_attribute("href") == "diagram.svg" and (out / "diagram.svg").is_file()


def test_a_worked_example_shows_the_diagram_full_size_and_links_to_it(
    phone: Any, catalogue: Catalogue, tmp_path: Path
) -> None:
    """The example page's figure as the site renders it (raw HTML in its Markdown), under
    Material's own stylesheet and the site's."""
    import material

    example = next(ex for ex in load_examples(catalogue, REPO) if ex.slug == EXAMPLE.stem)
    markdown = example_pages(catalogue, REPO)[f"method/{example.slug}.md"]
    figure = re.search(r'<figure class="ambit-diagram">.*?</figure>', markdown, re.S)
    assert figure
    svg = render_svg(catalogue, example.map)
    (tmp_path / "diagram.svg").write_text(svg, encoding="utf-8")
    styles = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    sheets = [next(styles.glob("main.*.min.css")), REPO / "site_overrides" / "assets" / "ambit.css"]
    links = "".join(f'<link rel="stylesheet" href="{s.as_uri()}">' for s in sheets)
    page = tmp_path / "example.html"
    page.write_text(
        f'<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width, initial-scale=1">{links}'
        f'</head><body><article class="md-typeset" style="margin: 0 .8rem">{figure.group(0)}</article></body></html>',
        encoding="utf-8",
    )
    phone.goto(page.as_uri())
    phone.locator(".ambit-diagram img").evaluate("e => e.decode()")
    _assert_full_size_and_scrolls(phone, ".ambit-diagram img", ".ambit-diagram__scroll", _natural_width_px(svg))
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.get_by_role("link", name="open it on its own").get_attribute("href") == "diagram.svg"


def test_checklist_html_fits_a_phone_without_scrolling_sideways(phone: Any, mapped: Path) -> None:
    """Only the diagram's own frame scrolls: the filters, with their long component names, wrap."""
    phone.goto((mapped / "checklist.html").as_uri())
    phone.locator(".ambit-filters").wait_for(state="visible")  # the tracker's script shows them
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px phone"
