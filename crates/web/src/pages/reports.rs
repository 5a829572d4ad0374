//! 报告审查: upload a report (.txt, .docx, .html, .pdf); its review is stored with the file (who, when,
//! name, SHA-256, findings) and opens at `/reports/{id}`: what was read and the findings beside
//! the numbered text, each problem markable as raised with the DRC with a note, exports as
//! docx/html, and a rerun with today's reader. The list of saved reviews pages, sorts and
//! searches. Open to the DRC (admin), leaders and deputies (reviewer). A file that cannot be
//! read is refused with the reason and not stored. The use cases are
//! `planwatch_service::reviews`.

use super::paging::ListQuery;
use super::projects::upload_of;
use super::{PageCtx, render, render_with};
use crate::AppState;
use crate::auth::CSRF_FIELD;
use crate::error::{PageResult, WebError};
use crate::i18n::Lang;
use crate::upload::UploadForm;
use crate::util::{Params, enc};
use axum::Extension;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use planwatch_reader::ReadError;
use planwatch_reader::Reading;
use planwatch_review::{Finding, FindingKind, Severity, Span};
use planwatch_service::reviews::{self as service, ExportFormat, finding_key, mark_of};
use planwatch_store::ReviewRecord;
use planwatch_store::reviews::{ReviewQuery, ReviewSort};
use std::collections::{BTreeMap, BTreeSet, HashMap};

fn upload_form(ctx: &PageCtx) -> Markup {
    html! {
        form.card.upload method="post" action="/reports" enctype="multipart/form-data" id="report-upload" {
            h2 { (ctx.t("upload_report")) }
            input type="hidden" name=(crate::auth::CSRF_FIELD) value=(ctx.form_token);
            input type="file" name="file" accept=".txt,.docx,.html,.htm,.pdf" required;
            " "
            button type="submit" { (ctx.t("upload")) }
            p.note { (ctx.t("review_roles_saved")) }
        }
    }
}

fn parse_id(id: &str) -> Result<i64, WebError> {
    id.parse()
        .map_err(|_| WebError::BadRequest(format!("review id {id:?} is not a number")))
}

pub fn review_sort(key: Option<(&str, bool)>) -> Result<ReviewSort, WebError> {
    Ok(match key {
        None | Some(("date", true)) => ReviewSort::Newest,
        Some(("date", false)) => ReviewSort::Oldest,
        Some(("name", _)) => ReviewSort::Name,
        Some(("problems", _)) => ReviewSort::MostProblems,
        Some((other, _)) => {
            return Err(WebError::BadRequest(format!(
                "sort must be date, -date, name or problems, not {other:?}"
            )));
        }
    })
}

/// 报告审查: the upload form, then the saved reviews (paged, sorted, searched).
pub async fn reports_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let lang = ctx.lang;
    let list = ListQuery::from(&Params(q))?;
    let sort = review_sort(list.sort_key())?;
    let (reviews, total) = service::list(
        state.working(),
        &ReviewQuery {
            search: list.search.clone(),
            sort,
            offset: i64::try_from(list.offset()).unwrap_or(i64::MAX),
            limit: i64::try_from(list.per).unwrap_or(50),
        },
    )
    .await?;
    let total = usize::try_from(total).unwrap_or(0);
    let path = "/reports";
    let body = html! {
        (upload_form(&ctx))
        h2 { (lang.pick("已保存的审查", "Saved reviews")) }
        (list.search_form(lang, path, lang.pick("文件名、标题或地区", "file name, title or region")))
        @if reviews.is_empty() { p.note id="no-reviews" { (ctx.t("none")) } } @else {
            table.grid id="review-list" {
                thead { tr {
                    th { (list.sort_link(path, "name", ctx.t("file"))) }
                    th { (lang.pick("标题", "Title")) } th { (ctx.t("region")) } th { (ctx.t("year")) }
                    th { (list.sort_link(path, "problems", lang.pick("问题", "Problems"))) }
                    th { (lang.pick("已提出", "Raised")) } th { (lang.pick("审查人", "Reviewed by")) }
                    th { (list.sort_link(path, "date", lang.pick("时间", "When"))) }
                } }
                tbody {
                    @for r in &reviews {
                        tr data-review=(r.id) {
                            td { a href={ "/reports/" (r.id) } { (r.file_name) } }
                            td { (r.title.as_deref().unwrap_or("")) }
                            td { (r.region.as_deref().unwrap_or("")) }
                            td { (r.year.map(|y| y.to_string()).unwrap_or_default()) }
                            td.num { (r.problems) }
                            td.num { (r.marks.len()) }
                            td { (r.created_by) }
                            td { (ctx.time(r.created_at)) @if r.runs > 1 { " · " (lang.pick("重新审查", "rerun")) " " (r.runs - 1) } }
                        }
                    }
                }
            }
        }
        (list.pager(lang, path, total))
    };
    Ok(render(&ctx, ctx.t("report_review"), body).into_response())
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

/// Reads a file and reviews it (CPU-bound: run off the async threads).
fn read_and_review(
    name: &str,
    data: &[u8],
    rules: &planwatch_domain::Rules,
) -> Result<(Reading, service::Reviewed), ReadError> {
    let reading = planwatch_reader::read_bytes(data, Some(name))?;
    let reviewed = service::review_reading(&reading, rules);
    Ok((reading, reviewed))
}

/// The page of a file that cannot be read: the reason, and the form again (nothing stored).
fn unreadable_page(ctx: &PageCtx, e: &ReadError) -> Response {
    let body = html! {
        div.banner.error id="read-error" data-kind="Incomplete" {
            strong { (FindingKind::Incomplete.title(false, ctx.lang)) } " "
            (read_error_message(e, ctx.lang))
        }
        (upload_form(ctx))
    };
    render_with(
        ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        ctx.t("report_review"),
        body,
    )
}

/// Reviews an uploaded report, stores the review with the file and opens it.
pub async fn reports_upload(
    State(state): State<AppState>,
    ctx: PageCtx,
    form: Option<Extension<UploadForm>>,
) -> PageResult<Response> {
    let form = upload_of(form)?;
    let file = form.file("file")?;
    let name = file.file_name.clone().unwrap_or_default();
    let data = file.data.to_vec();
    let rules = state.config().rules.clone();
    let (hint, bytes) = (name.clone(), data.clone());
    let done = tokio::task::spawn_blocking(move || read_and_review(&hint, &bytes, &rules))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let reviewed = match done {
        Ok((_, reviewed)) => reviewed,
        Err(e) => return Ok(unreadable_page(&ctx, &e)),
    };
    let saved = service::save(
        state.working(),
        &name,
        &data,
        &reviewed,
        &ctx.viewer.actor(),
    )
    .await?;
    Ok(Redirect::to(&format!("/reports/{}", saved.id)).into_response())
}

/// A saved review, reopened: what was reviewed, the findings beside the text (the stored file
/// read again to lay out its tables), marks, and the actions on it.
pub async fn review_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let lang = ctx.lang;
    let id = parse_id(&id)?;
    let record = service::get(state.working(), id).await?;
    let findings = service::findings_of(&record)?;
    let (name, data) = service::file(state.working(), id).await?;
    let hint = name.clone();
    let (reading, lines) = tokio::task::spawn_blocking(move || {
        (
            planwatch_reader::read_bytes(&data, Some(&hint)).ok(),
            text_lines(Some(&hint), &data),
        )
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let body = html! {
        p { a href="/reports" { "← " (lang.pick("全部审查", "All reviews")) } }
        (incomplete_banner(&ctx, &findings))
        (about_card(&ctx, &record))
        div.actions.review-actions {
            a.button href={ "/reports/" (id) "/export?format=docx&lang=" (lang.code()) } id="export-docx" { (lang.pick("导出Word", "Export as Word")) }
            " " a.button href={ "/reports/" (id) "/export?format=html&lang=" (lang.code()) } id="export-html" { (lang.pick("导出网页", "Export as HTML")) }
            " " a.button href={ "/reports/" (id) "/file" } { (lang.pick("下载原文件", "Download the file")) }
            form.inline method="post" action={ "/reports/" (id) "/rerun" } {
                input type="hidden" name=(CSRF_FIELD) value=(ctx.form_token);
                input type="hidden" name="version" value=(record.version);
                button type="submit" id="rerun" { (lang.pick("重新审查", "Review again")) }
            }
        }
        @if let Some(r) = &reading { (reading_card(&ctx, &name, r)) }
        div.review-split {
            section.findings id="findings" {
                h2 { (ctx.t("findings")) }
                (findings_list(&ctx, &findings, Some(&record)))
            }
            script src="/assets/review.js" defer {}
            section.report-text id="report-text" {
                h2 { (ctx.t("report_text")) }
                (text_view(&ctx, lines.as_deref(), reading.as_ref(), &findings))
            }
        }
    };
    let title = format!("{} · {}", record.file_name, ctx.t("report_review"));
    Ok(render(&ctx, &title, body).into_response())
}

fn about_card(ctx: &PageCtx, r: &ReviewRecord) -> Markup {
    let lang = ctx.lang;
    let rows: Vec<(&str, String)> = vec![
        (ctx.t("file"), format!("{} ({} B)", r.file_name, r.size)),
        ("SHA-256", r.sha256.clone()),
        (
            lang.pick("标题", "Title"),
            r.title.clone().unwrap_or_default(),
        ),
        (ctx.t("region"), r.region.clone().unwrap_or_default()),
        (
            ctx.t("year"),
            r.year.map(|y| y.to_string()).unwrap_or_default(),
        ),
        (
            lang.pick("审查人", "Reviewed by"),
            format!("{} · {}", r.created_by, ctx.time(r.created_at)),
        ),
        (lang.pick("问题", "Problems"), r.problems.to_string()),
    ];
    html! {
        div.card id="review-about" data-review=(r.id) data-runs=(r.runs) {
            table.grid.compact { tbody {
                @for (k, v) in &rows { tr { th { (k) } td { (v) } } }
                @if let (Some(by), Some(at)) = (&r.rerun_by, r.rerun_at) {
                    tr { th { (lang.pick("重新审查", "Reviewed again")) } td id="rerun-info" { (r.runs - 1) " · " (by) " · " (ctx.time(at)) } }
                }
            } }
        }
    }
}

/// Reviews the stored file again with today's reader.
pub async fn review_rerun(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> PageResult<Response> {
    let id = parse_id(&id)?;
    let version = f.get("version").and_then(|v| v.trim().parse::<i64>().ok());
    let (name, data) = service::file(state.working(), id).await?;
    let rules = state.config().rules.clone();
    let reviewed = tokio::task::spawn_blocking(move || service::run(&name, &data, &rules))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    service::rerun(
        state.working(),
        id,
        version,
        move |_, _| reviewed,
        &ctx.viewer.actor(),
    )
    .await?;
    Ok(Redirect::to(&format!("/reports/{id}")).into_response())
}

/// Marks a finding as raised with the DRC (with a note), or clears the mark.
pub async fn review_mark(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> PageResult<Response> {
    let id = parse_id(&id)?;
    let finding = f
        .get("finding")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| WebError::BadRequest("finding missing".into()))?;
    let clear = f.get("action").map(String::as_str) == Some("clear");
    let note = f
        .get("note")
        .map(|n| n.trim().to_string())
        .unwrap_or_default();
    if !clear && note.is_empty() {
        return Err(WebError::Unprocessable(
            ctx.lang
                .pick(
                    "请填写向发展改革委提出的说明。",
                    "Say what was raised with the DRC.",
                )
                .to_string(),
        )
        .into());
    }
    service::mark(
        state.working(),
        id,
        &finding,
        (!clear).then_some(note.as_str()),
        &ctx.viewer.actor(),
    )
    .await?;
    Ok(Redirect::to(&format!("/reports/{id}#f-{}", enc(&finding))).into_response())
}

/// A saved review as a Word or HTML file.
pub async fn review_export(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let id = parse_id(&id)?;
    let record = service::get(state.working(), id).await?;
    let format = export_format(Params(q).str("format"))?;
    let (bytes, name) = service::export(&record, format, ctx.lang)?;
    Ok(super::downloads::file_download(bytes, &name))
}

pub fn export_format(s: Option<&str>) -> Result<ExportFormat, WebError> {
    let s = s.unwrap_or("docx");
    ExportFormat::parse(s)
        .ok_or_else(|| WebError::BadRequest(format!("format must be docx or html, not {s:?}")))
}

/// The reviewed file as it was uploaded.
pub async fn review_file(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let id = parse_id(&id)?;
    let (name, data) = service::file(state.working(), id).await?;
    Ok(super::downloads::file_download(data, &name))
}

fn reading_card(ctx: &PageCtx, name: &str, r: &Reading) -> Markup {
    let yes_years = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_else(|| "—".into());
    html! {
        div.card id="reading" {
            h2 { (ctx.t("what_was_read")) }
            // One row of ten counts: a card of labelled values on a phone.
            table.grid.compact.cards {
                thead { tr {
                    th { (ctx.t("file")) } th { (ctx.t("region")) } th { (ctx.t("year")) }
                    th { (ctx.t("encoding")) } th { (ctx.t("lines")) } th { (ctx.t("tables")) }
                    th { (ctx.t("indicator_rows")) } th { (ctx.t("claims")) } th { (ctx.t("measures")) }
                    th { (ctx.t("diagnostics")) }
                } }
                tbody { tr {
                    td data-label=(ctx.t("file")) { (name) }
                    td data-label=(ctx.t("region")) { (r.region.as_deref().unwrap_or("—")) }
                    td data-label=(ctx.t("year")) { (yes_years(r.execution_year)) " → " (yes_years(r.plan_year)) }
                    td data-label=(ctx.t("encoding")) { (r.encoding) }
                    td data-label=(ctx.t("lines")) { (r.lines) }
                    td data-label=(ctx.t("tables")) { (r.tables.len()) }
                    td data-label=(ctx.t("indicator_rows")) id="indicator-count" { (r.indicators.len()) }
                    td data-label=(ctx.t("claims")) { (r.claims.len()) }
                    td data-label=(ctx.t("measures")) { (r.measures.len()) }
                    td data-label=(ctx.t("diagnostics")) { (r.diagnostics.len()) }
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
                        (d.message_in(ctx.lang))
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

fn finding_item(ctx: &PageCtx, f: &Finding, saved: Option<&ReviewRecord>) -> Markup {
    let lang = ctx.lang;
    let key = finding_key(f);
    let mark = saved.and_then(|r| mark_of(r, f));
    html! {
        li.finding id={ "f-" (key) } data-kind=(format!("{:?}", f.kind)) data-passed=(f.passed) data-raised=(mark.is_some()) {
            span class={ "badge " (severity_class(f)) } {
                span class={ "light " (severity_class(f)) } {}
                @if f.passed { (ctx.t("passed")) } @else { (f.severity.label(lang)) }
            }
            " " strong.finding-title { (f.kind.title(f.passed, lang)) }
            div.message { (f.message_in(lang)) }
            @let spans = evidence_lines(f);
            @if !spans.is_empty() {
                ul.evidence {
                    @for s in spans {
                        li {
                            a.evidence-line href=(format!("#L{}", s.line)) data-line=(s.line) {
                                (lang.pick(format!("第{}行", s.line), format!("line {}", s.line)))
                            }
                            " " q { (s.text_in(lang).trim()) }
                        }
                    }
                }
            }
            @if let Some(r) = saved.filter(|_| !f.passed) {
                @if let Some(m) = mark {
                    div.raised {
                        span.badge.blue { (lang.pick("已向发展改革委提出", "Raised with the DRC")) }
                        " " (m.note) " · " (m.raised_by) " · " (ctx.time(m.raised_at))
                        form.inline method="post" action={ "/reports/" (r.id) "/marks" } {
                            input type="hidden" name=(CSRF_FIELD) value=(ctx.form_token);
                            input type="hidden" name="finding" value=(key);
                            button.link type="submit" name="action" value="clear" { (lang.pick("撤销", "Clear")) }
                        }
                    }
                } @else {
                    form.inline.mark method="post" action={ "/reports/" (r.id) "/marks" } {
                        input type="hidden" name=(CSRF_FIELD) value=(ctx.form_token);
                        input type="hidden" name="finding" value=(key);
                        input type="text" name="note" size="20" aria-label=(lang.pick("提出说明", "What was raised")) placeholder=(lang.pick("提出说明", "What was raised"));
                        button type="submit" name="action" value="raise" { (lang.pick("标记为已提出", "Mark as raised")) }
                    }
                }
            }
        }
    }
}

fn findings_list(ctx: &PageCtx, findings: &[Finding], saved: Option<&ReviewRecord>) -> Markup {
    let open: Vec<&Finding> = findings
        .iter()
        .filter(|f| !f.passed && f.kind != FindingKind::Incomplete)
        .collect();
    let passed: Vec<&Finding> = findings.iter().filter(|f| f.passed).collect();
    html! {
        @if open.is_empty() && !findings.iter().any(|f| f.kind == FindingKind::Incomplete && !f.passed) {
            p.note { (ctx.t("no_findings")) }
        }
        ol.findings id="open-findings" { @for f in &open { (finding_item(ctx, f, saved)) } }
        @if !passed.is_empty() {
            details {
                summary { (ctx.t("passed")) " (" (passed.len()) ")" }
                ul.findings id="passed-findings" { @for f in &passed { (finding_item(ctx, f, saved)) } }
            }
        }
    }
}

/// What the review could not rest on, at the top of the page, before anything else.
fn incomplete_banner(ctx: &PageCtx, findings: &[Finding]) -> Markup {
    html! {
        @for f in findings.iter().filter(|f| f.kind == FindingKind::Incomplete && !f.passed) {
            div.banner.error id="review-incomplete" data-kind="Incomplete" {
                strong { (f.kind.title(false, ctx.lang)) } " " (f.message_in(ctx.lang))
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
