"""The catalogue as immutable, typed objects: what every renderer and selector works on.

Objects are built only from files that passed schema validation, so their fields can be
trusted to have the right types; cross-file references are checked by ``generator.rules``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

PRIORITIES = ("essential", "recommended", "advanced")
"""Priority values from most to least urgent."""


@dataclass(frozen=True)
class Layer:
    id: str
    name: str
    prefix: str
    description: str
    scope: tuple[str, ...] = ()


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    description: str
    layer: str
    ai: bool = False
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Threat:
    id: str
    name: str
    description: str
    layers: tuple[str, ...]
    atlas: tuple[str, ...] = ()


@dataclass(frozen=True)
class LifecycleStage:
    id: str
    name: str
    description: str
    order: int


@dataclass(frozen=True)
class Sector:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    publisher: str = ""
    date: str = ""


@dataclass(frozen=True)
class Incident:
    id: str
    title: str
    date: str
    summary: str
    what_failed: str
    layers: tuple[str, ...]
    sources: tuple[Source, ...]
    controls: tuple[str, ...]
    atlas_case_study: str = ""


@dataclass(frozen=True)
class FrameworkItem:
    id: str
    title: str
    status: str = "active"
    replaced_by: tuple[str, ...] = ()
    kind: str = ""
    parent: str = ""
    specification: str = ""
    implementation_groups: tuple[int, ...] = ()

    @property
    def withdrawn(self) -> bool:
        return self.status == "withdrawn"


@dataclass(frozen=True)
class Framework:
    key: str
    name: str
    version: str
    publisher: str
    url: str
    licence: str
    retrieved: str
    id_pattern: str
    items: tuple[FrameworkItem, ...]
    source: str = ""
    path: str = ""
    coverage_kinds: tuple[str, ...] = ()
    """Kinds of item that count in coverage figures; empty means every item counts."""

    def counts_for_coverage(self, item: FrameworkItem) -> bool:
        """True for an active item of a kind that controls are meant to map to (not a heading)."""
        return not item.withdrawn and (not self.coverage_kinds or item.kind in self.coverage_kinds)

    @property
    def by_id(self) -> Mapping[str, FrameworkItem]:
        """Items keyed by ID (built on first use and cached)."""
        cached = self.__dict__.get("_by_id")
        if cached is None:
            cached = MappingProxyType({item.id: item for item in self.items})
            object.__setattr__(self, "_by_id", cached)
        return cached


@dataclass(frozen=True)
class VerificationStep:
    step: str
    evidence: str


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    summary: str
    description: str
    rationale: str
    priority: str
    lifecycle: tuple[str, ...]
    components: tuple[str, ...]
    threats: tuple[str, ...]
    verification: tuple[VerificationStep, ...]
    effort_minutes: int
    references: Mapping[str, tuple[str, ...]]
    status: str
    added_in: str
    layer: str
    path: str
    sectors: Mapping[str, str] = field(default_factory=dict)
    changed_in: str = ""
    retired_in: str = ""
    superseded_by: str = ""
    retired_reason: str = ""

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def priority_rank(self) -> int:
        """0 for essential, 1 for recommended, 2 for advanced."""
        return PRIORITIES.index(self.priority)


@dataclass(frozen=True)
class Regulation:
    name: str
    note: str
    url: str = ""


@dataclass(frozen=True)
class SelectionRule:
    """Matches a control when every field given matches (fields left empty match all)."""

    sectors: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    layers: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    lifecycle: tuple[str, ...] = ()
    threats: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChecklistDefinition:
    id: str
    title: str
    summary: str
    introduction: str
    rules: tuple[SelectionRule, ...]
    path: str
    sector: str = ""
    regulations: tuple[Regulation, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class CatalogueInfo:
    name: str
    version: str
    date: str
    repository: str
    site_url: str = ""
    edit_branch: str = "main"


@dataclass(frozen=True)
class Catalogue:
    """Everything loaded from ``content/`` and ``checklists/``, in file order."""

    info: CatalogueInfo
    layers: tuple[Layer, ...]
    lifecycle: tuple[LifecycleStage, ...]
    sectors: tuple[Sector, ...]
    components: tuple[Component, ...]
    threats: tuple[Threat, ...]
    incidents: tuple[Incident, ...]
    frameworks: tuple[Framework, ...]
    controls: tuple[Control, ...]
    checklists: tuple[ChecklistDefinition, ...]

    def layer(self, layer_id: str) -> Layer:
        return next(layer for layer in self.layers if layer.id == layer_id)

    def control(self, control_id: str) -> Control:
        return next(c for c in self.controls if c.id == control_id)

    def framework(self, key: str) -> Framework:
        return next(f for f in self.frameworks if f.key == key)

    @property
    def active_controls(self) -> tuple[Control, ...]:
        return tuple(c for c in self.controls if c.active)
