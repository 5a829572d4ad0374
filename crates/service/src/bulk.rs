//! Judging many regions at once: every plan of a year loaded in one query and judged on all
//! cores, as flat rows for JSON or CSV export.

use crate::compare::PlanStore;
use crate::synth::csv_field;
use crate::{ServiceResult, evaluate_plan};
use planwatch_domain::{Plan, Rules, judge};
use serde::Serialize;

/// One judged indicator of one region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JudgementRow {
    pub region: String,
    pub year: i32,
    pub seq: u32,
    pub name: String,
    pub unit: String,
    pub target: String,
    pub actual: Option<String>,
    pub status: &'static str,
    pub rule: String,
}

fn rows_of(plan: &Plan, rules: &Rules) -> Vec<JudgementRow> {
    plan.indicators
        .iter()
        .zip(judge::judge_plan(plan, rules))
        .map(|(i, j)| JudgementRow {
            region: plan.region.clone(),
            year: plan.year,
            seq: i.seq,
            name: i.def.name.clone(),
            unit: i.def.unit.clone(),
            target: i.target.text.clone(),
            actual: i.actual.as_ref().map(|a| a.text.clone()),
            status: j.status.as_str(),
            rule: j.rule,
        })
        .collect()
}

/// Judges every plan, in input order, splitting the work over the available cores (judging is
/// pure CPU work with no shared state).
pub fn judge_all(plans: &[Plan], rules: &Rules) -> Vec<JudgementRow> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    if threads < 2 || plans.len() < 64 {
        return plans.iter().flat_map(|p| rows_of(p, rules)).collect();
    }
    let chunk = plans.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = plans
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .flat_map(|p| rows_of(p, rules))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut out = Vec::new();
        for h in handles {
            match h.join() {
                Ok(rows) => out.extend(rows),
                // A panic in judging is a bug; re-raise it rather than return partial output.
                Err(p) => std::panic::resume_unwind(p),
            }
        }
        out
    })
}

/// Re-judges one region after a changed figure: only its plan is judged again.
pub fn rejudge_one(plan: &Plan, rules: &Rules) -> crate::Evaluation {
    evaluate_plan(plan, rules)
}

/// Loads every region's plan for a year (one query) and judges them all.
pub async fn evaluate_year(
    store: &dyn PlanStore,
    year: i32,
    rules: &Rules,
) -> ServiceResult<Vec<JudgementRow>> {
    let plans = store.plans_for_year(year).await?;
    Ok(judge_all(&plans, rules))
}

/// The rows as CSV with a header.
pub fn rows_csv(rows: &[JudgementRow]) -> String {
    let mut out = String::from("region,year,seq,name,unit,target,actual,status,rule\n");
    for r in rows {
        let fields = [
            r.region.clone(),
            r.year.to_string(),
            r.seq.to_string(),
            r.name.clone(),
            r.unit.clone(),
            r.target.clone(),
            r.actual.clone().unwrap_or_default(),
            r.status.to_string(),
            r.rule.clone(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}
