"""Checking a registry's ``id_pattern`` before any ID is matched against it.

The pattern is a regular expression a contributor writes, and Python's ``re`` backtracks: a
pattern that repeats something which can itself repeat or branch, such as ``^(a+)+$``, takes time
that doubles with each character of a non-matching ID (30 seconds at 30 characters). Such a pattern
is refused, as is one that does not compile; a sound pattern is only ever run on short IDs.
"""

from __future__ import annotations

import re
import re._constants as sre_constants  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
from functools import lru_cache
from typing import Any

MAX_MATCHED = 100
"""Longest ID matched against a pattern; every framework's IDs are far shorter."""


@lru_cache(maxsize=64)
def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used (it does not compile, or it can backtrack without bound), or None."""
    try:
        parsed = sre_parse.parse(pattern)
    except re.error as exc:
        return f"id_pattern is not a regular expression: {exc}"
    except RecursionError:
        return "id_pattern is nested too deeply"
    if _nested_repeat(parsed, inside_unbounded=False):
        return "id_pattern repeats a part that can itself repeat or branch (like (a+)+), which can take minutes"
    return None


def matches(pattern: str, value: str) -> bool | None:
    """Whether ``value`` matches ``pattern``; None when the pattern is unsafe or the value too long to try."""
    if pattern_problem(pattern) is not None or len(value) > MAX_MATCHED:
        return None
    return re.search(pattern, value) is not None


def _nested_repeat(parsed: Any, *, inside_unbounded: bool) -> bool:
    for op, arg in parsed:
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            _, high, body = arg
            if inside_unbounded and high > 1:
                return True
            if _nested_repeat(body, inside_unbounded=inside_unbounded or high == sre_constants.MAXREPEAT):
                return True
        elif op == sre_constants.BRANCH:
            if inside_unbounded:
                return True
            if any(_nested_repeat(b, inside_unbounded=False) for b in arg[1]):
                return True
        elif op == sre_constants.SUBPATTERN:
            if _nested_repeat(arg[-1], inside_unbounded=inside_unbounded):
                return True
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT) and _nested_repeat(
            arg[1], inside_unbounded=inside_unbounded
        ):
            return True
    return False
