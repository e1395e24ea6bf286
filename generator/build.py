"""``ambit build``: validate, then build the site into a temporary folder and swap it in.

A failed build, whether from content errors, a MkDocs warning under strict mode or a download
guard, leaves the previous ``site/`` exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from datetime import date
from pathlib import Path

from generator.catalogue import load_catalogue
from generator.diagnostics import render


def _mkdocs_logging() -> None:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_ambit", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.setLevel(logging.WARNING)
        handler._ambit = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def build_site(root: Path, site_dir: Path, *, strict: bool = True) -> int:
    """Build into ``site_dir`` atomically. Returns 0 on success, 1 on content or build errors."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.mkdocs_hooks import SITE_ONLY
    from generator.site.offline import write_offline_copy

    result = load_catalogue(root)
    if result.diagnostics:
        print(render(result.diagnostics), file=sys.stdout)
        print(f"{len(result.diagnostics)} error(s) found; site left unchanged.", file=sys.stderr)
        return 1
    target = site_dir if site_dir.is_absolute() else root / site_dir
    staging = target.with_name(f".{target.name}-build-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    _mkdocs_logging()
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(staging), strict=strict)
        build(config)
        # --- after the main build: the offline copy (downloads/ambit-site.zip), see generator/site/offline.py
        if os.environ.get(SITE_ONLY) != "1":
            write_offline_copy(root, staging, date.fromisoformat(result.catalogue.info.date), strict=strict)
        # --- end of the offline copy
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        message = str(exc) or "MkDocs reported warnings in strict mode"
        print(f"build failed: {message}\nsite left unchanged.", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, target)
    print(f"built {target}")
    return 0


def _swap(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with two renames, so readers never see half a site."""
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
