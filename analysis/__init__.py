"""Labels for each stored article (condition, population, design, drug, comparator, size, verdict), with evidence.

    from analysis import label_articles, LABEL_COLUMNS
    labelled = label_articles(articles)   # a copy with every LABEL_COLUMNS column added

Rules, lexicons and metadata only (no trained model): every label keeps the sentence or the
MeSH/publication-type item that produced it.  The word lists live in analysis/vocabulary.py.
"""

from analysis.columns import LABEL_COLUMNS

__all__ = ["LABEL_COLUMNS", "label_articles", "label_text"]


def __getattr__(name: str):
    """Load the labeller (about 700 compiled patterns) only when it is used, not on every import."""
    if name in ("label_articles", "label_text"):
        from analysis import labels
        return getattr(labels, name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
