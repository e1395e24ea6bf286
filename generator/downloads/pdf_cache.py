"""PDFs laid out by an earlier build, kept in the user's cache folder and reused when nothing changed.

WeasyPrint takes seconds per checklist, and its output depends only on the print HTML (styles
included), the identity that seeds the file identifier, the papers, the fonts and the code that
drives it. The cache key is a hash of all of those: the HTML's bytes, the identity, the papers,
the versions of WeasyPrint and pydyf, the source of :mod:`generator.downloads.pdf` and each font
file's size and modification time. So any change to a control that a checklist holds, to its
styles or to the PDF code lays the checklist out again; a build that changes none of them copies
the bytes the last one wrote (identical, since the PDFs are reproducible).

The system's text libraries that WeasyPrint loads (Pango, HarfBuzz and its font subsetter,
fontconfig, FreeType) are in the key by their files (path, size and date, found through the
dynamic linker's cache): the embedded font subsets changed with a HarfBuzz upgrade while every
other input stayed the same, and a key blind to that served the old bytes for two weeks. Reading
the files, not the libraries' version calls, keeps WeasyPrint unloaded when every PDF is cached.

The folder is outside the checkout (:func:`pdf_cache_dir`: ``$AMBIT_CACHE_DIR/pdf``, else
``$XDG_CACHE_HOME/ambit/pdf`` or ``~/.cache/ambit/pdf``), never under ``build/``: a file committed
to the repository, by a pull request say, must not be able to stand in for a checklist's PDF on
the published site. The keys are content hashes, so checkouts and forks can share it.

A cached file is read back only when it passes the same completeness check as a fresh PDF; a
damaged or missing entry is simply laid out again, and a cache that cannot be written is skipped.
Each use renews an entry's date; :meth:`PdfCache.prune` deletes entries unused for
:data:`KEEP_DAYS` days, so the folder holds a few builds' PDFs (about 1 MB each), not every one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from generator.downloads import pdf
from generator.downloads.files import write_atomic
from generator.downloads.guards import DownloadError

FORMAT = b"ambit pdf cache 1"
"""Bumped when the layout of the cache itself changes."""
KEEP_DAYS = 14
"""Entries unused for this many days are deleted."""


def pdf_cache_dir() -> Path:
    """Where the PDF cache lives: ``$AMBIT_CACHE_DIR/pdf``, else the user's cache folder (XDG)."""
    own = os.environ.get("AMBIT_CACHE_DIR")
    if own:
        return Path(own) / "pdf"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ambit" / "pdf"


@lru_cache(maxsize=1)
def _environment() -> bytes:
    """What every key shares: library versions, the PDF code and the font files."""
    parts = [FORMAT]
    for package in ("weasyprint", "pydyf"):
        try:
            parts.append(f"{package} {metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            parts.append(f"{package} missing".encode())
    parts.append(Path(pdf.__file__).read_bytes())
    parts.extend(line.encode() for line in text_libraries())
    for name in sorted(pdf.FONTS.values()):
        path = pdf.FONT_DIR / name
        stat = path.stat() if path.is_file() else None
        parts.append(f"{name} {stat.st_size if stat else 0} {stat.st_mtime_ns if stat else 0}".encode())
    return hashlib.sha256(b"\0".join(parts)).digest()


def environment_digest() -> bytes:
    """What every key shares (library versions, the PDF code, fonts, text libraries), as a digest."""
    return _environment()


TEXT_LIBRARIES = (
    "libpango-1.0",
    "libpangoft2-1.0",
    "libharfbuzz",
    "libharfbuzz-subset",
    "libfontconfig",
    "libfreetype",
)
"""The shared libraries WeasyPrint lays text out with, whose upgrades change a PDF's bytes."""


def text_libraries() -> list[str]:
    """``name file size mtime`` for each of :data:`TEXT_LIBRARIES` (``name missing`` when not found)."""
    import subprocess

    try:
        listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):  # no dynamic linker cache (macOS): versions unknown
        listing = ""
    found: dict[str, str] = {}
    for line in listing.splitlines():
        soname, _, path = line.strip().partition(" => ")
        base = soname.split(" ", 1)[0].split(".so", 1)[0]
        if base in TEXT_LIBRARIES and base not in found and ".so." in soname:
            found[base] = path.strip()
    out = []
    for name in TEXT_LIBRARIES:
        real = Path(found[name]).resolve() if name in found else None
        stat = real.stat() if real is not None and real.is_file() else None
        out.append(f"{name} {real} {stat.st_size} {stat.st_mtime_ns}" if stat else f"{name} missing")
    return out


class PdfCache:
    """A folder of PDFs keyed by everything that decides their bytes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._used: set[str] = set()

    @staticmethod
    def key(html: str, identity: str, papers: tuple[str, ...]) -> str:
        """The cache key of the PDFs of ``html`` on ``papers`` with file identifiers from ``identity``."""
        digest = hashlib.sha256(_environment())
        for part in (identity, ",".join(papers), html):
            digest.update(b"\0" + part.encode("utf-8"))
        return digest.hexdigest()

    def _path(self, key: str, paper: str) -> Path:
        return self.folder / f"{key}.{paper}.pdf"

    def get(self, key: str, papers: tuple[str, ...]) -> dict[str, bytes] | None:
        """The PDFs stored under ``key``, one per paper, or None unless every one is there and complete."""
        found = {}
        for paper in papers:
            path = self._path(key, paper)
            try:
                data = path.read_bytes()
                pdf.check(data, path.name)
            except (OSError, DownloadError):
                return None
            found[paper] = data
        self._used.add(key)
        for paper in papers:  # renew the entry's date, so pruning keeps what builds still use
            with contextlib.suppress(OSError):
                os.utime(self._path(key, paper))
        return found

    def put(self, key: str, pdfs: dict[str, bytes]) -> None:
        """Store freshly laid out PDFs under ``key`` (each file written atomically); a cache that
        cannot be written is left as it is."""
        try:
            for paper, data in pdfs.items():
                write_atomic(self._path(key, paper), data)
        except OSError:
            return
        self._used.add(key)

    def prune(self, now: float | None = None) -> None:
        """Delete the entries that no build has used for :data:`KEEP_DAYS` days."""
        if not self.folder.is_dir():
            return
        cutoff = (time.time() if now is None else now) - KEEP_DAYS * 86400
        for path in self.folder.glob("*.pdf"):
            with contextlib.suppress(OSError):
                if path.name.split(".", 1)[0] not in self._used and path.stat().st_mtime < cutoff:
                    path.unlink()


def cached_pdfs(cache: PdfCache | None, html: str, identity: str, papers: tuple[str, ...]) -> dict[str, bytes]:
    """The PDFs of ``html`` on ``papers``: from ``cache`` when it holds them, else laid out (and stored).

    WeasyPrint is imported only on a miss, so a build whose PDFs are all cached never loads it.
    """
    if cache is None:
        return pdf.render_pdfs(html, papers=papers, identity=identity)
    key = PdfCache.key(html, identity, papers)
    found = cache.get(key, papers)
    if found is None:
        found = pdf.render_pdfs(html, papers=papers, identity=identity)
        cache.put(key, found)
    return found
