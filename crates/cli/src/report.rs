//! `planwatch report` and `planwatch export`: the year-end report (annexes, draft, charts) and
//! flat tables for spreadsheets, written to a file.

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use planwatch_domain::{Rules, judge};
use planwatch_report::{Format, RenderOptions, ReportInput, export};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Docx,
    Xlsx,
    Html,
    Md,
    Txt,
}

impl From<ReportFormat> for Format {
    fn from(f: ReportFormat) -> Self {
        match f {
            ReportFormat::Docx => Format::Docx,
            ReportFormat::Xlsx => Format::Xlsx,
            ReportFormat::Html => Format::Html,
            ReportFormat::Md => Format::Md,
            ReportFormat::Txt => Format::Txt,
        }
    }
}

#[derive(Args)]
pub struct ReportArgs {
    #[arg(long)]
    region: String,
    /// The new plan's year Y: 附件1 shows Y-1's targets and actuals, 附件2 Y's targets.
    #[arg(long)]
    year: i32,
    #[arg(long, value_enum)]
    format: ReportFormat,
    /// Output file.
    #[arg(short = 'o', long)]
    output: PathBuf,
    /// A CJK font file for the charts in Word output (default: WenQuanYi or Noto CJK if installed).
    #[arg(long)]
    font: Option<PathBuf>,
    /// Leave the charts out.
    #[arg(long)]
    no_charts: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportTable {
    /// The indicators with targets and actuals.
    Indicators,
    /// The indicators with their judgements.
    Evaluation,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Json,
}

#[derive(Args)]
pub struct TableExportArgs {
    #[arg(long)]
    region: String,
    #[arg(long)]
    year: i32,
    #[arg(long, value_enum)]
    table: ExportTable,
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Output file.
    #[arg(short = 'o', long)]
    output: PathBuf,
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
    Ok(())
}

pub async fn report(db: &str, rules: &Rules, args: ReportArgs) -> Result<()> {
    let store = crate::open_store(db, false).await?;
    let prev = args.year - 1;
    let last = store.load_plan(&args.region, prev).await?;
    let current = store.load_plan(&args.region, args.year).await?;
    if last.is_none() && current.is_none() {
        let years = store.plan_years(&args.region).await?;
        let years: Vec<String> = years.iter().map(|y| y.to_string()).collect();
        bail!(
            "no plan for {} in {prev} or {} (years with a plan: {})",
            args.region,
            args.year,
            if years.is_empty() {
                "none".to_string()
            } else {
                years.join(", ")
            }
        );
    }
    for (y, p) in [(prev, &last), (args.year, &current)] {
        if p.is_none() {
            eprintln!(
                "note: no {y} plan for {}; its annex is left out",
                args.region
            );
        }
    }
    let mut input = ReportInput::new(&args.region, args.year, last, current, rules);
    add_ledgers(store.as_ref(), &mut input, &args.region, prev, args.year).await?;
    let options = RenderOptions {
        cjk_font: args.font,
        no_charts: args.no_charts,
    };
    let format = Format::from(args.format);
    if format == Format::Docx
        && !options.no_charts
        && planwatch_report::chart::find_cjk_font(options.cjk_font.as_deref()).is_none()
    {
        eprintln!(
            "note: no CJK font found; charts are left out of the Word file (install fonts-wqy-microhei or pass --font)"
        );
    }
    let bytes = planwatch_report::render_with(&input, format, &options)?;
    write(&args.output, &bytes)
}

pub async fn export_table(db: &str, rules: &Rules, args: TableExportArgs) -> Result<()> {
    let store = crate::open_store(db, false).await?;
    let plan = planwatch_service::load_plan(store.as_ref(), &args.region, args.year).await?;
    let table = match args.table {
        ExportTable::Indicators => export::indicators(&plan),
        ExportTable::Evaluation => export::evaluation(&plan, &judge::judge_plan(&plan, rules)),
    };
    let bytes = match args.format {
        ExportFormat::Csv => export::to_csv(&table),
        ExportFormat::Xlsx => export::to_xlsx(&table)?,
        ExportFormat::Json => export::to_json(&table),
    };
    write(&args.output, &bytes)
}

/// Adds the key-project and livelihood figures the database holds for the two years.
async fn add_ledgers(
    store: &dyn planwatch_store::Store,
    input: &mut ReportInput,
    region: &str,
    prev: i32,
    year: i32,
) -> Result<()> {
    use planwatch_domain::projects::{FigureOptions, report};
    use planwatch_service::ledgers;
    let done = ledgers::load_projects(store, region, prev).await?;
    if !done.projects.is_empty() {
        let planned = ledgers::load_projects(store, region, year).await?;
        let mut months: std::collections::BTreeMap<u8, rust_decimal::Decimal> = Default::default();
        for m in &done.monthly {
            *months.entry(m.month).or_default() += m.cumulative_completed;
        }
        input.projects = Some(planwatch_report::ProjectsInput {
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
    Ok(())
}
