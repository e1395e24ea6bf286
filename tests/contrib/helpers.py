"""Helpers for the contributor-tooling tests: filling a stub as a contributor would, and git."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import yaml


def fill(text: str, values: dict[str, Any]) -> str:
    """Replace each top-level ``key: <placeholder>`` line of a stub by ``values[key]``, in place.

    Keys the stub does not have (such as the optional ``sectors``) are added before ``status``.
    """
    for key, value in values.items():
        rendered = yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True, width=1000).rstrip("\n")
        pattern = re.compile(rf"^{re.escape(key)}: .*$", re.MULTILINE)
        if pattern.search(text):
            text = pattern.sub(lambda _m, r=rendered: r, text, count=1)
        else:
            text = text.replace("\nstatus: ", f"\n{rendered}\nstatus: ", 1)
    return text


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` with a fixed identity; return stdout."""
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def commit_all(root: Path, message: str) -> None:
    """Stage everything under ``root`` and commit it."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
