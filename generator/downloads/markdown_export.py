"""Markdown export: a ``- [ ]`` task list that reads as plain text and renders as checkboxes.

The file opens with the title, the summary and the catalogue's version, then the checklist's
introduction ("The scenario") and its regulations ("Regulations and obligations": each name, note
and the address of its text), then the controls. Every contributor text goes through
:func:`escape`, paragraph by paragraph.

The file is meant to be read raw (in an editor, a diff, an e-mail) as much as rendered (pasted
into an issue), so :func:`escape` adds a backslash only where the text would otherwise change the
rendering, and leaves ordinary prose (``0.1.0 (2026-11-25)``, ``one-hour``) alone:

- at the start of the text, a character that would open a block: ``#`` (heading), ``>`` (quote),
  ``-`` ``+`` ``*`` (list or rule), ``=`` (setext underline), ``|`` (table), ``1.`` or ``1)``
  (ordered list); fences need no rule of their own, as backticks and tildes are handled below;
- anywhere: ``[`` (links, images, footnotes), ``<`` before a letter, ``/``, ``!`` or ``?`` (raw HTML,
  autolinks), ``&`` that would read as an entity, ``*`` and ``~`` next to text (emphasis,
  strikethrough), ``_`` that is not inside a word, ``|`` (table cells), ``\\`` before punctuation
  or at the end, two or more ``$`` (GitHub maths);
- GitHub's extras: the ``:`` of ``://`` and the ``.`` of ``www.`` (bare autolinks), ``@`` before a
  word character (mentions, e-mail autolinks), ``#`` before a digit (issue links), the first
  ``:`` of an emoji shortcode;
- code spans (text between matching backticks) stay code spans, verbatim; an unmatched backtick
  is escaped.

Line breaks are folded into spaces, so escaped text is always one line and cannot end a block
or start a new one. The only links are the ones Ambit writes: each control ID to its page.
``escape`` is also the review pack's escape (``generator.systemmap.review``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from generator.downloads.about import paragraphs, regulations
from generator.downloads.guards import check_ids
from generator.downloads.references import checklist_columns, cited
from generator.downloads.rows import ExportRow, layer_groups
from generator.model import Framework
from generator.select import Checklist, MapCover

_BACKTICKS = re.compile(r"`+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,47});")
_EMOJI = re.compile(r":[a-z0-9_+-]+:")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?= |$)")
# Block markers at the start of a line. '>' and '|' open a quote or a table row whatever follows;
# the others only before a space, the end, or a repeat (headings ##, rules ---, setext ===).
_BLOCK_ALWAYS = frozenset(">|")
_BLOCK_BEFORE_SPACE = frozenset("#-+*=")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _segments(text: str) -> Iterator[tuple[bool, str]]:
    """``(is_code, text)`` pieces: code spans as CommonMark matches backtick runs, and the rest.

    A run of backticks opens a code span when a later run of the same length closes it; an
    unmatched run is literal text. A run of three or more at the very start is literal too, as
    it would open a fenced code block instead.
    """
    pos = 0
    plain_from = 0
    while True:
        opener = _BACKTICKS.search(text, pos)
        if opener is None:
            break
        size = len(opener.group())
        closer = next(
            (m for m in _BACKTICKS.finditer(text, opener.end()) if len(m.group()) == size),
            None,
        )
        if closer is None or (opener.start() == 0 and size >= 3):
            pos = opener.end()
            continue
        if opener.start() > plain_from:
            yield False, text[plain_from : opener.start()]
        yield True, text[opener.start() : closer.end()]
        pos = plain_from = closer.end()
    if plain_from < len(text):
        yield False, text[plain_from:]


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _escape_plain(text: str, *, at_start: bool, maths: bool) -> str:
    out = []
    n = len(text)
    entity_at = {m.start() for m in _ENTITY.finditer(text)}
    emoji_at = {m.start() for m in _EMOJI.finditer(text)}
    for i, ch in enumerate(text):
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < n else ""
        escape_it = False
        if ch in "[`":
            escape_it = True  # a backtick here is one no code span matched
        elif ch == "\\":
            # Before punctuation it would escape it; last in a piece, it would escape whatever follows.
            escape_it = after in _ASCII_PUNCTUATION or i + 1 == n
        elif ch == "<":
            escape_it = after.isascii() and (after.isalpha() or after in "/!?")
        elif ch == "&":
            escape_it = i in entity_at
        elif ch in "*~":
            # Emphasis and strikethrough need a delimiter next to text; spaced out, they are text.
            escape_it = not (before.isspace() and after.isspace())
        elif ch == "_":
            escape_it = not (_is_word(before) and _is_word(after))
        elif ch == "|":
            escape_it = True
        elif ch == "$":
            escape_it = maths
        elif ch == ":":
            escape_it = text.startswith("//", i + 1) or i in emoji_at
        elif ch == ".":
            escape_it = text[max(0, i - 3) : i].lower() == "www" and (i < 4 or not _is_word(text[i - 4]))
        elif ch == "@":
            escape_it = _is_word(after)
        elif ch == "#":
            escape_it = after.isdigit()
        out.append("\\" + ch if escape_it else ch)
    escaped = "".join(out)
    if at_start and escaped:
        escaped = _escape_block_start(escaped)
    return escaped


def _escape_block_start(text: str) -> str:
    first, second = text[0], text[1:2]
    if first in _BLOCK_ALWAYS or (first in _BLOCK_BEFORE_SPACE and second in ("", " ", first)):
        return "\\" + text
    ordered = _ORDERED.match(text)
    if ordered:
        return f"{ordered.group(1)}\\{ordered.group(2)}{text[ordered.end() :]}"
    return text


def escape(text: str) -> str:
    """``text`` as one line of Markdown that renders as that text: only active characters escaped.

    Whitespace (line breaks included) is folded into single spaces; code spans in backticks stay
    code spans. The result is safe anywhere in a line, at its start too.
    """
    folded = " ".join(text.split())
    pieces = list(_segments(folded))
    maths = sum(piece.count("$") for is_code, piece in pieces if not is_code) >= 2
    return "".join(
        piece if is_code else _escape_plain(piece, at_start=index == 0, maths=maths)
        for index, (is_code, piece) in enumerate(pieces)
    )


def _link(label: str, url: str) -> str:
    # Only Ambit-made URLs reach here (site URL + validated control ID); <> keeps them whole.
    return f"[{escape(label)}](<{url}>)" if url else escape(label)


def _item(row: ExportRow, references: list[tuple[str, str]]) -> list[str]:
    lines = [f"- [ ] **{_link(row.id, row.url)}** {escape(row.title)}"]
    if row.summary.strip():
        lines.append(f"  - {escape(row.summary)}")
    minutes = f"{row.effort_minutes} minute{'s' if row.effort_minutes != 1 else ''}"
    lines.append(f"  - Priority: {escape(row.priority)}; about {minutes} to verify")
    if row.required_by:  # names may hold commas ("EU GDPR Article 35, ..."): "; " parts them
        lines.append(f"  - Required by: {'; '.join(escape(name) for name in row.required_by)}")
    if row.named_risks:
        lines.append(f"  - Answers the scenario's risk: {'; '.join(escape(risk) for risk in row.named_risks)}")
    if row.ranking is not None:
        lines.append(f"  - Rank {row.ranking.rank}, risk score {row.ranking.score['total']}")
    if row.applies_to:
        lines.append(f"  - Applies to: {'; '.join(escape(a) for a in row.applies_to)}")
    if row.sector_note.strip():
        lines.append(f"  - Sector note: {escape(row.sector_note)}")
    for i, step in enumerate(row.verification, start=1):
        lines.append(f"  - Verify {i}: {escape(step.labelled)}")
        lines.append(f"    Evidence: {escape(step.evidence)}")
    if references:
        # " · " between frameworks, as "; " already joins the IDs of one framework.
        lines.append("  - References: " + " · ".join(f"{escape(name)}: {escape(ids)}" for name, ids in references))
    return lines


def _about(checklist: Checklist) -> list[str]:
    """The scenario (a sector checklist's introduction) and the regulations it is built around.

    A system map's checklist has no definition: its introduction (how it was made) stands on its
    own, without the scenario heading, and it has no regulations, so no heading for them either.
    """
    lines: list[str] = []
    intro = paragraphs(checklist.introduction)
    if intro:
        if checklist.definition is not None:
            lines += ["## The scenario", ""]
        for para in intro:
            lines += [escape(para), ""]
    regs = regulations(checklist)
    if regs:
        lines += ["## Regulations and obligations", ""]
        for reg in regs:
            lines += [f"### {escape(reg.name)}", ""]
            for para in paragraphs(reg.note):
                lines += [escape(para), ""]
            if reg.url:
                # An autolink only for an address that cannot leave it; anything else is text.
                lines += [f"Text: <{reg.link}>" if reg.link else f"Text: {escape(reg.url)}", ""]
    return lines


def _cover(cover: MapCover) -> list[str]:
    """The system and its inventory (the diagram is the map's diagram.svg)."""
    lines = ["## The system", ""]
    if cover.description:
        lines += [escape(cover.description), ""]
    lines += ["| Component | Type | Exposure | Data | Run as |", "|---|---|---|---|---|"]
    for row in cover.components:
        cells = [row.id, row.type_name, row.exposure, ", ".join(row.data_kinds), row.operation]
        lines.append("| " + " | ".join(escape(c).replace("|", "\\|") for c in cells) + " |")
    lines.append("")
    if cover.intake_yes:
        lines += ["Answered yes: " + "; ".join(escape(q) for q in cover.intake_yes), ""]
    if cover.first_tasks:
        lines += ["First tasks (facts the map leaves open):", ""]
        lines += [f"- {escape(t)}" for t in cover.first_tasks] + [""]
    if cover.uncovered:
        lines += ["Components with no control:", ""]
        lines += [f"- {escape(u)}" for u in cover.uncovered] + [""]
    return lines


def _statement(cover: MapCover) -> list[str]:
    """The appendix: every active control, included, assumed or left out, and why."""
    lines = ["## Appendix: statement of applicability", ""]
    lines += ["| Control | Status | Components | Reason |", "|---|---|---|---|"]
    for line in cover.statement:
        cells = [line.id, line.status, ", ".join(line.components), line.reason]
        lines.append("| " + " | ".join(escape(c).replace("|", "\\|") for c in cells) + " |")
    return [*lines, ""]


def render(checklist: Checklist, frameworks: Sequence[Framework] = ()) -> bytes:
    """The Markdown file's bytes (UTF-8, LF line ends)."""
    info = checklist.info
    columns = checklist_columns(checklist, frameworks)
    lines = [f"# {escape(checklist.title)}", ""]
    if checklist.summary.strip():
        lines += [escape(checklist.summary), ""]
    count = len(checklist.items)
    lines += [
        f"{escape(info.name)} catalogue {escape(info.version)} ({escape(info.date)}) · {count} "
        f"control{'s' if count != 1 else ''}",
        "",
    ]
    lines += _about(checklist)
    if checklist.cover is not None:
        lines += _cover(checklist.cover)
    for group in layer_groups(checklist):
        lines += [f"## {escape(group.name)}", ""]
        for priority in group.priorities:
            if not checklist.ranked:
                lines += [f"### {escape(priority.priority.capitalize())}", ""]
            for row in priority.rows:
                lines += _item(row, cited(columns, row.references))
            lines.append("")
    if checklist.cover is not None and checklist.cover.statement:
        lines += _statement(checklist.cover)
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


_TASK = re.compile(r"^- \[ \] \*\*\[?([A-Z]+-\d+)\]?", re.MULTILINE)


def check(data: bytes, expected_ids: tuple[str, ...]) -> None:
    """Raise :class:`DownloadError` unless there is one task per expected control."""
    found = [m.group(1) for m in _TASK.finditer(data.decode("utf-8"))]
    check_ids("Markdown export", found, expected_ids)
