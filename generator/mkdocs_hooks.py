"""MkDocs hooks: regenerate the site's pages from the YAML catalogue on every build.

With these hooks plain ``mkdocs build`` and ``mkdocs serve`` do what ``ambit build`` does:
load and validate the catalogue (failing the build with every error if it has any), add the
generated pages, and, under ``serve``, reload when a YAML file changes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator.catalogue import load_catalogue
from generator.diagnostics import render
from generator.model import Catalogue
from generator.site.pages import generate_pages

_state: dict[str, Any] = {}


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the catalogue; stop the build with every error if it has any."""
    result = load_catalogue(_root(config))
    if result.diagnostics:
        raise PluginError("the catalogue has errors:\n" + render(result.diagnostics))
    catalogue = result.catalogue
    _state["catalogue"] = catalogue
    # Reproducible output: page dates and the sitemap come from the catalogue, not the clock.
    os.environ["SOURCE_DATE_EPOCH"] = str(_epoch(catalogue))
    return config


def _epoch(catalogue: Catalogue) -> int:
    from datetime import UTC, datetime

    return int(datetime.fromisoformat(catalogue.info.date).replace(tzinfo=UTC).timestamp())


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages to the build without writing them to disk."""
    for uri, content in sorted(generate_pages(_state["catalogue"]).items()):
        files.append(File.generated(config, uri, content=content))
    return files


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Rebuild when the catalogue, checklist definitions or generator change."""
    root = _root(config)
    for folder in ("content", "checklists", "generator", "site_overrides"):
        server.watch(str(root / folder))
    return server
