//! The ledgers' use cases: import and export (all or nothing), the key-project figures and
//! paragraph, the project lights, the vote tally, and livelihood progress.
//!
//! Ledger items are stored as JSON documents through [`LedgerStore`]; this module is the only
//! place that turns them back into domain types, and it refuses a stored item it cannot read
//! rather than skipping it.

use crate::{ServiceError, ServiceResult};
use planwatch_domain::lang::Lang;
use planwatch_domain::livelihood::{self, Ballot, Candidate, LivelihoodProgress, Tally, TallyRule};
use planwatch_domain::projects::{
    self, FigureOptions, Light, LightRules, MonthlyProfile, MonthlyProgress, Project, ProjectLight,
    ProjectReport, SummaryStyle,
};
use planwatch_domain::tasks::Measure;
use planwatch_office::{LivelihoodLedger, ProjectLedger, TaskLedger};
use planwatch_store::{Actor, LedgerKind, LedgerStore, StoreError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::HashMap;

fn to_items<T: Serialize>(
    items: &[T],
    key: impl Fn(&T) -> String,
) -> ServiceResult<Vec<(String, String)>> {
    items
        .iter()
        .map(|item| {
            let json = serde_json::to_string(item)
                .map_err(|e| StoreError::Invalid(format!("cannot encode a ledger item: {e}")))?;
            Ok((key(item), json))
        })
        .collect()
}

async fn load<T: DeserializeOwned, S: LedgerStore + ?Sized>(
    store: &S,
    region: &str,
    year: i32,
    kind: LedgerKind,
) -> ServiceResult<Vec<T>> {
    let items = store.ledger_items(region, year, kind).await?;
    items
        .iter()
        .map(|item| {
            serde_json::from_str(&item.data).map_err(|e| {
                ServiceError::Store(StoreError::Invalid(format!(
                    "stored {} item {:?} of {region} {year} is unreadable: {e}",
                    kind.as_str(),
                    item.key
                )))
            })
        })
        .collect()
}

/// Stores a year's project ledger (projects and monthly reports together).
pub async fn save_projects(
    store: &(impl LedgerStore + ?Sized),
    region: &str,
    year: i32,
    ledger: &ProjectLedger,
    actor: &Actor,
) -> ServiceResult<()> {
    let projects = to_items(&ledger.projects, |p| p.code.clone())?;
    let monthly = to_items(&ledger.monthly, |m| format!("{}/{:02}", m.code, m.month))?;
    store
        .replace_ledgers(
            region,
            year,
            &[
                (LedgerKind::Projects, projects),
                (LedgerKind::ProjectProgress, monthly),
            ],
            actor,
        )
        .await?;
    Ok(())
}

pub async fn load_projects(
    store: &(impl LedgerStore + ?Sized),
    region: &str,
    year: i32,
) -> ServiceResult<ProjectLedger> {
    Ok(ProjectLedger {
        projects: load(store, region, year, LedgerKind::Projects).await?,
        monthly: load(store, region, year, LedgerKind::ProjectProgress).await?,
    })
}

/// Stores a livelihood ledger: candidates, and ballots and progress when present. A ledger
/// without ballots or progress keeps the stored ones (they are entered later in the year).
pub async fn save_livelihood(
    store: &(impl LedgerStore + ?Sized),
    region: &str,
    year: i32,
    ledger: &LivelihoodLedger,
    actor: &Actor,
) -> ServiceResult<()> {
    let mut ledgers = vec![(
        LedgerKind::LivelihoodCandidates,
        to_items(&ledger.candidates, |c| c.name.clone())?,
    )];
    if !ledger.ballots.is_empty() {
        ledgers.push((LedgerKind::Ballots, ballot_items(&ledger.ballots)?));
    }
    if !ledger.progress.is_empty() {
        ledgers.push((
            LedgerKind::LivelihoodProgress,
            to_items(&ledger.progress, |p| p.name.clone())?,
        ));
    }
    store.replace_ledgers(region, year, &ledgers, actor).await?;
    Ok(())
}

/// Ballots are keyed by position, not deputy id: a repeated deputy id is the tally's to
/// report, so the store must keep both ballots.
fn ballot_items(ballots: &[Ballot]) -> ServiceResult<Vec<(String, String)>> {
    let keyed: Vec<(usize, &Ballot)> = ballots.iter().enumerate().collect();
    to_items(&keyed, |(i, b)| format!("{:06}/{}", i, b.deputy))
        .map(|items| {
            items
                .into_iter()
                .zip(ballots)
                .map(|((k, _), b)| serde_json::to_string(b).map(|j| (k, j)))
                .collect::<Result<Vec<_>, _>>()
        })?
        .map_err(|e| StoreError::Invalid(format!("cannot encode a ballot: {e}")).into())
}

pub async fn save_ballots(
    store: &(impl LedgerStore + ?Sized),
    region: &str,
    year: i32,
    ballots: &[Ballot],
    actor: &Actor,
) -> ServiceResult<()> {
    store
        .replace_ledger(
            region,
            year,
            LedgerKind::Ballots,
            &ballot_items(ballots)?,
            actor,
        )
        .await?;
    Ok(())
}

pub async fn save_livelihood_progress(
    store: &(impl LedgerStore + ?Sized),
    region: &str,
    year: i32,
    progress: &[LivelihoodProgress],
    actor: &Actor,
) -> ServiceResult<()> {
    let items = to_items(progress, |p| p.name.clone())?;
    store
        .replace_ledger(region, year, LedgerKind::LivelihoodProgress, &items, actor)
        .await?;
    Ok(())
}

pub async fn load_livelihood(
    store: &(impl LedgerStore + ?Sized),
    region: &str,
    year: i32,
) -> ServiceResult<LivelihoodLedger> {
    Ok(LivelihoodLedger {
        candidates: load(store, region, year, LedgerKind::LivelihoodCandidates).await?,
        ballots: load(store, region, year, LedgerKind::Ballots).await?,
        progress: load(store, region, year, LedgerKind::LivelihoodProgress).await?,
    })
}

pub async fn save_tasks(
    store: &(impl LedgerStore + ?Sized),
    region: &str,
    year: i32,
    ledger: &TaskLedger,
    actor: &Actor,
) -> ServiceResult<()> {
    let items = to_items(&ledger.measures, |m| m.code.clone())?;
    store
        .replace_ledger(region, year, LedgerKind::Tasks, &items, actor)
        .await?;
    Ok(())
}

pub async fn load_tasks(
    store: &(impl LedgerStore + ?Sized),
    region: &str,
    year: i32,
) -> ServiceResult<TaskLedger> {
    let measures: Vec<Measure> = load(store, region, year, LedgerKind::Tasks).await?;
    Ok(TaskLedger { measures })
}

/// The key-project figures of a region-year and the report-style paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectSummary {
    pub region: String,
    pub year: i32,
    pub report: ProjectReport,
    /// The execution paragraph ("234个区级重点项目完成投资252亿元…").
    pub paragraph: String,
    /// The plan paragraph ("拟安排重点项目237个，总投资2001.5亿元…").
    pub plan_paragraph: String,
    /// The execution paragraph in English, from the same figures.
    pub paragraph_en: String,
    /// The plan paragraph in English, from the same figures.
    pub plan_paragraph_en: String,
}

impl ProjectSummary {
    /// The execution paragraph in `lang`.
    pub fn paragraph_in(&self, lang: Lang) -> &str {
        lang.pick(&self.paragraph, &self.paragraph_en)
    }

    /// The plan paragraph in `lang`.
    pub fn plan_paragraph_in(&self, lang: Lang) -> &str {
        lang.pick(&self.plan_paragraph, &self.plan_paragraph_en)
    }
}

fn no_ledger(what: &str, region: &str, year: i32) -> ServiceError {
    ServiceError::Store(StoreError::NotFound(format!(
        "no {what} for {region} {year} (import one with `planwatch import`)"
    )))
}

/// The projects as they stood at the end of `month`, when monthly reports exist for it.
fn at_month(ledger: &ProjectLedger, month: Option<u8>) -> Vec<Project> {
    let Some(month) = month else {
        return ledger.projects.clone();
    };
    let mut latest: HashMap<&str, &MonthlyProgress> = HashMap::new();
    for m in ledger.monthly.iter().filter(|m| m.month <= month) {
        let slot = latest.entry(m.code.as_str()).or_insert(m);
        if m.month > slot.month {
            *slot = m;
        }
    }
    if latest.is_empty() {
        return ledger.projects.clone();
    }
    ledger
        .projects
        .iter()
        .map(|p| {
            let mut p = p.clone();
            if let Some(m) = latest.get(p.code.as_str()) {
                p.completed = m.cumulative_completed;
            }
            p
        })
        .collect()
}

/// Figures overall and by group, at a month when given, with the paragraph.
pub async fn project_summary(
    store: &(impl LedgerStore + ?Sized),
    region: &str,
    year: i32,
    month: Option<u8>,
    last_year_profile: Option<MonthlyProfile>,
) -> ServiceResult<ProjectSummary> {
    let ledger = load_projects(store, region, year).await?;
    if ledger.projects.is_empty() {
        return Err(no_ledger("project ledger", region, year));
    }
    let projects = at_month(&ledger, month);
    let options = FigureOptions {
        month,
        profile: last_year_profile,
    };
    let report = projects::report(&projects, &options);
    let style = SummaryStyle::default();
    Ok(ProjectSummary {
        region: region.to_string(),
        year,
        paragraph: projects::summary_paragraph_in(&report, &style, Lang::Zh),
        plan_paragraph: projects::plan_paragraph_in(&report, &style, Lang::Zh),
        paragraph_en: projects::summary_paragraph_in(&report, &style, Lang::En),
        plan_paragraph_en: projects::plan_paragraph_in(&report, &style, Lang::En),
        report,
    })
}

/// The traffic light of every project at the end of `month`.
pub async fn project_lights(
    store: &(impl LedgerStore + ?Sized),
    region: &str,
    year: i32,
    month: u8,
    rules: &LightRules,
) -> ServiceResult<Vec<ProjectLight>> {
    let ledger = load_projects(store, region, year).await?;
    if ledger.projects.is_empty() {
        return Err(no_ledger("project ledger", region, year));
    }
    Ok(lights_at(&ledger, year, month, rules))
}

/// The month the ledger pages judge at unless told otherwise — the report month: the latest
/// month with monthly reports, else December (the ledger's figures are then the year's).
pub fn report_month(ledger: &ProjectLedger) -> u8 {
    ledger.monthly.iter().map(|m| m.month).max().unwrap_or(12)
}

/// The traffic light of every project of `ledger` at the end of `month`.
pub fn lights_at(
    ledger: &ProjectLedger,
    year: i32,
    month: u8,
    rules: &LightRules,
) -> Vec<ProjectLight> {
    // Last month's lights give the hysteresis its memory.
    let previous: HashMap<String, Light> = if month > 1 {
        let before = at_month(ledger, Some(month - 1));
        projects::lights(&before, year, month - 1, rules, None, &HashMap::new())
            .into_iter()
            .map(|l| (l.code, l.light))
            .collect()
    } else {
        HashMap::new()
    };
    let now = at_month(ledger, Some(month));
    projects::lights(&now, year, month, rules, None, &previous)
}

/// Tallies the stored ballots against the stored candidates.
pub async fn vote_tally(
    store: &(impl LedgerStore + ?Sized),
    region: &str,
    year: i32,
    seats: usize,
) -> ServiceResult<Tally> {
    let candidates: Vec<Candidate> =
        load(store, region, year, LedgerKind::LivelihoodCandidates).await?;
    if candidates.is_empty() {
        return Err(no_ledger("livelihood candidate list", region, year));
    }
    let ballots: Vec<Ballot> = load(store, region, year, LedgerKind::Ballots).await?;
    if ballots.is_empty() {
        return Err(no_ledger("ballots", region, year));
    }
    Ok(livelihood::tally(
        &candidates,
        &ballots,
        &TallyRule::seats(seats),
    ))
}
