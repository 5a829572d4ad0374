#!/usr/bin/env bash
# Two builds side by side on one machine (issue 18's "no speed lost"): runs scripts/bench-scale.sh
# alternately with each build's binaries, ROUNDS times, so that both see the same minutes of a
# shared machine, then prints one table of medians per measure.
#
#   scripts/bench-before-after.sh BEFORE_DIR AFTER_DIR [rounds] [bench-scale arguments...]
#
# BEFORE_DIR/AFTER_DIR each hold `planwatch` and `load` (release builds of the two commits).
# Example: scripts/bench-before-after.sh /tmp/old /tmp/new 2 300 3 12 100 100
#          scripts/bench-before-after.sh /tmp/old /tmp/new 2 300 3 12 100 100 postgres://postgres@127.0.0.1:5432/test
# Raw logs are kept in $OUT (default a temp folder, printed).
set -euo pipefail
BEFORE=$1
AFTER=$2
ROUNDS=${3:-2}
shift $(($# < 3 ? $# : 3))
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
cd "$(dirname "$0")/.."
for round in $(seq "$ROUNDS"); do
  for side in before after; do
    dir=$BEFORE
    [[ $side == after ]] && dir=$AFTER
    echo "== round $round, $side ($dir), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    PLANWATCH_BIN=$dir/planwatch LOAD_BIN=$dir/load SECONDS_PER_TARGET=${SECONDS_PER_TARGET:-5} \
      scripts/bench-scale.sh "$@" > "$OUT/$side-$round.txt" 2>&1 || {
      echo "bench-scale failed for $side (round $round); see $OUT/$side-$round.txt" >&2
      exit 1
    }
  done
done
echo "raw logs: $OUT"
python3 - "$OUT" "$ROUNDS" <<'PY'
import re, statistics, sys, pathlib
out, rounds = pathlib.Path(sys.argv[1]), int(sys.argv[2])
wall = re.compile(r"^\s+(.+?)(?: \(run \d+\))?: ([\d.]+) s wall")
rate = re.compile(r"^synth: (.*?) in ([\d.]+)s \((\d+) rows/s\)")
load_url = re.compile(r"^(http\S+)")
load_row = re.compile(r"concurrency (\d+).*?([\d.]+) req/s, p50 ([\d.]+) ms.*?p99 ([\d.]+) ms")
def measures(path):
    m, url = {}, None
    for line in path.read_text(errors="replace").splitlines():
        if (g := wall.match(line)):
            m.setdefault(f"{g[1]} (s)", []).append(float(g[2]))
        elif (g := load_url.match(line)):
            url = re.sub(r"^https?://[^/]+", "", g[1])
        elif url and (g := load_row.search(line)):
            m.setdefault(f"{url} c={g[1]} p50 (ms)", []).append(float(g[3]))
            m.setdefault(f"{url} c={g[1]} p99 (ms)", []).append(float(g[4]))
    return m
sides = {}
for side in ("before", "after"):
    acc = {}
    for r in range(1, rounds + 1):
        for k, v in measures(out / f"{side}-{r}.txt").items():
            acc.setdefault(k, []).extend(v)
    sides[side] = acc
keys = [k for k in sides["before"] if k in sides["after"]]
print(f"| measure (median of {rounds} rounds) | before | after | after/before |")
print("|---|---|---|---|")
for k in keys:
    b, a = statistics.median(sides["before"][k]), statistics.median(sides["after"][k])
    ratio = f"{a / b:.2f}" if b else "—"
    print(f"| {k} | {b:.2f} | {a:.2f} | {ratio} |")
PY
