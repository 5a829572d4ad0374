"""Judges every row of a `planwatch synth --csv` year in DuckDB (SQL) and in polars (dataframe),
compares each status with `planwatch evaluate --all-regions --format csv`, and times the three
side by side.

The baselines implement planwatch's documented default rules (`planwatch rules`) for every form
the synthetic data holds:

  target  `X以上` (floor: higher is better), `≤X` / `X以内` (ceiling: lower is better), `X左右`
          (about X: met within ±0.5 points for rates, ±2 % for levels), a plain `X` (direction
          from the `direction` column, else the indicator name), `市级下达` (delegated: judged only
          by an outcome actual);
  actual  empty or `市级暂未反馈` (pending), `完成市级下达目标` / `未完成市级下达目标` (outcome),
          a number, or `X以上` (only a lower bound is known: decided by its worst end if that is
          met, else undecidable).

Margins: rates (kind other than `level`) in percentage points — exceeded +1.0, basically met
-0.5; levels as a ratio of the target — exceeded 105 %, basically met 95 % (none for a target
of zero or less). Binding indicators (`binding` = 1) are never "basically met". A ceiling or
floor that contradicts an explicit direction is a limit, not a goal: no exceeded.

Each engine runs in a fresh process and times itself from reading the CSV to having every
status (interpreter start-up and imports excluded); planwatch is timed as a whole process
(start-up, opening the database, judging, writing CSV). The three alternate for --repeat rounds.

    python baseline.py --planwatch target/release/planwatch --db scale.db --csv DIR --year 2023
"""

import argparse
import csv
import io
import json
import statistics
import subprocess
import sys
import time
from decimal import Decimal

LOWER = ["死亡率", "死亡人数", "失业率", "失业人数", "PM2.5", "PM10", "浓度", "事故", "能耗",
         "排放", "发病率", "负债率", "不良贷款率", "空置率"]
DECREASE = ["下降", "下降率", "降低", "降低率", "减少", "降幅"]
PENDING = ["市级暂未反馈"]
OUTCOME_MET, OUTCOME_NOT_MET = "完成市级下达目标", "未完成市级下达目标"

NUM = r"-?[0-9]+(\.[0-9]+)?"

SQL = r"""
WITH p AS (
  SELECT region, CAST(seq AS INTEGER) AS seq, name, kind, binding = '1' AS binding,
         direction, target_text, coalesce(actual_text, '') AS actual_text
  FROM read_csv('{plans}', header = true, all_varchar = true)
  WHERE year = '{year}'
), f AS (
  SELECT *,
    CASE WHEN regexp_matches(target_text, '^{num}以上$') THEN 'floor'
         WHEN regexp_matches(target_text, '^≤{num}$') OR regexp_matches(target_text, '^{num}以内$')
           THEN 'ceiling'
         WHEN regexp_matches(target_text, '^{num}左右$') THEN 'about'
         WHEN regexp_matches(target_text, '^{num}$') THEN 'value'
         WHEN target_text = '市级下达' THEN 'delegated'
         ELSE 'other' END AS tform,
    CASE WHEN actual_text = '' OR actual_text IN ({pending}) THEN 'pending'
         WHEN actual_text = '{met}' THEN 'outcome_met'
         WHEN actual_text = '{not_met}' THEN 'outcome_not_met'
         WHEN regexp_matches(actual_text, '^{num}$') THEN 'point'
         WHEN regexp_matches(actual_text, '^{num}以上$') THEN 'at_least'
         ELSE 'other' END AS aform,
    TRY_CAST(regexp_extract(target_text, '{num}') AS DECIMAL(18, 4)) AS t,
    TRY_CAST(regexp_extract(actual_text, '{num}') AS DECIMAL(18, 4)) AS a,
    kind <> 'level' AS rate,
    CASE WHEN direction = 'lower_is_better' THEN false WHEN direction = 'higher_is_better' THEN true
         WHEN {decrease} THEN true WHEN {lower} THEN false ELSE true END AS named_higher
  FROM p
), d AS (
  SELECT *,
    -- the direction thresholds are read in: a bound's own side, else the indicator's
    CASE tform WHEN 'floor' THEN true WHEN 'ceiling' THEN false
         ELSE named_higher END AS higher,
    -- an explicit direction a bound contradicts makes the bound a limit: no exceeded
    (tform = 'floor' AND direction = 'lower_is_better') OR (tform = 'ceiling' AND direction = 'higher_is_better')
      AS limit_only
  FROM f
), th AS (
  SELECT *,
    CASE WHEN tform <> 'about' THEN t
         WHEN rate AND higher THEN t - 0.5 WHEN rate THEN t + 0.5
         WHEN higher THEN t - abs(t) * 0.02 ELSE t + abs(t) * 0.02 END AS met_at,
    CASE WHEN limit_only THEN NULL
         WHEN rate AND higher THEN t + 1.0 WHEN rate THEN t - 1.0
         WHEN t <= 0 THEN NULL WHEN higher THEN t * 1.05 ELSE t * 0.95 END AS exceeded_at,
    CASE WHEN binding THEN NULL
         WHEN rate AND higher THEN t - 0.5 WHEN rate THEN t + 0.5
         WHEN t <= 0 THEN NULL WHEN higher THEN t * 0.95 ELSE t * 1.05 END AS basically_at
  FROM d
), s AS (
  SELECT *,
    -- the status of the figure a (for an `X以上` actual: its known lower end)
    CASE WHEN (higher AND a >= met_at) OR (NOT higher AND a <= met_at) THEN
           CASE WHEN exceeded_at IS NOT NULL
                 AND ((higher AND a >= exceeded_at) OR (NOT higher AND a <= exceeded_at))
                THEN 'exceeded' ELSE 'met' END
         WHEN basically_at IS NOT NULL
              AND ((higher AND a >= basically_at) OR (NOT higher AND a <= basically_at))
           THEN 'basically_met'
         ELSE 'below' END AS at_a
  FROM th
)
SELECT region, seq,
  CASE
    WHEN aform = 'pending' THEN 'pending'
    WHEN aform = 'outcome_met' THEN 'met'
    WHEN aform = 'outcome_not_met' THEN 'below'
    WHEN tform = 'delegated' THEN 'undecidable'
    WHEN tform = 'other' OR aform = 'other' THEN 'unhandled'
    WHEN aform = 'point' THEN at_a
    -- `X以上` actual: decided by its worst end when that is met; the open end is the best
    WHEN higher AND at_a IN ('met', 'exceeded') THEN at_a
    -- lower is better: X is the best case; below even there is below
    WHEN NOT higher AND at_a = 'below' THEN 'below'
    ELSE 'undecidable'
  END AS status
FROM s
"""


def sql_list(words):
    return ", ".join(f"'{w}'" for w in words)


def duckdb_statuses(plans_csv, year):
    import duckdb

    sql = SQL.format(
        plans=plans_csv, year=year, num=NUM, pending=sql_list(PENDING),
        met=OUTCOME_MET, not_met=OUTCOME_NOT_MET,
        lower=" OR ".join(f"contains(name, '{w}')" for w in LOWER),
        decrease=" OR ".join(f"ends_with(name, '{w}')" for w in DECREASE),
    )
    return duckdb.connect().execute(sql).fetchall()


def polars_statuses(plans_csv, year):
    """The same judging as the SQL, as a polars expression pipeline."""
    import polars as pl

    c, lit = pl.col, pl.lit
    num = NUM
    df = pl.read_csv(plans_csv, infer_schema=False).filter(c("year") == str(year))
    t_text, a_text = c("target_text"), c("actual_text").fill_null("")
    name = c("name")
    lower_name = pl.any_horizontal([name.str.contains(w, literal=True) for w in LOWER])
    decrease = pl.any_horizontal([name.str.ends_with(w) for w in DECREASE])
    dec = pl.Decimal(18, 4)
    df = df.with_columns(
        tform=pl.when(t_text.str.contains(f"^{num}以上$")).then(lit("floor"))
        .when(t_text.str.contains(f"^≤{num}$") | t_text.str.contains(f"^{num}以内$"))
        .then(lit("ceiling"))
        .when(t_text.str.contains(f"^{num}左右$")).then(lit("about"))
        .when(t_text.str.contains(f"^{num}$")).then(lit("value"))
        .when(t_text == "市级下达").then(lit("delegated"))
        .otherwise(lit("other")),
        aform=pl.when((a_text == "") | a_text.is_in(PENDING)).then(lit("pending"))
        .when(a_text == OUTCOME_MET).then(lit("outcome_met"))
        .when(a_text == OUTCOME_NOT_MET).then(lit("outcome_not_met"))
        .when(a_text.str.contains(f"^{num}$")).then(lit("point"))
        .when(a_text.str.contains(f"^{num}以上$")).then(lit("at_least"))
        .otherwise(lit("other")),
        t=t_text.str.extract(f"({num})", 1).cast(dec, strict=False),
        a=a_text.str.extract(f"({num})", 1).cast(dec, strict=False),
        rate=c("kind") != "level",
        binding=c("binding") == "1",
        named_higher=pl.when(c("direction") == "lower_is_better").then(False)
        .when(c("direction") == "higher_is_better").then(True)
        .when(decrease).then(True).when(lower_name).then(False).otherwise(True),
    )
    df = df.with_columns(
        higher=pl.when(c("tform") == "floor").then(True)
        .when(c("tform") == "ceiling").then(False).otherwise(c("named_higher")),
        limit_only=((c("tform") == "floor") & (c("direction") == "lower_is_better"))
        | ((c("tform") == "ceiling") & (c("direction") == "higher_is_better")),
    )
    t, rate, higher = c("t"), c("rate"), c("higher")
    # exact decimal margins: a float 0.5 would make 4.4 - 0.5 = 3.9000000000000004
    def d(text):
        return pl.lit(Decimal(text), dtype=dec)

    half, one, fifty_th, up, down = d("0.5"), d("1"), d("0.02"), d("1.05"), d("0.95")
    df = df.with_columns(
        met_at=pl.when(c("tform") != "about").then(t)
        .when(rate & higher).then(t - half).when(rate).then(t + half)
        .when(higher).then(t - t.abs() * fifty_th).otherwise(t + t.abs() * fifty_th),
        exceeded_at=pl.when(c("limit_only")).then(None)
        .when(rate & higher).then(t + one).when(rate).then(t - one)
        .when(t <= 0).then(None).when(higher).then(t * up).otherwise(t * down),
        basically_at=pl.when(c("binding")).then(None)
        .when(rate & higher).then(t - half).when(rate).then(t + half)
        .when(t <= 0).then(None).when(higher).then(t * down).otherwise(t * up),
    )
    a = c("a")

    def good(x):
        return (higher & (a >= x)) | (~higher & (a <= x))

    at_a = (
        pl.when(good(c("met_at")))
        .then(pl.when(c("exceeded_at").is_not_null() & good(c("exceeded_at")))
              .then(lit("exceeded")).otherwise(lit("met")))
        .when(c("basically_at").is_not_null() & good(c("basically_at"))).then(lit("basically_met"))
        .otherwise(lit("below"))
    )
    aform, tform = c("aform"), c("tform")
    status = (
        pl.when(aform == "pending").then(lit("pending"))
        .when(aform == "outcome_met").then(lit("met"))
        .when(aform == "outcome_not_met").then(lit("below"))
        .when(tform == "delegated").then(lit("undecidable"))
        .when((tform == "other") | (aform == "other")).then(lit("unhandled"))
        .when(aform == "point").then(at_a)
        .when(higher & at_a.is_in(["met", "exceeded"])).then(at_a)
        .when(~higher & (at_a == "below")).then(lit("below"))
        .otherwise(lit("undecidable"))
    )
    out = df.select(c("region"), c("seq").cast(pl.Int64), status.alias("status"))
    return list(out.iter_rows())


def engine_child(engine, plans_csv, year):
    """Runs one engine in this (fresh) process; prints its seconds and statuses as JSON."""
    if engine == "duckdb":
        import duckdb  # noqa: F401  (imported before the clock starts)
        run = duckdb_statuses
    else:
        import polars  # noqa: F401
        run = polars_statuses
    t0 = time.perf_counter()
    rows = run(plans_csv, year)
    seconds = time.perf_counter() - t0
    json.dump({"seconds": seconds, "rows": rows}, sys.stdout, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--planwatch", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--csv", required=True, help="the folder `planwatch synth --csv` wrote")
    ap.add_argument("--year", required=True, type=int)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--child", choices=["duckdb", "polars"], help=argparse.SUPPRESS)
    o = ap.parse_args()
    plans_csv = f"{o.csv}/plans.csv"
    if o.child:
        engine_child(o.child, plans_csv, o.year)
        return 0

    times = {"duckdb": [], "polars": [], "planwatch": []}
    results = {}
    for _ in range(o.repeat):
        for engine in ("duckdb", "polars"):
            out = subprocess.run([sys.executable, __file__, "--planwatch", o.planwatch, "--db",
                                  o.db, "--csv", o.csv, "--year", str(o.year), "--child", engine],
                                 check=True, capture_output=True)
            got = json.loads(out.stdout)
            times[engine].append(got["seconds"])
            results[engine] = {(r, s): st for r, s, st in got["rows"]}
        t0 = time.perf_counter()
        out = subprocess.run([o.planwatch, "--db", o.db, "evaluate", "--all-regions", "--year",
                              str(o.year), "--format", "csv"], check=True, capture_output=True)
        times["planwatch"].append(time.perf_counter() - t0)
        results["planwatch"] = {
            (r["region"], int(r["seq"])): r["status"]
            for r in csv.DictReader(io.StringIO(out.stdout.decode("utf-8")))
        }

    pw = results["planwatch"]
    failed = 0
    for engine in ("duckdb", "polars"):
        statuses = results[engine]
        agree = sum(1 for k, st in statuses.items() if pw.get(k) == st)
        missing = len(set(pw) ^ set(statuses))
        for k, st in [(k, st) for k, st in statuses.items() if pw.get(k) != st][:10]:
            print(f"differs: {k}: {engine} {st}, planwatch {pw.get(k)}", file=sys.stderr)
        failed += len(statuses) - agree + missing
        print(f"{engine}: rows {len(statuses)}, planwatch rows {len(pw)}, agree {agree}, "
              f"differ {len(statuses) - agree}, rows only one side has {missing}")
    counts = {}
    for st in pw.values():
        counts[st] = counts.get(st, 0) + 1
    print("planwatch statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))

    def show(ts):
        return (f"median {statistics.median(ts):.3f} s, best {min(ts):.3f} s "
                f"({', '.join(f'{t:.3f}' for t in ts)})")

    print(f"duckdb    (fresh process; CSV read + judging, imports excluded): {show(times['duckdb'])}")
    print(f"polars    (fresh process; CSV read + judging, imports excluded): {show(times['polars'])}")
    print(f"planwatch (whole process: start, database read, judging, CSV out): "
          f"{show(times['planwatch'])}")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
