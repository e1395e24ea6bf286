"""The one-hour review pack: one component of a map reviewed as if it were the only thing that failed.

Framing. The pack first assumes an attacker controls the component and follows the map's flows:
what it holds (its own data and what flows into it), every component downstream of it (breadth
first, with the path and the data carried), the AI components among them (types with ``ai: true``
in ``components.yml``) and the people who use it or what it feeds. Then the checks, then room for
findings.

Which checks. The pack is built from verification *steps*, each with its minutes, not from whole
controls. The candidates are the steps of the controls that apply to the component by the
map-checklist rule (``generator.applicability``). Each step's value is its control's risk score on
this component (``generator.systemmap.score``), plus 3 when the control belongs to the component
type's own layer (its own configuration before the processes around it), minus 3 for each step
before it in the control (a control's first check is worth most). Steps are taken in order of
value (ties: control ID, then step number) until the next one does not fit the minutes left. The
order does not depend on the budget, so a 30-minute pack is always a prefix of the 60-minute one.
What is left is listed for the next session.

Formats: Markdown, print HTML and PDF (the downloads' WeasyPrint renderer: local fonts, nothing
fetched, dates from the catalogue, so the same input gives the same bytes).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from generator import markdown
from generator.applicability import ASSUMED, PROCESS_LAYER, applies, verdict
from generator.downloads.markdown_export import escape as md_escape
from generator.model import Catalogue, CatalogueInfo, Control, VerificationStep
from generator.systemmap.facts import component_facts
from generator.systemmap.model import Flow, Hop, MapComponent, Person, SystemMap
from generator.systemmap.score import PROPERTIES, component_impact, score
from generator.systemmap.select import component_label, type_label

if TYPE_CHECKING:
    from generator.downloads.pdf_cache import PdfCache

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
class ReviewStep:
    """One verification step chosen for the hour."""

    control: Control
    number: int
    """1-based position of the step in the control's ``verification``."""
    step: VerificationStep
    minutes: int
    value: int


@dataclass(frozen=True)
class ReviewCheck:
    """The chosen steps of one control, with the threats it newly covers and the sector note."""

    control: Control
    steps: tuple[ReviewStep, ...]
    new_threats: tuple[str, ...]
    sector_note: str = ""
    fitting: int = 0
    """How many of the control's steps fit the component's platform (the others are never offered)."""

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.steps)

    @property
    def complete(self) -> bool:
        """True when every step of the control that fits the component is in the pack."""
        return len(self.steps) == self.fitting


@dataclass(frozen=True)
class ReviewPack:
    """Everything the review documents show."""

    system: str
    component: MapComponent
    label: str
    type_name: str
    ai: bool
    minutes: int
    steps: tuple[ReviewStep, ...]
    """The chosen steps, in the order they were chosen (most valuable first)."""
    checks: tuple[ReviewCheck, ...]
    """The same steps grouped by control, controls in the order of their first step."""
    left_out: tuple[Control, ...]
    """Candidate controls with steps left for another session."""
    blast: BlastRadius
    info: CatalogueInfo
    threat_names: dict[str, str]
    labels: dict[str, str]
    shortfall: str = ""
    """Why the pack fills less than three quarters of its budget, and what would fill it."""

    @property
    def used_minutes(self) -> int:
        return sum(s.minutes for s in self.steps)

    @property
    def id(self) -> str:
        return f"review-{self.component.id}"

    @property
    def title(self) -> str:
        """ "One-hour review" for 60 minutes, otherwise "30-minute review" and so on."""
        return "One-hour review" if self.minutes == DEFAULT_MINUTES else f"{self.minutes}-minute review"


HOME_LAYER_POINTS = 3
STEP_DECAY = 3
PLATFORM_POINTS = 3
"""A step written for the component's own platform is worth this much more than a neutral one."""
ASSUMED_PENALTY = 3
"""A step of a control kept only on an assumed fact is worth this much less."""
FULL_SHARE = 0.75
"""A pack that fills less than this share of its budget says why, and what would fill it."""


def ranked_steps(cat: Catalogue, smap: SystemMap, component_id: str) -> list[ReviewStep]:
    """Every candidate step for the component, most valuable first (independent of the budget).

    Steps on the component itself come before the organisation's processes (the people layer);
    within each, by value: the control's score here, plus :data:`HOME_LAYER_POINTS` for the
    type's own layer and :data:`PLATFORM_POINTS` for a step written for its platform, minus
    :data:`ASSUMED_PENALTY` when the control is kept only on an assumed fact and
    :data:`STEP_DECAY` per earlier step of the control that fits here (steps for other platforms are
    alternatives, not work done first). Steps for another platform are never offered.
    """
    component = smap.component(component_id)
    facts = component_facts(cat, smap, component)
    home_layer = next((t.layer for t in cat.components if t.id == component.type), "")
    downstream = smap.reach(component_id)
    steps = []
    for control in cat.active_controls:
        decided = verdict(control, facts)
        if not decided.kept:
            continue
        base = score(cat, control, facts, downstream).total + (HOME_LAYER_POINTS if control.layer == home_layer else 0)
        base -= ASSUMED_PENALTY if decided.status == ASSUMED else 0
        earlier = 0  # steps of this control that fit here, ranked before this one
        for i, (step, minutes) in enumerate(zip(control.verification, control.step_minutes, strict=True)):
            # A step written for another platform (or any platform, when the map names none) cannot be done here.
            if step.fits(component.platform):
                own = PLATFORM_POINTS if step.platforms else 0
                steps.append(ReviewStep(control, i + 1, step, minutes, base + own - STEP_DECAY * earlier))
                earlier += 1
    return sorted(steps, key=lambda s: (s.control.layer == PROCESS_LAYER, -s.value, s.control.id, s.number))


def skipped_for_platform(cat: Catalogue, smap: SystemMap, component_id: str) -> int:
    """Minutes of steps of the component's kept controls that are written for other platforms."""
    component = smap.component(component_id)
    facts = component_facts(cat, smap, component)
    return sum(
        minutes
        for control in cat.active_controls
        if applies(control, facts)
        for step, minutes in zip(control.verification, control.step_minutes, strict=True)
        if not step.fits(component.platform)
    )


def shortfall(cat: Catalogue, smap: SystemMap, component_id: str, minutes: int, chosen: list[ReviewStep]) -> str:
    """Why a pack fills less than three quarters of its budget, and what would fill it ("" when full)."""
    used = sum(s.minutes for s in chosen)
    if used >= FULL_SHARE * minutes:
        return ""
    component = smap.component(component_id)
    ranked = ranked_steps(cat, smap, component_id)
    words = SHORTFALL
    if not ranked:
        return words["none"].format(component=component.id)
    if not chosen:
        return words["too-short"].format(minutes=minutes, shortest=ranked[0].minutes)
    if len(chosen) < len(ranked):  # the budget, not the catalogue, stops it
        return words["next-too-long"].format(next=ranked[len(chosen)].minutes, left=minutes - used)
    parts = [words["exhausted"].format(component=component.id, used=used)]
    other = skipped_for_platform(cat, smap, component_id)
    if other and not component.platform:
        parts.append(words["no-platform"].format(other=other))
    elif other:
        parts.append(words["other-platform"].format(other=other, platform=component.platform))
    parts.append(words["fill"])
    return " ".join(parts)


SHORTFALL = {
    "none": "No control is kept for {component}, so there is nothing to check: see the statement of "
    "applicability for why, and state the facts it names.",
    "too-short": "No check fits in {minutes} minutes: the first one takes {shortest}; give the review more time.",
    "next-too-long": "The next check takes {next} minutes, more than the {left} left: start the next session with it.",
    "exhausted": "Every check of the controls kept for {component} fits in {used} minutes.",
    "no-platform": "{other} more minutes of checks are written for particular platforms: name its platform "
    "in the map to get those for it.",
    "other-platform": "{other} more minutes of checks are written for platforms other than {platform}.",
    "fill": "Stating its data kinds, exposure and how it is run, and answering the intake questions, "
    "can add controls; the rest of the hour is for the findings.",
}
"""The words a short pack uses to say why it is short and what would fill it."""


def choose_steps(ranked: list[ReviewStep], minutes: int) -> list[ReviewStep]:
    """The longest prefix of ``ranked`` whose minutes fit in ``minutes``."""
    chosen, used = [], 0
    for step in ranked:
        if used + step.minutes > minutes:
            break
        chosen.append(step)
        used += step.minutes
    return chosen


def group_checks(steps: list[ReviewStep], sector: str, platform: str = "") -> list[ReviewCheck]:
    """The chosen steps grouped by control, in order of first appearance, with new threats.

    ``platform`` is the component's: a check is complete when it holds every step that fits it.
    """
    order: list[Control] = []
    by_control: dict[str, list[ReviewStep]] = {}
    for step in steps:
        if step.control.id not in by_control:
            order.append(step.control)
            by_control[step.control.id] = []
        by_control[step.control.id].append(step)
    covered: set[str] = set()
    checks = []
    for control in order:
        fresh = tuple(t for t in control.threats if t not in covered)
        covered.update(control.threats)
        checks.append(
            ReviewCheck(
                control=control,
                steps=tuple(sorted(by_control[control.id], key=lambda s: s.number)),
                new_threats=fresh,
                sector_note=control.sectors.get(sector, "") if sector else "",
                fitting=sum(1 for v in control.verification if v.fits(platform)),
            )
        )
    return checks


def blast_radius(cat: Catalogue, smap: SystemMap, component_id: str) -> BlastRadius:
    """Follow the flows from ``component_id``: data, downstream components, AI parts, people."""
    ai_types = {c.id for c in cat.components if c.ai}
    feeders = smap.flows_into(component_id)
    holds = list(smap.component(component_id).data)
    for flow in feeders:
        if flow.data not in holds:
            holds.append(flow.data)
    # The data kinds the engine used (stated, the type's usual ones, or carried in), by name.
    kinds = component_facts(cat, smap, smap.component(component_id)).data_kinds
    holds += [k.name for k in cat.data_kinds if k.id in kinds and k.id not in holds and k.name not in holds]
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


def riskiest_component(cat: Catalogue, smap: SystemMap) -> MapComponent:
    """The non-AI component to review first: most exposed, then highest impact on confidentiality,
    integrity or availability (then most kinds of data), then widest reach, then the map's order.

    AI components are left to model-focused reviews; a map of AI parts only falls back to them.
    """
    ai_types = {t.id for t in cat.components if t.ai}
    pool = [c for c in smap.components if c.type not in ai_types] or list(smap.components)
    position = {c.id: i for i, c in enumerate(smap.components)}

    def key(c: MapComponent) -> tuple[int, int, int, int, int]:
        facts = component_facts(cat, smap, c)
        impact = max(component_impact(cat, facts, p) for p in PROPERTIES)
        return (c.exposure_rank, -impact, -len(facts.data_kinds), -smap.reach(c.id), position[c.id])

    return min(pool, key=key)


def build_review(cat: Catalogue, smap: SystemMap, component_id: str, minutes: int = DEFAULT_MINUTES) -> ReviewPack:
    """The review pack for one component of ``smap`` (which must declare it) within ``minutes``."""
    component = smap.component(component_id)
    ranked = ranked_steps(cat, smap, component_id)
    chosen = choose_steps(ranked, minutes)
    checks = group_checks(chosen, smap.sector, component.platform)
    complete = {c.control.id for c in checks if c.complete}
    # Controls with steps left, in the order of their first step in the ranking.
    left = list({s.control.id: s.control for s in ranked if s.control.id not in complete}.values())
    return ReviewPack(
        system=smap.system,
        component=component,
        label=component_label(cat, component),
        type_name=type_label(cat, component.type),
        ai=any(t.id == component.type and t.ai for t in cat.components),
        minutes=minutes,
        steps=tuple(chosen),
        checks=tuple(checks),
        left_out=tuple(left),
        blast=blast_radius(cat, smap, component_id),
        info=cat.info,
        threat_names={t.id: t.name for t in cat.threats},
        labels={c.id: component_label(cat, c) for c in smap.components},
        shortfall=shortfall(cat, smap, component_id, minutes, chosen),
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
    env.filters["mdi"] = lambda text: Markup(markdown.render_inline(text))
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


def render_pdf(pack: ReviewPack, html: str | None = None, cache: PdfCache | None = None) -> bytes:
    """The review as a PDF on A4, rendered from the print HTML (through ``cache`` when given)."""
    from generator.downloads.pdf_cache import cached_pdfs

    identity = f"{pack.system} {pack.id} {pack.minutes} {pack.info.version}"
    return cached_pdfs(cache, html if html is not None else render_html(pack), identity, ("a4",))["a4"]


def render_all(pack: ReviewPack, cache: PdfCache | None = None) -> dict[str, bytes]:
    """``{extension: bytes}`` for md, html, pdf and json; the PDF through ``cache`` when given."""
    from generator.systemmap.export import render_json

    html = render_html(pack)
    return {
        "json": render_json(pack),
        "md": render_markdown(pack).encode("utf-8"),
        "html": html.encode("utf-8"),
        "pdf": render_pdf(pack, html, cache),
    }
