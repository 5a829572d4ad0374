//! The cockpit's view of a year: for every indicator, the latest figure (the approved actual, or
//! else the latest monthly cumulative figure), a status and a warning light.
//!
//! - With an actual, the status is the domain judge's.
//! - During the year, a level indicator (亿元, 万人, 天) whose larger figure is better is
//!   compared with the time elapsed (时间过半、任务过半): completion = cumulative / annual target;
//!   at month m the time elapsed is m/12. Completion at or above the time elapsed is on track
//!   (完成), within `tolerance_pct` percent of it basically on track (基本完成), else behind
//!   (未完成). Every other indicator (rates, shares, lower-is-better) has its year-to-date figure
//!   judged against the annual target by the domain judge.
//! - Lights: green for exceeded/met, yellow for basically met, red for below, grey otherwise.
//!
//! This in-year rule belongs with judging in `planwatch-domain` once that crate grows one; it
//! lives here until then.

use planwatch_domain::{Direction, IndicatorKind, Plan, Rules, Status, judge};
use planwatch_store::Period;
use rust_decimal::Decimal;
use serde::Serialize;

/// A monthly figure as the cockpit needs it.
pub use planwatch_store::accounts::MonthlyFigure;

/// A warning light.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    Green,
    Yellow,
    Red,
    Grey,
}

impl Light {
    pub fn of(status: Status) -> Light {
        match status {
            Status::Exceeded | Status::Met => Light::Green,
            Status::BasicallyMet => Light::Yellow,
            Status::Below => Light::Red,
            Status::Pending | Status::Undecidable => Light::Grey,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Yellow => "yellow",
            Light::Red => "red",
            Light::Grey => "grey",
        }
    }
}

/// The latest figure of an indicator and the period it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Latest {
    #[schema(value_type = String, example = "annual")]
    pub period: Period,
    pub text: String,
}

/// One indicator on the cockpit.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CockpitRow {
    pub seq: u32,
    pub name: String,
    pub label: String,
    pub unit: String,
    pub department: Option<String>,
    pub tier: Option<&'static str>,
    pub target_text: String,
    pub latest: Option<Latest>,
    #[schema(value_type = String, example = "met")]
    pub status: Status,
    pub light: Light,
    /// Which rule decided: a domain rule id, or `in_year.time_progress.*`.
    pub rule: String,
    /// One Chinese sentence saying why.
    pub explanation: String,
    /// Whether the status comes from in-year figures rather than the year's actual.
    pub in_year: bool,
    /// For level indicators during the year: cumulative figure as a percentage of the target.
    #[schema(value_type = Option<String>)]
    pub completion_pct: Option<Decimal>,
}

/// The cockpit of a region-year.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Cockpit {
    pub region: String,
    pub year: i32,
    /// The month the in-year figures are read at (the latest with figures, unless asked).
    pub month: Option<u8>,
    /// m/12 as a percentage.
    #[schema(value_type = Option<String>)]
    pub time_progress_pct: Option<Decimal>,
    pub rows: Vec<CockpitRow>,
    /// Indicators per status, every status present.
    pub counts: Vec<StatusCount>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StatusCount {
    #[schema(value_type = String)]
    pub status: Status,
    pub count: usize,
}

impl Cockpit {
    /// Indicators behind or only basically on track, worst first.
    pub fn lagging(&self) -> Vec<&CockpitRow> {
        let mut rows: Vec<&CockpitRow> = self
            .rows
            .iter()
            .filter(|r| matches!(r.status, Status::Below | Status::BasicallyMet))
            .collect();
        rows.sort_by_key(|r| (r.status.rank(), r.seq));
        rows
    }

    pub fn count(&self, status: Status) -> usize {
        self.counts
            .iter()
            .find(|c| c.status == status)
            .map(|c| c.count)
            .unwrap_or(0)
    }
}

fn pct(d: Decimal) -> Decimal {
    (d * Decimal::from(100)).round_dp(1)
}

/// The latest month with any figure.
pub fn latest_month(figures: &[MonthlyFigure]) -> Option<u8> {
    figures.iter().map(|f| f.month).max()
}

/// Builds the cockpit of `plan` from its monthly figures, read at `month` (default: the latest
/// month with figures).
pub fn build(
    plan: &Plan,
    figures: &[MonthlyFigure],
    month: Option<u8>,
    rules: &Rules,
    tolerance_pct: u32,
) -> Cockpit {
    let month = month
        .or_else(|| latest_month(figures))
        .filter(|m| (1..=12).contains(m));
    let mut rows = Vec::with_capacity(plan.indicators.len());
    for ind in &plan.indicators {
        let judged = judge::judge_indicator(ind, plan, rules);
        let has_actual = ind.actual.as_ref().is_some_and(|a| !a.is_pending());
        let monthly = month.and_then(|m| {
            figures
                .iter()
                .filter(|f| f.indicator == ind.def.name && f.month <= m)
                .max_by_key(|f| f.month)
        });
        let mut row = CockpitRow {
            seq: ind.seq,
            name: ind.def.name.clone(),
            label: ind.def.label(),
            unit: ind.def.unit.clone(),
            department: ind.def.department.clone(),
            tier: ind.def.tier.map(|t| t.as_str()),
            target_text: ind.target.text.clone(),
            latest: None,
            status: judged.status,
            light: Light::of(judged.status),
            rule: judged.rule.clone(),
            explanation: judged.explanation.clone(),
            in_year: false,
            completion_pct: None,
        };
        if has_actual {
            row.latest = ind.actual.as_ref().map(|a| Latest {
                period: Period::Annual,
                text: a.text.clone(),
            });
        } else if let Some(f) = monthly {
            let period = Period::Month(f.month);
            row.latest = Some(Latest {
                period,
                text: f.value_text.clone(),
            });
            row.in_year = true;
            let value = planwatch_text::parse_expr(&f.value_text);
            let level_progress = (ind.def.kind == IndicatorKind::Level
                && judged.direction == Direction::HigherIsBetter)
                .then(|| {
                    let target = ind.target.figure()?.in_unit(&ind.def.unit)?;
                    let got = value.figure()?.in_unit(&ind.def.unit)?;
                    (target > Decimal::ZERO).then_some((got, target))
                })
                .flatten();
            match level_progress {
                Some((got, target)) => {
                    let done = got / target;
                    let time = Decimal::from(f.month) / Decimal::from(12);
                    let floor =
                        time * Decimal::from(100 - tolerance_pct.min(100)) / Decimal::from(100);
                    let (status, rule, word) = if done >= time {
                        (Status::Met, "in_year.time_progress.ahead", "不慢于时间进度")
                    } else if done >= floor {
                        (
                            Status::BasicallyMet,
                            "in_year.time_progress.close",
                            "略慢于时间进度",
                        )
                    } else {
                        (
                            Status::Below,
                            "in_year.time_progress.behind",
                            "明显慢于时间进度",
                        )
                    };
                    row.status = status;
                    row.rule = rule.to_string();
                    row.completion_pct = Some(pct(done));
                    row.explanation = format!(
                        "{}累计{}{}，完成全年目标{}{}的{}%，时间进度{}%，{}",
                        period.label_zh(),
                        got.normalize(),
                        ind.def.unit,
                        target.normalize(),
                        ind.def.unit,
                        pct(done),
                        pct(time),
                        word
                    );
                }
                None => {
                    let mut in_year = ind.clone();
                    in_year.actual = Some(value);
                    let j = judge::judge_indicator(&in_year, plan, rules);
                    row.status = j.status;
                    row.rule = format!("in_year.{}", j.rule);
                    row.explanation = format!("{}：{}", period.label_zh(), j.explanation);
                }
            }
            row.light = Light::of(row.status);
        }
        rows.push(row);
    }
    let counts = Status::ALL
        .iter()
        .map(|s| StatusCount {
            status: *s,
            count: rows.iter().filter(|r| r.status == *s).count(),
        })
        .collect();
    Cockpit {
        region: plan.region.clone(),
        year: plan.year,
        month,
        time_progress_pct: month.map(|m| pct(Decimal::from(m) / Decimal::from(12))),
        rows,
        counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use planwatch_domain::{IndicatorDef, PlanIndicator};

    fn plan() -> Plan {
        let rows = [
            ("地区生产总值增速", "%", "6以上", None),
            ("城镇新增就业人数", "万人", "3.5", None),
            ("空气质量优良天数", "天", "300", Some("310")),
        ];
        Plan {
            region: "测试区".into(),
            year: 2024,
            indicators: rows
                .iter()
                .zip(1..)
                .map(|((n, u, t, a), seq)| PlanIndicator {
                    seq,
                    def: IndicatorDef::new(*n, *u),
                    target: planwatch_text::parse_expr(t),
                    actual: a.map(planwatch_text::parse_expr),
                })
                .collect(),
        }
    }

    fn fig(indicator: &str, month: u8, text: &str) -> MonthlyFigure {
        MonthlyFigure {
            region: "测试区".into(),
            year: 2024,
            indicator: indicator.into(),
            month,
            value_text: text.into(),
            version: 1,
            updated_at: 0,
            updated_by: "t".into(),
        }
    }

    #[test]
    fn without_figures_everything_waits() {
        let c = build(&plan(), &[], None, &Rules::default(), 10);
        assert_eq!(c.month, None);
        assert_eq!(c.rows[0].status, Status::Pending);
        assert_eq!(c.rows[0].light, Light::Grey);
        assert!(c.rows[0].latest.is_none());
        assert_eq!(c.rows.len(), 3);
        assert_eq!(c.counts.iter().map(|s| s.count).sum::<usize>(), 3);
    }

    #[test]
    fn levels_follow_time_progress_and_actuals_win() {
        let figures = [
            fig("城镇新增就业人数", 3, "0.8"),
            fig("城镇新增就业人数", 6, "2.1"),
            fig("空气质量优良天数", 6, "120"),
        ];
        let c = build(&plan(), &figures, None, &Rules::default(), 10);
        assert_eq!(c.month, Some(6));
        assert_eq!(c.time_progress_pct, Some(Decimal::new(500, 1)));
        let jobs = &c.rows[1];
        assert!(jobs.in_year);
        assert_eq!(jobs.latest.as_ref().map(|l| l.text.as_str()), Some("2.1"));
        assert_eq!(jobs.completion_pct, Some(Decimal::new(600, 1)));
        assert_eq!(jobs.status, Status::Met, "{}", jobs.explanation);
        assert!(
            jobs.explanation.contains("时间进度50"),
            "{}",
            jobs.explanation
        );
        // Read at month 3: 0.8 / 3.5 = 22.9% against 25% is within 10%: basically met.
        let c3 = build(&plan(), &figures, Some(3), &Rules::default(), 10);
        assert_eq!(
            c3.rows[1].status,
            Status::BasicallyMet,
            "{}",
            c3.rows[1].explanation
        );
        assert_eq!(c3.rows[1].light, Light::Yellow);
        // The year's actual decides over monthly figures.
        assert!(!c.rows[2].in_year);
        assert_eq!(
            c.rows[2].latest.as_ref().map(|l| l.period),
            Some(Period::Annual)
        );
    }

    #[test]
    fn behind_is_red_and_listed_as_lagging() {
        let figures = [fig("城镇新增就业人数", 6, "1.0")];
        let c = build(&plan(), &figures, None, &Rules::default(), 10);
        assert_eq!(c.rows[1].status, Status::Below);
        assert_eq!(c.rows[1].light, Light::Red);
        assert_eq!(c.lagging().len(), 1);
        assert_eq!(c.count(Status::Below), 1);
    }
}
