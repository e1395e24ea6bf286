"""Benchmarks for the site: build time against the engine's, sizes, and how build time grows.

``run`` returns ``(label, figure)`` pairs for ``generator.bench``. Ratios are measured in
alternating pairs (A, B, A, B, ...), each ratio within one pair, and the median reported, so the
speed drift of a shared machine touches both sides alike; CPU time is reported beside wall time
because a second core, free or busy, changes wall time but not CPU. For each engine: a full
cached ``ambit build`` against the engine alone on the same generated pages, and a cold build
against a cached one. Growth: pages-only builds of the catalogue cloned 1, 2, 4 and 8 times,
and the exponent of CPU time in the number of controls fitted over them.
"""

from __future__ import annotations

import functools
import gzip
import math
import os
import re
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.build import build_site
from generator.downloads.pdf_cache import pdf_cache_dir
from generator.side_cache import side_cache_dir
from generator.site.offline import zip_cache_dir
from generator.site.search_index import SEARCH_INDEX, SEARCH_TEXT

ROOT = Path(__file__).resolve().parents[2]
PROJECT_FILES = ("content", "checklists", "mkdocs.yml", "site_overrides", "CONTRIBUTING.md")
_ID_LINE = re.compile(r"^id: .*$", re.MULTILINE)


def copy_project(dest: Path, root: Path = ROOT) -> Path:
    """A copy of the project's catalogue and site configuration that ``build_site`` can build."""
    for name in PROJECT_FILES:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)
    (dest / "generator").symlink_to(root / "generator", target_is_directory=True)
    return dest


def multiply_controls(project: Path, factor: int) -> int:
    """Clone every control ``factor - 1`` times with new IDs; return the number of controls."""
    total = 0
    for layer_dir in sorted((project / "content" / "controls").iterdir()):
        files = sorted(layer_dir.glob("*.yml"))
        prefix = files[0].stem.split("-")[0]
        next_number = max(int(f.stem.split("-")[1]) for f in files) + 1
        for _ in range(factor - 1):
            for f in files:
                new_id = f"{prefix}-{next_number:03d}"
                next_number += 1
                text = _ID_LINE.sub(f"id: {new_id}", f.read_text(encoding="utf-8"), count=1)
                (layer_dir / f"{new_id}.yml").write_text(text, encoding="utf-8")
        total += len(list(layer_dir.glob("*.yml")))
    return total


@dataclass(frozen=True)
class Timing:
    """Wall and CPU seconds of one action; CPU counts this process and every process it started, the
    PDF workers included (see :func:`_end_forkserver`)."""

    wall: float
    cpu: float


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _end_forkserver() -> None:
    """End the forkserver the PDF workers were forked from, and wait for it.

    The workers are the forkserver's children, not this process's: their CPU time reaches
    ``RUSAGE_CHILDREN`` only once the forkserver has been waited for, which otherwise happens
    when this process exits, so a build's PDFs were not counted in its CPU. A single ``ambit
    build`` starts a forkserver of its own, so ending it after each timed action also counts
    its start (importing WeasyPrint) as such a build pays it.
    """
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)  # private, in every CPython since 3.4
    if stop is not None:
        stop()


def _timed(action: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), _cpu()
    if action() not in (0, None, True):
        raise RuntimeError("a benchmarked build failed")
    _end_forkserver()
    return Timing(time.perf_counter() - wall, _cpu() - cpu)


def _engine_alone(project: Path, engine: str) -> str | None:
    """Run the engine on the pages and config the last build generated, without the generator."""
    from generator.build import BuildOptions, catalogue_epoch, work_dir
    from generator.catalogue import load_catalogue
    from generator.site.engines import run_engine

    epoch = catalogue_epoch(load_catalogue(project).catalogue)
    config = work_dir(project, BuildOptions(engine=engine)) / "mkdocs.yml"
    return run_engine(engine, config, strict=True, epoch=epoch)


def _cold(project: Path, site: Path, engine: str) -> int:
    """A full build with nothing made before: the PDF, side-file and zip caches emptied first."""
    shutil.rmtree(pdf_cache_dir(), ignore_errors=True)
    shutil.rmtree(side_cache_dir(), ignore_errors=True)
    shutil.rmtree(zip_cache_dir(), ignore_errors=True)
    return build_site(project, site, engine=engine)


def _in_one_checklist(project: Path) -> str:
    """The first control (by ID) that exactly one checklist holds: a typical single edit."""
    from generator.catalogue import load_catalogue
    from generator.select import all_checklists

    checklists = all_checklists(load_catalogue(project).catalogue)
    held: dict[str, int] = {}
    for checklist in checklists:
        for item in checklist.items:
            held[item.control.id] = held.get(item.control.id, 0) + 1
    return min(cid for cid, count in held.items() if count == 1)


def _after_edit(project: Path, site: Path) -> Timing:
    """Seconds for a full build after one control's summary changed, the build before it cached.

    The control is one that a single checklist holds, so one checklist's PDFs are laid out again.
    """
    build_site(project, site)
    control = next((project / "content" / "controls").rglob(f"{_in_one_checklist(project)}.yml"))
    text = control.read_text(encoding="utf-8")
    control.write_text(text.replace("summary: ", "summary: Edited. ", 1), encoding="utf-8")
    try:
        return _timed(functools.partial(build_site, project, site))
    finally:
        control.write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Pair:
    """Alternating timings of two actions: each ratio is taken within one pair, then the median."""

    first: list[Timing]
    second: list[Timing]

    def median(self, which: int, field: str) -> float:
        values: list[float] = [getattr(t, field) for t in (self.first, self.second)[which]]
        return statistics.median(values)

    def ratio(self, field: str) -> float:
        """Median over the pairs of first / second (``field``: ``wall`` or ``cpu``)."""
        ratios: list[float] = [
            getattr(a, field) / getattr(b, field) for a, b in zip(self.first, self.second, strict=True)
        ]
        return statistics.median(ratios)


def _pairs(runs: int, first: Callable[[], object], second: Callable[[], object]) -> Pair:
    """``runs`` timings of each of two actions, in turns.

    In turns, so that a change in the machine's speed (it drifts on a shared machine) touches
    both sides of each ratio alike; the ratio of each pair, not of single runs, is reported.
    """
    pair = Pair([], [])
    for _ in range(runs):
        pair.first.append(_timed(first))
        pair.second.append(_timed(second))
    return pair


def _describe(pair: Pair, names: tuple[str, str], target: str) -> list[tuple[str, str]]:
    a, b = names
    return [
        (a, f"{pair.median(0, 'wall'):.1f} s wall, {pair.median(0, 'cpu'):.1f} s CPU (medians)"),
        (b, f"{pair.median(1, 'wall'):.1f} s wall, {pair.median(1, 'cpu'):.1f} s CPU (medians)"),
        (
            f"ratio {a} / {b}",
            f"{pair.ratio('cpu'):.2f}x CPU, {pair.ratio('wall'):.2f}x wall, median of {len(pair.first)} pairs"
            f" ({target})",
        ),
    ]


def growth_exponent(sizes: list[int], seconds: list[float]) -> float:
    """The exponent k of seconds ~ size^k, fitted by least squares on logarithms."""
    xs, ys = [math.log(n) for n in sizes], [math.log(t) for t in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def _preview(project: Path) -> tuple[Timing, Timing]:
    """Seconds for a preview rebuild after a summary edit (dirty) and after a title edit (full)."""
    from generator.serve import Preview

    preview = Preview(project)
    preview.build()
    control = next((project / "content" / "controls").rglob("IAM-001.yml"))
    text = control.read_text(encoding="utf-8")
    control.write_text(text.replace("summary: ", "summary: Edited. ", 1), encoding="utf-8")
    dirty = _timed(preview.build)
    control.write_text(text.replace("\ntitle: ", "\ntitle: Retitled ", 1), encoding="utf-8")
    retitled = _timed(preview.build)
    control.write_text(text, encoding="utf-8")
    return dirty, retitled


def _gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def _sizes(site: Path) -> list[tuple[str, str]]:
    pages = sorted((site / "controls").glob("*/index.html"), key=lambda p: p.stat().st_size)
    largest = pages[-1]
    index = site / SEARCH_INDEX
    full_text = site / SEARCH_TEXT
    load = _gzipped(largest) + _gzipped(index)
    return [
        ("site: largest control page", f"{largest.stat().st_size / 1024:.1f} KB, {largest.parent.name} (target 40 KB)"),
        (
            "site: search index fetched at start-up",
            f"{index.stat().st_size / 1024:.0f} KB, {_gzipped(index) / 1024:.0f} KB gzipped (target 250 KB gzipped)",
        ),
        (
            "site: search full text, fetched on the first query",
            f"{full_text.stat().st_size / 1024:.0f} KB, {_gzipped(full_text) / 1024:.0f} KB gzipped"
            if full_text.is_file()
            else "none",
        ),
        ("site: first view of the largest control page, gzipped (HTML and search index)", f"{load / 1024:.0f} KB"),
        ("site: HTML pages", str(sum(1 for _ in site.rglob("*.html")))),
    ]


GROWTH_FACTORS = (1, 2, 4, 8)


def _growth(tmp: Path, runs: int) -> list[tuple[str, str]]:
    """Pages-only builds of the catalogue cloned 1, 2, 4 and 8 times, in rounds, and the fitted exponent."""
    projects = {}
    for factor in GROWTH_FACTORS:
        project = copy_project(tmp / f"x{factor}")
        projects[factor] = (project, multiply_controls(project, factor))
    best: dict[int, Timing] = {}
    for _ in range(runs):  # rounds over every size, so a drift in speed touches each size alike
        for factor, (project, _count) in projects.items():
            timing = _timed(functools.partial(build_site, project, project / "site", downloads=False))
            if factor not in best or timing.cpu < best[factor].cpu:
                best[factor] = timing
    sizes = [projects[f][1] for f in GROWTH_FACTORS]
    rows = [
        (f"growth: pages only, {projects[f][1]} controls", f"{best[f].wall:.1f} s wall, {best[f].cpu:.1f} s CPU")
        for f in GROWTH_FACTORS
    ]
    exponent = growth_exponent(sizes, [best[f].cpu for f in GROWTH_FACTORS])
    rows.append(("growth: fitted exponent of CPU time in the number of controls", f"{exponent:.2f} (target 1.05)"))
    return rows


def run(runs: int = 3) -> list[tuple[str, str]]:
    """Full builds against the engine alone and cold against cached (in pairs), preview, sizes, growth."""
    figures: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="ambit-bench-") as tmp:
        # Caches of the benchmark's own (PDFs, side files), emptied for the cold builds; the user's are untouched.
        saved = os.environ.get("AMBIT_CACHE_DIR")
        os.environ["AMBIT_CACHE_DIR"] = str(Path(tmp) / "cache")
        real = copy_project(Path(tmp) / "real")
        site = real / "site"
        for engine in ("mkdocs", "zensical"):
            build = functools.partial(build_site, real, site, engine=engine)
            build()  # generates the pages the engine alone runs on, and fills the PDF cache
            cached = _pairs(runs, build, functools.partial(_engine_alone, real, engine))
            figures += _describe(
                cached, (f"{engine}: ambit build, PDFs cached", f"{engine}: engine alone"), "target 1.3x CPU"
            )
            cold = _pairs(runs, functools.partial(_cold, real, site, engine), build)
            figures += _describe(
                cold, (f"{engine}: ambit build, no PDF cache", f"{engine}: ambit build, PDFs cached"), "target 1.6x"
            )[::2]
        edited = _after_edit(real, site)
        figures.append(("mkdocs: ambit build after editing a control one checklist holds", f"{edited.wall:.1f} s wall"))
        build_site(real, site)
        dirty, retitled = _preview(real)
        figures += [
            ("preview: rebuild after a YAML edit (one summary)", f"{dirty.wall:.1f} s wall (target 2 s)"),
            ("preview: rebuild after a title edit", f"{retitled.wall:.1f} s wall"),
        ]
        figures += _sizes(site)
        figures += _growth(Path(tmp), runs)
        if saved is None:
            del os.environ["AMBIT_CACHE_DIR"]
        else:
            os.environ["AMBIT_CACHE_DIR"] = saved
    return figures


if __name__ == "__main__":
    for label, figure in run():
        print(f"{label}: {figure}")
