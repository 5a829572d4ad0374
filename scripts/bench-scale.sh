#!/usr/bin/env bash
# The macro benchmark of issue 8 (results and commands: docs/benchmarks.md).
#
#   scripts/bench-scale.sh [regions] [years] [months] [project-regions] [projects] [db]
#
# defaults: 3000 regions × 10 years × 25 indicators × 12 months; project ledgers for 3000
# regions × 250 projects × 12 months (one year); db: a SQLite file in a temp folder, or a
# postgres:// URL — a fresh schema scale_bench_<pid> (not pw_*: scripts/test.sh drops those) is created there and used through
# ?options=-c search_path=… (dropped at the end).
#
# It measures, each with wall time and peak RSS (/usr/bin/time):
#   1. bulk import: plans and monthly figures (`synth --months`), rows/s as synth reports them;
#      project ledgers with monthly progress (`synth --projects`, 50 region-years per transaction)
#   2. judging every region of one year: `evaluate --all-regions --format csv|json`
#   2b/2c. the year-end projection of every region's indicators (`outlook --all-regions --month
#      6`) and every target checked (`targets check --all-regions`)
#   3. recomputing after one changed figure: `actual set` (write + re-judge of that region) and
#      `evaluate --region` of that region (the in-memory figure is `cargo bench -p
#      planwatch-service --bench scale`, "rejudge one region")
#   4. a ranking from the command line: `compare --parent <city>` run 20 times (process,
#      start-up included)
#   5. the cockpit page, the cockpit API of 江北区 (a synthetic district) and the ranking API
#      (`/api/v1/compare`: 江北市's children, the group 江北市中心城区, and the group by 1-9月
#      cumulative figures with quarterly streaks) under load: `planwatch serve` on the dataset
#      and crates/web/examples/load.rs (p50/p99 with 1 and 8 clients)
#   6. the outside baselines side by side (SQLite only, when the venv of scripts/baseline/run.sh
#      exists): DuckDB and polars judge the CSV export of the same data, planwatch its database
set -euo pipefail
REGIONS=${1:-3000}
YEARS=${2:-10}
MONTHS=${3:-12}
PREGIONS=${4:-3000}
PROJECTS=${5:-250}
TMP=$(mktemp -d)
# The datasets take gigabytes: removed at the end unless KEEP_BENCH_DATA is set.
cleanup() {
  if [[ -n ${SCHEMA:-} ]]; then
    psql -q "$BASE" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE; DROP SCHEMA IF EXISTS ${SCHEMA}_p CASCADE" || true
  fi
  if [[ -z ${KEEP_BENCH_DATA:-} ]]; then rm -rf "$TMP"; else echo "bench data kept in $TMP"; fi
}
trap cleanup EXIT
DB=${6:-$TMP/scale.db}
PDB=$TMP/projects.db
PORT=${PORT:-18080}
FIRST=$((2025 - YEARS)) # the last year is always 2024 (the load generator asks for it)
LAST=$((FIRST + YEARS - 1))
YEAR=$((LAST - 1)) # the last closed year: every actual is in
SCHEMA=""
if [[ $DB == postgres://* || $DB == postgresql://* ]]; then
  BASE=${DB%%\?*}
  SCHEMA=scale_bench_$$
  psql -q "$BASE" -c "CREATE SCHEMA $SCHEMA; CREATE SCHEMA ${SCHEMA}_p"
  DB="$BASE?options=-c%20search_path%3D$SCHEMA"
  PDB="$BASE?options=-c%20search_path%3D${SCHEMA}_p"
fi
# PLANWATCH_BIN / LOAD_BIN: measure given binaries (e.g. a build of an earlier commit, for a
# before/after comparison on the same machine) instead of building this checkout's.
if [[ -z ${PLANWATCH_BIN:-} ]]; then cargo build --release -p planwatch; fi
if [[ -z ${LOAD_BIN:-} ]]; then cargo build --release -p planwatch-web --example load; fi
PW=${PLANWATCH_BIN:-target/release/planwatch}
LOAD=${LOAD_BIN:-target/release/examples/load}
T() { /usr/bin/time -f "  $1: %e s wall, %M KB peak RSS" "${@:2}"; }

echo "== 1. synth: $REGIONS regions × $YEARS years × 25 indicators × $MONTHS months into ${DB}"
T "synth plans+monthly" "$PW" --db "$DB" synth --seed 1 --regions "$REGIONS" --years "$YEARS" \
  --first-year $FIRST --months "$MONTHS"
echo "== 1b. synth: $PREGIONS regions × 1 year × $PROJECTS projects × $MONTHS months of progress"
T "synth projects" "$PW" --db "$PDB" synth --seed 1 --regions "$PREGIONS" --years 1 \
  --first-year $YEAR --indicators 1 --months "$MONTHS" --projects "$PROJECTS"

for fmt in csv json; do
  echo "== 2. evaluate --all-regions --year $YEAR --format $fmt"
  for run in 1 2 3; do
    T "evaluate $fmt (run $run)" "$PW" --db "$DB" evaluate --all-regions --year "$YEAR" \
      --format "$fmt" > "$TMP/judgements.$fmt"
  done
  wc -l < "$TMP/judgements.$fmt" | sed 's/^/  lines: /'
done

# Issue 15's figures: the year-end projection of every indicator of every region from its 1-6月
# figures (seasonal profiles from the years before), and every target checked against history,
# peers and parent.
# (An earlier build measured through PLANWATCH_BIN may not have these commands.)
if "$PW" outlook --help > /dev/null 2>&1; then
echo "== 2b. outlook --all-regions --year $LAST --month 6 --format csv"
for run in 1 2 3; do
  T "outlook (run $run)" "$PW" --db "$DB" outlook --all-regions --year "$LAST" --month 6 \
    --format csv > "$TMP/outlook.csv"
done
wc -l < "$TMP/outlook.csv" | sed 's/^/  lines: /'
echo "== 2c. targets check --all-regions --year $LAST --format csv"
for run in 1 2 3; do
  T "targets check (run $run)" "$PW" --db "$DB" targets check --all-regions --year "$LAST" \
    --format csv > "$TMP/targets.csv"
done
wc -l < "$TMP/targets.csv" | sed 's/^/  lines: /'
fi

echo "== 3. one changed figure (江北区 $YEAR 地区生产总值增速)"
for v in 6.1 6.2 6.3; do
  T "actual set $v" "$PW" --db "$DB" actual set --region 江北区 --year "$YEAR" \
    --indicator 地区生产总值增速 "$v" > /dev/null
done
T "evaluate --region 江北区" "$PW" --db "$DB" evaluate --region 江北区 --year "$YEAR" \
  --format json > /dev/null

# 江北市 is the synthetic parent of 江北区 (the second city) whenever there are 2+ cities.
CITY=江北市
echo "== 4. compare --parent $CITY --year $YEAR --indicator 地区生产总值增速"
one() { local s e; s=$(date +%s%N); "$PW" --db "$DB" compare --parent "$CITY" --year "$YEAR" \
  --indicator 地区生产总值增速 --format json > /dev/null; e=$(date +%s%N); echo $(((e - s) / 1000)); }
export -f one; export PW DB CITY YEAR
pct() { sort -n | awk '{a[NR]=$1} END {p50=a[int((NR+1)/2)]; i=int(NR*0.99+0.999); if (i<1) i=1; printf "  %d runs: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", NR, p50/1000, a[i]/1000, a[NR]/1000}'; }
echo "  $CITY, sequential:"; for _ in $(seq 20); do one; done | pct

echo "== 5. cockpit under load (planwatch serve on the dataset)"
PASS=bench-$$-pass
echo "$PASS" | "$PW" --db "$DB" user add --username leader --role leader --password-stdin > /dev/null
/usr/bin/time -f "  serve: %M KB peak RSS" "$PW" --db "$DB" serve --addr 127.0.0.1:$PORT \
  --region 江北区 2> "$TMP/serve.log" &
SERVER=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 0.2; done
"$LOAD" --url "http://127.0.0.1:$PORT" --user leader --password "$PASS" \
  --seconds "${SECONDS_PER_TARGET:-5}" --concurrency 8 \
  --compare-parent "$CITY" --compare-group "${CITY}中心城区" --compare-year "$YEAR" || true
kill -INT "$(pgrep -P $SERVER || echo $SERVER)" 2> /dev/null || kill $SERVER || true
wait $SERVER 2> /dev/null || true
grep "peak RSS" "$TMP/serve.log" || true

echo "== CSV for outside baselines (scripts/baseline/): $TMP/csv"
"$PW" synth --seed 1 --regions "$REGIONS" --years "$YEARS" --first-year $FIRST --months "$MONTHS" \
  --csv "$TMP/csv"
ls -la "$TMP/csv"

VENV=${BASELINE_VENV:-$HOME/.cache/planwatch-baseline}
if [[ -z $SCHEMA && -x $VENV/bin/python ]]; then
  echo "== 6. baselines side by side (year $YEAR)"
  "$VENV/bin/python" scripts/baseline/baseline.py --planwatch "$PW" --db "$DB" --csv "$TMP/csv" \
    --year "$YEAR" --repeat 5 || true
fi
