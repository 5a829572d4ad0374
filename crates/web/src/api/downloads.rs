//! The report and the indicator tables as files, for integration: the same files as the
//! 报告下载 page and `planwatch report` / `planwatch export-table`.

use super::int_param;
use crate::AppState;
use crate::error::{ApiResult, ErrorBody};
use crate::pages::downloads::{
    parse_report_format, parse_table, parse_table_format, report_file, table_file,
};
use crate::util::Params;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use std::collections::HashMap;

/// The report for plan year `year` (annex 1: the year before's targets and results; annex 2:
/// this year's targets) as a file.
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/report", tag = "reports",
    params(("region" = String, Path), ("year" = i32, Path),
        ("format" = Option<String>, Query, description = "docx (default), xlsx, html, md or txt")),
    responses((status = 200, description = "The report file", content_type = "application/octet-stream"),
        (status = 400, description = "Unknown format", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not allowed", body = ErrorBody),
        (status = 404, description = "No plan for the year or the year before", body = ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    Path((region, year)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let year: i32 = int_param("year", &year)?;
    let format = parse_report_format(Params(q).str("format"))?;
    Ok(report_file(&state, &region, year, format).await?)
}

/// An indicator table of the year as a file.
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/tables/{table}", tag = "reports",
    params(("region" = String, Path), ("year" = i32, Path),
        ("table" = String, Path, description = "indicators (targets and actuals) or evaluation (judged)"),
        ("format" = Option<String>, Query, description = "xlsx (default), csv or json")),
    responses((status = 200, description = "The table file", content_type = "application/octet-stream"),
        (status = 400, description = "Unknown table or format", body = ErrorBody),
        (status = 404, description = "No plan for the year", body = ErrorBody)))]
pub async fn table(
    State(state): State<AppState>,
    Path((region, year, table)): Path<(String, String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let year: i32 = int_param("year", &year)?;
    let params = Params(q);
    let table = parse_table(Some(&table))?;
    let format = parse_table_format(params.str("format"))?;
    Ok(table_file(&state, &region, year, table, format).await?)
}
