//! The year-end report and the indicator tables, assembled once for every front end: the CLI's
//! `planwatch report` / `planwatch export-table` and the web's downloads call the same
//! functions, so a file from either is the same for the same data.
//!
//! A report for plan year Y reads the Y-1 plan (targets and actuals, judged), the Y plan
//! (targets), the Y-1 and Y project ledgers and Y-1's livelihood projects. Run on a published
//! view of the store it reports published data only.

use crate::{ServiceError, ServiceResult, ledgers, load_plan};
use planwatch_domain::projects::{FigureOptions, report};
use planwatch_domain::{Rules, judge};
use planwatch_report::{Format, ProjectsInput, RenderOptions, ReportInput, export};
use planwatch_store::{Store, StoreError};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A written report with what the reader of the file should know.
#[derive(Debug, Clone)]
pub struct RenderedReport {
    pub bytes: Vec<u8>,
    pub format: Format,
    /// What was left out and why ("no 2023 plan: its annex is left out"), in English for logs
    /// and the CLI.
    pub notes: Vec<String>,
    /// The file name to offer: `江北区2024年计划报告.docx`.
    pub file_name: String,
}

fn report_error(e: planwatch_report::ReportError) -> ServiceError {
    ServiceError::Store(StoreError::Invalid(e.to_string()))
}

/// Everything the report for plan year `year` is written from.
pub async fn report_input(
    store: &dyn Store,
    region: &str,
    year: i32,
    rules: &Rules,
) -> ServiceResult<(ReportInput, Vec<String>)> {
    let prev = year - 1;
    let last = store.load_plan(region, prev).await?;
    let current = store.load_plan(region, year).await?;
    if last.is_none() && current.is_none() {
        let years = store.plan_years(region).await?;
        let years: Vec<String> = years.iter().map(|y| y.to_string()).collect();
        return Err(ServiceError::NoPlan {
            region: region.to_string(),
            year,
            hint: format!(
                " or {prev} (years with a plan: {})",
                if years.is_empty() {
                    "none".to_string()
                } else {
                    years.join(", ")
                }
            ),
        });
    }
    let mut notes = Vec::new();
    for (y, p) in [(prev, &last), (year, &current)] {
        if p.is_none() {
            notes.push(format!("no {y} plan for {region}; its annex is left out"));
        }
    }
    let mut input = ReportInput::new(region, year, last, current, rules);
    let done = ledgers::load_projects(store, region, prev).await?;
    if !done.projects.is_empty() {
        let planned = ledgers::load_projects(store, region, year).await?;
        let mut months: BTreeMap<u8, Decimal> = BTreeMap::new();
        for m in &done.monthly {
            *months.entry(m.month).or_default() += m.cumulative_completed;
        }
        input.projects = Some(ProjectsInput {
            execution: report(&done.projects, &FigureOptions::default()),
            plan: (!planned.projects.is_empty())
                .then(|| report(&planned.projects, &FigureOptions::default())),
            monthly: months.into_iter().collect(),
        });
    }
    let livelihood = ledgers::load_livelihood(store, region, prev).await?;
    if !livelihood.candidates.is_empty() && !livelihood.progress.is_empty() {
        let (lines, _unmatched) = planwatch_domain::livelihood::progress_report(
            &livelihood.candidates,
            &livelihood.progress,
        );
        input.livelihood = Some(lines);
    }
    Ok((input, notes))
}

/// Writes the report for plan year `year` in `format`.
pub async fn render_report(
    store: &dyn Store,
    region: &str,
    year: i32,
    rules: &Rules,
    format: Format,
    options: &RenderOptions,
) -> ServiceResult<RenderedReport> {
    let (input, mut notes) = report_input(store, region, year, rules).await?;
    if format == Format::Docx
        && !options.no_charts
        && planwatch_report::chart::find_cjk_font(options.cjk_font.as_deref()).is_none()
    {
        notes.push(
            "no CJK font found; charts are left out of the Word file (install \
             fonts-wqy-microhei or pass --font)"
                .into(),
        );
    }
    let bytes = planwatch_report::render_with(&input, format, options).map_err(report_error)?;
    Ok(RenderedReport {
        bytes,
        format,
        notes,
        file_name: format!("{region}{year}年计划报告.{}", format.extension()),
    })
}

/// Which indicator table to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// The indicators with targets and actuals.
    Indicators,
    /// The indicators with their judgements.
    Evaluation,
}

impl TableKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "indicators" => Some(TableKind::Indicators),
            "evaluation" => Some(TableKind::Evaluation),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Indicators => "indicators",
            TableKind::Evaluation => "evaluation",
        }
    }
}

/// The format of an exported table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Csv,
    Xlsx,
    Json,
}

impl TableFormat {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "csv" => Some(TableFormat::Csv),
            "xlsx" => Some(TableFormat::Xlsx),
            "json" => Some(TableFormat::Json),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Xlsx => "xlsx",
            TableFormat::Json => "json",
        }
    }
}

/// A table as a file in `format`.
pub fn table_bytes(t: &export::Table, format: TableFormat) -> ServiceResult<Vec<u8>> {
    Ok(match format {
        TableFormat::Csv => export::to_csv(t),
        TableFormat::Xlsx => export::to_xlsx(t).map_err(report_error)?,
        TableFormat::Json => export::to_json(t),
    })
}

/// A region-year's indicator table as a file; returns the bytes and a file name.
pub async fn indicator_table(
    store: &dyn Store,
    region: &str,
    year: i32,
    rules: &Rules,
    table: TableKind,
    format: TableFormat,
) -> ServiceResult<(Vec<u8>, String)> {
    let plan = load_plan(store, region, year).await?;
    let t = match table {
        TableKind::Indicators => export::indicators(&plan),
        TableKind::Evaluation => export::evaluation(&plan, &judge::judge_plan(&plan, rules)),
    };
    let bytes = table_bytes(&t, format)?;
    let what = match table {
        TableKind::Indicators => "主要指标",
        TableKind::Evaluation => "指标完成情况",
    };
    Ok((
        bytes,
        format!("{region}{year}年{what}.{}", format.extension()),
    ))
}
