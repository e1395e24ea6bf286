"""Where the catalogue is: an explicit folder, the checkout you are in, or the copy inside the package.

``ambit`` reads ``content/`` and ``checklists/`` from one folder, the *catalogue root*. It is
resolved in this order:

1. ``--catalogue DIR`` (or its older name ``--root``): a fork's catalogue, any folder holding
   ``content/`` and ``checklists/``;
2. the checkout you run it in: the current folder or the nearest parent holding
   ``content/catalogue.yml`` and ``checklists/``, so contributors see their own edits;
3. the catalogue packaged with the installed ``ambit`` (``generator/_catalogue/`` in the wheel,
   copied byte for byte from the repository when the wheel is built), so ``ambit map`` and
   ``ambit review`` work in any folder after ``pipx install`` (only for the commands that read
   the catalogue and nothing else: ``READ_ONLY_COMMANDS`` in ``generator/cli.py``). From a source
   checkout (an editable install) the packaged copy is the checkout itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_DIR = PACKAGE_DIR / "_catalogue"
"""Where a built wheel carries the catalogue (see ``setup.py``); absent in a source checkout."""
CATALOGUE_FOLDERS = ("content", "checklists")
"""What a catalogue root holds, and what the wheel copies."""
CATALOGUE_FILE = "content/catalogue.yml"


@dataclass(frozen=True)
class CatalogueRoot:
    """A resolved catalogue root and why it was chosen (``option``, ``checkout`` or ``package``)."""

    path: Path
    source: str


def is_catalogue(folder: Path) -> bool:
    """Whether ``folder`` holds a catalogue: ``content/catalogue.yml`` and ``checklists/``."""
    return (folder / CATALOGUE_FILE).is_file() and (folder / "checklists").is_dir()


def enclosing_checkout(start: Path) -> Path | None:
    """The nearest of ``start`` and its parents that holds a catalogue, or None."""
    start = start.resolve()
    return next((folder for folder in (start, *start.parents) if is_catalogue(folder)), None)


def packaged_catalogue() -> Path:
    """The catalogue that came with this installation of ``ambit``."""
    if is_catalogue(BUNDLED_DIR):
        return BUNDLED_DIR
    # Running from a source checkout (editable install or `python -m generator`): the repository.
    return PACKAGE_DIR.parent


def resolve_catalogue(explicit: str | Path | None, cwd: Path, *, packaged: bool = True) -> CatalogueRoot:
    """The catalogue root: ``explicit`` if given, else the checkout around ``cwd``, else the packaged copy.

    With ``packaged=False`` (commands that write into the catalogue, or build its site) the last
    fallback is ``cwd`` itself with source ``cwd``: there is no checkout, and ``ambit`` says so.
    """
    if explicit is not None:
        return CatalogueRoot(Path(explicit).resolve(), "option")
    checkout = enclosing_checkout(cwd)
    if checkout is not None:
        return CatalogueRoot(checkout, "checkout")
    if packaged:
        return CatalogueRoot(packaged_catalogue(), "package")
    return CatalogueRoot(cwd.resolve(), "cwd")


SCHEMA_DIR = packaged_catalogue() / "content" / "schema"
"""The JSON Schemas this version of the generator validates against (the contract it implements)."""
