//! `planwatch read|import-report|review`: published reports in, structured data and review
//! findings out.

use crate::open_store;
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use planwatch_domain::{Lang, Rules};
use planwatch_reader::Reading;
use planwatch_store::Actor;
use std::fmt::Write;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReadFormat {
    Json,
    Text,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReviewFormat {
    Json,
    Md,
    Html,
}

#[derive(Args)]
pub struct ReadArgs {
    /// A report as .txt (UTF-8, GB18030/GBK or UTF-16), .docx, .html/.htm (a saved web page) or
    /// .pdf (a text PDF).
    file: PathBuf,
    #[arg(long, value_enum, default_value_t = ReadFormat::Text)]
    format: ReadFormat,
    /// The language of the text summary: zh (default) or en. JSON carries both.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    lang: Lang,
}

#[derive(Args)]
pub struct ImportReportArgs {
    file: PathBuf,
    /// The region the report is about (default: the region named in its title).
    #[arg(long)]
    region: Option<String>,
}

#[derive(Args)]
pub struct ReviewArgs {
    file: PathBuf,
    #[arg(long, value_enum, default_value_t = ReviewFormat::Md)]
    format: ReviewFormat,
    /// The language of the Markdown or HTML findings: zh (default) or en. JSON carries both.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    lang: Lang,
}

fn parse_lang(s: &str) -> std::result::Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?}: use zh or en"))
}

/// Reads a report file; unreadable input is an error naming the file, anything short of that
/// becomes diagnostics in the reading.
pub fn read_file(path: &Path) -> Result<Reading> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.file_name().and_then(|n| n.to_str());
    planwatch_reader::read_bytes(&bytes, name).with_context(|| format!("{}", path.display()))
}

pub fn read(args: ReadArgs) -> Result<()> {
    let reading = read_file(&args.file)?;
    match args.format {
        ReadFormat::Json => outln!("{}", serde_json::to_string_pretty(&reading)?)?,
        ReadFormat::Text => out!("{}", text_summary(&args.file, &reading, args.lang)?)?,
    }
    Ok(())
}

/// What was read, in `lang`: names, units and texts from the report stay as written; in English
/// the headings and the framing around them are English (and its brackets ASCII), so that no
/// Chinese of ours shows.
fn text_summary(path: &Path, r: &Reading, lang: Lang) -> Result<String> {
    let mut out = String::new();
    match lang {
        Lang::Zh => writeln!(out, "{}（{}，{}行）", path.display(), r.encoding, r.lines)?,
        Lang::En => writeln!(
            out,
            "{} ({}, {} lines)",
            path.display(),
            r.encoding,
            r.lines
        )?,
    }
    if let Some(t) = &r.title {
        writeln!(out, "{}{t}", lang.pick("标题：", "Title: "))?;
    }
    if let Some(region) = &r.region {
        writeln!(out, "{}{region}", lang.pick("地区：", "Region: "))?;
    }
    let counts = [
        r.indicators.len(),
        r.inline.len(),
        r.claims.len(),
        r.figures.len(),
        r.projects.len(),
        r.livelihood.len(),
        r.measures.len(),
        r.diagnostics.len(),
    ];
    // (Chinese, English singular, English plural)
    let names: [(&str, &str, &str); 8] = [
        ("指标表行", "indicator table row", "indicator table rows"),
        ("文中目标", "target in the text", "targets in the text"),
        ("数字表述", "statement of figures", "statements of figures"),
        ("统计数字", "statistical figure", "statistical figures"),
        ("重点项目数字", "key-project figure", "key-project figures"),
        (
            "民生实事数字",
            "livelihood-project figure",
            "livelihood-project figures",
        ),
        (
            "任务量化目标",
            "quantified task target",
            "quantified task targets",
        ),
        ("诊断", "diagnostic", "diagnostics"),
    ];
    let parts: Vec<String> = names
        .iter()
        .zip(counts)
        .map(|((zh, one, many), n)| match lang {
            Lang::Zh => format!("{zh}{n}"),
            Lang::En => planwatch_domain::lang::count_en(n, one, many),
        })
        .collect();
    writeln!(out, "{}", parts.join(lang.pick("，", ", ")))?;
    let mut table = None;
    for i in &r.indicators {
        if table != Some(&i.table) {
            match lang {
                Lang::Zh => writeln!(out, "\n【{}】", i.table)?,
                Lang::En => writeln!(out, "\n[{}]", i.table)?,
            }
            table = Some(&i.table);
        }
        let mut label = i.name.clone();
        if !i.unit.is_empty() {
            label = match lang {
                Lang::Zh => format!("{label}（{}）", i.unit),
                Lang::En => format!("{label} ({})", i.unit),
            };
        }
        if i.binding {
            label.push('*');
        }
        if i.is_new {
            label.insert(0, '#');
        }
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            i.seq.map(|s| s.to_string()).unwrap_or_default(),
            label,
            i.target.text,
            i.actual.as_ref().map(|a| a.text.as_str()).unwrap_or("")
        )?;
    }
    figures_summary(&mut out, &r.figures, lang)?;
    if !r.diagnostics.is_empty() {
        writeln!(out, "\n{}", lang.pick("诊断：", "Diagnostics:"))?;
        for d in &r.diagnostics {
            match lang {
                Lang::Zh => writeln!(out, "  第{}行：{}", d.line, d.message)?,
                // Line 0 is the whole input.
                Lang::En if d.line == 0 => writeln!(out, "  file: {}", d.message_in(lang))?,
                Lang::En => writeln!(out, "  line {}: {}", d.line, d.message_in(lang))?,
            }
        }
    }
    Ok(out)
}

/// Figures by where they were read (each table, then the prose): name, level, growth, period
/// and line.
fn figures_summary(
    out: &mut String,
    figures: &[planwatch_reader::ReadFigure],
    lang: Lang,
) -> Result<()> {
    use planwatch_reader::FigureOrigin;
    let mut heading: Option<&FigureOrigin> = None;
    for f in figures {
        if heading != Some(&f.origin) {
            match &f.origin {
                FigureOrigin::Table { caption, .. } => writeln!(
                    out,
                    "\n{}{caption}",
                    lang.pick("【统计表】", "[Statistical table] ")
                )?,
                FigureOrigin::Prose => writeln!(
                    out,
                    "\n{}",
                    lang.pick("【文中数字】", "[Figures in the text]")
                )?,
            }
            heading = Some(&f.origin);
        }
        let mut name = f.name.clone();
        if let Some(m) = &f.measure {
            name = format!("{name}·{m}");
        }
        if let Some(p) = &f.part_of {
            name = match lang {
                Lang::Zh => format!("{name}（{p}之中）"),
                Lang::En => format!("{name} (part of {p})"),
            };
        }
        let level = match &f.value_text {
            Some(v) => format!("{v}{}", f.unit),
            None => String::new(),
        };
        let growth = match (f.growth, &f.growth_basis) {
            (Some(g), Some(b)) => match lang {
                Lang::Zh => format!("{b}{g}%"),
                // The basis is printed text ("比上年增长"), quoted as written.
                Lang::En if b == "增长" => format!("growth {g}%"),
                Lang::En => format!("growth {g}% (“{b}”)"),
            },
            (Some(g), None) => format!("{}{g}%", lang.pick("增长", "growth ")),
            _ => String::new(),
        };
        let estimated = match (f.estimated, lang) {
            (false, _) => "",
            (true, Lang::Zh) => "（预计）",
            (true, Lang::En) => " (estimated)",
        };
        let line = match lang {
            Lang::Zh => format!("第{}行", f.line),
            Lang::En => format!("line {}", f.line),
        };
        writeln!(
            out,
            "{}\t{}\t{}\t{}{}\t{}",
            name,
            level,
            growth,
            f.period.as_deref().unwrap_or(""),
            estimated,
            line
        )?;
    }
    Ok(())
}

pub async fn import_report(db: &str, args: ImportReportArgs, actor: &Actor) -> Result<()> {
    let reading = read_file(&args.file)?;
    let Some(region) = args.region.clone().or_else(|| reading.region.clone()) else {
        bail!(
            "{}: the report does not name its region in a title I can read; pass --region",
            args.file.display()
        );
    };
    let mut plans = reading.plans();
    if plans.is_empty() {
        bail!(
            "{}: no indicator table found, nothing to import ({} diagnostics; see `planwatch read`)",
            args.file.display(),
            reading.diagnostics.len()
        );
    }
    let store = open_store(db, true).await?;
    for plan in &mut plans {
        plan.region = region.clone();
        store.save_plan(plan, actor).await?;
        let without_target = plan
            .indicators
            .iter()
            .filter(|i| i.target.is_pending() || i.target.is_unparsed())
            .count();
        outln!(
            "stored {region} {}: {} indicators ({} with no readable target)",
            plan.year,
            plan.indicators.len(),
            without_target
        )?;
    }
    let stored_years: Vec<i32> = plans.iter().map(|p| p.year).collect();
    let skipped = reading
        .indicators
        .iter()
        .filter(|i| i.year.is_none_or(|y| !stored_years.contains(&y)))
        .count();
    if skipped > 0 {
        outln!("skipped {skipped} table rows whose year could not be placed")?;
    }
    for d in &reading.diagnostics {
        // This report is in English.
        outln!("skipped line {}: {}", d.line, d.message_in(Lang::En))?;
    }
    Ok(())
}

/// Reviews a report. A file that cannot be read is reviewed too — as one finding saying so, in
/// the format asked for — and the command then fails, so scripts notice.
/// Reviews a report against itself and, with `--db`, its new targets against what that
/// database holds of the region (history, peers, parent).
pub async fn review(args: ReviewArgs, rules: &Rules, db: Option<&str>) -> Result<()> {
    let (region, findings, failure) = match read_file(&args.file) {
        Ok(reading) => {
            let mut findings = planwatch_review::review(&reading, rules);
            if let Some(db) = db {
                findings.extend(targets_against_db(&reading, db, rules).await?);
            }
            (reading.region.clone(), findings, None)
        }
        Err(e) => (
            None,
            planwatch_review::unreadable(&format!("{e:#}")),
            Some(e),
        ),
    };
    match args.format {
        ReviewFormat::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "file": args.file.display().to_string(),
                "region": region,
                "findings": findings,
            }))?
        )?,
        ReviewFormat::Md => out!("{}", planwatch_review::render_md(&findings, args.lang))?,
        ReviewFormat::Html => out!("{}", planwatch_review::render_html(&findings, args.lang))?,
    }
    match failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The realism of the report's newest targets against the database's data of its region; a
/// region the database does not hold is said to be so, never passed as "nothing found".
async fn targets_against_db(
    reading: &Reading,
    db: &str,
    rules: &Rules,
) -> Result<Vec<planwatch_review::Finding>> {
    use planwatch_review::{Finding, FindingKind, Severity};
    let not_compared = |message: String, message_en: String| Finding {
        kind: FindingKind::TargetRealism,
        severity: Severity::Warning,
        passed: false,
        message,
        message_en,
        evidence: Vec::new(),
    };
    let Some(region) = reading.region.clone() else {
        return Ok(vec![not_compared(
            "报告标题中未读出地区，未能对照数据库中的历史与同组数据。".into(),
            "No region could be read from the report's title, so its targets were not compared \
             with the history and peers in the database."
                .into(),
        )]);
    };
    let Some(mut plan) = reading.plans().into_iter().max_by_key(|p| p.year) else {
        return Ok(Vec::new());
    };
    plan.region = region.clone();
    let file = db
        .strip_prefix("sqlite://")
        .or(db.strip_prefix("sqlite:"))
        .unwrap_or(db);
    if !crate::is_postgres(db) && !Path::new(file.split('?').next().unwrap_or(file)).exists() {
        return Ok(vec![not_compared(
            format!(
                "数据库{db}不存在，未能对照{region}的历史、同组与上级检查{}年目标。",
                plan.year
            ),
            format!(
                "The database {db} does not exist, so the {} targets were not checked against \
                 {region}'s history, peers and the level above.",
                plan.year
            ),
        )]);
    }
    let store = crate::open_backend(db, false).await?;
    if store.plan_years(&region).await?.is_empty() {
        return Ok(vec![not_compared(
            format!(
                "数据库中没有{region}的计划数据，未能对照其历史、同组与上级检查{}年目标。",
                plan.year
            ),
            format!(
                "The database holds no plans of {region}, so the {} targets were not checked \
                 against its history, peers and the level above.",
                plan.year
            ),
        )]);
    }
    let check = planwatch_service::targets::check_plan(
        store.as_ref(),
        &plan,
        rules,
        &planwatch_domain::realism::RealismRules::default(),
    )
    .await?;
    Ok(planwatch_review::target_realism(reading, &check))
}
