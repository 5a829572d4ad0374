//! Year-end projections of a region-year (see `planwatch_domain::outlook`): its plan, this
//! year's monthly figures and the past years' figures and actuals, loaded once and read by the
//! domain. One call per region-year for each front end:
//!
//! - [`outlook`]: every indicator's projection at a month (the CLI's `outlook`, the API);
//! - [`year_outlook`]: the same with the in-year reading beside it (the cockpit: status, light
//!   and 全年预计 per indicator from one load);
//! - [`backtest`]: every past year projected from each of its months, the error by month.

use crate::in_year::parse_figures;
use crate::{ServiceError, ServiceResult, load_plan};
use planwatch_domain::in_year::{self, InYear, MonthFigure};
use planwatch_domain::outlook::{self, BASIS_YEARS, IndicatorBacktest, PastYear, PlanOutlook};
use planwatch_domain::{Lang, Plan, Rules};
use planwatch_store::{AccountStore, StoreError};
use serde::Serialize;

/// A region-year's plan and figures, and those of the years before it.
#[derive(Debug, Clone)]
pub struct OutlookData {
    pub plan: Plan,
    pub figures: Vec<MonthFigure>,
    /// (year, its plan when stored, its monthly figures), ascending.
    pub past: Vec<(i32, Option<Plan>, Vec<MonthFigure>)>,
}

impl OutlookData {
    /// Loads the plan of `year` with its figures, and those of the `past_years` (earlier
    /// ones; a year with neither a plan nor figures is left out).
    pub async fn load(
        store: &dyn AccountStore,
        region: &str,
        year: i32,
        past_years: impl IntoIterator<Item = i32>,
    ) -> ServiceResult<OutlookData> {
        let plan = load_plan(store, region, year).await?;
        let figures = parse_figures(&store.monthly_figures(region, year).await?);
        let mut past = Vec::new();
        let mut years: Vec<i32> = past_years.into_iter().filter(|y| *y < year).collect();
        years.sort_unstable();
        years.dedup();
        for y in years {
            let plan = store.load_plan(region, y).await?;
            let figures = parse_figures(&store.monthly_figures(region, y).await?);
            if plan.is_some() || !figures.is_empty() {
                past.push((y, plan, figures));
            }
        }
        Ok(OutlookData {
            plan,
            figures,
            past,
        })
    }

    fn past_years(&self) -> Vec<PastYear<'_>> {
        self.past
            .iter()
            .map(|(year, plan, figures)| PastYear {
                year: *year,
                plan: plan.as_ref(),
                figures,
            })
            .collect()
    }

    /// Every indicator's projection at `month` (default: the latest month with figures).
    pub fn outlook(&self, month: Option<u8>, rules: &Rules) -> PlanOutlook {
        outlook::project_plan(&self.plan, &self.figures, &self.past_years(), month, rules)
    }

    /// The in-year reading at `month` (what the cockpit shows without projections).
    pub fn in_year(&self, month: Option<u8>, rules: &Rules, tolerance_pct: u32) -> InYear {
        self.in_year_in(month, rules, tolerance_pct, Lang::Zh)
    }

    /// [`OutlookData::in_year`] with the explanations written in `lang`.
    pub fn in_year_in(
        &self,
        month: Option<u8>,
        rules: &Rules,
        tolerance_pct: u32,
        lang: Lang,
    ) -> InYear {
        in_year::build_in(&self.plan, &self.figures, month, rules, tolerance_pct, lang)
    }

    /// The backtest over every loaded year.
    pub fn backtest(&self) -> Vec<IndicatorBacktest> {
        outlook::backtest_plan(&self.plan, &self.figures, &self.past_years())
    }
}

/// The years a projection of `year` may use: the [`BASIS_YEARS`] before it.
fn basis_years(year: i32) -> impl Iterator<Item = i32> {
    let back = i32::try_from(BASIS_YEARS).unwrap_or(3);
    year.saturating_sub(back)..year
}

fn check_month(month: Option<u8>) -> ServiceResult<()> {
    match month {
        Some(m) if !(1..=12).contains(&m) => Err(ServiceError::Store(StoreError::Invalid(
            format!("month {m} is not 1..12"),
        ))),
        _ => Ok(()),
    }
}

/// Every indicator's year-end projection for a region-year, read at `month` (default: the
/// latest month with figures), from the last [`BASIS_YEARS`] years' figures.
pub async fn outlook(
    store: &dyn AccountStore,
    region: &str,
    year: i32,
    month: Option<u8>,
    rules: &Rules,
) -> ServiceResult<PlanOutlook> {
    check_month(month)?;
    let data = OutlookData::load(store, region, year, basis_years(year)).await?;
    Ok(data.outlook(month, rules))
}

/// The in-year reading and the projections of a region-year from one load: for the cockpit
/// (status and light so far, and 全年预计 with its light, per indicator).
#[derive(Debug, Clone, Serialize)]
pub struct YearOutlook {
    pub in_year: InYear,
    pub outlook: PlanOutlook,
}

/// [`outlook`] with the in-year reading beside it, both at the same month.
pub async fn year_outlook(
    store: &dyn AccountStore,
    region: &str,
    year: i32,
    month: Option<u8>,
    rules: &Rules,
    tolerance_pct: u32,
) -> ServiceResult<YearOutlook> {
    year_outlook_in(store, region, year, month, rules, tolerance_pct, Lang::Zh).await
}

/// [`year_outlook`] with the in-year explanations written in `lang` (the projections carry
/// both languages).
pub async fn year_outlook_in(
    store: &dyn AccountStore,
    region: &str,
    year: i32,
    month: Option<u8>,
    rules: &Rules,
    tolerance_pct: u32,
    lang: Lang,
) -> ServiceResult<YearOutlook> {
    check_month(month)?;
    let data = OutlookData::load(store, region, year, basis_years(year)).await?;
    let in_year = data.in_year_in(month, rules, tolerance_pct, lang);
    let outlook = data.outlook(in_year.month, rules);
    Ok(YearOutlook { in_year, outlook })
}

/// The backtest of a region's indicators: every year up to `year` with a year-end figure and
/// an earlier year, projected from each of its months with only the years before it.
#[derive(Debug, Clone, Serialize)]
pub struct Backtest {
    pub region: String,
    pub year: i32,
    pub indicators: Vec<IndicatorBacktest>,
}

/// Backtests the indicators of `region`'s `year` plan over the years with a stored plan up
/// to it (a past year's actual, or its 1-12月 figure, is what the projections are scored on).
pub async fn backtest(
    store: &dyn AccountStore,
    region: &str,
    year: i32,
) -> ServiceResult<Backtest> {
    let years = store.plan_years(region).await?;
    let data = OutlookData::load(store, region, year, years).await?;
    Ok(Backtest {
        region: region.to_string(),
        year,
        indicators: data.backtest(),
    })
}

/// One indicator of one region in bulk output (no sentences).
#[derive(Serialize)]
struct Row<'a> {
    region: &'a str,
    year: i32,
    seq: u32,
    name: &'a str,
    unit: &'a str,
    target: &'a str,
    /// The month of the figure projected from, and the figure.
    from_month: Option<u8>,
    figure: Option<&'a str>,
    value: Option<String>,
    low: Option<String>,
    high: Option<String>,
    method: Option<&'static str>,
    status: Option<&'static str>,
    reason: Option<&'static str>,
}

/// The CSV header of [`outlook_all`].
pub const OUTLOOK_CSV_HEADER: &str =
    "region,year,seq,name,unit,target,from_month,figure,value,low,high,method,status,reason\n";

fn push_csv_row(out: &mut String, r: &Row<'_>) {
    use crate::bulk::push_csv_field;
    use std::fmt::Write;
    push_csv_field(out, r.region);
    // Writing to a String cannot fail.
    let _ = write!(out, ",{},{},", r.year, r.seq);
    for field in [r.name, r.unit, r.target] {
        push_csv_field(out, field);
        out.push(',');
    }
    if let Some(m) = r.from_month {
        let _ = write!(out, "{m}");
    }
    out.push(',');
    push_csv_field(out, r.figure.unwrap_or(""));
    for field in [&r.value, &r.low, &r.high] {
        out.push(',');
        out.push_str(field.as_deref().unwrap_or(""));
    }
    for field in [r.method, r.status, r.reason] {
        out.push(',');
        out.push_str(field.unwrap_or(""));
    }
    out.push('\n');
}

/// Every region's plan of `year` projected at `month` from the database, one row per
/// indicator, in region order: the year's plans and the [`BASIS_YEARS`] before it in one query
/// each, the monthly figures indicator by indicator across every region (one query each), then
/// the projections on all cores.
pub async fn outlook_all(
    store: &dyn crate::compare::PlanStore,
    year: i32,
    month: u8,
    rules: &Rules,
    format: crate::bulk::RowFormat,
) -> ServiceResult<(String, usize)> {
    use crate::bulk::{RowFormat, in_batches, join_parts, push_json_row};
    use planwatch_domain::outlook::{IndicatorInput, YearSeries, number_in};
    use std::collections::HashMap;

    check_month(Some(month))?;
    let plans = store.year_plans(year).await?.into_plans()?;
    let regions: Vec<String> = plans.iter().map(|p| p.region.clone()).collect();
    let index: HashMap<&str, usize> = regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.as_str(), i))
        .collect();
    let years: Vec<i32> = basis_years(year).chain([year]).collect();
    let first = years[0];
    // Each region's series per indicator, seeded with the past years' actuals.
    let mut past_plans = Vec::new();
    for y in basis_years(year) {
        past_plans.push((y, store.year_plans(y).await?.into_plans()?));
    }
    let mut inputs: Vec<Vec<IndicatorInput>> = plans
        .iter()
        .map(|p| {
            p.indicators
                .iter()
                .map(|_| IndicatorInput {
                    latest: None,
                    series: years.iter().map(|y| YearSeries::new(*y)).collect(),
                })
                .collect()
        })
        .collect();
    for (y, past) in &past_plans {
        let slot = usize::try_from(y - first).unwrap_or(0);
        for p in past {
            let Some(&ri) = index.get(p.region.as_str()) else {
                continue;
            };
            for (ind, input) in plans[ri].indicators.iter().zip(inputs[ri].iter_mut()) {
                input.series[slot].actual = p
                    .indicator(&ind.def.name)
                    .and_then(|i| i.actual.as_ref())
                    .and_then(|a| number_in(a, &ind.def.unit));
            }
        }
    }
    drop(past_plans);
    let mut names: Vec<&str> = Vec::new();
    for p in &plans {
        for ind in &p.indicators {
            if !names.contains(&ind.def.name.as_str()) {
                names.push(&ind.def.name);
            }
        }
    }
    for name in names {
        let rows = store.monthly_across(&regions, name, (first, year)).await?;
        for r in rows {
            if r.year == year && r.month > month {
                continue;
            }
            let Some(&ri) = index.get(r.region.as_str()) else {
                continue;
            };
            let Some(k) = plans[ri].indicators.iter().position(|i| i.def.name == name) else {
                continue;
            };
            let unit = &plans[ri].indicators[k].def.unit;
            let value = planwatch_text::parse_expr(&r.value_text);
            let input = &mut inputs[ri][k];
            let slot = usize::try_from(r.year - first).unwrap_or(0);
            if let (Some(v), Some(s)) = (number_in(&value, unit), input.series.get_mut(slot)) {
                s.set(r.month, v);
            }
            if r.year == year && input.latest.as_ref().is_none_or(|l| l.month < r.month) {
                input.latest = Some(MonthFigure {
                    indicator: r.indicator,
                    month: r.month,
                    value,
                });
            }
        }
    }
    // Each region's inputs are moved out once, by the worker of its batch.
    let inputs: Vec<std::sync::Mutex<Vec<IndicatorInput>>> =
        inputs.into_iter().map(std::sync::Mutex::new).collect();
    let parts = in_batches(plans.len(), |range| {
        let mut text = String::new();
        let mut scratch = Vec::new();
        let mut written = 0;
        for i in range {
            let plan = &plans[i];
            let mine = match inputs[i].lock() {
                Ok(mut g) => std::mem::take(&mut *g),
                Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
            };
            let o = outlook::project_inputs(plan, Some(month), mine, rules, false);
            for (ind, io) in plan.indicators.iter().zip(&o.indicators) {
                let p = io.projection.as_ref();
                let row = Row {
                    region: &plan.region,
                    year,
                    seq: ind.seq,
                    name: &ind.def.name,
                    unit: &ind.def.unit,
                    target: &ind.target.text,
                    from_month: p.map(|p| p.from_month),
                    figure: io.latest.as_ref().map(|l| l.text.as_str()),
                    value: p.map(|p| p.value.normalize().to_string()),
                    low: p.map(|p| p.low.normalize().to_string()),
                    high: p.map(|p| p.high.normalize().to_string()),
                    method: p.map(|p| p.method.as_str()),
                    status: p.map(|p| p.status.as_str()),
                    reason: io.reason_code.map(|r| r.as_str()),
                };
                match format {
                    RowFormat::Csv => push_csv_row(&mut text, &row),
                    RowFormat::Json => {
                        if written > 0 {
                            text.push(',');
                        }
                        push_json_row(&mut text, &mut scratch, &row);
                    }
                }
                written += 1;
            }
        }
        Ok((text, written))
    })?;
    Ok(join_parts(parts, OUTLOOK_CSV_HEADER, format))
}
