"""The freshness check: control references that a registry marks withdrawn, renamed or missing.

Run after importing a new framework release (``ambit frameworks check``): it lists every
reference that the new registry no longer accepts as current, with the replacement the
registry records or the canonical form ``canonical.suggest`` finds.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from generator.diagnostics import Diagnostic, render
from generator.frameworks.canonical import replacements_of, suggest
from generator.model import Catalogue, Control, Framework

CODE_WITHDRAWN = "framework-id-withdrawn"
CODE_RENUMBERED = "framework-id-renumbered"
CODE_MISSING = "framework-id-missing"
CODE_NO_REGISTRY = "framework-unknown"


class _Marked(Protocol):
    """What the check needs from a loaded YAML document: positions by JSON path."""

    def mark(self, path: tuple[str | int, ...]) -> _Mark: ...


class _Mark(Protocol):
    line: int
    col: int


def check_references(catalogue: Catalogue, documents: Mapping[str, _Marked] | None = None) -> list[Diagnostic]:
    """Diagnostics for every reference that is withdrawn, renumbered or missing, sorted.

    ``documents`` (loaded YAML keyed by the control's path) gives exact positions; without
    it each diagnostic points at the top of the control's file.
    """
    registries = {framework.key: framework for framework in catalogue.frameworks}
    found: list[Diagnostic] = []
    for control in catalogue.controls:
        for key, refs in control.references.items():
            framework = registries.get(key)
            # A missing registry is one problem per control, not one per ID.
            checked = refs[:1] if framework is None else refs
            for index, ref in enumerate(checked):
                line, col = _position(control, key, index, documents)
                diagnostic = _diagnose(control, framework, key, ref, line, col)
                if diagnostic is not None:
                    found.append(diagnostic)
    return sorted(found)


def _position(control: Control, key: str, index: int, documents: Mapping[str, _Marked] | None) -> tuple[int, int]:
    document = documents.get(control.path) if documents else None
    if document is None:
        return 1, 1
    mark = document.mark(("references", key, index))
    return mark.line, mark.col


def _diagnose(
    control: Control, framework: Framework | None, key: str, ref: str, line: int, col: int
) -> Diagnostic | None:
    where = (control.path, line, col)
    if framework is None:
        return Diagnostic(
            *where,
            CODE_NO_REGISTRY,
            f"{control.id}: no registry for '{key}'",
            f"add content/frameworks/{key}.yml or fix the key",
        )
    item = framework.by_id.get(ref)
    if item is not None and not item.withdrawn:
        return None
    if item is not None:
        replacements = replacements_of(framework, ref)
        hint = (
            f"cite {' or '.join(replacements)} instead"
            if replacements
            else "the registry records no replacement; choose a current item"
        )
        return Diagnostic(*where, CODE_WITHDRAWN, f"{control.id}: {key} '{ref}' is withdrawn", hint)
    suggestion = suggest(framework, ref)
    if suggestion:
        return Diagnostic(
            *where,
            CODE_RENUMBERED,
            f"{control.id}: {key} has no '{ref}'; it is written '{suggestion}'",
            f"replace '{ref}' with '{suggestion}'",
        )
    return Diagnostic(
        *where,
        CODE_MISSING,
        f"{control.id}: {key} has no item '{ref}'",
        f"check the ID against content/frameworks/{key}.yml ({framework.name} {framework.version})",
    )


def run(root: Path) -> int:
    """Load the catalogue under ``root``, print stale references; 0 none, 1 some found."""
    from generator.catalogue import load_catalogue

    result = load_catalogue(root)
    # Other content errors are `ambit validate`'s (a withdrawn ID is both); without its files there
    # is nothing to check, and "all 0 references are current" would be a false all-clear.
    missing = [d for d in result.diagnostics if d.code == "missing-file"]
    if missing:
        print(render(missing))
        print(f"{len(missing)} catalogue file(s) missing under {root}; nothing checked")
        return 1
    problems = check_references(result.catalogue, getattr(result, "documents", None))
    if problems:
        print(render(problems))
        print(f"{len(problems)} reference(s) to update")
        return 1
    count = sum(len(refs) for c in result.catalogue.controls for refs in c.references.values())
    print(f"all {count} framework references are current")
    return 0
