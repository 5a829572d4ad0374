//! 重点项目: the ledger of a region-year with filters and lights at a month, the figures and the
//! report-style paragraph; one project's page; Excel export and (admin) import.

use super::charts::{ChartSize, MonthSeries, month_chart};
use super::paging::ListQuery;
use super::{PageCtx, region_year, render, render_with, year_picker};
use crate::AppState;
use crate::error::{PageResult, WebError};
use crate::i18n::Lang;
use crate::upload::UploadForm;
use crate::util::{Params, enc};
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use planwatch_domain::projects::{
    Category, Light, LightReason, LightRules, MonthlyProgress, Phase, Project, ProjectFigures,
    ProjectLight,
};
use planwatch_office::{CellError, ImportError, ProjectLedger};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::{BTreeSet, HashMap};

/// The CSS class of a ledger light.
pub fn light_class(l: Light) -> &'static str {
    match l {
        Light::Green => "green",
        Light::Yellow => "yellow",
        Light::Red => "red",
    }
}

/// A light's reasons, one a line, in the page's language.
pub fn reasons(lang: Lang, reasons: &[LightReason]) -> Markup {
    html! { @for r in reasons { div.why { (r.text(lang)) } } }
}

/// A light and its label.
pub fn light_badge(lang: Lang, l: Light) -> Markup {
    html! {
        span class={ "badge " (light_class(l)) } {
            span class={ "light " (light_class(l)) } {}
            (l.label_in(lang))
        }
    }
}

pub fn parse_light(s: &str) -> Option<Light> {
    match s {
        "green" | "绿灯" => Some(Light::Green),
        "yellow" | "黄灯" => Some(Light::Yellow),
        "red" | "红灯" => Some(Light::Red),
        _ => None,
    }
}

/// Money and ratios as the ledgers print them.
pub fn dec(d: Decimal) -> String {
    d.round_dp(2).normalize().to_string()
}

fn pct(d: Option<Decimal>) -> String {
    d.map(|r| format!("{}%", (r * Decimal::ONE_HUNDRED).round_dp(1).normalize()))
        .unwrap_or_else(|| "—".into())
}

/// The month a page shows: asked for, else the report month (the latest month with reports,
/// else December).
fn month_of(params: &Params, ledger: &ProjectLedger) -> Result<u8, WebError> {
    Ok(params
        .month("month")?
        .unwrap_or_else(|| planwatch_service::ledgers::report_month(ledger)))
}

/// Each project's cumulative completion at the end of `month` (the ledger's figure when no
/// report covers it).
fn completed_at(ledger: &ProjectLedger, month: u8) -> HashMap<&str, Decimal> {
    let mut latest: HashMap<&str, &MonthlyProgress> = HashMap::new();
    for m in ledger.monthly.iter().filter(|m| m.month <= month) {
        let slot = latest.entry(m.code.as_str()).or_insert(m);
        if m.month > slot.month {
            *slot = m;
        }
    }
    ledger
        .projects
        .iter()
        .map(|p| {
            let c = latest
                .get(p.code.as_str())
                .map(|m| m.cumulative_completed)
                .unwrap_or(p.completed);
            (p.code.as_str(), c)
        })
        .collect()
}

/// The filters of the ledger table, from the query.
struct Filters {
    category: Option<Category>,
    phase: Option<Phase>,
    unit: Option<String>,
    street: Option<String>,
    light: Option<Light>,
}

impl Filters {
    /// The filters as asked; one that names nothing known is left out and said beside its
    /// field in `wrong`.
    fn from(params: &Params, wrong: &mut super::FieldErrors) -> Result<Self, WebError> {
        let bad = |zh: &str, en: &str, v: &str| {
            WebError::BadInput(planwatch_domain::Message::new(
                format!("没有“{v}”这种{zh}"),
                format!("there is no {en} “{v}”"),
            ))
        };
        let mut read = |key: &'static str, zh: &str, en: &str, known: &dyn Fn(&str) -> bool| {
            wrong.read(
                key,
                params
                    .str(key)
                    .map(|v| if known(v) { Ok(v) } else { Err(bad(zh, en, v)) })
                    .transpose(),
            )
        };
        Ok(Filters {
            category: read("category", "类别", "category", &|v| {
                Category::parse(v).is_some()
            })?
            .and_then(Category::parse),
            phase: read("phase", "建设阶段", "phase", &|v| {
                Phase::parse(v).is_some()
            })?
            .and_then(Phase::parse),
            unit: params.str("unit").map(str::to_string),
            street: params.str("street").map(str::to_string),
            light: read("light", "灯号", "light", &|v| parse_light(v).is_some())?
                .and_then(parse_light),
        })
    }

    fn keeps(&self, p: &Project, light: Option<Light>) -> bool {
        self.category.is_none_or(|c| p.category == c)
            && self.phase.is_none_or(|ph| p.phase == ph)
            && self.unit.as_deref().is_none_or(|u| p.responsible_unit == u)
            && self.street.as_deref().is_none_or(|s| p.street == s)
            && self.light.is_none_or(|l| light == Some(l))
    }
}

fn figures_table(ctx: &PageCtx, f: &ProjectFigures) -> Markup {
    let zh = ctx.lang == Lang::Zh;
    let rows: Vec<(&str, String)> = vec![
        (
            if zh { "项目个数" } else { "Projects" },
            f.projects.to_string(),
        ),
        (
            if zh { "新开工项目" } else { "New" },
            f.new_projects.to_string(),
        ),
        (
            if zh { "续建项目" } else { "Continuing" },
            f.continuing_projects.to_string(),
        ),
        (
            if zh { "前期项目" } else { "Preparatory" },
            f.preparatory_projects.to_string(),
        ),
        (
            if zh {
                "已开工新项目"
            } else {
                "New, started"
            },
            f.new_started.to_string(),
        ),
        (
            if zh { "已竣工项目" } else { "Completed" },
            f.completed_projects.to_string(),
        ),
        (ctx.t("total_investment"), dec(f.total_investment)),
        (ctx.t("annual_plan"), dec(f.annual_plan)),
        (ctx.t("completed"), dec(f.completed_investment)),
        (if zh { "开工率" } else { "Start rate" }, pct(f.start_rate)),
        (ctx.t("progress_pct"), pct(f.investment_progress)),
        (
            if zh { "同比增长" } else { "Year on year" },
            pct(f.yoy_growth),
        ),
    ];
    html! {
        table.grid.figures id="project-figures" {
            tbody {
                @for (k, v) in rows { tr { th { (k) } td { (v) } } }
            }
        }
    }
}

fn select(
    name: &str,
    label: &str,
    all: &str,
    options: &[(String, String)],
    chosen: Option<&str>,
) -> Markup {
    html! {
        label {
            (label) " "
            select name=(name) {
                option value="" selected[chosen.is_none()] { (all) }
                @for (value, text) in options {
                    option value=(value) selected[chosen == Some(value.as_str())] { (text) }
                }
            }
        }
    }
}

/// The import form (admin only) posting to `action`.
pub fn import_form(ctx: &PageCtx, action: &str, region: &str, year: i32, extra: Markup) -> Markup {
    html! {
        @if ctx.viewer.is_admin() {
            form.card.import method="post" action=(action) enctype="multipart/form-data" {
                h2 { (ctx.t("import_xlsx")) }
                input type="hidden" name=(crate::auth::CSRF_FIELD) value=(ctx.form_token);
                input type="hidden" name="region" value=(region);
                input type="hidden" name="year" value=(year);
                (extra)
                label { (ctx.t("file")) " " input type="file" name="file" accept=".xlsx,.xls,.ods,.csv" required; }
                button type="submit" { (ctx.t("upload")) }
                p.note { (ctx.t("import_note")) }
            }
        }
    }
}

/// The whole cell-located error list of a refused import.
pub fn import_errors(ctx: &PageCtx, err: &ImportError) -> Markup {
    let cells: &[CellError] = err.cell_errors();
    html! {
        div.card.import-errors id="import-errors" {
            p.error { (ctx.t("import_failed")) }
            @if cells.is_empty() {
                p { (err.summary(ctx.lang)) }
            } @else {
                p { (err.summary(ctx.lang)) }
                table.grid {
                    thead { tr {
                        th { (ctx.t("sheet")) } th { (ctx.t("cell")) } th { (ctx.t("column")) }
                        th { (ctx.t("value")) } th { (ctx.t("expected")) }
                    } }
                    tbody {
                        @for e in cells {
                            tr.has-error {
                                td lang="zh" { (e.sheet) }
                                td { (e.letter.as_deref().unwrap_or("")) (e.row.map(|r| r.to_string()).unwrap_or_default()) }
                                td lang="zh" { (e.column.as_deref().unwrap_or("")) }
                                td lang="zh" { (e.value) }
                                td { (e.expected.text(ctx.lang)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The page of a refused import: every cell error and a way back to `back`. Nothing was
/// stored, so the status is 422.
pub fn import_refused(ctx: &PageCtx, err: &ImportError, back: &str) -> Response {
    let body = html! {
        (import_errors(ctx, err))
        p { a href=(back) { "← " (ctx.t("back")) } }
    };
    render_with(
        ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        ctx.t("import_failed"),
        body,
    )
}

pub async fn projects(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, year, years) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let mut wrong = super::FieldErrors::new(ctx.lang);
    let body = projects_body(&state, &ctx, &params, &region, year, &years, &mut wrong).await?;
    let title = format!("{region} {year} {}", ctx.t("projects"));
    Ok(super::render_with(&ctx, wrong.status(), &title, body))
}

async fn projects_body(
    state: &AppState,
    ctx: &PageCtx,
    params: &Params,
    region: &str,
    year: i32,
    years: &[i32],
    wrong: &mut super::FieldErrors,
) -> Result<Markup, WebError> {
    let lang = ctx.lang;
    let ledger = planwatch_service::ledgers::load_projects(state.data(), region, year).await?;
    let filters = Filters::from(params, wrong)?;
    let list = ListQuery::from(params)?;
    let month = month_of(params, &ledger)?;
    let import = import_form(ctx, "/projects/import", region, year, html! {});
    if ledger.projects.is_empty() {
        return Ok(html! {
            (year_picker(ctx, "/projects", region, Some(year), years, html! {}))
            p.note { (ctx.t("no_ledger")) }
            (import)
        });
    }
    let lights: HashMap<String, ProjectLight> = planwatch_service::ledgers::project_lights(
        state.data(),
        region,
        year,
        month,
        &LightRules::default(),
    )
    .await?
    .into_iter()
    .map(|l| (l.code.clone(), l))
    .collect();
    // Without monthly reports the ledger's figures are the year's: the paragraph says so.
    let has_monthly = !ledger.monthly.is_empty();
    let summary = planwatch_service::ledgers::project_summary(
        state.data(),
        region,
        year,
        has_monthly.then_some(month),
        None,
    )
    .await?;
    let completed = completed_at(&ledger, month);
    let units: BTreeSet<&str> = ledger
        .projects
        .iter()
        .map(|p| p.responsible_unit.as_str())
        .collect();
    let streets: BTreeSet<&str> = ledger.projects.iter().map(|p| p.street.as_str()).collect();
    let opts = |it: &mut dyn Iterator<Item = &str>| -> Vec<(String, String)> {
        it.filter(|s| !s.is_empty())
            .map(|s| (s.to_string(), s.to_string()))
            .collect()
    };
    let cat_opts: Vec<(String, String)> = Category::ALL
        .iter()
        .map(|c| (c.label().to_string(), c.label_in(lang).to_string()))
        .collect();
    let phase_opts: Vec<(String, String)> = Phase::ALL
        .iter()
        .map(|c| (c.label().to_string(), c.label_in(lang).to_string()))
        .collect();
    let light_opts: Vec<(String, String)> = [Light::Green, Light::Yellow, Light::Red]
        .iter()
        .map(|l| (light_class(*l).to_string(), l.label_in(lang).to_string()))
        .collect();
    let all = ctx.t("all");
    let picker_extra = html! {
        (list.hidden_list_fields())
        label {
            (ctx.t("month")) " "
            select name="month" {
                @for m in 1..=12u8 { option value=(m) selected[month == m] { (m) } }
            }
        }
        (select("category", ctx.t("category"), all, &cat_opts, filters.category.map(|c| c.label()))) (wrong.beside("category"))
        (select("phase", ctx.t("phase"), all, &phase_opts, filters.phase.map(|c| c.label()))) (wrong.beside("phase"))
        (select("unit", ctx.t("responsible_unit"), all, &opts(&mut units.iter().copied()), filters.unit.as_deref()))
        (select("street", ctx.t("street"), all, &opts(&mut streets.iter().copied()), filters.street.as_deref()))
        (select("light", ctx.t("light"), all, &light_opts, filters.light.map(light_class))) (wrong.beside("light"))
    };
    let mut shown: Vec<&Project> = ledger
        .projects
        .iter()
        .filter(|p| filters.keeps(p, lights.get(&p.code).map(|l| l.light)))
        .filter(|p| {
            list.matches(&format!(
                "{} {} {} {}",
                p.code, p.name, p.responsible_unit, p.street
            ))
        })
        .collect();
    sort_projects(&mut shown, list.sort_key(), &completed, &lights)?;
    let page_rows = list.slice(&shown);
    let mut counts: HashMap<Light, usize> = HashMap::new();
    for l in lights.values() {
        *counts.entry(l.light).or_default() += 1;
    }
    let export = format!("/projects/export.xlsx?region={}&year={year}", enc(region));
    let imported = params.str("imported");
    Ok(html! {
        (year_picker(ctx, "/projects", region, Some(year), years, picker_extra))
        @if let Some(n) = imported {
            p.saved { (ctx.t("imported")) " " (n) }
        }
        (import)
        div.summary {
            div.card {
                h2 { (ctx.t("figures")) @if has_monthly { " · " (ctx.t("as_of")) " " (month) (if lang == Lang::Zh { "月" } else { "" }) } }
                @if !has_monthly { p.note { (ctx.t("no_monthly_reports")) } }
                (figures_table(ctx, &summary.report.overall))
                p {
                    @for l in [Light::Green, Light::Yellow, Light::Red] {
                        (light_badge(lang, l)) " " (counts.get(&l).copied().unwrap_or(0)) " "
                    }
                }
                @if has_monthly {
                    @let plan: Decimal = ledger.projects.iter().map(|p| p.annual_plan).sum();
                    @let last = ledger.monthly.iter().map(|m| m.month).max().unwrap_or(12);
                    @let points: Vec<(u8, Decimal)> = (1..=last)
                        .filter(|m| ledger.monthly.iter().any(|r| r.month == *m))
                        .map(|m| (m, completed_at(&ledger, m).values().copied().sum()))
                        .collect();
                    (investment_curve(ctx, ctx.t("investment_curve"), plan, &points))
                }
            }
            div.card {
                h2 { (ctx.t("paragraph")) }
                p.paragraph id="project-paragraph" { (summary.paragraph_in(lang)) }
                h3 { (ctx.t("plan_paragraph")) }
                p.paragraph { (summary.plan_paragraph_in(lang)) }
                p { a.button href=(export) { (ctx.t("export_xlsx")) } }
            }
        }
        (list.search_form(lang, "/projects", lang.pick("编号、名称、责任单位或街道", "code, name, unit or street")))
        p.note id="shown-count" data-count=(shown.len()) { (ctx.t("shown_of")) " " strong { (shown.len()) } " / " (ledger.projects.len()) }
        @if shown.is_empty() && !ledger.projects.is_empty() {
            p.note id="filter-empty" { (ctx.t("filter_empty")) }
        }
        table.grid id="project-table" {
            thead { tr {
                th { (list.sort_link("/projects", "code", ctx.t("code"))) }
                th { (list.sort_link("/projects", "name", ctx.t("project"))) }
                th { (ctx.t("category")) }
                th { (ctx.t("phase")) } th { (ctx.t("build_status")) }
                th { (list.sort_link("/projects", "unit", ctx.t("responsible_unit"))) }
                th { (ctx.t("street")) }
                th { (list.sort_link("/projects", "plan", ctx.t("annual_plan"))) }
                th { (list.sort_link("/projects", "completed", ctx.t("completed"))) }
                th { (list.sort_link("/projects", "progress", ctx.t("progress_pct"))) }
                th { (list.sort_link("/projects", "light", ctx.t("light"))) }
            } }
            tbody {
                @for p in page_rows {
                    @let light = lights.get(&p.code);
                    @let done = completed.get(p.code.as_str()).copied().unwrap_or(p.completed);
                    tr data-code=(p.code) data-light=(light.map(|l| light_class(l.light)).unwrap_or("")) {
                        td { (p.code) }
                        td { a href=(format!("/projects/{}?region={}&year={year}&month={month}", enc(&p.code), enc(region))) { (p.name) } }
                        td { (p.category.label_in(lang)) }
                        td { (p.phase.label_in(lang)) }
                        td { (p.status.label_in(lang)) }
                        td { (p.responsible_unit) }
                        td { (p.street) }
                        td.num { (dec(p.annual_plan)) }
                        td.num { (dec(done)) }
                        td.num { (pct((p.annual_plan > Decimal::ZERO).then(|| done / p.annual_plan))) }
                        td {
                            @if let Some(l) = light {
                                (light_badge(lang, l.light))
                                (reasons(lang, &l.reasons))
                            }
                        }
                    }
                }
            }
        }
        (list.pager(lang, "/projects", shown.len()))
    })
}

/// Sorts the shown projects by a column of the table (`-key` descending); the ledger's own
/// order when no sort is asked, and as the tie-break.
fn sort_projects(
    shown: &mut [&Project],
    sort: Option<(&str, bool)>,
    completed: &HashMap<&str, Decimal>,
    lights: &HashMap<String, ProjectLight>,
) -> Result<(), WebError> {
    let Some((key, desc)) = sort else {
        return Ok(());
    };
    let done = |p: &Project| {
        completed
            .get(p.code.as_str())
            .copied()
            .unwrap_or(p.completed)
    };
    let share = |p: &Project| (p.annual_plan > Decimal::ZERO).then(|| done(p) / p.annual_plan);
    let light = |p: &Project| lights.get(&p.code).map(|l| l.light);
    const KEYS: [&str; 7] = [
        "code",
        "name",
        "unit",
        "plan",
        "completed",
        "progress",
        "light",
    ];
    if !KEYS.contains(&key) {
        return Err(WebError::BadRequest(format!(
            "cannot sort projects by {key:?}: code, name, unit, plan, completed, progress or light"
        )));
    }
    shown.sort_by(|a, b| {
        let o = match key {
            "code" => a.code.cmp(&b.code),
            "name" => a.name.cmp(&b.name),
            "unit" => a.responsible_unit.cmp(&b.responsible_unit),
            "plan" => a.annual_plan.cmp(&b.annual_plan),
            "completed" => done(a).cmp(&done(b)),
            "progress" => share(a).cmp(&share(b)),
            _ => light(a).cmp(&light(b)),
        };
        if desc { o.reverse() } else { o }
    });
    Ok(())
}

pub async fn project(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, year, _) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let lang = ctx.lang;
    let ledger = planwatch_service::ledgers::load_projects(state.data(), &region, year).await?;
    let Some(p) = ledger.projects.iter().find(|p| p.code == code) else {
        return Err(WebError::NotFound(code).into());
    };
    let month = month_of(&params, &ledger)?;
    let light = planwatch_service::ledgers::project_lights(
        state.data(),
        &region,
        year,
        month,
        &LightRules::default(),
    )
    .await?
    .into_iter()
    .find(|l| l.code == p.code);
    let mut monthly: Vec<&MonthlyProgress> =
        ledger.monthly.iter().filter(|m| m.code == p.code).collect();
    monthly.sort_by_key(|m| m.month);
    let date = |d: Option<planwatch_domain::projects::PlanDate>| {
        d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
    };
    let fields: Vec<(&str, String)> = vec![
        (ctx.t("code"), p.code.clone()),
        (ctx.t("project"), p.name.clone()),
        (ctx.t("category"), p.category.label_in(lang).into()),
        (ctx.t("phase"), p.phase.label_in(lang).into()),
        (ctx.t("build_status"), p.status.label_in(lang).into()),
        (ctx.t("responsible_unit"), p.responsible_unit.clone()),
        (ctx.t("street"), p.street.clone()),
        (ctx.t("sector"), p.sector.clone()),
        (ctx.t("total_investment"), dec(p.total_investment)),
        (ctx.t("annual_plan"), dec(p.annual_plan)),
        (ctx.t("completed"), dec(p.completed)),
        (
            ctx.t("last_year_same"),
            p.last_year_same_period
                .map(dec)
                .unwrap_or_else(|| "—".into()),
        ),
        (ctx.t("planned_start"), date(p.planned_start)),
        (ctx.t("actual_start"), date(p.actual_start)),
        (ctx.t("planned_completion"), date(p.planned_completion)),
        (ctx.t("actual_completion"), date(p.actual_completion)),
        (ctx.t("progress_note"), p.progress_note.clone()),
    ];
    let back = format!(
        "/projects?region={}&year={year}&month={month}",
        enc(&region)
    );
    let body = html! {
        p { a href=(back) { "← " (ctx.t("back")) } }
        @if let Some(l) = &light {
            p { (ctx.t("light")) " (" (month) (if lang == Lang::Zh { "月" } else { "" }) ") " (light_badge(lang, l.light))
                (reasons(lang, &l.reasons)) }
        }
        table.grid id="project-fields" {
            tbody { @for (k, v) in &fields { tr { th { (k) } td { (v) } } } }
        }
        h2 { (ctx.t("milestones")) }
        @if p.milestones.is_empty() { p.note { (ctx.t("none")) } } @else {
            table.grid { tbody { @for m in &p.milestones { tr { th { (m.kind.label_in(lang)) } td { (m.date.to_string()) } } } } }
        }
        h2 { (ctx.t("monthly_progress")) }
        @if monthly.is_empty() { p.note { (ctx.t("none")) } } @else {
            (investment_curve(&ctx, &format!("{} · {}", p.name, ctx.t("investment_curve")), p.annual_plan,
                &monthly.iter().map(|m| (m.month, m.cumulative_completed)).collect::<Vec<_>>()))
            table.grid id="project-monthly" {
                thead { tr { th { (ctx.t("month")) } th { (ctx.t("cumulative")) } th { (ctx.t("progress_pct")) } th { (ctx.t("image_progress")) } } }
                tbody { @for m in &monthly { tr {
                    td { (m.month) }
                    td.num { (dec(m.cumulative_completed)) }
                    td.num { (pct((p.annual_plan > Decimal::ZERO).then(|| m.cumulative_completed / p.annual_plan))) }
                    td { (m.image_progress) }
                } } }
            }
        }
    };
    Ok(render(&ctx, &format!("{} · {}", p.name, ctx.t("projects")), body).into_response())
}

/// Cumulative investment by month against the annual plan spread over the year (time
/// progress in 亿元), drawn as the month chart of the indicator pages.
fn investment_curve(
    ctx: &PageCtx,
    title: &str,
    annual_plan: Decimal,
    points: &[(u8, Decimal)],
) -> Markup {
    let lang = ctx.lang;
    let plan = annual_plan.to_f64().filter(|p| *p > 0.0);
    let mut lines = Vec::new();
    if let Some(plan) = plan {
        lines.push(MonthSeries {
            label: lang
                .pick("年度计划（按时间进度）", "Annual plan (time elapsed)")
                .to_string(),
            class: "target",
            points: vec![(0, 0.0), (12, plan)],
        });
    }
    lines.push(MonthSeries {
        label: lang.pick("累计完成投资", "Invested so far").to_string(),
        class: "this-year",
        points: points
            .iter()
            .filter_map(|(m, v)| Some((*m, v.to_f64()?)))
            .collect(),
    });
    html! {
        div.scroll.investment-curve { (month_chart(title, &lines, None, ChartSize::Full, "")) }
    }
}

/// An xlsx download.
pub fn xlsx_download(bytes: Vec<u8>, file_name: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"ledger.xlsx\"; filename*=UTF-8''{}",
                    enc(file_name)
                ),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub async fn export(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, year, _) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let ledger = planwatch_service::ledgers::load_projects(state.data(), &region, year).await?;
    let bytes = ledger
        .write_xlsx(year)
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(xlsx_download(
        bytes,
        &format!("{region}{year}年重点项目.xlsx"),
    ))
}

/// Region and year of an upload form.
pub fn upload_region_year(form: &UploadForm) -> Result<(String, i32), WebError> {
    let region = form
        .text("region")
        .filter(|r| !r.is_empty())
        .ok_or_else(|| WebError::BadRequest("region is missing".into()))?;
    let year = form
        .text("year")
        .and_then(|y| y.parse::<i32>().ok())
        .ok_or_else(|| WebError::BadRequest("year must be a whole number".into()))?;
    Ok((region, year))
}

/// The form of an upload, or a clear error when the request was not one.
pub fn upload_of(form: Option<Extension<UploadForm>>) -> Result<UploadForm, WebError> {
    form.map(|Extension(f)| f)
        .ok_or_else(|| WebError::BadRequest("expected a file upload (multipart/form-data)".into()))
}

pub async fn import(
    State(state): State<AppState>,
    ctx: PageCtx,
    form: Option<Extension<UploadForm>>,
) -> PageResult<Response> {
    let form = upload_of(form)?;
    let (region, year) = upload_region_year(&form)?;
    let file = form.file("file")?;
    let is_csv = file
        .file_name
        .as_deref()
        .is_some_and(|n| n.to_ascii_lowercase().ends_with(".csv"));
    let data = file.data.clone();
    let read = tokio::task::spawn_blocking(move || {
        if is_csv {
            ProjectLedger::read_csv(&data, None, year)
        } else {
            ProjectLedger::read_xlsx(&data, year)
        }
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?;
    match read {
        Ok(ledger) => {
            planwatch_service::ledgers::save_projects(
                state.data(),
                &region,
                year,
                &ledger,
                &ctx.viewer.actor(),
            )
            .await?;
            Ok(Redirect::to(&format!(
                "/projects?region={}&year={year}&imported={}",
                enc(&region),
                ledger.projects.len()
            ))
            .into_response())
        }
        Err(e) => Ok(import_refused(
            &ctx,
            &e,
            &format!("/projects?region={}&year={year}", enc(&region)),
        )),
    }
}
