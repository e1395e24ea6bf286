"""The vocabularies a contributor picks from, read leniently from a project's ``content/``.

Scaffolding and issue forms must work on a catalogue that does not validate yet (that is when
contributors need them most), so this reads each file on its own and skips what it cannot read,
instead of going through the full validation of :func:`generator.catalogue.load_catalogue`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic
from generator.loader import load_yaml


@dataclass(frozen=True)
class Term:
    """One vocabulary entry: its id, display name and the layers it belongs to (if any)."""

    id: str
    name: str
    layers: tuple[str, ...] = ()


@dataclass(frozen=True)
class LayerInfo:
    """A layer: id (the folder under content/controls/), display name and ID prefix."""

    id: str
    name: str
    prefix: str


@dataclass(frozen=True)
class Vocabulary:
    """What a new control or checklist may refer to, plus the catalogue version being prepared."""

    version: str
    layers: tuple[LayerInfo, ...]
    lifecycle: tuple[Term, ...]
    sectors: tuple[Term, ...]
    components: tuple[Term, ...]
    threats: tuple[Term, ...]
    frameworks: tuple[str, ...]

    def layer(self, layer_id: str) -> LayerInfo | None:
        """The layer called ``layer_id``, or None."""
        return next((layer for layer in self.layers if layer.id == layer_id), None)

    def components_of(self, layer_id: str) -> tuple[str, ...]:
        """Ids of the components that belong to ``layer_id``."""
        return tuple(c.id for c in self.components if layer_id in c.layers)

    def threats_of(self, layer_id: str) -> tuple[str, ...]:
        """Ids of the threats listed for ``layer_id``."""
        return tuple(t.id for t in self.threats if layer_id in t.layers)


class VocabularyError(Exception):
    """The layers file, without which nothing can be scaffolded, cannot be read."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format_text())
        self.diagnostic = diagnostic


def _entries(root: Path, name: str) -> list[dict[str, Any]]:
    path = root / "content" / f"{name}.yml"
    if not path.exists():
        return []
    loaded = load_yaml(path, f"content/{name}.yml")
    if isinstance(loaded, Diagnostic) or not isinstance(loaded.data, dict):
        return []
    entries = loaded.data.get(name)
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)]


def _terms(entries: list[dict[str, Any]], layer_key: str = "") -> tuple[Term, ...]:
    terms = []
    for e in entries:
        layers: Any = e.get(layer_key) if layer_key else ()
        if isinstance(layers, str):
            layers = (layers,)
        terms.append(Term(id=e["id"], name=str(e.get("name", e["id"])), layers=tuple(layers or ())))
    return tuple(terms)


def catalogue_version(root: Path) -> str:
    """The ``version`` in ``content/catalogue.yml``, or ``0.0.0`` when it cannot be read."""
    path = root / "content" / "catalogue.yml"
    if not path.exists():
        return "0.0.0"
    loaded = load_yaml(path, "content/catalogue.yml")
    if isinstance(loaded, Diagnostic) or not isinstance(loaded.data, dict):
        return "0.0.0"
    return str(loaded.data.get("version", "0.0.0"))


def read_vocabulary(root: Path) -> Vocabulary:
    """Read the vocabularies under ``root``; raise :class:`VocabularyError` if layers are unreadable."""
    layers_path = root / "content" / "layers.yml"
    if not layers_path.exists():
        raise VocabularyError(
            Diagnostic("content/layers.yml", 1, 1, "missing-file", "content/layers.yml is missing", "is --root right?")
        )
    loaded = load_yaml(layers_path, "content/layers.yml")
    if isinstance(loaded, Diagnostic):
        raise VocabularyError(loaded)
    layers = tuple(
        LayerInfo(id=e["id"], name=str(e.get("name", e["id"])), prefix=str(e.get("prefix", "")))
        for e in _entries(root, "layers")
        if e.get("prefix")
    )
    frameworks = tuple(sorted(p.stem for p in (root / "content" / "frameworks").glob("*.yml")))
    return Vocabulary(
        version=catalogue_version(root),
        layers=layers,
        lifecycle=_terms(_entries(root, "lifecycle")),
        sectors=_terms(_entries(root, "sectors")),
        components=_terms(_entries(root, "components"), "layer"),
        threats=_terms(_entries(root, "threats"), "layers"),
        frameworks=frameworks,
    )
