"""The ETSI EN 304 223 registry: every provision of V2.1.1, with its strength, under its principle."""

from __future__ import annotations

import re

import pytest

from generator.catalogue import load_catalogue
from generator.model import Framework
from tests.conftest import REPO


@pytest.fixture(scope="module")
def etsi() -> Framework:
    result = load_catalogue(REPO)
    assert not result.diagnostics
    return result.catalogue.framework("etsi-en-304-223")


def test_it_holds_the_13_principles_and_72_provisions(etsi: Framework) -> None:
    principles = [i for i in etsi.items if i.kind == "principle"]
    provisions = [i for i in etsi.items if i.kind == "provision"]
    assert len(principles) == 13
    assert len(provisions) == 72
    # EN 304 223 V2.1.1 has 49 provisions that say shall and 23 that say should.
    assert sum(p.strength == "shall" for p in provisions) == 49
    assert sum(p.strength == "should" for p in provisions) == 23
    assert all(not p.strength for p in principles)


def test_each_provision_sits_under_the_principle_its_number_names(etsi: Framework) -> None:
    principles = {i.id for i in etsi.items if i.kind == "principle"}
    for item in etsi.items:
        if item.kind == "provision":
            assert re.fullmatch(r"5\.[1-5]\.[1-5]-[1-9](\.[1-9])?", item.id)
            assert item.parent == item.id.split("-")[0] and item.parent in principles


def test_only_provisions_count_for_coverage(etsi: Framework) -> None:
    counted = [i for i in etsi.items if etsi.counts_for_coverage(i)]
    assert {i.kind for i in counted} == {"provision"}
