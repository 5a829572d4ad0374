//! 部门一览: a department's year — its indicators, key projects, key-task measures and
//! livelihood projects with their lights, the figures it owes and when, what was sent back to
//! it — and, for the DRC and leaders, the table of all departments (the basis of the year-end
//! assessment), downloadable as Excel. The use case is `planwatch_service::departments`; this
//! module only shows it. Reporters see their own department only and land here after login.

use super::downloads::file_download;
use super::due::{standing_label, today};
use super::projects::{dec, light_badge};
use super::{PageCtx, indicator_href, region_year, render, status_badge, year_picker};
use crate::AppState;
use crate::error::{PageResult, WebError};
use crate::i18n::Lang;
use crate::util::{Params, enc};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use planwatch_domain::Period;
use planwatch_domain::assessment::{DepartmentTally, Track, UNASSIGNED};
use planwatch_domain::calendar::{Day, Frequency};
use planwatch_domain::projects::PlanDate;
use planwatch_domain::tasks::MeasureLight;
use planwatch_service::departments::{DepartmentYear, Reference, YearWork};
use planwatch_service::progress::EntryPayload;
use planwatch_service::report::TableFormat;
use std::collections::HashMap;

/// Where a department's page is.
pub fn department_href(department: &str) -> String {
    format!("/departments/{}", enc(department))
}

/// A department as a page names it: its own name, or in words when the data names none
/// ([`UNASSIGNED`], which stays the key in links).
pub fn department_name(lang: Lang, department: &str) -> &str {
    if department == UNASSIGNED {
        crate::i18n::tr(lang, "dept_unassigned")
    } else {
        department
    }
}

/// `today` from the query (`YYYY-MM-DD`, to look at a past day), else today in the app's time
/// zone.
pub fn today_of(state: &AppState, params: &Params) -> Result<Day, WebError> {
    match params.str("today") {
        None => Ok(today(state)),
        Some(t) => {
            let d =
                PlanDate::parse(t).map_err(|e| WebError::BadRequest(format!("today: {}", e.0)))?;
            Ok(Day {
                year: d.year,
                month: d.month,
                day: d.day.unwrap_or(1),
            })
        }
    }
}

/// A region-year's work as the query asks (`month`, `today`).
pub async fn load_work(
    state: &AppState,
    region: &str,
    year: i32,
    params: &Params,
) -> Result<YearWork, WebError> {
    Ok(YearWork::load(
        state.db(),
        region,
        year,
        params.month("month")?,
        today_of(state, params)?,
        &state.config().rules,
        state.config().progress_tolerance_pct,
    )
    .await?)
}

/// The region-year the query names (default: the default region's latest year) and its work.
async fn work_of(state: &AppState, params: &Params) -> Result<(YearWork, Vec<i32>), WebError> {
    let (region, year, years) = region_year(state, params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(format!("no plan for {region}")));
    };
    Ok((load_work(state, &region, year, params).await?, years))
}

fn month_text(lang: Lang, year: i32, month: u8) -> String {
    match lang {
        Lang::Zh => format!("{year}年{month}月"),
        Lang::En => format!(
            "{} {year}",
            planwatch_domain::lang::MONTHS_EN
                .get(usize::from(month).wrapping_sub(1))
                .copied()
                .unwrap_or("")
        ),
    }
}

/// The sentence saying which reference the page reads its lights at.
fn reference_note(lang: Lang, year: i32, r: &Reference) -> Markup {
    let month = month_text(lang, year, r.month);
    let collected = month_text(lang, year, r.reporting_month);
    let as_of = format!(
        "{}",
        planwatch_domain::projects::PlanDate {
            day: Some(r.as_of.last_day().2),
            ..r.as_of
        }
    );
    html! {
        p.note id="reference" data-month=(r.month) data-as-of=(as_of) {
            @match lang {
                Lang::Zh => {
                    "灯号按报表月份" (month) "判断（项目看当月累计，任务时限截至" (as_of)
                    "，民生实事对照时间进度）；应报数据为" (collected) "的数据及此前仍逾期未报的，以" (r.today.to_string()) "为准。"
                }
                Lang::En => {
                    "Lights as of the report month, " (month) " (projects by their figures to date, task deadlines against "
                    (as_of) ", livelihood projects against the time elapsed). Figures owed: " (collected)
                    "'s, and earlier ones still late, as of " (r.today.to_string()) "."
                }
            }
        }
    }
}

fn month_select(ctx: &PageCtx, month: u8) -> Markup {
    html! {
        label { (ctx.t("month")) " "
            select name="month" {
                @for m in 1..=12u8 { option value=(m) selected[m == month] { (m) } }
            }
        }
    }
}

fn track_chip(lang: Lang, t: Track) -> Markup {
    html! { span class={ "track " (t.as_str()) } { (t.label(lang)) } }
}

/// The counts of one department (or the header of the all-departments table).
fn tally_cells(t: &DepartmentTally) -> [usize; 7] {
    [
        t.items(),
        t.on_track,
        t.behind,
        t.undecided,
        t.figures_owed,
        t.figures_late,
        t.returned,
    ]
}

const TALLY_HEADS: [&str; 7] = [
    "dept_items",
    "dept_on_track",
    "dept_behind",
    "dept_undecided",
    "dept_owed",
    "dept_late",
    "dept_returned",
];

/// 部门一览 for the DRC and leaders: every department's counts; a reporter is sent to its own.
pub async fn departments_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    if let Some(own) = ctx.viewer.confined_to() {
        let query = if ctx.query.is_empty() {
            String::new()
        } else {
            format!("?{}", ctx.query)
        };
        return Ok(Redirect::to(&format!("{}{query}", department_href(&own))).into_response());
    }
    let (work, years) = work_of(&state, &params).await?;
    let lang = ctx.lang;
    let list = super::paging::ListQuery::from(&params)?;
    let mut rows: Vec<DepartmentTally> = work
        .tallies()
        .into_iter()
        .filter(|t| list.matches(&t.department))
        .collect();
    if let Some((key, desc)) = list.sort_key() {
        let col = TALLY_HEADS.iter().position(|h| *h == key);
        rows.sort_by(|a, b| {
            let o = match col {
                Some(c) => tally_cells(a)[c].cmp(&tally_cells(b)[c]),
                None => a.department.cmp(&b.department),
            };
            if desc { o.reverse() } else { o }
        });
    }
    let (region, year) = (work.region.clone(), work.year);
    let export = format!(
        "/departments/export.xlsx?region={}&year={year}&month={}",
        enc(&region),
        work.reference.month
    );
    let page_rows = list.slice(&rows);
    let body = html! {
        (year_picker(&ctx, "/departments", &region, Some(year), &years, month_select(&ctx, work.reference.month)))
        (reference_note(lang, year, &work.reference))
        (list.search_form(lang, "/departments", ctx.t("department")))
        p { a.button id="departments-export" href=(export) { (ctx.t("export_xlsx")) } }
        @if rows.is_empty() {
            p.note id="departments-empty" { (ctx.t("dept_none")) }
        } @else {
            div.scroll {
                table.grid id="departments-table" {
                    thead { tr {
                        th { (list.sort_link("/departments", "department", ctx.t("department"))) }
                        @for h in TALLY_HEADS { th { (list.sort_link("/departments", h, ctx.t(h))) } }
                    } }
                    tbody {
                        @for t in page_rows {
                            tr data-department=(t.department) {
                                td { a href=(format!("{}?region={}&year={year}&month={}", department_href(&t.department), enc(&region), work.reference.month)) { (department_name(lang, &t.department)) } }
                                @for (i, n) in tally_cells(t).iter().enumerate() {
                                    td.num data-col=(TALLY_HEADS[i]) { (n) }
                                }
                            }
                        }
                    }
                }
            }
            (list.pager(lang, "/departments", rows.len()))
        }
    };
    let title = format!("{region} {year} {}", ctx.t("departments_page"));
    Ok(render(&ctx, &title, body).into_response())
}

/// The all-departments table as Excel, from the report layer.
pub async fn departments_export(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let (work, _) = work_of(&state, &Params(q)).await?;
    let (bytes, name) = work.overview_file(TableFormat::Xlsx)?;
    Ok(file_download(bytes, &name))
}

/// One department's page.
pub async fn department_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(department): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let own = ctx.viewer.confined_to();
    if own.as_deref().is_some_and(|d| d != department) {
        return Err(WebError::Forbidden(ctx.t("dept_not_yours").to_string()).into());
    }
    let (work, years) = work_of(&state, &params).await?;
    let Some(dept) = work
        .department(&department)
        .or_else(|| own.is_some().then(|| work.empty_department(&department)))
    else {
        return Err(WebError::NotFound(department).into());
    };
    let body = department_body(&ctx, &dept, &years);
    let title = format!(
        "{} · {} {} {}",
        department_name(ctx.lang, &dept.department),
        dept.work.region,
        dept.work.year,
        ctx.t("departments_page")
    );
    Ok(render(&ctx, &title, body).into_response())
}

fn department_body(ctx: &PageCtx, d: &DepartmentYear, years: &[i32]) -> Markup {
    let lang = ctx.lang;
    let w = &d.work;
    let (region, year) = (w.region.as_str(), w.year);
    let action = department_href(&d.department);
    html! {
        (year_picker(ctx, &action, region, Some(year), years, month_select(ctx, w.reference.month)))
        (reference_note(lang, year, &w.reference))
        table.grid.figures id="department-tally" {
            tbody {
                @for (i, n) in tally_cells(&d.tally).iter().enumerate() {
                    tr data-col=(TALLY_HEADS[i]) { th { (ctx.t(TALLY_HEADS[i])) } td.num { (n) } }
                }
            }
        }
        @if d.tally.items() == 0 && d.tally.figures_owed == 0 {
            p.note id="department-nothing" { (ctx.t("dept_nothing")) }
        }
        h2 { (ctx.t("dept_owed")) }
        @if w.owed.is_empty() { p.note { (ctx.t("none")) } } @else {
            div.scroll { table.grid id="department-owed" {
                thead { tr { th { (ctx.t("indicators")) } th { (ctx.t("period")) } th { (ctx.t("due_date")) } th { (ctx.t("status")) } } }
                tbody { @for o in &w.owed {
                    tr class=(o.standing.label_en()) data-standing=(o.standing.label_en()) {
                        td { a href=(indicator_href(region, year, &o.indicator)) { (o.indicator) } }
                        td { (owed_period(lang, o.frequency, o.month)) }
                        td { (o.due.to_string()) }
                        td { (standing_label(lang, o.standing)) @if let Some(v) = &o.value { " · " (v) } }
                    }
                } }
            } }
        }
        h2 { (ctx.t("dept_returned")) }
        @if w.returned_figures.is_empty() && w.returned_entries.is_empty() { p.note { (ctx.t("none")) } } @else {
            ul id="department-returned" {
                @for s in &w.returned_figures {
                    li data-submission=(s.id) {
                        a href=(format!("/entry/{}?region={}&year={year}", enc(&d.department), enc(region))) { (s.indicator) }
                        " · " (s.period.label(lang)) " · " (s.value_text)
                        @if let Some(c) = &s.comment { " · " span.comment { (c) } }
                    }
                }
                @for e in &w.returned_entries {
                    li data-entry=(e.id) {
                        a href=(super::progress::item_href(region, year, e.kind, &e.item_key)) {
                            (super::progress::kind_label(lang, e.kind)) " · " (super::progress::period_text(lang, e.kind, e.period))
                        }
                        " · " (EntryPayload::of(e).map(|p| p.summary(e).text(lang).to_string()).unwrap_or_else(|_| e.summary.clone()))
                        @if let Some(c) = &e.comment { " · " span.comment { (c) } }
                    }
                }
            }
        }
        h2 { (ctx.t("indicators")) }
        @if w.indicators.is_empty() { p.note { (ctx.t("none")) } } @else {
            div.scroll { table.grid id="department-indicators" {
                thead { tr { th { (ctx.t("indicators")) } th { (ctx.t("target")) } th { (ctx.t("latest")) } th { (ctx.t("status")) } } }
                tbody { @for i in &w.indicators {
                    tr data-indicator=(i.row.name) data-track=(i.track.as_str()) {
                        td { a href=(indicator_href(region, year, &i.row.name)) { (i.row.name) } }
                        td { (i.row.target_text) }
                        td { @if let Some(l) = &i.row.latest { (l.text) " (" (l.period.label(lang)) ")" } @else { "—" } }
                        td { (status_badge(lang, i.row.status)) }
                    }
                } }
            } }
        }
        h2 { (ctx.t("projects")) }
        @if w.projects.is_empty() { p.note { (ctx.t("none")) } } @else {
            div.scroll { table.grid id="department-projects" {
                thead { tr { th { (ctx.t("project")) } th { (ctx.t("annual_plan")) } th { (ctx.t("completed")) } th { (ctx.t("light")) } } }
                tbody { @for p in &w.projects {
                    tr data-code=(p.project.code) data-track=(p.track.as_str()) {
                        td { a href=(format!("/projects/{}?region={}&year={year}&month={}", enc(&p.project.code), enc(region), w.reference.month)) { (p.project.name) } }
                        td.num { (dec(p.project.annual_plan)) }
                        td.num { (dec(p.project.completed)) }
                        td { (light_badge(lang, p.light.light)) (super::projects::reasons(lang, &p.light.reasons)) }
                    }
                } }
            } }
        }
        h2 { (ctx.t("tasks")) }
        @if w.tasks.is_empty() { p.note { (ctx.t("none")) } } @else {
            div.scroll { table.grid id="department-tasks" {
                thead { tr { th { (ctx.t("measure")) } th { (ctx.t("deadline")) } th { (ctx.t("status")) } th { (ctx.t("light")) } } }
                tbody { @for t in &w.tasks {
                    tr data-code=(t.measure.code) data-track=(t.track.as_str()) {
                        td { (t.measure.text) }
                        td { (t.measure.deadline.as_ref().map(ToString::to_string).unwrap_or_else(|| "—".into())) }
                        td { (t.measure.status.label_in(lang)) }
                        td { (light_badge(lang, t.light.light)) (task_why(lang, &t.light)) }
                    }
                } }
            } }
        }
        h2 { (ctx.t("livelihood")) }
        @if w.livelihood.is_empty() { p.note { (ctx.t("none")) } } @else {
            div.scroll { table.grid id="department-livelihood" {
                thead { tr { th { (ctx.t("project")) } th { (ctx.t("target")) } th { (ctx.t("completed")) } th { (ctx.t("status")) } } }
                tbody { @for l in &w.livelihood {
                    tr data-name=(l.candidate.name) data-track=(l.track.as_str()) {
                        td { (l.candidate.name) }
                        td.num { (l.progress.target_value.map(dec).unwrap_or_else(|| "—".into())) " " (l.progress.unit) }
                        td.num { (l.progress.completed_value.map(dec).unwrap_or_else(|| "—".into())) }
                        td { (l.progress.state.label_in(lang)) " · " (track_chip(lang, l.track)) }
                    }
                } }
            } }
        }
    }
}

fn owed_period(lang: Lang, frequency: Frequency, month: u8) -> String {
    match frequency {
        Frequency::Annual => Period::Annual.label(lang),
        _ => Period::Month(month).label(lang),
    }
}

/// Why a measure is lit as it is, in the page's language.
fn task_why(lang: Lang, l: &MeasureLight) -> Markup {
    html! { @for r in &l.reasons { div.why { (r.text(lang)) } } }
}
