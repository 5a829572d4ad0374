//! The report against the published corpus, the judgements, and itself in every format.

mod common;

use common::{annex_rows, corpus_dir, demo_input, demo_plan};
use planwatch_domain::{Rules, Status};
use planwatch_report::draft::{IndicatorSummary, PLACEHOLDER};
use planwatch_report::{Format, Report, render};

fn txt(input: &planwatch_report::ReportInput) -> String {
    String::from_utf8(render(input, Format::Txt).expect("txt")).expect("utf-8")
}

#[test]
fn annex_rows_match_the_published_report_row_for_row() {
    let Some(dir) = corpus_dir() else {
        eprintln!("note: shared/corpus not found; corpus comparison skipped");
        return;
    };
    let published = std::fs::read_to_string(dir.join("jiangbei-2023.txt")).expect("corpus");
    let ours = txt(&demo_input());
    let expected = annex_rows(&published);
    let got = annex_rows(&ours);
    assert!(expected.len() > 40, "corpus annex rows: {}", expected.len());
    for (k, (e, g)) in expected.iter().zip(&got).enumerate() {
        assert_eq!(e, g, "row {k}");
    }
    assert_eq!(expected.len(), got.len());
}

#[test]
fn draft_counts_and_lists_agree_with_the_evaluation() {
    let plan = demo_plan(2023);
    let eval = planwatch_service::evaluate_plan(&plan, &Rules::default());
    let names = |f: &dyn Fn(Status) -> bool| -> Vec<String> {
        eval.indicators
            .iter()
            .filter(|i| f(i.status))
            .map(|i| i.name.clone())
            .collect()
    };
    let on_track = names(&|s| s.is_on_track());
    let below = names(&|s| s == Status::Below);
    let pending = names(&|s| s == Status::Pending);
    let undecidable = names(&|s| s == Status::Undecidable);
    let text = txt(&demo_input());
    let total = eval.indicators.len();
    assert!(text.contains(&format!("{total}项指标整体")), "{text}");
    assert!(text.contains(&format!("{}项指标完成目标或基本达到预期", on_track.len())));
    assert!(text.contains(&format!("其中，{}。", on_track.join("、"))));
    if below.is_empty() {
        assert!(text.contains("没有指标低于预期"));
    } else {
        assert!(text.contains(&format!(
            "{}项指标略低于预期，其中，{}未达到预期目标。",
            below.len(),
            below.join("、")
        )));
    }
    for name in &below {
        assert!(text.contains(&format!("{name}未达到预期目标，原因：{PLACEHOLDER}")));
    }
    if !pending.is_empty() || !undecidable.is_empty() {
        assert!(text.contains(&format!(
            "{}项指标暂未反馈或尚未能判定",
            pending.len() + undecidable.len()
        )));
    }
    if !pending.is_empty() {
        assert!(text.contains(&format!("{}尚未反馈实际完成数", pending.join("、"))));
    }
    if !undecidable.is_empty() {
        assert!(text.contains(&format!("{}尚未能判定是否达到预期", undecidable.join("、"))));
    }
    // The counts in the summary struct add up to the evaluation's.
    let judgements = planwatch_domain::judge::judge_plan(&plan, &Rules::default());
    let s = IndicatorSummary::of(&plan, &judgements);
    assert_eq!(
        s.on_track.len() + s.below.len() + s.pending.len() + s.undecidable.len(),
        total
    );
    for (status, n) in &eval.summary {
        let ours = match *status {
            "exceeded" => s.exceeded,
            "met" => s.met,
            "basically_met" => s.basically_met,
            "below" => s.below.len(),
            "pending" => s.pending.len(),
            "undecidable" => s.undecidable.len(),
            other => panic!("unknown status {other}"),
        };
        assert_eq!(ours, *n, "{status}");
    }
}

#[test]
fn plan_paragraph_counts_the_sections_and_names_the_system_changes() {
    let text = txt(&demo_input());
    assert!(
        text.contains("共设置21项指标，包括核心指标8项、其他指标13项（详见附件2）"),
        "{text}"
    );
    assert!(text.contains("新增“区级税收收入增速”指标"), "{text}");
}

#[test]
fn every_format_renders() {
    let input = demo_input();
    for f in Format::ALL {
        let bytes = render(&input, f).expect("render");
        assert!(bytes.len() > 500, "{f:?}: {} bytes", bytes.len());
        if matches!(f, Format::Docx | Format::Xlsx) {
            assert_eq!(&bytes[..2], b"PK", "{f:?} is a zip");
        }
    }
}

#[test]
fn html_escapes_text_and_embeds_svg() {
    let mut input = demo_input();
    if let Some(last) = input.last.as_mut() {
        last.indicators[0].def.name = "<script>alert(1)</script>&".into();
    }
    let html = String::from_utf8(render(&input, Format::Html).expect("html")).expect("utf-8");
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;"));
    assert!(html.contains("<svg"));
    assert!(html.contains("注：加*为约束性指标；其他为预期性指标。"));
}

#[test]
fn markdown_escapes_markers() {
    let md = String::from_utf8(render(&demo_input(), Format::Md).expect("md")).expect("utf-8");
    assert!(md.contains("亿元地区生产总值安全事故死亡率（%）\\*"));
    assert!(md.contains("\\#区级税收收入增速（%）"));
    assert!(md.contains("| **核心指标8项** |"));
}

#[test]
fn a_report_with_one_year_only_still_renders() {
    let mut input = demo_input();
    input.last = None;
    input.last_judgements.clear();
    let text = txt(&input);
    assert!(text.contains("附件1\n\n2024年国民经济和社会发展计划主要指标"));
    input = demo_input();
    input.current = None;
    for f in Format::ALL {
        render(&input, f).expect("render");
    }
    input.last = None;
    assert!(render(&input, Format::Txt).is_err());
}

#[test]
fn mismatched_judgements_are_refused_not_panicked_on() {
    let mut input = demo_input();
    input.last_judgements.pop();
    assert!(render(&input, Format::Docx).is_err());
}

#[test]
fn report_parts_are_built_once_for_all_formats() {
    let r = Report::build(&demo_input());
    assert_eq!(r.annexes.len(), 2);
    assert_eq!(r.annexes[0].items().count(), 20);
    assert_eq!(r.annexes[1].items().count(), 21);
}
