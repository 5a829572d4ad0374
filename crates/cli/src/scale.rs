//! Commands for many regions: `compare` (ranks, gaps, shares, streaks, roll-ups), `synth` (a
//! seeded synthetic dataset into the database or CSV) and `evaluate --all-regions`.

use crate::Format;
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use comfy_table::Table;
use planwatch_domain::Rules;
use planwatch_service::bulk;
use planwatch_service::compare::{Scope, StreakUnit, compare_for};
use planwatch_service::synth::{self, SynthSpec};
use planwatch_store::Actor;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Output formats of `evaluate`: the single-region ones plus CSV for `--all-regions`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Table,
    Json,
    Md,
    Csv,
}

impl EvalFormat {
    /// The single-region format, or an error for CSV (only rows of many regions are CSV).
    pub fn single(self) -> Result<Format> {
        Ok(match self {
            EvalFormat::Table => Format::Table,
            EvalFormat::Json => Format::Json,
            EvalFormat::Md => Format::Md,
            EvalFormat::Csv => bail!("--format csv is for --all-regions; use table, json or md"),
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    Table,
    Json,
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("scope").required(true).args(["group", "parent"])))]
pub struct CompareArgs {
    /// A peer group (e.g. 中心城区).
    #[arg(long)]
    group: Option<String>,
    /// A region whose direct children are compared.
    #[arg(long)]
    parent: Option<String>,
    #[arg(long)]
    year: i32,
    #[arg(long)]
    indicator: String,
    /// Compare the monthly cumulative figures (1-M月累计) instead of the annual actuals.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=12))]
    month: Option<u8>,
    /// With --month: what streaks count ("连续三个季度" needs a quarter-end month).
    #[arg(long, value_enum, default_value_t = StreakBy::Quarter, requires = "month")]
    by: StreakBy,
    #[arg(long, value_enum, default_value_t = CompareFormat::Table)]
    format: CompareFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StreakBy {
    Quarter,
    Month,
}

#[derive(Args)]
pub struct SynthArgs {
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Regions in the tree, the province and cities included.
    #[arg(long, default_value_t = 100)]
    regions: usize,
    #[arg(long, default_value_t = 2024)]
    first_year: i32,
    #[arg(long, default_value_t = 3)]
    years: usize,
    /// Indicators per plan (1–25).
    #[arg(long, default_value_t = 25)]
    indicators: usize,
    /// Write CSV files (regions.csv, plans.csv) into this folder instead of the database.
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Plans per write transaction.
    #[arg(long, default_value_t = 2000)]
    batch: usize,
    /// Monthly cumulative figures (months 1..M, at most 12) of every numeric indicator, written
    /// into monthly_figures (or monthly.csv with --csv).
    #[arg(long, default_value_t = 0)]
    months: u8,
    /// Key projects per region and year, with monthly progress for --months months, written as
    /// each region-year's project ledger (not with --csv).
    #[arg(long, default_value_t = 0)]
    projects: usize,
}

/// Region-years of project ledgers written per transaction by `synth --projects`.
const LEDGERS_PER_TRANSACTION: usize = 50;

pub async fn compare(db: &str, args: CompareArgs, rules: &Rules) -> Result<()> {
    let scope = match (args.group, args.parent) {
        (Some(g), _) => Scope::Group(g),
        (None, Some(p)) => Scope::Parent(p),
        (None, None) => bail!("give --group or --parent"),
    };
    let store = crate::open_backend(db, false).await?;
    let month = args.month.map(|m| {
        let unit = match args.by {
            StreakBy::Quarter => StreakUnit::Quarter,
            StreakBy::Month => StreakUnit::Month,
        };
        (m, unit)
    });
    let c = compare_for(
        store.as_ref(),
        &scope,
        args.year,
        month,
        &args.indicator,
        rules,
    )
    .await?;
    if args.format == CompareFormat::Json {
        outln!("{}", serde_json::to_string_pretty(&c)?)?;
        return Ok(());
    }
    let mut table = Table::new();
    table.set_header(["名次", "地区", "实际", "与平均", "占比", "表述"]);
    for r in &c.rows {
        table.add_row([
            r.rank.to_string(),
            r.region.clone(),
            r.actual_text.clone(),
            r.gap_phrase.clone().unwrap_or_default(),
            r.share_phrase.clone().unwrap_or_default(),
            r.rank_phrase.clone(),
        ]);
    }
    let period = match c.month {
        Some(m) => format!("{}年1-{m}月", c.year),
        None => format!("{}年", c.year),
    };
    outln!(
        "{} {period} {}（{}）",
        scope_label(&scope),
        c.indicator,
        c.unit
    )?;
    outln!("{table}")?;
    if let Some(avg) = c.average {
        outln!("平均: {}", avg.round_dp(2).normalize())?;
    }
    match (&c.rollup, &c.rollup_refusal) {
        (Some(sum), _) => outln!("合计: {}{}", sum.normalize(), c.unit)?,
        (None, Some(why)) => outln!("不汇总: {why}")?,
        _ => {}
    }
    for (region, why) in &c.missing {
        outln!("无数据: {region}（{why}）")?;
    }
    Ok(())
}

fn scope_label(scope: &Scope) -> String {
    match scope {
        Scope::Group(g) => format!("组 {g}"),
        Scope::Parent(p) => format!("{p} 下辖"),
    }
}

pub async fn synth(db: &str, args: SynthArgs, actor: &Actor) -> Result<()> {
    if args.regions == 0 || args.years == 0 {
        bail!("--regions and --years must be at least 1");
    }
    let spec = SynthSpec {
        seed: args.seed,
        regions: args.regions,
        first_year: args.first_year,
        years: args.years,
        indicators: args.indicators,
    };
    let started = Instant::now();
    let tree = synth::region_tree(&spec);
    if let Some(dir) = args.csv {
        std::fs::create_dir_all(&dir).with_context(|| format!("folder {}", dir.display()))?;
        let mut regions = String::from("name,parent,level,groups\n");
        for n in &tree {
            let fields = [
                n.name.clone(),
                n.parent.clone().unwrap_or_default(),
                n.level.clone().unwrap_or_default(),
                n.groups.join(";"),
            ];
            let line: Vec<String> = fields.iter().map(|f| synth::csv_field(f)).collect();
            regions.push_str(&line.join(","));
            regions.push('\n');
        }
        std::fs::write(dir.join("regions.csv"), regions)?;
        let path = dir.join("plans.csv");
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(&path).with_context(|| format!("{}", path.display()))?,
        );
        for (i, year) in synth::years(&spec).enumerate() {
            let mut out = String::new();
            synth::plans_csv(&synth::plans_for_year(&spec, &tree, year), &mut out, i == 0);
            file.write_all(out.as_bytes())?;
        }
        file.flush()?;
        if args.months > 0 {
            let path = dir.join("monthly.csv");
            let mut file = std::io::BufWriter::new(
                std::fs::File::create(&path).with_context(|| format!("{}", path.display()))?,
            );
            file.write_all(b"region,year,indicator,month,value_text\n")?;
            for year in synth::years(&spec) {
                let plans = synth::plans_for_year(&spec, &tree, year);
                for r in synth::monthly_rows(&spec, &plans, args.months) {
                    let line = [
                        synth::csv_field(&r.region),
                        r.year.to_string(),
                        synth::csv_field(&r.indicator),
                        r.month.to_string(),
                        synth::csv_field(&r.value_text),
                    ]
                    .join(",");
                    file.write_all(line.as_bytes())?;
                    file.write_all(b"\n")?;
                }
            }
            file.flush()?;
        }
        eprintln!(
            "wrote {} regions × {} years to {} in {:.2?}",
            tree.len(),
            spec.years,
            dir.display(),
            started.elapsed()
        );
        return Ok(());
    }
    let store = crate::open_backend(db, true).await?;
    store.save_region_tree(&tree, actor).await?;
    let mut indicators = 0usize;
    let mut monthly = 0u64;
    let mut plan_secs = 0f64;
    let mut monthly_secs = 0f64;
    for year in synth::years(&spec) {
        let plans = synth::plans_for_year(&spec, &tree, year);
        let t = Instant::now();
        for batch in plans.chunks(args.batch.max(1)) {
            store.save_plans(batch, actor).await?;
            indicators += batch.iter().map(|p| p.indicators.len()).sum::<usize>();
        }
        plan_secs += t.elapsed().as_secs_f64();
        if args.months > 0 {
            let rows = synth::monthly_rows(&spec, &plans, args.months);
            let t = Instant::now();
            // The same number of region-years per transaction as the plans.
            let per_batch = rows.len().div_ceil(plans.len().max(1)) * args.batch.max(1);
            for batch in rows.chunks(per_batch.max(1)) {
                monthly += store.save_monthly_figures(batch, actor).await?;
            }
            monthly_secs += t.elapsed().as_secs_f64();
        }
    }
    let rate = |n: f64, secs: f64| n / secs.max(1e-9);
    eprintln!(
        "synth: {} regions, {} years, {indicators} indicator rows into {db} in {plan_secs:.2}s ({:.0} rows/s)",
        tree.len(),
        spec.years,
        rate(indicators as f64, plan_secs)
    );
    if args.months > 0 {
        eprintln!(
            "synth: {monthly} monthly figures in {monthly_secs:.2}s ({:.0} rows/s)",
            rate(monthly as f64, monthly_secs)
        );
    }
    if args.projects > 0 {
        let t = Instant::now();
        let mut items = 0usize;
        for year in synth::years(&spec) {
            for (chunk, nodes) in tree.chunks(LEDGERS_PER_TRANSACTION).enumerate() {
                // Each region-year draws its own ledger (seeded by seed, region and year).
                let batches = nodes
                    .iter()
                    .enumerate()
                    .map(|(k, n)| {
                        let region = (chunk * LEDGERS_PER_TRANSACTION + k) as u64;
                        let seed = args.seed ^ (region << 20) ^ (year as u64);
                        let projects = planwatch_office::fixtures::synthetic_projects_seeded(
                            args.projects,
                            year,
                            seed.max(1),
                        );
                        let ledger = planwatch_office::ProjectLedger {
                            monthly: planwatch_office::fixtures::monthly_reports(
                                &projects,
                                args.months,
                            ),
                            projects,
                        };
                        items += ledger.projects.len() + ledger.monthly.len();
                        bulk::project_ledger_batch(&n.name, year, &ledger)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                store.replace_ledgers_many(&batches, actor).await?;
            }
        }
        let secs = t.elapsed().as_secs_f64();
        eprintln!(
            "synth: {} projects per region-year with {} months of progress, {items} ledger items in {secs:.2}s ({:.0} items/s, {LEDGERS_PER_TRANSACTION} region-years per transaction)",
            args.projects,
            args.months,
            rate(items as f64, secs)
        );
    }
    eprintln!("synth: total {:.2}s", started.elapsed().as_secs_f64());
    Ok(())
}

pub async fn evaluate_all(db: &str, year: i32, format: EvalFormat, rules: &Rules) -> Result<()> {
    let format = match format {
        EvalFormat::Csv => bulk::RowFormat::Csv,
        EvalFormat::Json => bulk::RowFormat::Json,
        EvalFormat::Table | EvalFormat::Md => {
            bail!("evaluate --all-regions writes json or csv (--format json|csv)")
        }
    };
    let store = crate::open_backend(db, false).await?;
    let started = Instant::now();
    let plans = store.year_plans(year).await?;
    let loaded = started.elapsed();
    if plans.is_empty() {
        eprintln!("evaluate --all-regions: no region has a plan for {year}");
    }
    let (text, rows) = bulk::write_year(&plans, rules, format)?;
    tracing::info!(
        plans = plans.len(),
        rows,
        ?loaded,
        judged_and_written = ?(started.elapsed() - loaded),
        "evaluate --all-regions"
    );
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    if format == bulk::RowFormat::Json {
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// `outlook --all-regions`: every region's projections at `month`, as CSV or JSON rows.
pub async fn outlook_all(
    db: &str,
    year: i32,
    month: Option<u8>,
    format: EvalFormat,
    rules: &Rules,
) -> Result<()> {
    let format = match format {
        EvalFormat::Csv => bulk::RowFormat::Csv,
        EvalFormat::Json => bulk::RowFormat::Json,
        EvalFormat::Table | EvalFormat::Md => {
            bail!("outlook --all-regions writes json or csv (--format json|csv)")
        }
    };
    let Some(month) = month else {
        bail!("outlook --all-regions needs --month");
    };
    let store = crate::open_backend(db, false).await?;
    let started = Instant::now();
    let (text, rows) =
        planwatch_service::outlook::outlook_all(store.as_ref(), year, month, rules, format).await?;
    if rows == 0 {
        eprintln!("outlook --all-regions: no region has a plan for {year}");
    }
    tracing::info!(rows, elapsed = ?started.elapsed(), "outlook --all-regions");
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    if format == bulk::RowFormat::Json {
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
