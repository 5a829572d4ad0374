//! `planwatch fill-actuals`: a district's statistical bulletin read for figures and matched to
//! the demo region's 2024 indicators — listed as a dry run, applied, audited and judged; a
//! later bulletin that disagrees with a stored actual is reported as a conflict and kept until
//! asked to overwrite with a reason.

mod common;

use common::{corpus, ok, run};
use serde_json::Value;
use std::path::Path;

/// A district bulletin of our own writing: figures in prose and in a one-cell-per-line table.
fn bulletin(gdp_growth: &str) -> String {
    format!(
        "江北区2024年国民经济和社会发展统计公报\n\n江北区统计局\n\n一、综合\n\n\
         初步核算，全年地区生产总值1744亿元，比上年增长{gdp_growth}%。全年人均地区生产总值19.6万元，\
         增长5.8%。全年规模以上工业增加值比上年增长9.2%。\n\n\
         表1　2024年主要指标及其增长速度\n\n指标\n单位\n绝对数\n比上年增长（%）\n\n\
         固定资产投资\n亿元\n412.5\n-3.1\n\n社会消费品零售总额\n亿元\n869\n8.1\n\n\
         城镇新增就业人数\n万人\n3.8\n\n全体居民人均可支配收入\n元\n52010\n5.6\n\n\
         港口货物吞吐量\n万吨\n1520\n2.0\n"
    )
}

fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(db, args)).expect("json")
}

/// (indicator, action, new, old) of the matched values.
fn matched(report: &Value) -> Vec<(String, String, String, Option<String>)> {
    report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["action"] != "unmatched")
        .map(|c| {
            (
                c["indicator"].as_str().unwrap_or("").to_string(),
                c["action"].as_str().unwrap_or("").to_string(),
                c["new"].as_str().unwrap_or("").to_string(),
                c["old"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn status(db: &Path, name: &str) -> (String, Value) {
    let eval = json(
        db,
        &[
            "evaluate",
            "--region",
            "江北区",
            "--year",
            "2024",
            "--format",
            "json",
        ],
    );
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

#[test]
fn a_bulletin_fills_the_actuals_and_a_later_one_conflicts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pw.db");
    ok(&db, &["demo"]);
    let file = dir.path().join("公报2024.txt");
    std::fs::write(&file, bulletin("6.1")).expect("write");
    let file = file.to_str().expect("utf-8");
    let fill = |extra: &[&str]| -> Value {
        let mut args = vec![
            "fill-actuals",
            file,
            "--region",
            "江北区",
            "--year",
            "2024",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        json(&db, &args)
    };
    let s = |x: &str| x.to_string();
    let want = vec![
        (s("地区生产总值增速"), s("new"), s("6.1"), None),
        (s("人均地区生产总值"), s("new"), s("19.6"), None),
        (s("规上工业增加值增速"), s("new"), s("9.2"), None),
        (s("固定资产投资增速"), s("new"), s("-3.1"), None),
        (s("社会消费品零售总额增速"), s("new"), s("8.1"), None),
        (s("城镇新增就业人数"), s("new"), s("3.8"), None),
        (s("全体居民人均可支配收入增速"), s("new"), s("5.6"), None),
    ];
    let dry = fill(&[]);
    assert_eq!(dry["applied"], false);
    assert_eq!(matched(&dry), want, "{dry}");
    // What the plan has no indicator for is listed, not guessed.
    let unmatched: Vec<&str> = dry["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["action"] == "unmatched")
        .filter_map(|c| c["indicator"].as_str())
        .collect();
    assert!(unmatched.contains(&"港口货物吞吐量"), "{unmatched:?}");
    assert!(unmatched.contains(&"地区生产总值"), "{unmatched:?}");
    assert_eq!(
        status(&db, "地区生产总值增速").1,
        Value::Null,
        "a dry run writes nothing"
    );

    // The text listing names the file's line of every value.
    let text = ok(
        &db,
        &["fill-actuals", file, "--region", "江北区", "--year", "2024"],
    );
    assert!(
        text.contains("新增\t江北区 2024\t地区生产总值增速"),
        "{text}"
    );
    assert!(text.contains("公报2024.txt!第7行"), "{text}");
    assert!(text.contains("试运行"), "{text}");

    let applied = fill(&["--apply"]);
    assert_eq!(applied["applied"], true);
    let (st, actual) = status(&db, "地区生产总值增速");
    assert_eq!((st.as_str(), actual), ("met", Value::from("6.1")));
    let audit = json(&db, &["audit", "--limit", "7", "--format", "json"]);
    assert!(
        audit
            .as_array()
            .is_some_and(|a| a.len() == 7 && a.iter().all(|e| e["action"] == "set_actual")),
        "{audit}"
    );
    assert!(
        matched(&fill(&[])).iter().all(|c| c.1 == "unchanged"),
        "filled once, the same bulletin changes nothing"
    );

    // A revised bulletin: the stored actual is kept, the difference reported.
    let revised = dir.path().join("公报2024修订.txt");
    std::fs::write(&revised, bulletin("6.3")).expect("write");
    let revised = revised.to_str().expect("utf-8");
    let refill = |extra: &[&str]| {
        let mut args = vec![
            "fill-actuals",
            revised,
            "--region",
            "江北区",
            "--year",
            "2024",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        run(&db, &args)
    };
    let out = refill(&["--apply"]);
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let conflicts: Vec<_> = matched(&report)
        .into_iter()
        .filter(|c| c.1 != "unchanged")
        .collect();
    assert_eq!(
        conflicts,
        vec![(
            s("地区生产总值增速"),
            s("conflict"),
            s("6.3"),
            Some(s("6.1"))
        )]
    );
    assert_eq!(
        status(&db, "地区生产总值增速").1,
        Value::from("6.1"),
        "kept"
    );

    // Overwriting is a correction: refused without a reason, written with one.
    let out = refill(&["--apply", "--overwrite"]);
    assert!(!out.status.success(), "a correction needs a reason");
    assert_eq!(status(&db, "地区生产总值增速").1, Value::from("6.1"));
    let out = refill(&["--apply", "--overwrite", "--reason", "区统计局修订"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(status(&db, "地区生产总值增速").1, Value::from("6.3"));
    let audit = json(&db, &["audit", "--limit", "1", "--format", "json"]);
    assert_eq!(audit[0]["reason"], "区统计局修订", "{audit}");
}

#[test]
fn a_file_without_figures_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pw.db");
    ok(&db, &["demo"]);
    let file = dir.path().join("空.txt");
    std::fs::write(&file, "这是一段没有任何数字的文字。\n").expect("write");
    let out = run(
        &db,
        &[
            "fill-actuals",
            file.to_str().expect("utf-8"),
            "--region",
            "江北区",
            "--year",
            "2024",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("空.txt") && err.contains("no figures"),
        "{err}"
    );
}

/// The national bulletin (real, in the corpus) against a district's plan: the nation's
/// 国内生产总值 and 全国… name the district's measures; names that share most characters but
/// replace some (第一产业… against 文化产业…) are not taken.
#[test]
fn the_national_bulletin_names_a_district_plans_measures() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pw.db");
    ok(&db, &["demo"]);
    let file = corpus.join("national_bulletin2024.txt");
    let report = json(
        &db,
        &[
            "fill-actuals",
            file.to_str().expect("utf-8"),
            "--region",
            "江北区",
            "--year",
            "2024",
            "--format",
            "json",
        ],
    );
    let found: Vec<(String, String)> = report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["action"] != "unmatched")
        .map(|c| {
            (
                c["indicator"].as_str().unwrap_or("").to_string(),
                c["source"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for (indicator, source) in [
        ("地区生产总值增速", "国内生产总值"),
        ("人均地区生产总值", "人均国内生产总值"),
        ("城镇新增就业人数", "全国城镇新增就业"),
    ] {
        assert!(
            found.iter().any(|(i, s)| i == indicator && s == source),
            "{indicator} from {source}: {found:?}"
        );
    }
    assert!(
        !found
            .iter()
            .any(|(i, _)| i == "文化产业增加值占地区生产总值比重"),
        "{found:?}"
    );
    // Nothing is written by the dry run.
    assert_eq!(report["applied"], false);
}
