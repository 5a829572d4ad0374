//! Figures as offices move them, through the real binary: plausibility at `actual set`, the
//! indicator sheet and the statistics bureau's monthly tables imported as a dry run, applied,
//! refused whole when a cell is bad, and the indicator template exported and read back.

use rust_xlsxwriter::{Format as XFormat, Workbook};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Env {
    fn with_demo() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("planwatch.db");
        let env = Env { dir, db };
        env.ok(&["demo"]);
        env
    }
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_planwatch"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("PLANWATCH_DATABASE_URL")
            .output()
            .expect("run planwatch")
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "planwatch {args:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }
    fn fails(&self, args: &[&str]) -> (String, String) {
        let out = self.run(args);
        assert!(!out.status.success(), "planwatch {args:?} should fail");
        (
            String::from_utf8(out.stdout).expect("utf-8"),
            String::from_utf8(out.stderr).expect("utf-8"),
        )
    }
    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).expect("write fixture");
        p.to_string_lossy().into_owned()
    }
    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("json")
    }
    fn status(&self, year: &str, name: &str) -> (String, Value) {
        let eval = self.json(&[
            "evaluate",
            "--region",
            "江北区",
            "--year",
            year,
            "--format",
            "json",
        ]);
        let row = eval["indicators"]
            .as_array()
            .and_then(|r| r.iter().find(|i| i["name"] == name))
            .cloned()
            .expect("indicator row");
        (
            row["status"].as_str().unwrap_or("").to_string(),
            row["actual"]["text"].clone(),
        )
    }
}

fn set_actual(env: &Env, year: &str, name: &str, value: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "actual",
        "set",
        "--region",
        "江北区",
        "--year",
        year,
        "--indicator",
        name,
        value,
    ];
    args.extend_from_slice(extra);
    env.run(&args)
}

#[test]
fn actual_set_refuses_what_cannot_be_right_and_holds_a_jump_until_a_reason_is_given() {
    let env = Env::with_demo();
    for (value, says) in [
        ("1e999", "科学计数法"),
        ("99999999999999999999", "-100到1000"),
        ("-", "不是数值"),
    ] {
        let out = set_actual(&env, "2023", "地区生产总值增速", value, &[]);
        assert!(!out.status.success(), "{value} accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{value}: {err}");
    }
    assert_eq!(
        env.status("2023", "地区生产总值增速").1,
        "6.7",
        "nothing stored"
    );
    // 65 against a target of 6以上 and last year's 6.7: an order of magnitude, held.
    let out = set_actual(&env, "2024", "地区生产总值增速", "65", &[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("数量级") && err.contains("原因"), "{err}");
    let out = set_actual(
        &env,
        "2024",
        "地区生产总值增速",
        "65",
        &["--reason", "统计口径调整，经区统计局核实"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let audit = env.json(&["audit", "--limit", "1", "--format", "json"]);
    assert_eq!(
        audit[0]["reason"], "统计口径调整，经区统计局核实",
        "{audit}"
    );
    assert_eq!(audit[0]["new_value"], "65");
}

/// A 统计月报 for 2024: title, merged period cells over 累计/增速, unit column, a note.
fn bulletin(retail_march: f64) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("统计月报").expect("name");
    let f = XFormat::new();
    ws.merge_range(0, 0, 0, 5, "江北区2024年1-3月主要经济指标", &f)
        .expect("title");
    ws.write_string(1, 0, "指标名称").expect("h");
    ws.write_string(1, 1, "计量单位").expect("h");
    ws.merge_range(1, 2, 1, 3, "1-2月", &f).expect("p");
    ws.merge_range(1, 4, 1, 5, "1-3月", &f).expect("p");
    for c in [2u16, 4] {
        ws.write_string(2, c, "累计").expect("s");
        ws.write_string(2, c + 1, "同比增长(%)").expect("s");
    }
    let rows: [(&str, &str, [Option<f64>; 4]); 4] = [
        ("地区生产总值", "亿元", [None, None, Some(420.5), Some(6.1)]),
        (
            "社会消费品零售总额",
            "亿元",
            [Some(120.3), Some(7.2), Some(181.0), Some(retail_march)],
        ),
        ("规模以上工业增加值", "", [None, Some(8.1), None, Some(8.6)]),
        (
            "招商引资到位资金",
            "亿元",
            [Some(50.0), None, Some(80.0), None],
        ),
    ];
    for (i, (name, unit, values)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string(r, 0, *name).expect("name");
        if !unit.is_empty() {
            ws.write_string(r, 1, *unit).expect("unit");
        }
        for (k, v) in values.iter().enumerate() {
            if let Some(v) = v {
                ws.write_number(r, 2 + k as u16, *v).expect("v");
            }
        }
    }
    ws.write_string(8, 0, "注：地区生产总值为季度数据，按可比价格计算。")
        .expect("note");
    wb.save_to_buffer().expect("xlsx")
}

fn actions(report: &Value) -> Vec<(String, String, String, String, Option<String>)> {
    report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["indicator"].as_str().unwrap_or("").to_string(),
                c["period"].as_str().unwrap_or("").to_string(),
                c["action"].as_str().unwrap_or("").to_string(),
                c["new"].as_str().unwrap_or("").to_string(),
                c["old"].as_str().map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn a_monthly_bulletin_is_listed_then_applied_then_unchanged() {
    let env = Env::with_demo();
    let file = env.file("月报.xlsx", &bulletin(7.6));
    let import = |extra: &[&str]| -> Value {
        let mut args = vec![
            "import",
            "monthly",
            file.as_str(),
            "--region",
            "江北区",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        env.json(&args)
    };
    let dry = import(&[]);
    assert_eq!(dry["applied"], false);
    let s = |x: &str| x.to_string();
    let want_new = vec![
        (s("地区生产总值增速"), s("1-3月"), s("new"), s("6.1"), None),
        (
            s("社会消费品零售总额增速"),
            s("1-2月"),
            s("new"),
            s("7.2"),
            None,
        ),
        (
            s("社会消费品零售总额增速"),
            s("1-3月"),
            s("new"),
            s("7.6"),
            None,
        ),
        (
            s("规上工业增加值增速"),
            s("1-2月"),
            s("new"),
            s("8.1"),
            None,
        ),
        (
            s("规上工业增加值增速"),
            s("1-3月"),
            s("new"),
            s("8.6"),
            None,
        ),
    ];
    let got = actions(&dry);
    let matched: Vec<_> = got.iter().filter(|c| c.2 != "unmatched").cloned().collect();
    assert_eq!(matched, want_new, "{dry}");
    // Amounts the plan has no indicator for are listed, not guessed.
    let unmatched: Vec<&str> = got
        .iter()
        .filter(|c| c.2 == "unmatched")
        .map(|c| c.0.as_str())
        .collect();
    assert!(unmatched.contains(&"招商引资到位资金"), "{unmatched:?}");
    assert!(dry["errors"].as_array().is_some_and(|e| e.is_empty()));
    let matched_again: Vec<_> = actions(&import(&[]))
        .into_iter()
        .filter(|c| c.2 != "unmatched")
        .collect();
    assert_eq!(matched_again, want_new, "a dry run writes nothing");

    let applied = import(&["--apply"]);
    assert_eq!(applied["applied"], true);
    let again = import(&[]);
    assert!(
        actions(&again)
            .iter()
            .filter(|c| c.2 != "unmatched")
            .all(|c| c.2 == "unchanged"),
        "{again}"
    );
    let audit = env.json(&["audit", "--limit", "5", "--format", "json"]);
    assert!(
        audit
            .as_array()
            .is_some_and(|a| a.iter().all(|e| e["action"] == "set_monthly"))
    );

    // A corrected bulletin: one value changes, old → new.
    let file2 = env.file("月报2.xlsx", &bulletin(7.9));
    let fixed = env.json(&[
        "import",
        "monthly",
        &file2,
        "--region",
        "江北区",
        "--format",
        "json",
    ]);
    let changed: Vec<_> = actions(&fixed)
        .into_iter()
        .filter(|c| c.2 == "changed")
        .collect();
    assert_eq!(
        changed,
        vec![(
            s("社会消费品零售总额增速"),
            s("1-3月"),
            s("changed"),
            s("7.9"),
            Some(s("7.6"))
        )]
    );
}

#[test]
fn a_bulletin_with_bad_cells_is_refused_whole_and_changes_nothing() {
    let env = Env::with_demo();
    let csv = "指标,1-2月,1-3月\n\
               地区生产总值增速,6.1,约六\n\
               社会消费品零售总额增速,7.2,1e999\n\
               固定资产投资增速,3.0,2000\n";
    let file = env.file("bad.csv", csv.as_bytes());
    let (out, err) = env.fails(&[
        "import",
        "monthly",
        &file,
        "--region",
        "江北区",
        "--year",
        "2024",
        "--format",
        "json",
        "--apply",
    ]);
    let report: Value = serde_json::from_str(&out).expect("json report");
    let cells: Vec<&str> = report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["cell"].as_str())
        .collect();
    assert_eq!(cells, ["C2", "C3"], "{report}");
    assert!(err.contains("约六") || err.contains("C2"), "{err}");
    // Readable but impossible: a growth rate of 2000% is refused with its cell.
    let csv = "指标,1-2月,1-3月\n地区生产总值增速,6.1,6.3\n固定资产投资增速,3.0,2000\n";
    let file = env.file("bad2.csv", csv.as_bytes());
    let (out, _) = env.fails(&[
        "import",
        "monthly",
        &file,
        "--region",
        "江北区",
        "--year",
        "2024",
        "--format",
        "json",
        "--apply",
    ]);
    let report: Value = serde_json::from_str(&out).expect("json report");
    assert_eq!(report["applied"], false);
    assert_eq!(report["errors"][0]["cell"], "C3", "{report}");
    let refused: Vec<&str> = report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["action"] == "refused")
        .filter_map(|c| c["cell"].as_str())
        .collect();
    assert_eq!(refused, ["C3"]);
    let file = env.file("good.csv", "指标,1-2月\n地区生产总值增速,6.1\n".as_bytes());
    let dry = env.json(&[
        "import",
        "monthly",
        &file,
        "--region",
        "江北区",
        "--year",
        "2024",
        "--format",
        "json",
    ]);
    assert_eq!(
        dry["changes"][0]["action"], "new",
        "nothing of the refused file was stored"
    );
}

#[test]
fn a_long_city_file_loads_several_regions_and_years() {
    let env = Env::with_demo();
    let csv = "地区,年度,指标,月份,数值\n\
               江北区,2024,地区生产总值增速,3,6.1\n\
               江北区,2024,地区生产总值增速,6,6.3\n\
               江北区,2023,城镇新增就业人数,12,3.62\n\
               南岸区,2024,地区生产总值增速,3,5.5\n";
    let file = env.file("city.csv", csv.as_bytes());
    let report = env.json(&["import", "monthly", &file, "--format", "json", "--apply"]);
    let got: Vec<(String, i64, String, String)> = report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["region"].as_str().unwrap_or("").to_string(),
                c["year"].as_i64().unwrap_or(0),
                c["period"].as_str().unwrap_or("").to_string(),
                c["action"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        got,
        vec![
            (s("江北区"), 2024, s("1-3月"), s("new")),
            (s("江北区"), 2024, s("1-6月"), s("new")),
            (s("江北区"), 2023, s("1-12月"), s("new")),
            (s("南岸区"), 2024, s("1-3月"), s("unmatched")),
        ]
    );
    assert_eq!(report["applied"], true);
    assert!(
        report["changes"][3]["message"]
            .as_str()
            .is_some_and(|m| m.contains("南岸区"))
    );
}

#[test]
fn the_indicator_template_exports_and_imports_back_unchanged() {
    let env = Env::with_demo();
    let out = env.dir.path().join("指标.csv");
    let out_s = out.to_string_lossy().into_owned();
    env.ok(&[
        "export",
        "indicators",
        "--region",
        "江北区",
        "--year",
        "2023",
        "--format",
        "csv",
        "-o",
        &out_s,
    ]);
    let first = std::fs::read(&out).expect("exported");
    let dry = env.json(&[
        "import",
        "indicators",
        &out_s,
        "--region",
        "江北区",
        "--year",
        "2023",
        "--format",
        "json",
    ]);
    assert!(
        dry["changes"]
            .as_array()
            .is_some_and(|c| !c.is_empty() && c.iter().all(|x| x["action"] == "unchanged")),
        "{dry}"
    );
    env.ok(&[
        "import",
        "indicators",
        &out_s,
        "--region",
        "江北区",
        "--year",
        "2023",
        "--apply",
    ]);
    let again = env.dir.path().join("again.csv");
    env.ok(&[
        "export",
        "indicators",
        "--region",
        "江北区",
        "--year",
        "2023",
        "--format",
        "csv",
        "-o",
        &again.to_string_lossy(),
    ]);
    assert_eq!(
        std::fs::read(&again).expect("again"),
        first,
        "byte-identical"
    );

    // Change one actual in the sheet: listed as changed, stored, judged.
    let text = String::from_utf8(first.clone()).expect("utf-8");
    assert!(text.contains("841.6"), "{text}");
    let edited = env.file("edited.csv", text.replace("841.6", "1020").as_bytes());
    let dry = env.json(&[
        "import",
        "indicators",
        &edited,
        "--region",
        "江北区",
        "--year",
        "2023",
        "--format",
        "json",
    ]);
    let changed: Vec<&Value> = dry["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["action"] == "changed")
        .collect();
    assert_eq!(changed.len(), 1, "{dry}");
    assert_eq!(
        (changed[0]["old"].as_str(), changed[0]["new"].as_str()),
        (Some("841.6"), Some("1020"))
    );
    assert_eq!(env.status("2023", "进出口总额").0, "below");
    env.ok(&[
        "import",
        "indicators",
        &edited,
        "--region",
        "江北区",
        "--year",
        "2023",
        "--apply",
    ]);
    let (status, actual) = env.status("2023", "进出口总额");
    assert_eq!((status.as_str(), actual.as_str()), ("met", Some("1020")));
    let audit = env.json(&["audit", "--limit", "1", "--format", "json"]);
    assert_eq!(
        audit[0]["action"], "set_actual",
        "a changed actual is audited as a value"
    );
}

/// `import indicators` for 江北区 2023 from the exported template, with `--apply` and more.
fn import_indicators(env: &Env, file: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "import",
        "indicators",
        file,
        "--region",
        "江北区",
        "--year",
        "2023",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    env.run(&args)
}

/// An audit entry's action, key, old and new values and reason.
type AuditRow = (String, String, Value, Value, Value);

/// The newest audit entries, newest first.
fn audit_rows(env: &Env, n: usize) -> Vec<AuditRow> {
    let limit = n.to_string();
    env.json(&["audit", "--limit", &limit, "--format", "json"])
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or("").to_string(),
                e["entity_key"].as_str().unwrap_or("").to_string(),
                e["old_value"].clone(),
                e["new_value"].clone(),
                e["reason"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_sheet_that_redefines_the_plan_still_audits_each_changed_value() {
    let env = Env::with_demo();
    let out = env.dir.path().join("指标.csv");
    env.ok(&[
        "export",
        "indicators",
        "--region",
        "江北区",
        "--year",
        "2023",
        "--format",
        "csv",
        "-o",
        &out.to_string_lossy(),
    ]);
    let exported = std::fs::read_to_string(&out).expect("exported");
    // A new responsible department (the system changes) with a new target; a new indicator
    // with its target and actual; a corrected actual; an actual held by a warning.
    let retail = "5,社会消费品零售总额增速（%）,预期性,7,8.7,区商务委";
    let gdp = "1,地区生产总值增速（%）,预期性,6.5以上,6.7,";
    assert!(exported.contains(retail) && exported.contains(gdp) && exported.contains("841.6"));
    let redefined = format!(
        "{}21,招商引资到位资金（亿元）,预期性,300,310,区投资促进局\n",
        exported
            .replace(
                retail,
                "5,社会消费品零售总额增速（%）,预期性,7.5,8.7,区商务局"
            )
            .replace(gdp, "1,地区生产总值增速（%）,预期性,6.5以上,67,")
            .replace("841.6", "1020")
    );
    let sheet = env.file("redefined.csv", redefined.as_bytes());
    let dry = import_indicators(&env, &sheet, &[]);
    assert!(dry.status.success());
    let dry: Value = serde_json::from_slice(&dry.stdout).expect("json");
    let mut moved: Vec<_> = actions(&dry)
        .into_iter()
        .filter(|c| c.2 != "unchanged")
        .collect();
    moved.sort();
    let row = |i: &str, p: &str, a: &str, new: &str, old: Option<&str>| {
        (
            i.to_string(),
            p.to_string(),
            a.to_string(),
            new.to_string(),
            old.map(str::to_string),
        )
    };
    let mut expected = vec![
        row("地区生产总值增速", "全年实际", "changed", "67", Some("6.7")),
        row(
            "社会消费品零售总额增速",
            "目标",
            "changed",
            "7.5",
            Some("7"),
        ),
        row("进出口总额", "全年实际", "changed", "1020", Some("841.6")),
        row("招商引资到位资金", "目标", "new", "300", None),
        row("招商引资到位资金", "全年实际", "new", "310", None),
    ];
    expected.sort();
    assert_eq!(moved, expected, "{dry}");

    // One bad cell refuses the whole sheet, named; nothing is written.
    let newest = audit_rows(&env, 1);
    let bad = env.file(
        "bad.csv",
        redefined.replace(",17.5,18.4,", ",17.5,1e999,").as_bytes(),
    );
    let refused = import_indicators(&env, &bad, &["--apply", "--reason", "统计局核定"]);
    assert!(!refused.status.success(), "a bad cell is refused");
    let report: Value = serde_json::from_slice(&refused.stdout).expect("json");
    assert_eq!(report["applied"], false);
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{report}");
    assert_eq!(
        (errors[0]["cell"].as_str(), errors[0]["value"].as_str()),
        (Some("E3"), Some("1e999"))
    );
    // Held by the warning and no reason: refused too.
    let unexplained = import_indicators(&env, &sheet, &["--apply"]);
    assert!(!unexplained.status.success());
    assert!(String::from_utf8_lossy(&unexplained.stderr).contains("原因"));
    assert_eq!(audit_rows(&env, 1), newest, "nothing written");
    let unchanged = env.dir.path().join("unchanged.csv");
    env.ok(&[
        "export",
        "indicators",
        "--region",
        "江北区",
        "--year",
        "2023",
        "--format",
        "csv",
        "-o",
        &unchanged.to_string_lossy(),
    ]);
    assert_eq!(std::fs::read_to_string(&unchanged).expect("csv"), exported);

    // Applied: the plan saved once, then each changed value on its own, old → new, the
    // warning's reason with the value it let in.
    let applied = import_indicators(&env, &sheet, &["--apply", "--reason", "统计局核定"]);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    let mut got = audit_rows(&env, 6);
    got.reverse();
    let entry = |a: &str, k: &str, old: Value, new: &str, reason: Value| {
        (
            a.to_string(),
            format!("江北区/2023{k}"),
            old,
            Value::from(new),
            reason,
        )
    };
    assert_eq!(
        got,
        vec![
            entry(
                "save_plan",
                "",
                Value::Null,
                "21 indicators (replacing 20)",
                Value::Null
            ),
            entry(
                "set_actual",
                "/地区生产总值增速",
                Value::from("6.7"),
                "67",
                Value::from("统计局核定")
            ),
            entry(
                "set_target",
                "/社会消费品零售总额增速",
                Value::from("7"),
                "7.5",
                Value::Null
            ),
            entry(
                "set_actual",
                "/进出口总额",
                Value::from("841.6"),
                "1020",
                Value::Null
            ),
            entry(
                "set_target",
                "/招商引资到位资金",
                Value::Null,
                "300",
                Value::Null
            ),
            entry(
                "set_actual",
                "/招商引资到位资金",
                Value::Null,
                "310",
                Value::Null
            ),
        ]
    );
    // The new system is stored and judged.
    env.ok(&[
        "export",
        "indicators",
        "--region",
        "江北区",
        "--year",
        "2023",
        "--format",
        "csv",
        "-o",
        &unchanged.to_string_lossy(),
    ]);
    let stored = std::fs::read_to_string(&unchanged).expect("csv");
    assert!(
        stored.contains("5,社会消费品零售总额增速（%）,预期性,7.5,8.7,区商务局"),
        "{stored}"
    );
    assert!(stored.contains("21,招商引资到位资金（亿元）,预期性,300,310,区投资促进局"));
    assert_eq!(env.status("2023", "进出口总额").0, "met");
    assert_eq!(env.status("2023", "招商引资到位资金").0, "met");
}

#[test]
fn a_blank_template_lists_the_indicators_without_figures() {
    let env = Env::with_demo();
    let out = env.dir.path().join("blank.xlsx");
    env.ok(&[
        "export",
        "indicators",
        "--region",
        "江北区",
        "--year",
        "2030",
        "--blank",
        "-o",
        &out.to_string_lossy(),
    ]);
    assert!(Path::new(&out).exists());
    let csv = env.dir.path().join("blank.csv");
    env.ok(&[
        "export",
        "indicators",
        "--region",
        "江北区",
        "--year",
        "2024",
        "--blank",
        "--format",
        "csv",
        "-o",
        &csv.to_string_lossy(),
    ]);
    let text = std::fs::read_to_string(&csv).expect("csv");
    assert!(
        text.contains("核心指标") && text.contains("地区生产总值增速（%）"),
        "{text}"
    );
    assert!(!text.contains("6以上"), "blank: no targets");
}

#[test]
fn figures_due_lists_what_each_department_owes_and_what_is_late() {
    let env = Env::with_demo();
    let file = env.file("m.csv", "指标,1-3月\n地区生产总值增速,6.1\n".as_bytes());
    env.ok(&[
        "import",
        "monthly",
        &file,
        "--region",
        "江北区",
        "--year",
        "2024",
        "--apply",
    ]);
    let due = |today: &str| -> Vec<Value> {
        let v = env.json(&[
            "figures",
            "due",
            "--month",
            "3",
            "--region",
            "江北区",
            "--year",
            "2024",
            "--today",
            today,
            "--format",
            "json",
        ]);
        v.as_array().cloned().expect("list")
    };
    let late = due("2024-04-15");
    let of = |list: &[Value], name: &str| {
        list.iter()
            .find(|o| o["indicator"] == name)
            .map(|o| o["standing"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(of(&late, "地区生产总值增速").as_deref(), Some("approved"));
    assert_eq!(of(&late, "固定资产投资增速").as_deref(), Some("late"));
    assert_eq!(
        late[0]["due"],
        serde_json::json!({"year": 2024, "month": 4, "day": 10})
    );
    let early = due("2024-04-05");
    assert_eq!(of(&early, "固定资产投资增速").as_deref(), Some("due"));
    let table = env.ok(&[
        "figures",
        "due",
        "--month",
        "3",
        "--region",
        "江北区",
        "--year",
        "2024",
        "--today",
        "2024-04-15",
    ]);
    assert!(
        table.contains("区发展改革委") && table.contains("逾期未报"),
        "{table}"
    );
}
