#!/usr/bin/env python3
"""Save-to-reload latency of `vetted serve`: the time from writing an edited article to the
`reload` event arriving on /__vetted/events, median and 90th percentile of repeated edits.

    python3 benches/serve_latency.py [--articles 1000,10000] [--edits 20] [--bin target/release/vetted]
    python3 benches/serve_latency.py --site DIR [--edits 20]
    python3 benches/serve_latency.py --change title      # edit the title instead of the body
    python3 benches/serve_latency.py --change add        # add an article, then remove it, in turn
    python3 benches/serve_latency.py --timings FILE      # and the server's per-stage laps (VETTED_TIMINGS=1)

By default it generates the clean benchmark corpus (gen_corpus.py, seed 1) at each size under
target/bench-corpus/ (kept for the next run) and measures each; `--site` measures a given site
instead. Each run works on a copy of the site in a temporary folder, on 127.0.0.1 with a free
port. Standard library only.
"""
import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def copy_site(src, dst):
    for name in ("content", "themes", "lints", "templates", "static", "site.yaml"):
        path = os.path.join(src, name)
        if os.path.isdir(path):
            shutil.copytree(path, os.path.join(dst, name))
        elif os.path.isfile(path):
            shutil.copy(path, os.path.join(dst, name))


def pick_article(content):
    """A mid-sized article to edit: the first non-index Markdown file in path order."""
    for folder, dirs, files in sorted(os.walk(content)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md") and name != "_index.md":
                return os.path.join(folder, name)
    raise SystemExit("no article to edit")


class Events:
    """A raw HTTP connection to the event stream, read line by line."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.sendall(b"GET /__vetted/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        self.buf = b""

    def wait_for(self, line, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while b"\n" in self.buf:
                got, self.buf = self.buf.split(b"\n", 1)
                if got.strip() == line.encode():
                    return True
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = self.sock.recv(4096)
            except socket.timeout:
                break
            if not chunk:
                break
            self.buf += chunk
        return False


def percentile(values, p):
    """The p-th percentile, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * p // 100) - 1))]


def corpus(articles):
    """The clean benchmark corpus at this size, generated once."""
    out = os.path.join(ROOT, "target", "bench-corpus", f"serve-{articles}")
    if not os.path.isfile(os.path.join(out, "site.yaml")):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--articles", str(articles),
                        "--out", out, "--flavor", "vetted", "--claims", "clean", "--repo", ROOT],
                       check=True, stdout=subprocess.DEVNULL)
    return out


def edited(original, change, i):
    """The article after edit `i`: a line added to its body, or a new title."""
    if change == "body":
        return original + f"\nEdited for the latency benchmark, round {i}.\n"
    lines = original.split("\n")
    for k, line in enumerate(lines[1:], 1):
        if line.startswith("title:"):
            lines[k] = f"title: Edited title, round {i}"
            return "\n".join(lines)
    raise SystemExit("the article has no title line")


def measure(site, edits, binary, change="body", timings=None):
    """Latencies (ms) of `edits` saves of one article of a copy of `site`, and that article.
    With `timings` (a file path), the server runs with VETTED_TIMINGS=1 and its stderr (the
    per-stage laps of each update) goes to that file."""
    with tempfile.TemporaryDirectory(prefix="vetted-latency-") as tmp:
        copy_site(os.path.abspath(site), tmp)
        article = pick_article(os.path.join(tmp, "content"))
        original = open(article, encoding="utf-8").read()
        env = dict(os.environ, VETTED_TIMINGS="1") if timings else None
        log = open(timings, "w") if timings else subprocess.DEVNULL
        server = subprocess.Popen([binary, "serve", "--root", tmp, "--port", "0"], stdout=subprocess.PIPE,
                                  stderr=log, text=True, env=env)
        try:
            line = server.stdout.readline()
            port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
            events = Events(port)
            if not events.wait_for("event: hello", 120):
                raise SystemExit("no hello event")
            latencies = []
            added = os.path.join(os.path.dirname(article), "latency-added-article.md")
            for i in range(edits):
                time.sleep(0.3)  # let the watcher settle between edits
                start = time.monotonic()
                if change == "add" and i % 2 == 1:
                    os.remove(added)
                else:
                    path = added if change == "add" else article
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(edited(original, "title" if change == "add" else change, i))
                if not events.wait_for("event: reload", 60):
                    raise SystemExit(f"no reload event after edit {i}")
                latencies.append((time.monotonic() - start) * 1000)
            pages = sum(1 for _, _, fs in os.walk(os.path.join(tmp, "content")) for f in fs if f.endswith(".md"))
            return latencies, pages, os.path.relpath(article, tmp)
        finally:
            server.kill()
            server.wait()
            if timings:
                log.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", help="measure this site (default: generated corpora, see --articles)")
    ap.add_argument("--articles", default="1000,10000", help="corpus sizes, comma-separated")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "vetted"))
    ap.add_argument("--change", choices=("body", "title", "add"), default="body",
                    help="what each edit changes: a line of the body, the title, or the set of "
                         "articles (a new article next to it, then removed, in turn)")
    ap.add_argument("--timings", metavar="FILE",
                    help="run the server with VETTED_TIMINGS=1 and write its per-stage laps to FILE")
    a = ap.parse_args()
    if not os.path.exists(a.bin):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    sites = [a.site] if a.site else [corpus(int(n)) for n in a.articles.split(",")]
    print("| site | Markdown files | edits | median | p90 | min | max |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for site in sites:
        latencies, pages, article = measure(site, a.edits, a.bin, a.change, a.timings)
        name = os.path.basename(os.path.normpath(site))
        print(f"| {name} ({article}) | {pages} | {a.edits} | {statistics.median(latencies):.0f} ms "
              f"| {percentile(latencies, 90):.0f} ms | {min(latencies):.0f} ms | {max(latencies):.0f} ms |",
              flush=True)


if __name__ == "__main__":
    sys.exit(main())
