#!/usr/bin/env python3
"""Benchmark vetted (and Hugo on the same corpus) and print a Markdown table.

    python3 benches/run.py [--sizes 1000,10000] [--runs 5] [--warmup 1] [--seed 1]
                           [--commands build,build_warn,lint,rebuild,rebuild_one,lint_one,lint_solo,hugo]
                           [--vetted BIN] [--hugo BIN] [--no-hugo] [--hugo-rebuild]
                           [--corpus-dir DIR] [--timeout 900] [--max-rss-mb MB] [--no-json]

    python3 benches/run.py --callgrind [--update-baseline] [--callgrind-articles 1000]
                           [--guards build,findings] [--threshold 0.15] [--annotate 25]
                                                                     (CI regression guard)

Steps: `cargo build --release` (skipped with --vetted), copy the binary next to the corpora
(so a concurrent rebuild of target/ cannot swap it mid-run), generate the corpora with
benches/gen_corpus.py (vetted clean, vetted dirty, hugo; cached by a stamp of the generator,
its arguments and the repository's lints/ and themes/default), then for each size run every
command --warmup times untimed and --runs times timed, one after the other.

Wall time: time.perf_counter() around fork+exec+wait. Peak memory: ru_maxrss of the child from
os.wait4 (max RSS of the process, KB). CPU: ru_utime + ru_stime. Output size: sum of the
apparent file sizes (st_size) under the output folder after the last run, and the file count.
Output folders: every build-from-scratch run (vetted build, build --lint warn, hugo) starts with
shutil.rmtree() of its output folder and of what the tool keeps for its next build (vetted's
<root>/.vetted-cache, and .vetted-*-<out> beside the output from older versions; Hugo's
<source>/resources), done
before the timer starts; the rebuild rows keep all of it (the warm-up run, or the previous timed
run, wrote it). rebuild_one appends a different sentence to one article before every run and
restores the file afterwards.
Results: a Markdown table on stdout, and benches/results/<UTC timestamp>.{json,md}.

Standard library only; needs /usr/bin/time nowhere (os.wait4 gives the rusage).
"""
import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
REPO = BENCHES.parent
GEN = BENCHES / "gen_corpus.py"
BASELINE = BENCHES / "baseline.json"

COMMANDS = {  # key: (label, corpus, expected exit code)
    "build": ("vetted build", "clean", 0),
    "build_warn": ("vetted build --lint warn (dirty corpus)", "dirty", 0),
    "lint": ("vetted lint", "clean", 0),
    "rebuild": ("vetted build, no change (output present)", "clean", 0),
    "rebuild_one": ("vetted build after editing one article (output present)", "clean", 0),
    "lint_one": ("vetted lint content/<one file>.md", "clean", 0),
    "lint_solo": ("vetted lint <one file outside content/>", "solo", 0),
    "hugo": ("hugo --minify=false", "hugo", 0),
    "hugo_rebuild": ("hugo, no change (output present)", "hugo", 0),
    # The shared generator's corpus (--shared-gen): about 4 findings per article (metadata,
    # readability, overdue reviews), the "findings at scale" case; Hugo builds the same articles.
    "shared_off": ("vetted build --lint off (shared corpus)", "shared", 0),
    "shared_warn": ("vetted build --lint warn (shared corpus, ~4 findings per article)", "shared", 0),
    "shared_hugo": ("hugo --minify=false (shared corpus)", "shared-hugo", 0),
    "shared_lint": ("vetted lint (shared corpus, ~4 findings per article)", "shared", 0),
}
DEFAULT_COMMANDS = ("build,build_warn,lint,rebuild,rebuild_one,lint_one,lint_solo,hugo,shared_off,shared_warn,shared_hugo,"
                    "shared_lint")
SHARED_GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
# site.yaml for the shared generator's plain flavor (it writes content/ only).
SHARED_SITE_YAML = """title: "Shared benchmark corpus"
base_url: "https://example.org"
theme: default
taxonomies: [tags]
"""

TARGETS_MD = """Targets (from the performance issue), checked at the largest measured size:
build 10,000 with lint < 3 s and >= 4x faster than Hugo; lint 10,000 < 1 s; peak memory < 400 MB
at 10,000; linear scaling; no-change rebuild < 25% of a full build; one-file lint cold start < 50 ms."""


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --- helpers ------------------------------------------------------------------------------------

def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def tree_hash(*roots):
    h = hashlib.sha256()
    for root in roots:
        for p in sorted(Path(root).rglob("*")):
            if p.is_file():
                h.update(str(p.relative_to(root)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def tree_size(root):
    total = files = 0
    for dirpath, _, names in os.walk(root):
        for n in names:
            try:
                total += os.lstat(os.path.join(dirpath, n)).st_size
                files += 1
            except FileNotFoundError:
                pass
    return total, files


def git(*args):
    try:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def loadavg():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def cpu_busy(interval=1.0):
    """Fraction of all CPUs busy (any process, any container sharing the kernel) over interval s."""
    def snap():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return sum(v[:8]), v[3] + v[4]  # total (without guest), idle + iowait
    try:
        t1, i1 = snap()
        time.sleep(interval)
        t2, i2 = snap()
        return 1 - (i2 - i1) / max(1, t2 - t1)
    except (OSError, ValueError, IndexError):
        return None


def cpu_jiffies():
    """(busy, total) jiffies of all CPUs from /proc/stat, or None."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return sum(v[:8]) - v[3] - v[4], sum(v[:8])
    except (OSError, ValueError, IndexError):
        return None


def wait_idle(max_wait, threshold):
    """Waits (at most max_wait s) until other work uses under threshold of the CPUs."""
    start = time.monotonic()
    busy = cpu_busy()
    while busy is not None and busy > threshold and time.monotonic() - start < max_wait:
        busy = cpu_busy()
    return busy, time.monotonic() - start


def mem_total_mb():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def build_vetted(args):
    """cargo build --release, then copy the binary aside (others may rebuild target/ meanwhile)."""
    if args.vetted:
        src = Path(args.vetted).resolve()
    else:
        log("$ cargo build --release")
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        src = REPO / "target" / "release" / "vetted"
    digest = sha256_file(src)
    dst = args.corpus_dir / "bin" / f"vetted-{digest[:12]}"
    if not dst.exists():
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
    return dst, digest


def corpus(args, n, flavor, claims):
    """Generate (or reuse) one corpus; returns its folder."""
    name = f"{flavor}-{claims}-{n}-s{args.seed}" if flavor == "vetted" else f"hugo-{n}-s{args.seed}"
    out = args.corpus_dir / name
    stamp = hashlib.sha256(json.dumps([sha256_file(GEN), n, flavor, claims, args.seed,
                                       tree_hash(args.assets_from / "lints", args.assets_from / "themes" / "default")])
                           .encode()).hexdigest()
    stamp_file = args.corpus_dir / f"{name}.stamp"
    if out.is_dir() and stamp_file.is_file() and stamp_file.read_text() == stamp:
        return out
    log(f"generating {name}")
    cmd = [sys.executable, str(GEN), "--articles", str(n), "--out", str(out), "--flavor", flavor,
           "--seed", str(args.seed), "--repo", str(args.assets_from)]
    if flavor == "vetted":
        cmd += ["--claims", claims]
    subprocess.run(cmd, check=True)
    stamp_file.write_text(stamp)
    return out


def shared_corpus(args, n, flavor):
    """The shared generator's corpus: `plain` for vetted (with site.yaml, lints/ and the theme
    added), `hugo` for Hugo; None without the generator."""
    gen = args.shared_gen
    if not gen or not gen.is_file():
        return None
    name = f"shared-{flavor}-{n}-s{args.seed}"
    out = args.corpus_dir / name
    stamp = hashlib.sha256(json.dumps([sha256_file(gen), n, flavor, args.seed, SHARED_SITE_YAML,
                                       tree_hash(args.assets_from / "lints", args.assets_from / "themes" / "default")])
                           .encode()).hexdigest()
    stamp_file = args.corpus_dir / f"{name}.stamp"
    if out.is_dir() and stamp_file.is_file() and stamp_file.read_text() == stamp:
        return out
    log(f"generating {name}")
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, str(gen), "--articles", str(n), "--out", str(out), "--flavor", flavor,
                    "--seed", str(args.seed)], check=True, stdout=subprocess.DEVNULL)
    if flavor == "plain":
        (out / "site.yaml").write_text(SHARED_SITE_YAML)
        shutil.copytree(args.assets_from / "lints", out / "lints")
        shutil.copytree(args.assets_from / "themes" / "default", out / "themes" / "default")
    stamp_file.write_text(stamp)
    return out


def solo_file(clean):
    """One article copied outside content/, its links turned into plain text (nothing to resolve)."""
    first = sorted((clean / "content" / "basics").glob("*.md"))
    first = [p for p in first if p.name != "_index.md"][0]
    text = re.sub(r"(?<!\[)\[([^\]@^][^\]]*)\]\([^)]*\)", r"\1", first.read_text(encoding="utf-8"))
    solo = clean / "solo" / "article.md"
    solo.parent.mkdir(exist_ok=True)
    solo.write_text(text, encoding="utf-8")
    return solo


# --- one measured process -------------------------------------------------------------------------

def run_once(cmd, cwd, log_path, env=None, timeout=None, max_rss_mb=None):
    """Runs cmd; returns dict(wall, user, sys, maxrss_kb, exit, killed)."""
    killed = []
    j0 = cpu_jiffies()
    with open(log_path, "wb") as logf:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=logf, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
        done = threading.Event()

        def watchdog():
            deadline = t0 + timeout if timeout else None
            while not done.wait(0.2):
                if deadline and time.perf_counter() > deadline:
                    killed.append("timeout")
                elif max_rss_mb:
                    try:
                        with open(f"/proc/{proc.pid}/status") as f:
                            rss = next((int(l.split()[1]) for l in f if l.startswith("VmRSS:")), 0)
                        if rss // 1024 > max_rss_mb:
                            killed.append("memory guard")
                    except (OSError, StopIteration):
                        pass
                if killed:
                    try:
                        os.killpg(proc.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    return

        guard = threading.Thread(target=watchdog, daemon=True)
        guard.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        done.set()
        guard.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    j1 = cpu_jiffies()
    others = None
    if j0 and j1 and wall > 0:  # CPU used by everything else on the machine while this ran
        hz = os.sysconf("SC_CLK_TCK")
        busy_s = (j1[0] - j0[0]) / hz
        others = max(0.0, busy_s - ru.ru_utime - ru.ru_stime) / (wall * (os.cpu_count() or 1))
    return {"wall": wall, "user": ru.ru_utime, "sys": ru.ru_stime, "maxrss_kb": ru.ru_maxrss,
            "exit": proc.returncode, "killed": killed[0] if killed else None,
            "others_during": None if others is None else round(min(others, 1.0), 3)}


def clear_output(out, caches=()):
    """Deletes an output folder and what the tool keeps beside it for the next build (vetted: its
    back buffer and no-change state, .vetted-*-<name>), and the given cache folders (Hugo:
    <source>/resources)."""
    shutil.rmtree(out, ignore_errors=True)
    for sib in out.parent.glob(f".vetted-*-{out.name}"):
        if sib.is_dir() and not sib.is_symlink():
            shutil.rmtree(sib, ignore_errors=True)
        else:
            sib.unlink(missing_ok=True)
    for c in caches:
        shutil.rmtree(c, ignore_errors=True)


def measure(key, spec, args, logs_dir, n):
    label, _, expected = COMMANDS[key]
    cmd, cwd, out = spec["cmd"], spec["cwd"], spec.get("out")
    fresh = key in ("build", "build_warn", "hugo", "shared_off", "shared_warn", "shared_hugo")
    runs, notes = [], []
    log_path = logs_dir / f"{key}-{n}.log"
    timed = args.runs
    edit = spec.get("edit")
    original = edit.read_bytes() if edit else None
    k = 0
    while k < args.warmup + timed:
        if out is not None:
            if fresh:
                clear_output(out, spec.get("caches", ()))  # untimed, the same way for both tools
            elif not out.exists():  # a rebuild needs the previous output
                subprocess.run(spec["prime"], cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, check=False)
        if edit:  # a different one-paragraph edit of one article before every run
            edit.write_bytes(original + f"\nEdited for the benchmark, run {k + 1}.\n".encode())
        busy, waited = wait_idle(args.idle_wait, args.idle_threshold) if args.idle_wait > 0 else (None, 0)
        r = run_once(cmd, cwd, log_path, env=spec.get("env"), timeout=args.timeout,
                     max_rss_mb=args.max_rss_mb)
        # "timing: <stage>  <wall> ms  (cpu: user .. ms, sys .. ms; .. page faults)"; stage
        # names may contain spaces ("site files").
        laps = re.findall(r"^timing: (.+?)\s+([\d.]+) ms\b", log_path.read_text(errors="replace"), re.M)
        if laps:
            r["stages_ms"] = {name: float(ms) for name, ms in laps}
        r["busy_before"] = None if busy is None else round(busy, 3)
        r["idle_wait_s"] = round(waited, 1)
        r["load"] = loadavg()[0] if loadavg() else None
        warm = k < args.warmup
        # A command of a fraction of a second is mostly start-up, and this shared VM's speed
        # comes and goes: a median of 5 such runs is not stable, so short commands run more.
        if warm and r["wall"] < args.short_below:
            timed = max(timed, args.short_runs)
        log(f"  {key:12} n={n:<7} {'warm-up' if warm else f'run {k - args.warmup + 1}/{timed}'}:"
            f" {r['wall']:.3f} s (cpu {r['user'] + r['sys']:.2f} s), {r['maxrss_kb'] / 1024:.0f} MB, exit {r['exit']}"
            + ("" if busy is None else f", machine {busy:.0%} busy before")
            + ("" if r.get("others_during") is None else f", others used {r['others_during']:.0%} during")
            + (f" KILLED ({r['killed']})" if r["killed"] else ""))
        if r["killed"]:
            notes.append(f"killed by the {r['killed']}")
            runs.append(r)
            break
        if r["exit"] != expected:
            tail = log_path.read_text(errors="replace")[-2000:]
            raise SystemExit(f"{key} (n={n}) exited {r['exit']}, expected {expected}; "
                             f"log {log_path}:\n{tail}")
        if not warm:
            runs.append(r)
        k += 1
    if edit:
        edit.write_bytes(original)
    text = log_path.read_text(errors="replace") if log_path.exists() else ""
    m = re.search(r"\((\d+) written, (\d+) unchanged\)", text)
    res = {"key": key, "label": label, "articles": n, "cmd": [str(c) for c in cmd],
           "runs": runs, "notes": notes}
    if m:
        res["written"], res["unchanged"] = int(m.group(1)), int(m.group(2))
    m = re.search(r"(\d+) errors?, (\d+) warnings?, (\d+) infos?", text)
    if m:
        res["findings"] = {"errors": int(m.group(1)), "warnings": int(m.group(2)), "infos": int(m.group(3))}
    ok = [r for r in runs if not r["killed"]]
    if ok:
        walls = [r["wall"] for r in ok]
        res.update(median=statistics.median(walls), min=min(walls), max=max(walls),
                   stdev=statistics.stdev(walls) if len(walls) > 1 else 0.0,
                   cpu_median=statistics.median(r["user"] + r["sys"] for r in ok),
                   maxrss_mb=max(r["maxrss_kb"] for r in ok) / 1024)
        res["per_second"] = n / res["median"]
        stages = list(dict.fromkeys(k for r in ok for k in r.get("stages_ms", {})))
        if stages:
            res["stages_median_ms"] = {k: statistics.median(r["stages_ms"].get(k, 0.0) for r in ok) for k in stages}
        busy = [r["busy_before"] for r in ok if r.get("busy_before") is not None]
        if busy:
            res["busy_before_max"] = max(busy)
        during = [r["others_during"] for r in ok if r.get("others_during") is not None]
        if during:
            res["others_during_median"] = statistics.median(during)
    if out is not None and out.exists():
        res["out_bytes"], res["out_files"] = tree_size(out)
    return res


def commands_for(n, args, vetted, hugo_bin, outs_dir):
    specs = {}
    want = args.commands
    timing_env = dict(os.environ, VETTED_TIMINGS="1")  # stage laps on stderr, where supported
    clean = corpus(args, n, "vetted", "clean") if want & {"build", "lint", "rebuild", "rebuild_one", "lint_one", "lint_solo"} else None
    dirty = corpus(args, n, "vetted", "dirty") if "build_warn" in want else None
    hugo = corpus(args, n, "hugo", "clean") if want & {"hugo", "hugo_rebuild"} and hugo_bin else None
    out_clean, out_dirty, out_hugo = (outs_dir / f"{t}-{n}" for t in ("vetted-clean", "vetted-dirty", "hugo"))
    build_clean = [vetted, "build", "--root", clean, "--out", out_clean] if clean else None
    if "build" in want:
        specs["build"] = {"cmd": build_clean, "cwd": clean, "out": out_clean, "env": timing_env,
                          "caches": [clean / ".vetted-cache"]}
    if "build_warn" in want:
        specs["build_warn"] = {"cmd": [vetted, "build", "--root", dirty, "--out", out_dirty, "--lint", "warn"],
                               "cwd": dirty, "out": out_dirty, "env": timing_env,
                               "caches": [dirty / ".vetted-cache"]}
    if "lint" in want:
        specs["lint"] = {"cmd": [vetted, "lint", "--root", clean], "cwd": clean, "env": timing_env}
    if "rebuild" in want:
        specs["rebuild"] = {"cmd": build_clean, "cwd": clean, "out": out_clean, "prime": build_clean,
                           "env": timing_env}
    one = sorted(p for p in (clean / "content" / "basics").glob("*.md") if p.name != "_index.md")[0] if clean else None
    if "rebuild_one" in want:
        specs["rebuild_one"] = {"cmd": build_clean, "cwd": clean, "out": out_clean, "prime": build_clean,
                               "env": timing_env, "edit": one}
    if "lint_one" in want:
        specs["lint_one"] = {"cmd": [vetted, "lint", "--root", clean, one], "cwd": clean, "env": timing_env}
    if "lint_solo" in want:
        specs["lint_solo"] = {"cmd": [vetted, "lint", "--root", clean, solo_file(clean)], "cwd": clean,
                             "env": timing_env}
    shared = shared_corpus(args, n, "plain") if want & {"shared_off", "shared_warn", "shared_lint"} else None
    for key, mode in (("shared_off", "off"), ("shared_warn", "warn")):
        if key in want and shared:
            out_shared = outs_dir / f"vetted-shared-{mode}-{n}"
            specs[key] = {"cmd": [vetted, "build", "--root", shared, "--out", out_shared, "--lint", mode],
                          "cwd": shared, "out": out_shared, "env": timing_env, "caches": [shared / ".vetted-cache"]}
    if "shared_lint" in want and shared:
        # JSON, as an editor integration or CI reads it: the findings are printed, not counted.
        specs["shared_lint"] = {"cmd": [vetted, "lint", "--root", shared, "--format", "json"], "cwd": shared,
                                "env": timing_env}
    shared_hugo = shared_corpus(args, n, "hugo") if "shared_hugo" in want and hugo_bin else None
    if shared_hugo:
        out_sh = outs_dir / f"hugo-shared-{n}"
        specs["shared_hugo"] = {"cmd": [hugo_bin, "--minify=false", "--quiet", "--source", shared_hugo,
                                        "--destination", out_sh],
                                "cwd": shared_hugo, "out": out_sh, "caches": [shared_hugo / "resources"]}
    hugo_cmd = [hugo_bin, "--minify=false", "--quiet", "--source", hugo, "--destination", out_hugo] if hugo else None
    if "hugo" in want and hugo:
        specs["hugo"] = {"cmd": hugo_cmd, "cwd": hugo, "out": out_hugo, "caches": [hugo / "resources"]}
    if "hugo_rebuild" in want and hugo:
        specs["hugo_rebuild"] = {"cmd": hugo_cmd, "cwd": hugo, "out": out_hugo, "prime": hugo_cmd}
    # Order: build before rebuild so the rebuild finds the output of a real build.
    order = ["build", "build_warn", "lint", "rebuild", "rebuild_one", "lint_one", "lint_solo", "hugo", "hugo_rebuild",
             "shared_off", "shared_warn", "shared_hugo", "shared_lint"]
    return [(k, specs[k]) for k in order if k in specs]


# --- report ---------------------------------------------------------------------------------------

def fmt(x, spec):
    return "n/a" if x is None else format(x, spec)


def ratio_for(res, by_key):
    """Hugo median / this median, against the Hugo run of the same kind and size."""
    if res["key"] in ("build", "build_warn"):
        other = by_key.get(("hugo", res["articles"]))
    elif res["key"] in ("shared_off", "shared_warn"):
        other = by_key.get(("shared_hugo", res["articles"]))
    elif res["key"] in ("rebuild", "rebuild_one"):
        other = by_key.get(("hugo_rebuild", res["articles"])) or None
    else:
        return None
    if other and other.get("median") and res.get("median"):
        return other["median"] / res["median"]
    return None


def table(results):
    by_key = {(r["key"], r["articles"]): r for r in results}
    lines = ["| command | articles | median wall s | min s | articles/s | CPU s (user+sys) | peak RSS MB | output MB (files) | Hugo/vetted | other load before / during |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        size = (f"{r['out_bytes'] / 1e6:.1f} ({r['out_files']})" if "out_bytes" in r else "")
        ratio = ratio_for(r, by_key)
        note = f" ({'; '.join(r['notes'])})" if r["notes"] else ""
        lines.append(
            f"| {r['label']}{note} | {r['articles']} | {fmt(r.get('median'), '.3f')} | {fmt(r.get('min'), '.3f')} | "
            f"{fmt(r.get('per_second'), ',.0f')} | {fmt(r.get('cpu_median'), '.2f')} | {fmt(r.get('maxrss_mb'), '.0f')} | "
            f"{size} | {'' if ratio is None else f'{ratio:.2f}x'} | {fmt(r.get('busy_before_max'), '.0%')} / {fmt(r.get('others_during_median'), '.0%')} |")
    return "\n".join(lines)


def targets(results):
    by_key = {(r["key"], r["articles"]): r for r in results}
    sizes = sorted({r["articles"] for r in results})
    out = []

    n = 10000 if 10000 in sizes else sizes[-1]

    def verdict(ok, sized=True):
        v = "PASS" if ok else "FAIL"
        return v if n == 10000 or not sized else f"{v} (indicative: the target is set at 10,000)"

    b, l, h = by_key.get(("build", n)), by_key.get(("lint", n)), by_key.get(("hugo", n))
    if b and b.get("median"):
        out.append(f"- build {n}: {b['median']:.2f} s (target < 3 s at 10,000): {verdict(b['median'] < 3)}")
        if h and h.get("median"):
            out.append(f"- build {n}, Hugo/vetted: {h['median'] / b['median']:.2f}x (target >= 4x): "
                       f"{verdict(h['median'] / b['median'] >= 4, sized=False)}")
    if l and l.get("median"):
        out.append(f"- lint {n}: {l['median']:.2f} s (target < 1 s): {verdict(l['median'] < 1)}")
    peaks = [(r["maxrss_mb"], r["label"]) for r in results
             if r["articles"] == n and r.get("maxrss_mb") and "hugo" not in r["key"]]
    if peaks:
        mb, label = max(peaks)
        out.append(f"- peak RSS at {n}: {mb:.0f} MB ({label}) (target < 400 MB): {verdict(mb < 400)}")
    for key in ("build", "lint", "build_warn"):
        pts = [(s, by_key[(key, s)]) for s in sizes if by_key.get((key, s), {}).get("median")]
        if len(pts) >= 2:
            parts, worst = [], 0.0
            for (n1, r1), (n2, r2) in zip(pts, pts[1:]):
                e = math.log(r2["median"] / r1["median"]) / math.log(n2 / n1)
                ec = math.log(r2["cpu_median"] / r1["cpu_median"]) / math.log(n2 / n1)
                worst = max(worst, e, ec)
                parts.append(f"{n1}->{n2}: wall x{r2['median'] / r1['median']:.2f}, CPU x{r2['cpu_median'] / r1['cpu_median']:.2f} "
                             f"for x{n2 / n1:.0f} articles (exponent {e:.2f} wall, {ec:.2f} CPU)")
            out.append(f"- scaling of {key}: {'; '.join(parts)} (linear: exponent <= 1.05): "
                       f"{verdict(worst <= 1.05, sized=False)}")
    for s in sizes:
        b, rb = by_key.get(("build", s)), by_key.get(("rebuild", s))
        if b and rb and b.get("median") and rb.get("median"):
            share = rb["median"] / b["median"]
            out.append(f"- no-change rebuild {s}: {rb['median']:.2f} s = {share:.0%} of a full build "
                       f"(target < 25%): {verdict(share < 0.25, sized=False)}")
        r1 = by_key.get(("rebuild_one", s))
        if b and r1 and b.get("median") and r1.get("median"):
            out.append(f"- rebuild after a one-article edit {s}: {r1['median']:.2f} s = "
                       f"{r1['median'] / b['median']:.0%} of a full build (no target; for context)")
    sw, sh = by_key.get(("shared_warn", n)), by_key.get(("shared_hugo", n))
    if sw and sh and sw.get("median") and sh.get("median"):
        f = sw.get("findings") or {}
        out.append(f"- build with findings {n} (shared corpus, {sum(f.values()):,} findings), Hugo/vetted: "
                   f"{sh['median'] / sw['median']:.2f}x (target >= 4x): {verdict(sh['median'] / sw['median'] >= 4, sized=False)}")
        so = by_key.get(("shared_off", n))
        if so and so.get("median"):
            out.append(f"- the same with --lint off: {so['median']:.2f} s; with findings {sw['median']:.2f} s "
                       f"(x{sw['median'] / so['median']:.2f})")
    sl = by_key.get(("shared_lint", n))
    if sl and sl.get("median"):
        out.append(f"- lint {n} (shared corpus): {sl['median']:.2f} s (target < 1 s at 10,000): "
                   f"{verdict(sl['median'] < 1)}")
    for key in ("lint_one", "lint_solo"):
        r = by_key.get((key, n))
        if r and r.get("median"):
            out.append(f"- {r['label']} at {n}: {r['median'] * 1000:.0f} ms (target < 50 ms): "
                       f"{verdict(r['median'] < 0.05)}")
    return "\n".join(out)


def stage_table(results):
    rows = [r for r in results if r.get("stages_median_ms")]
    if not rows:
        return ""
    lines = ["vetted's own stage timings (VETTED_TIMINGS=1 laps on stderr; median ms over the timed runs):", "",
             "| command | articles | stages (median ms) |", "|---|---:|---|"]
    for r in rows:
        st = ", ".join(f"{k} {v:,.0f}" for k, v in r["stages_median_ms"].items())
        lines.append(f"| {r['label']} | {r['articles']} | {st} |")
    return "\n".join(lines) + "\n"


NOTES = """Notes:
- wall = time.perf_counter() around spawn + wait; median and min of {runs} timed runs after {warmup} warm-up
  run(s) ({short_runs} runs for a command whose warm-up took under {short_below} s); warm page cache. CPU = median user + sys (os.wait4). Peak RSS = max ru_maxrss over the runs.
  Output = apparent bytes (st_size) and file count after the last run.
- Output folders: before every run of `vetted build`, `vetted build --lint warn` and `hugo` the output folder
  is deleted with shutil.rmtree (untimed), the same way for both tools, together with what the tool keeps
  for its next build (vetted: <root>/.vetted-cache; Hugo: <source>/resources).
  The rebuild rows keep all of it; "after editing one article" appends a new sentence to one article first.
  vetted writes to --out, Hugo to --destination, both under {out_dir} (tmpfs by default: on ext4,
  deleting and re-creating thousands of files back to back makes inode allocation scan recently deleted
  inodes, and sys time grows from run to run).
- Hugo/vetted = Hugo median / vetted median on the same articles (build rows: against `hugo`; the no-change
  rebuild: against Hugo with its output present, when measured with --hugo-rebuild).
- `lint content/<one file>.md` checks that article alone (`--context` would load the whole content folder
  for links and contradictions); `lint <one file outside content/>` lints a copy of one article (links made
  plain text).
- Other load = share of all CPUs used by other processes (other containers on the machine included):
  "before" is the highest value in the second before a run (each run waits up to --idle-wait s for it to
  drop under --idle-threshold), "during" the median over the runs of (all CPU time the kernel counted
  while the command ran - the command's own CPU time) / (wall x CPUs). High "during" values mean the wall
  times are inflated; CPU s is less sensitive.
- Corpora: benches/gen_corpus.py, seed {seed}; the dirty corpus has violations in one article in three and
  is built with --lint warn."""


def report(results, meta, args):
    md = [f"## vetted benchmark, {meta['date']}", "",
          (f"vetted binary {args.vetted} (sha256 {meta['vetted']['binary_sha256'][:12]}; repository at "
           f"{meta['vetted']['commit'] or '?'}), " if args.vetted else
           f"vetted {meta['vetted']['commit'] or '?'}{' (+ uncommitted changes)' if meta['vetted']['dirty'] else ''} "
           f"(sha256 {meta['vetted']['binary_sha256'][:12]}), ") +
          f"{meta['hugo'] or 'no Hugo'}; {meta['host']['cpus']} CPUs, {meta['host']['mem_mb']} MB RAM, "
          f"load average {meta['load_before']} before, {meta['load_after']} after.", "",
          table(results), "",
          NOTES.format(runs=args.runs, warmup=args.warmup, short_runs=args.short_runs, short_below=args.short_below, seed=args.seed, out_dir=meta["output_dir"]), "",
          stage_table(results),
          targets(results)]
    return "\n".join(md) + "\n"


# --- callgrind guard ------------------------------------------------------------------------------

GUARDS = {  # name: (corpus claims, extra build arguments, callgrind function to count or None, what)
    "build": ("clean", [], None, "vetted build"),
    "findings": ("dirty", ["--lint", "warn"], "vetted::diagnostic::human::print_counted*",
                 "printing the findings of vetted build --lint warn"),
}


def callgrind_once(args, vetted, name, n):
    """Runs one guard under callgrind; returns (instructions, callgrind file, wall s) or an exit code."""
    claims, extra, function, _ = GUARDS[name]
    site = corpus(args, n, "vetted", claims)
    out = (args.out_dir or args.corpus_dir / "out").resolve() / f"callgrind-{name}-{n}"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(site / ".vetted-cache", ignore_errors=True)  # a build from scratch every time
    cg = args.corpus_dir / f"callgrind.out.{name}.{n}"
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    env.pop("NO_COLOR", None)
    # Only what runs inside `function` (and what it calls) is counted when one is given: the
    # cost of printing findings, whatever the linter before it costs.
    collect = [f"--toggle-collect={function}", "--collect-atstart=no"] if function else ["--collect-atstart=yes"]
    cmd = ["valgrind", "--tool=callgrind", *collect, f"--callgrind-out-file={cg}",
           str(vetted), "build", "--root", str(site), "--out", str(out), *extra]
    log("$ RAYON_NUM_THREADS=1 " + " ".join(cmd))
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.stderr.write(p.stderr[-3000:])
        print(f"ERROR: vetted build under callgrind exited {p.returncode} (not a measurement)")
        return 2
    ir = None
    for line in cg.read_text(errors="replace").splitlines():
        if line.startswith(("summary:", "totals:")):
            ir = int(line.split()[1])
    if not ir:
        print(f"ERROR: no instructions counted in {cg}" + (f" (is {function} in the binary?)" if function else ""))
        return 2
    findings = re.search(r"(\d+) errors?, (\d+) warnings?, (\d+) infos?", p.stderr)
    log(f"callgrind [{name}]: {ir:,} instructions (Ir) for {GUARDS[name][3]} of {n} articles"
        + (f" ({findings.group(0)})" if findings else "") + f", {wall:.0f} s under valgrind")
    return ir, cg, wall


def annotate(cg, top):
    ann = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(cg)],
                         capture_output=True, text=True).stdout
    rows, seen = [], set()
    for line in ann.splitlines():  # "1,234 (5.6%)  /path/file.rs:crate::fn [/bin]"
        m = re.match(r"^\s*([\d,]+) \(\s*([\d.]+)%\)\s+(?:\S+?:)?(vetted::\S.*?)(?: \[.*\])?$", line)
        if m and m.group(3) not in seen:
            seen.add(m.group(3))
            rows.append(f"{m.group(2):>6}%  {m.group(1):>16}  {m.group(3)}")
    print(f"Top {top} vetted functions by inclusive Ir (callgrind_annotate --inclusive=yes {cg}):")
    print("\n".join(rows[:top]))


def callgrind(args):
    """The CI guard: each of --guards against its entry in the baseline file (the build guard's
    keys at the top level, as before; the findings guard under "findings")."""
    vetted, digest = build_vetted(args)
    n = args.callgrind_articles
    names = [g.strip() for g in args.guards.split(",") if g.strip()]
    unknown = set(names) - GUARDS.keys()
    if unknown:
        print(f"unknown guards: {', '.join(sorted(unknown))} (known: {', '.join(GUARDS)})")
        return 2
    baseline = args.baseline
    base = json.loads(baseline.read_text()) if baseline.exists() else None
    worst = 0
    for name in names:
        got = callgrind_once(args, vetted, name, n)
        if isinstance(got, int):
            return got
        ir, cg, _ = got
        if args.annotate:
            annotate(cg, args.annotate)
        claims, extra, function, what = GUARDS[name]
        current = {"articles": n, "seed": args.seed, "instructions": ir, "threshold": args.threshold,
                   "command": f"RAYON_NUM_THREADS=1 valgrind --tool=callgrind "
                              + (f"--toggle-collect='{function}' --collect-atstart=no " if function else "--collect-atstart=yes ")
                              + f"vetted build {' '.join(extra)}".rstrip()
                              + f" (gen_corpus.py --articles {n} --seed {args.seed} --claims {claims})",
                   "vetted_commit": git("rev-parse", "--short", "HEAD"),
                   "uncommitted_changes": bool(git("status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock")),
                   "binary_sha256": digest,
                   "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"),
                   "valgrind": subprocess.run(["valgrind", "--version"], capture_output=True, text=True).stdout.strip()}
        if args.update_baseline:
            if name == "build":
                kept = {k: v for k, v in (base or {}).items() if k in GUARDS and k != "build"}
                base = {**current, **kept}
            else:
                base = {**(base or {}), name: current}
            baseline.write_text(json.dumps(base, indent=2) + "\n")
            print(f"baseline [{name}] written: {baseline} ({ir:,} Ir)")
            continue
        entry = base if name == "build" else (base or {}).get(name)
        if not entry or "instructions" not in entry:
            print(f"no [{name}] baseline in {baseline}; run with --update-baseline first")
            return 2
        if (entry.get("articles"), entry.get("seed")) != (n, args.seed):
            print(f"[{name}] baseline is for {entry.get('articles')} articles, seed {entry.get('seed')}; this run is "
                  f"{n}, seed {args.seed}: pass --callgrind-articles {entry.get('articles')} or update the baseline")
            return 2
        threshold = entry.get("threshold", 0.15) if args.threshold is None else args.threshold
        change = ir / entry["instructions"] - 1
        print(f"[{name}] {what}: {ir:,} instructions now, {entry['instructions']:,} in the baseline "
              f"({change:+.1%}; limit +{threshold:.0%})")
        if change > threshold:
            print(f"FAIL [{name}]: more instructions than the baseline allows")
            worst = 1
        elif change < -threshold:
            print(f"note [{name}]: much faster than the baseline; consider `--update-baseline` to tighten the guard")
    if not args.update_baseline:
        print("OK" if worst == 0 else "FAIL")
    return worst


# --- main -----------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--short-below", type=float, default=0.5, metavar="S",
                    help="a command whose warm-up took less than S seconds gets --short-runs timed runs")
    ap.add_argument("--short-runs", type=int, default=21)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--commands", default=DEFAULT_COMMANDS,
                    help=f"comma-separated subset of: {', '.join(COMMANDS)}")
    ap.add_argument("--vetted", help="use this vetted binary instead of `cargo build --release`")
    ap.add_argument("--assets-from", type=Path, default=REPO,
                    help="copy lints/ and themes/default into the corpora from here [default: the repository]")
    ap.add_argument("--hugo", default=shutil.which("hugo"), help="Hugo binary [default: hugo on PATH]")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--hugo-rebuild", action="store_true", help="also time Hugo with its output present")
    ap.add_argument("--shared-gen", type=Path, default=SHARED_GEN,
                    help="the shared corpus generator for the shared_* commands [default: ../shared/bench/gen_corpus.py "
                         "beside the repository; those rows are skipped without it]")
    ap.add_argument("--corpus-dir", type=Path, default=REPO / "target" / "bench-corpus")
    ap.add_argument("--out-dir", type=Path, default=None,
                    help="where the tools write their output [default: /dev/shm/vetted-bench-out (tmpfs), "
                         "else <corpus-dir>/out]; see README on ext4")
    ap.add_argument("--keep-output", action="store_true", help="keep the output folders at the end")
    ap.add_argument("--timeout", type=float, default=900, help="kill a run after this many seconds")
    ap.add_argument("--max-rss-mb", type=int, default=None,
                    help="kill a run whose RSS exceeds this [default: 85%% of RAM]")
    ap.add_argument("--idle-wait", type=float, default=60, metavar="S",
                    help="before each run, wait up to S seconds for the CPUs to be idle (0: never wait)")
    ap.add_argument("--idle-threshold", type=float, default=0.2,
                    help="'idle' means under this fraction of all CPUs busy [0.2]")
    ap.add_argument("--no-json", action="store_true", help="do not write benches/results/")
    ap.add_argument("--callgrind", action="store_true", help="run the instruction-count regression guard")
    ap.add_argument("--update-baseline", action="store_true", help="with --callgrind: write benches/baseline.json")
    ap.add_argument("--callgrind-articles", type=int, default=1000)
    ap.add_argument("--guards", default="build,findings",
                    help="with --callgrind: which guards to run (build: instructions of a clean build; "
                         "findings: instructions of printing the findings of build --lint warn on the dirty corpus)")
    ap.add_argument("--baseline", type=Path, default=BASELINE, help="baseline file [default: benches/baseline.json]")
    ap.add_argument("--threshold", type=float, default=None, help="allowed Ir growth [default: baseline's, 0.15]")
    ap.add_argument("--annotate", type=int, default=0, metavar="N",
                    help="with --callgrind: print the top N functions by inclusive Ir")
    args = ap.parse_args()
    args.corpus_dir = args.corpus_dir.resolve()
    args.assets_from = args.assets_from.resolve()
    args.corpus_dir.mkdir(parents=True, exist_ok=True)
    if args.callgrind:
        if args.threshold is None and args.update_baseline:
            args.threshold = 0.15
        sys.exit(callgrind(args))
    if args.max_rss_mb is None and mem_total_mb():
        args.max_rss_mb = int(mem_total_mb() * 0.85)
    args.commands = {c.strip() for c in args.commands.split(",") if c.strip()}
    if args.hugo_rebuild:
        args.commands.add("hugo_rebuild")
    unknown = args.commands - COMMANDS.keys()
    if unknown:
        ap.error(f"unknown commands: {', '.join(sorted(unknown))}")
    hugo_bin = None if args.no_hugo else args.hugo
    if args.commands & {"hugo", "hugo_rebuild"} and not hugo_bin:
        log("hugo not found: skipping the Hugo rows (apt-get install hugo)")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    vetted, digest = build_vetted(args)
    hugo_version = (" ".join(subprocess.run([hugo_bin, "version"], capture_output=True, text=True)
                             .stdout.split()[:2]) if hugo_bin else None)
    logs_dir = args.corpus_dir / "logs"
    outs_dir = args.out_dir or (Path("/dev/shm/vetted-bench-out") if os.access("/dev/shm", os.W_OK)
                                else args.corpus_dir / "out")
    outs_dir = outs_dir.resolve()
    logs_dir.mkdir(exist_ok=True)
    outs_dir.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    meta = {"date": now.strftime("%Y-%m-%d %H:%M UTC"),
            "vetted": {"commit": git("rev-parse", "--short", "HEAD"),
                       "dirty": bool(git("status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock")),
                       "binary_sha256": digest},
            "hugo": hugo_version,
            "host": {"cpus": os.cpu_count(), "mem_mb": mem_total_mb(), "kernel": platform.release(),
                     "python": platform.python_version()},
            "args": {"sizes": sizes, "runs": args.runs, "short_runs": args.short_runs, "short_below": args.short_below, "warmup": args.warmup, "seed": args.seed,
                     "vetted_binary": str(args.vetted or "cargo build --release"), "assets_from": str(args.assets_from),
                     "commands": sorted(args.commands)},
            "load_before": loadavg()}
    results = []
    for n in sizes:
        for key, spec in commands_for(n, args, vetted, hugo_bin, outs_dir):
            log(f"{COMMANDS[key][0]} on {n} articles")
            results.append(measure(key, spec, args, logs_dir, n))
    meta["load_after"] = loadavg()
    meta["output_dir"] = str(outs_dir)
    if not args.keep_output:
        shutil.rmtree(outs_dir, ignore_errors=True)
    # No machine paths in what is kept: the folders become placeholders.
    places = sorted([(str(args.corpus_dir), "<corpus-dir>"), (str(outs_dir), "<out-dir>"),
                     (str(REPO), "<repo>"), (str(REPO.parent), "<repo>/..")],
                    key=lambda p: -len(p[0]))

    def portable(text):
        for path, name in places:
            text = text.replace(path, name)
        return text

    md = portable(report(results, meta, args))
    print(md)
    if not args.no_json:
        res_dir = BENCHES / "results"
        res_dir.mkdir(exist_ok=True)
        stem = now.strftime("%Y-%m-%dT%H%M%SZ")
        # Only the latest run is kept (git has the others); runs the README cites are kept by hand.
        for old in res_dir.glob("*"):
            if old.suffix in (".json", ".md") and old.is_file():
                old.unlink()
        (res_dir / f"{stem}.json").write_text(portable(json.dumps({"meta": meta, "results": results}, indent=1)) + "\n")
        (res_dir / f"{stem}.md").write_text(md)
        log(f"wrote {res_dir / stem}.json and .md (older results removed)")


if __name__ == "__main__":
    main()
