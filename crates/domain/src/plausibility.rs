//! Whether a figure makes sense before it counts.
//!
//! Every way a figure enters planwatch (the CLI's `actual set`/`target set`, the web entry form,
//! the API, every import) runs the same [`check`] on the text as written and its parsed
//! expression. Findings come in two kinds:
//!
//! - **refusals** ([`Severity::Refused`]): the figure cannot be right — not written as a number
//!   (`1e999`, a bare `-`), a growth rate or a share outside what the kind allows (a growth rate
//!   or rate in percent outside −100…+1000, a share below 0 or above 100), a negative level
//!   whose name does not allow negatives. Nothing is stored.
//! - **warnings** ([`Severity::Warning`]): the figure may be right but looks like a slip — a
//!   cumulative level that falls against the month before, a rate that moves by more than
//!   `plausibility.rate_jump_points` points (judging rules, [`Limits`]) against the month before or last year's actual, a
//!   level that doubles or halves against last year's actual, a figure an order of magnitude
//!   away from the target, a unit that differs from the indicator's and cannot be converted.
//!   The figure is held until whoever enters it gives a reason, which is kept with it.
//!
//! The checks know the indicator's kind and unit ([`IndicatorDef`]), and what the caller could
//! load around the figure ([`Context`]): the target, the latest earlier cumulative figure of the
//! year, last year's actual. An import passes its own earlier months as context, so a file is
//! checked against itself as well as against the store.

use crate::expr::{Expr, Form};
use crate::indicator::{IndicatorDef, IndicatorKind};
use crate::lang::Message;
use crate::quantity::Quantity;
pub use crate::rules::PlausibilityRules as Limits;
use rust_decimal::Decimal;
use serde::Serialize;

/// The longest note or reason accepted with a figure, in characters.
pub const NOTE_MAX_CHARS: usize = 2_000;

/// Which figure of an indicator-year is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    /// The year's target.
    Target,
    /// The year's actual.
    Actual,
    /// The cumulative figure of months 1..=m (1-m月累计).
    Month(u8),
}

impl Slot {
    /// `目标` / `全年实际` / `1-3月累计`.
    pub fn label(self) -> Message {
        match self {
            Slot::Target => Message::new("目标", "target"),
            Slot::Actual => Message::new("全年实际", "annual actual"),
            Slot::Month(1) => Message::new("1月", "January"),
            Slot::Month(m) => Message::new(format!("1-{m}月"), format!("January–{}", month_en(m))),
        }
    }
}

fn month_en(m: u8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES
        .get(usize::from(m.clamp(1, 12)) - 1)
        .copied()
        .unwrap_or("December")
}

/// What is known around the figure being checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The year's target (for the order-of-magnitude check).
    pub target: Option<&'a Expr>,
    /// The latest earlier cumulative figure of the same year and its month.
    pub previous: Option<(u8, &'a Expr)>,
    /// Last year's actual.
    pub last_year_actual: Option<&'a Expr>,
}

/// Refused outright, or held until a reason is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Refused,
    Warning,
}

/// One finding about a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// A stable name of the check: `not_a_number`, `growth_range`, `share_range`,
    /// `negative_level`, `cumulative_falls`, `rate_jump_month`, `rate_jump_year`,
    /// `level_jump_year`, `magnitude_target`, `unit_differs`, `too_long`.
    pub check: &'static str,
    pub message: Message,
}

impl Finding {
    fn refused(check: &'static str, message: Message) -> Self {
        Finding {
            severity: Severity::Refused,
            check,
            message,
        }
    }
    fn warning(check: &'static str, message: Message) -> Self {
        Finding {
            severity: Severity::Warning,
            check,
            message,
        }
    }
}

/// The findings about one figure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verdict {
    pub findings: Vec<Finding>,
}

impl Verdict {
    pub fn refusals(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Refused)
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }
    pub fn is_refused(&self) -> bool {
        self.refusals().next().is_some()
    }
    /// Accepted only with a reason.
    pub fn needs_reason(&self) -> bool {
        !self.is_refused() && self.warnings().next().is_some()
    }
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }
    /// The refusals' (or else the warnings') messages joined with `；`/`; ` in `lang`.
    pub fn summary(&self, lang: crate::Lang) -> String {
        let list: Vec<&str> = if self.is_refused() {
            self.refusals().map(|f| f.message.text(lang)).collect()
        } else {
            self.warnings().map(|f| f.message.text(lang)).collect()
        };
        list.join(lang.pick("；", "; "))
    }
}

/// Checks a figure as written (`text`) and as parsed (`parsed`) for the indicator `def`.
/// Targets get the hard checks only; actuals and monthly figures get the soft ones too.
pub fn check(
    text: &str,
    parsed: &Expr,
    def: &IndicatorDef,
    slot: Slot,
    ctx: &Context<'_>,
    limits: &Limits,
) -> Verdict {
    let mut findings = Vec::new();
    if let Some(f) = not_a_number(text, parsed) {
        findings.push(f);
        return Verdict { findings };
    }
    let mut quantities = Vec::new();
    collect_quantities(parsed, &mut quantities);
    let mut unit_warned = false;
    for q in &quantities {
        match in_def_unit(q, def) {
            Some(v) => findings.extend(hard_limit(v, q, def)),
            None if !unit_warned => {
                unit_warned = true;
                findings.push(Finding::warning(
                    "unit_differs",
                    Message::new(
                        format!(
                            "单位“{}”与指标单位“{}”不同，无法换算",
                            q.unit,
                            unit_name_zh(&def.unit)
                        ),
                        format!(
                            "the unit “{}” differs from the indicator's unit “{}” and cannot be converted",
                            q.unit,
                            unit_name_en(&def.unit)
                        ),
                    ),
                ));
            }
            None => {}
        }
    }
    if findings.iter().any(|f| f.severity == Severity::Refused) || slot == Slot::Target {
        return Verdict { findings };
    }
    if let Some(v) = parsed.figure().and_then(|q| in_def_unit(q, def)) {
        findings.extend(soft_checks(v, def, slot, ctx, limits));
    }
    Verdict { findings }
}

/// A note or reason longer than [`NOTE_MAX_CHARS`] is refused; `field` names it (`说明`, `原因`).
pub fn check_text_length(field_zh: &str, field_en: &str, text: &str) -> Option<Finding> {
    let n = text.chars().count();
    (n > NOTE_MAX_CHARS).then(|| {
        Finding::refused(
            "too_long",
            Message::new(
                format!("{field_zh}有{n}个字，最多{NOTE_MAX_CHARS}个字"),
                format!("the {field_en} has {n} characters; at most {NOTE_MAX_CHARS} are allowed"),
            ),
        )
    })
}

/// Text that is not written as a number where a number is meant: scientific notation (which
/// no statistical table uses and which can overflow), or a bare dash.
fn not_a_number(text: &str, parsed: &Expr) -> Option<Finding> {
    let t = text.trim();
    if is_dash(t) {
        return Some(Finding::refused(
            "not_a_number",
            Message::new(
                format!("“{t}”不是数值：尚无数据请留空，或写明情况（如“待反馈”）"),
                format!(
                    "“{t}” is not a number: leave it empty when there is no figure yet, or say why (e.g. 待反馈)"
                ),
            ),
        ));
    }
    let chars: Vec<char> = t.chars().collect();
    let scientific = chars.windows(2).enumerate().any(|(i, w)| {
        w[0].is_ascii_digit()
            && matches!(w[1], 'e' | 'E')
            && chars
                .get(i + 2)
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, '+' | '-'))
    });
    if scientific {
        return Some(Finding::refused(
            "not_a_number",
            Message::new(
                format!("“{t}”不是按数字书写的数值（不接受科学计数法），请直接写出数字"),
                format!(
                    "“{t}” is not written as a plain number (scientific notation is not accepted); write the digits"
                ),
            ),
        ));
    }
    // A unit made of Latin letters is a number typed wrong (`12abc`), never a statistical unit.
    let bad_unit = parsed
        .figure()
        .map(|q| q.unit.as_str())
        .filter(|u| !u.is_empty() && u.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|u| !matches!(*u, "km" | "kg" | "t" | "kW" | "kWh" | "MW" | "GW" | "m"));
    bad_unit.map(|u| {
        Finding::refused(
            "not_a_number",
            Message::new(
                format!("“{t}”不是数值（“{u}”不是单位）"),
                format!("“{t}” is not a number (“{u}” is not a unit)"),
            ),
        )
    })
}

/// A dash alone, as spreadsheets use for "none".
pub fn is_dash(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '—' | '－' | '–' | '─'))
}

fn collect_quantities<'e>(e: &'e Expr, out: &mut Vec<&'e Quantity>) {
    match &e.form {
        Form::Value(q) | Form::Bound { value: q, .. } | Form::Approx { value: q, .. } => {
            out.push(q)
        }
        Form::Range { low, high } => {
            out.push(low);
            out.push(high);
        }
        _ => {}
    }
    if let Some(r) = &e.revised {
        collect_quantities(r, out);
    }
    if let Some(s) = &e.stretch {
        collect_quantities(s, out);
    }
}

fn is_percent_unit(u: &str) -> bool {
    matches!(u, "" | "%" | "个百分点" | "百分点")
}

/// Whether the indicator's figures are percentages (a rate-like kind in %, or without a unit).
fn in_percent(def: &IndicatorDef) -> bool {
    def.kind.is_rate_like() && is_percent_unit(&def.unit)
}

/// The quantity in the indicator's unit; `None` when the units cannot be converted.
fn in_def_unit(q: &Quantity, def: &IndicatorDef) -> Option<Decimal> {
    if in_percent(def) {
        // A rate written with a unit of amounts (亿元) is not a rate.
        return is_percent_unit(&q.unit).then_some(q.value);
    }
    q.in_unit(&def.unit)
}

/// Names of levels that may be negative: balances, net flows, profits.
fn allows_negative(name: &str) -> bool {
    const WORDS: [&str; 9] = [
        "差额", "净", "盈亏", "利润", "结余", "余额", "增减", "增量", "变动",
    ];
    WORDS.iter().any(|w| name.contains(w))
}

fn show(v: Decimal) -> String {
    v.normalize().to_string()
}

fn unit_name_zh(u: &str) -> &str {
    if u.is_empty() { "无" } else { u }
}

fn unit_name_en(u: &str) -> &str {
    if u.is_empty() { "none" } else { u }
}

fn hard_limit(v: Decimal, q: &Quantity, def: &IndicatorDef) -> Option<Finding> {
    let hundred = Decimal::from(100);
    let thousand = Decimal::from(1000);
    if in_percent(def) {
        return match def.kind {
            IndicatorKind::Share if v < Decimal::ZERO || v > hundred => Some(Finding::refused(
                "share_range",
                Message::new(
                    format!("{}是比重，应在0到100%之间，填写的是{}", def.name, show(v)),
                    format!(
                        "{} is a share and must lie between 0 and 100%; the figure is {}",
                        def.name,
                        show(v)
                    ),
                ),
            )),
            IndicatorKind::GrowthRate | IndicatorKind::Intensity
                if v < -hundred || v > thousand =>
            {
                let (what_zh, what_en) = if def.kind == IndicatorKind::GrowthRate {
                    ("增速", "growth rate")
                } else {
                    ("比率", "rate")
                };
                Some(Finding::refused(
                    "growth_range",
                    Message::new(
                        format!(
                            "{}是{what_zh}（%），应在-100到1000之间，填写的是{}",
                            def.name,
                            show(v)
                        ),
                        format!(
                            "{} is a {what_en} in percent and must lie between -100 and 1000; the figure is {}",
                            def.name,
                            show(v)
                        ),
                    ),
                ))
            }
            _ => None,
        };
    }
    if v < Decimal::ZERO && !allows_negative(&def.name) {
        return Some(Finding::refused(
            "negative_level",
            Message::new(
                format!("{}不能为负数，填写的是{}", def.name, q),
                format!("{} cannot be negative; the figure is {}", def.name, q),
            ),
        ));
    }
    None
}

fn soft_checks(
    v: Decimal,
    def: &IndicatorDef,
    slot: Slot,
    ctx: &Context<'_>,
    limits: &Limits,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let figure_of = |e: &Expr| e.in_force().figure().and_then(|q| in_def_unit(q, def));
    let rate = def.kind.is_rate_like();
    let jump = limits.rate_jump_points;
    if let (Slot::Month(_), Some((pm, prev))) = (slot, ctx.previous)
        && let Some(p) = figure_of(prev)
    {
        let when = Slot::Month(pm).label();
        if rate && (v - p).abs() > jump {
            out.push(Finding::warning(
                "rate_jump_month",
                Message::new(
                    format!(
                        "比{}（{}）变动{}个百分点，超过{}个百分点",
                        when.zh,
                        show(p),
                        show((v - p).abs()),
                        show(jump)
                    ),
                    format!(
                        "moves {} points from {} ({}), more than {} points",
                        show((v - p).abs()),
                        when.en,
                        show(p),
                        show(jump)
                    ),
                ),
            ));
        } else if !rate && v < p {
            out.push(Finding::warning(
                "cumulative_falls",
                Message::new(
                    format!(
                        "累计值{}低于{}的{}，累计数不应减少",
                        show(v),
                        when.zh,
                        show(p)
                    ),
                    format!(
                        "the cumulative figure {} is below {}'s {}; a cumulative figure should not fall",
                        show(v),
                        when.en,
                        show(p)
                    ),
                ),
            ));
        }
    }
    if let Some(ly) = ctx.last_year_actual.and_then(figure_of) {
        if rate && (v - ly).abs() > jump {
            out.push(Finding::warning(
                "rate_jump_year",
                Message::new(
                    format!(
                        "与上年实际（{}）相差{}个百分点，超过{}个百分点",
                        show(ly),
                        show((v - ly).abs()),
                        show(jump)
                    ),
                    format!(
                        "differs from last year's actual ({}) by {} points, more than {} points",
                        show(ly),
                        show((v - ly).abs()),
                        show(jump)
                    ),
                ),
            ));
        } else if !rate && ly > Decimal::ZERO {
            let factor = limits.level_jump_factor;
            // A 1-m月 figure is part of a year: only its exceeding last year's whole is odd.
            let too_low = slot == Slot::Actual && v * factor < ly;
            if v > ly * factor || too_low {
                out.push(Finding::warning(
                    "level_jump_year",
                    Message::new(
                        format!(
                            "{}与上年实际{}相差超过{}倍",
                            show(v),
                            show(ly),
                            show(factor)
                        ),
                        format!(
                            "{} is more than {} times off last year's actual {}",
                            show(v),
                            show(factor),
                            show(ly)
                        ),
                    ),
                ));
            }
        }
    }
    if let Some(t) = ctx.target.and_then(figure_of) {
        let factor = limits.magnitude_factor;
        let off = if rate {
            v.abs() >= t.abs() * factor && (v - t).abs() > jump
        } else if t > Decimal::ZERO {
            v >= t * factor || (slot == Slot::Actual && v * factor <= t)
        } else {
            false
        };
        if off {
            out.push(Finding::warning(
                "magnitude_target",
                Message::new(
                    format!(
                        "{}与目标{}相差一个数量级以上，请核对单位和小数点",
                        show(v),
                        show(t)
                    ),
                    format!(
                        "{} is an order of magnitude or more away from the target {}; check the unit and the decimal point",
                        show(v),
                        show(t)
                    ),
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Cmp;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }
    fn value(v: &str, unit: &str) -> Expr {
        Expr::new(format!("{v}{unit}"), Form::Value(Quantity::new(d(v), unit)))
    }
    fn growth() -> IndicatorDef {
        IndicatorDef::new("地区生产总值增速", "%")
    }
    fn level() -> IndicatorDef {
        IndicatorDef::new("固定资产投资", "亿元")
    }
    fn run(text: &str, e: &Expr, def: &IndicatorDef, slot: Slot, ctx: &Context) -> Verdict {
        check(text, e, def, slot, ctx, &Limits::default())
    }
    fn checks(v: &Verdict) -> Vec<&'static str> {
        v.findings.iter().map(|f| f.check).collect()
    }

    #[test]
    fn scientific_notation_and_dashes_are_refused() {
        let e = value("1", "e999");
        let v = run("1e999", &e, &growth(), Slot::Actual, &Context::default());
        assert!(v.is_refused());
        assert!(v.summary(crate::Lang::Zh).contains("科学计数法"));
        let pending = Expr::new("-", Form::Pending { reason: None });
        for dash in ["-", "—", "－－"] {
            assert!(run(dash, &pending, &growth(), Slot::Actual, &Context::default()).is_refused());
        }
        let typo = value("12", "abc");
        assert!(run("12abc", &typo, &level(), Slot::Actual, &Context::default()).is_refused());
    }

    #[test]
    fn growth_rates_and_shares_have_hard_ranges() {
        let huge = value("99999999999999999999", "");
        let v = run(
            "99999999999999999999",
            &huge,
            &growth(),
            Slot::Actual,
            &Context::default(),
        );
        assert_eq!(checks(&v), ["growth_range"]);
        assert!(v.summary(crate::Lang::Zh).contains("-100到1000"));
        for ok in ["-100", "0", "6.5", "1000"] {
            let e = value(ok, "%");
            assert!(
                run(ok, &e, &growth(), Slot::Actual, &Context::default()).is_clean(),
                "{ok}"
            );
        }
        let e = value("-100.1", "%");
        assert!(run("-100.1%", &e, &growth(), Slot::Actual, &Context::default()).is_refused());
        let share = IndicatorDef::new("研发经费支出占地区生产总值比重", "%");
        let e = value("100.5", "");
        assert_eq!(
            checks(&run("100.5", &e, &share, Slot::Actual, &Context::default())),
            ["share_range"]
        );
        let e = value("2.6", "");
        assert!(run("2.6", &e, &share, Slot::Actual, &Context::default()).is_clean());
        // Targets get the hard checks: a range end outside is refused too.
        let range = Expr::new(
            "5-2000",
            Form::Range {
                low: Quantity::new(d("5"), ""),
                high: Quantity::new(d("2000"), ""),
            },
        );
        assert!(
            run(
                "5-2000",
                &range,
                &growth(),
                Slot::Target,
                &Context::default()
            )
            .is_refused()
        );
    }

    #[test]
    fn levels_are_not_negative_unless_named_so() {
        let e = value("-3", "亿元");
        assert_eq!(
            checks(&run(
                "-3亿元",
                &e,
                &level(),
                Slot::Actual,
                &Context::default()
            )),
            ["negative_level"]
        );
        let net = IndicatorDef::new("货物贸易差额", "亿元");
        assert!(run("-3亿元", &e, &net, Slot::Actual, &Context::default()).is_clean());
    }

    #[test]
    fn a_unit_that_cannot_be_converted_is_held() {
        let e = value("3", "亿美元");
        let v = run("3亿美元", &e, &level(), Slot::Actual, &Context::default());
        assert!(v.needs_reason());
        assert_eq!(checks(&v), ["unit_differs"]);
        // A scale of the same base converts and is fine.
        let e = value("0.5", "万亿元");
        assert!(run("0.5万亿元", &e, &level(), Slot::Actual, &Context::default()).is_clean());
        let e = value("3", "亿元");
        assert!(run("3亿元", &e, &growth(), Slot::Actual, &Context::default()).needs_reason());
    }

    #[test]
    fn a_falling_cumulative_level_is_held() {
        let prev = value("120", "");
        let ctx = Context {
            previous: Some((5, &prev)),
            ..Default::default()
        };
        let e = value("110", "");
        let v = run("110", &e, &level(), Slot::Month(6), &ctx);
        assert_eq!(checks(&v), ["cumulative_falls"]);
        assert!(v.summary(crate::Lang::Zh).contains("1-5月"));
        let e = value("130", "");
        assert!(run("130", &e, &level(), Slot::Month(6), &ctx).is_clean());
    }

    #[test]
    fn a_rate_jump_beyond_the_limit_is_held_and_the_limit_is_configurable() {
        let prev = value("6.1", "");
        let ly = value("5.8", "");
        let ctx = Context {
            previous: Some((2, &prev)),
            last_year_actual: Some(&ly),
            ..Default::default()
        };
        let e = value("16.5", "");
        let v = run("16.5", &e, &growth(), Slot::Month(3), &ctx);
        assert_eq!(checks(&v), ["rate_jump_month", "rate_jump_year"]);
        let loose = Limits {
            rate_jump_points: d("20"),
            ..Limits::default()
        };
        assert!(check("16.5", &e, &growth(), Slot::Month(3), &ctx, &loose).is_clean());
        let e = value("7.0", "");
        assert!(run("7.0", &e, &growth(), Slot::Month(3), &ctx).is_clean());
    }

    #[test]
    fn levels_against_last_year_and_the_target() {
        let ly = value("500", "");
        let target = Expr::new(
            "550以上",
            Form::Bound {
                cmp: Cmp::Ge,
                value: Quantity::bare(d("550")),
            },
        );
        let ctx = Context {
            last_year_actual: Some(&ly),
            target: Some(&target),
            ..Default::default()
        };
        let e = value("5600", "");
        assert_eq!(
            checks(&run("5600", &e, &level(), Slot::Actual, &ctx)),
            ["level_jump_year", "magnitude_target"]
        );
        let e = value("52", "");
        assert_eq!(
            checks(&run("52", &e, &level(), Slot::Actual, &ctx)),
            ["level_jump_year", "magnitude_target"]
        );
        // 1-2月 of a level is small against the year: not a slip.
        assert!(run("52", &e, &level(), Slot::Month(2), &ctx).is_clean());
        let e = value("560", "");
        assert!(run("560", &e, &level(), Slot::Actual, &ctx).is_clean());
    }

    #[test]
    fn a_rate_ten_times_its_target_is_held() {
        let target = value("6.5", "");
        let ctx = Context {
            target: Some(&target),
            ..Default::default()
        };
        let e = value("65", "");
        assert_eq!(
            checks(&run("65", &e, &growth(), Slot::Actual, &ctx)),
            ["magnitude_target"]
        );
        let e = value("8", "");
        assert!(run("8", &e, &growth(), Slot::Actual, &ctx).is_clean());
    }

    #[test]
    fn notes_have_a_length_limit() {
        assert!(check_text_length("说明", "note", &"字".repeat(2000)).is_none());
        let f = check_text_length("说明", "note", &"字".repeat(20_000)).unwrap();
        assert_eq!(f.severity, Severity::Refused);
        assert!(f.message.zh.contains("20000"));
    }
}
