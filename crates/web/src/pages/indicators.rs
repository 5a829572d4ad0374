//! 指标: the annex-style table of a year, one indicator across years with its monthly figures,
//! and the indicator-system diff between two years. Published (approved) data only: the
//! monthly figures are shown to readers and to the indicator's own department.

use super::charts::{
    ChartSize, MonthSeries, month_chart, outlook_lines, target_figure, tick_number, year_bars,
};
use super::{
    PageCtx, indicator_href, latest_year_with_actuals, region_year, render, rule_label,
    status_badge, year_picker,
};
use crate::AppState;
use crate::error::{PageResult, WebError};
use crate::i18n::{Lang, period_label};
use crate::util::{Params, enc};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use planwatch_domain::{IndicatorKind, Status};
use planwatch_service::{EvaluatedIndicator, evaluate_plan_in};
use planwatch_store::Period;
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
    // Without a year asked for, the page opens on the newest year that has results to show.
    let year = match params.i32("year")? {
        Some(_) => year,
        None => latest_year_with_actuals(&state, &region, &years).await?,
    };
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let eval = planwatch_service::evaluate_in(
        state.data(),
        &region,
        year,
        &state.config().rules,
        ctx.lang,
    )
    .await?;
    let tiered = eval.indicators.iter().any(|r| r.tier.is_some());
    let prev = years.iter().rev().find(|y| **y < year).copied();
    let published = super::publish::published_note(&state, &ctx, &region, year).await?;
    let realism = planwatch_service::targets::check(
        state.plans(),
        &region,
        year,
        &state.config().rules,
        &planwatch_domain::realism::RealismRules::default(),
    )
    .await?;
    let body = html! {
        (year_picker(&ctx, "/indicators", &region, Some(year), &years, html! {}))
        (published)
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
        (super::realism::realism_section(&ctx, &realism))
        @if let Some(p) = prev {
            p { a href={ "/diff?region=" (enc(&region)) "&from=" (p) "&to=" (year) } { (ctx.t("diff")) " " (p) " → " (year) } }
        }
        p.note { a href={ "/api/v1/regions/" (enc(&region)) "/years/" (year) "/indicators" } {
            (ctx.t("data_json")) } }
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
        if let Some(row) = evaluate_plan_in(&plan, rules, ctx.lang)
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
    let target = target_figure(&cur.target, &def.unit);
    let outlook = if shows_monthly && !figures.is_empty() {
        planwatch_service::outlook::outlook(state.store(), &region, year, None, rules)
            .await?
            .indicators
            .into_iter()
            .find(|o| o.name == name)
    } else {
        None
    };
    // The department's own note, where the figure explains a lag: the year's judgement or the
    // in-year reading (the cockpit's lagging list) behind. Working material, like the monthly
    // figures.
    let note = if shows_monthly && !crate::sees_published_only(&ctx.viewer) {
        let mut notes =
            planwatch_service::figures::figure_notes(state.backend(), &region, year).await?;
        match notes.remove(&name) {
            Some(n) if cur.status.lags() => Some(n),
            Some(n) => {
                let reading = super::cockpit::load(&state, &region, year, None, ctx.lang).await?;
                reading
                    .row(&name)
                    .is_some_and(|r| r.status.lags())
                    .then_some(n)
            }
            None => None,
        }
    } else {
        None
    };
    let bars: Vec<(i32, Option<f64>, Option<f64>)> = history
        .iter()
        .map(|(y, r)| {
            let actual = r.actual.as_ref().and_then(|a| target_figure(a, &def.unit));
            (*y, target_figure(&r.target, &def.unit), actual)
        })
        .collect();
    let lang = ctx.lang;
    let body = html! {
        section.card {
            h2 { (ctx.t("definition")) }
            dl.def {
                dt { (ctx.t("region")) } dd { (region) " · " (year) }
                dt { (ctx.t("unit")) } dd { (if def.unit.is_empty() { "—" } else { def.unit.as_str() }) }
                dt { (ctx.t("kind")) } dd { (kind_label(lang, def.kind)) }
                dt { (ctx.t("direction")) } dd { (direction_label(lang, cur.direction)) }
                dt { (ctx.t("nature")) } dd { (if def.binding { ctx.t("binding") } else { ctx.t("anticipatory") }) }
                dt { (ctx.t("department")) } dd { (def.department.as_deref().unwrap_or("—")) }
                dt { (ctx.t("target")) } dd { (cur.target.text) }
                dt { (ctx.t("actual")) } dd { (cur.actual.as_ref().map(|a| a.text.as_str()).unwrap_or("—")) }
                dt { (ctx.t("status")) } dd { (status_badge(lang, cur.status)) }
                dt { (ctx.t("rule")) } dd { (rule_label(lang, &cur.rule)) }
                dt { (ctx.t("explanation")) } dd { (cur.explanation) }
            }
            @if let Some(n) = &note { div id="lag-note" { (super::cockpit::figure_note(&ctx, n)) } }
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
                            td { (rule_label(lang, &r.rule)) }
                            td.why { (r.explanation) }
                        }
                    }
                }
            }
        }
        @if bars.iter().filter(|(_, t, a)| t.is_some() || a.is_some()).count() >= 2 {
            section.card id="year-bars" {
                h2 { (ctx.t("target_vs_actual")) }
                div.scroll { (year_bars(ctx.t("target_vs_actual"), &bars, ctx.t("target"), ctx.t("actual"))) }
                (number_table(&ctx, &[ctx.t("year"), ctx.t("target"), ctx.t("actual")],
                    bars.iter().map(|(y, t, a)| vec![y.to_string(), opt_number(*t), opt_number(*a)]).collect()))
            }
        }
        section.card id="monthly" {
            h2 { (ctx.t("monthly")) " · " (year) }
            @if !shows_monthly {
                p.note { (ctx.t("monthly_hidden")) }
            } @else if figures.is_empty() {
                p.note { (ctx.t("no_monthly")) }
            } @else {
                @if let Some(o) = &outlook {
                    @let (lines, band) = outlook_lines(lang, o, year, target);
                    div.scroll { (month_chart(&format!("{} · {}", cur.label, ctx.t("monthly")), &lines, band, ChartSize::Full, ctx.t("projected"))) }
                    p.projection-sentence id="projection" data-projected=(o.projection.as_ref().map(|p| p.status.as_str()).unwrap_or("none")) {
                        strong { (ctx.t("projected")) (lang.pick("：", ": ")) } (lang.pick(o.explanation.as_str(), o.explanation_en.as_str()))
                    }
                    (number_table(&ctx, &std::iter::once(ctx.t("period")).chain(lines.iter().map(|l| l.label.as_str())).collect::<Vec<_>>(),
                        (1..=12u8).filter(|m| lines.iter().any(|l| l.class != "target" && l.points.iter().any(|(pm, _)| pm == m)))
                            .map(|m| std::iter::once(period_label(lang, Period::Month(m))).chain(lines.iter().map(|l| value_at(l, m))).collect())
                            .collect()))
                }
                div.scroll {
                    table.grid {
                        thead { tr { th { (ctx.t("period")) } th { (ctx.t("value")) }
                            th { (ctx.t("who")) } th { (ctx.t("updated")) } } }
                        tbody {
                            @for f in &figures {
                                tr {
                                    td { (period_label(lang, Period::Month(f.month))) }
                                    td { (f.value_text) }
                                    td { (f.updated_by) }
                                    td { (ctx.time(f.updated_at)) }
                                }
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

fn opt_number(v: Option<f64>) -> String {
    v.map(tick_number).unwrap_or_else(|| "—".into())
}

/// A line's figure at month `m` (the target path's at `m` for a level).
fn value_at(line: &MonthSeries, m: u8) -> String {
    if let Some((_, v)) = line.points.iter().find(|(pm, _)| *pm == m) {
        return tick_number(*v);
    }
    // The target path is drawn from its two ends; its figure at m lies on the line between.
    if line.class == "target"
        && let (Some(a), Some(b)) = (line.points.first(), line.points.last())
        && b.0 > a.0
    {
        let t = f64::from(m - a.0.min(m)) / f64::from(b.0 - a.0);
        return tick_number(((a.1 + (b.1 - a.1) * t) * 100.0).round() / 100.0);
    }
    "—".into()
}

/// The numbers behind a chart, folded under it.
fn number_table(ctx: &PageCtx, head: &[&str], rows: Vec<Vec<String>>) -> Markup {
    html! {
        details.numbers {
            summary { (ctx.t("chart_numbers")) }
            div.scroll {
                table.grid {
                    thead { tr { @for h in head { th { (h) } } } }
                    tbody { @for r in &rows { tr { @for c in r { td.num { (c) } } } } }
                }
            }
        }
    }
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

/// A change of the domain's diff, as the sentence the domain writes for it in the page's
/// language, after a word for its kind.
fn change_markup(lang: Lang, change: &planwatch_domain::diff::Change) -> Markup {
    html! {
        span class={ "change " (change.kind_id()) } data-change=(change.kind_id()) { (change.kind_label(lang)) }
        " " (change.describe(lang))
    }
}
