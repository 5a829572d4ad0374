//! Target realism: each numeric target of a plan year against the region's own actuals of the
//! last five years, last year's actual, the targets of its peer group and of its parent's
//! other regions (median, rank), and the level above's target for the same indicator.
//!
//! What is compared is the target's figure for rates, shares and intensities, and for levels
//! (亿元, 万人) the growth it implies over last year's actual — a level target above every
//! past actual is what growth means, the growth it asks for is what can be unrealistic; the
//! region's own history is then its yearly growths.
//!
//! Findings are direction-aware (for a lower-is-better indicator a looser target is a higher
//! one) and each carries its evidence in a Chinese and an English sentence:
//! `目标低于上年实际`, `目标高于近五年最高实际`, `目标低于近五年最低实际`,
//! `目标比同组中位数低1.5个百分点`, `目标低于上级目标`. Figures in, findings out: no I/O.

use crate::expr::{Expr, Form};
use crate::indicator::{Direction, IndicatorKind, PlanIndicator};
use crate::judge;
use crate::rules::Rules;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

/// How far is far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RealismRules {
    /// How many years of the region's own actuals count ("近五年").
    pub history_years: usize,
    /// Years of history needed before the five-year range is used.
    pub min_history: usize,
    /// A target this many percentage points from a peer median is a finding.
    pub peer_gap_pp: Decimal,
    /// Peers (besides the region) needed for a median.
    pub min_peers: usize,
    /// A level's implied growth is derived from rounded amounts: it counts as below the level
    /// above's only when short by more than this many points.
    pub implied_growth_slack_pp: Decimal,
}

impl Default for RealismRules {
    fn default() -> Self {
        RealismRules {
            history_years: 5,
            min_history: 3,
            peer_gap_pp: Decimal::ONE,
            min_peers: 3,
            implied_growth_slack_pp: Decimal::new(5, 1),
        }
    }
}

/// One other region's figures for the same indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub region: String,
    /// Its target for the plan year.
    pub target: Option<Expr>,
    /// Its actual of the year before.
    pub last_actual: Option<Expr>,
}

/// Whom a region is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerKind {
    /// A peer group (中心城区).
    Group,
    /// The other regions under the same parent (江北市各区县).
    Parent,
}

/// A set of regions compared with, the region itself left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Peers {
    pub kind: PeerKind,
    /// The group's or the parent's name.
    pub scope: String,
    pub members: Vec<Member>,
}

/// What a check of one indicator reads besides the plan itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckInput {
    /// The region's own actuals by year (any order; only years before the plan's count).
    pub own_actuals: Vec<(i32, Expr)>,
    pub peers: Vec<Peers>,
    /// The level above: its name, its target for the plan year and its actual of the year
    /// before.
    pub parent: Option<Member>,
}

/// What the figures compared are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The target's own figure (rates, shares, intensities).
    Figure,
    /// The growth a level target implies over last year's actual, in %.
    ImpliedGrowth,
}

/// The region's own record: the compared figures of the last years, with their summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnHistory {
    /// (year, figure): actuals, or for levels the year's growth over the year before.
    pub values: Vec<(i32, Decimal)>,
    pub min: Decimal,
    pub max: Decimal,
    pub mean: Decimal,
    /// Least-squares slope per year.
    pub trend_per_year: Decimal,
    /// The trend line at the plan year.
    pub trend_at_year: Decimal,
}

/// A target against a set of peers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeerStats {
    pub kind: PeerKind,
    pub scope: String,
    /// Peers with a comparable target (the region left out).
    pub n: usize,
    pub median_target: Decimal,
    /// Median of the peers' last-year actuals (on the same basis), when any.
    pub median_last_actual: Option<Decimal>,
    /// The region's rank among peers and itself, 1 = the most demanding target.
    pub rank: usize,
    pub of: usize,
}

/// One finding, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable id: `below_last_actual`, `above_history_max`, `below_history_min`,
    /// `peer_median_gap`, `below_parent_target` (and `above_…` / `looser_…` mirrors).
    pub code: String,
    /// The finding as a heading: 目标低于上年实际.
    pub title: String,
    /// With its evidence: 目标低于上年实际：目标6%，2023年实际6.7%.
    pub zh: String,
    pub en: String,
}

/// One indicator's target checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetCheck {
    pub seq: u32,
    pub name: String,
    pub unit: String,
    pub kind: IndicatorKind,
    pub direction: Direction,
    pub target_text: String,
    /// Why nothing was checked (a target with no figure: 市级下达, 稳中提质), else `None`.
    pub skipped: Option<String>,
    pub basis: Basis,
    /// The target's figure, and the figure compared (the implied growth for levels).
    pub target_value: Option<Decimal>,
    pub compared: Option<Decimal>,
    pub last_actual: Option<(i32, Decimal)>,
    pub history: Option<OwnHistory>,
    pub peers: Vec<PeerStats>,
    /// The level above's target on the same basis.
    pub parent_target: Option<(String, Decimal)>,
    pub findings: Vec<Finding>,
}

/// The figure a target commits to: the floor of a range when more is better, its ceiling
/// when less is.
pub fn target_figure(target: &Expr, unit: &str, direction: Direction) -> Option<Decimal> {
    match &target.form {
        Form::Value(q) | Form::Bound { value: q, .. } | Form::Approx { value: q, .. } => {
            q.in_unit(unit)
        }
        Form::Range { low, high } => {
            let (l, h) = (low.in_unit(unit)?, high.in_unit(unit)?);
            Some(match direction {
                Direction::HigherIsBetter => l.min(h),
                Direction::LowerIsBetter => l.max(h),
            })
        }
        _ => None,
    }
}

fn actual_figure(actual: &Expr, unit: &str) -> Option<Decimal> {
    match &actual.form {
        Form::Value(q) | Form::Approx { value: q, .. } | Form::Bound { value: q, .. } => {
            q.in_unit(unit)
        }
        _ => None,
    }
}

fn growth(now: Decimal, before: Decimal) -> Option<Decimal> {
    (before > Decimal::ZERO)
        .then(|| ((now / before - Decimal::ONE) * Decimal::from(100)).round_dp(2))
}

fn median(values: &mut [Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / Decimal::from(2)
    })
}

/// Two decimals, or four below 1 so that small rates (a death rate of 0.0088 against a target
/// of 0.01) do not print as equal.
fn fmt(v: Decimal) -> String {
    let places = if v.abs() < Decimal::ONE { 4 } else { 2 };
    v.round_dp(places).normalize().to_string()
}

/// Checks one indicator's target of plan year `year`.
pub fn check_indicator(
    ind: &PlanIndicator,
    year: i32,
    input: &CheckInput,
    rules: &Rules,
    realism: &RealismRules,
) -> TargetCheck {
    let (direction, _) = judge::resolve_direction(&ind.def, &ind.target, rules);
    let unit = ind.def.unit.as_str();
    let basis = match ind.def.kind {
        IndicatorKind::Level => Basis::ImpliedGrowth,
        _ => Basis::Figure,
    };
    let mut check = TargetCheck {
        seq: ind.seq,
        name: ind.def.name.clone(),
        unit: ind.def.unit.clone(),
        kind: ind.def.kind,
        direction,
        target_text: ind.target.text.clone(),
        skipped: None,
        basis,
        target_value: None,
        compared: None,
        last_actual: None,
        history: None,
        peers: Vec::new(),
        parent_target: None,
        findings: Vec::new(),
    };
    let Some(t) = target_figure(&ind.target, unit, direction) else {
        check.skipped = Some(format!("目标“{}”没有可比较的数值", ind.target.text));
        return check;
    };
    check.target_value = Some(t);

    // The region's own actuals, newest last; levels become yearly growths.
    let mut own: Vec<(i32, Decimal)> = input
        .own_actuals
        .iter()
        .filter(|(y, _)| *y < year)
        .filter_map(|(y, a)| Some((*y, actual_figure(a, unit)?)))
        .collect();
    own.sort_by_key(|(y, _)| *y);
    own.dedup_by_key(|(y, _)| *y);
    check.last_actual = own.last().copied().filter(|(y, _)| *y == year - 1);
    let compared = match basis {
        Basis::Figure => Some(t),
        Basis::ImpliedGrowth => check.last_actual.and_then(|(_, a)| growth(t, a)),
    };
    check.compared = compared;
    let series: Vec<(i32, Decimal)> = match basis {
        Basis::Figure => own.clone(),
        Basis::ImpliedGrowth => own
            .windows(2)
            .filter(|w| w[1].0 == w[0].0 + 1)
            .filter_map(|w| Some((w[1].0, growth(w[1].1, w[0].1)?)))
            .collect(),
    };
    let first_year = year - i32::try_from(realism.history_years).unwrap_or(5);
    let recent: Vec<(i32, Decimal)> = series
        .into_iter()
        .filter(|(y, _)| *y >= first_year)
        .collect();
    check.history = history_of(&recent, year);

    let words = Words::new(&ind.def, basis);
    let higher = direction == Direction::HigherIsBetter;
    // Last year's actual: a target below it asks for less than was done.
    if let (Some(c), Some((ly, la))) = (compared, check.last_actual) {
        let last = match basis {
            Basis::Figure => Some(la),
            // A level target below last year's level implies shrinking.
            Basis::ImpliedGrowth => Some(Decimal::ZERO),
        };
        if let Some(last) = last {
            let looser = if higher { c < last } else { c > last };
            if looser {
                let (code, title, en_title) = if higher {
                    (
                        "below_last_actual",
                        "目标低于上年实际",
                        "Target below last year's actual",
                    )
                } else {
                    (
                        "above_last_actual",
                        "目标高于上年实际",
                        "Target above last year's actual",
                    )
                };
                check.findings.push(Finding {
                    code: code.into(),
                    title: title.into(),
                    zh: format!(
                        "{title}：目标{}，{ly}年实际{}",
                        words.target_zh(t, c),
                        words.level_zh(la)
                    ),
                    en: format!(
                        "{en_title}: target {}, {ly} actual {}",
                        words.target_en(t, c),
                        words.level_en(la)
                    ),
                });
            }
        }
    }
    // The five-year range.
    if let (Some(c), Some(h)) = (compared, check.history.as_ref())
        && h.values.len() >= realism.min_history
    {
        let n = h.values.len();
        let years_zh = format!("近{}年", crate::compare::chinese_count(n));
        let years_en = format!("the past {n} years");
        let (max_year, _) = h
            .values
            .iter()
            .copied()
            .max_by_key(|(_, v)| *v)
            .unwrap_or((0, h.max));
        let (min_year, _) = h
            .values
            .iter()
            .copied()
            .min_by_key(|(_, v)| *v)
            .unwrap_or((0, h.min));
        let what = words.history_word_zh();
        let what_en = words.history_word_en();
        if c > h.max {
            let code = "above_history_max";
            let title = format!("目标高于{years_zh}最高{what}");
            check.findings.push(Finding {
                code: code.into(),
                zh: format!(
                    "{title}：{}，{years_zh}最高为{}（{max_year}年），均值{}",
                    words.compared_zh(t, c),
                    words.value(h.max),
                    words.value(h.mean)
                ),
                en: format!(
                    "Target above every {what_en} of {years_en}: {}; the highest was {} ({max_year}), the mean {}",
                    words.compared_en(t, c),
                    words.value(h.max),
                    words.value(h.mean)
                ),
                title,
            });
        } else if c < h.min {
            let title = format!("目标低于{years_zh}最低{what}");
            check.findings.push(Finding {
                code: "below_history_min".into(),
                zh: format!(
                    "{title}：{}，{years_zh}最低为{}（{min_year}年），均值{}",
                    words.compared_zh(t, c),
                    words.value(h.min),
                    words.value(h.mean)
                ),
                en: format!(
                    "Target below every {what_en} of {years_en}: {}; the lowest was {} ({min_year}), the mean {}",
                    words.compared_en(t, c),
                    words.value(h.min),
                    words.value(h.mean)
                ),
                title,
            });
        }
    }
    // Peers: median and rank of the targets on the same basis. A set with the same members
    // as one before it (a group that is exactly the parent's regions) would only repeat it.
    let mut seen: Vec<Vec<&str>> = Vec::new();
    for peers in &input.peers {
        let mut names: Vec<&str> = peers.members.iter().map(|m| m.region.as_str()).collect();
        names.sort_unstable();
        if seen.contains(&names) {
            continue;
        }
        seen.push(names);
        let mut targets: Vec<Decimal> = peers
            .members
            .iter()
            .filter_map(|m| member_value(m, unit, direction, basis))
            .collect();
        if targets.len() < realism.min_peers {
            continue;
        }
        let Some(c) = compared else {
            continue;
        };
        let n = targets.len();
        let better = targets
            .iter()
            .filter(|v| if higher { **v > c } else { **v < c })
            .count();
        let mut last: Vec<Decimal> = peers
            .members
            .iter()
            .filter_map(|m| {
                let a = actual_figure(m.last_actual.as_ref()?, unit)?;
                match basis {
                    Basis::Figure => Some(a),
                    Basis::ImpliedGrowth => None,
                }
            })
            .collect();
        let Some(med) = median(&mut targets) else {
            continue;
        };
        let stats = PeerStats {
            kind: peers.kind,
            scope: peers.scope.clone(),
            n,
            median_target: med,
            median_last_actual: median(&mut last),
            rank: better + 1,
            of: n + 1,
        };
        let gap = c - med;
        if gap.abs() >= realism.peer_gap_pp {
            let scope_zh = match peers.kind {
                PeerKind::Group => format!("同组（{}）", peers.scope),
                PeerKind::Parent => format!("{}所辖地区", peers.scope),
            };
            let scope_en = match peers.kind {
                PeerKind::Group => format!("its group ({})", peers.scope),
                PeerKind::Parent => format!("the regions under {}", peers.scope),
            };
            let (word, word_en) = if gap < Decimal::ZERO {
                ("低", "below")
            } else {
                ("高", "above")
            };
            let title = format!("目标比{scope_zh}中位数{word}{}个百分点", fmt(gap.abs()));
            let code = match (peers.kind, gap < Decimal::ZERO) {
                (PeerKind::Group, true) => "below_group_median",
                (PeerKind::Group, false) => "above_group_median",
                (PeerKind::Parent, true) => "below_siblings_median",
                (PeerKind::Parent, false) => "above_siblings_median",
            };
            check.findings.push(Finding {
                code: code.into(),
                zh: format!(
                    "{title}：{}，{n}个可比地区{}中位数{}，居第{}位（共{}个）",
                    words.compared_zh(t, c),
                    words.target_word_zh(),
                    words.value(med),
                    stats.rank,
                    stats.of
                ),
                en: format!(
                    "Target {} pp {word_en} the median of {scope_en}: {}; the median {} of {n} comparable regions is {}, rank {} of {}",
                    fmt(gap.abs()),
                    words.compared_en(t, c),
                    words.target_word_en(),
                    words.value(med),
                    stats.rank,
                    stats.of
                ),
                title,
            });
        }
        check.peers.push(stats);
    }
    // The level above's target.
    if let Some(parent) = &input.parent
        && let Some(pv) = member_value(parent, unit, direction, basis)
    {
        check.parent_target = Some((parent.region.clone(), pv));
        if let Some(c) = compared {
            let slack = match basis {
                Basis::Figure => Decimal::ZERO,
                Basis::ImpliedGrowth => realism.implied_growth_slack_pp,
            };
            let looser = if higher {
                c < pv - slack
            } else {
                c > pv + slack
            };
            if looser {
                let (code, title, en_title) = if higher {
                    (
                        "below_parent_target",
                        "目标低于上级目标",
                        "Target below the level above's",
                    )
                } else {
                    (
                        "above_parent_target",
                        "目标高于上级目标",
                        "Target above the level above's",
                    )
                };
                check.findings.push(Finding {
                    code: code.into(),
                    title: title.into(),
                    zh: format!(
                        "{title}：{}，{}目标{}",
                        words.compared_zh(t, c),
                        parent.region,
                        words.value(pv)
                    ),
                    en: format!(
                        "{en_title}: {}; {}'s target {}",
                        words.compared_en(t, c),
                        parent.region,
                        words.value(pv)
                    ),
                });
            }
        }
    }
    check
}

/// A member's target on the basis compared.
fn member_value(m: &Member, unit: &str, direction: Direction, basis: Basis) -> Option<Decimal> {
    let t = target_figure(m.target.as_ref()?, unit, direction)?;
    match basis {
        Basis::Figure => Some(t),
        Basis::ImpliedGrowth => growth(t, actual_figure(m.last_actual.as_ref()?, unit)?),
    }
}

fn history_of(values: &[(i32, Decimal)], year: i32) -> Option<OwnHistory> {
    let first = values.first()?;
    let n = Decimal::from(values.len());
    let min = values.iter().map(|(_, v)| *v).min()?;
    let max = values.iter().map(|(_, v)| *v).max()?;
    let mean = values.iter().map(|(_, v)| *v).sum::<Decimal>() / n;
    // Least squares in f64: a summary for people, not an exact figure.
    let xs: Vec<f64> = values.iter().map(|(y, _)| f64::from(y - first.0)).collect();
    let ys: Vec<f64> = values.iter().filter_map(|(_, v)| v.to_f64()).collect();
    let k = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / k, ys.iter().sum::<f64>() / k);
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let at = my + slope * (f64::from(year - first.0) - mx);
    let dec = |v: f64| Decimal::try_from(v).unwrap_or(Decimal::ZERO).round_dp(2);
    Some(OwnHistory {
        values: values.to_vec(),
        min,
        max,
        mean: mean.round_dp(2),
        trend_per_year: dec(slope),
        trend_at_year: dec(at),
    })
}

/// How figures are written in findings.
struct Words {
    basis: Basis,
    unit: String,
}

impl Words {
    fn new(def: &crate::indicator::IndicatorDef, basis: Basis) -> Self {
        Words {
            basis,
            unit: def.unit.clone(),
        }
    }

    /// A compared figure: a rate in %, a level's growth in %.
    fn value(&self, v: Decimal) -> String {
        match self.basis {
            Basis::ImpliedGrowth => format!("{}%", fmt(v)),
            Basis::Figure if self.unit.is_empty() => fmt(v),
            Basis::Figure => format!("{}{}", fmt(v), self.unit),
        }
    }

    /// A level as written: 1744亿元.
    fn level_zh(&self, v: Decimal) -> String {
        if self.unit.is_empty() {
            fmt(v)
        } else {
            format!("{}{}", fmt(v), self.unit)
        }
    }

    fn level_en(&self, v: Decimal) -> String {
        match self.basis {
            Basis::ImpliedGrowth => format!("{} {}", fmt(v), self.unit),
            Basis::Figure => self.level_zh(v),
        }
    }

    fn target_zh(&self, t: Decimal, c: Decimal) -> String {
        match self.basis {
            Basis::Figure => self.level_zh(t),
            Basis::ImpliedGrowth => format!("{}（隐含增长{}%）", self.level_zh(t), fmt(c)),
        }
    }

    fn target_en(&self, t: Decimal, c: Decimal) -> String {
        match self.basis {
            Basis::Figure => self.level_en(t),
            Basis::ImpliedGrowth => {
                format!("{} (implying growth of {}%)", self.level_en(t), fmt(c))
            }
        }
    }

    fn compared_zh(&self, t: Decimal, c: Decimal) -> String {
        format!("目标{}", self.target_zh(t, c))
    }

    fn compared_en(&self, t: Decimal, c: Decimal) -> String {
        format!("target {}", self.target_en(t, c))
    }

    fn history_word_zh(&self) -> &'static str {
        match self.basis {
            Basis::Figure => "实际",
            Basis::ImpliedGrowth => "实际增长",
        }
    }

    fn history_word_en(&self) -> &'static str {
        match self.basis {
            Basis::Figure => "actual",
            Basis::ImpliedGrowth => "actual growth",
        }
    }

    fn target_word_zh(&self) -> &'static str {
        match self.basis {
            Basis::Figure => "目标",
            Basis::ImpliedGrowth => "目标隐含增长",
        }
    }

    fn target_word_en(&self) -> &'static str {
        match self.basis {
            Basis::Figure => "target",
            Basis::ImpliedGrowth => "implied growth",
        }
    }
}

/// Every target of a region-year checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanCheck {
    pub region: String,
    pub year: i32,
    pub checks: Vec<TargetCheck>,
}

impl PlanCheck {
    /// Every finding, indicator by indicator.
    pub fn findings(&self) -> impl Iterator<Item = (&TargetCheck, &Finding)> {
        self.checks
            .iter()
            .flat_map(|c| c.findings.iter().map(move |f| (c, f)))
    }

    pub fn check(&self, indicator: &str) -> Option<&TargetCheck> {
        self.checks.iter().find(|c| c.name == indicator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Cmp;
    use crate::indicator::IndicatorDef;
    use crate::quantity::Quantity;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }

    fn value(s: &str) -> Expr {
        Expr::new(s, Form::Value(Quantity::bare(d(s))))
    }

    fn at_least(s: &str) -> Expr {
        Expr::new(
            format!("{s}以上"),
            Form::Bound {
                cmp: Cmp::Ge,
                value: Quantity::bare(d(s)),
            },
        )
    }

    fn ind(name: &str, unit: &str, target: Expr) -> PlanIndicator {
        PlanIndicator {
            seq: 1,
            def: IndicatorDef::new(name, unit),
            target,
            actual: None,
        }
    }

    /// Own actuals 2019..=2023, peers of a group with their targets, and the parent's target.
    fn input(history: [&str; 5], peers: &[&str], parent: Option<&str>) -> CheckInput {
        CheckInput {
            own_actuals: history
                .iter()
                .zip(2019..)
                .map(|(v, y)| (y, value(v)))
                .collect(),
            peers: vec![Peers {
                kind: PeerKind::Group,
                scope: "中心城区".into(),
                members: peers
                    .iter()
                    .enumerate()
                    .map(|(i, t)| Member {
                        region: format!("区{i}"),
                        target: Some(at_least(t)),
                        last_actual: None,
                    })
                    .collect(),
            }],
            parent: parent.map(|t| Member {
                region: "江北市".into(),
                target: Some(at_least(t)),
                last_actual: None,
            }),
        }
    }

    fn codes(c: &TargetCheck) -> Vec<&str> {
        c.findings.iter().map(|f| f.code.as_str()).collect()
    }

    fn run(i: &PlanIndicator, input: &CheckInput) -> TargetCheck {
        check_indicator(i, 2024, input, &Rules::default(), &RealismRules::default())
    }

    #[test]
    fn an_ordinary_target_has_no_findings_but_all_its_evidence() {
        let c = run(
            &ind("一般公共预算收入增速", "%", at_least("5")),
            &input(
                ["4", "5", "6", "4.5", "4.8"],
                &["5", "4.5", "5.5", "5"],
                Some("5"),
            ),
        );
        assert!(c.findings.is_empty(), "{:?}", c.findings);
        let h = c.history.as_ref().expect("history");
        assert_eq!((h.min, h.max, h.mean), (d("4"), d("6"), d("4.86")));
        assert_eq!(c.last_actual, Some((2023, d("4.8"))));
        assert_eq!(c.peers[0].median_target, d("5"));
        assert_eq!((c.peers[0].rank, c.peers[0].of), (2, 5));
        assert_eq!(c.parent_target, Some(("江北市".into(), d("5"))));
    }

    #[test]
    fn a_target_below_last_years_actual_is_flagged_with_both_figures() {
        let c = run(
            &ind("地区生产总值增速", "%", at_least("6.5")),
            &input(
                ["6", "6.4", "6.6", "6.3", "6.8"],
                &["6", "6.5", "6.5", "7"],
                Some("6.5"),
            ),
        );
        assert_eq!(codes(&c), vec!["below_last_actual"]);
        assert_eq!(
            c.findings[0].zh,
            "目标低于上年实际：目标6.5%，2023年实际6.8%"
        );
        assert_eq!(
            c.findings[0].en,
            "Target below last year's actual: target 6.5%, 2023 actual 6.8%"
        );
    }

    #[test]
    fn a_target_above_every_actual_of_five_years_is_flagged() {
        let c = run(
            &ind("社会消费品零售总额增速", "%", at_least("12")),
            &input(
                ["7", "8", "9", "8.5", "9.5"],
                &["11", "12", "11.5", "12"],
                Some("11"),
            ),
        );
        assert_eq!(codes(&c), vec!["above_history_max"]);
        assert!(
            c.findings[0]
                .zh
                .starts_with("目标高于近五年最高实际：目标12%，近五年最高为9.5%（2023年）"),
            "{}",
            c.findings[0].zh
        );
    }

    #[test]
    fn a_target_far_below_the_peer_median_is_flagged_with_the_gap() {
        let c = run(
            &ind("固定资产投资增速", "%", at_least("5")),
            &input(
                ["4", "5.5", "6", "3", "4.5"],
                &["6.5", "6", "7", "6.5", "8"],
                Some("5"),
            ),
        );
        assert_eq!(codes(&c), vec!["below_group_median"]);
        assert_eq!(
            c.findings[0].title,
            "目标比同组（中心城区）中位数低1.5个百分点"
        );
        assert!(
            c.findings[0].zh.contains("居第6位（共6个）"),
            "{}",
            c.findings[0].zh
        );
        assert!(
            c.findings[0]
                .en
                .starts_with("Target 1.5 pp below the median of its group (中心城区)")
        );
    }

    #[test]
    fn a_target_below_the_level_aboves_is_flagged_and_lower_is_better_mirrors() {
        let c = run(
            &ind("城镇常住居民人均可支配收入增速", "%", at_least("5.5")),
            &input(
                ["5", "6", "5.8", "5.2", "5.3"],
                &["5.5", "6", "5.5"],
                Some("6"),
            ),
        );
        assert_eq!(codes(&c), vec!["below_parent_target"]);
        assert_eq!(c.findings[0].zh, "目标低于上级目标：目标5.5%，江北市目标6%");
        // Unemployment: lower is better, so a ceiling above the parent's is the looser one.
        let within = Expr::new(
            "5.5以内",
            Form::Bound {
                cmp: Cmp::Le,
                value: Quantity::bare(d("5.5")),
            },
        );
        let mut i = input(
            ["5.2", "5.4", "5.3", "5.1", "5.0"],
            &["5.5", "5.5", "5.5"],
            None,
        );
        i.parent = Some(Member {
            region: "江北市".into(),
            target: Some(value("5")),
            last_actual: None,
        });
        let c = run(&ind("城镇调查失业率", "%", within), &i);
        assert_eq!(c.direction, Direction::LowerIsBetter);
        assert_eq!(
            codes(&c),
            vec![
                "above_last_actual",
                "above_history_max",
                "above_parent_target"
            ]
        );
    }

    #[test]
    fn levels_are_checked_by_the_growth_their_target_implies() {
        let levels = |v: [&str; 5]| -> Vec<(i32, Expr)> {
            v.iter().zip(2019..).map(|(s, y)| (y, value(s))).collect()
        };
        let member = |r: &str, t: &str, a: &str| Member {
            region: r.into(),
            target: Some(value(t)),
            last_actual: Some(value(a)),
        };
        let input = CheckInput {
            own_actuals: levels(["800", "850", "900", "950", "1000"]),
            peers: vec![Peers {
                kind: PeerKind::Parent,
                scope: "江北市".into(),
                members: vec![
                    member("乙区", "530", "500"),
                    member("丙区", "318", "300"),
                    member("丁区", "1060", "1000"),
                ],
            }],
            parent: None,
        };
        // 1060 over 1000 is 6%, as the peers; the past growths were 5.3%–6.25%.
        let c = run(&ind("地区生产总值", "亿元", value("1060")), &input);
        assert_eq!(c.basis, Basis::ImpliedGrowth);
        assert_eq!(c.compared, Some(d("6")));
        assert!(c.findings.is_empty(), "{:?}", c.findings);
        // 1200 implies 20%: above every past growth, and 14 points above the peers' median.
        let c = run(&ind("地区生产总值", "亿元", value("1200")), &input);
        assert_eq!(
            codes(&c),
            vec!["above_history_max", "above_siblings_median"]
        );
        assert!(
            c.findings[0].zh.contains("目标1200亿元（隐含增长20%）"),
            "{}",
            c.findings[0].zh
        );
        // Below last year's level.
        let c = run(&ind("地区生产总值", "亿元", value("990")), &input);
        assert!(codes(&c).contains(&"below_last_actual"), "{:?}", codes(&c));
    }

    #[test]
    fn a_group_with_the_parents_members_is_not_counted_twice() {
        let mut i = input(
            ["4", "5.5", "6", "3", "4.5"],
            &["6.5", "6", "7", "6.5", "8"],
            None,
        );
        let same = Peers {
            kind: PeerKind::Parent,
            ..i.peers[0].clone()
        };
        i.peers.push(same);
        let c = run(&ind("固定资产投资增速", "%", at_least("5")), &i);
        assert_eq!(codes(&c), vec!["below_group_median"]);
        assert_eq!(c.peers.len(), 1);
    }

    #[test]
    fn targets_without_a_figure_are_skipped_with_the_reason() {
        let delegated = Expr::new(
            "市级下达",
            Form::Delegated {
                authority: "市级".into(),
            },
        );
        let c = run(
            &ind("单位地区生产总值能耗下降", "%", delegated),
            &CheckInput::default(),
        );
        assert!(c.skipped.as_deref().is_some_and(|s| s.contains("市级下达")));
        assert!(c.findings.is_empty());
    }
}
