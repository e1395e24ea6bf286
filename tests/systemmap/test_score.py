"""The risk score and tiers that order a map checklist."""

from __future__ import annotations

from dataclasses import replace

from generator.applicability import Facts
from generator.model import Catalogue, Control
from generator.systemmap.score import (
    OBLIGATION_POINTS,
    first_tier_size,
    reach_points,
    score,
    spread_first_tier,
    tier_of,
)

FACTS = Facts(
    type="operational-database",
    data_kinds=frozenset({"personal"}),
    exposure="internal",
    operation="managed",
)


def _control(catalogue: Catalogue, threats: tuple[str, ...], layer: str = "hosting") -> Control:
    base = next(c for c in catalogue.active_controls if c.layer == layer and c.priority == "essential")
    return replace(base, threats=threats)


def test_parts_add_up_and_follow_the_documented_points(catalogue: Catalogue) -> None:
    control = _control(catalogue, ("data-exfiltration",))  # severity 3, harms confidentiality
    s = score(catalogue, control, FACTS, downstream=0)
    assert s.as_dict() == {
        "total": 6 + 6 + 6 + 1,
        "threat": 6,
        "priority": 6,
        "impact": 6,  # twice personal data's confidentiality (3)
        "exposure": 1,
        "reach": 0,
        "intake": 0,
        "obligation": 0,
    }
    exposed = score(catalogue, control, replace(FACTS, exposure="internet", data_kinds=frozenset({"health"})), 7)
    assert (exposed.exposure, exposed.impact, exposed.reach) == (3, 8, 3)
    unknown = score(catalogue, control, replace(FACTS, exposure="unknown"), 0)
    assert unknown.exposure == 2  # not stated: between partner and internal


def test_impact_follows_what_the_threat_harms(catalogue: Catalogue) -> None:
    # Forged sensor records: integrity of telemetry (3) counts, not its confidentiality (2).
    facts = replace(FACTS, type="message-queue", data_kinds=frozenset({"telemetry"}))
    forged = score(catalogue, _control(catalogue, ("feed-manipulation",)), facts, 0)
    leaked = score(catalogue, _control(catalogue, ("data-exfiltration",)), facts, 0)
    assert (forged.impact, leaked.impact) == (6, 4)
    # Downtime of an OT controller: its type's availability floor (4), whatever data it holds.
    ot = replace(FACTS, type="ot-controller", data_kinds=frozenset({"telemetry"}))
    assert score(catalogue, _control(catalogue, ("denial-of-service",)), ot, 0).impact == 8


def test_process_controls_count_exposure_and_impact_at_half_weight(catalogue: Catalogue) -> None:
    policy = replace(_control(catalogue, ("data-exfiltration",), layer="people"), priority="recommended")
    facts = replace(FACTS, exposure="internet", data_kinds=frozenset({"health"}))
    s = score(catalogue, policy, facts, 0)
    assert (s.exposure, s.impact, s.obligation) == (1, 4, 0)


def test_essential_process_controls_count_impact_in_full(catalogue: Catalogue) -> None:
    # An incident response plan is what a team falls back on when a technical control fails.
    plan = replace(_control(catalogue, ("data-exfiltration",), layer="people"), priority="essential")
    facts = replace(FACTS, exposure="internet", data_kinds=frozenset({"health"}))
    s = score(catalogue, plan, facts, 0)
    assert (s.exposure, s.impact, s.obligation) == (1, 8, 0)  # exposure still half


def test_a_required_control_ranks_with_technical_ones(catalogue: Catalogue) -> None:
    baa = catalogue.control("PPL-046")  # cites HIPAA 164.308(b)(1), a standard: required
    vendor = replace(FACTS, type="saas-processor", exposure="internet", data_kinds=frozenset({"health"}))
    required = score(catalogue, baa, replace(vendor, sector="healthcare"), 0)
    elsewhere = score(catalogue, baa, replace(vendor, sector="saas"), 0)
    assert required.obligation == OBLIGATION_POINTS and elsewhere.obligation == 0
    assert (required.exposure, required.impact) == (3, 8)  # not halved: the law requires it
    technical = score(catalogue, _control(catalogue, ("data-exfiltration",)), replace(vendor, sector="healthcare"), 0)
    assert required.total >= technical.total


def test_an_intake_answer_raises(catalogue: Catalogue) -> None:
    control = replace(catalogue.active_controls[0], raised_by=("secrets-in-files",))
    plain = score(catalogue, control, FACTS, 0)
    yes = score(catalogue, control, replace(FACTS, yes=frozenset({"secrets-in-files"})), 0)
    assert yes.total == plain.total + 3


def test_a_capability_decides_but_never_raises(catalogue: Catalogue) -> None:
    # "Are devices managed?" is answered yes where device policies can be set: that is not a weakness.
    capability = next(q.id for q in catalogue.intake if not q.weakness)
    weakness = next(q.id for q in catalogue.intake if q.weakness)
    base = catalogue.active_controls[0]
    for question, points in ((capability, 0), (weakness, 3)):
        control = replace(base, raised_by=(), applies_when=replace(base.applies_when, intake=(question,)))
        assert score(catalogue, control, replace(FACTS, yes=frozenset({question})), 0).intake == points


def test_reach_points() -> None:
    assert [reach_points(n) for n in (0, 1, 2, 3, 5, 6, 40)] == [0, 1, 1, 2, 2, 3, 3]


def test_tiers() -> None:
    assert first_tier_size(3) == 3 and first_tier_size(10) == 5 and first_tier_size(40) == 12
    assert first_tier_size(200) == 20
    tiers = [tier_of(r, 80) for r in range(1, 81)]
    assert tiers[:20] == ["first"] * 20 and tiers[20:45] == ["next"] * 25 and set(tiers[45:]) == {"later"}


def test_the_first_tier_spans_components() -> None:
    ranked = [("idp", n) for n in range(10)] + [("db", 10), ("api", 11), ("db", 12), ("bucket", 13), ("api", 14)]
    spread = spread_first_tier(ranked, lambda item: item[0])
    first = spread[: first_tier_size(len(ranked))]  # 5 places: at most 2 for one component
    assert first == [("idp", 0), ("idp", 1), ("db", 10), ("api", 11), ("db", 12)]
    assert sorted(spread) == sorted(ranked)  # nothing lost
    assert spread[5:] == [item for item in ranked if item not in first]  # the rest keeps its order
    alone = [("idp", n) for n in range(8)]  # one component: it fills the tier
    assert spread_first_tier(alone, lambda item: item[0]) == alone
