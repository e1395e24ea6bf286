"""Markdown export: a ``- [ ]`` task list that renders as checkboxes when pasted into an issue.

Contributor text is escaped: every ASCII punctuation character that Markdown (CommonMark, GitHub
Flavoured Markdown with its autolinks, strikethrough and maths) can act on gets a backslash, so a
title cannot become a link, an image, HTML, emphasis or maths, and ``https\\://`` or ``www\\.`` no
longer trigger autolinks. Line breaks in contributor text are folded into spaces, and escaped text
always follows a prefix Ambit writes, so nothing can start a new block (a heading, a list, a
quote or a table) outside its list item; that is why ``-``, ``+``, ``=`` and ``>`` need no escape. The only
links are the ones Ambit writes: each control ID to its page on the site.
"""

from __future__ import annotations

import re

from generator.downloads.guards import check_ids
from generator.downloads.rows import ExportRow, layer_groups
from generator.select import Checklist

# Punctuation with a meaning in CommonMark or GitHub's extensions when it is not at the start of
# a line. "." and ":" are here for autolinks (www.example.com, https://...), "$" for maths.
_ACTIVE = re.compile(r"([\\`*_{}\[\]()<>#!|~&$:.@])")


def escape(text: str) -> str:
    """``text`` as inert, one-line Markdown: punctuation escaped, whitespace folded."""
    return _ACTIVE.sub(r"\\\1", " ".join(text.split()))


def _link(label: str, url: str) -> str:
    # Only Ambit-made URLs reach here (site URL + validated control ID); <> keeps them whole.
    return f"[{escape(label)}](<{url}>)" if url else escape(label)


def _item(row: ExportRow) -> list[str]:
    lines = [f"- [ ] **{_link(row.id, row.url)}** {escape(row.title)}"]
    if row.applies_to:
        lines.append(f"  - Applies to: {'; '.join(escape(a) for a in row.applies_to)}")
    if row.sector_note.strip():
        lines.append(f"  - Sector note: {escape(row.sector_note)}")
    for i, step in enumerate(row.verification, start=1):
        lines.append(f"  - Verify {i}: {escape(step.step)}")
        lines.append(f"    Evidence: {escape(step.evidence)}")
    return lines


def render(checklist: Checklist) -> bytes:
    """The Markdown file's bytes (UTF-8, LF line ends)."""
    info = checklist.info
    lines = [f"# {escape(checklist.title)}", ""]
    if checklist.summary.strip():
        lines += [escape(checklist.summary), ""]
    count = len(checklist.items)
    lines += [
        f"{escape(info.name)} catalogue {escape(info.version)} \\({escape(info.date)}\\) · {count} "
        f"control{'s' if count != 1 else ''}",
        "",
    ]
    for group in layer_groups(checklist):
        lines += [f"## {escape(group.name)}", ""]
        for priority in group.priorities:
            lines += [f"### {escape(priority.priority.capitalize())}", ""]
            for row in priority.rows:
                lines += _item(row)
            lines.append("")
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


_TASK = re.compile(r"^- \[ \] \*\*\[?([A-Z]+-\d+)\]?", re.MULTILINE)


def check(data: bytes, expected_ids: tuple[str, ...]) -> None:
    """Raise :class:`DownloadError` unless there is one task per expected control."""
    found = [m.group(1) for m in _TASK.finditer(data.decode("utf-8"))]
    check_ids("Markdown export", found, expected_ids)
