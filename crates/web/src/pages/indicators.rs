//! 指标: the annex-style table of a year, one indicator across years with its monthly figures,
//! and the indicator-system diff between two years. Published (approved) data only: the
//! monthly figures are shown to readers and to the indicator's own department.

use super::charts::monthly_line;
use super::{PageCtx, indicator_href, region_year, render, status_badge, year_picker};
use crate::AppState;
use crate::error::{PageResult, WebError};
use crate::i18n::{Lang, period_label};
use crate::util::{Params, enc};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use planwatch_domain::{IndicatorKind, Status};
use planwatch_service::{EvaluatedIndicator, evaluate_plan};
use planwatch_store::Period;
use rust_decimal::prelude::ToPrimitive;
use std::collections::HashMap;

fn annex_row(ctx: &PageCtx, region: &str, year: i32, r: &EvaluatedIndicator) -> Markup {
    html! {
        tr data-indicator=(r.name) data-status=(r.status.as_str()) {
            td { (r.seq) }
            td { a href=(indicator_href(region, year, &r.name)) { (r.label) } }
            td { (r.target.text) }
            td { (r.actual.as_ref().map(|a| a.text.as_str()).unwrap_or("—")) }
            td { (status_badge(ctx.lang, r.status)) }
            td.why { (r.explanation) }
            td { (r.department.as_deref().unwrap_or("")) }
        }
    }
}

/// 附件-style table of a region-year.
pub async fn indicators(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, year, years) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let eval =
        planwatch_service::evaluate(state.data(), &region, year, &state.config().rules).await?;
    let tiered = eval.indicators.iter().any(|r| r.tier.is_some());
    let prev = years.iter().rev().find(|y| **y < year).copied();
    let body = html! {
        (year_picker(&ctx, "/indicators", &region, Some(year), &years, html! {}))
        p.summary-line {
            @for s in Status::ALL {
                @let n = eval.summary.get(s.as_str()).copied().unwrap_or(0);
                @if n > 0 { (status_badge(ctx.lang, s)) " " (n) "　" }
            }
        }
        table.grid.annex id="annex-table" {
            thead { tr {
                th { (ctx.t("seq")) } th { (ctx.t("indicator")) } th { (ctx.t("target")) }
                th { (ctx.t("actual")) } th { (ctx.t("status")) } th { (ctx.t("explanation")) }
                th { (ctx.t("department")) }
            } }
            tbody {
                @if tiered {
                    @for (tier, key) in [("core", "core"), ("other", "other")] {
                        tr.section { td colspan="7" { (ctx.t(key)) } }
                        @for r in eval.indicators.iter().filter(|r| r.tier == Some(tier)) {
                            (annex_row(&ctx, &region, year, r))
                        }
                    }
                    @for r in eval.indicators.iter().filter(|r| r.tier.is_none()) {
                        (annex_row(&ctx, &region, year, r))
                    }
                } @else {
                    @for r in &eval.indicators { (annex_row(&ctx, &region, year, r)) }
                }
            }
        }
        p.note { (ctx.t("binding_note")) " " (ctx.t("new_note")) }
        @if let Some(p) = prev {
            p { a href={ "/diff?region=" (enc(&region)) "&from=" (p) "&to=" (year) } { (ctx.t("diff")) " " (p) " → " (year) } }
        }
        p.note { "JSON: " a href={ "/api/v1/regions/" (enc(&region)) "/years/" (year) "/indicators" } {
            "/api/v1/regions/" (region) "/years/" (year) "/indicators" } }
    };
    let title = format!("{region} {year} {}", ctx.t("indicators"));
    Ok(render(&ctx, &title, body).into_response())
}

fn kind_label(lang: Lang, kind: IndicatorKind) -> &'static str {
    match (lang, kind) {
        (Lang::Zh, IndicatorKind::GrowthRate) => "增速",
        (Lang::Zh, IndicatorKind::Level) => "总量",
        (Lang::Zh, IndicatorKind::Share) => "比重",
        (Lang::Zh, IndicatorKind::Intensity) => "强度/比率",
        (Lang::En, IndicatorKind::GrowthRate) => "growth rate",
        (Lang::En, IndicatorKind::Level) => "level",
        (Lang::En, IndicatorKind::Share) => "share",
        (Lang::En, IndicatorKind::Intensity) => "intensity / ratio",
    }
}

fn direction_label(lang: Lang, d: &str) -> &'static str {
    match (lang, d) {
        (Lang::Zh, "lower_is_better") => "越低越好",
        (Lang::Zh, _) => "越高越好",
        (Lang::En, "lower_is_better") => "lower is better",
        (Lang::En, _) => "higher is better",
    }
}

/// One indicator: definition, this year's judgement, history across years, monthly figures.
pub async fn indicator(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((year, name)): Path<(i32, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, _, years) = region_year(&state, &params).await?;
    let rules = &state.config().rules;
    let mut history = Vec::new();
    let mut current = None;
    let mut plan_now = None;
    for y in &years {
        let plan = planwatch_service::load_plan(state.data(), &region, *y).await?;
        if let Some(row) = evaluate_plan(&plan, rules)
            .indicators
            .into_iter()
            .find(|r| r.name == name)
        {
            if *y == year {
                current = Some(row.clone());
                plan_now = Some(plan);
            }
            history.push((*y, row));
        }
    }
    let (Some(cur), Some(plan)) = (current, plan_now) else {
        return Err(WebError::NotFound(format!("{region} {year} {name}")).into());
    };
    let def = plan
        .indicator(&name)
        .map(|i| i.def.clone())
        .ok_or_else(|| WebError::NotFound(name.clone()))?;
    let shows_monthly = ctx.viewer.sees_monthly_of(def.department.as_deref());
    let figures: Vec<_> = if shows_monthly {
        state
            .store()
            .monthly_figures(&region, year)
            .await?
            .into_iter()
            .filter(|f| f.indicator == name)
            .collect()
    } else {
        Vec::new()
    };
    let points: Vec<(u8, f64)> = figures
        .iter()
        .filter_map(|f| {
            let v = planwatch_text::parse_expr(&f.value_text);
            let q = v.figure()?.in_unit(&def.unit)?;
            Some((f.month, q.to_f64()?))
        })
        .collect();
    let target = cur
        .target
        .figure()
        .and_then(|q| q.in_unit(&def.unit))
        .and_then(|d| d.to_f64());
    let cumulative = def.kind == IndicatorKind::Level && cur.direction == "higher_is_better";
    let lang = ctx.lang;
    let body = html! {
        section.card {
            h2 { (ctx.t("definition")) }
            dl.def {
                dt { (ctx.t("region")) } dd { (region) " · " (year) }
                dt { (ctx.t("unit")) } dd { (if def.unit.is_empty() { "—" } else { def.unit.as_str() }) }
                dt { (ctx.t("kind")) } dd { (kind_label(lang, def.kind)) }
                dt { (ctx.t("direction")) } dd { (direction_label(lang, cur.direction)) }
                dt { (ctx.t("binding")) } dd { (if def.binding { ctx.t("binding") } else { ctx.t("anticipatory") }) }
                dt { (ctx.t("department")) } dd { (def.department.as_deref().unwrap_or("—")) }
                dt { (ctx.t("target")) } dd { (cur.target.text) }
                dt { (ctx.t("actual")) } dd { (cur.actual.as_ref().map(|a| a.text.as_str()).unwrap_or("—")) }
                dt { (ctx.t("status")) } dd { (status_badge(lang, cur.status)) }
                dt { (ctx.t("rule")) } dd { code { (cur.rule) } }
                dt { (ctx.t("explanation")) } dd { (cur.explanation) }
            }
        }
        section.card {
            h2 { (ctx.t("history")) }
            table.grid {
                thead { tr { th { (ctx.t("year")) } th { (ctx.t("target")) } th { (ctx.t("actual")) }
                    th { (ctx.t("status")) } th { (ctx.t("rule")) } th { (ctx.t("explanation")) } } }
                tbody {
                    @for (y, r) in &history {
                        tr {
                            td { a href=(indicator_href(&region, *y, &name)) { (y) } }
                            td { (r.target.text) }
                            td { (r.actual.as_ref().map(|a| a.text.as_str()).unwrap_or("—")) }
                            td { (status_badge(lang, r.status)) }
                            td { code { (r.rule) } }
                            td.why { (r.explanation) }
                        }
                    }
                }
            }
        }
        section.card {
            h2 { (ctx.t("monthly")) " · " (year) }
            @if !shows_monthly {
                p.note { (ctx.t("monthly_hidden")) }
            } @else if figures.is_empty() {
                p.note { (ctx.t("no_monthly")) }
            } @else {
                (monthly_line(ctx.t("monthly"), &points, target, cumulative, ctx.t("monthly_path")))
                table.grid {
                    thead { tr { th { (ctx.t("period")) } th { (ctx.t("value")) } th { (ctx.t("version")) }
                        th { (ctx.t("who")) } th { (ctx.t("updated")) } } }
                    tbody {
                        @for f in &figures {
                            tr {
                                td { (period_label(lang, Period::Month(f.month))) }
                                td { (f.value_text) }
                                td { (f.version) }
                                td { (f.updated_by) }
                                td { (crate::util::fmt_time(f.updated_at)) }
                            }
                        }
                    }
                }
            }
        }
    };
    let title = format!("{} · {region} {year}", cur.label);
    Ok(render(&ctx, &title, body).into_response())
}

/// How the indicator system changed between two years.
pub async fn diff(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, _, years) = region_year(&state, &params).await?;
    let to = params.i32("to")?.or_else(|| years.last().copied());
    let from = params
        .i32("from")?
        .or_else(|| to.and_then(|t| years.iter().rev().find(|y| **y < t).copied()));
    let (Some(from), Some(to)) = (from, to) else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let changes = planwatch_service::diff(state.data(), &region, from, to).await?;
    let old = planwatch_service::load_plan(state.data(), &region, from).await?;
    let new = planwatch_service::load_plan(state.data(), &region, to).await?;
    let lang = ctx.lang;
    let body = html! {
        form.picker method="get" action="/diff" {
            input type="hidden" name="region" value=(region);
            label { (ctx.t("from_year")) " " select name="from" { @for y in &years { option value=(y) selected[*y == from] { (y) } } } }
            label { (ctx.t("to_year")) " " select name="to" { @for y in &years { option value=(y) selected[*y == to] { (y) } } } }
            button type="submit" { (ctx.t("show")) }
        }
        section.card {
            h2 { (ctx.t("changes")) }
            @if changes.is_empty() {
                p.note { (ctx.t("no_changes")) }
            } @else {
                ul.changes {
                    @for c in &changes {
                        li { (change_markup(lang, c)) }
                    }
                }
            }
        }
        table.grid {
            thead { tr { th { (ctx.t("indicator")) } th { (ctx.t("target")) " " (from) } th { (ctx.t("target")) " " (to) } } }
            tbody {
                @for i in &new.indicators {
                    @let before = old.indicator(&i.def.name);
                    tr class=@if before.is_none() { "added" } {
                        td { (i.def.label()) }
                        td { (before.map(|b| b.target.text.as_str()).unwrap_or("—")) }
                        td { (i.target.text) }
                    }
                }
                @for i in old.indicators.iter().filter(|i| new.indicator(&i.def.name).is_none()) {
                    tr.removed { td { (i.def.label()) } td { (i.target.text) } td { "—" } }
                }
            }
        }
    };
    let title = format!("{region} {} {from} → {to}", ctx.t("diff"));
    Ok(render(&ctx, &title, body).into_response())
}

/// A change of the domain's diff, shown from its serialized form so new kinds of change appear
/// without a page change.
fn change_markup(lang: Lang, change: &planwatch_domain::diff::Change) -> Markup {
    let value = serde_json::to_value(change).unwrap_or(serde_json::Value::Null);
    let kind = value
        .get("change")
        .and_then(|v| v.as_str())
        .unwrap_or("change");
    let label = match (lang, kind) {
        (Lang::Zh, "added") => "新增",
        (Lang::Zh, "removed") => "删除",
        (Lang::En, "added") => "Added",
        (Lang::En, "removed") => "Removed",
        _ => kind,
    };
    let fields: Vec<(String, String)> = value
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, _)| k.as_str() != "change")
                .map(|(k, v)| {
                    let text = match v {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (k.clone(), text)
                })
                .collect()
        })
        .unwrap_or_default();
    html! {
        span class={ "change " (kind) } { (label) } " "
        @for (k, v) in &fields {
            @if k == "name" { strong { (v) } " " } @else { span.field { (k) ": " (v) } " " }
        }
    }
}
