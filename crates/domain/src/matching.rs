//! Matching names from an outside table — a statistics bureau's monthly report, a department's
//! sheet — to a plan's indicators. Names are compared after folding what tables write
//! differently ([`normalize`]: full-width forms, spaces, brackets, 规模以上/规上, the growth
//! words 增长/增长率/同比增长 as 增速, scope words such as 全体/全区, a leading 其中). Equal
//! folded names match; otherwise the most similar candidate (bigram similarity,
//! [`crate::diff::similarity`]) is taken only when it is similar enough, clearly ahead of
//! the next one and differs from the name only by characters left out (no character
//! replaced: 第一产业… is not 文化产业…), and the similarity is reported with it. The level a
//! bulletin speaks of (全国, 全省, 全区 …) and the nation's 国内生产总值 fold into a plan's
//! wording. Everything else is ambiguous or
//! unmatched and listed with its nearest candidates: a name is never guessed silently. A name
//! inside another with a qualifier around it (地区生产总值 in 人均地区生产总值) is another
//! indicator, however alike the characters.

use crate::diff::similarity;
use crate::projects::to_half_width;
use serde::Serialize;

/// Similarity from which the single most similar candidate is taken.
pub const ACCEPT_SIMILARITY: f64 = 0.75;

/// How far the best candidate must be ahead of the next to be taken.
pub const CLEAR_MARGIN: f64 = 0.1;

/// How a name matched the candidates (indices into the candidate list).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "match", rename_all = "snake_case")]
pub enum NameMatch {
    /// Equal after folding.
    Exact { index: usize },
    /// Taken by similarity, which is shown to the user.
    Similar { index: usize, similarity: f64 },
    /// Two or more candidates fit about equally well (or equally exactly).
    Ambiguous { candidates: Vec<(usize, f64)> },
    /// No candidate is similar enough; the nearest, if any, for the message.
    Unmatched { nearest: Option<(usize, f64)> },
}

impl NameMatch {
    /// The matched candidate, when there is exactly one.
    pub fn index(&self) -> Option<usize> {
        match self {
            NameMatch::Exact { index } | NameMatch::Similar { index, .. } => Some(*index),
            _ => None,
        }
    }

    /// 1.0 for an exact match, the similarity for a similar one.
    pub fn similarity(&self) -> Option<f64> {
        match self {
            NameMatch::Exact { .. } => Some(1.0),
            NameMatch::Similar { similarity, .. } => Some(*similarity),
            _ => None,
        }
    }
}

// A bulletin or table names the level it speaks of (全国城镇新增就业, 全区生产总值); the plan
// of that level names the indicator without it.
const SCOPE_PREFIXES: [&str; 12] = [
    "其中:",
    "其中",
    "全体",
    "全国",
    "全省",
    "全州",
    "全盟",
    "全区",
    "全市",
    "全县",
    "全旗",
    "全社会",
];
const GROWTH_WORDS: [&str; 6] = [
    "比上年同期增长",
    "比上年增长",
    "同比增长",
    "增长率",
    "增幅",
    "增长",
];

/// A name folded for comparison: `全体居民人均可支配收入增长（%）` → `居民人均可支配收入增速`.
pub fn normalize(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(to_half_width)
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '#' | '“' | '”' | '"' | '、'))
        .collect::<String>()
        .to_lowercase();
    // A bracketed unit or note at the end is not part of the name.
    while let Some(open) = s.rfind('(')
        && s.ends_with(')')
        && open > 0
    {
        s.truncate(open);
    }
    s = s.replace(['(', ')'], "");
    for p in SCOPE_PREFIXES {
        if let Some(rest) = s.strip_prefix(p)
            && !rest.is_empty()
        {
            s = rest.to_string();
            break;
        }
    }
    s = s.replace("规模以上", "规上");
    s = s.replace("gdp", "地区生产总值");
    // The nation's accounts call the same measure 国内生产总值 (人均…, …占国内生产总值比重).
    s = s.replace("国内生产总值", "地区生产总值");
    for w in GROWTH_WORDS {
        if let Some(rest) = s.strip_suffix(w) {
            s = format!("{rest}增速");
            break;
        }
    }
    s
}

/// Words whose presence or absence does not change what a name measures.
const HARMLESS_EXTRAS: [&str; 9] = [
    "总额", "总量", "数量", "规模", "额", "数", "人数", "总值", "指标",
];

/// One name inside the other with a qualifier around it (地区生产总值 in 人均地区生产总值, 单位…,
/// …占比): another indicator, however similar the characters.
fn qualified(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() || short == long || !long.contains(short) {
        return false;
    }
    let leftover = long.replacen(short, "", 1);
    !HARMLESS_EXTRAS.contains(&leftover.as_str())
}

/// The shorter name is the longer with some characters left out (社会消费品零售额 in
/// 社会消费品零售总额), none replaced.
fn one_leaves_out_words_of_the_other(a: &str, b: &str) -> bool {
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// Matches `name` against `candidates` (see the module docs).
pub fn match_name<S: AsRef<str>>(name: &str, candidates: &[S]) -> NameMatch {
    let key = normalize(name);
    let keys: Vec<String> = candidates.iter().map(|c| normalize(c.as_ref())).collect();
    let exact: Vec<usize> = (0..keys.len()).filter(|&i| keys[i] == key).collect();
    match exact.as_slice() {
        [one] => return NameMatch::Exact { index: *one },
        [] => {}
        many => {
            return NameMatch::Ambiguous {
                candidates: many.iter().map(|&i| (i, 1.0)).collect(),
            };
        }
    }
    // A growth rate and an amount are different indicators however alike their names are
    // (工业投资增速, 工业投资增量).
    let growth = key.ends_with("增速");
    let mut scored: Vec<(usize, f64)> = keys
        .iter()
        .enumerate()
        .filter(|(_, k)| k.ends_with("增速") == growth && !qualified(&key, k))
        .map(|(i, k)| (i, similarity(&key, k)))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let Some(&(best, best_sim)) = scored.first() else {
        return NameMatch::Unmatched { nearest: None };
    };
    // Characters that differ (第一产业… against 文化产业…, 城镇… against 农村…) name another
    // indicator however much of the name is shared; only words left out are forgiven.
    if best_sim < ACCEPT_SIMILARITY || !one_leaves_out_words_of_the_other(&key, &keys[best]) {
        return NameMatch::Unmatched {
            nearest: (best_sim > 0.0).then_some((best, best_sim)),
        };
    }
    let close: Vec<(usize, f64)> = scored
        .iter()
        .copied()
        .take_while(|(_, s)| best_sim - s < CLEAR_MARGIN)
        .collect();
    if close.len() > 1 {
        return NameMatch::Ambiguous { candidates: close };
    }
    NameMatch::Similar {
        index: best,
        similarity: best_sim,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: [&str; 6] = [
        "地区生产总值增速",
        "规上工业增加值增速",
        "社会消费品零售总额",
        "社会消费品零售总额增速",
        "全体居民人均可支配收入增速",
        "城镇调查失业率",
    ];

    #[test]
    fn table_wordings_match_exactly_after_folding() {
        for (name, want) in [
            ("地区生产总值增长", 0),
            ("GDP 增速", 0),
            ("规模以上工业增加值增长（%）", 1),
            ("社会消费品零售总额（亿元）", 2),
            ("社会消费品零售总额同比增长", 3),
            ("居民人均可支配收入增长率", 4),
            ("  城镇调查失业率 ", 5),
        ] {
            assert_eq!(
                match_name(name, &PLAN),
                NameMatch::Exact { index: want },
                "{name}"
            );
        }
    }

    #[test]
    fn a_bulletin_of_another_level_names_the_same_measures() {
        let district = [
            "地区生产总值增速",
            "人均地区生产总值",
            "城镇新增就业人数",
            "城镇调查失业率",
        ];
        assert_eq!(
            match_name("国内生产总值比上年增长", &district),
            NameMatch::Exact { index: 0 }
        );
        assert_eq!(
            match_name("人均国内生产总值（元）", &district),
            NameMatch::Exact { index: 1 }
        );
        assert_eq!(
            match_name("全国城镇调查失业率", &district),
            NameMatch::Exact { index: 3 }
        );
        assert_eq!(match_name("全国城镇新增就业", &district).index(), Some(2));
        // The level word goes; what qualifies the measure stays.
        assert!(matches!(
            match_name("国内生产总值", &["人均地区生产总值"]),
            NameMatch::Unmatched { .. }
        ));
        // Sharing most characters is not enough when some are replaced.
        assert!(matches!(
            match_name(
                "第一产业增加值占国内生产总值比重",
                &["文化产业增加值占地区生产总值比重"]
            ),
            NameMatch::Unmatched { nearest: Some(_) }
        ));
        assert!(matches!(
            match_name("农村居民人均可支配收入", &["城镇居民人均可支配收入"]),
            NameMatch::Unmatched { .. }
        ));
        assert!(matches!(
            match_name("全国农民工总量", &district),
            NameMatch::Unmatched { .. }
        ));
    }

    #[test]
    fn a_close_name_matches_with_its_similarity_shown() {
        let m = match_name("全区城镇调查失业率(季度)", &PLAN);
        assert_eq!(m.index(), Some(5));
        let m = match_name(
            "社会消费品零售额",
            &["社会消费品零售总额", "城镇调查失业率"],
        );
        match m {
            NameMatch::Similar { index, similarity } => {
                assert_eq!(index, 0);
                assert!((ACCEPT_SIMILARITY..1.0).contains(&similarity));
            }
            other => panic!("expected a similar match, got {other:?}"),
        }
    }

    #[test]
    fn unrelated_and_ambiguous_names_are_not_guessed() {
        assert!(matches!(
            match_name("进出口总额", &PLAN),
            NameMatch::Unmatched { .. }
        ));
        let twins = ["固定资产投资增速（全口径）", "固定资产投资增速（不含农户）"];
        let m = match_name("固定资产投资增速", &twins);
        assert!(
            matches!(m, NameMatch::Ambiguous { ref candidates } if candidates.len() == 2),
            "{m:?}"
        );
        assert!(matches!(
            match_name("地区生产总值", &["人均地区生产总值", "城镇新增就业人数"]),
            NameMatch::Unmatched { .. }
        ));
        let near = ["工业投资增速", "工业用电量增速"];
        assert!(matches!(
            match_name("工业投资增量", &near),
            NameMatch::Unmatched { .. }
        ));
        assert_eq!(
            match_name::<&str>("任何", &[]),
            NameMatch::Unmatched { nearest: None }
        );
    }
}
