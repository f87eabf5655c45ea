#!/bin/sh
# CI regression guard: instruction count (callgrind Ir) of `vetted build` on a generated
# 1,000-article corpus with RAYON_NUM_THREADS=1, against benches/baseline.json.
#   benches/callgrind.sh                    # exit 1 if Ir grew more than 15%
#   benches/callgrind.sh --update-baseline  # write benches/baseline.json
#   benches/callgrind.sh --annotate 30      # also print the top 30 vetted functions
# Needs valgrind (apt-get install valgrind). About 1 minute on 2 cores. See benches/README.md.
set -eu
exec python3 "$(dirname "$0")/run.py" --callgrind "$@"
