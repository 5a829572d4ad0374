//! The review on the corpus (Jiangbei whole; Jiangmen, Putian and the livelihood notice for
//! recomputation) and on synthetic reports written for the purpose.
// Expected rows are written as tuples, which is what makes them readable as data.
#![allow(clippy::type_complexity)]

use planwatch_domain::{Lang, Rules};
use planwatch_review::{Finding, FindingKind, Severity, render_html, render_md, review};
use std::path::PathBuf;

fn corpus(name: &str) -> Option<String> {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    loop {
        let p = dir.join("shared").join("corpus").join(name);
        if let Ok(s) = std::fs::read_to_string(&p) {
            return Some(s);
        }
        if !dir.pop() {
            eprintln!("note: shared/corpus not found; skipping the test on {name}");
            return None;
        }
    }
}

fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../reader/tests/fixtures")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn run(text: &str) -> Vec<Finding> {
    review(&planwatch_reader::read_text(text), &Rules::default())
}

fn problems(f: &[Finding], kind: FindingKind) -> Vec<&Finding> {
    f.iter().filter(|x| x.kind == kind && !x.passed).collect()
}

fn passes(f: &[Finding], kind: FindingKind) -> Vec<&Finding> {
    f.iter().filter(|x| x.kind == kind && x.passed).collect()
}

/// Chinese characters in an English sentence outside the texts it quotes (“…”).
fn chinese_outside_quotes(s: &str) -> String {
    planwatch_domain::lang::outside_quotes(s)
        .chars()
        .filter(|c| matches!(*c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF))
        .collect()
}

fn lines(f: &Finding) -> Vec<usize> {
    f.evidence.iter().map(|e| e.line).collect()
}

#[test]
fn jiangbei_prose_against_its_annex() {
    let Some(text) = corpus("jiangbei-2023.txt") else {
        return;
    };
    let f = run(&text);

    // 14 + 5 = 19, not 20.
    let count = problems(&f, FindingKind::SummaryCount);
    let adds_up = count
        .iter()
        .find(|x| x.message.contains("合计19项"))
        .expect("the 14+5≠20 finding");
    assert_eq!(adds_up.severity, Severity::Warning);
    assert!(adds_up.message.contains("20项"));
    assert!(lines(adds_up).contains(&17) && lines(adds_up).contains(&113));
    // The table judges 12 on track, 5 below and 3 open; 14 and 5 fit within that.
    let judged = count
        .iter()
        .find(|x| x.message.contains("按附表和判定规则"))
        .unwrap();
    assert_eq!(judged.severity, Severity::Info);
    assert!(judged.message.contains("完成或基本完成12项"));
    assert!(judged.message.contains("未完成5项"));
    assert!(
        passes(&f, FindingKind::SummaryCount)
            .iter()
            .any(|x| x.message.contains("20项"))
    );

    // 规上工业增加值增速: 13 → 11 judged below, missing from the prose's complete list of five.
    let omitted = problems(&f, FindingKind::SummaryOmission);
    assert_eq!(omitted.len(), 1);
    assert!(omitted[0].message.contains("规上工业增加值增速"));
    assert_eq!(omitted[0].severity, Severity::Warning);
    assert_eq!(lines(omitted[0]), vec![17, 149]);

    // FDI: the prose says below, the table has no figure.
    let placed = problems(&f, FindingKind::SummaryPlacement);
    assert_eq!(placed.len(), 1);
    assert!(placed[0].message.contains("实际使用外资"));
    assert!(placed[0].message.contains("市级暂未反馈"));
    assert_eq!(lines(placed[0]), vec![17, 174]);
    let agreed = passes(&f, FindingKind::SummaryPlacement);
    assert!(agreed[0].message.contains("空气质量优良天数"));

    // Prose figures that the table confirms; none that it contradicts.
    assert!(problems(&f, FindingKind::ProseTable).is_empty());
    let confirmed = passes(&f, FindingKind::ProseTable);
    for s in [
        "地区生产总值增速",
        "社会消费品零售总额增速",
        "一般公共预算收入增速",
        "规上工业增加值增速",
        "城镇新增就业人数",
    ] {
        assert!(confirmed[0].message.contains(s), "{s}");
    }
    // The 2024 targets of the prose are the annex's.
    assert!(problems(&f, FindingKind::ProseTarget).is_empty());
    assert!(
        passes(&f, FindingKind::ProseTarget)[0]
            .message
            .contains("城镇新增就业“3.5万人”")
    );

    // Recomputed sums.
    let sums: Vec<&str> = passes(&f, FindingKind::Sum)
        .iter()
        .map(|x| x.message.as_str())
        .collect();
    for s in [
        "新建50+续建86+前期98=234个",
        "社会投资80+政府投资157=237个",
        "社会投资1083.7+政府投资917.8=2001.5亿元",
        "社会投资174.6+政府投资93.7=268.3亿元",
        "续建和新建82+前期75=157个",
        "宜居示范7+宜业示范2+宜游示范2+宜育示范4=15件",
        "核心指标8项+其他指标13项=21项",
    ] {
        assert!(sums.iter().any(|m| m.contains(s)), "{s} in {sums:#?}");
    }
    assert!(problems(&f, FindingKind::Sum).is_empty());
    assert!(
        passes(&f, FindingKind::Share)
            .iter()
            .any(|x| x.message.contains("开工率"))
    );
    assert_eq!(passes(&f, FindingKind::SectionCount).len(), 5);

    // New targets against last year's actuals, by direction.
    let lower = problems(&f, FindingKind::TargetBelowLastActual);
    let find = |s: &str| {
        lower
            .iter()
            .find(|x| x.message.contains(s))
            .unwrap_or_else(|| panic!("{s}"))
    };
    let industry = find("“规上工业增加值增速”目标为8.5");
    assert_eq!(industry.severity, Severity::Info);
    assert_eq!(lines(industry), vec![243, 149]);
    assert_eq!(find("城镇新增就业人数").severity, Severity::Warning);
    let safety = find("安全事故死亡率");
    assert!(safety.message.contains("越低越好"));
    assert!(
        !lower
            .iter()
            .any(|x| x.message.contains("空气质量") || x.message.contains("人均地区生产总值"))
    );

    // The binding indicator missed.
    let binding = problems(&f, FindingKind::BindingMissed);
    let air = binding
        .iter()
        .find(|x| x.severity == Severity::Warning)
        .unwrap();
    assert!(air.message.contains("空气质量优良天数"));
    assert_eq!(lines(air), vec![216]);

    // The announced system changes match the two annexes.
    let changes = passes(&f, FindingKind::SystemChange);
    assert_eq!(changes.len(), 2);
    assert!(
        problems(&f, FindingKind::SystemChange)
            .iter()
            .all(|x| x.severity == Severity::Info)
    );

    // Nothing is an error in this report; every problem has evidence with line numbers.
    assert!(f.iter().all(|x| x.severity != Severity::Error));
    for x in f.iter().filter(|x| !x.passed) {
        assert!(
            !x.evidence.is_empty() && x.evidence.iter().all(|e| e.line > 0),
            "{x:?}"
        );
    }
}

#[test]
fn synthetic_report_with_inconsistencies() {
    let f = run(&fixture("fullwidth.txt"));
    let sums = problems(&f, FindingKind::Sum);
    assert!(sums.iter().any(|x| x.severity == Severity::Error
        && x.message.contains("新建40+续建50+前期35=125个")
        && x.message.contains("120")));
    assert!(
        sums.iter()
            .any(|x| x.severity == Severity::Error && x.message.contains("=7件"))
    );
    let prose = problems(&f, FindingKind::ProseTable);
    assert_eq!(prose.len(), 1);
    assert!(prose[0].message.contains("６．０"));
    assert_eq!(lines(prose[0]), vec![9, 29]);
    let target = problems(&f, FindingKind::ProseTarget);
    assert!(
        target
            .iter()
            .any(|x| x.severity == Severity::Warning && x.message.contains("城镇新增就业"))
    );
    assert!(
        problems(&f, FindingKind::SummaryOmission)
            .iter()
            .any(|x| x.message.contains("规上工业增加值增速"))
    );
    assert!(
        problems(&f, FindingKind::SectionCount)
            .iter()
            .any(|x| x.message.contains("实际列出2项"))
    );
    assert!(
        problems(&f, FindingKind::SummaryCount)
            .iter()
            .any(|x| x.severity == Severity::Warning && x.message.contains("超出"))
    );
    assert!(
        passes(&f, FindingKind::Share)
            .iter()
            .any(|x| x.message.contains("88%"))
    );
    assert!(
        problems(&f, FindingKind::SystemChange)
            .iter()
            .any(|x| x.message.contains("数字经济核心产业增加值增速"))
    );
}

#[test]
fn prose_that_calls_a_missed_indicator_met_is_an_error() {
    let text = "一、2023年计划执行情况\n\
        2项指标整体平稳。地区生产总值增速等2项指标完成目标。空气质量优良天数完成较好。\n\
        附件1\n2023年主要指标完成情况\n\
        \t序号\n\t指标名称\n\t2023年预期目标\n\t实际完成\n\n\
        \t1\n\t地区生产总值增速（%）\n\t6以上\n\t5.1\n\n\
        \t2\n\t空气质量优良天数（天）*\n\t300以上\n\t310\n";
    let f = run(text);
    let wrong = problems(&f, FindingKind::SummaryPlacement);
    assert_eq!(wrong.len(), 1);
    assert_eq!(wrong[0].severity, Severity::Error);
    assert!(wrong[0].message.contains("地区生产总值增速"));
    assert!(wrong[0].message.contains("未完成"));
}

#[test]
fn jiangmen_rates_are_recomputed() {
    let Some(text) = corpus("keyprojects-jiangmen-2021q1.txt") else {
        return;
    };
    let f = run(&text);
    let shares = |passed: bool| {
        f.iter()
            .filter(|x| x.kind == FindingKind::Share && x.passed == passed)
            .collect::<Vec<_>>()
    };
    let start = shares(false);
    assert_eq!(start.len(), 1);
    assert_eq!(start[0].severity, Severity::Info);
    assert!(start[0].message.contains("129"), "{}", start[0].message);
    assert!(start[0].message.contains("47.78%"));
    assert!(start[0].message.contains("截断"));
    let ok: Vec<&str> = shares(true).iter().map(|x| x.message.as_str()).collect();
    assert!(ok.iter().any(|m| m.contains("文中为30.90%")), "{ok:?}");
    assert!(
        ok.iter().any(|m| m.contains("文中为5.90个百分点")),
        "{ok:?}"
    );
    assert!(ok.iter().any(|m| m.contains("文中为95.66%")), "{ok:?}");
}

#[test]
fn putian_shares_and_industries() {
    let Some(text) = corpus("putian-licheng-2022.txt") else {
        return;
    };
    let f = run(&text);
    assert_eq!(
        passes(&f, FindingKind::Share).len(),
        7,
        "{:#?}",
        passes(&f, FindingKind::Share)
    );
    assert!(problems(&f, FindingKind::Share).is_empty());
    assert!(
        passes(&f, FindingKind::Sum)
            .iter()
            .any(|x| x.message.contains("18+323+294=635亿元"))
    );
}

#[test]
fn livelihood_list_against_its_count() {
    let Some(text) = corpus("minsheng-redacted-district-2025.txt") else {
        return;
    };
    let f = run(&text);
    let ok = passes(&f, FindingKind::Sum);
    assert_eq!(ok.len(), 1);
    assert!(ok[0].message.contains("列出10件"));
    assert_eq!(ok[0].evidence.len(), 11);
}

#[test]
fn every_corpus_file_reviews() {
    for name in [
        "jiangbei-2023.txt",
        "suzhou-2023.txt",
        "shanghai-jiading-2023h1.txt",
        "lianyungang-2023.txt",
        "shenzhen-2022.txt",
        "keyprojects-jiangmen-2021q1.txt",
        "putian-licheng-2022.txt",
        "minsheng-redacted-district-2025.txt",
        "beijing-dongcheng-2022.txt",
        "tianjin-binhai-2023.txt",
    ] {
        let Some(text) = corpus(name) else { return };
        let f = run(&text);
        let json = serde_json::to_value(&f).unwrap();
        for x in json.as_array().unwrap() {
            assert!(x["kind"].is_string() && x["severity"].is_string() && x["message"].is_string());
        }
        let _ = render_md(&f, Lang::Zh);
        let _ = render_html(&f, Lang::Zh);
        // Every finding in English too, with Chinese only where it quotes the report.
        for x in &f {
            assert!(!x.message_en.is_empty(), "{name}: {}", x.message);
            let left = chinese_outside_quotes(&x.message_en);
            assert!(left.is_empty(), "{name}: {left} in {}", x.message_en);
            for e in &x.evidence {
                let left = chinese_outside_quotes(&e.text_en);
                assert!(left.is_empty(), "{name}: {left} in {}", e.text_en);
            }
        }
        let en = render_md(&f, Lang::En);
        assert!(en.starts_with("# Report self-review"), "{name}");
    }
    // Jiading: the mid-year table's growth actuals agree with its prose.
    let Some(text) = corpus("shanghai-jiading-2023h1.txt") else {
        return;
    };
    let f = run(&text);
    let ok = passes(&f, FindingKind::ProseTable);
    for s in [
        "增加值 完成1248.3亿元",
        "增加值 增长9.1%",
        "一般公共预算收入 增长25.7%",
        "规模以上工业总产值 完成2001.6亿元",
    ] {
        assert!(ok[0].message.contains(s), "{s}: {}", ok[0].message);
    }
    assert!(problems(&f, FindingKind::ProseTable).is_empty());
}

#[test]
fn renderings_escape_report_text() {
    let text = "一、2023年计划执行情况\n\
        附件1\n2023年主要指标完成情况\n\
        \t序号\n\t指标名称\n\t2023年预期目标\n\t实际完成\n\n\
        \t1\n\t<script>alert(1)</script>指数（%）*\n\t6以上\n\t5\n\n\
        \t2\n\t地区生产总值增速（%）\n\t6以上\n\t7\n";
    let f = run(text);
    assert!(!f.is_empty());
    let html = render_html(&f, Lang::Zh);
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    let md = render_md(&f, Lang::Zh);
    assert!(md.contains("第"));
    assert!(md.contains("\\<script\\>"));
}

#[test]
fn a_document_whose_table_cannot_be_read_says_so_first() {
    // A caption, and under it something that is not a table.
    let text = "关于示例区2024年国民经济和社会发展计划执行情况的报告\n\
        一、2024年计划执行情况\n全区地区生产总值增长5.1%。\n\
        表1 2024年主要指标完成情况\n（表格见附件，此处从略）\n";
    let f = run(text);
    assert_eq!(f[0].kind, FindingKind::Incomplete);
    assert_eq!(f[0].severity, Severity::Error);
    assert!(
        f[0].message.starts_with("未能读取指标表，以下审查不完整"),
        "{}",
        f[0].message
    );
    assert!(
        f[0].evidence.iter().any(|e| e.line == 4),
        "{:?}",
        f[0].evidence
    );
    let md = render_md(&f, Lang::Zh);
    let first = md.lines().find(|l| l.starts_with("- ")).unwrap();
    assert!(first.contains("未能读取指标表"), "{md}");
    assert!(render_html(&f, Lang::Zh).contains("未能读取指标表，以下审查不完整"));

    // Not a report at all.
    let f = run("静夜思\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].kind, FindingKind::Incomplete);
    assert!(f[0].message.contains("可能不是"), "{}", f[0].message);

    // A report whose table is read has no such finding.
    let f = run(&fixture("fullwidth.txt"));
    assert!(f.iter().all(|x| x.kind != FindingKind::Incomplete));
}

#[test]
fn an_unreadable_file_is_one_finding() {
    let f = planwatch_review::unreadable("不是文本文件");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].kind, FindingKind::Incomplete);
    assert!(f[0].message.contains("不是文本文件"));
    assert!(render_md(&f, Lang::Zh).contains("无法读取该文件"));
}

#[test]
fn printed_verdicts_against_the_judgement() {
    let text = "关于示例区2024年国民经济和社会发展计划执行情况的报告\n\
        一、2024年计划执行情况\n\
        表1 2024年主要指标完成情况\n\
        序号  指标名称              2024年目标   2024年完成   完成情况\n\
        1     地区生产总值增速(%)   6            6.7          完成\n\
        2     固定资产投资增速(%)   8            -2.3         完成\n\
        3     城镇新增就业(万人)    1.2          1.18         基本完成\n\
        4     空气质量优良天数(天)  320以上      301          完成\n";
    let f = run(text);
    let wrong = problems(&f, FindingKind::PrintedVerdict);
    let named: Vec<(&str, Severity)> = wrong
        .iter()
        .map(|x| {
            let name = ["固定资产投资增速", "空气质量优良天数", "城镇新增就业"]
                .into_iter()
                .find(|n| x.message.contains(n))
                .unwrap_or("?");
            (name, x.severity)
        })
        .collect();
    assert_eq!(
        named,
        vec![
            ("固定资产投资增速", Severity::Error),
            ("空气质量优良天数", Severity::Error)
        ],
        "{wrong:#?}"
    );
    assert!(
        wrong[0].message.contains("标注“完成”，按规则判定为未完成"),
        "{}",
        wrong[0].message
    );
    let ok = passes(&f, FindingKind::PrintedVerdict);
    assert_eq!(ok.len(), 1);
    assert!(ok[0].message.contains("（2项）"), "{}", ok[0].message);
}
