"""The risk score and tiers that order a map checklist."""

from __future__ import annotations

from dataclasses import replace

from generator.applicability import Facts
from generator.model import Catalogue
from generator.systemmap.score import first_tier_size, reach_points, score, tier_of

FACTS = Facts(
    type="operational-database",
    data_kinds=frozenset({"personal"}),
    exposure="internal",
    operation="managed",
)


def test_parts_add_up_and_follow_the_documented_points(catalogue: Catalogue) -> None:
    control = next(c for c in catalogue.active_controls if c.layer == "hosting" and c.priority == "essential")
    s = score(catalogue, control, FACTS, downstream=0)
    severity = max(t.severity for t in catalogue.threats if t.id in control.threats)
    assert (s.threat, s.priority, s.exposure, s.sensitivity, s.reach, s.intake) == (2 * severity, 6, 1, 3, 0, 0)
    assert s.total == sum(v for k, v in s.as_dict().items() if k != "total")
    exposed = score(catalogue, control, replace(FACTS, exposure="internet", data_kinds=frozenset({"health"})), 7)
    assert (exposed.exposure, exposed.sensitivity, exposed.reach) == (3, 4, 3)


def test_process_controls_count_exposure_and_data_at_half_weight(catalogue: Catalogue) -> None:
    policy = next(c for c in catalogue.active_controls if c.layer == "people")
    facts = replace(FACTS, exposure="internet", data_kinds=frozenset({"health"}))
    s = score(catalogue, policy, facts, 0)
    assert (s.exposure, s.sensitivity) == (1, 2)


def test_an_intake_answer_raises(catalogue: Catalogue) -> None:
    control = replace(catalogue.active_controls[0], raised_by=("secrets-in-files",))
    plain = score(catalogue, control, FACTS, 0)
    yes = score(catalogue, control, replace(FACTS, yes=frozenset({"secrets-in-files"})), 0)
    assert yes.total == plain.total + 3


def test_reach_points() -> None:
    assert [reach_points(n) for n in (0, 1, 2, 3, 5, 6, 40)] == [0, 1, 1, 2, 2, 3, 3]


def test_tiers() -> None:
    assert first_tier_size(3) == 3 and first_tier_size(10) == 5 and first_tier_size(40) == 12
    assert first_tier_size(200) == 20
    tiers = [tier_of(r, 80) for r in range(1, 81)]
    assert tiers[:20] == ["first"] * 20 and tiers[20:45] == ["next"] * 25 and set(tiers[45:]) == {"later"}
