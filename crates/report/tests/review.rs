//! `planwatch review` of a generated report finds no inconsistency between its draft and its
//! own tables. Findings about the data itself (a binding indicator missed, a new target below
//! last year's actual) are facts the report must carry, not inconsistencies, and are allowed.

mod common;

use common::demo_input;
use planwatch_domain::Rules;
use planwatch_report::{Format, ReportInput, render};
use planwatch_review::{Finding, FindingKind, Severity};

fn findings(input: &ReportInput, format: Format) -> Vec<Finding> {
    let bytes = render(input, format).expect("render");
    let reading = match format {
        Format::Txt => planwatch_reader::read_text(std::str::from_utf8(&bytes).expect("utf-8")),
        _ => planwatch_reader::read_bytes(&bytes, Some("report.docx")).expect("read"),
    };
    planwatch_review::review(&reading, &Rules::default())
}

fn is_about_the_data(kind: FindingKind) -> bool {
    matches!(
        kind,
        FindingKind::BindingMissed | FindingKind::TargetBelowLastActual
    )
}

fn assert_consistent(input: &ReportInput, format: Format) {
    let all = findings(input, format);
    let failed: Vec<&Finding> = all
        .iter()
        .filter(|f| !f.passed && f.severity >= Severity::Warning && !is_about_the_data(f.kind))
        .collect();
    assert!(
        failed.is_empty(),
        "{format:?}: {:#?}",
        failed
            .iter()
            .map(|f| format!("{:?} {:?}: {}", f.kind, f.severity, f.message))
            .collect::<Vec<_>>()
    );
    // The summary check did run and pass: the draft's counts were verified, not skipped.
    assert!(
        all.iter()
            .any(|f| f.passed && f.kind == FindingKind::SummaryCount),
        "{format:?}: no passed summary check in {:#?}",
        all.iter().map(|f| (f.kind, f.passed)).collect::<Vec<_>>()
    );
}

#[test]
fn review_of_the_generated_txt_finds_no_inconsistency() {
    assert_consistent(&demo_input(), Format::Txt);
}

#[test]
fn review_of_the_generated_docx_finds_no_inconsistency() {
    assert_consistent(&demo_input(), Format::Docx);
}
