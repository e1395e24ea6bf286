"""The real catalogue, every checklist, every format: the one test that renders big PDFs.

Other engineers' control files may not validate yet; those files are removed from a copy
(the test says which, and skips if anything else is wrong), so this tests the downloads.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from generator.catalogue import LoadResult, load_catalogue
from generator.downloads import file_names, write_all_downloads
from generator.downloads.cells import restore
from generator.model import Catalogue, Control
from generator.select import all_checklists
from tests.conftest import REPO


def _clean_copy(tmp_path: Path) -> LoadResult:
    root = tmp_path / "real"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "checklists", root / "checklists")
    for _ in range(5):
        result = load_catalogue(root)
        offending = {d.path for d in result.diagnostics}
        if not offending:
            return result
        if not all(p.startswith("content/controls/") for p in offending):
            pytest.skip(f"the catalogue has errors outside control files: {sorted(offending)[:3]}")
        for path in offending:
            (root / path).unlink()
    pytest.skip("the catalogue still has errors after removing the offending control files")


def _backslashes(control: Control, sector: str) -> int:
    """Backslashes in the fields a Markdown checklist prints (title, summary, steps, evidence, sector note)."""
    texts = [control.title, control.summary, control.sectors.get(sector, "")]
    texts += [t for v in control.verification for t in (v.step, v.evidence)]
    return sum(t.count("\\") for t in texts)


def test_every_download_of_the_real_catalogue(tmp_path: Path) -> None:
    result = _clean_copy(tmp_path)
    out = tmp_path / "downloads"
    write_all_downloads(result.catalogue, out)
    checklists = all_checklists(result.catalogue)
    assert {c.id for c in checklists} >= {"baseline", "logistics", "saas", "healthcare"}
    for checklist in checklists:
        names = file_names(checklist.id)
        ids = list(checklist.control_ids)
        data = json.loads((out / names["json"]).read_text(encoding="utf-8"))
        assert sorted(c["id"] for c in data["controls"]) == sorted(ids)
        rows = list(csv.DictReader(io.StringIO((out / names["csv"]).read_text(encoding="utf-8"), newline="")))
        assert [(r["id"], restore(r["title"])) for r in rows] == [(c["id"], c["title"]) for c in data["controls"]]
        markdown = (out / names["md"]).read_text(encoding="utf-8")
        # Read raw, the Markdown is plain text: 0.1.0 had 735 escaping backslashes in saas.md alone.
        # Backslashes the content itself holds (Windows registry paths in steps) are not escapes.
        own = sum(_backslashes(result.catalogue.control(i), checklist.sector) for i in ids)
        assert markdown.count("\\") - own < 10, names["md"]
        assert "- References: " in markdown and "HIPAA" in rows[0]
        sheet = openpyxl.load_workbook(out / names["xlsx"])["Checklist"]
        assert [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)] == [r["id"] for r in rows]
        if shutil.which("pdftotext"):
            for label in ("pdf", "pdf-letter"):
                text = subprocess.run(["pdftotext", str(out / names[label]), "-"], capture_output=True, check=True)
                missing = [i for i in ids if i not in text.stdout.decode("utf-8")]
                assert not missing, f"{names[label]} lacks {missing}"


def test_the_saas_markdown_and_json_carry_its_scenario_and_regulations(real_catalogue: Catalogue) -> None:
    from generator.downloads import json_export, markdown_export
    from generator.select import build_checklist

    definition = next(d for d in real_catalogue.checklists if d.id == "saas")
    assert definition.regulations, "the SaaS checklist names its regulations"
    checklist = build_checklist(real_catalogue, definition)
    first_sentence = " ".join(definition.introduction.split()).split(". ", 1)[0] + "."
    markdown = markdown_export.render(checklist, real_catalogue.frameworks).decode("utf-8")
    document = json.loads(json_export.render(checklist, real_catalogue.frameworks))["checklist"]
    assert first_sentence in markdown
    assert first_sentence in " ".join(document["introduction"].split())
    for regulation in definition.regulations:
        assert f"\n### {markdown_export.escape(regulation.name)}\n" in markdown
    assert [r["name"] for r in document["regulations"]] == [r.name for r in definition.regulations]
    # Before the first tier, so a reader meets the scenario and the duties first.
    assert markdown.index("## Regulations and obligations") < markdown.index("## First tier")
    # A control a regulation requires says which, in both files.
    required = {i.control.id: i.required_by for i in checklist.items if i.required_by}
    assert required, "the SaaS checklist marks a control its regulations require"
    records = {c["id"]: c["required_by"] for c in json.loads(json_export.render(checklist))["controls"]}
    for control_id, names in required.items():
        assert records[control_id] == list(names)
        item = markdown.split(f"[{control_id}]", 1)[1].split("- [ ]", 1)[0]
        assert f"  - Required by: {'; '.join(markdown_export.escape(n) for n in names)}\n" in item
