from __future__ import annotations

import dataclasses
import json

import pytest
from jsonschema import Draft202012Validator

from generator.downloads import json_export
from generator.downloads.guards import DownloadError
from generator.downloads.references import SHORT_NAMES
from generator.model import Catalogue
from generator.select import Checklist


def test_json_is_valid_against_the_published_schema(hostile: Checklist) -> None:
    Draft202012Validator.check_schema(json_export.schema())
    data = json.loads(json_export.render(hostile))
    Draft202012Validator(json_export.schema()).validate(data)
    assert data["catalogue"] == {
        "name": "Ambit test fixture",
        "version": "0.1.0",
        "date": "2026-01-15",
        "site_url": "https://ambit.example/site/",
    }
    assert [c["id"] for c in data["controls"]] == ["HST-001", "IAM-001", "IAM-002"]
    assert data["controls"][2]["applies_to"] == ["route-history (object storage)", "=1+1"]


def test_json_keeps_contributor_text_as_data(hostile: Checklist) -> None:
    from tests.downloads.conftest import HOSTILE_TITLE

    data = json.loads(json_export.render(hostile))
    assert data["controls"][2]["title"] == HOSTILE_TITLE  # JSON consumers escape for their own context


def test_guard_rejects_a_missing_control(checklist: Checklist) -> None:
    with pytest.raises(DownloadError, match="missing IAM-999"):
        json_export.check(json_export.render(checklist), (*checklist.control_ids, "IAM-999"))


def test_frameworks_name_the_reference_keys_in_csv_column_order(catalogue: Catalogue, checklist: Checklist) -> None:
    data = json.loads(json_export.render(checklist, catalogue.frameworks))
    assert [f["short_name"] for f in data["frameworks"]] == [name for _, name in SHORT_NAMES]
    csf = next(f for f in data["frameworks"] if f["key"] == "nist-csf-2.0")
    assert csf == {
        "key": "nist-csf-2.0",
        "short_name": "NIST CSF 2.0",
        "name": "NIST Cybersecurity Framework",
        "version": "2.0",
    }
    json_export.check(json_export.render(checklist, catalogue.frameworks), checklist.control_ids)


def test_the_checklist_object_carries_the_introduction_and_regulations_as_data(hostile_about: Checklist) -> None:
    from tests.downloads.conftest import HOSTILE_INTRO, HOSTILE_REGULATIONS

    data = json.loads(json_export.render(hostile_about))
    Draft202012Validator(json_export.schema()).validate(data)
    checklist = data["checklist"]
    assert list(checklist) == ["id", "title", "summary", "sector", "introduction", "regulations"]
    assert checklist["introduction"] == HOSTILE_INTRO  # JSON consumers escape for their own context
    assert checklist["regulations"] == [{"name": r.name, "note": r.note, "url": r.url} for r in HOSTILE_REGULATIONS]


def test_a_checklist_without_regulations_has_an_empty_list(checklist: Checklist) -> None:
    data = json.loads(json_export.render(checklist))
    assert data["checklist"]["introduction"] == "The controls every AI system needs."
    assert data["checklist"]["regulations"] == []


def test_each_control_lists_the_regulations_that_require_it(checklist: Checklist) -> None:
    names = ("HIPAA Security Rule", "<script>x</script>")
    items = (dataclasses.replace(checklist.items[0], required_by=names), *checklist.items[1:])
    data = json.loads(json_export.render(dataclasses.replace(checklist, items=items)))
    Draft202012Validator(json_export.schema()).validate(data)
    by_id = {c["id"]: c["required_by"] for c in data["controls"]}
    assert by_id == {checklist.items[0].control.id: list(names), **{i.control.id: [] for i in checklist.items[1:]}}
    assert list(data["controls"][0])[4:6] == ["priority", "required_by"]
