//! `planwatch report` and `planwatch export-table`: the year-end report (annexes, draft, charts)
//! and flat tables for spreadsheets, written to a file. Both are assembled in
//! `planwatch_service::report`, which the web app calls too.

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use planwatch_domain::Rules;
use planwatch_report::{Format, RenderOptions};
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
    let options = RenderOptions {
        cjk_font: args.font,
        no_charts: args.no_charts,
    };
    let done = planwatch_service::report::render_report(
        store.as_ref(),
        &args.region,
        args.year,
        rules,
        Format::from(args.format),
        &options,
    )
    .await?;
    for note in &done.notes {
        eprintln!("note: {note}");
    }
    write(&args.output, &done.bytes)
}

pub async fn export_table(db: &str, rules: &Rules, args: TableExportArgs) -> Result<()> {
    use planwatch_service::report::{TableFormat, TableKind, indicator_table};
    let store = crate::open_store(db, false).await?;
    let table = match args.table {
        ExportTable::Indicators => TableKind::Indicators,
        ExportTable::Evaluation => TableKind::Evaluation,
    };
    let format = match args.format {
        ExportFormat::Csv => TableFormat::Csv,
        ExportFormat::Xlsx => TableFormat::Xlsx,
        ExportFormat::Json => TableFormat::Json,
    };
    let (bytes, _name) = indicator_table(
        store.as_ref(),
        &args.region,
        args.year,
        rules,
        table,
        format,
    )
    .await?;
    write(&args.output, &bytes)
}
