//! 报告审查: upload a report (.txt/.docx), see what was read and the review's findings beside
//! the numbered text. Open to the DRC (admin), leaders and deputies (reviewer); the report and
//! the findings are not stored.

use super::projects::upload_of;
use super::{PageCtx, render, render_with};
use crate::AppState;
use crate::error::{PageResult, WebError};
use crate::upload::UploadForm;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use planwatch_reader::Reading;
use planwatch_review::{Finding, Severity};
use std::collections::{BTreeMap, BTreeSet};

fn upload_form(ctx: &PageCtx) -> Markup {
    html! {
        form.card.upload method="post" action="/reports" enctype="multipart/form-data" id="report-upload" {
            h2 { (ctx.t("upload_report")) }
            input type="hidden" name=(crate::auth::CSRF_FIELD) value=(ctx.form_token);
            input type="file" name="file" accept=".txt,.docx" required;
            " "
            button type="submit" { (ctx.t("upload")) }
            p.note { (ctx.t("review_roles")) }
        }
    }
}

pub async fn reports_page(ctx: PageCtx) -> PageResult<Response> {
    Ok(render(&ctx, ctx.t("report_review"), upload_form(&ctx)).into_response())
}

fn severity_class(f: &Finding) -> &'static str {
    if f.passed {
        return "green";
    }
    match f.severity {
        Severity::Error => "red",
        Severity::Warning => "yellow",
        Severity::Info => "grey",
    }
}

/// The report's lines when it is UTF-8 text (the reader numbers them the same way).
fn text_lines(file_name: Option<&str>, data: &[u8]) -> Option<Vec<String>> {
    if file_name.is_some_and(|n| n.to_ascii_lowercase().ends_with(".docx")) {
        return None;
    }
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let text = std::str::from_utf8(data).ok()?;
    Some(text.lines().map(str::to_string).collect())
}

pub async fn reports_upload(
    State(state): State<AppState>,
    ctx: PageCtx,
    form: Option<Extension<UploadForm>>,
) -> PageResult<Response> {
    let form = upload_of(form)?;
    let file = form.file("file")?;
    let name = file.file_name.clone().unwrap_or_default();
    let data = file.data.clone();
    let rules = state.config().rules.clone();
    let hint = name.clone();
    let done = tokio::task::spawn_blocking(move || {
        let reading = planwatch_reader::read_bytes(&data, Some(&hint))?;
        let findings = planwatch_review::review(&reading, &rules);
        let lines = text_lines(Some(&hint), &data);
        Ok::<_, planwatch_reader::ReadError>((reading, findings, lines))
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let (reading, findings, lines) = match done {
        Ok(v) => v,
        Err(e) => {
            let findings = planwatch_review::unreadable(&e.to_string());
            let body = html! {
                p.error id="read-error" { (e.to_string()) }
                (upload_form(&ctx))
                section.findings id="findings" {
                    h2 { (ctx.t("findings")) }
                    (findings_list(&ctx, &findings))
                }
            };
            return Ok(render_with(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.t("report_review"),
                body,
            ));
        }
    };
    let body = html! {
        (upload_form(&ctx))
        (reading_card(&ctx, &name, &reading))
        div.review-split {
            section.findings id="findings" {
                h2 { (ctx.t("findings")) }
                (findings_list(&ctx, &findings))
            }
            section.report-text id="report-text" {
                h2 { (ctx.t("report_text")) }
                (text_view(&ctx, lines.as_deref(), &findings))
            }
        }
    };
    Ok(render(&ctx, ctx.t("report_review"), body).into_response())
}

fn reading_card(ctx: &PageCtx, name: &str, r: &Reading) -> Markup {
    let yes_years = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_else(|| "—".into());
    html! {
        div.card id="reading" {
            h2 { (ctx.t("what_was_read")) }
            table.grid.compact {
                thead { tr {
                    th { (ctx.t("file")) } th { (ctx.t("region")) } th { (ctx.t("year")) }
                    th { (ctx.t("encoding")) } th { (ctx.t("lines")) } th { (ctx.t("tables")) }
                    th { (ctx.t("indicator_rows")) } th { (ctx.t("claims")) } th { (ctx.t("measures")) }
                    th { (ctx.t("diagnostics")) }
                } }
                tbody { tr {
                    td { (name) } td { (r.region.as_deref().unwrap_or("—")) }
                    td { (yes_years(r.execution_year)) " → " (yes_years(r.plan_year)) }
                    td { (r.encoding) } td { (r.lines) } td { (r.tables.len()) }
                    td id="indicator-count" { (r.indicators.len()) } td { (r.claims.len()) }
                    td { (r.measures.len()) } td { (r.diagnostics.len()) }
                } }
            }
            @if let Some(t) = &r.title { p.note { (t) } }
            @if !r.indicators.is_empty() {
                details {
                    summary { (ctx.t("indicator_rows")) " (" (r.indicators.len()) ")" }
                    table.grid id="read-indicators" {
                        thead { tr { th { (ctx.t("tables")) } th { (ctx.t("seq")) } th { (ctx.t("indicator")) }
                            th { (ctx.t("target")) } th { (ctx.t("actual")) } } }
                        tbody { @for i in &r.indicators { tr {
                            td { (i.table) } td { (i.seq.map(|s| s.to_string()).unwrap_or_default()) }
                            td { (i.label) } td { (i.target.text) }
                            td { (i.actual.as_ref().map(|a| a.text.as_str()).unwrap_or("")) }
                        } } }
                    }
                }
            }
            @if !r.diagnostics.is_empty() {
                details {
                    summary { (ctx.t("diagnostics")) " (" (r.diagnostics.len()) ")" }
                    ul { @for d in &r.diagnostics { li {
                        @if d.line > 0 { a href=(format!("#L{}", d.line)) { "L" (d.line) } " " }
                        (d.message)
                    } } }
                }
            }
        }
    }
}

fn findings_list(ctx: &PageCtx, findings: &[Finding]) -> Markup {
    let open: Vec<&Finding> = findings.iter().filter(|f| !f.passed).collect();
    let passed: Vec<&Finding> = findings.iter().filter(|f| f.passed).collect();
    let item = |f: &Finding| {
        html! {
            li.finding data-kind=(format!("{:?}", f.kind)) data-passed=(f.passed) {
                span class={ "badge " (severity_class(f)) } {
                    span class={ "light " (severity_class(f)) } {}
                    @if f.passed { (ctx.t("passed")) } @else { (f.severity.label_zh()) }
                }
                " " strong { (f.kind.label_zh()) } " "
                span.message { (f.message) }
                @if !f.evidence.is_empty() {
                    div.evidence {
                        (ctx.t("evidence")) "："
                        @for s in &f.evidence {
                            a.evidence-line href=(format!("#L{}", s.line)) title=(s.text) { "L" (s.line) } " "
                        }
                    }
                }
            }
        }
    };
    html! {
        @if open.is_empty() { p.note { (ctx.t("no_findings")) } }
        ol.findings id="open-findings" { @for f in &open { (item(f)) } }
        @if !passed.is_empty() {
            details {
                summary { (ctx.t("passed")) " (" (passed.len()) ")" }
                ul.findings { @for f in &passed { (item(f)) } }
            }
        }
    }
}

fn text_view(ctx: &PageCtx, lines: Option<&[String]>, findings: &[Finding]) -> Markup {
    let cited: BTreeSet<usize> = findings
        .iter()
        .filter(|f| !f.passed)
        .flat_map(|f| f.evidence.iter().map(|s| s.line))
        .collect();
    match lines {
        Some(lines) => html! {
            ol.numbered {
                @for (i, l) in lines.iter().enumerate() {
                    @let n = i + 1;
                    li id=(format!("L{n}")) value=(n) class=@if cited.contains(&n) { "cited" } { (l) }
                }
            }
        },
        None => {
            let quoted: BTreeMap<usize, &str> = findings
                .iter()
                .flat_map(|f| f.evidence.iter().map(|s| (s.line, s.text.as_str())))
                .collect();
            html! {
                p.note { (ctx.t("text_unavailable")) }
                ol.numbered {
                    @for (n, l) in &quoted {
                        li id=(format!("L{n}")) value=(n) class=@if cited.contains(n) { "cited" } { (l) }
                    }
                }
            }
        }
    }
}
