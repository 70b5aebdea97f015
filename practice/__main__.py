"""``python -m practice``: see :mod:`practice.cli`."""

import sys

from practice.cli import main

sys.exit(main())
