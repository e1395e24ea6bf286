"""Small framework registries the tests build in memory (no reads of shared data)."""

from __future__ import annotations

import pytest

from generator.model import Framework, FrameworkItem


def make_framework(key: str, pattern: str, *items: FrameworkItem) -> Framework:
    """A registry with placeholder header fields and the given items."""
    return Framework(
        key=key,
        name=key,
        version="1",
        publisher="test",
        url="https://example.invalid/",
        licence="test",
        retrieved="2026-11-25",
        id_pattern=pattern,
        items=items,
    )


@pytest.fixture
def sp800_53() -> Framework:
    return make_framework(
        "nist-sp-800-53-r5",
        r"^[A-Z]{2}(-\d{1,2}(\(\d{1,2}\))?)?$",
        FrameworkItem("AC", "Access Control", kind="family"),
        FrameworkItem("AC-2", "Account Management", kind="control"),
        FrameworkItem("AC-2(5)", "Inactivity Logout", kind="enhancement", parent="AC-2"),
        FrameworkItem("AU-6", "Audit Record Review", kind="control"),
        FrameworkItem("AC-13", "Supervision", status="withdrawn", replaced_by=("AC-2", "AU-6")),
        FrameworkItem("SR-11", "Component Authenticity", kind="control"),
        FrameworkItem("SA-19", "Component Authenticity", status="withdrawn", replaced_by=("SR-11",)),
        FrameworkItem("XX-1", "Old", status="withdrawn", replaced_by=("SA-19",)),
    )


@pytest.fixture
def csf() -> Framework:
    return make_framework(
        "nist-csf-2.0",
        r"^(GV|ID|PR|DE|RS|RC)(\.[A-Z]{2}(-\d{2})?)?$",
        FrameworkItem("PR.AA-01", "Identities are managed", kind="subcategory"),
        FrameworkItem("PR.AA-05", "Access permissions are managed", kind="subcategory"),
        FrameworkItem(
            "PR.AC-01",
            "Identities and credentials are issued",
            status="withdrawn",
            replaced_by=("PR.AA-01", "PR.AA-05"),
        ),
        FrameworkItem("PR.AC-02", "Physical access is managed", status="withdrawn"),
    )


@pytest.fixture
def ai_rmf() -> Framework:
    return make_framework(
        "nist-ai-rmf-1.0",
        r"^(GOVERN|MAP|MEASURE|MANAGE) \d\.\d{1,2}$",
        FrameworkItem("GOVERN 1.1", "Legal requirements are understood"),
        FrameworkItem("MEASURE 2.7", "Security and resilience are evaluated"),
    )


@pytest.fixture
def owasp() -> Framework:
    return make_framework(
        "owasp-llm-2025",
        r"^LLM(0[1-9]|10):2025$",
        FrameworkItem("LLM01:2025", "Prompt Injection"),
        FrameworkItem("LLM03:2025", "Supply Chain"),
    )


@pytest.fixture
def iso() -> Framework:
    return make_framework(
        "iso-27001-2022",
        r"^A\.[5-8](\.\d{1,2})?$",
        FrameworkItem("A.5.15", "Access control"),
        FrameworkItem("A.8.5", "Secure authentication"),
    )
