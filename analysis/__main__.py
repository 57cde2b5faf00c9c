"""`python -m analysis`: the analysis command line (see analysis/cli.py)."""

import sys

from analysis.cli import main

sys.exit(main())
