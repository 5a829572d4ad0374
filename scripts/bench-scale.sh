#!/usr/bin/env bash
# The macro benchmark of issue 8: a synthetic national-scale dataset written into a database,
# then every region's judgements for one year, timed with peak memory.
#   scripts/bench-scale.sh [regions] [years] [db]
# db defaults to a SQLite file in a temp folder; pass a postgres:// URL to time PostgreSQL.
set -euo pipefail
REGIONS=${1:-3000}
YEARS=${2:-10}
TMP=$(mktemp -d)
DB=${3:-$TMP/scale.db}
cargo build --release -p planwatch
PW=target/release/planwatch
echo "== synth: $REGIONS regions × $YEARS years × 25 indicators into $DB"
/usr/bin/time -f "synth: %e s wall, %M KB peak RSS" \
  "$PW" --db "$DB" synth --seed 1 --regions "$REGIONS" --years "$YEARS" --first-year 2015
LAST=$((2015 + YEARS - 2))
for fmt in csv json; do
  echo "== evaluate --all-regions --year $LAST --format $fmt"
  /usr/bin/time -f "evaluate ($fmt): %e s wall, %M KB peak RSS" \
    "$PW" --db "$DB" evaluate --all-regions --year "$LAST" --format "$fmt" > "$TMP/judgements.$fmt"
  wc -l "$TMP/judgements.$fmt"
done
echo "== CSV for outside baselines: $TMP/csv"
"$PW" synth --seed 1 --regions "$REGIONS" --years "$YEARS" --first-year 2015 --csv "$TMP/csv"
ls -la "$TMP/csv"
