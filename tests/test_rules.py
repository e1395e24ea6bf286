"""Cross-file rules: framework references, and what a broken vocabulary does to the rest."""

from __future__ import annotations

from pathlib import Path

from generator.catalogue import load_catalogue
from generator.rules import reference_problem


def test_reference_problems_name_the_fix(project: Path) -> None:
    csf = load_catalogue(project).catalogue.framework("nist-csf-2.0")
    assert reference_problem(csf, "PR.AA-03") is None
    code, message, hint = reference_problem(csf, "PR.AC-01") or ("", "", "")
    assert (code, message) == ("withdrawn-reference", "nist-csf-2.0 PR.AC-01 is withdrawn")
    assert "PR.AA-01" in hint and "PR.AA-05" in hint
    code, message, hint = reference_problem(csf, "PR.AA-3") or ("", "", "")
    assert code == "unknown-reference" and "PR.AA-03" in hint


def test_a_broken_vocabulary_reports_its_own_error_not_every_reference(project: Path) -> None:
    (project / "content/components.yml").write_text("components: [\n", encoding="utf-8")
    diagnostics = load_catalogue(project).diagnostics
    assert [(d.path, d.code) for d in diagnostics] == [("content/components.yml", "yaml-syntax")]


def test_retired_control_keeps_its_id_taken(project: Path) -> None:
    iam = project / "content/controls/identity/IAM-001.yml"
    iam.write_text(
        iam.read_text().replace(
            "status: active", "status: retired\nretired_in: 0.2.0\nretired_reason: Folded into policy."
        ),
        encoding="utf-8",
    )
    (project / "content/controls/identity/IAM-002.yml").write_text(
        iam.read_text()
        .replace("id: IAM-001", "id: IAM-002")
        .replace("status: retired", "status: active")
        .replace("retired_in: 0.2.0\nretired_reason: Folded into policy.\n", ""),
        encoding="utf-8",
    )
    result = load_catalogue(project)
    assert result.diagnostics == []
    assert [(c.id, c.status) for c in result.catalogue.controls] == [
        ("HST-001", "active"),
        ("IAM-001", "retired"),
        ("IAM-002", "active"),
    ]


def test_a_step_names_only_known_platforms(project: Path) -> None:
    hst = project / "content/controls/hosting/HST-001.yml"
    hst.write_text(
        hst.read_text().replace(
            "    evidence: Screenshot of the setting.",
            "    evidence: Screenshot of the setting.\n    platforms: [aws, supabse]",
        ),
        encoding="utf-8",
    )
    result = load_catalogue(project)
    assert [(d.path, d.code, d.message) for d in result.diagnostics] == [
        ("content/controls/hosting/HST-001.yml", "unknown-reference", "unknown platform 'supabse'")
    ]
    assert "did you mean 'supabase'" in result.diagnostics[0].hint
    step = result.catalogue.control("HST-001").verification[0]
    assert step.platforms == ("aws", "supabse")
    assert step.fits("aws") and not step.fits("azure") and not step.fits("")


def test_a_step_without_platforms_fits_every_platform(project: Path) -> None:
    step = load_catalogue(project).catalogue.control("HST-001").verification[0]
    assert step.platforms == () and step.fits("aws") and step.fits("")
