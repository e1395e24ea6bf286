"""``ambit progress``: progress files from a filled-in workbook, and carried to a newer catalogue.

- ``ambit progress from-xlsx FILLED.xlsx -o progress.json [--checklist ID]``
- ``ambit progress merge OLD.json -o NEW.json [--checklist ID | --map MAP.yml] [--report FILE]``

A system map's checklist (``map-<system>``) merges against the whole catalogue, or, with
``--map``, against the checklist that map gives today: controls it no longer holds are dropped
and listed, and per-component statuses of components the map no longer has are dropped.
Both commands read the catalogue installed with ambit when run outside a checkout.

Exit codes: 0 written; 1 a problem with the input or the catalogue (every problem is printed as
``file:place: error[code]: message`` with a hint, and nothing is written); 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Set
from pathlib import Path
from typing import Any

from generator.model import Catalogue
from generator.progress.model import Progress

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def add_commands(subparsers: Any) -> None:
    """Register ``ambit progress`` and its sub-commands."""
    p = subparsers.add_parser(
        "progress",
        help="progress files: read a filled-in XLSX checklist, carry answers to a newer catalogue",
        description="Progress files (content/schema/progress.schema.json) hold your answers for one checklist.",
    )
    sub = p.add_subparsers(dest="progress_command", required=True, parser_class=type(p))

    x = sub.add_parser("from-xlsx", help="read the answers in a filled-in checklist workbook")
    x.add_argument("file", type=Path, metavar="FILLED.xlsx", help="a workbook Ambit wrote, filled in")
    x.add_argument("-o", "--output", required=True, metavar="PATH", help="progress file to write; '-' for stdout")
    x.add_argument("--checklist", default="", metavar="ID", help="refuse a workbook of any other checklist")
    x.set_defaults(handler=cmd_from_xlsx)

    m = sub.add_parser("merge", help="carry a progress file's answers to the current catalogue")
    m.add_argument("file", type=Path, metavar="OLD.json", help="a progress file")
    m.add_argument("-o", "--output", required=True, metavar="PATH", help="progress file to write; '-' for stdout")
    m.add_argument("--checklist", default="", metavar="ID", help="keep only this checklist's controls")
    m.add_argument(
        "--map",
        type=Path,
        metavar="MAP.yml",
        help="the system map a map checklist's answers were given for: keep only what its checklist holds today",
    )
    m.add_argument("--report", type=Path, metavar="FILE", help="write the report here as Markdown (default: stderr)")
    m.set_defaults(handler=cmd_merge)


def _catalogue(args: argparse.Namespace) -> Catalogue | None:
    from generator.catalogue import load_catalogue
    from generator.diagnostics import render

    result = load_catalogue(Path(args.root).resolve())
    if result.diagnostics:
        print(render(result.diagnostics), file=sys.stderr)
        print(
            f"ambit progress: error: {len(result.diagnostics)} error(s) in the catalogue; nothing written",
            file=sys.stderr,
        )
        return None
    return result.catalogue


def _write(output: str, data: bytes) -> None:
    from generator.downloads.files import write_atomic

    if output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(Path(output), data)


def _checked_catalogue(args: argparse.Namespace) -> Catalogue | int:
    """The catalogue for a command whose arguments are sound, or the exit code saying why not."""
    if not _usage_ok(args):
        return EXIT_USAGE
    cat = _catalogue(args)
    if cat is None:
        return EXIT_CONTENT
    return cat if _usage_ok(args, cat) else EXIT_USAGE


def _usage_ok(args: argparse.Namespace, cat: Catalogue | None = None) -> bool:
    for option, value in (("-o", args.output), ("--report", getattr(args, "report", None))):
        # Checked before anything is written: a folder here would fail only after the output was.
        if value is not None and value != "-" and Path(value).is_dir():
            print(f"ambit progress: error: {option} {value} is a folder: give a file name", file=sys.stderr)
            return False
    if cat is not None and args.checklist and not _is_checklist(cat, args.checklist):
        from generator.diagnostics import did_you_mean

        hint = did_you_mean(args.checklist, [d.id for d in cat.checklists])
        print(
            f"ambit progress: error: unknown checklist '{args.checklist}'; {hint or 'see checklists/'}", file=sys.stderr
        )
        return False
    return True


def _is_checklist(cat: Catalogue, checklist: str) -> bool:
    # A system map's checklist (map-<system>) is made by `ambit map`, not defined in checklists/.
    return checklist.startswith("map-") or any(d.id == checklist for d in cat.checklists)


def checklist_ids(cat: Catalogue, checklist: str) -> tuple[str, ...] | None:
    """The control IDs of a checklist definition, or ``None`` for a system map's checklist."""
    from generator.select import build_checklist

    definition = next((d for d in cat.checklists if d.id == checklist), None)
    return build_checklist(cat, definition).control_ids if definition else None


def cmd_from_xlsx(args: argparse.Namespace) -> int:
    """Read a filled-in workbook into a progress file."""
    from generator.progress.model import ProgressError, dumps
    from generator.progress.xlsx_import import WorkbookIdentity, read_workbook

    cat = _checked_catalogue(args)
    if isinstance(cat, int):
        return cat

    def known(who: WorkbookIdentity) -> Set[str]:
        ids = checklist_ids(cat, who.checklist) if who.catalogue_version == cat.info.version else None
        # An older workbook, or a system map's: any control the catalogue has (merge sorts out the rest).
        return set(ids) if ids is not None else {c.id for c in cat.controls}

    try:
        progress = read_workbook(args.file, known, expected_checklist=args.checklist)
    except ProgressError as exc:
        print(exc.render(), file=sys.stderr)
        print(f"ambit progress: error: {len(exc.problems)} problem(s) in {args.file}; nothing written", file=sys.stderr)
        return EXIT_CONTENT
    _write(args.output, dumps(progress))
    if progress.catalogue_version != cat.info.version:
        print(
            f"note: the workbook is from catalogue {progress.catalogue_version}, this is {cat.info.version}; "
            "run `ambit progress merge` on the result to carry it forward",
            file=sys.stderr,
        )
    where = "stdout" if args.output == "-" else args.output
    print(f"wrote {where} ({len(progress.items)} answered controls of '{progress.checklist}')", file=sys.stderr)
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    """Carry a progress file to the current catalogue and report what changed."""
    from generator.downloads.files import write_atomic
    from generator.progress.load import load
    from generator.progress.merge import merge, report_markdown
    from generator.progress.model import ProgressError, dumps

    cat = _checked_catalogue(args)
    if isinstance(cat, int):
        return cat
    try:
        old = load(args.file)
    except ProgressError as exc:
        print(exc.render(), file=sys.stderr)
        print(f"ambit progress: error: {len(exc.problems)} problem(s) in {args.file}; nothing written", file=sys.stderr)
        return EXIT_CONTENT
    if getattr(args, "map", None) is not None:
        scope = _map_scope(cat, args.map)
        if scope is None:
            return EXIT_CONTENT
        target, map_ids, components = scope
        ids: tuple[str, ...] | None = map_ids
        old = _only_components(old, components)
    else:
        target = args.checklist or old.checklist
        ids = checklist_ids(cat, target)
    result = merge(old, cat, ids, checklist=target)
    report = report_markdown(result, old.catalogue_version, args.file.name)
    _write(args.output, dumps(result.progress))
    if args.report:
        write_atomic(args.report, report.encode("utf-8"))
    else:
        print(report, file=sys.stderr, end="")
    return EXIT_OK


def _map_scope(cat: Catalogue, path: Path) -> tuple[str, tuple[str, ...], frozenset[str]] | None:
    """The checklist id, control IDs and component ids the map at ``path`` gives today; None on errors."""
    from generator.diagnostics import render
    from generator.systemmap.load import load_map
    from generator.systemmap.select import build_map_checklist, checklist_id

    loaded = load_map(path, str(path), cat)
    if loaded.map is None:
        print(render(loaded.diagnostics), file=sys.stderr)
        count = len(set(loaded.diagnostics))
        print(f"ambit progress: error: {count} error(s) in {path}; nothing written", file=sys.stderr)
        return None
    checklist = build_map_checklist(cat, loaded.map)
    components = frozenset(c.id for c in loaded.map.components)
    return checklist_id(loaded.map), checklist.control_ids, components


def _only_components(progress: Progress, components: Set[str]) -> Progress:
    """``progress`` without per-component statuses of components not in ``components``."""
    from dataclasses import replace

    items = {
        cid: replace(item, components={c: s for c, s in item.components.items() if c in components})
        for cid, item in progress.items.items()
    }
    return replace(progress, items=items)
