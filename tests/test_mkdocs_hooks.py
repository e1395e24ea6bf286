"""Plain ``mkdocs build`` regenerates the site from the YAML through the hooks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def mkdocs_build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(root / "mkdocs.yml"),
            "-d",
            str(root / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
    )


def test_plain_mkdocs_build_renders_controls_from_yaml(project: Path) -> None:
    control = project / "content/controls/identity/IAM-001.yml"
    control.write_text(control.read_text().replace("for administrators", "for administrators everywhere"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "out/controls/IAM-001/index.html").read_text()
    assert "Require phishing-resistant MFA for administrators everywhere" in page


def test_plain_mkdocs_build_fails_with_the_content_errors(project: Path) -> None:
    control = project / "content/controls/identity/IAM-001.yml"
    control.write_text(control.read_text().replace("title:", "titel:"))
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "content/controls/identity/IAM-001.yml:3:1: error[unknown-field]: unknown field 'titel'" in result.stderr
    assert "Traceback" not in result.stderr
