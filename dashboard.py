"""Ketamine evidence monitor: `streamlit run dashboard.py`.

Two roles in one file.  `streamlit run` first imports it as a module and serves `app`, whose
start-up hook (dashboard_server.py) loads the store into the page's caches while the browser
is still fetching Streamlit's front end.  Streamlit then executes it as the page script
(`__main__`) on every page view and interaction: it only calls dashboard_page.main, a module
imported once per process, so a rerun does not re-execute (or, under streamlit.testing,
recompile) the page's ~800 lines of definitions.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # `streamlit run /path/to/dashboard.py` from another directory
    sys.path.insert(0, str(ROOT))

if __name__ == "__main__":  # the page script (Streamlit's script runner, streamlit.testing)
    from dashboard_page import main

    main()
else:  # imported by `streamlit run dashboard.py`, which then serves this app
    import streamlit as st

    from dashboard_server import lifespan

    app = st.App(__file__, lifespan=lifespan)
