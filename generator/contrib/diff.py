"""``ambit diff``: what a change does for users, as Markdown fit for a pull-request comment.

Controls are compared as written (the raw YAML of each file), so a control that fails
validation on one side still shows up as changed rather than vanishing. Checklists are built on
both sides with :func:`generator.select.build_checklist`, so the report shows which checklists,
and so which downloads, change as a result. Version bookkeeping that looks wrong (a new control
whose ``added_in`` is not the catalogue version, a changed control without a current
``changed_in``) is reported as warnings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from generator.diagnostics import Diagnostic
from generator.schemas import SCHEMA_DIR

from .revisions import Snapshot

BOOKKEEPING = ("changed_in",)
"""Fields whose change alone does not change what a control asks of anyone."""

DOWNLOAD_FORMATS = "PDF in A4 and Letter, XLSX, CSV, Markdown, JSON, print HTML"
"""What ``site/downloads/<checklist>.*`` holds for each checklist (see ``generator.downloads``)."""


@cache
def control_fields() -> tuple[str, ...]:
    """Control fields in the schema's order (the order reports list them in)."""
    schema = json.loads((SCHEMA_DIR / "control.schema.json").read_text(encoding="utf-8"))
    return tuple(schema["properties"])


def parse_version(text: str) -> tuple[int, ...] | None:
    """``'1.2.3'`` -> ``(1, 2, 3)``; None for anything that is not ``MAJOR.MINOR.PATCH``."""
    parts = str(text).split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


@dataclass(frozen=True)
class ControlChange:
    """One control that differs between the two sides."""

    id: str
    kind: str
    """``added``, ``changed``, ``retired``, ``reinstated`` or ``deleted``."""
    fields: tuple[str, ...] = ()
    title: str = ""
    layer: str = ""
    priority: str = ""
    note: str = ""


@dataclass(frozen=True)
class ChecklistChange:
    """One checklist whose content differs, and why."""

    id: str
    title: str
    before: int
    after: int
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    definition_changed: bool = False
    status: str = "changed"
    """``changed``, ``new`` or ``removed``."""


@dataclass
class Review:
    """Everything the report shows."""

    base: Snapshot
    head: Snapshot
    controls: list[ControlChange] = field(default_factory=list)
    checklists: list[ChecklistChange] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[ControlChange]:
        return [c for c in self.controls if c.kind == kind]


def _differing(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    order = {name: i for i, name in enumerate(control_fields())}
    names = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    return tuple(sorted(names, key=lambda n: (order.get(n, len(order)), n)))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _change(
    cid: str, kind: str, base: Snapshot, head: Snapshot, fields: tuple[str, ...] = (), note: str = ""
) -> ControlChange:
    data = head.controls.get(cid) or base.controls.get(cid) or {}
    where = (head.control_paths.get(cid) or base.control_paths.get(cid) or "").split("/")
    return ControlChange(
        id=cid,
        kind=kind,
        fields=fields,
        title=_text(data.get("title")),
        layer=where[2] if len(where) > 3 else "",
        priority=_text(data.get("priority")),
        note=note,
    )


def compare_controls(base: Snapshot, head: Snapshot) -> list[ControlChange]:
    """Controls added, changed, retired, reinstated or deleted, in ID order."""
    changes = []
    for cid in sorted(base.controls.keys() | head.controls.keys()):
        old, new = base.controls.get(cid), head.controls.get(cid)
        if old is None or new is None:
            changes.append(_change(cid, "added" if old is None else "deleted", base, head))
            continue
        fields = _differing(old, new)
        if not fields:
            continue
        was, now = old.get("status"), new.get("status")
        if was != "retired" and now == "retired":
            successor = _text(new.get("superseded_by"))
            note = f"superseded by {successor}" if successor else _text(new.get("retired_reason"))
            changes.append(_change(cid, "retired", base, head, fields, note))
        elif was == "retired" and now != "retired":
            changes.append(_change(cid, "reinstated", base, head, fields))
        else:
            changes.append(_change(cid, "changed", base, head, fields))
    return changes


DOWNLOAD_FIELDS = frozenset({"id", "title", "summary", "priority", "verification", "effort_minutes", "status"})
"""Control fields that checklist downloads show; a sector note counts only for its own sector."""


def compare_checklists(
    base: Snapshot, head: Snapshot, changed_controls: dict[str, tuple[str, ...]]
) -> list[ChecklistChange]:
    """Checklists whose selection, entries or definition differ, in ID order.

    ``changed_controls`` maps each changed control to the fields that changed; an entry counts as
    changed in a checklist only when a field its downloads show changed, or its note for the
    checklist's sector did.
    """
    out = []
    for cid in sorted(base.checklists.keys() | head.checklists.keys()):
        old, new = base.checklists.get(cid), head.checklists.get(cid)
        if new is None and old is not None:
            out.append(ChecklistChange(cid, old.title, len(old.items), 0, removed=old.control_ids, status="removed"))
            continue
        if old is None and new is not None:
            out.append(ChecklistChange(cid, new.title, 0, len(new.items), added=new.control_ids, status="new"))
            continue
        assert old is not None and new is not None
        before = {i.control.id: i for i in old.items}
        after = {i.control.id: i for i in new.items}
        added = tuple(i for i in new.control_ids if i not in before)
        removed = tuple(i for i in old.control_ids if i not in after)
        changed = tuple(
            i
            for i in new.control_ids
            if i in before
            and (
                bool(DOWNLOAD_FIELDS.intersection(changed_controls.get(i, ())))
                or before[i].sector_note != after[i].sector_note
                or before[i].control.layer != after[i].control.layer
            )
        )
        definition_changed = base.definitions.get(cid) != head.definitions.get(cid)
        if added or removed or changed or definition_changed or old.control_ids != new.control_ids:
            out.append(
                ChecklistChange(
                    cid, new.title, len(old.items), len(new.items), added, removed, changed, definition_changed
                )
            )
    return out


def version_warnings(head: Snapshot, changes: list[ControlChange]) -> list[Diagnostic]:
    """Version bookkeeping that does not match the catalogue version being prepared."""
    version = head.version
    current = parse_version(version)
    out: list[Diagnostic] = []

    def warn(cid: str, key: str, message: str, hint: str) -> None:
        rel = head.control_paths.get(cid, f"content/controls/{cid}.yml")
        doc = head.documents.get(rel)
        line, col = 1, 1
        if doc is not None:
            at = doc.key_mark((key,)) if isinstance(doc.data, dict) and key in doc.data else doc.mark(("id",))
            line, col = at.line, at.col
        out.append(Diagnostic(rel, line, col, "version", message, hint, severity="warning"))

    for change in changes:
        data = head.controls.get(change.id, {})
        if change.kind == "added" and data.get("added_in") != version:
            warn(
                change.id,
                "added_in",
                f"new control {change.id} has added_in {data.get('added_in', '(none)')}, "
                f"but the catalogue version being prepared is {version}",
                f"set added_in: {version}",
            )
        elif change.kind == "changed" and set(change.fields) - set(BOOKKEEPING):
            if data.get("added_in") == version:
                continue  # new in the version being prepared: there is no earlier release to differ from
            stated = parse_version(_text(data.get("changed_in")))
            if current is None or stated is None or stated < current:
                was = f"changed_in is {data['changed_in']}" if "changed_in" in data else "it has no changed_in"
                warn(
                    change.id,
                    "changed_in",
                    f"{change.id} changed ({', '.join(change.fields)}) but {was}; "
                    f"the catalogue version being prepared is {version}",
                    f"set changed_in: {version}",
                )
        elif change.kind == "retired" and data.get("retired_in") != version:
            warn(
                change.id,
                "retired_in",
                f"{change.id} is retired with retired_in {data.get('retired_in', '(none)')}, "
                f"but the catalogue version being prepared is {version}",
                f"set retired_in: {version}",
            )
        elif change.kind == "deleted":
            out.append(
                Diagnostic(
                    f"content/controls/{change.layer or '<layer>'}/{change.id}.yml",
                    1,
                    1,
                    "deleted",
                    f"control {change.id} was deleted; its ID would become free for reuse",
                    "restore the file and retire the control instead (status: retired, retired_in, "
                    "superseded_by or retired_reason)",
                    severity="warning",
                )
            )
    return out


def compare(base: Snapshot, head: Snapshot) -> Review:
    """The full review of the change from ``base`` to ``head``."""
    review = Review(base=base, head=head)
    review.controls = compare_controls(base, head)
    touched = {c.id: c.fields for c in review.controls}
    review.checklists = compare_checklists(base, head, touched)
    review.warnings = version_warnings(head, review.controls)
    return review


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell: one line, no pipes, no HTML."""
    flat = " ".join(str(text).split())
    return (
        flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").replace("@", "@\u200b")
    )


def _ids(ids: tuple[str, ...], limit: int = 12) -> str:
    if not ids:
        return "–"
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def render_markdown(review: Review) -> str:
    """The report as GitHub-flavoured Markdown."""
    base, head = review.base, review.head
    lines = [f"## Ambit review: `{cell(base.label)}` → `{cell(head.label)}`", ""]
    if base.version != head.version:
        lines.append(f"Catalogue version: {cell(base.version)} → **{cell(head.version)}**")
    else:
        lines.append(f"Catalogue version: {cell(head.version)} (unchanged)")
    lines.append("")
    if not review.controls and not review.checklists:
        lines += ["No control or checklist changes.", ""]
    sections = (
        ("added", "Added controls"),
        ("changed", "Changed controls"),
        ("retired", "Retired controls"),
        ("reinstated", "Reinstated controls"),
        ("deleted", "Deleted control files"),
    )
    for kind, heading in sections:
        items = review.of_kind(kind)
        if not items:
            continue
        lines += [f"### {heading} ({len(items)})", ""]
        if kind == "added":
            lines += ["| Control | Layer | Priority | Title |", "|---|---|---|---|"]
            lines += [f"| {c.id} | {cell(c.layer)} | {cell(c.priority)} | {cell(c.title)} |" for c in items]
        elif kind == "retired":
            lines += ["| Control | Title | Replacement or reason |", "|---|---|---|"]
            lines += [f"| {c.id} | {cell(c.title)} | {cell(c.note)} |" for c in items]
        elif kind == "deleted":
            lines += ["| Control | Title |", "|---|---|"]
            lines += [f"| {c.id} | {cell(c.title)} |" for c in items]
        else:
            lines += ["| Control | Title | Fields changed |", "|---|---|---|"]
            lines += [f"| {c.id} | {cell(c.title)} | {cell(', '.join(c.fields))} |" for c in items]
        lines.append("")
    if review.checklists:
        lines += [
            f"### Checklists that change ({len(review.checklists)})",
            "",
            "| Checklist | Controls | Added | Removed | Entries changed | Definition |",
            "|---|---|---|---|---|---|",
        ]
        for c in review.checklists:
            definition = {"new": "new", "removed": "removed"}.get(c.status, "changed" if c.definition_changed else "–")
            lines.append(
                f"| {cell(c.id)} | {c.before} → {c.after} | {_ids(c.added)} | {_ids(c.removed)} "
                f"| {_ids(c.changed)} | {definition} |"
            )
        lines += [
            "",
            "### Downloads that change",
            "",
            *[
                f"- `downloads/{cell(c.id)}.*`: every format ({DOWNLOAD_FORMATS})"
                + (" (removed)" if c.status == "removed" else "")
                for c in review.checklists
            ],
            "",
        ]
    if review.warnings:
        lines += [f"### Warnings ({len(review.warnings)})", ""]
        lines += [f"- `{cell(w.path)}`: {cell(w.message)}. Fix: {cell(w.hint)}." for w in review.warnings]
        lines.append("")
    for snap in (base, head):
        if snap.diagnostics:
            lines += [
                f"> **{cell(snap.label)}** has {len(snap.diagnostics)} validation error(s); "
                "run `ambit validate` there for details. Controls that fail validation are compared "
                "as written but are missing from checklists.",
                "",
            ]
    return "\n".join(lines).rstrip("\n") + "\n"
