"""A system map as immutable, typed objects, built only from a file that passed every check.

The map describes one AI system: its ``components`` (each an instance of a component type from
``content/components.yml``), the ``flows`` of data between them (each at a lifecycle stage), and
the ``people`` who use them. The graph helpers here (downstream reach, upstream feeders) are what
both the checklist ordering and the review's blast radius are built on.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

EXPOSURES = ("internet", "partner", "internal")
"""Exposure values from most to least reachable by an outsider."""


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

    @property
    def exposure_rank(self) -> int:
        """0 for internet, 1 for partner, 2 for internal."""
        return EXPOSURES.index(self.exposure)


@dataclass(frozen=True)
class Flow:
    """Data moving from one component to another at one lifecycle stage."""

    source: str
    target: str
    data: str
    lifecycle: str


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

    def stages(self) -> frozenset[str]:
        """Every lifecycle stage the map declares, on flows or on components."""
        return frozenset(f.lifecycle for f in self.flows) | frozenset(s for c in self.components for s in c.lifecycle)

    def downstream(self, component_id: str) -> tuple[Hop, ...]:
        """Components reachable from ``component_id`` along flows, nearest first (breadth-first).

        Each is listed once, at its shortest distance; ties keep the order of the map's flows, so
        the result is deterministic.
        """
        seen = {component_id}
        hops: list[Hop] = []
        queue: deque[tuple[str, tuple[str, ...], tuple[str, ...]]] = deque([(component_id, (), ())])
        while queue:
            current, via, data = queue.popleft()
            for flow in self.flows_from(current):
                if flow.target in seen:
                    continue
                seen.add(flow.target)
                hop = Hop(self.component(flow.target), len(via) + 1, (*via, flow.target), (*data, flow.data))
                hops.append(hop)
                queue.append((flow.target, hop.via, hop.data))
        return tuple(hops)

    def reach(self, component_id: str) -> int:
        """How many other components depend on this one: the count downstream along flows."""
        return len(self.downstream(component_id))
