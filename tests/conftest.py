"""Shared fixtures: a small valid project copied into a temporary folder for each test."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# No per-example deadline: a loaded, shared machine makes timings meaningless (performance is `make bench`'s).
settings.register_profile("ambit", deadline=None)
settings.load_profile("ambit")


def run_temp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every pytest-xdist worker of this run shares (the session's own without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def run_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` against the run's other workers."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session", autouse=True)
def _own_pdf_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite's own PDF cache: tests neither read nor fill the user's. The workers share it
    (entries are written atomically and checked on read), so a PDF is laid out once per run."""
    cache = run_temp(tmp_path_factory) / "ambit-cache"
    cache.mkdir(exist_ok=True)
    mp = pytest.MonkeyPatch()
    mp.setenv("AMBIT_CACHE_DIR", str(cache))
    yield
    mp.undo()


# `make unit` runs the suite on two workers (pytest-xdist, `--dist loadgroup`). A session fixture
# is made once per worker, so the tests that share an expensive one stay together on one worker:
# the Zensical build, the wheel and its environments. The MkDocs site is built once per run for
# both workers (tests/site/conftest.py), so its many tests spread over both.
SHARED_SESSION_FIXTURES = {"built_site_zensical": "zensical-site", "built": "wheel"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group each test by the first expensive session fixture it uses (see SHARED_SESSION_FIXTURES)."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        group = next((g for f, g in SHARED_SESSION_FIXTURES.items() if f in names), None)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))


FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


def make_buildable(root: Path) -> None:
    """Give a copied project the repository's site configuration, with the hook found by absolute path."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    hook = (REPO / "generator" / "mkdocs_hooks.py").as_posix()
    (root / "mkdocs.yml").write_text(config.replace("- generator/mkdocs_hooks.py", f"- {hook}"), encoding="utf-8")
    if (REPO / "site_overrides").exists():
        shutil.copytree(REPO / "site_overrides", root / "site_overrides", dirs_exist_ok=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the minimal valid project (two layers, two controls, one checklist), ready to build."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    make_buildable(root)
    return root


@pytest.fixture
def run_ambit(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run the ``ambit`` CLI in-process; return (exit code, stdout, stderr)."""
    from generator.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser), one for the whole session:
    Playwright's sync API cannot run two at once, and the site and mapper tests both need it."""
    from playwright.sync_api import sync_playwright

    from tests.site.conftest import CHROMIUM, CHROMIUM_ARGS, require_tool

    require_tool(CHROMIUM, "Chromium")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
