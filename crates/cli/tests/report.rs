//! `planwatch report` and `planwatch export-table` on the demo region, with the real binary.

use std::process::Command;

fn planwatch(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_planwatch"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run planwatch")
}

#[test]
fn report_and_export_table_write_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("planwatch.db");
    assert!(planwatch(&db, &["demo"]).status.success());
    for f in ["docx", "xlsx", "html", "md", "txt"] {
        let out = dir.path().join(format!("report.{f}"));
        let o = out.to_str().expect("path");
        let r = planwatch(
            &db,
            &[
                "report",
                "--region",
                "江北区",
                "--year",
                "2024",
                "--format",
                f,
                "-o",
                o,
            ],
        );
        assert!(
            r.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&r.stderr)
        );
        assert!(std::fs::metadata(&out).expect("written").len() > 500, "{f}");
    }
    let txt = std::fs::read_to_string(dir.path().join("report.txt")).expect("txt");
    assert!(txt.contains("附件1") && txt.contains("核心指标8项"));
    for f in ["csv", "xlsx", "json"] {
        let out = dir.path().join(format!("eval.{f}"));
        let o = out.to_str().expect("path");
        let r = planwatch(
            &db,
            &[
                "export-table",
                "--region",
                "江北区",
                "--year",
                "2023",
                "--table",
                "evaluation",
                "--format",
                f,
                "-o",
                o,
            ],
        );
        assert!(
            r.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&r.stderr)
        );
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("eval.json")).expect("json"))
            .expect("parse");
    assert_eq!(json.as_array().map(Vec::len), Some(20));
    let missing = planwatch(
        &db,
        &[
            "report",
            "--region",
            "无此区",
            "--year",
            "2024",
            "--format",
            "txt",
            "-o",
            "/dev/null",
        ],
    );
    assert!(!missing.status.success());
}
