"""The one-hour review pack: one component of a map reviewed as if it were the only thing that failed.

Framing. The pack first assumes an attacker controls the component and follows the map's flows:
what it holds (its own data and what flows into it), every component downstream of it (breadth
first, with the path and the data carried), the AI components among them (types with ``ai: true``
in ``components.yml``) and the people who use it or what it feeds. Then the checks, then room for
findings.

Which checks (greedy, never over budget). The candidates are the controls that apply to the
component by the map-checklist rules (``generator.systemmap.select``). Until no candidate fits
the minutes left, take the one that fits and comes first by: priority (essential first); then
checks from the component type's own layer (a bucket's hosting checks before a people-layer
playbook that also names buckets); then threat coverage per minute, highest first (threats it
cuts that no check already taken cuts, divided by its ``effort_minutes``); then the shorter
check; then control ID. The sum of the chosen checks' ``effort_minutes`` therefore never exceeds
the budget. Candidates left out are listed for the next session.

Formats: Markdown, print HTML and PDF (the downloads' WeasyPrint renderer: local fonts, nothing
fetched, dates from the catalogue, so the same input gives the same bytes).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator import markdown
from generator.downloads.markdown_export import escape as md_escape
from generator.model import Catalogue, CatalogueInfo, Control
from generator.systemmap.model import Flow, Hop, MapComponent, Person, SystemMap
from generator.systemmap.select import applies, component_label, type_label

DEFAULT_MINUTES = 60
TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class BlastRadius:
    """What an attacker who controls the component can reach by following the map."""

    holds: tuple[str, ...]
    feeders: tuple[Flow, ...]
    downstream: tuple[Hop, ...]
    ai_dependents: tuple[Hop, ...]
    users: tuple[Person, ...]
    downstream_users: tuple[Person, ...]


@dataclass(frozen=True)
class ReviewCheck:
    """A chosen check, with the threats it newly covers and the note for the map's sector."""

    control: Control
    new_threats: tuple[str, ...]
    sector_note: str = ""


@dataclass(frozen=True)
class ReviewPack:
    """Everything the review documents show."""

    system: str
    component: MapComponent
    label: str
    type_name: str
    ai: bool
    minutes: int
    checks: tuple[ReviewCheck, ...]
    left_out: tuple[Control, ...]
    blast: BlastRadius
    info: CatalogueInfo
    threat_names: dict[str, str]
    labels: dict[str, str]

    @property
    def used_minutes(self) -> int:
        return sum(c.control.effort_minutes for c in self.checks)

    @property
    def id(self) -> str:
        return f"review-{self.component.id}"


def choose_checks(
    candidates: list[Control], minutes: int, home_layer: str = ""
) -> list[tuple[Control, tuple[str, ...]]]:
    """The greedy choice described in the module docstring: ``(control, threats it newly covers)``.

    ``home_layer`` is the layer of the reviewed component's type; its checks come first within a
    priority, because they examine the component itself rather than a process around it.
    """
    pool = sorted(candidates, key=lambda c: c.id)
    covered: set[str] = set()
    chosen: list[tuple[Control, tuple[str, ...]]] = []
    left = minutes
    while True:
        fitting = [c for c in pool if c.effort_minutes <= left]
        if not fitting:
            return chosen

        def key(c: Control) -> tuple[int, bool, Fraction, int, str]:
            fresh = len(set(c.threats) - covered)
            away = bool(home_layer) and c.layer != home_layer
            return (c.priority_rank, away, -Fraction(fresh, max(1, c.effort_minutes)), c.effort_minutes, c.id)

        best = min(fitting, key=key)
        pool.remove(best)
        chosen.append((best, tuple(t for t in best.threats if t not in covered)))
        covered.update(best.threats)
        left -= best.effort_minutes


def blast_radius(cat: Catalogue, smap: SystemMap, component_id: str) -> BlastRadius:
    """Follow the flows from ``component_id``: data, downstream components, AI parts, people."""
    ai_types = {c.id for c in cat.components if c.ai}
    feeders = smap.flows_into(component_id)
    holds = list(smap.component(component_id).data)
    for flow in feeders:
        if flow.data not in holds:
            holds.append(flow.data)
    downstream = smap.downstream(component_id)
    reached = {hop.component.id for hop in downstream}
    users = smap.users_of(component_id)
    return BlastRadius(
        holds=tuple(holds),
        feeders=feeders,
        downstream=downstream,
        ai_dependents=tuple(hop for hop in downstream if hop.component.type in ai_types),
        users=users,
        downstream_users=tuple(p for p in smap.people if p not in users and reached & set(p.uses)),
    )


def build_review(cat: Catalogue, smap: SystemMap, component_id: str, minutes: int = DEFAULT_MINUTES) -> ReviewPack:
    """The review pack for one component of ``smap`` (which must declare it) within ``minutes``."""
    component = smap.component(component_id)
    candidates = [c for c in cat.active_controls if applies(c, component, smap)]
    home_layer = next((t.layer for t in cat.components if t.id == component.type), "")
    chosen = choose_checks(candidates, minutes, home_layer)
    chosen_ids = {c.id for c, _ in chosen}
    left_out = sorted((c for c in candidates if c.id not in chosen_ids), key=lambda c: (c.priority_rank, c.id))
    return ReviewPack(
        system=smap.system,
        component=component,
        label=component_label(cat, component),
        type_name=type_label(cat, component.type),
        ai=any(t.id == component.type and t.ai for t in cat.components),
        minutes=minutes,
        checks=tuple(
            ReviewCheck(control=c, new_threats=fresh, sector_note=c.sectors.get(smap.sector, "") if smap.sector else "")
            for c, fresh in chosen
        ),
        left_out=tuple(left_out),
        blast=blast_radius(cat, smap, component_id),
        info=cat.info,
        threat_names={t.id: t.name for t in cat.threats},
        labels={c.id: component_label(cat, c) for c in smap.components},
    )


def control_url(info: CatalogueInfo, control_id: str) -> str:
    """The control's page on the published site, or ``""`` without an https site URL."""
    base = info.site_url.strip()
    return f"{base.rstrip('/')}/controls/{control_id}/" if base.startswith("https://") else ""


@lru_cache(maxsize=2)
def _environment(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["esc"] = md_escape
    env.filters["md"] = lambda text: Markup(markdown.render(text))
    env.globals["control_url"] = control_url
    return env


def render_markdown(pack: ReviewPack) -> str:
    """The review as a Markdown file to fill in (user and catalogue text escaped)."""
    return _environment(False).get_template("systemmap/review.md.j2").render(pack=pack)


def render_html(pack: ReviewPack) -> str:
    """The review as a print-ready HTML document (autoescaped; loads nothing)."""
    from generator.downloads.print_html import CSS_FILE, long_date

    css = CSS_FILE.read_text(encoding="utf-8") + (TEMPLATE_DIR / "systemmap" / "review.css").read_text("utf-8")
    return (
        _environment(True)
        .get_template("systemmap/review.html.j2")
        .render(pack=pack, css=Markup(css), long_date=long_date(pack.info.date))
    )


def render_pdf(pack: ReviewPack, html: str | None = None) -> bytes:
    """The review as a PDF on A4, rendered from the print HTML."""
    from generator.downloads.pdf import render_pdf as pdf_from_html

    identity = f"{pack.system} {pack.id} {pack.minutes} {pack.info.version}"
    return pdf_from_html(html if html is not None else render_html(pack), paper="a4", identity=identity)


def render_all(pack: ReviewPack) -> dict[str, bytes]:
    """``{extension: bytes}`` for md, html and pdf."""
    html = render_html(pack)
    return {
        "md": render_markdown(pack).encode("utf-8"),
        "html": html.encode("utf-8"),
        "pdf": render_pdf(pack, html),
    }
