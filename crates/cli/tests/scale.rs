//! `synth`, `evaluate --all-regions` and `compare`, running the real binary on a tiny synthetic
//! dataset in a temp folder.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn ok(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_planwatch"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run planwatch");
    assert!(
        out.status.success(),
        "planwatch {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

const SMALL: [&str; 8] = [
    "--regions",
    "20",
    "--years",
    "2",
    "--first-year",
    "2022",
    "--indicators",
    "5",
];

#[test]
fn synth_with_one_seed_writes_identical_csv_and_another_seed_differs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("unused.db");
    let run = |name: &str, seed: &str| {
        let out = dir.path().join(name);
        let out_s = out.to_string_lossy().to_string();
        let mut args = vec!["synth", "--seed", seed, "--csv", out_s.as_str()];
        args.extend(SMALL);
        ok(&db, &args);
        std::fs::read_to_string(out.join("plans.csv")).expect("plans.csv")
    };
    let a = run("a", "42");
    let b = run("b", "42");
    let c = run("c", "43");
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a.lines().count(), 1 + 20 * 2 * 5);
    assert!(dir.path().join("a/regions.csv").exists());
}

#[test]
fn evaluate_all_regions_writes_every_judgement_as_json_and_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("t.db");
    let mut args = vec!["synth", "--seed", "7"];
    args.extend(SMALL);
    ok(&db, &args);

    let json: Value = serde_json::from_str(&ok(
        &db,
        &[
            "evaluate",
            "--all-regions",
            "--year",
            "2022",
            "--format",
            "json",
        ],
    ))
    .expect("json");
    let rows = json.as_array().expect("array of rows");
    assert_eq!(rows.len(), 20 * 5);
    for r in rows {
        for key in [
            "region", "seq", "name", "unit", "target", "actual", "status", "rule",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
    }
    let first = &rows[0];
    assert_eq!(first["name"], "地区生产总值增速");
    assert_eq!(first["year"], 2022);

    let csv = ok(
        &db,
        &[
            "evaluate",
            "--all-regions",
            "--year",
            "2022",
            "--format",
            "csv",
        ],
    );
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("region,year,seq,name,unit,target,actual,status,rule")
    );
    assert_eq!(lines.count(), 20 * 5);
    // Rows agree with the JSON, status for status.
    let statuses: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(7))
        .collect();
    let json_statuses: Vec<&str> = rows.iter().filter_map(|r| r["status"].as_str()).collect();
    assert_eq!(statuses, json_statuses);

    // The same year again gives the same bytes.
    assert_eq!(
        csv,
        ok(
            &db,
            &[
                "evaluate",
                "--all-regions",
                "--year",
                "2022",
                "--format",
                "csv"
            ]
        )
    );
}

#[test]
fn compare_a_synthetic_group_and_parent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("t.db");
    let mut args = vec!["synth", "--seed", "7"];
    args.extend(SMALL);
    ok(&db, &args);
    let out = ok(
        &db,
        &[
            "compare",
            "--parent",
            "合成省",
            "--year",
            "2022",
            "--indicator",
            "地区生产总值增速",
            "--format",
            "json",
        ],
    );
    let c: Value = serde_json::from_str(&out).expect("json");
    let rows = c["rows"].as_array().expect("rows");
    assert_eq!(
        rows.len(),
        2,
        "20 regions make one province, two cities: {c}"
    );
    assert!(
        c["rollup_refusal"]
            .as_str()
            .is_some_and(|r| r.contains("比率类"))
    );
    assert_eq!(rows[0]["rank"], 1);

    let table = ok(
        &db,
        &[
            "compare",
            "--group",
            "江江市中心城区",
            "--year",
            "2023",
            "--indicator",
            "地区生产总值增速",
        ],
    );
    assert!(table.contains("居江江市中心城区第一位"), "{table}");
}

#[test]
fn synth_writes_monthly_figures_and_project_ledgers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("t.db");
    let mut args = vec!["synth", "--seed", "7", "--months", "2", "--projects", "3"];
    args.extend(SMALL);
    ok(&db, &args);
    let out = dir.path().join("csv");
    let out_s = out.to_string_lossy().to_string();
    let mut args = vec![
        "synth",
        "--seed",
        "7",
        "--months",
        "2",
        "--csv",
        out_s.as_str(),
    ];
    args.extend(SMALL);
    ok(&db, &args);
    let monthly = std::fs::read_to_string(out.join("monthly.csv")).expect("monthly.csv");
    // 20 regions × 2 years × 5 numeric indicators × 2 months, and the header.
    assert_eq!(monthly.lines().count(), 1 + 20 * 2 * 5 * 2);

    // Each region-year has its own ledger of 3 projects; the same seed draws the same ones.
    let export = |db: &Path, region: &str, tag: &str| {
        let file = dir.path().join(format!("{tag}-{region}.csv"));
        let file_s = file.to_string_lossy().to_string();
        ok(
            db,
            &[
                "export", "projects", "--region", region, "--year", "2022", "--format", "csv",
                "-o", &file_s,
            ],
        );
        std::fs::read_to_string(&file).expect("export")
    };
    let province = export(&db, "合成省", "first");
    let city = export(&db, "江江市", "first");
    assert_ne!(province, city, "regions draw different ledgers");
    assert!(province.contains("XM2022000002"), "{province}");
    let again = dir.path().join("again.db");
    let mut args = vec!["synth", "--seed", "7", "--months", "2", "--projects", "3"];
    args.extend(SMALL);
    ok(&again, &args);
    assert_eq!(
        export(&again, "江江市", "again"),
        city,
        "same seed, same ledger"
    );
}

#[test]
fn compare_monthly_cumulative_figures_with_quarterly_streaks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("t.db");
    let mut args = vec!["synth", "--seed", "7", "--months", "12"];
    args.extend(SMALL);
    ok(&db, &args);
    let compare = |month: &str, by: &str| {
        Command::new(env!("CARGO_BIN_EXE_planwatch"))
            .arg("--db")
            .arg(&db)
            .args([
                "compare",
                "--group",
                "江江市中心城区",
                "--year",
                "2023",
                "--indicator",
                "地区生产总值增速",
                "--month",
                month,
                "--by",
                by,
                "--format",
                "json",
            ])
            .output()
            .expect("run planwatch")
    };
    let out = compare("9", "quarter");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(c["month"], 9);
    assert_eq!(c["streak_unit"], "quarter");
    let rows = c["rows"].as_array().expect("rows");
    assert!(rows.len() >= 2, "{c}");
    // Higher growth ranks first; every streak counts at least this quarter.
    let value = |r: &Value| -> f64 {
        r["value"]
            .as_str()
            .and_then(|v| v.parse().ok())
            .expect("value")
    };
    for pair in rows.windows(2) {
        assert!(pair[0]["rank"].as_u64() <= pair[1]["rank"].as_u64());
        assert!(value(&pair[0]) >= value(&pair[1]), "{c}");
    }
    for r in rows {
        let streak = r["streak"].as_u64().expect("streak");
        let phrase = r["rank_phrase"].as_str().expect("phrase");
        assert!(streak >= 1);
        assert_eq!(streak >= 2, phrase.contains("个季度"), "{phrase}");
    }

    assert!(compare("9", "month").status.success());
    let refused = compare("8", "quarter");
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("quarter-end"), "{err}");
}

#[test]
fn evaluate_all_regions_says_when_a_year_is_empty_and_stops_quietly_when_the_reader_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("t.db");
    let mut args = vec!["synth", "--seed", "7"];
    args.extend(SMALL);
    ok(&db, &args);
    let run = |year: &str| {
        Command::new(env!("CARGO_BIN_EXE_planwatch"))
            .arg("--db")
            .arg(&db)
            .args([
                "evaluate",
                "--all-regions",
                "--year",
                year,
                "--format",
                "csv",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run planwatch")
    };
    let empty = run("1999").wait_with_output().expect("output");
    assert!(empty.status.success());
    assert_eq!(
        String::from_utf8_lossy(&empty.stdout).lines().count(),
        1,
        "the header only"
    );
    assert!(String::from_utf8_lossy(&empty.stderr).contains("no region has a plan for 1999"));

    // `planwatch … | head -c 10`: the reader leaves early; that is not an error. The output
    // (25,000 rows) is far larger than a pipe's buffer, so the writes do meet the closed pipe.
    ok(
        &db,
        &[
            "synth",
            "--seed",
            "7",
            "--regions",
            "1000",
            "--years",
            "1",
            "--first-year",
            "2030",
        ],
    );
    let mut child = run("2030");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 10];
    std::io::Read::read_exact(&mut stdout, &mut first).expect("first bytes");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("error"));
}
