//! 民生实事: the candidates, the vote session's tally, last year's progress; (admin) import of
//! candidates or ballots. 重点任务: areas → tasks → measures with deadline lights.

use super::paging::ListQuery;
use super::projects::{
    dec, import_form, import_refused, light_badge, light_class, upload_of, upload_region_year,
    xlsx_download,
};
use super::{PageCtx, region_year, render_with, year_picker};
use crate::AppState;
use crate::error::{PageResult, WebError};
use crate::upload::UploadForm;
use crate::util::{Params, enc};
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use planwatch_domain::livelihood::{self, Candidate, ProgressState};
use planwatch_domain::projects::{Light, PlanDate};
use planwatch_domain::tasks::{self, DeadlineRules, MeasureLight, TargetValue};
use planwatch_office::{LivelihoodLedger, TaskLedger};
use std::collections::HashMap;

/// The default number of livelihood projects a vote adopts.
pub const DEFAULT_SEATS: usize = 10;

/// The number of projects the vote adopts, as asked (`None` when not asked).
fn seats_of(params: &Params) -> Result<Option<usize>, WebError> {
    match params.i64("seats")? {
        None => Ok(None),
        Some(n) if (1..=100).contains(&n) => Ok(usize::try_from(n).ok()),
        Some(n) => Err(WebError::BadInput(planwatch_domain::Message::new(
            format!("拟确定项目数应为1至100，而不是{n}"),
            format!("the number of projects to adopt must be 1 to 100, not {n}"),
        ))),
    }
}

/// Last year's adopted projects (all candidates when there was no vote) and their progress.
async fn last_year(
    state: &AppState,
    region: &str,
    year: i32,
) -> Result<Option<(Vec<livelihood::ProgressLine>, Vec<String>)>, WebError> {
    adopted_progress(state, region, year - 1).await
}

/// A year's adopted projects (all candidates when there was no vote) and their progress;
/// `None` without candidates.
pub async fn adopted_progress(
    state: &AppState,
    region: &str,
    year: i32,
) -> Result<Option<(Vec<livelihood::ProgressLine>, Vec<String>)>, WebError> {
    let prev = planwatch_service::ledgers::load_livelihood(state.data(), region, year).await?;
    if prev.candidates.is_empty() {
        return Ok(None);
    }
    let projects: Vec<Candidate> = if prev.ballots.is_empty() {
        prev.candidates.clone()
    } else {
        let t = livelihood::tally(
            &prev.candidates,
            &prev.ballots,
            &livelihood::TallyRule::seats(DEFAULT_SEATS),
        );
        t.adopted
            .iter()
            .filter_map(|n| prev.candidates.iter().find(|c| &c.name == n).cloned())
            .collect()
    };
    Ok(Some(livelihood::progress_report(&projects, &prev.progress)))
}

fn state_class(s: ProgressState) -> &'static str {
    match s {
        ProgressState::Exceeded | ProgressState::Done => "green",
        ProgressState::Behind => "yellow",
        ProgressState::NotStarted => "red",
        _ => "grey",
    }
}

pub async fn livelihood_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, year, years) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    // A number of seats that cannot be used is said beside its box, which keeps what was
    // typed; the tally waits for a usable one.
    let mut wrong = super::FieldErrors::new(ctx.lang);
    let seats = wrong.read("seats", seats_of(&params))?;
    let ledger = planwatch_service::ledgers::load_livelihood(state.data(), &region, year).await?;
    let tally = if ledger.candidates.is_empty() || ledger.ballots.is_empty() || !wrong.is_empty() {
        None
    } else {
        let seats = seats.unwrap_or(DEFAULT_SEATS);
        Some(planwatch_service::ledgers::vote_tally(state.data(), &region, year, seats).await?)
    };
    let progress = last_year(&state, &region, year).await?;
    let typed_seats = match params.str("seats") {
        Some(t) if wrong.has("seats") => t.to_string(),
        _ => seats.unwrap_or(DEFAULT_SEATS).to_string(),
    };
    let picker_extra = html! {
        label { (ctx.t("seats")) " " input type="number" name="seats" min="1" max="100" value=(typed_seats) aria-invalid=[wrong.has("seats").then_some("true")]; (wrong.beside("seats")) }
    };
    let import_extra = html! {
        label {
            (ctx.t("import_kind")) " "
            select name="kind" {
                option value="candidates" { (ctx.t("import_candidates")) }
                option value="ballots" { (ctx.t("import_ballots")) }
            }
        }
    };
    let rank: HashMap<&str, usize> = tally
        .as_ref()
        .map(|t| {
            t.adopted
                .iter()
                .enumerate()
                .map(|(i, n)| (n.as_str(), i + 1))
                .collect()
        })
        .unwrap_or_default();
    let export = format!(
        "/livelihood/export.xlsx?region={}&year={year}",
        enc(&region)
    );
    let body = html! {
        (year_picker(&ctx, "/livelihood", &region, Some(year), &years, picker_extra))
        @if let Some(n) = params.str("imported") { p.saved { (ctx.t("imported")) " " (n) } }
        h2 { (ctx.t("candidates")) }
        @if ledger.candidates.is_empty() {
            p.note { (ctx.t("no_ledger")) }
        } @else {
            p { a.button href=(export) { (ctx.t("export_xlsx")) } }
            table.grid id="candidates" {
                thead { tr {
                    th { (ctx.t("seq")) } th { (ctx.t("project")) } th { (ctx.t("theme")) }
                    th { (ctx.t("target_task")) } th { (ctx.t("target")) } th { (ctx.t("budget_wan")) }
                    th { (ctx.t("responsible_unit")) }
                } }
                tbody { @for c in &ledger.candidates { tr {
                    td { (c.seq) } td { (c.name) } td { (c.theme.label_in(ctx.lang)) } td { (c.target_task) }
                    td { (c.target_value.map(dec).unwrap_or_default()) " " (c.unit) }
                    td.num { (c.budget_wan.map(dec).unwrap_or_default()) }
                    td { (c.responsible_unit) }
                } } }
            }
        }
        h2 { (ctx.t("vote")) }
        @if let Some(t) = &tally {
            p id="tally-summary" {
                (ctx.t("seats")) " " strong { (t.seats) } " · "
                (ctx.t("ballots_cast")) " " strong { (t.ballots_cast) } " · "
                (ctx.t("valid_ballots")) " " strong { (t.valid_ballots) } " · "
                (ctx.t("present")) " " strong { (t.present) } " · "
                (ctx.t("majority_needed")) " " strong { (t.majority_needed) } " · "
                (ctx.t("adopted")) " " strong id="adopted-count" data-count=(t.adopted.len()) { (t.adopted.len()) }
            }
            table.grid id="tally" {
                thead { tr {
                    th { (ctx.t("seq")) } th { (ctx.t("project")) } th { (ctx.t("for_votes")) }
                    th { (ctx.t("against")) } th { (ctx.t("abstain")) } th { (ctx.t("unmarked")) }
                    th { (ctx.t("adopted")) }
                } }
                tbody { @for c in &t.candidates {
                    @let r = rank.get(c.name.as_str());
                    tr data-adopted=(r.is_some()) class=@if r.is_some() { "adopted" } {
                        td { (c.seq) } td { (c.name) } td.num { (c.for_votes) } td.num { (c.against) }
                        td.num { (c.abstain) } td.num { (c.unmarked) }
                        td { @if let Some(r) = r { "✓ " (r) } }
                    }
                } }
            }
            h3 { (ctx.t("adopted_list")) }
            ol id="adopted" { @for n in &t.adopted { li { (n) } } }
            @if let Some(tie) = &t.tie {
                p.error id="tie" { (ctx.t("tie")) (ctx.lang.pick("：", ": ")) (tie.votes) " · " (tie.candidates.join(ctx.lang.pick("、", ", "))) " · " (tie.seats_left) }
            }
            h3 { (ctx.t("invalid_ballots")) " (" (t.invalid.len()) ")" }
            @if !t.invalid.is_empty() {
                table.grid id="invalid-ballots" {
                    thead { tr { th { "#" } th { (ctx.t("deputy")) } th { (ctx.t("reasons")) } } }
                    tbody { @for b in &t.invalid { tr {
                        td { (b.index + 1) } td { (b.deputy) }
                        td { (b.reasons.iter().map(|r| r.text(ctx.lang)).collect::<Vec<_>>().join(ctx.lang.pick("；", "; "))) }
                    } } }
                }
            }
            @for w in &t.warnings { p.note { (w.text(ctx.lang)) } }
        } @else if !wrong.is_empty() {
            p.note id="tally-waits" { (ctx.t("tally_waits")) }
        } @else {
            p.note { (ctx.t("no_ballots")) }
        }
        h2 { (ctx.t("last_year_progress")) " (" (year - 1) ")" }
        @match &progress {
            None => p.note { (ctx.t("no_ledger")) },
            Some((lines, orphans)) => {
                p {
                    @for s in ProgressState::ALL {
                        @let n = lines.iter().filter(|l| l.state == *s).count();
                        @if n > 0 { span class={ "badge " (state_class(*s)) } { (s.label_in(ctx.lang)) " " (n) } " " }
                    }
                }
                table.grid id="progress" {
                    thead { tr { th { (ctx.t("project")) } th { (ctx.t("target")) } th { (ctx.t("completed_value")) }
                        th { (ctx.t("progress_pct")) } th { (ctx.t("state")) } th { (ctx.t("note")) } } }
                    tbody { @for l in lines { tr data-state=(l.state.label()) {
                        td { (l.name) }
                        td { (l.target_value.map(dec).unwrap_or_default()) " " (l.unit) }
                        td { (l.completed_value.map(dec).unwrap_or_default()) " " (l.unit) }
                        td.num { (l.ratio.map(|r| format!("{}%", (r * rust_decimal::Decimal::ONE_HUNDRED).round_dp(1).normalize())).unwrap_or_default()) }
                        td { span class={ "badge " (state_class(l.state)) } { (l.state.label_in(ctx.lang)) } }
                        td { (l.note) }
                    } } }
                }
                @for o in orphans { p.note { (o) } }
            }
        }
        (import_form(&ctx, "/livelihood/import", &region, year, import_extra))
    };
    let title = format!("{region} {year} {}", ctx.t("livelihood"));
    Ok(render_with(&ctx, wrong.status(), &title, body))
}

pub async fn livelihood_export(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, year, _) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let ledger = planwatch_service::ledgers::load_livelihood(state.data(), &region, year).await?;
    let bytes = ledger
        .write_xlsx()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(xlsx_download(
        bytes,
        &format!("{region}{year}年民生实事.xlsx"),
    ))
}

pub async fn livelihood_import(
    State(state): State<AppState>,
    ctx: PageCtx,
    form: Option<Extension<UploadForm>>,
) -> PageResult<Response> {
    let form = upload_of(form)?;
    let (region, year) = upload_region_year(&form)?;
    let file = form.file("file")?;
    let data = file.data.clone();
    let actor = ctx.viewer.actor();
    let ballots_only = form.text("kind").as_deref() == Some("ballots");
    let result = if ballots_only {
        let stored =
            planwatch_service::ledgers::load_livelihood(state.data(), &region, year).await?;
        if stored.candidates.is_empty() {
            return Err(WebError::Unprocessable(ctx.t("no_ledger").to_string()).into());
        }
        let read = tokio::task::spawn_blocking(move || {
            planwatch_office::read_ballots_xlsx(&data, &stored.candidates)
        })
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
        match read {
            Ok(ballots) => {
                planwatch_service::ledgers::save_ballots(
                    state.data(),
                    &region,
                    year,
                    &ballots,
                    &actor,
                )
                .await?;
                Ok(ballots.len())
            }
            Err(e) => Err(e),
        }
    } else {
        let read = tokio::task::spawn_blocking(move || LivelihoodLedger::read_xlsx(&data))
            .await
            .map_err(|e| WebError::Internal(e.to_string()))?;
        match read {
            Ok(ledger) => {
                planwatch_service::ledgers::save_livelihood(
                    state.data(),
                    &region,
                    year,
                    &ledger,
                    &actor,
                )
                .await?;
                Ok(ledger.candidates.len())
            }
            Err(e) => Err(e),
        }
    };
    match result {
        Ok(n) => Ok(Redirect::to(&format!(
            "/livelihood?region={}&year={year}&imported={n}",
            enc(&region)
        ))
        .into_response()),
        Err(e) => Ok(import_refused(
            &ctx,
            &e,
            &format!("/livelihood?region={}&year={year}", enc(&region)),
        )),
    }
}

fn target_text(t: &Option<tasks::MeasureTarget>) -> String {
    match t {
        None => String::new(),
        Some(t) => match &t.value {
            TargetValue::Number(d) => format!("{}{}", dec(*d), t.unit),
            TargetValue::Text(s) => format!("{s}{}", t.unit),
        },
    }
}

pub async fn tasks_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, year, years) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let list = ListQuery::from(&params)?;
    // The day deadlines are judged at: asked for (`as_of`, or `today` of older links), else
    // the end of the report month — the month the projects page judges at — in the plan year.
    // A filter that cannot be read is said beside its field, which keeps what was typed; the
    // list is then shown without that filter.
    let mut wrong = super::FieldErrors::new(ctx.lang);
    let asked = wrong.read(
        "as_of",
        params
            .str("as_of")
            .or_else(|| params.str("today"))
            .map(|t| {
                PlanDate::parse(t).map_err(|e| {
                    WebError::BadInput(planwatch_domain::Message::new(
                        format!("判断日期应写作年-月-日（如2024-06-30）：{}", e.0),
                        format!(
                            "the date must be written year-month-day (2024-06-30): {}",
                            e.0
                        ),
                    ))
                })
            })
            .transpose(),
    )?;
    let (as_of, asked) = match asked {
        Some(d) => (d, true),
        None => {
            let projects =
                planwatch_service::ledgers::load_projects(state.data(), &region, year).await?;
            let month = planwatch_service::ledgers::report_month(&projects);
            let (y, m, d) = (PlanDate {
                year,
                month,
                day: None,
            })
            .last_day();
            (
                PlanDate::ymd(y, m, d)
                    .ok_or_else(|| WebError::Internal("the report month has no last day".into()))?,
                false,
            )
        }
    };
    let ledger = planwatch_service::ledgers::load_tasks(state.data(), &region, year).await?;
    let lights: HashMap<String, MeasureLight> =
        tasks::deadline_lights(&ledger.measures, as_of, &DeadlineRules::default())
            .into_iter()
            .map(|l| (l.code.clone(), l))
            .collect();
    // Filters: lead department (also matches supporting), status, light.
    let dept = params.str("department").map(str::to_string);
    let unknown = |zh: &str, en: &str, v: &str| {
        WebError::BadInput(planwatch_domain::Message::new(
            format!("没有“{v}”这种{zh}"),
            format!("there is no {en} “{v}”"),
        ))
    };
    let status = wrong.read(
        "status",
        params
            .str("status")
            .map(|v| tasks::TaskStatus::parse(v).ok_or_else(|| unknown("状态", "status", v)))
            .transpose(),
    )?;
    let light = wrong.read(
        "light",
        params
            .str("light")
            .map(|v| super::projects::parse_light(v).ok_or_else(|| unknown("灯号", "light", v)))
            .transpose(),
    )?;
    let departments: std::collections::BTreeSet<&str> = ledger
        .measures
        .iter()
        .flat_map(|m| {
            std::iter::once(m.lead.as_str()).chain(m.supporting.iter().map(String::as_str))
        })
        .filter(|d| !d.is_empty())
        .collect();
    let mut kept: Vec<tasks::Measure> = ledger
        .measures
        .iter()
        .filter(|m| {
            dept.as_deref()
                .is_none_or(|d| m.lead == d || m.supporting.iter().any(|s| s == d))
                && status.is_none_or(|s| m.status == s)
                && light.is_none_or(|l| lights.get(&m.code).map(|x| x.light) == Some(l))
                && list.matches(&format!(
                    "{} {} {} {} {}",
                    m.code, m.area, m.task, m.text, m.lead
                ))
        })
        .cloned()
        .collect();
    sort_measures(&mut kept, list.sort_key(), &lights)?;
    let tree = tasks::tree(list.slice(&kept));
    let all = ctx.t("all");
    let picker_extra = html! {
        (list.hidden_list_fields())
        label { (ctx.t("as_of_date")) " "
            @if wrong.has("as_of") {
                input type="text" name="as_of" aria-invalid="true" value=(params.str("as_of").or_else(|| params.str("today")).unwrap_or(""));
            } @else {
                input type="date" name="as_of" value=(today_iso(as_of));
            }
            (wrong.beside("as_of"))
        }
        label {
            (ctx.t("department")) " "
            select name="department" {
                option value="" selected[dept.is_none()] { (all) }
                @for d in &departments { option value=(d) selected[dept.as_deref() == Some(*d)] { (d) } }
            }
        }
        label {
            (ctx.t("status")) " "
            select name="status" {
                option value="" selected[status.is_none()] { (all) }
                @for s in tasks::TaskStatus::ALL { option value=(s.label()) selected[status == Some(*s)] { (s.label_in(ctx.lang)) } }
            }
            (wrong.beside("status"))
        }
        label {
            (ctx.t("light")) " "
            select name="light" {
                option value="" selected[light.is_none()] { (all) }
                @for l in [Light::Green, Light::Yellow, Light::Red] {
                    option value=(light_class(l)) selected[light == Some(l)] { (l.label_in(ctx.lang)) }
                }
            }
            (wrong.beside("light"))
        }
    };
    let counts = tasks::status_counts(&ledger.measures);
    let export = format!("/tasks/export.xlsx?region={}&year={year}", enc(&region));
    let lang = ctx.lang;
    let as_of_text = today_iso(as_of);
    let body: Markup = html! {
        (year_picker(&ctx, "/tasks", &region, Some(year), &years, picker_extra))
        p.note id="as-of" data-as-of=(as_of_text) data-default=(!asked) {
            @match (lang, asked) {
                (crate::i18n::Lang::Zh, false) => { "完成时限按" (as_of_text) "判断：报表月份的月末，与重点项目页相同。" }
                (crate::i18n::Lang::Zh, true) => { "完成时限按所选日期" (as_of_text) "判断。" }
                (crate::i18n::Lang::En, false) => { "Deadlines judged at " (as_of_text) ": the end of the report month, as on the projects page." }
                (crate::i18n::Lang::En, true) => { "Deadlines judged at the chosen date, " (as_of_text) "." }
            }
        }
        (import_form(&ctx, "/tasks/import", &region, year, html! {}))
        @if ledger.measures.is_empty() {
            p.note { (ctx.t("no_ledger")) }
        } @else {
            p { a.button href=(export) { (ctx.t("export_xlsx")) } }
            (list.search_form(lang, "/tasks", lang.pick("编号、任务、措施或牵头单位", "code, task, measure or lead")))
            p.note.sort-by {
                (lang.pick("排序：", "Sort: "))
                (list.sort_link("/tasks", "code", ctx.t("code"))) " · "
                (list.sort_link("/tasks", "deadline", ctx.t("deadline"))) " · "
                (list.sort_link("/tasks", "status", ctx.t("status"))) " · "
                (list.sort_link("/tasks", "light", ctx.t("light")))
            }
            p.note id="shown-count" data-count=(kept.len()) { (kept.len()) " / " (ledger.measures.len()) }
            @if kept.is_empty() { p.note id="filter-empty" { (ctx.t("filter_empty")) } }
            p id="task-counts" {
                @for (s, n) in &counts { @if *n > 0 { span.badge { (s.label_in(lang)) " " (n) } " " } }
            }
            @for area in &tree {
                section.area {
                    h2 { (area.name) }
                    @for task in &area.tasks {
                        h3 { (task.name) }
                        table.grid.tasks {
                            thead { tr {
                                th { (ctx.t("code")) } th { (ctx.t("measure")) } th { (ctx.t("target")) }
                                th { (ctx.t("lead")) } th { (ctx.t("supporting")) } th { (ctx.t("deadline")) }
                                th { (ctx.t("status")) } th { (ctx.t("light")) } th { (ctx.t("progress_notes")) }
                            } }
                            tbody { @for m in &task.measures {
                                @let l = lights.get(&m.code);
                                tr data-code=(m.code) data-light=(l.map(|l| light_class(l.light)).unwrap_or("")) {
                                    td { (m.code) } td { (m.text) } td { (target_text(&m.target)) }
                                    td { (m.lead) } td { (m.supporting.join(lang.pick("、", ", "))) }
                                    td { (m.deadline.as_ref().map(ToString::to_string).unwrap_or_default()) }
                                    td { (m.status.label_in(lang)) }
                                    td { @if let Some(l) = l {
                                        (light_badge(ctx.lang, l.light))
                                        @for r in &l.reasons { div.why { (r.text(lang)) } }
                                    } }
                                    td { @for n in &m.progress { div { (n.text(lang)) } } }
                                }
                            } }
                        }
                    }
                }
            }
            (list.pager(lang, "/tasks", kept.len()))
        }
    };
    let title = format!("{region} {year} {}", ctx.t("tasks"));
    Ok(render_with(&ctx, wrong.status(), &title, body))
}

/// Sorts the kept measures (`-key` descending); the list's own order when no sort is asked.
fn sort_measures(
    kept: &mut [tasks::Measure],
    sort: Option<(&str, bool)>,
    lights: &HashMap<String, MeasureLight>,
) -> Result<(), WebError> {
    let Some((key, desc)) = sort else {
        return Ok(());
    };
    let light = |m: &tasks::Measure| lights.get(&m.code).map(|l| l.light);
    // Measures without a dated deadline sort after every dated one.
    let left = |m: &tasks::Measure| {
        lights
            .get(&m.code)
            .and_then(|l| l.days_left)
            .unwrap_or(i64::MAX)
    };
    match key {
        "code" => kept.sort_by(|a, b| a.code.cmp(&b.code)),
        "deadline" => kept.sort_by_key(left),
        "status" => kept.sort_by_key(|m| m.status),
        "light" => kept.sort_by_key(light),
        other => {
            return Err(WebError::BadRequest(format!(
                "cannot sort measures by {other:?}: code, deadline, status or light"
            )));
        }
    }
    if desc {
        kept.reverse();
    }
    Ok(())
}

fn today_iso(d: PlanDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day.unwrap_or(1))
}

pub async fn tasks_export(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, year, _) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let ledger = planwatch_service::ledgers::load_tasks(state.data(), &region, year).await?;
    let bytes = ledger
        .write_xlsx()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(xlsx_download(
        bytes,
        &format!("{region}{year}年重点任务.xlsx"),
    ))
}

pub async fn tasks_import(
    State(state): State<AppState>,
    ctx: PageCtx,
    form: Option<Extension<UploadForm>>,
) -> PageResult<Response> {
    let form = upload_of(form)?;
    let (region, year) = upload_region_year(&form)?;
    let data = form.file("file")?.data.clone();
    let read = tokio::task::spawn_blocking(move || TaskLedger::read_xlsx(&data, year))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    match read {
        Ok(ledger) => {
            planwatch_service::ledgers::save_tasks(
                state.data(),
                &region,
                year,
                &ledger,
                &ctx.viewer.actor(),
            )
            .await?;
            Ok(Redirect::to(&format!(
                "/tasks?region={}&year={year}&imported={}",
                enc(&region),
                ledger.measures.len()
            ))
            .into_response())
        }
        Err(e) => Ok(import_refused(
            &ctx,
            &e,
            &format!("/tasks?region={}&year={year}", enc(&region)),
        )),
    }
}
