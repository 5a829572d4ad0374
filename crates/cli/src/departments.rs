//! `planwatch departments`: every department's year (部门一览) — items on track, behind and not
//! yet decidable, figures owed and late, submissions sent back — as a table, JSON, CSV or the
//! Excel file of the year-end assessment; `--department` gives one department's year in full.

use crate::open_backend;
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use planwatch_domain::Rules;
use planwatch_domain::in_year::DEFAULT_TOLERANCE_PCT;
use planwatch_service::departments::YearWork;
use planwatch_service::report::TableFormat;
use std::path::PathBuf;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DepartmentsFormat {
    Table,
    Json,
    Csv,
    Xlsx,
}

#[derive(Args)]
pub struct DepartmentsArgs {
    #[arg(long)]
    region: String,
    #[arg(long)]
    year: i32,
    /// The report month the lights are read at; the latest month with project reports (else
    /// 12) when absent.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=12))]
    month: Option<u8>,
    /// The day lateness is judged at (YYYY-MM-DD); today (UTC) by default.
    #[arg(long)]
    today: Option<String>,
    /// One department's year in full (JSON), instead of the table of all.
    #[arg(long)]
    department: Option<String>,
    #[arg(long, value_enum, default_value_t = DepartmentsFormat::Table)]
    format: DepartmentsFormat,
    /// Output file (needed for xlsx; csv and json go to stdout without it).
    #[arg(short = 'o', long)]
    output: Option<PathBuf>,
}

pub async fn departments(db: &str, rules: &Rules, args: DepartmentsArgs) -> Result<()> {
    let today = crate::figures::day_of(args.today.as_deref())?;
    let store = open_backend(db, false).await?;
    let work = YearWork::load(
        store.as_ref(),
        &args.region,
        args.year,
        args.month,
        today,
        rules,
        DEFAULT_TOLERANCE_PCT,
    )
    .await?;
    let bytes = if let Some(name) = &args.department {
        let Some(one) = work.department(name) else {
            bail!(
                "{name} answers for nothing in {} {} (departments: {})",
                args.region,
                args.year,
                work.departments().join("、")
            );
        };
        if !matches!(
            args.format,
            DepartmentsFormat::Json | DepartmentsFormat::Table
        ) {
            bail!("--department gives one department's year as json only");
        }
        let mut s = serde_json::to_string_pretty(&one)?;
        s.push('\n');
        s.into_bytes()
    } else {
        match args.format {
            DepartmentsFormat::Table => table(&work).into_bytes(),
            DepartmentsFormat::Json => {
                let mut s = serde_json::to_string_pretty(&work.overview())?;
                s.push('\n');
                s.into_bytes()
            }
            DepartmentsFormat::Csv => work.overview_file(TableFormat::Csv)?.0,
            DepartmentsFormat::Xlsx => work.overview_file(TableFormat::Xlsx)?.0,
        }
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
        }
        None if args.format == DepartmentsFormat::Xlsx => {
            bail!("--format xlsx needs an output file (-o departments.xlsx)")
        }
        None => {
            use std::io::Write as _;
            std::io::stdout().lock().write_all(&bytes)?;
        }
    }
    Ok(())
}

fn table(work: &YearWork) -> String {
    let r = &work.reference;
    let mut out = format!(
        "{} {}年 部门一览（灯号按{}月，应报数据按{}月，以{}为准）\n",
        work.region, work.year, r.month, r.reporting_month, r.today
    );
    out.push_str("部门\t负责事项\t正常推进\t滞后\t尚无法判断\t应报数据\t逾期未报\t被退回\n");
    for t in work.tallies() {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            t.department,
            t.items(),
            t.on_track,
            t.behind,
            t.undecided,
            t.figures_owed,
            t.figures_late,
            t.returned
        ));
    }
    out
}
