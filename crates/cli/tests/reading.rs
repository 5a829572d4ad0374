//! `read`, `import-report` and `review` on the real binary, over the published corpus (present
//! in CI beside the repository) and over a synthetic report written here.

mod common;

use common::corpus;
use planwatch_domain::lang::outside_quotes;
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

#[test]
fn jiangbei_is_read_imported_judged_and_reviewed() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pw.db");
    let file = corpus.join("jiangbei-2023.txt");
    let file = file.to_str().expect("utf-8 path");

    let json: Value =
        serde_json::from_str(&ok(&db, &["read", file, "--format", "json"])).expect("json");
    let rows = json["indicators"].as_array().expect("indicators[]");
    assert_eq!(rows.len(), 41, "20 + 21 annex rows");
    for row in rows {
        for key in ["table", "year", "name", "unit", "binding"] {
            assert!(row.get(key).is_some(), "{key} missing in {row}");
        }
        assert!(row["target"]["text"].is_string());
    }
    assert!(json["claims"].as_array().is_some_and(|c| !c.is_empty()));
    assert!(json["diagnostics"].is_array());

    let out = ok(&db, &["import-report", file]);
    assert!(
        out.contains("江北区 2023: 20") && out.contains("江北区 2024: 21"),
        "{out}"
    );
    let eval: Value = serde_json::from_str(&ok(
        &db,
        &[
            "evaluate",
            "--region",
            "江北区",
            "--year",
            "2023",
            "--format",
            "json",
        ],
    ))
    .expect("json");
    let status = |name: &str| {
        eval["indicators"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["name"] == name))
            .and_then(|r| r["status"].as_str())
            .map(str::to_string)
    };
    assert_eq!(status("规上工业增加值增速").as_deref(), Some("below"));
    assert_eq!(status("实际使用外资FDI").as_deref(), Some("pending"));
    let diff = ok(
        &db,
        &[
            "diff",
            "--region",
            "江北区",
            "2023",
            "2024",
            "--format",
            "json",
        ],
    );
    assert!(diff.contains("区级税收收入增速"));

    let review: Value =
        serde_json::from_str(&ok(&db, &["review", file, "--format", "json"])).expect("json");
    let findings = review["findings"].as_array().expect("findings[]");
    let text = review.to_string();
    for f in findings {
        for key in ["kind", "severity", "message"] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
    // The prose omits 规上工业增加值增速 from its list of five, counts 14 + 5 of 20, and counts
    // FDI as below while the table has no figure for it.
    assert!(text.contains("规上工业增加值增速"), "{text}");
    assert!(text.contains("实际使用外资"), "{text}");
    let html = ok(&db, &["review", file, "--format", "html"]);
    assert!(html.contains("<") && html.contains("规上工业增加值增速"));
    // JSON carries both languages; `--lang en` prints the same findings in English.
    assert!(
        findings.iter().all(|f| f["message_en"].is_string()),
        "{text}"
    );
    let md = ok(&db, &["review", file, "--lang", "en"]);
    assert!(md.starts_with("# Report self-review"), "{md}");
    assert!(md.contains("“规上工业增加值增速”"), "{md}");
    assert!(!md.contains("发现的问题"), "{md}");
}

#[test]
fn every_corpus_file_reads_without_failing() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pw.db");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "corpus has its ten reports");
    for f in files {
        let s = f.to_str().expect("utf-8 path");
        let json: Value = serde_json::from_str(&ok(&db, &["read", s, "--format", "json"]))
            .unwrap_or_else(|e| panic!("{s}: {e}"));
        assert!(json["diagnostics"].is_array(), "{s}");
        let review = ok(&db, &["review", s, "--format", "json"]);
        assert!(review.contains("findings"), "{s}");
    }
}

#[test]
fn unreadable_input_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pw.db");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").expect("write");
    let out = run(&db, &["read", empty.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("empty.txt") && err.contains("empty"), "{err}");

    let binary = dir.path().join("blob.txt");
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&binary, bytes).expect("write");
    let out = run(
        &db,
        &[
            "import-report",
            binary.to_str().expect("utf-8"),
            "--region",
            "某区",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("blob.txt"));
    assert!(
        !db.exists() || {
            let regions = ok(&db, &["regions"]);
            regions.trim().is_empty()
        },
        "nothing stored from an unreadable file"
    );

    let missing = dir.path().join("nope.docx");
    let out = run(&db, &["review", missing.to_str().expect("utf-8")]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.docx"));
    // The review itself says so, as its first finding, and the command fails.
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("无法读取该文件"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_synthetic_fullwidth_report_imports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pw.db");
    let file = dir.path().join("某县.txt");
    // A report of our own in the Jiangbei layout, with full-width punctuation and a split cell.
    let text = "关于某省某县2025年国民经济和社会发展计划执行情况及2026年计划草案的报告\n\
        各位代表：\n——主要指标：3项指标中2项完成目标，1项略低于预期。\n\
        附件1\n2025年国民经济和社会发展计划主要指标完成情况\n\n\
        \t序号\n\t指标名称\n\t2025年预期目标\n\t实际完成\n\n\
        \t1\n\t地区生产总值增速（％）\n\t６以上\n\t６．２\n\n\
        \t2\n\t城镇调查失业率（％）*\n\t≤５．５\n\t５．１\n\n\
        \t3\n\t进出口总额（亿元）\n\t２００\n\t完成市级\n\n下达目标\n\n\n\
        注：加*为约束性指标；其他为预期性指标。\n";
    std::fs::write(&file, text).expect("write");
    let out = ok(
        &db,
        &[
            "import-report",
            file.to_str().expect("utf-8"),
            "--region",
            "某县",
        ],
    );
    assert!(out.contains("某县 2025: 3"), "{out}");
    let eval: Value = serde_json::from_str(&ok(
        &db,
        &[
            "evaluate", "--region", "某县", "--year", "2025", "--format", "json",
        ],
    ))
    .expect("json");
    let rows = eval["indicators"].as_array().expect("rows");
    assert_eq!(rows[1]["actual"]["text"], "５．１");
    assert!(["met", "exceeded"].contains(&rows[1]["status"].as_str().unwrap_or("")));
}

/// `review --db`: the report's new targets against the database's history of its region (the
/// demo's 2023 actuals: 地区生产总值增速 6.7 against the 2024 target 6以上), said to be
/// impossible for a region the database does not hold, and not made without `--db`.
#[test]
fn review_with_a_database_checks_the_new_targets_against_its_history() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let file = corpus.join("jiangbei-2023.txt");
    let file = file.to_str().expect("utf-8 path");
    let realism = |out: &str| -> Vec<String> {
        let v: Value = serde_json::from_str(out).expect("json");
        v["findings"]
            .as_array()
            .expect("findings[]")
            .iter()
            .filter(|f| f["kind"] == "target_realism")
            .map(|f| f["message"].as_str().unwrap_or_default().to_string())
            .collect()
    };

    let demo = dir.path().join("demo.db");
    ok(&demo, &["demo"]);
    let found = realism(&ok(&demo, &["review", file, "--format", "json"]));
    assert!(
        found.iter().any(|m| m.starts_with("地区生产总值增速")
            && m.contains("低于上年实际")
            && m.contains("6.7")),
        "{found:?}"
    );

    let empty = dir.path().join("empty.db");
    ok(&empty, &["migrate"]);
    let found = realism(&ok(&empty, &["review", file, "--format", "json"]));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("数据库中没有江北区的计划数据"),
        "{found:?}"
    );

    // Without --db (nor PLANWATCH_DATABASE_URL) the review is of the report alone.
    let out = Command::new(env!("CARGO_BIN_EXE_planwatch"))
        .current_dir(dir.path())
        .args(["review", file, "--format", "json"])
        .env_remove("PLANWATCH_DATABASE_URL")
        .output()
        .expect("run planwatch");
    assert!(out.status.success());
    assert!(realism(&String::from_utf8_lossy(&out.stdout)).is_empty());

    // `diff` shows the new year's target findings after its changes.
    let diff = ok(&demo, &["diff", "--region", "江北区", "2023", "2024"]);
    let (_, after) = diff
        .split_once("2024年目标合理性")
        .expect("a realism section");
    assert!(
        after.contains("地区生产总值增速") && after.contains("6.7"),
        "{diff}"
    );
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32, 0x2E80..=0x303F | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
    })
}

#[test]
fn diagnostics_are_shown_in_the_language_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pw.db");
    let file = dir.path().join("某县.txt");
    // A caption with no table under it and a header with no rows: two diagnostics, and no
    // indicator table, so the review lists them as what it could not read.
    std::fs::write(
        &file,
        "关于某县2024年国民经济和社会发展计划执行情况的报告\n\n\
         全县地区生产总值增长5.1%。\n\n\
         附表1 2024年主要指标计划\n\n\
         序号 指标名称 2025年目标 单位\n",
    )
    .expect("write");
    let file = file.to_str().expect("utf-8 path");

    let zh = ok(&db, &["read", file]);
    assert!(
        zh.contains("诊断：") && zh.contains("第5行：表格标题“附表1 2024年主要指标计划”之后"),
        "{zh}"
    );
    let en = ok(&db, &["read", file, "--lang", "en"]);
    let diags: Vec<&str> = en
        .lines()
        .skip_while(|l| *l != "Diagnostics:")
        .skip(1)
        .collect();
    assert_eq!(diags.len(), 2, "{en}");
    assert!(diags[0].starts_with("  line 5: "), "{en}");
    assert!(diags[0].contains("“附表1 2024年主要指标计划”"), "{en}");
    for l in &diags {
        assert!(!has_cjk(&outside_quotes(l)), "Chinese in {l:?}");
    }

    let json: Value =
        serde_json::from_str(&ok(&db, &["read", file, "--format", "json"])).expect("json");
    let ds = json["diagnostics"].as_array().expect("diagnostics[]");
    assert_eq!(ds.len(), 2, "{json}");
    for d in ds {
        assert!(d["message"].as_str().is_some_and(has_cjk), "{d}");
        let en = d["message_en"].as_str().expect("message_en");
        assert!(!en.is_empty() && !has_cjk(&outside_quotes(en)), "{d}");
    }

    let md = ok(&db, &["review", file, "--lang", "en"]);
    assert!(
        md.contains("line 7: “序号 指标名称 2025年目标 单位” looks like"),
        "{md}"
    );
    assert!(!has_cjk(&outside_quotes(&md)), "{md}");
    let md = ok(&db, &["review", file]);
    assert!(
        md.contains("第7行：“序号 指标名称 2025年目标 单位”像是"),
        "{md}"
    );
}
