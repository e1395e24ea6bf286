"""What a checklist is about, as every download shows it: its introduction and its regulations.

A sector checklist's introduction (the scenario) and regulation notes are contributor-written
restricted Markdown; each format renders or escapes them its own way (print HTML and PDF through
:func:`generator.markdown.render`, Markdown through ``markdown_export.escape``, XLSX as neutralised
text, JSON as data). This module gives them the shape the formats share: paragraphs, and a
regulation's address only when it is safe to link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.select import Checklist

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class RegulationView:
    """One regulation of a checklist: its name, its note (Markdown) and its address, as written."""

    name: str
    note: str
    url: str

    @property
    def link(self) -> str:
        """The address when it is an ``https://`` address with no blank, ``<``, ``>`` or quote; else ``""``.

        The checklist schema already asks for that; a checklist built in memory skips the schema,
        so every format links only what passes here and shows anything else as text.
        """
        url = self.url
        if not url.startswith("https://"):
            return ""
        if any(ch in "<>\"'`" or ch.isspace() or not ch.isprintable() for ch in url):
            return ""
        return url


def paragraphs(text: str) -> list[str]:
    """``text`` cut at blank lines, each paragraph on one line (whitespace folded), empty ones dropped."""
    return [" ".join(part.split()) for part in _BLANK_LINE.split(text) if part.strip()]


def regulations(checklist: Checklist) -> tuple[RegulationView, ...]:
    """The checklist's regulations in definition order, text stripped (none for a system map's)."""
    return tuple(RegulationView(r.name.strip(), r.note.strip(), r.url.strip()) for r in checklist.regulations)
