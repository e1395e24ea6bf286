"""Assembling the model: files found where they belong, typed objects in a stable order."""

from __future__ import annotations

from pathlib import Path

from generator.catalogue import load_catalogue


def test_the_model_holds_every_file_kind(project: Path) -> None:
    result = load_catalogue(project)
    assert result.ok
    cat = result.catalogue
    assert cat.info.version == "0.1.0"
    assert [layer.prefix for layer in cat.layers] == ["HST", "IAM"]
    assert [s.id for s in cat.lifecycle] == ["storage", "deployment"]
    assert [c.id for c in cat.controls] == ["HST-001", "IAM-001"]
    iam = cat.control("IAM-001")
    assert iam.layer == "identity" and iam.path == "content/controls/identity/IAM-001.yml"
    assert iam.references == {"nist-csf-2.0": ("PR.AA-03",), "owasp-llm-2025": ("LLM02:2025",)}
    assert iam.verification[0].evidence == "Export of the policy."
    assert cat.checklists[0].rules[0].priorities == ("essential",)
    assert cat.incidents[0].sources[0].url == "https://example.org/report"
    content_files = [*project.glob("content/**/*.yml"), *project.glob("checklists/*.yml")]
    assert sorted(result.documents) == sorted(p.relative_to(project).as_posix() for p in content_files)


def test_files_out_of_place_are_reported(project: Path) -> None:
    (project / "content/controls/IAM-009.yml").write_text("id: IAM-009\n", encoding="utf-8")
    (project / "checklists/notes.txt").write_text("scratch\n", encoding="utf-8")
    codes = {(d.path, d.code) for d in load_catalogue(project).diagnostics}
    assert codes == {("content/controls/IAM-009.yml", "unexpected-file"), ("checklists/notes.txt", "unexpected-file")}
