//! 地区比较: one indicator across a peer group or a region's children — rank, gap to the average,
//! share, streak and the phrase a report would use — from the annual actuals or the 1-m月
//! cumulative figures. Published figures: no login needed (the JSON is `/api/v1/compare`).

use super::{PageCtx, render};
use crate::AppState;
use crate::api::compare::{ScopeParam, scope_param};
use crate::error::{PageResult, WebError};
use crate::util::Params;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use planwatch_service::compare::{Comparison, Scope, StreakUnit, compare_for};
use std::collections::HashMap;

const DEFAULT_INDICATOR: &str = "地区生产总值增速";

pub async fn compare(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let groups = state.plans().groups().await?;
    let group = params.str("group").map(str::to_string);
    let parent = params.str("parent").map(str::to_string);
    let indicator = params
        .str("indicator")
        .unwrap_or(DEFAULT_INDICATOR)
        .to_string();
    let year = params.i32("year")?;
    let month = params.month("month")?;
    let by_month = params.str("by") == Some("month");
    let scope = match scope_param(&params) {
        ScopeParam::One(scope) => Some(scope),
        ScopeParam::Neither => None,
        ScopeParam::Both => {
            return Err(WebError::BadRequest(ctx.t("compare_one_scope").to_string()).into());
        }
    };
    let unit = if by_month {
        StreakUnit::Month
    } else {
        StreakUnit::Quarter
    };
    let result: Option<Comparison> = match (&scope, year) {
        (Some(scope), Some(year)) => Some(
            compare_for(
                state.plans(),
                scope,
                year,
                month.map(|m| (m, unit)),
                &indicator,
                &state.config().rules,
            )
            .await?,
        ),
        _ => None,
    };
    let body = html! {
        form.picker method="get" action="/compare" {
            label { (ctx.t("compare_group")) " "
                select name="group" {
                    option value="" selected[group.is_none()] { "—" }
                    @for g in &groups {
                        option value=(g) selected[group.as_deref() == Some(g.as_str())] { (g) }
                    }
                }
            }
            label { (ctx.t("compare_parent")) " "
                input type="text" name="parent" value=(parent.as_deref().unwrap_or("")) size="8";
            }
            label { (ctx.t("year")) " "
                input type="number" name="year" value=(year.map(|y| y.to_string()).unwrap_or_default()) min="1949" max="2100";
            }
            label { (ctx.t("indicator")) " "
                input type="text" name="indicator" value=(indicator) size="14";
            }
            label { (ctx.t("month")) " "
                select name="month" {
                    option value="" selected[month.is_none()] { (ctx.t("compare_annual")) }
                    @for m in 1..=12u8 {
                        option value=(m) selected[month == Some(m)] { "1-" (m) }
                    }
                }
            }
            label { (ctx.t("compare_streak_by")) " "
                select name="by" {
                    option value="quarter" selected[!by_month] { (ctx.t("compare_by_quarter")) }
                    option value="month" selected[by_month] { (ctx.t("compare_by_month")) }
                }
            }
            button type="submit" { (ctx.t("show")) }
        }
        @match &result {
            None => p.note { (ctx.t("compare_hint")) }
            Some(c) => {
                table.grid id="compare-table" {
                    thead { tr {
                        th { (ctx.t("compare_rank")) }
                        th { (ctx.t("region")) }
                        th { (ctx.t("actual")) " (" (c.unit) ")" }
                        th { (ctx.t("compare_gap")) }
                        th { (ctx.t("compare_share")) }
                        th { (ctx.t("compare_phrase")) }
                    } }
                    tbody {
                        @for r in &c.rows {
                            tr {
                                td.num { (r.rank) }
                                td { (r.region) }
                                td.num { (r.actual_text) }
                                td { (r.gap_phrase.as_deref().unwrap_or("")) }
                                td { (r.share_phrase.as_deref().unwrap_or("")) }
                                td { (r.rank_phrase) }
                            }
                        }
                    }
                }
                @if let Some(avg) = c.average {
                    p { (ctx.t("compare_average")) " " strong { (avg.round_dp(2).normalize()) " " (c.unit) } }
                }
                @match (&c.rollup, &c.rollup_refusal) {
                    (Some(sum), _) => p { (ctx.t("compare_rollup")) " " strong { (sum.normalize()) " " (c.unit) } },
                    (None, Some(why)) => p.note { (ctx.t("compare_no_rollup")) " " (why) },
                    _ => {}
                }
                @if !c.missing.is_empty() {
                    h3 { (ctx.t("compare_missing")) }
                    ul {
                        @for (region, why) in &c.missing {
                            li { (region) ": " (why) }
                        }
                    }
                }
            }
        }
    };
    let title = match (&result, &scope) {
        (Some(c), Some(s)) => {
            let who = match s {
                Scope::Group(g) => g.clone(),
                Scope::Parent(p) => format!("{p} {}", ctx.t("compare_children")),
            };
            let when = match (c.month, ctx.lang) {
                (Some(m), crate::i18n::Lang::Zh) => format!("{}年1-{m}月", c.year),
                (Some(m), crate::i18n::Lang::En) => format!("{}, months 1-{m}", c.year),
                (None, crate::i18n::Lang::Zh) => format!("{}年", c.year),
                (None, crate::i18n::Lang::En) => c.year.to_string(),
            };
            format!("{} · {who} · {when} · {}", ctx.t("compare"), c.indicator)
        }
        _ => ctx.t("compare").to_string(),
    };
    Ok(render(&ctx, &title, body).into_response())
}
