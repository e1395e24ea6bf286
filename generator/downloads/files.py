"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _readable_mode() -> int:
    """What ``open()`` would give a new file: 0666 less the umask (mkstemp makes 0600 files)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    A failure is reported against ``path``, the file the user asked for, never the hidden
    temporary file, which is removed.
    """
    prefix = f".{path.name}."
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # its errors name the folder: keep them
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            Path(tmp).chmod(_readable_mode())  # a published site and project files must be readable
            Path(tmp).replace(path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                Path(tmp).unlink()
            raise
    except OSError as exc:
        if exc.filename and Path(exc.filename).name.startswith(prefix):
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
