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


def _retire(project: Path, reason: str) -> Path:
    """Retire IAM-001 in 0.2.0 for ``reason``; its file."""
    iam = project / "content/controls/identity/IAM-001.yml"
    retired = f"status: retired\nretired_in: 0.2.0\nretired_reason: {reason}"
    iam.write_text(iam.read_text().replace("status: active", retired), encoding="utf-8")
    return iam


def test_retired_control_keeps_its_id_taken(project: Path) -> None:
    iam = _retire(project, "Folded into policy.")
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
            "    evidence: Screenshot of the setting.\n    minutes: 15\n    platforms: [aws, supabse]",
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


ALTERNATIVES = """verification:
  - step: Check the account-level public access setting.
    evidence: Screenshot of the setting.
    minutes: 5
  - step: In the S3 console, open Block Public Access settings for this account.
    evidence: Screenshot of the four settings on.
    minutes: 5
    platforms: [aws]
  - step: In Supabase, open Storage and check each bucket's public flag.
    evidence: Screenshot of the bucket list.
    minutes: {supabase}
    platforms: [supabase]
effort_minutes: {effort}
"""


def _with_alternatives(project: Path, supabase: int, effort: int) -> Path:
    hst = project / "content/controls/hosting/HST-001.yml"
    text = hst.read_text(encoding="utf-8")
    start, end = text.index("verification:"), text.index("references:")
    hst.write_text(text[:start] + ALTERNATIVES.format(supabase=supabase, effort=effort) + text[end:], encoding="utf-8")
    return hst


def test_steps_for_different_platforms_are_alternatives_in_the_effort(project: Path) -> None:
    # Neutral 5 + the longest platform's 10 (Supabase), not 5 + 5 + 10.
    _with_alternatives(project, supabase=10, effort=15)
    result = load_catalogue(project)
    assert result.diagnostics == []
    control = result.catalogue.control("HST-001")
    assert (control.minutes_on("aws"), control.minutes_on("supabase"), control.minutes_on("")) == (10, 15, 5)
    step = control.verification[1]
    assert step.label == "Amazon Web Services" and step.labelled.startswith("Amazon Web Services: In the S3 console")


def test_an_effort_counting_every_platform_is_refused_with_the_right_sum(project: Path) -> None:
    _with_alternatives(project, supabase=10, effort=20)
    (problem,) = load_catalogue(project).diagnostics
    assert problem.code == "step-minutes"
    assert problem.message == "the longest platform's steps take 15, but effort_minutes is 20"
    assert "set effort_minutes: 15" in problem.hint and "alternatives" in problem.hint


def test_steps_for_platforms_without_minutes_are_refused(project: Path) -> None:
    hst = project / "content/controls/hosting/HST-001.yml"
    hst.write_text(
        hst.read_text().replace(
            "    evidence: Screenshot of the setting.", "    evidence: Screenshot of the setting.\n    platforms: [aws]"
        ),
        encoding="utf-8",
    )
    (problem,) = load_catalogue(project).diagnostics
    assert (problem.code, problem.message) == ("step-minutes", "steps written for platforms need their own minutes")


def _with_condition(project: Path, when: str, step_platforms: str = "") -> Path:
    hst = project / "content/controls/hosting/HST-001.yml"
    step = f"\n    minutes: 15\n    platforms: [{step_platforms}]" if step_platforms else ""
    hst.write_text(
        hst.read_text()
        .replace("    evidence: Screenshot of the setting.", "    evidence: Screenshot of the setting." + step)
        .replace("verification:", f"applies_when:\n  platforms: [{when}]\nverification:"),
        encoding="utf-8",
    )
    return hst


def test_a_platform_condition_names_only_known_platforms(project: Path) -> None:
    _with_condition(project, "aws, supabse")
    result = load_catalogue(project)
    assert [(d.path, d.code, d.message) for d in result.diagnostics] == [
        ("content/controls/hosting/HST-001.yml", "unknown-reference", "unknown platform 'supabse'")
    ]
    assert "did you mean 'supabase'" in result.diagnostics[0].hint
    assert (result.diagnostics[0].line, result.diagnostics[0].col) == (12, 20)  # the misspelt id itself


def test_a_platform_condition_loads(project: Path) -> None:
    _with_condition(project, "supabase", step_platforms="supabase")
    result = load_catalogue(project)
    assert result.diagnostics == []
    assert result.catalogue.control("HST-001").applies_when.platforms == ("supabase",)


def test_a_step_for_a_platform_the_condition_leaves_out_is_refused(project: Path) -> None:
    # A review never offers a step for another platform than the component's, and the control is
    # kept only on the condition's platforms: the AWS step could never be offered.
    _with_condition(project, "supabase", step_platforms="aws")
    (problem,) = load_catalogue(project).diagnostics
    assert problem.code == "step-platform"
    assert problem.message == "this step is written for 'aws', but the control applies only on supabase"
    assert "add 'aws' to applies_when.platforms" in problem.hint


def test_a_profile_names_only_known_platforms(project: Path) -> None:
    baseline = project / "checklists/baseline.yml"
    baseline.write_text(baseline.read_text() + "profile:\n  platforms: [aws, supabsae]\n", encoding="utf-8")
    result = load_catalogue(project)
    assert [(d.path, d.code, d.message) for d in result.diagnostics] == [
        ("checklists/baseline.yml", "unknown-reference", "unknown platform 'supabsae'")
    ]
    assert "did you mean 'supabase'" in result.diagnostics[0].hint


def _with_named(project: Path, text: str) -> Path:
    baseline = project / "checklists/baseline.yml"
    baseline.write_text(baseline.read_text() + text, encoding="utf-8")
    return baseline


def test_a_checklist_names_only_known_controls_in_requires_and_risks(project: Path) -> None:
    _with_named(
        project,
        "introduction: An open bucket is the usual way in.\n"
        "regulations:\n  - name: A law\n    note: It requires things.\n    requires: [IAM-001, IAM-010]\n"
        "risks:\n  - risk: an open bucket\n    controls: [HST-002]\n",
    )
    baseline = project / "checklists/baseline.yml"
    baseline.write_text(baseline.read_text().replace("introduction: The controls every AI system needs.\n", ""))
    found = [(d.line, d.col, d.code, d.message) for d in load_catalogue(project).diagnostics]
    # every error in one run, each at the ID itself
    assert found == [
        (11, 25, "unknown-reference", "unknown control 'IAM-010'"),
        (14, 16, "unknown-reference", "unknown control 'HST-002'"),
    ]


def test_a_malformed_control_id_in_risks_is_refused_by_the_schema(project: Path) -> None:
    _with_named(project, "risks:\n  - risk: The controls\n    controls: [HST-01]\n")
    (problem,) = load_catalogue(project).diagnostics
    assert (problem.line, problem.col) == (10, 16)
    assert "IAM-001" in problem.hint  # the form of a control ID


def test_a_control_cannot_be_both_excluded_and_required(project: Path) -> None:
    _with_named(
        project,
        "regulations:\n  - name: A law\n    note: It requires things.\n    requires: [IAM-001]\nexclude: [IAM-001]\n",
    )
    (problem,) = load_catalogue(project).diagnostics
    assert (problem.code, problem.line, problem.col) == ("excluded-but-named", 11, 16)
    assert problem.message == "IAM-001 is excluded from this checklist but regulations names it"
    assert "remove IAM-001 from exclude" in problem.hint


def test_a_retired_control_cannot_be_named_as_a_risk(project: Path) -> None:
    _retire(project, "Split into two controls.\n")
    _with_named(project, "risks:\n  - risk: every AI system\n    controls: [IAM-001]\n")
    problems = [d for d in load_catalogue(project).diagnostics if d.path == "checklists/baseline.yml"]
    assert [(d.code, d.message, d.hint) for d in problems] == [
        ("retired-control", "IAM-001 is retired and cannot be required or named", "remove it")
    ]


def test_a_named_risk_must_be_one_the_introduction_names(project: Path) -> None:
    _with_named(project, "risks:\n  - risk: a weak sign-in\n    controls: [IAM-001]\n")
    (problem,) = load_catalogue(project).diagnostics
    assert (problem.code, problem.line, problem.col) == ("risk-not-in-introduction", 9, 11)
    assert problem.message == "the introduction does not name the risk 'a weak sign-in'"


def _with_obligation(project: Path, controls: str) -> None:
    (project / "content/obligations.yml").write_text(
        "obligations:\n  - id: law\n    name: A law\n    framework: nist-csf-2.0\n    sectors: [healthcare]\n"
        f"    data_kinds: [personal]\n    controls:\n{controls}",
        encoding="utf-8",
    )


def test_an_obligation_lists_only_controls_that_cite_its_item(project: Path) -> None:
    _with_obligation(
        project,
        "      - control: IAM-001\n        item: PR.AA-03\n        why: Users are authenticated.\n"
        "      - control: HST-001\n        item: PR.AA-03\n        why: It does not cite this item.\n"
        "      - control: IAM-009\n        item: PR.AA-03\n        why: A control that does not exist.\n",
    )
    found = [(d.line, d.code, d.message) for d in load_catalogue(project).diagnostics]
    assert found == [
        (12, "uncited-item", "HST-001 does not cite PR.AA-03"),
        (14, "unknown-reference", "unknown control 'IAM-009'"),
    ]
