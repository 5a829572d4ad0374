//! Year-end projections and target realism as JSON: the same documents the CLI's `outlook
//! --format json` and `targets check --format json` print.

use super::int_param;
use crate::AppState;
use crate::error::ApiResult;
use crate::util::Params;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use planwatch_domain::realism::RealismRules;
use std::collections::HashMap;

/// Every indicator's year-end projection, read at `month`: from the 1-m月 figure and the past
/// three years' seasonal pattern, with a range and a projected status; or why there is none.
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/outlook", tag = "monitoring",
    params(("region" = String, Path), ("year" = i32, Path),
        ("month" = Option<u8>, Query, description = "1..12; default: the latest month with figures")),
    responses((status = 200, description = "`{region, year, month, counts, indicators: [{seq, \
        name, label, unit, kind, target_text, latest: {period, text}, projection: {value, low, \
        high, unit, method (seasonal_share, time_share, rate_shift, rate_carry, year_end), \
        basis_years, ranged, from_month, status (likely_met, at_risk, likely_missed, \
        undecidable), value_status, light} or null, reason_code, reason, reason_en, \
        explanation, explanation_en, series: [{year, months, actual}]}]}`; figures as decimal \
        strings"),
        (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn outlook(
    State(state): State<AppState>,
    Path((region, year)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let year: i32 = int_param("year", &year)?;
    let month = Params(q).month("month")?;
    let o = planwatch_service::outlook::outlook(
        state.store(),
        &region,
        year,
        month,
        &state.config().rules,
    )
    .await?;
    Ok(Json(o).into_response())
}

/// Each numeric target of a region-year against the region's last five years, last year's
/// actual, its peer groups and its parent's regions (median, rank) and the level above's
/// target, with findings and their evidence in Chinese and English.
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/targets-check", tag = "plans",
    params(("region" = String, Path), ("year" = i32, Path)),
    responses((status = 200, description = "`{region, year, checks: [{seq, name, unit, kind, \
        direction, target_text, skipped, basis (figure, implied_growth), target_value, compared, \
        last_actual, history: {values, min, max, mean, trend_per_year, trend_at_year}, peers: \
        [{kind (group, parent), scope, n, median_target, median_last_actual, rank, of}], \
        parent_target, findings: [{code, title, zh, en}]}]}`; figures as decimal strings"),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn targets_check(
    State(state): State<AppState>,
    Path((region, year)): Path<(String, String)>,
) -> ApiResult<Response> {
    let year: i32 = int_param("year", &year)?;
    let c = planwatch_service::targets::check(
        state.plans(),
        &region,
        year,
        &state.config().rules,
        &RealismRules::default(),
    )
    .await?;
    Ok(Json(c).into_response())
}
