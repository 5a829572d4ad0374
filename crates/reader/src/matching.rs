//! Matching the names prose uses to the names tables use.
//!
//! Prose shortens and rewrites names: "居民人均可支配收入增速" for the table's
//! "全体居民人均可支配收入增速", "实际使用外资（FDI）" for "实际使用外资FDI", "规上" for
//! "规模以上", "GDP" for "地区生产总值". Names are compared by a key that drops brackets,
//! quotes, spaces, scope words (全体, 全区…) and growth suffixes (增速, 增长…); besides equal
//! keys, one key may contain the other only when what is left over is a harmless word
//! (人数, 总额, 总量…). Anything looser would pair "出口额" with "进出口总额", which is wrong.

use crate::norm::norm;

const SCOPE_PREFIXES: &[&str] = &[
    "全体",
    "全区",
    "全市",
    "全县",
    "全省",
    "全口径",
    "全年",
    "全市域",
    "核心指标",
    "其中",
];
const KIND_SUFFIXES: &[&str] = &["增长率", "增速", "增幅", "增长", "年均增长"];
const HARMLESS_EXTRAS: &[&str] = &[
    "人数", "总额", "总量", "数量", "规模", "额", "数", "总值", "指标",
];

/// The comparison key of a name.
pub fn name_key(name: &str) -> String {
    let n = norm(name);
    let mut k: String = n
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '(' | ')'
                        | '['
                        | ']'
                        | '【'
                        | '】'
                        | '“'
                        | '”'
                        | '"'
                        | '\''
                        | '《'
                        | '》'
                        | '#'
                        | '*'
                        | '、'
                )
        })
        .collect();
    k = k
        .replace("规模以上", "规上")
        .replace("实际利用外资", "实际使用外资");
    if k.contains("地区生产总值") {
        k = k.replace("GDP", "");
    } else {
        k = k.replace("GDP", "地区生产总值");
    }
    if k.contains("外资") {
        k = k.replace("FDI", "");
    }
    loop {
        let before = k.len();
        for p in SCOPE_PREFIXES {
            if let Some(r) = k.strip_prefix(p)
                && !r.is_empty()
            {
                k = r.to_string();
            }
        }
        for s in KIND_SUFFIXES {
            if let Some(r) = k.strip_suffix(s)
                && !r.is_empty()
            {
                k = r.to_string();
            }
        }
        if k.len() == before {
            break;
        }
    }
    k
}

/// How well two names match: 2 for equal keys, 1 for containment with a harmless leftover,
/// 0 for no match.
pub fn match_score(a: &str, b: &str) -> u8 {
    let (ka, kb) = (name_key(a), name_key(b));
    if ka.is_empty() || kb.is_empty() {
        return 0;
    }
    if ka == kb {
        return 2;
    }
    let (short, long) = if ka.len() <= kb.len() {
        (&ka, &kb)
    } else {
        (&kb, &ka)
    };
    if let Some(rest) = long.strip_prefix(short.as_str())
        && HARMLESS_EXTRAS.contains(&rest)
    {
        return 1;
    }
    0
}

/// The best-matching candidate for `name`: an equal key first, then a harmless containment.
pub fn best_match<'a, I>(name: &str, candidates: I) -> Option<usize>
where
    I: IntoIterator<Item = (usize, &'a str)>,
{
    let mut best: Option<(u8, usize)> = None;
    for (i, c) in candidates {
        let s = match_score(name, c);
        if s > 0 && best.is_none_or(|(bs, _)| s > bs) {
            best = Some((s, i));
        }
    }
    best.map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_names_match_table_names() {
        assert_eq!(
            match_score("居民人均可支配收入增速", "全体居民人均可支配收入增速"),
            2
        );
        assert_eq!(match_score("实际使用外资（FDI）", "实际使用外资FDI"), 2);
        assert_eq!(match_score("固定资产投资增速", "固定资产投资增速"), 2);
        assert_eq!(match_score("规上工业增加值", "规模以上工业增加值增速"), 2);
        assert_eq!(
            match_score("地区生产总值（GDP）增速", "地区生产总值增速"),
            2
        );
        assert_eq!(match_score("城镇新增就业", "城镇新增就业人数"), 1);
    }

    #[test]
    fn unrelated_names_do_not_match() {
        assert_eq!(match_score("出口额", "进出口总额"), 0);
        assert_eq!(match_score("地区生产总值", "人均地区生产总值"), 0);
        assert_eq!(match_score("", "x"), 0);
    }

    #[test]
    fn picks_the_best() {
        let c = ["人均地区生产总值", "地区生产总值增速"];
        assert_eq!(
            best_match("地区生产总值", c.iter().enumerate().map(|(i, s)| (i, *s))),
            Some(1)
        );
    }
}
