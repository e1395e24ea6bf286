"""OSCAL importer: JSON and XML catalogs, withdrawn status, links, CSF 1.1 leftovers."""

from __future__ import annotations

import json
from pathlib import Path

from generator.frameworks.__main__ import main
from generator.frameworks.oscal import import_oscal
from generator.frameworks.registry_io import read_registry

SP800_53 = {
    "catalog": {
        "metadata": {"title": "Test SP 800-53", "version": "5.0.1"},
        "groups": [
            {
                "id": "ac",
                "title": "Access Control",
                "controls": [
                    {
                        "id": "ac-2",
                        "class": "SP800-53",
                        "title": "Account Management",
                        "props": [
                            {"name": "label", "value": "AC-2"},
                            {"name": "label", "value": "AC-02", "class": "zero-padded"},
                        ],
                        "controls": [
                            {
                                "id": "ac-2.5",
                                "class": "SP800-53-enhancement",
                                "title": "Inactivity Logout",
                                "props": [{"name": "label", "value": "AC-2(5)"}],
                            },
                            {
                                "id": "ac-2.10",
                                "class": "SP800-53-enhancement",
                                "title": "Shared Account Credential Change",
                                "props": [
                                    {"name": "label", "value": "AC-2(10)"},
                                    {"name": "status", "value": "withdrawn"},
                                ],
                                "links": [{"href": "#ac-2_smt.k", "rel": "incorporated-into"}],
                            },
                        ],
                    },
                    {
                        "id": "ac-13",
                        "class": "SP800-53",
                        "title": "Supervision and Review",
                        "props": [
                            {"name": "label", "value": "AC-13"},
                            {"name": "status", "value": "withdrawn"},
                        ],
                        "links": [
                            {"href": "#ac-2", "rel": "incorporated-into"},
                            {"href": "#ac-2.5", "rel": "moved-to"},
                            {"href": "#ac-2", "rel": "related"},
                        ],
                    },
                ],
            }
        ],
    }
}

CSF_XML = """<?xml version="1.0" encoding="UTF-8"?>
<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="x">
  <metadata><title>CSF test</title><version>1.0.0</version></metadata>
  <group id="PR" class="function">
    <title>PROTECT</title>
    <prop name="label" value="PROTECT (PR)"/>
    <control id="PR.AA" class="category">
      <title>Identity Management</title>
      <prop name="label" value="Identity Management (PR.AA)"/>
      <part id="PR.AA_statement" name="statement"><p>Access is limited</p></part>
      <control id="PR.AA-01" class="subcategory">
        <title>PR.AA-01</title>
        <prop name="label" value="PR.AA-01"/>
        <part id="PR.AA-01_statement" name="statement">
          <p>Identities and credentials
             are managed</p>
        </part>
        <part id="PR.AA-01.001" name="example"><p>Initiate requests</p></part>
      </control>
    </control>
    <control id="PR.AC" class="category">
      <title>Identity Management and Access Control</title>
      <prop name="label" value="Identity Management and Access Control (PR.AC)"/>
      <part id="PR.AC_statement" name="statement"></part>
      <control id="PR.AC-01" class="subcategory">
        <title>PR.AC-01</title>
        <prop name="label" value="PR.AC-01"/>
        <part id="PR.AC-01_statement" name="statement"><p>Identities are issued</p></part>
      </control>
    </control>
  </group>
</catalog>
"""


def test_json_catalog_items_labels_and_withdrawn(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(SP800_53), encoding="utf-8")
    items = {item.id: item for item in import_oscal(path).items}
    assert list(items) == ["AC", "AC-2", "AC-2(5)", "AC-2(10)", "AC-13"]
    assert items["AC"].kind == "family"
    assert items["AC-2"].kind == "control" and items["AC-2"].parent == "AC"
    assert items["AC-2(5)"].kind == "enhancement" and items["AC-2(5)"].parent == "AC-2"
    assert items["AC-2(10)"].withdrawn and items["AC-2(10)"].replaced_by == ("AC-2",)
    assert items["AC-13"].withdrawn and items["AC-13"].replaced_by == ("AC-2", "AC-2(5)")
    assert not items["AC-2"].withdrawn


def test_xml_catalog_detects_csf_11_leftovers(tmp_path: Path) -> None:
    path = tmp_path / "csf.xml"
    path.write_text(CSF_XML, encoding="utf-8")
    items = {item.id: item for item in import_oscal(path).items}
    assert list(items) == ["PR", "PR.AA", "PR.AA-01", "PR.AC", "PR.AC-01"]
    assert items["PR"].kind == "function" and items["PR"].title == "PROTECT"
    assert items["PR.AA-01"].title == "Identities and credentials are managed"
    assert items["PR.AA-01"].status == "active" and items["PR.AA"].status == "active"
    assert items["PR.AC"].withdrawn and items["PR.AC-01"].withdrawn
    assert items["PR.AC-01"].title == "Identities are issued"


def test_merge_adds_controls_and_reports_undefined_references(tmp_path: Path) -> None:
    base = tmp_path / "base.json"
    base.write_text(json.dumps(SP800_53), encoding="utf-8")
    later = {
        "catalog": {
            "metadata": {"title": "later", "version": "5.1.1"},
            "groups": [
                {
                    "id": "ac",
                    "title": "Access Control",
                    "controls": [
                        {
                            "id": "ac-2.14",
                            "class": "SP800-53-enhancement",
                            "title": "New Enhancement",
                            "props": [{"name": "label", "value": "AC-2(14)"}],
                            "links": [{"href": "#ia-13", "rel": "related"}],
                        }
                    ],
                }
            ],
        }
    }
    extra = tmp_path / "later.json"
    extra.write_text(json.dumps(later), encoding="utf-8")
    result = import_oscal(base, (extra,))
    assert "AC-2(14)" in [item.id for item in result.items]
    assert result.undefined_references == ["ia-13"]


def test_cli_import_writes_registry_and_reports_changes(tmp_path: Path, capsys: object) -> None:
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(SP800_53), encoding="utf-8")
    extra = tmp_path / "extra.yml"
    extra.write_text(
        "items:\n  - id: AC-2(20)\n    title: Later\n    status: active\n    parent: AC-2\n",
        encoding="utf-8",
    )
    args = ["import", "oscal", str(catalog), "--key", "nist-sp-800-53-r5", "--root"]
    args += [str(tmp_path), "--retrieved", "2026-11-25", "--extra", str(extra)]
    assert main(args) == 0
    path = tmp_path / "content" / "frameworks" / "nist-sp-800-53-r5.yml"
    first = path.read_bytes()
    assert first.startswith(b"# yaml-language-server: $schema=../schema/framework.schema.json\n")
    registry = read_registry(path)
    assert registry is not None
    assert [i.id for i in registry.items][-3:] == ["AC-2(10)", "AC-2(20)", "AC-13"]
    # A second run with the same input writes the same bytes and reports no change.
    assert main(args) == 0
    assert path.read_bytes() == first
    assert "no changes to items" in capsys.readouterr().out  # type: ignore[attr-defined]


def test_cli_usage_errors(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    assert main(["import", "oscal", str(missing), "--key", "x", "--root", str(tmp_path)]) == 2
    catalog = tmp_path / "c.json"
    catalog.write_text(json.dumps(SP800_53), encoding="utf-8")
    # An unknown key without header flags cannot produce a valid registry.
    assert main(["import", "oscal", str(catalog), "--key", "new-fw", "--root", str(tmp_path)]) == 2
