"""Import MITRE ATLAS (``dist/ATLAS.yaml`` from ``mitre-atlas/atlas-data``) into registry items.

Order: tactics, then techniques with each technique's sub-techniques right after it, then
mitigations, then case studies, each in the order the file gives. Sub-technique titles carry
their technique's name first ("AI Supply Chain Compromise: Data"), as ATLAS prints them, because
a bare sub-technique name ("Models") says little in a reference list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.model import FrameworkItem


@dataclass(frozen=True)
class AtlasImport:
    """Items read from ATLAS and the data version the file declares."""

    version: str
    items: tuple[FrameworkItem, ...]


def _squash(text: object) -> str:
    return " ".join(str(text).split())


def _techniques(matrix: dict[str, Any]) -> list[FrameworkItem]:
    techniques = matrix.get("techniques", [])
    names = {t["id"]: _squash(t["name"]) for t in techniques}
    subs: dict[str, list[dict[str, Any]]] = {}
    for tech in techniques:
        if "subtechnique-of" in tech:
            subs.setdefault(str(tech["subtechnique-of"]), []).append(tech)
    items = []
    for tech in techniques:
        if "subtechnique-of" in tech:
            continue
        items.append(FrameworkItem(id=tech["id"], title=names[tech["id"]], kind="technique"))
        for sub in subs.pop(tech["id"], []):
            items.append(
                FrameworkItem(
                    id=sub["id"],
                    title=f"{names[tech['id']]}: {names[sub['id']]}",
                    kind="sub-technique",
                    parent=tech["id"],
                )
            )
    # Sub-techniques whose parent is missing are still listed rather than silently dropped.
    for orphans in subs.values():
        items += [FrameworkItem(id=s["id"], title=names[s["id"]], kind="sub-technique") for s in orphans]
    return items


def parse_atlas(data: dict[str, Any]) -> AtlasImport:
    """Registry items from loaded ATLAS data (the first matrix plus case studies)."""
    matrix = data["matrices"][0]
    items = [FrameworkItem(id=t["id"], title=_squash(t["name"]), kind="tactic") for t in matrix.get("tactics", [])]
    items += _techniques(matrix)
    items += [
        FrameworkItem(id=m["id"], title=_squash(m["name"]), kind="mitigation") for m in matrix.get("mitigations", [])
    ]
    items += [
        FrameworkItem(id=c["id"], title=_squash(c["name"]), kind="case-study") for c in data.get("case-studies", [])
    ]
    return AtlasImport(version=str(data.get("version", "")), items=tuple(items))


def import_atlas(path: Path) -> AtlasImport:
    """Read ``ATLAS.yaml`` at ``path`` and return its registry items."""
    # BaseLoader: every scalar stays a string (dates and IDs are never converted).
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return parse_atlas(data)
