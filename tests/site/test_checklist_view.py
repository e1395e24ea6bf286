"""Checklist views: items grouped by layer in the checklist's order, with the data attributes
the browser's filters and progress read, and contributor text escaped in them."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from generator.catalogue import load_catalogue
from generator.model import Catalogue
from generator.select import all_checklists
from generator.site.checklist_view import Choice, map_view, sector_view
from generator.site.pages import generate_pages
from generator.site.render import environment

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "minimal"


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    result = load_catalogue(FIXTURE)
    assert result.ok, result.diagnostics
    return result.catalogue


def _link(uri: str) -> str:
    return "../" + uri


def _block(view: object) -> str:
    template = '{% from "site/_checklist.md.j2" import checklist_block %}{{ checklist_block(view) }}'
    return environment().from_string(template).render(view=view)


def test_sector_view_groups_by_layer_in_checklist_order(cat: Catalogue) -> None:
    checklist = all_checklists(cat)[0]
    view = sector_view(cat, checklist, _link)
    layer_order = [layer.id for layer in cat.layers]
    assert [g.id for g in view.groups] == [lid for lid in layer_order if any(g.id == lid for g in view.groups)]
    flat = [e.control.id for g in view.groups for e in g.entries]
    assert sorted(flat) == sorted(i.control.id for i in checklist.items)
    assert view.checklist_id == checklist.id and not view.per_component
    html = _block(view)
    ids = re.findall(r'data-control-id="([^"]+)"', html)
    assert ids == flat
    assert f'data-checklist-id="{checklist.id}"' in html
    assert f'data-catalogue-version="{cat.info.version}"' in html
    assert 'data-search-exclude=""' in html


def test_the_checklist_page_has_no_disabled_checkboxes(cat: Catalogue) -> None:
    checklist = all_checklists(cat)[0]
    page = generate_pages(cat)[f"checklists/{checklist.id}.md"]
    assert "- [ ]" not in page
    assert page.count("data-control-id=") == len(checklist.items)


def test_map_view_ranks_items_and_escapes_component_labels(cat: Catalogue) -> None:
    checklist = all_checklists(cat)[0]
    hostile = Choice("evil-box", 'evil-box (<script>alert(1)</script> "x")')
    controls = [i.control for i in checklist.items]
    map_checklist = dataclasses.replace(checklist, id="map-evil", title='Evil <b>"system"</b>')
    view = map_view(cat, map_checklist, [(c, (hostile,)) for c in controls], _link)
    assert view.per_component
    ranks = {e.control.id: e.rank for g in view.groups for e in g.entries}
    assert ranks == {c.id: n for n, c in enumerate(controls, start=1)}
    for group in view.groups:
        assert [e.rank for e in group.entries] == sorted(e.rank for e in group.entries)
    html = _block(view)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'data-per-component="true"' in html
    assert html.count('data-component="evil-box"') == len(controls)


def test_layer_pages_list_their_controls_without_progress(cat: Catalogue) -> None:
    layer = cat.layers[0]
    page = generate_pages(cat)[f"layers/{layer.id}/index.md"]
    assert "data-checklist-id" not in page
    assert "ambit-filters" in page


def test_an_item_a_regulation_requires_says_so_beside_its_priority(cat: Catalogue) -> None:
    checklist = all_checklists(cat)[0]
    names = ("HIPAA Security Rule", "Act <script>alert(1)</script> *x*, Art. 5")
    first = dataclasses.replace(checklist.items[0], required_by=names)
    view = sector_view(cat, dataclasses.replace(checklist, items=(first, *checklist.items[1:])), _link)
    html = _block(view)
    meta = re.findall(r'<p class="ambit-item__meta">(.*?)</p>', html)
    assert meta[0].startswith(f"{first.control.priority}, {first.control.effort_minutes} min to verify. Required by: ")
    assert "HIPAA Security Rule; Act &#60;script&#62;alert&#40;1&#41;&#60;/script&#62; &#42;x&#42;, Art. 5" in meta[0]
    assert "<script" not in html
