//! Shared helpers of the report tests.
#![allow(dead_code)]

use planwatch_domain::{Plan, Rules};
use planwatch_report::ReportInput;
use std::path::PathBuf;

/// The demo region's report for 2024: 附件1 = 2023 targets and actuals, 附件2 = 2024 targets.
pub fn demo_input() -> ReportInput {
    let plans = planwatch_service::demo::demo_plans();
    let pick = |y: i32| plans.iter().find(|p| p.year == y).cloned();
    ReportInput::new(
        planwatch_service::demo::DEMO_REGION,
        2024,
        pick(2023),
        pick(2024),
        &Rules::default(),
    )
}

pub fn demo_plan(year: i32) -> Plan {
    planwatch_service::demo::demo_plans()
        .into_iter()
        .find(|p| p.year == year)
        .expect("demo plan")
}

/// `shared/corpus` beside the repository, found by walking up from the crate.
pub fn corpus_dir() -> Option<PathBuf> {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    loop {
        let candidate = dir.join("shared").join("corpus");
        if candidate.is_dir() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}

/// The annex part of a flattened report as rows: caption lines as one-cell rows marked with
/// `@`, table rows as their cells. A line without a tab inside a table continues the last
/// cell of the row before (Word text splits a cell's own line break that way).
pub fn annex_rows(text: &str) -> Vec<Vec<String>> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim() == "附件1")
        .expect("a line 附件1");
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut in_table = false;
    for line in &lines[start..] {
        if let Some(cell) = line.strip_prefix('\t') {
            in_table = true;
            current.push(cell.trim().to_string());
            continue;
        }
        if !current.is_empty() {
            rows.push(std::mem::take(&mut current));
        }
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if in_table
            && !t.starts_with('注')
            && let Some(last) = rows.last_mut().and_then(|r| r.last_mut())
        {
            last.push_str(t);
            continue;
        }
        in_table = false;
        rows.push(vec![format!("@{t}")]);
    }
    if !current.is_empty() {
        rows.push(current);
    }
    rows
}
