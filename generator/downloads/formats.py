"""One checklist in one format: the renderer for each format and the guard run on its bytes.

Every function here renders in memory and checks the result before anyone writes it, so a
failed guard leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from generator.downloads import csv_export, json_export, markdown_export, pdf, print_html, xlsx_export
from generator.downloads.framework_scope import scoped
from generator.downloads.guards import DownloadError, check_not_empty
from generator.model import Framework
from generator.select import Checklist

if TYPE_CHECKING:
    from generator.downloads.pdf_cache import PdfCache

FORMATS = ("pdf", "xlsx", "csv", "md", "json", "html")
"""Every download format, in the order the site lists them."""

BINARY_FORMATS = frozenset({"pdf", "xlsx"})
"""Formats that cannot go to a terminal."""

PAPERS = tuple(pdf.PAPERS)
"""Paper sizes for PDFs: ``a4`` (the default) and ``letter``."""

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
}


def file_names(checklist_id: str) -> dict[str, str]:
    """The download file names for a checklist, keyed by label.

    Labels are the formats, plus ``pdf-letter`` for the US Letter PDF (``pdf`` is A4). Names
    carry no version, so links stay valid across catalogue releases.
    """
    names = {fmt: f"{checklist_id}.{fmt}" for fmt in FORMATS}
    return {"pdf": names["pdf"], "pdf-letter": f"{checklist_id}-letter.pdf"} | {
        fmt: name for fmt, name in names.items() if fmt != "pdf"
    }


def require_controls(checklist: Checklist) -> None:
    """Raise :class:`DownloadError` for a checklist with no controls: it would make empty files."""
    if not checklist.items:
        raise DownloadError(f"checklist '{checklist.id}' selects no controls; every download would be empty")


def render_text(checklist: Checklist, fmt: str, frameworks: Sequence[Framework] = ()) -> bytes:
    """A non-PDF format's bytes, checked by that format's guard.

    ``frameworks`` are the catalogue's registries: they give the reference columns' full names
    and the crosswalk's item titles (without them, the columns carry IDs under short names), and
    say which sectors a framework binds: a checklist for another sector, or for every system,
    carries none of its references in any format (:mod:`generator.downloads.framework_scope`).
    """
    checklist = scoped(checklist, frameworks)
    expected = checklist.control_ids
    data: bytes
    if fmt == "csv":
        data = csv_export.render(checklist, frameworks)
        csv_export.check(data, expected)
    elif fmt == "json":
        data = json_export.render(checklist, frameworks)
        json_export.check(data, expected)
    elif fmt == "md":
        data = markdown_export.render(checklist, frameworks)
        markdown_export.check(data, expected)
    elif fmt == "html":
        data = print_html.render(checklist, frameworks)
        print_html.check(data, expected)
    elif fmt == "xlsx":
        result = xlsx_export.build(checklist, frameworks)
        xlsx_export.check(result, expected)
        data = result.data
    else:
        raise DownloadError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    check_not_empty(f"{fmt.upper()} export of '{checklist.id}'", data)
    return data


def pdf_identity(checklist: Checklist) -> str:
    """What seeds a checklist's PDF file identifiers: its ID and the catalogue version."""
    return f"{checklist.id} {checklist.info.version}"


def render_pdfs(
    checklist: Checklist, html: str, papers: tuple[str, ...] = PAPERS, cache: PdfCache | None = None
) -> dict[str, bytes]:
    """PDFs of already rendered (and checked) print HTML, one per paper (from ``cache`` when it holds them)."""
    from generator.downloads.pdf_cache import cached_pdfs  # WeasyPrint loads only on a miss

    pdfs = cached_pdfs(cache, html, pdf_identity(checklist), papers)
    for paper, data in pdfs.items():
        pdf.check(data, f"PDF ({paper}) of '{checklist.id}'")
    return pdfs


def render(
    checklist: Checklist,
    fmt: str,
    *,
    paper: str = "a4",
    frameworks: Sequence[Framework] = (),
    cache: PdfCache | None = None,
) -> bytes:
    """One checklist in one format, checked; ``paper`` and ``cache`` apply to PDF only."""
    require_controls(checklist)
    if fmt != "pdf":
        return render_text(checklist, fmt, frameworks)
    html = render_text(checklist, "html", frameworks).decode("utf-8")  # checked: every control is in it
    return render_pdfs(checklist, html, (paper,), cache)[paper]
