"""A scripted newcomer: scaffold a control, fill it in, validate, build, and find it everywhere.

Works on a copy of the real catalogue, so it also proves that a new essential control with a
healthcare note reaches the healthcare checklist and its downloads without anyone editing the
checklist definition.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.site.search_index import SEARCH_INDEX, SEARCH_TEXT, merge_split_index
from tests.conftest import REPO, make_buildable

from .helpers import fill

Run = Callable[..., tuple[int, str, str]]

KEYWORD = "quokkaseal"
"""A word that appears nowhere else, to find the new control in every output."""

VALUES = {
    "title": f"Admit only signed model-serving images to production clusters ({KEYWORD})",
    "summary": "The cluster refuses to start a model-serving container whose image is not signed by the "
    f"organisation's build pipeline ({KEYWORD}).",
    "description": "Sign every model-serving image in the CI/CD pipeline with a key held by the pipeline "
    "alone, and enforce signature verification with an admission policy on every production cluster.\n\n"
    "- Record the signing identity in the policy, not a wildcard.\n"
    "- Reject unsigned images in every namespace that serves models, with no exceptions by label.\n",
    "rationale": "An attacker who can push an image to the registry, or who poisons a base image, can run "
    "code next to the model weights and its credentials. A signature check at admission stops an image "
    "that did not come from the organisation's own pipeline.\n",
    "priority": "essential",
    "lifecycle": ["deployment", "inference"],
    "components": ["container-registry", "model-serving", "compute-cluster"],
    "threats": ["software-supply-chain"],
    "sectors": {
        "healthcare": f"Clinical decision-support images count as production ({KEYWORD}): keep the admission "
        "policy on in the hospital's own clusters too.\n"
    },
    "verification": [
        {
            "step": "List the admission policies on each production cluster and open the image-signature policy.",
            "evidence": "Export of the policy showing the trusted signing identity and the namespaces in scope.",
        },
        {
            "step": "Try to start an unsigned test image in a model-serving namespace.",
            "evidence": "The admission denial in the cluster's audit log.",
        },
    ],
    "effort_minutes": 20,
    "references": {
        "nist-csf-2.0": ["ID.RA-09"],
        "nist-sp-800-53-r5": ["CM-14"],
        "owasp-llm-2025": ["LLM03:2025"],
    },
}


@pytest.fixture
def newcomer_root(tmp_path: Path) -> Path:
    """A copy of the repository's content, checklists and site configuration."""
    root = tmp_path / "ambit"
    for folder in ("content", "checklists"):
        shutil.copytree(REPO / folder, root / folder)
    for name in ("CONTRIBUTING.md", "README.md", "LICENSE", "LICENSE-CONTENT"):
        if (REPO / name).exists():  # pages the site may include
            shutil.copy2(REPO / name, root / name)
    make_buildable(root)  # mkdocs.yml with the hook found by absolute path, and site_overrides/
    return root


@pytest.mark.slow
def test_newcomer_adds_a_control_and_finds_it_everywhere(newcomer_root: Path, run_ambit: Run) -> None:
    root = str(newcomer_root)
    code, out, err = run_ambit("--root", root, "validate")
    assert code == 0, f"the repository's own catalogue must validate first:\n{out}{err}"

    code, out, err = run_ambit("--root", root, "new", "control", "--layer", "hosting")
    assert code == 0, err
    created = re.match(r"created (content/controls/hosting/(HST-\d{3,4})\.yml)\n", out)
    assert created, out
    rel, control_id = created.groups()
    path = newcomer_root / rel
    assert run_ambit("--root", root, "validate")[0] == 1  # the stub cannot be merged as it is

    path.write_text(fill(path.read_text(encoding="utf-8"), VALUES), encoding="utf-8")
    code, out, err = run_ambit("--root", root, "validate")
    assert code == 0, out + err

    code, out, err = run_ambit("--root", root, "build")
    assert code == 0, out + err
    site = newcomer_root / "site"

    page = html.unescape((site / "controls" / control_id / "index.html").read_text(encoding="utf-8"))
    assert KEYWORD in page and "CM-14" in page
    assert control_id in (site / "layers" / "hosting" / "index.html").read_text(encoding="utf-8")
    checklist = html.unescape((site / "checklists" / "healthcare" / "index.html").read_text(encoding="utf-8"))
    assert control_id in checklist
    assert "keep the admission policy on in the hospital" in checklist  # the healthcare note

    index = json.loads(merge_split_index((site / SEARCH_INDEX).read_bytes(), (site / SEARCH_TEXT).read_bytes()))
    assert any(KEYWORD in doc.get("text", "") + doc.get("title", "") for doc in index["docs"])

    pytest.importorskip("generator.downloads")
    downloads = site / "downloads"
    csv = (downloads / "healthcare.csv").read_text(encoding="utf-8")
    assert control_id in csv and KEYWORD in csv
    exported = json.loads((downloads / "healthcare.json").read_text(encoding="utf-8"))
    assert control_id in json.dumps(exported)
    assert control_id in (downloads / "healthcare.md").read_text(encoding="utf-8")
    assert (downloads / "healthcare.pdf").stat().st_size > 0
    assert (downloads / "healthcare.xlsx").stat().st_size > 0
