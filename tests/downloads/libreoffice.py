"""Converting files with Debian's headless LibreOffice (``libreoffice-calc-nogui``) in tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (Debian libreoffice-calc-nogui) not installed"
)


def convert(source: Path, target_format: str, work: Path) -> Path:
    """``source`` converted by LibreOffice to ``target_format`` (e.g. ``pdf``) in ``work/out``.

    A profile of its own in ``work`` keeps runs independent of each other and of any user's
    LibreOffice settings.
    """
    out = work / "out"
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--convert-to",
            target_format,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(work), "PATH": "/usr/bin:/bin"},
    )
    return out / f"{source.stem}.{target_format.split(':')[0]}"
