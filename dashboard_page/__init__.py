"""Ketamine evidence monitor: the page that `streamlit run dashboard.py` shows.

It lays out what analysis.summary, analysis.filters and analysis.export compute; it computes
nothing itself.  loading.py holds the store and its caches, state.py the filters' widget and
URL state, charts.py what the charts share, header.py and sidebar.py what frames the tabs, one
module a tab, and page.py the page itself with its TABS: (title, render) pairs, so a tab is
one line there plus its module.

A package, imported once per process: Streamlit re-executes only the small dashboard.py on each
interaction, not these definitions (nor, under streamlit.testing, recompiles them).
"""

from .about import ABOUT_LABELS
from .charts import CONCLUSION_COLOURS, SHARE_POSITIVE_COLOURS
from .loading import Loaded, Selection, data_dir, filtered_view, load_store, warm_up
from .page import TAB_TITLES, TABS, main

__all__ = ["ABOUT_LABELS", "CONCLUSION_COLOURS", "SHARE_POSITIVE_COLOURS", "TABS", "TAB_TITLES",
           "Loaded", "Selection", "data_dir", "filtered_view", "load_store", "main", "warm_up"]
