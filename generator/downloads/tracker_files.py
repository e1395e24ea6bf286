"""The scripts that make a system map's ``checklist.html`` a tracker, written beside it.

``ambit map`` writes ``checklist.html`` with ``<script src="checklist-files/...">`` for the site's
own progress, filter and XLSX scripts (``site_overrides/assets/``), so the page opened from
``file://`` keeps status, owner, due date and notes per control and per component in the
browser, with the summary bar, filters, export and merging import of the site's checklist pages.
The scripts are files, never inline, so the page's Content Security Policy allows scripts from
its own folder only. A built wheel carries copies in ``generator/_scripts/`` (see ``setup.py``).
"""

from __future__ import annotations

from pathlib import Path

from generator.locate import PACKAGE_DIR

FOLDER = "checklist-files"
"""The folder beside ``checklist.html`` that holds its scripts."""
SCRIPTS = ("xlsx.js", "progress_merge.js", "progress.js", "filters.js")
"""In load order: the workbook reader and writer, the import merge, progress, then filters."""
BUNDLED = PACKAGE_DIR / "_scripts"
SOURCE = PACKAGE_DIR.parent / "site_overrides" / "assets"


def scripts_dir() -> Path:
    """Where the scripts are: the wheel's copy, else the checkout's ``site_overrides/assets``."""
    return BUNDLED if (BUNDLED / SCRIPTS[0]).is_file() else SOURCE


def script_hrefs() -> tuple[str, ...]:
    """The ``src`` of each script, relative to ``checklist.html``."""
    return tuple(f"{FOLDER}/{name}" for name in SCRIPTS)


def tracker_files() -> dict[str, bytes]:
    """``{path relative to checklist.html: bytes}`` for the scripts."""
    folder = scripts_dir()
    return {f"{FOLDER}/{name}": (folder / name).read_bytes() for name in SCRIPTS}


def write_tracker_files(folder: Path) -> None:
    """Write the scripts into ``folder/checklist-files/``."""
    for rel, data in tracker_files().items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
