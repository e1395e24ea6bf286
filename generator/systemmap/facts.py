"""The facts a map states or implies about each component, as the applicability rule needs them.

Data kinds: those the map declares for the component, or its type's usual ones when it declares
none (``data_kinds`` in components.yml), plus free-text ``data`` labels that are data-kind ids,
plus the kinds of the flows arriving at it, plus the kinds of whatever runs on it (the phones
hold the app's data). Operation: the map's, or the type's usual one. Intake: the map-wide yes
answers and the component's own ``concerns``.
"""

from __future__ import annotations

from generator.applicability import Facts
from generator.model import Catalogue
from generator.systemmap.model import MapComponent, SystemMap


def own_kinds(cat: Catalogue, component: MapComponent) -> frozenset[str]:
    """The kinds a component handles by itself: declared (or its type's) and recognised labels."""
    known = {k.id for k in cat.data_kinds}
    declared = set(component.data_kinds)
    if not declared:
        declared = set(next((t.data_kinds for t in cat.components if t.id == component.type), ()))
    return frozenset(declared | {label for label in component.data if label in known})


def component_facts(cat: Catalogue, smap: SystemMap, component: MapComponent) -> Facts:
    """Everything :func:`generator.applicability.applies` needs to know about ``component``."""
    kinds = set(own_kinds(cat, component))
    for flow in smap.flows_into(component.id):
        kinds.update(flow.data_kinds)
    for guest in smap.guests_of(component.id):
        kinds.update(own_kinds(cat, guest))
    operation = component.operation or next((t.operation for t in cat.components if t.id == component.type), "")
    stages = smap.stages_of(component.id) or smap.stages()
    return Facts(
        type=component.type,
        data_kinds=frozenset(kinds),
        exposure=component.exposure,
        operation=operation,
        stages=stages,
        sector=smap.sector,
        yes=smap.intake | frozenset(component.concerns),
    )


def map_facts(cat: Catalogue, smap: SystemMap) -> dict[str, Facts]:
    """Facts for every component of ``smap``, keyed by component id."""
    return {c.id: component_facts(cat, smap, c) for c in smap.components}
