"""Benchmarks for the site: build time, page and index sizes, and how build time scales.

``run`` returns ``(label, figure)`` pairs for ``generator.bench``. The scaling figure compares
the site alone (pages and MkDocs, without downloads) for the real catalogue and for a synthetic
one ten times larger, made in a temporary folder by cloning every control with new IDs.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from generator.build import build_site

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


@contextlib.contextmanager
def _site_only() -> Iterator[None]:
    old = os.environ.get("AMBIT_SITE_ONLY")
    os.environ["AMBIT_SITE_ONLY"] = "1"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("AMBIT_SITE_ONLY", None)
        else:
            os.environ["AMBIT_SITE_ONLY"] = old


def _timed_build(project: Path) -> tuple[float, Path]:
    site = project / "site"
    start = time.perf_counter()
    if build_site(project, site) != 0:
        raise RuntimeError(f"the site in {project} did not build")
    return time.perf_counter() - start, site


def run() -> list[tuple[str, str]]:
    """Measure the real catalogue's build and sizes, and the tenfold synthetic build."""
    figures: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="ambit-bench-") as tmp:
        real = copy_project(Path(tmp) / "real")
        full, site = _timed_build(real)
        pages = sorted((site / "controls").glob("*/index.html"), key=lambda p: p.stat().st_size)
        index = site / "search" / "search_index.json"
        figures += [
            ("site: ambit build, real catalogue (with downloads)", f"{full:.1f} s (limit 10 s)"),
            (
                "site: largest control page",
                f"{pages[-1].stat().st_size / 1024:.1f} KB, {pages[-1].parent.name} (limit 60 KB)",
            ),
            ("site: search index", f"{index.stat().st_size / 1024 / 1024:.2f} MB (limit 2 MB)"),
            ("site: HTML pages", str(sum(1 for _ in site.rglob("*.html")))),
        ]
        with _site_only():
            shutil.rmtree(site)
            base, _ = _timed_build(real)
            big = copy_project(Path(tmp) / "big")
            controls = multiply_controls(big, 10)
            large, big_site = _timed_build(big)
        figures += [
            ("site: pages only, real catalogue", f"{base:.1f} s"),
            (f"site: pages only, synthetic x10 ({controls} controls)", f"{large:.1f} s"),
            ("site: growth for ten times the controls", f"{large / base:.1f}x (limit 12x)"),
            (
                "site: search index, synthetic x10",
                f"{(big_site / 'search' / 'search_index.json').stat().st_size / 1024 / 1024:.2f} MB",
            ),
        ]
    return figures


if __name__ == "__main__":
    for label, figure in run():
        print(f"{label}: {figure}")
