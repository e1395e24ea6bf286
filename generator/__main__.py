"""``python -m generator`` runs the ``ambit`` command."""

import sys

from generator.cli import main

sys.exit(main())
