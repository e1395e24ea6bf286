"""Benchmarks for the site: build time, page and index sizes, and how build time scales.

``run`` returns ``(label, figure)`` pairs for ``generator.bench``. For each engine it sets
the engine alone (on the pages and config ``ambit build`` generated) beside ``ambit build`` of the
pages only, so the generator's overhead shows, and the full build with every download; then the
preview's rebuild after one YAML edit. The scaling figure compares the pages-only build of the
real catalogue and of a synthetic one ten times larger (every control cloned with new IDs).
Each build figure is the fastest of two runs.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generator.build import build_site
from generator.downloads.pdf_cache import pdf_cache_dir

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


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    if action() not in (0, None, True):
        raise RuntimeError("a benchmarked build failed")
    return time.perf_counter() - start


def _engine_alone(project: Path, engine: str) -> str | None:
    """Run the engine on the pages and config the last build generated, without the generator."""
    from generator.build import BuildOptions, catalogue_epoch, work_dir
    from generator.catalogue import load_catalogue
    from generator.site.engines import run_engine

    epoch = catalogue_epoch(load_catalogue(project).catalogue)
    config = work_dir(project, BuildOptions(engine=engine)) / "mkdocs.yml"
    return run_engine(engine, config, strict=True, epoch=epoch)


def _cold(project: Path, site: Path, engine: str) -> int:
    """A full build with no PDF laid out before (the cache emptied first)."""
    shutil.rmtree(pdf_cache_dir(), ignore_errors=True)
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


def _after_edit(project: Path, site: Path) -> float:
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


def _best_pair(runs: int, first: Callable[[], object], second: Callable[[], object]) -> tuple[float, float]:
    """The fastest of ``runs`` timings of each of two actions, run in turns.

    In turns, so that a change in the machine's speed during the runs (it varies on a shared
    machine) touches both figures of a ratio alike.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        times[0].append(_timed(first))
        times[1].append(_timed(second))
    return min(times[0]), min(times[1])


def _best(runs: int, action: Callable[[], object]) -> float:
    """The fastest of ``runs`` timings of ``action``: the least disturbed by the machine's other work."""
    return min(_timed(action) for _ in range(runs))


def _preview(project: Path) -> tuple[float, float]:
    """Seconds for a preview rebuild after a summary edit (dirty) and after a title edit (full)."""
    from generator.serve import Preview

    preview = Preview(project)
    preview.build()
    control = next((project / "content" / "controls").rglob("IAM-001.yml"))
    text = control.read_text(encoding="utf-8")
    control.write_text(text.replace("summary: ", "summary: Edited. ", 1), encoding="utf-8")
    dirty = _timed(preview.build)
    control.write_text(text.replace("\ntitle: ", "\ntitle: Retitled ", 1), encoding="utf-8")
    full = _timed(preview.build)
    control.write_text(text, encoding="utf-8")
    return dirty, full


def run(runs: int = 2) -> list[tuple[str, str]]:
    """Engine alone against ``ambit build`` (pages only), full builds, preview rebuilds, sizes, scaling."""
    figures: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="ambit-bench-") as tmp:
        # A PDF cache of the benchmark's own, emptied for the cold builds; the user's is untouched.
        saved = os.environ.get("AMBIT_CACHE_DIR")
        os.environ["AMBIT_CACHE_DIR"] = str(Path(tmp) / "cache")
        real = copy_project(Path(tmp) / "real")
        site = real / "site"
        cache = pdf_cache_dir()
        for engine in ("mkdocs", "zensical"):
            pages, alone = _best_pair(
                runs + 1,
                functools.partial(build_site, real, site, engine=engine, downloads=False),
                functools.partial(_engine_alone, real, engine),
            )
            cold = _best(runs, functools.partial(_cold, real, site, engine))
            warm = _best(runs, functools.partial(build_site, real, site, engine=engine))
            figures += [
                (f"site ({engine}): engine alone on the generated pages", f"{alone:.1f} s"),
                (f"site ({engine}): ambit build, pages only", f"{pages:.1f} s ({pages / alone:.2f}x the engine)"),
                (f"site ({engine}): ambit build with all downloads, no PDF cache", f"{cold:.1f} s (target 6 s)"),
                (f"site ({engine}): ambit build with all downloads, PDFs cached", f"{warm:.1f} s (target 6 s)"),
            ]
        edited = _after_edit(real, site)
        figures.append(("site (mkdocs): ambit build after editing a control one checklist holds", f"{edited:.1f} s"))
        shutil.rmtree(cache, ignore_errors=True)
        build_site(real, site)
        dirty, nav = _preview(real)
        figures += [
            ("preview: rebuild after a YAML edit (one summary)", f"{dirty:.1f} s (target 2 s)"),
            ("preview: rebuild after a title edit (nav changes, every page)", f"{nav:.1f} s"),
        ]
        control_pages = sorted((site / "controls").glob("*/index.html"), key=lambda p: p.stat().st_size)
        index = site / "search" / "search_index.json"
        figures += [
            (
                "site: largest control page",
                f"{control_pages[-1].stat().st_size / 1024:.1f} KB, {control_pages[-1].parent.name} (limit 80 KiB)",
            ),
            ("site: search index", f"{index.stat().st_size / 1024 / 1024:.2f} MB (limit 2 MB)"),
            ("site: HTML pages", str(sum(1 for _ in site.rglob("*.html")))),
        ]
        base = _timed(lambda: build_site(real, site, downloads=False))
        big = copy_project(Path(tmp) / "big")
        controls = multiply_controls(big, 10)
        large = _timed(lambda: build_site(big, big / "site", downloads=False))
        figures += [
            ("site: pages only, real catalogue", f"{base:.1f} s"),
            (f"site: pages only, synthetic x10 ({controls} controls)", f"{large:.1f} s"),
            ("site: growth for ten times the controls", f"{large / base:.1f}x (limit 12x)"),
            (
                "site: search index, synthetic x10",
                f"{(big / 'site' / 'search' / 'search_index.json').stat().st_size / 1024 / 1024:.2f} MB",
            ),
        ]
        if saved is None:
            del os.environ["AMBIT_CACHE_DIR"]
        else:
            os.environ["AMBIT_CACHE_DIR"] = saved
    return figures


if __name__ == "__main__":
    for label, figure in run():
        print(f"{label}: {figure}")
