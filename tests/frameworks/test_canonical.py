"""canonical.suggest: common variants map to the registry's current IDs."""

from __future__ import annotations

import pytest

from generator.frameworks.canonical import replacements_of, suggest
from generator.model import Framework, FrameworkItem
from tests.frameworks.conftest import make_framework


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("AC-02(05)", "AC-2(5)"),
        ("ac-2.5", "AC-2(5)"),
        ("AC-2 (5)", "AC-2(5)"),
        ("ac-02", "AC-2"),
        ("SA-19", "SR-11"),
        ("AC-13", "AC-2, AU-6"),
        ("XX-1", "SR-11"),  # chain: XX-1 -> SA-19 (withdrawn) -> SR-11
        ("AC-2", None),  # already current
        ("ZZ-9", None),
    ],
)
def test_sp800_53_variants(sp800_53: Framework, raw: str, expected: str | None) -> None:
    assert suggest(sp800_53, raw) == expected


@pytest.mark.parametrize("raw", ["GV-1.1", "GOVERN-1.1", "Govern 1.1", "gv 1.1", "GOVERN1.1"])
def test_ai_rmf_variants(ai_rmf: Framework, raw: str) -> None:
    assert suggest(ai_rmf, raw) == "GOVERN 1.1"


def test_ai_rmf_measure_abbreviation(ai_rmf: Framework) -> None:
    assert suggest(ai_rmf, "MS-2.7") == "MEASURE 2.7"


@pytest.mark.parametrize(("raw", "expected"), [("LLM01", "LLM01:2025"), ("llm3", "LLM03:2025")])
def test_owasp_without_year(owasp: Framework, raw: str, expected: str) -> None:
    assert suggest(owasp, raw) == expected


def test_owasp_other_year_is_a_different_risk(owasp: Framework) -> None:
    assert suggest(owasp, "LLM03:2023") is None


@pytest.mark.parametrize("raw", ["5.15", "A 5.15", "a.5.15", "A.05.15"])
def test_iso_without_annex_prefix(iso: Framework, raw: str) -> None:
    assert suggest(iso, raw) == "A.5.15"


def test_csf_11_leftover_gives_its_replacements(csf: Framework) -> None:
    assert suggest(csf, "PR.AC-01") == "PR.AA-01, PR.AA-05"
    assert replacements_of(csf, "PR.AC-01") == ("PR.AA-01", "PR.AA-05")


def test_csf_withdrawn_without_replacement_gives_none(csf: Framework) -> None:
    assert suggest(csf, "PR.AC-02") is None


def test_csf_unpadded_number(csf: Framework) -> None:
    assert suggest(csf, "pr.aa-1") == "PR.AA-01"


def test_hipaa_citation_prefix() -> None:
    hipaa = make_framework("hipaa-security-rule", r"^164\..*$", FrameworkItem("164.312(a)(2)(iv)", "Encryption"))
    assert suggest(hipaa, "45 CFR § 164.312(a)(2)(iv)") == "164.312(a)(2)(iv)"
    assert suggest(hipaa, "§164.312(a)(2)(iv)") == "164.312(a)(2)(iv)"


def test_atlas_without_prefix() -> None:
    atlas = make_framework("mitre-atlas", r"^AML\..*$", FrameworkItem("AML.T0010.001", "AI Software"))
    assert suggest(atlas, "T0010.001") == "AML.T0010.001"
    assert suggest(atlas, "aml.t0010.001") == "AML.T0010.001"


def test_cis_safeguard_prefix() -> None:
    cis = make_framework("cis-controls-v8.1", r"^\d+\.\d+$", FrameworkItem("6.5", "MFA"))
    assert suggest(cis, "CIS 6.5") == "6.5"
    assert suggest(cis, "Safeguard 6.5") == "6.5"
