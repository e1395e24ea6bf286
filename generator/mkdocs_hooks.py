"""MkDocs hook of the repository's ``mkdocs.yml``: plain ``mkdocs build`` stops with what to run instead.

Ambit's pages are generated from the YAML catalogue by ``ambit build``, which writes them and a
complete engine config into ``build/<engine>/`` and runs MkDocs or Zensical on that. The
repository's ``mkdocs.yml`` is the hand-edited half of that config (theme, features, Markdown
extensions); built on its own it would give a site with none of the catalogue's pages, so
``mkdocs build`` and ``mkdocs serve`` fail at once with this message rather than publish one.
The generated config carries no hooks, so this never runs under ``ambit build``.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

MESSAGE = (
    "Ambit's pages are generated from the YAML catalogue: run `ambit build` (MkDocs, into site/), "
    "`ambit build --engine zensical`, or `ambit serve` for a live preview. The generated MkDocs "
    "config is build/mkdocs/mkdocs.yml (`mkdocs build -f build/mkdocs/mkdocs.yml` rebuilds the last "
    "generated pages without regenerating them)."
)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Refuse to build the repository's ``mkdocs.yml`` directly."""
    raise PluginError(MESSAGE)
