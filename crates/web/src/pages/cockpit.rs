//! 驾驶舱: one screen of what is on track and what lags. On top, cards for the indicators by
//! status (each a link that filters the table), the key projects' investment against time
//! progress, the livelihood projects and the key tasks; the lagging indicators with their
//! departments' notes; then every indicator with the month its figure covers, a small trend
//! (this year's line against last year's and the target path) and where the year is projected
//! to end (全年预计, from `service::outlook`).

use super::charts::{ChartSize, month_chart, outlook_lines, progress_bar, target_figure};
use super::departments::{department_href, department_name};
use super::livelihood::adopted_progress;
use super::{PageCtx, indicator_href, region_year, render, status_badge, status_mark, year_picker};
use crate::AppState;
use crate::error::{PageResult, WebError};
use crate::i18n::{Lang, period_label, status_label};
use crate::util::{Params, enc};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use planwatch_domain::in_year::{InYear, InYearRow};
use planwatch_domain::lang::{figure_with_unit, months_to, range_with_unit};
use planwatch_domain::livelihood::ProgressState;
use planwatch_domain::outlook::{IndicatorOutlook, PlanOutlook, ProjectedStatus};
use planwatch_domain::projects::{Light as ProjectLight, LightRules, PlanDate};
use planwatch_domain::tasks::{self, DeadlineRules, TaskStatus};
use planwatch_domain::{Period, Status};
use planwatch_service::figures::FigureNote;
use rust_decimal::prelude::ToPrimitive;
use std::collections::{BTreeMap, HashMap};

/// Lagging indicators listed on the summary before "and n more".
const LAGGING_SHOWN: usize = 5;
/// Departments listed on the late-figures card before "and n more".
const LATE_SHOWN: usize = 3;

/// Loads and builds the cockpit of a region-year (shared with the API).
pub async fn load(
    state: &AppState,
    region: &str,
    year: i32,
    month: Option<u8>,
    lang: Lang,
) -> Result<InYear, WebError> {
    Ok(planwatch_service::in_year::in_year_in(
        state.store(),
        region,
        year,
        month,
        &state.config().rules,
        state.config().progress_tolerance_pct,
        lang,
    )
    .await?)
}

/// The month most indicators' figures cover, and how many rows are at another month: the
/// cockpit's "as of" follows the bulk of the figures, not the single newest one.
fn common_month(rows: &[InYearRow]) -> Option<(u8, usize)> {
    let mut by_month: BTreeMap<u8, usize> = BTreeMap::new();
    for r in rows {
        if let Some(l) = &r.latest
            && let Period::Month(m) = l.period
        {
            *by_month.entry(m).or_default() += 1;
        }
    }
    let (month, n) = by_month
        .iter()
        .max_by_key(|(m, n)| (**n, **m))
        .map(|(m, n)| (*m, *n))?;
    let total: usize = by_month.values().sum();
    Some((month, total - n))
}

/// A department's own note beside the figure it explains: who wrote it, for which period,
/// and whether the figure still awaits review. Long notes keep to one line on wide screens;
/// the whole note is the tooltip.
pub(super) fn figure_note(ctx: &PageCtx, n: &FigureNote) -> Markup {
    let lang = ctx.lang;
    html! {
        div.dept-note data-department=(n.department) data-period=(n.period.as_db()) title=(n.note) {
            span.who {
                (ctx.t("dept_note")) (lang.pick("（", " ("))
                (department_name(lang, &n.department)) (lang.pick("，", ", ")) (period_label(lang, n.period))
                @if !n.approved { (lang.pick("，", ", ")) (ctx.t("awaiting_review")) }
                (lang.pick("）：", "): "))
            }
            span.text { (n.note) }
        }
    }
}

/// Late figures by department, the worst first, each a link to the department's page.
fn late_card(ctx: &PageCtx, region: &str, year: i32, late: &[(String, usize)]) -> Markup {
    let lang = ctx.lang;
    let q = format!("?region={}&year={year}", enc(region));
    let mut worst: Vec<&(String, usize)> = late.iter().collect();
    worst.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let total: usize = late.iter().map(|(_, n)| n).sum();
    html! {
        section.card.kpi id="card-late" {
            h2 { a.late-figures id="late-figures" href={ "/figures/due" (q) } { (ctx.t("late_figures")) " " strong { (total) } } }
            @if worst.is_empty() {
                p.note { (ctx.t("no_late_figures")) }
            } @else {
                ul.late-departments {
                    @for (d, n) in worst.iter().take(LATE_SHOWN) {
                        li data-department=(d) {
                            a href={ (department_href(d)) (q) } { (department_name(lang, d)) " " strong { (n) } }
                        }
                    }
                }
                @if worst.len() > LATE_SHOWN {
                    p.small { a href={ "/departments" (q) } { (match lang {
                        Lang::Zh => format!("另有{}个部门", worst.len() - LATE_SHOWN),
                        Lang::En => format!("{} more departments", worst.len() - LATE_SHOWN),
                    }) } }
                }
            }
        }
    }
}

/// The key projects at the ledger's latest month: investment progress against time progress,
/// and how many are lit red and yellow.
struct ProjectCard {
    month: u8,
    /// Whether the ledger has monthly reports (else its figures are the whole year's).
    monthly: bool,
    progress_pct: Option<f64>,
    time_pct: f64,
    red: usize,
    yellow: usize,
    projects: usize,
}

async fn project_card(
    state: &AppState,
    region: &str,
    year: i32,
) -> Result<Option<ProjectCard>, WebError> {
    let ledger = planwatch_service::ledgers::load_projects(state.data(), region, year).await?;
    if ledger.projects.is_empty() {
        return Ok(None);
    }
    let latest_report = ledger.monthly.iter().map(|m| m.month).max();
    let month = latest_report.unwrap_or(12);
    let summary =
        planwatch_service::ledgers::project_summary(state.data(), region, year, Some(month), None)
            .await?;
    let lights = planwatch_service::ledgers::project_lights(
        state.data(),
        region,
        year,
        month,
        &LightRules::default(),
    )
    .await?;
    let overall = &summary.report.overall;
    Ok(Some(ProjectCard {
        month,
        monthly: latest_report.is_some(),
        progress_pct: overall
            .investment_progress
            .and_then(|p| (p * rust_decimal::Decimal::from(100)).to_f64()),
        time_pct: f64::from(month) / 12.0 * 100.0,
        red: lights
            .iter()
            .filter(|l| l.light == ProjectLight::Red)
            .count(),
        yellow: lights
            .iter()
            .filter(|l| l.light == ProjectLight::Yellow)
            .count(),
        projects: overall.projects,
    }))
}

/// Livelihood projects of the year: done, under way, not started.
struct LivelihoodCard {
    done: usize,
    under_way: usize,
    not_started: usize,
    unmeasured: usize,
}

async fn livelihood_card(
    state: &AppState,
    region: &str,
    year: i32,
) -> Result<Option<LivelihoodCard>, WebError> {
    let Some((lines, _)) = adopted_progress(state, region, year).await? else {
        return Ok(None);
    };
    let count = |f: &dyn Fn(ProgressState) -> bool| lines.iter().filter(|l| f(l.state)).count();
    Ok(Some(LivelihoodCard {
        done: count(&|s| matches!(s, ProgressState::Done | ProgressState::Exceeded)),
        under_way: count(&|s| s == ProgressState::Behind),
        not_started: count(&|s| s == ProgressState::NotStarted),
        unmeasured: count(&|s| s == ProgressState::Unmeasured),
    }))
}

/// Key tasks' measures: overdue and due soon, today.
struct TaskCard {
    measures: usize,
    done: usize,
    overdue: usize,
    due_soon: usize,
}

async fn task_card(
    state: &AppState,
    region: &str,
    year: i32,
) -> Result<Option<TaskCard>, WebError> {
    let ledger = planwatch_service::ledgers::load_tasks(state.data(), region, year).await?;
    if ledger.measures.is_empty() {
        return Ok(None);
    }
    // A past year is read at its last day, not against today's date.
    let (y, m, d) = match state.config().time_zone.today() {
        (y, ..) if y > year => (year, 12, 31),
        today => today,
    };
    let Some(today) = PlanDate::ymd(y, m, d) else {
        return Ok(None);
    };
    let lights = tasks::deadline_lights(&ledger.measures, today, &DeadlineRules::default());
    let done = ledger
        .measures
        .iter()
        .filter(|m| m.status == TaskStatus::Done)
        .count();
    Ok(Some(TaskCard {
        measures: ledger.measures.len(),
        done,
        overdue: lights
            .iter()
            .filter(|l| l.light == ProjectLight::Red)
            .count(),
        due_soon: lights
            .iter()
            .filter(|l| l.light == ProjectLight::Yellow)
            .count(),
    }))
}

fn projected_cell(lang: Lang, o: Option<&IndicatorOutlook>) -> Markup {
    let Some(o) = o else {
        return html! {};
    };
    let sentence = lang.pick(o.explanation.as_str(), o.explanation_en.as_str());
    match &o.projection {
        Some(p) => {
            let label = lang.pick(p.status.label_zh(), p.status.label_en());
            html! {
                div.projected data-projected=(p.status.as_str()) title=(sentence) {
                    span class={ "light " (p.light.as_str()) } role="img" aria-label=(label) {}
                    strong { (figure_with_unit(p.value, &p.unit, lang)) }
                    @if p.ranged {
                        " " span.range { "（" (range_with_unit(p.low, p.high, &p.unit, lang)) "）" }
                    }
                    div.small { (label) }
                }
            }
        }
        None => {
            let reason = lang
                .pick(o.reason.as_deref(), o.reason_en.as_deref())
                .unwrap_or(sentence);
            html! { span.small.no-projection data-projected="none" { (reason) } }
        }
    }
}

fn status_href(region: &str, year: i32, month: Option<u8>, status: Option<Status>) -> String {
    let mut h = format!("/cockpit?region={}&year={year}", enc(region));
    if let Some(m) = month {
        h.push_str(&format!("&month={m}"));
    }
    if let Some(s) = status {
        h.push_str(&format!("&status={}", s.as_str()));
    }
    h.push_str("#cockpit-table");
    h
}

#[allow(clippy::too_many_arguments)]
fn summary_cards(
    ctx: &PageCtx,
    region: &str,
    year: i32,
    month: Option<u8>,
    c: &InYear,
    outlook: &PlanOutlook,
    projects: Option<&ProjectCard>,
    livelihood: Option<&LivelihoodCard>,
    tasks: Option<&TaskCard>,
    late: Option<&[(String, usize)]>,
) -> Markup {
    let lang = ctx.lang;
    let q = format!("?region={}&year={year}", enc(region));
    html! {
        div.cockpit-cards {
            section.card.kpi id="card-indicators" {
                h2 { (ctx.t("indicators")) " " span.small { (c.rows.len()) } }
                ul.status-links {
                    @for s in Status::ALL {
                        @let n = c.count(s);
                        @if n > 0 {
                            li { a href=(status_href(region, year, month, Some(s))) data-status=(s.as_str()) {
                                (status_mark(lang, s)) (status_label(lang, s)) " " strong { (n) }
                            } }
                        }
                    }
                }
                @if outlook.month.is_some() {
                    p.small.projected-counts {
                        (ctx.t("projected")) "："
                        @for s in [ProjectedStatus::LikelyMet, ProjectedStatus::AtRisk, ProjectedStatus::LikelyMissed] {
                            span class={ "light " (s.light().as_str()) } {}
                            (lang.pick(s.label_zh(), s.label_en())) " " (outlook.count(s)) " "
                        }
                    }
                }
            }
            section.card.kpi id="card-projects" {
                h2 { a href={ "/projects" (q) } { (ctx.t("projects")) } }
                @match projects {
                    Some(p) if !p.monthly => {
                        p { (p.projects) (lang.pick("个项目", " projects")) }
                        p.small { (ctx.t("no_monthly_reports")) }
                        p {
                            a href={ "/projects" (q) } { (lang.pick("查看台账", "Open the ledger")) }
                        }
                    }
                    Some(p) => {
                        @if let Some(done) = p.progress_pct {
                            p { (ctx.t("progress_pct")) " " strong { (format!("{done:.1}%")) }
                                " · " (ctx.t("time_progress")) " " (format!("{:.1}%", p.time_pct)) }
                            (progress_bar(done, Some(p.time_pct), planwatch_domain::in_year::Light::of(
                                if done + 0.05 >= p.time_pct { Status::Met } else if done >= p.time_pct - 10.0 { Status::BasicallyMet } else { Status::Below })))
                        }
                        p.small { (months_to(p.month, lang)) " · " (p.projects) (lang.pick("个项目", " projects")) }
                        p {
                            a href={ "/projects" (q) "&light=red" } { span.light.red {} (lang.pick("红灯", "Red")) " " strong { (p.red) } }
                            " "
                            a href={ "/projects" (q) "&light=yellow" } { span.light.yellow {} (lang.pick("黄灯", "Yellow")) " " strong { (p.yellow) } }
                        }
                    }
                    None => p.note { (ctx.t("no_ledger")) }
                }
            }
            section.card.kpi id="card-livelihood" {
                h2 { a href={ "/livelihood" (q) } { (ctx.t("livelihood")) } }
                @match livelihood {
                    Some(l) => {
                        p { span.light.green {} (lang.pick("已完成", "Done")) " " strong { (l.done) } }
                        p { span.light.yellow {} (lang.pick("推进中", "Under way")) " " strong { (l.under_way) } }
                        p { span.light.red {} (lang.pick("未开始", "Not started")) " " strong { (l.not_started) } }
                        @if l.unmeasured > 0 {
                            p.small { (lang.pick("无量化目标", "No measurable target")) " " (l.unmeasured) }
                        }
                    }
                    None => p.note { (ctx.t("no_ledger")) }
                }
            }
            section.card.kpi id="card-tasks" {
                h2 { a href={ "/tasks" (q) } { (ctx.t("tasks")) } }
                @match tasks {
                    Some(t) => {
                        p { a href={ "/tasks" (q) "&light=red" } { span.light.red {} (lang.pick("逾期未完成", "Overdue")) " " strong { (t.overdue) } } }
                        p { a href={ "/tasks" (q) "&light=yellow" } { span.light.yellow {} (lang.pick("临近时限", "Due soon")) " " strong { (t.due_soon) } } }
                        p.small { (lang.pick("已完成", "Done")) " " (t.done) " / " (t.measures) (lang.pick("项措施", " measures")) }
                    }
                    None => p.note { (ctx.t("no_ledger")) }
                }
            }
            @if let Some(late) = late { (late_card(ctx, region, year, late)) }
        }
    }
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
    // Who still owes figures (报送情况), for those who may open that page and the departments'.
    let late = if ctx.viewer.has(crate::auth::SUBMISSION_READERS) {
        Some(super::late_by_department(&state, &region, year).await?)
    } else {
        None
    };
    let lang = ctx.lang;
    let only = match params.str("status") {
        Some(s) => Some(Status::parse(s).ok_or_else(|| {
            WebError::BadInput(planwatch_domain::Message::new(
                format!("没有“{s}”这种状态"),
                format!("there is no status {s:?}"),
            ))
        })?),
        None => None,
    };
    let yo = planwatch_service::outlook::year_outlook_in(
        state.store(),
        &region,
        year,
        month,
        &state.config().rules,
        state.config().progress_tolerance_pct,
        lang,
    )
    .await?;
    let (c, outlook) = (&yo.in_year, &yo.outlook);
    // The departments' own notes are working material, not for the published view.
    let notes = if crate::sees_published_only(&ctx.viewer) {
        HashMap::new()
    } else {
        planwatch_service::figures::figure_notes(state.backend(), &region, year).await?
    };
    let projects = project_card(&state, &region, year).await?;
    let livelihood = livelihood_card(&state, &region, year).await?;
    let tasks = task_card(&state, &region, year).await?;
    let time = c.time_progress_pct.and_then(|d| d.to_f64());
    let common = common_month(&c.rows);
    let picker_extra = html! {
        label {
            (ctx.t("month")) " "
            select name="month" {
                option value="" selected[month.is_none()] { (ctx.t("latest_month")) }
                @for m in 1..=12u8 {
                    option value=(m) selected[month == Some(m)] { (months_to(m, lang)) }
                }
            }
        }
    };
    let lagging = c.lagging();
    let rows: Vec<&InYearRow> = c
        .rows
        .iter()
        .filter(|r| only.is_none_or(|s| r.status == s))
        .collect();
    let published = super::publish::published_note(&state, &ctx, &region, year).await?;
    let body = html! {
        (year_picker(&ctx, "/cockpit", &region, Some(year), &years, picker_extra))
        (published)
        p.as-of id="as-of" {
            @match common {
                Some((m, others)) => {
                    (ctx.t("as_of")) " " strong { (months_to(m, lang)) }
                    @if let Some(t) = c.time_progress_pct { " · " (ctx.t("time_progress")) " " strong { (t) "%" } }
                    @if others > 0 {
                        " " span.small { (match lang {
                            Lang::Zh => format!("（另有{others}项指标的数据期不同，见各行）"),
                            Lang::En => format!("({others} indicators' figures cover another period; see each row)"),
                        }) }
                    }
                }
                None => span.note { (ctx.t("no_monthly")) }
            }
        }
        (summary_cards(&ctx, &region, year, month, c, outlook, projects.as_ref(), livelihood.as_ref(), tasks.as_ref(), late.as_deref()))
        section.card id="lagging" {
            h2 { (ctx.t("lagging")) " " span.small { (lagging.len()) } }
            @if lagging.is_empty() {
                p.note { (ctx.t("no_lagging")) }
            } @else {
                ul.lagging {
                    @for r in lagging.iter().take(LAGGING_SHOWN) {
                        li data-indicator=(r.name) {
                            div.head {
                                (status_badge(lang, r.status))
                                a href=(indicator_href(&region, year, &r.name)) { (r.label) }
                                @if let Some(d) = &r.department { span.small { (department_name(lang, d)) } }
                                @if let Some(n) = notes.get(&r.name) { (figure_note(&ctx, n)) }
                            }
                            div.why { (r.explanation) }
                        }
                    }
                }
                @if lagging.len() > LAGGING_SHOWN {
                    p.small { a href="#cockpit-table" { (match lang {
                        Lang::Zh => format!("另有{}项，见下表", lagging.len() - LAGGING_SHOWN),
                        Lang::En => format!("{} more in the table below", lagging.len() - LAGGING_SHOWN),
                    }) } }
                }
            }
        }
        @if let Some(s) = only {
            p.filter-note {
                (ctx.t("showing_only")) " " (status_badge(lang, s)) " · "
                a href=(status_href(&region, year, month, None)) { (ctx.t("show_all")) }
            }
        }
        @if rows.is_empty() {
            p.note id="cockpit-empty" { (ctx.t("none_with_status")) }
        } @else {
            table.grid.cards id="cockpit-table" {
                thead { tr {
                    th { (ctx.t("indicator")) }
                    th { (ctx.t("target")) }
                    th { (ctx.t("latest")) }
                    th { (ctx.t("completion")) " / " (ctx.t("time_progress")) }
                    th { (ctx.t("trend")) }
                    th { (ctx.t("projected")) }
                    th { (ctx.t("status")) }
                    th { (ctx.t("department")) }
                } }
                tbody {
                    @for r in &rows {
                        @let o = outlook.indicator(&r.name);
                        tr data-indicator=(r.name) data-status=(r.status.as_str()) {
                            td { (status_mark(lang, r.status)) " " a href=(indicator_href(&region, year, &r.name)) { (r.label) } }
                            td data-label=(ctx.t("target")) { (r.target_text) }
                            td.latest data-label=(ctx.t("latest")) {
                                @if let Some(l) = &r.latest {
                                    span.period { (period_label(lang, l.period)) } " " (l.text)
                                } @else { span.small { (ctx.t("no_figure_yet")) } }
                            }
                            td data-label=(ctx.t("completion")) {
                                @if let Some(p) = r.completion_pct.and_then(|d| d.to_f64()) {
                                    (progress_bar(p, time, r.light)) " " (format!("{p:.1}%"))
                                }
                            }
                            td.trend data-label=(ctx.t("trend")) {
                                @if let Some(o) = o {
                                    @let target = outlook_target(o);
                                    @let (lines, band) = outlook_lines(lang, o, year, target);
                                    @if lines.iter().any(|l| l.class != "target" && !l.points.is_empty()) {
                                        (month_chart(&format!("{} · {}", r.label, ctx.t("trend")), &lines, band, ChartSize::Spark, ""))
                                    }
                                }
                            }
                            td data-label=(ctx.t("projected")) { (projected_cell(lang, o)) }
                            td data-label=(ctx.t("status")) { (status_badge(lang, r.status)) div.why { (r.explanation) } }
                            td data-label=(ctx.t("department")) { (r.department.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
        }
    };
    let title = format!("{region} {year} {}", ctx.t("cockpit"));
    Ok(render(&ctx, &title, body).into_response())
}

/// The target figure of an indicator as its outlook states the target.
fn outlook_target(o: &IndicatorOutlook) -> Option<f64> {
    target_figure(&planwatch_text::parse_expr(&o.target_text), &o.unit)
}
