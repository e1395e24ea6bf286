"""The data-flow diagram of a system map, laid out by Graphviz ``dot`` as a self-contained SVG.

Data flows top to bottom (``rankdir=TB``): ``dot`` puts every component in a row after the ones
that send it data, routes arrows around boxes and places each label whole beside its arrow. Top
to bottom keeps a long pipeline on a page: read left to right, the examples' chains made strips
up to 2,600 pt wide that printed at 3 pt; read downwards they are as tall as a page or two.
Boxes show the component id, its type and who uses it, wrapped to a few short lines so the page
stays narrow; the border shows exposure (internet: thick red; partner: dashed amber; internal:
thin blue), AI components have a violet fill.

What a component runs on is drawn as containment, not as a line: a grey box labelled "runs on X"
holds X and what runs on it (an app inside the phones' box, the phones inside the MDM's), so no
dotted line crosses the picture. A component has one box, so a second host (and a host that
would close a cycle) is named in the component's label instead. A caption under the graph
explains it all.

User text reaches ``dot`` only inside quoted strings with backslashes and quotes escaped, so it
cannot add attributes or escape sequences; ``dot`` escapes it again for XML. The output has no
script, no external reference, and no version comment, so the same map gives the same bytes.
Graphviz comes from Debian (``graphviz``), installed by ``scripts/system-deps.sh``.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import textwrap

from generator.model import Catalogue
from generator.systemmap.model import SystemMap
from generator.systemmap.select import type_label

FONT = "DejaVu Sans"
EXPOSURE_STYLE = {
    "internet": 'color="#b3261e", penwidth=3',
    "partner": 'color="#9a5b00", penwidth=2, style="rounded,filled,dashed"',
    "internal": 'color="#3a5a8c", penwidth=1.2',
    "unknown": 'color="#5f5f5f", penwidth=1.2, style="rounded,filled,dotted"',
}
AI_FILL, PLAIN_FILL = "#f2e9fb", "#ffffff"
BOX_WRAP, LABEL_WRAP, USERS_LIMIT = 24, 18, 40
CAPTION = (
    "Data flows top to bottom. Border: thick red = internet, dashed amber = partner, thin blue = internal. "
    "Violet = AI component. Grey box “runs on X”: X and what runs on it."
)
CAPTION_WRAP = 60
HOST_STYLE = (
    'labelloc=t, style="rounded,filled", fillcolor="#f1f1f1", color="#9a9a9a", fontcolor="#444444",'
    " fontsize=9, labeljust=l, margin=8"
)
"""A "runs on" box: light grey, its label at the top left, in the edge labels' size."""

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


MAX_DRAWN_COMPONENTS, MAX_DRAWN_FLOWS = 100, 150
"""Largest map laid out by ``dot``: 80 components and 150 flows take it seconds, 200 and 500 minutes.
A larger map gets the flows as a list (:func:`flow_list_svg`): the same bytes on every machine."""
DOT_SECONDS = 60
"""The last resort for a map within those sizes that ``dot`` still cannot lay out in time."""


class DiagramError(RuntimeError):
    """Graphviz is missing or failed; the message says what to install or what went wrong."""


def clean(text: str) -> str:
    """``text`` without characters XML 1.0 cannot hold, whitespace folded."""
    return " ".join(_NOT_XML.sub("", text).split())


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis when longer."""
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quoted(lines: list[str], end: str = "") -> str:
    """A DOT string of ``lines``: backslashes and quotes escaped, lines joined by ``\\n``
    (centred), or each ended by ``\\l`` (left-aligned) when ``end`` is ``"l"``."""
    parts = [clean(line).replace("\\", "\\\\").replace('"', '\\"') for line in lines]
    if end == "l":
        return '"' + "".join(part + "\\l" for part in parts) + '"'
    return '"' + "\\n".join(parts) + '"'


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(clean(text), width, break_long_words=True, break_on_hyphens=False) or [""]


def hosts(smap: SystemMap) -> dict[str, str]:
    """Each component that runs on another mapped component: the one whose box it is drawn in.

    That is its first ``runs_on`` host that does not lead back to it (A on B and B on A would
    put each box inside the other). Decided in the map's order, so the same map, the same boxes.
    """
    ids = {c.id for c in smap.components}
    parent: dict[str, str] = {}
    for c in smap.components:
        for host in c.runs_on:
            seen, up = {c.id}, host
            while up in parent and up not in seen:
                seen.add(up)
                up = parent[up]
            if host in ids and host != c.id and up not in seen:
                parent[c.id] = host
                break
    return parent


def to_dot(cat: Catalogue, smap: SystemMap) -> str:
    """The map as a DOT graph (deterministic: the map's order throughout)."""
    ai_types = {c.id for c in cat.components if c.ai}
    parent = hosts(smap)
    out = [
        "digraph map {",
        f'  graph [rankdir=TB, fontname="{FONT}", fontsize=10, nodesep=0.2, ranksep=0.25, pad=0.2,'
        f" labelloc=b, labeljust=l, label={_quoted(_wrap(CAPTION, CAPTION_WRAP), end='l')}];",
        f'  node [shape=box, style="rounded,filled", fontname="{FONT}", fontsize=10, margin="0.1,0.05"];',
        f'  edge [fontname="{FONT}", fontsize=9, color="#444444", arrowsize=0.7];',
    ]
    nodes: dict[str, str] = {}
    for c in smap.components:
        users = ", ".join(p.role for p in smap.users_of(c.id))
        lines = _wrap(c.id, BOX_WRAP) + _wrap(type_label(cat, c.type), BOX_WRAP)
        if c.type in ai_types:
            lines[-1] += " · AI"
        if users:
            lines += _wrap("used by " + shorten(users, USERS_LIMIT), BOX_WRAP)
        others = [h for h in dict.fromkeys(c.runs_on) if h != parent.get(c.id)]
        if others:  # hosts it cannot be drawn inside: named instead
            lines += _wrap("runs on " + shorten(", ".join(others), USERS_LIMIT), BOX_WRAP)
        fill = AI_FILL if c.type in ai_types else PLAIN_FILL
        tooltip = _quoted([c.name or c.id])
        nodes[c.id] = (
            f'"{c.id}" [label={_quoted(lines)}, fillcolor="{fill}", {EXPOSURE_STYLE[c.exposure]}, tooltip={tooltip}];'
        )
    guests: dict[str, list[str]] = {}
    for c in smap.components:
        if c.id in parent:
            guests.setdefault(parent[c.id], []).append(c.id)
    boxes = iter(range(len(smap.components)))

    def place(cid: str, indent: str) -> None:
        if cid not in guests:
            out.append(indent + nodes[cid])
            return
        out.append(f"{indent}subgraph cluster_{next(boxes)} {{")
        out.append(f"{indent}  graph [label={_quoted(_wrap('runs on ' + cid, BOX_WRAP))}, {HOST_STYLE}];")
        out.append(indent + "  " + nodes[cid])
        for guest in guests[cid]:
            place(guest, indent + "  ")
        out.append(indent + "}")

    for c in smap.components:
        if c.id not in parent:
            place(c.id, "  ")
    for f in smap.flows:
        out.append(
            f'  "{f.source}" -> "{f.target}" [label={_quoted(_wrap(f.data, LABEL_WRAP))}, tooltip={_quoted([f.data])}];'
        )
    out.append("}")
    return "\n".join(out) + "\n"


def render_svg(cat: Catalogue, smap: SystemMap) -> str:
    """The diagram as SVG text. Raises :class:`DiagramError` when ``dot`` is missing or fails."""
    dot = shutil.which("dot")
    if dot is None:
        raise DiagramError("Graphviz is not installed: install Debian's 'graphviz' (scripts/system-deps.sh does)")
    if len(smap.components) > MAX_DRAWN_COMPONENTS or len(smap.flows) > MAX_DRAWN_FLOWS:
        return flow_list_svg(
            smap,
            f"Too large to draw: {len(smap.components)} components and {len(smap.flows)} flows "
            f"(a drawing holds up to {MAX_DRAWN_COMPONENTS} and {MAX_DRAWN_FLOWS}). The flows:",
        )
    try:
        done = subprocess.run(
            [dot, "-Tsvg"],
            input=to_dot(cat, smap).encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=DOT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return flow_list_svg(smap, f"Graphviz took over {DOT_SECONDS} seconds to lay this map out. The flows:")
    if done.returncode != 0:
        raise DiagramError(f"Graphviz failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    svg = done.stdout.decode("utf-8")
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)  # the version comment would change bytes
    svg = svg[svg.index("<svg") :]
    title = clean(f"Data-flow diagram of {smap.system}")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{_xml_attr(title)}" ', 1)


def _xml_attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def flow_list_svg(smap: SystemMap, heading: str) -> str:
    """A plain SVG in place of the drawing: ``heading``, then one line per flow (``from → to: data``)."""
    lines = [heading] + [shorten(f"{f.source} → {f.target}: {f.data}", 160) for f in smap.flows]
    height = 24 + 18 * len(lines)
    # Wide enough for the longest line (DejaVu Sans averages under 0.62 em a character), so no
    # line runs past the edge, where it would be cut off on screen and in print.
    width = max(960, 24 + math.ceil(0.62 * 12 * max(len(line) for line in lines)))
    title = clean(f"Data flows of {smap.system}")
    bold = ' font-weight="bold"'
    texts = "\n".join(
        f'<text x="12" y="{24 + 18 * i}"{bold if i == 0 else ""}>{_xml_text(line)}</text>'
        for i, line in enumerate(lines)
    )
    return (
        f'<svg role="img" aria-label="{_xml_attr(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="12">\n'
        f"{texts}\n</svg>\n"
    )


def _xml_text(text: str) -> str:
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
