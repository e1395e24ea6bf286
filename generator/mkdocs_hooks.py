"""MkDocs hooks: regenerate the site's pages from the YAML catalogue on every build.

With these hooks plain ``mkdocs build`` and ``mkdocs serve`` do what ``ambit build`` does:
load and validate the catalogue (failing the build with every error if it has any), build the
nav and the closed tag vocabulary, add the generated pages, fix the theme's accessibility
errors in each page, write the checklist downloads, and, under ``serve``, reload when a YAML
file changes.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.catalogue import load_catalogue
from generator.diagnostics import render
from generator.downloads import PendingDownloads, start_downloads, write_all_downloads
from generator.model import Catalogue
from generator.site.contributing import contributing_page
from generator.site.html_fixes import fix_page
from generator.site.nav import build_nav
from generator.site.pages import generate_pages
from generator.site.render import plain
from generator.site.tags import allowed_tags
from generator.systemmap.site import example_assets, example_pages

_state: dict[str, Any] = {}

SITE_ONLY = "AMBIT_SITE_ONLY"
"""Environment variable: when set to 1, build the pages only (no downloads); for benchmarks."""


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


@event_priority(100)  # before the tags plugin reads its allow list
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the catalogue; set the edit links and tag vocabulary from it."""
    root = _root(config)
    result = load_catalogue(root)
    if result.diagnostics:
        raise PluginError("the catalogue has errors:\n" + render(result.diagnostics))
    catalogue = result.catalogue
    _state["catalogue"] = catalogue
    # Reproducible output: page dates and the sitemap come from the catalogue, not the clock.
    os.environ["SOURCE_DATE_EPOCH"] = str(_epoch(catalogue))
    config.repo_url = catalogue.info.repository
    docs_rel = Path(config.docs_dir).resolve().relative_to(root).as_posix()
    config.edit_uri = posixpath.join("edit", catalogue.info.edit_branch, docs_rel) + "/"
    _restrict_tags(config, catalogue)
    return config


def _restrict_tags(config: MkDocsConfig, catalogue: Catalogue) -> None:
    """Give Material's tags plugin the closed vocabulary, so any other tag fails the build."""
    from material.plugins.tags.structure.tag import Tag  # type: ignore[import-untyped]

    plugin = config.plugins.get("material/tags")
    if plugin is not None:
        plugin.config.tags_allowed = {Tag(plain(name)) for name in allowed_tags(catalogue)}


def _epoch(catalogue: Catalogue) -> int:
    from datetime import UTC, datetime

    return int(datetime.fromisoformat(catalogue.info.date).replace(tzinfo=UTC).timestamp())


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages to the build without writing them to disk, and build the nav.

    A generated page replaces a hand-written one at the same address (the home page, and the
    contributing page once the repository has a CONTRIBUTING.md). The nav is set here, once every
    page is known (MkDocs reads ``config.nav`` right after this event).
    """
    catalogue: Catalogue = _state["catalogue"]
    # The method page and the worked system maps under method/.
    examples = example_pages(catalogue, _root(config), directory_urls=config.use_directory_urls)
    others = sorted({f.src_uri for f in files.documentation_pages()} | set(examples))
    pages = generate_pages(
        catalogue,
        directory_urls=config.use_directory_urls,
        handwritten=others,
        contributing=contributing_page(_root(config), catalogue.info),
    )
    for uri, content in sorted({**examples, **pages}.items()):
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, uri, content=content))
    config.nav = build_nav(catalogue, [u for u in others if u not in pages])
    if os.environ.get(SITE_ONLY) != "1":
        # Start the PDFs now: WeasyPrint lays them out in worker processes while MkDocs renders pages.
        _state["downloads"] = start_downloads(catalogue)
    return files


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Fix the theme's accessibility and HTML validity errors in every page."""
    return fix_page(output)


def on_post_build(config: MkDocsConfig) -> None:
    """Write every checklist's downloads and the worked examples' files into the built site."""
    pending: PendingDownloads | None = _state.pop("downloads", None)
    if os.environ.get(SITE_ONLY) == "1":
        return
    try:  # the worked system maps' diagrams, checklists and reviews
        example_assets(_state["catalogue"], _root(config), Path(config.site_dir))
    except BaseException:
        if pending is not None:
            pending.cancel()
        raise
    write_all_downloads(_state["catalogue"], Path(config.site_dir) / "downloads", pending=pending)


def on_build_error(error: Exception) -> None:
    """Stop the PDF workers of a build that failed."""
    pending: PendingDownloads | None = _state.pop("downloads", None)
    if pending is not None:
        pending.cancel()


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Rebuild when the catalogue, checklist definitions or generator change."""
    root = _root(config)
    for folder in ("content", "checklists", "generator", "site_overrides"):
        server.watch(str(root / folder))
    return server
