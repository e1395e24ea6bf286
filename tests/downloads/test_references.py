from __future__ import annotations

import dataclasses

from generator.downloads.references import SHORT_NAMES, cited, crosswalk, framework_columns
from generator.model import Catalogue


def test_every_registry_of_the_catalogue_has_a_short_name(real_catalogue: Catalogue) -> None:
    # A new registry must be appended to SHORT_NAMES, or its column would land out of order.
    keys = [key for key, _ in SHORT_NAMES]
    assert sorted(f.key for f in real_catalogue.frameworks) == sorted(keys)
    assert len(set(name for _, name in SHORT_NAMES)) == len(SHORT_NAMES)


def test_columns_follow_the_table_then_unknown_keys_in_key_order(catalogue: Catalogue) -> None:
    local = dataclasses.replace(catalogue.frameworks[0], key="b-local", name="Local B")
    columns = framework_columns((*catalogue.frameworks, local), referenced={"a-cited"})
    assert [c.key for c in columns] == [*(k for k, _ in SHORT_NAMES), "a-cited", "b-local"]
    assert [c.short_name for c in columns[-2:]] == ["a-cited", "Local B"]
    csf = next(c for c in columns if c.key == "nist-csf-2.0")
    assert csf.full_name == "NIST Cybersecurity Framework (2.0)"
    assert csf.title("PR.AA-03") == "Users, services, and hardware are authenticated"
    without = next(c for c in framework_columns() if c.key == "nist-csf-2.0")
    assert (without.short_name, without.title("PR.AA-03")) == ("NIST CSF 2.0", "")


def test_cited_and_crosswalk(catalogue: Catalogue) -> None:
    columns = framework_columns(catalogue.frameworks)
    refs_a = {"owasp-llm-2025": ("LLM02:2025",), "nist-csf-2.0": ("PR.AA-05", "PR.AA-03")}
    refs_b = {"nist-csf-2.0": ("PR.AA-03",)}
    assert cited(columns, refs_a) == [("NIST CSF 2.0", "PR.AA-05; PR.AA-03"), ("OWASP LLM", "LLM02:2025")]
    entries = crosswalk(columns, [("IAM-002", refs_a), ("IAM-001", refs_b)])
    # Registry order within a framework (PR.AA-03 is listed before PR.AA-05), checklist order of controls.
    assert [(e.column.short_name, e.item_id, e.controls) for e in entries] == [
        ("NIST CSF 2.0", "PR.AA-03", ("IAM-002", "IAM-001")),
        ("NIST CSF 2.0", "PR.AA-05", ("IAM-002",)),
        ("OWASP LLM", "LLM02:2025", ("IAM-002",)),
    ]


def test_full_names_read_naturally_with_their_versions(real_catalogue: Catalogue) -> None:
    names = {c.key: c.full_name for c in framework_columns(real_catalogue.frameworks)}
    assert names["nist-csf-2.0"] == "NIST Cybersecurity Framework (2.0)"
    assert names["hipaa-security-rule"] == "HIPAA Security Rule (45 CFR Part 164 Subpart C), current CFR text"
    assert names["iso-27001-2022"] == "ISO/IEC 27001:2022 Annex A"  # the version is in the name already
