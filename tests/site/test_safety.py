"""Nothing a contributor writes can run in a reader's browser, even text that skipped validation.

A hostile catalogue and hostile hand-written pages (``CONTRIBUTING.md``, ``content/pages/``: what
the validator would reject) are handed straight to ``ambit build``, and the built HTML and search
index are parsed: no script from content, no event handler attribute, no ``javascript:`` link, no
image from another host, and every page carries a Content-Security-Policy that allows exactly
the inline scripts the build wrote.
"""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import generator.build
from generator.build import build_site
from generator.catalogue import LoadResult, load_catalogue
from generator.model import Catalogue, Regulation, Source, VerificationStep
from generator.site import csp
from generator.site.search_index import SEARCH_INDEX, SEARCH_TEXT, merge_split_index

SCRIPT = "<script>alert('ambit')</script>"
IMG = '<img src=x onerror="alert(1)">'
JS_LINK = "[click](javascript:alert(1))"
TRACKER = "https://tracker.example/p.png"
REMOTE_IMAGE = f"![s]({TRACKER}) ![r][t]\n\n[t]: {TRACKER}"
HOSTILE = f"{SCRIPT} {IMG} {JS_LINK} <a href='javascript:alert(2)' onclick='alert(3)'>x</a> {REMOTE_IMAGE}"
HOSTILE_PAGE = f"""---
title: "Guide {SCRIPT}"
---

# Guide {IMG}

{HOSTILE}

<div onmouseover="alert(7)">block</div>

    <script>alert(8)</script>

## Section `<script>alert(9)</script>`
"""


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
    (minimal_project / "CONTRIBUTING.md").write_text(HOSTILE_PAGE, encoding="utf-8")
    (minimal_project / "content" / "pages").mkdir(parents=True, exist_ok=True)
    (minimal_project / "content" / "pages" / "guide.md").write_text(HOSTILE_PAGE, encoding="utf-8")
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
        assert not re.search(r"""\bsrc(?:set)?=["']?(?:https?:)?//""", html), f"remote resource in {rel}"
        assert f'src="{TRACKER}' not in html and TRACKER not in scanner.images, f"remote image from content in {rel}"
        allowed = _allowed_hashes(html)
        if allowed is not None:
            assert sorted(csp.inline_script_hashes(html)) == sorted(allowed), f"CSP of {rel}"
        seen_text = seen_text or SCRIPT in "".join(scanner.text)
    assert seen_text, "the hostile text should still be shown, as text"
    for uri in ("contributing/index.html", "guide/index.html"):
        html = (hostile_site / uri).read_text()
        assert "alert(" not in "".join(s for s in _scripts(html)), uri
        assert "Guide &lt;script&gt;" in html or "Guide &amp;lt;script&amp;gt;" in html, uri


def _allowed_hashes(html: str) -> list[str] | None:
    """The inline scripts a page's policy allows; None for a print download, which allows no script."""
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert match, "no Content-Security-Policy"
    directives = dict(d.strip().split(" ", 1) for d in match[1].split(";"))
    if directives["default-src"] == "'none'" and "script-src" not in directives:
        return None
    assert directives["default-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    sources = directives["script-src"].split()
    assert sources[0] == "'self'" and "'unsafe-inline'" not in sources
    return sources[1:]


def _scripts(html: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(html)
    return scanner.scripts


def test_hostile_text_in_the_search_index_is_escaped(hostile_site: Path) -> None:
    raw = merge_split_index((hostile_site / SEARCH_INDEX).read_bytes(), (hostile_site / SEARCH_TEXT).read_bytes())
    for doc in json.loads(raw)["docs"]:
        scanner = _Scanner()
        scanner.feed(doc["title"] + doc["text"])
        assert not scanner.scripts and not scanner.handlers and not scanner.js_urls, doc["location"]
