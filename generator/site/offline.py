"""The offline copy: the whole site as ``downloads/ambit-site.zip``, working from ``file://``.

Browsers refuse ``fetch`` and web workers on ``file://``, so the copy is a second MkDocs build
of the same pages with Material's ``offline`` plugin (which turns off directory URLs and puts the
search index in a script), without instant navigation (which fetches pages), and with the
``iframe-worker`` shim that the plugin would otherwise load from a CDN served from
``site_overrides/assets/vendor/``. The downloads and the worked examples' files are not built
again: they are copied from the main build, which has just written them. The zip's bytes depend
only on the files: entries sorted, every timestamp the catalogue's release date, fixed modes.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from generator.model import Catalogue

OFFLINE_ZIP = "downloads/ambit-site.zip"
"""Where the offline copy goes, relative to the site root (a stable URL)."""
FOLDER = "ambit-site"
"""The folder the zip unpacks into: open ``ambit-site/index.html``."""
SHIM = "assets/vendor/iframe-worker/shim.js"
"""The iframe-worker shim (npm ``iframe-worker`` 1.0.4, MIT), vendored in ``site_overrides/``."""
ONLINE_FEATURES = ("navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress")
"""Theme features that fetch pages, which a browser refuses on ``file://``."""
_MKDOCS_PAGE = b'<meta name="generator" content="mkdocs-'


def offline_overrides(config: dict[str, Any]) -> dict[str, Any]:
    """``config`` (a generated engine config) changed for the offline build."""
    plugins = list(config.get("plugins") or ["search"])
    if "offline" not in plugins:
        plugins.append("offline")
    theme = dict(config.get("theme") or {})
    theme["features"] = [f for f in theme.get("features", []) if f not in ONLINE_FEATURES]
    extra = dict(config.get("extra") or {})
    extra["polyfills"] = [*extra.get("polyfills", []), SHIM]
    return {**config, "plugins": plugins, "theme": theme, "extra": extra, "use_directory_urls": False}


def build_offline_pages(cat: Catalogue, root: Path, work: Path, *, strict: bool, epoch: int) -> Path:
    """Generate the pages for ``file://`` (no directory URLs) in ``work`` and build them with MkDocs.

    Returns the built folder; the downloads are not built again (they are copied).
    """
    from generator.site.engine_config import engine_config, write_engine_config
    from generator.site.engines import output_dir, run_engine
    from generator.site.generate import generate_docs
    from generator.site.html_fixes import fix_site

    generated = generate_docs(cat, root, work / "docs", directory_urls=False, engine="mkdocs")
    config = offline_overrides(engine_config(root, cat, generated.nav, work, engine="mkdocs"))
    config_path = write_engine_config(config, work)
    error = run_engine("mkdocs", config_path, strict=strict, epoch=epoch)
    if error is not None:
        raise RuntimeError(f"offline copy: {error}")
    site = output_dir(config_path)
    fix_site(site)
    return site


def _is_mkdocs_page(path: Path) -> bool:
    if path.suffix != ".html":
        return False
    with path.open("rb") as f:
        return _MKDOCS_PAGE in f.read(4096)


COPIED_FOLDERS = ("downloads", "method")
"""Where the main build writes files that are not pages: the downloads, the worked examples' files."""


def copy_built_files(site_dir: Path, out: Path) -> None:
    """Copy into ``out`` the main build's downloads and worked-example files.

    Only files under :data:`COPIED_FOLDERS` that are not pages (``index.html``, ``404.html``) and
    not already in the offline build are copied, so the copy is the same whichever engine built
    the site; an earlier offline zip is left out.
    """
    for folder in COPIED_FOLDERS:
        for path in sorted((site_dir / folder).rglob("*")):
            rel = path.relative_to(site_dir)
            target = out / rel
            if not path.is_file() or rel.as_posix() == OFFLINE_ZIP or target.exists():
                continue
            if path.name in ("index.html", "404.html") or _is_mkdocs_page(path):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def _files(folder: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix()):
        if path.is_file():
            yield path.relative_to(folder).as_posix(), path


def write_zip(folder: Path, target: Path, released: date) -> None:
    """Zip ``folder`` into ``target`` under ``ambit-site/``: same files, same bytes.

    Entries are sorted by path, dated ``released`` (zip dates start in 1980) with mode 0644, and
    deflated at a fixed level; the zip is written beside ``target`` and renamed into place.
    """
    stamp = (max(released.year, 1980), released.month, released.day, 0, 0, 0)
    partial = target.with_name(f".{target.name}.partial")
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(partial, "w") as archive:
        for rel, path in _files(folder):
            info = zipfile.ZipInfo(f"{FOLDER}/{rel}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the mode below is read as permissions everywhere
            info.external_attr = 0o100644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=6)
    partial.replace(target)


def write_offline_copy(
    cat: Catalogue, root: Path, site_dir: Path, work: Path, *, strict: bool = True, epoch: int = 0
) -> Path:
    """Build the offline copy of the site in ``site_dir`` and write it to ``OFFLINE_ZIP`` there.

    Called by ``ambit build`` once the main build (pages and downloads) is complete; ``work`` is
    a folder of its own for the generated pages and config.
    """
    shutil.rmtree(work, ignore_errors=True)
    built = build_offline_pages(cat, root, work, strict=strict, epoch=epoch)
    with tempfile.TemporaryDirectory(prefix="ambit-offline-") as tmp:
        out = Path(tmp) / FOLDER
        shutil.copytree(built, out)
        copy_built_files(site_dir, out)
        target = site_dir / OFFLINE_ZIP
        write_zip(out, target, date.fromisoformat(cat.info.date))
    return target
