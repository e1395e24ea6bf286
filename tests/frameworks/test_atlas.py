"""ATLAS importer: tactics, techniques with sub-techniques, mitigations, case studies."""

from __future__ import annotations

from pathlib import Path

from generator.frameworks.__main__ import main
from generator.frameworks.atlas import import_atlas
from generator.frameworks.registry_io import read_registry

ATLAS = """---
id: ATLAS
name: Adversarial Threat Landscape for AI Systems
version: 5.6.0
matrices:
- id: ATLAS
  name: ATLAS Matrix
  tactics:
  - id: AML.TA0004
    name: Initial Access
    object-type: tactic
    created_date: 2022-01-24
  techniques:
  - id: AML.T0010
    name: AI Supply Chain Compromise
    object-type: technique
    tactics:
    - AML.TA0004
  - id: AML.T0010.002
    name: Data
    object-type: technique
    subtechnique-of: AML.T0010
  - id: AML.T0012
    name: Valid Accounts
    object-type: technique
  mitigations:
  - id: AML.M0005
    name: Control Access to AI Models and Data at Rest
    object-type: mitigation
case-studies:
- id: AML.CS0015
  name: Compromised PyTorch Dependency Chain
  object-type: case-study
"""


def test_import_atlas_items(tmp_path: Path) -> None:
    path = tmp_path / "ATLAS.yaml"
    path.write_text(ATLAS, encoding="utf-8")
    result = import_atlas(path)
    assert result.version == "5.6.0"
    kinds = [(i.id, i.kind) for i in result.items]
    assert kinds == [
        ("AML.TA0004", "tactic"),
        ("AML.T0010", "technique"),
        ("AML.T0010.002", "sub-technique"),
        ("AML.T0012", "technique"),
        ("AML.M0005", "mitigation"),
        ("AML.CS0015", "case-study"),
    ]
    sub = result.items[2]
    assert sub.title == "AI Supply Chain Compromise: Data" and sub.parent == "AML.T0010"


def test_cli_import_atlas_is_reproducible(tmp_path: Path) -> None:
    path = tmp_path / "ATLAS.yaml"
    path.write_text(ATLAS, encoding="utf-8")
    args = ["import", "atlas", str(path), "--root", str(tmp_path), "--retrieved", "2026-11-25"]
    assert main(args) == 0
    registry_file = tmp_path / "content" / "frameworks" / "mitre-atlas.yml"
    first = registry_file.read_bytes()
    assert main(args) == 0
    assert registry_file.read_bytes() == first
    registry = read_registry(registry_file)
    assert registry is not None and registry.version == "5.6.0"
    assert registry.retrieved == "2026-11-25"


def test_version_mismatch_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "ATLAS.yaml"
    path.write_text(ATLAS.replace("version: 5.6.0", "version: 5.7.0"), encoding="utf-8")
    assert main(["import", "atlas", str(path), "--root", str(tmp_path)]) == 1
