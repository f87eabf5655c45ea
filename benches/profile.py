#!/usr/bin/env python3
"""Where does `vetted build` (or `vetted lint`) spend its time? A perf-based stage profile.

    python3 benches/profile.py [--articles 10000] [--command build|lint] [--claims clean|dirty] [--freq 250]
                               [--vetted BIN] [--perf-data FILE] [--top 25]

Generates (or reuses) the clean (or dirty: built with --lint warn) corpus with gen_corpus.py under target/bench-corpus, runs
`perf record -e cpu-clock --call-graph dwarf` on the command (software clock: works in VMs
without hardware counters), then reads `perf script` and assigns every sample to one stage by
the functions on its stack (most specific rule first, see STAGES). Prints, as Markdown:

- CPU share per stage (all threads), and the stage's wall-clock window: the sum of the 50 ms
  slices in which that stage had the most samples (so serial stages show up as wall time), with
  the average number of busy threads in those slices (2.0 on 2 cores = fully parallel; 1.0 =
  serial, or the machine was busy with other work);
- the top vetted functions by inclusive share, and the top leaf functions by self share.

The release profile keeps line tables (Cargo.toml: debug = "line-tables-only"), so inlined
frames are named. Needs `perf` (Debian: linux-perf). Standard library only.
"""
import argparse
import collections
import re
import shutil
import subprocess
import sys
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
REPO = BENCHES.parent

# (stage, pattern on any frame of the stack); first matching rule wins.
STAGES = [
    ("load: registry (terms, regex compile)", r"vetted::lint::registry::Registry::load|vetted::lint::terms::compile"),
    ("load: markdown (pulldown-cmark + analysis)", r"vetted::markdown::|pulldown_cmark::"),
    ("load: front matter (YAML)", r"vetted::content::frontmatter|vetted::yaml::|serde_yaml::"),
    ("lint: readability (SMOG)", r"vetted::lint::rules::readability"),
    ("lint: phrase rules", r"vetted::lint::rules::phrase::check"),
    ("lint: registry claims", r"vetted::lint::rules::claims::check\b"),
    ("lint: quantities + statistics", r"vetted::lint::rules::(dimension|statistic)|vetted::lint::quantity"),
    ("lint: sentences + cues", r"vetted::lint::text::"),
    ("lint: prefilter", r"vetted::lint::prefilter::Prefilter::candidates"),
    ("lint: other per-document", r"vetted::lint::(run::)?check_document|vetted::lint::(run::)?check_and_trim"),
    ("lint: cross-document (claims, consistency)", r"vetted::lint::rules::(claims::cross_check|consistency)"),
    ("lint: links + citations", r"vetted::lint::rules::links"),
    ("lint: suppression comments", r"vetted::lint::rules::suppression"),
    ("lint: diagnostics output", r"vetted::diagnostic::|codespan_reporting::"),
    ("load: read files, other", r"vetted::content::load|vetted::site::Site::load|walkdir::"),
    ("lint: other", r"vetted::lint::"),
    ("write output", r"vetted::write::|std::fs::"),
    ("render: listings + taxonomies (tera)", r"Renderer::(listings|taxonomies|listing_pages|section\b|home_sections)"),
    ("render: pages, tera", r"tera::"),
    ("render: pages, context (serde_json)", r"vetted::render::Renderer::page|vetted::render::jsonld"),
    ("render: feeds, sitemap, search index", r"vetted::render::(site_files|feeds|sitemap|aliases|static_files)"),
    ("render: other", r"vetted::render::"),
    ("exit: free memory", r"drop_in_place|core::ptr::drop"),
]
COMPILED = [(name, re.compile(p)) for name, p in STAGES]
SLICE = 0.05  # seconds


def corpus(n, claims, seed=1):
    out = REPO / "target" / "bench-corpus" / f"vetted-{claims}-{n}-s{seed}"
    if not (out / "content").is_dir():
        subprocess.run([sys.executable, str(BENCHES / "gen_corpus.py"), "--articles", str(n), "--out", str(out),
                        "--seed", str(seed), "--claims", claims, "--repo", str(REPO)], check=True)
    return out


def samples(perf_data):
    """Yields (tid, time, [frames leaf first]) from perf script."""
    p = subprocess.Popen(["perf", "script", "-i", str(perf_data), "-F", "tid,time,ip,sym"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, errors="replace")
    tid = t = None
    frames = []
    for line in p.stdout:
        if not line.strip():
            if tid is not None:
                yield tid, t, frames
            tid, frames = None, []
            continue
        if not line.startswith(("\t", " " * 8)) or re.match(r"^\s*\d+\s+[\d.]+:", line):
            m = re.match(r"^\s*(\d+)\s+([\d.]+):", line)
            if m:
                tid, t, frames = int(m.group(1)), float(m.group(2)), []
                continue
        parts = line.strip().split(None, 1)
        if len(parts) == 2:
            frames.append(parts[1].removesuffix(" (inlined)"))
    if tid is not None:
        yield tid, t, frames
    p.wait()


def classify(frames):
    for name, rx in COMPILED:
        if any(rx.search(f) for f in frames):
            return name
    return "other (startup, runtime, kernel)"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--command", choices=("build", "lint"), default="build")
    ap.add_argument("--claims", choices=("clean", "dirty"), default="clean",
                    help="corpus; dirty builds with --lint warn")
    ap.add_argument("--freq", type=int, default=250, help="samples per second per thread")
    ap.add_argument("--vetted", help="vetted binary [default: target/release/vetted, built if missing]")
    ap.add_argument("--perf-data", type=Path, help="analyse this perf.data instead of recording")
    ap.add_argument("--root", type=Path,
                    help="profile this site instead of a generated corpus (e.g. one from ../shared/bench/gen_corpus.py)")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--idle-wait", type=float, default=120,
                    help="wait up to S seconds for the CPUs to be idle before recording")
    args = ap.parse_args()
    if not shutil.which("perf"):
        sys.exit("perf not found (apt-get install linux-perf)")
    data = args.perf_data
    if data is None:
        vetted = Path(args.vetted) if args.vetted else REPO / "target" / "release" / "vetted"
        if not args.vetted:
            subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        root = args.root.resolve() if args.root else corpus(args.articles, args.claims)
        name = root.name if args.root else f"{args.claims}-{args.articles}"
        data = REPO / "target" / "bench-corpus" / f"perf-{args.command}-{name}.data"
        out = Path("/dev/shm/vetted-profile-out") if Path("/dev/shm").is_dir() else root.parent / "profile-out"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [str(vetted), args.command, "--root", str(root)] + (["--out", str(out)] if args.command == "build" else [])
        if args.command == "build" and (args.claims == "dirty" or args.root):
            cmd += ["--lint", "warn"]
        if args.idle_wait > 0:
            sys.path.insert(0, str(BENCHES))
            from run import wait_idle
            busy, waited = wait_idle(args.idle_wait, 0.2)
            print(f"CPUs {busy:.0%} busy before recording (waited {waited:.0f} s)", file=sys.stderr)
        print(f"$ perf record -e cpu-clock -F {args.freq} --call-graph dwarf,32768 -- {' '.join(cmd)}", file=sys.stderr)
        subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", str(args.freq), "--call-graph", "dwarf,32768",
                        "-o", str(data), "--"] + cmd, check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        shutil.rmtree(out, ignore_errors=True)
    stage_n = collections.Counter()
    slices = collections.defaultdict(collections.Counter)
    incl = collections.Counter()
    leaf = collections.Counter()
    threads = collections.Counter()
    total, t0, t1 = 0, None, None
    for tid, t, frames in samples(data):
        total += 1
        t0 = t if t0 is None else min(t0, t)
        t1 = t if t1 is None else max(t1, t)
        stage = classify(frames)
        stage_n[stage] += 1
        slices[int(t / SLICE)][stage] += 1
        threads[tid] += 1
        if frames:
            leaf[frames[0]] += 1
        seen = set()
        for f in frames:
            m = re.match(r"(vetted::[\w:]+)", f)
            if m and m.group(1) not in seen:
                seen.add(m.group(1))
                incl[m.group(1)] += 1
    if not total:
        sys.exit("no samples")
    wall = collections.Counter()
    busy = collections.Counter()  # samples (all stages) in the slices a stage dominates
    for counts in slices.values():
        top = counts.most_common(1)[0][0]
        wall[top] += SLICE
        busy[top] += sum(counts.values())
    span = (t1 - t0) if t1 is not None else 0
    print(f"{total} samples at {args.freq} Hz over {span:.2f} s of wall time, {len(threads)} threads "
          f"(about {total / args.freq:.1f} CPU s)\n")
    print("| stage | CPU share | CPU s (approx.) | wall s where it dominates | busy threads there |")
    print("|---|---:|---:|---:|---:|")
    order = [n for n, _ in STAGES] + ["other (startup, runtime, kernel)"]
    for name in sorted(order, key=lambda s: -stage_n[s]):
        if stage_n[name]:
            par = busy[name] / (wall[name] * args.freq) if wall[name] else 0
            print(f"| {name} | {stage_n[name] / total:.1%} | {stage_n[name] / args.freq:.2f} | {wall[name]:.2f} | "
                  f"{par:.2f} |")
    print(f"\nTop {args.top} vetted functions by inclusive share of CPU samples:\n")
    print("| inclusive | function |\n|---:|---|")
    for f, c in incl.most_common(args.top):
        print(f"| {c / total:.1%} | `{f}` |")
    print(f"\nTop {args.top} leaf functions (self):\n")
    print("| self | function |\n|---:|---|")
    for f, c in leaf.most_common(args.top):
        print(f"| {c / total:.1%} | `{f[:110]}` |")


if __name__ == "__main__":
    main()
