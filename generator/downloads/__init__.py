"""Printable and downloadable checklists: PDF (A4 and US Letter), XLSX, CSV, Markdown, JSON, print HTML.

Public API:

- :func:`write_all_downloads` writes every format of every checklist definition into a folder
  (the site's ``downloads/``), raising :class:`DownloadError` when a guard fails;
  :func:`start_downloads` begins that work early (PDFs in worker processes), so the site build
  can overlap it with rendering pages.
- :func:`write_checklist` writes one checklist (a definition's, a filtered one, or one made from
  a system map) in one format to a path or a binary stream.
- :func:`file_names` gives a checklist's download file names, for links.

Modules: one per format (``csv_export``, ``json_export``, ``markdown_export``, ``xlsx_export``,
``print_html``, ``pdf``), ``rows`` (the flat view all formats share), ``cells`` (spreadsheet
formula neutralising), ``guards``, ``formats`` and ``publish`` (orchestration), ``filters`` and
``cli`` (``ambit checklist``), ``bench`` (``make bench``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from generator.downloads.files import write_atomic
from generator.downloads.formats import BINARY_FORMATS, FORMATS, MEDIA_TYPES, PAPERS, file_names, render
from generator.downloads.guards import DownloadError
from generator.downloads.publish import PendingDownloads, start_downloads, write_all_downloads
from generator.model import Framework
from generator.select import Checklist


def write_checklist(
    checklist: Checklist,
    fmt: str,
    out: Path | BinaryIO,
    *,
    paper: str = "a4",
    frameworks: Sequence[Framework] = (),
) -> None:
    """Write ``checklist`` in format ``fmt`` (one of :data:`FORMATS`) to a path or binary stream.

    The file is rendered and checked in memory first; a path is written atomically, so on
    :class:`DownloadError` nothing is written. ``paper`` (``a4`` or ``letter``) applies to PDF.
    Items' ``applies_to`` entries (system maps) appear in every format. ``frameworks`` (the
    catalogue's registries) name the framework reference columns and title the crosswalk's items.
    """
    data = render(checklist, fmt, paper=paper, frameworks=frameworks)
    if isinstance(out, Path):
        write_atomic(out, data)
    else:
        out.write(data)


__all__ = [
    "BINARY_FORMATS",
    "FORMATS",
    "MEDIA_TYPES",
    "PAPERS",
    "DownloadError",
    "PendingDownloads",
    "file_names",
    "start_downloads",
    "write_all_downloads",
    "write_checklist",
]
