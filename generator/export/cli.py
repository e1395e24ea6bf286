"""``ambit export``: the catalogue (and system maps) for compliance tools.

``ambit export oscal -o DIR [--map FILE]...`` writes the OSCAL catalog, a profile per sector
checklist and one per map given. ``ambit export ciso-assistant -o DIR [--map FILE]...`` writes
the CISO Assistant library, its mappings library and a library per map given.

Exit codes: 0 written; 1 catalogue or map errors (reported as ``path:line:col: error[code]``,
nothing written); 2 usage errors. Every file is rendered in memory first and only then written,
each atomically, so a failure leaves DIR as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, render
from generator.select import Checklist

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
TARGETS = ("oscal", "ciso-assistant")


def add_commands(sub: Any) -> None:
    """Register ``ambit export`` on the ``ambit`` sub-command parser."""
    p = sub.add_parser(
        "export",
        help="the catalogue as OSCAL (catalog and profiles) or as a CISO Assistant library",
        description=(
            "oscal: ambit-oscal-catalog.json and an OSCAL profile per sector checklist (and per --map). "
            "ciso-assistant: ambit-ciso-assistant.yaml, its mappings library (and a library per --map)."
        ),
    )
    p.add_argument("target", choices=TARGETS, help="which tool's format")
    p.add_argument("-o", "--output", type=Path, required=True, help="folder to write the files into")
    p.add_argument(
        "--map", action="append", default=[], type=Path, metavar="FILE", help="a system map to export too (repeatable)"
    )
    p.set_defaults(handler=cmd_export)


def _maps(paths: list[Path], cat: Any) -> tuple[list[Checklist], list[Diagnostic]]:
    from generator.systemmap.load import load_map
    from generator.systemmap.select import build_map_checklist

    checklists, problems = [], []
    for path in paths:
        loaded = load_map(path, str(path), cat)
        if loaded.map is None:
            problems += loaded.diagnostics
        else:
            checklists.append(build_map_checklist(cat, loaded.map))
    return checklists, problems


def cmd_export(args: argparse.Namespace) -> int:
    """Write the export files; see the module docstring for exit codes."""
    from generator.catalogue import load_catalogue
    from generator.downloads.files import write_atomic
    from generator.export import files

    out: Path = args.output
    if out.exists() and not out.is_dir():
        print(f"ambit export: error: {out} is a file; give a folder with -o", file=sys.stderr)
        return EXIT_USAGE
    missing = [p for p in args.map if not p.is_file()]
    if missing:
        print(f"ambit export: error: no map file {missing[0]}", file=sys.stderr)
        return EXIT_USAGE
    result = load_catalogue(Path(args.root).resolve())
    if result.diagnostics:
        print(render(result.diagnostics))
        print("The catalogue has errors (see above); nothing was written.", file=sys.stderr)
        return EXIT_CONTENT
    cat = result.catalogue
    maps, problems = _maps(args.map, cat)
    if problems:
        print(render(sorted(set(problems))))
        print(f"{len(set(problems))} error(s) found; nothing was written.", file=sys.stderr)
        return EXIT_CONTENT
    names = {c.id for c in maps}
    if len(names) < len(maps):
        print("ambit export: error: two maps name the same system; export them separately", file=sys.stderr)
        return EXIT_USAGE
    made = files.oscal_files(cat, maps) if args.target == "oscal" else files.ciso_assistant_files(cat, maps)
    for name, data in sorted(made.items()):
        write_atomic(out / name, data)
    print(f"wrote {len(made)} files to {out}: {', '.join(sorted(made))}", file=sys.stderr)
    return EXIT_OK
