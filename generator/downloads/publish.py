"""Every checklist in every format, for the site: ``site/downloads/``.

All files are rendered and checked in memory first; only when every guard has passed are they
written, each atomically. WeasyPrint is the slow part, so each checklist's print HTML is
rendered once, reused for its PDFs, and the PDFs of several checklists are made in a pool of
worker processes while the main process renders the other formats.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from generator.downloads import json_export
from generator.downloads.files import write_atomic
from generator.downloads.formats import (
    FORMATS,
    PAPERS,
    file_names,
    pdf_identity,
    render_pdfs,
    render_text,
    require_controls,
)
from generator.downloads.guards import DownloadError
from generator.downloads.pdf_cache import PdfCache
from generator.lifetime import watch_process
from generator.model import Catalogue, Framework
from generator.progress.model import SCHEMA_NAME as PROGRESS_SCHEMA_NAME
from generator.progress.model import SCHEMA_PATH as PROGRESS_SCHEMA_PATH
from generator.select import Checklist, all_checklists

PUBLISHED_SCHEMAS = {
    json_export.SCHEMA_NAME: json_export.SCHEMA_PATH,
    PROGRESS_SCHEMA_NAME: PROGRESS_SCHEMA_PATH,
}
"""JSON Schemas published beside the downloads: the JSON export's and the progress file's."""

POOL_THRESHOLD = 150
"""Below this many controls in all, PDFs are made in-process: starting workers costs more."""


def _pdf_job(checklist: Checklist, html: str) -> dict[str, bytes]:
    try:
        return render_pdfs(checklist, html)
    except DownloadError:
        raise
    except Exception as exc:  # noqa: BLE001 - any WeasyPrint failure becomes one clear message
        raise DownloadError(f"PDF of checklist '{checklist.id}' failed: {type(exc).__name__}: {exc}") from None


class PendingDownloads:
    """Downloads being rendered: PDFs in worker processes, the rest when :meth:`finish` runs.

    The site build starts this before MkDocs renders its pages, so WeasyPrint's layouts run on
    the second core while the main process builds HTML, then calls :meth:`finish` to collect,
    check and write everything. :meth:`cancel` stops the workers when the build fails. With a
    ``cache``, checklists whose PDFs an earlier build laid out from the same HTML are not laid out
    again; by default, the PDFs still to make go to (up to two) workers when they hold at least
    :data:`POOL_THRESHOLD` controls in all.
    """

    def __init__(
        self,
        checklists: list[Checklist],
        workers: int | None = None,
        frameworks: Sequence[Framework] = (),
        cache: PdfCache | None = None,
        formats: Sequence[str] = FORMATS,
    ) -> None:
        names: dict[str, str] = {}
        for checklist in checklists:
            require_controls(checklist)
            for name in file_names(checklist.id).values():
                if name in names:  # e.g. a checklist 'x-letter' next to 'x'
                    raise DownloadError(f"checklists '{names[name]}' and '{checklist.id}' would both write {name}")
                names[name] = checklist.id
        self.checklists = checklists
        self.frameworks = tuple(frameworks)
        self.html = {c.id: render_text(c, "html", self.frameworks) for c in checklists}
        self.cache = cache
        self.formats = tuple(f for f in FORMATS if f in formats)
        with_pdf = "pdf" in self.formats
        self._keys = {  # only a cache needs them
            c.id: PdfCache.key(self.html[c.id].decode("utf-8"), pdf_identity(c), PAPERS)
            for c in checklists
            if with_pdf and cache is not None
        }
        self._cached: dict[str, dict[str, bytes]] = {}
        if cache is not None:
            for cid, key in self._keys.items():
                found = cache.get(key, PAPERS)
                if found is not None:
                    self._cached[cid] = found
        self._missing = [c for c in checklists if with_pdf and c.id not in self._cached]
        if workers is None:
            big = sum(len(c.items) for c in self._missing) >= POOL_THRESHOLD
            workers = min(2, len(self._missing)) if big else 0
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[str, Future[dict[str, bytes]]] = {}
        if workers > 0 and self._missing:
            # forkserver, not fork: MkDocs' live server has threads, and forking those is unsafe.
            # Workers fork from a server that has WeasyPrint imported already (it takes 0.6 s), so
            # only the first build of a process (say, under `mkdocs serve`) pays for that import.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["generator.downloads.pdf", "weasyprint"])
            self._pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=watch_process, initargs=(os.getpid(),)
            )
            for c in sorted(self._missing, key=lambda c: -len(c.items)):  # biggest first
                self._futures[c.id] = self._pool.submit(_pdf_job, c, self.html[c.id].decode("utf-8"))

    def finish(self) -> dict[str, bytes]:
        """Every download, checked, keyed by file name (nothing is written here)."""
        try:
            files = _other_formats(self.checklists, self.html, self.frameworks, self.formats)
            if self._pool is not None:
                try:
                    made = {cid: future.result() for cid, future in self._futures.items()}
                except BrokenProcessPool as exc:
                    raise DownloadError(f"a PDF worker process died: {exc}") from None
            else:
                made = {c.id: _pdf_job(c, self.html[c.id].decode("utf-8")) for c in self._missing}
        finally:
            self.cancel()
        if self.cache is not None and "pdf" in self.formats:
            for cid, laid_out in made.items():
                self.cache.put(self._keys[cid], laid_out)
            self.cache.prune()
        pdfs = {**self._cached, **made}
        for checklist in self.checklists if "pdf" in self.formats else ():
            names_for = file_names(checklist.id)
            files[names_for["pdf"]] = pdfs[checklist.id]["a4"]
            files[names_for["pdf-letter"]] = pdfs[checklist.id]["letter"]
        return dict(sorted(files.items()))

    def cancel(self) -> None:
        """Stop the worker processes (idempotent)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def render_all(
    checklists: list[Checklist], workers: int | None = None, frameworks: Sequence[Framework] = ()
) -> dict[str, bytes]:
    """Every download of every checklist, checked, keyed by file name (nothing is written)."""
    return PendingDownloads(checklists, workers, frameworks).finish()


def _other_formats(
    checklists: list[Checklist], html: dict[str, bytes], frameworks: Sequence[Framework], formats: Sequence[str]
) -> dict[str, bytes]:
    files = {}
    for checklist in checklists:
        names = file_names(checklist.id)
        for fmt in formats:
            if fmt == "pdf":
                continue
            files[names[fmt]] = html[checklist.id] if fmt == "html" else render_text(checklist, fmt, frameworks)
    return files


def start_downloads(
    catalogue: Catalogue,
    *,
    workers: int | None = None,
    cache: PdfCache | None = None,
    formats: Sequence[str] = FORMATS,
) -> PendingDownloads:
    """Begin rendering every checklist's downloads in ``formats``; PDFs not in ``cache`` start in
    worker processes at once."""
    return PendingDownloads(all_checklists(catalogue), workers, catalogue.frameworks, cache, formats)


def write_all_downloads(
    catalogue: Catalogue,
    out_dir: Path,
    *,
    workers: int | None = None,
    pending: PendingDownloads | None = None,
    cache: PdfCache | None = None,
    formats: Sequence[str] = FORMATS,
) -> list[Path]:
    """Write every format of every checklist, and the JSON Schemas of the export and of progress files.

    Returns the paths written, sorted. Raises :class:`DownloadError` (and writes nothing) when
    a checklist selects no controls or any file fails its guard. ``workers`` overrides the
    number of PDF worker processes (0: none); by default two are used for large catalogues.
    ``pending`` is the result of an earlier :func:`start_downloads` for the same catalogue;
    ``cache`` (without ``pending``) reuses the PDFs an earlier build laid out. ``formats`` (or
    the pending downloads' formats) limits the files to some formats; the schemas go with JSON.
    """
    pending = pending or start_downloads(catalogue, workers=workers, cache=cache, formats=formats)
    files = pending.finish()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        write_atomic(out_dir / name, data)
        written.append(out_dir / name)
    for name, source in PUBLISHED_SCHEMAS.items() if "json" in pending.formats else ():
        schema_copy = out_dir / name
        write_atomic(schema_copy, source.read_bytes())
        written.append(schema_copy)
    return sorted(written)
