"""Shared fixtures: a small valid project copied into a temporary folder for each test."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# No per-example deadline: a loaded, shared machine makes timings meaningless (performance is `make bench`'s).
settings.register_profile("ambit", deadline=None)
settings.load_profile("ambit")


@pytest.fixture(scope="session", autouse=True)
def _own_pdf_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite's own PDF cache: tests neither read nor fill the user's."""
    mp = pytest.MonkeyPatch()
    mp.setenv("AMBIT_CACHE_DIR", str(tmp_path_factory.mktemp("ambit-cache")))
    yield
    mp.undo()


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
