"""``ambit serve``: a live preview that rebuilds when a YAML file, template or override changes.

Each rebuild runs the steps of ``ambit build`` (validate, generate, MkDocs, HTML fixes) in
``build/preview/``, not strict, so a warning does not stop the preview. Content errors are
printed and the last good preview stays up. To stay fast, a rebuild is *dirty* when it can be:
the generation step rewrites only the Markdown files an edit changed, MkDocs re-renders only
those pages, and their search entries replace the old ones in the index. A change to the nav
(a title, a new control), to ``mkdocs.yml`` or to ``site_overrides/`` rebuilds every page.
The checklist downloads and the worked examples' files are made when the preview starts and
copied into every full rebuild (``ambit build`` always makes fresh ones). MkDocs' live-reload
server serves the folder and reloads the browser after each rebuild.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.build import BUILD_DIR, BuildOptions, catalogue_epoch, work_dir
from generator.catalogue import load_catalogue
from generator.diagnostics import render
from generator.model import Catalogue

WATCHED = ("content", "checklists", "generator", "site_overrides", "mkdocs.yml", "CONTRIBUTING.md")
"""What a contributor edits; build/ and site/ are outputs and are not watched."""
PREVIEW_DIR = "preview"
SEARCH_INDEX = "search/search_index.json"


def _page(entry: dict[str, Any]) -> str:
    return str(entry["location"]).split("#", 1)[0]


def merge_search_index(previous: list[dict[str, Any]], rebuilt: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The full index after a dirty build: each rebuilt page's entries replace its old ones, in place."""
    fresh: dict[str, list[dict[str, Any]]] = {}
    for entry in rebuilt:
        fresh.setdefault(_page(entry), []).append(entry)
    merged: list[dict[str, Any]] = []
    placed: set[str] = set()
    for entry in previous + rebuilt:  # rebuilt pages the old index lacked go last
        key = _page(entry)
        if key not in fresh:
            merged.append(entry)
        elif key not in placed:
            merged.extend(fresh[key])
            placed.add(key)
    return merged


class Preview:
    """The preview's build state: what the last build saw, so the next one can be dirty."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.options = BuildOptions(strict=False, downloads=False, build_dir=root / BUILD_DIR / PREVIEW_DIR)
        self.work = work_dir(root, self.options)
        shutil.rmtree(self.work / "files", ignore_errors=True)  # made afresh by each preview
        self.site = self.work / "site"
        self._fingerprint: tuple[bytes, tuple[tuple[str, int], ...]] | None = None
        self._index: dict[str, Any] | None = None

    def _overrides(self) -> tuple[tuple[str, int], ...]:
        folder = self.root / "site_overrides"
        return tuple((p.as_posix(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file())

    def build(self) -> bool:
        """Rebuild the preview (dirty when the nav, config and overrides are unchanged); False on errors."""
        from generator.site.engine_config import engine_config, write_engine_config
        from generator.site.engines import run_engine
        from generator.site.generate import generate_docs
        from generator.site.postprocess import finish_built_site
        from generator.systemmap.site import ExampleError

        result = load_catalogue(self.root)
        if result.diagnostics:
            print(render(result.diagnostics), file=sys.stderr)
            print(f"{len(result.diagnostics)} error(s); the preview shows the last good build.", file=sys.stderr)
            return False
        cat = result.catalogue
        try:
            generated = generate_docs(cat, self.root, self.work / "docs")
        except ExampleError as exc:
            print(render(exc.diagnostics), file=sys.stderr)
            return False
        config = write_engine_config(
            engine_config(self.root, cat, generated.nav, self.work, engine="mkdocs"), self.work
        )
        fingerprint = (config.read_bytes(), self._overrides())
        full = fingerprint != self._fingerprint or self._index is None
        if not full and not generated.changed:
            return True
        error = run_engine("mkdocs", config, strict=False, epoch=catalogue_epoch(cat), dirty=not full)
        if error is not None:
            print(f"preview build failed: {error}", file=sys.stderr)
            self._fingerprint = None  # the next build starts clean
            return False
        self._fingerprint = fingerprint
        # No Content-Security-Policy in the preview: MkDocs' server adds an inline reload script to
        # each page it serves, which a policy would block. Built and offline sites carry it.
        finish_built_site(self.site, csp=False, split_search=False)
        index_path = self.site / SEARCH_INDEX
        index = json.loads(index_path.read_text(encoding="utf-8"))
        if full:
            self._add_files(cat)
        elif self._index is not None:
            index["docs"] = merge_search_index(self._index["docs"], index["docs"])
            index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        self._index = index
        return True

    def _add_files(self, cat: Catalogue) -> None:
        """Copy the downloads and worked examples' files in, making them on the first build only."""
        from generator.downloads import write_all_downloads
        from generator.downloads.pdf_cache import PdfCache, pdf_cache_dir
        from generator.systemmap.site import example_assets

        files = self.work / "files"
        if not files.is_dir():
            staging = self.work / "files-staging"
            shutil.rmtree(staging, ignore_errors=True)
            cache = PdfCache(pdf_cache_dir())
            example_assets(cat, self.root, staging, cache)
            write_all_downloads(cat, staging / "downloads", cache=cache)
            staging.rename(files)
        shutil.copytree(files, self.site, dirs_exist_ok=True)


DEFAULT_ADDR = "127.0.0.1:8000"


def mount_path(root: Path) -> str:
    """The path the site is served under: that of ``site_url`` (``/ambit/``), as on the published site."""
    import yaml

    from generator.site.engine_config import base_config

    try:
        site_url = base_config(root).get("site_url")
    except (OSError, ValueError, yaml.YAMLError):  # no readable mkdocs.yml: `ambit build` says why
        return "/"
    return urlsplit(str(site_url or "/")).path or "/"


def preview_url(root: Path, page: str = "", dev_addr: str = DEFAULT_ADDR) -> str:
    """Where ``ambit serve`` shows ``page`` (a site path such as ``controls/HST-001/``)."""
    return f"http://{dev_addr}{mount_path(root)}{page}"


def serve(root: Path, dev_addr: str) -> int:
    """Build, serve on ``dev_addr`` under the path of ``site_url``, rebuild on every change."""
    from mkdocs.livereload import LiveReloadServer

    host, _, port = dev_addr.rpartition(":")
    host = host or "127.0.0.1"
    preview = Preview(root)
    if not preview.build():
        preview.site.mkdir(parents=True, exist_ok=True)
    mount = mount_path(root)

    def builder() -> None:
        preview.build()

    server = LiveReloadServer(builder=builder, host=host, port=int(port), root=str(preview.site), mount_path=mount)
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    print(f"serving the preview at http://{host}:{port}{mount} (Ctrl+C stops it)")
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
