//! Comparisons of regions from stored data: rank within a group or among a parent's children,
//! gap to the average, share of the parent total, streaks over years and roll-ups to the parent,
//! each with the phrase a report would use. The arithmetic lives in `planwatch_domain::compare`;
//! this module picks the figures out of stored plans.

use crate::{ServiceError, ServiceResult};
use planwatch_domain::compare::{
    self as cmp, Gap, average, gap, gap_phrase, rank, rank_phrase, rollup, share_phrase, streak,
};
use planwatch_domain::judge::resolve_direction;
use planwatch_domain::{Direction, Plan, Rules};
use planwatch_store::{RegionStore, Store};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A store that also knows the region tree; every backend is one.
pub trait PlanStore: Store + RegionStore {}
impl<T: Store + RegionStore + ?Sized> PlanStore for T {}

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
    /// Consecutive years, ending with this one, at this rank or better.
    pub streak_years: usize,
    pub rank_phrase: String,
    pub gap: Option<Gap>,
    pub gap_phrase: Option<String>,
    /// Share of the parent total (additive levels only).
    pub share_phrase: Option<String>,
}

/// The result of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub scope: Scope,
    pub year: i32,
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

/// Up to this many members, plans are read region by region rather than a whole year at once.
const SMALL_SCOPE: usize = 40;

/// The numeric actual of an indicator in a plan, in the indicator's unit, or why there is none.
fn figure(plan: &Plan, indicator: &str) -> Result<(String, Decimal), String> {
    let ind = plan
        .indicator(indicator)
        .ok_or_else(|| "没有该指标".to_string())?;
    let actual = ind
        .actual
        .as_ref()
        .ok_or_else(|| "尚无实际数".to_string())?;
    let q = actual
        .figure()
        .ok_or_else(|| format!("实际数“{}”不是数值", actual.text))?;
    let v = q
        .in_unit(&ind.def.unit)
        .ok_or_else(|| format!("单位“{}”无法换算为“{}”", q.unit, ind.def.unit))?;
    Ok((actual.text.clone(), v))
}

/// Compares one indicator's actuals across the regions in `scope` for `year`.
pub async fn compare(
    store: &dyn PlanStore,
    scope: &Scope,
    year: i32,
    indicator: &str,
    rules: &Rules,
) -> ServiceResult<Comparison> {
    compare_reading(store, scope, year, indicator, rules, SMALL_SCOPE).await
}

/// Like [`compare`], always reading whole years at once (one query per year), as large scopes do.
pub async fn compare_by_whole_years(
    store: &dyn PlanStore,
    scope: &Scope,
    year: i32,
    indicator: &str,
    rules: &Rules,
) -> ServiceResult<Comparison> {
    compare_reading(store, scope, year, indicator, rules, 0).await
}

async fn compare_reading(
    store: &dyn PlanStore,
    scope: &Scope,
    year: i32,
    indicator: &str,
    rules: &Rules,
    small_scope: usize,
) -> ServiceResult<Comparison> {
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
    let wanted: BTreeSet<&str> = members.iter().map(String::as_str).collect();
    let mut by_year: BTreeMap<i32, Vec<Plan>> = BTreeMap::new();
    // A small scope (a peer group) reads its members' plans one by one through the index; a
    // large one (all counties of a province) reads each year whole, in one query.
    let small = members.len() <= small_scope;
    for y in (year - STREAK_YEARS + 1)..=year {
        let plans: Vec<Plan> = if small {
            let mut plans = Vec::with_capacity(members.len() + 1);
            for m in members.iter().map(String::as_str).chain([scope.name()]) {
                if let Some(p) = store.load_plan(m, y).await? {
                    plans.push(p);
                }
            }
            plans
        } else {
            store
                .plans_for_year(y)
                .await?
                .into_iter()
                .filter(|p| wanted.contains(p.region.as_str()) || p.region == scope.name())
                .collect()
        };
        by_year.insert(y, plans);
    }
    let this_year = by_year.remove(&year).unwrap_or_default();
    let def = this_year
        .iter()
        .find_map(|p| p.indicator(indicator))
        .ok_or_else(|| ServiceError::NoPlan {
            region: scope.name().to_string(),
            year,
            hint: format!(" (no member has the indicator {indicator:?})"),
        })?;
    let (direction, _) = resolve_direction(&def.def, &def.target, rules);
    let kind = def.def.kind;
    let unit = def.def.unit.clone();

    let mut figures: Vec<(String, Decimal)> = Vec::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut missing = Vec::new();
    let mut parent_figure = None;
    for m in &members {
        match this_year.iter().find(|p| &p.region == m) {
            None => missing.push((m.clone(), format!("{year}年没有计划"))),
            Some(p) => match figure(p, indicator) {
                Ok((text, v)) => {
                    texts.insert(m.clone(), text);
                    figures.push((m.clone(), v));
                }
                Err(why) => missing.push((m.clone(), why)),
            },
        }
    }
    if let Scope::Parent(p) = scope
        && let Some(plan) = this_year.iter().find(|pl| &pl.region == p)
    {
        parent_figure = figure(plan, indicator).ok().map(|(_, v)| v);
    }

    let ranked = rank(&figures, direction);
    let avg = average(&figures);
    let values: Vec<Decimal> = figures.iter().map(|(_, v)| *v).collect();
    let rolled = rollup(indicator, &unit, kind, &values);
    let history = past_ranks(&by_year, &members, indicator, direction);
    let (scope_word, avg_word) = match scope {
        Scope::Group(g) => (g.clone(), format!("{g}平均水平")),
        Scope::Parent(p) => (p.clone(), format!("{p}平均水平")),
    };
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
                .map(|year_ranks| year_ranks.get(&r.region).copied().unwrap_or(usize::MAX))
                .collect();
            ranks.push(r.rank);
            let streak_years = streak(&ranks, r.rank);
            let g = avg.and_then(|a| gap(r.value, a, kind));
            CompareRow {
                actual_text: texts.get(&r.region).cloned().unwrap_or_default(),
                rank_phrase: year_rank_phrase(&scope_word, r.rank, streak_years),
                gap_phrase: g.map(|g| gap_phrase(&avg_word, g)),
                gap: g,
                share_phrase: whole.and_then(|w| share_phrase(&scope_word, r.value, w)),
                streak_years,
                value: r.value,
                rank: r.rank,
                region: r.region,
            }
        })
        .collect();
    Ok(Comparison {
        scope: scope.clone(),
        year,
        indicator: indicator.to_string(),
        unit,
        kind: kind.as_str(),
        direction: direction.as_str(),
        average: avg,
        rows,
        missing,
        rollup: rolled.as_ref().ok().copied(),
        rollup_refusal: rolled.err().map(|e: cmp::RollupRefusal| e.to_string()),
    })
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
