"""Every checklist in every format, for the site: ``site/downloads/``.

All files are rendered and checked in memory first; only when every guard has passed are they
written, each atomically. WeasyPrint is the slow part, so each checklist's print HTML is
rendered once, reused for its PDFs, and the PDFs of several checklists are made in a pool of
worker processes while the main process renders the other formats.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from generator.downloads import json_export
from generator.downloads.files import write_atomic
from generator.downloads.formats import FORMATS, file_names, render_pdfs, render_text, require_controls
from generator.downloads.guards import DownloadError
from generator.model import Catalogue
from generator.select import Checklist, all_checklists

POOL_THRESHOLD = 150
"""Below this many controls in all, PDFs are made in-process: starting workers costs more."""


def _pdf_job(checklist: Checklist, html: str) -> dict[str, bytes]:
    try:
        return render_pdfs(checklist, html)
    except DownloadError:
        raise
    except Exception as exc:  # noqa: BLE001 - any WeasyPrint failure becomes one clear message
        raise DownloadError(f"PDF of checklist '{checklist.id}' failed: {type(exc).__name__}: {exc}") from None


def render_all(checklists: list[Checklist], workers: int | None = None) -> dict[str, bytes]:
    """Every download of every checklist, checked, keyed by file name (nothing is written)."""
    names: dict[str, str] = {}
    for checklist in checklists:
        require_controls(checklist)
        for name in file_names(checklist.id).values():
            if name in names:  # e.g. a checklist 'x-letter' next to 'x'
                raise DownloadError(f"checklists '{names[name]}' and '{checklist.id}' would both write {name}")
            names[name] = checklist.id
    html = {c.id: render_text(c, "html") for c in checklists}
    if workers is None:
        workers = 2 if len(checklists) > 1 and sum(len(c.items) for c in checklists) >= POOL_THRESHOLD else 0
    files: dict[str, bytes] = {}
    biggest_first = sorted(checklists, key=lambda c: -len(c.items))
    if workers > 0:
        # forkserver, not fork: MkDocs' live server has threads, and forking those is unsafe.
        # Workers fork from a server that has WeasyPrint imported already (it takes 0.6 s), so
        # only the first build of a process (say, under `mkdocs serve`) pays for that import.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["generator.downloads.pdf", "weasyprint"])
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures: dict[str, Future[dict[str, bytes]]] = {
                c.id: pool.submit(_pdf_job, c, html[c.id].decode("utf-8")) for c in biggest_first
            }
            files |= _other_formats(checklists, html)
            try:
                pdfs = {cid: future.result() for cid, future in futures.items()}
            except BrokenProcessPool as exc:
                raise DownloadError(f"a PDF worker process died: {exc}") from None
    else:
        files |= _other_formats(checklists, html)
        pdfs = {c.id: _pdf_job(c, html[c.id].decode("utf-8")) for c in biggest_first}
    for checklist in checklists:
        names_for = file_names(checklist.id)
        files[names_for["pdf"]] = pdfs[checklist.id]["a4"]
        files[names_for["pdf-letter"]] = pdfs[checklist.id]["letter"]
    return dict(sorted(files.items()))


def _other_formats(checklists: list[Checklist], html: dict[str, bytes]) -> dict[str, bytes]:
    files = {}
    for checklist in checklists:
        names = file_names(checklist.id)
        for fmt in FORMATS:
            if fmt == "pdf":
                continue
            files[names[fmt]] = html[checklist.id] if fmt == "html" else render_text(checklist, fmt)
    return files


def write_all_downloads(catalogue: Catalogue, out_dir: Path, *, workers: int | None = None) -> list[Path]:
    """Write every format of every checklist, and the export's JSON Schema, into ``out_dir``.

    Returns the paths written, sorted. Raises :class:`DownloadError` (and writes nothing) when
    a checklist selects no controls or any file fails its guard. ``workers`` overrides the
    number of PDF worker processes (0: none); by default two are used for large catalogues.
    """
    files = render_all(all_checklists(catalogue), workers)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        write_atomic(out_dir / name, data)
        written.append(out_dir / name)
    schema_copy = out_dir / json_export.SCHEMA_NAME
    write_atomic(schema_copy, json_export.SCHEMA_PATH.read_bytes())
    written.append(schema_copy)
    return sorted(written)
