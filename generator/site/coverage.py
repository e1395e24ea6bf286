"""Framework coverage: which items of a framework the catalogue's controls map to."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Control, Framework, FrameworkItem
from generator.site.relations import Relations


@dataclass(frozen=True)
class ItemCoverage:
    """One framework item and the active controls that reference it."""

    item: FrameworkItem
    anchor: str
    controls: list[Control]


@dataclass(frozen=True)
class Coverage:
    """A framework's items with their controls, and the counts for its summary."""

    framework: Framework
    items: list[ItemCoverage]

    @property
    def applicable(self) -> list[ItemCoverage]:
        """Items a control is meant to map to: active, and not a heading (function, family...)."""
        return [i for i in self.items if self.framework.counts_for_coverage(i.item)]

    @property
    def covered(self) -> int:
        return sum(1 for i in self.applicable if i.controls)

    @property
    def uncovered(self) -> int:
        return len(self.applicable) - self.covered

    @property
    def withdrawn(self) -> int:
        return sum(1 for i in self.items if i.item.withdrawn)

    @property
    def percent(self) -> int:
        """Share of applicable items covered, rounded down to a whole percent."""
        total = len(self.applicable)
        return (100 * self.covered) // total if total else 0


def coverage(fw: Framework, relations: Relations, anchors: dict[str, str]) -> Coverage:
    """The coverage of ``fw`` by the active controls indexed in ``relations``."""
    return Coverage(
        framework=fw,
        items=[ItemCoverage(item, anchors[item.id], relations.reference(fw.key, item.id)) for item in fw.items],
    )
