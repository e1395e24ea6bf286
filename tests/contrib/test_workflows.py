"""The GitHub workflows: actionlint finds nothing; least privilege; actions pinned by commit SHA."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostic
from generator.loader import load_yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
WRITE_ALLOWED = {("pages.yml", "deploy"): {"pages", "id-token"}}
"""The only job that may write anything: Pages deployment (pages + the OIDC token it needs)."""


def _load(path: Path) -> dict[str, Any]:
    # The project's loader keeps `on` as text (PyYAML's YAML 1.1 reading turns it into True).
    doc = load_yaml(path, path.name)
    assert not isinstance(doc, Diagnostic), doc
    assert isinstance(doc.data, dict)
    return doc.data


def _actionlint() -> str:
    """actionlint from the virtual environment (requirements/dev.lock) or PATH."""
    local = Path(sys.executable).parent / "actionlint"
    found = str(local) if local.exists() else shutil.which("actionlint")
    if found is None:
        pytest.fail("actionlint is not installed: run `make test` (it installs requirements/dev.lock)")
    return found


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"pull-request.yml", "pages.yml"}


def test_actionlint_finds_nothing() -> None:
    done = subprocess.run(
        [_actionlint(), "-no-color", *(str(p.relative_to(REPO)) for p in WORKFLOWS)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path: Path) -> None:
    workflow = _load(path)
    assert workflow.get("permissions") == {}, "the workflow-level default must grant nothing"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"job {name} has no permissions"
        granted = job["permissions"]
        assert isinstance(granted, dict), f"job {name}: list scopes, not read-all/write-all"
        writes = {scope for scope, level in granted.items() if level == "write"}
        assert writes <= WRITE_ALLOWED.get((path.name, name), set()), f"job {name} writes {writes}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_pull_request_target(path: Path) -> None:
    triggers = _load(path)["on"]
    names = [triggers] if isinstance(triggers, str) else list(triggers)
    assert "pull_request_target" not in names
    code = [line.split("#")[0] for line in path.read_text(encoding="utf-8").splitlines()]
    assert not any("pull_request_target" in line for line in code)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_pinned_to_full_commit_shas_with_version_comments(path: Path) -> None:
    workflow = _load(path)
    uses: list[str] = []
    for job in workflow["jobs"].values():
        if "uses" in job:  # a reusable workflow
            uses.append(job["uses"])
        uses += [step["uses"] for step in job.get("steps", []) if "uses" in step]
    assert uses
    text = path.read_text(encoding="utf-8")
    for ref in uses:
        if ref.startswith("./"):
            continue  # an action in this repository
        assert PINNED.match(ref), f"{ref} is not pinned to a 40-hex commit SHA"
        assert re.search(rf"{re.escape(ref)} # v\d+\.\d+\.\d+\n", text), f"{ref} lacks a '# vX.Y.Z' comment"


def test_checkouts_do_not_keep_the_token() -> None:
    for path in WORKFLOWS:
        for job in _load(path)["jobs"].values():
            for step in job.get("steps", []):
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert step.get("with", {}).get("persist-credentials") is False, path.name


def test_untrusted_event_data_reaches_run_scripts_only_through_env() -> None:
    for path in WORKFLOWS:
        for job in _load(path)["jobs"].values():
            for step in job.get("steps", []):
                assert "github.event" not in str(step.get("run", "")), f"{path.name}: use env: for event data"
