"""Labels are the same in every process: a refresh must not rewrite a store because of hash seeds."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.pubmed_material import REPO

SCRIPT = """
import hashlib, json
import pandas as pd
from analysis import label_articles
from tests.conftest import ketamine_rows
from fetch.queries import load_queries
rows = [r for r, _ in ketamine_rows(load_queries())]
df = pd.DataFrame({"pmid": [r["pmid"] for r in rows], "title": [r["title"] for r in rows],
                   "abstract": [r["abstract"] for r in rows], "keywords": [r["keywords"] for r in rows]})
out = label_articles(df)
print(hashlib.sha256(out.to_json(orient="records", default_handler=str).encode()).hexdigest())
"""


def test_labels_do_not_depend_on_the_hash_seed():
    digests = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(REPO))
        result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        digests.add(result.stdout.strip())
    assert len(digests) == 1, digests
