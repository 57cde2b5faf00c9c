"""Fetch and store: PubMed E-utilities -> parsed records -> the Parquet store in data/."""
