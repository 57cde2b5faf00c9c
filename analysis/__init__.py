"""Labels for each stored article (condition, population, design, drug, comparator, size, verdict), with evidence.

    from analysis import label_articles, LABEL_COLUMNS
    labelled = label_articles(articles)   # a copy with every LABEL_COLUMNS column added

Rules, lexicons and metadata only (no trained model): every label keeps the sentence or the
MeSH/publication-type item that produced it.  The word lists live in analysis/vocabulary.py.
"""

from analysis.columns import LABEL_COLUMNS
from analysis.labels import label_articles, label_text

__all__ = ["LABEL_COLUMNS", "label_articles", "label_text"]
