//! 数据填报 and 填报审核: a department's reporter proposes figures for its own indicators (the
//! year's actual or a monthly cumulative figure), saves drafts, submits; the DRC approves (the
//! value is applied with version check and audit, and locked) or returns with a comment.

use super::{PageCtx, indicator_href, region_year, render, render_with, status_badge};
use crate::AppState;
use crate::auth::CSRF_FIELD;
use crate::error::{PageResult, WebError};
use crate::i18n::{period_label, submission_label};
use crate::util::{Params, enc};
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use planwatch_domain::Message;
use planwatch_domain::{Plan, PlanIndicator, Status, judge};
use planwatch_store::accounts::{
    ReviewDecision, SubmissionAction, SubmissionFilter, SubmissionInput,
};
use planwatch_store::{Period, SubmissionRecord, SubmissionStatus};
use std::collections::{BTreeMap, HashMap, HashSet};

/// `annual` or a month number.
pub fn parse_period(s: Option<&str>) -> Result<Period, WebError> {
    match s.map(str::trim) {
        None | Some("") | Some("annual") | Some("0") => Ok(Period::Annual),
        Some(m) => match m.parse::<u8>() {
            Ok(m) if (1..=12).contains(&m) => Ok(Period::Month(m)),
            _ => Err(WebError::BadInput(Message::new(
                format!("填报期应为全年或1至12月，而不是“{m}”"),
                format!("period must be `annual` or 1..12, not {m:?}"),
            ))),
        },
    }
}

fn period_param(p: Period) -> String {
    match p {
        Period::Annual => "annual".into(),
        Period::Month(m) => m.to_string(),
    }
}

fn department_indicators<'a>(plan: &'a Plan, department: &str) -> Vec<&'a PlanIndicator> {
    plan.indicators
        .iter()
        .filter(|i| i.def.department.as_deref() == Some(department))
        .collect()
}

/// 数据填报 index: the departments the viewer may fill in, with their progress.
pub async fn entry_index(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, year, years) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let plan = planwatch_service::load_plan(state.data(), &region, year).await?;
    let mut departments: BTreeMap<String, usize> = BTreeMap::new();
    for i in &plan.indicators {
        if let Some(d) = &i.def.department
            && ctx.viewer.may_enter_for(d)
        {
            *departments.entry(d.clone()).or_default() += 1;
        }
    }
    let subs = state
        .store()
        .submissions(&SubmissionFilter {
            region: Some(region.clone()),
            year: Some(year),
            ..Default::default()
        })
        .await?;
    let body = html! {
        (super::year_picker(&ctx, "/entry", &region, Some(year), &years, html! {}))
        p.note { (ctx.t("only_own")) }
        table.grid {
            thead { tr { th { (ctx.t("departments")) } th { (ctx.t("indicators")) }
                @for s in SubmissionStatus::ALL { th { (submission_label(ctx.lang, s)) } }
                th {} } }
            tbody {
                @for (d, n) in &departments {
                    tr {
                        td { (d) }
                        td { (n) }
                        @for s in SubmissionStatus::ALL {
                            td { (subs.iter().filter(|x| &x.department == d && x.status == s).count()) }
                        }
                        td { a.button href={ "/entry/" (enc(d)) "?region=" (enc(&region)) "&year=" (year) } { (ctx.t("open")) } }
                    }
                }
            }
        }
    };
    let title = format!("{region} {year} {}", ctx.t("entry"));
    Ok(render(&ctx, &title, body).into_response())
}

struct EntryForm<'a> {
    region: String,
    year: i32,
    period: Period,
    department: &'a str,
    /// Posted values to show again after a refused save.
    posted: HashMap<String, String>,
    errors: HashMap<String, WebError>,
    /// Indicators whose figure is held by a plausibility warning until a reason is given.
    held: HashSet<String>,
    message: Option<String>,
}

async fn render_entry(
    state: &AppState,
    ctx: &PageCtx,
    form: EntryForm<'_>,
    status: StatusCode,
) -> PageResult<Response> {
    let (region, year, period, department) =
        (&form.region, form.year, form.period, form.department);
    let plan = planwatch_service::load_plan(state.data(), region, year).await?;
    let inds = department_indicators(&plan, department);
    if inds.is_empty() {
        return Err(WebError::NotFound(format!("{department}: {region} {year}")).into());
    }
    let subs = state
        .store()
        .submissions(&SubmissionFilter {
            region: Some(region.clone()),
            year: Some(year),
            department: Some(department.to_string()),
            period: Some(period),
            ..Default::default()
        })
        .await?;
    let monthly = match period {
        Period::Month(_) => state.store().monthly_figures(region, year).await?,
        Period::Annual => Vec::new(),
    };
    let current = |i: &PlanIndicator| -> Option<String> {
        match period {
            Period::Annual => i.actual.as_ref().map(|a| a.text.clone()),
            Period::Month(m) => monthly
                .iter()
                .find(|f| f.indicator == i.def.name && f.month == m)
                .map(|f| f.value_text.clone()),
        }
    };
    let lang = ctx.lang;
    let here = format!(
        "/entry/{}?region={}&year={year}",
        enc(department),
        enc(region)
    );
    let body = html! {
        form.picker method="get" action={ "/entry/" (enc(department)) } {
            input type="hidden" name="region" value=(region);
            input type="hidden" name="year" value=(year);
            label { (ctx.t("period")) " "
                select name="period" {
                    option value="annual" selected[period == Period::Annual] { (ctx.t("annual")) }
                    @for m in 1..=12u8 {
                        option value=(m) selected[period == Period::Month(m)] { (period_label(lang, Period::Month(m))) }
                    }
                }
            }
            button type="submit" { (ctx.t("show")) }
        }
        @if let Some(m) = &form.message { p.ok { (m) } }
        @if !form.errors.is_empty() {
            p.error id="entry-errors" { (ctx.t("fix_marked")) }
        }
        form.entry method="post" action=(here) {
            input type="hidden" name=(CSRF_FIELD) value=(ctx.form_token);
            input type="hidden" name="region" value=(region);
            input type="hidden" name="year" value=(year);
            input type="hidden" name="period" value=(period_param(period));
            table.grid.cards id="entry-table" {
                thead { tr {
                    th { (ctx.t("indicator")) } th { (ctx.t("target")) } th { (ctx.t("current_value")) }
                    th { (ctx.t("status")) } th { (ctx.t("value")) } th { (ctx.t("note")) }
                } }
                tbody {
                    @for i in &inds {
                        @let name = &i.def.name;
                        @let open = subs.iter().find(|s| &s.indicator == name && s.status != SubmissionStatus::Approved);
                        @let approved = subs.iter().find(|s| &s.indicator == name && s.status == SubmissionStatus::Approved);
                        @let editable = approved.is_none() && open.is_none_or(|s| s.status.is_editable());
                        @let shown = form.posted.get(&format!("v:{name}")).cloned()
                            .or_else(|| open.map(|s| s.value_text.clone())).unwrap_or_default();
                        @let note = form.posted.get(&format!("n:{name}")).cloned()
                            .or_else(|| open.and_then(|s| s.note.clone())).unwrap_or_default();
                        @let reason = form.posted.get(&format!("r:{name}")).cloned()
                            .or_else(|| open.and_then(|s| s.reason.clone())).unwrap_or_default();
                        tr data-indicator=(name) class=@if form.errors.contains_key(name) { "has-error" } {
                            td { a href=(indicator_href(region, year, name)) { strong { (i.def.label()) } } }
                            td data-label=(ctx.t("target")) { (i.target.text) }
                            td data-label=(ctx.t("current_value")) { (current(i).unwrap_or_else(|| "—".into())) }
                            td data-label=(ctx.t("status")) {
                                @if let Some(s) = approved.or(open) {
                                    span class={ "sub " (s.status.as_str()) } { (submission_label(lang, s.status)) }
                                    @if s.status != SubmissionStatus::Approved || open.is_none() {
                                        div.small { (s.value_text) " · " (s.created_by) " · " (ctx.time(s.updated_at)) }
                                    }
                                    @if let Some(c) = &s.comment { div.comment { (ctx.t("comment")) "：" (c) } }
                                }
                            }
                            @if editable {
                                td data-label=(ctx.t("value")) {
                                    input type="text" name={ "v:" (name) } value=(shown) size="12" inputmode="decimal"
                                        aria-label={ (i.def.label()) " " (ctx.t("value")) }
                                        aria-invalid=[form.errors.contains_key(name).then_some("true")];
                                    @if let Some(s) = open { input type="hidden" name={ "s:" (name) } value=(s.version); }
                                    @if let Some(e) = form.errors.get(name) {
                                        div.field-error { (e.public_message(lang)) }
                                    }
                                }
                                td data-label=(ctx.t("note")) {
                                    input type="text" name={ "n:" (name) } value=(note) size="24"
                                        maxlength="2000" aria-label={ (i.def.label()) " " (ctx.t("note")) };
                                    @if form.held.contains(name) || !reason.is_empty() {
                                        div.reason {
                                            @if form.held.contains(name) { div.small { (ctx.t("reason_hint")) } }
                                            input type="text" name={ "r:" (name) } value=(reason) size="24"
                                                maxlength="2000" placeholder=(ctx.t("reason"))
                                                aria-label={ (i.def.label()) " " (ctx.t("reason")) };
                                        }
                                    }
                                }
                            } @else {
                                td.locked colspan="2" {
                                    @if approved.is_some() { (ctx.t("locked")) } @else { (ctx.t("under_review")) }
                                }
                            }
                        }
                    }
                }
            }
            div.actions {
                button type="submit" name="action" value="draft" id="save-draft" { (ctx.t("save_draft")) }
                button.primary type="submit" name="action" value="submit" id="submit-entry" { (ctx.t("submit")) }
            }
        }
    };
    let title = format!(
        "{department} · {region} {year} {} · {}",
        ctx.t("entry"),
        period_label(lang, period)
    );
    Ok(render_with(ctx, status, &title, body))
}

/// A department's entry form. Reporters of other departments get 403.
pub async fn entry_department(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(department): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    if !ctx.viewer.may_enter_for(&department) {
        return Err(WebError::Forbidden(department.clone()).into());
    }
    let params = Params(q);
    let (region, year, _) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let period = parse_period(params.str("period"))?;
    let message = params
        .i64("saved")?
        .map(|n| format!("{} ({n})", ctx.t("saved")));
    render_entry(
        &state,
        &ctx,
        EntryForm {
            region,
            year,
            period,
            department: &department,
            posted: HashMap::new(),
            errors: HashMap::new(),
            held: HashSet::new(),
            message,
        },
        StatusCode::OK,
    )
    .await
}

/// Saves (or submits) the values filled in on a department's form.
pub async fn entry_submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(department): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult<Response> {
    if !ctx.viewer.may_enter_for(&department) {
        return Err(WebError::Forbidden(department.clone()).into());
    }
    let posted: HashMap<String, String> = fields.into_iter().collect();
    let region = posted
        .get("region")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| WebError::BadRequest("region missing".into()))?;
    let year: i32 = posted
        .get("year")
        .and_then(|y| y.trim().parse().ok())
        .ok_or_else(|| WebError::BadRequest("year missing or not a number".into()))?;
    let period = parse_period(posted.get("period").map(String::as_str))?;
    let action = match posted.get("action").map(String::as_str) {
        Some("submit") => SubmissionAction::Submit,
        Some("draft") | None => SubmissionAction::SaveDraft,
        Some(other) => return Err(WebError::BadRequest(format!("unknown action {other:?}")).into()),
    };
    let plan = planwatch_service::load_plan(state.data(), &region, year).await?;
    let actor = ctx.viewer.actor();
    let mut saved = 0;
    let mut errors: HashMap<String, WebError> = HashMap::new();
    let mut held = HashSet::new();
    for ind in department_indicators(&plan, &department) {
        let name = &ind.def.name;
        let Some(value) = posted
            .get(&format!("v:{name}"))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        else {
            continue;
        };
        let note = posted.get(&format!("n:{name}")).cloned();
        let reason = posted.get(&format!("r:{name}")).cloned();
        let entry = planwatch_service::figures::FigureEntry {
            region: &region,
            year,
            indicator: name,
            slot: period.slot(),
            text: value,
            reason: reason.as_deref(),
            note: note.as_deref(),
        };
        let accepted = match planwatch_service::figures::check_entry(
            state.backend(),
            &entry,
            &state.config().rules,
        )
        .await
        {
            Ok(a) => a,
            Err(e) => {
                if matches!(e, planwatch_service::ServiceError::NeedsReason { .. }) {
                    held.insert(name.clone());
                }
                errors.insert(name.clone(), e.into());
                continue;
            }
        };
        let version = posted
            .get(&format!("s:{name}"))
            .and_then(|v| v.trim().parse::<i64>().ok());
        let input = SubmissionInput {
            region: region.clone(),
            year,
            indicator: name.clone(),
            period,
            value_text: accepted.parsed.text,
            note,
            reason: accepted.reason,
        };
        match state
            .store()
            .save_submission(&input, action, version, &actor)
            .await
        {
            Ok(_) => saved += 1,
            Err(e) => {
                errors.insert(name.clone(), e.into());
            }
        }
    }
    if errors.is_empty() && saved > 0 {
        let to = format!(
            "/entry/{}?region={}&year={year}&period={}&saved={saved}",
            enc(&department),
            enc(&region),
            period_param(period)
        );
        return Ok(Redirect::to(&to).into_response());
    }
    if errors.values().any(|e| matches!(e, WebError::Internal(_))) {
        return Err(WebError::Internal("saving a submission failed".into()).into());
    }
    let status = if errors.values().any(|e| matches!(e, WebError::Conflict(_))) {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let message = (errors.is_empty())
        .then(|| ctx.t("nothing_to_save").to_string())
        .or_else(|| (saved > 0).then(|| format!("{} ({saved})", ctx.t("saved"))));
    render_entry(
        &state,
        &ctx,
        EntryForm {
            region,
            year,
            period,
            department: &department,
            posted,
            errors,
            held,
            message,
        },
        status,
    )
    .await
}

/// What approving an annual value would make of the indicator.
fn preview(plan: &Plan, s: &SubmissionRecord, rules: &planwatch_domain::Rules) -> Option<Status> {
    let ind = plan.indicator(&s.indicator)?;
    let mut with = ind.clone();
    with.actual = Some(planwatch_text::parse_expr(&s.value_text));
    Some(judge::judge_indicator(&with, plan, rules).status)
}

/// 填报审核: the queue of submitted values; the DRC approves or returns each.
pub async fn review(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let queue = state
        .store()
        .submissions(&SubmissionFilter {
            status: Some(SubmissionStatus::Submitted),
            region: params.str("region").map(str::to_string),
            year: params.i32("year")?,
            ..Default::default()
        })
        .await?;
    let recent: Vec<SubmissionRecord> = state
        .store()
        .submissions(&SubmissionFilter::default())
        .await?
        .into_iter()
        .filter(|s| {
            matches!(
                s.status,
                SubmissionStatus::Approved | SubmissionStatus::Returned
            )
        })
        .take(30)
        .collect();
    let mut plans: HashMap<(String, i32), Plan> = HashMap::new();
    let mut monthly: HashMap<(String, i32), Vec<planwatch_store::accounts::MonthlyFigure>> =
        HashMap::new();
    for s in &queue {
        let key = (s.region.clone(), s.year);
        if !plans.contains_key(&key)
            && let Some(p) = state.data().load_plan(&s.region, s.year).await?
        {
            plans.insert(key.clone(), p);
        }
        if matches!(s.period, Period::Month(_)) && !monthly.contains_key(&key) {
            monthly.insert(
                key.clone(),
                state.store().monthly_figures(&s.region, s.year).await?,
            );
        }
    }
    let rules = &state.config().rules;
    let lang = ctx.lang;
    let admin = ctx.viewer.is_admin();
    let body = html! {
        @if params.str("done").is_some() { p.ok { (ctx.t("saved")) } }
        h2 { (ctx.t("queue")) " (" (queue.len()) ")" }
        @if queue.is_empty() {
            p.note { (ctx.t("queue_empty")) }
        } @else {
            table.grid id="review-table" {
                thead { tr {
                    th { (ctx.t("region")) } th { (ctx.t("indicator")) } th { (ctx.t("period")) }
                    th { (ctx.t("target")) } th { (ctx.t("current_value")) } th { (ctx.t("value")) }
                    th { (ctx.t("preview")) } th { (ctx.t("submitted_by")) }
                    @if admin { th { (ctx.t("comment")) } }
                } }
                tbody {
                    @for s in &queue {
                        @let key = (s.region.clone(), s.year);
                        @let plan = plans.get(&key);
                        @let ind = plan.and_then(|p| p.indicator(&s.indicator));
                        @let current = match s.period {
                            Period::Annual => ind.and_then(|i| i.actual.as_ref()).map(|a| a.text.clone()),
                            Period::Month(m) => monthly.get(&key).and_then(|fs| fs.iter()
                                .find(|f| f.indicator == s.indicator && f.month == m)).map(|f| f.value_text.clone()),
                        };
                        tr data-submission=(s.id) data-indicator=(s.indicator) {
                            td { (s.region) " " (s.year) }
                            td { a href=(indicator_href(&s.region, s.year, &s.indicator)) { (s.indicator) } div.small { (s.department) } }
                            td { (period_label(lang, s.period)) }
                            td { (ind.map(|i| i.target.text.as_str()).unwrap_or("—")) }
                            td { (current.as_deref().unwrap_or("—")) }
                            td {
                                strong { (s.value_text) }
                                @if let Some(n) = &s.note { div.small { (n) } }
                                @if let Some(r) = &s.reason { div.reason { (ctx.t("reason")) "：" (r) } }
                            }
                            td {
                                @if s.period == Period::Annual {
                                    @if let Some(st) = plan.and_then(|p| preview(p, s, rules)) { (status_badge(lang, st)) }
                                }
                            }
                            td { (s.created_by) div.small { (ctx.time(s.updated_at)) } }
                            @if admin {
                                td {
                                    form.review method="post" action={ "/review/" (s.id) } {
                                        input type="hidden" name=(CSRF_FIELD) value=(ctx.form_token);
                                        input type="hidden" name="version" value=(s.version);
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
        @if recent.is_empty() {
            p.note id="recent-empty" { (ctx.t("none")) }
        } @else {
            table.grid {
                thead { tr { th { (ctx.t("indicator")) } th { (ctx.t("period")) } th { (ctx.t("value")) }
                    th { (ctx.t("status")) } th { (ctx.t("submitted_by")) } th { (ctx.t("reviewed_by")) } th { (ctx.t("comment")) } th { (ctx.t("updated")) } } }
                tbody {
                    @for s in &recent {
                        tr {
                            td { (s.region) " " (s.year) " " (s.indicator) }
                            td { (period_label(lang, s.period)) } td { (s.value_text) }
                            td { span class={ "sub " (s.status.as_str()) } { (submission_label(lang, s.status)) } }
                            td { (s.created_by) } td { (s.reviewed_by.as_deref().unwrap_or("")) }
                            td { (s.comment.as_deref().unwrap_or("")) } td { (ctx.time(s.updated_at)) }
                        }
                    }
                }
            }
        }
    };
    Ok(render(&ctx, ctx.t("review"), body).into_response())
}

/// Approves or returns one submission (DRC only; the route table enforces it).
pub async fn review_submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> PageResult<Response> {
    let id: i64 = id
        .parse()
        .map_err(|_| WebError::BadRequest(format!("submission id {id:?} is not a number")))?;
    let comment = f
        .get("comment")
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    let decision = match f.get("decision").map(String::as_str) {
        Some("approve") => ReviewDecision::Approve { comment },
        Some("return") => ReviewDecision::Return {
            comment: comment.ok_or_else(|| {
                WebError::Refused(Message::new(
                    "退回时请填写审核意见。",
                    "Give the reporter a reason when returning.",
                ))
            })?,
        },
        _ => return Err(WebError::BadRequest("decision must be approve or return".into()).into()),
    };
    let version = f.get("version").and_then(|v| v.trim().parse::<i64>().ok());
    state
        .store()
        .review_submission(id, &decision, version, &ctx.viewer.actor())
        .await?;
    Ok(Redirect::to(&format!("/review?done={id}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse() {
        assert_eq!(parse_period(None).ok(), Some(Period::Annual));
        assert_eq!(parse_period(Some("annual")).ok(), Some(Period::Annual));
        assert_eq!(parse_period(Some("6")).ok(), Some(Period::Month(6)));
        assert!(parse_period(Some("13")).is_err());
        assert!(parse_period(Some("x")).is_err());
    }
}
