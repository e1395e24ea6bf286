"""A system map as immutable, typed objects, built only from a file that passed every check.

The map describes one AI system: its ``components`` (each an instance of a component type from
``content/components.yml``), the ``flows`` of data between them (each at a lifecycle stage), and
the ``people`` who use them. The graph helpers here (downstream reach, upstream feeders) are what
both the checklist ordering and the review's blast radius are built on.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

RUNS_ON_LABEL = "runs on it"
"""How the blast radius labels a component reached because it runs on another."""

EXPOSURES = ("internet", "partner", "unknown", "internal")
"""Exposure values from most to least reachable by an outsider; ``unknown`` (not stated) sorts
between what partners reach and what only staff reach."""


@dataclass(frozen=True)
class MapComponent:
    """One part of the user's system, e.g. the bucket ``route-history`` of type ``object-storage``."""

    id: str
    type: str
    exposure: str
    name: str = ""
    data: tuple[str, ...] = ()
    owner: str = ""
    lifecycle: tuple[str, ...] = ()
    notes: str = ""
    data_kinds: tuple[str, ...] = ()
    """Data kinds the map declares for it (content/data-kinds.yml)."""
    kinds_stated: bool = False
    """True when the map gives ``data_kinds`` (then complete, even empty); otherwise the type's usual
    kinds are assumed and others are unknown. Set whenever ``data_kinds`` is not empty."""
    operation: str = ""
    """How it is run, as the map declares it; empty means the type's usual way."""
    runs_on: tuple[str, ...] = ()
    """Ids of the components it runs on or is managed through (an app on phones, phones on an MDM)."""
    concerns: tuple[str, ...] = ()
    """Intake questions answered yes for this component in particular."""
    platform: str = ""
    """The platform it runs on (content/platforms.yml); empty when the map does not say."""

    def __post_init__(self) -> None:
        # Kinds given are a stated list; only an absent list leaves them to the type (an empty one is stated).
        if self.data_kinds and not self.kinds_stated:
            object.__setattr__(self, "kinds_stated", True)

    @property
    def exposure_rank(self) -> int:
        """0 for internet, 1 for partner, 2 for unknown, 3 for internal."""
        return EXPOSURES.index(self.exposure)


@dataclass(frozen=True)
class Flow:
    """Data moving from one component to another at one lifecycle stage."""

    source: str
    target: str
    data: str
    lifecycle: str
    data_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    """A role that uses some of the components (a human touchpoint)."""

    role: str
    uses: tuple[str, ...]
    notes: str = ""


@dataclass(frozen=True)
class Hop:
    """A component reached by following flows: how far, through whom, carrying what."""

    component: MapComponent
    distance: int
    via: tuple[str, ...]
    """Component IDs on the way, from the start (excluded) to this component (included)."""
    data: tuple[str, ...]
    """The data labels of the flows that arrive at this component along the way."""


@dataclass(frozen=True)
class SystemMap:
    """A whole map file."""

    system: str
    components: tuple[MapComponent, ...]
    flows: tuple[Flow, ...] = ()
    people: tuple[Person, ...] = ()
    sector: str = ""
    description: str = ""
    path: str = ""
    intake: frozenset[str] = frozenset()
    """Intake questions the map answers yes to, map-wide."""
    intake_no: frozenset[str] = frozenset()
    """Intake questions the map answers no to; the rest are unanswered (unknown)."""

    def component(self, component_id: str) -> MapComponent:
        return next(c for c in self.components if c.id == component_id)

    def has_component(self, component_id: str) -> bool:
        return any(c.id == component_id for c in self.components)

    def flows_from(self, component_id: str) -> tuple[Flow, ...]:
        return tuple(f for f in self.flows if f.source == component_id)

    def flows_into(self, component_id: str) -> tuple[Flow, ...]:
        return tuple(f for f in self.flows if f.target == component_id)

    def users_of(self, component_id: str) -> tuple[Person, ...]:
        return tuple(p for p in self.people if component_id in p.uses)

    def guests_of(self, component_id: str) -> tuple[MapComponent, ...]:
        """Components that run on (or are managed through) ``component_id``."""
        return tuple(c for c in self.components if component_id in c.runs_on)

    def stages_of(self, component_id: str) -> frozenset[str]:
        """Lifecycle stages of the flows touching ``component_id`` and of the component itself."""
        own = frozenset(self.component(component_id).lifecycle)
        return own | frozenset(f.lifecycle for f in self.flows if component_id in (f.source, f.target))

    def stages(self) -> frozenset[str]:
        """Every lifecycle stage the map declares, on flows or on components."""
        return frozenset(f.lifecycle for f in self.flows) | frozenset(s for c in self.components for s in c.lifecycle)

    def downstream(self, component_id: str) -> tuple[Hop, ...]:
        """Components reachable from ``component_id`` along flows, nearest first (breadth-first).

        Whatever runs on a component is reached with it (whoever controls the phones controls the
        app on them), labelled "runs on it". Each component is listed once, at its shortest
        distance; ties keep the order of the map's flows, so the result is deterministic.
        """
        seen = {component_id}
        hops: list[Hop] = []
        queue: deque[tuple[str, tuple[str, ...], tuple[str, ...]]] = deque([(component_id, (), ())])
        while queue:
            current, via, data = queue.popleft()
            steps = [(f.target, f.data) for f in self.flows_from(current)]
            steps += [(g.id, RUNS_ON_LABEL) for g in self.guests_of(current)]
            for target, label in steps:
                if target in seen:
                    continue
                seen.add(target)
                hop = Hop(self.component(target), len(via) + 1, (*via, target), (*data, label))
                hops.append(hop)
                queue.append((target, hop.via, hop.data))
        return tuple(hops)

    def reach(self, component_id: str) -> int:
        """How many other components depend on this one: the count downstream along flows."""
        return len(self.downstream(component_id))
