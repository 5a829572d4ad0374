//! 报告审查: upload a report (.txt/.docx), see what was read and the review's findings beside
//! the numbered text. Open to the DRC (admin), leaders and deputies (reviewer); the report and
//! the findings are not stored.

use super::projects::upload_of;
use super::{PageCtx, render, render_with};
use crate::AppState;
use crate::error::{PageResult, WebError};
use crate::i18n::Lang;
use crate::upload::UploadForm;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use planwatch_reader::ReadError;
use planwatch_reader::Reading;
use planwatch_review::{Finding, FindingKind, Severity, Span};
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

/// The report's lines when it is UTF-8 text (the reader numbers them the same way); none for
/// Word files, web pages and PDFs, whose lines are not the file's.
fn text_lines(file_name: Option<&str>, data: &[u8]) -> Option<Vec<String>> {
    if file_name.is_some_and(|n| {
        let n = n.to_ascii_lowercase();
        [".docx", ".html", ".htm", ".pdf"]
            .iter()
            .any(|e| n.ends_with(e))
    }) {
        return None;
    }
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    // A web page's source is not its text.
    if data.trim_ascii_start().starts_with(b"<") {
        return None;
    }
    let text = std::str::from_utf8(data).ok()?;
    Some(text.lines().map(str::to_string).collect())
}

/// Why a file could not be read, in the page's language.
fn read_error_message(e: &ReadError, lang: Lang) -> String {
    let why = match (e, lang) {
        (ReadError::Empty, _) => lang.pick("文件是空的。", "the file is empty.").into(),
        (ReadError::Binary(_), _) => lang
            .pick(
                "这不是文本文件，也不是可读取的.docx文件。",
                "it is neither a text file nor a readable .docx file.",
            )
            .into(),
        (ReadError::Docx(d), Lang::Zh) => {
            format!("文件名是.docx，但内容无法按Word文档读取（{d}）。")
        }
        (ReadError::Docx(d), Lang::En) => {
            format!("it is named .docx but cannot be read as a Word document ({d}).")
        }
        (ReadError::Unsupported(d), Lang::Zh) => {
            format!("不支持该文件类型（{d}），请上传.txt、.docx、网页（.html）或PDF文件。")
        }
        (ReadError::Unsupported(d), Lang::En) => format!(
            "this file type is not supported ({d}); upload a .txt, .docx, web page (.html) or PDF file."
        ),
        (ReadError::Pdf(d), Lang::Zh) => format!("PDF文件无法读取（{d}）。"),
        (ReadError::Pdf(d), Lang::En) => format!("the PDF cannot be read ({d})."),
        (ReadError::NotAReport(kind), Lang::Zh) => kind.zh().to_string(),
        (ReadError::NotAReport(kind), Lang::En) => kind.en().to_string(),
    };
    lang.pick(
        format!("无法读取该文件，未能进行审查：{why}"),
        format!("The file cannot be read, so it was not reviewed: {why}"),
    )
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
            let body = html! {
                div.banner.error id="read-error" data-kind="Incomplete" {
                    strong { (FindingKind::Incomplete.title(false, ctx.lang)) } " "
                    (read_error_message(&e, ctx.lang))
                }
                (upload_form(&ctx))
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
        (incomplete_banner(&ctx, &findings))
        (upload_form(&ctx))
        (reading_card(&ctx, &name, &reading))
        div.review-split {
            section.findings id="findings" {
                h2 { (ctx.t("findings")) }
                (findings_list(&ctx, &findings))
            }
            script src="/assets/review.js" defer {}
            section.report-text id="report-text" {
                h2 { (ctx.t("report_text")) }
                (text_view(&ctx, lines.as_deref(), Some(&reading), &findings))
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

/// Evidence lines, each once, in line order.
fn evidence_lines(f: &Finding) -> Vec<&Span> {
    let mut seen = BTreeSet::new();
    let mut spans: Vec<&Span> = f.evidence.iter().filter(|s| seen.insert(s.line)).collect();
    spans.sort_by_key(|s| s.line);
    spans
}

fn finding_item(ctx: &PageCtx, f: &Finding) -> Markup {
    let lang = ctx.lang;
    html! {
        li.finding data-kind=(format!("{:?}", f.kind)) data-passed=(f.passed) {
            span class={ "badge " (severity_class(f)) } {
                span class={ "light " (severity_class(f)) } {}
                @if f.passed { (ctx.t("passed")) } @else { (f.severity.label(lang)) }
            }
            " " strong.finding-title { (f.kind.title(f.passed, lang)) }
            div.message { (f.message) }
            @let spans = evidence_lines(f);
            @if !spans.is_empty() {
                ul.evidence {
                    @for s in spans {
                        li {
                            a.evidence-line href=(format!("#L{}", s.line)) data-line=(s.line) {
                                (lang.pick(format!("第{}行", s.line), format!("line {}", s.line)))
                            }
                            " " q { (s.text.trim()) }
                        }
                    }
                }
            }
        }
    }
}

fn findings_list(ctx: &PageCtx, findings: &[Finding]) -> Markup {
    let open: Vec<&Finding> = findings
        .iter()
        .filter(|f| !f.passed && f.kind != FindingKind::Incomplete)
        .collect();
    let passed: Vec<&Finding> = findings.iter().filter(|f| f.passed).collect();
    html! {
        @if open.is_empty() && !findings.iter().any(|f| f.kind == FindingKind::Incomplete && !f.passed) {
            p.note { (ctx.t("no_findings")) }
        }
        ol.findings id="open-findings" { @for f in &open { (finding_item(ctx, f)) } }
        @if !passed.is_empty() {
            details {
                summary { (ctx.t("passed")) " (" (passed.len()) ")" }
                ul.findings id="passed-findings" { @for f in &passed { (finding_item(ctx, f)) } }
            }
        }
    }
}

/// What the review could not rest on, at the top of the page, before anything else.
fn incomplete_banner(ctx: &PageCtx, findings: &[Finding]) -> Markup {
    html! {
        @for f in findings.iter().filter(|f| f.kind == FindingKind::Incomplete && !f.passed) {
            div.banner.error id="review-incomplete" data-kind="Incomplete" {
                strong { (f.kind.title(false, ctx.lang)) } " " (f.message)
            }
        }
    }
}

/// The report's text in the body font: prose as paragraphs numbered by line, and each table
/// the reader found drawn as a table (its rows anchored at their lines, so evidence links land
/// on them).
fn text_view(
    ctx: &PageCtx,
    lines: Option<&[String]>,
    reading: Option<&Reading>,
    findings: &[Finding],
) -> Markup {
    let cited: BTreeSet<usize> = findings
        .iter()
        .filter(|f| !f.passed)
        .flat_map(|f| f.evidence.iter().map(|s| s.line))
        .collect();
    let lang = ctx.lang;
    match lines {
        Some(lines) => {
            // Table line ranges with their rows, by first line.
            let mut tables: BTreeMap<
                usize,
                (
                    usize,
                    Vec<&planwatch_reader::ReadIndicator>,
                    &planwatch_reader::ReadTable,
                ),
            > = BTreeMap::new();
            if let Some(r) = reading {
                for t in r
                    .tables
                    .iter()
                    .filter(|t| t.rows > 0 && t.first_line > 0 && t.last_line >= t.first_line)
                {
                    let rows: Vec<_> = r
                        .indicators
                        .iter()
                        .filter(|i| i.table_index == t.index)
                        .collect();
                    tables.insert(t.first_line, (t.last_line, rows, t));
                }
            }
            // The text as blocks: a table the reader found (its line range), or one line.
            let mut blocks = Vec::new();
            let mut n = 1;
            while n <= lines.len() {
                match tables.get(&n) {
                    Some((last, rows, t)) => {
                        let end = (*last).clamp(n, lines.len());
                        blocks.push((n, end, Some((rows, *t))));
                        n = end + 1;
                    }
                    None => {
                        blocks.push((n, n, None));
                        n += 1;
                    }
                }
            }
            html! {
                div.report-lines {
                    @for (start, end, table) in blocks {
                        @if let Some((rows, t)) = table {
                            div.report-table {
                                @for l in start..=end {
                                    @if !rows.iter().any(|r| r.line == l) { span.anchor id=(format!("L{l}")) {} }
                                }
                                table.grid {
                                    @if !t.caption.is_empty() { caption { (t.caption) } }
                                    thead { tr {
                                        th { (ctx.t("seq")) } th { (ctx.t("indicator")) } th { (ctx.t("target")) } th { (ctx.t("actual")) }
                                        @if rows.iter().any(|r| r.verdict.is_some()) { th { (ctx.t("status")) } }
                                    } }
                                    tbody {
                                        @for r in rows {
                                            tr id=(format!("L{}", r.line)) class=@if cited.contains(&r.line) { "cited" } {
                                                td.num { (r.seq.map(|s| s.to_string()).unwrap_or_default()) }
                                                td { (r.label) }
                                                td { (r.target.text) }
                                                td { (r.actual.as_ref().map(|a| a.text.as_str()).unwrap_or("")) }
                                                @if rows.iter().any(|r| r.verdict.is_some()) { td { (r.verdict.as_deref().unwrap_or("")) } }
                                            }
                                        }
                                    }
                                }
                                p.small.table-lines { (match lang {
                                    Lang::Zh => format!("第{start}—{end}行，按表格显示"),
                                    Lang::En => format!("lines {start}–{end}, shown as a table"),
                                }) }
                            }
                        } @else {
                            @let l = &lines[start - 1];
                            @if !l.trim().is_empty() {
                                p.line id=(format!("L{start}")) class=@if cited.contains(&start) { "cited" } {
                                    span.ln { (start) } (l.trim())
                                }
                            } @else {
                                span.anchor id=(format!("L{start}")) {}
                            }
                        }
                    }
                }
            }
        }
        None => {
            let quoted: BTreeMap<usize, &str> = findings
                .iter()
                .flat_map(|f| f.evidence.iter().map(|s| (s.line, s.text.as_str())))
                .collect();
            html! {
                p.note { (ctx.t("text_unavailable")) }
                div.report-lines {
                    @for (n, l) in &quoted {
                        p.line id=(format!("L{n}")) class=@if cited.contains(n) { "cited" } { span.ln { (n) } (l) }
                    }
                }
            }
        }
    }
}
