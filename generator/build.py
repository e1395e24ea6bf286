"""``ambit build``: validate, generate, run the engine, fix the HTML, add the files, swap ``site/`` in.

1. load and validate the catalogue (every error, then stop);
2. write every page as Markdown into ``build/<engine>/docs/`` (:mod:`generator.site.generate`);
3. write the engine's config, ``build/<engine>/mkdocs.yml`` (:mod:`generator.site.engine_config`);
4. run the engine, MkDocs + Material or Zensical (:mod:`generator.site.engines`), while a forked
   child writes the worked examples' files and the text downloads (or they are copied from the
   side cache when none of their inputs changed, :mod:`generator.side_cache`), and worker
   processes lay out the checklists' PDFs that the PDF cache does not hold
   (:mod:`generator.downloads.pdf_cache`);
5. fix the theme's HTML in every built page, ``404.html`` included (:mod:`generator.site.html_fixes`);
6. add those files and the PDFs, then zip the offline copy in a forked child
   (:mod:`generator.site.offline`) while (strict builds) checking that every internal link
   reaches a file (:mod:`generator.site.links`);
7. move the result into place with two renames.

A failed build, whether from content errors, an engine warning under strict mode or a download
guard, leaves the previous ``site/`` exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from generator.catalogue import load_catalogue
from generator.diagnostics import render
from generator.forked import Forked, ForkedStepFailed
from generator.model import Catalogue

if TYPE_CHECKING:
    from generator.side_cache import SideCache
    from generator.site.links import BrokenLink

_Step = TypeVar("_Step")  # a forked step or the PDF workers: each can be cancelled

BUILD_DIR = "build"
"""The git-ignored folder for the generated docs and configs, one sub-folder per engine."""


@dataclass(frozen=True)
class BuildOptions:
    """How to build: which engine, strictly or not, with the files to download (checklists, worked
    examples) or the pages only (for benchmarks and quick checks)."""

    engine: str = "mkdocs"
    strict: bool = True
    downloads: bool = True
    build_dir: Path | None = None


def catalogue_epoch(cat: Catalogue) -> int:
    """The catalogue's release date as a Unix time (the date every built page carries)."""
    return int(datetime.fromisoformat(cat.info.date).replace(tzinfo=UTC).timestamp())


def build_site(
    root: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    engine: str = "mkdocs",
    downloads: bool = True,
    build_dir: Path | None = None,
) -> int:
    """Build into ``site_dir`` atomically. Returns 0 on success, 1 on content or build errors."""
    options = BuildOptions(engine=engine, strict=strict, downloads=downloads, build_dir=build_dir)
    if not (root / "mkdocs.yml").is_file():
        print(
            f"ambit build: {root} has no mkdocs.yml; build the site inside a checkout of the Ambit repository "
            "(or pass --catalogue with one)",
            file=sys.stderr,
        )
        return 1
    result = load_catalogue(root)
    if result.diagnostics:
        print(render(result.diagnostics), file=sys.stdout)
        print(f"{len(result.diagnostics)} error(s) found; site left unchanged.", file=sys.stderr)
        return 1
    target = site_dir if site_dir.is_absolute() else root / site_dir
    built = render_site(result.catalogue, root, options)
    if built is None:
        print("site left unchanged.", file=sys.stderr)
        return 1
    staging = target.with_name(f".{target.name}-build-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.move(built, staging)  # a rename when build/ and the target share a file system
    _swap(staging, target)
    print(f"built {target} with {engine}")
    return 0


def work_dir(root: Path, options: BuildOptions) -> Path:
    """``build/<engine>/``: the generated docs, config and the engine's output for one engine."""
    return (options.build_dir or root / BUILD_DIR) / options.engine


def render_site(cat: Catalogue, root: Path, options: BuildOptions) -> Path | None:
    """Steps 2 to 6: the built site in ``build/<engine>/site``, or None after printing why it failed."""
    from generator.downloads import DownloadError
    from generator.site.engine_config import engine_config, write_engine_config
    from generator.site.engines import output_dir, run_engine
    from generator.site.generate import generate_docs
    from generator.site.postprocess import finish_built_site
    from generator.systemmap.site import ExampleError

    work = work_dir(root, options)
    try:
        generated = generate_docs(cat, root, work / "docs", directory_urls=_directory_urls(root), engine=options.engine)
    except ExampleError as exc:
        print(render(exc.diagnostics))
        return None
    config_path = write_engine_config(engine_config(root, cat, generated.nav, work, engine=options.engine), work)
    files: _SiteFiles | None = None
    try:
        files = _SiteFiles(cat, root, work, options) if options.downloads else None
        error = run_engine(options.engine, config_path, strict=options.strict, epoch=catalogue_epoch(cat))
        if error is not None:
            raise _BuildFailed(error)
        site = output_dir(config_path)
        finish_built_site(site)
        broken = files.finish(site, check_links=options.strict) if files is not None else []
        if broken:  # pages only (benchmarks) lack the files they link to, so only full builds check
            raise _BuildFailed("broken internal links:\n" + "\n".join(map(str, broken)))
    except (DownloadError, ExampleError, ForkedStepFailed, _BuildFailed, RuntimeError) as exc:
        if files is not None:
            files.cancel()
        print(f"build failed: {exc}", file=sys.stderr)
        return None
    except BaseException:
        if files is not None:
            files.cancel()
        raise
    return site


class _SiteFiles:
    """What a full build adds to the pages: the worked examples' files, the downloads, the offline copy.

    Started before the engine runs, so the work goes to the second core: a forked child writes
    the files that need no pages (the examples' files, the text downloads), another builds the
    offline copy's MkDocs pages when another engine builds the site, and worker processes lay out
    the PDFs that the cache does not hold. The children are forked before the PDF pool starts its
    thread: forking a process with threads is unsafe.
    """

    def __init__(self, cat: Catalogue, root: Path, work: Path, options: BuildOptions) -> None:
        from generator.downloads import start_downloads
        from generator.downloads.pdf_cache import PdfCache, pdf_cache_dir
        from generator.side_cache import SideCache, side_cache_dir, side_key
        from generator.site.engines import output_dir
        from generator.site.offline import build_copy_pages

        self.cat = cat
        self.side = work / "files"
        shutil.rmtree(self.side, ignore_errors=True)
        self.running: list[Any] = []
        try:
            key, cache = side_key(cat, root), SideCache(side_cache_dir())
            self.pageless: Forked | None = None
            if not cache.fetch(key, self.side):  # unchanged inputs: the last build's files, byte for byte
                self.pageless = self._start(
                    Forked(
                        "the worked examples' files and the text downloads",
                        lambda: _pageless_files(cat, root, self.side, stored=(cache, key)),
                    )
                )
            self.copy_pages: Forked | None = None
            self.copy_site: Path | None = None
            if options.engine != "mkdocs":
                epoch = catalogue_epoch(cat)
                self.copy_pages = self._start(
                    Forked(
                        "the offline copy's pages",
                        lambda: build_copy_pages(cat, root, work / "offline", strict=options.strict, epoch=epoch),
                    )
                )
                self.copy_site = output_dir(work / "offline" / "mkdocs.yml")
            self.pdfs = self._start(start_downloads(cat, cache=PdfCache(pdf_cache_dir()), formats=("pdf",)))
        except BaseException:
            self.cancel()
            raise

    def _start(self, step: _Step) -> _Step:
        self.running.append(step)
        return step

    def finish(self, site: Path, *, check_links: bool) -> list[BrokenLink]:
        """Add every file to the engine's ``site``; return its broken internal links (when checked).

        The offline copy is zipped in a forked child while the links are checked; the zip is the
        one file those links may reach before it exists.
        """
        from generator.downloads import write_all_downloads
        from generator.site.links import broken_links
        from generator.site.offline import OFFLINE_ZIP, write_offline_copy

        if self.pageless is not None:
            self.pageless.join()
        shutil.copytree(self.side, site, dirs_exist_ok=True)
        write_all_downloads(self.cat, site / "downloads", pending=self.pdfs)
        if self.copy_pages is not None:
            self.copy_pages.join()
        offline = self._start(Forked("the offline copy", lambda: write_offline_copy(self.cat, site, self.copy_site)))
        broken = broken_links(site, pending=(OFFLINE_ZIP,)) if check_links else []
        offline.join()
        return broken

    def cancel(self) -> None:
        """Stop every step of a build that failed."""
        for step in self.running:
            step.cancel()


def _pageless_files(cat: Catalogue, root: Path, folder: Path, *, stored: tuple[SideCache, str] | None = None) -> None:
    """The worked examples' files, every text download (no PDFs) and the compliance-tool exports
    (OSCAL, CISO Assistant; :mod:`generator.export`), written under ``folder`` (and kept in the
    side cache under ``stored``'s key, :mod:`generator.side_cache`)."""
    from generator.downloads import FORMATS, write_all_downloads
    from generator.downloads.pdf_cache import PdfCache, pdf_cache_dir
    from generator.export.files import publish as publish_exports
    from generator.systemmap.site import ExampleError, example_assets

    try:
        example_assets(cat, root, folder, PdfCache(pdf_cache_dir()))
    except ExampleError as exc:
        raise RuntimeError(render(exc.diagnostics)) from None
    write_all_downloads(cat, folder / "downloads", formats=[f for f in FORMATS if f != "pdf"])
    publish_exports(cat, root, folder / "downloads")
    if stored is not None:
        cache, key = stored
        cache.store(key, folder)


class _BuildFailed(Exception):
    """A step failed; the message says which and why."""


def _directory_urls(root: Path) -> bool:
    from generator.site.engine_config import base_config

    return bool(base_config(root).get("use_directory_urls", True))


def _swap(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with two renames, so readers never see half a site."""
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
