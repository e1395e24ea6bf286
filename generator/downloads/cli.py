"""``ambit checklist``: one checklist, possibly filtered, in one format, to a file or stdout.

Exit codes: 0 written; 1 content errors, a selection that matches nothing, or a failed guard
(nothing is written); 2 usage errors (unknown filter values, binary output to a terminal).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.downloads.files import write_atomic
from generator.downloads.filters import FilterError, Filters, custom_checklist
from generator.downloads.formats import BINARY_FORMATS, FORMATS, PAPERS, render
from generator.downloads.guards import DownloadError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def add_commands(subparsers: Any) -> None:
    """Register ``ambit checklist`` on the main parser's sub-parsers."""
    p = subparsers.add_parser(
        "checklist",
        help="write a checklist, optionally filtered, as PDF, XLSX, CSV, Markdown, JSON or print HTML",
        description=(
            "Write one checklist in one format. Start from a checklist definition (--checklist) or the "
            "whole catalogue, and narrow it with filters: repeat a filter for alternatives (OR); "
            "different filters must all match (AND)."
        ),
    )
    p.add_argument("--checklist", action="append", default=[], metavar="ID", help="start from this definition")
    p.add_argument("--sector", action="append", default=[], metavar="S", help="controls with a note for sector S")
    p.add_argument("--layer", action="append", default=[], metavar="L", help="controls in layer L")
    p.add_argument("--priority", action="append", default=[], metavar="P", help="essential, recommended or advanced")
    p.add_argument("--component", action="append", default=[], metavar="C", help="controls for component C")
    p.add_argument("--lifecycle", action="append", default=[], metavar="X", help="controls for lifecycle stage X")
    p.add_argument("--format", required=True, choices=FORMATS, help="output format")
    p.add_argument("--paper", choices=PAPERS, default="a4", help="PDF paper size (default: a4)")
    p.add_argument("-o", "--output", required=True, metavar="PATH", help="output file; '-' for stdout (text formats)")
    p.set_defaults(handler=cmd_checklist)


def _error(message: str, code: int) -> int:
    print(f"ambit checklist: error: {message}", file=sys.stderr)
    return code


def cmd_checklist(args: argparse.Namespace) -> int:
    """Render the selected checklist; see the module docstring for exit codes."""
    from generator.catalogue import load_catalogue
    from generator.diagnostics import render as render_diagnostics

    to_stdout = args.output == "-"
    if to_stdout and args.format in BINARY_FORMATS:
        return _error(f"{args.format.upper()} is binary: write it to a file with -o PATH, not to stdout", EXIT_USAGE)
    out = None if to_stdout else Path(args.output)
    if out is not None and out.is_dir():
        return _error(f"{out} is a folder: give a file name, e.g. -o {out / ('checklist.' + args.format)}", EXIT_USAGE)

    result = load_catalogue(Path(args.root).resolve())
    if result.diagnostics:
        print(render_diagnostics(result.diagnostics), file=sys.stderr)
        return _error(f"{len(result.diagnostics)} error(s) in the catalogue; nothing written", EXIT_CONTENT)
    filters = Filters(
        checklists=tuple(args.checklist),
        sectors=tuple(args.sector),
        layers=tuple(args.layer),
        priorities=tuple(args.priority),
        components=tuple(args.component),
        lifecycle=tuple(args.lifecycle),
    )
    try:
        checklist = custom_checklist(result.catalogue, filters)
    except FilterError as exc:
        return _error(str(exc), EXIT_USAGE)
    if not checklist.items:
        return _error(f"no controls match {filters.describe()}; nothing written", EXIT_CONTENT)
    try:
        data = render(checklist, args.format, paper=args.paper, frameworks=result.catalogue.frameworks)
    except DownloadError as exc:
        return _error(f"{exc}; nothing written", EXIT_CONTENT)
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(out, data)
        print(f"wrote {out} ({len(checklist.items)} controls)", file=sys.stderr)
    return EXIT_OK
