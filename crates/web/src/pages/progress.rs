//! 进展填报 and 进展审核: a department reports on the ledger items it is responsible for — a key
//! project's monthly completed investment, start, completion and note; a key-task measure's
//! quarterly note and status; an adopted livelihood project's value and completion — as a
//! draft or for review; the DRC approves (the entry is applied to the ledger, so lights,
//! figures and report paragraphs follow) or returns it with a reason. Every step is in the
//! audit trail. The use cases are `planwatch_service::progress`; this module only shows them.

use super::{PageCtx, region_year, render, render_with};
use crate::AppState;
use crate::auth::CSRF_FIELD;
use crate::error::{PageResult, WebError};
use crate::i18n::{Lang, submission_label};
use crate::progress_input::{self, FieldError, review_decision};
use crate::util::{Params, enc};
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use planwatch_domain::tasks::TaskStatus;
use planwatch_service::progress::{
    self as service, EntryKind, EntryPayload, EntryRecord, EntryTarget, Item,
};
use planwatch_store::SubmissionStatus;
use planwatch_store::progress::EntryFilter;
use std::collections::{BTreeSet, HashMap};

pub fn kind_label(lang: Lang, kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Project => lang.pick("重点项目", "Key project"),
        EntryKind::Task => lang.pick("重点任务", "Key task"),
        EntryKind::Livelihood => lang.pick("民生实事", "Livelihood project"),
    }
}

/// A month or quarter as the entry's kind names it: `1-5月` / `Jan–May` for a project's
/// cumulative figure, `5月` / `May` for a livelihood project, `二季度` / `Q2` for a task.
pub fn period_text(lang: Lang, kind: EntryKind, period: u8) -> String {
    const QUARTERS: [&str; 4] = ["一季度", "二季度", "三季度", "四季度"];
    match (kind, lang) {
        (EntryKind::Task, Lang::Zh) => QUARTERS
            .get(usize::from(period).wrapping_sub(1))
            .copied()
            .unwrap_or("")
            .to_string(),
        (EntryKind::Task, Lang::En) => format!("Q{period}"),
        (EntryKind::Project, _) => {
            crate::i18n::period_label(lang, planwatch_store::Period::Month(period))
        }
        (EntryKind::Livelihood, Lang::Zh) => format!("{period}月"),
        (EntryKind::Livelihood, Lang::En) => planwatch_domain::lang::MONTHS_EN
            .get(usize::from(period).wrapping_sub(1))
            .copied()
            .unwrap_or("")
            .to_string(),
    }
}

/// The period a form opens on when none is asked for: the last month (or quarter) that has
/// ended in the plan year — departments report a month after it ends — December (Q4) for a
/// past year, January (Q1) for a future one. Returns the period and whether it was the default.
pub fn default_period(kind: EntryKind, year: i32, today: (i32, u8, u8)) -> u8 {
    let (y, m, _) = today;
    let month = match year.cmp(&y) {
        std::cmp::Ordering::Less => 12,
        std::cmp::Ordering::Greater => 1,
        std::cmp::Ordering::Equal => m.saturating_sub(1).max(1),
    };
    match kind {
        EntryKind::Task => month.div_ceil(3),
        EntryKind::Project | EntryKind::Livelihood => month,
    }
}

fn parse_kind(s: &str) -> Result<EntryKind, WebError> {
    EntryKind::parse(s).ok_or_else(|| {
        WebError::NotFound(format!(
            "entry kind {s:?} (use project, task or livelihood)"
        ))
    })
}

fn parse_period(kind: EntryKind, text: Option<&str>) -> Result<Option<u8>, WebError> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    match t.parse::<u8>() {
        Ok(p) if (1..=kind.max_period()).contains(&p) => Ok(Some(p)),
        _ => Err(WebError::BadRequest(format!(
            "period must be 1..{}, not {t:?}",
            kind.max_period()
        ))),
    }
}

/// The reporter's department (entries are scoped to it); `None` for the DRC.
fn scope(ctx: &PageCtx) -> Option<String> {
    ctx.viewer.confined_to()
}

pub fn item_href(region: &str, year: i32, kind: EntryKind, key: &str) -> String {
    format!(
        "/progress/{}/{}?region={}&year={year}",
        kind.as_str(),
        enc(key),
        enc(region)
    )
}

/// What an item stands at, in one line.
fn item_state(lang: Lang, item: &Item) -> String {
    use super::projects::dec;
    match item {
        Item::Project { project, history } => {
            let latest = history.iter().max_by_key(|m| m.month);
            let done = latest.map_or(project.completed, |m| m.cumulative_completed);
            let when = latest.map(|m| period_text(lang, EntryKind::Project, m.month));
            match lang {
                Lang::Zh => format!(
                    "{}{}完成{}亿元 / 年度计划{}亿元 · {}",
                    when.unwrap_or_default(),
                    if latest.is_some() { "累计" } else { "" },
                    dec(done),
                    dec(project.annual_plan),
                    project.status.label()
                ),
                Lang::En => format!(
                    "{} of {} (100 million yuan) done{} · {}",
                    dec(done),
                    dec(project.annual_plan),
                    when.map(|w| format!(" by {w}")).unwrap_or_default(),
                    project.status.label()
                ),
            }
        }
        Item::Task { measure } => {
            let status = measure.status.label_in(lang);
            match measure.progress.last() {
                Some(n) => format!("{status} · {}", n.note),
                None => status.to_string(),
            }
        }
        Item::Livelihood {
            candidate,
            progress,
        } => {
            let v = progress
                .as_ref()
                .and_then(|p| p.completed_value)
                .map(dec)
                .unwrap_or_else(|| "—".into());
            let t = candidate
                .target_value
                .map(dec)
                .unwrap_or_else(|| "—".into());
            let note = progress.as_ref().map(|p| p.note.as_str()).unwrap_or("");
            format!("{v} / {t}{} {note}", candidate.unit)
        }
    }
}

fn status_chip(lang: Lang, s: SubmissionStatus) -> Markup {
    html! { span class={ "sub " (s.as_str()) } { (entry_status_label(lang, s)) } }
}

/// An entry's status: approved entries are applied, not locked (a later entry corrects them).
pub fn entry_status_label(lang: Lang, s: SubmissionStatus) -> &'static str {
    match s {
        SubmissionStatus::Approved => lang.pick("已审核（已生效）", "Approved (applied)"),
        other => submission_label(lang, other),
    }
}

fn summary_text(lang: Lang, e: &EntryRecord) -> String {
    match EntryPayload::of(e) {
        Ok(p) => p.summary(e).text(lang).to_string(),
        Err(_) => e.summary.clone(),
    }
}

/// 进展填报: the items the viewer reports on, with where each stands and its latest entry.
pub async fn progress_index(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let lang = ctx.lang;
    let (region, year, years) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let mine = scope(&ctx);
    let asked = params.str("department").map(str::to_string);
    let department = mine.clone().or(asked);
    let kind = params.str("kind").map(parse_kind).transpose()?;
    let all_items = service::items(state.db(), &region, year, mine.as_deref()).await?;
    let departments: BTreeSet<&str> = all_items.iter().map(Item::department).collect();
    let items: Vec<&Item> = all_items
        .iter()
        .filter(|i| department.as_deref().is_none_or(|d| i.department() == d))
        .filter(|i| kind.is_none_or(|k| i.kind() == k))
        .collect();
    let entries = service::entries(
        state.db(),
        &EntryFilter {
            region: Some(region.clone()),
            year: Some(year),
            department: department.clone(),
            ..Default::default()
        },
    )
    .await?;
    // Newest change first: the first entry of an item is its latest.
    let mut latest: HashMap<(EntryKind, &str), &EntryRecord> = HashMap::new();
    for e in &entries {
        latest.entry((e.kind, e.item_key.as_str())).or_insert(e);
    }
    let waiting = entries
        .iter()
        .filter(|e| e.status == SubmissionStatus::Submitted)
        .count();
    let returned = entries
        .iter()
        .filter(|e| e.status == SubmissionStatus::Returned)
        .count();
    let all = ctx.t("all");
    let picker = html! {
        form.picker method="get" action="/progress" {
            input type="hidden" name="region" value=(region);
            label { (ctx.t("region")) " " strong { (region) } }
            label { (ctx.t("year")) " "
                select name="year" { @for y in &years { option value=(y) selected[*y == year] { (y) } } } }
            @if mine.is_none() {
                label { (ctx.t("department")) " "
                    select name="department" {
                        option value="" selected[department.is_none()] { (all) }
                        @for d in &departments { option value=(d) selected[department.as_deref() == Some(*d)] { (d) } }
                    }
                }
            }
            label { (lang.pick("类型", "Kind")) " "
                select name="kind" {
                    option value="" selected[kind.is_none()] { (all) }
                    @for k in EntryKind::ALL { option value=(k.as_str()) selected[kind == Some(k)] { (kind_label(lang, k)) } }
                }
            }
            button type="submit" { (ctx.t("show")) }
        }
    };
    let queue = format!("/progress/queue?region={}&year={year}", enc(&region));
    let body = html! {
        (picker)
        p.note {
            @match &mine {
                Some(d) => { (lang.pick("本页列出由", "Items ")) strong { (d) } (lang.pick("负责填报的事项。", " reports on.")) }
                None => { (lang.pick("各部门负责填报的重点项目、重点任务和民生实事。", "Key projects, key tasks and livelihood projects, by the department that reports on them.")) }
            }
            " "
            (lang.pick("待审核", "Awaiting review")) " " strong id="waiting-count" { (waiting) }
            " · " (lang.pick("已退回", "Returned")) " " strong { (returned) }
            @if ctx.viewer.has(crate::auth::QUEUE) { " · " a href=(queue) { (lang.pick("进展审核", "Review progress")) } }
        }
        @if items.is_empty() {
            p.note { (lang.pick("没有需要填报的事项。", "Nothing to report on.")) }
        } @else {
            table.grid id="progress-items" {
                thead { tr {
                    th { (lang.pick("类型", "Kind")) } th { (lang.pick("事项", "Item")) }
                    th { (ctx.t("responsible_unit")) } th { (lang.pick("当前情况", "Where it stands")) }
                    th { (lang.pick("最近填报", "Latest entry")) } th {}
                } }
                tbody {
                    @for i in &items {
                        @let last = latest.get(&(i.kind(), i.key()));
                        tr data-kind=(i.kind().as_str()) data-key=(i.key()) {
                            td { (kind_label(lang, i.kind())) }
                            td { (i.name()) }
                            td { (i.department()) }
                            td { (item_state(lang, i)) }
                            td {
                                @if let Some(e) = last {
                                    (status_chip(lang, e.status)) " " (period_text(lang, e.kind, e.period))
                                    div.small { (summary_text(lang, e)) }
                                    @if let Some(c) = &e.comment { div.comment { (ctx.t("comment")) "：" (c) } }
                                }
                            }
                            td { a.button href=(item_href(&region, year, i.kind(), i.key())) { (lang.pick("填报", "Report")) } }
                        }
                    }
                }
            }
        }
    };
    let title = format!(
        "{region} {year} {}",
        lang.pick("进展填报", "Progress reports")
    );
    Ok(render(&ctx, &title, body).into_response())
}

/// What the item page shows besides the item: the period, posted values and errors.
struct ItemForm {
    region: String,
    year: i32,
    kind: EntryKind,
    key: String,
    period: u8,
    defaulted: bool,
    posted: Option<HashMap<String, String>>,
    error: Option<FieldError>,
    saved: bool,
}

fn input_row(
    ctx: &PageCtx,
    name: &str,
    label: &str,
    error: Option<&FieldError>,
    control: Markup,
) -> Markup {
    let bad = error.filter(|e| e.field == name);
    html! {
        div class=@if bad.is_some() { "field has-error" } @else { "field" } {
            label for=(name) { (label) }
            (control)
            @if let Some(e) = bad { div.error id={ "error-" (name) } { (e.text(ctx.lang)) } }
        }
    }
}

fn entry_fields(
    ctx: &PageCtx,
    kind: EntryKind,
    values: &HashMap<String, String>,
    error: Option<&FieldError>,
) -> Markup {
    let lang = ctx.lang;
    let v = |k: &str| values.get(k).cloned().unwrap_or_default();
    let text = |name: &'static str, label: &str, hint: &str| {
        let value = v(name);
        input_row(
            ctx,
            name,
            label,
            error,
            html! {
                input type="text" id=(name) name=(name) value=(value) placeholder=(hint);
            },
        )
    };
    let area = |name: &'static str, label: &str| {
        let value = v(name);
        input_row(
            ctx,
            name,
            label,
            error,
            html! {
                textarea id=(name) name=(name) rows="3" { (value) }
            },
        )
    };
    match kind {
        EntryKind::Project => html! {
            (text("completed", lang.pick("1-本月累计完成投资（亿元）", "Investment completed so far (100 million yuan)"), "1.6"))
            (text("image_progress", lang.pick("形象进度", "On site"), ""))
            (text("started_on", lang.pick("开工日期", "Started on"), "2024-05-12"))
            (text("completed_on", lang.pick("竣工日期", "Completed on"), ""))
            (area("note", lang.pick("进展情况说明", "Progress note")))
        },
        EntryKind::Task => {
            let chosen = progress_input::task_status(&v("status"));
            html! {
                (area("note", lang.pick("本季度进展情况", "This quarter's progress")))
                (input_row(ctx, "status", lang.pick("任务状态", "Status"), error, html! {
                    select id="status" name="status" {
                        option value="" selected[chosen.is_none()] { (lang.pick("（不变）", "(unchanged)")) }
                        @for s in TaskStatus::ALL {
                            option value=(s.label()) selected[chosen == Some(*s)] {
                                (s.label_in(lang))
                            }
                        }
                    }
                }))
            }
        }
        EntryKind::Livelihood => {
            let done = !v("done").is_empty() && v("done") != "0";
            html! {
                (text("completed_value", lang.pick("完成值", "Value completed"), ""))
                (area("note", lang.pick("完成情况说明", "Note")))
                (input_row(ctx, "done", lang.pick("已全部完成", "Finished"), error, html! {
                    input type="checkbox" id="done" name="done" value="1" checked[done];
                }))
            }
        }
    }
}

fn item_facts(ctx: &PageCtx, item: &Item) -> Markup {
    use super::projects::dec;
    let lang = ctx.lang;
    let date = |d: Option<planwatch_domain::projects::PlanDate>| {
        d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
    };
    let rows: Vec<(&str, String)> = match item {
        Item::Project { project: p, .. } => vec![
            (ctx.t("code"), p.code.clone()),
            (ctx.t("phase"), p.phase.label().into()),
            (ctx.t("build_status"), p.status.label().into()),
            (ctx.t("total_investment"), dec(p.total_investment)),
            (ctx.t("annual_plan"), dec(p.annual_plan)),
            (ctx.t("completed"), dec(p.completed)),
            (ctx.t("planned_start"), date(p.planned_start)),
            (ctx.t("actual_start"), date(p.actual_start)),
            (ctx.t("actual_completion"), date(p.actual_completion)),
            (ctx.t("progress_note"), p.progress_note.clone()),
        ],
        Item::Task { measure: m } => vec![
            (ctx.t("code"), m.code.clone()),
            (lang.pick("任务", "Task"), m.task.clone()),
            (
                ctx.t("deadline"),
                m.deadline
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ),
            (ctx.t("status"), m.status.label().into()),
            (
                ctx.t("progress_notes"),
                planwatch_domain::tasks::format_progress_notes(&m.progress),
            ),
        ],
        Item::Livelihood {
            candidate: c,
            progress,
        } => vec![
            (lang.pick("目标任务", "Target"), c.target_task.clone()),
            (
                lang.pick("目标值", "Target value"),
                c.target_value
                    .map(|t| format!("{}{}", dec(t), c.unit))
                    .unwrap_or_default(),
            ),
            (
                lang.pick("完成值", "Completed"),
                progress
                    .as_ref()
                    .and_then(|p| p.completed_value)
                    .map(|v| format!("{}{}", dec(v), c.unit))
                    .unwrap_or_else(|| "—".into()),
            ),
            (
                lang.pick("完成情况说明", "Note"),
                progress
                    .as_ref()
                    .map(|p| p.note.clone())
                    .unwrap_or_default(),
            ),
        ],
    };
    html! {
        table.grid id="item-facts" {
            tbody {
                tr { th { (ctx.t("responsible_unit")) } td { (item.department()) } }
                @for (k, v) in &rows { tr { th { (k) } td { (v) } } }
            }
        }
    }
}

async fn render_item(
    state: &AppState,
    ctx: &PageCtx,
    form: ItemForm,
    status: StatusCode,
) -> PageResult<Response> {
    let lang = ctx.lang;
    let item = service::item(state.db(), &form.region, form.year, form.kind, &form.key).await?;
    if !ctx.viewer.may_enter_for(item.department()) {
        return Err(WebError::Forbidden(item.department().to_string()).into());
    }
    let entries = service::entries(
        state.db(),
        &EntryFilter {
            region: Some(form.region.clone()),
            year: Some(form.year),
            kind: Some(form.kind),
            item_key: Some(form.key.clone()),
            ..Default::default()
        },
    )
    .await?;
    let open = entries
        .iter()
        .find(|e| e.period == form.period && e.status != SubmissionStatus::Approved);
    let values: HashMap<String, String> = match (&form.posted, open) {
        (Some(p), _) => p.clone(),
        (None, Some(e)) => EntryPayload::of(e)
            .map(|p| {
                progress_input::form_values(&p)
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect()
            })
            .unwrap_or_default(),
        (None, None) => HashMap::new(),
    };
    let editable = open.is_none_or(|e| e.status.is_editable());
    let here = item_href(&form.region, form.year, form.kind, &form.key);
    let periods: Vec<u8> = (1..=form.kind.max_period()).collect();
    let body = html! {
        p { a href={ "/progress?region=" (enc(&form.region)) "&year=" (form.year) } { "← " (ctx.t("back")) } }
        (item_facts(ctx, &item))
        form.picker method="get" action={ "/progress/" (form.kind.as_str()) "/" (enc(&form.key)) } {
            input type="hidden" name="region" value=(form.region);
            input type="hidden" name="year" value=(form.year);
            label { (lang.pick("所报期间", "Period reported")) " "
                select name="period" id="period-picker" {
                    @for p in &periods { option value=(p) selected[*p == form.period] { (period_text(lang, form.kind, *p)) } }
                }
            }
            button type="submit" { (ctx.t("show")) }
        }
        p.note id="period-note" {
            (lang.pick("正在填报：", "Reporting: ")) strong { (form.year) " " (period_text(lang, form.kind, form.period)) }
            @if form.defaulted { " " (lang.pick("（默认为最近结束的月份或季度）", "(by default the latest month or quarter that has ended)")) }
        }
        @if form.saved { p.ok id="saved" { (ctx.t("saved")) } }
        @if let Some(e) = &form.error {
            p.error id="entry-error" { (e.text(lang)) }
        }
        @if let Some(e) = open {
            p { (status_chip(lang, e.status)) " " (summary_text(lang, e)) " · " (e.created_by) " · " (ctx.time(e.updated_at))
                @if let Some(c) = &e.comment { div.comment { (ctx.t("comment")) "：" (c) } } }
        }
        @if editable {
            form.entry.progress method="post" action=(here) id="progress-form" {
                input type="hidden" name=(CSRF_FIELD) value=(ctx.form_token);
                input type="hidden" name="period" value=(form.period);
                @if let Some(e) = open { input type="hidden" name="version" value=(e.version); }
                (entry_fields(ctx, form.kind, &values, form.error.as_ref()))
                div.actions {
                    button type="submit" name="action" value="draft" id="save-draft" { (ctx.t("save_draft")) }
                    button.primary type="submit" name="action" value="submit" id="submit-entry" { (ctx.t("submit")) }
                }
            }
        } @else {
            p.note { (ctx.t("under_review")) }
        }
        h2 { (lang.pick("填报记录", "Entries")) }
        @if entries.is_empty() { p.note { (ctx.t("none")) } } @else {
            (entries_table(ctx, &entries, false))
        }
    };
    let title = format!(
        "{} · {}",
        item.name(),
        lang.pick("进展填报", "Progress report")
    );
    Ok(render_with(ctx, status, &title, body))
}

fn entries_table(ctx: &PageCtx, entries: &[EntryRecord], with_item: bool) -> Markup {
    let lang = ctx.lang;
    html! {
        table.grid.entries {
            thead { tr {
                @if with_item { th { (lang.pick("事项", "Item")) } th { (ctx.t("responsible_unit")) } }
                th { (lang.pick("期间", "Period")) } th { (lang.pick("填报内容", "Entry")) } th { (ctx.t("status")) }
                th { (ctx.t("submitted_by")) } th { (ctx.t("reviewed_by")) } th { (ctx.t("comment")) } th { (ctx.t("updated")) }
            } }
            tbody {
                @for e in entries {
                    tr data-entry=(e.id) data-status=(e.status.as_str()) {
                        @if with_item {
                            td { a href=(item_href(&e.region, e.year, e.kind, &e.item_key)) { (kind_label(lang, e.kind)) " " (e.item_key) } }
                            td { (e.department) }
                        }
                        td { (period_text(lang, e.kind, e.period)) }
                        td { (summary_text(lang, e)) }
                        td { (status_chip(lang, e.status)) }
                        td { (e.created_by) }
                        td { (e.reviewed_by.as_deref().unwrap_or("")) }
                        td { (e.comment.as_deref().unwrap_or("")) }
                        td { (ctx.time(e.updated_at)) }
                    }
                }
            }
        }
    }
}

/// One item's form for a period, with its entries.
pub async fn progress_item(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((kind, key)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let kind = parse_kind(&kind)?;
    let (region, year, _) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let asked = parse_period(kind, params.str("period"))?;
    let period = asked.unwrap_or_else(|| default_period(kind, year, ctx.tz.today()));
    render_item(
        &state,
        &ctx,
        ItemForm {
            region,
            year,
            kind,
            key,
            period,
            defaulted: asked.is_none(),
            posted: None,
            error: None,
            saved: params.str("saved").is_some(),
        },
        StatusCode::OK,
    )
    .await
}

/// Saves (or submits) an entry for one item and period.
pub async fn progress_save(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((kind, key)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    Form(posted): Form<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let kind = parse_kind(&kind)?;
    let (region, year, _) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let period = parse_period(kind, posted.get("period").map(String::as_str))?
        .ok_or_else(|| WebError::BadRequest("period missing".into()))?;
    let submit = match posted.get("action").map(String::as_str) {
        Some("submit") => true,
        Some("draft") | None => false,
        Some(other) => return Err(WebError::BadRequest(format!("unknown action {other:?}")).into()),
    };
    let version = posted
        .get("version")
        .and_then(|v| v.trim().parse::<i64>().ok());
    let refused = |error: FieldError| ItemForm {
        region: region.clone(),
        year,
        kind,
        key: key.clone(),
        period,
        defaulted: false,
        posted: Some(posted.clone()),
        error: Some(error),
        saved: false,
    };
    let payload = match progress_input::payload(kind, &|k| posted.get(k).cloned()) {
        Ok(p) => p,
        Err(e) => {
            return render_item(&state, &ctx, refused(e), StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let saved = service::save_entry(
        state.db(),
        EntryTarget {
            region: &region,
            year,
            key: &key,
            period,
        },
        &payload,
        submit,
        version,
        scope(&ctx).as_deref(),
        &ctx.viewer.actor(),
    )
    .await;
    match saved.map_err(FieldError::from_service) {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}&period={period}&saved=1",
            item_href(&region, year, kind, &key)
        ))
        .into_response()),
        Err(Ok(e)) => render_item(&state, &ctx, refused(e), StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(Err(e)) => Err(e.into()),
    }
}

/// 进展审核: entries awaiting review (the DRC approves or returns them), then recent decisions.
pub async fn progress_queue(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let lang = ctx.lang;
    let (region, year, years) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let all = service::entries(
        state.db(),
        &EntryFilter {
            region: Some(region.clone()),
            year: Some(year),
            ..Default::default()
        },
    )
    .await?;
    let names: HashMap<(EntryKind, String), String> =
        service::items(state.db(), &region, year, None)
            .await?
            .iter()
            .map(|i| ((i.kind(), i.key().to_string()), i.name().to_string()))
            .collect();
    let (waiting, done): (Vec<&EntryRecord>, Vec<&EntryRecord>) = all
        .iter()
        .filter(|e| e.status != SubmissionStatus::Draft)
        .partition(|e| e.status == SubmissionStatus::Submitted);
    let decided: Vec<EntryRecord> = done.into_iter().take(50).cloned().collect();
    let admin = ctx.viewer.is_admin();
    let body = html! {
        (super::year_picker(&ctx, "/progress/queue", &region, Some(year), &years, html! {}))
        @if let Some(id) = params.str("done") { p.ok { (lang.pick("已处理填报 #", "Decided entry #")) (id) } }
        h2 { (lang.pick("待审核", "Awaiting review")) " (" (waiting.len()) ")" }
        @if waiting.is_empty() { p.note { (ctx.t("none")) } } @else {
            table.grid id="progress-queue" {
                thead { tr {
                    th { (lang.pick("事项", "Item")) } th { (ctx.t("responsible_unit")) } th { (lang.pick("期间", "Period")) }
                    th { (lang.pick("填报内容", "Entry")) } th { (ctx.t("submitted_by")) } th { (ctx.t("updated")) } th {}
                } }
                tbody {
                    @for e in &waiting {
                        tr data-entry=(e.id) data-key=(e.item_key) {
                            td { a href=(item_href(&e.region, e.year, e.kind, &e.item_key)) {
                                (kind_label(lang, e.kind)) " · " (names.get(&(e.kind, e.item_key.clone())).map(String::as_str).unwrap_or(&e.item_key)) } }
                            td { (e.department) }
                            td { (period_text(lang, e.kind, e.period)) }
                            td { (summary_text(lang, e)) }
                            td { (e.created_by) }
                            td { (ctx.time(e.updated_at)) }
                            td {
                                @if admin {
                                    form.inline method="post" action={ "/progress/entries/" (e.id) "/review" } {
                                        input type="hidden" name=(CSRF_FIELD) value=(ctx.form_token);
                                        input type="hidden" name="version" value=(e.version);
                                        input type="text" name="comment" size="16" placeholder=(ctx.t("comment"));
                                        button.primary type="submit" name="decision" value="approve" { (ctx.t("approve")) }
                                        button type="submit" name="decision" value="return" { (ctx.t("return")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { (ctx.t("recent")) }
        @if decided.is_empty() { p.note { (ctx.t("none")) } } @else { (entries_table(&ctx, &decided, true)) }
    };
    let title = format!(
        "{region} {year} {}",
        lang.pick("进展审核", "Progress review")
    );
    Ok(render(&ctx, &title, body).into_response())
}

/// Approves (applying the entry to its ledger) or returns one entry.
pub async fn progress_review(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> PageResult<Response> {
    let id: i64 = id
        .parse()
        .map_err(|_| WebError::BadRequest(format!("entry id {id:?} is not a number")))?;
    let decision = review_decision(
        ctx.lang,
        f.get("decision").map(String::as_str),
        f.get("comment").map(String::as_str),
    )?;
    let version = f.get("version").and_then(|v| v.trim().parse::<i64>().ok());
    let record = service::review_entry(state.db(), id, &decision, version, &ctx.viewer.actor())
        .await
        .map_err(|e| match FieldError::from_service(e) {
            // The item moved on since the entry was made and the entry no longer fits it.
            Ok(refusal) => WebError::Unprocessable(refusal.text(ctx.lang).to_string()),
            Err(e) => e.into(),
        })?;
    Ok(Redirect::to(&format!(
        "/progress/queue?region={}&year={}&done={id}",
        enc(&record.region),
        record.year
    ))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_period_is_the_latest_that_has_ended() {
        assert_eq!(default_period(EntryKind::Project, 2024, (2024, 6, 3)), 5);
        assert_eq!(default_period(EntryKind::Task, 2024, (2024, 6, 3)), 2);
        assert_eq!(default_period(EntryKind::Task, 2024, (2024, 4, 3)), 1);
        assert_eq!(default_period(EntryKind::Livelihood, 2024, (2024, 1, 9)), 1);
        assert_eq!(default_period(EntryKind::Project, 2024, (2026, 12, 2)), 12);
        assert_eq!(default_period(EntryKind::Task, 2024, (2026, 12, 2)), 4);
        assert_eq!(default_period(EntryKind::Project, 2027, (2026, 12, 2)), 1);
    }

    #[test]
    fn periods_read_as_each_kind_names_them() {
        assert_eq!(period_text(Lang::Zh, EntryKind::Project, 5), "1-5月");
        assert_eq!(period_text(Lang::Zh, EntryKind::Task, 2), "二季度");
        assert_eq!(period_text(Lang::En, EntryKind::Task, 2), "Q2");
        assert_eq!(period_text(Lang::Zh, EntryKind::Livelihood, 5), "5月");
        assert!(parse_period(EntryKind::Task, Some("5")).is_err());
        assert_eq!(
            parse_period(EntryKind::Project, Some("12")).ok(),
            Some(Some(12))
        );
        assert_eq!(parse_period(EntryKind::Project, None).ok(), Some(None));
    }
}
