from __future__ import annotations

import shutil
import subprocess

import pytest

from generator.downloads import pdf, print_html
from generator.downloads.formats import render_pdfs
from generator.downloads.guards import DownloadError
from generator.select import Checklist

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs Debian's poppler-utils (scripts/system-deps.sh test)"
)


@pytest.fixture(scope="module")
def pdfs(request: pytest.FixtureRequest) -> dict[str, bytes]:
    hostile: Checklist = request.getfixturevalue("hostile_module")
    return render_pdfs(hostile, print_html.render_html(hostile))


@pytest.fixture(scope="module")
def hostile_module(tmp_path_factory: pytest.TempPathFactory) -> Checklist:
    # Module-scoped copy of the ``hostile`` fixture: one render serves every test here.
    import dataclasses

    from generator.catalogue import load_catalogue
    from generator.select import ChecklistItem, build_checklist
    from tests.conftest import FIXTURES
    from tests.downloads.conftest import HOSTILE_NOTE, hostile_control, with_hostile_about

    root = tmp_path_factory.mktemp("pdf") / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    cat = load_catalogue(root).catalogue
    cat = dataclasses.replace(cat, info=dataclasses.replace(cat.info, site_url="https://ambit.example/site/"))
    definition = dataclasses.replace(cat.checklists[0], sector="healthcare", rules=(), include=("HST-001", "IAM-001"))
    checklist = build_checklist(cat, definition)
    bad = ChecklistItem(
        control=hostile_control(cat.control("IAM-001")),
        sector_note=HOSTILE_NOTE,
        applies_to=("route-history (object storage)",),
    )
    return with_hostile_about(dataclasses.replace(checklist, items=(*checklist.items, bad)))


@needs_poppler
def test_pdftotext_finds_every_control_and_the_header(pdfs: dict[str, bytes], hostile_module: Checklist) -> None:
    for data in pdfs.values():
        text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
        for control_id in hostile_module.control_ids:
            assert control_id in text
        assert "Ambit test fixture catalogue 0.1.0" in text
        assert "Page 1 of" in text
        assert "route-history (object storage)" in text
        assert "Keep break-glass accounts with hardware keys." in text
        # The introduction and each regulation, hostile ones as the text they are.
        assert "opens the scenario." in text
        assert "Regulations and obligations" in text
        for name in ("calc'!A0 <script>alert(5)</script>", "@Act <b>bold</b>", "Plain Act"):
            assert name in text


@needs_poppler
def test_paper_sizes_and_embedded_fonts(pdfs: dict[str, bytes]) -> None:
    sizes = {}
    for paper, data in pdfs.items():
        info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
        sizes[paper] = next(line for line in info.splitlines() if line.startswith("Page size"))
        assert "CreationDate:    Thu Jan 15 00:00:00 2026" in info
        fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()
        rows = fonts.splitlines()[2:]
        assert rows and all("DejaVu" in row and " yes " in row for row in rows), fonts  # embedded
    assert "(A4)" in sizes["a4"]
    assert "(letter)" in sizes["letter"]


def test_two_renders_are_byte_identical(pdfs: dict[str, bytes], hostile_module: Checklist) -> None:
    again = render_pdfs(hostile_module, print_html.render_html(hostile_module))
    assert again == pdfs


@needs_poppler
def test_links_point_to_the_control_pages(pdfs: dict[str, bytes], hostile_module: Checklist) -> None:
    for data in pdfs.values():
        out = subprocess.run(["pdfinfo", "-url", "-"], input=data, capture_output=True, check=True).stdout.decode()
        urls = [line.split()[-1] for line in out.splitlines()[1:]]
        ids = [f"https://ambit.example/site/controls/{i}/" for i in hostile_module.control_ids]
        assert [u for u in urls if u in ids] == ids
        # The hostile notes' https links are allowed Markdown; their javascript: ones were dropped,
        # and of the regulations' addresses only the plain https one is a link.
        assert set(urls) - set(ids) == {"https://evil.example/", "https://law.example/act"}


def test_the_fetcher_loads_fonts_and_nothing_else() -> None:
    fetcher = pdf._fetcher_class()(allowed_protocols=("file",))
    for url in ("https://example.org/x.png", "http://127.0.0.1/", "file:///etc/passwd", "data:text/css,x"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    font = (pdf.FONT_DIR / "DejaVuSans.ttf").as_uri()
    response = fetcher.fetch(font)
    response.close()


def test_unknown_paper_and_missing_fonts_are_clear_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DownloadError, match="unknown paper size 'a3'"):
        pdf.render_pdfs("<p>x</p>", papers=("a3",))
    with pytest.raises(DownloadError, match="fonts-dejavu-core"):
        pdf.font_css(tmp_path)


def test_the_garbage_collector_is_as_it_was_after_a_render_even_a_failed_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # The collector is paused while WeasyPrint works; a process left without it would leak cycles.
    import gc

    assert gc.isenabled()
    assert pdf.render_pdfs("<p>x</p>", papers=("a4",))["a4"].startswith(b"%PDF-")
    assert gc.isenabled()
    monkeypatch.setitem(pdf.FONTS, ("Missing", "normal", "normal"), "Missing.ttf")  # fails half-way
    with pytest.raises(DownloadError, match="fonts-dejavu-core"):
        pdf.render_pdfs("<p>x</p>", papers=("a4",))
    assert gc.isenabled()
    monkeypatch.undo()
    gc.disable()
    try:
        pdf.render_pdfs("<p>x</p>", papers=("a4",))
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


@needs_poppler
def test_verification_steps_hang_their_numbers_left_of_the_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Steps 1 to 9 carry their numbers inside the first line (cheaper to lay out), step 10 and up
    # outside it: either way each number ends left of its step, whose lines all start at one x.
    import dataclasses
    import re

    from generator.catalogue import load_catalogue
    from generator.model import VerificationStep
    from generator.select import ChecklistItem, build_checklist
    from tests.conftest import FIXTURES

    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    cat = load_catalogue(root).catalogue
    checklist = build_checklist(cat, dataclasses.replace(cat.checklists[0], rules=(), include=("IAM-001",)))
    steps = tuple(VerificationStep(step=f"Step{n} check the thing", evidence=f"Proof{n}") for n in range(1, 12))
    control = dataclasses.replace(checklist.items[0].control, verification=steps)
    checklist = dataclasses.replace(checklist, items=(ChecklistItem(control=control),))
    data = render_pdfs(checklist, print_html.render_html(checklist), ("a4",))["a4"]
    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    words = [
        (float(x0), float(x1), text)
        for x0, x1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', out
        )
    ]
    starts = {text: x0 for x0, _, text in words}
    for n in range(1, 12):
        number = next(i for i, (_, _, text) in enumerate(words) if text == f"{n}." and words[i + 1][2] == f"Step{n}")
        first_word_x = words[number + 1][0]
        assert words[number][1] < first_word_x  # the number ends before its step begins
        assert first_word_x == pytest.approx(starts["Step1"], abs=0.01)  # every step's text starts at one x
        evidence = next(x0 for x0, _, text in words[number:] if text == "Evidence")
        assert evidence == pytest.approx(first_word_x, abs=0.01)  # and its second line too
