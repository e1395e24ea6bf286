"""Accessibility and validity: axe-core and the Nu HTML Checker find nothing on four kinds of page.

axe-core runs inside Chromium (its ``axe.min.js`` loaded into the page), in the light and the
dark scheme; the Nu HTML Checker runs with Java on the built files. Both come from npm
(``package.json``), installed by ``make test-setup``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator.model import Catalogue
from tests.site.conftest import NODE_MODULES, inject_axe, require_tool

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _pages(cat: Catalogue) -> list[str]:
    """Home, a control page, a sector checklist and the largest framework page, plus one page of
    every other kind: layer, component, threat, incident, lifecycle stage, the method and a worked
    example, the mapper, the changelog."""
    control = next(c for c in cat.active_controls if c.sectors)
    sector = next(d for d in cat.checklists if d.sector)
    framework = max(cat.frameworks, key=lambda f: len(f.items))
    return [
        "",
        f"controls/{control.id}/",
        f"checklists/{sector.id}/",
        f"frameworks/{framework.key}/",
        f"layers/{cat.layers[0].id}/",
        f"components/{cat.components[0].id}/",
        f"threats/{cat.threats[0].id}/",
        f"incidents/{cat.incidents[0].id}/",
        f"lifecycle/{cat.lifecycle[0].id}/",
        "start-here/",
        "method/",
        "method/logistics-route-optimiser/",
        "mapper/",
        "changelog/",
    ]


def _violations(page: Any) -> list[str]:
    inject_axe(page)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(
    page: Any, site_url: str, real_catalogue: Catalogue, scheme: str, offsite_requests: list[str]
) -> None:
    require_tool(AXE, "axe-core")
    page.emulate_media(color_scheme=scheme)
    problems = {}
    for path in _pages(real_catalogue):
        page.goto(site_url + path)
        found = _violations(page)
        if found:
            problems[path or "/"] = found
    assert not problems, json.dumps(problems, indent=1)
    assert offsite_requests == []


def test_nu_html_checker_finds_no_errors(built_site: Path, real_catalogue: Catalogue) -> None:
    require_tool(VNU, "vnu-jar")
    java = shutil.which("java")
    require_tool(Path(java or "/usr/bin/java"), "Java")
    files = [str(built_site / path / "index.html") for path in _pages(real_catalogue)]
    run = subprocess.run(
        [java or "java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).parent.name}: {m['message']} ({m.get('extract', '')!r})" for m in messages]
    assert not errors, "\n".join(errors)
