"""Judges the simple forms of a `planwatch synth --csv` dataset in DuckDB (SQL) and polars
(dataframe) and compares every
status with `planwatch evaluate --all-regions --format csv`, timing both side by side.

Simple forms: a target `X以上` (higher is better), `≤X` (lower is better, binding: never
basically met — every ≤ target of the synthetic data is binding) or a plain number (direction
from the indicator name, as planwatch's default rules), with an actual that is a plain number
(or empty: pending). The margins are planwatch's documented defaults (docs in
crates/domain/src/rules.rs): rates (unit %) in percentage points — exceeded +1.0, basically met
-0.5; levels as a ratio of the target — exceeded 105 %, basically met 95 %.

    python baseline.py --planwatch target/release/planwatch --db scale.db --csv DIR --year 2023
"""

import argparse
import csv
import io
import subprocess
import sys
import time

import duckdb

LOWER = ["死亡率", "死亡人数", "失业率", "失业人数", "PM2.5", "PM10", "浓度", "事故", "能耗",
         "排放", "发病率", "负债率", "不良贷款率", "空置率"]
DECREASE = ["下降", "下降率", "降低", "降低率", "减少", "降幅"]

SQL = r"""
WITH p AS (
  SELECT region, seq, name, unit, target_text, actual_text,
         regexp_matches(target_text, '^[0-9]+(\.[0-9]+)?以上$') AS at_least,
         regexp_matches(target_text, '^≤[0-9]+(\.[0-9]+)?$') AS at_most,
         regexp_matches(target_text, '^[0-9]+(\.[0-9]+)?$') AS plain
  FROM read_csv('{plans}', header = true, all_varchar = true)
  WHERE year = '{year}'
), s AS (
  SELECT *,
    CAST(regexp_extract(target_text, '[0-9]+(\.[0-9]+)?') AS DECIMAL(18, 3)) AS t,
    TRY_CAST(actual_text AS DECIMAL(18, 3)) AS a,
    unit = '%' AS rate,
    CASE WHEN at_least THEN false WHEN at_most THEN true
         ELSE ({lower}) AND NOT ({decrease}) END AS lower
  FROM p
  WHERE (at_least OR at_most OR plain)
    AND (actual_text IS NULL OR regexp_matches(actual_text, '^-?[0-9]+(\.[0-9]+)?$'))
), g AS (
  -- gain: how far the actual is on the good side of the target (points or ratio)
  SELECT *,
    CASE WHEN lower THEN t - a ELSE a - t END AS gain,
    CASE WHEN t = 0 THEN NULL WHEN lower THEN a / t ELSE a / t END AS ratio
  FROM s
)
SELECT region, CAST(seq AS INTEGER) AS seq,
  CASE
    WHEN a IS NULL THEN 'pending'
    WHEN rate AND gain >= 1.0 THEN 'exceeded'
    WHEN NOT rate AND NOT lower AND ratio >= 1.05 THEN 'exceeded'
    WHEN NOT rate AND lower AND ratio <= 0.95 THEN 'exceeded'
    WHEN gain >= 0 THEN 'met'
    WHEN at_most THEN 'below'
    WHEN rate AND gain >= -0.5 THEN 'basically_met'
    WHEN NOT rate AND NOT lower AND ratio >= 0.95 THEN 'basically_met'
    WHEN NOT rate AND lower AND ratio <= 1.05 THEN 'basically_met'
    ELSE 'below'
  END AS status
FROM g
"""


def polars_statuses(plans_csv, year):
    """The same judging as SQL, as a polars dataframe pipeline."""
    import polars as pl

    num = r"^[0-9]+(\.[0-9]+)?$"
    df = pl.read_csv(plans_csv, infer_schema=False).filter(pl.col("year") == str(year))
    name = pl.col("name")
    lower_name = pl.any_horizontal([name.str.contains(w, literal=True) for w in LOWER])
    decrease = pl.any_horizontal([name.str.ends_with(w) for w in DECREASE])
    t_text, a_text = pl.col("target_text"), pl.col("actual_text")
    df = df.with_columns(
        at_least=t_text.str.contains(r"^[0-9]+(\.[0-9]+)?以上$"),
        at_most=t_text.str.contains(r"^≤[0-9]+(\.[0-9]+)?$"),
        plain=t_text.str.contains(num),
    ).filter(
        (pl.col("at_least") | pl.col("at_most") | pl.col("plain"))
        & (a_text.is_null() | a_text.str.contains(r"^-?[0-9]+(\.[0-9]+)?$"))
    )
    dec = pl.Decimal(18, 3)
    df = df.with_columns(
        t=t_text.str.extract(r"([0-9]+(\.[0-9]+)?)", 1).cast(dec),
        a=a_text.cast(dec, strict=False),
        rate=pl.col("unit") == "%",
        lower=pl.when(pl.col("at_least")).then(False)
        .when(pl.col("at_most")).then(True)
        .otherwise(lower_name & ~decrease),
    )
    gain = pl.when(pl.col("lower")).then(pl.col("t") - pl.col("a")).otherwise(pl.col("a") - pl.col("t"))
    # ratio a/t against 0.95/1.05, as a*100 against t*95/t*105 (exact decimals)
    a100, t95, t105 = pl.col("a") * 100, pl.col("t") * 95, pl.col("t") * 105
    rate, lower, at_most = pl.col("rate"), pl.col("lower"), pl.col("at_most")
    status = (
        pl.when(pl.col("a").is_null()).then(pl.lit("pending"))
        .when(rate & (gain >= 1)).then(pl.lit("exceeded"))
        .when(~rate & ~lower & (a100 >= t105)).then(pl.lit("exceeded"))
        .when(~rate & lower & (a100 <= t95)).then(pl.lit("exceeded"))
        .when(gain >= 0).then(pl.lit("met"))
        .when(at_most).then(pl.lit("below"))
        .when(rate & (gain >= -0.5)).then(pl.lit("basically_met"))
        .when(~rate & ~lower & (a100 >= t95)).then(pl.lit("basically_met"))
        .when(~rate & lower & (a100 <= t105)).then(pl.lit("basically_met"))
        .otherwise(pl.lit("below"))
    )
    out = df.select(pl.col("region"), pl.col("seq").cast(pl.Int64), status.alias("status"))
    return {(r, s): st for r, s, st in out.iter_rows()}


def contains_any(words):
    return " OR ".join(f"contains(name, '{w}')" for w in words)


def ends_any(words):
    return " OR ".join(f"ends_with(name, '{w}')" for w in words)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--planwatch", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--csv", required=True, help="the folder `planwatch synth --csv` wrote")
    ap.add_argument("--year", required=True, type=int)
    o = ap.parse_args()

    t0 = time.perf_counter()
    con = duckdb.connect()
    sql = SQL.format(plans=f"{o.csv}/plans.csv", year=o.year,
                     lower=contains_any(LOWER), decrease=ends_any(DECREASE))
    base = {(r, s): st for r, s, st in con.execute(sql).fetchall()}
    t_duck = time.perf_counter() - t0

    t0 = time.perf_counter()
    polars = polars_statuses(f"{o.csv}/plans.csv", o.year)
    t_polars = time.perf_counter() - t0

    t0 = time.perf_counter()
    out = subprocess.run([o.planwatch, "--db", o.db, "evaluate", "--all-regions", "--year",
                          str(o.year), "--format", "csv"], check=True, capture_output=True)
    t_pw = time.perf_counter() - t0
    pw = {(r["region"], int(r["seq"])): r["status"]
          for r in csv.DictReader(io.StringIO(out.stdout.decode("utf-8")))}

    failed = 0
    for engine, statuses in (("duckdb", base), ("polars", polars)):
        compared = agree = 0
        shown = 0
        for key, st in statuses.items():
            got = pw.get(key)
            compared += 1
            if got == st:
                agree += 1
            elif shown < 10:
                shown += 1
                print(f"differs: {key}: {engine} {st}, planwatch {got}", file=sys.stderr)
        failed += compared - agree
        print(f"{engine}: rows judged by planwatch: {len(pw)}; simple-form rows compared: "
              f"{compared}; agree: {agree}; differ: {compared - agree}")
    print(f"duckdb (CSV read + judging, in process): {t_duck:.3f} s")
    print(f"polars (CSV read + judging, in process): {t_polars:.3f} s")
    print(f"planwatch evaluate --all-regions (process, database read + judging + CSV out): "
          f"{t_pw:.3f} s")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
