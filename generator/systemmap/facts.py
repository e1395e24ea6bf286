"""The facts a map states or implies about each component, as the applicability rule needs them.

Data kinds: those the map declares for the component (a complete list), or, when it declares
none, its type's usual ones (``data_kinds`` in components.yml) with any other kind unknown; plus
free-text ``data`` labels that are data-kind ids, the kinds of the flows arriving at it and of
whatever runs on it (the phones hold the app's data). Operation: the map's, or the type's usual
one with any other unknown. Exposure: the map's, or ``unknown``. Platform: the component's own
``platform``, or unknown; it is not inherited from what the component runs on, because the review
offers a component only the steps written for its own platform, and a condition that held on a
platform whose steps are never offered would keep a control with nothing to check. Intake: the
map-wide yes and no answers and the component's own ``concerns`` (yes); any other question is
unanswered.
"""

from __future__ import annotations

from generator.applicability import Facts
from generator.model import Catalogue
from generator.systemmap.model import MapComponent, SystemMap


def own_kinds(cat: Catalogue, component: MapComponent) -> frozenset[str]:
    """The kinds a component handles by itself: declared (or its type's) and recognised labels."""
    known = {k.id for k in cat.data_kinds}
    declared = set(component.data_kinds)
    if not component.kinds_stated:
        declared = set(next((t.data_kinds for t in cat.components if t.id == component.type), ()))
    return frozenset(declared | {label for label in component.data if label in known})


def component_facts(cat: Catalogue, smap: SystemMap, component: MapComponent) -> Facts:
    """Everything :func:`generator.applicability.verdict` needs to know about ``component``."""
    kinds = set(own_kinds(cat, component))
    for flow in smap.flows_into(component.id):
        kinds.update(flow.data_kinds)
    for guest in smap.guests_of(component.id):
        kinds.update(own_kinds(cat, guest))
    operation = component.operation or next((t.operation for t in cat.components if t.id == component.type), "")
    return Facts(
        type=component.type,
        data_kinds=frozenset(kinds),
        exposure=component.exposure,
        operation=operation,
        sector=smap.sector,
        yes=smap.intake | frozenset(component.concerns),
        no=smap.intake_no - frozenset(component.concerns),
        kinds_stated=component.kinds_stated,
        operation_stated=bool(component.operation),
        platform=component.platform,
        component=component.id,
    )


def map_facts(cat: Catalogue, smap: SystemMap) -> dict[str, Facts]:
    """Facts for every component of ``smap``, keyed by component id."""
    return {c.id: component_facts(cat, smap, c) for c in smap.components}
