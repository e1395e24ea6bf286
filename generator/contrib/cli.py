"""Sub-commands for contributors: ``ambit new``, ``ambit contrib issue-forms`` and ``ambit diff``.

Registered by :func:`generator.cli.build_parser` through :func:`add_commands`. Exit codes follow
the rest of ``ambit``: 0 success, 1 a content problem (or a file that already exists), 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Diagnostic, did_you_mean, render

if TYPE_CHECKING:
    from .scaffold import Stub

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _usage_error(prog: str, message: str) -> int:
    print(f"{prog}: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_new_control(args: argparse.Namespace) -> int:
    """Write ``content/controls/<layer>/<next free ID>.yml`` as a guided stub."""
    from .project import VocabularyError, read_vocabulary
    from .scaffold import control_stub, next_control_id, stub_problems

    root = Path(args.root).resolve()
    try:
        vocab = read_vocabulary(root)
    except VocabularyError as exc:
        print(exc.diagnostic.format_text())
        return EXIT_CONTENT
    layer = vocab.layer(args.layer)
    if layer is None:
        known = [layer.id for layer in vocab.layers]
        hint = did_you_mean(args.layer, known)
        return _usage_error(
            "ambit new control",
            f"unknown layer '{args.layer}'" + (f"; {hint}" if hint else "") + f" (layers: {', '.join(known)})",
        )
    try:
        control_id = next_control_id(root, layer)
    except ValueError as exc:
        print(f"ambit new control: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    stub = control_stub(vocab, layer, control_id)
    return _create(root, stub, stub_problems(stub, root), _control_steps(root, stub.rel, control_id))


def cmd_new_checklist(args: argparse.Namespace) -> int:
    """Write ``checklists/<ID>.yml`` as a guided stub."""
    from .project import VocabularyError, read_vocabulary
    from .scaffold import CHECKLIST_ID, checklist_stub, stub_problems

    if not CHECKLIST_ID.match(args.id):
        return _usage_error(
            "ambit new checklist",
            f"'{args.id}' is not a checklist id: use lower-case words joined by hyphens, such as 'retail-pharmacy'",
        )
    root = Path(args.root).resolve()
    try:
        vocab = read_vocabulary(root)
    except VocabularyError as exc:
        print(exc.diagnostic.format_text())
        return EXIT_CONTENT
    stub = checklist_stub(vocab, args.id)
    from generator.serve import preview_url

    steps = [
        f"Fill in every field of {stub.rel}; the comments say what each needs.",
        "Run `ambit validate` until it prints ok (the stub fails validation until it is filled in).",
        f"Run `make serve` and open {preview_url(root, f'checklists/{args.id}/')} to preview it.",
        "Commit the file and open a pull request (see CONTRIBUTING.md).",
    ]
    return _create(root, stub, stub_problems(stub, root), steps)


def _control_steps(root: Path, rel: str, control_id: str) -> list[str]:
    from generator.serve import preview_url

    return [
        f"Fill in every field of {rel}; the comments say what each needs (style guide: CONTRIBUTING.md).",
        "Run `ambit validate` until it prints ok (the stub fails validation until it is filled in).",
        f"Run `make serve` and open {preview_url(root, f'controls/{control_id}/')} to preview it.",
        "Commit the file and open a pull request; the review report lists the checklists it lands in.",
    ]


def _create(root: Path, stub: Stub, problems: list[Diagnostic], steps: list[str]) -> int:
    from .scaffold import write_stub

    try:
        write_stub(root, stub)
    except FileExistsError:
        print(f"ambit new: {stub.rel} already exists; it was left unchanged.", file=sys.stderr)
        return EXIT_CONTENT
    print(f"created {stub.rel}")
    print(f"It has {len(problems)} field(s) still to fill in; `ambit validate` lists them.")
    print("Next steps:")
    for number, step in enumerate(steps, start=1):
        print(f"  {number}. {step}")
    return EXIT_OK


def cmd_issue_forms(args: argparse.Namespace) -> int:
    """Write (or, with ``--check``, compare) the issue forms generated from the JSON Schema."""
    from .issue_forms import FORMS_DIR, generate_forms
    from .project import VocabularyError

    root = Path(args.root).resolve()
    folder = root / (args.output_dir or FORMS_DIR)
    try:
        forms = generate_forms(root)
    except VocabularyError as exc:
        print(exc.diagnostic.format_text())
        return EXIT_CONTENT
    if args.check:
        stale = [name for name, text in forms.items() if _read(folder / name) != text]
        for name in stale:
            print(f"{(folder / name).relative_to(root)}: out of date; run `ambit contrib issue-forms`")
        return EXIT_CONTENT if stale else EXIT_OK
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in forms.items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {(folder / name).relative_to(root)}")
    return EXIT_OK


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


def cmd_diff(args: argparse.Namespace) -> int:
    """Compare the catalogue at two git revisions; print a Markdown review report."""
    from .diff import compare, render_markdown
    from .revisions import RevisionError, snapshot

    root = Path(args.root).resolve()
    try:
        base = snapshot(root, args.base)
        head = snapshot(root, args.head)
    except RevisionError as exc:
        return _usage_error("ambit diff", str(exc))
    review = compare(base, head)
    report = render_markdown(review)
    if args.output:
        Path(args.output).write_text(report, encoding="utf-8", newline="\n")
    else:
        print(report, end="")
    if args.format_warnings == "github":
        lines = render(review.warnings, "github")
        if lines:
            print(lines, file=sys.stderr)
    return EXIT_CONTENT if args.fail_on_warnings and review.warnings else EXIT_OK


def add_commands(sub: Any) -> None:
    """Register ``new``, ``contrib`` and ``diff`` on the ``ambit`` sub-parser action."""
    new = sub.add_parser("new", help="create a stub for a new control or checklist")
    kinds = new.add_subparsers(dest="kind", required=True, parser_class=type(new))
    p = kinds.add_parser("control", help="content/controls/<layer>/<next free ID>.yml")
    p.add_argument("--layer", required=True, help="layer id: data-ingestion, hosting, identity, endpoints, people")
    p.set_defaults(handler=cmd_new_control)
    p = kinds.add_parser("checklist", help="checklists/<ID>.yml")
    p.add_argument("id", metavar="ID", help="checklist id: lower-case words joined by hyphens")
    p.set_defaults(handler=cmd_new_checklist)

    contrib = sub.add_parser("contrib", help="maintain the contributor files in .github/")
    tasks = contrib.add_subparsers(dest="task", required=True, parser_class=type(contrib))
    p = tasks.add_parser("issue-forms", help="generate .github/ISSUE_TEMPLATE/ forms from the JSON Schema")
    p.add_argument("--check", action="store_true", help="exit 1 if the committed forms differ; write nothing")
    p.add_argument("--output-dir", default="", help="folder for the forms (default: .github/ISSUE_TEMPLATE)")
    p.set_defaults(handler=cmd_issue_forms)

    p = sub.add_parser("diff", help="review report: what a change does to controls, checklists and downloads")
    p.add_argument("base", metavar="BASE", help="git revision to compare from, e.g. origin/main")
    p.add_argument("head", metavar="HEAD", nargs="?", default=None, help="git revision (default: the working tree)")
    p.add_argument("--output", default="", help="write the Markdown report to this file instead of stdout")
    p.add_argument(
        "--warnings",
        dest="format_warnings",
        choices=("none", "github"),
        default="none",
        help="github: also print each warning as a workflow annotation on stderr",
    )
    p.add_argument("--fail-on-warnings", action="store_true", help="exit 1 when the report has warnings")
    p.set_defaults(handler=cmd_diff)
