"""Custom checklists: a definition's selection (or the whole catalogue) narrowed by filters.

Repeated values of one filter are alternatives (``--layer identity --layer hosting``: either
layer); different filters must all hold (``--layer identity --priority essential``: both).
``--sector S`` keeps controls that carry a note for S and shows that note.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from generator.diagnostics import did_you_mean
from generator.model import PRIORITIES, Catalogue, Control
from generator.select import Checklist, ChecklistItem, build_checklist, select_controls, sort_controls

OPTION_NAMES = {
    "checklists": "--checklist",
    "sectors": "--sector",
    "layers": "--layer",
    "priorities": "--priority",
    "components": "--component",
    "lifecycle": "--lifecycle",
}
"""Each filter's command-line option, for messages."""


@dataclass(frozen=True)
class Filters:
    """The values given for each filter; an empty tuple means 'no filter on this field'."""

    checklists: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    layers: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    lifecycle: tuple[str, ...] = ()

    def describe(self) -> str:
        """The filters as the options that set them, e.g. ``--layer identity --priority essential``."""
        parts = [f"{OPTION_NAMES[f.name]} {value}" for f in fields(self) for value in getattr(self, f.name)]
        return " ".join(parts) or "(no filters)"


class FilterError(ValueError):
    """A filter names something the catalogue does not have; the message suggests a fix."""


def known_values(cat: Catalogue) -> dict[str, tuple[str, ...]]:
    """The valid values of each filter."""
    return {
        "checklists": tuple(d.id for d in cat.checklists),
        "sectors": tuple(s.id for s in cat.sectors),
        "layers": tuple(layer.id for layer in cat.layers),
        "priorities": PRIORITIES,
        "components": tuple(c.id for c in cat.components),
        "lifecycle": tuple(stage.id for stage in cat.lifecycle),
    }


def check_filters(cat: Catalogue, filters: Filters) -> None:
    """Raise :class:`FilterError` naming the first unknown value, with a did-you-mean hint."""
    for name, valid in known_values(cat).items():
        for value in getattr(filters, name):
            if value not in valid:
                hint = did_you_mean(value, valid) or f"known values: {', '.join(valid)}"
                raise FilterError(f"unknown value '{value}' for {OPTION_NAMES[name]}; {hint}")


def _matches(control: Control, filters: Filters) -> bool:
    return (
        (not filters.sectors or any(s in control.sectors for s in filters.sectors))
        and (not filters.layers or control.layer in filters.layers)
        and (not filters.priorities or control.priority in filters.priorities)
        and (not filters.components or bool(set(filters.components) & set(control.components)))
        and (not filters.lifecycle or bool(set(filters.lifecycle) & set(control.lifecycle)))
    )


def custom_checklist(cat: Catalogue, filters: Filters) -> Checklist:
    """The checklist the filters describe (possibly with no items: the caller reports that).

    With exactly one ``--checklist`` and nothing else, this is that definition's checklist.
    """
    check_filters(cat, filters)
    definitions = [d for d in cat.checklists if d.id in filters.checklists]
    if len(definitions) == 1 and Filters(checklists=filters.checklists) == filters:
        return build_checklist(cat, definitions[0])
    if definitions:
        pool: dict[str, Control] = {}
        for definition in definitions:
            pool |= {c.id: c for c in select_controls(cat, definition)}
        candidates = list(pool.values())
    else:
        candidates = list(cat.active_controls)
    chosen = sort_controls(cat, [c for c in candidates if _matches(c, filters)])
    note_sectors = filters.sectors or tuple(dict.fromkeys(d.sector for d in definitions if d.sector))
    sector_names = {s.id: s.name for s in cat.sectors}
    items = tuple(ChecklistItem(control=c, sector_note=_note(c, note_sectors, sector_names)) for c in chosen)
    base = definitions[0] if len(definitions) == 1 else None
    return Checklist(
        id=f"{base.id}-custom" if base else "custom",
        title=(base.title if base else f"{cat.info.name} custom checklist") + _title_suffix(filters),
        summary=f"Controls selected with: {filters.describe()}." if filters != Filters() else "Every active control.",
        introduction=(base.introduction if base else ""),
        info=cat.info,
        items=items,
        sector=note_sectors[0] if len(note_sectors) == 1 else "",
        definition=base,
        layer_names={layer.id: layer.name for layer in cat.layers},
    )


def _note(control: Control, sectors: tuple[str, ...], names: dict[str, str]) -> str:
    notes = [(s, control.sectors[s]) for s in sectors if s in control.sectors]
    if len(sectors) <= 1:
        return notes[0][1] if notes else ""
    # Several sectors: say which note is which.
    return "\n\n".join(f"**{names.get(s, s)}:** {note.strip()}" for s, note in notes)


def _title_suffix(filters: Filters) -> str:
    narrowing = Filters(**{f.name: getattr(filters, f.name) for f in fields(filters) if f.name != "checklists"})
    parts = [
        f"{label} {', '.join(getattr(narrowing, name))}"
        for name, label in (
            ("sectors", "sector"),
            ("layers", "layer"),
            ("priorities", "priority"),
            ("components", "component"),
            ("lifecycle", "lifecycle"),
        )
        if getattr(narrowing, name)
    ]
    return f" (filtered: {'; '.join(parts)})" if parts else ""
