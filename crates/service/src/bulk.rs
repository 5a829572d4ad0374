//! Judging many regions at once: every plan of a year loaded in one query, then decoded,
//! judged and written out region by region on all cores, as flat rows of CSV or JSON.

use crate::{ServiceResult, evaluate_plan};
use planwatch_domain::judge::Judgement;
use planwatch_domain::{Plan, Rules, judge};
use planwatch_store::YearPlans;
use serde::Serialize;
use std::borrow::Borrow;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One judged indicator of one region, as a row of the output (borrowed from its plan and
/// judgement).
#[derive(Serialize)]
struct Row<'a> {
    region: &'a str,
    year: i32,
    seq: u32,
    name: &'a str,
    unit: &'a str,
    target: &'a str,
    actual: Option<&'a str>,
    status: &'static str,
    rule: &'a str,
}

fn rows<'a>(plan: &'a Plan, verdicts: &'a [Judgement]) -> impl Iterator<Item = Row<'a>> {
    plan.indicators.iter().zip(verdicts).map(|(i, j)| Row {
        region: &plan.region,
        year: plan.year,
        seq: i.seq,
        name: &i.def.name,
        unit: &i.def.unit,
        target: &i.target.text,
        actual: i.actual.as_ref().map(|a| a.text.as_str()),
        status: j.status.as_str(),
        rule: &j.rule,
    })
}

/// Re-judges one region after a changed figure: only its plan is judged again.
pub fn rejudge_one(plan: &Plan, rules: &Rules) -> crate::Evaluation {
    evaluate_plan(plan, rules)
}

/// Output of [`write_year`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFormat {
    /// A header line, then one line per indicator.
    Csv,
    /// One JSON array of row objects: region, year, seq, name, unit, target, actual, status,
    /// rule.
    Json,
}

/// The CSV header of [`RowFormat::Csv`].
pub const CSV_HEADER: &str = "region,year,seq,name,unit,target,actual,status,rule\n";

/// Regions handed to a worker at a time: small enough to balance the cores, large enough that
/// taking the next batch costs nothing.
const REGIONS_PER_BATCH: usize = 32;

/// Every region of a year, judged and written as rows: each worker decodes a batch of regions,
/// judges them without explanation sentences, writes their rows and drops the plans, so memory
/// holds the output rather than every plan at once. Returns the text and the number of rows, in
/// region order (byte order of names, then seq).
pub fn write_year(
    plans: &YearPlans,
    rules: &Rules,
    format: RowFormat,
) -> ServiceResult<(String, usize)> {
    write_rows(plans.len(), |i| Ok(plans.plan(i)?), rules, format)
}

/// [`write_year`] over any `count` plans, the `i`-th given by `plan(i)` (decoded on demand, or
/// borrowed from memory as the benchmarks do), judged and written on all cores in index order.
pub fn write_rows<P, F>(
    count: usize,
    plan: F,
    rules: &Rules,
    format: RowFormat,
) -> ServiceResult<(String, usize)>
where
    P: Borrow<Plan>,
    F: Fn(usize) -> ServiceResult<P> + Sync,
{
    let parts = in_batches(count, |range| {
        let mut text = String::new();
        let mut scratch = Vec::new();
        let mut written = 0;
        for i in range {
            let plan = plan(i)?;
            let plan = plan.borrow();
            let verdicts = judge::judge_plan_verdicts(plan, rules);
            for row in rows(plan, &verdicts) {
                match format {
                    RowFormat::Csv => push_csv_row(&mut text, &row),
                    RowFormat::Json => {
                        if written > 0 {
                            text.push(',');
                        }
                        push_json_row(&mut text, &mut scratch, &row);
                    }
                }
                written += 1;
            }
        }
        Ok((text, written))
    })?;
    Ok(join_parts(parts, CSV_HEADER, format))
}

/// Runs `work` over `0..count` in batches of [`REGIONS_PER_BATCH`] on all cores, returning the
/// batches' results in index order.
pub fn in_batches<T, F>(count: usize, work: F) -> ServiceResult<Vec<T>>
where
    T: Send,
    F: Fn(std::ops::Range<usize>) -> ServiceResult<T> + Sync,
{
    let batches = count.div_ceil(REGIONS_PER_BATCH);
    let next = AtomicUsize::new(0);
    let worker = || -> ServiceResult<Vec<(usize, T)>> {
        let mut done = Vec::new();
        loop {
            let b = next.fetch_add(1, Ordering::Relaxed);
            if b >= batches {
                return Ok(done);
            }
            let end = ((b + 1) * REGIONS_PER_BATCH).min(count);
            done.push((b, work(b * REGIONS_PER_BATCH..end)?));
        }
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(batches.max(1));
    let mut parts = if threads < 2 {
        worker()?
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(worker)).collect();
            let mut all = Vec::with_capacity(batches);
            for h in handles {
                match h.join() {
                    Ok(part) => all.extend(part?),
                    // A panic in a worker is a bug; re-raise it rather than return partial output.
                    Err(p) => std::panic::resume_unwind(p),
                }
            }
            Ok::<_, crate::ServiceError>(all)
        })?
    };
    parts.sort_unstable_by_key(|(b, _)| *b);
    Ok(parts.into_iter().map(|(_, t)| t).collect())
}

/// Joins batches of rows (text, row count) into one CSV (with `header`) or JSON array.
pub fn join_parts(parts: Vec<(String, usize)>, header: &str, format: RowFormat) -> (String, usize) {
    let size: usize = parts.iter().map(|(t, _)| t.len() + 1).sum();
    let mut out = String::with_capacity(size + header.len() + 2);
    let mut written = 0;
    match format {
        RowFormat::Csv => out.push_str(header),
        RowFormat::Json => out.push('['),
    }
    for (text, n) in &parts {
        if *n == 0 {
            continue;
        }
        if format == RowFormat::Json && written > 0 {
            out.push(',');
        }
        out.push_str(text);
        written += n;
    }
    if format == RowFormat::Json {
        out.push(']');
    }
    (out, written)
}

fn push_csv_row(out: &mut String, r: &Row<'_>) {
    use std::fmt::Write;
    push_csv_field(out, r.region);
    // Writing to a String cannot fail.
    let _ = write!(out, ",{},{},", r.year, r.seq);
    push_csv_field(out, r.name);
    out.push(',');
    push_csv_field(out, r.unit);
    out.push(',');
    push_csv_field(out, r.target);
    out.push(',');
    push_csv_field(out, r.actual.unwrap_or(""));
    out.push(',');
    out.push_str(r.status);
    out.push(',');
    push_csv_field(out, r.rule);
    out.push('\n');
}

/// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
pub fn push_csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        for c in s.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// One row as a JSON object.
pub fn push_json_row<R: Serialize>(out: &mut String, scratch: &mut Vec<u8>, r: &R) {
    scratch.clear();
    // Serializing a struct of strings and integers into memory cannot fail, and gives UTF-8.
    if serde_json::to_writer(&mut *scratch, r).is_ok()
        && let Ok(json) = std::str::from_utf8(scratch)
    {
        out.push_str(json);
    }
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
        let store = planwatch_store_sql::SqliteStore::open(dir.path().join("t.db"), true)
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
