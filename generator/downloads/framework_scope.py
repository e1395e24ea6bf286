"""Which frameworks' references a checklist carries: a registry's ``sectors`` bind it to those sectors.

The HIPAA Security Rule binds health-care systems. Printing its safeguards beside a SaaS or
logistics checklist's controls tells the reader that a US health-privacy rule governs a system it
does not govern. A framework whose registry lists ``sectors`` (``content/frameworks/*.yml``) is
therefore left out of a checklist for a system in none of those sectors. Its IDs are dropped from
every control's references, so no format prints them, and the file does not list it among its
frameworks. The CSV and XLSX keep its column, empty: their column order is a public contract
(:mod:`generator.downloads.csv_export`).

The sector a checklist is for (:func:`system_sectors`):

- a sector checklist, or a filtered checklist with one sector: that sector;
- a checklist definition without a sector (the baseline): no sector. It is meant for every
  system, so a framework bound to particular sectors does not belong in it;
- a system map's checklist: the map's sector. A map that states none is of an *unknown* sector,
  which is not the same as no sector, so every framework is kept. The browser mapper applies the
  same rule (``site_overrides/assets/mapper/exportfiles.js``) to the registries' sectors in its
  exports data (:mod:`generator.systemmap.browser_exports`);
- a selection from the whole catalogue (``ambit checklist`` with filters but neither one
  definition nor one sector): unknown as well, so every framework is kept, as on the control
  pages.

The control pages on the site are catalogue-wide and keep every reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from generator.model import Framework
from generator.select import Checklist, ChecklistItem


def kept(framework_sectors: Iterable[str], sectors: tuple[str, ...] | None) -> bool:
    """True when a framework bound to ``framework_sectors`` (empty: every sector) belongs in a
    checklist for a system in ``sectors`` (``None``: the sector is unknown, so it is kept)."""
    bound = set(framework_sectors)
    return not bound or sectors is None or bool(bound & set(sectors))


def system_sectors(checklist: Checklist) -> tuple[str, ...] | None:
    """The sectors of the system ``checklist`` is for: ``()`` for every system, ``None`` when unknown."""
    if checklist.sector:
        return (checklist.sector,)
    if checklist.for_map:
        return None  # the map states no sector: unknown, so nothing is left out
    if checklist.definition is not None:
        return ()  # a definition without a sector (the baseline) is for every system
    return None  # a selection from the whole catalogue


def omitted_keys(checklist: Checklist, frameworks: Sequence[Framework]) -> frozenset[str]:
    """The keys of the frameworks whose references ``checklist`` leaves out."""
    sectors = system_sectors(checklist)
    return frozenset(f.key for f in frameworks if not kept(f.sectors, sectors))


def scoped(checklist: Checklist, frameworks: Sequence[Framework]) -> Checklist:
    """``checklist`` with the references to :func:`omitted_keys` removed from every control."""
    omitted = omitted_keys(checklist, frameworks)
    if not omitted:
        return checklist
    return replace(checklist, items=tuple(_without(item, omitted) for item in checklist.items))


def _without(item: ChecklistItem, omitted: frozenset[str]) -> ChecklistItem:
    references = item.control.references
    if not omitted & references.keys():
        return item
    kept_references = {key: ids for key, ids in references.items() if key not in omitted}
    return replace(item, control=replace(item.control, references=kept_references))
