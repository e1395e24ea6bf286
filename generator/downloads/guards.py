"""The build's guards on downloads: :class:`DownloadError` and the checks the formats share.

Each format checks the bytes it produced (not the model it started from), so a bug in a
renderer that drops or duplicates a control fails the build instead of reaching a reader.
"""

from __future__ import annotations

from collections.abc import Sequence


class DownloadError(Exception):
    """A download could not be made or failed a guard; the message says which and why."""


def check_ids(fmt: str, found: Sequence[str], expected: Sequence[str]) -> None:
    """Raise :class:`DownloadError` unless ``found`` holds each expected ID exactly once."""
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    duplicated = sorted({i for i in found if found.count(i) > 1}) if len(found) != len(set(found)) else []
    if missing or extra or duplicated:
        raise DownloadError(
            f"{fmt} lists {len(found)} controls, expected {len(expected)}"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unexpected {', '.join(extra)}" if extra else "")
            + (f"; repeated {', '.join(duplicated)}" if duplicated else "")
        )


def check_not_empty(fmt: str, data: bytes) -> None:
    """Raise :class:`DownloadError` when a rendered file has no bytes."""
    if not data:
        raise DownloadError(f"{fmt} is empty")
