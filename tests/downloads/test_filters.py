from __future__ import annotations

import dataclasses

import pytest

from generator.downloads.filters import FilterError, Filters, custom_checklist
from generator.model import Catalogue
from generator.select import build_checklist


def test_one_checklist_alone_is_that_definition(catalogue: Catalogue) -> None:
    assert custom_checklist(catalogue, Filters(checklists=("baseline",))) == build_checklist(
        catalogue, catalogue.checklists[0]
    )


def test_repeated_values_or_and_different_filters_and(catalogue: Catalogue) -> None:
    both = custom_checklist(catalogue, Filters(layers=("hosting", "identity")))
    assert both.control_ids == ("HST-001", "IAM-001")
    anded = custom_checklist(catalogue, Filters(layers=("hosting", "identity"), priorities=("essential",)))
    assert anded.control_ids == ("IAM-001",)
    assert "(filtered: layer hosting, identity; priority essential)" in anded.title
    none = custom_checklist(catalogue, Filters(layers=("hosting",), priorities=("essential",)))
    assert none.items == ()


def test_sector_filter_keeps_noted_controls_and_shows_the_note(catalogue: Catalogue) -> None:
    checklist = custom_checklist(catalogue, Filters(sectors=("healthcare",)))
    assert checklist.control_ids == ("IAM-001",)
    assert checklist.items[0].sector_note == "Keep break-glass accounts with hardware keys."
    assert checklist.sector == "healthcare"


def test_checklist_narrowed_by_component_and_lifecycle(catalogue: Catalogue) -> None:
    f = Filters(checklists=("baseline",), components=("identity-provider",), lifecycle=("deployment",))
    checklist = custom_checklist(catalogue, f)
    assert checklist.control_ids == ("IAM-001",)
    assert checklist.id == "baseline-custom"
    assert f.describe() == "--checklist baseline --component identity-provider --lifecycle deployment"


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (Filters(layers=("identiy",)), "unknown value 'identiy' for --layer; did you mean 'identity'?"),
        (Filters(priorities=("esential",)), "did you mean 'essential'?"),
        (Filters(checklists=("basline",)), "did you mean 'baseline'?"),
        (Filters(sectors=("zzz",)), "unknown value 'zzz' for --sector; known values: healthcare"),
    ],
)
def test_unknown_values_are_named_with_a_suggestion(catalogue: Catalogue, filters: Filters, message: str) -> None:
    with pytest.raises(FilterError, match=message.replace("(", r"\(").replace("?", r"\?")):
        custom_checklist(catalogue, filters)


def test_retired_controls_are_never_selected(catalogue: Catalogue) -> None:
    retired = dataclasses.replace(catalogue.control("HST-001"), status="retired")
    cat = dataclasses.replace(catalogue, controls=(retired, catalogue.control("IAM-001")))
    assert custom_checklist(cat, Filters()).control_ids == ("IAM-001",)
