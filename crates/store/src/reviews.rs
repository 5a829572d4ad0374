//! Saved report reviews (报告审查): each uploaded report is kept with its review — who, when,
//! the file's name, SHA-256 and bytes, what the reader found, the findings — so a deputy can
//! come back to it, share it, export it, and rerun it after the reader improves. A reviewer can
//! mark a finding as raised with the DRC, with a note; marks are keyed by the finding's stable
//! key (computed by the service), so they survive a rerun that finds the same thing.
//!
//! Findings are stored as the review's JSON; the store does not read them.

use crate::{Actor, StoreResult};
use async_trait::async_trait;
use serde::Serialize;

/// A review to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReview {
    pub file_name: String,
    /// Lower-case hex.
    pub sha256: String,
    pub data: Vec<u8>,
    /// What the reader found: the report's title, region and plan year, when it found them.
    pub title: Option<String>,
    pub region: Option<String>,
    pub year: Option<i32>,
    /// The findings as JSON.
    pub findings: String,
    /// How many findings are problems (not passed checks).
    pub problems: i64,
}

/// A finding marked as raised with the DRC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewMark {
    pub finding_key: String,
    pub note: String,
    pub raised_by: String,
    pub raised_at: i64,
}

/// A stored review (without the file's bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewRecord {
    pub id: i64,
    pub file_name: String,
    pub sha256: String,
    pub size: i64,
    pub title: Option<String>,
    pub region: Option<String>,
    pub year: Option<i32>,
    pub findings: String,
    pub problems: i64,
    pub created_by: String,
    pub created_at: i64,
    /// How many times the review has run (1 when never rerun).
    pub runs: i64,
    pub rerun_at: Option<i64>,
    pub rerun_by: Option<String>,
    pub version: i64,
    pub marks: Vec<ReviewMark>,
}

/// How the review list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReviewSort {
    #[default]
    Newest,
    Oldest,
    Name,
    MostProblems,
}

/// A page of the review list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewQuery {
    /// Matches the file name, the title or the region (substring).
    pub search: Option<String>,
    pub sort: ReviewSort,
    pub offset: i64,
    pub limit: i64,
}

/// Storage of saved reviews. Every change leaves an audit entry.
#[async_trait]
pub trait ReviewStore: Send + Sync {
    async fn save_review(&self, review: &NewReview, actor: &Actor) -> StoreResult<ReviewRecord>;

    async fn review(&self, id: i64) -> StoreResult<Option<ReviewRecord>>;

    /// The reviewed file: its name and bytes.
    async fn review_file(&self, id: i64) -> StoreResult<Option<(String, Vec<u8>)>>;

    /// A page of reviews (marks included) and how many match in all.
    async fn reviews(&self, query: &ReviewQuery) -> StoreResult<(Vec<ReviewRecord>, i64)>;

    /// Replaces the findings with a new run's, with an optimistic version.
    #[allow(clippy::too_many_arguments)]
    async fn rerun_review(
        &self,
        id: i64,
        findings: &str,
        problems: i64,
        found: (Option<String>, Option<String>, Option<i32>),
        expected_version: Option<i64>,
        actor: &Actor,
    ) -> StoreResult<ReviewRecord>;

    /// Marks a finding as raised with the DRC (with a note), or clears the mark (`None`).
    async fn mark_finding(
        &self,
        id: i64,
        finding_key: &str,
        note: Option<&str>,
        actor: &Actor,
    ) -> StoreResult<ReviewRecord>;
}
