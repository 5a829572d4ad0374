//! 驾驶舱: one screen of what is on track and what lags.

use super::charts::{progress_bar, status_bars};
use super::{PageCtx, indicator_href, region_year, render, status_badge, year_picker};
use crate::AppState;
use crate::error::{PageResult, WebError};
use crate::i18n::period_label;
use crate::util::Params;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use planwatch_domain::in_year::InYear;
use rust_decimal::prelude::ToPrimitive;
use std::collections::HashMap;

/// Loads and builds the cockpit of a region-year (shared with the API).
pub async fn load(
    state: &AppState,
    region: &str,
    year: i32,
    month: Option<u8>,
) -> Result<InYear, WebError> {
    Ok(planwatch_service::in_year::in_year(
        state.store(),
        region,
        year,
        month,
        &state.config().rules,
        state.config().progress_tolerance_pct,
    )
    .await?)
}

pub async fn cockpit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, year, years) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let month = params.month("month")?;
    let c = load(&state, &region, year, month).await?;
    let lang = ctx.lang;
    let counts: Vec<_> = c.counts.iter().map(|s| (s.status, s.count)).collect();
    let time = c.time_progress_pct.and_then(|d| d.to_f64());
    let picker_extra = html! {
        label {
            (ctx.t("month")) " "
            select name="month" {
                option value="" selected[month.is_none()] { "—" }
                @for m in 1..=12u8 {
                    option value=(m) selected[month == Some(m)] { (m) }
                }
            }
        }
    };
    let body = html! {
        (year_picker(&ctx, "/cockpit", &region, Some(year), &years, picker_extra))
        div.summary {
            div.card {
                h2 { (ctx.t("counts")) }
                (status_bars(lang, ctx.t("chart_title"), &counts))
            }
            div.card {
                h2 { (ctx.t("in_year")) }
                @if let Some(m) = c.month {
                    p { (ctx.t("as_of")) " " strong { (period_label(lang, planwatch_store::Period::Month(m))) } }
                    p { (ctx.t("time_progress")) " " strong { (c.time_progress_pct.map(|d| d.to_string()).unwrap_or_default()) "%" } }
                } @else {
                    p.note { (ctx.t("no_monthly")) }
                }
                h3 { (ctx.t("lagging")) }
                @let lagging = c.lagging();
                @if lagging.is_empty() {
                    p.note { (ctx.t("no_lagging")) }
                } @else {
                    ul.lagging {
                        @for r in lagging {
                            li {
                                (status_badge(lang, r.status)) " "
                                a href=(indicator_href(&region, year, &r.name)) { (r.label) }
                                div.why { (r.explanation) }
                            }
                        }
                    }
                }
            }
        }
        table.grid id="cockpit-table" {
            thead { tr {
                th { (ctx.t("seq")) }
                th { (ctx.t("light")) }
                th { (ctx.t("indicator")) }
                th { (ctx.t("target")) }
                th { (ctx.t("latest")) }
                th { (ctx.t("completion")) " / " (ctx.t("time_progress")) }
                th { (ctx.t("status")) }
                th { (ctx.t("department")) }
            } }
            tbody {
                @for r in &c.rows {
                    tr data-indicator=(r.name) data-status=(r.status.as_str()) {
                        td { (r.seq) }
                        td { span class={ "light " (r.light.as_str()) } title=(r.light.as_str()) {} }
                        td { a href=(indicator_href(&region, year, &r.name)) { (r.label) } }
                        td { (r.target_text) }
                        td.latest {
                            @if let Some(l) = &r.latest {
                                span.period { (period_label(lang, l.period)) } " " (l.text)
                            } @else { "—" }
                        }
                        td {
                            @if let Some(p) = r.completion_pct.and_then(|d| d.to_f64()) {
                                (progress_bar(p, time, r.light)) " " (format!("{p:.1}%"))
                            }
                        }
                        td { (status_badge(lang, r.status)) div.why { (r.explanation) } }
                        td { (r.department.as_deref().unwrap_or("")) }
                    }
                }
            }
        }
    };
    let title = format!("{region} {year} {}", ctx.t("cockpit"));
    Ok(render(&ctx, &title, body).into_response())
}
