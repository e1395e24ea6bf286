"""The generated pages: which exist, what each says, and how they link to each other."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest

from generator.catalogue import load_catalogue
from generator.model import Catalogue
from generator.site import uris
from generator.site.changelog import releases, version_key
from generator.site.coverage import coverage
from generator.site.nav import build_nav
from generator.site.pages import generate_pages
from generator.site.relations import build_relations

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "minimal"


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    result = load_catalogue(FIXTURE)
    assert result.ok, result.diagnostics
    return result.catalogue


def _with_retired(cat: Catalogue) -> Catalogue:
    """The fixture catalogue with HST-001 retired in 0.2.0, replaced by IAM-001."""
    hst = cat.control("HST-001")
    retired = dataclasses.replace(
        hst, status="retired", retired_in="0.2.0", superseded_by="IAM-001", retired_reason="Merged into IAM-001."
    )
    iam = dataclasses.replace(cat.control("IAM-001"), changed_in="0.2.0")
    return dataclasses.replace(cat, controls=(iam, retired))


def _nav_uris(items: list[object]) -> set[str]:
    found: set[str] = set()
    for item in items:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                found |= _nav_uris(value if isinstance(value, list) else [value])
    return found


def test_every_kind_of_page_is_generated(cat: Catalogue) -> None:
    pages = generate_pages(cat)
    expected = {
        "index.md",
        "start-here.md",
        "layers/index.md",
        "layers/identity/index.md",
        "layers/hosting/index.md",
        "controls/IAM-001.md",
        "controls/HST-001.md",
        "checklists/index.md",
        "checklists/baseline.md",
        "lifecycle/index.md",
        "components/index.md",
        "threats/index.md",
        "incidents/index.md",
        "incidents/example-exposed-bucket.md",
        "frameworks/index.md",
        "frameworks/nist-csf-2.0.md",
        "frameworks/owasp-llm-2025.md",
        "contributing.md",
        "changelog.md",
    }
    assert expected <= set(pages)
    assert {f"lifecycle/{s.id}.md" for s in cat.lifecycle} <= set(pages)
    assert {f"components/{c.id}.md" for c in cat.components} <= set(pages)
    assert {f"threats/{t.id}.md" for t in cat.threats} <= set(pages)


def test_nav_holds_every_generated_page_once_but_control_pages(cat: Catalogue) -> None:
    pages = generate_pages(cat)
    nav = build_nav(cat, ["index.md"])
    controls = {f"controls/{c.id}.md" for c in cat.controls}
    assert _nav_uris(nav) == set(pages) - controls
    assert controls <= set(pages)
    titles = [next(iter(entry)) for entry in nav if isinstance(entry, dict)]
    assert titles == [
        "Home",
        "Start here",
        "Layers",
        "Checklists",
        "Lifecycle",
        "Components",
        "Threats",
        "Incidents",
        "Frameworks",
        "Contributing",
        "Changelog",
    ]


def test_each_control_page_links_its_layer_neighbours(cat: Catalogue) -> None:
    pages = generate_pages(cat)
    for layer in cat.layers:
        listed = [c for c in cat.controls if c.layer == layer.id]
        if len(listed) < 2:
            continue
        layer_page = pages[f"layers/{layer.id}/index.md"]
        # The layer page lists every control; each control page links the one after it on that list.
        order = sorted(listed, key=lambda c: layer_page.index(f"{c.id}/"))
        for before, after in itertools.pairwise(order):
            assert f"Next: [{after.id} " in pages[f"controls/{before.id}.md"], (before.id, after.id)
            assert f"Previous: [{before.id} " in pages[f"controls/{after.id}.md"], (after.id, before.id)
        assert "Previous:" not in pages[f"controls/{order[0].id}.md"]
        assert "Next:" not in pages[f"controls/{order[-1].id}.md"]


def test_handwritten_method_pages_are_linked_only_when_they_exist(cat: Catalogue) -> None:
    assert "method/" not in generate_pages(cat)["start-here.md"]
    page = generate_pages(cat, handwritten=["method/index.md"])["start-here.md"]
    assert "](method/index.md)" in page
    assert "method/index.md" in _nav_uris(build_nav(cat, ["method/index.md"]))


def test_control_page_title_tags_and_fields(cat: Catalogue) -> None:
    page = generate_pages(cat)["controls/IAM-001.md"]
    front = page.split("---")[1]
    assert 'title: "IAM-001 Require phishing-resistant MFA for administrators"' in front
    assert 'tags: ["Identity and access", "Priority: essential", "Healthcare"]' in front
    assert "## What to do" in page and "## Why it matters" in page
    assert '=== "Healthcare"' in page  # sector notes in content tabs
    assert "- [ ] Open the sign-on policy" in page  # verification as a task list
    assert "](../layers/identity/index.md)" in page
    assert "](../components/identity-provider.md)" in page
    assert "](../threats/credential-theft.md)" in page
    assert "https://example.org/ambit/edit/main/content/controls/identity/IAM-001.yml" in page


def test_control_references_link_to_the_framework_row(cat: Catalogue) -> None:
    pages = generate_pages(cat)
    link = re.search(r"\]\((\.\./frameworks/nist-csf-2\.0\.md)#([a-z0-9-]+)\)", pages["controls/IAM-001.md"])
    assert link is not None
    assert f'<span id="{link.group(2)}">PR.AA-03</span>' in pages["frameworks/nist-csf-2.0.md"]


def test_framework_page_summarises_coverage_and_marks_withdrawn_items(cat: Catalogue) -> None:
    page = generate_pages(cat)["frameworks/nist-csf-2.0.md"]
    assert "**2 of 4 items (50%)**" in page
    assert "**2** have no control yet." in page
    assert "Withdrawn items, listed but not counted:\n    1." in page
    assert "<em>Withdrawn</em> (replaced by PR.AA-01, PR.AA-05)" in page
    # Rows are HTML (fast for the engine on a thousand items), linking to the built pages.
    assert '<a href="../../controls/IAM-001/">IAM-001</a>' in page
    assert (
        '<a href="../controls/IAM-001.html">IAM-001</a>'
        in generate_pages(cat, directory_urls=False)["frameworks/nist-csf-2.0.md"]
    )


def test_coverage_counts_only_active_controls(cat: Catalogue) -> None:
    retired = _with_retired(cat)
    fw = retired.framework("nist-csf-2.0")
    cov = coverage(fw, build_relations(retired), uris.item_anchors(fw))
    covered = {i.item.id for i in cov.items if i.controls}
    assert covered == {"PR.AA-03"}  # HST-001's PR.DS-01 no longer counts once it is retired
    assert (cov.covered, cov.uncovered, cov.withdrawn, cov.percent) == (1, 3, 1, 25)


def test_checklist_page_links_its_downloads_relative_to_the_built_page(cat: Catalogue) -> None:
    page = generate_pages(cat)["checklists/baseline.md"]
    for name in (
        "baseline.pdf",
        "baseline-letter.pdf",
        "baseline.xlsx",
        "baseline.csv",
        "baseline.md",
        "baseline.json",
        "baseline.html",
    ):
        assert f'<a href="../../downloads/{name}" download>' in page
    flat = generate_pages(cat, directory_urls=False)["checklists/baseline.md"]
    assert '<a href="../downloads/baseline.pdf" download>' in flat
    # The list is HTML (the engines parse it faster than Markdown), linking to the built pages.
    assert '<a href="../../controls/IAM-001/">IAM-001</a> <strong>' in page
    assert '<a href="../controls/IAM-001.html">IAM-001</a>' in flat


def test_site_relative_links_match_mkdocs_urls() -> None:
    assert uris.site_relative("index.md", "downloads/a.pdf") == "downloads/a.pdf"
    assert uris.site_relative("checklists/saas.md", "downloads/saas.pdf") == "../../downloads/saas.pdf"
    assert uris.site_relative("layers/x/index.md", "downloads/a.pdf") == "../../downloads/a.pdf"
    assert uris.site_relative("checklists/saas.md", "downloads/saas.pdf", directory_urls=False) == (
        "../downloads/saas.pdf"
    )


def test_item_anchors_are_unique_and_url_safe(cat: Catalogue) -> None:
    fw = dataclasses.replace(
        cat.framework("nist-csf-2.0"),
        items=tuple(
            dataclasses.replace(cat.framework("nist-csf-2.0").items[0], id=i) for i in ("IA-2(1)", "IA-2.1", "IA 2 1")
        ),
    )
    anchors = uris.item_anchors(fw)
    assert list(anchors.values()) == ["ia-2-1", "ia-2-1-2", "ia-2-1-3"]


def test_retired_control_keeps_its_page_marked_with_reason_and_successor(cat: Catalogue) -> None:
    pages = generate_pages(_with_retired(cat))
    page = pages["controls/HST-001.md"]
    assert '!!! warning "Retired in 0&#46;2.0"' in page
    assert "Merged into IAM-001." in page
    assert "Replaced by [IAM-001" in page
    assert "controls/HST-001.md" not in pages["checklists/baseline.md"]


def test_changelog_groups_controls_by_version_newest_first(cat: Catalogue) -> None:
    retired = _with_retired(cat)
    assert [r.version for r in releases(retired)] == ["0.2.0", "0.1.0"]
    page = generate_pages(retired)["changelog.md"]
    assert page.index("## 0&#46;2.0") < page.index("## 0&#46;1.0")
    assert "**Changed** (1): [IAM-001](controls/IAM-001.md)" in page
    assert "**Retired** (1):" in page and "replaced by [IAM-001](controls/IAM-001.md)" in page


def test_versions_sort_numerically() -> None:
    assert sorted(["0.10.0", "0.9.0", "1.0.0"], key=version_key) == ["0.9.0", "0.10.0", "1.0.0"]


def test_home_points_each_reader_somewhere(cat: Catalogue) -> None:
    page = generate_pages(cat)["index.md"]
    assert "[Baseline](checklists/baseline.md)" in page
    assert "](start-here.md)" in page and "](contributing.md)" in page


def test_repository_contributing_file_replaces_the_fallback(cat: Catalogue) -> None:
    pages = generate_pages(cat, contributing="---\ntitle: Contributing\n---\n\nHello")
    assert pages["contributing.md"].endswith("Hello")
    assert "contributing.md" not in generate_pages(cat, handwritten=["contributing.md"])


def test_start_here_shows_the_install_and_the_two_commands(cat: Catalogue) -> None:
    page = generate_pages(cat)[uris.START_HERE]
    assert "make dist" in page and "pipx install dist/ambit-*.whl" in page
    assert "ambit map my-system.yml -o out/" in page
    assert "ambit review my-system.yml --component my-bucket -o out/" in page
    assert f"git clone {cat.info.repository}.git" in page
    assert "--catalogue DIR" in page
