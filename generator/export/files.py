"""Every export file, by file name: what ``ambit build`` publishes in ``site/downloads/``.

- ``ambit-oscal-catalog.json``: the whole catalogue as an OSCAL catalog;
- ``ambit-oscal-profile-<checklist>.json``: one OSCAL profile per sector checklist;
- ``ambit-oscal-profile-<map checklist>.json``: one per worked example map, passed in by the
  caller (the build has them already);
- ``ambit-ciso-assistant.yaml``: the CISO Assistant library, and
  ``ambit-ciso-assistant-mappings.yaml``: its mappings to the frameworks CISO Assistant ships;
- ``ambit-ciso-assistant-<map checklist>.yaml``: a worked example map's checklist, tiers as groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.downloads.files import write_atomic
from generator.export.ciso_assistant import (
    LIBRARY_FILE,
    MAPPINGS_FILE,
    map_library,
    render_library,
    render_mappings,
    render_yaml,
)
from generator.export.oscal_catalog import render_catalog
from generator.export.oscal_common import CATALOG_FILE
from generator.export.oscal_profile import checklist_profile, map_profile, tailored_from_checklist
from generator.model import Catalogue
from generator.select import Checklist, all_checklists


def profile_file(checklist_id: str) -> str:
    """The file name of a checklist's OSCAL profile."""
    return f"ambit-oscal-profile-{checklist_id}.json"


def map_library_file(checklist_id: str) -> str:
    """The file name of a map checklist's CISO Assistant library."""
    return f"ambit-ciso-assistant-{checklist_id}.yaml"


def oscal_files(cat: Catalogue, maps: Sequence[Checklist] = ()) -> dict[str, bytes]:
    """The catalog, a profile per sector checklist and one per map checklist in ``maps``."""
    files = {CATALOG_FILE: render_catalog(cat)}
    for checklist in all_checklists(cat):
        files[profile_file(checklist.id)] = checklist_profile(checklist)
    for checklist in maps:
        name = profile_file(checklist.id)
        if name in files:
            raise ValueError(f"map checklist '{checklist.id}' would overwrite {name}")
        files[name] = map_profile(checklist.info, checklist.title, tailored_from_checklist(checklist))
    return files


def ciso_assistant_files(cat: Catalogue, maps: Sequence[Checklist] = ()) -> dict[str, bytes]:
    """The CISO Assistant library, its mappings library and a library per map checklist in ``maps``."""
    files = {LIBRARY_FILE: render_library(cat)}
    mappings = render_mappings(cat)
    if mappings is not None:
        files[MAPPINGS_FILE] = mappings
    for checklist in maps:
        files[map_library_file(checklist.id)] = render_yaml(map_library(cat, checklist))
    return files


def export_files(cat: Catalogue, maps: Sequence[Checklist] = ()) -> dict[str, bytes]:
    """Every export: the OSCAL files and the CISO Assistant libraries."""
    return {**oscal_files(cat, maps), **ciso_assistant_files(cat, maps)}


def publish(cat: Catalogue, root: Path, folder: Path) -> list[str]:
    """Write every export into ``folder`` (the site's ``downloads/``), the worked examples' maps included.

    Returns the names written. Each file is written atomically, after all are rendered.
    """
    from generator.systemmap.site import load_examples

    files = export_files(cat, [ex.checklist for ex in load_examples(cat, root)])
    for name, data in sorted(files.items()):
        write_atomic(folder / name, data)
    return sorted(files)


@dataclass(frozen=True)
class SiteExport:
    """One published export file, as the site's download section lists it."""

    name: str
    tool: str
    """Which tool reads it, and how."""
    holds: str


def site_exports(checklist_ids: Sequence[str]) -> list[SiteExport]:
    """The catalogue-wide export files, in the order the site lists them."""
    rows = [
        SiteExport(
            CATALOG_FILE,
            "Any OSCAL 1.1 tool, e.g. compliance-trestle (`trestle import -f ambit-oscal-catalog.json -o ambit`)",
            "The whole catalogue as an OSCAL catalog: a group per layer, a control per Ambit control with its "
            "statement, guidance, rationale, verification steps as assessment methods, and its framework references.",
        )
    ]
    rows += [
        SiteExport(
            profile_file(cid),
            "An OSCAL tool that resolves profiles, e.g. `trestle author profile-resolve` (keep it beside the catalog)",
            f"The '{cid}' checklist as an OSCAL profile of the catalog; `sort-id` keeps the checklist's order.",
        )
        for cid in checklist_ids
    ]
    rows += [
        SiteExport(
            LIBRARY_FILE,
            "CISO Assistant: Libraries, then *Add your own library*",
            "The catalogue as a framework: sector checklists, priorities and intake answers as implementation "
            "groups, and the intake questions as a questionnaire that selects them.",
        ),
        SiteExport(
            MAPPINGS_FILE,
            "CISO Assistant, after the library above (it asks for the frameworks it maps to)",
            "Mappings from Ambit's controls to ISO/IEC 27001:2022, NIST CSF 2.0, SP 800-53, SOC 2 and the "
            "AI RMF as CISO Assistant ships them.",
        ),
    ]
    return rows
