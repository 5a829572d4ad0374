//! 报告下载: the year-end report with its annex tables (docx, xlsx, html) and the indicator
//! tables (xlsx, csv), written by `planwatch_service::report` — the same functions as
//! `planwatch report` and `planwatch export-table`, so a file from the web is the file the CLI
//! writes for the same data.

use super::{PageCtx, region_year, render};
use crate::AppState;
use crate::error::{PageResult, WebError};
use crate::i18n::Lang;
use crate::util::{Params, enc};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::html;
use planwatch_report::{Format, RenderOptions};
use planwatch_service::report::{TableFormat, TableKind};
use std::collections::HashMap;

/// The report formats offered for download.
pub const REPORT_FORMATS: [Format; 3] = [Format::Docx, Format::Xlsx, Format::Html];
/// The table formats offered for download.
pub const TABLE_FORMATS: [TableFormat; 2] = [TableFormat::Xlsx, TableFormat::Csv];

fn content_type(extension: &str) -> &'static str {
    match extension {
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "html" => "text/html; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "json" => "application/json",
        _ => "text/plain; charset=utf-8",
    }
}

/// A file to save (never shown inline, so a downloaded HTML report cannot run in the app's
/// origin), named in Chinese with an ASCII fallback.
pub fn file_download(bytes: Vec<u8>, file_name: &str) -> Response {
    let extension = file_name.rsplit('.').next().unwrap_or("");
    (
        [
            (header::CONTENT_TYPE, content_type(extension).to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"planwatch.{extension}\"; filename*=UTF-8''{}",
                    enc(file_name)
                ),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The report options of the web app: charts drawn with the system's CJK font when there is
/// one, as the CLI does by default.
fn options() -> RenderOptions {
    RenderOptions::default()
}

pub fn parse_report_format(s: Option<&str>) -> Result<Format, WebError> {
    let s = s.unwrap_or("docx");
    Format::parse(s).ok_or_else(|| {
        WebError::BadRequest(format!(
            "format must be docx, xlsx, html, md or txt, not {s:?}"
        ))
    })
}

pub fn parse_table(s: Option<&str>) -> Result<TableKind, WebError> {
    let s = s.unwrap_or("indicators");
    TableKind::parse(s).ok_or_else(|| {
        WebError::BadRequest(format!("table must be indicators or evaluation, not {s:?}"))
    })
}

pub fn parse_table_format(s: Option<&str>) -> Result<TableFormat, WebError> {
    let s = s.unwrap_or("xlsx");
    TableFormat::parse(s)
        .ok_or_else(|| WebError::BadRequest(format!("format must be xlsx, csv or json, not {s:?}")))
}

/// The report for plan year `year` as a file.
pub async fn report_file(
    state: &AppState,
    region: &str,
    year: i32,
    format: Format,
) -> Result<Response, WebError> {
    let done = planwatch_service::report::render_report(
        state.data(),
        region,
        year,
        &state.config().rules,
        format,
        &options(),
    )
    .await?;
    for note in &done.notes {
        tracing::info!(%region, year, "report: {note}");
    }
    Ok(file_download(done.bytes, &done.file_name))
}

/// An indicator table as a file.
pub async fn table_file(
    state: &AppState,
    region: &str,
    year: i32,
    table: TableKind,
    format: TableFormat,
) -> Result<Response, WebError> {
    let (bytes, name) = planwatch_service::report::indicator_table(
        state.data(),
        region,
        year,
        &state.config().rules,
        table,
        format,
    )
    .await?;
    Ok(file_download(bytes, &name))
}

/// 报告下载: what can be downloaded for a region-year.
pub async fn downloads_page(
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
    let q = format!("region={}&year={year}", enc(&region));
    let report_name = |f: Format| match f {
        Format::Docx => "Word",
        Format::Xlsx => "Excel",
        Format::Html => lang.pick("网页", "Web page"),
        Format::Md => "Markdown",
        Format::Txt => lang.pick("纯文本", "Plain text"),
    };
    let table_name = |f: TableFormat| match f {
        TableFormat::Xlsx => "Excel",
        TableFormat::Csv => "CSV",
        TableFormat::Json => "JSON",
    };
    let tables = [
        (
            TableKind::Indicators,
            lang.pick("主要指标（目标与实际）", "Indicators (targets and actuals)"),
        ),
        (
            TableKind::Evaluation,
            lang.pick("指标完成情况（含评价）", "Indicators judged"),
        ),
    ];
    let body = html! {
        (super::year_picker(&ctx, "/downloads", &region, Some(year), &years, html! {}))
        section.card id="report-downloads" {
            h2 { (lang.pick("年度计划报告及附表", "The year's plan report with its annex tables")) }
            p.note {
                @match lang {
                    Lang::Zh => { "附件1为" (year - 1) "年主要指标目标与完成情况，附件2为" (year) "年主要预期目标；与命令行 planwatch report 生成的文件相同。" }
                    Lang::En => { "Annex 1: " (year - 1) " targets and results; annex 2: " (year) " targets. The same file as planwatch report writes." }
                }
            }
            ul.downloads {
                @for f in REPORT_FORMATS {
                    li { a.button href={ "/downloads/report?" (q) "&format=" (f.extension()) } data-format=(f.extension()) {
                        (report_name(f)) " (." (f.extension()) ")" } }
                }
            }
        }
        section.card id="table-downloads" {
            h2 { (lang.pick("指标表", "Indicator tables")) " · " (year) }
            table.grid {
                tbody {
                    @for (kind, label) in tables {
                        tr {
                            th { (label) }
                            @for f in TABLE_FORMATS {
                                td { a href={ "/downloads/table?" (q) "&table=" (kind.as_str()) "&format=" (f.extension()) } { (table_name(f)) } }
                            }
                        }
                    }
                }
            }
        }
    };
    let title = format!("{region} {year} {}", lang.pick("报告下载", "Downloads"));
    Ok(render(&ctx, &title, body).into_response())
}

/// The report as a file: `?region=&year=&format=docx|xlsx|html|md|txt`.
pub async fn download_report(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, year, _) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let format = parse_report_format(params.str("format"))?;
    Ok(report_file(&state, &region, year, format).await?)
}

/// An indicator table as a file: `?region=&year=&table=indicators|evaluation&format=xlsx|csv`.
pub async fn download_table(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, year, _) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let table = parse_table(params.str("table"))?;
    let format = parse_table_format(params.str("format"))?;
    Ok(table_file(&state, &region, year, table, format).await?)
}
