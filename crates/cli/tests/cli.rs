//! Runs the real `planwatch` binary against a fresh database in a temp folder.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Env {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("planwatch.db");
        Env { _dir: dir, db }
    }

    fn run(&self, args: &[&str]) -> Output {
        run_with_db(&self.db, args)
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "planwatch {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "planwatch {args:?} should fail");
        String::from_utf8(out.stderr).expect("utf-8 stderr")
    }

    fn with_demo() -> Env {
        let env = Env::new();
        env.ok(&["demo"]);
        env
    }

    fn evaluate_json(&self, year: &str) -> Value {
        let out = self.ok(&[
            "evaluate",
            "--region",
            "江北区",
            "--year",
            year,
            "--format",
            "json",
        ]);
        serde_json::from_str(&out).expect("evaluate --format json gives JSON")
    }
}

fn run_with_db(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planwatch"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PLANWATCH_DATABASE_URL")
        .env_remove("PLANWATCH_RULES")
        .output()
        .expect("run planwatch")
}

fn status_of<'a>(eval: &'a Value, name: &str) -> &'a str {
    eval["indicators"]
        .as_array()
        .expect("indicators[]")
        .iter()
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("indicator {name} missing"))["status"]
        .as_str()
        .expect("status is a string")
}

#[test]
fn demo_2023_is_judged_as_the_report_data_says() {
    let env = Env::with_demo();
    let eval = env.evaluate_json("2023");
    let rows = eval["indicators"].as_array().expect("indicators[]");
    assert_eq!(rows.len(), 20);
    for row in rows {
        for field in ["name", "unit", "status", "rule", "explanation"] {
            assert!(row.get(field).is_some(), "{field} missing in {row}");
        }
        assert!(row["target"]["text"].is_string());
        assert!(row["actual"]["text"].is_string());
        let explanation = row["explanation"].as_str().unwrap_or("");
        assert!(
            !explanation.is_empty(),
            "empty explanation for {}",
            row["name"]
        );
        assert!(!row["rule"].as_str().unwrap_or("").is_empty());
    }
    let on_track = ["met", "exceeded"];
    assert!(on_track.contains(&status_of(&eval, "地区生产总值增速")));
    for name in [
        "固定资产投资增速",
        "全体居民人均可支配收入增速",
        "规上工业增加值增速",
        "进出口总额",
        "空气质量优良天数",
    ] {
        assert_eq!(status_of(&eval, name), "below", "{name}");
    }
    assert_eq!(status_of(&eval, "实际使用外资FDI"), "pending");
    assert!(on_track.contains(&status_of(&eval, "亿元地区生产总值安全事故死亡率")));
    assert_eq!(status_of(&eval, "单位地区生产总值二氧化碳排放下降"), "met");
    assert_eq!(status_of(&eval, "单位地区生产总值能耗下降"), "undecidable");

    let summary = &eval["summary"];
    let total: u64 = [
        "exceeded",
        "met",
        "basically_met",
        "below",
        "pending",
        "undecidable",
    ]
    .iter()
    .map(|s| {
        summary[*s]
            .as_u64()
            .unwrap_or_else(|| panic!("summary.{s} missing"))
    })
    .sum();
    assert_eq!(total, 20);
}

#[test]
fn entering_the_assigned_energy_target_decides_the_indicator() {
    let env = Env::with_demo();
    let out = env.ok(&[
        "target",
        "set",
        "--region",
        "江北区",
        "--year",
        "2023",
        "--indicator",
        "单位地区生产总值能耗下降",
        "2.5",
    ]);
    assert!(out.contains("市级下达"), "shows the old value: {out}");
    let eval = env.evaluate_json("2023");
    assert!(["met", "exceeded"].contains(&status_of(&eval, "单位地区生产总值能耗下降")));

    let audit = env.ok(&["audit", "--format", "json"]);
    assert!(
        audit.contains("set_target") && audit.contains("2.5"),
        "{audit}"
    );
}

#[test]
fn actual_set_is_validated_stored_and_judged() {
    let env = Env::with_demo();
    let out = env.ok(&[
        "actual",
        "set",
        "--region",
        "江北区",
        "--year",
        "2023",
        "--indicator",
        "实际使用外资FDI",
        "2.3",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["edit"]["old_text"], "市级暂未反馈");
    assert!(["met", "exceeded"].contains(&v["evaluation"]["status"].as_str().unwrap_or("")));

    let err = env.fails(&[
        "actual",
        "set",
        "--region",
        "江北区",
        "--year",
        "2023",
        "--indicator",
        "进出口总额",
        "大概还行吧",
    ]);
    assert!(
        err.contains("大概还行吧") && err.contains("actual"),
        "{err}"
    );
    let eval = env.evaluate_json("2023");
    let row = eval["indicators"]
        .as_array()
        .and_then(|rows| rows.iter().find(|i| i["name"] == "进出口总额"))
        .expect("row");
    assert_eq!(
        row["actual"]["text"], "841.6",
        "a refused edit changes nothing"
    );

    let err = env.fails(&[
        "actual",
        "set",
        "--region",
        "江北区",
        "--year",
        "2023",
        "--indicator",
        "不存在的指标",
        "1",
    ]);
    assert!(err.contains("不存在的指标"), "{err}");
}

#[test]
fn a_stale_version_is_refused_with_both_values() {
    let env = Env::with_demo();
    let args = |text: &'static str| {
        vec![
            "actual",
            "set",
            "--region",
            "江北区",
            "--year",
            "2023",
            "--indicator",
            "进出口总额",
            "--expect-version",
            "1",
            text,
        ]
    };
    env.ok(&args("850"));
    let err = env.fails(&args("900"));
    assert!(
        err.contains("conflict") && err.contains("850") && err.contains("900"),
        "{err}"
    );
}

#[test]
fn diff_lists_added_and_replaced_indicators() {
    let env = Env::with_demo();
    let out = env.ok(&[
        "diff",
        "--region",
        "江北区",
        "2023",
        "2024",
        "--format",
        "json",
    ]);
    let changes: Value = serde_json::from_str(&out).expect("json");
    let text = changes.to_string();
    assert!(text.contains("区级税收收入增速"), "{text}");
    let changes = changes.as_array().expect("array");
    let added = changes
        .iter()
        .any(|c| c["change"] == "added" && c.to_string().contains("区级税收收入增速"));
    assert!(added, "区级税收收入增速 added: {text}");
    let replaced = changes.iter().any(|c| {
        c["change"] == "replaced"
            && c.to_string().contains("数字经济增加值占地区生产总值比重")
            && c.to_string().contains("数字经济核心产业增加值增速")
    });
    assert!(replaced, "digital economy replaced: {text}");
    let table = env.ok(&["diff", "--region", "江北区", "2023", "2024"]);
    assert!(table.contains("区级税收收入增速"));
}

#[test]
fn table_and_markdown_formats_show_the_annex_columns() {
    let env = Env::with_demo();
    for format in ["table", "md"] {
        let out = env.ok(&[
            "evaluate",
            "--region",
            "江北区",
            "--year",
            "2023",
            "--format",
            format,
        ]);
        for needle in [
            "序号",
            "指标名称",
            "预期目标",
            "实际完成",
            "空气质量优良天数（天）*",
            "310天以上",
        ] {
            assert!(out.contains(needle), "{format}: {needle} missing in\n{out}");
        }
    }
}

#[test]
fn a_missing_database_is_named() {
    let env = Env::new();
    let err = env.fails(&["evaluate", "--region", "江北区", "--year", "2023"]);
    assert!(
        err.contains("no planwatch database") && err.contains("planwatch.db"),
        "{err}"
    );
    assert!(
        !env.db.exists(),
        "a read command must not create the database"
    );
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let env = Env::with_demo();
    // Simulate a newer build having applied a migration this one does not know.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let store = planwatch_store_sql::SqliteStore::open(&env.db, false)
            .await
            .expect("open");
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (999999, 'from the future', 1, X'00', 0)",
        )
        .execute(store.pool())
        .await
        .expect("insert");
    });
    let err = env.fails(&["evaluate", "--region", "江北区", "--year", "2023"]);
    assert!(err.contains("newer planwatch"), "{err}");
}

#[test]
fn a_malformed_rules_file_names_the_field() {
    let env = Env::with_demo();
    let rules = env.db.with_file_name("rules.toml");
    std::fs::write(&rules, "[basically_met]\nrate_points = \"abc\"\n").expect("write rules");
    let out = Command::new(env!("CARGO_BIN_EXE_planwatch"))
        .arg("--db")
        .arg(&env.db)
        .arg("--rules")
        .arg(&rules)
        .args(["evaluate", "--region", "江北区", "--year", "2023"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("rate_points") && err.contains("abc") && err.contains("rules.toml"),
        "{err}"
    );
}

#[test]
fn the_default_rules_print_and_check_back() {
    let env = Env::new();
    let text = env.ok(&["rules"]);
    let path = env.db.with_file_name("defaults.toml");
    std::fs::write(&path, text).expect("write");
    let out = env.ok(&["rules", "--check", path.to_str().expect("utf-8 path")]);
    assert!(out.contains("ok"));
}
