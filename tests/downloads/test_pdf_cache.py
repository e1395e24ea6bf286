"""The PDF cache: a build that changes nothing a checklist's PDF depends on reuses the last PDF,
byte for byte; any change lays it out again; a damaged entry is never served."""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.downloads import pdf_cache as cache_module
from generator.downloads import publish, write_all_downloads
from generator.downloads.pdf_cache import PdfCache, pdf_cache_dir
from generator.model import Catalogue


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The IDs of the checklists WeasyPrint lays out, in order."""
    calls: list[str] = []
    real: Callable[..., Any] = publish.render_pdfs

    def counting(checklist: Any, html: str, *args: Any) -> Any:
        calls.append(checklist.id)
        return real(checklist, html, *args)

    monkeypatch.setattr(publish, "render_pdfs", counting)
    return calls


def _two_checklists(catalogue: Catalogue) -> Catalogue:
    second = dataclasses.replace(catalogue.checklists[0], id="second", title="Second checklist")
    return dataclasses.replace(catalogue, checklists=(*catalogue.checklists, second))


def _pdfs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.pdf"))}


def test_an_unchanged_build_reuses_every_pdf_byte_for_byte(
    catalogue: Catalogue, tmp_path: Path, layouts: list[str]
) -> None:
    cat = _two_checklists(catalogue)
    cache = tmp_path / "cache"
    write_all_downloads(cat, tmp_path / "one", workers=0, cache=PdfCache(cache))
    assert sorted(layouts) == ["baseline", "second"]
    write_all_downloads(cat, tmp_path / "two", workers=0, cache=PdfCache(cache))
    assert sorted(layouts) == ["baseline", "second"], "the second build laid a PDF out again"
    uncached = write_all_downloads(cat, tmp_path / "three", workers=0)
    assert (
        _pdfs(tmp_path / "two")
        == _pdfs(tmp_path / "one")
        == {p.name: p.read_bytes() for p in uncached if p.suffix == ".pdf"}
    )


def test_a_changed_checklist_alone_is_laid_out_again(catalogue: Catalogue, tmp_path: Path, layouts: list[str]) -> None:
    cat = _two_checklists(catalogue)
    write_all_downloads(cat, tmp_path / "one", workers=0, cache=PdfCache(tmp_path / "cache"))
    layouts.clear()
    retitled = dataclasses.replace(cat.checklists[-1], title="Second checklist, retitled")
    edited = dataclasses.replace(cat, checklists=(*cat.checklists[:-1], retitled))
    write_all_downloads(edited, tmp_path / "two", workers=0, cache=PdfCache(tmp_path / "cache"))
    assert layouts == ["second"]
    assert _pdfs(tmp_path / "two")["baseline.pdf"] == _pdfs(tmp_path / "one")["baseline.pdf"]
    assert _pdfs(tmp_path / "two")["second.pdf"] != _pdfs(tmp_path / "one")["second.pdf"]


def test_a_damaged_entry_is_laid_out_again_not_served(catalogue: Catalogue, tmp_path: Path, layouts: list[str]) -> None:
    cache = tmp_path / "cache"
    write_all_downloads(catalogue, tmp_path / "one", workers=0, cache=PdfCache(cache))
    entry = sorted(cache.glob("*.a4.pdf"))[0]
    entry.write_bytes(entry.read_bytes()[:500])  # cut short, as by a full disk
    write_all_downloads(catalogue, tmp_path / "two", workers=0, cache=PdfCache(cache))
    assert layouts == ["baseline", "baseline"]
    assert _pdfs(tmp_path / "two") == _pdfs(tmp_path / "one")


def test_entries_unused_for_two_weeks_are_deleted_and_used_ones_kept(catalogue: Catalogue, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    write_all_downloads(_two_checklists(catalogue), tmp_path / "one", workers=0, cache=PdfCache(cache))
    assert len(list(cache.glob("*.pdf"))) == 4  # two checklists, two papers
    month_ago = time.time() - 30 * 86400
    for path in cache.glob("*.pdf"):
        os.utime(path, (month_ago, month_ago))
    # This build uses the baseline's entries (and renews them); the other checklist's are stale.
    write_all_downloads(catalogue, tmp_path / "two", workers=0, cache=PdfCache(cache))
    kept = list(cache.glob("*.pdf"))
    assert len(kept) == 2 and all(p.stat().st_mtime > month_ago + 86400 for p in kept)


def test_the_cache_lives_outside_the_checkout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A file committed under build/ by a pull request must never be served as a checklist's PDF.
    monkeypatch.delenv("AMBIT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert pdf_cache_dir() == tmp_path / "xdg" / "ambit" / "pdf"
    monkeypatch.setenv("AMBIT_CACHE_DIR", str(tmp_path / "own"))
    assert pdf_cache_dir() == tmp_path / "own" / "pdf"


def test_a_cache_that_cannot_be_written_is_skipped(catalogue: Catalogue, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    written = write_all_downloads(catalogue, tmp_path / "out", workers=0, cache=PdfCache(blocked / "pdf"))
    assert any(p.suffix == ".pdf" for p in written)


def test_the_key_covers_the_html_the_identity_the_papers_and_the_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    base = PdfCache.key("<p>x</p>", "baseline 0.2.0", ("a4", "letter"))
    assert base == PdfCache.key("<p>x</p>", "baseline 0.2.0", ("a4", "letter"))
    assert base != PdfCache.key("<p>y</p>", "baseline 0.2.0", ("a4", "letter"))
    assert base != PdfCache.key("<p>x</p>", "baseline 0.2.1", ("a4", "letter"))
    assert base != PdfCache.key("<p>x</p>", "baseline 0.2.0", ("a4",))
    cache_module._environment.cache_clear()
    monkeypatch.setattr(cache_module.metadata, "version", lambda package: "999")
    try:
        assert base != PdfCache.key("<p>x</p>", "baseline 0.2.0", ("a4", "letter"))
    finally:
        cache_module._environment.cache_clear()


def test_the_key_changes_with_the_system_text_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    # A HarfBuzz upgrade changed the embedded font subsets of every PDF while the key stayed the same.
    found = cache_module.text_libraries()
    assert [line.split(" ", 1)[0] for line in found] == list(cache_module.TEXT_LIBRARIES)
    if any(line.endswith(" missing") for line in found):
        pytest.skip("the text libraries are not in the dynamic linker's cache here")
    base = PdfCache.key("<p>x</p>", "baseline 0.2.0", ("a4", "letter"))
    upgraded = [line.replace("libharfbuzz-subset ", "libharfbuzz-subset 1") for line in found]
    cache_module._environment.cache_clear()
    monkeypatch.setattr(cache_module, "text_libraries", lambda: upgraded)
    try:
        assert base != PdfCache.key("<p>x</p>", "baseline 0.2.0", ("a4", "letter"))
    finally:
        cache_module._environment.cache_clear()


def test_a_review_pdf_is_laid_out_once_then_served_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.downloads import pdf

    cache = PdfCache(tmp_path / "pdf")
    html = "<html><body><h1>Review of the upload bucket</h1><p>Step one.</p></body></html>"
    first = cache_module.cached_pdfs(cache, html, "example review 0.3.0", ("a4",))
    assert first["a4"].startswith(b"%PDF")

    def no_layout(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("laid out again although nothing changed")

    monkeypatch.setattr(pdf, "render_pdfs", no_layout)
    assert cache_module.cached_pdfs(cache, html, "example review 0.3.0", ("a4",)) == first
    with pytest.raises(AssertionError, match="laid out again"):  # another text is another PDF
        cache_module.cached_pdfs(cache, html.replace("one", "two"), "example review 0.3.0", ("a4",))
