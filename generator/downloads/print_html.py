"""Print-ready HTML: the checklist grouped by layer, then priority, ready for a browser or WeasyPrint.

The same HTML is written to ``<id>.html`` and rendered to PDF, so what prints from a browser and
what the PDF shows agree. Everything is escaped by Jinja's autoescape; Markdown fields go through
:func:`generator.markdown.render` (raw HTML escaped, unsafe links dropped). A Content Security
Policy forbids the page from loading anything, so opening it never touches the network.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator import markdown
from generator.downloads.about import regulations
from generator.downloads.guards import check_ids
from generator.downloads.references import checklist_columns, cited
from generator.downloads.rows import LayerGroup, layer_groups, summary_line
from generator.model import Framework
from generator.select import Checklist

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE = "downloads/checklist.html.j2"
CSS_FILE = TEMPLATE_DIR / "downloads" / "print.css"


def css_string(text: object) -> Markup:
    """``text`` as a quoted CSS string: everything but letters, digits and spaces hex-escaped.

    This keeps a title from closing the string, the rule or the ``<style>`` element. Each escape
    ends with a space, which CSS consumes as its terminator, so a real space after it survives.
    """
    escaped = "".join(ch if (ch.isalnum() and ch.isascii()) or ch == " " else f"\\{ord(ch):06x} " for ch in str(text))
    return Markup(f'"{escaped}"')


def _md(text: str) -> Markup:
    return Markup(markdown.render(text))  # safe by construction: render escapes and drops unsafe links


def _mdi(text: str) -> Markup:
    return Markup(markdown.render_inline(text))


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = _md
    env.filters["mdi"] = _mdi
    env.filters["css_string"] = css_string
    return env


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(iso: str) -> str:
    """``2026-11-25`` as ``25 November 2026`` (English month names, whatever the locale)."""
    d = date.fromisoformat(iso)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def render_html(checklist: Checklist, frameworks: Sequence[Framework] = ()) -> str:
    """The print-ready HTML document as text; ``frameworks`` give the reference legend's full names."""
    info = checklist.info
    columns = checklist_columns(checklist, frameworks)
    groups = layer_groups(checklist)
    references = {row.id: cited(columns, row.references) for group in groups for row in group.rows}
    used = {name for refs in references.values() for name, _ in refs}
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            checklist=checklist,
            info=info,
            groups=groups,
            count=len(checklist.items),
            summary_line=summary_line(checklist),
            regulations=regulations(checklist),
            references=references,
            legend=[col for col in columns if col.short_name in used],
            long_date=long_date(info.date),
            running_meta=f"{info.name} catalogue {info.version} · {info.date}",
            css=Markup(CSS_FILE.read_text(encoding="utf-8")),
            # Inline, not an <img>: the PDF renderer fetches nothing, and dot has escaped the map's text.
            cover_diagram=Markup(checklist.cover.diagram_svg) if checklist.cover else "",
            diagram_parts=_diagram_parts(checklist),
            **_tracker(checklist, groups),
        )
    )


def _diagram_parts(checklist: Checklist) -> list[dict[str, object]]:
    """The printed pages of a system map's diagram (see :mod:`generator.downloads.figure_pages`)."""
    if not checklist.cover:
        return []
    from generator.downloads.figure_pages import figure_parts, part_label

    return [
        {
            "svg": Markup(part.svg),  # the diagram's own SVG with another size and viewBox
            "orientation": part.orientation,
            "label": part_label(part),
            "last": part.number == part.count,
        }
        for part in figure_parts(checklist.cover.diagram_svg)
    ]


def _tracker(checklist: Checklist, groups: Sequence[LayerGroup]) -> dict[str, object]:
    """What the template needs to make a system map's checklist a tracker (see ``tracker_files``).

    Only a ranked checklist whose items all carry their components is one: the per-component
    statuses need the map's component ids. Other checklists print as they always did.
    """
    from generator.downloads.tracker_files import script_hrefs
    from generator.model import PRIORITIES
    from generator.progress.model import STATUS_LABELS

    rows = [row for group in groups for pg in group.priorities for row in pg.rows]
    tracker = checklist.for_map and bool(rows) and all(row.ranking for row in rows)
    if not tracker:
        return {"tracker": False, "tracker_scripts": (), "priorities": (), "components": (), "statuses": ()}
    components: dict[str, str] = {}
    for row in rows:
        if row.ranking:
            components.update(zip(row.ranking.components, row.applies_to, strict=False))
    present = {row.priority for row in rows}
    return {
        "tracker": True,
        "tracker_scripts": script_hrefs(),
        "priorities": [p for p in PRIORITIES if p in present],
        "components": sorted(components.items()),
        "statuses": list(STATUS_LABELS.items()),
    }


def render(checklist: Checklist, frameworks: Sequence[Framework] = ()) -> bytes:
    """The print-ready HTML as UTF-8 bytes."""
    return render_html(checklist, frameworks).encode("utf-8")


_CONTROL = re.compile(r'<article class="control(?: ambit-item)?" id="([A-Z]+-\d+)"')


def control_ids(html: str) -> list[str]:
    """The control IDs the HTML shows, in order (one ``article`` per control)."""
    return _CONTROL.findall(html)


def check(data: bytes, expected_ids: tuple[str, ...]) -> None:
    """Raise :class:`DownloadError` unless the HTML has one control block per expected control."""
    check_ids("print HTML", control_ids(data.decode("utf-8")), expected_ids)
