"""Reverse look-ups over the catalogue: which controls concern a component, threat, stage or item.

Built once per build in a single pass over the controls, so listing pages stay linear in the
size of the catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from generator.model import Catalogue, Control, Incident
from generator.select import sort_controls


@dataclass(frozen=True)
class Relations:
    """Controls grouped by what they refer to; every list is in checklist order."""

    by_layer: dict[str, list[Control]] = field(default_factory=dict)
    by_component: dict[str, list[Control]] = field(default_factory=dict)
    by_threat: dict[str, list[Control]] = field(default_factory=dict)
    by_stage: dict[str, list[Control]] = field(default_factory=dict)
    by_reference: dict[tuple[str, str], list[Control]] = field(default_factory=dict)
    incidents_by_control: dict[str, list[Incident]] = field(default_factory=dict)
    successors: dict[str, list[Control]] = field(default_factory=dict)

    def layer(self, layer_id: str) -> list[Control]:
        return self.by_layer.get(layer_id, [])

    def component(self, component_id: str) -> list[Control]:
        return self.by_component.get(component_id, [])

    def threat(self, threat_id: str) -> list[Control]:
        return self.by_threat.get(threat_id, [])

    def stage(self, stage_id: str) -> list[Control]:
        return self.by_stage.get(stage_id, [])

    def reference(self, key: str, item_id: str) -> list[Control]:
        return self.by_reference.get((key, item_id), [])

    def incidents(self, control_id: str) -> list[Incident]:
        return self.incidents_by_control.get(control_id, [])

    def replaced(self, control_id: str) -> list[Control]:
        """Retired controls that name ``control_id`` as their successor."""
        return self.successors.get(control_id, [])


def build_relations(cat: Catalogue) -> Relations:
    """Index the active controls by layer, component, threat, lifecycle stage and reference."""
    layer: defaultdict[str, list[Control]] = defaultdict(list)
    component: defaultdict[str, list[Control]] = defaultdict(list)
    threat: defaultdict[str, list[Control]] = defaultdict(list)
    stage: defaultdict[str, list[Control]] = defaultdict(list)
    reference: defaultdict[tuple[str, str], list[Control]] = defaultdict(list)
    successors: defaultdict[str, list[Control]] = defaultdict(list)
    for control in sort_controls(cat, cat.controls):
        if not control.active:
            if control.superseded_by:
                successors[control.superseded_by].append(control)
            continue
        layer[control.layer].append(control)
        for cid in control.components:
            component[cid].append(control)
        for tid in control.threats:
            threat[tid].append(control)
        for sid in control.lifecycle:
            stage[sid].append(control)
        for key, ids in control.references.items():
            for item_id in ids:
                reference[(key, item_id)].append(control)
    incidents: defaultdict[str, list[Incident]] = defaultdict(list)
    for incident in sorted(cat.incidents, key=lambda i: (i.date, i.id), reverse=True):
        for cid in incident.controls:
            incidents[cid].append(incident)
    return Relations(
        by_layer=dict(layer),
        by_component=dict(component),
        by_threat=dict(threat),
        by_stage=dict(stage),
        by_reference=dict(reference),
        incidents_by_control=dict(incidents),
        successors=dict(successors),
    )


Neighbours = tuple[Control | None, Control | None]


def layer_neighbours(cat: Catalogue) -> dict[str, Neighbours]:
    """Each control's previous and next control in its layer page's list (None at either end).

    The list is the layer page's: active controls in checklist order, then retired ones.
    """
    found: dict[str, Neighbours] = {}
    for layer in cat.layers:
        members = sort_controls(cat, (c for c in cat.controls if c.layer == layer.id))
        members.sort(key=lambda c: not c.active)  # stable: retired controls last
        for i, control in enumerate(members):
            found[control.id] = (members[i - 1] if i else None, members[i + 1] if i + 1 < len(members) else None)
    return found
