"""Build hook: the wheel carries the catalogue, so ``ambit map`` and ``ambit review`` work in any folder.

``build_py`` copies ``content/`` and ``checklists/`` byte for byte into
``generator/_catalogue/`` inside the wheel (``generator/locate.py`` finds them there). The
repository keeps one copy; nothing is duplicated in git. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
FOLDERS = ("content", "checklists")
SCRIPTS = ("xlsx.js", "progress_merge.js", "progress.js", "filters.js")
SKIP = shutil.ignore_patterns(".*", "__pycache__", "*.pyc")


class BuildWithCatalogue(build_py):
    """``build_py`` that also copies the catalogue into the package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout itself
            return
        target = Path(self.build_lib) / "generator" / "_catalogue"
        shutil.rmtree(target, ignore_errors=True)  # no stale files from an earlier build
        for name in FOLDERS:
            shutil.copytree(HERE / name, target / name, ignore=SKIP)
        # The scripts that make a map's checklist.html a tracker (generator/downloads/tracker_files.py).
        scripts = Path(self.build_lib) / "generator" / "_scripts"
        shutil.rmtree(scripts, ignore_errors=True)
        scripts.mkdir(parents=True)
        for name in SCRIPTS:
            shutil.copyfile(HERE / "site_overrides" / "assets" / name, scripts / name)


setup(cmdclass={"build_py": BuildWithCatalogue})
