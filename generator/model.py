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
    data_kinds: tuple[str, ...] = ()
    """Data kinds a component of this type usually handles (used when a map does not say)."""
    operation: str = ""
    """How a component of this type is usually run: managed, self-hosted, vendor-saas, on-premises."""
    impact: Mapping[str, int] = field(default_factory=dict)
    """The least impact (1 to 4) on confidentiality, integrity or availability of compromising one,
    whatever data it holds (an identity provider, an OT controller)."""


@dataclass(frozen=True)
class Threat:
    id: str
    name: str
    description: str
    layers: tuple[str, ...]
    atlas: tuple[str, ...] = ()
    severity: int = 2
    """1 to 3: the harm when the attack path succeeds."""
    properties: tuple[str, ...] = ("confidentiality", "integrity", "availability")
    """What it harms; a map scores a control against it by the component's impact on these."""


@dataclass(frozen=True)
class DataKind:
    """A kind of data from ``content/data-kinds.yml``, with its impact (1 to 4) on C, I and A."""

    id: str
    name: str
    sensitivity: int
    """Confidentiality: what disclosure costs."""
    description: str
    integrity: int = 1
    """What a forged, altered or deleted record costs."""
    availability: int = 1
    """What a day without it costs."""

    def impact(self, prop: str) -> int:
        """The impact on ``prop`` (confidentiality, integrity or availability)."""
        return {"confidentiality": self.sensitivity, "integrity": self.integrity}.get(prop, self.availability)


@dataclass(frozen=True)
class IntakeQuestion:
    """A yes/no question from ``content/intake.yml`` that a system map may answer."""

    id: str
    question: str
    help: str = ""
    weakness: bool = True
    """False when a yes says something is in place: it decides applicability, never raises a score."""


@dataclass(frozen=True)
class Platform:
    """A platform from ``content/platforms.yml`` that a component runs on and a step is written for."""

    id: str
    name: str
    kind: str
    description: str


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
    strength: str = ""
    """``shall`` or ``should`` for standards that say which (ETSI EN 304 223); empty otherwise."""

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
    sectors: tuple[str, ...] = ()
    """Sectors (ids from ``content/sectors.yml``) whose systems the framework binds, such as
    ``healthcare`` for HIPAA; empty means it concerns every sector. Checklists for other sectors
    leave its references out (``generator.downloads.framework_scope``)."""

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
    minutes: int = 0
    """Minutes the step takes; 0 when the control gives no per-step minutes (see Control.step_minutes)."""
    platforms: tuple[str, ...] = ()
    """Platforms the step is written for (content/platforms.yml); empty means platform-neutral."""
    platform_names: tuple[str, ...] = field(default=(), compare=False)
    """The names of ``platforms`` (filled in when the catalogue is loaded), for the reader."""

    @property
    def label(self) -> str:
        """Whom the step is for, such as "Amazon Web Services, Google Cloud"; "" for a neutral step."""
        return ", ".join(self.platform_names or self.platforms)

    @property
    def labelled(self) -> str:
        """The step as plain text, prefixed with its platforms when it is written for some."""
        return f"{self.label}: {self.step}" if self.platforms else self.step

    def fits(self, platform: str) -> bool:
        """True when the step can be done on ``platform`` ("" when the platform is not stated).

        A neutral step fits everywhere; a platform-specific step only on a platform it names, so
        a component whose platform is unknown gets neutral steps only.
        """
        return not self.platforms or platform in self.platforms


OPERATIONS = ("managed", "self-hosted", "vendor-saas", "on-premises")
"""How a component is run, from the control and system-map schemas."""


@dataclass(frozen=True)
class Applicability:
    """A control's ``applies_when``: every non-empty field must hold; any value within a field will do."""

    data_kinds: tuple[str, ...] = ()
    exposure: tuple[str, ...] = ()
    operation: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    intake: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    """Platforms (content/platforms.yml) the component must run on; empty means any platform."""

    @property
    def unconditional(self) -> bool:
        """True when nothing but the component type and lifecycle decide."""
        return not (self.data_kinds or self.exposure or self.operation or self.sectors or self.intake or self.platforms)


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
    applies_when: Applicability = field(default_factory=Applicability)
    has_applicability: bool = False
    """Whether the file states ``applies_when`` (even as ``{}``): the 0.2.0 editorial rule asks every control to."""
    raised_by: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def step_minutes(self) -> tuple[int, ...]:
        """Minutes per verification step: the steps' own, or ``effort_minutes`` shared out evenly.

        Controls written before steps carried minutes split their effort across the steps, the
        remainder going to the first steps, so the parts always add up to ``effort_minutes``.
        """
        if self.verification and all(v.minutes for v in self.verification):
            return tuple(v.minutes for v in self.verification)
        n = len(self.verification) or 1
        base, extra = divmod(self.effort_minutes, n)
        return tuple(max(1, base + (1 if i < extra else 0)) for i in range(n))

    @property
    def step_platforms(self) -> tuple[str, ...]:
        """Every platform some step is written for, in first-mentioned order."""
        return tuple(dict.fromkeys(p for v in self.verification for p in v.platforms))

    def minutes_on(self, platform: str) -> int:
        """Minutes of the steps one person does on ``platform`` ("" for an unstated platform: neutral steps)."""
        return sum(m for v, m in zip(self.verification, self.step_minutes, strict=True) if v.fits(platform))

    @property
    def longest_platform_minutes(self) -> int:
        """What ``effort_minutes`` must be when steps carry minutes: the steps of the longest way through.

        Steps written for different platforms are alternatives, not extra work: a control with an
        AWS, an Azure and a Google Cloud step takes one of them, plus its neutral steps.
        """
        if not self.step_platforms:
            return sum(self.step_minutes)
        return max(self.minutes_on(p) for p in self.step_platforms)

    @property
    def priority_rank(self) -> int:
        """0 for essential, 1 for recommended, 2 for advanced."""
        return PRIORITIES.index(self.priority)


@dataclass(frozen=True)
class Regulation:
    name: str
    note: str
    url: str = ""
    requires: tuple[str, ...] = ()
    """Controls this regulation requires of the checklist's kind of system: they are always in the
    checklist, rank with the obligation points, and print "Required by" this regulation's name."""
    labels: tuple[tuple[str, str], ...] = ()
    """(control, label): what a required control prints instead of the name, where the name is
    broader than the duty ("EU AI Act Art. 50(2)")."""

    def label_for(self, control_id: str) -> str:
        """What ``control_id`` prints as "Required by" ("" when this regulation does not require it)."""
        return dict(self.labels).get(control_id, self.name) if control_id in self.requires else ""


@dataclass(frozen=True)
class NamedRisk:
    """A risk a checklist's introduction names, and the controls that answer it."""

    risk: str
    controls: tuple[str, ...]


@dataclass(frozen=True)
class SelectionRule:
    """Matches a control when every field given matches (fields left empty match all)."""

    sectors: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    layers: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    lifecycle: tuple[str, ...] = ()
    threats: tuple[str, ...] = ()
    intake: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    """The kind of system a checklist definition is for (its ``profile``)."""

    components: tuple[str, ...] = ()
    data_kinds: tuple[str, ...] = ()
    intake: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    """Platforms such a system runs on; empty means any platform may occur."""


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
    profile: Profile | None = None
    risks: tuple[NamedRisk, ...] = ()
    """The risks the introduction names: their controls are always in the checklist and rank with
    the scenario points (``generator.rank``)."""

    def required_by(self, control_id: str) -> tuple[str, ...]:
        """Names of this checklist's regulations that require ``control_id``."""
        return tuple(r.label_for(control_id) for r in self.regulations if control_id in r.requires)

    def risks_of(self, control_id: str) -> tuple[str, ...]:
        """The named risks ``control_id`` answers, as the introduction words them."""
        return tuple(r.risk for r in self.risks if control_id in r.controls)

    @property
    def always_included(self) -> tuple[str, ...]:
        """Controls in the checklist whatever the rules say: ``include``, required ones, named risks'."""
        required = (c for r in self.regulations for c in r.requires)
        named = (c for r in self.risks for c in r.controls)
        return tuple(dict.fromkeys((*self.include, *required, *named)))


@dataclass(frozen=True)
class RequiredControl:
    """A control whose outcome is itself what a binding item of a regulation demands."""

    control: str
    item: str
    why: str


@dataclass(frozen=True)
class Obligation:
    """A regulation whose duties rank as obligations (``content/obligations.yml``)."""

    id: str
    name: str
    framework: str
    sectors: tuple[str, ...]
    data_kinds: tuple[str, ...]
    controls: tuple[RequiredControl, ...]

    def item_for(self, control_id: str) -> str:
        """The item ``control_id`` implements, or "" when this regulation does not require it."""
        return next((r.item for r in self.controls if r.control == control_id), "")


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
    data_kinds: tuple[DataKind, ...] = ()
    intake: tuple[IntakeQuestion, ...] = ()
    platforms: tuple[Platform, ...] = ()
    obligations: tuple[Obligation, ...] = ()

    def sensitivity(self, data_kind: str) -> int:
        """The sensitivity of a data kind (0 for an unknown id)."""
        return next((k.sensitivity for k in self.data_kinds if k.id == data_kind), 0)

    @property
    def threat_severity(self) -> Mapping[str, int]:
        """Severity by threat id (built on first use and cached: scoring asks once per control and component)."""
        cached = self.__dict__.get("_threat_severity")
        if cached is None:
            cached = MappingProxyType({t.id: t.severity for t in self.threats})
            object.__setattr__(self, "_threat_severity", cached)
        return cached

    def layer(self, layer_id: str) -> Layer:
        return next(layer for layer in self.layers if layer.id == layer_id)

    def control(self, control_id: str) -> Control:
        """The control with ``control_id`` (KeyError if none); indexed on first use, as pages ask per control."""
        index: Mapping[str, Control] | None = self.__dict__.get("_control_index")
        if index is None:
            index = MappingProxyType({c.id: c for c in self.controls})
            object.__setattr__(self, "_control_index", index)
        return index[control_id]

    def framework(self, key: str) -> Framework:
        return next(f for f in self.frameworks if f.key == key)

    @property
    def active_controls(self) -> tuple[Control, ...]:
        return tuple(c for c in self.controls if c.active)
