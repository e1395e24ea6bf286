"""``python -m generator.frameworks ...``: the same commands as ``ambit frameworks ...``.

Lets the registries be rebuilt without the ``ambit`` console script installed; the arguments,
the catalogue root (``--catalogue``/``--root``, else the checkout you are in) and the exit codes are
those of ``ambit frameworks``.
"""

from __future__ import annotations

import sys

from generator.cli import main as ambit_main


def main(argv: list[str] | None = None) -> int:
    """Run ``ambit frameworks`` with ``argv`` (default: the command line)."""
    return ambit_main(["frameworks", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
