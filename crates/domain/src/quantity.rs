//! Exact quantities with units, as written in plan documents.
//!
//! A quantity keeps its value as a [`Decimal`] and its unit as written ("亿元", "万人", "%"),
//! so that `3.5万人` stays `3.5` in `万人`. [`Quantity::in_unit`] converts between units that
//! differ only by a Chinese scale prefix (万, 亿, 万亿), which is what comparing a reported
//! figure against an indicator's unit needs.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A number with the unit it was written in. The unit is empty for a bare number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quantity {
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// Unit as written, normalised to half-width ("%", "亿元", "万人", "个百分点"); "" when none.
    pub unit: String,
}

impl Quantity {
    pub fn new(value: Decimal, unit: impl Into<String>) -> Self {
        Quantity {
            value,
            unit: unit.into(),
        }
    }

    /// A unitless number.
    pub fn bare(value: Decimal) -> Self {
        Quantity::new(value, "")
    }

    /// The value expressed in `unit`, when the two units are the same or differ only by a
    /// scale prefix (万/亿/万亿/千). A bare number is taken to be in any unit (tables give the
    /// unit in the indicator name and the cell holds only the number). `%` and `个百分点` are
    /// interchangeable when comparing a rate with a rate target.
    pub fn in_unit(&self, unit: &str) -> Option<Decimal> {
        if self.unit.is_empty() || unit.is_empty() || self.unit == unit {
            return Some(self.value);
        }
        if is_percent_like(&self.unit) && is_percent_like(unit) {
            return Some(self.value);
        }
        let (from_scale, from_base) = split_scale(&self.unit);
        let (to_scale, to_base) = split_scale(unit);
        if from_base != to_base {
            return None;
        }
        let scaled = self.value.checked_mul(from_scale)?;
        scaled.checked_div(to_scale)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.value.normalize(), self.unit)
    }
}

fn is_percent_like(unit: &str) -> bool {
    matches!(unit, "%" | "个百分点" | "百分点")
}

/// Splits a unit into its scale factor and base: "万亿元" → (10¹², "元"), "万人" → (10⁴, "人").
pub fn split_scale(unit: &str) -> (Decimal, &str) {
    const SCALES: [(&str, i64); 5] = [
        ("万亿", 1_000_000_000_000),
        ("亿", 100_000_000),
        ("千万", 10_000_000),
        ("万", 10_000),
        ("千", 1_000),
    ];
    for (prefix, factor) in SCALES {
        if let Some(base) = unit.strip_prefix(prefix)
            && !base.is_empty()
            // 万平方米 is a scaled 平方米; but 千克/千米 are units of their own.
            && !matches!(base, "克" | "米" | "瓦" | "瓦时")
        {
            return (Decimal::from(factor), base);
        }
    }
    (Decimal::ONE, unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn converts_between_scale_prefixes() {
        let q = Quantity::new(d("1.97"), "万亿元");
        assert_eq!(q.in_unit("亿元"), Some(d("19700")));
        let q = Quantity::new(d("55000"), "人");
        assert_eq!(q.in_unit("万人"), Some(d("5.5")));
    }

    #[test]
    fn refuses_unrelated_units() {
        let q = Quantity::new(d("2"), "亿美元");
        assert_eq!(q.in_unit("亿元"), None);
        assert_eq!(Quantity::new(d("3"), "个").in_unit("天"), None);
    }

    #[test]
    fn bare_numbers_fit_any_unit() {
        assert_eq!(Quantity::bare(d("6.7")).in_unit("%"), Some(d("6.7")));
    }
}
