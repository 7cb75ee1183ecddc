#!/usr/bin/env python3
"""`errbook serve`: how soon a save reaches the open pages, and how it
holds up under many concurrent requests.

For each size it generates a catalog with ../shared/bench/gen_corpus.py,
starts the release binary's `errbook serve --port 0` on it, then:

- reload latency: edits one entry's text (a real write of the file, as an
  editor saves) and measures the time until the server's event stream
  announces the new build (what makes open pages reload), and until the
  edited code page is served with the new text; median and max of --edits
  edits;
- concurrency: --clients connections opened at once on loopback, each
  asking for a code page, for --rounds rounds; every response must be a
  complete 200. Prints requests per second and latency percentiles.

    python3 bench/serve.py                      # 1,000 codes, 20 edits, 1,000 clients
    python3 bench/serve.py --sizes 1000 10000 --edits 5
"""
import argparse
import asyncio
import os
import pathlib
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"


def start(catalog):
    binary = ROOT / "target" / "release" / "errbook"
    process = subprocess.Popen(
        [str(binary), "serve", "--port", "0", str(catalog)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    line = process.stdout.readline()
    match = re.search(r"http://([\d.]+):(\d+)/", line)
    if not match:
        process.kill()
        sys.exit(f"errbook serve did not print its URL: {line!r}")
    return process, match.group(1), int(match.group(2))


def http_get(host, port, path):
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks)


class Events:
    """The server's event stream: the build generations it announces."""

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=10)
        self.sock.sendall(b"GET /__errbook/events HTTP/1.1\r\nHost: x\r\n\r\n")
        self.buffer = b""

    def next_generation(self, after):
        while True:
            for match in re.finditer(rb"data: (\d+)\n", self.buffer):
                if int(match.group(1)) > after:
                    self.buffer = self.buffer[match.end():]
                    return int(match.group(1))
            self.buffer += self.sock.recv(65536)


def reload_latency(catalog, host, port, edits):
    text = catalog.read_text()
    # The first entry's cause paragraph: edit a word in it each time.
    heading = re.search(r"^### (\S+)", text, re.M)
    code = heading.group(1)
    page = f"/codes/{code.lower()}.html"
    events = Events(host, port)
    generation = events.next_generation(0)
    to_event, to_page = [], []
    for n in range(edits):
        marker = f"edit-marker-{n}"
        edited = text.replace(f"### {code}\n", f"### {code}\n\n{marker}\n", 1)
        started = time.perf_counter()
        catalog.write_text(edited)
        generation = events.next_generation(generation)
        to_event.append(time.perf_counter() - started)
        while marker.encode() not in http_get(host, port, page):
            time.sleep(0.002)
        to_page.append(time.perf_counter() - started)
        time.sleep(0.3)
    catalog.write_text(text)
    return to_event, to_page


async def one_request(host, port, path):
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    ok = data.startswith(b"HTTP/1.1 200") and data.rstrip().endswith(b"</html>")
    return ok, time.perf_counter() - started


async def concurrent(host, port, paths, clients):
    started = time.perf_counter()
    results = await asyncio.gather(*(one_request(host, port, paths[i % len(paths)]) for i in range(clients)))
    return time.perf_counter() - started, results


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", default="/dev/shm" if os.path.isdir("/dev/shm") else None)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    for size in args.sizes:
        with tempfile.TemporaryDirectory(dir=args.work) as work:
            subprocess.run([sys.executable, str(GEN), "--codes", str(size), "--out", work],
                           check=True, stdout=subprocess.DEVNULL)
            catalog = pathlib.Path(work) / "error-codes.md"
            process, host, port = start(catalog)
            try:
                to_event, to_page = reload_latency(catalog, host, port, args.edits)
                print(f"{size:,} codes: save -> reload event median {statistics.median(to_event) * 1000:.0f} ms, "
                      f"max {max(to_event) * 1000:.0f} ms; save -> new page served median "
                      f"{statistics.median(to_page) * 1000:.0f} ms, max {max(to_page) * 1000:.0f} ms ({args.edits} edits)")
                codes = re.findall(r"^### (\S+)", catalog.read_text(), re.M)
                paths = [f"/codes/{c.lower()}.html" for c in codes[:200]]
                for round_ in range(args.rounds):
                    seconds, results = asyncio.run(concurrent(host, port, paths, args.clients))
                    ok = sum(1 for r in results if r[0])
                    latencies = [r[1] for r in results]
                    print(f"  round {round_ + 1}: {args.clients} concurrent connections: {ok}/{args.clients} complete 200s "
                          f"in {seconds:.2f} s ({args.clients / seconds:,.0f} req/s), latency p50 "
                          f"{percentile(latencies, 50) * 1000:.0f} ms, p99 {percentile(latencies, 99) * 1000:.0f} ms")
                    if ok != args.clients:
                        sys.exit("some requests failed")
                alive = http_get(host, port, "/").startswith(b"HTTP/1.1 200")
                print(f"  still serving afterwards: {alive}")
                if not alive:
                    sys.exit("the server stopped answering")
            finally:
                process.terminate()
                process.wait(timeout=10)


if __name__ == "__main__":
    main()
