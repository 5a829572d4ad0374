//! In-year judging: where each indicator of a plan stands during the year, from its 1-m月
//! cumulative figures, before the year's actual exists.
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
//! The cockpit page and its API read a year through [`build`]; the figures come in parsed
//! ([`MonthFigure`]), so this module reads no text.

use crate::expr::Expr;
use crate::indicator::{Direction, IndicatorKind, Plan, PlanIndicator};
use crate::judge::{self, Status};
use crate::lang::{Lang, figure_with_unit, plain_number};
use crate::rules::Rules;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;

/// Which figure a value is: the year's actual, or the cumulative figure of months 1..=m
/// (1-m月累计).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Annual,
    Month(u8),
}

impl Period {
    /// The period as one number, as the stores keep it: 0 for the year, 1..=12 for a month.
    pub fn as_db(self) -> i64 {
        match self {
            Period::Annual => 0,
            Period::Month(m) => i64::from(m),
        }
    }

    /// Reads [`Period::as_db`]'s number; `None` outside 0..=12.
    pub fn from_db(v: i64) -> Option<Self> {
        match v {
            0 => Some(Period::Annual),
            1..=12 => u8::try_from(v).ok().map(Period::Month),
            _ => None,
        }
    }

    /// The figure this period's value is, for the plausibility checks: the year's actual or
    /// the 1-m月 cumulative figure.
    pub fn slot(self) -> crate::plausibility::Slot {
        match self {
            Period::Annual => crate::plausibility::Slot::Actual,
            Period::Month(m) => crate::plausibility::Slot::Month(m),
        }
    }

    /// For keys and messages: `annual`, `m6`.
    pub fn key(self) -> String {
        match self {
            Period::Annual => "annual".into(),
            Period::Month(m) => format!("m{m}"),
        }
    }

    /// As a report writes it: 全年, 1-6月.
    pub fn label_zh(self) -> String {
        match self {
            Period::Annual => "全年".into(),
            Period::Month(1) => "1月".into(),
            Period::Month(m) => format!("1-{m}月"),
        }
    }

    /// As a sentence in `lang` writes it: 全年 / Year, 1-6月 / Jan–Jun.
    pub fn label(self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.label_zh(),
            Lang::En => self.label_en(),
        }
    }

    /// In English: Year, Jan, Jan–Jun.
    pub fn label_en(self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let abbr = |m: u8| {
            MONTHS
                .get(usize::from(m.saturating_sub(1)))
                .copied()
                .unwrap_or("?")
        };
        match self {
            Period::Annual => "Year".into(),
            Period::Month(1) => "Jan".into(),
            Period::Month(m) => format!("Jan–{}", abbr(m)),
        }
    }
}

/// One 1-m月 cumulative figure of an indicator, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthFigure {
    pub indicator: String,
    pub month: u8,
    pub value: Expr,
}

/// How far behind the time elapsed (in percent of it) a level may be and still count as
/// basically on track, unless configured otherwise.
pub const DEFAULT_TOLERANCE_PCT: u32 = 10;

/// A warning light.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Latest {
    pub period: Period,
    pub text: String,
}

/// One indicator during the year.
#[derive(Debug, Clone, Serialize)]
pub struct InYearRow {
    pub seq: u32,
    pub name: String,
    pub label: String,
    pub unit: String,
    pub department: Option<String>,
    pub tier: Option<&'static str>,
    pub target_text: String,
    pub latest: Option<Latest>,
    pub status: Status,
    pub light: Light,
    /// Which rule decided: a domain rule id, `in_year.<rule>` or `in_year.time_progress.*`.
    pub rule: String,
    /// One Chinese sentence saying why.
    pub explanation: String,
    /// Whether the status comes from in-year figures rather than the year's actual.
    pub in_year: bool,
    /// For level indicators during the year: cumulative figure as a percentage of the target.
    pub completion_pct: Option<Decimal>,
}

/// A region-year read at one month: every indicator's latest figure, status and light.
#[derive(Debug, Clone, Serialize)]
pub struct InYear {
    pub region: String,
    pub year: i32,
    /// The month the in-year figures are read at (the latest with figures, unless asked).
    pub month: Option<u8>,
    /// m/12 as a percentage.
    pub time_progress_pct: Option<Decimal>,
    pub rows: Vec<InYearRow>,
    /// Indicators per status, every status present.
    pub counts: Vec<StatusCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub status: Status,
    pub count: usize,
}

impl InYear {
    /// Indicators behind or only basically on track, worst first.
    pub fn lagging(&self) -> Vec<&InYearRow> {
        let mut rows: Vec<&InYearRow> = self.rows.iter().filter(|r| r.status.lags()).collect();
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

    pub fn row(&self, indicator: &str) -> Option<&InYearRow> {
        self.rows.iter().find(|r| r.name == indicator)
    }
}

/// A percentage with one decimal: 0.4567 → 45.7.
pub fn pct(d: Decimal) -> Decimal {
    (d * Decimal::from(100)).round_dp(1)
}

/// m/12: the share of the year elapsed at the end of month `month`.
pub fn time_elapsed(month: u8) -> Decimal {
    Decimal::from(month) / Decimal::from(12)
}

/// The latest month with any figure.
pub fn latest_month(figures: &[MonthFigure]) -> Option<u8> {
    figures.iter().map(|f| f.month).max()
}

/// Each indicator's latest figure at or before `month`.
pub fn latest_by_indicator(figures: &[MonthFigure], month: u8) -> HashMap<&str, &MonthFigure> {
    let mut latest: HashMap<&str, &MonthFigure> = HashMap::new();
    for f in figures.iter().filter(|f| f.month <= month) {
        let slot = latest.entry(f.indicator.as_str()).or_insert(f);
        if f.month > slot.month {
            *slot = f;
        }
    }
    latest
}

/// The in-year judgement of one indicator from a year-to-date figure.
#[derive(Debug, Clone, PartialEq)]
pub struct YtdJudgement {
    pub status: Status,
    pub rule: String,
    pub explanation: String,
    pub completion_pct: Option<Decimal>,
}

/// Judges an indicator from its 1-`month`月 cumulative `value`: levels where more is better
/// against the time elapsed, everything else by the domain judge against the annual target.
pub fn judge_ytd(
    ind: &PlanIndicator,
    plan: &Plan,
    month: u8,
    value: &Expr,
    rules: &Rules,
    tolerance_pct: u32,
) -> YtdJudgement {
    judge_ytd_in(ind, plan, month, value, rules, tolerance_pct, Lang::Zh)
}

/// [`judge_ytd`] with the explanation written in `lang` (the same status and rule).
pub fn judge_ytd_in(
    ind: &PlanIndicator,
    plan: &Plan,
    month: u8,
    value: &Expr,
    rules: &Rules,
    tolerance_pct: u32,
    lang: Lang,
) -> YtdJudgement {
    let period = Period::Month(month);
    let (direction, _) = judge::resolve_direction(&ind.def, &ind.target, rules);
    let level_progress = (ind.def.kind == IndicatorKind::Level
        && direction == Direction::HigherIsBetter)
        .then(|| {
            let target = ind.target.figure()?.in_unit(&ind.def.unit)?;
            let got = value.figure()?.in_unit(&ind.def.unit)?;
            (target > Decimal::ZERO).then_some((got, target))
        })
        .flatten();
    match level_progress {
        Some((got, target)) => {
            let done = got / target;
            let time = time_elapsed(month);
            let floor = time * Decimal::from(100 - tolerance_pct.min(100)) / Decimal::from(100);
            let (status, rule) = if done >= time {
                (Status::Met, "in_year.time_progress.ahead")
            } else if done >= floor {
                (Status::BasicallyMet, "in_year.time_progress.close")
            } else {
                (Status::Below, "in_year.time_progress.behind")
            };
            let explanation = match lang {
                Lang::Zh => format!(
                    "{}累计{}{}，完成全年目标{}{}的{}%，时间进度{}%，{}",
                    period.label_zh(),
                    got.normalize(),
                    ind.def.unit,
                    target.normalize(),
                    ind.def.unit,
                    pct(done),
                    pct(time),
                    time_progress_word(rule, Lang::Zh)
                ),
                Lang::En => format!(
                    "{} cumulative {}, {}% of the annual target of {}, with {}% of the year elapsed: {}",
                    period.label_en(),
                    figure_with_unit(got, &ind.def.unit, Lang::En),
                    plain_number(pct(done)),
                    figure_with_unit(target, &ind.def.unit, Lang::En),
                    plain_number(pct(time)),
                    time_progress_word(rule, Lang::En)
                ),
            };
            YtdJudgement {
                status,
                rule: rule.to_string(),
                completion_pct: Some(pct(done)),
                explanation,
            }
        }
        None => {
            let mut in_year = ind.clone();
            in_year.actual = Some(value.clone());
            let j = judge::judge_indicator_in(&in_year, plan, rules, lang);
            let explanation = match lang {
                Lang::Zh => format!("{}：{}", period.label_zh(), j.explanation),
                Lang::En => format!("{}: {}", period.label_en(), j.explanation),
            };
            YtdJudgement {
                status: j.status,
                rule: format!("in_year.{}", j.rule),
                explanation,
                completion_pct: None,
            }
        }
    }
}

/// How a level stands against the time elapsed, for the `in_year.time_progress.*` rules.
fn time_progress_word(rule: &str, lang: Lang) -> &'static str {
    match (rule, lang) {
        ("in_year.time_progress.ahead", Lang::Zh) => "不慢于时间进度",
        ("in_year.time_progress.close", Lang::Zh) => "略慢于时间进度",
        (_, Lang::Zh) => "明显慢于时间进度",
        ("in_year.time_progress.ahead", Lang::En) => "not behind the time elapsed",
        ("in_year.time_progress.close", Lang::En) => "slightly behind the time elapsed",
        (_, Lang::En) => "well behind the time elapsed",
    }
}

/// The name of an in-year rule id for people: the `in_year.time_progress.*` rules, and
/// `in_year.<rule>` as the judge's rule applied to the year-to-date figure.
pub fn rule_name(rule: &str, lang: Lang) -> Option<String> {
    match rule {
        "in_year.time_progress.ahead" => Some(
            lang.pick("按时间进度：不慢于时间进度", "Time elapsed: on pace")
                .into(),
        ),
        "in_year.time_progress.close" => Some(
            lang.pick(
                "按时间进度：略慢于时间进度",
                "Time elapsed: slightly behind",
            )
            .into(),
        ),
        "in_year.time_progress.behind" => Some(
            lang.pick("按时间进度：明显慢于时间进度", "Time elapsed: well behind")
                .into(),
        ),
        _ => match rule.strip_prefix("in_year.") {
            Some(inner) => judge::rule_name(inner, lang)
                .map(|n| lang.pick(format!("年内累计：{n}"), format!("Year to date: {n}"))),
            None => judge::rule_name(rule, lang),
        },
    }
}

/// Reads `plan` during the year from its monthly figures at `month` (default: the latest
/// month with figures).
pub fn build(
    plan: &Plan,
    figures: &[MonthFigure],
    month: Option<u8>,
    rules: &Rules,
    tolerance_pct: u32,
) -> InYear {
    build_in(plan, figures, month, rules, tolerance_pct, Lang::Zh)
}

/// [`build`] with the explanations written in `lang`.
pub fn build_in(
    plan: &Plan,
    figures: &[MonthFigure],
    month: Option<u8>,
    rules: &Rules,
    tolerance_pct: u32,
    lang: Lang,
) -> InYear {
    let month = month
        .or_else(|| latest_month(figures))
        .filter(|m| (1..=12).contains(m));
    let latest = month
        .map(|m| latest_by_indicator(figures, m))
        .unwrap_or_default();
    let mut rows = Vec::with_capacity(plan.indicators.len());
    for ind in &plan.indicators {
        let judged = judge::judge_indicator_in(ind, plan, rules, lang);
        let has_actual = ind.actual.as_ref().is_some_and(|a| !a.is_pending());
        let mut row = InYearRow {
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
        } else if let Some(f) = latest.get(ind.def.name.as_str()) {
            row.latest = Some(Latest {
                period: Period::Month(f.month),
                text: f.value.text.clone(),
            });
            row.in_year = true;
            let j = judge_ytd_in(ind, plan, f.month, &f.value, rules, tolerance_pct, lang);
            row.status = j.status;
            row.rule = j.rule;
            row.explanation = j.explanation;
            row.completion_pct = j.completion_pct;
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
    InYear {
        region: plan.region.clone(),
        year: plan.year,
        month,
        time_progress_pct: month.map(|m| pct(time_elapsed(m))),
        rows,
        counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Form;
    use crate::indicator::IndicatorDef;
    use crate::quantity::Quantity;

    fn expr(text: &str) -> Expr {
        if let Some(v) = text.strip_suffix("以上") {
            let value = Quantity::bare(v.parse().expect("number"));
            return Expr::new(
                text,
                Form::Bound {
                    cmp: crate::expr::Cmp::Ge,
                    value,
                },
            );
        }
        Expr::new(
            text,
            Form::Value(Quantity::bare(text.parse().expect("number"))),
        )
    }

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
                    target: expr(t),
                    actual: a.map(expr),
                })
                .collect(),
        }
    }

    fn fig(indicator: &str, month: u8, text: &str) -> MonthFigure {
        MonthFigure {
            indicator: indicator.into(),
            month,
            value: expr(text),
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

    #[test]
    fn rates_are_judged_year_to_date_against_the_annual_target() {
        let figures = [fig("地区生产总值增速", 6, "5.8")];
        let c = build(&plan(), &figures, None, &Rules::default(), 10);
        let gdp = c.row("地区生产总值增速").expect("row");
        assert!(gdp.in_year);
        assert!(gdp.rule.starts_with("in_year."), "{}", gdp.rule);
        assert!(
            gdp.explanation.starts_with("1-6月："),
            "{}",
            gdp.explanation
        );
        assert_eq!(gdp.status, Status::BasicallyMet, "{}", gdp.explanation);
    }

    #[test]
    fn english_in_year_reasons_come_from_the_same_figures() {
        let figures = [
            fig("城镇新增就业人数", 6, "2.1"),
            fig("地区生产总值增速", 6, "5.8"),
        ];
        let zh = build(&plan(), &figures, None, &Rules::default(), 10);
        let en = build_in(&plan(), &figures, None, &Rules::default(), 10, Lang::En);
        for (z, e) in zh.rows.iter().zip(&en.rows) {
            assert_eq!((z.status, &z.rule), (e.status, &e.rule));
            assert!(
                rule_name(&e.rule, Lang::En).is_some(),
                "{} has no name",
                e.rule
            );
        }
        let jobs = en.row("城镇新增就业人数").expect("row");
        assert_eq!(
            jobs.explanation,
            "Jan–Jun cumulative 21 thousand people, 60% of the annual target of 35 thousand people, with 50% of the year elapsed: not behind the time elapsed"
        );
        assert!(
            en.rows[0].explanation.starts_with("Jan–Jun: Actual 5.8%"),
            "{}",
            en.rows[0].explanation
        );
    }

    #[test]
    fn periods_read_back_and_label_in_both_languages() {
        for p in [Period::Annual, Period::Month(1), Period::Month(12)] {
            assert_eq!(Period::from_db(p.as_db()), Some(p));
        }
        assert_eq!(Period::from_db(13), None);
        assert_eq!(Period::Month(6).label_zh(), "1-6月");
        assert_eq!(Period::Month(6).label_en(), "Jan–Jun");
        assert_eq!(Period::Month(1).label_en(), "Jan");
    }
}
