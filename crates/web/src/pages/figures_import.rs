//! 数据导入: the DRC uploads the plan's indicator sheet or a 统计月报, sees the same list of
//! changes as the CLI's dry run (new, changed old → new, unchanged, unmatched, refused, with
//! their cells), and confirms. The confirmation carries the file back (hex in a hidden field of
//! a multipart form), so nothing is kept on the server between the two steps; the file is read
//! and checked again before it is written, all or nothing.

use super::{PageCtx, render, render_with};
use crate::AppState;
use crate::auth::CSRF_FIELD;
use crate::error::{PageResult, WebError};
use crate::i18n::Lang;
use crate::upload::UploadForm;
use crate::util::{Params, enc};
use axum::extract::{Extension, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use planwatch_domain::Lang as DomainLang;
use planwatch_service::imports::{self, Action, ImportOptions, ImportReport};
use std::collections::HashMap;

fn dlang(lang: Lang) -> DomainLang {
    match lang {
        Lang::Zh => DomainLang::Zh,
        Lang::En => DomainLang::En,
    }
}

fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    let value = |c: u8| (c as char).to_digit(16).and_then(|d| u8::try_from(d).ok());
    digits
        .chunks(2)
        .map(|p| Some(value(p[0])? << 4 | value(p[1])?))
        .collect()
}

/// What was uploaded: which kind, for which region-year, the file.
struct Upload {
    kind: String,
    region: String,
    year: Option<i32>,
    file_name: String,
    data: Vec<u8>,
}

fn upload_fields(form: &UploadForm, data: Vec<u8>, file_name: String) -> Result<Upload, WebError> {
    let kind = form.text("kind").unwrap_or_default();
    if kind != "indicators" && kind != "monthly" {
        return Err(WebError::BadRequest(format!(
            "kind must be indicators or monthly, not {kind:?}"
        )));
    }
    let region = form.text("region").unwrap_or_default();
    let year = match form.text("year").filter(|y| !y.is_empty()) {
        Some(y) => Some(
            y.parse::<i32>()
                .map_err(|_| WebError::BadRequest(format!("year {y:?} is not a number")))?,
        ),
        None => None,
    };
    if kind == "indicators" && (region.is_empty() || year.is_none()) {
        return Err(WebError::BadRequest(
            "导入指标表须指定地区和年度 (an indicator sheet needs a region and a year)".into(),
        ));
    }
    Ok(Upload {
        kind,
        region,
        year,
        file_name,
        data,
    })
}

/// Reads the file and lists what it would change.
async fn dry_run(state: &AppState, up: &Upload) -> Result<ImportReport, WebError> {
    let format = planwatch_office::Format::from_path(std::path::Path::new(&up.file_name))
        .ok_or_else(|| {
            WebError::BadRequest(format!(
                "{}：应为 .xlsx、.xls、.ods 或 .csv 文件 (expected .xlsx, .xls, .ods or .csv)",
                up.file_name
            ))
        })?;
    let data = up.data.clone();
    let indicators = up.kind == "indicators";
    let read = tokio::task::spawn_blocking(move || {
        if indicators {
            planwatch_office::read_indicators(&data, format).map(Ok)
        } else {
            planwatch_office::read_monthly(&data, format).map(Err)
        }
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let rules = &state.config().rules;
    let region = Some(up.region.as_str()).filter(|r| !r.is_empty());
    Ok(match read {
        Err(e) => imports::read_failure(&e),
        Ok(Ok(sheet)) => {
            imports::indicator_changes(
                state.backend(),
                &sheet,
                &up.region,
                up.year.unwrap_or_default(),
                rules,
            )
            .await?
        }
        Ok(Err(file)) => {
            imports::monthly_changes(state.backend(), &file, region, up.year, rules).await?
        }
    })
}

fn upload_form(ctx: &PageCtx, region: &str, year: Option<i32>) -> Markup {
    html! {
        form.upload id="figures-upload" method="post" action="/figures/import" enctype="multipart/form-data" {
            input type="hidden" name=(CSRF_FIELD) value=(ctx.form_token);
            label { (ctx.t("import_kind")) " "
                select name="kind" {
                    option value="monthly" { (ctx.t("import_monthly")) }
                    option value="indicators" { (ctx.t("import_indicators")) }
                }
            }
            label { (ctx.t("region")) " " input type="text" name="region" value=(region) size="10"; }
            label { (ctx.t("year")) " " input type="text" name="year" value=(year.map(|y| y.to_string()).unwrap_or_default()) size="6"; }
            input type="file" name="file" accept=".xlsx,.xls,.ods,.csv";
            button.primary type="submit" { (ctx.t("preview")) }
        }
        p.note { (ctx.t("import_hint")) }
    }
}

/// 数据导入 page: the upload form (and the outcome of a confirmed import).
pub async fn figures_import_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, year, _) = super::region_year(&state, &params).await?;
    let done = params.i64("written")?;
    let body = html! {
        @if let Some(n) = done { p.ok id="import-done" { (ctx.t("import_written")) " " (n) } }
        (upload_form(&ctx, &region, year))
    };
    Ok(render(&ctx, ctx.t("figures_import"), body).into_response())
}

fn changes_table(ctx: &PageCtx, report: &ImportReport) -> Markup {
    let lang = ctx.lang;
    let counts: Vec<String> = report
        .counts()
        .into_iter()
        .map(|(a, n)| format!("{} {n}", a.label(dlang(lang))))
        .collect();
    html! {
        p id="import-counts" { (counts.join(" · ")) }
        @if !report.errors.is_empty() {
            h2 { (ctx.t("import_failed")) }
            ul.error id="import-errors" {
                @for e in &report.errors {
                    li {
                        span lang="zh" { (e.sheet) } " " strong { (e.cell) }
                        @if let Some(c) = &e.column { (lang.pick("（", " (")) span lang="zh" { (c) } (lang.pick("）", ")")) }
                        (lang.pick("：“", ": “")) (e.value) "” — " (e.expected.text(dlang(lang)))
                    }
                }
            }
        }
        table.grid id="import-changes" {
            thead { tr {
                th { (ctx.t("action")) } th { (ctx.t("region")) } th { (ctx.t("indicator")) }
                th { (ctx.t("period")) } th { (ctx.t("value")) } th { (ctx.t("cell")) } th { (ctx.t("note")) }
            } }
            tbody {
                @for c in &report.changes {
                    tr class=(c.action.label(DomainLang::En)) data-action=(c.action.label(DomainLang::En)) {
                        td { (c.action.label(dlang(lang))) }
                        td { (c.region) " " (c.year) }
                        td {
                            (c.indicator)
                            @if let Some(s) = c.similarity.filter(|s| *s < 1.0) {
                                div.small { "“" (c.source) "” " (ctx.t("similarity")) " " (format!("{s:.2}")) }
                            }
                        }
                        td { (lang.pick(&c.period, &c.period_en)) }
                        td {
                            @match (c.action, &c.old, &c.new) {
                                (Action::Changed, Some(o), Some(n)) => { (o) " → " strong { (n) } }
                                (_, _, Some(n)) => { (n) }
                                _ => {}
                            }
                        }
                        td { (c.sheet) " " (c.cell) }
                        td {
                            @let msg = match lang { Lang::Zh => c.message.as_deref(), Lang::En => c.message_en.as_deref() };
                            @if let Some(m) = msg {
                                @if c.held { span.warn { "⚠ " (m) } } @else { (m) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The preview: what the uploaded file would change, with a confirm button when it is clean.
pub async fn figures_import_preview(
    State(state): State<AppState>,
    ctx: PageCtx,
    form: Option<Extension<UploadForm>>,
) -> PageResult<Response> {
    let form = super::projects::upload_of(form)?;
    let file = form.file("file")?;
    let up = upload_fields(
        &form,
        file.data.to_vec(),
        file.file_name.clone().unwrap_or_default(),
    )?;
    let report = dry_run(&state, &up).await?;
    let writes = report
        .changes
        .iter()
        .filter(|c| matches!(c.action, Action::New | Action::Changed))
        .count();
    let held = report
        .changes
        .iter()
        .any(|c| c.held && matches!(c.action, Action::New | Action::Changed));
    let body = html! {
        p { strong { (up.file_name) } }
        (changes_table(&ctx, &report))
        @if report.is_clean() && writes > 0 {
            form.confirm id="import-confirm" method="post" action="/figures/import/confirm" enctype="multipart/form-data" {
                input type="hidden" name=(CSRF_FIELD) value=(ctx.form_token);
                input type="hidden" name="kind" value=(up.kind);
                input type="hidden" name="region" value=(up.region);
                input type="hidden" name="year" value=(up.year.map(|y| y.to_string()).unwrap_or_default());
                input type="hidden" name="file_name" value=(up.file_name);
                input type="hidden" name="data" value=(to_hex(&up.data));
                @if held {
                    label { (ctx.t("reason_hint")) " "
                        input type="text" name="reason" size="40" maxlength="2000" required;
                    }
                }
                button.primary type="submit" id="confirm-import" { (ctx.t("confirm_import")) " (" (writes) ")" }
            }
        } @else if report.is_clean() {
            p.note { (ctx.t("nothing_to_import")) }
        }
        p { a href={ "/figures/import?region=" (enc(&up.region)) } { "← " (ctx.t("back")) } }
    };
    let status = if report.is_clean() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render_with(&ctx, status, ctx.t("import_preview"), body))
}

/// Confirms a previewed import: reads and checks the file again, then writes it all or nothing.
pub async fn figures_import_confirm(
    State(state): State<AppState>,
    ctx: PageCtx,
    form: Option<Extension<UploadForm>>,
) -> PageResult<Response> {
    let form = super::projects::upload_of(form)?;
    let data = form
        .text("data")
        .and_then(|h| from_hex(&h))
        .ok_or_else(|| WebError::BadRequest("the confirmed file is missing or damaged".into()))?;
    let up = upload_fields(&form, data, form.text("file_name").unwrap_or_default())?;
    let mut report = dry_run(&state, &up).await?;
    let options = ImportOptions {
        reason: form.text("reason").filter(|r| !r.is_empty()),
    };
    imports::apply(state.backend(), &mut report, &options, &ctx.viewer.actor()).await?;
    let written = report
        .changes
        .iter()
        .filter(|c| matches!(c.action, Action::New | Action::Changed))
        .count();
    Ok(Redirect::to(&format!(
        "/figures/import?region={}&written={written}",
        enc(&up.region)
    ))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(from_hex(&to_hex(&bytes)), Some(bytes));
        assert_eq!(from_hex("abc"), None);
        assert_eq!(from_hex("zz"), None);
    }
}
