//! 地区比较: one indicator across a peer group or a region's children — rank, gap to the average,
//! share, streak and the phrase a report would use — from the annual actuals or the 1-m月
//! cumulative figures. Published figures: no login needed (the JSON is `/api/v1/compare`).

use super::{PageCtx, render_with};
use crate::AppState;
use crate::api::compare::{ScopeParam, scope_param};
use crate::error::{PageResult, WebError};
use crate::util::Params;
use axum::extract::{Query, State};
use axum::response::Response;
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
    let parents: Vec<String> = state
        .data()
        .regions()
        .await?
        .into_iter()
        .filter_map(|r| r.parent)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let group = params.str("group").map(str::to_string);
    let parent = params.str("parent").map(str::to_string);
    let indicator = params
        .str("indicator")
        .unwrap_or(DEFAULT_INDICATOR)
        .to_string();
    // A year or month that cannot be read is said beside its field, which keeps what was typed.
    let mut wrong = super::FieldErrors::new(ctx.lang);
    let year = wrong.read("year", params.i32("year"))?;
    let month = wrong.read("month", params.month("month"))?;
    let by_month = params.str("by") == Some("month");
    // A choice that cannot be compared is said above the form, which keeps what was chosen.
    let mut problem: Option<String> = None;
    let mut status = axum::http::StatusCode::OK;
    let scope = match scope_param(&params) {
        ScopeParam::One(scope) => Some(scope),
        ScopeParam::Neither => None,
        ScopeParam::Both => {
            problem = Some(ctx.t("compare_one_scope").to_string());
            status = axum::http::StatusCode::BAD_REQUEST;
            None
        }
    };
    let unit = if by_month {
        StreakUnit::Month
    } else {
        StreakUnit::Quarter
    };
    if !wrong.is_empty() {
        status = wrong.status();
    }
    let result: Option<Comparison> = match (&scope, year) {
        (Some(scope), Some(year)) => match compare_for(
            state.plans(),
            scope,
            year,
            month.map(|m| (m, unit)),
            &indicator,
            &state.config().rules,
        )
        .await
        {
            Ok(c) => Some(c),
            Err(e) => {
                let e = WebError::from(e);
                if matches!(e, WebError::Internal(_)) {
                    return Err(e.into());
                }
                problem = Some(e.public_message(ctx.lang));
                status = e.status();
                None
            }
        },
        _ => None,
    };
    let lang = ctx.lang;
    let body = html! {
        @if let Some(p) = &problem { p.error id="compare-error" { (p) } }
        @if groups.is_empty() && parents.is_empty() {
            p.note id="compare-nothing" { (ctx.t("compare_none_exist")) }
        }
        form.picker method="get" action="/compare" {
            @if !groups.is_empty() {
                label { (ctx.t("compare_group")) " "
                    select name="group" {
                        option value="" selected[group.is_none()] { (ctx.t("compare_no_group")) }
                        @for g in &groups {
                            option value=(g) selected[group.as_deref() == Some(g.as_str())] { (g) }
                        }
                    }
                }
            }
            @if !parents.is_empty() {
                label { (ctx.t("compare_parent")) " "
                    select name="parent" {
                        option value="" selected[parent.is_none()] { (ctx.t("compare_no_parent")) }
                        @for p in &parents {
                            option value=(p) selected[parent.as_deref() == Some(p.as_str())] { (p) " " (ctx.t("compare_children")) }
                        }
                    }
                }
            }
            label { (ctx.t("year")) " "
                input type="text" inputmode="numeric" name="year" size="6" aria-invalid=[wrong.has("year").then_some("true")]
                    value=(if wrong.has("year") { params.str("year").unwrap_or("").to_string() } else { year.map(|y| y.to_string()).unwrap_or_default() });
                (wrong.beside("year"))
            }
            label { (ctx.t("indicator")) " "
                input type="text" name="indicator" value=(indicator) size="14";
            }
            label { (ctx.t("month")) " "
                select name="month" {
                    option value="" selected[month.is_none()] { (ctx.t("compare_annual")) }
                    @for m in 1..=12u8 {
                        option value=(m) selected[month == Some(m)] { (planwatch_domain::lang::months_to(m, lang)) }
                    }
                }
                (wrong.beside("month"))
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
            None if problem.is_some() => {}
            None => p.note { (ctx.t("compare_hint")) }
            Some(c) => {
                @if c.rows.iter().any(|r| r.share.is_some_and(|s| s > rust_decimal::Decimal::ONE)) {
                    p.error id="share-warning" { (ctx.t("share_over_whole")) }
                }
                @if c.rows.is_empty() {
                    p.note id="compare-empty" { (ctx.t("compare_no_rows")) }
                }
                div.scroll { table.grid id="compare-table" {
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
                                td {
                                    (r.share_phrase.as_deref().unwrap_or(""))
                                    @if let Some(s) = r.share.filter(|s| *s > rust_decimal::Decimal::ONE) {
                                        " " span.error.share-over data-share=(s.round_dp(4)) {
                                            (format!("{}%", (s * rust_decimal::Decimal::from(100)).round_dp(1).normalize()))
                                            " " (ctx.t("share_over_short"))
                                        }
                                    }
                                }
                                td { (r.rank_phrase) }
                            }
                        }
                    }
                } }
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
                (Some(m), crate::i18n::Lang::En) => format!(
                    "{}, {}",
                    c.year,
                    planwatch_domain::lang::months_to(m, crate::i18n::Lang::En)
                ),
                (None, crate::i18n::Lang::Zh) => format!("{}年", c.year),
                (None, crate::i18n::Lang::En) => c.year.to_string(),
            };
            format!("{} · {who} · {when} · {}", ctx.t("compare"), c.indicator)
        }
        _ => ctx.t("compare").to_string(),
    };
    Ok(render_with(&ctx, status, &title, body))
}
