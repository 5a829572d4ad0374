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

/// A region-year's project ledger as a bulk batch, with the same keys and JSON as
/// [`crate::ledgers::save_projects`] writes (so [`crate::ledgers::load_projects`] reads it).
pub fn project_ledger_batch(
    region: &str,
    year: i32,
    ledger: &planwatch_office::ProjectLedger,
) -> ServiceResult<planwatch_store::regions::LedgerBatch> {
    fn items<T: Serialize>(
        list: &[T],
        key: impl Fn(&T) -> String,
    ) -> ServiceResult<Vec<(String, String)>> {
        list.iter()
            .map(|item| {
                let json = serde_json::to_string(item).map_err(|e| {
                    planwatch_store::StoreError::Invalid(format!(
                        "cannot encode a ledger item: {e}"
                    ))
                })?;
                Ok((key(item), json))
            })
            .collect()
    }
    use planwatch_store::LedgerKind;
    Ok(planwatch_store::regions::LedgerBatch {
        region: region.to_string(),
        year,
        ledgers: vec![
            (
                LedgerKind::Projects,
                items(&ledger.projects, |p| p.code.clone())?,
            ),
            (
                LedgerKind::ProjectProgress,
                items(&ledger.monthly, |m| format!("{}/{:02}", m.code, m.month))?,
            ),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use planwatch_store::regions::RegionStore;
    use planwatch_store::{Actor, LedgerKind, LedgerStore};

    #[tokio::test]
    async fn bulk_project_ledgers_store_what_save_projects_stores() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = planwatch_store_sqlite::SqliteStore::open(dir.path().join("t.db"), true)
            .await
            .expect("open");
        let actor = Actor::new("tester", "bulk");
        let projects = planwatch_office::fixtures::synthetic_projects(7, 2024);
        let ledger = planwatch_office::ProjectLedger {
            monthly: planwatch_office::fixtures::monthly_reports(&projects, 3),
            projects,
        };
        crate::ledgers::save_projects(&store, "甲区", 2024, &ledger, &actor)
            .await
            .expect("save one");
        let batches = [
            project_ledger_batch("乙区", 2024, &ledger).expect("batch"),
            project_ledger_batch("丙区", 2024, &ledger).expect("batch"),
        ];
        store
            .replace_ledgers_many(&batches, &actor)
            .await
            .expect("bulk");
        // Replacing again replaces (7 projects + 21 monthly reports per region).
        let replaced = store
            .replace_ledgers_many(&batches, &actor)
            .await
            .expect("bulk again");
        assert_eq!(replaced, 2 * (7 + 21));
        for kind in [LedgerKind::Projects, LedgerKind::ProjectProgress] {
            let one = store.ledger_items("甲区", 2024, kind).await.expect("one");
            let bulk = store.ledger_items("乙区", 2024, kind).await.expect("bulk");
            let strip = |items: &[planwatch_store::LedgerItem]| {
                items
                    .iter()
                    .map(|i| (i.key.clone(), i.data.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(strip(&one), strip(&bulk), "{kind:?}");
            assert!(!one.is_empty());
        }
        let loaded = crate::ledgers::load_projects(&store, "丙区", 2024)
            .await
            .expect("load");
        assert_eq!(loaded, ledger);
    }
}
