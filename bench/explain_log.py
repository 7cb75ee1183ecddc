#!/usr/bin/env python3
"""Throughput and memory of `errbook explain --log` on a large log.

Makes a log from the shipped catalog: ordinary log lines (timestamp,
level, thread, text) with a share of lines that carry a code or one of
the catalog's messages with its placeholders filled in, as a service
would print them. Runs the release binary on it and prints MB/s (median
of the runs), peak memory and how many lines were found.

    python3 bench/explain_log.py                 # 2 GB log, 1 % known errors
    python3 bench/explain_log.py --mb 200 --hit-rate 0.5 --runs 1
"""
import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLACEHOLDER = re.compile(r"\$\{[^{}\s]+\}|\$\([^()\s]+\)|\{[^{}]+\}|%[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[sdifuxXoceEgG]|\bx{2,}(?:\.x{2,})+\b")


def catalog_entries(binary):
    out = subprocess.run([binary, "export"], cwd=ROOT, check=True, capture_output=True).stdout
    model = json.loads(out)
    entries = []
    for document in model["documents"]:
        for section in document["sections"]:
            for entry in section["entries"]:
                message = (entry.get("message") or {}).get("text") or ""
                entries.append((entry["id"], message))
    return entries


def make_lines(entries, hit_rate, count, rng):
    noise = [
        "Heartbeat ok, lag={}ms",
        "Fetched {} records from partition {}",
        "Checkpoint saved at position {}",
        "Connection pool stats: active={} idle={}",
        "Processing batch {} of table orders_{}",
    ]
    lines = []
    expected = 0
    for n in range(count):
        ts = f"2026-11-27 10:{n // 60 % 60:02d}:{n % 60:02d}.{n % 1000:03d}"
        thread = f"[pool-{n % 7}-thread-{n % 13}]"
        if rng.random() < hit_rate:
            code, message = rng.choice(entries)
            expected += 1
            if "{" not in code and (rng.random() < 0.5 or not message):
                lines.append(f"{ts} ERROR {thread} task failed, code={code}")
            else:
                filled = PLACEHOLDER.sub(lambda _: str(rng.randint(1, 99999)), message)
                lines.append(f"{ts} ERROR {thread} {filled}")
        else:
            text = rng.choice(noise).format(rng.randint(1, 9999), rng.randint(1, 64))
            lines.append(f"{ts} INFO {thread} {text}")
    return lines, expected


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=2048, help="log size in MB (default 2048)")
    parser.add_argument("--hit-rate", type=float, default=0.01, help="share of lines with a known error (default 0.01)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default="/dev/shm" if os.path.isdir("/dev/shm") else "/tmp")
    args = parser.parse_args()

    binary = os.path.join(ROOT, "target", "release", "errbook")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    rng = random.Random(7)
    block, expected_in_block = make_lines(catalog_entries(binary), args.hit_rate, 20000, rng)
    block_text = ("\n".join(block) + "\n").encode()
    repeats = max(1, args.mb * 1_000_000 // len(block_text))
    path = os.path.join(args.work, f"errbook-bench-{os.getpid()}.log")
    with open(path, "wb") as f:
        for _ in range(repeats):
            f.write(block_text)
    size = os.path.getsize(path)
    try:
        seconds = []
        peaks = []
        found = None
        out_path = path + ".out"
        for _ in range(args.runs):
            with open(out_path, "wb") as out:
                started = time.perf_counter()
                child = subprocess.Popen(
                    [binary, "explain", "--log", path, "--format", "json"],
                    cwd=ROOT, stdout=out, stderr=subprocess.DEVNULL,
                )
                # wait4 gives this child's own peak memory.
                _, status, usage = os.wait4(child.pid, 0)
                seconds.append(time.perf_counter() - started)
            if status != 0:
                sys.exit(f"errbook explain --log failed ({status})")
            peaks.append(usage.ru_maxrss)
            with open(out_path, "rb") as out:
                out.seek(max(0, os.path.getsize(out_path) - 65536))
                summary = json.loads(out.read().rstrip(b"\n").rsplit(b"\n", 1)[-1])["summary"]
            found = summary["matched_lines"]
        os.remove(out_path)
        peak_kb = max(peaks)
        median = statistics.median(seconds)
        print(f"log: {size / 1e6:.0f} MB, {len(block) * repeats:,} lines, {args.hit_rate:.1%} with a known error")
        print(f"explain --log: median {median:.2f} s over {args.runs} runs -> {size / 1e6 / median:.0f} MB/s "
              f"(min {min(seconds):.2f} s, max {max(seconds):.2f} s)")
        print(f"peak memory of errbook: {peak_kb / 1024:.1f} MB")
        print(f"lines found: {found:,} of {expected_in_block * repeats:,} written with a code or message")
    finally:
        os.remove(path)


if __name__ == "__main__":
    sys.exit(main())
