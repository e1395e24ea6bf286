"""The method and its worked examples on the site: pages under ``method/`` and their files.

``example_pages`` returns ``{src_uri: markdown}`` for ``method/index.md`` (the method, step by
step, with the blank map) and one page per worked example in ``checklists/examples/`` (every
``*.yml`` but ``blank.yml``): its diagram, components, flows and people, its whole checklist
(with progress tracking and filters) and its one-hour review. ``example_assets`` writes what those pages link to into
``site_dir/method/``: each example's ``diagram.svg``, checklist downloads and review files, and
``blank.yml``. The MkDocs hook calls the first from ``on_files`` and the second from
``on_post_build``. A worked example with errors fails the build with every diagnostic.
"""

from __future__ import annotations

import html
import posixpath
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostic, render
from generator.downloads.tracker_files import write_tracker_files
from generator.model import Catalogue
from generator.select import Checklist
from generator.site import uris
from generator.site.checklist_view import Choice, map_view
from generator.site.render import front_matter, render_template
from generator.systemmap.cover import with_cover
from generator.systemmap.diagram import render_svg
from generator.systemmap.load import load_map
from generator.systemmap.model import SystemMap
from generator.systemmap.review import ReviewPack, build_review, render_all, riskiest_component
from generator.systemmap.score import OBLIGATION_POINTS, first_tier_size
from generator.systemmap.select import MapItem, build_map_checklist, component_label, map_items, type_label

if TYPE_CHECKING:
    from generator.downloads.pdf_cache import PdfCache

EXAMPLES_DIR = "checklists/examples"
BLANK = "blank.yml"
METHOD = "method/index.md"
EXAMPLE_REVIEWS = {
    "logistics-route-optimiser": "route-history",
    "saas-content-tool": "public-api",
    "hospital-patient-flow": "bed-dashboard",
}
"""The component each worked example reviews; any other example reviews its non-AI component
with the most components downstream."""
# No PDF of the examples' checklists on the site: WeasyPrint would double the build time, the
# printable HTML prints to PDF from any browser, and `ambit map` still writes the PDF.
CHECKLIST_FORMATS = (
    ("xlsx", "Spreadsheet (XLSX)"),
    ("csv", "CSV"),
    ("md", "Markdown"),
    ("json", "JSON"),
    ("html", "Printable page (HTML)"),
)
REVIEW_FORMATS = (("pdf", "PDF"), ("html", "Printable page (HTML)"), ("md", "Markdown"))


@dataclass(frozen=True)
class Example:
    """A worked example: its map, checklist, ordered items and review."""

    slug: str
    path: str
    map: SystemMap
    checklist: Checklist
    items: tuple[MapItem, ...]
    review: ReviewPack

    @property
    def uri(self) -> str:
        return f"method/{self.slug}.md"

    @property
    def folder(self) -> str:
        """Where the example's files go, relative to the site root."""
        return f"method/{self.slug}"


class ExampleError(Exception):
    """A worked example does not load; carries its diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("the worked examples have errors:\n" + render(diagnostics))


def _review_component(cat: Catalogue, smap: SystemMap, slug: str) -> str:
    chosen = EXAMPLE_REVIEWS.get(slug)
    if chosen and smap.has_component(chosen):
        return chosen
    return riskiest_component(cat, smap).id


def example_problems(cat: Catalogue, root: Path) -> list[Diagnostic]:
    """Every problem in the worked examples' maps: what ``ambit validate`` reports so the build never meets it."""
    problems: list[Diagnostic] = []
    for path in sorted((root / EXAMPLES_DIR).glob("*.yml")):
        problems.extend(load_map(path, path.relative_to(root).as_posix(), cat).diagnostics)
    return sorted(set(problems))


def load_examples(cat: Catalogue, root: Path) -> list[Example]:
    """Every worked example, in file-name order; raises :class:`ExampleError` if any has errors."""
    examples, problems = [], []
    for path in sorted((root / EXAMPLES_DIR).glob("*.yml")):
        rel = path.relative_to(root).as_posix()
        loaded = load_map(path, rel, cat)
        if loaded.map is None:
            problems.extend(loaded.diagnostics)
            continue
        if path.name == BLANK:
            continue
        smap = loaded.map
        slug = path.stem
        examples.append(
            Example(
                slug=slug,
                path=rel,
                map=smap,
                checklist=build_map_checklist(cat, smap),
                items=tuple(map_items(cat, smap)),
                review=build_review(cat, smap, _review_component(cat, smap, slug)),
            )
        )
    if problems:
        raise ExampleError(sorted(set(problems)))
    return examples


def page_uris(root: Path) -> list[str]:
    """The source URIs ``example_pages`` produces, without building them (for the nav)."""
    stems = sorted(p.stem for p in (root / EXAMPLES_DIR).glob("*.yml") if p.name != BLANK)
    return [METHOD, *(f"method/{s}.md" for s in stems)]


def _href(uri: str, target: str, directory_urls: bool) -> str:
    return html.escape(uris.site_relative(uri, target, directory_urls=directory_urls), quote=True)


def example_pages(cat: Catalogue, root: Path, *, directory_urls: bool = True) -> dict[str, str]:
    """``{src_uri: markdown}`` for the method page and one page per worked example."""
    examples = load_examples(cat, root)
    blank = (root / EXAMPLES_DIR / BLANK).read_text(encoding="utf-8") if (root / EXAMPLES_DIR / BLANK).exists() else ""
    pages = {
        METHOD: front_matter("Map your AI system")
        + render_template(
            "systemmap/method.md.j2",
            examples=examples,
            blank=blank.replace("```", "'''"),
            blank_href=_href(METHOD, "method/blank.yml", directory_urls) if blank else "",
            link=_linker(METHOD),
            data_kinds=cat.data_kinds,
            questions=cat.intake,
            platforms=cat.platforms,
            worked=worked_score(cat, examples[0]) if examples else None,
            obligation_points=OBLIGATION_POINTS,
        )
    }
    for ex in examples:
        pages[ex.uri] = front_matter(f"Worked example: {ex.map.system}") + _example_page(cat, ex, directory_urls)
    return pages


@dataclass(frozen=True)
class WorkedScore:
    """One control's score on one component of a worked example, part by part, for the method page."""

    example: str
    control: str
    title: str
    component: str
    threats: tuple[tuple[str, int, tuple[str, ...]], ...]
    """Each threat the control cuts: name, severity, what it harms."""
    kinds: tuple[str, ...]
    exposure: str
    downstream: int
    score: dict[str, int]
    obligation: str
    assumed: bool
    halved: bool
    """A policy or programme no regulation requires here: its impact and exposure count half."""


def worked_score(cat: Catalogue, ex: Example) -> WorkedScore:
    """The first control of ``ex``'s checklist, explained: the method page's worked example."""
    from generator.systemmap.facts import component_facts
    from generator.systemmap.score import control_obligations, obligation_names

    item = ex.items[0]
    comp = item.components[0]
    facts = component_facts(cat, ex.map, comp)
    threats = {t.id: t for t in cat.threats}
    names = obligation_names(cat, control_obligations(cat, item.control), facts)
    return WorkedScore(
        example=ex.map.system,
        control=item.control.id,
        title=item.control.title,
        component=comp.id,
        threats=tuple(
            (threats[t].name, threats[t].severity, threats[t].properties) for t in item.control.threats if t in threats
        ),
        kinds=tuple(k.id for k in cat.data_kinds if k.id in facts.data_kinds),
        exposure=comp.exposure,
        downstream=ex.map.reach(comp.id),
        score=item.score.as_dict(),
        obligation=", ".join(names),
        assumed=item.assumed,
        halved=item.control.layer == "people" and not names,
    )


def _linker(uri: str) -> Callable[[str], str]:
    return lambda target: uris.relative(uri, target)


def _example_page(cat: Catalogue, ex: Example, directory_urls: bool) -> str:
    stage_order = {s.id: s.order for s in cat.lifecycle}
    files = f"{ex.folder}/"
    return render_template(
        "systemmap/example.md.j2",
        ex=ex,
        smap=ex.map,
        pack=ex.review,
        cat=cat,
        uris=uris,
        link=_linker(ex.uri),
        top=ex.items[: first_tier_size(len(ex.items))],
        view=map_view(
            cat,
            ex.checklist,
            [(i.control, tuple(Choice(c.id, component_label(cat, c)) for c in i.components)) for i in ex.items],
            partial(uris.page_href, ex.uri, directory_urls=directory_urls),
        ),
        labels={c.id: component_label(cat, c) for c in ex.map.components},
        type_label=lambda t: type_label(cat, t),
        flows=sorted(ex.map.flows, key=lambda f: stage_order.get(f.lifecycle, 99)),
        stage_names={s.id: s.name for s in cat.lifecycle},
        sector_name=next((s.name for s in cat.sectors if s.id == ex.map.sector), ex.map.sector),
        diagram=_href(ex.uri, files + "diagram.svg", directory_urls),
        checklist_downloads=[
            (label, _href(ex.uri, f"{files}checklist.{ext}", directory_urls)) for ext, label in CHECKLIST_FORMATS
        ],
        review_downloads=[
            (label, _href(ex.uri, f"{files}{ex.review.id}.{ext}", directory_urls)) for ext, label in REVIEW_FORMATS
        ],
        source_href=_href(ex.uri, f"{files}{ex.slug}.yml", directory_urls),
    )


def _write_checklist() -> Callable[..., None]:
    """The downloads' writer (a seam for tests, which check the wiring rather than the formats)."""
    from generator.downloads import write_checklist

    return write_checklist


def example_assets(cat: Catalogue, root: Path, site_dir: Path, cache: PdfCache | None = None) -> None:
    """Write each example's diagram, checklist downloads, review files and map, and the blank map.

    The reviews' PDFs come from ``cache`` while nothing they depend on changed (see
    :mod:`generator.downloads.pdf_cache`): laying them out was most of this step's time.
    """
    method = site_dir / "method"
    method.mkdir(parents=True, exist_ok=True)
    blank = root / EXAMPLES_DIR / BLANK
    if blank.exists():
        shutil.copyfile(blank, method / BLANK)
    write_checklist = _write_checklist()
    for ex in load_examples(cat, root):
        folder = site_dir / posixpath.normpath(ex.folder)
        folder.mkdir(parents=True, exist_ok=True)
        diagram = render_svg(cat, ex.map)
        (folder / "diagram.svg").write_text(diagram, encoding="utf-8")
        shutil.copyfile(root / ex.path, folder / f"{ex.slug}.yml")
        checklist = with_cover(cat, ex.map, ex.checklist, diagram)
        for ext, _ in CHECKLIST_FORMATS:
            write_checklist(checklist, ext, folder / f"checklist.{ext}", frameworks=cat.frameworks)
        write_tracker_files(folder)  # the printable page's scripts, as `ambit map` writes them
        for ext, data in render_all(ex.review, cache).items():
            (folder / f"{ex.review.id}.{ext}").write_bytes(data)
