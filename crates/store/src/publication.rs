//! Publishing (发布): the DRC decides when a month's figures (or a year's actuals) are ready
//! and publishes them; the public and deputies see published data only.
//!
//! Publishing copies the working values of one period — the year's actuals (period 0), or the
//! 1-m月 cumulative figures of month m — into the published figures, and the region-year's
//! ledgers (projects, tasks, livelihood) into the published ledgers, in one transaction with an
//! audit entry. Publishing a period again is a new revision: a figure whose value changed keeps
//! the value it replaced and the time of the correction, so a correction after publication
//! shows as such. Approving a figure or an entry changes working data only.
//!
//! [`PublicationStore::published_view`] is the same database as the public sees it: a whole
//! store whose reads of actuals, monthly figures and ledger items return the published ones
//! (the plan's definitions and targets are the adopted plan and read as stored), and which
//! refuses every write. Every use case run on it shows published data without knowing so.

use crate::{Actor, Database, StoreResult};
use async_trait::async_trait;
use serde::Serialize;
use std::sync::Arc;

/// One publication of a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicationRecord {
    pub id: i64,
    pub region: String,
    pub year: i32,
    /// 0: the year's actuals; 1..=12: the 1-m月 cumulative figures of month m.
    pub period: u8,
    /// 1 for the first publication of the period, then 2, 3… for republications.
    pub revision: i64,
    pub published_at: i64,
    pub published_by: String,
    pub note: Option<String>,
    /// How many figures the period holds now.
    pub figures: i64,
    /// How many of them were published for the first time by this publication.
    pub new_figures: i64,
    /// How many of them changed a value published before.
    pub corrections: i64,
}

/// A published figure as the public sees it, with its correction if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedFigure {
    pub indicator: String,
    /// 0: the year's actual; 1..=12: a monthly cumulative figure.
    pub period: u8,
    pub value_text: String,
    /// When the figure was first published.
    pub published_at: i64,
    /// The value the last correction replaced, when the figure was corrected after publication.
    pub previous_text: Option<String>,
    pub corrected_at: Option<i64>,
    /// 1, then one more per correction.
    pub version: i64,
}

/// The audit key of a period: `江北区/2024/m5`, `江北区/2023/annual`.
pub fn period_key(region: &str, year: i32, period: u8) -> String {
    if period == 0 {
        format!("{region}/{year}/annual")
    } else {
        format!("{region}/{year}/m{period}")
    }
}

/// Storage of publications.
#[async_trait]
pub trait PublicationStore: Send + Sync {
    /// Publishes a period of a region-year: its current figures and the year's ledgers. Refused
    /// ([`crate::StoreError::Invalid`]) when the period holds no figure, or for a published view.
    async fn publish(
        &self,
        region: &str,
        year: i32,
        period: u8,
        note: Option<&str>,
        actor: &Actor,
    ) -> StoreResult<PublicationRecord>;

    /// A region's publications (of one year when given), newest first.
    async fn publications(
        &self,
        region: &str,
        year: Option<i32>,
    ) -> StoreResult<Vec<PublicationRecord>>;

    /// A region-year's published figures, by indicator then period.
    async fn published_figures(&self, region: &str, year: i32)
    -> StoreResult<Vec<PublishedFigure>>;

    /// The database as the public sees it (see the module docs).
    fn published_view(&self) -> Arc<dyn Database>;

    /// Whether this is a published view.
    fn is_published_view(&self) -> bool;
}
