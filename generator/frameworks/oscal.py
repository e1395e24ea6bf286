"""Import an OSCAL catalog (JSON or XML) into registry items.

Each group and control becomes one item, in document order. The printed ID comes from the
``label`` prop (the non-zero-padded one), titles from ``title`` (or the statement when the title
only repeats the ID, as in CSF 2.0). An item is withdrawn when OSCAL says so
(``status=withdrawn``) and its replacements come from ``incorporated-into`` and ``moved-to``
links. CSF 2.0's catalog also carries CSF 1.1 leftovers with no status marker; in a catalog that
uses ``example`` parts, a leaf control without examples, or a parent with an empty statement,
is one of those and is marked withdrawn too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.frameworks.oscal_tree import OscalCatalog, OscalNode, read_catalog
from generator.model import FrameworkItem

_REPLACEMENT_RELS = ("incorporated-into", "moved-to")

# OSCAL classes in NIST's catalogs, named the way contributors talk about them.
_KIND_BY_CLASS = {
    "SP800-53": "control",
    "SP800-53-enhancement": "enhancement",
}


@dataclass
class OscalImport:
    """Items read from one or more catalogs, plus IDs referenced but defined nowhere."""

    items: list[FrameworkItem] = field(default_factory=list)
    undefined_references: list[str] = field(default_factory=list)


def printed_id(node: OscalNode) -> str:
    """The ID as publishers print it: the label prop if it is a bare ID, else the OSCAL id."""
    label = node.prop("label")
    if label and not any(ch.isspace() for ch in label):
        return label
    return node.id.upper() if node.element == "group" else node.id


def _walk(
    nodes: tuple[OscalNode, ...], parent: OscalNode | None = None
) -> Iterator[tuple[OscalNode, OscalNode | None]]:
    for node in nodes:
        yield node, parent
        yield from _walk(node.children, node)


def _uses_examples(catalog: OscalCatalog) -> bool:
    return any(part.name == "example" for node, _ in _walk(catalog.nodes) for part in node.parts)


def _is_leftover(node: OscalNode) -> bool:
    """A CSF 1.1 leftover: a leaf with no example parts, or a parent with no statement text."""
    if node.element != "control":
        return False
    if node.children:
        return not any(p.name == "statement" and p.prose for p in node.parts)
    return not any(p.name == "example" for p in node.parts)


def _title(node: OscalNode, item_id: str) -> str:
    if node.title and node.title not in (item_id, node.id):
        return node.title
    statement = next((p.prose for p in node.parts if p.name == "statement" and p.prose), "")
    return statement or node.title or item_id


def _target(href: str) -> str:
    """The OSCAL id a link points at: ``#ac-2_smt.k`` -> ``ac-2``."""
    return href.removeprefix("#").split("_", 1)[0]


def catalog_items(catalog: OscalCatalog) -> list[FrameworkItem]:
    """Registry items for every group and control of ``catalog``, in document order."""
    csf_style = _uses_examples(catalog)
    ids = {node.id: printed_id(node) for node, _ in _walk(catalog.nodes)}
    items = []
    for node, parent in _walk(catalog.nodes):
        item_id = ids[node.id]
        withdrawn = node.prop("status") == "withdrawn" or (csf_style and _is_leftover(node))
        replaced = tuple(
            ids.get(_target(href), _target(href).upper()) for rel, href in node.links if rel in _REPLACEMENT_RELS
        )
        kind = _KIND_BY_CLASS.get(node.cls, node.cls)
        if not kind:
            kind = "family" if node.element == "group" else "control"
        items.append(
            FrameworkItem(
                id=item_id,
                title=_title(node, item_id),
                status="withdrawn" if withdrawn else "active",
                replaced_by=tuple(dict.fromkeys(replaced)),
                kind=kind,
                parent=ids[parent.id] if parent else "",
            )
        )
    return items


def _referenced(catalog: OscalCatalog) -> set[str]:
    refs = set()
    for node, _ in _walk(catalog.nodes):
        for _, href in node.links:
            target = _target(href)
            if href.startswith("#") and "-" in target and not _looks_like_uuid(target):
                refs.add(target)
    return refs


def _looks_like_uuid(value: str) -> bool:
    return len(value) == 36 and value.count("-") == 4


def import_oscal(path: Path, merge: tuple[Path, ...] = ()) -> OscalImport:
    """Items from the catalog at ``path``, plus controls that only the ``merge`` catalogs define.

    ``merge`` takes later releases or resolved baseline profiles: controls they define that the
    main catalog lacks are added after their parent. Controls they only *reference* (a
    ``related`` link to an ID defined nowhere) are reported, so a person can add them by hand
    from a checked source.
    """
    main = read_catalog(path)
    items = catalog_items(main)
    known_oscal = {node.id for node, _ in _walk(main.nodes)}
    referenced: set[str] = set()
    for extra_path in merge:
        extra = read_catalog(extra_path)
        known_ids = {item.id for item in items}
        for item in catalog_items(extra):
            if item.id not in known_ids:
                items = insert_after_parent(items, item)
                known_ids.add(item.id)
        known_oscal |= {node.id for node, _ in _walk(extra.nodes)}
        referenced |= _referenced(extra)
    undefined = sorted(r for r in referenced if r not in known_oscal)
    return OscalImport(items=items, undefined_references=undefined)


def insert_after_parent(items: list[FrameworkItem], new: FrameworkItem) -> list[FrameworkItem]:
    """``items`` with ``new`` placed after the last descendant of its parent (else at the end)."""
    positions = {item.id: n for n, item in enumerate(items)}
    if new.parent not in positions:
        return [*items, new]
    parents = {item.id: item.parent for item in items}

    def descends(item_id: str) -> bool:
        seen = set()
        while item_id and item_id not in seen:
            if item_id == new.parent:
                return True
            seen.add(item_id)
            item_id = parents.get(item_id, "")
        return False

    index = positions[new.parent] + 1
    while index < len(items) and descends(items[index].parent):
        index += 1
    return [*items[:index], new, *items[index:]]
