//! Comparisons of regions from stored data: rank within a group or among a parent's children,
//! gap to the average, share of the parent total, streaks (over years from the annual actuals,
//! or over quarters and months from the monthly cumulative figures) and roll-ups to the parent,
//! each with the phrase a report would use. The arithmetic lives in `planwatch_domain::compare`;
//! this module picks the figures out of stored plans.

use crate::{ServiceError, ServiceResult};
use planwatch_domain::compare::{
    self as cmp, Gap, average, gap, gap_phrase, rank, rank_phrase, rollup, share_phrase, streak,
};
use planwatch_domain::judge::resolve_direction;
use planwatch_domain::{Direction, Plan, Rules};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A store that also knows the region tree; every backend is one.
pub use planwatch_store::PlanStore;

/// What a streak counts: years of annual actuals, or quarters / months of cumulative figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StreakUnit {
    Year,
    Quarter,
    Month,
}

impl StreakUnit {
    /// The word a report counts with: 连续三年, 连续三个季度, 连续五个月.
    fn phrase(self, scope: &str, rank: usize, streak: usize) -> String {
        match self {
            StreakUnit::Year => year_rank_phrase(scope, rank, streak),
            StreakUnit::Quarter => rank_phrase(scope, rank, streak, "季度"),
            StreakUnit::Month => rank_phrase(scope, rank, streak, "月"),
        }
    }
}

/// Whom to compare: the members of a named group, or the children of a region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Group(String),
    Parent(String),
}

impl Scope {
    fn name(&self) -> &str {
        match self {
            Scope::Group(n) | Scope::Parent(n) => n,
        }
    }
}

/// One region's place in a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompareRow {
    pub region: String,
    /// The actual as written.
    pub actual_text: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    pub rank: usize,
    /// Consecutive periods (see [`Comparison::streak_unit`]), ending with this one, at this
    /// rank or better.
    pub streak: usize,
    pub rank_phrase: String,
    pub gap: Option<Gap>,
    pub gap_phrase: Option<String>,
    /// Share of the parent total (additive levels only).
    pub share_phrase: Option<String>,
    /// The same share as a ratio (0.25 is a quarter). Above 1 a part exceeds its whole: the
    /// parent's figure or a member's is wrong, which the page flags.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub share: Option<Decimal>,
}

/// The result of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub scope: Scope,
    pub year: i32,
    /// For an in-year comparison, the month of the cumulative figures compared (1-m月).
    pub month: Option<u8>,
    /// What the rows' streaks count.
    pub streak_unit: StreakUnit,
    pub indicator: String,
    pub unit: String,
    pub kind: &'static str,
    pub direction: &'static str,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub average: Option<Decimal>,
    pub rows: Vec<CompareRow>,
    /// Regions in scope with no usable figure, and why.
    pub missing: Vec<(String, String)>,
    /// The members' figures summed to the parent level, when additive.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub rollup: Option<Decimal>,
    /// Why the figures cannot be summed, when they cannot.
    pub rollup_refusal: Option<String>,
}

/// How far back streaks look.
const STREAK_YEARS: i32 = 10;

/// The numeric actual of an indicator in a plan, in the indicator's unit, or why there is none.
fn figure(plan: &Plan, indicator: &str) -> Result<(String, Decimal), String> {
    let ind = plan
        .indicator(indicator)
        .ok_or_else(|| "没有该指标".to_string())?;
    let actual = ind
        .actual
        .as_ref()
        .ok_or_else(|| "尚无实际数".to_string())?;
    let v = value_in(actual, &ind.def.unit, "实际数")?;
    Ok((actual.text.clone(), v))
}

/// An expression's figure in `unit`, or why there is none; `what` names the figure (实际数,
/// 累计数) in the reason.
fn value_in(e: &planwatch_domain::Expr, unit: &str, what: &str) -> Result<Decimal, String> {
    let q = e
        .figure()
        .ok_or_else(|| format!("{what}“{}”不是数值", e.text))?;
    q.in_unit(unit)
        .ok_or_else(|| format!("单位“{}”无法换算为“{unit}”", q.unit))
}

/// Compares one indicator's actuals across the regions in `scope` for `year`.
pub async fn compare(
    store: &dyn PlanStore,
    scope: &Scope,
    year: i32,
    indicator: &str,
    rules: &Rules,
) -> ServiceResult<Comparison> {
    compare_reading(store, scope, year, indicator, rules, Reading::OneIndicator).await
}

/// [`compare`] of the annual actuals, or with `month` [`compare_in_year`] of the 1-month
/// cumulative figures with streaks counted in `unit` — what the CLI, the API and the page offer.
pub async fn compare_for(
    store: &dyn PlanStore,
    scope: &Scope,
    year: i32,
    month: Option<(u8, StreakUnit)>,
    indicator: &str,
    rules: &Rules,
) -> ServiceResult<Comparison> {
    match month {
        None => compare(store, scope, year, indicator, rules).await,
        Some((m, unit)) => compare_in_year(store, scope, year, m, indicator, unit, rules).await,
    }
}

/// Like [`compare`], always reading whole years at once (one query per year), as large scopes do.
pub async fn compare_by_whole_years(
    store: &dyn PlanStore,
    scope: &Scope,
    year: i32,
    indicator: &str,
    rules: &Rules,
) -> ServiceResult<Comparison> {
    compare_reading(store, scope, year, indicator, rules, Reading::WholeYears).await
}

/// How a comparison reads its figures; both give the same answer (a test checks).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// The one indicator of the members over the years, in one query.
    OneIndicator,
    /// Every plan of each year, filtered to the members (a query per year).
    WholeYears,
}

/// Single-indicator plans from `(region, year, record)` rows, grouped by year.
fn plans_by_year(
    rows: Vec<(String, i32, planwatch_store::IndicatorRecord)>,
) -> ServiceResult<BTreeMap<i32, Vec<Plan>>> {
    let mut by_year: BTreeMap<i32, Vec<Plan>> = BTreeMap::new();
    for (region, year, record) in rows {
        let plan = planwatch_store::plan_from_records(&region, year, &[record])?;
        by_year.entry(year).or_default().push(plan);
    }
    Ok(by_year)
}

async fn compare_reading(
    store: &dyn PlanStore,
    scope: &Scope,
    year: i32,
    indicator: &str,
    rules: &Rules,
    reading: Reading,
) -> ServiceResult<Comparison> {
    let members = members_of(store, scope).await?;
    let first = year - STREAK_YEARS + 1;
    let mut by_year: BTreeMap<i32, Vec<Plan>> = match reading {
        Reading::OneIndicator => {
            let mut names = members.clone();
            names.push(scope.name().to_string());
            plans_by_year(
                store
                    .indicator_across(&names, indicator, (first, year))
                    .await?,
            )?
        }
        Reading::WholeYears => {
            let wanted: BTreeSet<&str> = members.iter().map(String::as_str).collect();
            let mut by_year = BTreeMap::new();
            for y in first..=year {
                let plans: Vec<Plan> = store
                    .plans_for_year(y)
                    .await?
                    .into_iter()
                    .filter(|p| wanted.contains(p.region.as_str()) || p.region == scope.name())
                    .collect();
                by_year.insert(y, plans);
            }
            by_year
        }
    };
    let this_year = by_year.remove(&year).unwrap_or_default();
    let basis = Basis::of(&this_year, scope, year, indicator, rules)?;
    let mut current = PeriodFigures::default();
    for m in &members {
        match this_year
            .iter()
            .find(|p| &p.region == m && p.indicator(indicator).is_some())
        {
            None => current
                .missing
                .push((m.clone(), format!("{year}年计划中没有该指标"))),
            Some(p) => current.add(m, figure(p, indicator)),
        }
    }
    let parent_figure = match scope {
        Scope::Parent(p) => this_year
            .iter()
            .find(|pl| &pl.region == p)
            .and_then(|plan| figure(plan, indicator).ok())
            .map(|(_, v)| v),
        Scope::Group(_) => None,
    };
    let history = past_ranks(&by_year, &members, indicator, basis.direction);
    Ok(build(
        scope,
        (year, None, StreakUnit::Year),
        indicator,
        &basis,
        current,
        parent_figure,
        &history,
    ))
}

/// How many earlier years in-year streaks look back over.
const IN_YEAR_STREAK_YEARS: i32 = 3;

/// Compares the monthly cumulative figures (1-`month`月累计) of one indicator across the regions
/// in `scope`, with streaks counted in quarters (quarter-end months: 3, 6, 9, 12) or months,
/// going back over earlier years: "连续三个季度居中心城区第一位". `month` must be a quarter end
/// for quarterly streaks.
pub async fn compare_in_year(
    store: &dyn PlanStore,
    scope: &Scope,
    year: i32,
    month: u8,
    indicator: &str,
    unit: StreakUnit,
    rules: &Rules,
) -> ServiceResult<Comparison> {
    if !(1..=12).contains(&month) {
        return Err(invalid(format!("month {month} is not 1..12")));
    }
    let ends: &[u8] = match unit {
        StreakUnit::Quarter if !month.is_multiple_of(3) => {
            return Err(invalid(format!(
                "quarterly streaks need a quarter-end month (3, 6, 9 or 12), not {month}"
            )));
        }
        StreakUnit::Quarter => &[3, 6, 9, 12],
        StreakUnit::Month => &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        StreakUnit::Year => {
            return Err(invalid(
                "yearly streaks come from the annual actuals: use compare".into(),
            ));
        }
    };
    let members = members_of(store, scope).await?;
    let mut names = members.clone();
    names.push(scope.name().to_string());
    let plans = plans_by_year(
        store
            .indicator_across(&names, indicator, (year, year))
            .await?,
    )?
    .remove(&year)
    .unwrap_or_default();
    let basis = Basis::of(&plans, scope, year, indicator, rules)?;
    // (year, month) → region → (text, value), read region-year by region-year.
    let mut figures: BTreeMap<(i32, u8), BTreeMap<String, (String, Decimal)>> = BTreeMap::new();
    let mut unreadable: BTreeMap<String, String> = BTreeMap::new();
    let rows = store
        .monthly_across(&names, indicator, (year - IN_YEAR_STREAK_YEARS, year))
        .await?;
    for f in rows {
        let y = f.year;
        if y == year && f.month > month {
            continue;
        }
        match monthly_value(&f.value_text, &basis.unit) {
            Ok(v) => {
                figures
                    .entry((y, f.month))
                    .or_default()
                    .insert(f.region, (f.value_text, v));
            }
            Err(why) if y == year && f.month == month => {
                unreadable.insert(f.region, why);
            }
            Err(_) => {}
        }
    }
    let now = figures.remove(&(year, month)).unwrap_or_default();
    let mut current = PeriodFigures::default();
    for m in &members {
        match (now.get(m), unreadable.get(m)) {
            (Some((text, v)), _) => current.add(m, Ok((text.clone(), *v))),
            (None, Some(why)) => current.missing.push((m.clone(), why.clone())),
            (None, None) => current
                .missing
                .push((m.clone(), format!("{year}年1-{month}月没有累计数"))),
        }
    }
    let parent_figure = now.get(scope.name()).map(|(_, v)| *v);
    // Earlier periods, oldest first: every period end before this one, back to the first year.
    let history: Vec<BTreeMap<String, usize>> = ((year - IN_YEAR_STREAK_YEARS)..=year)
        .flat_map(|y| ends.iter().map(move |m| (y, *m)))
        .filter(|&(y, m)| y < year || m < month)
        .map(|period| {
            let at = figures.get(&period);
            let figs: Vec<(String, Decimal)> = members
                .iter()
                .filter_map(|m| at.and_then(|a| a.get(m)).map(|(_, v)| (m.clone(), *v)))
                .collect();
            rank(&figs, basis.direction)
                .into_iter()
                .map(|r| (r.region, r.rank))
                .collect()
        })
        .collect();
    Ok(build(
        scope,
        (year, Some(month), unit),
        indicator,
        &basis,
        current,
        parent_figure,
        &history,
    ))
}

fn invalid(why: String) -> ServiceError {
    ServiceError::Store(planwatch_store::StoreError::Invalid(why))
}

/// A monthly cumulative figure in the indicator's unit.
fn monthly_value(text: &str, unit: &str) -> Result<Decimal, String> {
    value_in(&planwatch_text::parse_expr(text), unit, "累计数")
}

async fn members_of(store: &dyn PlanStore, scope: &Scope) -> ServiceResult<Vec<String>> {
    let members: Vec<String> = match scope {
        Scope::Group(g) => store.group_members(g).await?,
        Scope::Parent(p) => store.children(p).await?,
    }
    .into_iter()
    .map(|r| r.name)
    .collect();
    if members.is_empty() {
        let what = match scope {
            Scope::Group(g) => format!("group {g:?} has no members"),
            Scope::Parent(p) => format!("region {p:?} has no children"),
        };
        return Err(ServiceError::Store(planwatch_store::StoreError::NotFound(
            what,
        )));
    }
    Ok(members)
}

/// The compared indicator as this year's plans define it.
struct Basis {
    direction: Direction,
    kind: planwatch_domain::IndicatorKind,
    unit: String,
}

impl Basis {
    fn of(
        plans: &[Plan],
        scope: &Scope,
        year: i32,
        indicator: &str,
        rules: &Rules,
    ) -> ServiceResult<Self> {
        let def = plans
            .iter()
            .find_map(|p| p.indicator(indicator))
            .ok_or_else(|| ServiceError::NoPlan {
                region: scope.name().to_string(),
                year,
                hint: format!(" (no member has the indicator {indicator:?})"),
            })?;
        let (direction, _) = resolve_direction(&def.def, &def.target, rules);
        Ok(Basis {
            direction,
            kind: def.def.kind,
            unit: def.def.unit.clone(),
        })
    }
}

/// The members' figures of the compared period, and the members without one (and why).
#[derive(Default)]
struct PeriodFigures {
    figures: Vec<(String, Decimal)>,
    texts: BTreeMap<String, String>,
    missing: Vec<(String, String)>,
}

impl PeriodFigures {
    fn add(&mut self, region: &str, figure: Result<(String, Decimal), String>) {
        match figure {
            Ok((text, v)) => {
                self.texts.insert(region.to_string(), text);
                self.figures.push((region.to_string(), v));
            }
            Err(why) => self.missing.push((region.to_string(), why)),
        }
    }
}

/// Ranks, average, gaps, shares, streaks and the roll-up of one period's figures. `history`
/// holds the ranks of each earlier period, oldest first.
fn build(
    scope: &Scope,
    (year, month, streak_unit): (i32, Option<u8>, StreakUnit),
    indicator: &str,
    basis: &Basis,
    current: PeriodFigures,
    parent_figure: Option<Decimal>,
    history: &[BTreeMap<String, usize>],
) -> Comparison {
    let PeriodFigures {
        figures,
        texts,
        missing,
    } = current;
    let kind = basis.kind;
    let ranked = rank(&figures, basis.direction);
    let avg = average(&figures);
    let values: Vec<Decimal> = figures.iter().map(|(_, v)| *v).collect();
    let rolled = rollup(indicator, &basis.unit, kind, &values);
    let scope_word = scope.name().to_string();
    let avg_word = format!("{scope_word}平均水平");
    // The whole a share is of: the parent's own figure if stored, else the members' sum.
    let whole = if kind.is_rate_like() {
        None
    } else {
        parent_figure.or_else(|| rolled.as_ref().ok().copied())
    };
    let rows = ranked
        .into_iter()
        .map(|r| {
            let mut ranks: Vec<usize> = history
                .iter()
                .map(|period| period.get(&r.region).copied().unwrap_or(usize::MAX))
                .collect();
            ranks.push(r.rank);
            let streak = streak(&ranks, r.rank);
            let g = avg.and_then(|a| gap(r.value, a, kind));
            CompareRow {
                actual_text: texts.get(&r.region).cloned().unwrap_or_default(),
                rank_phrase: streak_unit.phrase(&scope_word, r.rank, streak),
                gap_phrase: g.map(|g| gap_phrase(&avg_word, g)),
                gap: g,
                share_phrase: whole.and_then(|w| share_phrase(&scope_word, r.value, w)),
                share: whole
                    .filter(|w| *w > Decimal::ZERO)
                    .and_then(|w| r.value.checked_div(w)),
                streak,
                value: r.value,
                rank: r.rank,
                region: r.region,
            }
        })
        .collect();
    Comparison {
        scope: scope.clone(),
        year,
        month,
        streak_unit,
        indicator: indicator.to_string(),
        unit: basis.unit.clone(),
        kind: kind.as_str(),
        direction: basis.direction.as_str(),
        average: avg,
        rows,
        missing,
        rollup: rolled.as_ref().ok().copied(),
        rollup_refusal: rolled.err().map(|e: cmp::RollupRefusal| e.to_string()),
    }
}

/// Each earlier year's ranks of the members (oldest first); a member without a figure is absent.
fn past_ranks(
    by_year: &BTreeMap<i32, Vec<Plan>>,
    members: &[String],
    indicator: &str,
    direction: Direction,
) -> Vec<BTreeMap<String, usize>> {
    by_year
        .values()
        .map(|plans| {
            let figures: Vec<(String, Decimal)> = members
                .iter()
                .filter_map(|m| {
                    let p = plans.iter().find(|p| &p.region == m)?;
                    figure(p, indicator).ok().map(|(_, v)| (m.clone(), v))
                })
                .collect();
            rank(&figures, direction)
                .into_iter()
                .map(|r| (r.region, r.rank))
                .collect()
        })
        .collect()
}

/// "居中心城区第一位", or over years "连续三年居中心城区第一位" (reports say 年, not 个年度).
pub fn year_rank_phrase(scope: &str, rank: usize, streak_years: usize) -> String {
    let place = rank_phrase(scope, rank, 0, "");
    if streak_years >= 2 {
        // 两年, not 二年, as reports write it.
        let n = if streak_years == 2 {
            "两".to_string()
        } else {
            cmp::chinese_count(streak_years)
        };
        format!("连续{n}年{place}")
    } else {
        place
    }
}
