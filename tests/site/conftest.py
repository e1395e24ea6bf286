"""Fixtures for the site tests: projects to build, and the real site built once per session."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.build import build_site
from generator.catalogue import load_catalogue
from generator.model import Catalogue
from tests.conftest import run_lock, run_temp

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
PROJECT_FILES = ("content", "checklists", "mkdocs.yml", "site_overrides", "CONTRIBUTING.md")


def make_buildable(root: Path) -> Path:
    """Give a project folder the site configuration and generator of this repository."""
    for name in ("mkdocs.yml", "site_overrides"):
        if not (root / name).exists():
            src = REPO / name
            if src.is_dir():
                shutil.copytree(src, root / name)
            else:
                shutil.copy2(src, root / name)
    (root / "generator").symlink_to(REPO / "generator", target_is_directory=True)
    return root


def copy_repository(dest: Path) -> Path:
    """A copy of this repository's catalogue and site configuration, ready to build.

    While other contributors' controls are still being written, control files that fail
    validation are left out of the copy (with a warning) so the site itself can be tested.
    """
    for name in PROJECT_FILES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)
    broken = sorted({d.path for d in load_catalogue(dest).diagnostics if d.path.startswith("content/controls/")})
    if broken:
        warnings.warn(f"building the site without {len(broken)} invalid control file(s)", stacklevel=1)
        for rel in broken:
            (dest / rel).unlink()
    return make_buildable(dest)


@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    """The minimal fixture project (two controls, one checklist), ready to build."""
    root = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", root)
    return make_buildable(root)


@pytest.fixture(scope="session")
def real_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's catalogue, made once per session."""
    return copy_repository(tmp_path_factory.mktemp("real"))


@pytest.fixture(scope="session")
def real_catalogue(real_project: Path) -> Catalogue:
    result = load_catalogue(real_project)
    assert result.ok, result.diagnostics
    return result.catalogue


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real site, built once per run with ``ambit build`` (strict, MkDocs) and shared by the
    workers; tests only read it."""
    shared = run_temp(tmp_path_factory) / "mkdocs-site"
    with run_lock(run_temp(tmp_path_factory) / "mkdocs-site.lock"):
        site, done = shared / "site", shared / "built"
        if not done.exists():
            shutil.rmtree(shared, ignore_errors=True)  # a build another worker did not finish
            shared.mkdir()
            project = copy_repository(shared)
            assert build_site(project, site) == 0, "the site did not build cleanly in strict mode"
            done.touch()
    yield site


@pytest.fixture(scope="session")
def built_site_zensical(real_project: Path) -> Iterator[Path]:
    """The real site, built once per session with ``ambit build --engine zensical`` (strict)."""
    site = real_project / "site-zensical"
    assert build_site(real_project, site, engine="zensical") == 0, "the Zensical build failed"
    yield site


# --- Browser fixtures -----------------------------------------------------------------------

# Debian's Chromium; AMBIT_CHROMIUM points elsewhere where there is none (GitHub's Ubuntu runners
# ship Google Chrome at /usr/bin/google-chrome). Never a browser downloaded by Playwright.
CHROMIUM = Path(os.environ.get("AMBIT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
NODE_MODULES = REPO / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"


def require_tool(path: Path, what: str) -> None:
    """Skip when a test tool is missing on a developer's machine; fail in CI, where it must exist."""
    if path.exists():
        return
    message = f"{what} not found at {path}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set, so the test must run; see `make test-setup`)")
    pytest.skip(f"{message}; run `make test-setup` (or scripts/system-deps.sh test) to install it")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 (search needs http, not file://)."""
    yield from _serve(built_site)


@pytest.fixture(scope="session")
def zensical_site_url(built_site_zensical: Path) -> Iterator[str]:
    """The site Zensical built, served over HTTP on 127.0.0.1."""
    yield from _serve(built_site_zensical)


@pytest.fixture
def offsite_requests() -> list[str]:
    """Every request the page tried to make to a host other than 127.0.0.1 (all blocked)."""
    return []


@pytest.fixture
def page(browser: Any, offsite_requests: list[str]) -> Iterator[Any]:
    """A fresh page that may talk to the local server only; the test asserts nothing else was tried."""
    context = browser.new_context(service_workers="block")

    def route(r: Any) -> None:
        host = urlsplit(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            offsite_requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    tab = context.new_page()
    refused: list[str] = []
    tab.on("console", lambda message: refused.extend(csp_violations([message.text])))
    yield tab
    context.close()
    assert offsite_requests == [], f"requests to other hosts: {offsite_requests}"
    assert refused == [], f"the Content-Security-Policy blocked the site's own code: {refused}"


def inject_axe(page: Any) -> None:
    """Load axe-core into ``page`` as the test tool it is: through the DevTools protocol, which the
    page's Content-Security-Policy does not govern (a ``<script>`` tag added to the page would be
    refused, as any script the build did not write must be)."""
    page.evaluate(AXE.read_text("utf-8") + "\n;undefined")


def csp_violations(messages: list[str]) -> list[str]:
    """The console messages saying that the page's Content-Security-Policy refused something.

    Every browser test watches for them: a script of the site that the policy blocks (a new inline
    script the build did not hash, an event attribute) fails the test that uses the page.
    """
    return [m for m in messages if "Content Security Policy" in m]


def file_only(context: Any) -> list[str]:
    """Let ``context`` load file:, data: and blob: URLs only; return the list the others are put in."""
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return outside
