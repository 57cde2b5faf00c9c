"""`python -m fetch`: see fetch.cli."""

import sys

from fetch.cli import main

sys.exit(main())
