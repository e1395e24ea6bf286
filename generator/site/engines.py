"""Step three of ``ambit build``: run a site engine on the generated docs folder and config.

``mkdocs`` (MkDocs 1.6 with Material, the default) runs in this process; ``zensical`` (Material's
successor, which reads the same ``mkdocs.yml``) runs as ``python -m zensical build`` in a child
process. Both write into ``<config folder>/site``; each returns None or the reason it failed.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ENGINES = ("mkdocs", "zensical")


def output_dir(config_path: Path) -> Path:
    """Where the engine writes the site (``site_dir: site`` beside the generated config)."""
    return config_path.parent / "site"


def run_engine(engine: str, config_path: Path, *, strict: bool, epoch: int, dirty: bool = False) -> str | None:
    """Build the site of ``config_path`` with ``engine``; None on success, else why not.

    A build starts from an empty output folder, except a ``dirty`` one (MkDocs only, for the
    preview), which re-renders only the pages whose Markdown is newer than their HTML.
    """
    if not dirty:
        shutil.rmtree(output_dir(config_path), ignore_errors=True)
    # Reproducible output: page dates and the sitemap come from the catalogue, not the clock.
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    if engine == "mkdocs":
        return _mkdocs(config_path, strict=strict, dirty=dirty)
    if dirty:
        raise ValueError(f"{engine} has no dirty builds")
    if engine == "zensical":
        return _zensical(config_path, strict=strict)
    raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")


def _mkdocs_logging() -> None:
    """Show MkDocs' warnings on stderr in its own format (once per process)."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_ambit", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.setLevel(logging.WARNING)
        # The preview's dirty builds are deliberate; MkDocs warns about each one.
        handler.addFilter(lambda record: "'dirty' build" not in record.getMessage())
        handler._ambit = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def _mkdocs(config_path: Path, *, strict: bool, dirty: bool) -> str | None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _mkdocs_logging()
    try:
        build(load_config(config_file=str(config_path), strict=strict), dirty=dirty)
    except (MkDocsException, SystemExit) as exc:
        return str(exc) or "MkDocs reported warnings in strict mode"
    return None


def _zensical(config_path: Path, *, strict: bool) -> str | None:
    try:
        import zensical  # noqa: F401 - only to say how to install it when it is missing
    except ModuleNotFoundError:
        return "Zensical is not installed; run `make site` (or `pip install 'ambit[zensical]'`)"
    command = [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(config_path)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run(command, capture_output=True, text=True, check=False, cwd=config_path.parent, env=env)
    if proc.returncode != 0 or not (output_dir(config_path) / "index.html").is_file():
        return f"Zensical failed (exit {proc.returncode}):\n{zensical_report(proc.stdout + proc.stderr)}"
    return None


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_TRACEBACK = "Traceback (most recent call last):"


def zensical_report(output: str, limit: int = 4000) -> str:
    """Zensical's diagnostics without colour codes, and its Python traceback cut to the last line."""
    text = _ANSI.sub("", output)
    if _TRACEBACK in text:
        before, _, after = text.partition(_TRACEBACK)
        text = before + after.strip().splitlines()[-1]
    return text.strip()[-limit:]
