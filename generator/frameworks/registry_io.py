"""Read and write registry files deterministically, and report what changed between two.

The writer is hand-rolled rather than ``yaml.dump`` so that the output is stable byte for byte,
starts with the schema line editors use, keeps a fixed key order, and quotes every scalar that
YAML would otherwise read as something other than a string (``1.1``, ``yes``, ``null``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.model import Framework, FrameworkItem

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/framework.schema.json"
"""First line of every registry: lets editors validate it while a contributor types."""

_HEADER_KEYS = (
    "key",
    "name",
    "version",
    "publisher",
    "url",
    "licence",
    "retrieved",
    "source",
)

# Plain (unquoted) scalars are allowed only when they cannot be misread: they start with a
# letter, contain no YAML indicators, and are not one of YAML 1.1's boolean or null words.
_PLAIN_SAFE = re.compile(r"^[A-Za-z][A-Za-z0-9 ._()/,&'+\-]*$")
_RESERVED_WORDS = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|null|Null|NULL)$"
)


def registry_path(root: Path, key: str) -> Path:
    """Where the registry for ``key`` lives under a project root."""
    return root / "content" / "frameworks" / f"{key}.yml"


def quote(value: str) -> str:
    """``value`` as a YAML scalar that always reads back as the same string."""
    if (
        _PLAIN_SAFE.match(value)
        and not _RESERVED_WORDS.match(value)
        and not value.endswith((" ", ":"))
        and " #" not in value
    ):
        return value
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)


def dump_registry(framework: Framework) -> str:
    """The registry file text for ``framework``: schema line, header, then items in order."""
    lines = [SCHEMA_LINE]
    for key in _HEADER_KEYS:
        value = getattr(framework, key)
        if key == "source" and not value:
            continue
        lines.append(f"{key}: {quote(value)}")
    if framework.coverage_kinds:
        lines.append("coverage_kinds: [" + ", ".join(quote(k) for k in framework.coverage_kinds) + "]")
    if framework.sectors:
        lines.append("sectors: [" + ", ".join(quote(s) for s in framework.sectors) + "]")
    # Regexes are always single-quoted so backslashes stay literal.
    lines.append("id_pattern: '" + framework.id_pattern.replace("'", "''") + "'")
    lines.append("items:")
    for item in framework.items:
        lines.extend(_dump_item(item))
    return "\n".join(lines) + "\n"


def _dump_item(item: FrameworkItem) -> list[str]:
    out = [f"  - id: {quote(item.id)}", f"    title: {quote(item.title)}"]
    out.append(f"    status: {item.status}")
    if item.replaced_by:
        out.append("    replaced_by: [" + ", ".join(quote(r) for r in item.replaced_by) + "]")
    if item.kind:
        out.append(f"    kind: {quote(item.kind)}")
    if item.parent:
        out.append(f"    parent: {quote(item.parent)}")
    if item.specification:
        out.append(f"    specification: {item.specification}")
    if item.strength:
        out.append(f"    strength: {item.strength}")
    if item.implementation_groups:
        groups = ", ".join(str(g) for g in item.implementation_groups)
        out.append(f"    implementation_groups: [{groups}]")
    return out


def write_registry(root: Path, framework: Framework) -> Path:
    """Write ``framework`` to its registry file atomically (temp file, then ``os.replace``)."""
    from generator.downloads.files import write_atomic

    path = registry_path(root, framework.key)
    text = dump_registry(framework)
    write_atomic(path, text.encode("utf-8"))  # readers see the old registry or the new, never half
    return path


def framework_from_data(data: dict[str, Any], path: str = "") -> Framework:
    """Build a :class:`Framework` from a registry mapping already loaded from YAML."""
    items = tuple(
        FrameworkItem(
            id=str(raw["id"]),
            title=str(raw["title"]),
            status=str(raw.get("status", "active")),
            replaced_by=tuple(str(r) for r in raw.get("replaced_by", ())),
            kind=str(raw.get("kind", "")),
            parent=str(raw.get("parent", "")),
            specification=str(raw.get("specification", "")),
            implementation_groups=tuple(int(g) for g in raw.get("implementation_groups", ())),
            strength=str(raw.get("strength", "")),
        )
        for raw in data.get("items", ())
    )
    return Framework(
        key=str(data["key"]),
        name=str(data["name"]),
        version=str(data["version"]),
        publisher=str(data["publisher"]),
        url=str(data["url"]),
        licence=str(data["licence"]),
        retrieved=str(data["retrieved"]),
        id_pattern=str(data["id_pattern"]),
        items=items,
        source=str(data.get("source", "")),
        path=path,
        coverage_kinds=tuple(str(k) for k in data.get("coverage_kinds", ())),
        sectors=tuple(str(s) for s in data.get("sectors", ())),
    )


def read_registry(path: Path) -> Framework | None:
    """The registry at ``path``, or ``None`` when the file does not exist."""
    if not path.is_file():
        return None
    # BaseLoader keeps every scalar a string, the same way the project loader reads dates.
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return framework_from_data(data, str(path))


@dataclass
class ChangeReport:
    """What an import changed in a registry, item by item."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    retitled: list[tuple[str, str, str]] = field(default_factory=list)
    newly_withdrawn: list[str] = field(default_factory=list)
    other_changes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the items are identical."""
        return not (self.added or self.removed or self.retitled or self.newly_withdrawn) and not self.other_changes

    def format(self) -> str:
        """A short human-readable summary, one line per change."""
        if self.empty:
            return "no changes to items"
        summary = (
            f"added {len(self.added)}, removed {len(self.removed)}, retitled "
            f"{len(self.retitled)}, newly withdrawn {len(self.newly_withdrawn)}, "
            f"other changes {len(self.other_changes)}"
        )
        lines = [summary]
        lines += [f"  + {i}" for i in self.added]
        lines += [f"  - {i}" for i in self.removed]
        lines += [f"  ~ {i}: {old!r} -> {new!r}" for i, old, new in self.retitled]
        lines += [f"  ! {i} is now withdrawn" for i in self.newly_withdrawn]
        lines += [f"  * {i} changed" for i in self.other_changes]
        return "\n".join(lines)


def diff_registries(old: Framework | None, new: Framework) -> ChangeReport:
    """Compare two registries' items by ID."""
    report = ChangeReport()
    before = dict(old.by_id) if old else {}
    after = new.by_id
    report.added = [i for i in after if i not in before]
    report.removed = [i for i in before if i not in after]
    for item_id, item in after.items():
        prior = before.get(item_id)
        if prior is None:
            continue
        if prior.title != item.title:
            report.retitled.append((item_id, prior.title, item.title))
        if item.withdrawn and not prior.withdrawn:
            report.newly_withdrawn.append(item_id)
        elif (prior.status, prior.replaced_by, prior.kind, prior.parent) != (
            item.status,
            item.replaced_by,
            item.kind,
            item.parent,
        ) or (prior.specification, prior.implementation_groups, prior.strength) != (
            item.specification,
            item.implementation_groups,
            item.strength,
        ):
            report.other_changes.append(item_id)
    return report
