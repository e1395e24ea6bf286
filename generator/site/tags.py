"""Tags from a closed vocabulary: layer names, sector names and priorities.

The vocabulary comes from the catalogue; the hook hands it to Material's ``tags`` plugin as
``tags_allowed``, so a page with any other tag fails the build.
"""

from __future__ import annotations

from generator.model import PRIORITIES, Catalogue, ChecklistDefinition, Control


def priority_tag(priority: str) -> str:
    return f"Priority: {priority}"


def allowed_tags(cat: Catalogue) -> list[str]:
    """Every tag a page may carry, in a stable order."""
    return (
        [layer.name for layer in cat.layers]
        + [sector.name for sector in cat.sectors]
        + [priority_tag(p) for p in PRIORITIES]
    )


def control_tags(cat: Catalogue, control: Control) -> list[str]:
    """A control's layer, its priority and the sectors it has notes for."""
    sectors = [s.name for s in cat.sectors if s.id in control.sectors]
    return [cat.layer(control.layer).name, priority_tag(control.priority), *sectors]


def checklist_tags(cat: Catalogue, definition: ChecklistDefinition) -> list[str]:
    """The checklist's sector, if it has one."""
    return [s.name for s in cat.sectors if s.id == definition.sector]
