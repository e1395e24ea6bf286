"""Diagnostics: precise, sortable error records and their text and GitHub renderings.

Every problem Ambit finds in a contributor's files becomes a :class:`Diagnostic` with a
``path:line:col`` position, a stable error code, a message and, where one helps, a hint.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place in one file. Lines and columns count from 1."""

    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str = ""
    severity: str = field(default="error", compare=False)

    def format_text(self) -> str:
        """``path:line:col: error[code]: message`` plus an indented hint line."""
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def format_github(self) -> str:
        """A GitHub Actions workflow command, shown inline on the pull request's diff."""
        message = self.message + (f" (hint: {self.hint})" if self.hint else "")
        return (
            f"::{self.severity} file={_gh_property(self.path)},line={self.line},col={self.col},"
            f"title={_gh_property(self.code)}::{_gh_data(message)}"
        )


def _gh_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(value: str) -> str:
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


class ContentError(Exception):
    """Raised when content has errors; carries every diagnostic found, sorted."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(set(diagnostics))
        super().__init__(f"{len(self.diagnostics)} error(s) in content")


def render(diagnostics: Iterable[Diagnostic], fmt: str = "text") -> str:
    """Render diagnostics, sorted and de-duplicated, in ``text`` or ``github`` format."""
    ordered = sorted(set(diagnostics))
    if fmt == "github":
        return "\n".join(d.format_github() for d in ordered)
    return "\n".join(d.format_text() for d in ordered)


SUGGEST_MAX = 100
"""Longest word compared with the known names for a suggestion."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A 'did you mean ...?' hint naming the closest candidate, or an empty string.

    Words longer than :data:`SUGGEST_MAX` get none: comparing them costs time in proportion to
    the square of their length, and no id or field name is that long.
    """
    if len(word) > SUGGEST_MAX:
        return ""
    pool = sorted(set(candidates))
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f"did you mean '{close[0]}'?" if close else ""
