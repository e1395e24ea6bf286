"""The data-flow diagram of a system map, drawn as a self-contained SVG with no network.

Layout, deterministic for a given map:

- columns by topological order: a component sits one column right of the furthest component that
  sends it data (longest path from a source); flows that close a cycle are drawn as back arrows
  and ignored for layering; components that take part in no flow sit in a last column;
- each column is headed by the lifecycle stages of the flows arriving in it (``Sources`` for the
  first); inside a column, components are ordered by the average row of their senders, then by
  their order in the map;
- boxes show the component id, its type and who uses it; the border shows its exposure (internet:
  thick red; partner: dashed amber; internal: thin blue) and AI components have a violet fill and
  an ``AI`` tag; a legend explains both;
- arrows carry the flow's data label (shortened to fit; the full text is in a tooltip).

Every piece of user text is XML-escaped and stripped of characters XML cannot hold, so a hostile
name cannot add elements, attributes or scripts. Fonts are named, never fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from generator.model import Catalogue
from generator.systemmap.model import Flow, SystemMap
from generator.systemmap.select import type_label

BOX_W, BOX_H = 216, 66
COL_GAP, ROW_GAP = 150, 34
MARGIN, HEADER_H, LEGEND_H = 24, 34, 78
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"

EXPOSURE_STYLE = {
    "internet": ('stroke="#b3261e" stroke-width="3"', "Internet: reachable by anyone"),
    "partner": ('stroke="#9a5b00" stroke-width="2.5" stroke-dasharray="8 4"', "Partner: vendors or partners"),
    "internal": ('stroke="#3a5a8c" stroke-width="1.5"', "Internal: own staff and systems"),
}
AI_FILL, PLAIN_FILL = "#f2e9fb", "#ffffff"

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """``text`` without characters XML 1.0 cannot hold, whitespace folded."""
    return " ".join(_NOT_XML.sub("", text).split())


def _t(text: str) -> str:
    return escape(clean(text))


def _a(text: str) -> str:
    return quoteattr(clean(text))


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis when longer."""
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Layout:
    """Column and row of every component, and the column headings."""

    column: dict[str, int]
    row: dict[str, int]
    headings: tuple[str, ...]
    back_edges: frozenset[int]
    """Indexes (into the map's flows) of flows that close a cycle or stay in a column."""


def layout(smap: SystemMap, stage_order: dict[str, int]) -> Layout:
    """Where each box goes (see the module docstring for the rules)."""
    ids = [c.id for c in smap.components]
    back = _back_edges(smap, ids)
    forward = [(i, f) for i, f in enumerate(smap.flows) if i not in back]
    in_flows = {f.source for f in smap.flows} | {f.target for f in smap.flows}

    column = {cid: 0 for cid in ids}
    for cid in _topological(ids, forward):
        for _, f in forward:
            if f.source == cid:
                column[f.target] = max(column[f.target], column[cid] + 1)
    isolated = [cid for cid in ids if cid not in in_flows]
    last = max((column[c] for c in ids if c in in_flows), default=-1) + 1
    for cid in isolated:
        column[cid] = last

    row: dict[str, int] = {}
    position = {cid: i for i, cid in enumerate(ids)}
    for col in range(max(column.values()) + 1):
        members = [cid for cid in ids if column[cid] == col]

        def centre(cid: str) -> float:
            senders = [row[f.source] for _, f in forward if f.target == cid and f.source in row]
            return sum(senders) / len(senders) if senders else float(position[cid])

        for r, cid in enumerate(sorted(members, key=lambda c: (centre(c), position[c]))):
            row[cid] = r

    headings = []
    for col in range(max(column.values()) + 1):
        if isolated and col == last:
            headings.append("Outside the flows")
            continue
        stages = {f.lifecycle for _, f in forward if column[f.target] == col}
        headings.append(" / ".join(sorted(stages, key=lambda s: stage_order.get(s, 99))) or "Sources")
    back |= {i for i, f in forward if column[f.target] <= column[f.source]}
    return Layout(column, row, tuple(headings), frozenset(back))


def _back_edges(smap: SystemMap, ids: list[str]) -> set[int]:
    """Flows that point back to a component still being explored (depth-first, map order)."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    back: set[int] = set()
    out = {cid: [(i, f.target) for i, f in enumerate(smap.flows) if f.source == cid] for cid in ids}

    def visit(cid: str) -> None:
        state[cid] = 1
        for i, target in out[cid]:
            if state.get(target) == 1:
                back.add(i)
            elif target not in state:
                visit(target)
        state[cid] = 2

    for cid in ids:
        if cid not in state:
            visit(cid)
    return back


def _topological(ids: list[str], forward: list[tuple[int, Flow]]) -> list[str]:
    """Kahn's algorithm over the acyclic flows, ties broken by map order."""
    edges = [(f.source, f.target) for _, f in forward]
    indegree = {cid: 0 for cid in ids}
    for _, target in edges:
        indegree[target] += 1
    ready = [cid for cid in ids if indegree[cid] == 0]
    order: list[str] = []
    while ready:
        cid = ready.pop(0)
        order.append(cid)
        for source, target in edges:
            if source == cid:
                indegree[target] -= 1
                if indegree[target] == 0:
                    ready.append(target)
        ready.sort(key=ids.index)
    return order


def render_svg(cat: Catalogue, smap: SystemMap) -> str:
    """The diagram as SVG text (UTF-8 when encoded), identical for identical input."""
    stage_order = {s.id: s.order for s in cat.lifecycle}
    ai_types = {c.id for c in cat.components if c.ai}
    lay = layout(smap, stage_order)
    columns = max(lay.column.values()) + 1
    rows = max(lay.row.values()) + 1
    width = MARGIN * 2 + columns * BOX_W + (columns - 1) * COL_GAP
    body_h = rows * BOX_H + (rows - 1) * ROW_GAP
    back_room = 60 if lay.back_edges else 0
    height = MARGIN * 2 + HEADER_H + body_h + back_room + LEGEND_H
    width = max(width, 760)

    def box_x(cid: str) -> int:
        return MARGIN + lay.column[cid] * (BOX_W + COL_GAP)

    def box_y(cid: str) -> int:
        return MARGIN + HEADER_H + lay.row[cid] * (BOX_H + ROW_GAP)

    title = f"Data-flow diagram of {clean(smap.system)}"
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="title desc" '
        f'font-family="{FONT}" font-size="12">',
        f'<title id="title">{_t(title)}</title>',
        f'<desc id="desc">{len(smap.components)} components and {len(smap.flows)} data flows; '
        "border style shows exposure, violet fill marks AI components.</desc>",
        "<defs>",
        '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#444444"/></marker>',
        "</defs>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for col, heading in enumerate(lay.headings):
        x = MARGIN + col * (BOX_W + COL_GAP) + BOX_W // 2
        out.append(
            f'<text x="{x}" y="{MARGIN + 14}" text-anchor="middle" font-weight="bold" fill="#333333">'
            f"{_t(shorten(heading, 34))}</text>"
        )

    for i, flow in enumerate(smap.flows):
        x1, y1 = box_x(flow.source), box_y(flow.source)
        x2, y2 = box_x(flow.target), box_y(flow.target)
        if i in lay.back_edges:
            sx, sy = x1 + BOX_W // 2, y1 + BOX_H
            tx, ty = x2 + BOX_W // 2, y2 + BOX_H
            dip = MARGIN + HEADER_H + body_h + back_room - 8
            path = f"M {sx} {sy} C {sx} {dip}, {tx} {dip}, {tx} {ty}"
            lx, ly = (sx + tx) // 2, (sy + ty + 2 * dip) // 4 + 10
        else:
            sx, sy = x1 + BOX_W, y1 + BOX_H // 2
            tx, ty = x2, y2 + BOX_H // 2
            dx = (tx - sx) // 2
            path = f"M {sx} {sy} C {sx + dx} {sy}, {tx - dx} {ty}, {tx} {ty}"
            # Labels sit in the gap just before the target, where no box can be, staggered when
            # several flows arrive at the same box.
            arriving = [j for j, f in enumerate(smap.flows) if f.target == flow.target and j not in lay.back_edges]
            k, n = arriving.index(i), len(arriving)
            lx, ly = tx - COL_GAP // 2, ty + 4 + int((k - (n - 1) / 2) * 15)
        label = f"{flow.data} ({flow.lifecycle})"
        out.append(
            f'<g class="flow"><title>{_t(f"{flow.source} → {flow.target}: {label}")}</title>'
            f'<path d="{path}" fill="none" stroke="#444444" stroke-width="1.4" marker-end="url(#arrow)"/>'
            + _label(lx, ly, shorten(flow.data, 24))
            + "</g>"
        )

    for comp in smap.components:
        x, y = box_x(comp.id), box_y(comp.id)
        style, _ = EXPOSURE_STYLE[comp.exposure]
        fill = AI_FILL if comp.type in ai_types else PLAIN_FILL
        users = ", ".join(p.role for p in smap.users_of(comp.id))
        tooltip = f"{comp.id}: {comp.name or type_label(cat, comp.type)} ({comp.exposure})"
        out.append(f'<g class="component"><title>{_t(tooltip)}</title>')
        out.append(f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" {style}/>')
        out.append(
            f'<text x="{x + 10}" y="{y + 20}" font-weight="bold" font-size="13" fill="#111111">'
            f"{_t(shorten(comp.id, 26))}</text>"
        )
        out.append(
            f'<text x="{x + 10}" y="{y + 38}" fill="#333333">{_t(shorten(type_label(cat, comp.type), 32))}</text>'
        )
        if users:
            out.append(
                f'<text x="{x + 10}" y="{y + 56}" font-size="10.5" fill="#444444">'
                f"{_t(shorten('used by ' + users, 36))}</text>"
            )
        if comp.type in ai_types:
            out.append(
                f'<rect x="{x + BOX_W - 30}" y="{y + 6}" width="24" height="15" rx="3" fill="#5b2a86"/>'
                f'<text x="{x + BOX_W - 18}" y="{y + 17}" text-anchor="middle" font-size="10" font-weight="bold" '
                'fill="#ffffff">AI</text>'
            )
        out.append("</g>")

    out.extend(_legend(height - LEGEND_H - MARGIN + 12))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _label(x: int, y: int, text: str) -> str:
    """A flow label centred on (x, y) over a white patch, so crossing lines stay readable."""
    w = int(len(text) * 6.2) + 8
    return (
        f'<rect x="{x - w // 2}" y="{y - 11}" width="{w}" height="15" fill="#ffffff" fill-opacity="0.9"/>'
        f'<text x="{x}" y="{y}" text-anchor="middle" font-size="10.5" fill="#222222">{_t(text)}</text>'
    )


def _legend(top: int) -> list[str]:
    parts = [f'<g class="legend"><text x="{MARGIN}" y="{top + 12}" font-weight="bold" fill="#333333">Legend</text>']
    x = MARGIN
    for style, label in (v for v in EXPOSURE_STYLE.values()):
        parts.append(f'<rect x="{x}" y="{top + 22}" width="34" height="20" rx="4" fill="#ffffff" {style}/>')
        parts.append(f'<text x="{x + 42}" y="{top + 36}" fill="#333333">{escape(label)}</text>')
        x += 238
    parts.append(
        f'<rect x="{MARGIN}" y="{top + 50}" width="34" height="20" rx="4" fill="{AI_FILL}" stroke="#5b2a86"/>'
        f'<text x="{MARGIN + 42}" y="{top + 64}" fill="#333333">AI component (type marked ai in components.yml)</text>'
        f'<path d="M {MARGIN + 440} {top + 60} L {MARGIN + 480} {top + 60}" stroke="#444444" stroke-width="1.4" '
        'marker-end="url(#arrow)"/>'
        f'<text x="{MARGIN + 488}" y="{top + 64}" fill="#333333">data flow, labelled with its data</text></g>'
    )
    return parts
