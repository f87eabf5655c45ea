#!/usr/bin/env bash
# Fuzzes vetted with cargo-fuzz (libFuzzer) on the stable toolchain.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]    # default: 15 s for each target, one after another
#
# Installs cargo-fuzz when it is missing, writes the seed corpus from the repository's own
# fixtures (content/, tests/testsuite/fixtures/, lints/) into tests/fuzz/seeds/, and runs each
# target with its growing corpus in tests/fuzz/corpus/<target>/. A crash stops the script
# (exit 1) with the input in tests/fuzz/artifacts/<target>/. Figures: tests/fuzz/logs/.
#
# Stable Rust has no AddressSanitizer (`-Zsanitizer` needs nightly), so the targets are built
# with `--sanitizer none`: coverage instrumentation, debug assertions and overflow checks only,
# which is what safe Rust needs.
set -euo pipefail
cd "$(dirname "$0")"
fuzz_dir=$(pwd)
root=$(cd ../.. && pwd)

seconds=${1:-15}
shift || true
all=(frontmatter markdown sentences quantities citations registry lint http)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install --locked cargo-fuzz@0.13.2
fi

# --- seed corpus, written afresh from the fixtures (never from anything outside the repo) ---
rm -rf seeds
for t in "${all[@]}"; do mkdir -p "seeds/$t" "corpus/$t"; done
name() { local p=${1#"$root"/}; echo "${p//\//_}"; }
mapfile -t docs < <(find "$root/content" "$root/tests/testsuite/fixtures" -name '*.md' | sort)
for f in "${docs[@]}"; do
  n=$(name "$f")
  for t in frontmatter markdown lint; do cp "$f" "seeds/$t/$n"; done
  # Paragraphs (blank-line separated) for the sentence and quantity targets.
  awk -v out="seeds/sentences/$n" 'BEGIN { RS = "" } { print > (out "." NR) }' "$f"
  # A bibliography and a body citing it, split by a NUL byte.
  { cat "$root/tests/testsuite/fixtures/registry-small/lints/sources.yaml"; printf '\0'; cat "$f"; } \
    >"seeds/citations/small_$n"
done
for f in "$root"/content/*/*.md; do
  { cat "$root/lints/sources.yaml"; printf '\0'; cat "$f"; } >"seeds/citations/shipped_$(name "$f")"
done
# The examples of every phrase rule, one sentence a file.
for f in "$root"/lints/rules/*.yaml; do
  sed -n '/^examples:/,$ s/^    - //p' "$f" | awk -v out="seeds/sentences/$(name "$f")" '{ print > (out "." NR) }'
done
cp seeds/sentences/* seeds/quantities/
# Registries: NUL-separated sources, terms, claims, quantities, config and two rule files
# (the order of REGISTRY_FILES in src/lib.rs).
registry_seed() { # out dir rule1 rule2
  local out=$1 dir=$2
  shift 2
  local first=1
  for part in sources.yaml terms.yaml claims.yaml quantities.yaml config.yaml "$@"; do
    [ $first = 1 ] || printf '\0'
    first=0
    if [ -f "$dir/$part" ]; then cat "$dir/$part"; fi
  done >"$out"
}
registry_seed seeds/registry/small "$root/tests/testsuite/fixtures/registry-small/lints" rules/miracle.yaml
mapfile -t rules < <(cd "$root/lints" && ls rules/*.yaml)
for ((i = 0; i < ${#rules[@]}; i += 2)); do
  registry_seed "seeds/registry/shipped_$i" "$root/lints" "${rules[$i]}" "${rules[$((i + 1))]:-${rules[0]}}"
done
# Request heads: what browsers send, and the refusals of src/serve/http.rs.
h=seeds/http
printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1:1111\r\nUser-Agent: Mozilla/5.0\r\nAccept: text/html\r\nCookie: a=\xff\r\n\r\n' >"$h/browser"
printf 'HEAD /safety/side-effects/?x=1#top HTTP/1.0\n\n' >"$h/head10"
printf 'GET /__vetted/events HTTP/1.1\r\nhost: [::1]:1111\r\nAccept: text/event-stream\r\n\r\n' >"$h/events"
printf 'GET //evil.example/ HTTP/1.1\r\nHost: localhost\r\n\r\n' >"$h/double-slash"
printf 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n' >"$h/two-hosts"
printf 'GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n' >"$h/folded"
printf 'POST /%%2e%%2e/etc HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc' >"$h/post"
printf 'GET / HTTP/1.1\r\n\r\n' >"$h/no-host"

# --- run ---
mkdir -p logs artifacts
for t in "${targets[@]}"; do
  echo "== fuzz $t for ${seconds}s"
  mkdir -p "artifacts/$t"
  log="logs/$t.log"
  if ! (cd "$root" && cargo fuzz run --fuzz-dir tests/fuzz --sanitizer none "$t" \
    "tests/fuzz/corpus/$t" "tests/fuzz/seeds/$t" -- \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="tests/fuzz/artifacts/$t/") >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz target $t failed: see $fuzz_dir/$log and $fuzz_dir/artifacts/$t/" >&2
    exit 1
  fi
  grep -E '^#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec' "$log" || tail -n 3 "$log"
done
echo "fuzz: ${#targets[@]} passed, 0 failed"
