"""The catalogue's changelog: controls added, changed and retired, grouped by version."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from generator.model import Catalogue, Control


@dataclass(frozen=True)
class Release:
    """What one catalogue version added, changed and retired."""

    version: str
    added: list[Control] = field(default_factory=list)
    changed: list[Control] = field(default_factory=list)
    retired: list[Control] = field(default_factory=list)


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Sort key for dotted versions: numeric parts compare as numbers (0.10.0 after 0.9.0)."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in version.split("."))


def releases(cat: Catalogue) -> list[Release]:
    """Every version named by a control, newest first, each with its controls sorted by ID."""
    added: defaultdict[str, list[Control]] = defaultdict(list)
    changed: defaultdict[str, list[Control]] = defaultdict(list)
    retired: defaultdict[str, list[Control]] = defaultdict(list)
    for control in sorted(cat.controls, key=lambda c: c.id):
        added[control.added_in].append(control)
        if control.changed_in:
            changed[control.changed_in].append(control)
        if control.retired_in:
            retired[control.retired_in].append(control)
    versions = sorted(set(added) | set(changed) | set(retired), key=version_key, reverse=True)
    return [Release(v, added.get(v, []), changed.get(v, []), retired.get(v, [])) for v in versions]
