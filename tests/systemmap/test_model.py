"""The map's graph: downstream reach, feeders and users."""

from __future__ import annotations

from generator.systemmap.model import SystemMap


def test_downstream_is_breadth_first_with_paths(route_map: SystemMap) -> None:
    hops = route_map.downstream("route-history")
    assert [(h.component.id, h.distance) for h in hops] == [
        ("trainer", 1),
        ("archive", 1),
        ("route-model", 2),
        ("dispatch-api", 3),
        ("driver-app", 4),
    ]
    assert hops[2].via == ("trainer", "route-model")
    assert hops[2].data == ("route history", "model weights")


def test_reach_counts_each_component_once_even_in_a_cycle(route_map: SystemMap) -> None:
    from dataclasses import replace

    from generator.systemmap.model import Flow

    looped = replace(
        route_map, flows=(*route_map.flows, Flow("driver-app", "telematics-gateway", "pings", "collection"))
    )
    assert looped.reach("route-history") == 6  # every other component
    assert route_map.reach("driver-app") == 0


def test_feeders_users_and_stages(route_map: SystemMap) -> None:
    assert [f.source for f in route_map.flows_into("route-history")] == ["telematics-gateway"]
    assert [p.role for p in route_map.users_of("driver-app")] == ["Field agent"]
    assert "archival" in route_map.stages() and "collection" not in route_map.stages()
