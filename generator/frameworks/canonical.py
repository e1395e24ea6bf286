"""Suggest the canonical or replacement ID for a framework reference a contributor wrote.

Contributors copy IDs from many places: zero-padded SP 800-53A labels (``AC-02(05)``), OSCAL
ids (``ac-2.5``), AI RMF 600-1 style prefixes (``GV-1.1``), ISO 27002 numbers without ``A.``,
OWASP IDs without the year, or IDs a framework has since withdrawn. ``suggest`` rewrites the
common variants, keeps only candidates the registry actually lists, and follows ``replaced_by``
from withdrawn items to current ones. It never guesses across versions: ``LLM03:2023`` is a
different risk from ``LLM03:2025``, so no suggestion is made for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.model import Framework, FrameworkItem

_MAX_HOPS = 5  # replacement chains in NIST data are one or two steps; stop loops anyway

_SP800_53 = re.compile(r"^([A-Z]{2})[\s-]*0*(\d{1,2})(?:\s*\(\s*0*(\d{1,2})\s*\)|\.0*(\d{1,2}))?$")
_AI_RMF = re.compile(r"^(GV|GOV|GOVERN|MP|MAP|MS|MEASURE|MG|MANAGE)[\s\-_.]*(\d)\.(\d{1,2})$")
_AI_RMF_FUNCTIONS = {
    "GV": "GOVERN",
    "GOV": "GOVERN",
    "MP": "MAP",
    "MS": "MEASURE",
    "MG": "MANAGE",
}
_CSF = re.compile(r"^([A-Z]{2})\.([A-Z]{2})[\s-]*(\d{1,2})$")
_ISO_ANNEX_A = re.compile(r"^(?:ISO(?:/IEC)?\s*2700[12](?::2022)?\s*)?(?:A\s*\.?\s*)?0*([5-8])\.0*(\d{1,2})$")
_CITATION_PREFIXES = (
    re.compile(r"^(?:45\s*CFR\s*)?§\s*|^45\s*CFR\s*"),  # HIPAA: "45 CFR 164.312(b)"
    re.compile(r"^(?:CIS\s*(?:CONTROLS?\s*)?(?:SAFEGUARD\s*)?|SAFEGUARD\s*)"),  # "CIS 6.5"
)
_OWASP_YEARLESS = re.compile(r"^LLM0?(\d{1,2})$")
_ATLAS_BARE = re.compile(r"^(TA|T|M|CS)\d{4}(\.\d{3})?$")


def suggest(framework: Framework, raw_id: str) -> str | None:
    """The ID to write instead of ``raw_id``, or ``None`` when there is nothing to suggest.

    Returns a current (active) ID of ``framework``. When a withdrawn item was replaced by
    several, they are joined with ``", "`` in the registry's order. ``None`` also means
    ``raw_id`` is already an active ID.
    """
    items = framework.by_id
    current = items.get(raw_id)
    if current is not None and not current.withdrawn:
        return None
    for candidate in _candidates(raw_id.strip()):
        item = items.get(candidate) or _case_insensitive(framework, candidate)
        if item is None:
            continue
        if not item.withdrawn:
            return item.id
        replacements = _replacements(framework, item)
        if replacements:
            return ", ".join(replacements)
        return None
    return _yearless_owasp(framework, raw_id.strip())


def replacements_of(framework: Framework, item_id: str) -> tuple[str, ...]:
    """The active IDs a withdrawn item leads to, following chains; empty when none are known."""
    item = framework.by_id.get(item_id)
    return _replacements(framework, item) if item is not None else ()


def _replacements(framework: Framework, item: FrameworkItem) -> tuple[str, ...]:
    found: list[str] = []
    frontier = list(item.replaced_by)
    seen = {item.id}
    for _ in range(_MAX_HOPS):
        following: list[str] = []
        for target_id in frontier:
            if target_id in seen:
                continue
            seen.add(target_id)
            target = framework.by_id.get(target_id)
            if target is None:
                continue
            if target.withdrawn:
                following.extend(target.replaced_by)
            elif target_id not in found:
                found.append(target_id)
        if not following:
            break
        frontier = following
    return tuple(found)


def _case_insensitive(framework: Framework, candidate: str) -> FrameworkItem | None:
    lowered = candidate.lower()
    return next((i for i in framework.items if i.id.lower() == lowered), None)


def _candidates(raw: str) -> Iterator[str]:
    """Rewrites of ``raw`` into the printed forms the registries use, most literal first."""
    yield raw
    upper = " ".join(raw.upper().split())
    yield upper
    stripped = upper
    for prefix in _CITATION_PREFIXES:
        stripped = prefix.sub("", stripped).strip()
    yield stripped
    yield stripped.replace(" ", "")
    if match := _SP800_53.match(stripped):
        family, number, enhancement = match[1], match[2], match[3] or match[4]
        yield f"{family}-{number}" + (f"({enhancement})" if enhancement else "")
    if match := _AI_RMF.match(stripped):
        function = _AI_RMF_FUNCTIONS.get(match[1], match[1])
        yield f"{function} {match[2]}.{match[3]}"
    if match := _CSF.match(stripped):
        yield f"{match[1]}.{match[2]}-{int(match[3]):02d}"
    if match := _ISO_ANNEX_A.match(stripped):
        yield f"A.{match[1]}.{match[2]}"
    if _ATLAS_BARE.match(stripped):
        yield f"AML.{stripped}"


def _yearless_owasp(framework: Framework, raw: str) -> str | None:
    """``LLM01`` -> ``LLM01:2025`` when the registry has exactly one year for that number."""
    match = _OWASP_YEARLESS.match(raw.upper().replace(" ", ""))
    if not match:
        return None
    prefix = f"LLM{int(match[1]):02d}:"
    found = [i.id for i in framework.items if i.id.startswith(prefix) and not i.withdrawn]
    return found[0] if len(found) == 1 else None
