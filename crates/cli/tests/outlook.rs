//! `planwatch outlook` and `planwatch targets check` through the real binary on a synthetic
//! dataset (`synth`: six years of plans and monthly figures with a seasonal shape).

mod common;

use common::{ok, run};
use serde_json::Value;

fn dataset() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("s.db");
    ok(
        &db,
        &[
            "synth",
            "--seed",
            "3",
            "--regions",
            "20",
            "--years",
            "6",
            "--first-year",
            "2019",
            "--months",
            "12",
        ],
    );
    (dir, db)
}

#[test]
fn outlook_json_carries_a_projection_or_a_reason_for_every_indicator() {
    let (_dir, db) = dataset();
    let out = ok(
        &db,
        &[
            "outlook",
            "--region",
            "江北区",
            "--year",
            "2024",
            "--month",
            "6",
            "--format",
            "json",
        ],
    );
    let doc: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(doc["month"], 6);
    let indicators = doc["indicators"].as_array().expect("indicators");
    assert_eq!(indicators.len(), 25);
    let mut projected = 0;
    for i in indicators {
        let name = i["name"].as_str().unwrap_or_default();
        assert!(
            i["explanation"].as_str().is_some_and(|e| !e.is_empty()),
            "{name}: explanation"
        );
        match &i["projection"] {
            Value::Null => assert!(
                i["reason"].as_str().is_some_and(|r| !r.is_empty()),
                "{name}: no projection and no reason"
            ),
            p => {
                projected += 1;
                for field in ["value", "low", "high"] {
                    let v: f64 = p[field]
                        .as_str()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or_else(|| panic!("{name}: projection.{field}"));
                    assert!(v.is_finite());
                }
                let (lo, v, hi): (f64, f64, f64) = (
                    p["low"]
                        .as_str()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0.0),
                    p["value"]
                        .as_str()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0.0),
                    p["high"]
                        .as_str()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0.0),
                );
                assert!(lo <= v && v <= hi, "{name}: {lo} {v} {hi}");
                assert!(
                    ["likely_met", "at_risk", "likely_missed", "undecidable"]
                        .contains(&p["status"].as_str().unwrap_or_default()),
                    "{name}: status {}",
                    p["status"]
                );
                assert!(p["method"].as_str().is_some(), "{name}: method");
            }
        }
    }
    assert!(projected >= 5, "{projected} projections");
    // The same in a table, and in English sentences in the JSON.
    let table = ok(
        &db,
        &[
            "outlook",
            "--region",
            "江北区",
            "--year",
            "2024",
            "--month",
            "6",
        ],
    );
    assert!(
        table.contains("全年预计") && table.contains("按近三年进度规律推算"),
        "{table}"
    );
    assert!(out.contains("seasonal pattern"), "English explanations");
}

#[test]
fn the_backtest_prints_errors_by_month_that_fall_through_the_year() {
    let (_dir, db) = dataset();
    let out = ok(
        &db,
        &[
            "outlook",
            "--region",
            "江北区",
            "--year",
            "2024",
            "--backtest",
            "--format",
            "json",
        ],
    );
    let doc: Value = serde_json::from_str(&out).expect("json");
    let gdp = indicator(&doc, "地区生产总值");
    let mae = |m| backtest_mae(gdp, m);
    assert!(mae(1) > mae(6) && mae(6) > mae(11), "{}", gdp["by_month"]);
    let table = ok(
        &db,
        &[
            "outlook",
            "--region",
            "江北区",
            "--year",
            "2024",
            "--backtest",
        ],
    );
    assert!(
        table.contains("平均绝对误差") && table.contains("11月"),
        "{table}"
    );
}

#[test]
fn every_region_is_projected_and_checked_in_bulk() {
    let (_dir, db) = dataset();
    let csv = ok(
        &db,
        &[
            "outlook",
            "--all-regions",
            "--year",
            "2024",
            "--month",
            "6",
            "--format",
            "csv",
        ],
    );
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "region,year,seq,name,unit,target,from_month,figure,value,low,high,method,status,reason"
        )
    );
    assert_eq!(lines.count(), 20 * 25);
    let rows = ok(
        &db,
        &[
            "targets",
            "check",
            "--all-regions",
            "--year",
            "2024",
            "--format",
            "json",
        ],
    );
    let rows: Value = serde_json::from_str(&rows).expect("json");
    assert_eq!(rows.as_array().map(Vec::len), Some(20 * 25));
    let one = ok(
        &db,
        &[
            "targets",
            "check",
            "--region",
            "江北区",
            "--year",
            "2024",
            "--format",
            "json",
        ],
    );
    let one: Value = serde_json::from_str(&one).expect("json");
    assert_eq!(one["checks"].as_array().map(Vec::len), Some(25));
    let table = ok(
        &db,
        &["targets", "check", "--region", "江北区", "--year", "2024"],
    );
    assert!(table.contains("目标合理性"), "{table}");
}

#[test]
fn bad_requests_are_refused_with_the_reason() {
    let (_dir, db) = dataset();
    let out = run(
        &db,
        &[
            "outlook",
            "--region",
            "江北区",
            "--year",
            "2024",
            "--month",
            "13",
        ],
    );
    assert!(!out.status.success());
    let out = run(&db, &["outlook", "--region", "无此区", "--year", "2024"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("无此区"));
    let out = run(
        &db,
        &["outlook", "--all-regions", "--year", "2024", "--month", "6"],
    );
    assert!(!out.status.success(), "table is not a bulk format");
}

/// A region's plans and five years of monthly figures written as an office would send them —
/// an annex-layout indicator sheet per year and one long city file — with a seasonal shape of
/// our own choosing, so the true year-end figure is known before the projection is made.
struct Seasonal {
    dir: tempfile::TempDir,
    db: std::path::PathBuf,
    /// 2024's true year-end retail sales (亿元) and investment growth (%).
    retail_2024: f64,
    investment_2024: f64,
}

/// Monthly retail increments (share of the year ‰ before noise): slow spring, strong year-end.
const RETAIL_SHAPE: [f64; 12] = [
    62.0, 58.0, 74.0, 78.0, 82.0, 86.0, 80.0, 82.0, 90.0, 96.0, 100.0, 112.0,
];

/// A small, fixed wobble in −1…1 (no random source: the data are the same on every run).
fn wobble(year: i32, month: usize) -> f64 {
    ((year as f64) * 12.9898 + (month as f64) * 78.233).sin()
}

fn seasonal() -> Seasonal {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("seasonal.db");
    let region = "示范区";
    ok(&db, &["migrate"]);
    let mut city = String::from("地区,年度,指标,月份,数值\n");
    let (mut retail_2024, mut investment_2024) = (0.0, 0.0);
    for (k, year) in (2019..=2024).enumerate() {
        // Retail: the year's total grows 6% a year; each month's increment wobbles by ±4%.
        let total = 400.0 * 1.06_f64.powi(k as i32);
        let weights: Vec<f64> = RETAIL_SHAPE
            .iter()
            .enumerate()
            .map(|(m, w)| w * (1.0 + 0.04 * wobble(year, m)))
            .collect();
        let sum: f64 = weights.iter().sum();
        let mut cumulative = 0.0;
        let mut retail = Vec::new();
        for w in &weights {
            cumulative += total * w / sum;
            retail.push((cumulative * 10.0).round() / 10.0);
        }
        // Investment growth: the year-to-date rate starts high and settles by ~2 points, less
        // surely the more months are left.
        let end = 7.0 + 0.5 * wobble(year, 20);
        let investment: Vec<f64> = (1..=12)
            .map(|m| {
                let left = (12 - m) as f64 / 11.0;
                let r = end + 2.0 * left + 0.6 * left * wobble(year, 30 + m);
                (r * 10.0).round() / 10.0
            })
            .collect();
        if year == 2024 {
            retail_2024 = retail[11];
            investment_2024 = investment[11];
        }
        // 2024 is known only to June; earlier years to December, with the year's actual.
        let months = if year == 2024 { 6 } else { 12 };
        for m in 0..months {
            city.push_str(&format!(
                "{region},{year},社会消费品零售总额,{},{}\n",
                m + 1,
                retail[m]
            ));
            city.push_str(&format!(
                "{region},{year},固定资产投资增速,{},{}\n",
                m + 1,
                investment[m]
            ));
        }
        let (retail_actual, investment_actual) = if year == 2024 {
            (String::new(), String::new())
        } else {
            (retail[11].to_string(), investment[11].to_string())
        };
        let sheet = format!(
            "序号,指标名称,属性,预期目标,实际完成,责任单位\n\
             1,社会消费品零售总额（亿元）,预期性,{},{retail_actual},区商务局\n\
             2,固定资产投资增速（%）,预期性,8以上,{investment_actual},区发展改革委\n",
            (total.round() as i64)
        );
        let path = dir.path().join(format!("{year}年主要指标.csv"));
        std::fs::write(&path, sheet).expect("write sheet");
        let year_s = year.to_string();
        ok(
            &db,
            &[
                "import",
                "indicators",
                &path.to_string_lossy(),
                "--region",
                region,
                "--year",
                &year_s,
                "--apply",
            ],
        );
    }
    let path = dir.path().join("统计月报（全市）.csv");
    std::fs::write(&path, city).expect("write city file");
    let report = ok(
        &db,
        &[
            "import",
            "monthly",
            &path.to_string_lossy(),
            "--apply",
            "--reason",
            "统计局月报",
            "--format",
            "json",
        ],
    );
    let report: Value = serde_json::from_str(&report).expect("json");
    assert_eq!(report["applied"], true, "{report}");
    let changes = report["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 2 * (5 * 12 + 6), "every figure a change");
    assert!(
        changes.iter().all(|c| c["action"] == "new"),
        "all new: {report}"
    );
    Seasonal {
        dir,
        db,
        retail_2024,
        investment_2024,
    }
}

/// The indicator named `name` in an `outlook --format json` document.
fn indicator<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["indicators"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["name"] == name))
        .unwrap_or_else(|| panic!("{name} in {doc}"))
}

/// A backtested indicator's mean absolute error when projecting from `month`.
fn backtest_mae(series: &Value, month: u64) -> f64 {
    series["by_month"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["month"] == month))
        .map(|e| number(&e["mae"]))
        .unwrap_or_else(|| panic!("month {month} in {series}"))
}

fn number(v: &Value) -> f64 {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a number: {v}"))
}

#[test]
fn a_june_projection_from_imported_figures_lands_near_the_true_year_within_its_range() {
    let s = seasonal();
    let out = ok(
        &s.db,
        &[
            "outlook",
            "--region",
            "示范区",
            "--year",
            "2024",
            "--month",
            "6",
            "--format",
            "json",
        ],
    );
    let doc: Value = serde_json::from_str(&out).expect("json");
    for (name, truth, method, tolerance) in [
        ("社会消费品零售总额", s.retail_2024, "seasonal_share", 0.03),
        ("固定资产投资增速", s.investment_2024, "rate_shift", 0.08),
    ] {
        let p = &indicator(&doc, name)["projection"];
        let (value, low, high) = (number(&p["value"]), number(&p["low"]), number(&p["high"]));
        assert_eq!(p["method"], method, "{name}: {p}");
        assert!(
            low <= truth && truth <= high,
            "{name}: the true {truth} lies in {low}–{high}"
        );
        assert!(
            ((value - truth) / truth).abs() < tolerance,
            "{name}: projected {value}, true {truth}"
        );
        assert!(low < high, "{name}: a range from five past years");
    }
    let retail = indicator(&doc, "社会消费品零售总额");
    assert!(
        retail["explanation"]
            .as_str()
            .is_some_and(|e| e.contains("近三年")),
        "{retail}"
    );
    drop(s.dir);
}

#[test]
fn the_backtest_of_imported_figures_gets_better_as_the_months_pass() {
    let s = seasonal();
    let out = ok(
        &s.db,
        &[
            "outlook",
            "--region",
            "示范区",
            "--year",
            "2024",
            "--backtest",
            "--format",
            "json",
        ],
    );
    let doc: Value = serde_json::from_str(&out).expect("json");
    for name in ["社会消费品零售总额", "固定资产投资增速"] {
        let series = indicator(&doc, name);
        let mae = |m| backtest_mae(series, m);
        assert!(
            mae(1) > mae(6) && mae(6) > mae(11),
            "{name}: {}",
            series["by_month"]
        );
    }
}
