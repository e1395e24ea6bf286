"""An SVG figure laid out on printed pages: its own page, turned when wide, never printed too small.

A map's diagram used to sit on the checklist's cover, squeezed to the text's width: strips of
2,000 pt printed their labels at 2-3 pt. Here a figure gets pages of its own. It is scaled to the
page (never enlarged), upright or turned to landscape, whichever prints it larger. It is never
scaled so far that its smallest text prints under :data:`MIN_TEXT_PT`: a figure too big for one
page at that size is cut into parts, each on its own page at a readable size, and the pages say
so. Cuts fall in the gaps between boxes and lines of text where there is one, so a part ends
between two rows of the drawing rather than through a label.

A part is the same SVG with another ``viewBox`` (the window onto the drawing) and a printed size
in points, so nothing is drawn again and the output depends only on the SVG: the same figure,
the same bytes (the PDF cache keys on the HTML this goes into).

The page areas are those of :mod:`generator.downloads.pdf` (A4's width, Letter's height) less
``print.css``'s margins and room for the page's heading and caption.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from generator.downloads.pdf import LAYOUT_AREA

MIN_TEXT_PT = 8.0
"""The smallest text a printed figure may have, in points."""
MM = 72 / 25.4
MARGINS_MM = (16 + 14, 14 + 14)
"""print.css's ``@page`` margins: top plus bottom, left plus right."""
HEADING_MM = 22
"""Room kept on a figure's page for its heading and caption."""
PAGE_AREAS = {
    "portrait": ((LAYOUT_AREA[0] - MARGINS_MM[1]) * MM, (LAYOUT_AREA[1] - MARGINS_MM[0] - HEADING_MM) * MM),
    "landscape": ((LAYOUT_AREA[1] - MARGINS_MM[1]) * MM, (LAYOUT_AREA[0] - MARGINS_MM[0] - HEADING_MM) * MM),
}
"""Width and height, in points, a figure may take on an upright and on a turned page."""

SVG = "{http://www.w3.org/2000/svg}"
_UNITS = {"pt": 1.0, "px": 0.75, "": 0.75, "in": 72.0, "mm": MM, "cm": 10 * MM}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


@dataclass(frozen=True)
class FigurePart:
    """One printed page of a figure: its SVG (cropped by ``viewBox``) and where it sits in the whole."""

    svg: str
    orientation: str
    """``portrait`` or ``landscape``: the page it is printed on."""
    width_pt: float
    height_pt: float
    number: int
    count: int
    text_pt: float
    """The size its smallest text prints at, in points."""


@dataclass(frozen=True)
class _Drawing:
    view: tuple[float, float, float, float]
    """The SVG's viewBox: x, y, width, height in user units."""
    pt_per_unit: float
    min_font: float
    """The smallest ``font-size`` in the drawing, in user units (0 when it has no text)."""
    xs: list[tuple[float, float]]
    ys: list[tuple[float, float]]
    """Where boxes and text sit on each axis: spans a cut should not go through."""


def _length_pt(value: str) -> float:
    match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*([a-z]*)\s*", value)
    if not match or match.group(2) not in _UNITS:
        raise ValueError(f"unsupported SVG length {value!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def _translation(element: ET.Element) -> tuple[float, float]:
    """The ``translate(x y)`` of an element's transform (Graphviz puts one on its top group)."""
    match = re.search(r"translate\(\s*([-\d.]+)[\s,]+([-\d.]+)\s*\)", element.get("transform", ""))
    return (float(match.group(1)), float(match.group(2))) if match else (0.0, 0.0)


def _measure(svg: str) -> _Drawing:
    root = ET.fromstring(svg.encode("utf-8"))
    width, height = _length_pt(root.get("width", "0")), _length_pt(root.get("height", "0"))
    view = tuple(float(n) for n in _NUMBER.findall(root.get("viewBox", ""))) or (0.0, 0.0, width, height)
    vx, vy, vw, vh = view
    pt_per_unit = width / vw if vw else 1.0
    xs: list[tuple[float, float]] = []
    ys: list[tuple[float, float]] = []
    fonts: list[float] = []

    def walk(element: ET.Element, dx: float, dy: float, size: float) -> None:
        tx, ty = _translation(element)
        size = float(element.get("font-size", size))  # inherited, as in CSS
        if element.tag == f"{SVG}text":
            fonts.append(size)
        if element.get("class") == "node" or element.tag == f"{SVG}text":
            _extent(element, dx, dy, xs, ys, size)  # a box with its text, or text on its own
        for child in element:
            walk(child, dx + tx, dy + ty, size)

    walk(root, 0.0, 0.0, 16.0)
    return _Drawing(
        view=(vx, vy, vw, vh),
        pt_per_unit=pt_per_unit,
        min_font=min(fonts, default=0.0),
        xs=[(a - vx, b - vx) for a, b in xs],
        ys=[(a - vy, b - vy) for a, b in ys],
    )


def windows(length: float, window: float, spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Pieces of ``length``, each at most ``window`` long, that together cover it.

    A piece ends at the furthest point it can reach outside every span (a box or a line of
    text) when there is one in its second half: the next piece starts there. Where there is
    none (a row of boxes wider than the page), it ends at its full reach and the next piece
    starts where the first box it cut starts, so every box is whole on one page or the other.
    """
    merged: list[list[float]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out: list[tuple[float, float]] = []
    start = 0.0
    while length - start > window + 1e-6:
        reach = start + window
        end = following = reach
        for a, b in merged:
            if a < reach < b:
                if a - 1 > start + window / 2:
                    end = following = a - 1
                else:
                    cut = [x for x, y in spans if x < reach < y and x - 1 > start]
                    following = min(cut) - 1 if cut else reach
                break
        out.append((start, end))
        start = following
    out.append((start, length))
    return out


def _window_only(svg: str, view: tuple[float, float, float, float]) -> str:
    """``svg`` without the text and the boxes, lines and groups that lie wholly outside ``view``,
    and without ids (parts share them).

    A part's ``viewBox`` already hides them; left in, they would still be in the PDF's text, found
    by a search or a screen reader on a page that does not show them.
    """
    ET.register_namespace("", SVG.strip("{}"))
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(svg.encode("utf-8"))
    x0, y0, w, h = view

    def outside(xs: list[tuple[float, float]], ys: list[tuple[float, float]]) -> bool:
        if not xs:
            return False
        left, right = min(a for a, _ in xs), max(b for _, b in xs)
        top, bottom = min(a for a, _ in ys), max(b for _, b in ys)
        return right < x0 or left > x0 + w or bottom < y0 or top > y0 + h

    def prune(element: ET.Element, dx: float, dy: float, size: float) -> None:
        element.attrib.pop("id", None)
        tx, ty = _translation(element)
        dx, dy = dx + tx, dy + ty
        size = float(element.get("font-size", size))
        for child in list(element):
            xs: list[tuple[float, float]] = []
            ys: list[tuple[float, float]] = []
            _extent(child, dx, dy, xs, ys, size)
            if child.tag.removeprefix(SVG) in ("g", "text", "path", "polygon", "a") and outside(xs, ys):
                element.remove(child)
            else:
                prune(child, dx, dy, size)

    prune(root, 0.0, 0.0, 16.0)
    return ET.tostring(root, encoding="unicode")


def _extent(
    element: ET.Element,
    dx: float,
    dy: float,
    xs: list[tuple[float, float]],
    ys: list[tuple[float, float]],
    size: float = 16.0,
) -> None:
    """Add where ``element`` and what it holds are drawn (text by an estimate of its width);
    ``size`` is the font size it inherits."""
    tx, ty = _translation(element)
    dx, dy = dx + tx, dy + ty
    size = float(element.get("font-size", size))
    tag = element.tag.removeprefix(SVG)
    if tag == "text":
        x, y = float(element.get("x", "0")) + dx, float(element.get("y", "0")) + dy
        wide = 0.62 * size * len(element.text or "")
        anchor = element.get("text-anchor", "start")
        left = x - wide / 2 if anchor == "middle" else x - wide if anchor == "end" else x
        xs.append((left, left + wide))
        ys.append((y - size, y + 0.3 * size))
    elif tag in ("polygon", "path", "polyline", "ellipse", "rect"):
        numbers = [float(n) for n in _NUMBER.findall(element.get("points") or element.get("d") or "")]
        if len(numbers) >= 2:
            xs.append((min(numbers[0::2]) + dx, max(numbers[0::2]) + dx))
            ys.append((min(numbers[1::2]) + dy, max(numbers[1::2]) + dy))
    for child in element:
        _extent(child, dx, dy, xs, ys, size)


def _with_view(svg: str, view: tuple[float, float, float, float], pt_per_unit: float) -> str:
    """``svg`` with its root's size and viewBox replaced: the window ``view``, ``pt_per_unit`` points
    to a user unit."""
    x, y, w, h = view
    attributes = {
        "width": f"{w * pt_per_unit:.2f}pt",
        "height": f"{h * pt_per_unit:.2f}pt",
        "viewBox": f"{x:.2f} {y:.2f} {w:.2f} {h:.2f}",
    }
    start = svg.index("<svg")
    end = svg.index(">", start)
    tag = svg[start:end]
    for name, value in attributes.items():
        tag, found = re.subn(rf'(\s){name}="[^"]*"', rf'\g<1>{name}="{value}"', tag, count=1)
        if not found:
            tag += f' {name}="{value}"'
    return svg[:start] + tag + svg[end:]


def figure_parts(svg: str) -> tuple[FigurePart, ...]:
    """The pages ``svg`` prints on: one when it fits with its text at :data:`MIN_TEXT_PT` or larger,
    else as few parts as that size allows (at the largest scale that keeps that count)."""
    drawing = _measure(svg)
    _, _, vw, vh = drawing.view
    natural_w, natural_h = vw * drawing.pt_per_unit, vh * drawing.pt_per_unit
    font_pt = drawing.min_font * drawing.pt_per_unit
    floor = MIN_TEXT_PT / font_pt if font_pt else 0.0
    fits = {
        name: min(1.0, area_w / natural_w, area_h / natural_h) if natural_w and natural_h else 1.0
        for name, (area_w, area_h) in PAGE_AREAS.items()
    }
    # Upright unless turning the page prints the figure larger (a figure wider than tall).
    orientation = max(PAGE_AREAS, key=lambda name: (fits[name], name == "portrait"))
    if fits[orientation] >= floor:
        scale = fits[orientation]
        return (
            FigurePart(
                _with_view(_window_only(svg, drawing.view), drawing.view, drawing.pt_per_unit * scale),
                orientation,
                natural_w * scale,
                natural_h * scale,
                1,
                1,
                font_pt * scale,
            ),
        )
    plans = []
    for name, (area_w, area_h) in PAGE_AREAS.items():
        # As large as the page's width allows, up to natural size, never under the floor.
        scale = max(floor, min(1.0, area_w / natural_w))
        per_unit = drawing.pt_per_unit * scale
        columns = windows(vw, area_w / per_unit, drawing.xs)
        rows = windows(vh, area_h / per_unit, drawing.ys)
        pages = len(columns) * len(rows)
        plans.append((pages, -scale, name != "portrait", name, scale, columns, rows))
    pages, _, _, orientation, scale, columns, rows = min(plans)
    vx, vy, _, _ = drawing.view
    parts: list[FigurePart] = []
    for top, bottom in rows:
        for left, right in columns:
            view = (vx + left, vy + top, right - left, bottom - top)
            per_unit = drawing.pt_per_unit * scale
            parts.append(
                FigurePart(
                    _with_view(_window_only(svg, view), view, per_unit),
                    orientation,
                    (right - left) * per_unit,
                    (bottom - top) * per_unit,
                    len(parts) + 1,
                    pages,
                    font_pt * scale,
                )
            )
    return tuple(parts)


def part_label(part: FigurePart) -> str:
    """``part 2 of 3`` (empty for a figure on one page)."""
    return "" if part.count == 1 else f"part {part.number} of {part.count}"
