"""Start-up hook for `streamlit run dashboard.py`: warm the page's caches in the background.

The first visitor's browser spends about a second fetching and starting Streamlit's front end
before it asks for the page.  Meanwhile this thread imports the page module (pandas, pyarrow,
the analysis code), loads the store and the default view into the page's own caches and makes
Streamlit's once-per-process first-element check, so the first page run finds all of that done
instead of doing it while the visitor waits.
"""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

WARM_UP_THREAD = "kem-warm-up"
_CONTEXT_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"


class _NotFromWarmUp(logging.Filter):
    """Drop Streamlit's 'missing ScriptRunContext' warning for the warm-up thread only.

    A cached function called outside a page run logs it (its spinner has no page to go to);
    it is expected here and says nothing about any visitor's page."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != WARM_UP_THREAD


_QUIET_WARM_UP = _NotFromWarmUp()


def warm_up() -> None:
    """Import the page module and fill its caches; a failure is left for the page to report."""
    import dashboard_page

    try:
        dashboard_page.warm_up()
    except Exception:  # noqa: BLE001 - the first page run meets and shows the same error
        logging.getLogger(__name__).debug("warm-up failed", exc_info=True)
    _first_element_check()


def _first_element_check() -> None:
    """Pay Streamlit's once-per-process first-element cost here, not in a visitor's page run."""
    import streamlit as st

    # On a process's first element Streamlit checks whether it runs in a REPL by resolving the
    # file of every loaded module: ~0.1 s with pandas and pyarrow loaded. An element made
    # outside a page run draws nothing.
    st.empty()


def start_warm_up() -> threading.Thread:
    """Run warm_up in a daemon thread (a server stopped meanwhile does not wait for it)."""
    logging.getLogger(_CONTEXT_LOGGER).addFilter(_QUIET_WARM_UP)  # added once, however often
    thread = threading.Thread(target=warm_up, name=WARM_UP_THREAD, daemon=True)
    thread.start()
    return thread


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """Start the warm-up without waiting for it, so the server answers at once."""
    start_warm_up()
    yield
