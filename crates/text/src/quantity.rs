//! Quantities: a number and the unit written after it.
//!
//! The unit is kept as written, scale word included: `3.5万人` is 3.5 in `万人`, `1744亿元` is 1744
//! in `亿元`. [`Quantity::in_unit`](planwatch_domain::Quantity::in_unit) converts later, when
//! a figure meets an indicator's unit. A scale word with no unit after it has nothing to attach to,
//! so it is folded into the value: a bare `1.5万` is 15000 with no unit.

use crate::error::TextError;
use crate::normalize::{Words, compact, longest_at};
use crate::number::{Num, NumError, Scale, lex_number, scale_at};
use crate::units::is_unit_char;
use planwatch_domain::Quantity;
use rust_decimal::Decimal;
use std::sync::LazyLock;

/// A quantity as read, before the scale word is attached to the value or the unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawQty {
    /// Signed value without the scale word.
    pub value: Decimal,
    pub scale: Option<Scale>,
    /// Unit text after the scale word ("元" in `1744亿元`); empty when none.
    pub unit: String,
    /// `余`/`多` written inside the quantity: `1.5万余次`, `30余万人`, `4000多家`.
    pub more_than: bool,
    /// Index just past the quantity.
    pub end: usize,
}

impl RawQty {
    /// Attaches the scale word to the unit, or folds it into the value when there is no unit.
    pub(crate) fn into_quantity(self) -> Result<Quantity, NumError> {
        match self.scale {
            Some(s) if self.unit.is_empty() => {
                let num = Num {
                    value: self.value,
                    scale: Some(s),
                    unit: None,
                    end: self.end,
                };
                Ok(Quantity::bare(num.folded()?))
            }
            Some(s) => Ok(Quantity::new(
                self.value,
                format!("{}{}", s.word, self.unit),
            )),
            None => Ok(Quantity::new(self.value, self.unit)),
        }
    }
}

/// Words that end a unit: qualifiers after it (`以上`, `左右`), connectives, and the verbs of a
/// following clause. No unit contains them.
const UNIT_STOPS_LIST: &[(&str, ())] = &[
    ("以上", ()),
    ("以下", ()),
    ("以内", ()),
    ("之内", ()),
    ("左右", ()),
    ("上下", ()),
    ("有余", ()),
    ("余", ()),
    ("多", ()),
    ("之间", ()),
    ("分之", ()),
    ("及", ()),
    ("至", ()),
    ("到", ()),
    ("的", ()),
    ("和", ()),
    ("与", ()),
    ("或", ()),
    ("占", ()),
    ("同比", ()),
    ("增长", ()),
    ("下降", ()),
    ("比上年", ()),
    ("较上年", ()),
    ("其中", ()),
];
static UNIT_STOPS: LazyLock<Words<()>> = LazyLock::new(|| Words::new(UNIT_STOPS_LIST));

fn more_at(cs: &[char], i: usize) -> bool {
    matches!(cs.get(i), Some('余') | Some('多'))
}

/// Reads a quantity starting exactly at `cs[i..]`: a number, an optional `余`/`多`, an optional
/// scale word and a unit. `Ok(None)` when no number starts there.
pub(crate) fn lex_quantity(cs: &[char], i: usize) -> Result<Option<RawQty>, NumError> {
    let Some(num) = lex_number(cs, i)? else {
        return Ok(None);
    };
    let mut k = num.end;
    if let Some(unit) = num.unit {
        return Ok(Some(RawQty {
            value: num.value,
            scale: None,
            unit: unit.to_string(),
            more_than: false,
            end: k,
        }));
    }
    let mut scale = num.scale;
    let mut more_than = false;
    if more_at(cs, k) {
        more_than = true;
        k += 1;
    }
    // 30余万人: the scale word may come after 余.
    if scale.is_none()
        && let Some(s) = scale_at(cs, k)
    {
        scale = Some(s);
        k += s.len();
    }
    // 1.5万余次: or 余 may come after the scale word.
    if !more_than && scale.is_some() && more_at(cs, k) {
        more_than = true;
        k += 1;
    }
    let start = k;
    let unit = match cs.get(k) {
        Some(&c @ ('%' | '‰')) => {
            k += 1;
            c.to_string()
        }
        _ => {
            // A letter starts an ASCII unit word (km, μg/m3) in which digits may follow.
            let mut in_ascii_word = false;
            while let Some(&c) = cs.get(k) {
                let fits = if is_unit_char(c) {
                    longest_at(cs, k, &UNIT_STOPS).is_none()
                } else if c.is_ascii_digit() {
                    in_ascii_word
                } else {
                    // 元/人: a slash inside a unit, followed by more unit.
                    c == '/' && k > start && cs.get(k + 1).is_some_and(|&n| is_unit_char(n))
                };
                if !fits {
                    break;
                }
                in_ascii_word = c.is_ascii_alphanumeric() || (in_ascii_word && c == '/');
                k += 1;
            }
            // A lone scale word is not a unit (5万万): leave it to be reported as leftover.
            if cs[start..k]
                .iter()
                .all(|c| matches!(c, '万' | '亿' | '千' | '百' | '十'))
            {
                k = start;
            }
            cs[start..k].iter().collect()
        }
    };
    Ok(Some(RawQty {
        value: num.value,
        scale,
        unit,
        more_than,
        end: k,
    }))
}

/// Reads a whole text as one exact quantity: `1744亿元`, `3.5万人`, `5%`, `5％`, `百分之五`,
/// `0.6个百分点`, `3,500万元`, `两万人`. The unit is kept as written (normalised to half-width),
/// scale word included; a scale word with no unit is folded into the value (`1.5万` → 15000).
/// Qualified figures (`约9.3亿元`, `6.5以上`, `1.5万余次`) are expressions: see
/// [`parse_expr`](crate::parse_expr).
///
/// ```
/// use planwatch_text::parse_quantity;
/// let q = parse_quantity("3.5万人").unwrap();
/// assert_eq!((q.value.to_string(), q.unit.as_str()), ("3.5".to_string(), "万人"));
/// let q = parse_quantity("1.5万").unwrap();
/// assert_eq!((q.value.to_string(), q.unit.as_str()), ("15000".to_string(), ""));
/// ```
pub fn parse_quantity(text: &str) -> Result<Quantity, TextError> {
    const EXPECTED: &str = "a quantity (a number and its unit)";
    let cs = compact(text);
    if cs.is_empty() {
        return Err(TextError::Empty { expected: EXPECTED });
    }
    let shown = text.trim();
    let unexpected = |from: usize, expected: &'static str| TextError::Unexpected {
        text: shown.to_string(),
        found: cs[from..].iter().collect(),
        expected,
    };
    let raw = match lex_quantity(&cs, 0) {
        Ok(Some(q)) => q,
        Ok(None) => return Err(unexpected(0, EXPECTED)),
        Err(e) => return Err(e.into_text_error(shown)),
    };
    if raw.end < cs.len() {
        return Err(unexpected(raw.end, EXPECTED));
    }
    if raw.more_than {
        return Err(unexpected(
            0,
            "an exact quantity (余/多 make it approximate; parse_expr reads those)",
        ));
    }
    raw.into_quantity().map_err(|e| e.into_text_error(shown))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn q(v: &str, unit: &str) -> Quantity {
        Quantity::new(Decimal::from_str(v).unwrap(), unit)
    }

    #[test]
    fn reads_quantities_with_units_as_written() {
        let cases = [
            ("1744亿元", q("1744", "亿元")),
            ("3.5万人", q("3.5", "万人")),
            ("1.97万亿元", q("1.97", "万亿元")),
            ("3,500万元", q("3500", "万元")),
            ("7.2万美元", q("7.2", "万美元")),
            ("69.05亿美元", q("69.05", "亿美元")),
            ("5.5万", q("55000", "")),
            ("1.5万", q("15000", "")),
            ("1.2亿", q("120000000", "")),
            ("5%", q("5", "%")),
            ("５％", q("5", "%")),
            ("百分之五", q("5", "%")),
            ("百分之五点五", q("5.5", "%")),
            ("千分之二", q("2", "‰")),
            ("0.6个百分点", q("0.6", "个百分点")),
            ("3个百分点", q("3", "个百分点")),
            ("16622标箱", q("16622", "标箱")),
            ("63.5万平方米", q("63.5", "万平方米")),
            ("26.6万辆", q("26.6", "万辆")),
            ("两万人", q("2", "万人")),
            ("十二万五千人", q("125000", "人")),
            ("三千五百万元", q("3500", "万元")),
            ("289天", q("289", "天")),
            ("-2.3", q("-2.3", "")),
            ("负2.3%", q("-2.3", "%")),
            ("1/2", q("0.5", "")),
            ("32μg/m3", q("32", "μg/m3")),
            ("2.5万元/人", q("2.5", "万元/人")),
            ("1.5倍", q("1.5", "倍")),
            ("15万家次", q("15", "万家次")),
            ("5千米", q("5", "千米")),
            ("8958万元", q("8958", "万元")),
            ("3 500", q("3500", "")),
        ];
        for (text, want) in cases {
            assert_eq!(parse_quantity(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn reads_more_than_inside_quantities() {
        let cs = compact("30余万人");
        let r = lex_quantity(&cs, 0).unwrap().unwrap();
        assert!(r.more_than);
        assert_eq!(r.into_quantity().unwrap(), q("30", "万人"));
        let cs = compact("1.5万余次");
        let r = lex_quantity(&cs, 0).unwrap().unwrap();
        assert!(r.more_than);
        assert_eq!(r.into_quantity().unwrap(), q("1.5", "万次"));
        let cs = compact("310天以上");
        let r = lex_quantity(&cs, 0).unwrap().unwrap();
        assert_eq!((r.unit.as_str(), r.end), ("天", 4));
    }

    #[test]
    fn refuses_what_is_not_one_quantity() {
        for text in [
            "",
            "以上",
            "约5",
            "6.5以上",
            "1.5万余次",
            "5-6",
            "亿元",
            "abc",
            "710亿元的89.4%",
        ] {
            assert!(parse_quantity(text).is_err(), "{text}");
        }
        let err = parse_quantity("6.5以上").unwrap_err();
        assert!(err.to_string().contains("以上"), "{err}");
    }
}
