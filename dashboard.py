"""Ketamine evidence monitor: `streamlit run dashboard.py`.

Streamlit executes this file on every interaction.  The page itself is dashboard_page.py, a
module imported once per process, so a rerun runs the page without re-executing (or, under
streamlit.testing, recompiling) its ~800 lines of definitions.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # `streamlit run /path/to/dashboard.py` from another directory
    sys.path.insert(0, str(ROOT))

from dashboard_page import main  # noqa: E402

main()
