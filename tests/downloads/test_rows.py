from __future__ import annotations

import dataclasses

from generator.downloads.rows import control_url, export_rows, layer_groups
from generator.model import Catalogue
from generator.select import Checklist


def test_rows_group_by_layer_in_catalogue_order_then_priority(checklist: Checklist) -> None:
    groups = layer_groups(checklist)
    assert [g.layer for g in groups] == ["hosting", "identity"]
    assert [[p.priority for p in g.priorities] for g in groups] == [["recommended"], ["essential"]]
    assert [r.id for r in export_rows(checklist)] == ["HST-001", "IAM-001"]


def test_rows_carry_sector_notes_and_absolute_urls(checklist: Checklist) -> None:
    rows = {r.id: r for r in export_rows(checklist)}
    assert rows["IAM-001"].sector_note == "Keep break-glass accounts with hardware keys."
    assert rows["IAM-001"].url == "https://ambit.example/site/controls/IAM-001/"
    assert rows["IAM-001"].how_to_verify == "1. Open the sign-on policy for admin groups."


def test_no_link_without_an_https_site_url(catalogue: Catalogue) -> None:
    assert control_url(dataclasses.replace(catalogue.info, site_url=""), "IAM-001") == ""
    assert control_url(dataclasses.replace(catalogue.info, site_url="javascript:alert(1)//"), "IAM-001") == ""
