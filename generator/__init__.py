"""Ambit: turns curated YAML control catalogues into checklists and a documentation site."""

__version__ = "0.1.0"
