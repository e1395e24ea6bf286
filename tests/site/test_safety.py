"""Nothing a contributor writes can run in a reader's browser, even text that skipped validation.

A hostile catalogue (what the validator would reject) is handed straight to ``ambit build``, and
the built HTML and search index are parsed: no script from content, no event handler attribute,
no ``javascript:`` link.
"""

from __future__ import annotations

import dataclasses
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

import generator.build
from generator.build import build_site
from generator.catalogue import LoadResult, load_catalogue
from generator.model import Catalogue, Regulation, Source, VerificationStep

SCRIPT = "<script>alert('ambit')</script>"
IMG = '<img src=x onerror="alert(1)">'
JS_LINK = "[click](javascript:alert(1))"
HOSTILE = f"{SCRIPT} {IMG} {JS_LINK} <a href='javascript:alert(2)' onclick='alert(3)'>x</a>"


def _hostile(cat: Catalogue) -> Catalogue:
    """Every contributor-written field of the fixture catalogue laced with script."""
    controls = tuple(
        dataclasses.replace(
            c,
            title=f"{c.title} {SCRIPT}",
            summary=HOSTILE,
            description=HOSTILE,
            rationale=HOSTILE,
            sectors={s: HOSTILE for s in c.sectors} or {"healthcare": HOSTILE},
            verification=(VerificationStep(step=HOSTILE, evidence=HOSTILE),),
        )
        for c in cat.controls
    )
    return dataclasses.replace(
        cat,
        info=dataclasses.replace(cat.info, name=f"Ambit {SCRIPT}"),
        layers=tuple(dataclasses.replace(x, name=f"{x.name} {IMG}", description=HOSTILE) for x in cat.layers),
        components=tuple(dataclasses.replace(x, name=f"{x.name} {IMG}", description=HOSTILE) for x in cat.components),
        threats=tuple(dataclasses.replace(x, name=f"{x.name} {SCRIPT}", description=HOSTILE) for x in cat.threats),
        lifecycle=tuple(dataclasses.replace(x, description=HOSTILE) for x in cat.lifecycle),
        incidents=tuple(
            dataclasses.replace(
                x,
                title=f"{x.title} {SCRIPT}",
                summary=HOSTILE,
                what_failed=HOSTILE,
                sources=(Source(title=IMG, url="javascript:alert(4)"),),
            )
            for x in cat.incidents
        ),
        frameworks=tuple(
            dataclasses.replace(
                fw,
                url="javascript:alert(5)",
                items=tuple(dataclasses.replace(i, title=f"{i.title} {SCRIPT}") for i in fw.items),
            )
            for fw in cat.frameworks
        ),
        controls=controls,
        checklists=tuple(
            dataclasses.replace(
                d,
                summary=HOSTILE,
                introduction=HOSTILE,
                regulations=(Regulation(name=IMG, note=HOSTILE, url="javascript:alert(6)"),),
            )
            for d in cat.checklists
        ),
    )


class _Scanner(HTMLParser):
    """Collects the dangerous things a page could hold."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_script = False
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.js_urls.append(value or "")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.scripts.append(data)
        else:
            self.text.append(data)


@pytest.fixture
def hostile_site(minimal_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    valid = load_catalogue(minimal_project)
    assert valid.ok
    hostile = _hostile(valid.catalogue)
    # `ambit build` loads the catalogue through this function; the validator never sees the text.
    monkeypatch.setattr(generator.build, "load_catalogue", lambda root: LoadResult(hostile, []))
    site = tmp_path / "site"
    assert build_site(minimal_project, site) == 0
    return site


def test_hostile_text_never_becomes_markup(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 15
    seen_text = False
    for page in pages:
        html = page.read_text()
        scanner = _Scanner()
        scanner.feed(html)
        rel = page.relative_to(hostile_site)
        assert not [s for s in scanner.scripts if "alert" in s], f"script from content in {rel}"
        assert not scanner.handlers, f"event handler attribute in {rel}: {scanner.handlers}"
        assert not scanner.js_urls, f"javascript: URL in {rel}"
        assert "x" not in scanner.images, f"image from content in {rel}"
        seen_text = seen_text or SCRIPT in "".join(scanner.text)
    assert seen_text, "the hostile text should still be shown, as text"


def test_hostile_text_in_the_search_index_is_escaped(hostile_site: Path) -> None:
    raw = (hostile_site / "search" / "search_index.json").read_text()
    for doc in json.loads(raw)["docs"]:
        scanner = _Scanner()
        scanner.feed(doc["title"] + doc["text"])
        assert not scanner.scripts and not scanner.handlers and not scanner.js_urls, doc["location"]
