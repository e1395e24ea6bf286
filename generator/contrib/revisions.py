"""The catalogue as it was at a git revision, or as it is in the working tree.

A revision's ``content/`` and ``checklists/`` are exported with ``git archive`` into a temporary
folder and loaded there with :func:`generator.catalogue.load_catalogue`, exactly as a build
would load them; the JSON Schemas used are the current code's, so both sides are judged alike.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from generator.catalogue import load_catalogue
from generator.diagnostics import Diagnostic
from generator.loader import YamlDocument
from generator.model import Catalogue
from generator.select import Checklist, build_checklist

EXPORTED = ("content", "checklists")
"""Top-level folders that hold the catalogue; nothing else is exported from a revision."""


class RevisionError(Exception):
    """A revision that git cannot resolve, or a root that is not a git work tree."""


@dataclass
class Snapshot:
    """One side of a comparison: the loaded catalogue, raw control data and built checklists."""

    label: str
    catalogue: Catalogue
    diagnostics: list[Diagnostic]
    controls: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Raw YAML data of every control file that parsed, keyed by file name (the ID)."""
    control_paths: dict[str, str] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    definitions: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Raw YAML data of every checklist definition that parsed, keyed by file name."""
    documents: dict[str, YamlDocument] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return self.catalogue.info.version


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except OSError as exc:  # git itself is missing
        raise RevisionError(f"cannot run git: {exc.strerror}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(message[-1] if message else f"git {' '.join(args)} failed")
    return done.stdout


def resolve(root: Path, revision: str) -> str:
    """The commit ``revision`` names; :class:`RevisionError` if git cannot resolve it."""
    if revision.startswith("-"):
        raise RevisionError(f"'{revision}' is not a git revision")
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except RevisionError:
        raise RevisionError(
            f"'{revision}' is not a git revision here (fetch it first, e.g. `git fetch origin main`)"
        ) from None


def export(root: Path, revision: str, dest: Path) -> None:
    """Write the revision's ``content/`` and ``checklists/`` into ``dest``."""
    commit = resolve(root, revision)
    present = _git(root, "ls-tree", "--name-only", commit).decode().split()
    paths = [p for p in EXPORTED if p in present]
    dest.mkdir(parents=True, exist_ok=True)
    if not paths:
        return
    archive = _git(root, "archive", "--format=tar", commit, "--", *paths)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")


def snapshot(root: Path, revision: str | None) -> Snapshot:
    """Load the catalogue at ``revision`` (None: the working tree under ``root``)."""
    if revision is None:
        return _load(root, "working tree")
    with tempfile.TemporaryDirectory(prefix="ambit-diff-") as tmp:
        export(root, revision, Path(tmp))
        return _load(Path(tmp), revision)


def _load(root: Path, label: str) -> Snapshot:
    result = load_catalogue(root)
    snap = Snapshot(label=label, catalogue=result.catalogue, diagnostics=result.diagnostics)
    snap.documents = result.documents
    for rel, doc in sorted(result.documents.items()):
        path = PurePosixPath(rel)
        if not isinstance(doc.data, dict):
            continue
        if rel.startswith("content/controls/"):
            snap.controls[path.stem] = doc.data
            snap.control_paths[path.stem] = rel
        elif rel.startswith("checklists/") and len(path.parts) == 2:
            snap.definitions[path.stem] = doc.data
    snap.checklists = {d.id: build_checklist(result.catalogue, d) for d in result.catalogue.checklists}
    return snap
