"""Optional parts of the installation: the site engines come with extras, not with every install.

A plain ``pip install ambit`` brings what ``validate``, ``checklist``, ``map``, ``review`` and
``progress`` use (YAML, schemas, templates, XLSX and PDF writers). Building or previewing the
site also needs a site engine, installed with ``ambit[site]`` (MkDocs and Material) or
``ambit[zensical]`` (Zensical, plus MkDocs for the offline copy). Commands that need an engine
ask :func:`missing_extra` first, so a missing one is a one-line usage error, not a traceback.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass


@dataclass(frozen=True)
class Extra:
    """An optional dependency group of the ``ambit`` package and the modules that show it is there."""

    name: str
    modules: tuple[str, ...]


SITE = Extra("site", ("mkdocs", "material", "pymdownx"))
ZENSICAL = Extra("zensical", ("zensical", *SITE.modules))  # its offline copy is still a MkDocs build

ENGINE_EXTRAS = {"mkdocs": SITE, "zensical": ZENSICAL}
"""The extra each site engine (``ambit build --engine``) needs."""


def is_installed(extra: Extra) -> bool:
    """Whether every module of ``extra`` can be imported (checked without importing them)."""
    return all(importlib.util.find_spec(module) is not None for module in extra.modules)


def missing_extra(command: str, extra: Extra) -> str | None:
    """The one-line message for ``command`` when ``extra`` is not installed, else None."""
    if is_installed(extra):
        return None
    return (
        f"{command}: error: needs the site engine, which this installation lacks: "
        f"pip install 'ambit[{extra.name}]' (or run `make site` in a checkout)"
    )
