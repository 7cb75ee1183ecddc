#!/usr/bin/env python3
"""Benchmark errbook search: index size, quality, bytes and latency.

    python3 bench/search.py [--sizes 1000,10000,100000] [--queries 40] [--out-dir DIR] [--no-browser]

For each size it generates a catalog with ../shared/bench/gen_corpus.py,
builds the site with `errbook build`, and derives queries from the
catalog itself (seeded, so every run asks the same): the full ID in lower
case, the ID without its component prefix, the message as a log line with
its placeholders filled in and a timestamp and thread around it, and a
misspelt message word. A query's accepted codes are every code with the
same ID or message (the generator reuses messages). It prints:

  index        bytes of search/ per code, and the number of files;
  cli          hit@1 / hit@5 of `errbook search --eval` on those queries;
  first query  bytes a fresh page loads to answer its first query
               (static/search.js plus every shard), median and max, in
               headless Chromium from file:// (WebDriver via chromedriver);
  keystroke    latency of each keystroke while typing each query, warm
               page, p50 and p95 in ms (shards load as they are needed);
  agreement    share of queries whose first result is the CLI's.

Targets (issue #4): first query at most 100 kB at 10k codes and 150 kB at
100k codes; p95 keystroke under 10 ms.
Needs chromium and chromedriver (apt-get install chromium chromium-driver)
unless --no-browser.
"""
import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
BIN = ROOT / "target" / "release" / "errbook"

PLACEHOLDER = re.compile(r"\$\{[^{}\s]+\}|\$\([^()\s]+\)|\{[^{}]+\}|%[sd]|\$[A-Za-z_]\w*")


def parse_catalog(path):
    """(id, message) of each `### ID` entry."""
    entries, current = [], None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            current = line[4:].strip()
        elif current and re.match(r"\*\*Error message(:\*\*|\*\*:)", line):
            message = re.sub(r"^\*\*Error message(:\*\*|\*\*:)\s*", "", line).strip()
            entries.append((current, message))
            current = None
    return entries


def make_queries(entries, count, seed=7):
    rng = random.Random(seed)
    # Messages that differ only in their placeholders' names are the same
    # template: any of their codes is a right answer.
    by_message = {}
    for code, message in entries:
        by_message.setdefault(PLACEHOLDER.sub("{}", message).rstrip("."), []).append(code)
    queries = []
    for code, message in rng.sample(entries, min(count, len(entries))):
        same = " ".join(by_message[PLACEHOLDER.sub("{}", message).rstrip(".")])
        queries.append((code.lower(), code, "code"))
        if "-" in code and "{" not in code:
            queries.append((code.split("-", 1)[1], code, "code"))
        filled = PLACEHOLDER.sub(lambda m: rng.choice(["42", "t_order", "10.0.0.7", "[alpha]"]), message)
        queries.append((f"2026-11-21 08:00:0{rng.randint(0, 9)} ERROR [worker-{rng.randint(1, 9)}] {filled}", same, "log"))
        words = [w for w in re.findall(r"[A-Za-z]{7,}", message)]
        if words:
            word = rng.choice(words).lower()
            cut = rng.randint(2, len(word) - 2)
            queries.append((word[:cut] + word[cut + 1:], "", "typo"))
    return queries


class Browser:
    """Headless Chromium through chromedriver's WebDriver HTTP API."""

    def __init__(self):
        driver = shutil.which("chromedriver")
        chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if not driver or not chromium:
            sys.exit("chromium and chromedriver are needed (apt-get install chromium chromium-driver), or pass --no-browser")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.process = subprocess.Popen([driver, f"--port={self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        options = {"binary": chromium, "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"]}
        session = self.call("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": options}}})
        self.session = session["value"]["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            detail = json.load(error).get("value", {})
            raise RuntimeError(f"WebDriver {path}: {detail.get('message', '')[:500]}") from None

    def open(self, url):
        self.call("POST", f"/session/{self.session}/url", {"url": url})

    def run(self, script, *args):
        return self.call("POST", f"/session/{self.session}/execute/async", {"script": script, "args": list(args)})["value"]

    def close(self):
        try:
            self.call("DELETE", f"/session/{self.session}")
        finally:
            self.process.terminate()


COLD = """
var query = arguments[0], done = arguments[arguments.length - 1];
var t = performance.now();
errbookSearch.search(query, 10).then(function (hits) {
  done({first: hits.length ? hits[0].code : null, ms: performance.now() - t, files: errbookSearch.files.slice()});
}, function (e) { done({error: String(e)}); });
"""

TYPING = """
var query = arguments[0], done = arguments[arguments.length - 1], times = [], n = 1;
function next() {
  if (n > query.length) { done(times); return; }
  var t = performance.now();
  errbookSearch.search(query.slice(0, n), 8).then(function () { times.push(performance.now() - t); n++; next(); });
}
next();
"""


def measure_browser(site, queries):
    harness = Path(site).parent / f"{Path(site).name}-bench.html"
    script = (Path(site) / "static" / "search.js").resolve()
    harness.write_text(f'<!DOCTYPE html><meta charset="utf-8"><title>bench</title><script src="{script.as_uri()}"></script>\n', encoding="utf-8")
    browser = Browser()
    first_bytes, firsts, keystrokes = [], [], []
    try:
        for query, _, _ in queries:
            browser.open(harness.resolve().as_uri())
            result = browser.run(COLD, query)
            if "error" in result:
                sys.exit(f"browser search failed: {result['error']}")
            loaded = sum((Path(site) / "search" / f).stat().st_size for f in result["files"] if (Path(site) / "search" / f).exists())
            first_bytes.append(script.stat().st_size + loaded)
            firsts.append(result["first"])
        # Typing, warm: one page, every query typed a character at a time.
        browser.open(harness.resolve().as_uri())
        for query, _, _ in queries:
            keystrokes.extend(browser.run(TYPING, query))
    finally:
        browser.close()
        harness.unlink(missing_ok=True)
    return first_bytes, firsts, keystrokes


def cli_firsts(catalog, queries, work):
    # One `--eval` run answers every query (building the index once).
    tsv = work / "all-queries.tsv"
    tsv.write_text("".join(f"{q}\t-\t{k}\n" for q, _, k in queries), encoding="utf-8")
    out = subprocess.run([str(BIN), "search", "--eval", str(tsv), str(catalog), "--format", "json"], check=True, capture_output=True, text=True)
    return [f["code"] for f in json.loads(out.stdout)["firsts"]]


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=40, help="codes to derive queries from, per size")
    parser.add_argument("--out-dir", default="/dev/shm" if Path("/dev/shm").is_dir() else None)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    if not BIN.exists():
        sys.exit("build first: cargo build --release")
    work = Path(tempfile.mkdtemp(prefix="errbook-search-bench-", dir=args.out_dir))
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            corpus = work / f"corpus-{size}"
            subprocess.run([sys.executable, str(GEN), "--codes", str(size), "--out", str(corpus)], check=True, stdout=subprocess.DEVNULL)
            catalog = corpus / "error-codes.md"
            site = work / f"site-{size}"
            start = time.perf_counter()
            subprocess.run([str(BIN), "build", str(catalog), "--out", str(site)], check=True, stderr=subprocess.DEVNULL)
            build = time.perf_counter() - start
            files = [f for f in (site / "search").rglob("*") if f.is_file()]
            index_bytes = sum(f.stat().st_size for f in files)
            codes = len(parse_catalog(catalog))
            print(f"{size:>7} codes  build {build:.2f} s  index {index_bytes / codes:,.0f} bytes/code, {len(files):,} files, {index_bytes / 1e6:.1f} MB")

            queries = make_queries(parse_catalog(catalog), args.queries)
            tsv = work / f"queries-{size}.tsv"
            tsv.write_text("".join(f"{q}\t{a}\t{k}\n" for q, a, k in queries if a), encoding="utf-8")
            report = json.loads(subprocess.run([str(BIN), "search", "--eval", str(tsv), str(catalog), "--format", "json"], check=True, capture_output=True, text=True).stdout)
            overall = report["overall"]
            kinds = ", ".join(f"{k} {v['hit_at_1'] * 100:.0f}%" for k, v in report["by_kind"].items())
            print(f"{'':>7}        cli    hit@1 {overall['hit_at_1'] * 100:.1f}%  hit@5 {overall['hit_at_5'] * 100:.1f}%  ({overall['queries']} queries; hit@1 {kinds})")
            if args.no_browser:
                continue
            first_bytes, browser_firsts, keystrokes = measure_browser(site, queries)
            agree = sum(a == b for a, b in zip(browser_firsts, cli_firsts(catalog, queries, work)))
            print(f"{'':>7}        first query  median {statistics.median(first_bytes) / 1e3:.1f} kB  max {max(first_bytes) / 1e3:.1f} kB  ({len(queries)} queries, fresh page each)")
            print(f"{'':>7}        keystroke    p50 {percentile(keystrokes, 50):.2f} ms  p95 {percentile(keystrokes, 95):.2f} ms  max {max(keystrokes):.1f} ms  ({len(keystrokes)} keystrokes)")
            print(f"{'':>7}        agreement    browser first = CLI first for {agree}/{len(queries)} queries")
            shutil.rmtree(site)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
