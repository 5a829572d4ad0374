//! `planwatch import indicators|monthly FILE`: the indicator sheet and the statistics bureau's
//! monthly figures, listed as a dry run (new / changed old → new / unchanged / unmatched /
//! refused) and written only with `--apply`. Output as a table or JSON (`changes[]`, `errors[]`).

use crate::ledgers::{ImportArgs, ImportKind};
use crate::{Format, open_backend};
use anyhow::{Context, Result, bail};
use planwatch_domain::{Lang, Rules};
use planwatch_service::imports::{self, Action, ImportOptions, ImportReport};
use planwatch_store::Actor;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The JSON shape of a report: what integrations read.
#[derive(Serialize)]
struct JsonReport<'a> {
    applied: bool,
    counts: std::collections::BTreeMap<&'static str, usize>,
    changes: Vec<JsonChange<'a>>,
    errors: Vec<JsonError<'a>>,
    skipped: &'a [planwatch_office::monthly::Skipped],
}

#[derive(Serialize)]
struct JsonChange<'a> {
    region: &'a str,
    year: i32,
    indicator: &'a str,
    source: &'a str,
    period: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
    action: Action,
    similarity: Option<f64>,
    sheet: &'a str,
    cell: &'a str,
    held: bool,
    message: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    sheet: &'a str,
    cell: &'a str,
    column: Option<&'a str>,
    value: &'a str,
    expected: &'a str,
    expected_en: &'a str,
}

fn json(report: &ImportReport) -> Result<String> {
    let out = JsonReport {
        applied: report.applied,
        counts: report
            .counts()
            .into_iter()
            .map(|(a, n)| (a.label(Lang::En), n))
            .collect(),
        changes: report
            .changes
            .iter()
            .map(|c| JsonChange {
                region: &c.region,
                year: c.year,
                indicator: &c.indicator,
                source: &c.source,
                period: &c.period,
                old: c.old.as_deref(),
                new: c.new.as_deref(),
                action: c.action,
                similarity: c.similarity,
                sheet: &c.sheet,
                cell: &c.cell,
                held: c.held,
                message: c.message.as_deref(),
            })
            .collect(),
        errors: report
            .errors
            .iter()
            .map(|e| JsonError {
                sheet: &e.sheet,
                cell: &e.cell,
                column: e.column.as_deref(),
                value: &e.value,
                expected: &e.expected.zh,
                expected_en: &e.expected.en,
            })
            .collect(),
        skipped: &report.skipped,
    };
    Ok(serde_json::to_string_pretty(&out)?)
}

fn table(report: &ImportReport) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    for c in &report.changes {
        let value = match (c.action, &c.old, &c.new) {
            (Action::Changed, Some(o), Some(n)) => format!("{o} → {n}"),
            (_, _, Some(n)) => n.clone(),
            _ => String::new(),
        };
        let similar = match c.similarity {
            Some(x) if x < 1.0 => format!(" [“{}” 相似度{x:.2}]", c.source),
            _ => String::new(),
        };
        let note = match (&c.message, c.held) {
            (Some(m), true) => format!(" ⚠ {m}（需说明原因 --reason）"),
            (Some(m), false) => format!(" — {m}"),
            _ => String::new(),
        };
        let _ = writeln!(
            s,
            "{}\t{} {}\t{}\t{}\t{}\t{}!{}{}{}",
            c.action.label(Lang::Zh),
            c.region,
            c.year,
            c.indicator,
            c.period,
            value,
            c.sheet,
            c.cell,
            similar,
            note
        );
    }
    for e in &report.errors {
        let _ = writeln!(
            s,
            "错误\t工作表“{}” {}{}：值“{}”，应为{}",
            e.sheet,
            e.cell,
            e.column
                .as_deref()
                .filter(|c| !c.is_empty())
                .map(|c| format!("（{c}）"))
                .unwrap_or_default(),
            e.value,
            e.expected.zh
        );
    }
    for k in &report.skipped {
        let _ = writeln!(
            s,
            "未读\t工作表“{}” {} {}：{}",
            k.sheet, k.cell, k.value, k.reason.zh
        );
    }
    let counts: Vec<String> = report
        .counts()
        .into_iter()
        .map(|(a, n)| format!("{}{n}", a.label(Lang::Zh)))
        .collect();
    let _ = writeln!(
        s,
        "{}；错误{}。{}",
        if counts.is_empty() {
            "没有数值".to_string()
        } else {
            counts.join("，")
        },
        report.errors.len(),
        if report.applied {
            "已写入。"
        } else if report.is_clean() {
            "（试运行，未写入；加 --apply 写入）"
        } else {
            "文件有错误，未导入任何数据。"
        }
    );
    s
}

fn print(report: &ImportReport, format: Format) -> Result<()> {
    match format {
        Format::Json => outln!("{}", json(report)?)?,
        Format::Table | Format::Md => out!("{}", table(report))?,
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct FillActualsArgs {
    /// A report planwatch reads (see `planwatch read`): a 统计公报, a work report, a page, a PDF.
    file: PathBuf,
    #[arg(long)]
    region: String,
    #[arg(long)]
    year: i32,
    /// Write the new values (otherwise only list them).
    #[arg(long)]
    apply: bool,
    /// Replace actuals already stored with the file's (corrections: they need --reason).
    #[arg(long)]
    overwrite: bool,
    /// The reason for corrections and for values held by a plausibility warning (kept in the
    /// audit trail with each of them).
    #[arg(long)]
    reason: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub async fn fill_actuals(
    db: &str,
    args: FillActualsArgs,
    actor: &Actor,
    rules: &Rules,
) -> Result<()> {
    let reading = crate::reading::read_file(&args.file)?;
    if reading.figures.is_empty() {
        bail!(
            "{}: no figures read, nothing to fill ({} diagnostics; see `planwatch read`)",
            args.file.display(),
            reading.diagnostics.len()
        );
    }
    let store = open_backend(db, false).await?;
    let source = args
        .file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    let mut report = planwatch_service::actuals::fill_changes(
        store.as_ref(),
        &reading.figures,
        &source,
        &args.region,
        args.year,
        args.overwrite,
        rules,
    )
    .await?;
    finish(
        store.as_ref(),
        &mut report,
        args.apply,
        args.reason,
        args.format,
        &args.file,
        actor,
    )
    .await
}

/// Applies a clean report when asked, prints it, and fails when the file had errors.
async fn finish(
    store: &dyn planwatch_service::Backend,
    report: &mut ImportReport,
    apply: bool,
    reason: Option<String>,
    format: Format,
    path: &Path,
    actor: &Actor,
) -> Result<()> {
    let applied = if apply && report.is_clean() {
        let options = ImportOptions { reason };
        imports::apply(store, report, &options, actor).await
    } else {
        Ok(())
    };
    print(report, format)?;
    applied?;
    if !report.is_clean() {
        bail!(
            "{}: {} errors, {} refused values; nothing was imported",
            path.display(),
            report.errors.len(),
            report
                .changes
                .iter()
                .filter(|c| c.action == Action::Refused)
                .count()
        );
    }
    Ok(())
}

pub async fn import(db: &str, args: ImportArgs, actor: &Actor, rules: &Rules) -> Result<()> {
    let path = args.file.as_path();
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let format = planwatch_office::Format::from_path(path).with_context(|| {
        format!(
            "{}: expected an .xlsx, .xls, .ods or .csv file",
            path.display()
        )
    })?;
    let read = match args.kind {
        ImportKind::Indicators => planwatch_office::read_indicators(&bytes, format).map(Ok),
        _ => planwatch_office::read_monthly(&bytes, format).map(Err),
    };
    let parsed = match read {
        Ok(p) => p,
        Err(e) => {
            print(&imports::read_failure(&e), args.format)?;
            bail!("{}: {e}", path.display());
        }
    };
    let store = open_backend(db, false).await?;
    let mut report = match parsed {
        Ok(sheet) => {
            let (Some(region), Some(year)) = (args.region.as_deref(), args.year) else {
                bail!("importing indicators needs --region and --year");
            };
            imports::indicator_changes(store.as_ref(), &sheet, region, year, rules).await?
        }
        Err(file) => {
            imports::monthly_changes(
                store.as_ref(),
                &file,
                args.region.as_deref(),
                args.year,
                rules,
            )
            .await?
        }
    };
    finish(
        store.as_ref(),
        &mut report,
        args.apply,
        args.reason.clone(),
        args.format,
        path,
        actor,
    )
    .await
}

#[derive(clap::Subcommand)]
pub enum FiguresCommand {
    /// The figures owed for month M (1-M月, the quarter's, or the year's for annual
    /// indicators), by department: due, late, submitted, approved. The calendar is the
    /// `[calendar]` section of the rules (`planwatch rules`).
    Due {
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=12))]
        month: u8,
        /// One region; every region with a plan for the year when absent.
        #[arg(long)]
        region: Option<String>,
        /// The plan year; this year when absent.
        #[arg(long)]
        year: Option<i32>,
        /// The day to judge lateness at (YYYY-MM-DD); today (UTC) by default.
        #[arg(long)]
        today: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// `--today` (YYYY-MM-DD) as a calendar day; today (UTC) when absent.
pub fn day_of(today: Option<&str>) -> Result<planwatch_domain::calendar::Day> {
    use planwatch_domain::projects::PlanDate;
    let today = match today {
        Some(t) => PlanDate::parse(t).map_err(|e| anyhow::anyhow!("--today {t:?}: {}", e.0))?,
        None => crate::ledgers::today_utc(),
    };
    Ok(planwatch_domain::calendar::Day {
        year: today.year,
        month: today.month,
        day: today.day.unwrap_or(1),
    })
}

pub async fn figures(db: &str, command: FiguresCommand, rules: &Rules) -> Result<()> {
    use planwatch_domain::calendar::Standing;
    let FiguresCommand::Due {
        month,
        region,
        year,
        today,
        format,
    } = command;
    let today = day_of(today.as_deref())?;
    let year = year.unwrap_or(today.year);
    let store = open_backend(db, false).await?;
    let regions = match region {
        Some(r) => vec![r],
        None => {
            let mut list = Vec::new();
            for r in store.regions().await? {
                if store.plan_years(&r.name).await?.contains(&year) {
                    list.push(r.name);
                }
            }
            list
        }
    };
    let mut owed = Vec::new();
    for r in &regions {
        owed.extend(
            planwatch_service::figures::owed(store.as_ref(), r, year, month, today, rules).await?,
        );
    }
    if format == Format::Json {
        outln!("{}", serde_json::to_string_pretty(&owed)?)?;
        return Ok(());
    }
    let mut department = None;
    for o in &owed {
        if department != Some((&o.region, &o.department)) {
            department = Some((&o.region, &o.department));
            let mine: Vec<_> = owed
                .iter()
                .filter(|x| x.region == o.region && x.department == o.department)
                .collect();
            let counts: Vec<String> = Standing::ALL
                .iter()
                .map(|s| {
                    format!(
                        "{}{}",
                        s.label_zh(),
                        mine.iter().filter(|x| x.standing == *s).count()
                    )
                })
                .collect();
            outln!("{} {}（{}）", o.region, o.department, counts.join("，"))?;
        }
        outln!(
            "  {}\t{}\t{}\t截止{}\t{}{}",
            o.standing.label_zh(),
            o.indicator,
            o.period,
            o.due,
            o.frequency.label_zh(),
            o.value
                .as_deref()
                .map(|v| format!("\t{v}"))
                .unwrap_or_default()
        )?;
    }
    let late = owed.iter().filter(|o| o.standing == Standing::Late).count();
    outln!("{year}年{month}月：应报{}项，逾期{late}项", owed.len())?;
    Ok(())
}
