"""The Downloads tab: CSV, Excel and Parquet of exactly the filtered rows."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
import streamlit as st

from analysis import export as E
from analysis import summary as S
from analysis.filters import Filters

from .loading import ROOT, Loaded, Selection, data_dir


def render(sel: Selection) -> None:
    """The tab."""
    downloads(sel.loaded, sel.mask, sel.filters)


def downloads(loaded: Loaded, mask: np.ndarray, filters: Filters) -> None:
    """CSV, Excel and Parquet of exactly the filtered rows (built when clicked)."""
    rows = int(mask.sum())
    st.markdown(f"**{rows:,} studies** — {S.escape_markdown(filters.describe())}")
    if not rows:
        st.info("No studies match these filters, so there is nothing to download. Widen the "
                "filters or reset them.")
        return
    st.caption("Every stored column and every label with its evidence. Lists (conditions, "
               "formulation, route, authors, MeSH) are JSON arrays in CSV and Excel; the Excel "
               "file has a second sheet, *provenance*, with the queries, snapshot date, filters "
               "and row count." + (" Files are built when you click: an Excel file of this "
                                   "many studies takes about a second per thousand."
                                   if rows > 10_000 else ""))
    manifest = loaded.manifest

    def make(fmt: str) -> Callable[[], bytes]:
        def build() -> bytes:  # runs when the button is clicked, not on every rerun
            selected = loaded.df[mask]
            return E.export_bytes(selected, fmt, E.provenance(manifest, filters, len(selected)))
        return build

    download_buttons(make, lambda fmt: E.file_name(fmt, filters), "download")
    st.markdown("The same file from the command line:")
    st.code(E.cli_command(filters, "csv", _shown_path(data_dir())), language="bash", wrap_lines=True)
    if loaded.registrations is not None and len(loaded.registrations):
        st.caption("Each study's `trial_key` groups the publications of one trial. The "
                   "ClinicalTrials.gov registrations download from the **Registered trials** tab.")


def download_buttons(make: Callable[[str], Callable[[], bytes]], name: Callable[[str], str],
                     key: str) -> None:
    """CSV, Excel and Parquet buttons side by side; `make(fmt)` builds the file when clicked."""
    labels = {"csv": "CSV", "xlsx": "Excel (.xlsx)", "parquet": "Parquet"}
    for column, fmt in zip(st.columns(3), ("csv", "xlsx", "parquet")):
        column.download_button(f"Download {labels[fmt]}", data=make(fmt),
                               file_name=name(fmt), mime=E.FORMATS[fmt][0],
                               key=f"{key}_{fmt}", on_click="ignore",
                               width="stretch", icon=":material/download:")


def _shown_path(path: Path) -> str:
    """The data directory as the user would type it from the repository root."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
