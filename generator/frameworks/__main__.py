"""``python -m generator.frameworks ...``: the same commands as ``ambit frameworks ...``.

Lets the registries be rebuilt without the full ``ambit`` command installed.
"""

from __future__ import annotations

import argparse
import sys

from generator.frameworks.cli import add_commands


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` as ``frameworks ...`` sub-commands and run the chosen handler."""
    parser = argparse.ArgumentParser(prog="python -m generator.frameworks")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["frameworks", *(sys.argv[1:] if argv is None else argv)])
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
