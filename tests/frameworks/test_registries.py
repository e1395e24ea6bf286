"""The committed registries: schema line, counts, ID patterns, no duplicates, valid references.

These read only the project's own ``content/frameworks`` files.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from generator.frameworks.registry_io import SCHEMA_LINE, dump_registry, read_registry
from generator.model import Framework

ROOT = Path(__file__).resolve().parents[2]
REGISTRIES = sorted((ROOT / "content" / "frameworks").glob("*.yml"))


def _load(key: str) -> Framework:
    registry = read_registry(ROOT / "content" / "frameworks" / f"{key}.yml")
    assert registry is not None, key
    return registry


def _count(framework: Framework, kind: str, status: str = "active") -> int:
    return sum(1 for i in framework.items if i.kind == kind and i.status == status)


@pytest.mark.parametrize("path", REGISTRIES, ids=lambda p: p.stem)
def test_registry_is_well_formed(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    registry = read_registry(path)
    assert registry is not None and registry.key == path.stem
    ids = [item.id for item in registry.items]
    assert not [i for i, n in Counter(ids).items() if n > 1], "duplicate IDs"
    pattern = re.compile(registry.id_pattern)
    off = [i.id for i in registry.items if not i.withdrawn and not pattern.match(i.id)]
    assert off == []
    known = set(ids)
    dangling = [(i.id, r) for i in registry.items for r in i.replaced_by if r not in known]
    assert dangling == []
    parents = [(i.id, i.parent) for i in registry.items if i.parent and i.parent not in known]
    assert parents == []
    # The writer reproduces the committed file byte for byte (stable, deterministic output).
    assert dump_registry(registry) == text


def test_csf() -> None:
    csf = _load("nist-csf-2.0")
    assert (_count(csf, "function"), _count(csf, "category"), _count(csf, "subcategory")) == (
        6,
        22,
        106,
    )
    assert csf.by_id["PR.AC-01"].withdrawn
    assert csf.by_id["PR.AA-03"].title == "Users, services, and hardware are authenticated"


def test_sp800_53() -> None:
    sp = _load("nist-sp-800-53-r5")
    base = sum(1 for i in sp.items if i.kind in ("control", "enhancement"))
    assert base == 1189 + 4  # release 5.0.1 plus IA-13 and its three enhancements
    withdrawn = sum(1 for i in sp.items if i.withdrawn)
    assert withdrawn == 182
    assert _count(sp, "family") == 20
    assert {"IA-13", "IA-13(1)", "IA-13(2)", "IA-13(3)"} <= set(sp.by_id)
    assert sp.by_id["SA-19"].replaced_by == ("SR-11",)
    assert sp.by_id["AC-2(5)"].title == "Inactivity Logout"


def test_atlas() -> None:
    atlas = _load("mitre-atlas")
    assert atlas.version == "5.6.0"
    assert _count(atlas, "tactic") == 16
    assert _count(atlas, "technique") + _count(atlas, "sub-technique") == 170
    assert _count(atlas, "mitigation") == 35
    assert _count(atlas, "case-study") == 57


def test_small_registries() -> None:
    assert len(_load("owasp-llm-2025").items) == 10
    iso = _load("iso-27001-2022")
    per_theme = Counter(i.parent for i in iso.items if i.kind == "control")
    assert per_theme == {"A.5": 37, "A.6": 8, "A.7": 14, "A.8": 34}
    hipaa = _load("hipaa-security-rule")
    assert _count(hipaa, "standard") == 18
    specs = [i for i in hipaa.items if i.kind == "implementation-specification"]
    assert len(specs) == 36
    assert Counter(i.specification for i in specs) == {"required": 14, "addressable": 22}
    assert len([i for i in _load("cisa-ai-data-security-2025").items]) == 10
    assert _count(_load("cisa-deploying-ai-2024"), "best-practice") == 15


def test_only_hipaa_is_bound_to_a_sector() -> None:
    # A sector checklist other than healthcare leaves a bound framework's references out: binding
    # another registry by mistake would silently empty its column in every other sector's download.
    bound = {p.stem: registry.sectors for p in REGISTRIES if (registry := read_registry(p)) and registry.sectors}
    assert bound == {"hipaa-security-rule": ("healthcare",)}


def test_optional_registries_when_present() -> None:
    present = {p.stem for p in REGISTRIES}
    if "nist-ai-rmf-1.0" in present:
        assert _count(_load("nist-ai-rmf-1.0"), "subcategory") == 72
    if "soc2-tsc-2017" in present:
        assert _count(_load("soc2-tsc-2017"), "criterion") == 61
    if "cis-controls-v8.1" in present:
        assert _count(_load("cis-controls-v8.1"), "safeguard") == 153


def test_cis_controls() -> None:
    cis = _load("cis-controls-v8.1")
    assert _count(cis, "control") == 18
    assert _count(cis, "safeguard") == 153
    per_control = Counter(i.parent for i in cis.items if i.kind == "safeguard")
    expected = [5, 7, 14, 12, 6, 8, 7, 12, 7, 7, 5, 8, 11, 9, 7, 14, 9, 5]
    assert [per_control[str(n)] for n in range(1, 19)] == expected
    for item in cis.items:
        if item.kind != "safeguard":
            assert item.implementation_groups == ()
            continue
        groups = item.implementation_groups
        assert groups and set(groups) <= {1, 2, 3}, item.id
        # Monotone: a safeguard in one group is in every larger group too.
        assert groups == tuple(range(min(groups), 4)), item.id
    # Sequential numbering within each control, no gaps.
    for control in range(1, 19):
        ids = [i.id for i in cis.items if i.parent == str(control)]
        assert ids == [f"{control}.{n}" for n in range(1, len(ids) + 1)]
    assert cis.by_id["6.5"].title == "Require MFA for Administrative Access"
    assert cis.by_id["6.5"].implementation_groups == (1, 2, 3)


def test_owasp_agentic() -> None:
    agentic = _load("owasp-agentic-2026")
    assert [i.id for i in agentic.items] == [f"ASI{n:02d}" for n in range(1, 11)]
    assert {i.kind for i in agentic.items} == {"risk"}
    # The final list, not the September 2025 draft ("Agent Behaviour Hijack").
    assert agentic.by_id["ASI01"].title == "Agent Goal Hijack"
    assert agentic.by_id["ASI04"].title == "Agentic Supply Chain Vulnerabilities"
    assert agentic.by_id["ASI10"].title == "Rogue Agents"
