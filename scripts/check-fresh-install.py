#!/usr/bin/env python3
"""Prove the README's install on a brand-new virtual environment, the way `make` does it.

`.ci/run` runs this before `make test`. It makes a new venv in a temporary folder with the
interpreter's own bundled pip, and asks the Makefile (the one place that knows the install
commands) to bootstrap the pinned uv, install `requirements/site.lock` (what `make site` needs),
then `requirements/dev.lock` (what `make test` adds), and runs `ambit validate` with the result.
The project's own `.venv` is not touched, so an upstream release that breaks a fresh install
(a new fonttools no longer satisfying `fonttools[woff]`, a yanked file, a changed hash) fails CI
the day it happens, even where `.venv` is already set up.

On failure it prints one line naming the step and the package the installer complained about,
then the installer's own output. Exit 0 when everything installed and ran, 1 otherwise.
Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# A requirement with a version: `fonttools[woff]>=4.59.2`, `pyyaml==6.0.3`, `uv==0.13.9`.
_REQUIREMENT = re.compile(
    r"(?<![\w.\[-])([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[A-Za-z0-9,._ -]+\])?)"  # name, extras
    r"\s*(===|==|>=|<=|~=|!=|<|>)\s*(\d[^\s,;)`'\"]*)"  # operator, version
)
# Where the installer's complaint starts: pip's `ERROR:`, uv's `error:` or its `×` tree.
_ERROR_START = re.compile(r"^\s*(?:error|ERROR)\b|×|THESE PACKAGES DO NOT MATCH|In --require-hashes mode", re.M)
# `(from weasyprint==70.0)` in pip's messages: the package that asked for the broken one.
_FROM = re.compile(r"\(from ([^)]+)\)")


@dataclass(frozen=True)
class Step:
    """One stage of the install: the make target that runs it and how to name it in a message."""

    target: str
    name: str


STEPS = (
    Step("bootstrap", "bootstrap of uv from requirements/bootstrap.lock with the interpreter's own pip"),
    Step("deps-site", "requirements/site.lock (make site)"),
    Step("deps-test", "requirements/dev.lock (make test)"),
)


def culprit(output: str) -> str | None:
    """The package an installer's error output names first, with the one that required it if said.

    >>> culprit("ERROR: ...pinned with ==: fonttools[woff]>=4.59.2 (from weasyprint==70.0)")
    'fonttools[woff]>=4.59.2 (required by weasyprint==70.0)'
    """
    start = _ERROR_START.search(output)
    text = output[start.start() :] if start else output
    found = _REQUIREMENT.search(text)
    if found is None:
        return None
    requirement = "".join(found.groups())
    wanted_by = _FROM.match(text[found.end() :].lstrip())
    return f"{requirement} (required by {wanted_by.group(1)})" if wanted_by else requirement


def failed_command(output: str, venv: Path) -> str:
    """What the failing recipe line installed, from the command lines make echoes before running them."""
    commands = [line for line in output.splitlines() if line.startswith(str(venv))]
    last = commands[-1] if commands else ""
    lock = re.search(r"-r (\S+\.lock)", last)
    if lock:
        return lock.group(1)
    return "the editable install of ambit itself" if " -e ." in last else ""


def summary(step: Step, output: str, venv: Path) -> str:
    """The one-line verdict for a failed step: where, which package, and the installer's first error line."""
    what = failed_command(output, venv) or step.name
    package = culprit(output)
    start = _ERROR_START.search(output)
    first_error = (
        next((line.strip() for line in output[start.start() :].splitlines() if line.strip()), "") if start else ""
    )
    named = f"package {package}" if package else "no package named in the installer's output"
    return f"fresh install FAILED at {what}: {named}" + (f": {first_error}" if first_error else "")


def _make(target: str, venv: Path) -> subprocess.CompletedProcess[str]:
    command = ["make", "--no-print-directory", "-C", str(REPO), f"VENV={venv}", f"PYTHON={sys.executable}", target]
    # A parent make's flags (-s, -j) would change what is echoed; the rest of the environment is kept.
    env = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(command, capture_output=True, text=True, check=False, env=env)


def check(workdir: Path) -> int:
    """Install into ``workdir/venv`` step by step; print the verdict; 0 on success."""
    venv = workdir / "venv"
    started = time.monotonic()
    for step in STEPS:
        result = _make(step.target, venv)
        output = result.stdout + result.stderr
        if result.returncode != 0:
            print(summary(step, output, venv), file=sys.stderr)
            print("installer output:\n" + "\n".join("    " + line for line in output.splitlines()), file=sys.stderr)
            return 1
    validate = subprocess.run(
        [str(venv / "bin" / "ambit"), "validate"], capture_output=True, text=True, check=False, cwd=REPO
    )
    if validate.returncode != 0 or not validate.stdout.startswith("ok: "):
        print(
            f"fresh install FAILED: ambit validate in the new environment exited {validate.returncode}", file=sys.stderr
        )
        print(validate.stdout + validate.stderr, file=sys.stderr)
        return 1
    print(f"fresh install ok in {time.monotonic() - started:.0f} s: bootstrap, site.lock, dev.lock, ambit validate")
    return 0


def main() -> int:
    """Run the check in a temporary folder that is removed afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix="ambit-fresh-install-"))
    try:
        return check(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
