"""The ``ambit`` command line: validate, build, serve and the commands added by later modules.

Exit codes: 0 success, 1 content errors, 2 usage errors. Bad content never produces a Python
traceback: it is reported as diagnostics. An unexpected internal error prints one line and
asks for a report; set ``AMBIT_DEBUG=1`` to see the traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.diagnostics import render
from generator.site.engines import ENGINES

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]

READ_ONLY_COMMANDS = frozenset({"validate", "map", "review", "checklist", "progress"})
"""Commands that may read the catalogue packaged with ambit when run outside a checkout."""
CATALOGUE_HELP = (
    "folder holding content/ and checklists/ (a fork's catalogue); default: the checkout you are in, "
    "else the catalogue installed with ambit"
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate the catalogue; print every problem; 0 when clean, 1 otherwise."""
    from generator.catalogue import load_catalogue

    result = load_catalogue(_root(args))
    if result.diagnostics:
        print(render(result.diagnostics, args.format))
        if args.format == "text":
            print(f"{len(result.diagnostics)} error(s) found.", file=sys.stderr)
        return EXIT_CONTENT
    if args.format == "text":
        cat = result.catalogue
        print(
            f"ok: {len(cat.controls)} controls, {len(cat.frameworks)} framework registries, "
            f"{len(cat.checklists)} checklists"
        )
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site (and downloads) into ``site/`` atomically."""
    from generator.build import build_site

    return build_site(_root(args), Path(args.site_dir), strict=not args.no_strict, engine=args.engine)


def cmd_serve(args: argparse.Namespace) -> int:
    """Live preview that regenerates and rebuilds when content changes."""
    from generator.serve import serve

    root = _root(args)
    if not (root / "mkdocs.yml").is_file():
        print(
            f"ambit serve: {root} has no mkdocs.yml; run it inside a checkout of the Ambit repository", file=sys.stderr
        )
        return EXIT_USAGE
    return serve(root, args.dev_addr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = _Parser(prog="ambit", description="Ambit: security controls for the environment around AI systems.")
    parser.add_argument("--catalogue", "--root", dest="root", default=None, help=CATALOGUE_HELP)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("validate", help="check every content file; report all errors")
    p.add_argument("--format", choices=("text", "github"), default="text", help="github: workflow annotations")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("build", help="generate the pages into build/, run the site engine, swap site/ in (atomic)")
    p.add_argument("--site-dir", default="site", help="output folder (default: site)")
    p.add_argument("--engine", choices=ENGINES, default=ENGINES[0], help="site engine (default: mkdocs)")
    p.add_argument("--no-strict", action="store_true", help="do not fail on the engine's warnings")
    p.set_defaults(handler=cmd_build)

    p = sub.add_parser("serve", help="live preview that reloads when YAML changes")
    p.add_argument("--dev-addr", default="127.0.0.1:8000")
    p.set_defaults(handler=cmd_serve)

    for register in _extensions():
        register(sub)
    for name, command in sub.choices.items():
        # Also accepted after the sub-command (`ambit map my.yml --catalogue fork/`); SUPPRESS keeps
        # the sub-parser from overwriting a value given before it.
        command.add_argument("--catalogue", dest="root", default=argparse.SUPPRESS, help=CATALOGUE_HELP)
        command.set_defaults(uses_packaged=name in READ_ONLY_COMMANDS)
    return parser


def _resolve_root(args: argparse.Namespace) -> None:
    """Replace ``args.root`` by the catalogue root (see :mod:`generator.locate`)."""
    from generator.locate import resolve_catalogue

    explicit = getattr(args, "root", None)
    resolved = resolve_catalogue(explicit, Path.cwd(), packaged=getattr(args, "uses_packaged", False))
    args.root = str(resolved.path)


def _extensions() -> list[Callable[[argparse._SubParsersAction[_Parser]], None]]:
    """Sub-commands contributed by other modules (each exposes ``add_commands``)."""
    import importlib

    found = []
    for module in (
        "generator.frameworks.cli",
        "generator.downloads.cli",
        "generator.systemmap.cli",
        "generator.contrib.cli",
        "generator.progress.cli",
    ):
        try:
            found.append(importlib.import_module(module).add_commands)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module.startswith(exc.name):
                raise
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ambit`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _resolve_root(args)
    handler: Handler = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `ambit map ... | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("AMBIT_DEBUG"):
            traceback.print_exc()
        print(
            f"ambit: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in Ambit, not in your content; please report it (AMBIT_DEBUG=1 shows details).",
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
