"""Framework reference columns: one per framework registry, headed by the framework's short name.

Compliance readers look controls up by HIPAA, ISO/IEC 27001 or SOC 2 ID, so every tabular
download (CSV, XLSX) has one column per framework and the print formats (HTML, PDF, Markdown)
list each control's references under the same short names.

Column order is a public contract of the CSV and XLSX (columns are only ever added at the end,
and a framework a checklist leaves out keeps its column, empty: :func:`sheet_columns`), so it is
fixed here rather than taken from the order of files in ``content/frameworks/``: a new registry
gets a new entry at the end of :data:`SHORT_NAMES` (a test fails until it has one). Registries
this table does not know (a fork's, a test's) follow in key order, headed by their full name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from generator.downloads.framework_scope import omitted_keys
from generator.model import Framework
from generator.select import Checklist

SHORT_NAMES: tuple[tuple[str, str], ...] = (
    ("hipaa-security-rule", "HIPAA"),
    ("iso-27001-2022", "ISO/IEC 27001:2022"),
    ("soc2-tsc-2017", "SOC 2"),
    ("nist-csf-2.0", "NIST CSF 2.0"),
    ("nist-sp-800-53-r5", "SP 800-53"),
    ("cis-controls-v8.1", "CIS"),
    ("mitre-atlas", "ATLAS"),
    ("owasp-llm-2025", "OWASP LLM"),
    ("nist-ai-rmf-1.0", "AI RMF"),
    ("cisa-deploying-ai-2024", "CISA Deploying AI"),
    ("cisa-ai-data-security-2025", "CISA AI Data Security"),
    ("owasp-agentic-2026", "OWASP Agentic"),
    ("etsi-en-304-223", "ETSI EN 304 223"),
)
"""Framework key -> column heading, in column order. Append only: the order is a public contract."""

SEPARATOR = "; "
"""Joins several IDs of one framework in one cell."""


@dataclass(frozen=True)
class FrameworkColumn:
    """One framework's column: its key, heading, full name and (when known) its items' titles."""

    key: str
    short_name: str
    name: str
    version: str = ""
    titles: Mapping[str, str] = field(default_factory=dict)
    sectors: tuple[str, ...] = ()
    """The registry's ``sectors``: the framework binds systems of these sectors only (empty: every sector)."""

    @property
    def full_name(self) -> str:
        """``name`` with its version: ``NIST Cybersecurity Framework (2.0)``, ``HIPAA ... (...), current CFR text``."""
        if not self.version or self.version in self.name:
            return self.name
        if self.name.endswith(")") or "(" in self.version:
            return f"{self.name}, {self.version}"
        return f"{self.name} ({self.version})"

    def title(self, item_id: str) -> str:
        """The item's title from the registry, or ``""`` when the registry was not given."""
        return self.titles.get(item_id, "")


def framework_columns(
    frameworks: Sequence[Framework] = (), referenced: Iterable[str] = ()
) -> tuple[FrameworkColumn, ...]:
    """The reference columns: every key of :data:`SHORT_NAMES`, then other registries and keys.

    ``frameworks`` (the catalogue's registries, when the caller has them) supply full names and
    item titles; ``referenced`` adds keys the controls cite that no registry describes.
    """
    known = dict(SHORT_NAMES)
    by_key = {f.key: f for f in frameworks}
    extra = sorted((set(by_key) | set(referenced)) - set(known))
    columns = []
    for key in (*known, *extra):
        fw = by_key.get(key)
        heading = known.get(key) or (fw.name if fw else key)
        columns.append(
            FrameworkColumn(
                key=key,
                short_name=heading,
                name=fw.name if fw else heading,
                version=fw.version if fw else "",
                titles=MappingProxyType({item.id: item.title for item in fw.items}) if fw else {},
                sectors=fw.sectors if fw else (),
            )
        )
    return tuple(columns)


def sheet_columns(checklist: Checklist, frameworks: Sequence[Framework] = ()) -> tuple[FrameworkColumn, ...]:
    """The CSV's and XLSX's framework columns: every known registry, plus any key the controls cite.

    A framework the checklist leaves out (:mod:`generator.downloads.framework_scope`) keeps its
    column, empty, so a column's position never depends on the checklist.
    """
    return framework_columns(frameworks, {key for item in checklist.items for key in item.control.references})


def checklist_columns(checklist: Checklist, frameworks: Sequence[Framework] = ()) -> tuple[FrameworkColumn, ...]:
    """The frameworks ``checklist`` lists (JSON ``frameworks``, the print legend): :func:`sheet_columns`
    but those it leaves out for its sector."""
    omitted = omitted_keys(checklist, frameworks)
    return tuple(col for col in sheet_columns(checklist, frameworks) if col.key not in omitted)


def cell(references: Mapping[str, Sequence[str]], key: str) -> str:
    """A control's IDs for one framework, joined by :data:`SEPARATOR` (``""`` when it cites none)."""
    return SEPARATOR.join(references.get(key, ()))


def cited(columns: Sequence[FrameworkColumn], references: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """``(short name, joined IDs)`` for each framework a control cites, in column order."""
    return [(col.short_name, cell(references, col.key)) for col in columns if references.get(col.key)]


@dataclass(frozen=True)
class CrosswalkEntry:
    """One framework item and the checklist's controls that map to it."""

    column: FrameworkColumn
    item_id: str
    controls: tuple[str, ...]


def crosswalk(
    columns: Sequence[FrameworkColumn], rows: Iterable[tuple[str, Mapping[str, Sequence[str]]]]
) -> tuple[CrosswalkEntry, ...]:
    """Framework item -> the controls (``(id, references)`` pairs, in checklist order) citing it.

    Frameworks follow column order; items within a framework follow the registry's order when
    it is known (so ``A.5.10`` comes after ``A.5.9``), else the order controls first cite them.
    """
    pairs = list(rows)
    entries = []
    for col in columns:
        citing: dict[str, list[str]] = {}
        for control_id, refs in pairs:
            for item_id in refs.get(col.key, ()):
                citing.setdefault(item_id, []).append(control_id)
        position = {item_id: i for i, item_id in enumerate(col.titles)}
        ordered = sorted(citing, key=lambda i: position.get(i, len(position)))
        entries += [CrosswalkEntry(col, item_id, tuple(dict.fromkeys(citing[item_id]))) for item_id in ordered]
    return tuple(entries)
