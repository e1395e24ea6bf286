"""``ambit new``: stubs for a new control or checklist that guide and cannot be merged unfilled.

A stub is valid YAML whose empty values each break the JSON Schema (an empty title, no priority,
empty lists, zero minutes), so ``ambit validate`` names every field still to fill, and the
comments say what each field needs and which values exist. Files are created exclusively: an
existing file is never overwritten.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.diagnostics import Diagnostic
from generator.loader import load_yaml, load_yaml_bytes
from generator.model import PRIORITIES
from generator.schemas import validate_document

from .project import LayerInfo, Vocabulary

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "contrib"
CHECKLIST_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
MAX_NUMBER = 9999
"""The control schema allows three digits, or four without a leading zero."""


@dataclass(frozen=True)
class Stub:
    """A file to create: where (relative to the root) and what it holds."""

    rel: str
    text: str
    schema: str


def comment_list(items: Iterable[str], empty: str = "(none listed yet)") -> str:
    """Ids as YAML comment lines (``#   a, b, c``), wrapped at 100 characters."""
    text = ", ".join(items) or empty
    return "\n".join("#   " + line for line in textwrap.wrap(text, 96, break_on_hyphens=False))


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # YAML, not HTML; every value written comes from the project's own files
    )
    env.filters["comment_list"] = comment_list
    return env


def taken_numbers(root: Path, layer: LayerInfo) -> set[int]:
    """Numbers used by the layer's controls: file names and the ``id`` inside each file.

    Retired controls keep their files, so their numbers stay taken and are never handed out again.
    """
    pattern = re.compile(rf"^{re.escape(layer.prefix)}-(\d{{3,4}})$")
    numbers: set[int] = set()
    folder = root / "content" / "controls" / layer.id
    for path in sorted(folder.glob("*.yml")):
        found = pattern.match(path.stem)
        if found:
            numbers.add(int(found.group(1)))
        loaded = load_yaml(path, path.name)
        if not isinstance(loaded, Diagnostic) and isinstance(loaded.data, dict):
            inner = pattern.match(str(loaded.data.get("id", "")))
            if inner:
                numbers.add(int(inner.group(1)))
    return numbers


def next_control_id(root: Path, layer: LayerInfo) -> str:
    """The highest number used in the layer (retired controls included) plus one, as an ID."""
    number = max(taken_numbers(root, layer), default=0) + 1
    if number > MAX_NUMBER:
        raise ValueError(f"layer {layer.id} has used every number up to {layer.prefix}-{MAX_NUMBER}")
    return f"{layer.prefix}-{number:03d}"


def control_stub(vocab: Vocabulary, layer: LayerInfo, control_id: str) -> Stub:
    """The stub for control ``control_id`` in ``layer``."""
    text = (
        _env()
        .get_template("control.yml.j2")
        .render(
            id=control_id,
            layer=layer,
            version=vocab.version,
            priorities=PRIORITIES,
            lifecycle=[t.id for t in vocab.lifecycle],
            components=vocab.components_of(layer.id),
            threats=vocab.threats_of(layer.id),
            sectors=[t.id for t in vocab.sectors],
            frameworks=vocab.frameworks,
        )
    )
    return Stub(f"content/controls/{layer.id}/{control_id}.yml", text, "control.schema.json")


def checklist_stub(vocab: Vocabulary, checklist_id: str) -> Stub:
    """The stub for checklist definition ``checklist_id``."""
    text = (
        _env()
        .get_template("checklist.yml.j2")
        .render(
            id=checklist_id,
            priorities=PRIORITIES,
            sectors=[t.id for t in vocab.sectors],
            layers=[layer.id for layer in vocab.layers],
        )
    )
    return Stub(f"checklists/{checklist_id}.yml", text, "checklist.schema.json")


def stub_problems(stub: Stub, root: Path) -> list[Diagnostic]:
    """What ``ambit validate`` will say about the stub (schema errors: one per field to fill)."""
    loaded = load_yaml_bytes(stub.text.encode("utf-8"), root / stub.rel, stub.rel)
    if isinstance(loaded, Diagnostic):
        return [loaded]
    return validate_document(loaded, stub.schema)


def write_stub(root: Path, stub: Stub) -> Path:
    """Create the stub's file; raise ``FileExistsError`` rather than overwrite anything."""
    path = root / stub.rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(stub.text)
    return path
