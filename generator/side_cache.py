"""The files a build writes beside the pages, kept from the last builds and reused while none of their inputs changed.

The worked examples' files, the text downloads (CSV, XLSX, Markdown, JSON, HTML) and the exports
(OSCAL, CISO Assistant) are a function of the catalogue, the generator's code and the libraries
it runs: making them again took about a quarter of a cached build's CPU. The cache key
(:func:`side_key`) is a hash of every one of those inputs: the catalogue as loaded (every field
of it), each file under ``content/`` and ``checklists/`` (the worked examples included), each
file of the ``generator`` package (code and templates), the scripts ``checklist.html`` carries
(from ``site_overrides/assets``), the name and version of every installed
distribution, the Python version, and what the PDF cache's keys share
(:func:`generator.downloads.pdf_cache.environment_digest`: the system's text libraries and
fonts, for the reviews' PDFs). Any change to any of them is a new key and the files are written
afresh, so a hit gives the bytes a fresh run would.

Entries live beside the PDF cache, outside the checkout (:func:`side_cache_dir`), for the same
reason: a file committed to the repository must not be able to stand in for a download. An
entry is moved into place only once complete, carries a manifest of its files' hashes and is
checked against it when used; a damaged entry is a miss. Only the :data:`KEEP` entries used last
are kept (each holds about 17 MB).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
import time
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from generator.downloads.pdf_cache import environment_digest, pdf_cache_dir
from generator.model import Catalogue

FORMAT = b"ambit side cache 1"
"""Bumped when the layout of an entry changes."""
KEEP = 3
"""Entries kept: the last builds' (a build after an edit makes a new one)."""
MANIFEST = ".manifest"
INPUT_FOLDERS = ("content", "checklists")
"""The catalogue's folders: every file the side files are made from, outside the generator."""
_PACKAGE = Path(__file__).resolve().parent


def side_cache_dir() -> Path:
    """Where entries live: ``side/`` beside the PDF cache's folder."""
    return pdf_cache_dir().parent / "side"


def _files(folder: Path) -> list[tuple[str, Path]]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            found.append((path.relative_to(folder).as_posix(), path))
    return sorted(found)


@lru_cache(maxsize=1)
def package_digest() -> bytes:
    """A hash of every file of the ``generator`` package: its code and templates."""
    digest = hashlib.sha256()
    for rel, path in _files(_PACKAGE):
        data = path.read_bytes()
        digest.update(f"\0{rel}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.digest()


def side_key(cat: Catalogue, root: Path) -> str:
    """The hash of every input of the side files of ``cat``, loaded from ``root`` (see the module's docstring)."""
    digest = hashlib.sha256(FORMAT)

    def add(label: str, data: bytes) -> None:
        digest.update(f"\0{label}\0{len(data)}\0".encode())
        digest.update(data)

    # The catalogue as loaded, field by field (its repr holds no address and no set): what the
    # files are made from, even when it did not come from the files under root as they are.
    add("catalogue", repr(cat).encode())
    for name in INPUT_FOLDERS:
        for rel, path in _files(root / name):
            add(f"{name}/{rel}", path.read_bytes())
    add("generator", package_digest())
    # checklist.html's scripts come from site_overrides/assets (or the wheel's copy), outside the package.
    from generator.downloads.tracker_files import tracker_files

    for name, data in sorted(tracker_files().items()):
        add(name, data)
    dists = sorted({f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions() if d.metadata["Name"]})
    add("distributions", "\n".join(dists).encode())
    add("python", sys.version.encode())
    add("pdf", environment_digest())
    return digest.hexdigest()


def _manifest(folder: Path) -> bytes:
    lines = [
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {rel}" for rel, path in _files(folder) if rel != MANIFEST
    ]
    return ("\n".join(lines) + "\n").encode()


class SideCache:
    """The entries in ``folder``, one sub-folder per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def fetch(self, key: str, target: Path) -> bool:
        """Copy the entry for ``key`` into ``target`` (made afresh) and return True; False on a miss."""
        entry = self.folder / key
        try:
            if (entry / MANIFEST).read_bytes() != _manifest(entry):
                shutil.rmtree(entry, ignore_errors=True)  # damaged: made again and stored anew
                return False
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(entry, target, ignore=shutil.ignore_patterns(MANIFEST))
            os.utime(entry)  # used: kept by prune
        except OSError:
            shutil.rmtree(target, ignore_errors=True)
            return False
        return True

    def store(self, key: str, source: Path) -> None:
        """Keep a copy of ``source`` as the entry for ``key``; a cache that cannot be written is skipped."""
        entry = self.folder / key
        staging = self.folder / f".{key}-{os.getpid()}"
        try:
            shutil.rmtree(staging, ignore_errors=True)
            shutil.copytree(source, staging)
            (staging / MANIFEST).write_bytes(_manifest(staging))
            if entry.exists():
                shutil.rmtree(entry)
            staging.rename(entry)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            return
        self.prune()

    def prune(self) -> None:
        """Keep the :data:`KEEP` entries used last."""
        with contextlib.suppress(OSError):
            entries = [p for p in self.folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
            entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
            cutoff = time.time() - 3600  # a staging folder this old belongs to a build that died
            for path in entries[KEEP:]:
                shutil.rmtree(path, ignore_errors=True)
            for path in self.folder.glob(".*"):
                if path.stat().st_mtime < cutoff:
                    shutil.rmtree(path, ignore_errors=True)
