"""``ambit map`` and ``ambit review``: a system map to its checklist, diagram and one-hour review.

``ambit map FILE -o DIR`` writes ``checklist.{pdf,xlsx,csv,md,json,html}`` (the controls that apply
to the map, riskiest first, each naming the user's components), ``diagram.svg`` and the statement of
applicability ``applicability.{csv,json}`` (every active control, included, assumed or left out, and
why; also a sheet of the XLSX and an appendix of the PDF); and the scripts that make ``checklist.html`` a tracker in
``checklist-files/``.
``ambit review FILE --component ID [--minutes 60] -o DIR`` writes ``review-<ID>.{md,html,pdf,json}``.

A map with errors is reported as ``path:line:col: error[code]: message`` with a hint and exits 1;
so does a ``--component`` the map lacks. Usage errors exit 2. Outputs are written to a temporary
folder beside DIR and moved in only when all of them are ready, so a failure writes nothing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, did_you_mean, render
from generator.model import Catalogue

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of minutes") from None
    if not 1 <= value <= 480:
        raise argparse.ArgumentTypeError("the budget must be between 1 and 480 minutes")
    return value


def add_commands(sub: Any) -> None:
    """Register ``map`` and ``review`` on the ``ambit`` sub-command parser."""
    p = sub.add_parser("map", help="the checklist and data-flow diagram for one system map")
    p.add_argument("file", type=Path, help="the system map (YAML), e.g. a copy of checklists/examples/blank.yml")
    p.add_argument("-o", "--output", type=Path, required=True, help="folder to write the files into")
    p.set_defaults(handler=cmd_map)

    p = sub.add_parser("review", help="the one-hour review pack for one component of a system map")
    p.add_argument("file", type=Path, help="the system map (YAML)")
    p.add_argument(
        "--component",
        help="id of the component to review, as in the map (default: the riskiest non-AI component)",
    )
    p.add_argument("--minutes", type=_minutes, default=60, help="time budget in minutes (default: 60)")
    p.add_argument("-o", "--output", type=Path, required=True, help="folder to write the files into")
    p.set_defaults(handler=cmd_review)


def _catalogue(args: argparse.Namespace) -> Catalogue | None:
    from generator.catalogue import load_catalogue

    result = load_catalogue(Path(args.root).resolve())
    if result.diagnostics:
        print(render(result.diagnostics))
        print("The catalogue has errors (see above); fix them before mapping a system.", file=sys.stderr)
        return None
    return result.catalogue


def _fail(diagnostics: list[Diagnostic]) -> int:
    print(render(diagnostics))
    print(f"{len(set(diagnostics))} error(s) found; nothing was written.", file=sys.stderr)
    return EXIT_CONTENT


def write_atomically(out_dir: Path, produce: Callable[[Path], None]) -> list[str]:
    """Run ``produce`` on an empty temporary folder, then move what it made into ``out_dir``.

    If ``produce`` raises, nothing reaches ``out_dir``. Returns the names written, sorted.
    """
    out_dir = out_dir.resolve()
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".ambit-", dir=parent))
    try:
        produce(staging)
        out_dir.mkdir(exist_ok=True)
        names = sorted(p.name for p in staging.iterdir())
        for name in names:
            target = out_dir / name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)  # a folder of ours from an earlier run (checklist-files/)
            (staging / name).replace(target)
        return names
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _output_ok(out_dir: Path) -> bool:
    if out_dir.exists() and not out_dir.is_dir():
        print(f"ambit: error: {out_dir} exists and is not a folder", file=sys.stderr)
        return False
    return True


def cmd_map(args: argparse.Namespace) -> int:
    """Write the system's checklist in every download format, and its diagram."""
    from generator.systemmap.diagram import DiagramError, render_svg
    from generator.systemmap.load import load_map
    from generator.systemmap.outputs import CHECKLIST_FORMATS, map_files, map_outputs
    from generator.systemmap.statement import FIRST_TASKS

    if not _output_ok(args.output):
        return EXIT_USAGE
    cat = _catalogue(args)
    if cat is None:
        return EXIT_CONTENT
    loaded = load_map(args.file, str(args.file), cat)
    if loaded.map is None:
        return _fail(loaded.diagnostics)
    smap = loaded.map
    try:
        diagram = render_svg(cat, smap)
    except DiagramError as exc:  # Graphviz missing or failing: say so, write nothing
        print(f"ambit map: error: {exc}; nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    outputs = map_outputs(cat, smap, diagram)
    checklist, statement = outputs.checklist, outputs.statement

    def produce(folder: Path) -> None:
        from generator.downloads.pdf_cache import PdfCache, pdf_cache_dir
        from generator.downloads.tracker_files import write_tracker_files

        # A map run again unchanged reuses its PDF, as a site build reuses the checklists'.
        for name, data in map_files(cat, smap, outputs, CHECKLIST_FORMATS, PdfCache(pdf_cache_dir())).items():
            (folder / name).write_bytes(data)
        write_tracker_files(folder)  # checklist.html's scripts: the page is a tracker

    names = write_atomically(args.output, produce)
    print(
        f"{len(checklist.items)} controls for the {len(smap.components)} components of {smap.system}, "
        f"ranked by risk; wrote {', '.join(names)} to {args.output}"
    )
    print(
        f"Statement of applicability: {statement.count('included')} included, {statement.count('assumed')} "
        f"assumed (a fact the map leaves open would decide them), {statement.count('left out')} left out."
    )
    for u in statement.uncovered:
        print(f"No control is kept for {u.component}: {u.reason}")
    if statement.tasks:
        print("First tasks (find these out; each decides controls marked assumed):")
        for task in statement.tasks[:FIRST_TASKS]:
            print(f"  - {task.text} ({len(task.controls)} control{'' if len(task.controls) == 1 else 's'})")
    print("First tier (this week), top five:")
    for item in checklist.items[:5]:
        score = item.ranking.score["total"] if item.ranking else 0
        print(f"  {item.control.id} [score {score}] {item.control.title}")
        print(f"      applies to: {'; '.join(item.applies_to)}")
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    """Write the one-hour review pack for one component."""
    from generator.systemmap.load import load_map
    from generator.systemmap.review import build_review, render_all, riskiest_component

    if not _output_ok(args.output):
        return EXIT_USAGE
    cat = _catalogue(args)
    if cat is None:
        return EXIT_CONTENT
    loaded = load_map(args.file, str(args.file), cat)
    if loaded.map is None or loaded.document is None:
        return _fail(loaded.diagnostics)
    smap = loaded.map
    if args.component is None:
        args.component = riskiest_component(cat, smap).id
        print(f"Reviewing {args.component}, the riskiest non-AI component (choose another with --component).")
    if not smap.has_component(args.component):
        ids = [c.id for c in smap.components]
        return _fail(
            [
                loaded.document.key_error(
                    ("components",),
                    "unknown-component",
                    f"--component '{args.component}' is not a component of this map",
                    did_you_mean(args.component, ids) or f"components: {', '.join(ids)}",
                )
            ]
        )
    pack = build_review(cat, smap, args.component, args.minutes)

    def produce(folder: Path) -> None:
        for ext, data in render_all(pack).items():
            (folder / f"{pack.id}.{ext}").write_bytes(data)

    names = write_atomically(args.output, produce)
    print(
        f"{len(pack.steps)} step{'' if len(pack.steps) == 1 else 's'} from {len(pack.checks)} "
        f"control{'' if len(pack.checks) == 1 else 's'} for {pack.label} "
        f"in {pack.used_minutes} of {pack.minutes} minutes; "
        f"wrote {', '.join(names)} to {args.output}"
    )
    if pack.shortfall:
        print(pack.shortfall)
    return EXIT_OK
