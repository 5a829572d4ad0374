//! `planwatch outlook`: every indicator's year-end projection (and `--backtest`, what such a
//! projection was worth in past years); `--all-regions` writes one row per region and
//! indicator.

use crate::Format;
use crate::scale::EvalFormat;
use anyhow::{Result, bail};
use clap::Args;
use comfy_table::{Table, presets};
use planwatch_domain::Rules;
use planwatch_domain::in_year::Period;
use planwatch_domain::outlook::{IndicatorBacktest, PlanOutlook, ProjectedStatus};
use planwatch_service::outlook::{Backtest, YearOutlook};
use std::fmt::Write;

#[derive(Args)]
pub struct OutlookArgs {
    #[arg(long, required_unless_present = "all_regions")]
    region: Option<String>,
    /// Project every region's plan of the year; writes rows as csv or json.
    #[arg(long, conflicts_with_all = ["region", "backtest"], requires = "month")]
    all_regions: bool,
    #[arg(long)]
    year: i32,
    /// Read the 1-M月 figures (default: the latest month with figures).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=12))]
    month: Option<u8>,
    /// Instead, project every past year from each of its months and print the mean absolute
    /// error by month.
    #[arg(long, conflicts_with = "month")]
    backtest: bool,
    #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
    format: EvalFormat,
}

/// A table in the CLI's style.
fn table(header: &[String], rows: Vec<Vec<String>>, format: Format) -> String {
    let mut t = Table::new();
    t.load_style(if format == Format::Md {
        presets::ASCII_MARKDOWN
    } else {
        presets::UTF8_FULL_CONDENSED
    });
    t.set_header(header.iter().cloned());
    for row in rows {
        t.add_row(row);
    }
    format!("{t}\n")
}

pub async fn outlook(db: &str, args: OutlookArgs, rules: &Rules) -> Result<()> {
    if args.all_regions {
        return crate::scale::outlook_all(db, args.year, args.month, args.format, rules).await;
    }
    let Some(region) = args.region else {
        bail!("give --region or --all-regions");
    };
    let format = args.format.single()?;
    let store = crate::open_backend(db, false).await?;
    if args.backtest {
        let b = planwatch_service::outlook::backtest(store.as_ref(), &region, args.year).await?;
        out!("{}", backtest_text(&b, format)?)?;
        return Ok(());
    }
    let o = planwatch_service::outlook::year_outlook(
        store.as_ref(),
        &region,
        args.year,
        args.month,
        rules,
        planwatch_domain::in_year::DEFAULT_TOLERANCE_PCT,
    )
    .await?;
    out!("{}", outlook_text(&o, format)?)?;
    Ok(())
}

fn num(d: rust_decimal::Decimal) -> String {
    d.to_string()
}

/// The projections as a table (or JSON: the domain's [`PlanOutlook`]).
pub fn outlook_text(o: &YearOutlook, format: Format) -> Result<String> {
    let p: &PlanOutlook = &o.outlook;
    if format == Format::Json {
        return Ok(serde_json::to_string_pretty(p)? + "\n");
    }
    let mut out = String::new();
    let at = p
        .month
        .map(|m| Period::Month(m).label_zh())
        .unwrap_or_else(|| "尚无月度数据".into());
    let title = format!("{} {}年主要指标全年预计（{at}）", p.region, p.year);
    if format == Format::Md {
        writeln!(out, "## {title}\n")?;
    } else {
        writeln!(out, "{title}")?;
    }
    let rows = p
        .indicators
        .iter()
        .map(|i| {
            let in_year = o.in_year.row(&i.name);
            let latest = i
                .latest
                .as_ref()
                .map(|l| format!("{} {}", l.period.label_zh(), l.text))
                .unwrap_or_default();
            let (value, range, status) = match &i.projection {
                Some(pr) => (
                    num(pr.value),
                    if pr.low == pr.high {
                        String::new()
                    } else {
                        format!("{}—{}", num(pr.low), num(pr.high))
                    },
                    pr.status.label_zh().to_string(),
                ),
                None => (String::new(), String::new(), "不作推算".into()),
            };
            vec![
                i.seq.to_string(),
                i.label.clone(),
                i.target_text.clone(),
                latest,
                in_year
                    .map(|r| r.status.label_zh().to_string())
                    .unwrap_or_default(),
                value,
                range,
                status,
                i.explanation.clone(),
            ]
        })
        .collect();
    let header: Vec<String> = [
        "序号",
        "指标名称",
        "预期目标",
        "最新数据",
        "进度判定",
        "全年预计",
        "区间",
        "预计",
        "说明",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    out.push_str(&table(&header, rows, format));
    if format == Format::Md {
        out.push('\n');
    }
    let counts: Vec<String> = ProjectedStatus::ALL
        .iter()
        .map(|s| format!("{} {}", s.label_zh(), p.count(*s)))
        .collect();
    let none = p
        .indicators
        .iter()
        .filter(|i| i.projection.is_none())
        .count();
    writeln!(
        out,
        "合计 {} 项：{}；不作推算 {none}",
        p.indicators.len(),
        counts.join("，")
    )?;
    Ok(out)
}

/// The backtest as a table of mean absolute errors by month (or JSON).
pub fn backtest_text(b: &Backtest, format: Format) -> Result<String> {
    if format == Format::Json {
        return Ok(serde_json::to_string_pretty(b)? + "\n");
    }
    let mut out = String::new();
    let title = format!(
        "{} 推算回测（截至{}年）：各年按1-m月数据推算全年，与全年实际的平均绝对误差（增速为百分点，总量为占实际的%）",
        b.region, b.year
    );
    if format == Format::Md {
        writeln!(out, "## {title}\n")?;
    } else {
        writeln!(out, "{title}")?;
    }
    let tested: Vec<&IndicatorBacktest> = b
        .indicators
        .iter()
        .filter(|i| !i.by_month.is_empty())
        .collect();
    if tested.is_empty() {
        writeln!(
            out,
            "没有可回测的指标：需要至少两年的月度数据和全年实际（或1-12月数据）。"
        )?;
        return Ok(out);
    }
    let mut header: Vec<String> = vec!["指标名称".into(), "误差单位".into(), "回测年份".into()];
    header.extend((1..=11).map(|m| format!("{m}月")));
    header.push("区间命中".into());
    let rows = tested
        .iter()
        .map(|i| {
            let mut row = vec![
                i.name.clone(),
                if i.error_unit == "pp" {
                    "百分点".into()
                } else {
                    "%".into()
                },
                years(&i.years),
            ];
            row.extend((1..=11u8).map(|m| {
                i.by_month
                    .iter()
                    .find(|e| e.month == m)
                    .map(|e| num(e.mae))
                    .unwrap_or_default()
            }));
            let (ranged, covered) = i
                .by_month
                .iter()
                .fold((0, 0), |(r, c), e| (r + e.ranged, c + e.covered));
            row.push(if ranged == 0 {
                "—".into()
            } else {
                format!("{covered}/{ranged}")
            });
            row
        })
        .collect();
    out.push_str(&table(&header, rows, format));
    writeln!(
        out,
        "区间命中：给出区间的推算中，全年实际落在区间内的次数。"
    )?;
    Ok(out)
}

fn years(list: &[i32]) -> String {
    match (list.first(), list.last()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}-{b}"),
        _ => String::new(),
    }
}

#[derive(clap::Subcommand)]
pub enum TargetsCommand {
    /// Check each numeric target against the region's own last five years, last year's
    /// actual, its peer groups and parent's regions (median, rank) and the level above's
    /// target.
    Check(TargetsCheckArgs),
}

#[derive(Args)]
pub struct TargetsCheckArgs {
    #[arg(long, required_unless_present = "all_regions")]
    region: Option<String>,
    /// Check every region's plan of the year; writes rows as csv or json.
    #[arg(long, conflicts_with = "region")]
    all_regions: bool,
    #[arg(long)]
    year: i32,
    #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
    format: EvalFormat,
}

pub async fn targets(db: &str, action: TargetsCommand, rules: &Rules) -> Result<()> {
    let TargetsCommand::Check(args) = action;
    let realism = planwatch_domain::realism::RealismRules::default();
    let store = crate::open_backend(db, false).await?;
    if args.all_regions {
        let format = match args.format {
            EvalFormat::Csv => planwatch_service::bulk::RowFormat::Csv,
            EvalFormat::Json => planwatch_service::bulk::RowFormat::Json,
            EvalFormat::Table | EvalFormat::Md => {
                bail!("targets check --all-regions writes json or csv (--format json|csv)")
            }
        };
        let started = std::time::Instant::now();
        let (text, rows, findings) = planwatch_service::targets::check_all(
            store.as_ref(),
            args.year,
            rules,
            &realism,
            format,
        )
        .await?;
        if rows == 0 {
            eprintln!(
                "targets check --all-regions: no region has a plan for {}",
                args.year
            );
        }
        tracing::info!(rows, findings, elapsed = ?started.elapsed(), "targets check --all-regions");
        out!("{text}")?;
        if format == planwatch_service::bulk::RowFormat::Json {
            outln!()?;
        }
        return Ok(());
    }
    let Some(region) = args.region else {
        bail!("give --region or --all-regions");
    };
    let format = args.format.single()?;
    let check =
        planwatch_service::targets::check(store.as_ref(), &region, args.year, rules, &realism)
            .await?;
    out!("{}", targets_text(&check, format)?)?;
    Ok(())
}

/// The checks as a table with the findings and their evidence below (or JSON).
pub fn targets_text(c: &planwatch_domain::realism::PlanCheck, format: Format) -> Result<String> {
    use planwatch_domain::realism::{Basis, PeerKind};
    if format == Format::Json {
        return Ok(serde_json::to_string_pretty(c)? + "\n");
    }
    let mut out = String::new();
    let title = format!("{} {}年目标合理性", c.region, c.year);
    if format == Format::Md {
        writeln!(out, "## {title}\n")?;
    } else {
        writeln!(out, "{title}")?;
    }
    let s = |d: rust_decimal::Decimal| d.round_dp(2).normalize().to_string();
    let rows = c
        .checks
        .iter()
        .map(|t| {
            let compared = match (t.basis, t.compared) {
                (Basis::ImpliedGrowth, Some(g)) => {
                    format!("{}（隐含增长{}%）", t.target_text, s(g))
                }
                _ => t.target_text.clone(),
            };
            let history = t
                .history
                .as_ref()
                .map(|h| format!("{}—{}，均值{}", s(h.min), s(h.max), s(h.mean)))
                .unwrap_or_default();
            let peer = |kind: PeerKind| {
                t.peers
                    .iter()
                    .find(|p| p.kind == kind)
                    .map(|p| format!("{}（第{}/{}）", s(p.median_target), p.rank, p.of))
                    .unwrap_or_default()
            };
            vec![
                t.seq.to_string(),
                t.name.clone(),
                compared,
                t.last_actual
                    .map(|(y, v)| format!("{} ({y})", s(v)))
                    .unwrap_or_default(),
                history,
                peer(PeerKind::Group),
                peer(PeerKind::Parent),
                t.parent_target
                    .as_ref()
                    .map(|(_, v)| s(*v))
                    .unwrap_or_default(),
                match (&t.skipped, t.findings.len()) {
                    (Some(_), _) => "不检查".into(),
                    (None, 0) => "—".into(),
                    (None, _) => t
                        .findings
                        .iter()
                        .map(|f| f.title.as_str())
                        .collect::<Vec<_>>()
                        .join("；"),
                },
            ]
        })
        .collect();
    let header: Vec<String> = [
        "序号",
        "指标名称",
        "目标",
        "上年实际",
        "近五年实际（增长）",
        "同组中位数（排名）",
        "上级所辖中位数（排名）",
        "上级目标",
        "发现",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    out.push_str(&table(&header, rows, format));
    if format == Format::Md {
        out.push('\n');
    }
    out.push_str(&findings_text(c)?);
    Ok(out)
}

/// The findings of a target check as a list with their evidence, or the sentence that there
/// are none (shown by `targets check` and `diff`).
pub fn findings_text(c: &planwatch_domain::realism::PlanCheck) -> Result<String> {
    let mut out = String::new();
    let findings: Vec<String> = c
        .findings()
        .map(|(t, f)| format!("{}：{}", t.name, f.zh))
        .collect();
    if findings.is_empty() {
        writeln!(out, "未发现明显偏离历史、同组或上级的目标。")?;
    } else {
        writeln!(out, "发现 {} 处：", findings.len())?;
        for f in findings {
            writeln!(out, "- {f}")?;
        }
    }
    Ok(out)
}
