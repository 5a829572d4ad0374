//! Numbers as plan documents write them.
//!
//! Arabic digits with optional thousands separators and decimals (`3,500`, `6.7`), signs (`-2.3`,
//! `负2.3`), fractions (`1/2`, `二分之一`), percent words (`百分之五`), Chinese numerals in everyday
//! and financial characters (`一千二百`, `两万`, `三点五`, `壹佰贰拾叁`, `二〇二三`), and a trailing
//! scale word (`1.2亿`, `5.5万`, `1.97万亿`).
//!
//! The lexer reports a trailing scale word separately instead of folding it in, because whether
//! `万` belongs to the value or to the unit depends on what follows: `3.5万人` is 3.5 in 万人, while
//! a bare `1.5万` is 15000. That decision is made by the quantity reader.

use crate::error::TextError;
use crate::normalize::{compact, starts_at};
use rust_decimal::Decimal;

/// Failures that make a number unreadable even though it is clearly a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumError {
    Overflow,
    DivisionByZero,
}

impl NumError {
    pub(crate) fn into_text_error(self, text: &str) -> TextError {
        match self {
            NumError::Overflow => TextError::OutOfRange {
                text: text.to_string(),
            },
            NumError::DivisionByZero => TextError::DivisionByZero {
                text: text.to_string(),
            },
        }
    }
}

/// A Chinese scale word written after a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scale {
    pub word: &'static str,
    pub factor: i64,
}

impl Scale {
    pub(crate) fn factor(self) -> Decimal {
        Decimal::from(self.factor)
    }
    pub(crate) fn len(self) -> usize {
        self.word.chars().count()
    }
}

/// Longest first, so that `万亿` is not read as `万` and `千万` not as `千`.
pub(crate) const SCALES: [Scale; 5] = [
    Scale {
        word: "万亿",
        factor: 1_000_000_000_000,
    },
    Scale {
        word: "千万",
        factor: 10_000_000,
    },
    Scale {
        word: "亿",
        factor: 100_000_000,
    },
    Scale {
        word: "万",
        factor: 10_000,
    },
    Scale {
        word: "千",
        factor: 1_000,
    },
];

/// The scale word starting at `cs[i..]`, if any.
pub(crate) fn scale_at(cs: &[char], i: usize) -> Option<Scale> {
    SCALES.into_iter().find(|s| starts_at(cs, i, s.word))
}

/// A number read from text, before its scale word is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Num {
    /// The signed value without the trailing scale word.
    pub value: Decimal,
    /// A trailing `万`/`亿`/`万亿`/`千万`/`千` not yet applied.
    pub scale: Option<Scale>,
    /// A unit the number's own words imply: `%` for `百分之五`, `‰` for `千分之二`.
    pub unit: Option<&'static str>,
    /// Index just past the number.
    pub end: usize,
}

impl Num {
    /// The value with its scale word applied (`1.2亿` → 120000000). The product is normalised
    /// so that `1.5万` reads as 15000, not 15000.0.
    pub(crate) fn folded(&self) -> Result<Decimal, NumError> {
        match self.scale {
            Some(s) => self
                .value
                .checked_mul(s.factor())
                .map(|v| v.normalize())
                .ok_or(NumError::Overflow),
            None => Ok(self.value),
        }
    }
}

fn cn_digit(c: char) -> Option<i128> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '贰' | '貳' | '两' | '兩' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn cn_small_unit(c: char) -> Option<i128> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

fn cn_big_unit(c: char) -> Option<i128> {
    Some(match c {
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

fn is_cn_numeral(c: char) -> bool {
    cn_digit(c).is_some() || cn_small_unit(c).is_some() || cn_big_unit(c).is_some()
}

/// Whether a number can start at `cs[i..]` (used to decide whether a sign or separator belongs
/// to a number).
pub(crate) fn starts_number(cs: &[char], i: usize) -> bool {
    match cs.get(i) {
        Some(c) if c.is_ascii_digit() => true,
        Some(&c) if cn_digit(c).is_some() || c == '十' || c == '拾' => true,
        Some('百') | Some('千') => starts_at(cs, i, "百分之") || starts_at(cs, i, "千分之"),
        _ => false,
    }
}

/// Reads a number starting exactly at `cs[i..]`. `Ok(None)` means there is no number there.
pub(crate) fn lex_number(cs: &[char], i: usize) -> Result<Option<Num>, NumError> {
    let (negative, j) = match cs.get(i) {
        Some('-') | Some('负') => (true, i + 1),
        Some('+') => (false, i + 1),
        _ => (false, i),
    };
    if j > i && !starts_number(cs, j) {
        return Ok(None);
    }
    let percent = if starts_at(cs, j, "百分之") {
        Some("%")
    } else if starts_at(cs, j, "千分之") {
        Some("‰")
    } else {
        None
    };
    let mut num = match percent {
        Some(unit) => match lex_unsigned(cs, j + 3)? {
            // 百分之五万 is not a thing; refuse rather than guess.
            Some(n) if n.scale.is_none() => Num {
                unit: Some(unit),
                ..n
            },
            _ => return Ok(None),
        },
        None => match lex_unsigned(cs, j)? {
            Some(n) => n,
            None => return Ok(None),
        },
    };
    if negative {
        num.value = -num.value;
    }
    Ok(Some(num))
}

/// An unsigned Arabic or Chinese number, a fraction, with an optional trailing scale word.
fn lex_unsigned(cs: &[char], i: usize) -> Result<Option<Num>, NumError> {
    let Some(&first) = cs.get(i) else {
        return Ok(None);
    };
    if first.is_ascii_digit() {
        let Some((value, mut k)) = lex_arabic(cs, i)? else {
            return Ok(None);
        };
        // 1/2: a fraction of two Arabic numbers.
        if cs.get(k) == Some(&'/')
            && cs.get(k + 1).is_some_and(|c| c.is_ascii_digit())
            && let Some((den, k2)) = lex_arabic(cs, k + 1)?
        {
            return Ok(Some(Num {
                value: divide(value, den)?,
                scale: None,
                unit: None,
                end: k2,
            }));
        }
        if let Some(frac) = lex_fraction_tail(cs, k, value)? {
            return Ok(Some(frac));
        }
        let scale = scale_at(cs, k);
        if let Some(s) = scale {
            k += s.len();
        }
        return Ok(Some(Num {
            value,
            scale,
            unit: None,
            end: k,
        }));
    }
    if cn_digit(first).is_none() && first != '十' && first != '拾' {
        return Ok(None);
    }
    // The run of numeral characters; 点 belongs to it only when a digit follows.
    let mut end = i;
    while let Some(&c) = cs.get(end) {
        if is_cn_numeral(c)
            || (c == '点' && cs.get(end + 1).is_some_and(|&d| cn_digit(d).is_some()))
        {
            end += 1;
        } else {
            break;
        }
    }
    let run = &cs[i..end];
    // 三分之一: the whole run is the denominator.
    if starts_at(cs, end, "分之") {
        let Some(den) = eval_chinese(run)? else {
            return Ok(None);
        };
        return lex_fraction_tail(cs, end, den);
    }
    // A trailing 万/亿/万亿 is a scale word only when the part before it has no 万/亿 of its own:
    // 两万人 is 2 万人, but 一亿二千万 is one number.
    let mut scale = None;
    let mut mantissa = run;
    for s in [SCALES[0], SCALES[2], SCALES[3]] {
        let n = s.len();
        if run.len() > n && starts_at(run, run.len() - n, s.word) {
            let head = &run[..run.len() - n];
            if !head.iter().any(|&c| cn_big_unit(c).is_some()) {
                scale = Some(s);
                mantissa = head;
            }
            break;
        }
    }
    let Some(value) = eval_chinese(mantissa)? else {
        return Ok(None);
    };
    Ok(Some(Num {
        value,
        scale,
        unit: None,
        end,
    }))
}

/// `分之Y` after a denominator already read: the value is Y / denominator.
fn lex_fraction_tail(cs: &[char], k: usize, den: Decimal) -> Result<Option<Num>, NumError> {
    if !starts_at(cs, k, "分之") {
        return Ok(None);
    }
    match lex_unsigned(cs, k + 2)? {
        Some(n) if n.scale.is_none() => Ok(Some(Num {
            value: divide(n.value, den)?,
            scale: None,
            unit: None,
            end: n.end,
        })),
        _ => Ok(None),
    }
}

fn divide(num: Decimal, den: Decimal) -> Result<Decimal, NumError> {
    if den.is_zero() {
        return Err(NumError::DivisionByZero);
    }
    num.checked_div(den)
        .map(|v| v.normalize())
        .ok_or(NumError::Overflow)
}

/// Arabic digits with optional thousands separators and decimals: `3,500`, `12,345.67`, `0.021`.
fn lex_arabic(cs: &[char], i: usize) -> Result<Option<(Decimal, usize)>, NumError> {
    let digit = |k: usize| cs.get(k).is_some_and(|c| c.is_ascii_digit());
    let mut s = String::new();
    let mut k = i;
    while let Some(&c) = cs.get(k).filter(|c| c.is_ascii_digit()) {
        s.push(c);
        k += 1;
    }
    if s.is_empty() {
        return Ok(None);
    }
    // Thousands groups: a first group of 1–3 digits, then `,ddd` groups of exactly three. A comma
    // followed by anything else is punctuation, not part of the number.
    if s.len() <= 3 {
        while cs.get(k) == Some(&',')
            && digit(k + 1)
            && digit(k + 2)
            && digit(k + 3)
            && !digit(k + 4)
        {
            s.extend(&cs[k + 1..k + 4]);
            k += 4;
        }
    }
    if cs.get(k) == Some(&'.') && digit(k + 1) {
        s.push('.');
        k += 1;
        while let Some(&c) = cs.get(k).filter(|c| c.is_ascii_digit()) {
            s.push(c);
            k += 1;
        }
    }
    let value = Decimal::from_str_exact(&s).map_err(|_| NumError::Overflow)?;
    Ok(Some((value, k)))
}

/// Evaluates a run of Chinese numeral characters (with an optional `点` decimal part).
/// `Ok(None)` when the run is not a well-formed numeral (`十十`, `百五`).
fn eval_chinese(run: &[char]) -> Result<Option<Decimal>, NumError> {
    let (int, frac) = match run.iter().position(|&c| c == '点') {
        Some(p) => (&run[..p], Some(&run[p + 1..])),
        None => (run, None),
    };
    if int.is_empty() {
        return Ok(None);
    }
    let mut text = String::new();
    if int.iter().all(|&c| cn_digit(c).is_some()) {
        // Digit by digit: 二〇二三, 三 (no place words).
        for &c in int {
            let d = cn_digit(c).unwrap_or(0);
            text.push(char::from(b'0' + d as u8));
        }
    } else {
        match eval_place_value(int)? {
            Some(v) => text.push_str(&v.to_string()),
            None => return Ok(None),
        }
    }
    if let Some(frac) = frac {
        if frac.is_empty() {
            return Ok(None);
        }
        text.push('.');
        for &c in frac {
            match cn_digit(c) {
                Some(d) => text.push(char::from(b'0' + d as u8)),
                None => return Ok(None),
            }
        }
    }
    Decimal::from_str_exact(&text)
        .map(Some)
        .map_err(|_| NumError::Overflow)
}

/// A numeral with place words: 一千二百, 十五, 一百零五, 三万四, 一亿二千万, 一万亿.
fn eval_place_value(int: &[char]) -> Result<Option<i128>, NumError> {
    let overflow = || NumError::Overflow;
    let mut total: i128 = 0;
    let mut section: i128 = 0;
    let mut digit: Option<i128> = None;
    // 零 between a place word and a digit: 一百零五 is 105, not 150.
    let mut zero_gap = false;
    // The last place word; a digit right after it is elided: 一千二 is 1200, 三万四 is 34000.
    let mut last_unit: i128 = 0;
    // Place words inside a section must decrease: 十十 and 百千 are not numbers.
    let mut below: i128 = 10_000;
    for &c in int {
        if let Some(d) = cn_digit(c) {
            if digit.is_some() {
                return Ok(None);
            }
            if d == 0 {
                zero_gap = true;
            } else {
                digit = Some(d);
            }
        } else if let Some(u) = cn_small_unit(c) {
            if u >= below {
                return Ok(None);
            }
            let m = match digit {
                Some(d) => d,
                // 十五 and 一百一十 / 一百十: a bare 十 means one ten.
                None if u == 10 => 1,
                None => return Ok(None),
            };
            section += m * u;
            below = u;
            last_unit = u;
            digit = None;
            zero_gap = false;
        } else if let Some(b) = cn_big_unit(c) {
            let sec = section + digit.unwrap_or(0);
            if b == 10_000 {
                if sec == 0 {
                    return Ok(None);
                }
                total = total
                    .checked_add(sec.checked_mul(b).ok_or_else(overflow)?)
                    .ok_or_else(overflow)?;
            } else {
                // 亿 scales everything before it, so 一万亿 is 10¹².
                let t = total.checked_add(sec).ok_or_else(overflow)?;
                if t == 0 {
                    return Ok(None);
                }
                total = t.checked_mul(b).ok_or_else(overflow)?;
            }
            section = 0;
            digit = None;
            zero_gap = false;
            below = 10_000;
            last_unit = b;
        } else {
            return Ok(None);
        }
    }
    if let Some(d) = digit {
        let place = if last_unit >= 10 && !zero_gap {
            last_unit / 10
        } else {
            1
        };
        section = section
            .checked_add(d.checked_mul(place).ok_or_else(overflow)?)
            .ok_or_else(overflow)?;
    }
    Ok(Some(total.checked_add(section).ok_or_else(overflow)?))
}

/// Reads a whole text as one number: Arabic or full-width digits, thousands separators, signs
/// (`-`, `负`), fractions (`1/2`, `三分之一`), Chinese numerals, and a trailing scale word, which
/// is folded in (`1.2亿` → 120000000). Units, including `%`, are not numbers: use
/// [`parse_quantity`](crate::parse_quantity) for `3,500万元` or `5%`.
///
/// ```
/// use planwatch_text::parse_number;
/// use rust_decimal::Decimal;
/// assert_eq!(parse_number("一千二百").unwrap(), Decimal::from(1200));
/// assert_eq!(parse_number("1.2亿").unwrap(), Decimal::from(120_000_000));
/// assert!(parse_number("5%").is_err());
/// ```
pub fn parse_number(text: &str) -> Result<Decimal, TextError> {
    const EXPECTED: &str = "a number";
    let cs = compact(text);
    if cs.is_empty() {
        return Err(TextError::Empty { expected: EXPECTED });
    }
    let unexpected = |from: usize, expected: &'static str| TextError::Unexpected {
        text: text.trim().to_string(),
        found: cs[from..].iter().collect(),
        expected,
    };
    let num = match lex_number(&cs, 0) {
        Ok(Some(n)) => n,
        Ok(None) => return Err(unexpected(0, EXPECTED)),
        Err(e) => return Err(e.into_text_error(text.trim())),
    };
    if num.unit.is_some() {
        return Err(unexpected(
            0,
            "a number without a unit (percentages are read by parse_quantity)",
        ));
    }
    if num.end < cs.len() {
        return Err(unexpected(
            num.end,
            "a number only (units are read by parse_quantity)",
        ));
    }
    num.folded().map_err(|e| e.into_text_error(text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn reads_numbers() {
        let cases = [
            ("10", "10"),
            ("6.7", "6.7"),
            ("-2.3", "-2.3"),
            ("－２．３", "-2.3"),
            ("负2.3", "-2.3"),
            ("+5", "5"),
            ("3,500", "3500"),
            ("12,345.67", "12345.67"),
            ("1,000,000", "1000000"),
            ("０．０２１", "0.021"),
            ("1/2", "0.5"),
            ("3/4", "0.75"),
            ("二分之一", "0.5"),
            ("四分之三", "0.75"),
            ("3分之1", "0.3333333333333333333333333333"),
            ("一千二百", "1200"),
            ("一千二", "1200"),
            ("两万", "20000"),
            ("两万五", "25000"),
            ("三万四千五", "34500"),
            ("三点五", "3.5"),
            ("十五", "15"),
            ("十", "10"),
            ("二十", "20"),
            ("一百零五", "105"),
            ("一百一十", "110"),
            ("一百五", "150"),
            ("壹佰贰拾叁", "123"),
            ("〇", "0"),
            ("零", "0"),
            ("二〇二三", "2023"),
            ("一亿二千万", "120000000"),
            ("一万亿", "1000000000000"),
            ("一万零五", "10005"),
            ("十二点五", "12.5"),
            ("负三点五", "-3.5"),
            ("1.2亿", "120000000"),
            ("5.5万", "55000"),
            ("1.97万亿", "1970000000000"),
            ("5千万", "50000000"),
            ("三点五万", "35000"),
        ];
        for (text, want) in cases {
            assert_eq!(parse_number(text), Ok(d(want)), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for text in [
            "",
            "  ",
            "abc",
            "十十",
            "百五",
            "5%",
            "3,500万元",
            "百分之五",
            "-",
            "负",
            "1.2.3",
            "5,6",
        ] {
            assert!(parse_number(text).is_err(), "{text}");
        }
        assert_eq!(
            parse_number("1/0"),
            Err(TextError::DivisionByZero { text: "1/0".into() })
        );
        assert!(matches!(
            parse_number("123456789012345678901234567890123"),
            Err(TextError::OutOfRange { .. })
        ));
        assert!(parse_number("亿亿亿亿").is_err());
        for huge in ["九亿亿亿亿", "九千九百亿亿亿亿亿亿"] {
            assert!(
                matches!(parse_number(huge), Err(TextError::OutOfRange { .. })),
                "{huge}"
            );
        }
    }

    #[test]
    fn keeps_scale_words_apart_until_asked() {
        let cs = compact("3.5万人");
        let n = lex_number(&cs, 0).unwrap().unwrap();
        assert_eq!(n.value, d("3.5"));
        assert_eq!(n.scale.map(|s| s.word), Some("万"));
        assert_eq!(n.end, 4);
        let cs = compact("两万人");
        let n = lex_number(&cs, 0).unwrap().unwrap();
        assert_eq!((n.value, n.scale.map(|s| s.word)), (d("2"), Some("万")));
        let cs = compact("百分之五点五");
        let n = lex_number(&cs, 0).unwrap().unwrap();
        assert_eq!((n.value, n.unit), (d("5.5"), Some("%")));
    }
}
