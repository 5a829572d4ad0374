//! The judging rules, in plain words, and how to change them.
//!
//! There is no national rule for "基本完成" (basically met) or "超额完成" (exceeded): every
//! district decides. planwatch therefore makes each margin an explicit setting, with the
//! defaults below, readable from a TOML file (`planwatch rules` prints [`Rules::default_toml`]).
//!
//! ## Margins (higher-is-better; lower-is-better is the mirror image)
//! Rates, shares and intensities (anything in %) are compared in **percentage points**; levels
//! (亿元, 万人, 天, 个) are compared as a **proportion of the target**.
//!
//! | status | rates, shares, intensities | levels |
//! |---|---|---|
//! | 超额完成 exceeded | at least `exceeded.rate_points` (1.0) points above the target | at least `exceeded.level_ratio` (105%) of the target |
//! | 完成 met | at or above the target | at or above the target |
//! | 基本完成 basically met | short by at most `basically_met.rate_points` (0.5) points | at least `basically_met.level_ratio` (95%) of the target |
//! | 未完成 below | anything less | anything less |
//!
//! For a lower-is-better indicator (a ceiling such as `≤0.021`), "above" becomes "below":
//! exceeded means at least 1.0 point (or 5%) under the ceiling, basically met means over it by
//! at most 0.5 point (or 5%).
//!
//! - **Binding indicators** (约束性, marked `*`) are judged strictly when
//!   `basically_met.binding_strict` is true (the default): met or below, never basically met.
//! - **Approximate targets** (`左右`, `约`): a figure within `approx.rate_points` (0.5 point)
//!   or `approx.level_fraction` (2%) of the target on the short side still counts as met.
//!   Basically met is still measured from the target figure itself, so with the defaults a
//!   rate target "6%左右" is met from 5.5 and has no basically-met band.
//! - **Ranges** (`5-6`): met from the near end of the range, exceeded measured from the far end.
//! - **Relative targets** (`与经济增长同步`): compared with the actual of the referenced indicator,
//!   found by name or through `relative.aliases`; "in step" allows `relative.in_step_points`
//!   (0.5 point) of shortfall.
//!
//! A documented choice: a margin of 1.0 point means `单位地区生产总值能耗下降` with target 2.5 and
//! actual 2.97 (0.47 point better) is *met*, not exceeded.
//!
//! ## Direction
//! Whether a larger figure is better is decided, first match wins, by:
//! 1. the indicator definition's own `direction`;
//! 2. `[direction.overrides]` in the rules file, by indicator name;
//! 3. the target's wording: `≤`, `以内`, `不超过` mean lower is better, `≥`, `以上` higher;
//! 4. the name: a name ending in one of `direction.decrease_suffixes` (`…下降`) is a decrease
//!    where a larger figure is better; a name containing one of `direction.lower_is_better`
//!    (死亡率, 失业率, PM2.5, 浓度, 事故, 能耗 …) is lower-is-better;
//! 5. otherwise higher is better.
//!
//! Every judgement records which of these decided ([`crate::judge::DirectionBasis`]).

use crate::indicator::Direction;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Errors reading a rules file. Each names the field and the offending text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    /// The text is not valid TOML at all (the message carries line and column).
    #[error("rules TOML is invalid: {0}")]
    Toml(String),
    /// A field has a value of the wrong type, out of range, or is not a known field.
    #[error("{}", field_message(.field, .value, .reason, *.line))]
    Field {
        /// Dotted path of the field: `basically_met.rate_points`.
        field: String,
        /// The offending text as written in the file (or as the value reads, for
        /// rules built in code).
        value: String,
        /// What is wrong with it.
        reason: String,
        /// 1-based line in the file, when known.
        line: Option<usize>,
    },
}

fn field_message(field: &str, value: &str, reason: &str, line: Option<usize>) -> String {
    match line {
        Some(l) => format!("rules line {l}: `{field}` = {value}: {reason}"),
        None => format!("rules: `{field}` = {value}: {reason}"),
    }
}

/// The judging rules. `Rules::default()` is the documented default set; see the module docs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// When a shortfall still counts as 基本完成.
    pub basically_met: BasicallyMetRules,
    /// When a result counts as 超额完成.
    pub exceeded: ExceededRules,
    /// Room given by approximate targets.
    pub approx: ApproxRules,
    /// How direction is inferred, and overrides.
    pub direction: DirectionRules,
    /// Targets relative to another indicator.
    pub relative: RelativeRules,
    /// The soft limits of entered figures (see [`crate::plausibility`]).
    pub plausibility: PlausibilityRules,
    /// When each indicator's figures are due (see [`crate::calendar`]).
    pub calendar: crate::calendar::CalendarRules,
}

/// When a shortfall still counts as 基本完成.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BasicallyMetRules {
    /// Largest shortfall, in percentage points, for rates, shares and intensities. Default 0.5.
    #[serde(deserialize_with = "decimal")]
    pub rate_points: Decimal,
    /// Smallest fraction of the target for levels. Default 0.95 (95%).
    #[serde(deserialize_with = "decimal")]
    pub level_ratio: Decimal,
    /// Binding (约束性) indicators get no basically-met: met or below. Default true.
    pub binding_strict: bool,
}

impl Default for BasicallyMetRules {
    fn default() -> Self {
        BasicallyMetRules {
            rate_points: Decimal::new(5, 1),
            level_ratio: Decimal::new(95, 2),
            binding_strict: true,
        }
    }
}

/// When a result counts as 超额完成.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExceededRules {
    /// Smallest margin beyond the target, in percentage points, for rates. Default 1.0.
    #[serde(deserialize_with = "decimal")]
    pub rate_points: Decimal,
    /// Smallest multiple of the target for levels. Default 1.05 (105%); for lower-is-better
    /// levels the mirror, at most 95% of the ceiling.
    #[serde(deserialize_with = "decimal")]
    pub level_ratio: Decimal,
}

impl Default for ExceededRules {
    fn default() -> Self {
        ExceededRules {
            rate_points: Decimal::ONE,
            level_ratio: Decimal::new(105, 2),
        }
    }
}

/// How much room an approximate target (`左右`, `约`, `近`) gives on the short side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApproxRules {
    /// Percentage points for rates, shares and intensities. Default 0.5.
    #[serde(deserialize_with = "decimal")]
    pub rate_points: Decimal,
    /// Fraction of the target for levels. Default 0.02 (±2%).
    #[serde(deserialize_with = "decimal")]
    pub level_fraction: Decimal,
}

impl Default for ApproxRules {
    fn default() -> Self {
        ApproxRules {
            rate_points: Decimal::new(5, 1),
            level_fraction: Decimal::new(2, 2),
        }
    }
}

/// How the direction (higher- or lower-is-better) of an indicator is inferred.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DirectionRules {
    /// Name fragments that mean lower is better (matched after folding full-width letters and
    /// case): 死亡率, 失业率, PM2.5, 浓度, 事故, 能耗, …
    pub lower_is_better: Vec<String>,
    /// Name endings that mark a decrease where a larger figure is better (…下降, …降低). They
    /// win over `lower_is_better`, so 单位地区生产总值能耗下降 is higher-is-better.
    pub decrease_suffixes: Vec<String>,
    /// Direction per indicator name, winning over every inference.
    pub overrides: BTreeMap<String, Direction>,
}

impl Default for DirectionRules {
    fn default() -> Self {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_string()).collect();
        DirectionRules {
            lower_is_better: s(&[
                "死亡率",
                "死亡人数",
                "失业率",
                "失业人数",
                "PM2.5",
                "PM10",
                "浓度",
                "事故",
                "能耗",
                "排放",
                "发病率",
                "负债率",
                "不良贷款率",
                "空置率",
            ]),
            decrease_suffixes: s(&["下降", "下降率", "降低", "降低率", "减少", "降幅"]),
            overrides: BTreeMap::new(),
        }
    }
}

/// Targets relative to another indicator (`与经济增长同步`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RelativeRules {
    /// Shortfall, in percentage points, still "in step". Default 0.5.
    #[serde(deserialize_with = "decimal")]
    pub in_step_points: Decimal,
    /// What a reference phrase means: `经济增长` → `地区生产总值增速`. Tried in order after an
    /// exact name match.
    pub aliases: BTreeMap<String, Vec<String>>,
}

impl Default for RelativeRules {
    fn default() -> Self {
        let gdp = vec!["地区生产总值增速".to_string(), "GDP增速".to_string()];
        let mut aliases = BTreeMap::new();
        for k in ["经济增长", "经济增速", "经济发展", "地区生产总值", "GDP"] {
            aliases.insert(k.to_string(), gdp.clone());
        }
        RelativeRules {
            in_step_points: Decimal::new(5, 1),
            aliases,
        }
    }
}

/// When an entered figure is held until a reason is given (see [`crate::plausibility`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlausibilityRules {
    /// A rate (growth, share, intensity) moving by more than this many percentage points
    /// against the month before or last year's actual. Default 10.
    #[serde(deserialize_with = "decimal")]
    pub rate_jump_points: Decimal,
    /// A level more than this many times last year's actual (or, for the annual actual, less
    /// than its inverse). Default 2.
    #[serde(deserialize_with = "decimal")]
    pub level_jump_factor: Decimal,
    /// A figure this many times the target or more (or, for the annual actual of a level, this
    /// many times less): an order-of-magnitude slip. Default 10.
    #[serde(deserialize_with = "decimal")]
    pub magnitude_factor: Decimal,
}

impl Default for PlausibilityRules {
    fn default() -> Self {
        PlausibilityRules {
            rate_jump_points: Decimal::from(10),
            level_jump_factor: Decimal::TWO,
            magnitude_factor: Decimal::TEN,
        }
    }
}

/// Accepts a TOML number (`0.5`, `1`) or a numeric string (`"0.5"`) as an exact decimal.
fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = Decimal;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number such as 0.5")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
            // Through the shortest decimal text, so 0.95 stays 0.95 rather than its binary neighbour.
            v.to_string()
                .parse()
                .map_err(|_| E::custom(format!("{v} is not a usable number")))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
            v.trim()
                .parse()
                .map_err(|_| E::custom(format!("expected a number such as 0.5, found \"{v}\"")))
        }
    }
    d.deserialize_any(V)
}

impl Rules {
    /// Reads rules from TOML. Missing fields take their defaults; unknown fields, wrong types
    /// and out-of-range values are errors naming the field and the offending text.
    pub fn from_toml_str(text: &str) -> Result<Self, RulesError> {
        // Parse once into a spanned tree so errors can be traced back to a dotted field path.
        let tree = DeTable::parse(text).map_err(|e| RulesError::Toml(e.to_string()))?;
        let rules: Rules = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                let reason = e.message().trim().to_string();
                let located = e
                    .span()
                    .and_then(|span| locate_by_offset(tree.get_ref(), span.start, text));
                return Err(match located {
                    Some((field, value_span)) => RulesError::Field {
                        field,
                        value: snippet(text, &value_span),
                        reason,
                        line: Some(line_of(text, value_span.start)),
                    },
                    None => RulesError::Toml(e.to_string()),
                });
            }
        };
        rules.validate().map_err(|mut err| {
            // Point at the line and the text as written, when the field is in the file.
            if let RulesError::Field {
                field, value, line, ..
            } = &mut err
                && let Some(span) = locate_by_path(tree.get_ref(), field)
            {
                *value = snippet(text, &span);
                *line = Some(line_of(text, span.start));
            }
            err
        })?;
        Ok(rules)
    }

    /// Checks ranges that types cannot express: margins not negative, ratios on the right side
    /// of 1, pattern lists without empty strings.
    pub fn validate(&self) -> Result<(), RulesError> {
        let bad = |field: &str, value: String, reason: &str| RulesError::Field {
            field: field.to_string(),
            value,
            reason: reason.to_string(),
            line: None,
        };
        let non_negative = [
            ("basically_met.rate_points", self.basically_met.rate_points),
            ("exceeded.rate_points", self.exceeded.rate_points),
            ("approx.rate_points", self.approx.rate_points),
            ("relative.in_step_points", self.relative.in_step_points),
            (
                "plausibility.rate_jump_points",
                self.plausibility.rate_jump_points,
            ),
        ];
        for (field, v) in non_negative {
            if v.is_sign_negative() && !v.is_zero() {
                return Err(bad(field, v.to_string(), "must not be negative"));
            }
        }
        let r = self.basically_met.level_ratio;
        if r <= Decimal::ZERO || r > Decimal::ONE {
            return Err(bad(
                "basically_met.level_ratio",
                r.to_string(),
                "must be above 0 and at most 1 (0.95 means at least 95% of the target)",
            ));
        }
        let r = self.exceeded.level_ratio;
        if r < Decimal::ONE || r >= Decimal::TWO {
            return Err(bad(
                "exceeded.level_ratio",
                r.to_string(),
                "must be at least 1 and below 2 (1.05 means at least 105% of the target)",
            ));
        }
        let f = self.approx.level_fraction;
        if f.is_sign_negative() && !f.is_zero() || f >= Decimal::ONE {
            return Err(bad(
                "approx.level_fraction",
                f.to_string(),
                "must be at least 0 and below 1 (0.02 means within 2% of the target)",
            ));
        }
        let factors = [
            (
                "plausibility.level_jump_factor",
                self.plausibility.level_jump_factor,
            ),
            (
                "plausibility.magnitude_factor",
                self.plausibility.magnitude_factor,
            ),
        ];
        for (field, f) in factors {
            if f <= Decimal::ONE {
                return Err(bad(
                    field,
                    f.to_string(),
                    "must be above 1 (2 means twice or half)",
                ));
            }
        }
        if let Err(reason) = self.calendar.validate() {
            let (field, rest) = reason
                .split_once(" = ")
                .unwrap_or(("calendar", reason.as_str()));
            let (value, why) = rest.split_once(": ").unwrap_or((rest, ""));
            return Err(bad(field, value.to_string(), why));
        }
        let lists = [
            ("direction.lower_is_better", &self.direction.lower_is_better),
            (
                "direction.decrease_suffixes",
                &self.direction.decrease_suffixes,
            ),
        ];
        for (field, list) in lists {
            if list.iter().any(|p| p.trim().is_empty()) {
                return Err(bad(
                    field,
                    format!("{list:?}"),
                    "patterns must not be empty",
                ));
            }
        }
        Ok(())
    }

    /// The default rules as a commented TOML file, ready to copy and edit.
    pub fn default_toml() -> &'static str {
        DEFAULT_TOML
    }
}

const DEFAULT_TOML: &str = r#"# planwatch judging rules (the defaults).
# Rates, shares and intensities (in %) are compared in percentage points;
# levels (亿元, 万人, 天, 个) as a proportion of the target.
# Lower-is-better indicators use the mirror image of every margin.

[basically_met]
# 基本完成: short of the target by at most this many percentage points (rates).
rate_points = 0.5
# 基本完成: at least this fraction of the target (levels); 0.95 = 95%.
level_ratio = 0.95
# Binding indicators (约束性, marked *) are met or below, never basically met.
binding_strict = true

[exceeded]
# 超额完成: at least this many percentage points beyond the target (rates).
rate_points = 1.0
# 超额完成: at least this multiple of the target (levels); 1.05 = 105%.
level_ratio = 1.05

[approx]
# A target written 左右/约/近 is met within this many points on the short side (rates) ...
rate_points = 0.5
# ... or within this fraction of the target (levels); 0.02 = 2%.
level_fraction = 0.02

[direction]
# Name fragments meaning lower is better.
lower_is_better = ["死亡率", "死亡人数", "失业率", "失业人数", "PM2.5", "PM10", "浓度", "事故", "能耗", "排放", "发病率", "负债率", "不良贷款率", "空置率"]
# Name endings meaning a decrease where a larger figure is better (they win over the list above).
decrease_suffixes = ["下降", "下降率", "降低", "降低率", "减少", "降幅"]

# Direction by indicator name, winning over every inference:
# "城镇调查失业率" = "lower_is_better"
[direction.overrides]

[relative]
# "与经济增长同步": in step when at most this many points behind the referenced indicator.
in_step_points = 0.5

# What a reference phrase in a relative target means, tried after an exact name match.
[relative.aliases]
"经济增长" = ["地区生产总值增速", "GDP增速"]
"经济增速" = ["地区生产总值增速", "GDP增速"]
"经济发展" = ["地区生产总值增速", "GDP增速"]
"地区生产总值" = ["地区生产总值增速", "GDP增速"]
"GDP" = ["地区生产总值增速", "GDP增速"]

# Entered figures that look like slips are held until a reason is given.
[plausibility]
# A rate moving by more than this many points against last month or last year's actual.
rate_jump_points = 10
# A level more than this many times last year's actual (or, for the year, this many times less).
level_jump_factor = 2
# A figure this many times the target (or less): an order-of-magnitude slip.
magnitude_factor = 10

# When figures are due: monthly figures (1-m月) on due_day of the next month; quarterly ones
# for months 3, 6, 9, 12; annual ones (the year's actual) on annual_due_month/annual_due_day
# of the next year.
[calendar]
frequency = "monthly"
due_day = 10
annual_due_month = 2
annual_due_day = 20

# Per indicator:
# [calendar.indicators."城镇调查失业率"]
# frequency = "quarterly"
# due_day = 15
[calendar.indicators]
"#;

fn snippet(text: &str, span: &Range<usize>) -> String {
    let s = text.get(span.clone()).unwrap_or("").trim();
    // Keep messages one line: a whole table or long array is cut at its first line.
    let first = s.lines().next().unwrap_or("");
    if first.len() < s.len() {
        format!("{first} …")
    } else {
        first.to_string()
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Finds the dotted path of the innermost entry whose key or value contains `pos`, with the
/// span to quote: the value for a leaf, the key for a table (e.g. a misspelt section name).
fn locate_by_offset(table: &DeTable<'_>, pos: usize, text: &str) -> Option<(String, Range<usize>)> {
    for (key, value) in table.iter() {
        let name = quote_key(key.get_ref());
        if let Some((path, span)) = locate_in_value(value, pos, text) {
            return Some((join_path(&name, &path), span));
        }
        let (ks, vs) = (key.span(), value.span());
        if ks.contains(&pos) || vs.contains(&pos) {
            let span = if value.get_ref().is_table() { ks } else { vs };
            return Some((name, span));
        }
    }
    None
}

fn locate_in_value(
    value: &Spanned<DeValue<'_>>,
    pos: usize,
    text: &str,
) -> Option<(String, Range<usize>)> {
    match value.get_ref() {
        DeValue::Table(t) => locate_by_offset(t, pos, text),
        DeValue::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            if let Some((path, span)) = locate_in_value(item, pos, text) {
                return Some((join_path(&format!("[{i}]"), &path), span));
            }
            item.span()
                .contains(&pos)
                .then(|| (format!("[{i}]"), item.span()))
        }),
        _ => None,
    }
}

fn join_path(head: &str, rest: &str) -> String {
    if rest.is_empty() {
        head.to_string()
    } else if rest.starts_with('[') {
        format!("{head}{rest}")
    } else {
        format!("{head}.{rest}")
    }
}

/// Bare keys stay bare; others (Chinese indicator names) are quoted as TOML would write them.
fn quote_key(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_string()
    } else {
        format!("\"{key}\"")
    }
}

/// The span of the value at a dotted path of bare keys (what [`Rules::validate`] reports).
fn locate_by_path(table: &DeTable<'_>, path: &str) -> Option<Range<usize>> {
    let mut parts = path.split('.');
    let first = parts.next()?;
    let mut current = table.get(first)?;
    for part in parts {
        current = current.get_ref().as_table()?.get(part)?;
    }
    Some(current.span())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_toml_parses_back_into_the_defaults() {
        let parsed = Rules::from_toml_str(Rules::default_toml()).expect("default TOML parses");
        assert_eq!(parsed, Rules::default());
    }

    #[test]
    fn defaults_are_valid() {
        assert!(Rules::default().validate().is_ok());
    }

    #[test]
    fn empty_file_means_defaults() {
        assert_eq!(Rules::from_toml_str("").ok(), Some(Rules::default()));
    }

    #[test]
    fn partial_file_keeps_other_defaults() {
        let r = Rules::from_toml_str("[basically_met]\nrate_points = 1\n").expect("parses");
        assert_eq!(r.basically_met.rate_points, Decimal::ONE);
        assert_eq!(r.basically_met.level_ratio, Decimal::new(95, 2));
        assert_eq!(r.exceeded, ExceededRules::default());
    }

    #[test]
    fn numbers_are_exact_and_strings_are_accepted() {
        let r = Rules::from_toml_str("[basically_met]\nlevel_ratio = 0.97\nrate_points = \"0.3\"")
            .expect("parses");
        assert_eq!(r.basically_met.level_ratio, Decimal::new(97, 2));
        assert_eq!(r.basically_met.rate_points, Decimal::new(3, 1));
    }

    #[test]
    fn wrong_value_names_field_and_text() {
        let err = Rules::from_toml_str("[basically_met]\nrate_points = \"abc\"\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("basically_met.rate_points"), "{msg}");
        assert!(msg.contains("\"abc\""), "{msg}");
        assert!(msg.contains("line 2"), "{msg}");
        match err {
            RulesError::Field { field, value, .. } => {
                assert_eq!(field, "basically_met.rate_points");
                assert_eq!(value, "\"abc\"");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn wrong_type_in_inline_and_dotted_forms() {
        let err = Rules::from_toml_str("exceeded = { level_ratio = true }").unwrap_err();
        assert!(err.to_string().contains("exceeded.level_ratio"), "{err}");
        let err = Rules::from_toml_str("approx.rate_points = [1]").unwrap_err();
        assert!(err.to_string().contains("approx.rate_points"), "{err}");
    }

    #[test]
    fn unknown_field_is_named() {
        let err = Rules::from_toml_str("[basically_met]\nrate_pionts = 0.5\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("basically_met.rate_pionts"), "{msg}");
        let err = Rules::from_toml_str("[basicaly_met]\nrate_points = 0.5\n").unwrap_err();
        assert!(err.to_string().contains("basicaly_met"), "{err}");
    }

    #[test]
    fn bad_override_direction_is_named() {
        let text = "[direction.overrides]\n\"城镇调查失业率\" = \"lower\"\n";
        let err = Rules::from_toml_str(text).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("direction.overrides.\"城镇调查失业率\""),
            "{msg}"
        );
        assert!(msg.contains("\"lower\""), "{msg}");
    }

    #[test]
    fn override_is_read() {
        let text = "[direction.overrides]\n\"城镇调查失业率\" = \"lower_is_better\"\n";
        let r = Rules::from_toml_str(text).expect("parses");
        assert_eq!(
            r.direction.overrides.get("城镇调查失业率"),
            Some(&Direction::LowerIsBetter)
        );
    }

    #[test]
    fn out_of_range_values_are_named_with_their_line() {
        let err = Rules::from_toml_str("[exceeded]\n\nlevel_ratio = 0.9\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("exceeded.level_ratio"), "{msg}");
        assert!(msg.contains("0.9"), "{msg}");
        assert!(msg.contains("line 3"), "{msg}");
        let err = Rules::from_toml_str("[basically_met]\nrate_points = -1\n").unwrap_err();
        assert!(
            err.to_string().contains("basically_met.rate_points"),
            "{err}"
        );
        let err = Rules::from_toml_str("[direction]\nlower_is_better = [\"\"]\n").unwrap_err();
        assert!(
            err.to_string().contains("direction.lower_is_better"),
            "{err}"
        );
    }

    #[test]
    fn syntax_error_is_reported_with_position() {
        let err = Rules::from_toml_str("[basically_met\nrate_points = 1").unwrap_err();
        assert!(matches!(err, RulesError::Toml(_)));
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn rules_round_trip_through_toml_serialisation() {
        let text = toml::to_string(&Rules::default()).expect("serialises");
        assert_eq!(Rules::from_toml_str(&text).ok(), Some(Rules::default()));
    }
}
