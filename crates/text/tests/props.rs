//! Property tests: no input panics, the text is always kept, quantities round-trip, and the
//! width of the characters never changes the meaning.

use planwatch_domain::{Cmp, Form, Quantity};
use planwatch_text::{
    SUPPORTED_UNITS, parse_expr, parse_indicator_label, parse_number, parse_quantity,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Pieces that real expressions are made of, so random strings reach deep into the grammar
/// instead of failing on the first character.
const PIECES: &[&str] = &[
    "0",
    "1",
    "2",
    "5",
    "6.5",
    "0.021",
    "-",
    "+",
    ".",
    ",",
    "/",
    "%",
    "‰",
    "~",
    "～",
    "至",
    "到",
    "≤",
    "≥",
    "<",
    ">",
    "=",
    "＞",
    "（",
    "）",
    "(",
    ")",
    "以上",
    "以下",
    "以内",
    "左右",
    "上下",
    "余",
    "多",
    "有余",
    "之间",
    "约",
    "近",
    "超",
    "超过",
    "逾",
    "不低于",
    "不超过",
    "控制在",
    "力争",
    "预计",
    "增长",
    "下降",
    "回落",
    "同比",
    "达",
    "完成",
    "未",
    "市级",
    "下达",
    "为准",
    "目标",
    "任务",
    "与",
    "同步",
    "快于",
    "稳中",
    "提质",
    "保持",
    "基本",
    "稳定",
    "暂未反馈",
    "待",
    "反馈",
    "万",
    "亿",
    "万亿",
    "千",
    "百分之",
    "分之",
    "一",
    "二",
    "两",
    "十",
    "百",
    "零",
    "〇",
    "点",
    "负",
    "亿元",
    "万人",
    "个",
    "个百分点",
    "天",
    "人次",
    "标箱",
    "美元",
    "元",
    " ",
    "\u{3000}",
    "—",
    "--",
    "。",
    "*",
    "#",
    "１",
    "．",
    "％",
    "Ｆ",
    "a",
    "μg/m3",
    "下",
    "上",
    "分",
    "之",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..10).prop_map(|v| v.concat())
}

/// Any string: arbitrary Unicode half the time, grammar pieces the other half.
fn texts() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        pieces(),
        "[0-9.,%万亿以上下内左右约近超余-]{0,12}"
    ]
}

/// Decimals over the whole range: any 96-bit mantissa, any sign, any scale up to 28.
fn decimals() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<bool>(),
            0u32..=28
        )
            .prop_map(|(lo, mid, hi, neg, scale)| Decimal::from_parts(lo, mid, hi, neg, scale)),
        (any::<i32>(), 0u32..=6).prop_map(|(m, scale)| Decimal::new(i64::from(m), scale)),
    ]
}

fn units() -> impl Strategy<Value = &'static str> {
    prop::sample::select(SUPPORTED_UNITS)
}

/// Writes ASCII characters in their full-width forms.
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            ' ' => '\u{3000}',
            c => c,
        })
        .collect()
}

/// The form, with a pending reason (which quotes the original text) blanked out.
fn meaning(f: &Form) -> Form {
    match f {
        Form::Pending { .. } => Form::Pending { reason: None },
        f => f.clone(),
    }
}

/// Chinese numerals for 0 ≤ n < 10⁸, written the long way (一十, 一千零五万零三).
fn chinese(n: u64) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    fn section(n: u64) -> String {
        let mut s = String::new();
        let mut started = false;
        let mut zero = false;
        for (unit, word) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
            let d = (n / unit % 10) as usize;
            if d == 0 {
                zero |= started;
            } else {
                if zero {
                    s.push('零');
                    zero = false;
                }
                s.push(DIGITS[d]);
                s.push_str(word);
                started = true;
            }
        }
        s
    }
    if n == 0 {
        return "零".into();
    }
    let (high, low) = (n / 10_000, n % 10_000);
    let mut s = String::new();
    if high > 0 {
        s.push_str(&section(high));
        s.push('万');
        if low > 0 && low < 1000 {
            s.push('零');
        }
    }
    if low > 0 {
        s.push_str(&section(low));
    }
    s
}

proptest! {
    #[test]
    fn nothing_panics_and_the_text_is_kept(text in texts()) {
        let e = parse_expr(&text);
        prop_assert_eq!(&e.text, text.trim());
        if e.is_unparsed() {
            prop_assert!(!e.diagnostics.is_empty(), "unparsed without a diagnostic: {:?}", text);
        }
        let _ = parse_quantity(&text);
        let _ = parse_number(&text);
        let _ = parse_indicator_label(&text);
    }

    #[test]
    fn quantities_round_trip(value in decimals(), unit in units()) {
        let text = format!("{value}{unit}");
        let want = Quantity::new(value, unit);
        prop_assert_eq!(parse_quantity(&text), Ok(want.clone()), "{}", text);
        prop_assert_eq!(parse_expr(&text).form, Form::Value(want.clone()), "{}", text);
        prop_assert_eq!(parse_quantity(&full_width(&text)), Ok(want), "{}", text);
    }

    #[test]
    fn at_least_is_always_a_lower_bound(value in decimals(), unit in units()) {
        let text = format!("{value}{unit}以上");
        let e = parse_expr(&text);
        prop_assert_eq!(e.form, Form::Bound { cmp: Cmp::Ge, value: Quantity::new(value, unit) }, "{}", text);
        prop_assert!(e.diagnostics.is_empty());
    }

    #[test]
    fn comparisons_and_approximations_keep_their_figure(
        value in (any::<i32>(), 0u32..=6).prop_map(|(m, s)| Decimal::new(i64::from(m.unsigned_abs()), s)),
        unit in units(),
        (prefix, suffix) in prop::sample::select(&[
            ("不低于", ""), ("≥", ""), ("超过", ""), ("≤", ""), ("不超过", ""), ("", "以内"), ("控制在", "以内"),
            ("约", ""), ("近", ""), ("", "左右"), ("增长", ""), ("同比增长", "左右"), ("力争", "以上"),
        ][..]),
    ) {
        let text = format!("{prefix}{value}{unit}{suffix}");
        let e = parse_expr(&text);
        prop_assert!(!e.is_unparsed(), "{}: {:?}", text, e.diagnostics);
        prop_assert_eq!(e.figure(), Some(&Quantity::new(value, unit)), "{}", text);
    }

    #[test]
    fn full_width_reads_like_half_width(text in prop_oneof![pieces(), "[0-9.,%<>=~()/+-]{0,10}"]) {
        let (half, full) = (parse_expr(&text), parse_expr(&full_width(&text)));
        prop_assert_eq!(meaning(&half.form), meaning(&full.form), "{} vs {}", text, full_width(&text));
        prop_assert_eq!((half.strive, half.estimated, half.worded_decline), (full.strive, full.estimated, full.worded_decline));
        prop_assert_eq!(half.diagnostics.len(), full.diagnostics.len());
        prop_assert_eq!(parse_number(&text).ok(), parse_number(&full_width(&text)).ok());
    }

    #[test]
    fn chinese_numerals_read_as_their_value(n in 0u64..100_000_000) {
        let text = chinese(n);
        prop_assert_eq!(parse_number(&text), Ok(Decimal::from(n)), "{}", text);
    }

    #[test]
    fn thousands_separators_are_read(n in 0u64..1_000_000_000_000, frac in 0u32..100) {
        let grouped = {
            let digits = n.to_string();
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(c);
            }
            format!("{out}.{frac:02}")
        };
        let want = Decimal::from(n) + Decimal::new(i64::from(frac), 2);
        prop_assert_eq!(parse_number(&grouped), Ok(want), "{}", grouped);
    }

    #[test]
    fn labels_keep_their_unit_and_markers(
        name in "[\u{4e00}-\u{4e80}]{1,8}",
        unit in prop::sample::select(&["%", "亿元", "万人", "天", "个", "亿美元", "万元"][..]),
        binding in any::<bool>(),
        is_new in any::<bool>(),
    ) {
        let text = format!("{}{name}（{unit}）{}", if is_new { "#" } else { "" }, if binding { "*" } else { "" });
        let l = parse_indicator_label(&text).expect("a well-formed label");
        prop_assert_eq!((l.name.as_str(), l.unit.as_str(), l.binding, l.is_new), (name.as_str(), unit, binding, is_new));
    }
}
