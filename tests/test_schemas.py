"""The JSON Schemas themselves: valid, and every YAML file points editors at its schema."""

from __future__ import annotations

from pathlib import Path

from generator.schemas import SCHEMA_DIR, check_schemas

REPO = Path(__file__).resolve().parent.parent


def test_every_schema_is_a_valid_json_schema() -> None:
    assert check_schemas() == []
    assert len(list(SCHEMA_DIR.glob("*.schema.json"))) >= 10


def test_every_yaml_file_starts_with_its_schema_line() -> None:
    files = [*REPO.glob("content/**/*.yml"), *REPO.glob("checklists/**/*.yml"), *REPO.glob("tests/fixtures/**/*.yml")]
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        if "fixtures" in path.parts:
            continue  # fixture projects use the repository's schemas
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: schema line points to missing {target}"
