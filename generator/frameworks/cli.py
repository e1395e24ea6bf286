"""The ``ambit frameworks`` commands: import registries from publishers' data, check freshness.

``add_commands(subparsers)`` registers ``frameworks import oscal``, ``frameworks import atlas``
and ``frameworks check`` on the ``ambit`` argument parser. Each handler is stored as the
parser default ``handler`` and returns an exit code: 0 ok, 1 problems found, 2 usage error.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from generator.frameworks.atlas import import_atlas
from generator.frameworks.importing import (
    ImportResult,
    ImportUsageError,
    add_extras,
    load_extra_items,
    write_import,
)
from generator.frameworks.oscal import import_oscal

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

_HEADER_FLAGS = ("name", "version", "publisher", "url", "licence", "id_pattern")


def add_commands(subparsers: Any) -> None:
    """Register the ``frameworks`` command group on the ``ambit`` sub-parsers object."""
    frameworks = subparsers.add_parser(
        "frameworks",
        help="import framework registries and check references against them",
    )
    commands = frameworks.add_subparsers(dest="frameworks_command", required=True)

    importer = commands.add_parser("import", help="write a registry from publisher data")
    sources = importer.add_subparsers(dest="import_source", required=True)

    oscal = sources.add_parser("oscal", help="import an OSCAL catalog (JSON or XML)")
    oscal.add_argument("file", type=Path, help="OSCAL catalog file")
    oscal.add_argument("--key", required=True, help="registry key, e.g. nist-sp-800-53-r5")
    oscal.add_argument(
        "--merge",
        type=Path,
        action="append",
        default=[],
        help="another catalog (later release, resolved profile) whose extra controls to add",
    )
    oscal.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        help="YAML file of hand-checked items to add when the catalogs lack them",
    )
    for flag in _HEADER_FLAGS:
        oscal.add_argument("--" + flag.replace("_", "-"), default="", help=argparse.SUPPRESS)
    _common(oscal)
    oscal.set_defaults(handler=run_import_oscal)

    atlas = sources.add_parser("atlas", help="import MITRE ATLAS (dist/ATLAS.yaml)")
    atlas.add_argument("file", type=Path, help="ATLAS.yaml")
    _common(atlas)
    atlas.set_defaults(handler=run_import_atlas)

    check = commands.add_parser(
        "check",
        help="list control references that are withdrawn, renumbered or missing",
    )
    check.set_defaults(handler=run_check)


def _common(parser: argparse.ArgumentParser) -> None:
    # The catalogue root (`--catalogue`, or its older name `--root`) is added to every sub-command by
    # generator.cli and resolved there to the checkout you are in.
    parser.add_argument(
        "--retrieved",
        default="",
        help="retrieval date YYYY-MM-DD (default: keep existing)",
    )


def _report(result: ImportResult) -> int:
    framework = result.framework
    active = [i for i in framework.items if not i.withdrawn]
    print(
        f"wrote {result.path}: {len(framework.items)} items "
        f"({len(active)} active, {len(framework.items) - len(active)} withdrawn)"
    )
    print(result.report.format())
    from generator.id_patterns import pattern_problem

    problem = pattern_problem(framework.id_pattern)
    if problem:
        print(f"warning: {problem}")
        return EXIT_PROBLEMS
    pattern = re.compile(framework.id_pattern)
    off_pattern = [i.id for i in active if not pattern.match(i.id)]
    if off_pattern:
        print(f"warning: active IDs not matching id_pattern: {', '.join(off_pattern)}")
        return EXIT_PROBLEMS
    return EXIT_OK


# What a publisher's file that is not what it claims raises while it is read: broken JSON, XML or
# YAML (ValueError, YAMLError), or a well-formed file of another shape (a key or type it lacks).
_BAD_INPUT = (ImportUsageError, ValueError, KeyError, TypeError, AttributeError, yaml.YAMLError)


def _input_error(args: argparse.Namespace, error: Exception) -> str:
    """One line saying what is wrong with the input (the file named unless the message already does)."""
    if isinstance(error, ImportUsageError):
        return str(error)
    more = [*getattr(args, "merge", []), *getattr(args, "extra", [])]
    where = f"{args.file}" + (" (or a --merge or --extra file)" if more else "")
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        return f"{where}:{mark.line + 1}:{mark.column + 1}: not valid YAML: {error.problem}"
    if isinstance(error, KeyError):
        return f"{where}: no {error} in it; is it the right file?"
    if isinstance(error, (TypeError, AttributeError)):
        return f"{where}: not shaped as expected ({error}); is it the right file?"
    return f"{where}: {str(error).splitlines()[0] if str(error) else type(error).__name__}"


def _checked_date(value: str) -> str:
    if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ImportUsageError(f"--retrieved must be YYYY-MM-DD, not {value!r}")
    return value


def _read_oscal(path: Path, merge: tuple[Path, ...]) -> Any:
    """:func:`import_oscal`, with a file that is not an OSCAL catalog (malformed XML, JSON of another
    shape) reported as such instead of failing inside the reader."""
    from xml.etree.ElementTree import ParseError

    try:
        return import_oscal(path, merge)
    except ParseError as exc:
        line, col = getattr(exc, "position", (1, 0))
        raise ImportUsageError(f"{path}:{line}:{col + 1}: not well-formed XML ({exc.msg})") from None
    except (AttributeError, TypeError, IndexError, RecursionError) as exc:
        raise ImportUsageError(
            f"{path}: not an OSCAL catalog of the expected shape ({type(exc).__name__}: {str(exc)[:120]})"
        ) from None


def run_import_oscal(args: argparse.Namespace) -> int:
    """``frameworks import oscal FILE --key KEY [--merge FILE]... [--extra FILE]...``."""
    try:
        for path in [args.file, *args.merge, *args.extra]:
            if not path.is_file():
                raise ImportUsageError(f"{path}: no such file")
        imported = _read_oscal(args.file, tuple(args.merge))
        items = imported.items
        for extra in args.extra:
            items = add_extras(items, load_extra_items(extra))
        overrides = {flag: getattr(args, flag) for flag in _HEADER_FLAGS}
        result = write_import(Path(args.root), args.key, items, _checked_date(args.retrieved), overrides)
    except _BAD_INPUT as error:
        print(f"error: {_input_error(args, error)}", file=sys.stderr)
        return EXIT_USAGE
    status = _report(result)
    known = {item.id.lower() for item in items}
    missing = [ref for ref in imported.undefined_references if _oscal_label(ref) not in known]
    if missing:
        print(f"warning: referenced by merged catalogs but defined nowhere: {', '.join(missing)}")
        return EXIT_PROBLEMS
    return status


def _oscal_label(oscal_id: str) -> str:
    """``ac-2.5`` -> ``ac-2(5)`` (lower case), to compare with item IDs."""
    base, _, enhancement = oscal_id.partition(".")
    return f"{base}({enhancement})" if enhancement else base


def run_import_atlas(args: argparse.Namespace) -> int:
    """``frameworks import atlas FILE``: write ``content/frameworks/mitre-atlas.yml``."""
    try:
        if not args.file.is_file():
            raise ImportUsageError(f"{args.file}: no such file")
        imported = import_atlas(args.file)
        result = write_import(
            Path(args.root),
            "mitre-atlas",
            list(imported.items),
            _checked_date(args.retrieved),
        )
    except _BAD_INPUT as error:
        print(f"error: {_input_error(args, error)}", file=sys.stderr)
        return EXIT_USAGE
    if imported.version and imported.version != result.framework.version:
        print(
            f"warning: file is ATLAS {imported.version}, registry header says "
            f"{result.framework.version}; update generator/frameworks/headers.py"
        )
        return EXIT_PROBLEMS
    return _report(result)


def run_check(args: argparse.Namespace) -> int:
    """``frameworks check``: report references to withdrawn, renumbered or unknown IDs."""
    from generator.frameworks.check import run

    return run(Path(args.root))
