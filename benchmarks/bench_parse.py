"""Benchmark fetch.parse against Biopython's Bio.Entrez on one large in-memory EFetch body.

    python benchmarks/bench_parse.py [--records N] [--sequential]     (N defaults to 12000)

Why: the parser must keep up with 10,000-record EFetch batches in flat memory, and be clearly
faster (target >= 3x) than the reference parser it replaces.

The body is a PubmedArticleSet of N real PubMed records (the modern-DTD samples in
tests/fixtures/pubmed-xml, replicated with fresh PMIDs). Each measurement runs in its own
subprocess so memory figures do not contaminate each other: the subprocess imports both
parsers, builds the body, returns freed heap to the OS, resets the kernel's peak-RSS mark,
then parses. "parse mem" = peak RSS during the parse minus RSS before it (libxml2/expat C
allocations included, the input bytes excluded). Rates use each worker's CPU time, so a busy
shared machine (or Biopython running alongside on a second CPU) does not skew the ratio.

Our parser runs at N and 2N records: flat memory means both peaks are about equal.
Biopython: Entrez.parse is tried first; it refuses modern PubmedArticleSet documents ("does not
represent a list"), so Entrez.read, the call a Biopython user has to make, is timed instead.
Exit status 1 if a target (>= 3x, flat memory) is missed.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "tests" / "fixtures" / "pubmed-xml"  # tests.pubmed_material.XML_DIR
DOCTYPE = (b'<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
           b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">')
PMID_MARK = "@@PMID@@"
FIRST_PMID = 90_000_000


def record_templates() -> list[list[bytes]]:
    """Each modern sample record split around its PMID, ready to be stamped with a new one."""
    from lxml import etree

    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    templates = []
    for path in sorted(SAMPLES.glob("pubmed*.xml")):
        if b"https://dtd.nlm.nih.gov/" not in path.read_bytes()[:400]:
            continue  # 2008-DTD samples use elements today's DTD (and Biopython with it) rejects
        for article in etree.parse(str(path), parser).getroot().iter("PubmedArticle"):
            article.find("MedlineCitation/PMID").text = PMID_MARK
            for article_id in article.iterfind("PubmedData/ArticleIdList/ArticleId"):
                if article_id.get("IdType") == "pubmed":
                    article_id.text = PMID_MARK
            templates.append(etree.tostring(article, encoding="utf-8").split(PMID_MARK.encode()))
    if not templates:
        sys.exit(f"no modern PubMed samples found in {SAMPLES}")
    return templates


def build_body(n: int) -> io.BytesIO:
    """An EFetch-like body of n records with fresh PMIDs, written straight into one buffer."""
    templates = record_templates()
    body = io.BytesIO()
    body.write(b'<?xml version="1.0" ?>\n' + DOCTYPE + b"\n<PubmedArticleSet>\n")
    for i in range(n):
        body.write(str(FIRST_PMID + i).encode().join(templates[i % len(templates)]))
        body.write(b"\n")
    body.write(b"</PubmedArticleSet>\n")
    body.seek(0)
    return body


# -- measuring, inside a worker subprocess -----------------------------------------------

def _rss_kb(field: str) -> int:
    """VmRSS / VmHWM of this process, in kB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark so the peak seen is the parse's, not the build's."""
    gc.collect()
    try:  # hand freed heap back to the OS, or the parse would reuse it unseen
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def _run_ours(body: io.BytesIO) -> tuple[int, str]:
    from fetch.parse import parse_pubmed_xml

    return sum(1 for _ in parse_pubmed_xml(body)), "fetch.parse.parse_pubmed_xml"  # not kept


def _run_biopython(body: io.BytesIO) -> tuple[int, str]:
    from Bio import Entrez

    try:
        return sum(1 for _ in Entrez.parse(body, validate=False)), "Entrez.parse"
    except ValueError as exc:
        if "does not represent a list" not in str(exc):
            raise
    body.seek(0)
    result = Entrez.read(body, validate=False)
    return len(result["PubmedArticle"]), "Entrez.read (Entrez.parse refuses PubmedArticleSet)"


def _import_parsers() -> None:
    """Load both parsers up front and cut Biopython off the network (its DTDs are bundled)."""
    import Bio.Entrez.Parser as entrez_parser
    import fetch.parse  # noqa: F401

    def no_network(url, *args, **kwargs):
        raise RuntimeError(f"Biopython wanted to download {url}; the benchmark is offline")

    entrez_parser.urlopen = no_network


def worker(which: str, n: int) -> None:
    """Build the body, then time one parser on it; prints one JSON line."""
    _import_parsers()  # imports (pyarrow via fetch.schema, Bio) are neither time nor parse memory
    body = build_body(n)
    body_mb = body.getbuffer().nbytes / 1e6
    run = _run_ours if which == "ours" else _run_biopython
    peak_reset = _reset_peak()
    before = _rss_kb("VmRSS")
    start, cpu_start = time.perf_counter(), time.process_time()
    count, how = run(body)
    cpu_seconds = time.process_time() - cpu_start
    seconds = time.perf_counter() - start
    peak = _rss_kb("VmHWM")
    print(json.dumps({"which": which, "how": how, "records": count, "seconds": seconds,
                      "cpu_seconds": cpu_seconds,
                      "body_mb": body_mb, "parse_mem_mb": (peak - before) / 1024,
                      "peak_rss_mb": peak / 1024, "peak_reset": peak_reset}))


# -- driver ------------------------------------------------------------------------------

def start(which: str, n: int) -> subprocess.Popen:
    """One measurement in a fresh interpreter, started now."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", which, "--records", str(n)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=REPO,
                            env=dict(os.environ, PYTHONPATH=str(REPO)))


def finish(proc: subprocess.Popen, n: int) -> dict:
    """The measurement's result, checked to cover every record."""
    out, _ = proc.communicate()
    if proc.returncode:
        sys.exit(f"benchmark worker failed ({proc.args[3]}, exit {proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    if result["records"] != n:
        sys.exit(f"{result['which']} parsed {result['records']} of {n} records")
    result["rate"] = n / result["cpu_seconds"]
    return result


def run_all(n: int, parallel: bool) -> tuple[dict, dict, dict]:
    """Ours at N and 2N one after the other; Biopython alongside them when two CPUs are free."""
    bio_proc = start("biopython", n) if parallel else None
    ours = finish(start("ours", n), n)
    ours_2n = finish(start("ours", 2 * n), 2 * n)
    bio = finish(bio_proc or start("biopython", n), n)
    return ours, ours_2n, bio


def report(n: int, parallel: bool) -> int:
    """Run the three measurements and print the comparison; exit status 1 if a target is missed."""
    ours, ours_2n, bio = run_all(n, parallel)
    ratio = ours["rate"] / bio["rate"]
    growth = ours_2n["parse_mem_mb"] - ours["parse_mem_mb"]
    print(f"input: {n} records = {ours['body_mb']:.0f} MB of EFetch XML (2N: {ours_2n['body_mb']:.0f} MB); "
          f"real samples, fresh PMIDs")
    print(f"rates use CPU time of each worker process "
          f"({'Biopython ran alongside ours on a second CPU' if parallel else 'workers ran one at a time'})")
    print(f"{'parser':<34}{'records':>8}{'cpu s':>8}{'wall s':>8}{'records/s':>11}{'parse mem':>11}"
          f"{'peak RSS':>10}")
    for label, r in (("fetch.parse (streamed)", ours), ("fetch.parse (streamed), 2N", ours_2n),
                     (f"Bio.Entrez.{bio['how'].split()[0].split('.')[-1]}", bio)):
        print(f"{label:<34}{r['records']:>8}{r['cpu_seconds']:>8.2f}{r['seconds']:>8.2f}"
              f"{r['rate']:>11.0f}{r['parse_mem_mb']:>8.1f} MB{r['peak_rss_mb']:>7.0f} MB")
    if "refuses" in bio["how"]:
        print("note: Bio.Entrez.parse refuses a PubmedArticleSet (\"does not represent a list\"), "
              "so Bio.Entrez.read was timed")
    print(f"speed: ours / Biopython = {ratio:.1f}x (target >= 3x)")
    print(f"memory: ours {ours['parse_mem_mb']:.1f} MB at N, {ours_2n['parse_mem_mb']:.1f} MB at 2N "
          f"(growth {growth:+.1f} MB for {n} more records); Biopython {bio['parse_mem_mb']:.0f} MB at N")
    if not ours["peak_reset"]:
        print("note: could not reset peak RSS; parse memory includes building the body")
    flat = growth < max(16.0, 0.25 * ours["parse_mem_mb"])
    print(f"targets: speed {'OK' if ratio >= 3 else 'MISSED'}, flat memory {'OK' if flat else 'MISSED'}")
    return 0 if ratio >= 3 and flat else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=12000, help="records in the body (N)")
    parser.add_argument("--sequential", action="store_true",
                        help="run the workers one at a time (default: Biopython in parallel "
                             "when at least two CPUs are available)")
    parser.add_argument("--worker", choices=("ours", "biopython"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.records)
        return 0
    parallel = not args.sequential and len(os.sched_getaffinity(0)) >= 2
    return report(args.records, parallel)


if __name__ == "__main__":
    sys.exit(main())
