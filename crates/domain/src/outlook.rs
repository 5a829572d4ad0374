//! Year-end projection: where each indicator will end the year, from its 1-m月 figure and the
//! way the same indicator moved through the months in past years.
//!
//! - **Cumulative levels** (亿元, 万人, 天): this year's 1-m月 figure divided by the share month
//!   m held of the whole year in past years — last year's share, or the mean of the last three
//!   years' ([`BASIS_YEARS`]) when stored. The range comes from the spread of those shares (a
//!   90% prediction interval, so it needs two years or more). With no history the share is the
//!   time elapsed, m/12, and the explanation says so.
//! - **Growth rates**: the year-to-date rate plus how the rate moved from month m to the year's
//!   end in past years (mean of the same years, range from their spread). With no history the
//!   rate is carried forward, and the explanation says so.
//! - **Shares, intensities and qualitative targets**: no projection, with the reason.
//! - **Projected status**: the same judging rules applied to the projection and to both ends
//!   of its range — both ends met: 预计完成; both below: 预计未完成; otherwise 可能未完成.
//! - One Chinese and one English sentence, both written from the same [`Projection`] facts.
//! - [`backtest`]: each past year projected from each of its months, with the error against
//!   the year's actual, so a user can see what a June projection is worth.
//!
//! Figures in, projection out: the caller parses and loads; nothing here reads or writes.

use crate::expr::{Expr, Form};
use crate::in_year::{Latest, Light, MonthFigure, Period, latest_by_indicator, latest_month};
use crate::indicator::{Direction, IndicatorKind, Plan, PlanIndicator};
use crate::judge::{self, Status};
use crate::lang::Lang;
use crate::quantity::Quantity;
use crate::rules::Rules;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;

/// How many past years a projection averages at most ("the mean of the last three").
pub const BASIS_YEARS: usize = 3;

/// One year of one indicator in the indicator's unit: its 1-m月 cumulative figures and the
/// year's actual.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct YearSeries {
    pub year: i32,
    /// `months[m - 1]` is the 1-m月 figure.
    pub months: [Option<Decimal>; 12],
    /// The year's actual, when known; else the 1-12月 figure stands for the year.
    pub actual: Option<Decimal>,
}

impl YearSeries {
    pub fn new(year: i32) -> Self {
        YearSeries {
            year,
            ..YearSeries::default()
        }
    }

    /// The 1-`month`月 figure.
    pub fn at(&self, month: u8) -> Option<Decimal> {
        let i = usize::from(month).checked_sub(1)?;
        self.months.get(i).copied().flatten()
    }

    /// Sets the 1-`month`月 figure (months outside 1..=12 are ignored).
    pub fn set(&mut self, month: u8, value: Decimal) {
        if let Some(slot) = usize::from(month)
            .checked_sub(1)
            .and_then(|i| self.months.get_mut(i))
        {
            *slot = Some(value);
        }
    }

    /// The year's final figure: the actual, else the 1-12月 figure.
    pub fn year_end(&self) -> Option<Decimal> {
        self.actual.or(self.months[11])
    }
}

/// How an indicator's in-year figure relates to its year-end figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeriesKind {
    /// The 1-m月 figure is a part of the year's total (levels).
    Cumulative,
    /// The 1-m月 figure is the rate so far (growth rates).
    Rate,
}

impl SeriesKind {
    /// The projectable kinds: levels and growth rates.
    pub fn of(kind: IndicatorKind) -> Option<SeriesKind> {
        match kind {
            IndicatorKind::Level => Some(SeriesKind::Cumulative),
            IndicatorKind::GrowthRate => Some(SeriesKind::Rate),
            IndicatorKind::Share | IndicatorKind::Intensity => None,
        }
    }
}

/// How a projection was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// A level divided by past years' share of month m in the year.
    SeasonalShare,
    /// A level divided by m/12 (no history).
    TimeShare,
    /// A rate plus past years' move from month m to the year's end.
    RateShift,
    /// A rate carried forward unchanged (no history).
    RateCarry,
    /// The 1-12月 figure is the year's.
    YearEnd,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::SeasonalShare => "seasonal_share",
            Method::TimeShare => "time_share",
            Method::RateShift => "rate_shift",
            Method::RateCarry => "rate_carry",
            Method::YearEnd => "year_end",
        }
    }
}

/// A projected figure with its range, before judging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Estimate {
    pub value: Decimal,
    pub low: Decimal,
    pub high: Decimal,
    pub method: Method,
    /// The past years whose profile was used, newest first.
    pub basis_years: Vec<i32>,
    /// Whether the range was estimated (two past years or more); else low = high = value.
    pub ranged: bool,
}

/// Student's t 0.95-quantiles (a two-sided 90% interval) by degrees of freedom 1, 2, 3, 4+.
const T90: [f64; 4] = [6.314, 2.920, 2.353, 2.132];

/// Half-width of a 90% prediction interval for one more draw, from past draws (normal
/// errors): t · s · √(1 + 1/n).
fn half_width(values: &[f64]) -> f64 {
    let n = values.len();
    if n < 2 {
        return 0.0;
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let t = T90[(n - 2).min(T90.len() - 1)];
    t * var.sqrt() * (1.0 + 1.0 / n as f64).sqrt()
}

/// A range's ends are rounded outwards, so rounding never narrows it — after dropping the
/// last digits of division noise (1299.99…9 is 1300).
fn floor(v: Decimal, dp: u32) -> Decimal {
    let v = v.round_dp(dp + 8);
    shown(
        v.round_dp_with_strategy(dp, RoundingStrategy::ToNegativeInfinity),
        dp,
    )
}

fn ceil(v: Decimal, dp: u32) -> Decimal {
    let v = v.round_dp(dp + 8);
    shown(
        v.round_dp_with_strategy(dp, RoundingStrategy::ToPositiveInfinity),
        dp,
    )
}

/// Rounded to `dp` decimals and written with exactly that many (6.0, not 6).
fn shown(v: Decimal, dp: u32) -> Decimal {
    let mut v = v.round_dp(dp);
    v.rescale(dp);
    v
}

fn dec(v: f64) -> Decimal {
    Decimal::from_f64(v).unwrap_or(Decimal::ZERO)
}

fn mean(values: &[Decimal]) -> Option<Decimal> {
    let sum = values
        .iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(*v))?;
    sum.checked_div(Decimal::from(values.len()))
}

/// Decimals shown: those of the year-to-date figure, at least one for rates, at most two.
fn shown_dp(kind: SeriesKind, ytd: Decimal) -> u32 {
    let min = match kind {
        SeriesKind::Rate => 1,
        SeriesKind::Cumulative => 0,
    };
    ytd.scale().clamp(min, 2)
}

/// Projects the year-end figure from the 1-`month`月 figure `ytd` and past years' series (any
/// order; only years with both a 1-`month`月 and a year-end figure count, the newest
/// [`BASIS_YEARS`] of them).
pub fn estimate(kind: SeriesKind, month: u8, ytd: Decimal, history: &[YearSeries]) -> Estimate {
    let month = month.clamp(1, 12);
    let dp = shown_dp(kind, ytd);
    let point = |value: Decimal, method: Method, basis_years: Vec<i32>| {
        let value = shown(value, dp);
        Estimate {
            value,
            low: value,
            high: value,
            method,
            basis_years,
            ranged: false,
        }
    };
    if month == 12 {
        return point(ytd, Method::YearEnd, Vec::new());
    }
    let mut past: Vec<(i32, Decimal, Decimal)> = history
        .iter()
        .filter_map(|y| Some((y.year, y.at(month)?, y.year_end()?)))
        .collect();
    past.sort_by_key(|(year, _, _)| Reverse(*year));
    match kind {
        SeriesKind::Cumulative => {
            let shares: Vec<(i32, Decimal)> = past
                .iter()
                .filter(|(_, at, end)| *at > Decimal::ZERO && *end > Decimal::ZERO)
                .filter_map(|(year, at, end)| Some((*year, at.checked_div(*end)?)))
                .take(BASIS_YEARS)
                .collect();
            let time = Decimal::from(month) / Decimal::from(12);
            let Some(share) = mean(&shares.iter().map(|(_, s)| *s).collect::<Vec<_>>()) else {
                return point(ytd / time, Method::TimeShare, Vec::new());
            };
            let years: Vec<i32> = shares.iter().map(|(y, _)| *y).collect();
            let Some(value) = ytd.checked_div(share) else {
                return point(ytd / time, Method::TimeShare, Vec::new());
            };
            let h = dec(half_width(
                &shares
                    .iter()
                    .filter_map(|(_, s)| s.to_f64())
                    .collect::<Vec<_>>(),
            ));
            // A cumulative figure cannot shrink: when every past share was at most the whole,
            // the year ends at least where it stands.
            let mut share_hi = share + h;
            if shares.iter().all(|(_, s)| *s <= Decimal::ONE) {
                share_hi = share_hi.min(Decimal::ONE);
            }
            let share_lo = (share - h).max(share / Decimal::from(4));
            let a = ytd.checked_div(share_hi).unwrap_or(value);
            let b = ytd.checked_div(share_lo).unwrap_or(value);
            Estimate {
                value: shown(value, dp),
                low: floor(a.min(b), dp),
                high: ceil(a.max(b), dp),
                method: Method::SeasonalShare,
                ranged: years.len() >= 2,
                basis_years: years,
            }
        }
        SeriesKind::Rate => {
            let shifts: Vec<(i32, Decimal)> = past
                .iter()
                .map(|(year, at, end)| (*year, *end - *at))
                .take(BASIS_YEARS)
                .collect();
            let Some(shift) = mean(&shifts.iter().map(|(_, s)| *s).collect::<Vec<_>>()) else {
                return point(ytd, Method::RateCarry, Vec::new());
            };
            let h = dec(half_width(
                &shifts
                    .iter()
                    .filter_map(|(_, s)| s.to_f64())
                    .collect::<Vec<_>>(),
            ));
            let value = ytd + shift;
            Estimate {
                value: shown(value, dp),
                low: floor(value - h, dp),
                high: ceil(value + h, dp),
                method: Method::RateShift,
                ranged: shifts.len() >= 2,
                basis_years: shifts.iter().map(|(y, _)| *y).collect(),
            }
        }
    }
}

/// Whether the year will meet its target, judged on the projection's range. Basically met
/// (基本完成) does not count as met here: a range that only comes close is 预计未完成.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectedStatus {
    /// 预计完成: both ends of the range meet the target.
    LikelyMet,
    /// 可能未完成: one end of the range meets the target, the other does not.
    AtRisk,
    /// 预计未完成: neither end meets the target (both below or only basically met).
    LikelyMissed,
    /// 无法判断: the target gives nothing to judge against (市级下达, 待反馈).
    Undecidable,
}

impl ProjectedStatus {
    pub const ALL: [ProjectedStatus; 4] = [
        ProjectedStatus::LikelyMet,
        ProjectedStatus::AtRisk,
        ProjectedStatus::LikelyMissed,
        ProjectedStatus::Undecidable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProjectedStatus::LikelyMet => "likely_met",
            ProjectedStatus::AtRisk => "at_risk",
            ProjectedStatus::LikelyMissed => "likely_missed",
            ProjectedStatus::Undecidable => "undecidable",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ProjectedStatus::LikelyMet => "预计完成",
            ProjectedStatus::AtRisk => "可能未完成",
            ProjectedStatus::LikelyMissed => "预计未完成",
            ProjectedStatus::Undecidable => "无法判断",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ProjectedStatus::LikelyMet => "likely met",
            ProjectedStatus::AtRisk => "at risk",
            ProjectedStatus::LikelyMissed => "likely missed",
            ProjectedStatus::Undecidable => "cannot be judged",
        }
    }

    pub fn light(self) -> Light {
        match self {
            ProjectedStatus::LikelyMet => Light::Green,
            ProjectedStatus::AtRisk => Light::Yellow,
            ProjectedStatus::LikelyMissed => Light::Red,
            ProjectedStatus::Undecidable => Light::Grey,
        }
    }

    /// From the judged statuses of the range's two ends.
    pub fn of_ends(a: Status, b: Status) -> ProjectedStatus {
        let met = |s: Status| matches!(s, Status::Met | Status::Exceeded);
        match (a.rank(), b.rank()) {
            (None, _) | (_, None) => ProjectedStatus::Undecidable,
            _ if met(a) && met(b) => ProjectedStatus::LikelyMet,
            _ if !met(a) && !met(b) => ProjectedStatus::LikelyMissed,
            _ => ProjectedStatus::AtRisk,
        }
    }
}

/// A judged projection of one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Projection {
    pub value: Decimal,
    pub low: Decimal,
    pub high: Decimal,
    pub unit: String,
    pub method: Method,
    pub basis_years: Vec<i32>,
    pub ranged: bool,
    /// The 1-m月 figure it started from.
    pub from_month: u8,
    pub status: ProjectedStatus,
    /// The judge's status of the projected figure itself.
    pub value_status: Status,
    pub light: Light,
}

/// Why an indicator has no projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoProjection {
    /// The year's actual is in.
    ActualKnown,
    /// 比重: not cumulative over the months.
    Share,
    /// 强度, 率: not cumulative over the months.
    Intensity,
    /// The target gives no figure (稳中提质, 完成市级下达目标).
    Qualitative,
    /// No 1-m月 figure this year.
    NoFigure,
    /// The 1-m月 figure is not a number in the indicator's unit.
    NotANumber,
}

impl NoProjection {
    pub fn as_str(self) -> &'static str {
        match self {
            NoProjection::ActualKnown => "actual_known",
            NoProjection::Share => "share",
            NoProjection::Intensity => "intensity",
            NoProjection::Qualitative => "qualitative",
            NoProjection::NoFigure => "no_figure",
            NoProjection::NotANumber => "not_a_number",
        }
    }
}

/// One indicator's outlook: a projection, or the reason there is none.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorOutlook {
    pub seq: u32,
    pub name: String,
    pub label: String,
    pub unit: String,
    pub kind: IndicatorKind,
    pub target_text: String,
    /// The figure the outlook starts from: the 1-m月 figure, or the year's actual.
    pub latest: Option<Latest>,
    pub projection: Option<Projection>,
    pub reason_code: Option<NoProjection>,
    /// Why there is no projection (Chinese).
    pub reason: Option<String>,
    pub reason_en: Option<String>,
    /// One Chinese sentence: the projection and its verdict, or the reason.
    pub explanation: String,
    pub explanation_en: String,
    /// The indicator's yearly series the projection read (past years, then this one), for
    /// charts: 1-m月 figures and actuals in the indicator's unit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<YearSeries>,
}

/// Projections of every indicator of a region-year, read at one month.
#[derive(Debug, Clone, Serialize)]
pub struct PlanOutlook {
    pub region: String,
    pub year: i32,
    /// The month read at (the latest with figures, unless asked).
    pub month: Option<u8>,
    pub indicators: Vec<IndicatorOutlook>,
    /// Indicators per projected status, every status present.
    pub counts: Vec<(ProjectedStatus, usize)>,
}

impl PlanOutlook {
    pub fn indicator(&self, name: &str) -> Option<&IndicatorOutlook> {
        self.indicators.iter().find(|i| i.name == name)
    }

    pub fn count(&self, status: ProjectedStatus) -> usize {
        self.counts
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }
}

/// A past year as the projection needs it: its monthly figures and, when stored, its plan
/// (for the actual).
#[derive(Debug, Clone, Copy)]
pub struct PastYear<'a> {
    pub year: i32,
    pub plan: Option<&'a Plan>,
    pub figures: &'a [MonthFigure],
}

/// A number an expression states exactly (a value or an approximate value) in `unit`.
pub fn number_in(expr: &Expr, unit: &str) -> Option<Decimal> {
    match &expr.form {
        Form::Value(q) | Form::Approx { value: q, .. } => q.in_unit(unit),
        _ => None,
    }
}

/// What the projection of one indicator reads: this year's latest 1-m月 figure at the month
/// read, and its yearly series (past years and this one, ascending) in its unit.
#[derive(Debug, Clone, Default)]
pub struct IndicatorInput {
    pub latest: Option<MonthFigure>,
    pub series: Vec<YearSeries>,
}

/// One year's series of an indicator from its figures (any order) and its actual.
pub fn year_series<'a>(
    year: i32,
    unit: &str,
    figures: impl IntoIterator<Item = &'a MonthFigure>,
    actual: Option<&Expr>,
) -> YearSeries {
    let mut s = YearSeries::new(year);
    for f in figures {
        if let Some(v) = number_in(&f.value, unit) {
            s.set(f.month, v);
        }
    }
    s.actual = actual.and_then(|a| number_in(a, unit));
    s
}

/// Figures grouped by indicator name.
fn by_indicator(figures: &[MonthFigure]) -> HashMap<&str, Vec<&MonthFigure>> {
    let mut g: HashMap<&str, Vec<&MonthFigure>> = HashMap::new();
    for f in figures {
        g.entry(f.indicator.as_str()).or_default().push(f);
    }
    g
}

/// The inputs of every indicator of `plan`, in order, from this year's figures and the past
/// years' figures and plans, read at `month`.
pub fn inputs_of(
    plan: &Plan,
    figures: &[MonthFigure],
    past: &[PastYear<'_>],
    month: Option<u8>,
) -> Vec<IndicatorInput> {
    let latest = month
        .map(|m| latest_by_indicator(figures, m))
        .unwrap_or_default();
    let now = by_indicator(figures);
    let mut past: Vec<(&PastYear<'_>, HashMap<&str, Vec<&MonthFigure>>)> = past
        .iter()
        .filter(|p| p.year < plan.year)
        .map(|p| (p, by_indicator(p.figures)))
        .collect();
    past.sort_by_key(|(p, _)| p.year);
    plan.indicators
        .iter()
        .map(|ind| {
            let name = ind.def.name.as_str();
            let unit = ind.def.unit.as_str();
            let mut series: Vec<YearSeries> = past
                .iter()
                .map(|(p, g)| {
                    let actual = p
                        .plan
                        .and_then(|pl| pl.indicator(name))
                        .and_then(|i| i.actual.as_ref());
                    year_series(
                        p.year,
                        unit,
                        g.get(name).into_iter().flatten().copied(),
                        actual,
                    )
                })
                .collect();
            let shown = now
                .get(name)
                .into_iter()
                .flatten()
                .copied()
                .filter(|f| month.is_some_and(|m| f.month <= m));
            series.push(year_series(plan.year, unit, shown, ind.actual.as_ref()));
            IndicatorInput {
                latest: latest.get(name).map(|f| (*f).clone()),
                series,
            }
        })
        .collect()
}

/// Projects every indicator of `plan` from this year's `figures` at `month` (default: the
/// latest month with figures) and past years' figures and actuals.
pub fn project_plan(
    plan: &Plan,
    figures: &[MonthFigure],
    past: &[PastYear<'_>],
    month: Option<u8>,
    rules: &Rules,
) -> PlanOutlook {
    let month = month
        .or_else(|| latest_month(figures))
        .filter(|m| (1..=12).contains(m));
    let inputs = inputs_of(plan, figures, past, month);
    project_inputs(plan, month, inputs, rules, true)
}

/// [`project_plan`] from prepared inputs (one per indicator, in order). Without `explain` the
/// sentences are left empty (bulk output that does not show them).
pub fn project_inputs(
    plan: &Plan,
    month: Option<u8>,
    inputs: Vec<IndicatorInput>,
    rules: &Rules,
    explain: bool,
) -> PlanOutlook {
    // First the estimates, then the judging on a plan whose indicators carry their projected
    // figures, so relative targets (与经济增长同步) are judged against the other projections.
    let steps: Vec<(Step, Vec<YearSeries>)> = plan
        .indicators
        .iter()
        .zip(
            inputs
                .into_iter()
                .chain(std::iter::repeat_with(IndicatorInput::default)),
        )
        .map(|(ind, input)| {
            let history: Vec<YearSeries> = input
                .series
                .iter()
                .filter(|s| s.year < plan.year)
                .cloned()
                .collect();
            (step(ind, input.latest.as_ref(), &history), input.series)
        })
        .collect();
    let mut projected = plan.clone();
    for (ind, (s, _)) in projected.indicators.iter_mut().zip(&steps) {
        if let Step::Projected { estimate, ytd, .. } = s {
            ind.actual = Some(figure_expr(estimate.value, &ind.def.unit, ytd));
        }
    }
    let indicators: Vec<IndicatorOutlook> = plan
        .indicators
        .iter()
        .zip(steps)
        .map(|(ind, (s, series))| {
            let mut out = finish(ind, &projected, s, rules, explain);
            out.series = series;
            out
        })
        .collect();
    let counts = ProjectedStatus::ALL
        .iter()
        .map(|st| {
            let n = indicators
                .iter()
                .filter(|i| i.projection.as_ref().is_some_and(|p| p.status == *st))
                .count();
            (*st, n)
        })
        .collect();
    PlanOutlook {
        region: plan.region.clone(),
        year: plan.year,
        month,
        indicators,
        counts,
    }
}

enum Step {
    Projected {
        estimate: Estimate,
        /// Boxed: a parsed figure is large beside the other variant.
        ytd: Box<Expr>,
        month: u8,
    },
    None {
        reason: NoProjection,
        latest: Option<Latest>,
        detail: String,
    },
}

fn step(ind: &PlanIndicator, latest: Option<&MonthFigure>, history: &[YearSeries]) -> Step {
    let none = |reason, latest, detail: String| Step::None {
        reason,
        latest,
        detail,
    };
    if let Some(a) = ind.actual.as_ref().filter(|a| !a.is_pending()) {
        let latest = Latest {
            period: Period::Annual,
            text: a.text.clone(),
        };
        return none(NoProjection::ActualKnown, Some(latest), a.text.clone());
    }
    if matches!(
        ind.target.form,
        Form::Qualitative | Form::Outcome { .. } | Form::Unparsed
    ) {
        return none(NoProjection::Qualitative, None, ind.target.text.clone());
    }
    let Some(kind) = SeriesKind::of(ind.def.kind) else {
        let reason = match ind.def.kind {
            IndicatorKind::Share => NoProjection::Share,
            _ => NoProjection::Intensity,
        };
        return none(reason, None, String::new());
    };
    let Some(f) = latest else {
        return none(NoProjection::NoFigure, None, String::new());
    };
    let latest = Latest {
        period: Period::Month(f.month),
        text: f.value.text.clone(),
    };
    let Some(ytd) = number_in(&f.value, &ind.def.unit) else {
        return none(NoProjection::NotANumber, Some(latest), f.value.text.clone());
    };
    Step::Projected {
        estimate: estimate(kind, f.month, ytd, history),
        ytd: Box::new(f.value.clone()),
        month: f.month,
    }
}

/// A projected figure as an actual the judge reads, worded like the figure it came from.
fn figure_expr(value: Decimal, unit: &str, like: &Expr) -> Expr {
    let mut e = Expr::new(
        value.normalize().to_string(),
        Form::Value(Quantity::new(value, unit)),
    );
    e.worded_decline = like.worded_decline;
    e
}

fn finish(
    ind: &PlanIndicator,
    projected: &Plan,
    s: Step,
    rules: &Rules,
    explain: bool,
) -> IndicatorOutlook {
    let mut out = IndicatorOutlook {
        seq: ind.seq,
        name: ind.def.name.clone(),
        label: ind.def.label(),
        unit: ind.def.unit.clone(),
        kind: ind.def.kind,
        target_text: ind.target.text.clone(),
        latest: None,
        projection: None,
        reason_code: None,
        reason: None,
        reason_en: None,
        explanation: String::new(),
        explanation_en: String::new(),
        series: Vec::new(),
    };
    match s {
        Step::None {
            reason,
            latest,
            detail,
        } => {
            let (zh, en) = reason_sentences(reason, &detail, latest.as_ref());
            out.latest = latest;
            out.reason_code = Some(reason);
            out.explanation = zh.clone();
            out.explanation_en = en.clone();
            out.reason = Some(zh);
            out.reason_en = Some(en);
        }
        Step::Projected {
            estimate,
            ytd,
            month,
        } => {
            let judge_at = |v: Decimal| {
                let mut one = ind.clone();
                one.actual = Some(figure_expr(v, &ind.def.unit, &ytd));
                judge::verdict(&one, projected, rules).status
            };
            let value_status = judge_at(estimate.value);
            let status = if estimate.low == estimate.high {
                ProjectedStatus::of_ends(value_status, value_status)
            } else {
                ProjectedStatus::of_ends(judge_at(estimate.low), judge_at(estimate.high))
            };
            let projection = Projection {
                value: estimate.value,
                low: estimate.low,
                high: estimate.high,
                unit: ind.def.unit.clone(),
                method: estimate.method,
                basis_years: estimate.basis_years,
                ranged: estimate.ranged,
                from_month: month,
                status,
                value_status,
                light: status.light(),
            };
            if explain {
                let (direction, _) = judge::resolve_direction(&ind.def, &ind.target, rules);
                let facts = Facts::of(ind, &ytd, &projection, direction);
                out.explanation = facts.zh();
                out.explanation_en = facts.en();
            }
            out.latest = Some(Latest {
                period: Period::Month(month),
                text: ytd.text.clone(),
            });
            out.projection = Some(projection);
        }
    }
    out
}

fn reason_sentences(
    reason: NoProjection,
    detail: &str,
    latest: Option<&Latest>,
) -> (String, String) {
    let period = latest.map(|l| l.period);
    match reason {
        NoProjection::ActualKnown => (
            format!("全年实际已出（{detail}），无需推算"),
            format!("The year's actual is in ({detail}); nothing to project."),
        ),
        NoProjection::Share => (
            "比重类指标的年内数据不随月份累计，不作全年推算".into(),
            "A share does not accumulate over the months; no year-end projection.".into(),
        ),
        NoProjection::Intensity => (
            "强度、比率类指标的年内数据不随月份累计，不作全年推算".into(),
            "An intensity or ratio does not accumulate over the months; no year-end projection."
                .into(),
        ),
        NoProjection::Qualitative => (
            format!("定性目标（{detail}），不作数值推算"),
            format!("A qualitative target ({detail}); no numeric projection."),
        ),
        NoProjection::NoFigure => (
            "本年尚无月度数据，无法推算".into(),
            "No monthly figure this year yet; nothing to project from.".into(),
        ),
        NoProjection::NotANumber => {
            let zh = period.map(|p| p.label_zh()).unwrap_or_default();
            let en = period.map(|p| p.label_en()).unwrap_or_default();
            (
                format!("{zh}数据“{detail}”不是可推算的数值"),
                format!("The {en} figure \"{detail}\" is not a number to project from."),
            )
        }
    }
}

/// What a projection sentence says, in either language.
struct Facts {
    method: Method,
    basis: usize,
    ranged: bool,
    month: u8,
    /// Figures as shown: a growth rate's sign turned into 增长/下降 words, a level with its
    /// unit.
    shown: Shown,
    value: Decimal,
    low: Decimal,
    high: Decimal,
    unit: String,
    target: TargetFacts,
    status: ProjectedStatus,
    value_status: Status,
    /// Whether a larger figure (as shown) is better.
    higher_is_better: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// A growth rate: positive values are growth.
    Growth,
    /// An indicator named …下降: positive values are a decline.
    Decline,
    Level,
}

enum TargetFacts {
    /// A figure in the shown sense, with how the projection compares to it.
    Figure(Decimal, Ordering),
    /// A range in the shown sense.
    Range(Decimal, Decimal, Ordering),
    /// Nothing numeric to compare (市级下达, 与经济增长同步): the target text.
    Text(String),
}

impl Facts {
    fn of(ind: &PlanIndicator, ytd: &Expr, p: &Projection, direction: Direction) -> Facts {
        let name = &ind.def.name;
        let declines = name.ends_with("下降") || name.ends_with("降低");
        let shown = match ind.def.kind {
            IndicatorKind::Level => Shown::Level,
            _ if declines => Shown::Decline,
            _ => Shown::Growth,
        };
        // For a decline-named indicator, `下降2.1%` (worded) and a plain 2.1 both mean a decline
        // of 2.1; the figure carries the wording's sign.
        let flip = |v: Decimal, worded: bool| {
            if shown == Shown::Decline && worded {
                -v
            } else {
                v
            }
        };
        let value = flip(p.value, ytd.worded_decline);
        let (a, b) = (
            flip(p.low, ytd.worded_decline),
            flip(p.high, ytd.worded_decline),
        );
        let unit = &ind.def.unit;
        let worded = ind.target.worded_decline;
        let target = match &ind.target.form {
            Form::Value(q) | Form::Bound { value: q, .. } | Form::Approx { value: q, .. } => {
                match q.in_unit(unit) {
                    Some(t) => {
                        let t = flip(t, worded);
                        TargetFacts::Figure(t, value.cmp(&t))
                    }
                    None => TargetFacts::Text(ind.target.text.clone()),
                }
            }
            Form::Range { low, high } => match (low.in_unit(unit), high.in_unit(unit)) {
                (Some(l), Some(h)) => {
                    let (l, h) = (flip(l, worded), flip(h, worded));
                    let (l, h) = (l.min(h), l.max(h));
                    let place = if value < l {
                        Ordering::Less
                    } else if value > h {
                        Ordering::Greater
                    } else {
                        Ordering::Equal
                    };
                    TargetFacts::Range(l, h, place)
                }
                _ => TargetFacts::Text(ind.target.text.clone()),
            },
            _ => TargetFacts::Text(ind.target.text.clone()),
        };
        Facts {
            method: p.method,
            basis: p.basis_years.len(),
            ranged: p.ranged && p.low != p.high,
            month: p.from_month,
            shown,
            value,
            low: a.min(b),
            high: a.max(b),
            unit: unit.clone(),
            target,
            status: p.status,
            value_status: p.value_status,
            // A decline-named indicator shown as a decline reads like its name.
            higher_is_better: direction == Direction::HigherIsBetter,
        }
    }

    /// The projection is on the short side of a target the judge still counts as reached
    /// (6.0左右 met by 5.9): "close to", not "below".
    fn close_to(&self, ord: Ordering) -> bool {
        let short = if self.higher_is_better {
            ord == Ordering::Less
        } else {
            ord == Ordering::Greater
        };
        short && matches!(self.value_status, Status::Met | Status::Exceeded)
    }

    /// A projected figure, with its decimals; a target as written (normalized).
    fn fmt(v: Decimal) -> String {
        v.to_string()
    }

    fn fmt_target(v: Decimal) -> String {
        v.normalize().to_string()
    }

    /// The unit figures are written with: the level's, or % for rates.
    fn unit(&self) -> &str {
        match self.shown {
            Shown::Level => &self.unit,
            _ => "%",
        }
    }

    /// The range's ends as written: `5.8%—6.4%`, `1790—1850亿元`.
    fn range_zh(&self) -> String {
        let u = self.unit();
        match self.shown {
            Shown::Level => format!("{}—{}{u}", Self::fmt(self.low), Self::fmt(self.high)),
            _ => format!("{}{u}—{}{u}", Self::fmt(self.low), Self::fmt(self.high)),
        }
    }

    fn range_en(&self) -> String {
        match self.shown {
            // In the English unit (万人 → thousand people), as every English sentence writes it.
            Shown::Level => crate::lang::range_with_unit(self.low, self.high, &self.unit, Lang::En),
            _ => format!("{}%–{}%", Self::fmt(self.low), Self::fmt(self.high)),
        }
    }

    /// Whether the centre meets the target while the range does not all: "…, but".
    fn centre_meets(&self) -> bool {
        self.status == ProjectedStatus::AtRisk
            && matches!(self.value_status, Status::Met | Status::Exceeded)
    }

    fn zh(&self) -> String {
        let years = ["", "上年", "近两年", "近三年"];
        let basis = match self.method {
            Method::SeasonalShare | Method::RateShift => {
                let y = years.get(self.basis).copied().unwrap_or("近几年");
                if self.basis == 1 {
                    format!("按{y}进度规律推算（仅一年可比，未给出区间）")
                } else {
                    format!("按{y}进度规律推算")
                }
            }
            Method::TimeShare => format!(
                "尚无往年月度数据，按时间进度（{}/12）推算，未给出区间",
                self.month
            ),
            Method::RateCarry => format!(
                "尚无往年月度数据，按{}增速持平推算，未给出区间",
                Period::Month(self.month).label_zh()
            ),
            Method::YearEnd => "1-12月累计即全年数".into(),
        };
        let (verb, v) = match self.shown {
            Shown::Level => ("达到", self.value),
            Shown::Growth if self.value < Decimal::ZERO => ("下降", -self.value),
            Shown::Growth => ("增长", self.value),
            Shown::Decline if self.value < Decimal::ZERO => ("上升", -self.value),
            Shown::Decline => ("下降", self.value),
        };
        let u = self.unit();
        let mut s = format!("{basis}，全年预计{verb}{}{u}", Self::fmt(v));
        if self.ranged {
            s.push_str(&format!("（{}）", self.range_zh()));
        }
        match &self.target {
            TargetFacts::Figure(t, ord) => {
                let word = match ord {
                    _ if self.close_to(*ord) => "接近",
                    Ordering::Less => "低于",
                    Ordering::Greater => "高于",
                    Ordering::Equal => "持平于",
                };
                s.push_str(&format!("，{word}目标{}{u}", Self::fmt_target(*t)));
            }
            TargetFacts::Range(l, h, ord) => {
                let word = match ord {
                    Ordering::Less => "低于",
                    Ordering::Greater => "高于",
                    Ordering::Equal => "处于",
                };
                s.push_str(&format!(
                    "，{word}目标区间{}—{}{u}",
                    Self::fmt_target(*l),
                    Self::fmt_target(*h)
                ));
            }
            TargetFacts::Text(t) => s.push_str(&format!("，目标为“{t}”")),
        }
        if self.centre_meets() {
            s.push_str("，但区间内仍有未达目标的可能");
        }
        s.push('，');
        s.push_str(match self.status {
            ProjectedStatus::Undecidable => "无法判断能否完成",
            st => st.label_zh(),
        });
        s
    }

    fn en(&self) -> String {
        let years = [
            "",
            "last year's",
            "the past two years'",
            "the past three years'",
        ];
        let basis = match self.method {
            Method::SeasonalShare | Method::RateShift => {
                let y = years.get(self.basis).copied().unwrap_or("past years'");
                if self.basis == 1 {
                    format!("On {y} seasonal pattern (one comparable year, so no range)")
                } else {
                    format!("On {y} seasonal pattern")
                }
            }
            Method::TimeShare => format!(
                "With no earlier monthly figures, by time elapsed ({}/12), no range",
                self.month
            ),
            Method::RateCarry => format!(
                "With no earlier monthly figures, the {} rate carried forward, no range",
                Period::Month(self.month).label_en()
            ),
            Method::YearEnd => "The Jan–Dec figure is the year's".into(),
        };
        let with_unit = |v: Decimal| match self.shown {
            Shown::Level => crate::lang::figure_with_unit(v, &self.unit, Lang::En),
            _ => format!("{}%", Self::fmt(v)),
        };
        let with_unit_target = |v: Decimal| match self.shown {
            Shown::Level => crate::lang::figure_with_unit(v, &self.unit, Lang::En),
            _ => format!("{}%", Self::fmt_target(v)),
        };
        let what = match self.shown {
            Shown::Level => with_unit(self.value),
            Shown::Growth if self.value < Decimal::ZERO => {
                format!("a decline of {}", with_unit(-self.value))
            }
            Shown::Growth => format!("growth of {}", with_unit(self.value)),
            Shown::Decline if self.value < Decimal::ZERO => {
                format!("a rise of {}", with_unit(-self.value))
            }
            Shown::Decline => format!("a decline of {}", with_unit(self.value)),
        };
        let mut s = format!("{basis}, the year is projected at {what}");
        if self.ranged {
            s.push_str(&format!(" ({})", self.range_en()));
        }
        match &self.target {
            TargetFacts::Figure(t, ord) => {
                let word = match ord {
                    _ if self.close_to(*ord) => "close to",
                    Ordering::Less => "below",
                    Ordering::Greater => "above",
                    Ordering::Equal => "level with",
                };
                s.push_str(&format!(", {word} the target of {}", with_unit_target(*t)));
            }
            TargetFacts::Range(l, h, ord) => {
                let word = match ord {
                    Ordering::Less => "below",
                    Ordering::Greater => "above",
                    Ordering::Equal => "within",
                };
                s.push_str(&format!(
                    ", {word} the target range {}–{}",
                    Self::fmt_target(*l),
                    with_unit_target(*h)
                ));
            }
            TargetFacts::Text(t) => s.push_str(&format!(", against the target “{t}”")),
        }
        if self.centre_meets() {
            s.push_str(", but part of the range falls short");
        }
        s.push_str(": ");
        s.push_str(self.status.label_en());
        s.push('.');
        s
    }
}

/// One backtest projection: a past year projected from one of its months, as it would have
/// been then (only earlier years as history), against the year's actual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BacktestPoint {
    pub year: i32,
    pub month: u8,
    pub actual: Decimal,
    pub estimate: Estimate,
    /// |projection − actual|: percentage points for rates, % of the actual for levels.
    pub error: Decimal,
    /// Whether the actual fell within the stated range (only meaningful when ranged).
    pub covered: bool,
}

/// Projects every year of `series` that has a year-end figure and at least one earlier year
/// with one, from each of its months 1..=11, using only the years before it.
pub fn backtest(kind: SeriesKind, series: &[YearSeries]) -> Vec<BacktestPoint> {
    let mut out = Vec::new();
    for y in series {
        let Some(actual) = y.year_end() else {
            continue;
        };
        let history: Vec<YearSeries> = series
            .iter()
            .filter(|h| h.year < y.year && h.year_end().is_some())
            .cloned()
            .collect();
        if history.is_empty() {
            continue;
        }
        for month in 1..=11u8 {
            let Some(ytd) = y.at(month) else {
                continue;
            };
            let estimate = estimate(kind, month, ytd, &history);
            let diff = (estimate.value - actual).abs();
            let error = match kind {
                SeriesKind::Rate => diff,
                SeriesKind::Cumulative if actual.is_zero() => continue,
                SeriesKind::Cumulative => diff * Decimal::from(100) / actual.abs(),
            };
            out.push(BacktestPoint {
                year: y.year,
                month,
                actual,
                covered: estimate.low <= actual && actual <= estimate.high,
                estimate,
                error: error.round_dp(2),
            });
        }
    }
    out
}

/// The backtest's mean absolute error at one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthError {
    pub month: u8,
    /// Projections made at this month.
    pub n: usize,
    /// Mean absolute error (percentage points for rates, % of the actual for levels).
    pub mae: Decimal,
    /// Of those, how many stated a range, and how many ranges held the actual.
    pub ranged: usize,
    pub covered: usize,
}

/// Mean absolute error by month, for the months with any projection.
pub fn errors_by_month(points: &[BacktestPoint]) -> Vec<MonthError> {
    (1..=11u8)
        .filter_map(|month| {
            let at: Vec<&BacktestPoint> = points.iter().filter(|p| p.month == month).collect();
            let errors: Vec<Decimal> = at.iter().map(|p| p.error).collect();
            let mae = mean(&errors)?.round_dp(2);
            let ranged: Vec<&&BacktestPoint> = at.iter().filter(|p| p.estimate.ranged).collect();
            Some(MonthError {
                month,
                n: at.len(),
                mae,
                ranged: ranged.len(),
                covered: ranged.iter().filter(|p| p.covered).count(),
            })
        })
        .collect()
}

/// The backtest of one indicator of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorBacktest {
    pub seq: u32,
    pub name: String,
    pub unit: String,
    pub kind: SeriesKind,
    /// What the errors are in: `pp` (percentage points, rates) or `%` (of the actual, levels).
    pub error_unit: &'static str,
    /// The years projected (those with a year-end figure and an earlier year).
    pub years: Vec<i32>,
    pub by_month: Vec<MonthError>,
}

/// Backtests every projectable indicator of `plan` over the years in `past` (and the plan's
/// own year when its year-end figure is in).
pub fn backtest_plan(
    plan: &Plan,
    figures: &[MonthFigure],
    past: &[PastYear<'_>],
) -> Vec<IndicatorBacktest> {
    plan.indicators
        .iter()
        .zip(inputs_of(plan, figures, past, Some(12)))
        .filter_map(|(ind, input)| {
            let kind = SeriesKind::of(ind.def.kind)?;
            let points = backtest(kind, &input.series);
            let mut years: Vec<i32> = points.iter().map(|p| p.year).collect();
            years.dedup();
            Some(IndicatorBacktest {
                seq: ind.seq,
                name: ind.def.name.clone(),
                unit: ind.def.unit.clone(),
                kind,
                error_unit: match kind {
                    SeriesKind::Rate => "pp",
                    SeriesKind::Cumulative => "%",
                },
                years,
                by_month: errors_by_month(&points),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{Cmp, Relation};
    use crate::indicator::IndicatorDef;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }

    fn value(text: &str) -> Expr {
        Expr::new(text, Form::Value(Quantity::bare(d(text))))
    }

    fn at_least(text: &str) -> Expr {
        Expr::new(
            format!("{text}以上"),
            Form::Bound {
                cmp: Cmp::Ge,
                value: Quantity::bare(d(text)),
            },
        )
    }

    fn ind(seq: u32, name: &str, unit: &str, target: Expr) -> PlanIndicator {
        PlanIndicator {
            seq,
            def: IndicatorDef::new(name, unit),
            target,
            actual: None,
        }
    }

    fn plan(year: i32, indicators: Vec<PlanIndicator>) -> Plan {
        Plan {
            region: "测试区".into(),
            year,
            indicators,
        }
    }

    fn fig(indicator: &str, month: u8, text: &str) -> MonthFigure {
        MonthFigure {
            indicator: indicator.into(),
            month,
            value: value(text),
        }
    }

    fn series(year: i32, months: &[(u8, &str)], actual: Option<&str>) -> YearSeries {
        let mut s = YearSeries::new(year);
        for (m, v) in months {
            s.set(*m, d(v));
        }
        s.actual = actual.map(d);
        s
    }

    #[test]
    fn a_level_follows_past_shares_exactly_when_the_profile_repeats() {
        // Each past year held 40% of its total at June.
        let history = [
            series(2021, &[(6, "400")], Some("1000")),
            series(2022, &[(6, "440")], Some("1100")),
            series(2023, &[(6, "480")], Some("1200")),
        ];
        let e = estimate(SeriesKind::Cumulative, 6, d("520"), &history);
        assert_eq!(e.method, Method::SeasonalShare);
        assert_eq!(e.value, d("1300"));
        assert_eq!((e.low, e.high), (d("1300"), d("1300")));
        assert_eq!(e.basis_years, vec![2023, 2022, 2021]);
        assert!(e.ranged);
    }

    #[test]
    fn only_the_last_three_years_count_and_the_range_comes_from_their_spread() {
        let history = [
            series(2019, &[(6, "900")], Some("1000")), // an odd, old year: ignored
            series(2020, &[(6, "380")], Some("1000")),
            series(2021, &[(6, "400")], Some("1000")),
            series(2022, &[(6, "420")], Some("1000")),
        ];
        let e = estimate(SeriesKind::Cumulative, 6, d("400"), &history);
        assert_eq!(e.basis_years, vec![2022, 2021, 2020]);
        assert_eq!(e.value, d("1000"));
        assert!(e.low < e.value && e.value < e.high, "{e:?}");
        // Shares 0.38..0.42 (sd 0.02): the 80% interval is wider than their min..max.
        assert!(e.low < d("952") && e.high > d("1053"), "{e:?}");
    }

    #[test]
    fn without_history_a_level_is_read_by_time_elapsed_and_says_so() {
        let p = plan(
            2024,
            vec![ind(1, "社会消费品零售总额", "亿元", value("1200"))],
        );
        let o = project_plan(
            &p,
            &[fig("社会消费品零售总额", 6, "500")],
            &[],
            None,
            &Rules::default(),
        );
        let row = &o.indicators[0];
        let pr = row.projection.as_ref().expect("projection");
        assert_eq!(pr.method, Method::TimeShare);
        assert_eq!(pr.value, d("1000"));
        assert!(!pr.ranged);
        assert_eq!(pr.status, ProjectedStatus::LikelyMissed);
        assert!(
            row.explanation
                .starts_with("尚无往年月度数据，按时间进度（6/12）推算"),
            "{}",
            row.explanation
        );
        assert!(
            row.explanation.ends_with("低于目标1200亿元，预计未完成"),
            "{}",
            row.explanation
        );
        assert!(
            row.explanation_en.contains("by time elapsed (6/12)"),
            "{}",
            row.explanation_en
        );
    }

    #[test]
    fn a_growth_rate_moves_as_it_moved_in_past_years() {
        let gdp = "地区生产总值增速";
        let history = [
            series(2021, &[(6, "5.6")], Some("5.9")),
            series(2022, &[(6, "5.9")], Some("6.2")),
            series(2023, &[(6, "6.0")], Some("6.2")),
        ];
        let e = estimate(SeriesKind::Rate, 6, d("5.8"), &history);
        assert_eq!(e.method, Method::RateShift);
        assert_eq!(e.value, d("6.1"));
        assert!(e.low < d("6.1") && d("6.1") < e.high);
        // Through the plan: the sentence of the issue.
        let p = plan(2024, vec![ind(1, gdp, "%", at_least("6.5"))]);
        let past: Vec<Plan> = history
            .iter()
            .map(|s| {
                let mut pl = plan(s.year, vec![ind(1, gdp, "%", at_least("6"))]);
                pl.indicators[0].actual = s.actual.map(|a| value(&a.to_string()));
                pl
            })
            .collect();
        let figures: Vec<Vec<MonthFigure>> = history
            .iter()
            .map(|s| vec![fig(gdp, 6, &s.at(6).expect("june").to_string())])
            .collect();
        let years: Vec<PastYear<'_>> = past
            .iter()
            .zip(&figures)
            .map(|(pl, f)| PastYear {
                year: pl.year,
                plan: Some(pl),
                figures: f,
            })
            .collect();
        let o = project_plan(&p, &[fig(gdp, 6, "5.8")], &years, None, &Rules::default());
        let row = &o.indicators[0];
        let pr = row.projection.as_ref().expect("projection");
        assert_eq!(
            pr.status,
            ProjectedStatus::LikelyMissed,
            "{}",
            row.explanation
        );
        // Shifts +0.3, +0.3, +0.2: 6.07 ± 0.195, rounded outwards; 6.3 only basically meets
        // 6.5以上, so neither end meets the target.
        assert_eq!((pr.low, pr.high), (d("5.8"), d("6.3")));
        assert_eq!(
            row.explanation,
            "按近三年进度规律推算，全年预计增长6.1%（5.8%—6.3%），低于目标6.5%，预计未完成"
        );
        assert!(
            row.explanation_en.starts_with(
                "On the past three years' seasonal pattern, the year is projected at growth of 6.1% ("
            ) && row.explanation_en.ends_with("below the target of 6.5%: likely missed."),
            "{}",
            row.explanation_en
        );
        assert_eq!(o.count(ProjectedStatus::LikelyMissed), 1);
    }

    #[test]
    fn a_range_across_the_target_is_at_risk() {
        let history = [
            series(2021, &[(6, "6.0")], Some("6.0")),
            series(2022, &[(6, "6.0")], Some("7.0")),
        ];
        let p = plan(2023, vec![ind(1, "地区生产总值增速", "%", at_least("6.5"))]);
        let past_figures: Vec<Vec<MonthFigure>> = history
            .iter()
            .map(|_| vec![fig("地区生产总值增速", 6, "6.0")])
            .collect();
        let past_plans: Vec<Plan> = history
            .iter()
            .map(|s| {
                let mut pl = plan(s.year, vec![ind(1, "地区生产总值增速", "%", at_least("6"))]);
                pl.indicators[0].actual = s.actual.map(|a| value(&a.to_string()));
                pl
            })
            .collect();
        let years: Vec<PastYear<'_>> = past_plans
            .iter()
            .zip(&past_figures)
            .map(|(pl, f)| PastYear {
                year: pl.year,
                plan: Some(pl),
                figures: f,
            })
            .collect();
        let o = project_plan(
            &p,
            &[fig("地区生产总值增速", 6, "6.5")],
            &years,
            Some(6),
            &Rules::default(),
        );
        let row = &o.indicators[0];
        let pr = row.projection.as_ref().expect("projection");
        // Shifts 0 and +1: 7.0, and a wide range over two years.
        assert_eq!(pr.value, d("7.0"));
        assert!(pr.low < d("6.5") && pr.high > d("7.5"), "{pr:?}");
        assert_eq!(pr.status, ProjectedStatus::AtRisk);
        assert!(
            row.explanation
                .ends_with("高于目标6.5%，但区间内仍有未达目标的可能，可能未完成"),
            "{}",
            row.explanation
        );
        assert_eq!(pr.light, Light::Yellow);
    }

    #[test]
    fn shares_intensities_qualitative_and_known_years_have_no_projection_and_say_why() {
        let mut known = ind(4, "一般公共预算收入", "亿元", value("100"));
        known.actual = Some(value("104"));
        let p = plan(
            2024,
            vec![
                ind(1, "研发投入占地区生产总值比重", "%", at_least("3")),
                ind(2, "城镇调查失业率", "%", value("5.5")),
                ind(3, "营商环境", "", Expr::new("持续优化", Form::Qualitative)),
                known,
                ind(5, "地区生产总值增速", "%", at_least("6")),
            ],
        );
        let figures = [
            fig("研发投入占地区生产总值比重", 6, "2.8"),
            fig("城镇调查失业率", 6, "5.2"),
        ];
        let o = project_plan(&p, &figures, &[], None, &Rules::default());
        let codes: Vec<Option<NoProjection>> = o.indicators.iter().map(|i| i.reason_code).collect();
        assert_eq!(
            codes,
            vec![
                Some(NoProjection::Share),
                Some(NoProjection::Intensity),
                Some(NoProjection::Qualitative),
                Some(NoProjection::ActualKnown),
                Some(NoProjection::NoFigure),
            ]
        );
        for i in &o.indicators {
            assert!(i.projection.is_none());
            assert!(i.reason.as_deref().is_some_and(|r| !r.is_empty()));
            assert_eq!(i.reason.as_deref(), Some(i.explanation.as_str()));
            assert!(!i.explanation_en.is_empty());
        }
        assert!(o.indicators[3].explanation.contains("104"));
        assert_eq!(o.counts.iter().map(|(_, n)| n).sum::<usize>(), 0);
    }

    #[test]
    fn delegated_targets_are_projected_but_not_judged_and_relative_ones_use_the_projections() {
        let p = plan(
            2024,
            vec![
                ind(1, "地区生产总值增速", "%", at_least("6")),
                ind(
                    2,
                    "城镇常住居民人均可支配收入增速",
                    "%",
                    Expr::new(
                        "与经济增长同步",
                        Form::Relative {
                            reference: "经济增长".into(),
                            relation: Relation::InStep,
                            margin: None,
                        },
                    ),
                ),
                ind(
                    3,
                    "实际使用外资",
                    "亿美元",
                    Expr::new(
                        "市级下达",
                        Form::Delegated {
                            authority: "市级".into(),
                        },
                    ),
                ),
            ],
        );
        let figures = [
            fig("地区生产总值增速", 6, "6.8"),
            fig("城镇常住居民人均可支配收入增速", 6, "6.9"),
            fig("实际使用外资", 6, "1.2"),
        ];
        let o = project_plan(&p, &figures, &[], None, &Rules::default());
        let income = o.indicators[1].projection.as_ref().expect("income");
        assert_eq!(income.method, Method::RateCarry);
        assert_eq!(
            income.status,
            ProjectedStatus::LikelyMet,
            "{}",
            o.indicators[1].explanation
        );
        let fdi = o.indicators[2].projection.as_ref().expect("fdi");
        assert_eq!(fdi.value, d("2.4"));
        assert_eq!(fdi.status, ProjectedStatus::Undecidable);
        assert!(
            o.indicators[2]
                .explanation
                .ends_with("目标为“市级下达”，无法判断能否完成")
        );
    }

    #[test]
    fn december_is_the_year_and_decline_names_read_as_declines() {
        let e = estimate(SeriesKind::Cumulative, 12, d("1234.5"), &[]);
        assert_eq!((e.value, e.method), (d("1234.5"), Method::YearEnd));
        let p = plan(
            2024,
            vec![ind(1, "单位地区生产总值能耗下降", "%", value("3"))],
        );
        let o = project_plan(
            &p,
            &[fig("单位地区生产总值能耗下降", 9, "2.1")],
            &[],
            None,
            &Rules::default(),
        );
        let row = &o.indicators[0];
        assert!(
            row.explanation.contains("全年预计下降2.1%，低于目标3%"),
            "{}",
            row.explanation
        );
        assert!(
            row.explanation_en.contains("a decline of 2.1%"),
            "{}",
            row.explanation_en
        );
    }

    /// A deterministic five-year series with a known seasonal shape: monthly increments follow
    /// `SHAPE`, each drawn with up to ±`noise_pct` % noise, totals growing 6% a year.
    fn seasonal_years(seed: u64, noise_pct: i64) -> Vec<YearSeries> {
        const SHAPE: [i64; 12] = [5, 6, 8, 8, 8, 10, 8, 8, 9, 9, 9, 12];
        let mut state = seed;
        let mut noise = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) % (2 * noise_pct as u64 + 1)) as i64 - noise_pct
        };
        (0..5)
            .map(|k| {
                let scale = (0..k).fold(Decimal::from(1000), |acc, _| acc * d("1.06"));
                let mut s = YearSeries::new(2019 + k);
                let mut cum = Decimal::ZERO;
                for (m, w) in SHAPE.iter().enumerate() {
                    let step = scale * Decimal::from(*w) / Decimal::from(100)
                        * (Decimal::from(100 + noise()) / Decimal::from(100));
                    cum += step.round_dp(1);
                    s.set(m as u8 + 1, cum);
                }
                s.actual = s.at(12);
                s
            })
            .collect()
    }

    #[test]
    fn a_june_projection_of_a_seasonal_series_lands_near_the_truth_and_within_its_range() {
        let (mut within, mut worst, mut total_error) = (0, Decimal::ZERO, Decimal::ZERO);
        let seeds = 1..=100u64;
        for seed in seeds.clone() {
            let years = seasonal_years(seed, 6);
            let (held_out, history) = years.split_last().expect("years");
            let truth = held_out.year_end().expect("total");
            let e = estimate(
                SeriesKind::Cumulative,
                6,
                held_out.at(6).expect("june"),
                history,
            );
            assert_eq!(e.basis_years, vec![2022, 2021, 2020]);
            let error = ((e.value - truth) / truth).abs();
            worst = worst.max(error);
            total_error += error;
            if e.low <= truth && truth <= e.high {
                within += 1;
            }
        }
        let n = Decimal::from(seeds.count());
        // Increments ±6% around the shape: the June share wanders by about 1%.
        assert!(
            total_error / n < d("0.015"),
            "mean error {}",
            total_error / n
        );
        assert!(worst < d("0.05"), "worst error {worst}");
        // A 90% prediction interval from three years holds the truth about 9 times in 10.
        assert!(within >= 85, "{within} of 100 within the range");
    }

    #[test]
    fn the_backtest_error_falls_as_the_month_advances() {
        let mut points = Vec::new();
        for seed in 1..=10 {
            points.extend(backtest(SeriesKind::Cumulative, &seasonal_years(seed, 8)));
        }
        let by_month = errors_by_month(&points);
        assert_eq!(by_month.len(), 11);
        // 10 series × 4 years with history.
        assert!(by_month.iter().all(|m| m.n == 40), "{by_month:?}");
        let mae = |m: usize| by_month[m - 1].mae;
        assert!(
            mae(1) > mae(3) && mae(3) > mae(6) && mae(6) > mae(9) && mae(9) > mae(11),
            "{by_month:?}"
        );
        // The stated ranges hold the actual most of the time (two-year histories are wide).
        let (ranged, covered) = by_month
            .iter()
            .fold((0, 0), |(r, c), m| (r + m.ranged, c + m.covered));
        assert!(covered * 100 >= ranged * 80, "{covered}/{ranged}");
    }

    fn arb_history() -> impl Strategy<Value = Vec<YearSeries>> {
        proptest::collection::vec((1i64..=900, 1i64..=900, -50i64..=50), 0..5).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (a, extra, shift))| {
                    let mut s = YearSeries::new(2015 + i as i32);
                    s.set(6, Decimal::new(a, 1));
                    s.actual = Some(Decimal::new(a + extra + shift.abs(), 1));
                    s
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn projections_grow_with_the_year_to_date_figure(
            history in arb_history(),
            a in -500i64..=5000,
            b in -500i64..=5000,
            rate in any::<bool>(),
        ) {
            let kind = if rate { SeriesKind::Rate } else { SeriesKind::Cumulative };
            let (lo, hi) = (a.min(b), a.max(b));
            let e1 = estimate(kind, 6, Decimal::new(lo, 1), &history);
            let e2 = estimate(kind, 6, Decimal::new(hi, 1), &history);
            prop_assert!(e1.value <= e2.value, "{e1:?} {e2:?}");
            prop_assert!(e1.low <= e1.value && e1.value <= e1.high, "{e1:?}");
            // The judged status never gets worse as the figure grows.
            let p = plan(2024, vec![ind(1, if rate { "地区生产总值增速" } else { "社会消费品零售总额" },
                if rate { "%" } else { "亿元" }, at_least("100"))]);
            let name = p.indicators[0].def.name.clone();
            let o1 = project_plan(&p, &[fig(&name, 6, &Decimal::new(lo, 1).to_string())], &[], None, &Rules::default());
            let o2 = project_plan(&p, &[fig(&name, 6, &Decimal::new(hi, 1).to_string())], &[], None, &Rules::default());
            let rank = |o: &PlanOutlook| match o.indicators[0].projection.as_ref().map(|p| p.status) {
                Some(ProjectedStatus::LikelyMissed) => 0,
                Some(ProjectedStatus::AtRisk) => 1,
                Some(ProjectedStatus::LikelyMet) => 2,
                _ => 3,
            };
            prop_assert!(rank(&o1) <= rank(&o2));
        }

        #[test]
        fn projections_are_exact_when_the_profile_is_exact(
            steps in proptest::collection::vec(1i64..=500, 12),
            scales in proptest::collection::vec(1i64..=40, 2..=5),
            month in 1u8..=11,
        ) {
            let profile: Vec<i64> = steps.iter().scan(0, |c, s| { *c += s; Some(*c) }).collect();
            let years: Vec<YearSeries> = scales.iter().enumerate().map(|(i, k)| {
                let mut s = YearSeries::new(2018 + i as i32);
                for (m, p) in profile.iter().enumerate() {
                    s.set(m as u8 + 1, Decimal::from(p * k));
                }
                s
            }).collect();
            let (now, past) = years.split_last().expect("years");
            let e = estimate(SeriesKind::Cumulative, month, now.at(month).expect("ytd"), past);
            prop_assert_eq!(e.value, now.year_end().expect("end"));
            prop_assert_eq!(e.low, e.value);
            prop_assert_eq!(e.high, e.value);
        }
    }
}
