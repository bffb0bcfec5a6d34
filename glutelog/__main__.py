"""`python -m glutelog` runs the same entry point as the `glutelog` command."""

import sys

from glutelog.cli.entry import main

sys.exit(main())
