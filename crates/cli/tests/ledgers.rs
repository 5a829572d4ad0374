//! The ledger commands on the real binary: import all-or-nothing, export round trip, figures,
//! lights and the vote tally on the demo region.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planwatch"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PLANWATCH_DATABASE_URL")
        .output()
        .expect("run planwatch")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "planwatch {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// `projects summary --format json` for a region-year.
fn summary_json(db: &Path, region: &str, year: &str) -> String {
    ok(
        db,
        &[
            "projects", "summary", "--region", region, "--year", year, "--format", "json",
        ],
    )
}

/// The demo's 2024 vote tallied for ten seats, as JSON.
fn tally_json(db: &Path) -> String {
    ok(
        db,
        &[
            "vote",
            "tally",
            "--region",
            "江北区",
            "--year",
            "2024",
            "--seats",
            "10",
            "--format",
            "json",
        ],
    )
}

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pw.db");
    ok(&db, &["demo"]);
    (dir, db)
}

#[test]
fn the_demo_project_figures_read_like_the_report() {
    let (_dir, db) = demo();
    let out = ok(
        &db,
        &[
            "projects",
            "summary",
            "--region",
            "江北区",
            "--year",
            "2023",
        ],
    );
    assert!(
        out.contains("234个区级重点项目完成投资252亿元、同比增长9%")
            && out.contains("开工率达到100%")
            && out.contains("86个续建项目投资进度达124%"),
        "{out}"
    );
    let plan = ok(
        &db,
        &[
            "projects",
            "summary",
            "--region",
            "江北区",
            "--year",
            "2024",
        ],
    );
    assert!(
        plan.contains("237") && plan.contains("2001.5") && plan.contains("268.3"),
        "{plan}"
    );
    let json = summary_json(&db, "江北区", "2024");
    let v: Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["report"]["overall"]["projects"], 237);
}

#[test]
fn the_vote_tally_adopts_ten_of_fifteen() {
    let (_dir, db) = demo();
    let json = tally_json(&db);
    let v: Value = serde_json::from_str(&json).expect("json");
    let adopted = v["adopted"].as_array().expect("adopted[]");
    assert_eq!(adopted.len(), 10);
    let candidates = v["candidates"].as_array().expect("candidates[]");
    assert_eq!(candidates.len(), 15);
    for c in candidates {
        let sum: u64 = ["for", "against", "abstain", "unmarked"]
            .iter()
            .map(|k| c[*k].as_u64().expect("count"))
            .sum();
        assert_eq!(
            sum, 300,
            "every valid ballot counted once for {}",
            c["name"]
        );
    }
    // Adoption order: most approvals first.
    let votes = |name: &Value| {
        candidates
            .iter()
            .find(|c| &c["name"] == name)
            .and_then(|c| c["for"].as_u64())
            .expect("adopted candidate listed")
    };
    for w in adopted.windows(2) {
        assert!(votes(&w[0]) >= votes(&w[1]));
    }
}

#[test]
fn an_export_imports_back_unchanged() {
    let (dir, db) = demo();
    for (kind, year) in [
        ("projects", "2023"),
        ("livelihood", "2024"),
        ("tasks", "2024"),
    ] {
        for ext in ["xlsx", "csv"] {
            let file = dir.path().join(format!("{kind}.{ext}"));
            let file_s = file.to_str().expect("utf-8 path");
            ok(
                &db,
                &[
                    "export",
                    kind,
                    "--region",
                    "江北区",
                    "--year",
                    year,
                    "--format",
                    ext,
                    "-o",
                    file_s,
                ],
            );
            let copy = format!("副本{kind}{ext}");
            let mut args = vec!["import", kind, file_s, "--region", &copy, "--year", year];
            let sibling = dir.path().join(format!("{kind}.月度进度.csv"));
            let sibling_s = sibling.to_str().expect("utf-8").to_string();
            if ext == "csv" && kind == "projects" && sibling.exists() {
                args.extend(["--monthly", &sibling_s]);
            }
            ok(&db, &args);
            let again = dir.path().join(format!("{kind}.again.{ext}"));
            let again_s = again.to_str().expect("utf-8 path");
            ok(
                &db,
                &[
                    "export", kind, "--region", &copy, "--year", year, "--format", ext, "-o",
                    again_s,
                ],
            );
            if ext == "csv" {
                assert_eq!(
                    std::fs::read(&file).expect("first"),
                    std::fs::read(&again).expect("second"),
                    "{kind} {ext} export → import → export is identical"
                );
            }
        }
    }
    // xlsx files carry timestamps, so compare what they say through the JSON figures instead.
    let a = summary_json(&db, "江北区", "2023");
    let b = summary_json(&db, "副本projectsxlsx", "2023");
    let strip = |s: &str| {
        let mut v: Value = serde_json::from_str(s).expect("json");
        v["region"] = Value::Null;
        v
    };
    assert_eq!(strip(&a), strip(&b));
}

#[test]
fn a_bad_ledger_is_refused_whole_with_every_problem_located() {
    let (dir, db) = demo();
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        "项目编号,项目名称,投资类别,项目阶段,建设状态,责任单位,所属镇街,行业,总投资（亿元）,年度计划投资（亿元）,本年完成投资（亿元）,上年同期完成投资（亿元）,计划开工时间,实际开工时间,计划竣工时间,实际竣工时间\n\
         X1,好项目,社会投资,续建,在建,区发展改革委,观音桥街道,交通,10,2,1,1,,,,\n\
         X2,坏项目,社会投资,半建,在建,区发展改革委,观音桥街道,交通,-5,2,1,1,,,,\n\
         X1,重复编号,政府投资,续建,在建,区发展改革委,观音桥街道,交通,十亿,2,1,1,,,,\n",
    )
    .expect("write");
    let before = summary_json(&db, "江北区", "2023");
    let out = run(
        &db,
        &[
            "import",
            "projects",
            file.to_str().expect("utf-8"),
            "--region",
            "江北区",
            "--year",
            "2023",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in ["bad.csv", "半建", "-5", "X1", "项目阶段", "总投资"] {
        assert!(err.contains(needle), "{needle} missing from:\n{err}");
    }
    let after = summary_json(&db, "江北区", "2023");
    assert_eq!(before, after, "a refused import changes nothing");
}

#[test]
fn lights_and_rollover_work_on_the_demo() {
    let (_dir, db) = demo();
    let json = ok(
        &db,
        &[
            "projects",
            "lights",
            "--region",
            "江北区",
            "--year",
            "2023",
            "--month",
            "6",
            "--format",
            "json",
        ],
    );
    let v: Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(234));
    let refused = run(
        &db,
        &[
            "projects",
            "rollover",
            "--region",
            "江北区",
            "--year",
            "2023",
        ],
    );
    assert!(
        !refused.status.success(),
        "the 2024 plan ledger is not overwritten silently"
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--replace"));
    let out = ok(
        &db,
        &[
            "projects",
            "rollover",
            "--region",
            "江北区",
            "--year",
            "2023",
            "--replace",
        ],
    );
    // 24 of the 86 continuing projects were completed and drop out.
    assert!(out.contains("carried 210 of 234"), "{out}");
    let tasks = ok(
        &db,
        &[
            "tasks",
            "list",
            "--region",
            "江北区",
            "--year",
            "2024",
            "--today",
            "2024-07-15",
        ],
    );
    assert!(
        tasks.contains("新增学位超8000个") && tasks.contains("红灯"),
        "{tasks}"
    );
}

#[test]
fn the_vote_tally_is_reproducible_from_the_audit_trail_alone() {
    use planwatch_domain::livelihood::{Ballot, Candidate, TallyRule, tally};
    let (_dir, db) = demo();
    let audit: Value = serde_json::from_str(&ok(
        &db,
        &["audit", "--limit", "100000", "--format", "json"],
    ))
    .expect("json");
    // Newest first: the latest recorded candidate list and ballots of 江北区 2024.
    let recorded = |entity: &str| -> Vec<Value> {
        let entry = audit
            .as_array()
            .and_then(|a| {
                a.iter().find(|e| {
                    e["action"] == "replace_ledger"
                        && e["entity"] == entity
                        && e["entity_key"] == "江北区/2024"
                })
            })
            .unwrap_or_else(|| panic!("no audit entry for {entity}"));
        let body: Value =
            serde_json::from_str(entry["new_value"].as_str().expect("text")).expect("json body");
        body["data"].as_array().expect("data[]").clone()
    };
    let candidates: Vec<Candidate> = recorded("livelihood_candidates")
        .into_iter()
        .map(|v| serde_json::from_value(v).expect("candidate"))
        .collect();
    let ballots: Vec<Ballot> = recorded("ballots")
        .into_iter()
        .map(|v| serde_json::from_value(v).expect("ballot"))
        .collect();
    let from_audit = tally(&candidates, &ballots, &TallyRule::seats(10));
    let from_store: Value = serde_json::from_str(&tally_json(&db)).expect("json");
    assert_eq!(
        serde_json::to_value(&from_audit).expect("serialise"),
        from_store,
        "the same tally from the audit trail as from the ledger"
    );
}
