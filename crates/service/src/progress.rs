//! Departments' progress entries on the ledgers, end to end: which items a department reports
//! on (a key project by its 责任单位, a key-task measure by its 牵头单位, an adopted livelihood
//! project by its 责任单位), saving and submitting an entry (checked by the domain's
//! `progress` rules against the item as it stands), and the DRC's approval, which applies the
//! entry to the ledger in the store's transaction — so lights, figures and report paragraphs,
//! all computed from the ledger, follow approved entries and nothing else.

use crate::{ServiceError, ServiceResult, ledgers};
use planwatch_domain::Message;
use planwatch_domain::livelihood::{Candidate, LivelihoodProgress};
use planwatch_domain::progress::{LivelihoodEntry, ProjectEntry, Refusal, TaskEntry};
use planwatch_domain::projects::{MonthlyProgress, Project};
use planwatch_domain::tasks::Measure;
use planwatch_store::accounts::ReviewDecision;
use planwatch_store::progress::{EntryFilter, EntryInput, LedgerWrite};
use planwatch_store::{Actor, Database, LedgerItem, LedgerKind, StoreError};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use planwatch_store::progress::{EntryKind, EntryRecord};

/// The livelihood projects adopted when a vote holds no other number of seats.
pub const DEFAULT_SEATS: usize = 10;

/// What a department reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EntryPayload {
    Project(ProjectEntry),
    Task(TaskEntry),
    Livelihood(LivelihoodEntry),
}

impl EntryPayload {
    pub fn kind(&self) -> EntryKind {
        match self {
            EntryPayload::Project(_) => EntryKind::Project,
            EntryPayload::Task(_) => EntryKind::Task,
            EntryPayload::Livelihood(_) => EntryKind::Livelihood,
        }
    }

    fn json(&self) -> ServiceResult<String> {
        let r = match self {
            EntryPayload::Project(e) => serde_json::to_string(e),
            EntryPayload::Task(e) => serde_json::to_string(e),
            EntryPayload::Livelihood(e) => serde_json::to_string(e),
        };
        r.map_err(|e| StoreError::Invalid(format!("cannot encode an entry: {e}")).into())
    }

    /// One line saying what the entry proposes, in both languages (the unit of a livelihood
    /// project's value is in its Chinese line only: the stored summary).
    pub fn summary(&self, record: &EntryRecord) -> Message {
        match self {
            EntryPayload::Project(e) => e.summary(record.period),
            EntryPayload::Task(e) => e.summary(record.period),
            EntryPayload::Livelihood(e) => Message::new(record.summary.clone(), e.summary("").en),
        }
    }

    /// The stored entry's payload.
    pub fn of(record: &EntryRecord) -> ServiceResult<EntryPayload> {
        fn de<T: DeserializeOwned>(r: &EntryRecord) -> ServiceResult<T> {
            serde_json::from_str(&r.payload).map_err(|e| {
                StoreError::Invalid(format!("stored entry {} is unreadable: {e}", r.id)).into()
            })
        }
        Ok(match record.kind {
            EntryKind::Project => EntryPayload::Project(de(record)?),
            EntryKind::Task => EntryPayload::Task(de(record)?),
            EntryKind::Livelihood => EntryPayload::Livelihood(de(record)?),
        })
    }
}

/// An item a department reports on, as it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Item {
    Project {
        project: Project,
        /// The project's monthly reports so far.
        history: Vec<MonthlyProgress>,
    },
    Task {
        measure: Measure,
    },
    Livelihood {
        candidate: Candidate,
        progress: Option<LivelihoodProgress>,
    },
}

impl Item {
    pub fn kind(&self) -> EntryKind {
        match self {
            Item::Project { .. } => EntryKind::Project,
            Item::Task { .. } => EntryKind::Task,
            Item::Livelihood { .. } => EntryKind::Livelihood,
        }
    }

    /// The key in its ledger.
    pub fn key(&self) -> &str {
        match self {
            Item::Project { project, .. } => &project.code,
            Item::Task { measure } => &measure.code,
            Item::Livelihood { candidate, .. } => &candidate.name,
        }
    }

    /// What people call it.
    pub fn name(&self) -> &str {
        match self {
            Item::Project { project, .. } => &project.name,
            Item::Task { measure } => &measure.text,
            Item::Livelihood { candidate, .. } => &candidate.name,
        }
    }

    /// The department responsible for reporting on it.
    pub fn department(&self) -> &str {
        match self {
            Item::Project { project, .. } => &project.responsible_unit,
            Item::Task { measure } => &measure.lead,
            Item::Livelihood { candidate, .. } => &candidate.responsible_unit,
        }
    }
}

fn item_data<T: DeserializeOwned>(item: &LedgerItem, what: &str) -> ServiceResult<T> {
    serde_json::from_str(&item.data).map_err(|e| {
        StoreError::Invalid(format!("stored {what} {:?} is unreadable: {e}", item.key)).into()
    })
}

fn not_found(kind: EntryKind, key: &str, region: &str, year: i32) -> ServiceError {
    let what = match kind {
        EntryKind::Project => "key project",
        EntryKind::Task => "key-task measure",
        EntryKind::Livelihood => "adopted livelihood project",
    };
    StoreError::NotFound(format!("{what} {key:?} in {region} {year}")).into()
}

/// The livelihood projects adopted by the vote (all candidates when no ballots are stored:
/// a list imported after the vote holds only the adopted ones).
pub async fn adopted_candidates(
    store: &dyn Database,
    region: &str,
    year: i32,
) -> ServiceResult<Vec<Candidate>> {
    let l = ledgers::load_livelihood(store, region, year).await?;
    if l.ballots.is_empty() {
        return Ok(l.candidates);
    }
    let t = planwatch_domain::livelihood::tally(
        &l.candidates,
        &l.ballots,
        &planwatch_domain::livelihood::TallyRule::seats(DEFAULT_SEATS),
    );
    Ok(l.candidates
        .into_iter()
        .filter(|c| t.adopted.contains(&c.name))
        .collect())
}

/// One item with the versions of its stored documents: (item, main version, monthly
/// report's version for `period` when a project).
async fn load_item(
    store: &dyn Database,
    region: &str,
    year: i32,
    kind: EntryKind,
    key: &str,
    period: u8,
) -> ServiceResult<(Item, i64, Option<i64>)> {
    match kind {
        EntryKind::Project => {
            let stored = store
                .ledger_item(region, year, LedgerKind::Projects, key)
                .await?
                .ok_or_else(|| not_found(kind, key, region, year))?;
            let project: Project = item_data(&stored, "project")?;
            let history: Vec<MonthlyProgress> = ledgers::load_projects(store, region, year)
                .await?
                .monthly
                .into_iter()
                .filter(|m| m.code == project.code)
                .collect();
            let monthly_version = store
                .ledger_item(
                    region,
                    year,
                    LedgerKind::ProjectProgress,
                    &progress_key(key, period),
                )
                .await?
                .map(|i| i.version);
            Ok((
                Item::Project { project, history },
                stored.version,
                monthly_version,
            ))
        }
        EntryKind::Task => {
            let stored = store
                .ledger_item(region, year, LedgerKind::Tasks, key)
                .await?
                .ok_or_else(|| not_found(kind, key, region, year))?;
            let measure: Measure = item_data(&stored, "measure")?;
            Ok((Item::Task { measure }, stored.version, None))
        }
        EntryKind::Livelihood => {
            let candidate = adopted_candidates(store, region, year)
                .await?
                .into_iter()
                .find(|c| c.name == key)
                .ok_or_else(|| not_found(kind, key, region, year))?;
            let stored = store
                .ledger_item(region, year, LedgerKind::LivelihoodProgress, key)
                .await?;
            let progress = stored
                .as_ref()
                .map(|s| item_data::<LivelihoodProgress>(s, "livelihood progress"))
                .transpose()?;
            let version = stored.map(|s| s.version).unwrap_or(0);
            Ok((
                Item::Livelihood {
                    candidate,
                    progress,
                },
                version,
                None,
            ))
        }
    }
}

/// The key of a project's monthly report in the progress ledger (as imports write it).
pub fn progress_key(code: &str, month: u8) -> String {
    format!("{code}/{month:02}")
}

/// One item as it stands now.
pub async fn item(
    store: &dyn Database,
    region: &str,
    year: i32,
    kind: EntryKind,
    key: &str,
) -> ServiceResult<Item> {
    Ok(load_item(store, region, year, kind, key, 1).await?.0)
}

fn refused(r: Refusal) -> ServiceError {
    ServiceError::Refused {
        field: r.field,
        message: r.message,
    }
}

/// Checks an entry against the item; the entry's summary line.
fn check(item: &Item, payload: &EntryPayload, year: i32, period: u8) -> ServiceResult<Message> {
    let wrong_kind = || ServiceError::Refused {
        field: "kind",
        message: Message::new("填报内容与事项类型不符", "The entry does not fit the item"),
    };
    match (item, payload) {
        (Item::Project { project, history }, EntryPayload::Project(e)) => {
            e.check(project, history, year, period).map_err(refused)?;
            Ok(e.summary(period))
        }
        (Item::Task { measure }, EntryPayload::Task(e)) => {
            e.check(measure, period).map_err(refused)?;
            Ok(e.summary(period))
        }
        (Item::Livelihood { candidate, .. }, EntryPayload::Livelihood(e)) => {
            e.check(candidate).map_err(refused)?;
            Ok(e.summary(&candidate.unit))
        }
        _ => Err(wrong_kind()),
    }
}

/// Where an entry is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryTarget<'a> {
    pub region: &'a str,
    pub year: i32,
    pub key: &'a str,
    /// A month (projects, livelihood) or a quarter (tasks).
    pub period: u8,
}

/// Saves (or submits) a department's entry. `scope` is the reporter's department: an item
/// another department is responsible for is refused.
pub async fn save_entry(
    store: &dyn Database,
    target: EntryTarget<'_>,
    payload: &EntryPayload,
    submit: bool,
    expected_version: Option<i64>,
    scope: Option<&str>,
    actor: &Actor,
) -> ServiceResult<EntryRecord> {
    let kind = payload.kind();
    if !(1..=kind.max_period()).contains(&target.period) {
        return Err(ServiceError::Refused {
            field: "period",
            message: match kind {
                EntryKind::Task => Message::new("季度应为1至4", "The quarter must be 1 to 4"),
                _ => Message::new("月份应为1至12", "The month must be 1 to 12"),
            },
        });
    }
    let (item, _, _) = load_item(
        store,
        target.region,
        target.year,
        kind,
        target.key,
        target.period,
    )
    .await?;
    if let Some(mine) = scope
        && mine != item.department()
    {
        return Err(ServiceError::NotResponsible(Message::new(
            format!("“{}”由{}负责填报", item.name(), item.department()),
            format!(
                "“{}” is reported by {}, not by {mine}",
                item.name(),
                item.department()
            ),
        )));
    }
    let summary = check(&item, payload, target.year, target.period)?;
    store
        .save_entry(
            &EntryInput {
                region: target.region.to_string(),
                year: target.year,
                kind,
                item_key: target.key.to_string(),
                period: target.period,
                payload: payload.json()?,
                summary: summary.zh,
            },
            item.department(),
            submit,
            expected_version,
            actor,
        )
        .await
        .map_err(Into::into)
}

fn to_json<T: Serialize>(v: &T) -> ServiceResult<String> {
    serde_json::to_string(v)
        .map_err(|e| StoreError::Invalid(format!("cannot encode a ledger item: {e}")).into())
}

/// The ledger writes approving `record` makes, from the item as it stands now.
async fn approval_writes(
    store: &dyn Database,
    record: &EntryRecord,
) -> ServiceResult<Vec<LedgerWrite>> {
    let payload = EntryPayload::of(record)?;
    let (item, version, monthly_version) = load_item(
        store,
        &record.region,
        record.year,
        record.kind,
        &record.item_key,
        record.period,
    )
    .await?;
    // The item may have moved since the entry was made: check again.
    check(&item, &payload, record.year, record.period)?;
    let mut writes = Vec::new();
    match (&item, &payload) {
        (Item::Project { project, history }, EntryPayload::Project(e)) => {
            let (p, monthly) = e.apply(project, history, record.period);
            writes.push(LedgerWrite {
                kind: LedgerKind::Projects,
                key: p.code.clone(),
                data: to_json(&p)?,
                expected_version: Some(version),
            });
            if let Some(m) = monthly {
                writes.push(LedgerWrite {
                    kind: LedgerKind::ProjectProgress,
                    key: progress_key(&m.code, m.month),
                    data: to_json(&m)?,
                    expected_version: monthly_version,
                });
            }
        }
        (Item::Task { measure }, EntryPayload::Task(e)) => {
            let m = e.apply(measure, record.period);
            writes.push(LedgerWrite {
                kind: LedgerKind::Tasks,
                key: m.code.clone(),
                data: to_json(&m)?,
                expected_version: Some(version),
            });
        }
        (
            Item::Livelihood {
                candidate,
                progress,
            },
            EntryPayload::Livelihood(e),
        ) => {
            let p = e.apply(candidate, progress.as_ref());
            writes.push(LedgerWrite {
                kind: LedgerKind::LivelihoodProgress,
                key: candidate.name.clone(),
                data: to_json(&p)?,
                expected_version: (version > 0).then_some(version),
            });
        }
        _ => {
            return Err(
                StoreError::Invalid(format!("entry {} does not fit its item", record.id)).into(),
            );
        }
    }
    Ok(writes)
}

/// Approves (applying the entry to its ledger item) or returns a submitted entry.
pub async fn review_entry(
    store: &dyn Database,
    id: i64,
    decision: &ReviewDecision,
    expected_version: Option<i64>,
    actor: &Actor,
) -> ServiceResult<EntryRecord> {
    let record = store
        .entry(id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("entry {id}")))?;
    let writes = match decision {
        ReviewDecision::Approve { .. } => approval_writes(store, &record).await?,
        ReviewDecision::Return { .. } => Vec::new(),
    };
    store
        .review_entry(id, decision, expected_version, &writes, actor)
        .await
        .map_err(Into::into)
}

/// Entries matching a filter (see [`EntryFilter`]).
pub async fn entries(
    store: &dyn Database,
    filter: &EntryFilter,
) -> ServiceResult<Vec<EntryRecord>> {
    Ok(store.entries(filter).await?)
}

/// Every item of a region-year a department (or, with `None`, anyone) reports on.
pub async fn items(
    store: &dyn Database,
    region: &str,
    year: i32,
    department: Option<&str>,
) -> ServiceResult<Vec<Item>> {
    let mine = |d: &str| department.is_none_or(|x| x == d);
    let mut out = Vec::new();
    let projects = ledgers::load_projects(store, region, year).await?;
    for p in projects.projects {
        if mine(&p.responsible_unit) {
            let history = projects
                .monthly
                .iter()
                .filter(|m| m.code == p.code)
                .cloned()
                .collect();
            out.push(Item::Project {
                project: p,
                history,
            });
        }
    }
    for m in ledgers::load_tasks(store, region, year).await?.measures {
        if mine(&m.lead) {
            out.push(Item::Task { measure: m });
        }
    }
    let progress = ledgers::load_livelihood(store, region, year)
        .await?
        .progress;
    for c in adopted_candidates(store, region, year).await? {
        if mine(&c.responsible_unit) {
            let p = progress.iter().find(|p| p.name == c.name).cloned();
            out.push(Item::Livelihood {
                candidate: c,
                progress: p,
            });
        }
    }
    Ok(out)
}
