//! Comparing regions: rank in a group, gap to the group average, share of the parent, streaks,
//! roll-ups to the parent, and the Chinese phrases reports use for them
//! ("高于全市平均水平0.6个百分点", "连续三个季度居中心城区第一位", "占全市近1/2").

use crate::indicator::{Direction, IndicatorKind};
use rust_decimal::Decimal;
use serde::Serialize;

/// One region's figure in a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ranked {
    pub region: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// 1 is best. Ties share a rank and the next rank is skipped (1, 2, 2, 4).
    pub rank: usize,
}

/// Ranks figures, best first, by the indicator's direction. Ties keep input order.
pub fn rank(values: &[(String, Decimal)], direction: Direction) -> Vec<Ranked> {
    let mut sorted: Vec<&(String, Decimal)> = values.iter().collect();
    sorted.sort_by(|a, b| match direction {
        Direction::HigherIsBetter => b.1.cmp(&a.1),
        Direction::LowerIsBetter => a.1.cmp(&b.1),
    });
    let mut out: Vec<Ranked> = Vec::with_capacity(sorted.len());
    for (i, (region, value)) in sorted.into_iter().enumerate() {
        let rank = match out.last() {
            Some(prev) if prev.value == *value => prev.rank,
            _ => i + 1,
        };
        out.push(Ranked {
            region: region.clone(),
            value: *value,
            rank,
        });
    }
    out
}

/// The mean of the figures, or `None` for an empty group.
pub fn average(values: &[(String, Decimal)]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let sum: Decimal = values.iter().map(|(_, v)| *v).sum();
    Some(sum / Decimal::from(values.len()))
}

/// How far a figure is from a reference (an average, a parent's figure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// For rates, shares and intensities: percentage points. For levels: percent of the reference.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// Whether `amount` is in percentage points (else percent).
    pub in_points: bool,
}

/// The gap of `value` to `reference`: points for rate-like kinds, percent for levels.
/// `None` for a level whose reference is zero.
pub fn gap(value: Decimal, reference: Decimal, kind: IndicatorKind) -> Option<Gap> {
    if kind.is_rate_like() {
        return Some(Gap {
            amount: value - reference,
            in_points: true,
        });
    }
    if reference.is_zero() {
        return None;
    }
    Some(Gap {
        amount: (value - reference) / reference * Decimal::ONE_HUNDRED,
        in_points: false,
    })
}

/// Why a figure cannot be summed up to the parent region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub enum RollupRefusal {
    #[error("{0}是比率类指标（增速、比重、强度），下级数值不能相加，需按权重重新计算")]
    RateLike(String),
    #[error("{0}是人均或平均指标，下级数值不能相加")]
    PerCapita(String),
    #[error("{name}的单位“{unit}”不可相加（如天数、名次）")]
    NonAdditiveUnit { name: String, unit: String },
    #[error("{0}没有下级数据")]
    Empty(String),
}

/// Sums the children's figures into the parent's, where that is meaningful: levels in additive
/// units (亿元, 万人, 个…). Growth rates, shares, per-capita figures and counts of days are refused
/// with the reason, because their parent value is not the sum of the parts.
pub fn rollup(
    name: &str,
    unit: &str,
    kind: IndicatorKind,
    children: &[Decimal],
) -> Result<Decimal, RollupRefusal> {
    if kind.is_rate_like() {
        return Err(RollupRefusal::RateLike(name.to_string()));
    }
    if name.contains("人均")
        || name.contains("平均")
        || name.contains("每千人")
        || name.contains("每万人")
    {
        return Err(RollupRefusal::PerCapita(name.to_string()));
    }
    if matches!(unit, "天" | "位" | "名" | "%" | "‰") {
        return Err(RollupRefusal::NonAdditiveUnit {
            name: name.to_string(),
            unit: unit.to_string(),
        });
    }
    if children.is_empty() {
        return Err(RollupRefusal::Empty(name.to_string()));
    }
    Ok(children.iter().sum())
}

/// How many consecutive periods, ending with the last, the region held `rank` or better.
/// `ranks` is the region's rank per period, oldest first.
pub fn streak(ranks: &[usize], at_most: usize) -> usize {
    ranks.iter().rev().take_while(|r| **r <= at_most).count()
}

const ORDINALS: [&str; 11] = [
    "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
];

/// A small count in Chinese: 1..=99 ("三", "十二", "二十一"); larger numbers in digits.
pub fn chinese_count(n: usize) -> String {
    match n {
        0..=10 => ORDINALS[n].to_string(),
        11..=19 => format!("十{}", ORDINALS[n - 10]),
        20..=99 => {
            let (tens, ones) = (n / 10, n % 10);
            if ones == 0 {
                format!("{}十", ORDINALS[tens])
            } else {
                format!("{}十{}", ORDINALS[tens], ORDINALS[ones])
            }
        }
        _ => n.to_string(),
    }
}

fn trim(d: Decimal) -> String {
    d.normalize().to_string()
}

/// "高于全市平均水平0.6个百分点" / "低于…3.2%" / "与…持平".
pub fn gap_phrase(reference_name: &str, g: Gap) -> String {
    let unit = if g.in_points { "个百分点" } else { "%" };
    let amount = g.amount.abs().round_dp(2);
    if amount.is_zero() {
        format!("与{reference_name}持平")
    } else if g.amount > Decimal::ZERO {
        format!("高于{reference_name}{}{unit}", trim(amount))
    } else {
        format!("低于{reference_name}{}{unit}", trim(amount))
    }
}

/// "居中心城区第一位", or with a streak of n ≥ 2 periods: "连续三个季度居中心城区第一位".
pub fn rank_phrase(group: &str, rank: usize, streak_periods: usize, period_word: &str) -> String {
    let place = format!("居{group}第{}位", chinese_count(rank));
    if streak_periods >= 2 {
        // 两个季度, not 二个季度: a count before a measure word.
        let n = if streak_periods == 2 {
            "两".to_string()
        } else {
            chinese_count(streak_periods)
        };
        format!("连续{n}个{period_word}{place}")
    } else {
        place
    }
}

/// "占全市近1/2": the share as the nearest simple fraction with 近 (just under), 超 (over) or
/// nothing (exact to within 0.5%); falls back to a percentage ("占全市23.4%") when no fraction with
/// the common fractions (1/2, 1/3, 3/4, 1/5, …) is within 3 percentage points.
pub fn share_phrase(parent: &str, part: Decimal, whole: Decimal) -> Option<String> {
    if whole <= Decimal::ZERO || part < Decimal::ZERO {
        return None;
    }
    let share = part / whole;
    let mut best: Option<(Decimal, u32, u32)> = None;
    // Fractions that reports actually use; 2/9 or 5/7 would read oddly.
    const FRACTIONS: [(u32, u32); 13] = [
        (1, 2),
        (1, 3),
        (2, 3),
        (1, 4),
        (3, 4),
        (1, 5),
        (2, 5),
        (3, 5),
        (4, 5),
        (1, 6),
        (1, 8),
        (1, 10),
        (9, 10),
    ];
    for (num, den) in FRACTIONS {
        let f = Decimal::from(num) / Decimal::from(den);
        let diff = (share - f).abs();
        if best.is_none_or(|(d, _, _)| diff < d) {
            best = Some((diff, num, den));
        }
    }
    let tolerance = Decimal::new(3, 2);
    let exact = Decimal::new(5, 3);
    match best {
        Some((diff, num, den)) if diff <= tolerance => {
            let f = Decimal::from(num) / Decimal::from(den);
            let word = if diff <= exact {
                ""
            } else if share < f {
                "近"
            } else {
                "超"
            };
            Some(format!("占{parent}{word}{num}/{den}"))
        }
        _ => Some(format!(
            "占{parent}{}%",
            trim((share * Decimal::ONE_HUNDRED).round_dp(1))
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }

    fn group(values: &[(&str, &str)]) -> Vec<(String, Decimal)> {
        values.iter().map(|(r, v)| (r.to_string(), d(v))).collect()
    }

    #[test]
    fn ranks_with_ties_and_direction() {
        let g = group(&[
            ("渝中", "5.9"),
            ("江北", "6.7"),
            ("南岸", "5.9"),
            ("九龙坡", "6.1"),
        ]);
        let r = rank(&g, Direction::HigherIsBetter);
        let got: Vec<(&str, usize)> = r.iter().map(|x| (x.region.as_str(), x.rank)).collect();
        assert_eq!(
            got,
            vec![("江北", 1), ("九龙坡", 2), ("渝中", 3), ("南岸", 3)]
        );
        let r = rank(&g, Direction::LowerIsBetter);
        assert_eq!(r[0].rank, 1);
        assert_eq!(r[1].rank, 1, "tie at the top");
        assert_eq!(r[2].region, "九龙坡");
        assert_eq!(r[2].rank, 3);
    }

    #[test]
    fn gap_phrases_read_like_the_reports() {
        let avg = average(&group(&[("a", "6.7"), ("b", "5.5")])).expect("avg");
        assert_eq!(avg, d("6.1"));
        let g = gap(d("6.7"), avg, IndicatorKind::GrowthRate).expect("gap");
        assert_eq!(gap_phrase("全市平均水平", g), "高于全市平均水平0.6个百分点");
        let g = gap(d("900"), d("1000"), IndicatorKind::Level).expect("gap");
        assert_eq!(gap_phrase("全市平均水平", g), "低于全市平均水平10%");
        assert_eq!(gap(d("1"), Decimal::ZERO, IndicatorKind::Level), None);
    }

    #[test]
    fn rank_and_streak_phrases() {
        assert_eq!(streak(&[3, 1, 1, 1], 1), 3);
        assert_eq!(streak(&[1, 1, 2], 1), 0);
        assert_eq!(
            rank_phrase("中心城区", 1, 3, "季度"),
            "连续三个季度居中心城区第一位"
        );
        assert_eq!(rank_phrase("全市", 3, 1, "年"), "居全市第三位");
        assert_eq!(rank_phrase("全市", 2, 2, "月"), "连续两个月居全市第二位");
        assert_eq!(chinese_count(16), "十六");
        assert_eq!(chinese_count(21), "二十一");
    }

    #[test]
    fn share_phrases_pick_simple_fractions() {
        assert_eq!(
            share_phrase("全市", d("3.5"), d("7.3")).as_deref(),
            Some("占全市近1/2")
        );
        assert_eq!(
            share_phrase("全市", d("1.9"), d("10")).as_deref(),
            Some("占全市近1/5")
        );
        assert_eq!(
            share_phrase("全市", d("50"), d("100")).as_deref(),
            Some("占全市1/2")
        );
        assert_eq!(
            share_phrase("全市", d("1.97"), d("10")).as_deref(),
            Some("占全市1/5")
        );
        assert_eq!(
            share_phrase("全市", d("23.4"), d("100")).as_deref(),
            Some("占全市近1/4")
        );
        assert_eq!(
            share_phrase("全市", d("0.5"), d("100")).as_deref(),
            Some("占全市0.5%")
        );
        assert_eq!(share_phrase("全市", d("1"), d("0")), None);
    }

    #[test]
    fn rollup_refuses_what_does_not_add_up() {
        let kids = [d("1744"), d("1500")];
        assert_eq!(
            rollup("地区生产总值", "亿元", IndicatorKind::Level, &kids),
            Ok(d("3244"))
        );
        assert!(matches!(
            rollup("地区生产总值增速", "%", IndicatorKind::GrowthRate, &kids),
            Err(RollupRefusal::RateLike(_))
        ));
        assert!(matches!(
            rollup("人均地区生产总值", "万元", IndicatorKind::Level, &kids),
            Err(RollupRefusal::PerCapita(_))
        ));
        assert!(matches!(
            rollup("空气质量优良天数", "天", IndicatorKind::Level, &kids),
            Err(RollupRefusal::NonAdditiveUnit { .. })
        ));
        let err =
            rollup("地区生产总值增速", "%", IndicatorKind::GrowthRate, &kids).expect_err("refused");
        assert!(err.to_string().contains("不能相加"));
    }

    proptest! {
        #[test]
        fn ranks_are_consistent(values in proptest::collection::vec(-1000i64..1000, 0..30)) {
            let g: Vec<(String, Decimal)> =
                values.iter().enumerate().map(|(i, v)| (format!("r{i}"), Decimal::new(*v, 1))).collect();
            let r = rank(&g, Direction::HigherIsBetter);
            prop_assert_eq!(r.len(), g.len());
            for w in r.windows(2) {
                prop_assert!(w[0].value >= w[1].value);
                prop_assert!(w[0].rank <= w[1].rank);
            }
            if let Some(first) = r.first() { prop_assert_eq!(first.rank, 1); }
        }

        #[test]
        fn rollup_of_levels_is_the_sum(values in proptest::collection::vec(0i64..1_000_000, 1..50)) {
            let kids: Vec<Decimal> = values.iter().map(|v| Decimal::new(*v, 2)).collect();
            let total = rollup("进出口总额", "亿元", IndicatorKind::Level, &kids);
            prop_assert_eq!(total, Ok(kids.iter().sum::<Decimal>()));
        }
    }
}
