"""Carrying answers forward to the current catalogue, and saying what changed since they were given.

For each answered control:

- still active and unchanged since the file's catalogue version: carried as it is;
- changed since (``changed_in`` newer than the file's ``catalogue_version``): carried, and
  listed for review, since the answer was given to an older wording;
- retired with ``superseded_by``: the answer moves to the successor (unless the file answers the
  successor already), with a line in its notes saying where it came from, and is listed;
- retired without a successor, or unknown to the catalogue: dropped, and listed.

With a checklist, answers for controls no longer in it are dropped and listed, and the
checklist's controls without an answer are counted. The result is dated from the catalogue
(its version), never the clock, so merging the same file twice gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass, replace

from generator.model import Catalogue, Control
from generator.progress.model import ItemProgress, Progress, version_key


@dataclass(frozen=True)
class Change:
    """One line of the report: a control, what happened to its answer, and why."""

    control: str
    kind: str
    """``changed``, ``superseded``, ``retired``, ``unknown``, ``not-in-checklist`` or ``conflict``."""
    detail: str


@dataclass(frozen=True)
class MergeResult:
    """The carried-forward progress and the report of what needs a second look."""

    progress: Progress
    changes: tuple[Change, ...]
    unanswered: tuple[str, ...] = ()


def carried_note(old_id: str, control: Control) -> str:
    """The line added to notes of an answer moved from a retired control to its successor."""
    return f"[Carried over from {old_id}, retired in {control.retired_in or 'a later version'}: check it still holds.]"


def merge(
    progress: Progress, catalogue: Catalogue, checklist_ids: Sequence[str] | None = None, checklist: str = ""
) -> MergeResult:
    """``progress`` carried to ``catalogue``'s version; ``checklist_ids`` limits it to one checklist."""
    controls = {c.id: c for c in catalogue.controls}
    given = version_key(progress.catalogue_version)
    keep: Set[str] | None = set(checklist_ids) if checklist_ids is not None else None
    items: dict[str, ItemProgress] = {}
    changes: list[Change] = []
    moved: list[tuple[str, str, ItemProgress]] = []
    for control_id in sorted(progress.items):
        answer = progress.items[control_id]
        control = controls.get(control_id)
        if control is None:
            changes.append(Change(control_id, "unknown", "not in the catalogue; answer dropped"))
            continue
        if not control.active:
            successor = control.superseded_by
            if successor and successor in controls and controls[successor].active:
                moved.append((control_id, successor, answer))
            else:
                reason = control.retired_reason or "no successor"
                changes.append(
                    Change(control_id, "retired", f"retired in {control.retired_in}: {reason}; answer dropped")
                )
            continue
        if control.changed_in and version_key(control.changed_in) > given:
            changes.append(
                Change(control_id, "changed", f"changed in {control.changed_in}: check the answer still holds")
            )
        items[control_id] = answer
    for old_id, new_id, answer in moved:
        old = controls[old_id]
        if new_id in items:
            changes.append(
                Change(
                    old_id,
                    "conflict",
                    f"retired in {old.retired_in}, superseded by {new_id}, which has its own answer; this one dropped",
                )
            )
            continue
        note = carried_note(old_id, old)
        notes = f"{note}\n{answer.notes}" if answer.notes else note
        items[new_id] = replace(answer, notes=notes[:5000])
        changes.append(
            Change(
                old_id, "superseded", f"retired in {old.retired_in}; answer carried to {new_id}, flagged in its notes"
            )
        )
    unanswered: tuple[str, ...] = ()
    if keep is not None:
        for control_id in sorted(set(items) - keep):
            changes.append(Change(control_id, "not-in-checklist", "no longer in this checklist; answer dropped"))
            del items[control_id]
        unanswered = tuple(cid for cid in checklist_ids or () if cid not in items)
    result = Progress(
        checklist=checklist or progress.checklist,
        catalogue_version=catalogue.info.version,
        items=items,
        saved=progress.saved,
    )
    return MergeResult(result, tuple(sorted(changes, key=lambda c: (c.control, c.kind))), unanswered)


_HEADINGS = {
    "changed": "Changed since the answers were given (review them)",
    "superseded": "Retired and replaced (answers moved to the successor)",
    "conflict": "Retired, but the successor has its own answer",
    "retired": "Retired without a successor (answers dropped)",
    "unknown": "Not in the catalogue (answers dropped)",
    "not-in-checklist": "No longer in this checklist (answers dropped)",
}


def report_markdown(result: MergeResult, old_version: str, source: str) -> str:
    """The merge report as Markdown, for a file or the terminal."""
    from generator.downloads.markdown_export import escape

    new = result.progress
    lines = [
        f"# Progress carried forward: {escape(new.checklist)}",
        "",
        f"From catalogue {escape(old_version)} to {escape(new.catalogue_version)}; "
        f"{len(new.items)} answer{'s' if len(new.items) != 1 else ''} kept from {escape(source)}.",
        "",
    ]
    if not result.changes:
        lines += ["Nothing changed in the answered controls.", ""]
    for kind, heading in _HEADINGS.items():
        rows = [c for c in result.changes if c.kind == kind]
        if rows:
            lines += [f"## {heading}", ""]
            lines += [f"- {escape(c.control)}: {escape(c.detail)}" for c in rows]
            lines.append("")
    if result.unanswered:
        lines += [f"{len(result.unanswered)} control(s) of the checklist have no answer yet.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
