#!/usr/bin/env bash
# Baseline comparison (issue 8): DuckDB and polars judge the simple forms of a synthetic dataset from CSV;
# planwatch judges the same data from its database; statuses are compared row by row and both
# are timed. Not part of CI.
#   scripts/baseline/run.sh [regions] [years]
# Creates a venv in ${BASELINE_VENV:-$HOME/.cache/planwatch-baseline} (pip install duckdb polars).
set -euo pipefail
REGIONS=${1:-3000}
YEARS=${2:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
VENV=${BASELINE_VENV:-$HOME/.cache/planwatch-baseline}
[[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
"$VENV/bin/python" -c 'import duckdb, polars' 2> /dev/null || "$VENV/bin/pip" install -q duckdb polars
cargo build --release -p planwatch
PW=$(pwd)/target/release/planwatch
TMP=$(mktemp -d)
"$PW" --db "$TMP/s.db" synth --seed 1 --regions "$REGIONS" --years "$YEARS" --first-year 2015
"$PW" synth --seed 1 --regions "$REGIONS" --years "$YEARS" --first-year 2015 --csv "$TMP/csv"
"$VENV/bin/python" "$HERE/baseline.py" --planwatch "$PW" --db "$TMP/s.db" --csv "$TMP/csv" \
  --year $((2015 + YEARS - 2))
