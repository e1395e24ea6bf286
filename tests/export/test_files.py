"""The set of export files the site publishes."""

from __future__ import annotations

from generator.export.files import export_files, map_library_file, profile_file
from generator.export.oscal_common import CATALOG_FILE
from generator.model import Catalogue
from generator.select import Checklist, all_checklists


def test_every_checklist_and_map_gets_its_files(real_catalogue: Catalogue, example_maps: list[Checklist]) -> None:
    files = export_files(real_catalogue, example_maps)
    expected = {CATALOG_FILE, "ambit-ciso-assistant.yaml", "ambit-ciso-assistant-mappings.yaml"}
    expected |= {profile_file(c.id) for c in [*all_checklists(real_catalogue), *example_maps]}
    expected |= {map_library_file(c.id) for c in example_maps}
    assert set(files) == expected
    assert all(files.values())
    assert export_files(real_catalogue, example_maps) == files
