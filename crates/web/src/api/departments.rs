//! 部门一览 as JSON (and the assessment table as a file): the same use case as the pages
//! (`planwatch_service::departments`), the same authorization from the route table; a reporter
//! only reads its own department.

use super::int_param;
use crate::AppState;
use crate::auth::Viewer;
use crate::error::{ApiResult, ErrorBody, WebError};
use crate::pages::departments::load_work;
use crate::pages::downloads::{file_download, parse_table_format};
use crate::util::Params;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// Every department's counts for the year: items on track, behind and not yet decidable,
/// figures owed and late, submissions sent back — the basis of the year-end assessment.
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/departments", tag = "departments",
    params(("region" = String, Path), ("year" = i32, Path),
        ("month" = Option<u8>, Query, description = "The report month the lights are read at (default: the latest month with project reports, else 12)"),
        ("today" = Option<String>, Query, description = "The day lateness is judged at, YYYY-MM-DD (default: today in the time zone the app is configured with, Asia/Shanghai unless set)"),
        ("format" = Option<String>, Query, description = "json (default), or the table as a file: xlsx or csv")),
    responses((status = 200, description = "`{region, year, reference: {month, as_of, reporting_month, today}, departments: [{department, indicators, projects, tasks, livelihood, on_track, behind, undecided, figures_owed, figures_late, returned}]}`, or the file"),
        (status = 400, description = "A parameter cannot be read", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not allowed", body = ErrorBody)))]
pub async fn overview(
    State(state): State<AppState>,
    Path((region, year)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let year: i32 = int_param("year", &year)?;
    let params = Params(q);
    let work = load_work(&state, &region, year, &params).await?;
    match params.str("format") {
        None | Some("json") => Ok(Json(work.overview()).into_response()),
        Some(f) => {
            let (bytes, name) = work.overview_file(parse_table_format(Some(f))?)?;
            Ok(file_download(bytes, &name))
        }
    }
}

/// One department's year: its indicators, key projects, key-task measures and livelihood
/// projects with their lights, the figures it owes and when, what was sent back to it.
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/departments/{department}", tag = "departments",
    params(("region" = String, Path), ("year" = i32, Path), ("department" = String, Path),
        ("month" = Option<u8>, Query, description = "The report month the lights are read at"),
        ("today" = Option<String>, Query, description = "The day lateness is judged at, YYYY-MM-DD")),
    responses((status = 200, description = "`{department, tally, region, year, reference, indicators, projects, tasks, livelihood, owed, returned_figures, returned_entries}`; each item with its light and `track` (on_track, behind, undecided)"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "A reporter asking for another department", body = ErrorBody),
        (status = 404, description = "The department answers for nothing that year", body = ErrorBody)))]
pub async fn department(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((region, year, department)): Path<(String, String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let year: i32 = int_param("year", &year)?;
    let own = viewer.confined_to();
    if own.as_deref().is_some_and(|d| d != department) {
        return Err(WebError::Forbidden(format!(
            "a reporter of {} may not read {department}",
            own.unwrap_or_default()
        ))
        .into());
    }
    let work = load_work(&state, &region, year, &Params(q)).await?;
    let dept = match work.department(&department) {
        Some(d) => d,
        None if own.is_some() => work.empty_department(&department),
        None => return Err(WebError::NotFound(format!("department {department:?}")).into()),
    };
    Ok(Json(dept).into_response())
}
