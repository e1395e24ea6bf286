"""Turn imported items into a registry file: pick the header, add extras, write, report.

Shared by the OSCAL and ATLAS import commands so both behave the same way: the header comes
from ``headers.KNOWN`` or the existing registry, the retrieval date from ``--retrieved`` or the
existing registry, and the file is written atomically with a change report printed.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.frameworks.headers import KNOWN, Header
from generator.frameworks.oscal import insert_after_parent
from generator.frameworks.registry_io import (
    ChangeReport,
    diff_registries,
    framework_from_data,
    read_registry,
    registry_path,
    write_registry,
)
from generator.model import Framework, FrameworkItem


class ImportUsageError(Exception):
    """The command line or an input file cannot produce a registry (exit code 2)."""


@dataclass(frozen=True)
class ImportResult:
    """The registry written, where, and what changed."""

    framework: Framework
    path: Path
    report: ChangeReport


def load_extra_items(path: Path) -> list[FrameworkItem]:
    """Items from a hand-checked additions file (``items:`` list in registry item form)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ImportUsageError(f"{path}: expected a mapping with an 'items' list")
    stub = {"key": "x", "name": "x", "version": "x", "publisher": "x", "url": "x"}
    stub |= {
        "licence": "x",
        "retrieved": "x",
        "id_pattern": "x",
        "items": data["items"],
    }
    return list(framework_from_data(stub).items)


def add_extras(items: list[FrameworkItem], extras: Sequence[FrameworkItem]) -> list[FrameworkItem]:
    """``items`` plus every extra whose ID is not there yet, each placed after its parent."""
    known = {item.id for item in items}
    for extra in extras:
        if extra.id not in known:
            items = insert_after_parent(items, extra)
            known.add(extra.id)
    return items


def choose_header(key: str, existing: Framework | None, overrides: dict[str, str]) -> Header:
    """The header for ``key``: known defaults, else the existing registry's, then overrides."""
    fields: dict[str, Any] = {}
    if key in KNOWN:
        fields = dict(vars(KNOWN[key]))
    elif existing is not None:
        fields = {
            name: getattr(existing, name)
            for name in (
                "name",
                "version",
                "publisher",
                "url",
                "licence",
                "id_pattern",
                "source",
                "coverage_kinds",
            )
        }
    fields |= {name: value for name, value in overrides.items() if value}
    fields["key"] = key
    missing = [n for n in ("name", "version", "publisher", "url", "licence", "id_pattern") if not fields.get(n)]
    if missing:
        flags = ", ".join("--" + n.replace("_", "-") for n in missing)
        raise ImportUsageError(f"unknown framework '{key}': give {flags}")
    fields.setdefault("source", "")
    return Header(**fields)


def write_import(
    root: Path,
    key: str,
    items: Sequence[FrameworkItem],
    retrieved: str = "",
    overrides: dict[str, str] | None = None,
) -> ImportResult:
    """Write the registry for ``key`` under ``root`` and report changes against the old one."""
    existing = read_registry(registry_path(root, key))
    header = choose_header(key, existing, overrides or {})
    if not retrieved:
        retrieved = existing.retrieved if existing else datetime.date.today().isoformat()
    duplicates = sorted(i for i, n in Counter(item.id for item in items).items() if n > 1)
    if duplicates:
        raise ImportUsageError(f"duplicate IDs in input: {', '.join(duplicates)}")
    framework = Framework(
        key=header.key,
        name=header.name,
        version=header.version,
        publisher=header.publisher,
        url=header.url,
        licence=header.licence,
        retrieved=retrieved,
        id_pattern=header.id_pattern,
        items=tuple(items),
        source=header.source,
        coverage_kinds=header.coverage_kinds,
        # Which sectors a framework binds is the catalogue's decision, not the publisher's data: keep it.
        sectors=existing.sectors if existing else (),
    )
    report = diff_registries(existing, framework)
    path = write_registry(root, framework)
    return ImportResult(framework=framework, path=path, report=report)
