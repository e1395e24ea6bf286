"""The offline copy: the whole site as ``downloads/ambit-site.zip``, working from ``file://``.

The copy is the MkDocs-built site itself, rewritten on its way into the zip (no second build):

- a browser opens a folder on ``file://`` as a listing, not its ``index.html``, so every relative
  link to a folder (``../HST-002/``, ``./``, ``../..``) gets ``index.html`` appended, in the pages
  and in the search index's locations;
- browsers refuse ``fetch`` and web workers on ``file://``, so the search index is also written as
  a script (``search/search_index.js``, which Material's bundle loads on ``file://``), the
  ``iframe-worker`` shim (vendored in ``site_overrides/``) is loaded on every page, and the theme
  features that fetch pages (instant navigation) are turned off in each page's ``__config``;
  the two halves of the split search index are joined in that script and each page names
  Material's own worker again (:mod:`generator.site.search_index`).

That is what Material's own ``offline`` plugin does, minus its switch to ``foo.html`` page names,
which would need a second build of every page. A site built by Zensical has no MkDocs pages to
rewrite; ``ambit build --engine zensical`` builds the same generated pages with MkDocs once more
for the copy (:func:`build_copy_pages`), so the zip is the same whichever engine built the
site. The zip's bytes depend only on the files: entries sorted, every timestamp the catalogue's
release date, fixed modes. So a build whose files are all unchanged copies the zip an earlier
build made from the same files (:class:`ZipCache`, beside the PDF cache) instead of zipping again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import zipfile
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from generator.model import Catalogue
from generator.side_cache import package_digest, side_cache_dir
from generator.site.csp import add_policy
from generator.site.search_index import SEARCH_TEXT, material_worker, merge_split_index

OFFLINE_ZIP = "downloads/ambit-site.zip"
"""Where the offline copy goes, relative to the site root (a stable URL)."""
FOLDER = "ambit-site"
"""The folder the zip unpacks into: open ``ambit-site/index.html``."""
SHIM = "assets/vendor/iframe-worker/shim.js"
"""The iframe-worker shim (npm ``iframe-worker`` 1.0.4, MIT), vendored in ``site_overrides/``."""
ONLINE_FEATURES = ("navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress")
"""Theme features that fetch pages, which a browser refuses on ``file://``."""
SEARCH_INDEX = "search/search_index.json"
SEARCH_SCRIPT = "search/search_index.js"
"""The search index as a script (``var __index = ...``), which Material loads on ``file://``."""
STORED_SUFFIXES = frozenset({".pdf", ".xlsx", ".zip", ".gz", ".png", ".jpg", ".woff", ".woff2"})
"""Files that are compressed already: stored as they are, since deflating them again gains little."""

KEEP_ZIPS = 2
"""Zips kept by the zip cache (each about as large as the copy, some 15 MB)."""
ZIP_LEVEL = 3
"""Deflate level: on the site's 36 MB, 3 takes under half the time of 6 for a zip 12 % larger."""
_PARTIAL_ZIP = OFFLINE_ZIP.replace("ambit-site.zip", ".ambit-site.zip.partial")
_MKDOCS_PAGE = b'<meta name="generator" content="mkdocs-'
_FOLDER_HREF = re.compile(r'(\shref=")([^"?#]*[/.])(?=[?#"])')
"""An ``href`` whose path ends like a folder's (``/``, ``.``, ``..``): the only ones to rewrite."""
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)


def file_url(href: str) -> str:
    """``href`` with ``index.html`` added when it is a relative link to a folder, else unchanged."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "#", "?")):
        return href
    path = parts.path
    if path in (".", "..") or path.endswith(("/.", "/..")):
        path += "/"
    if not path.endswith("/"):
        return href
    rest = href[len(parts.path) :]  # the query and fragment, exactly as written
    return f"{path}index.html{rest}"


_file_url = lru_cache(maxsize=4096)(file_url)  # every page repeats the navigation's links


def offline_page(html: str, depth: int) -> str:
    """A built page (``depth`` folders below the site root) rewritten to work from ``file://``."""
    html = _FOLDER_HREF.sub(lambda m: m[1] + _file_url(m[2]), html)
    html = _CONFIG.sub(lambda m: m[1] + _offline_config(m[2]) + m[3], html, count=1)
    shim = f'<script src="{"../" * depth}{SHIM}"></script>'
    return add_policy(html.replace("</head>", f"{shim}\n</head>", 1))  # the policy follows any change


def _offline_config(text: str) -> str:
    config = json.loads(text)
    config["features"] = [f for f in config.get("features", []) if f not in ONLINE_FEATURES]
    if isinstance(config.get("search"), str):  # the script holds the whole index: Material's worker suffices
        config["search"] = material_worker(config["search"])
    return json.dumps(config)


def offline_search_index(data: bytes) -> bytes:
    """The search index with every location a file, as JSON (the script is this after ``var __index = ``)."""
    index = json.loads(data)
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        if not location or location.startswith("#"):  # the home page, or a heading on it
            location = "./" + location
        doc["location"] = file_url(location)
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _is_mkdocs_page(rel: str, data: bytes) -> bool:
    return rel.endswith(".html") and _MKDOCS_PAGE in data[:4096]


def offline_files(site_dir: Path) -> Iterator[tuple[str, bytes]]:
    """Every file of the copy, as (path in the site, bytes), sorted by path; the zip is left out."""
    for rel, path in _files(site_dir):
        if rel in (OFFLINE_ZIP, _PARTIAL_ZIP, SEARCH_TEXT):
            continue
        data = path.read_bytes()
        if _is_mkdocs_page(rel, data):
            data = offline_page(data.decode("utf-8"), rel.count("/")).encode("utf-8")
        elif rel == SEARCH_INDEX:
            full_text = site_dir / SEARCH_TEXT
            if full_text.is_file():  # the two halves of a split index, joined: file:// runs no worker of ours
                data = merge_split_index(data, full_text.read_bytes())
            data = offline_search_index(data)
            yield rel, data
            rel, data = SEARCH_SCRIPT, b"var __index = " + data
        yield rel, data


COPIED_FOLDERS = ("downloads", "method")
"""Where the main build writes files that are not pages: the downloads, the worked examples' files."""


def copy_built_files(site_dir: Path, out: Path) -> None:
    """Copy into ``out`` (a MkDocs build of the same pages) the main build's downloads and worked-example files.

    Only files under :data:`COPIED_FOLDERS` that are not pages (``index.html``, ``404.html``) and
    not already in ``out`` are copied, so the copy is the same whichever engine built the site;
    an earlier offline zip is left out.
    """
    for folder in COPIED_FOLDERS:
        for path in sorted((site_dir / folder).rglob("*")):
            rel = path.relative_to(site_dir)
            target = out / rel
            if not path.is_file() or rel.as_posix() == OFFLINE_ZIP or target.exists():
                continue
            if path.name in ("index.html", "404.html"):
                continue
            if path.suffix == ".html" and _is_mkdocs_page(path.name, path.read_bytes()):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def build_copy_pages(cat: Catalogue, root: Path, work: Path, *, strict: bool, epoch: int) -> Path:
    """For a site another engine builds: the same pages built by MkDocs in ``work`` (``work/site``).

    ``ambit build --engine zensical`` runs this beside Zensical, which works in a child process.
    """
    from generator.site.engine_config import engine_config, write_engine_config
    from generator.site.engines import output_dir, run_engine
    from generator.site.generate import generate_docs
    from generator.site.postprocess import finish_built_site

    shutil.rmtree(work, ignore_errors=True)
    generated = generate_docs(cat, root, work / "docs", directory_urls=True, engine="mkdocs")
    config_path = write_engine_config(engine_config(root, cat, generated.nav, work, engine="mkdocs"), work)
    error = run_engine("mkdocs", config_path, strict=strict, epoch=epoch)
    if error is not None:
        raise RuntimeError(f"offline copy: {error}")
    built = output_dir(config_path)
    finish_built_site(built)
    return built


def _files(folder: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix()):
        if path.is_file():
            yield path.relative_to(folder).as_posix(), path


def write_zip(files: Iterator[tuple[str, bytes]], target: Path, released: date) -> None:
    """Zip ``files`` ((path, bytes), in the order given) into ``target`` under ``ambit-site/``.

    Entries are dated ``released`` (zip dates start in 1980) with mode 0644, deflated at a fixed
    level (or stored, for :data:`STORED_SUFFIXES`); the zip is written beside ``target`` and
    renamed into place, so a failed build leaves no half-written zip.
    """
    stamp = (max(released.year, 1980), released.month, released.day, 0, 0, 0)
    partial = target.with_name(f".{target.name}.partial")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for rel, data in files:
                info = zipfile.ZipInfo(f"{FOLDER}/{rel}", date_time=stamp)
                stored = Path(rel).suffix in STORED_SUFFIXES
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                info.create_system = 3  # Unix, so the mode below is read as permissions everywhere
                info.external_attr = 0o100644 << 16
                archive.writestr(info, data, compresslevel=None if stored else ZIP_LEVEL)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)


def write_offline_copy(cat: Catalogue, site_dir: Path, pages: Path | None = None) -> Path:
    """Write the offline copy of the site in ``site_dir`` to ``OFFLINE_ZIP`` there.

    Called by ``ambit build`` once the main build (pages and downloads) is complete. A MkDocs
    site is rewritten as it is zipped; for another engine, ``pages`` is the MkDocs build of the
    same pages (:func:`build_copy_pages`), which gets the main build's files first.
    """
    source = site_dir
    if pages is not None:
        copy_built_files(site_dir, pages)
        source = pages
    target = site_dir / OFFLINE_ZIP
    released = date.fromisoformat(cat.info.date)
    key = copy_key(source, released)
    if not ZipCache(zip_cache_dir()).fetch(key, target):
        write_zip(offline_files(source), target, released)
        ZipCache(zip_cache_dir()).store(key, target)
    return target


def copy_key(source: Path, released: date) -> str:
    """A hash of everything the zip of ``source`` is made from: every file of it (the zip left out),
    the release date and the generator's code (:func:`generator.side_cache.package_digest`)."""
    digest = hashlib.sha256(b"ambit offline copy 1\0" + released.isoformat().encode() + package_digest())
    for rel, path in _files(source):
        if rel in (OFFLINE_ZIP, _PARTIAL_ZIP):
            continue
        data = path.read_bytes()
        digest.update(f"\0{rel}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def zip_cache_dir() -> Path:
    """Where zips of earlier builds are kept: ``offline/`` beside the PDF cache's folder."""
    return side_cache_dir().with_name("offline")


class ZipCache:
    """Offline copies zipped by earlier builds, each under the hash of what it was made from
    (:func:`copy_key`), with the digest of its bytes beside it; the :data:`KEEP_ZIPS` used last are kept.

    Zipping every page took about as much CPU as checking every link; a build whose files are
    all unchanged (a cached build) copies the last zip instead, the same bytes.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def fetch(self, key: str, target: Path) -> bool:
        """Put the zip for ``key`` at ``target`` (atomically) and return True; False on a miss or a damaged entry."""
        entry = self.folder / f"{key}.zip"
        partial = target.with_name(f".{target.name}.partial")
        try:
            data = entry.read_bytes()
            if hashlib.sha256(data).hexdigest() != (self.folder / f"{key}.sha256").read_text(encoding="ascii"):
                return False
            target.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(data)
            partial.replace(target)
            os.utime(entry)  # used: kept by the pruning
        except OSError:
            partial.unlink(missing_ok=True)
            return False
        return True

    def store(self, key: str, zipped: Path) -> None:
        """Keep a copy of ``zipped`` for ``key``; a cache that cannot be written is skipped."""
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            data = zipped.read_bytes()
            staging = self.folder / f".{key}-{os.getpid()}"
            staging.write_bytes(data)
            (self.folder / f"{key}.sha256").write_text(hashlib.sha256(data).hexdigest(), encoding="ascii")
            staging.replace(self.folder / f"{key}.zip")
            entries = sorted(self.folder.glob("*.zip"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in entries[KEEP_ZIPS:]:
                old.unlink(missing_ok=True)
                old.with_suffix(".sha256").unlink(missing_ok=True)
