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
    let gdp = doc["indicators"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["name"] == "地区生产总值"))
        .expect("地区生产总值 backtested");
    let mae = |m: u64| -> f64 {
        gdp["by_month"]
            .as_array()
            .and_then(|a| a.iter().find(|e| e["month"] == m))
            .and_then(|e| e["mae"].as_str())
            .and_then(|s| s.parse().ok())
            .expect("mae")
    };
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
