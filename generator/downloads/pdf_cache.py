"""PDFs laid out by an earlier build, kept in ``build/cache/pdf/`` and reused when nothing changed.

WeasyPrint takes seconds per checklist, and its output depends only on the print HTML (styles
included), the identity that seeds the file identifier, the papers, the fonts and the code that
drives it. The cache key is a hash of all of those: the HTML's bytes, the identity, the papers,
the versions of WeasyPrint and pydyf, the source of :mod:`generator.downloads.pdf` and each font
file's size and modification time. So any change to a control that a checklist holds, to its
styles or to the PDF code lays the checklist out again; a build that changes none of them copies
the bytes the last one wrote (identical, since the PDFs are reproducible).

The system's text libraries (Pango, HarfBuzz) are not in the key: reading their versions means
loading WeasyPrint, which a build with every PDF cached avoids. After upgrading them, delete
``build/cache/`` (``make clean`` does) to lay every PDF out again.

A cached file is read back only when it passes the same completeness check as a fresh PDF; a
damaged or missing entry is simply laid out again. :meth:`PdfCache.keep_only_used` drops the entries a
build did not use, so the folder holds one build's PDFs (a few MB), not every build's.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from generator.downloads import pdf
from generator.downloads.files import write_atomic
from generator.downloads.guards import DownloadError

FORMAT = b"ambit pdf cache 1"
"""Bumped when the layout of the cache itself changes."""


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
    for name in sorted(pdf.FONTS.values()):
        path = pdf.FONT_DIR / name
        stat = path.stat() if path.is_file() else None
        parts.append(f"{name} {stat.st_size if stat else 0} {stat.st_mtime_ns if stat else 0}".encode())
    return hashlib.sha256(b"\0".join(parts)).digest()


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
        return found

    def put(self, key: str, pdfs: dict[str, bytes]) -> None:
        """Store freshly laid out PDFs under ``key`` (each file written atomically)."""
        for paper, data in pdfs.items():
            write_atomic(self._path(key, paper), data)
        self._used.add(key)

    def keep_only_used(self) -> None:
        """Delete every entry that this cache object neither read nor wrote."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.pdf"):
            if path.name.split(".", 1)[0] not in self._used:
                path.unlink(missing_ok=True)
