"""Step one of ``ambit build``: write every page of the site as Markdown into a docs folder.

The folder (``build/<engine>/docs/``, git-ignored) holds the hand-written pages of
``content/pages/`` and every page generated from the catalogue, so any engine that reads
Markdown (MkDocs, Zensical) builds the same site from it without running project code. A file is
rewritten only when its bytes change and files no longer generated are removed, so a preview
rebuild after one YAML edit touches only the pages that edit changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.handwritten import IMAGE_SUFFIXES
from generator.model import Catalogue
from generator.site.contributing import contributing_page
from generator.site.nav import build_nav
from generator.site.pages import generate_pages
from generator.site.safe_pages import safe_page
from generator.site.zensical_links import for_zensical
from generator.systemmap.mapper_page import mapper_assets, mapper_pages
from generator.systemmap.site import example_pages

HANDWRITTEN_DIR = "content/pages"
"""The hand-written pages: Markdown rendered by the restricted renderer, images copied as they are
(a generated page at the same address wins)."""


@dataclass(frozen=True)
class GeneratedDocs:
    """What the generation step wrote: the folder, every file in it, and the nav over its pages."""

    docs_dir: Path
    files: tuple[str, ...]
    nav: list[Any]
    changed: tuple[str, ...]


def site_sources(cat: Catalogue, root: Path, *, directory_urls: bool = True) -> tuple[dict[str, bytes], list[Any]]:
    """``({path in docs folder: bytes}, nav)``: the hand-written and generated pages of the site."""
    handwritten_dir = root / HANDWRITTEN_DIR
    files: dict[str, bytes] = {}
    if handwritten_dir.is_dir():
        for path in sorted(handwritten_dir.rglob("*")):
            if path.is_file() and not path.is_symlink() and not path.name.startswith("."):
                data = path.read_bytes()
                if path.suffix == ".md":
                    data = safe_page(data.decode("utf-8")).encode("utf-8")
                elif path.suffix.lower() not in IMAGE_SUFFIXES:
                    continue  # `ambit validate` refuses it; never publish a file that could run script
                files[path.relative_to(handwritten_dir).as_posix()] = data
    examples = example_pages(cat, root, directory_urls=directory_urls)
    examples |= mapper_pages(cat, directory_urls=directory_urls)  # the mapper page and its data files
    files.update(mapper_assets(cat, root))
    others = sorted({uri for uri in files if uri.endswith(".md")} | set(examples))
    pages = generate_pages(
        cat,
        directory_urls=directory_urls,
        handwritten=others,
        contributing=contributing_page(root, cat.info),
    )
    for uri, text in {**examples, **pages}.items():
        files[uri] = text.encode("utf-8")
    nav = build_nav(cat, [uri for uri in others if uri not in pages])
    return dict(sorted(files.items())), nav


def write_docs(files: Mapping[str, bytes], docs_dir: Path) -> tuple[str, ...]:
    """Make ``docs_dir`` hold exactly ``files``; return the paths whose bytes changed."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for rel, data in files.items():
        path = docs_dir / rel
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        changed.append(rel)
    for path in sorted(docs_dir.rglob("*"), reverse=True):  # children before their folders
        rel = path.relative_to(docs_dir).as_posix()
        if path.is_file() and rel not in files:
            path.unlink()
            changed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return tuple(sorted(changed))


def generate_docs(
    cat: Catalogue, root: Path, docs_dir: Path, *, directory_urls: bool = True, engine: str = "mkdocs"
) -> GeneratedDocs:
    """Write the site's Markdown for ``engine`` into ``docs_dir``; raises ``ExampleError`` for a broken example."""
    files, nav = site_sources(cat, root, directory_urls=directory_urls)
    if engine == "zensical":
        files = {
            uri: for_zensical(uri, data.decode("utf-8")).encode("utf-8") if uri.endswith(".md") else data
            for uri, data in files.items()
        }
    changed = write_docs(files, docs_dir)
    return GeneratedDocs(docs_dir=docs_dir, files=tuple(files), nav=nav, changed=changed)
