//! Progress entries as JSON: the items a department reports on, its entries (save a draft or
//! submit), and the DRC's approval (applied to the ledger) or return. The same use cases as
//! the 进展填报 pages (`planwatch_service::progress`), the same fields (read by
//! [`crate::progress_input`]) and the same authorization from the route table; a reporter
//! only sees and enters for its own department.

use super::{ApiJson, int_param};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::{ApiResult, ErrorBody, WebError};
use crate::i18n::Lang;
use crate::progress_input::{self, FieldError, review_decision};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use planwatch_service::progress::{
    self as service, EntryKind, EntryPayload, EntryRecord, EntryTarget,
};
use planwatch_store::SubmissionStatus;
use planwatch_store::progress::EntryFilter;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// A progress entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryView {
    pub id: i64,
    pub region: String,
    pub year: i32,
    /// project, task or livelihood
    pub kind: String,
    /// The item's key: a project code, a measure code, a livelihood project's name.
    pub item_key: String,
    /// A month 1..12 (projects, livelihood) or a quarter 1..4 (tasks).
    pub period: u8,
    pub department: String,
    /// What the entry proposes, in Chinese.
    pub summary: String,
    /// The same in English.
    pub summary_en: String,
    /// The entry's fields as sent (decimals as strings).
    #[schema(value_type = Object)]
    pub entry: serde_json::Value,
    /// draft, submitted, approved, returned
    pub status: String,
    pub created_by: String,
    pub reviewed_by: Option<String>,
    pub comment: Option<String>,
    /// The entry's version, for `expected_version`.
    pub version: i64,
    /// Unix seconds.
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<&EntryRecord> for EntryView {
    fn from(e: &EntryRecord) -> Self {
        let summary_en = EntryPayload::of(e)
            .map(|p| p.summary(e).en)
            .unwrap_or_else(|_| e.summary.clone());
        EntryView {
            id: e.id,
            region: e.region.clone(),
            year: e.year,
            kind: e.kind.as_str().to_string(),
            item_key: e.item_key.clone(),
            period: e.period,
            department: e.department.clone(),
            summary: e.summary.clone(),
            summary_en,
            entry: serde_json::from_str(&e.payload).unwrap_or(serde_json::Value::Null),
            status: e.status.as_str().to_string(),
            created_by: e.created_by.clone(),
            reviewed_by: e.reviewed_by.clone(),
            comment: e.comment.clone(),
            version: e.version,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// A department's entry on one item and period. Which fields count depends on `kind`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EntryRequest {
    pub region: String,
    pub year: i32,
    /// project, task or livelihood
    pub kind: String,
    /// The item's key: a project code, a measure code, a livelihood project's name.
    pub key: String,
    /// A month 1..12 (projects, livelihood) or a quarter 1..4 (tasks).
    pub period: u8,
    /// Project: the 1-m月 cumulative investment completed, in 亿元 (`"1.6"`).
    pub completed: Option<String>,
    /// Project: 形象进度.
    pub image_progress: Option<String>,
    /// Project: the start date (`2024-05-12`).
    pub started_on: Option<String>,
    /// Project: the completion date.
    pub completed_on: Option<String>,
    /// Every kind: the progress note.
    pub note: Option<String>,
    /// Task: not_started, in_progress, done, lagging (or the Chinese label).
    pub status: Option<String>,
    /// Livelihood: the value completed, in the project's unit.
    pub completed_value: Option<String>,
    /// Livelihood: the project is finished.
    #[serde(default)]
    pub done: bool,
    /// Submit for review (true) or keep as a draft (false).
    #[serde(default)]
    pub submit: bool,
    /// The open entry's version when changing it.
    pub expected_version: Option<i64>,
}

impl EntryRequest {
    fn field(&self, name: &str) -> Option<String> {
        match name {
            "completed" => self.completed.clone(),
            "image_progress" => self.image_progress.clone(),
            "started_on" => self.started_on.clone(),
            "completed_on" => self.completed_on.clone(),
            "note" => self.note.clone(),
            "status" => self.status.clone(),
            "completed_value" => self.completed_value.clone(),
            "done" => Some(self.done.to_string()),
            _ => None,
        }
    }
}

/// The DRC's decision on an entry.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EntryReviewRequest {
    /// `approve` or `return`.
    pub decision: String,
    /// Required when returning.
    pub comment: Option<String>,
    pub expected_version: Option<i64>,
}

fn kind_of(s: &str) -> Result<EntryKind, WebError> {
    EntryKind::parse(s).ok_or_else(|| {
        WebError::BadRequest(format!(
            "kind must be project, task or livelihood, not {s:?}"
        ))
    })
}

/// A reporter's own department; `None` for everyone else.
fn reporter_department(viewer: &Viewer) -> Option<String> {
    viewer.confined_to()
}

fn refusal(e: FieldError) -> WebError {
    WebError::Unprocessable(format!("{}: {}", e.field, e.text(Lang::En)))
}

fn service_error(e: planwatch_service::ServiceError) -> WebError {
    match FieldError::from_service(e) {
        Ok(r) => refusal(r),
        Err(e) => e.into(),
    }
}

/// The items a department reports on (a reporter: its own), as they stand.
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/progress/items", tag = "progress",
    params(("region" = String, Path), ("year" = i32, Path),
        ("department" = Option<String>, Query, description = "Only this department's items (a reporter always gets its own)")),
    responses((status = 200, description = "`[{kind: project|task|livelihood, ...}]`: a project with its monthly `history`, a task's `measure`, a livelihood `candidate` with its `progress`"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not allowed", body = ErrorBody)))]
pub async fn items(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((region, year)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let year: i32 = int_param("year", &year)?;
    let department = reporter_department(&viewer).or_else(|| {
        q.get("department")
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
    });
    let items = service::items(state.db(), &region, year, department.as_deref()).await?;
    Ok(Json(items).into_response())
}

/// Entries, newest change first (a reporter: its own department's).
#[utoipa::path(get, path = "/api/v1/progress/entries", tag = "progress",
    params(("region" = Option<String>, Query), ("year" = Option<i32>, Query),
        ("kind" = Option<String>, Query, description = "project, task or livelihood"),
        ("status" = Option<String>, Query, description = "draft, submitted, approved, returned"),
        ("department" = Option<String>, Query), ("item" = Option<String>, Query, description = "An item's key")),
    responses((status = 200, description = "The entries", body = Vec<EntryView>),
        (status = 400, description = "A filter cannot be read", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not allowed", body = ErrorBody)))]
pub async fn list_entries(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<EntryView>>> {
    let params = crate::util::Params(q);
    let status = params
        .str("status")
        .map(|s| {
            SubmissionStatus::parse(s).ok_or_else(|| {
                WebError::BadRequest(format!(
                    "status must be draft, submitted, approved or returned, not {s:?}"
                ))
            })
        })
        .transpose()?;
    let filter = EntryFilter {
        region: params.str("region").map(str::to_string),
        year: params.i32("year")?,
        kind: params.str("kind").map(kind_of).transpose()?,
        department: reporter_department(&viewer)
            .or_else(|| params.str("department").map(str::to_string)),
        status,
        item_key: params.str("item").map(str::to_string),
    };
    let entries = service::entries(state.db(), &filter).await?;
    Ok(Json(entries.iter().map(EntryView::from).collect()))
}

/// Saves or submits an entry. A reporter may only enter for items its department reports on.
#[utoipa::path(post, path = "/api/v1/progress/entries", tag = "progress",
    request_body = EntryRequest,
    responses((status = 200, description = "The saved entry", body = EntryView),
        (status = 403, description = "Another department reports on the item", body = ErrorBody),
        (status = 404, description = "No such item", body = ErrorBody),
        (status = 409, description = "The open entry moved on", body = ErrorBody),
        (status = 422, description = "The entry cannot be right: `message` names the field", body = ErrorBody)))]
pub async fn save_entry(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(body): ApiJson<EntryRequest>,
) -> ApiResult<Json<EntryView>> {
    let kind = kind_of(&body.kind)?;
    let payload = progress_input::payload(kind, &|k| body.field(k)).map_err(refusal)?;
    let saved = service::save_entry(
        state.db(),
        EntryTarget {
            region: &body.region,
            year: body.year,
            key: &body.key,
            period: body.period,
        },
        &payload,
        body.submit,
        body.expected_version,
        reporter_department(&viewer).as_deref(),
        &viewer.actor(),
    )
    .await
    .map_err(service_error)?;
    Ok(Json(EntryView::from(&saved)))
}

/// Approves (applying the entry to its ledger item) or returns a submitted entry.
#[utoipa::path(post, path = "/api/v1/progress/entries/{id}/review", tag = "progress",
    params(("id" = i64, Path)),
    request_body = EntryReviewRequest,
    responses((status = 200, description = "The decided entry", body = EntryView),
        (status = 404, description = "No such entry", body = ErrorBody),
        (status = 409, description = "Stale version, or the item moved on since the entry was made", body = ErrorBody),
        (status = 422, description = "Not awaiting review, no reason to return it, or no longer fits its item", body = ErrorBody)))]
pub async fn review_entry(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<EntryReviewRequest>,
) -> ApiResult<Json<EntryView>> {
    let id: i64 = int_param("id", &id)?;
    let decision = review_decision(Lang::En, Some(&body.decision), body.comment.as_deref())?;
    let record = service::review_entry(
        state.db(),
        id,
        &decision,
        body.expected_version,
        &viewer.actor(),
    )
    .await
    .map_err(service_error)?;
    Ok(Json(EntryView::from(&record)))
}
