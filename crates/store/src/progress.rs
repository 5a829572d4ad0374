//! Departments' progress entries on ledger items — a key project's monthly completed
//! investment, phase change and note; a key task's quarterly note and status; a livelihood
//! project's progress and completion — with the same story as figures: a department's reporter
//! saves a draft, submits it, and the DRC approves or returns it.
//!
//! The store keeps entries as JSON payloads it does not read (their shapes and the rules that
//! apply them to a ledger item live in `planwatch-service`'s `progress` module). Approval
//! applies the ledger writes the service computed from the entry and the item as it stood, in
//! the same transaction that marks the entry approved: each write names the item version it
//! was computed from and is refused with a conflict when the item moved on meanwhile. Unlike a
//! figure, an approved entry does not lock its item-period: a later entry for the same month is
//! a correction and goes through approval again.

use crate::{Actor, LedgerItem, LedgerKind, StoreResult, SubmissionStatus};
use async_trait::async_trait;
use serde::Serialize;

/// Which ledger an entry reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A key project (重点项目): period is a month.
    Project,
    /// A key-task measure (重点任务): period is a quarter.
    Task,
    /// An adopted livelihood project (民生实事): period is a month.
    Livelihood,
}

impl EntryKind {
    pub const ALL: [EntryKind; 3] = [EntryKind::Project, EntryKind::Task, EntryKind::Livelihood];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Project => "project",
            EntryKind::Task => "task",
            EntryKind::Livelihood => "livelihood",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        EntryKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The periods an entry of this kind may name: months 1..=12, or quarters 1..=4.
    pub fn max_period(self) -> u8 {
        match self {
            EntryKind::Task => 4,
            EntryKind::Project | EntryKind::Livelihood => 12,
        }
    }
}

/// What a department proposes for one ledger item and period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryInput {
    pub region: String,
    pub year: i32,
    pub kind: EntryKind,
    /// The item's key in its ledger: a project code, a measure code, a livelihood project name.
    pub item_key: String,
    /// A month (projects, livelihood) or a quarter (tasks).
    pub period: u8,
    /// The entry as JSON (its shape is the service's).
    pub payload: String,
    /// One line saying what the entry proposes, for lists and the audit trail.
    pub summary: String,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryRecord {
    pub id: i64,
    pub region: String,
    pub year: i32,
    pub kind: EntryKind,
    pub item_key: String,
    pub period: u8,
    /// The item's responsible department when the entry was made.
    pub department: String,
    pub payload: String,
    pub summary: String,
    pub status: SubmissionStatus,
    pub created_by: String,
    pub reviewed_by: Option<String>,
    pub comment: Option<String>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Which entries to list; `None` fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryFilter {
    pub region: Option<String>,
    pub year: Option<i32>,
    pub kind: Option<EntryKind>,
    pub department: Option<String>,
    pub status: Option<SubmissionStatus>,
    pub item_key: Option<String>,
}

/// One ledger item written when an entry is approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerWrite {
    pub kind: LedgerKind,
    pub key: String,
    /// The item's new JSON.
    pub data: String,
    /// The version the new JSON was computed from; `None` for an item that did not exist
    /// (it is added at the end of its ledger).
    pub expected_version: Option<i64>,
}

/// The audit key of an entry's item-period: `江北区/2024/project/2024S004/m5` (`q2` for a
/// task's quarter).
pub fn entry_key(region: &str, year: i32, kind: EntryKind, item: &str, period: u8) -> String {
    let p = match kind {
        EntryKind::Task => format!("q{period}"),
        EntryKind::Project | EntryKind::Livelihood => format!("m{period}"),
    };
    format!("{region}/{year}/{}/{item}/{p}", kind.as_str())
}

/// Checks an entry's fields the same way in every backend.
pub fn validate_entry(input: &EntryInput) -> StoreResult<()> {
    let invalid = |m: String| Err(crate::StoreError::Invalid(m));
    if !(1..=input.kind.max_period()).contains(&input.period) {
        return invalid(format!(
            "{} {}: period {} is not 1..{}",
            input.kind.as_str(),
            input.item_key,
            input.period,
            input.kind.max_period()
        ));
    }
    if input.item_key.trim().is_empty() {
        return invalid("an entry needs the item it reports on".into());
    }
    if serde_json::from_str::<serde_json::Value>(&input.payload).is_err() {
        return invalid(format!(
            "{} {}: the entry is not JSON",
            input.kind.as_str(),
            input.item_key
        ));
    }
    Ok(())
}

/// Storage of progress entries. Every change leaves an audit entry.
#[async_trait]
pub trait ProgressStore: Send + Sync {
    /// Creates or updates the open entry of an item-period for `department` (which the caller
    /// read from the item). Refused while an entry awaits review ([`crate::StoreError::Invalid`])
    /// and when `expected_version` is stale ([`crate::StoreError::Conflict`]).
    async fn save_entry(
        &self,
        input: &EntryInput,
        department: &str,
        submit: bool,
        expected_version: Option<i64>,
        actor: &Actor,
    ) -> StoreResult<EntryRecord>;

    async fn entry(&self, id: i64) -> StoreResult<Option<EntryRecord>>;

    /// Entries matching the filter, newest change first.
    async fn entries(&self, filter: &EntryFilter) -> StoreResult<Vec<EntryRecord>>;

    /// Approves (applying `writes` in the same transaction) or returns a submitted entry.
    async fn review_entry(
        &self,
        id: i64,
        decision: &crate::accounts::ReviewDecision,
        expected_version: Option<i64>,
        writes: &[LedgerWrite],
        actor: &Actor,
    ) -> StoreResult<EntryRecord>;

    /// One ledger item with its version.
    async fn ledger_item(
        &self,
        region: &str,
        year: i32,
        kind: LedgerKind,
        key: &str,
    ) -> StoreResult<Option<LedgerItem>>;
}
