//! Comparisons across regions as JSON: one indicator's actuals ranked within a peer group or
//! among a region's children, with gaps to the average, shares, streaks, the roll-up (or why
//! there is none) and the phrases a report would use. Published figures: no login needed.

use super::int_param;
use crate::AppState;
use crate::error::{ApiResult, WebError};
use crate::util::Params;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use planwatch_service::compare::{Scope, StreakUnit, compare_for};
use std::collections::HashMap;

/// Ranks one indicator's actuals of a year within a group (`group=中心城区`) or among a
/// region's children (`parent=江北市`); with `month`, the monthly cumulative figures, streaks
/// counted in quarters or months ("连续三个季度居中心城区第一位").
#[utoipa::path(get, path = "/api/v1/compare", tag = "compare",
    params(
        ("group" = Option<String>, Query, description = "a peer group; give this or parent"),
        ("parent" = Option<String>, Query, description = "a region whose children are compared"),
        ("year" = i32, Query),
        ("indicator" = String, Query, description = "e.g. 地区生产总值增速"),
        ("month" = Option<u8>, Query, description = "compare the 1-month cumulative figures \
            instead of the annual actuals"),
        ("by" = Option<String>, Query, description = "with month: `quarter` (default; month must \
            be 3, 6, 9 or 12) or `month` — what streaks count")),
    responses((status = 200, description = "`{scope, year, indicator, unit, kind, direction, average, \
        rows: [{region, actual_text, value, rank, streak, rank_phrase, gap, gap_phrase, \
        share_phrase}], missing, rollup, rollup_refusal}`; figures as decimal strings"),
        (status = 400, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn compare(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let params = Params(q);
    let ScopeParam::One(scope) = scope_param(&params) else {
        return Err(WebError::BadRequest("give exactly one of group or parent".into()).into());
    };
    let year: i32 = int_param("year", params.str("year").unwrap_or_default())?;
    let indicator = params
        .str("indicator")
        .ok_or_else(|| WebError::BadRequest("indicator is required".into()))?;
    let month = match params.str("month") {
        None => None,
        Some(month) => {
            let month: u8 = int_param("month", month)?;
            let unit = match params.str("by").unwrap_or("quarter") {
                "quarter" => StreakUnit::Quarter,
                "month" => StreakUnit::Month,
                other => {
                    return Err(WebError::BadRequest(format!(
                        "by must be quarter or month, not {other:?}"
                    ))
                    .into());
                }
            };
            Some((month, unit))
        }
    };
    let c = compare_for(
        state.plans(),
        &scope,
        year,
        month,
        indicator,
        &state.config().rules,
    )
    .await?;
    Ok(Json(c).into_response())
}

/// What a comparison query (`group=` or `parent=`) names; the API and the page read it alike.
pub(crate) enum ScopeParam {
    Neither,
    One(Scope),
    Both,
}

pub(crate) fn scope_param(params: &Params) -> ScopeParam {
    match (params.str("group"), params.str("parent")) {
        (Some(g), None) => ScopeParam::One(Scope::Group(g.to_string())),
        (None, Some(p)) => ScopeParam::One(Scope::Parent(p.to_string())),
        (Some(_), Some(_)) => ScopeParam::Both,
        (None, None) => ScopeParam::Neither,
    }
}
