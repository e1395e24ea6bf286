"""PDF: the print HTML rendered by WeasyPrint on A4 and on US Letter, fonts embedded, offline.

- Paper: the pages are laid out once on the area A4 and Letter share (210 x 279.4 mm, A4's
  width and Letter's height) and written twice, on A4 media and on Letter media. Every page
  therefore fits either paper without scaling: on A4 the extra 17.6 mm fall below the footer,
  on Letter the extra 5.9 mm widen the right margin. Laying out once halves WeasyPrint's work,
  the slow part of building the downloads.
- Landscape: a page named ``landscape`` (CSS ``page: landscape``, used by a map's diagram when
  that prints it larger) is laid out on the same area turned sideways (279.4 x 210 mm) and
  written on A4 and Letter turned sideways, in the same way: the extra falls to the right on A4,
  below on Letter.
- Fonts: DejaVu from Debian's ``fonts-dejavu-core``, declared by ``@font-face`` with ``file:``
  URLs and embedded (subset) in the PDF, so the text is extractable and looks the same anywhere.
- Offline: the URL fetcher refuses everything but the font files; an image in contributor
  Markdown pointing elsewhere is left out with a WeasyPrint warning, never fetched.
- Untagged: a tagged (structured) PDF costs WeasyPrint about a fifth more time, which the
  build's budget does not allow; the print HTML download is the accessible equivalent.
- Garbage collection is paused while a document is laid out and written: WeasyPrint allocates
  millions of small objects (boxes, computed styles) that live until the document is done, so
  Python's collector ran hundreds of times over a growing heap for nothing (a sixth of the CPU
  of each PDF). Whatever cycles the document leaves are collected afterwards as usual.
- Deterministic: the creation and modification dates come from the HTML's ``dcterms`` meta
  elements (the catalogue date), the file identifier is derived from the checklist, catalogue
  version and paper, and WeasyPrint 70 reads no clock; so two renders give the same bytes.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.downloads.guards import DownloadError

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    ("DejaVu Sans", "normal", "normal"): "DejaVuSans.ttf",
    ("DejaVu Sans", "bold", "normal"): "DejaVuSans-Bold.ttf",
    ("DejaVu Sans", "normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("DejaVu Sans", "bold", "italic"): "DejaVuSans-BoldOblique.ttf",
    ("DejaVu Sans Mono", "normal", "normal"): "DejaVuSansMono.ttf",
    ("DejaVu Sans Mono", "bold", "normal"): "DejaVuSansMono-Bold.ttf",
}
PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
"""Paper names Ambit accepts and their (width, height) in mm."""
LAYOUT_AREA = (min(w for w, _ in PAPERS.values()), min(h for _, h in PAPERS.values()))
"""The page size the PDF is laid out on: the area every paper in ``PAPERS`` holds."""
PX_PER_MM = 96 / 25.4  # WeasyPrint measures pages in CSS pixels
HANGING_STEPS_CSS = (
    "ol.verify > li:not([value]):nth-child(-n+9) { list-style-position: inside; text-indent: -1.27197265625em; }"
)
"""The checklists' numbered verification steps, drawn as before at a fraction of the cost.

WeasyPrint lays out an outside list marker as an absolutely positioned box of its own, sized to
fit, on every item: 7 % of a checklist PDF's CPU. Inside the first line and pulled left by its
width, the marker lands on the same pixels: "1. " to "9. " are 2605/2048 em wide in DejaVu Sans
(digit 1303, full stop and space 651 units each: 1.27197265625 em, exactly). Items numbered 10
and up, and steps numbered by ``value`` (the reviews'), keep the outside marker.
"""


def font_css(font_dir: Path = FONT_DIR) -> str:
    """``@font-face`` rules for the embedded fonts; raises :class:`DownloadError` if one is missing."""
    rules = []
    for (family, weight, style), name in FONTS.items():
        path = font_dir / name
        if not path.is_file():
            raise DownloadError(
                f"font {path} not found: install Debian's fonts-dejavu-core (scripts/system-deps.sh site)"
            )
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{path.as_uri()}"); }}'
        )
    return "\n".join(rules)


@lru_cache(maxsize=1)
def _fetcher_class() -> Any:
    from weasyprint.urls import URLFetcher

    class LocalFontsOnly(URLFetcher):  # type: ignore[misc]
        """Fetches the font files and nothing else: no network, no other local files."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            allowed = {(FONT_DIR / name).as_uri() for name in FONTS.values()}
            if url not in allowed:
                raise ValueError(f"Ambit PDFs load nothing but their fonts; refused {url[:80]}")
            return super().fetch(url, headers)

    return LocalFontsOnly


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block (as it was before, after it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_pdfs(html: str, *, papers: tuple[str, ...] = tuple(PAPERS), identity: str = "") -> dict[str, bytes]:
    """Render print HTML once and write it as a PDF on each of ``papers`` (``a4``, ``letter``).

    ``identity`` (e.g. ``"baseline 0.1.0"``) seeds the PDF file identifier, which WeasyPrint
    would otherwise derive from the content; a stable, meaningful one keeps builds reproducible.
    """
    unknown = [p for p in papers if p not in PAPERS]
    if unknown or not papers:
        raise DownloadError(f"unknown paper size {(unknown or [''])[0]!r}; use one of: {', '.join(PAPERS)}")
    with _collector_paused():
        return _lay_out_and_write(html, papers, identity)


def _lay_out_and_write(html: str, papers: tuple[str, ...], identity: str) -> dict[str, bytes]:
    # Imported here: WeasyPrint loads Pango at import time, which only PDF output needs.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher_class()(allowed_protocols=("file",), fail_on_errors=False)
    fonts = FontConfiguration()
    width, height = LAYOUT_AREA
    # !important: this sheet is the user's, and the print CSS's own "size: landscape" means A4.
    page = CSS(
        string=f"@page {{ size: {width}mm {height}mm; }}\n"
        f"@page landscape {{ size: {height}mm {width}mm !important; }}\n{HANGING_STEPS_CSS}\n{font_css()}",
        font_config=fonts,
        url_fetcher=fetcher,
    )
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=fetcher).render(
        stylesheets=[page], font_config=fonts
    )
    # Painting is the costlier half of writing a PDF, so the pages are painted once, on the
    # tallest paper, and each other paper is the same PDF with other media boxes (see _Repaper).
    first, *others = sorted(papers, key=lambda p: -PAPERS[p][1])
    first_width, first_height = PAPERS[first]
    for laid_out in document.pages:
        # Page size in the PDF; the flip from CSS to PDF coordinates keeps content at the top.
        turned = laid_out.width > laid_out.height
        laid_out.width = (first_height if turned else first_width) * PX_PER_MM
        laid_out.height = (first_width if turned else first_height) * PX_PER_MM
    repaper = _Repaper(first, others, identity)
    out = {first: document.write_pdf(pdf_identifier=_identifier(identity, first), pdf_tags=False, finisher=repaper)}
    out.update(repaper.written)
    return {paper: out[paper] for paper in papers}


def _identifier(identity: str, paper: str) -> bytes:
    return hashlib.sha256(f"ambit {identity} {paper}".encode()).hexdigest()[:32].encode("ascii")


class _Repaper:
    """A WeasyPrint finisher that also writes the finished PDF on other papers.

    Content was laid out on :data:`LAYOUT_AREA` and painted from the top of the first (tallest)
    paper. Another paper shows the same content with its media box moved down by the
    difference in height, so nothing is painted or laid out again. This relies on pydyf's
    ``PDF`` object (its ``objects`` list and page dictionaries), pinned in the lock files and
    covered by tests that check each PDF's page size, text and reproducibility.
    """

    def __init__(self, first: str, others: list[str], identity: str) -> None:
        self.first = first
        self.others = others
        self.identity = identity
        self.written: dict[str, bytes] = {}

    def __call__(self, document: Any, pdf: Any) -> None:
        import io

        _compress_once(pdf)
        pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]
        boxes = {key: [list(page[key]) for page in pages] for key in ("MediaBox", "TrimBox", "BleedBox")}
        objects = len(pdf.objects)
        for paper in self.others:
            for page, media in zip(pages, boxes["MediaBox"], strict=True):
                # PDF points: [left, bottom, right, top] with the origin at the bottom left; the
                # painted page's top stays the top, a turned page takes the paper turned.
                painted_top = float(media[3])
                width, height = PAPERS[paper]
                if float(media[2]) > painted_top:
                    width, height = height, width
                box = [0, painted_top - height * 72 / 25.4, width * 72 / 25.4, painted_top]
                for key in boxes:
                    page[key] = pydyf_array(box)
            output = io.BytesIO()
            pdf.write(output, None, _identifier(self.identity, paper), True)
            self.written[paper] = output.getvalue()
            # Undo what writing added (info, object and cross-reference streams), so that
            # WeasyPrint's own write after this finisher starts from the same state.
            del pdf.objects[objects:]
            pdf.current_position = 0
            pdf.xref_position = None
        for key, values in boxes.items():
            for page, value in zip(pages, values, strict=True):
                page[key] = pydyf_array(value)


def _compress_once(pdf: Any) -> None:
    """Compress each content stream now, once, instead of at every write.

    pydyf compresses a stream (zlib level 9) each time its bytes are asked for: once per
    write and once more for the file identifier. With two papers that was four times, and the
    largest single cost of the PDFs. The compressed bytes replace the stream's parts, marked
    with the filter pydyf would have added.
    """
    import zlib

    import pydyf  # type: ignore[import-untyped]

    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.compress:
            raw = b"\n".join(pydyf._to_bytes(item) for item in obj.stream)
            obj.stream = [zlib.compress(raw, 9)]
            obj.extra["Filter"] = "/FlateDecode"
            obj.compress = False


def pydyf_array(values: list[float]) -> Any:
    """A pydyf array (imported late, like WeasyPrint)."""
    import pydyf

    return pydyf.Array(values)


def render_pdf(html: str, *, paper: str = "a4", identity: str = "") -> bytes:
    """Render print HTML to one PDF on ``paper``."""
    return render_pdfs(html, papers=(paper,), identity=identity)[paper]


def check(data: bytes, fmt: str) -> None:
    """Raise :class:`DownloadError` unless ``data`` looks like a complete PDF.

    That the controls are all there is checked on the HTML it was rendered from.
    """
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise DownloadError(f"{fmt} is empty or incomplete")
