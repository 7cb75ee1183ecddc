#!/usr/bin/env python3
"""Benchmark `errbook check` on synthetic catalogs of 1k, 10k and 100k codes.

    python3 bench/check.py [--sizes 1000,10000,100000] [--runs 5] [--work DIR]

For each size it generates a catalog with ../shared/bench/gen_corpus.py,
then prints, for the release binary run as a user runs it (`check --format
json`), the median wall time and the peak RSS over the runs, and the
parse + lint throughput of the library stages from `cargo bench --bench
check`. Two configurations are measured:

  cold        no site.toml: every technical word of the corpus is reported
              by the spelling rule (tens of thousands of findings);
  maintained  the corpus's vocabulary is in [spelling] words, as in a
              catalog whose writers have run check before.

Targets (issue #2): 100k codes in under 2 s, peak RSS under 1 GB,
parse + lint at least 100 MB/s.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
BIN = ROOT / "target" / "release" / "errbook"


def run_timed(args):
    """Wall seconds and peak RSS (MB) of one run; output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"errbook failed with exit code {code}: {' '.join(map(str, args))}")
    return wall, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default="/tmp/errbook-bench")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)

    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "bench", "--no-run", "-q", "--bench", "check"], cwd=ROOT, check=True,
                   stderr=subprocess.DEVNULL)
    empty = work / "cold.toml"
    empty.write_text("")
    print(f"{'codes':>7} {'MB':>6} {'config':<10} {'findings':>8} {'wall (median)':>14} {'peak RSS':>9} {'parse+lint':>11}")
    for size in [int(s) for s in args.sizes.split(",")]:
        corpus = work / f"oms-{size}"
        catalog = corpus / "error-codes.md"
        if not catalog.exists():
            subprocess.run([sys.executable, str(GEN), "--codes", str(size), "--out", str(corpus)],
                           check=True, stdout=subprocess.DEVNULL)
        # The maintained config lists the words a cold run reports.
        cold = subprocess.run([str(BIN), "check", str(catalog), "--config", str(empty), "--format", "json"],
                              capture_output=True, text=True)
        findings = json.loads(cold.stdout)
        vocabulary = sorted({re.search(r"`(.*)`", f["message"]).group(1).lower()
                             for f in findings if f["rule"] == "spelling"})
        maintained = work / f"maintained-{size}.toml"
        maintained.write_text("[spelling]\nwords = " + json.dumps(vocabulary) + "\n")
        mb = catalog.stat().st_size / 1e6
        for name, config in (("cold", empty), ("maintained", maintained)):
            runs = [run_timed([str(BIN), "check", str(catalog), "--config", str(config), "--format", "json"])
                    for _ in range(args.runs)]
            wall = statistics.median(r[0] for r in runs)
            rss = max(r[1] for r in runs)
            stages = subprocess.run(["cargo", "bench", "-q", "--bench", "check", "--", str(catalog), str(config)],
                                    cwd=ROOT, capture_output=True, text=True, check=True).stdout
            count = re.search(r"(\d+) findings", stages).group(1)
            throughput = re.search(r"parse\+lint (\d+) MB/s", stages).group(1)
            print(f"{size:>7} {mb:>6.1f} {name:<10} {count:>8} {wall:>12.3f} s {rss:>6.0f} MB {throughput:>6} MB/s")


if __name__ == "__main__":
    main()
