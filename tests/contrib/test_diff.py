"""``ambit diff``: controls added, changed and retired; checklists and downloads; version warnings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.contrib.diff import cell, compare, parse_version
from generator.contrib.revisions import snapshot

from .helpers import commit_all, git

Run = Callable[..., tuple[int, str, str]]

HST = "content/controls/hosting/HST-001.yml"
IAM = "content/controls/identity/IAM-001.yml"


@pytest.fixture
def repo(project: Path) -> Path:
    """The minimal project as a git repository with one commit, tagged ``base``."""
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "base")
    git(project, "tag", "base")
    return project


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_control(root: Path, cid: str = "HST-002", added_in: str = "0.1.0", essential: bool = True) -> None:
    text = (root / HST).read_text(encoding="utf-8").replace("id: HST-001", f"id: {cid}")
    text = text.replace("Block public access to every storage bucket", "Encrypt every bucket | with <customer> keys")
    text = text.replace("added_in: 0.1.0", f"added_in: {added_in}")
    if essential:
        text = text.replace("priority: recommended", "priority: essential")
    (root / f"content/controls/hosting/{cid}.yml").write_text(text, encoding="utf-8")


def test_no_changes(repo: Path, run_ambit: Run) -> None:
    code, out, err = run_ambit("--root", str(repo), "diff", "base")
    assert (code, err) == (0, "")
    assert "No control or checklist changes." in out
    assert "Warnings" not in out


def test_added_control_lands_in_checklist_and_downloads(repo: Path, run_ambit: Run) -> None:
    add_control(repo)
    code, out, _ = run_ambit("--root", str(repo), "diff", "base")  # HEAD defaults to the working tree
    assert code == 0
    assert "### Added controls (1)" in out
    assert "| HST-002 | hosting | essential | Encrypt every bucket \\| with &lt;customer&gt; keys |" in out
    assert "| baseline | 1 → 2 | HST-002 | – | – | – |" in out
    assert "`downloads/baseline.*`" in out
    assert "### Warnings" not in out  # added_in equals the catalogue version


def test_changed_and_retired_controls_between_two_commits(repo: Path, run_ambit: Run) -> None:
    edit(repo, "content/catalogue.yml", "version: 0.1.0", "version: 0.2.0")
    edit(repo, IAM, "effort_minutes: 20", "effort_minutes: 25")
    edit(
        repo,
        HST,
        "status: active",
        "status: retired\nretired_in: 0.2.0\nretired_reason: Covered by the cloud provider's default since 2023.",
    )
    commit_all(repo, "change and retire")
    code, out, _ = run_ambit("--root", str(repo), "diff", "base", "HEAD")
    assert code == 0
    assert "Catalogue version: 0.1.0 → **0.2.0**" in out
    assert "### Changed controls (1)" in out
    changed = next(line for line in out.splitlines() if line.startswith("| IAM-001 |"))
    assert changed.endswith("| effort_minutes |")
    assert "### Retired controls (1)" in out
    assert "Covered by the cloud provider" in out
    assert "IAM-001 changed (effort_minutes) but it has no changed_in" in out
    assert "set changed_in: 0.2.0" in out
    # the retired control kept its file and its retired_in is current: no warning for it
    assert "HST-001 is retired" not in out


def test_version_warnings_for_new_and_changed_controls(repo: Path) -> None:
    edit(repo, "content/catalogue.yml", "version: 0.1.0", "version: 0.2.0")
    add_control(repo, added_in="0.1.0")
    edit(repo, IAM, "effort_minutes: 20", "effort_minutes: 25\nchanged_in: 0.1.0")
    review = compare(snapshot(repo, "base"), snapshot(repo, None))
    messages = [w.message for w in review.warnings]
    assert any("new control HST-002 has added_in 0.1.0" in m for m in messages)
    assert any("IAM-001 changed (effort_minutes, changed_in) but changed_in is 0.1.0" in m for m in messages)
    assert all(w.severity == "warning" for w in review.warnings)
    warning = next(w for w in review.warnings if w.path == IAM)
    assert warning.format_github().startswith(f"::warning file={IAM},line=")

    edit(repo, IAM, "changed_in: 0.1.0", "changed_in: 0.2.0")
    (repo / "content/controls/hosting/HST-002.yml").unlink()
    assert compare(snapshot(repo, "base"), snapshot(repo, None)).warnings == []


def test_changing_a_control_added_in_this_version_needs_no_changed_in(repo: Path) -> None:
    edit(repo, IAM, "effort_minutes: 20", "effort_minutes: 25")  # IAM-001 has added_in 0.1.0 = current
    review = compare(snapshot(repo, "base"), snapshot(repo, None))
    assert [c.kind for c in review.controls] == ["changed"]
    assert review.warnings == []


def test_deleted_control_is_a_warning(repo: Path, run_ambit: Run) -> None:
    (repo / HST).unlink()
    code, out, _ = run_ambit("--root", str(repo), "diff", "base", "--fail-on-warnings")
    assert code == 1
    assert "### Deleted control files (1)" in out
    assert "retire the control instead" in out


def test_report_written_to_a_file_and_annotations(repo: Path, run_ambit: Run, tmp_path: Path) -> None:
    add_control(repo, added_in="0.0.9")
    target = tmp_path / "review.md"
    code, out, err = run_ambit("--root", str(repo), "diff", "base", "--output", str(target), "--warnings", "github")
    assert (code, out) == (0, "")
    assert target.read_text(encoding="utf-8").startswith("## Ambit review: `base` → `working tree`")
    assert err.startswith("::warning file=content/controls/hosting/HST-002.yml,line=")


def test_invalid_content_on_one_side_is_compared_as_written(repo: Path, run_ambit: Run) -> None:
    edit(repo, IAM, "priority: essential", "priority: urgent")
    code, out, _ = run_ambit("--root", str(repo), "diff", "base")
    assert code == 0
    assert "| IAM-001 |" in out and "priority" in out
    assert "**working tree** has 1 validation error(s)" in out
    assert "| baseline | 1 → 0 | – | IAM-001 |" in out


def test_unknown_revision_and_non_repository_are_usage_errors(repo: Path, tmp_path: Path, run_ambit: Run) -> None:
    code, _, err = run_ambit("--root", str(repo), "diff", "no-such-branch")
    assert code == 2 and "'no-such-branch' is not a git revision" in err
    code, _, err = run_ambit("--root", str(repo), "diff", "--", "--output=x")
    assert code == 2
    code, _, err = run_ambit("--root", str(tmp_path / "nowhere"), "diff", "base")
    assert code == 2 and "Traceback" not in err


def test_cell_and_versions() -> None:
    assert cell("a | b\n<script>") == "a \\| b &lt;script&gt;"
    assert cell("ping @team") == "ping @\u200bteam"
    assert parse_version("1.10.0") == (1, 10, 0) > (parse_version("1.9.9") or ())
    assert parse_version("1.0") is None and parse_version("v1.0.0") is None


def test_downloads_change_only_where_a_shown_field_changed(project: Path) -> None:
    (project / "checklists/healthcare.yml").write_text(
        "id: healthcare\ntitle: Healthcare\nsummary: For hospitals and clinics.\nsector: healthcare\n"
        "introduction: A hospital.\nselect:\n  - sectors: [healthcare]\n",
        encoding="utf-8",
    )
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "base")
    edit(project, IAM, "Keep break-glass accounts with hardware keys.", "Keep two break-glass accounts.")
    edit(project, IAM, "nist-csf-2.0: [PR.AA-03]", "nist-csf-2.0: [PR.AA-01]")
    review = compare(snapshot(project, "HEAD"), snapshot(project, None))
    assert [(c.id, c.fields) for c in review.controls] == [("IAM-001", ("sectors", "references"))]
    # The baseline shows no sector notes and no references: its downloads do not change.
    assert [(c.id, c.changed) for c in review.checklists] == [("healthcare", ("IAM-001",))]
