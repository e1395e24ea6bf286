"""The applicability rule shared by system maps and sector checklists."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator.applicability import ASSUMED, OUT, Facts, applies, fits_profile, raised, verdict
from generator.catalogue import load_catalogue
from generator.model import Applicability, Catalogue, Control, Profile

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(REPO).catalogue


@pytest.fixture
def control(catalogue: Catalogue) -> Control:
    base = next(c for c in catalogue.active_controls if "object-storage" in c.components)
    return replace(base, components=("object-storage",), lifecycle=("storage",), priority="essential")


FACTS = Facts(
    type="object-storage",
    data_kinds=frozenset({"personal"}),
    exposure="internal",
    operation="managed",
    sector="saas",
    no=frozenset({"personal-devices", "secrets-in-files"}),
    component="photos",
    platform="azure",
)
"""Everything stated: data kinds listed, exposure, operation and platform given, the questions answered no."""


def test_the_type_decides_when_there_is_no_condition(control: Control) -> None:
    assert applies(control, FACTS)
    assert not applies(control, replace(FACTS, type="api-gateway"))
    assert not applies(replace(control, status="retired"), FACTS)
    # Lifecycle stages decide nothing: a control for training applies to a bucket read at inference.
    assert applies(replace(control, lifecycle=("training",)), FACTS)


@pytest.mark.parametrize(
    ("when", "holds", "fails"),
    [
        (Applicability(data_kinds=("location",)), {"data_kinds": frozenset({"location"})}, {}),
        (Applicability(exposure=("internet",)), {"exposure": "internet"}, {}),
        (Applicability(operation=("self-hosted", "on-premises")), {"operation": "on-premises"}, {}),
        (Applicability(sectors=("logistics",)), {"sector": "logistics"}, {}),
        (Applicability(intake=("personal-devices",)), {"yes": frozenset({"personal-devices"})}, {}),
        (Applicability(platforms=("aws", "gcp")), {"platform": "gcp"}, {}),
    ],
)
def test_each_condition_must_hold(
    control: Control, when: Applicability, holds: dict[str, Any], fails: dict[str, Any]
) -> None:
    conditioned = replace(control, applies_when=when)
    assert not applies(conditioned, replace(FACTS, **fails))
    assert applies(conditioned, replace(FACTS, **holds))


def test_conditions_combine_with_and_values_with_or(control: Control) -> None:
    gps = replace(control, applies_when=Applicability(data_kinds=("location", "telemetry"), exposure=("internet",)))
    assert applies(gps, replace(FACTS, data_kinds=frozenset({"telemetry"}), exposure="internet"))
    assert not applies(gps, replace(FACTS, data_kinds=frozenset({"telemetry"})))  # internal
    assert not applies(gps, replace(FACTS, exposure="internet"))  # no location or telemetry


def test_advanced_needs_a_reason(control: Control) -> None:
    advanced = replace(control, priority="advanced", sectors={}, raised_by=("secrets-in-files",))
    assert not applies(advanced, FACTS)
    assert applies(advanced, replace(FACTS, exposure="partner"))
    assert applies(advanced, replace(FACTS, yes=frozenset({"secrets-in-files"})))
    assert applies(replace(advanced, sectors={"saas": "note"}), FACTS)
    assert raised(advanced, replace(FACTS, yes=frozenset({"secrets-in-files"})))


@pytest.mark.parametrize(
    ("when", "silent", "words"),
    [
        (Applicability(data_kinds=("health",)), {"kinds_stated": False}, "whether photos holds health data"),
        (Applicability(exposure=("internet",)), {"exposure": "unknown"}, "who can reach photos"),
        (Applicability(operation=("on-premises",)), {"operation_stated": False}, "how photos is run"),
        (Applicability(sectors=("healthcare",)), {"sector": ""}, "the system's sector"),
        (Applicability(intake=("personal-devices",)), {"no": frozenset()}, "you did not answer personal-devices"),
        (Applicability(platforms=("aws",)), {"platform": ""}, "which platform photos runs on (it applies on aws)"),
    ],
)
def test_an_unknown_fact_keeps_the_control_as_assumed(
    control: Control, when: Applicability, silent: dict[str, Any], words: str
) -> None:
    conditioned = replace(control, applies_when=when)
    stated = verdict(conditioned, FACTS)
    assert stated.status == OUT and stated.text()  # stated facts rule it out, with a reason
    assumed = verdict(conditioned, replace(FACTS, **silent))
    assert assumed.status == ASSUMED and applies(conditioned, replace(FACTS, **silent))
    assert words in assumed.text()


def test_a_stated_no_leaves_a_control_out_with_its_reason(control: Control) -> None:
    health = replace(control, applies_when=Applicability(data_kinds=("health", "payment")))
    result = verdict(health, FACTS)
    assert result.status == OUT and result.text() == "photos handles no health or payment data"
    assert verdict(health, replace(FACTS, data_kinds=frozenset({"health"}))).text() == "photos handles health data"


def test_profiles_keep_sector_bound_controls_in_their_sector(control: Control) -> None:
    gps = replace(control, applies_when=Applicability(data_kinds=("location",)))
    saas = Profile(components=("object-storage",), data_kinds=("personal", "customer-content"))
    fleet = Profile(components=("object-storage",), data_kinds=("location",))
    assert not fits_profile(gps, saas, "saas") and fits_profile(gps, fleet, "logistics")
    hipaa = replace(control, applies_when=Applicability(sectors=("healthcare",)))
    assert not fits_profile(hipaa, saas, "saas") and fits_profile(hipaa, saas, "healthcare")
    byod = replace(control, applies_when=Applicability(intake=("personal-devices",)))
    assert not fits_profile(byod, saas, "saas")
    assert fits_profile(byod, replace(saas, intake=("personal-devices",)), "saas")
    assert not fits_profile(control, Profile(components=("api-gateway",)), "saas")


def test_a_platform_condition_gives_its_reason_in_every_outcome(control: Control) -> None:
    # HST-097 (root user credentials of AWS member accounts) concerns AWS accounts only.
    aws_only = replace(control, applies_when=Applicability(platforms=("aws", "gcp")))
    assert verdict(aws_only, FACTS).text() == "photos runs on azure, not aws or gcp"
    assert verdict(aws_only, replace(FACTS, platform="aws")).text() == "photos runs on aws"
    unknown = verdict(aws_only, replace(FACTS, platform=""))
    assert unknown.status == ASSUMED
    assert unknown.text() == "you did not say which platform photos runs on (it applies on aws or gcp)"


def test_a_profile_without_platforms_admits_any_platform(control: Control) -> None:
    aws_only = replace(control, applies_when=Applicability(platforms=("aws",)))
    saas = Profile(components=("object-storage",))
    assert fits_profile(aws_only, saas, "saas")  # any platform may occur, as any exposure may
    assert not fits_profile(aws_only, replace(saas, platforms=("azure", "supabase")), "saas")
    assert fits_profile(aws_only, replace(saas, platforms=("azure", "aws")), "saas")
    assert fits_profile(control, replace(saas, platforms=("azure",)), "saas")  # no condition: any profile
