//! Saved report reviews as JSON: list (paged, sorted, searched), upload a report for review
//! (the file as the request body), reopen, rerun, mark a finding as raised, export. The same
//! use cases as the 报告审查 pages (`planwatch_service::reviews`).

use super::{ApiJson, int_param};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::{ApiResult, ErrorBody, WebError};
use crate::pages::paging::ListQuery;
use crate::pages::reports::{export_format, review_sort};
use crate::util::Params;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use planwatch_domain::Lang;
use planwatch_service::reviews::{self as service, finding_key, mark_of};
use planwatch_store::ReviewRecord;
use planwatch_store::reviews::ReviewQuery;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// One finding of a saved review.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingView {
    /// Stable across reruns that find the same thing; marks are keyed by it.
    pub key: String,
    /// summary_count, prose_table, sum, incomplete, …
    pub kind: String,
    pub kind_zh: String,
    /// error, warning, info
    pub severity: String,
    pub passed: bool,
    /// In Chinese.
    pub message: String,
    /// The same facts in English (the Chinese text for a review saved before findings were
    /// written in English).
    pub message_en: String,
    /// The 1-based lines it rests on.
    pub lines: Vec<usize>,
    /// Set when a reviewer raised it with the DRC.
    pub raised: Option<MarkView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MarkView {
    pub note: String,
    pub raised_by: String,
    /// Unix seconds.
    pub raised_at: i64,
}

/// A saved review.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewView {
    pub id: i64,
    pub file_name: String,
    pub sha256: String,
    pub size: i64,
    pub title: Option<String>,
    pub region: Option<String>,
    pub year: Option<i32>,
    pub problems: i64,
    pub created_by: String,
    /// Unix seconds.
    pub created_at: i64,
    /// How many times it ran (1 when never rerun).
    pub runs: i64,
    pub rerun_at: Option<i64>,
    pub rerun_by: Option<String>,
    /// For `expected_version` on a rerun.
    pub version: i64,
    /// Absent in lists.
    pub findings: Option<Vec<FindingView>>,
}

fn view(r: &ReviewRecord, with_findings: bool) -> ApiResult<ReviewView> {
    let findings = if with_findings {
        let text = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
        Some(
            service::findings_of(r)?
                .iter()
                .map(|f| FindingView {
                    key: finding_key(f),
                    kind: text(serde_json::to_value(f.kind).unwrap_or_default()),
                    kind_zh: f.kind.label_zh().to_string(),
                    severity: text(serde_json::to_value(f.severity).unwrap_or_default()),
                    passed: f.passed,
                    message: f.message.clone(),
                    message_en: f.message_in(Lang::En).to_string(),
                    lines: f.evidence.iter().map(|e| e.line).collect(),
                    raised: mark_of(r, f).map(|m| MarkView {
                        note: m.note.clone(),
                        raised_by: m.raised_by.clone(),
                        raised_at: m.raised_at,
                    }),
                })
                .collect(),
        )
    } else {
        None
    };
    Ok(ReviewView {
        id: r.id,
        file_name: r.file_name.clone(),
        sha256: r.sha256.clone(),
        size: r.size,
        title: r.title.clone(),
        region: r.region.clone(),
        year: r.year,
        problems: r.problems,
        created_by: r.created_by.clone(),
        created_at: r.created_at,
        runs: r.runs,
        rerun_at: r.rerun_at,
        rerun_by: r.rerun_by.clone(),
        version: r.version,
        findings,
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewPage {
    pub reviews: Vec<ReviewView>,
    /// How many match in all.
    pub total: i64,
    pub page: usize,
    pub per: usize,
}

/// Saved reviews, newest first unless sorted otherwise.
#[utoipa::path(get, path = "/api/v1/reviews", tag = "reviews",
    params(("q" = Option<String>, Query, description = "Matches the file name, title or region"),
        ("sort" = Option<String>, Query, description = "-date (default), date, name, problems"),
        ("page" = Option<usize>, Query, description = "1-based"), ("per" = Option<usize>, Query, description = "default 50, at most 500")),
    responses((status = 200, description = "A page of reviews", body = ReviewPage),
        (status = 400, description = "A parameter cannot be read", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not allowed", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Json<ReviewPage>> {
    let list = ListQuery::from(&Params(q))?;
    let (reviews, total) = service::list(
        state.working(),
        &ReviewQuery {
            search: list.search.clone(),
            sort: review_sort(list.sort_key())?,
            offset: i64::try_from(list.offset()).unwrap_or(i64::MAX),
            limit: i64::try_from(list.per).unwrap_or(50),
        },
    )
    .await?;
    Ok(Json(ReviewPage {
        reviews: reviews
            .iter()
            .map(|r| view(r, false))
            .collect::<ApiResult<_>>()?,
        total,
        page: list.page,
        per: list.per,
    }))
}

/// Reviews a report sent as the request body and stores the review.
#[utoipa::path(post, path = "/api/v1/reviews", tag = "reviews",
    params(("file_name" = String, Query, description = "The report's file name, kept with its review (the format is told by the content: text, .docx, .html or a text .pdf)")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The report file"),
    responses((status = 201, description = "The stored review", body = ReviewView),
        (status = 400, description = "No file name or an empty file", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not allowed", body = ErrorBody),
        (status = 413, description = "The file is too large", body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> ApiResult<Response> {
    let name = Params(q)
        .str("file_name")
        .map(str::to_string)
        .ok_or_else(|| WebError::BadRequest("file_name is missing".into()))?;
    if body.is_empty() {
        return Err(WebError::BadRequest("the file is empty".into()).into());
    }
    if body.len() > crate::upload::UPLOAD_LIMIT {
        return Err(crate::upload::too_large().into());
    }
    let data = body.to_vec();
    let rules = state.config().rules.clone();
    let (hint, bytes) = (name.clone(), data.clone());
    let reviewed = tokio::task::spawn_blocking(move || service::run(&hint, &bytes, &rules))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let saved = service::save(state.working(), &name, &data, &reviewed, &viewer.actor()).await?;
    Ok((StatusCode::CREATED, Json(view(&saved, true)?)).into_response())
}

/// A saved review with its findings.
#[utoipa::path(get, path = "/api/v1/reviews/{id}", tag = "reviews",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The review", body = ReviewView),
        (status = 404, description = "No such review", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<ReviewView>> {
    let id: i64 = int_param("id", &id)?;
    Ok(Json(view(&service::get(state.working(), id).await?, true)?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RerunRequest {
    pub expected_version: Option<i64>,
}

/// Reviews the stored file again with today's reader; marks stay on findings found again.
#[utoipa::path(post, path = "/api/v1/reviews/{id}/rerun", tag = "reviews",
    params(("id" = i64, Path)),
    request_body = RerunRequest,
    responses((status = 200, description = "The review after the rerun", body = ReviewView),
        (status = 404, description = "No such review", body = ErrorBody),
        (status = 409, description = "The review moved on", body = ErrorBody)))]
pub async fn rerun(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RerunRequest>,
) -> ApiResult<Json<ReviewView>> {
    let id: i64 = int_param("id", &id)?;
    let (name, data) = service::file(state.working(), id).await?;
    let rules = state.config().rules.clone();
    let reviewed = tokio::task::spawn_blocking(move || service::run(&name, &data, &rules))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let r = service::rerun(
        state.working(),
        id,
        body.expected_version,
        move |_, _| reviewed,
        &viewer.actor(),
    )
    .await?;
    Ok(Json(view(&r, true)?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MarkRequest {
    /// The finding's `key`.
    pub finding: String,
    /// What was raised with the DRC; absent or empty clears the mark.
    pub note: Option<String>,
}

/// Marks a finding as raised with the DRC, with a note (or clears the mark).
#[utoipa::path(post, path = "/api/v1/reviews/{id}/marks", tag = "reviews",
    params(("id" = i64, Path)),
    request_body = MarkRequest,
    responses((status = 200, description = "The review with its marks", body = ReviewView),
        (status = 404, description = "No such review or finding", body = ErrorBody)))]
pub async fn mark(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MarkRequest>,
) -> ApiResult<Json<ReviewView>> {
    let id: i64 = int_param("id", &id)?;
    let note = body
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let r = service::mark(state.working(), id, &body.finding, note, &viewer.actor()).await?;
    Ok(Json(view(&r, true)?))
}

/// A saved review as a Word or HTML file.
#[utoipa::path(get, path = "/api/v1/reviews/{id}/export", tag = "reviews",
    params(("id" = i64, Path), ("format" = Option<String>, Query, description = "docx (default) or html"),
        ("lang" = Option<String>, Query, description = "zh (default) or en")),
    responses((status = 200, description = "The review as a file", content_type = "application/octet-stream"),
        (status = 400, description = "Unknown format", body = ErrorBody),
        (status = 404, description = "No such review", body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let id: i64 = int_param("id", &id)?;
    let record = service::get(state.working(), id).await?;
    let params = Params(q);
    let format = export_format(params.str("format"))?;
    let lang = params.str("lang").and_then(Lang::parse).unwrap_or_default();
    let (bytes, name) = service::export(&record, format, lang)?;
    Ok(crate::pages::downloads::file_download(bytes, &name))
}
