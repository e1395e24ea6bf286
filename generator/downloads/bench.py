"""Benchmark for ``make bench``: every download of every checklist, on the real catalogue.

The target is at most 10 s in all on a 2-core machine. ``run`` returns (label, figure) pairs;
run this module directly to print them.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from generator.catalogue import load_catalogue
from generator.downloads.publish import write_all_downloads
from generator.select import all_checklists

ROOT = Path(__file__).resolve().parent.parent.parent
TARGET_SECONDS = 10.0


def run(root: Path = ROOT) -> list[tuple[str, str]]:
    """Time :func:`write_all_downloads` on the catalogue under ``root``."""
    result = load_catalogue(root)
    catalogue = result.catalogue  # files with errors are left out; the figure says how many
    checklists = all_checklists(catalogue)
    controls = sum(len(c.items) for c in checklists)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        paths = write_all_downloads(catalogue, Path(tmp) / "downloads")
        elapsed = time.perf_counter() - start
        size = sum(p.stat().st_size for p in paths)
    load = os.getloadavg()[0]
    verdict = "within" if elapsed <= TARGET_SECONDS else "OVER"
    figures = [
        (
            f"downloads: {len(paths)} files for {len(checklists)} checklists ({controls} controls)",
            f"{elapsed:.1f} s ({verdict} the {TARGET_SECONDS:.0f} s target)",
        ),
        ("downloads: total size", f"{size / 1e6:.1f} MB"),
        # Other work on the machine slows the PDF workers; the load puts the figure in context.
        ("downloads: machine load before the run (1-minute average)", f"{load:.2f}"),
    ]
    if result.diagnostics:
        figures.append(("downloads: catalogue errors (their files left out)", str(len(result.diagnostics))))
    return figures


if __name__ == "__main__":  # pragma: no cover
    for label, figure in run():
        print(f"{label}: {figure}")
