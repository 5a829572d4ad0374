//! `planwatch`: the command line of planwatch. Parses arguments, picks the storage backend
//! from `--db`, and calls the use cases in `planwatch-service`; formatting lives in `output`.
//!
//! Standard output is written with [`out!`]/[`outln!`], which return the write's error instead
//! of panicking, so `planwatch … | head` ends quietly. Every store a command opens is closed
//! before the process exits, on success and on error ([`close_opened_stores`]).

/// `print!` that returns the write's `io::Result` (a closed pipe is an error to stop on, not a
/// panic).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)
    }};
}

/// `println!` that returns the write's `io::Result`.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

mod admin;
mod departments;
mod figures;
mod ledgers;
mod outlook;
mod output;
mod reading;
mod report;
mod scale;
mod serve;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use planwatch_domain::Rules;
use planwatch_store::{Actor, ExprField, Store};
use planwatch_store_sql::PostgresStore;
use planwatch_store_sql::SqliteStore;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

// Judging and exporting many regions allocates millions of short strings; mimalloc's
// thread-local free lists make that markedly cheaper than glibc malloc (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "planwatch",
    version,
    about = "Watch a region's annual development plan: indicators, targets, actuals, judgements."
)]
struct Cli {
    /// Database: a SQLite file path (default planwatch.db), a sqlite: URL, or a postgres:// URL.
    #[arg(
        long,
        global = true,
        env = "PLANWATCH_DATABASE_URL",
        default_value = "planwatch.db"
    )]
    db: String,
    /// Judging rules (TOML); the documented defaults apply when absent. See `planwatch rules`.
    #[arg(long, global = true, env = "PLANWATCH_RULES")]
    rules: Option<PathBuf>,
    /// Who is making changes, for the audit trail.
    #[arg(long, global = true, env = "PLANWATCH_USER", default_value = "cli")]
    user: String,
    #[command(subcommand)]
    command: Command,
    /// Whether `--db` (or PLANWATCH_DATABASE_URL) was given rather than defaulted: `review`
    /// compares a report's targets with a database only when asked to.
    #[arg(skip)]
    db_given: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Load the demo region (江北区, 2023 actuals and 2024 targets) and show its 2023 evaluation.
    Demo,
    /// Judge every indicator of a region-year and print the annex-style table.
    Evaluate {
        #[arg(long, required_unless_present = "all_regions")]
        region: Option<String>,
        /// Judge every region's plan of the year; writes rows as json or csv.
        #[arg(long, conflicts_with = "region")]
        all_regions: bool,
        #[arg(long)]
        year: i32,
        #[arg(long, value_enum, default_value_t = scale::EvalFormat::Table)]
        format: scale::EvalFormat,
    },
    /// Project every indicator's year-end figure from the monthly figures and past years'
    /// seasonal pattern, with a range and a projected status; --backtest scores the method on
    /// past years.
    Outlook(outlook::OutlookArgs),
    /// Target realism: numeric targets against history, peers and the level above.
    Targets {
        #[command(subcommand)]
        action: outlook::TargetsCommand,
    },
    /// Compare regions of a group or a parent on one indicator: rank, gap, share, streak.
    Compare(scale::CompareArgs),
    /// Generate a seeded synthetic dataset (region tree and plans) into the database or CSV.
    Synth(scale::SynthArgs),
    /// Show how the indicator system changed between two years.
    Diff {
        #[arg(long)]
        region: String,
        from: i32,
        to: i32,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Enter or correct a target.
    Target {
        #[command(subcommand)]
        action: SetAction,
    },
    /// Enter or correct an actual.
    Actual {
        #[command(subcommand)]
        action: SetAction,
    },
    /// Print the default judging rules as commented TOML, or check a rules file.
    Rules {
        /// A rules file to check instead of printing the defaults.
        #[arg(long)]
        check: Option<PathBuf>,
    },
    /// Create the database or bring its schema up to date.
    Migrate,
    /// List the regions in the database.
    Regions,
    /// Show the newest entries of the audit trail.
    Audit {
        #[arg(long, default_value_t = 20)]
        limit: i64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Read a published report (.txt or .docx): indicator tables, inline targets, claims,
    /// project/livelihood figures, task measures and diagnostics.
    Read(reading::ReadArgs),
    /// Read a published report and store its indicator tables as plans.
    ImportReport(reading::ImportReportArgs),
    /// Check a report against itself: prose vs its own tables, sums, targets vs last year.
    Review(reading::ReviewArgs),
    /// Back up the database: an online SQLite copy (`-o x.db`) or a portable dump.
    Backup(admin::BackupArgs),
    /// Restore a portable dump into an empty database (SQLite or PostgreSQL).
    Restore(admin::RestoreArgs),
    /// Copy a whole database to another, e.g. an office's SQLite file to a city's PostgreSQL.
    Copy(admin::CopyArgs),
    /// Fill a region-year's actuals from a published report's figures (a 统计公报, a work
    /// report's appendix): matched by name and unit, listed as a dry run unless --apply; an
    /// actual already stored is kept unless --overwrite (with --reason).
    FillActuals(figures::FillActualsArgs),
    /// Import the indicator sheet, a 统计月报's monthly figures (dry run unless --apply) or a
    /// ledger (重点项目, 民生实事, 票决, 民生实事进度, 重点任务) from .xlsx/.xls/.ods or .csv, all or nothing.
    Import(ledgers::ImportArgs),
    /// Export the indicator sheet or a ledger to .xlsx or .csv in the import template (it
    /// imports back unchanged).
    Export(ledgers::ExportArgs),
    /// Who still owes figures: the reporting calendar's figures of a month, by department.
    Figures {
        #[command(subcommand)]
        action: figures::FiguresCommand,
    },
    /// 部门一览: each department's items on track and behind, figures owed and late,
    /// submissions sent back — the basis of the year-end assessment (table, json, csv, xlsx).
    Departments(departments::DepartmentsArgs),
    /// Key projects: figures and paragraph, traffic lights, year rollover.
    Projects {
        #[command(subcommand)]
        action: ledgers::ProjectsCommand,
    },
    /// Livelihood projects: the deputies' vote.
    Vote {
        #[command(subcommand)]
        action: ledgers::VoteCommand,
    },
    /// Key tasks with their deadline lights.
    Tasks {
        #[command(subcommand)]
        action: ledgers::TasksCommand,
    },
    /// Write the year-end report for plan year Y (附件1: Y-1 targets and actuals; 附件2: Y
    /// targets) with a draft of part one and charts, as docx, xlsx, html, md or txt.
    Report(report::ReportArgs),
    /// Export a plan's indicators or its evaluation to csv, xlsx or json.
    ExportTable(report::TableExportArgs),
    /// Serve the web app: pages (cockpit, indicators, data entry, review, audit) and /api/v1.
    Serve(serve::ServeArgs),
    /// Manage web accounts.
    User {
        #[command(subcommand)]
        action: serve::UserCommand,
    },
}

#[derive(Subcommand)]
enum SetAction {
    /// Set the text of a target or actual, e.g. `6.5以上`, `≤0.021`, `2.97`, `完成市级下达目标`.
    Set(SetArgs),
}

#[derive(Args)]
struct SetArgs {
    #[arg(long)]
    region: String,
    #[arg(long)]
    year: i32,
    #[arg(long)]
    indicator: String,
    /// Refuse the edit if the record is no longer at this version (no lost updates).
    #[arg(long)]
    expect_version: Option<i64>,
    /// Why a figure that fails a plausibility warning (a jump against last month or last
    /// year, an order of magnitude off the target, another unit) is entered anyway; kept in
    /// the audit trail.
    #[arg(long)]
    reason: Option<String>,
    /// The expression text.
    text: String,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Md,
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PLANWATCH_LOG")
                // sqlx warns of every statement slower than a second with the statement's
                // whole text: a bulk insert under load would print megabytes of SQL to a
                // user's terminal. PLANWATCH_LOG=sqlx::query=warn shows them when wanted.
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,sqlx::query=error")),
        )
        .with_writer(std::io::stderr)
        .init();
    let matches = <Cli as clap::CommandFactory>::command().get_matches();
    let db_given = !matches!(
        matches.value_source("db"),
        None | Some(clap::parser::ValueSource::DefaultValue)
    );
    let mut cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    cli.db_given = db_given;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        let result = run(cli).await;
        close_opened_stores().await;
        result
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of our output went away (`planwatch … | head`): not an error of ours.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn load_rules(path: Option<&PathBuf>) -> Result<Rules> {
    let Some(path) = path else {
        return Ok(Rules::default());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read rules file {}", path.display()))?;
    Rules::from_toml_str(&text).with_context(|| format!("rules file {}", path.display()))
}

/// The stores this process has opened, closed by [`close_opened_stores`] before it exits.
static OPENED_STORES: Mutex<Vec<Arc<dyn planwatch_service::Backend>>> = Mutex::new(Vec::new());

/// How long closing may wait for a connection still in use (a request that outlived `serve`'s
/// shutdown grace period) before the process exits anyway.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);

/// Closes every store the command opened, so a SQLite file is complete (its log checkpointed
/// into it) once the process has exited, whatever the command's outcome.
async fn close_opened_stores() {
    let stores = match OPENED_STORES.lock() {
        Ok(mut stores) => std::mem::take(&mut *stores),
        Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
    };
    for store in stores {
        match tokio::time::timeout(CLOSE_TIMEOUT, store.close()).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("warning: closing the {} database: {e}", store.backend()),
            Err(_) => eprintln!(
                "warning: the {} database was still in use after {} s and was not closed cleanly; \
                 it will be recovered the next time it is opened",
                store.backend(),
                CLOSE_TIMEOUT.as_secs()
            ),
        }
    }
}

/// Opens the backend named by `--db`. Only this function knows which backends exist; every
/// backend keeps plans, ledgers, the region tree, monthly figures, accounts and sessions, so
/// every command (`serve` included) opens it here, and it is closed when the command ends.
pub(crate) async fn open_backend(
    db: &str,
    create: bool,
) -> Result<Arc<dyn planwatch_service::Backend>> {
    if !is_postgres(db) {
        return Ok(Arc::new(open_sqlite(db, create).await?));
    }
    let store: Arc<dyn planwatch_service::Backend> = Arc::new(
        PostgresStore::connect(db, 16)
            .await
            .context("PostgreSQL database (check the URL and that the server is running)")?,
    );
    remember_opened(store.clone());
    Ok(store)
}

pub(crate) fn is_postgres(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// Opens a SQLite database (a path or a `sqlite:` URL), for the commands that need what only
/// SQLite does (an online file copy); closed when the command ends like every other store.
pub(crate) async fn open_sqlite(db: &str, create: bool) -> Result<SqliteStore> {
    let store = if db.starts_with("sqlite:") {
        SqliteStore::open_url(db).await
    } else {
        SqliteStore::open(db, create).await
    }
    .with_context(|| format!("database {db}"))?;
    remember_opened(Arc::new(store.clone()));
    Ok(store)
}

fn remember_opened(store: Arc<dyn planwatch_service::Backend>) {
    match OPENED_STORES.lock() {
        Ok(mut opened) => opened.push(store),
        Err(poisoned) => poisoned.into_inner().push(store),
    }
}

/// The backend named by `--db`, for commands that need no accounts.
pub(crate) async fn open_store(db: &str, create: bool) -> Result<Arc<dyn Store>> {
    let store: Arc<dyn Store> = open_backend(db, create).await?;
    Ok(store)
}

async fn run(cli: Cli) -> Result<()> {
    let rules = load_rules(cli.rules.as_ref())?;
    let actor = Actor::new(cli.user.clone(), "cli");
    match cli.command {
        Command::Demo => {
            let store = open_store(&cli.db, true).await?;
            let plans = planwatch_service::load_demo(store.as_ref(), &actor).await?;
            for plan in &plans {
                eprintln!(
                    "loaded {} {}: {} indicators into {}",
                    plan.region,
                    plan.year,
                    plan.indicators.len(),
                    cli.db
                );
            }
            let eval = planwatch_service::evaluate(
                store.as_ref(),
                planwatch_service::demo::DEMO_REGION,
                2023,
                &rules,
            )
            .await?;
            out!("{}", output::evaluation(&eval, Format::Table)?)?;
            let changes = planwatch_service::diff(
                store.as_ref(),
                planwatch_service::demo::DEMO_REGION,
                2023,
                2024,
            )
            .await?;
            outln!()?;
            out!("{}", output::changes(2023, 2024, &changes, Format::Table)?)?;
        }
        Command::Evaluate {
            region,
            all_regions,
            year,
            format,
        } => match region {
            Some(region) if !all_regions => {
                let format = format.single()?;
                let store = open_store(&cli.db, false).await?;
                let eval =
                    planwatch_service::evaluate(store.as_ref(), &region, year, &rules).await?;
                out!("{}", output::evaluation(&eval, format)?)?;
            }
            _ => scale::evaluate_all(&cli.db, year, format, &rules).await?,
        },
        Command::Outlook(args) => outlook::outlook(&cli.db, args, &rules).await?,
        Command::Targets { action } => outlook::targets(&cli.db, action, &rules).await?,
        Command::Compare(args) => scale::compare(&cli.db, args, &rules).await?,
        Command::Synth(args) => scale::synth(&cli.db, args, &actor).await?,
        Command::Diff {
            region,
            from,
            to,
            format,
        } => {
            let store = open_backend(&cli.db, false).await?;
            let changes = planwatch_service::diff(store.as_ref(), &region, from, to).await?;
            out!("{}", output::changes(from, to, &changes, format)?)?;
            if format != Format::Json {
                // The new year's targets beside the changes: what a reader of a diff asks next.
                let check = planwatch_service::targets::check(
                    store.as_ref(),
                    &region,
                    to,
                    &rules,
                    &planwatch_domain::realism::RealismRules::default(),
                )
                .await?;
                out!("\n{to}年目标合理性：{}", outlook::findings_text(&check)?)?;
            }
        }
        Command::Target {
            action: SetAction::Set(args),
        } => set(&cli.db, ExprField::Target, args, &actor, &rules).await?,
        Command::Actual {
            action: SetAction::Set(args),
        } => set(&cli.db, ExprField::Actual, args, &actor, &rules).await?,
        Command::Rules { check } => match check {
            Some(path) => {
                load_rules(Some(&path))?;
                outln!("{}: ok", path.display())?;
            }
            None => out!("{}", Rules::default_toml())?,
        },
        Command::Migrate => {
            open_store(&cli.db, true).await?;
            outln!("{}: schema up to date", cli.db)?;
        }
        Command::Regions => {
            let store = open_store(&cli.db, false).await?;
            for r in store.regions().await? {
                let years = store.plan_years(&r.name).await?;
                let years: Vec<String> = years.iter().map(|y| y.to_string()).collect();
                outln!("{}\t{}", r.name, years.join(","))?;
            }
        }
        Command::Audit { limit, format } => {
            let store = open_store(&cli.db, false).await?;
            let entries = store.audit_entries(limit).await?;
            out!("{}", output::audit(&entries, format)?)?;
        }
        Command::Read(args) => reading::read(args)?,
        Command::ImportReport(args) => reading::import_report(&cli.db, args, &actor).await?,
        Command::Review(args) => {
            reading::review(args, &rules, cli.db_given.then_some(cli.db.as_str())).await?
        }
        Command::Backup(args) => admin::backup(&cli.db, args).await?,
        Command::Restore(args) => admin::restore(&cli.db, args).await?,
        Command::Copy(args) => admin::copy(args).await?,
        Command::Import(args) => ledgers::import(&cli.db, args, &actor, &rules).await?,
        Command::FillActuals(args) => figures::fill_actuals(&cli.db, args, &actor, &rules).await?,
        Command::Export(args) => ledgers::export(&cli.db, args).await?,
        Command::Figures { action } => figures::figures(&cli.db, action, &rules).await?,
        Command::Projects { action } => ledgers::projects(&cli.db, action, &actor).await?,
        Command::Vote { action } => ledgers::vote(&cli.db, action).await?,
        Command::Tasks { action } => ledgers::tasks(&cli.db, action).await?,
        Command::Report(args) => report::report(&cli.db, &rules, args).await?,
        Command::ExportTable(args) => report::export_table(&cli.db, &rules, args).await?,
        Command::Departments(args) => departments::departments(&cli.db, &rules, args).await?,
        Command::Serve(args) => serve::serve(&cli.db, rules.clone(), &actor, args).await?,
        Command::User { action } => serve::user(&cli.db, &actor, action).await?,
    }
    Ok(())
}

async fn set(
    db: &str,
    field: ExprField,
    args: SetArgs,
    actor: &Actor,
    rules: &Rules,
) -> Result<()> {
    let store = open_backend(db, false).await?;
    let result = planwatch_service::set_expression(
        store.as_ref(),
        &args.region,
        args.year,
        &args.indicator,
        field,
        &args.text,
        args.expect_version,
        args.reason.as_deref(),
        actor,
        rules,
    )
    .await?;
    out!("{}", output::edit(&result, args.format)?)?;
    Ok(())
}
