"""Checklists for the download tests, built in memory from the minimal fixture project."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.catalogue import load_catalogue
from generator.model import Catalogue, Control, Regulation, VerificationStep
from generator.select import Checklist, ChecklistItem, build_checklist

HOSTILE_TITLE = '=HYPERLINK("https://evil.example/x","click") [a](javascript:alert(1)) <script>alert(1)</script>'
HOSTILE_NOTE = "-2+3 and <img src=x onerror=alert(1)> [link](https://evil.example/) www.evil.example"
HOSTILE_INTRO = (
    '=HYPERLINK("https://evil.example/x","click") opens the scenario. <script>alert(1)</script>\n\n'
    '[click me](javascript:alert(2)) <img src=x onerror=alert(3)> <b>raw</b> <a href="javascript:alert(4)">a</a>'
)
HOSTILE_REGULATIONS = (
    Regulation(
        name="=cmd|' /C calc'!A0 <script>alert(5)</script>",
        note='+SUM(1) [x](javascript:alert(6)) <iframe src="https://evil.example/"></iframe>',
        url="javascript:alert(7)",
    ),
    Regulation(
        name="@Act <b>bold</b>",
        note="-1 <style>body{display:none}</style>\n\n[evil](https://evil.example/)",
        url='https://evil.example/" onmouseover="alert(8)',
    ),
    Regulation(name="Plain Act", note="An ordinary note.", url="https://law.example/act"),
)
"""An introduction and regulations that try formula, link, HTML and Markdown injection; the last
regulation's address is the only one safe to link."""


@pytest.fixture(scope="session")
def real_catalogue() -> Catalogue:
    """The project's own catalogue, loaded once per test session."""
    from tests.conftest import REPO

    result = load_catalogue(REPO)
    assert not result.diagnostics, result.diagnostics
    return result.catalogue


@pytest.fixture
def catalogue(project: Path) -> Catalogue:
    """The fixture catalogue, with a site URL so that IDs link to their pages."""
    result = load_catalogue(project)
    assert not result.diagnostics, result.diagnostics
    info = dataclasses.replace(result.catalogue.info, site_url="https://ambit.example/site/")
    return dataclasses.replace(result.catalogue, info=info)


@pytest.fixture
def checklist(catalogue: Catalogue) -> Checklist:
    """Both fixture controls (one per layer and priority), IAM-001 with a healthcare note."""
    definition = dataclasses.replace(
        catalogue.checklists[0], sector="healthcare", rules=(), include=("HST-001", "IAM-001")
    )
    return build_checklist(catalogue, definition)


def hostile_control(base: Control) -> Control:
    """A control whose text tries formula, link, HTML and Markdown injection."""
    return dataclasses.replace(
        base,
        id="IAM-002",
        title=HOSTILE_TITLE,
        summary="@SUM(1+1) *bold* `code`",
        verification=(VerificationStep(step="+cmd|' /C calc'!A0", evidence="\tTabbed evidence"),),
        sectors={"healthcare": HOSTILE_NOTE},
    )


@pytest.fixture
def hostile(catalogue: Catalogue, checklist: Checklist) -> Checklist:
    """The checklist plus a hostile control, with ``applies_to`` entries as a system map sets them."""
    bad = hostile_control(catalogue.control("IAM-001"))
    items = (
        *checklist.items,
        ChecklistItem(control=bad, sector_note=HOSTILE_NOTE, applies_to=("route-history (object storage)", "=1+1")),
    )
    return dataclasses.replace(checklist, items=items)


def with_hostile_about(checklist: Checklist) -> Checklist:
    """``checklist`` with :data:`HOSTILE_INTRO` and :data:`HOSTILE_REGULATIONS`."""
    assert checklist.definition is not None
    definition = dataclasses.replace(checklist.definition, introduction=HOSTILE_INTRO, regulations=HOSTILE_REGULATIONS)
    return dataclasses.replace(checklist, introduction=HOSTILE_INTRO, definition=definition)


@pytest.fixture
def hostile_about(hostile: Checklist) -> Checklist:
    """The hostile checklist whose introduction and regulation notes are hostile too."""
    return with_hostile_about(hostile)
