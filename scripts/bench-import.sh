#!/usr/bin/env bash
# Importing a city's 统计月报 (issue 14): every district's monthly figures in the long format
# (地区, 年度, 指标, 月份, 数值), dry run and --apply, on a fresh SQLite database.
#
#   scripts/bench-import.sh [regions] [months]
#
# defaults: 200 regions × 25 indicators × 12 months. The plans come from `synth` (seed 7, one
# year, 2024); the file is synth's monthly.csv of the same seed with the headers a city would
# write. Reported: rows in the file, wall time and peak RSS of the dry run and of the applied
# import (/usr/bin/time), and the report's counts.
set -euo pipefail
REGIONS=${1:-200}
MONTHS=${2:-12}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [[ -z ${PLANWATCH_BIN:-} ]]; then cargo build --release -p planwatch; fi
PW=${PLANWATCH_BIN:-target/release/planwatch}
DB=$TMP/import.db
"$PW" --db "$DB" synth --seed 7 --regions "$REGIONS" --first-year 2024 --years 1 >/dev/null
"$PW" synth --seed 7 --regions "$REGIONS" --first-year 2024 --years 1 --months "$MONTHS" --csv "$TMP/csv" >/dev/null
{
  echo "地区,年度,指标,月份,数值"
  tail -n +2 "$TMP/csv/monthly.csv"
} >"$TMP/city.csv"
ROWS=$(($(wc -l <"$TMP/city.csv") - 1))
echo "file: $ROWS rows ($REGIONS regions, $MONTHS months)"
run() {
  local label=$1
  shift
  /usr/bin/time -f "$label: %e s wall, %M KB peak RSS" "$PW" --db "$DB" import monthly "$TMP/city.csv" --format json "$@" >"$TMP/out.json"
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("  counts:", r["counts"], "errors:", len(r["errors"]), "applied:", r["applied"])' "$TMP/out.json"
}
run "dry run"
run "apply" --apply --reason "bench: synthetic figures"
run "dry run again (all unchanged)"
