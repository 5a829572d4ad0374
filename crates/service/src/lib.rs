//! # planwatch-service
//!
//! The use cases of planwatch, written once over the [`Store`] trait so the CLI and the web
//! app behave the same: load the demo, evaluate a region-year, diff two years' indicator
//! systems, and enter a target or actual (validated, stored with an audit entry, judged).

pub mod actuals;
pub mod bulk;
pub mod compare;
pub mod demo;
pub mod departments;
pub mod figures;
pub mod imports;
pub mod in_year;
pub mod ledgers;
pub mod outlook;
pub mod progress;
pub mod report;
pub mod reviews;
pub mod synth;
pub mod targets;

use planwatch_domain::diff::{Change, diff_plans};
use planwatch_domain::judge::Summary;
use planwatch_domain::{Expr, Judgement, Lang, Plan, PlanIndicator, Rules, Status, judge};
use planwatch_store::{Actor, EditOutcome, ExprField, Store, StoreError};
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything the front ends use of a backend: plans and ledgers, the region tree, accounts,
/// sessions, submissions and monthly figures, progress entries, publications and saved
/// reviews. Both backends are one; the CLI opens one (`open_backend`) and the web app holds one.
pub use planwatch_store::Database as Backend;

/// Errors of the use cases.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no plan for {region} {year}{hint}")]
    NoPlan {
        region: String,
        year: i32,
        hint: String,
    },
    #[error("cannot read {field} {text:?} for {indicator}: {reason}")]
    BadExpression {
        indicator: String,
        field: &'static str,
        text: String,
        reason: String,
    },
    /// An entry or request that cannot be right, with the field it concerns.
    #[error("{message}")]
    Refused {
        field: &'static str,
        message: planwatch_domain::Message,
    },
    /// The caller's department is not the item's responsible one.
    #[error("{0}")]
    NotResponsible(planwatch_domain::Message),
    /// The figure cannot be right (a plausibility refusal); nothing was stored.
    #[error("{}：{}（{}: {}）", .what.zh, .message.zh, .what.en, .message.en)]
    Implausible {
        what: planwatch_domain::Message,
        message: planwatch_domain::Message,
    },
    /// The figure looks like a slip: it is held until a reason is given.
    #[error("{}：{}，请说明原因后再提交（{}: {}; give a reason to enter it anyway）", .what.zh, .message.zh, .what.en, .message.en)]
    NeedsReason {
        what: planwatch_domain::Message,
        message: planwatch_domain::Message,
    },
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// One judged indicator, as every output format shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluatedIndicator {
    pub seq: u32,
    pub name: String,
    /// As the annex prints it: `亿元地区生产总值安全事故死亡率（%）*`.
    pub label: String,
    pub unit: String,
    pub kind: &'static str,
    pub binding: bool,
    pub is_new: bool,
    pub tier: Option<&'static str>,
    pub department: Option<String>,
    pub target: Expr,
    pub actual: Option<Expr>,
    pub status: Status,
    pub status_zh: &'static str,
    pub rule: String,
    pub explanation: String,
    pub direction: &'static str,
}

/// A region-year judged: rows and counts per status (every status present, zeros included).
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub region: String,
    pub year: i32,
    pub indicators: Vec<EvaluatedIndicator>,
    pub summary: BTreeMap<&'static str, usize>,
}

/// Judges a plan already in memory (explanations in Chinese).
pub fn evaluate_plan(plan: &Plan, rules: &Rules) -> Evaluation {
    evaluate_plan_in(plan, rules, Lang::Zh)
}

/// Judges a plan already in memory, with the explanations written in `lang`.
pub fn evaluate_plan_in(plan: &Plan, rules: &Rules, lang: Lang) -> Evaluation {
    let judgements = judge::judge_plan_in(plan, rules, lang);
    let indicators: Vec<EvaluatedIndicator> = plan
        .indicators
        .iter()
        .zip(judgements.iter().cloned())
        .map(|(ind, j)| evaluated(ind, j))
        .collect();
    let summary = Summary::of(&judgements)
        .counts
        .into_iter()
        .map(|(status, n)| (status.as_str(), n))
        .collect();
    Evaluation {
        region: plan.region.clone(),
        year: plan.year,
        indicators,
        summary,
    }
}

fn evaluated(ind: &PlanIndicator, j: Judgement) -> EvaluatedIndicator {
    EvaluatedIndicator {
        seq: ind.seq,
        name: ind.def.name.clone(),
        label: ind.def.label(),
        unit: ind.def.unit.clone(),
        kind: ind.def.kind.as_str(),
        binding: ind.def.binding,
        is_new: ind.def.is_new,
        tier: ind.def.tier.map(|t| t.as_str()),
        department: ind.def.department.clone(),
        target: ind.target.clone(),
        actual: ind.actual.clone(),
        status: j.status,
        status_zh: j.status.label_zh(),
        rule: j.rule,
        explanation: j.explanation,
        direction: j.direction.as_str(),
    }
}

/// Loads a region-year's plan or says which years exist.
pub async fn load_plan(store: &dyn Store, region: &str, year: i32) -> ServiceResult<Plan> {
    if let Some(plan) = store.load_plan(region, year).await? {
        return Ok(plan);
    }
    let years = store.plan_years(region).await?;
    let hint = if years.is_empty() {
        format!(" (the database has no plans for {region:?})")
    } else {
        let list: Vec<String> = years.iter().map(|y| y.to_string()).collect();
        format!(" (years with a plan: {})", list.join(", "))
    };
    Err(ServiceError::NoPlan {
        region: region.to_string(),
        year,
        hint,
    })
}

/// Loads and judges a region-year.
pub async fn evaluate(
    store: &dyn Store,
    region: &str,
    year: i32,
    rules: &Rules,
) -> ServiceResult<Evaluation> {
    evaluate_in(store, region, year, rules, Lang::Zh).await
}

/// Loads and judges a region-year, with the explanations written in `lang`.
pub async fn evaluate_in(
    store: &dyn Store,
    region: &str,
    year: i32,
    rules: &Rules,
    lang: Lang,
) -> ServiceResult<Evaluation> {
    let plan = load_plan(store, region, year).await?;
    Ok(evaluate_plan_in(&plan, rules, lang))
}

/// The indicator-system changes from one year to another.
pub async fn diff(
    store: &dyn Store,
    region: &str,
    from: i32,
    to: i32,
) -> ServiceResult<Vec<Change>> {
    let old = load_plan(store, region, from).await?;
    let new = load_plan(store, region, to).await?;
    Ok(diff_plans(&old, &new))
}

/// Stores the demo region's plans and ledgers (replacing them if present).
pub async fn load_demo(store: &dyn Store, actor: &Actor) -> ServiceResult<Vec<Plan>> {
    let plans = demo::demo_plans();
    for plan in &plans {
        store.save_plan(plan, actor).await?;
    }
    let region = demo::DEMO_REGION;
    let bad_fixture = |e: planwatch_office::ImportError| {
        ServiceError::Store(StoreError::Invalid(format!("demo ledger: {e}")))
    };
    ledgers::save_projects(store, region, 2023, &demo::projects_2023(), actor).await?;
    ledgers::save_projects(store, region, 2024, &demo::projects_2024(), actor).await?;
    let livelihood_2023 = demo::livelihood_2023().map_err(bad_fixture)?;
    ledgers::save_livelihood(store, region, 2023, &livelihood_2023, actor).await?;
    ledgers::save_livelihood(store, region, 2024, &demo::livelihood_2024(), actor).await?;
    let tasks = demo::tasks_2024().map_err(bad_fixture)?;
    ledgers::save_tasks(store, region, 2024, &tasks, actor).await?;
    Ok(plans)
}

/// The result of an accepted edit: what was stored and how the indicator is now judged.
#[derive(Debug, Clone, Serialize)]
pub struct EditResult {
    pub edit: EditOutcome,
    pub parsed: Expr,
    pub evaluation: EvaluatedIndicator,
}

/// Checks (plausibility, with the reason a soft warning needs), stores and judges a new target
/// or actual text. Text that cannot be read or cannot be right is refused before anything is
/// written.
#[allow(clippy::too_many_arguments)]
pub async fn set_expression(
    store: &dyn Backend,
    region: &str,
    year: i32,
    indicator: &str,
    field: ExprField,
    text: &str,
    expected_version: Option<i64>,
    reason: Option<&str>,
    actor: &Actor,
    rules: &Rules,
) -> ServiceResult<EditResult> {
    let slot = match field {
        ExprField::Target => planwatch_domain::plausibility::Slot::Target,
        ExprField::Actual => planwatch_domain::plausibility::Slot::Actual,
    };
    let entry = figures::FigureEntry {
        region,
        year,
        indicator,
        slot,
        text,
        reason,
        note: None,
    };
    let accepted = figures::check_entry(store, &entry, rules).await?;
    figures::require_correction_reason(store, &entry).await?;
    let write = planwatch_store::accounts::FigureWrite {
        region: region.to_string(),
        year,
        indicator: indicator.to_string(),
        slot,
        text: accepted.parsed.text.clone(),
        expected_version,
        reason: accepted.reason.clone(),
    };
    let edit = store
        .write_figures(std::slice::from_ref(&write), actor)
        .await?
        .pop()
        .ok_or_else(|| StoreError::Invalid("the store wrote no figure".into()))?;
    let plan = load_plan(store, region, year).await?;
    let evaluation = evaluate_plan(&plan, rules)
        .indicators
        .into_iter()
        .find(|i| i.name == indicator)
        .ok_or_else(|| StoreError::NotFound(format!("indicator {indicator:?} after the edit")))?;
    Ok(EditResult {
        edit,
        parsed: accepted.parsed,
        evaluation,
    })
}
