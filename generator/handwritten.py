"""Hand-written pages: which files a pull request can change that the site publishes, and their check.

``CONTRIBUTING.md`` and everything under ``content/pages/`` reach readers on the site's own origin,
which holds their progress notes and system maps. So they follow the rules of the catalogue's text
fields (restricted Markdown: no raw HTML, safe links, images only from the site itself), are
checked by ``ambit validate`` with a ``path:line:col`` for each problem, and are rendered by the
restricted renderer in the build (:mod:`generator.site.safe_pages`). ``content/pages/`` may hold
Markdown pages and raster images only: an HTML, SVG or script file there would be served as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator import markdown
from generator.diagnostics import Diagnostic
from generator.loader import MAX_FILE_BYTES

PAGES_DIR = "content/pages"
CONTRIBUTING = "CONTRIBUTING.md"
PAGE_SUFFIX = ".md"
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
"""Images a page may show. No SVG: opened on its own, an SVG file runs its scripts."""

FRONT_MATTER_KEYS = frozenset({"title"})
"""The only front matter a hand-written page may carry; the theme prints it without escaping."""

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:[ \t]*(.*)")


@dataclass(frozen=True)
class PageSource:
    """A hand-written page split into its front matter and its Markdown body."""

    title: str
    body: str
    body_line: int
    """The 0-based line of the file where the body starts (after the front matter)."""
    front_matter: dict[str, tuple[int, str]]
    """Every front matter key, with its 0-based line and its value as written."""


def split_page(text: str) -> PageSource:
    """``text`` split at its YAML front matter (``---`` lines); a quoted title is unquoted."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return PageSource(title="", body=text, body_line=0, front_matter={})
    keys: dict[str, tuple[int, str]] = {}
    for number, line in enumerate((match.group(1) or "").splitlines(), start=1):
        found = _FRONT_MATTER_LINE.fullmatch(line.strip())
        if found:
            keys.setdefault(found[1], (number, found[2].strip()))
        elif line.strip() and not line.lstrip().startswith("#"):
            keys.setdefault(f"line {number + 1}", (number, line.strip()))
    title = keys.get("title", (0, ""))[1]
    if len(title) >= 2 and title[0] == title[-1] and title[0] in "\"'":
        title = title[1:-1]
    return PageSource(
        title=title, body=text[match.end() :], body_line=text[: match.end()].count("\n"), front_matter=keys
    )


def handwritten_files(root: Path) -> list[Path]:
    """``CONTRIBUTING.md`` (when present) and every file under ``content/pages/``, sorted."""
    files = [root / CONTRIBUTING] if (root / CONTRIBUTING).exists() or (root / CONTRIBUTING).is_symlink() else []
    pages = root / PAGES_DIR
    if pages.is_dir():
        files += sorted(p for p in pages.rglob("*") if not p.is_dir() and not p.name.startswith("."))
    return files


def check_handwritten(root: Path) -> list[Diagnostic]:
    """Every problem in the hand-written pages under ``root``, each at ``path:line:col``."""
    out: list[Diagnostic] = []
    for path in handwritten_files(root):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out.append(
                Diagnostic(rel, 1, 1, "symlink", f"{rel} is a symbolic link", "put the file itself in the repository")
            )
            continue
        suffix = path.suffix.lower()
        if suffix in IMAGE_SUFFIXES:
            continue
        if suffix != PAGE_SUFFIX:
            out.append(
                Diagnostic(
                    rel,
                    1,
                    1,
                    "unexpected-file",
                    f"{PAGES_DIR}/ holds Markdown pages (.md) and images only",
                    "allowed: .md, " + ", ".join(sorted(IMAGE_SUFFIXES)) + " (no HTML, SVG or script)",
                )
            )
            continue
        out += check_page(path, rel)
    return out


def check_page(path: Path, rel: str) -> list[Diagnostic]:
    """The problems of one Markdown page: size, encoding, front matter and restricted Markdown."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return [Diagnostic(rel, 1, 1, "file-too-large", f"{rel} has {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return [
            Diagnostic(
                rel, line, col, "encoding", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", "save the file as UTF-8"
            )
        ]
    page = split_page(text)
    out = [
        Diagnostic(
            rel,
            number + 1,
            1,
            "unknown-field",
            f"front matter field {key!r} is not allowed",
            "a hand-written page's front matter holds its title only",
        )
        for key, (number, _) in page.front_matter.items()
        if key not in FRONT_MATTER_KEYS
    ]
    for problem in markdown.check(page.body):
        out.append(
            Diagnostic(
                rel, page.body_line + problem.line + 1, problem.col + 1, problem.code, problem.message, problem.hint
            )
        )
    return out
