"""The set of export files the site publishes."""

from __future__ import annotations

from pathlib import Path

from generator.export.files import export_files, map_library_file, profile_file, publish, site_exports
from generator.export.oscal_common import CATALOG_FILE
from generator.model import Catalogue
from generator.select import Checklist, all_checklists
from tests.conftest import REPO


def test_every_checklist_and_map_gets_its_files(real_catalogue: Catalogue, example_maps: list[Checklist]) -> None:
    files = export_files(real_catalogue, example_maps)
    expected = {CATALOG_FILE, "ambit-ciso-assistant.yaml", "ambit-ciso-assistant-mappings.yaml"}
    expected |= {profile_file(c.id) for c in [*all_checklists(real_catalogue), *example_maps]}
    expected |= {map_library_file(c.id) for c in example_maps}
    assert set(files) == expected
    assert all(files.values())
    assert export_files(real_catalogue, example_maps) == files


def test_publish_writes_every_export_with_the_worked_examples(
    real_catalogue: Catalogue, example_maps: list[Checklist], tmp_path: Path
) -> None:
    written = publish(real_catalogue, REPO, tmp_path)
    expected = export_files(real_catalogue, example_maps)
    assert written == sorted(expected)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == expected


def test_the_site_lists_every_catalogue_wide_export(real_catalogue: Catalogue) -> None:
    ids = [c.id for c in all_checklists(real_catalogue)]
    listed = [e.name for e in site_exports(ids)]
    published = set(export_files(real_catalogue))
    assert set(listed) == published  # every file the site publishes for the catalogue is explained
