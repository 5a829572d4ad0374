//! `planwatch import|export|projects|vote|tasks`: the three ledgers from and to Excel/CSV, their
//! figures, lights and the vote tally.

use crate::{Format, open_store};
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use planwatch_domain::projects::{LightRules, PlanDate};
use planwatch_domain::tasks::{DeadlineRules, deadline_lights};
use planwatch_office::{LivelihoodLedger, ProjectLedger, TaskLedger};
use planwatch_service::ledgers;
use planwatch_store::Actor;
use std::fmt::Write;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportKind {
    /// 重点项目 (+ optional sheet 月度进度, or --monthly FILE.csv)
    Projects,
    /// 民生实事候选 (+ optional sheets 票决 and 民生实事进度)
    Livelihood,
    /// 票决: ballots against the stored candidate list
    Votes,
    /// 民生实事进度: progress against the stored candidate list
    Progress,
    /// 重点任务
    Tasks,
    /// The plan's indicator sheet (附件2 layout: 序号, 指标名称, 属性, 预期目标, 实际完成, 责任单位);
    /// a dry run unless --apply
    Indicators,
    /// Monthly 1-m月 figures from a 统计月报 (periods across, one sheet per month, or a long
    /// table 地区, 年度, 指标, 月份, 数值); a dry run unless --apply
    Monthly,
}

#[derive(Args)]
pub struct ImportArgs {
    pub(crate) kind: ImportKind,
    /// An .xlsx (or .xls/.ods) workbook or a .csv file.
    pub(crate) file: PathBuf,
    /// The region (a long monthly file may give it in a 地区 column instead).
    #[arg(long)]
    pub(crate) region: Option<String>,
    /// The plan year (a monthly file may give it in a 年度 column or its title instead).
    #[arg(long)]
    pub(crate) year: Option<i32>,
    /// With a CSV project ledger: the 月度进度 table as a second CSV.
    #[arg(long)]
    monthly: Option<PathBuf>,
    /// Indicators and monthly figures: write the changes (otherwise only list them).
    #[arg(long)]
    pub(crate) apply: bool,
    /// Indicators and monthly figures: the reason for values held by a plausibility warning
    /// (kept in the audit trail with each of them).
    #[arg(long)]
    pub(crate) reason: Option<String>,
    /// Indicators and monthly figures: how to list the changes.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub(crate) format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    Projects,
    Livelihood,
    Tasks,
    /// The indicator sheet in the import template (附件2 layout).
    Indicators,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    Xlsx,
    Csv,
}

#[derive(Args)]
pub struct ExportArgs {
    kind: ExportKind,
    #[arg(long)]
    region: String,
    #[arg(long)]
    year: i32,
    #[arg(long, value_enum, default_value_t = FileFormat::Xlsx)]
    format: FileFormat,
    /// Output file. With CSV, the extra tables go beside it (`NAME.月度进度.csv`, …).
    #[arg(short, long)]
    output: PathBuf,
    /// Indicators: leave 预期目标 and 实际完成 blank, to be filled in.
    #[arg(long)]
    blank: bool,
}

#[derive(Subcommand)]
pub enum ProjectsCommand {
    /// Figures overall and by category, phase, unit and street, with the report paragraph.
    Summary {
        #[arg(long)]
        region: String,
        #[arg(long)]
        year: i32,
        /// Figures cumulative to the end of this month (uses the monthly reports).
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=12))]
        month: Option<u8>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Each project's traffic light at the end of a month, with reasons.
    Lights {
        #[arg(long)]
        region: String,
        #[arg(long)]
        year: i32,
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=12))]
        month: u8,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Carry unfinished projects over into the next year's ledger.
    Rollover {
        #[arg(long)]
        region: String,
        /// The year to carry over from; the new ledger is year + 1.
        #[arg(long)]
        year: i32,
        /// Replace a ledger that year + 1 already has (otherwise refused).
        #[arg(long)]
        replace: bool,
    },
}

#[derive(Subcommand)]
pub enum VoteCommand {
    /// Count the ballots and adopt candidates by the default rule.
    Tally {
        #[arg(long)]
        region: String,
        #[arg(long)]
        year: i32,
        /// How many projects are adopted.
        #[arg(long)]
        seats: usize,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Subcommand)]
pub enum TasksCommand {
    /// The key-task measures with their deadline lights.
    List {
        #[arg(long)]
        region: String,
        #[arg(long)]
        year: i32,
        /// The day to judge deadlines at (YYYY-MM-DD); today by default.
        #[arg(long)]
        today: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

fn file_format(path: &Path) -> Result<planwatch_office::Format> {
    planwatch_office::Format::from_path(path).with_context(|| {
        format!(
            "{}: expected an .xlsx, .xls, .ods or .csv file",
            path.display()
        )
    })
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

fn import_error(path: &Path, e: planwatch_office::ImportError) -> anyhow::Error {
    anyhow::anyhow!("{}: {e}", path.display())
}

pub async fn import(
    db: &str,
    args: ImportArgs,
    actor: &Actor,
    rules: &planwatch_domain::Rules,
) -> Result<()> {
    use planwatch_office::Format as F;
    if matches!(args.kind, ImportKind::Indicators | ImportKind::Monthly) {
        return crate::figures::import(db, args, actor, rules).await;
    }
    let bytes = read(&args.file)?;
    let format = file_format(&args.file)?;
    let (Some(region), Some(year)) = (args.region.as_deref(), args.year) else {
        bail!("importing a ledger needs --region and --year");
    };
    let path = args.file.as_path();
    // Parse the whole file before opening the database: a bad file changes nothing.
    let store = match args.kind {
        ImportKind::Projects => {
            let monthly = args.monthly.as_deref().map(read).transpose()?;
            let ledger = match format {
                F::Xlsx => ProjectLedger::read_xlsx(&bytes, year),
                F::Csv => ProjectLedger::read_csv(&bytes, monthly.as_deref(), year),
            }
            .map_err(|e| import_error(path, e))?;
            let store = open_store(db, true).await?;
            ledgers::save_projects(store.as_ref(), region, year, &ledger, actor).await?;
            outln!(
                "imported {} projects and {} monthly reports into {region} {year}",
                ledger.projects.len(),
                ledger.monthly.len()
            )?;
            store
        }
        ImportKind::Livelihood => {
            let ledger = match format {
                F::Xlsx => LivelihoodLedger::read_xlsx(&bytes),
                F::Csv => LivelihoodLedger::read_csv(&bytes, None, None),
            }
            .map_err(|e| import_error(path, e))?;
            let store = open_store(db, true).await?;
            ledgers::save_livelihood(store.as_ref(), region, year, &ledger, actor).await?;
            outln!(
                "imported {} candidates, {} ballots and {} progress rows into {region} {year}",
                ledger.candidates.len(),
                ledger.ballots.len(),
                ledger.progress.len()
            )?;
            store
        }
        ImportKind::Votes | ImportKind::Progress => {
            let store = open_store(db, false).await?;
            let stored = ledgers::load_livelihood(store.as_ref(), region, year).await?;
            if stored.candidates.is_empty() {
                bail!(
                    "{region} {year} has no livelihood candidate list: import one first with `planwatch import livelihood`"
                );
            }
            if args.kind == ImportKind::Votes {
                let ballots = match format {
                    F::Xlsx => planwatch_office::read_ballots_xlsx(&bytes, &stored.candidates),
                    F::Csv => planwatch_office::read_ballots_csv(&bytes, &stored.candidates),
                }
                .map_err(|e| import_error(path, e))?;
                ledgers::save_ballots(store.as_ref(), region, year, &ballots, actor).await?;
                outln!("imported {} ballots into {region} {year}", ballots.len())?;
            } else {
                let progress = match format {
                    F::Xlsx => planwatch_office::read_progress_xlsx(&bytes, &stored.candidates),
                    F::Csv => planwatch_office::read_progress_csv(&bytes, &stored.candidates),
                }
                .map_err(|e| import_error(path, e))?;
                ledgers::save_livelihood_progress(store.as_ref(), region, year, &progress, actor)
                    .await?;
                outln!(
                    "imported {} progress rows into {region} {year}",
                    progress.len()
                )?;
            }
            store
        }
        ImportKind::Indicators | ImportKind::Monthly => unreachable_kind()?,
        ImportKind::Tasks => {
            let ledger = match format {
                F::Xlsx => TaskLedger::read_xlsx(&bytes, year),
                F::Csv => TaskLedger::read_csv(&bytes, year),
            }
            .map_err(|e| import_error(path, e))?;
            let store = open_store(db, true).await?;
            ledgers::save_tasks(store.as_ref(), region, year, &ledger, actor).await?;
            outln!(
                "imported {} task measures into {region} {year}",
                ledger.measures.len()
            )?;
            store
        }
    };
    drop(store);
    Ok(())
}

fn unreachable_kind() -> Result<std::sync::Arc<dyn planwatch_store::Store>> {
    bail!("indicator and monthly imports are handled before the ledgers")
}

/// `out.csv` → `out.<table>.csv`, for the extra tables of a CSV export.
fn sibling(path: &Path, table: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{stem}.{table}.csv"))
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    outln!("wrote {}", path.display())?;
    Ok(())
}

pub async fn export(db: &str, args: ExportArgs) -> Result<()> {
    let store = open_store(db, false).await?;
    let (region, year, out) = (args.region.as_str(), args.year, args.output.as_path());
    match args.kind {
        ExportKind::Projects => {
            let ledger = ledgers::load_projects(store.as_ref(), region, year).await?;
            match args.format {
                FileFormat::Xlsx => write(out, &ledger.write_xlsx(year)?)?,
                FileFormat::Csv => {
                    write(out, &ledger.projects_csv()?)?;
                    if !ledger.monthly.is_empty() {
                        write(&sibling(out, "月度进度"), &ledger.monthly_csv(year)?)?;
                    }
                }
            }
        }
        ExportKind::Livelihood => {
            let ledger = ledgers::load_livelihood(store.as_ref(), region, year).await?;
            match args.format {
                FileFormat::Xlsx => write(out, &ledger.write_xlsx()?)?,
                FileFormat::Csv => {
                    write(out, &ledger.candidates_csv()?)?;
                    if !ledger.ballots.is_empty() {
                        write(&sibling(out, "票决"), &ledger.ballots_csv()?)?;
                    }
                    if !ledger.progress.is_empty() {
                        write(&sibling(out, "民生实事进度"), &ledger.progress_csv()?)?;
                    }
                }
            }
        }
        ExportKind::Tasks => {
            let ledger = ledgers::load_tasks(store.as_ref(), region, year).await?;
            match args.format {
                FileFormat::Xlsx => write(out, &ledger.write_xlsx()?)?,
                FileFormat::Csv => write(out, &ledger.write_csv()?)?,
            }
        }
        ExportKind::Indicators => {
            let plan = store.load_plan(region, year).await?;
            if plan.is_none() {
                eprintln!("{region} {year} has no plan: writing the template with headers only");
            }
            let filled = !args.blank;
            match args.format {
                FileFormat::Xlsx => write(
                    out,
                    &planwatch_office::write_indicators_xlsx(plan.as_ref(), filled)?,
                )?,
                FileFormat::Csv => write(
                    out,
                    &planwatch_office::write_indicators_csv(plan.as_ref(), filled)?,
                )?,
            }
        }
    }
    Ok(())
}

fn pct(d: Option<rust_decimal::Decimal>) -> String {
    d.map(|r| {
        format!(
            "{}%",
            (r * rust_decimal::Decimal::ONE_HUNDRED)
                .round_dp(1)
                .normalize()
        )
    })
    .unwrap_or_else(|| "—".into())
}

pub async fn projects(db: &str, command: ProjectsCommand, actor: &Actor) -> Result<()> {
    match command {
        ProjectsCommand::Summary {
            region,
            year,
            month,
            format,
        } => {
            let store = open_store(db, false).await?;
            let summary =
                ledgers::project_summary(store.as_ref(), &region, year, month, None).await?;
            if format == Format::Json {
                outln!("{}", serde_json::to_string_pretty(&summary)?)?;
                return Ok(());
            }
            let mut out = String::new();
            let o = &summary.report.overall;
            writeln!(
                out,
                "{region} {year}年重点项目{}",
                month.map(|m| format!("（1-{m}月）")).unwrap_or_default()
            )?;
            writeln!(
                out,
                "项目{}个（新开工{}、续建{}、前期{}），总投资{}亿元，年度计划{}亿元，完成{}亿元",
                o.projects,
                o.new_projects,
                o.continuing_projects,
                o.preparatory_projects,
                o.total_investment.normalize(),
                o.annual_plan.normalize(),
                o.completed_investment.normalize()
            )?;
            writeln!(
                out,
                "开工率{}，投资进度{}，同比增长{}，建成{}个",
                pct(o.start_rate),
                pct(o.investment_progress),
                pct(o.yoy_growth),
                o.completed_projects
            )?;
            for (title, groups) in [
                ("按投资类别", &summary.report.by_category),
                ("按项目阶段", &summary.report.by_phase),
            ] {
                writeln!(out, "{title}：")?;
                for g in groups {
                    let f = &g.figures;
                    writeln!(
                        out,
                        "  {}：{}个，年度计划{}亿元，完成{}亿元，投资进度{}",
                        g.key,
                        f.projects,
                        f.annual_plan.normalize(),
                        f.completed_investment.normalize(),
                        pct(f.investment_progress)
                    )?;
                }
            }
            // A ledger with nothing completed yet is a plan: say what is planned.
            if o.completed_investment.is_zero() {
                writeln!(out, "\n{}", summary.plan_paragraph)?;
            } else {
                writeln!(out, "\n{}", summary.paragraph)?;
            }
            out!("{out}")?;
        }
        ProjectsCommand::Lights {
            region,
            year,
            month,
            format,
        } => {
            let store = open_store(db, false).await?;
            let lights = ledgers::project_lights(
                store.as_ref(),
                &region,
                year,
                month,
                &LightRules::default(),
            )
            .await?;
            if format == Format::Json {
                outln!("{}", serde_json::to_string_pretty(&lights)?)?;
                return Ok(());
            }
            for l in lights.iter().filter(|l| !l.reasons.is_empty()) {
                let reasons: Vec<String> = l.reasons.iter().map(|r| r.to_string()).collect();
                outln!("{}\t{}\t{}", l.code, l.light.label(), reasons.join("；"))?;
            }
            let count = |x| lights.iter().filter(|l| l.light == x).count();
            use planwatch_domain::projects::Light;
            outln!(
                "绿灯{}个，黄灯{}个，红灯{}个",
                count(Light::Green),
                count(Light::Yellow),
                count(Light::Red)
            )?;
        }
        ProjectsCommand::Rollover {
            region,
            year,
            replace,
        } => {
            let store = open_store(db, false).await?;
            let existing = ledgers::load_projects(store.as_ref(), &region, year + 1).await?;
            if !existing.projects.is_empty() && !replace {
                bail!(
                    "{region} {} already has a project ledger ({} projects); pass --replace to overwrite it",
                    year + 1,
                    existing.projects.len()
                );
            }
            let ledger = ledgers::load_projects(store.as_ref(), &region, year).await?;
            if ledger.projects.is_empty() {
                bail!("{region} {year} has no project ledger to carry over");
            }
            let next = ProjectLedger {
                projects: planwatch_domain::projects::rollover(&ledger.projects, year + 1),
                monthly: Vec::new(),
            };
            ledgers::save_projects(store.as_ref(), &region, year + 1, &next, actor).await?;
            outln!(
                "carried {} of {} projects over into {region} {}",
                next.projects.len(),
                ledger.projects.len(),
                year + 1
            )?;
        }
    }
    Ok(())
}

pub async fn vote(db: &str, command: VoteCommand) -> Result<()> {
    let VoteCommand::Tally {
        region,
        year,
        seats,
        format,
    } = command;
    let store = open_store(db, false).await?;
    let tally = ledgers::vote_tally(store.as_ref(), &region, year, seats).await?;
    if format == Format::Json {
        outln!("{}", serde_json::to_string_pretty(&tally)?)?;
        return Ok(());
    }
    outln!(
        "{region} {year}年民生实事票决：投票{}张，有效{}张，应到（出席）{}人，过半数需{}票",
        tally.ballots_cast,
        tally.valid_ballots,
        tally.present,
        tally.majority_needed
    )?;
    for c in &tally.candidates {
        outln!(
            "{}\t{}\t赞成{}\t反对{}\t弃权{}{}",
            c.seq,
            c.name,
            c.for_votes,
            c.against,
            c.abstain,
            if c.majority { "" } else { "\t未过半数" }
        )?;
    }
    outln!(
        "当选（{}项）：{}",
        tally.adopted.len(),
        tally.adopted.join("、")
    )?;
    if let Some(tie) = &tally.tie {
        outln!(
            "票数相同（各{}票）争夺剩余{}个名额：{}，需另行决定",
            tie.votes,
            tie.seats_left,
            tie.candidates.join("、")
        )?;
    }
    for inv in &tally.invalid {
        let reasons: Vec<String> = inv.reasons.iter().map(|r| r.to_string()).collect();
        outln!(
            "无效票：第{}张（代表{}）：{}",
            inv.index + 1,
            inv.deputy,
            reasons.join("；")
        )?;
    }
    for w in &tally.warnings {
        outln!("注意：{w}")?;
    }
    Ok(())
}

pub async fn tasks(db: &str, command: TasksCommand) -> Result<()> {
    let TasksCommand::List {
        region,
        year,
        today,
        format,
    } = command;
    let today = match today {
        Some(t) => PlanDate::parse(&t).map_err(|e| anyhow::anyhow!("--today {t:?}: {}", e.0))?,
        None => today_utc(),
    };
    let store = open_store(db, false).await?;
    let ledger = ledgers::load_tasks(store.as_ref(), &region, year).await?;
    let lights = deadline_lights(&ledger.measures, today, &DeadlineRules::default());
    if format == Format::Json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "measures": ledger.measures, "lights": lights
            }))?
        )?;
        return Ok(());
    }
    for (m, l) in ledger.measures.iter().zip(&lights) {
        outln!(
            "{}\t{}\t{}\t{}\t{}",
            m.code,
            m.text,
            m.lead,
            m.status.label(),
            l.light.label()
        )?;
    }
    Ok(())
}

/// Today's date in UTC, without a date-time dependency.
pub(crate) fn today_utc() -> PlanDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| (d.as_secs() / 86_400) as i64)
        .unwrap_or(0);
    // Civil-from-days (the inverse of the domain's days_from_civil).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    PlanDate::ymd(year, month, day).unwrap_or(PlanDate {
        year,
        month,
        day: None,
    })
}
