//! The ledgers as JSON: key projects (the ledger, the figures and paragraph, the lights at a
//! month), livelihood projects (candidates, ballots, progress; the vote tally) and key tasks.
//! Read by the DRC, leaders and deputies, like the pages.

use super::int_param;
use crate::AppState;
use crate::error::ApiResult;
use crate::util::Params;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use planwatch_domain::projects::LightRules;
use planwatch_service::ledgers;
use std::collections::HashMap;

/// A year's key-project ledger: `projects` and `monthly` reports.
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/projects", tag = "ledgers",
    params(("region" = String, Path), ("year" = i32, Path)),
    responses((status = 200, description = "`{projects: [...], monthly: [...]}`; money in 亿元 as decimal strings"),
        (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)))]
pub async fn projects(
    State(state): State<AppState>,
    Path((region, year)): Path<(String, String)>,
) -> ApiResult<Response> {
    let year: i32 = int_param("year", &year)?;
    let ledger = ledgers::load_projects(state.data(), &region, year).await?;
    Ok(Json(serde_json::json!({
        "region": region,
        "year": year,
        "projects": ledger.projects,
        "monthly": ledger.monthly,
    }))
    .into_response())
}

/// The key-project figures (overall and by group) at a month, with the report paragraphs.
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/projects/summary", tag = "ledgers",
    params(("region" = String, Path), ("year" = i32, Path),
        ("month" = Option<u8>, Query, description = "1..12; the ledger's own figures when absent")),
    responses((status = 200, description = "`{region, year, report, paragraph, plan_paragraph, paragraph_en, plan_paragraph_en}`: the paragraphs in Chinese and in English"),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn project_summary(
    State(state): State<AppState>,
    Path((region, year)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let year: i32 = int_param("year", &year)?;
    let month = Params(q).month("month")?;
    let s = ledgers::project_summary(state.data(), &region, year, month, None).await?;
    Ok(Json(s).into_response())
}

/// Every project's light at the end of a month, with the reasons.
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/projects/lights", tag = "ledgers",
    params(("region" = String, Path), ("year" = i32, Path),
        ("month" = Option<u8>, Query, description = "1..12; default: the latest month with reports, else 12")),
    responses((status = 200, description = "`{month, lights: [{code, light, reasons: [{kind, …facts}], gap_pp}]}`"),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn project_lights(
    State(state): State<AppState>,
    Path((region, year)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let year: i32 = int_param("year", &year)?;
    let month = match Params(q).month("month")? {
        Some(m) => m,
        None => ledgers::load_projects(state.data(), &region, year)
            .await?
            .monthly
            .iter()
            .map(|m| m.month)
            .max()
            .unwrap_or(12),
    };
    let lights =
        ledgers::project_lights(state.data(), &region, year, month, &LightRules::default()).await?;
    Ok(Json(serde_json::json!({ "month": month, "lights": lights })).into_response())
}

/// A year's livelihood ledger: candidates, ballots, progress.
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/livelihood", tag = "ledgers",
    params(("region" = String, Path), ("year" = i32, Path)),
    responses((status = 200, description = "`{candidates, ballots, progress}`"),
        (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)))]
pub async fn livelihood(
    State(state): State<AppState>,
    Path((region, year)): Path<(String, String)>,
) -> ApiResult<Response> {
    let year: i32 = int_param("year", &year)?;
    let l = ledgers::load_livelihood(state.data(), &region, year).await?;
    Ok(Json(serde_json::json!({
        "region": region,
        "year": year,
        "candidates": l.candidates,
        "ballots": l.ballots,
        "progress": l.progress,
    }))
    .into_response())
}

/// The vote session's tally.
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/livelihood/tally", tag = "ledgers",
    params(("region" = String, Path), ("year" = i32, Path),
        ("seats" = Option<u32>, Query, description = "projects to adopt, 1..100 (default 10)")),
    responses((status = 200, description = "Counts per candidate, adopted in order, tie, invalid ballots with reasons"),
        (status = 404, description = "No candidates or no ballots", body = crate::error::ErrorBody)))]
pub async fn tally(
    State(state): State<AppState>,
    Path((region, year)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let year: i32 = int_param("year", &year)?;
    let seats = match Params(q).i64("seats")? {
        None => crate::pages::DEFAULT_SEATS,
        Some(n) if (1..=100).contains(&n) => {
            usize::try_from(n).unwrap_or(crate::pages::DEFAULT_SEATS)
        }
        Some(n) => {
            return Err(crate::error::WebError::BadRequest(format!(
                "seats must be 1..100, not {n}"
            ))
            .into());
        }
    };
    let t = ledgers::vote_tally(state.data(), &region, year, seats).await?;
    Ok(Json(t).into_response())
}

/// A year's key-task measures.
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/tasks", tag = "ledgers",
    params(("region" = String, Path), ("year" = i32, Path)),
    responses((status = 200, description = "`{measures: [...]}`"),
        (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)))]
pub async fn tasks(
    State(state): State<AppState>,
    Path((region, year)): Path<(String, String)>,
) -> ApiResult<Response> {
    let year: i32 = int_param("year", &year)?;
    let t = ledgers::load_tasks(state.data(), &region, year).await?;
    Ok(
        Json(serde_json::json!({ "region": region, "year": year, "measures": t.measures }))
            .into_response(),
    )
}
