//! Storage of the ledgers (key projects, monthly progress, livelihood candidates, ballots and
//! progress, key tasks) as typed JSON documents, one per item, keyed per region-year and kind.
//!
//! The ledgers' shapes live in `planwatch-domain` and change more often than the schema should;
//! storing each item as its serde JSON (decimals as strings, so nothing is rounded) keeps the
//! backends simple and identical while the service layer converts to and from domain types.

use crate::{Actor, StoreResult};
use async_trait::async_trait;
use serde::Serialize;
use serde_json::value::RawValue;

/// Which ledger a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerKind {
    Projects,
    ProjectProgress,
    LivelihoodCandidates,
    Ballots,
    LivelihoodProgress,
    Tasks,
}

impl LedgerKind {
    pub const ALL: [LedgerKind; 6] = [
        LedgerKind::Projects,
        LedgerKind::ProjectProgress,
        LedgerKind::LivelihoodCandidates,
        LedgerKind::Ballots,
        LedgerKind::LivelihoodProgress,
        LedgerKind::Tasks,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LedgerKind::Projects => "projects",
            LedgerKind::ProjectProgress => "project_progress",
            LedgerKind::LivelihoodCandidates => "livelihood_candidates",
            LedgerKind::Ballots => "ballots",
            LedgerKind::LivelihoodProgress => "livelihood_progress",
            LedgerKind::Tasks => "tasks",
        }
    }
}

/// One stored ledger item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerItem {
    /// Unique within (region, year, kind): a project code, a deputy id, a candidate name…
    pub key: String,
    /// Position in the imported file, to give items back in the order they came.
    pub position: i64,
    /// The item as JSON.
    pub data: String,
    pub version: i64,
}

/// Ledger storage. Every write is one transaction with an audit entry.
#[async_trait]
pub trait LedgerStore: Send + Sync {
    /// Replaces a region-year's ledgers of the given kinds with the given items (key, JSON),
    /// all kinds in one transaction, all or nothing, creating the region if needed. Returns
    /// how many items it replaced.
    async fn replace_ledgers(
        &self,
        region: &str,
        year: i32,
        ledgers: &[(LedgerKind, Vec<(String, String)>)],
        actor: &Actor,
    ) -> StoreResult<u64>;

    /// [`LedgerStore::replace_ledgers`] for one kind.
    async fn replace_ledger(
        &self,
        region: &str,
        year: i32,
        kind: LedgerKind,
        items: &[(String, String)],
        actor: &Actor,
    ) -> StoreResult<u64> {
        self.replace_ledgers(region, year, &[(kind, items.to_vec())], actor)
            .await
    }

    /// The items of a region-year's ledger, in their imported order.
    async fn ledger_items(
        &self,
        region: &str,
        year: i32,
        kind: LedgerKind,
    ) -> StoreResult<Vec<LedgerItem>>;
}

/// What the audit trail records for a ledger replacement. The vote's candidates and ballots are
/// recorded whole, so a tally can be recomputed from the audit trail alone; other ledgers (which
/// may hold 100,000 rows) record their size.
pub fn audit_summary(kind: LedgerKind, items: &[(String, String)], replaced: u64) -> String {
    let whole = matches!(kind, LedgerKind::Ballots | LedgerKind::LivelihoodCandidates);
    if whole {
        let data: Vec<&RawValue> = items
            .iter()
            .filter_map(|(_, json)| serde_json::from_str::<&RawValue>(json).ok())
            .collect();
        if data.len() == items.len()
            && let Ok(text) = serde_json::to_string(&serde_json::json!({
                "items": items.len(),
                "replaced": replaced,
                "data": data,
            }))
        {
            return text;
        }
    }
    format!("{} items (replacing {replaced})", items.len())
}
