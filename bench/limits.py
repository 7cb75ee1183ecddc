#!/usr/bin/env python3
"""Large and deep inputs: time and peak memory of every command.

Cases (sizes set by --scale, 1.0 = the issue's sizes):
  catalog-200mb   a ~200 MB catalog (gen_corpus, ~390k codes)
  one-section     100,000 codes in one section
  line-1mb        one 1 MB line in a solution
  nested-10k      10,000 nested list levels (one line of `- - - ...`)
  quotes-10k      10,000 nested block quotes

Prints, per case and command: exit code, wall time and the peak RSS of
errbook itself (wait4; it starts as a fork of this script, so about
40 MB is the floor). Fails when a command is killed by a signal
(a stack overflow aborts) or exits with anything but 0 or 1.

    python3 bench/limits.py                # the full sizes (several minutes)
    python3 bench/limits.py --scale 0.05   # a quick run
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
BIN = ROOT / "target" / "release" / "errbook"


def entry(code, solution):
    return (f"### {code}\n\n**Error level:** ERROR\n\n**Error message:** edge case for {code}\n\n"
            f"**Cause:** c\n\n**Solution:** {solution}\n\n")


def run(args, cwd):
    started = time.perf_counter()
    with open(os.devnull, "wb") as null:
        child = subprocess.Popen([str(BIN), *args], cwd=cwd, stdout=null, stderr=subprocess.PIPE)
        stderr = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    return code, seconds, usage.ru_maxrss / 1024, stderr.decode(errors="replace")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--work", default="/dev/shm" if os.path.isdir("/dev/shm") else None)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    failed = False
    with tempfile.TemporaryDirectory(dir=args.work) as work:
        work = pathlib.Path(work)
        cases = {}
        codes = max(1000, int(390_000 * args.scale))
        subprocess.run([sys.executable, str(GEN), "--codes", str(codes), "--out", str(work / "big")],
                       check=True, stdout=subprocess.DEVNULL)
        cases["catalog-200mb"] = (work / "big" / "error-codes.md", "search", None)
        n = max(1000, int(100_000 * args.scale))
        text = "## Edge error codes\n\n" + "".join(entry(f"EDGE-ONE{i:06}", "s") for i in range(n))
        cases["one-section"] = (text, "EDGE-ONE000001", None)
        cases["line-1mb"] = ("## Edge error codes\n\n" + entry("EDGE-LINE000001", "word " * int(210_000 * max(args.scale, 0.1))), "EDGE-LINE000001", None)
        depth = max(1000, int(10_000 * args.scale))
        cases["nested-10k"] = ("## Edge error codes\n\n" + entry("EDGE-NEST000001", "\n\n" + "- " * depth + "deep"), "EDGE-NEST000001", None)
        cases["quotes-10k"] = ("## Edge error codes\n\n" + entry("EDGE-QUOT000001", "\n\n" + ">" * depth + " deep"), "EDGE-QUOT000001", None)
        print(f"{'case':<14} {'MB':>7}  {'command':<8} {'exit':>4} {'wall':>8} {'peak RSS':>9}")
        for name, (content, query, _) in cases.items():
            if isinstance(content, pathlib.Path):
                path = content
            else:
                path = work / f"{name}.md"
                path.write_text(content)
            size = path.stat().st_size / 1e6
            for command in (["check"], ["build", "--out", str(work / f"site-{name}"), "-q"],
                            ["search", query], ["explain", query, "--no-pager"], ["export"]):
                if command[0] in ("search", "explain"):
                    argv = [command[0], command[1], str(path), *command[2:]]
                else:
                    argv = [command[0], str(path), *command[1:]]
                code, seconds, peak, stderr = run(argv, work)
                ok = code in (0, 1) and "panicked" not in stderr
                failed |= not ok
                print(f"{name:<14} {size:>7.1f}  {command[0]:<8} {code:>4} {seconds:>7.2f}s {peak:>7.0f} MB"
                      + ("" if ok else f"  FAILED: {stderr[-300:]!r}"))
    if failed:
        sys.exit("a command failed")


if __name__ == "__main__":
    main()
