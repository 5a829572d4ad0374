//! # planwatch-store
//!
//! The storage boundary of planwatch: the [`Store`] trait and its companions, the records they
//! exchange, and one error type. `planwatch-store-sql` implements them once for both databases
//! (SQLite for one office, PostgreSQL for a city server). Nothing above this crate knows SQL.
//!
//! Targets and actuals are stored as their original text; the parsed form is derived on load
//! with `planwatch-text`, so a better parser improves old data without a migration and the
//! exact published wording is never lost.

pub mod accounts;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod dump;
pub mod ledgers;
pub mod progress;
pub mod publication;
mod records;
pub mod regions;
pub mod reviews;

pub use dump::{Dump, DumpStore, TableDump};
pub use ledgers::{LedgerItem, LedgerKind, LedgerStore};

pub use accounts::{AccountStore, Period, Role, SubmissionRecord, SubmissionStatus, UserRecord};
pub use progress::{EntryKind, EntryRecord, ProgressStore};
pub use publication::{PublicationRecord, PublicationStore, PublishedFigure};
pub use records::{IndicatorRecord, plan_from_records, records_from_plan};
pub use regions::{RegionNode, RegionStore, YearPlans, check_no_cycle};
pub use reviews::{ReviewRecord, ReviewStore};

/// Plans with the region tree: what comparisons across regions read.
pub trait PlanStore: Store + RegionStore {}
impl<T: Store + RegionStore + ?Sized> PlanStore for T {}

/// Everything planwatch persists, as one object: plans and ledgers, the region tree, accounts
/// and figures, progress entries, publications and saved reviews. Both backends are one
/// (`planwatch-store-sql`); the front ends hold an `Arc<dyn Database>`.
pub trait Database:
    PlanStore + AccountStore + ProgressStore + PublicationStore + ReviewStore
{
}
impl<T: PlanStore + AccountStore + ProgressStore + PublicationStore + ReviewStore + ?Sized> Database
    for T
{
}

use async_trait::async_trait;
use planwatch_domain::Plan;
use serde::Serialize;

/// Who made a change, and from where (CLI, web address), for the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub user: String,
    pub origin: String,
}

impl Actor {
    pub fn new(user: impl Into<String>, origin: impl Into<String>) -> Self {
        Actor {
            user: user.into(),
            origin: origin.into(),
        }
    }
}

/// Which expression of an indicator-year an edit changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExprField {
    Target,
    Actual,
}

impl ExprField {
    pub fn as_str(self) -> &'static str {
        match self {
            ExprField::Target => "target",
            ExprField::Actual => "actual",
        }
    }
}

/// A region known to the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionRecord {
    pub id: i64,
    pub name: String,
    pub parent: Option<String>,
    pub level: Option<String>,
}

/// The outcome of an accepted edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditOutcome {
    pub old_text: Option<String>,
    pub new_text: String,
    /// The record's version after the edit.
    pub version: i64,
}

/// One entry of the append-only audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub origin: String,
    pub action: String,
    pub entity: String,
    pub entity_key: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    /// Why a figure that failed a plausibility check was entered anyway.
    pub reason: Option<String>,
}

/// A page of the audit trail.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Matches the actor, action, entity, key, either value or the reason (substring, case-insensitive).
    pub search: Option<String>,
    /// Only this actor's entries.
    pub actor: Option<String>,
    /// Oldest first instead of newest first.
    pub oldest_first: bool,
    pub offset: i64,
    pub limit: i64,
}

/// Errors of every backend.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found: {0}")]
    NotFound(String),
    /// An edit based on a stale version; both values are given so the user can decide.
    #[error(
        "conflict on {what}: you edited version {expected}, but it is now version {actual} \
         (current value: {current:?}; yours: {yours:?})"
    )]
    Conflict {
        what: String,
        expected: i64,
        actual: i64,
        current: Option<String>,
        yours: String,
    },
    #[error(
        "the database was made by a newer planwatch (schema version {found}; this build knows up to {known}); \
         upgrade planwatch instead of using this build"
    )]
    NewerSchema { found: i64, known: i64 },
    #[error("invalid data: {0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Everything planwatch persists. One method per use case; each write is one transaction and
/// leaves an audit entry.
#[async_trait]
pub trait Store: LedgerStore + DumpStore + Send + Sync {
    /// The backend's name, for messages ("sqlite", "postgres").
    fn backend(&self) -> &'static str;

    /// Closes the store for good: waits for the connections in use to come back, then closes
    /// them. On SQLite it first checkpoints the write-ahead log into the database file and
    /// truncates it, so that the `.db` file alone holds every change — an office copies that one
    /// file to back it up. Call it once, when nothing will use the store again.
    async fn close(&self) -> StoreResult<()>;

    /// Creates the region if it is new; returns its id.
    async fn ensure_region(&self, name: &str, actor: &Actor) -> StoreResult<i64>;

    async fn regions(&self) -> StoreResult<Vec<RegionRecord>>;

    /// Replaces a region-year's whole indicator system (definitions, targets and actuals) in one
    /// transaction, creating the region if needed.
    async fn save_plan(&self, plan: &Plan, actor: &Actor) -> StoreResult<()>;

    /// The stored rows of a region-year, in 序号 order; empty when there is no such plan.
    async fn indicator_records(&self, region: &str, year: i32)
    -> StoreResult<Vec<IndicatorRecord>>;

    /// The years that have a plan for the region, ascending.
    async fn plan_years(&self, region: &str) -> StoreResult<Vec<i32>>;

    /// Sets a target or actual text. With `expected_version`, refuses with
    /// [`StoreError::Conflict`] when the record has moved on.
    #[allow(clippy::too_many_arguments)]
    async fn set_expr_text(
        &self,
        region: &str,
        year: i32,
        indicator: &str,
        field: ExprField,
        text: &str,
        expected_version: Option<i64>,
        actor: &Actor,
    ) -> StoreResult<EditOutcome>;

    /// The newest audit entries first, at most `limit`.
    async fn audit_entries(&self, limit: i64) -> StoreResult<Vec<AuditEntry>>;

    /// A page of the audit trail and how many entries match in all.
    async fn audit_page(&self, query: &AuditQuery) -> StoreResult<(Vec<AuditEntry>, i64)>;

    /// One audit entry by its id, with its whole old and new values.
    async fn audit_entry(&self, id: i64) -> StoreResult<Option<AuditEntry>>;

    /// Loads a region-year as a domain plan, parsing the stored expression texts.
    async fn load_plan(&self, region: &str, year: i32) -> StoreResult<Option<Plan>> {
        let records = self.indicator_records(region, year).await?;
        if records.is_empty() {
            return Ok(None);
        }
        plan_from_records(region, year, &records).map(Some)
    }
}
