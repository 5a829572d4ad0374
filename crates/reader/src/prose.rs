//! Figures in sentences: each number with its unit, the words qualifying it, the verb before
//! it and the subject it is about.
//!
//! A sentence is cut into clauses at `，；：、` (and at parentheses holding figures); a figure's
//! subject is the clause text before it, less connectives and the verb. A clause that opens with
//! a comparison ("高于全市平均水平0.6个百分点", "居中心城区第一位", "占全市近1/2", "同比增长9%")
//! belongs to the figure before it. "A、B分别增长7%、8%左右" pairs subjects and figures.
//! Work is linear in the sentence length: look-backs are bounded.

use crate::model::{Change, Qualifier};
use rust_decimal::Decimal;
use std::str::FromStr;

/// A figure found in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub subject: String,
    pub subject_inherited: bool,
    pub value: Decimal,
    pub unit: String,
    pub change: Option<Change>,
    /// 近/超/余/约/以内 …
    pub approx: Option<Qualifier>,
    /// 以上, 不低于, 超, 突破, 迈上…台阶: at least.
    pub at_least: bool,
    /// 达/达到/为/实现.
    pub reached: bool,
    /// 控制在/保持在/稳定在.
    pub control: bool,
    pub estimated: bool,
    pub strive: bool,
    pub phrase: String,
    pub comparisons: Vec<String>,
    /// A figure inside a comparison clause (not a claim of its own).
    pub in_comparison: bool,
    pub ratio: Vec<Decimal>,
    /// The text right after the figure starts with 指标 ("20项指标").
    pub counts_indicators: bool,
    /// The upper end of a range ("增长7%—7.5%"); `value` is then the lower end.
    pub high: Option<Decimal>,
}

const SCALES: [&str; 6] = ["万亿", "千万", "百万", "亿", "万", "千"];

/// Units, longest first where one is a prefix of another.
const UNITS: &[&str] = &[
    "个百分点",
    "百分点",
    "微克/立方米",
    "μg/m3",
    "ug/m3",
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "千瓦时",
    "万人次",
    "人次",
    "家次",
    "户次",
    "辆次",
    "架次",
    "车次",
    "标准箱",
    "标箱",
    "公里",
    "千米",
    "公顷",
    "千瓦",
    "美元",
    "欧元",
    "港元",
    "元",
    "%",
    "‰",
    "倍",
    "人",
    "户",
    "家",
    "个",
    "项",
    "件",
    "台",
    "套",
    "座",
    "所",
    "条",
    "栋",
    "幢",
    "名",
    "位",
    "辆",
    "架",
    "艘",
    "场",
    "次",
    "批",
    "处",
    "块",
    "张",
    "床",
    "间",
    "支",
    "只",
    "部",
    "类",
    "天",
    "亩",
    "米",
    "吨",
    "小时",
    "分钟",
    "岁",
    "公斤",
    "克",
    "册",
    "份",
    "例",
    "宗",
    "起",
    "笔",
    "单",
    "份",
    "门",
    "层",
    "所",
    "站",
    "片",
    "段",
    "根",
];

/// Words after a number that make it a date, an ordinal or a duration rather than a figure.
const STOP_UNITS: &[&str] = &[
    "个月",
    "个季度",
    "周年",
    "年度",
    "年",
    "月",
    "日",
    "号",
    "届",
    "期",
    "版",
    "级",
    "次会议",
    "季度",
    "时",
    "点",
    "号线",
    "星",
    "强",
    "大",
    "个工作日",
    "代",
    "条线",
];

/// Classifiers after which the thing counted follows ("50个新建项目").
const CLASSIFIERS: &[&str] = &[
    "个", "家", "件", "项", "名", "所", "座", "条", "台", "辆", "栋", "户", "批", "支", "套", "处",
    "只", "张", "间", "位", "艘", "架", "部", "类", "场", "宗", "例",
];

struct PreWord {
    word: &'static str,
    kind: Pre,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pre {
    Increase,
    Decrease,
    Reached,
    Control,
    Nearly,
    About,
    Over,
    AtLeast,
    AtMost,
}

const PRE_WORDS: &[PreWord] = &[
    PreWord {
        word: "平均增长",
        kind: Pre::Increase,
    },
    PreWord {
        word: "增长",
        kind: Pre::Increase,
    },
    PreWord {
        word: "增加",
        kind: Pre::Increase,
    },
    PreWord {
        word: "提高",
        kind: Pre::Increase,
    },
    PreWord {
        word: "提升",
        kind: Pre::Increase,
    },
    PreWord {
        word: "回升",
        kind: Pre::Increase,
    },
    PreWord {
        word: "上升",
        kind: Pre::Increase,
    },
    PreWord {
        word: "上涨",
        kind: Pre::Increase,
    },
    PreWord {
        word: "下降",
        kind: Pre::Decrease,
    },
    PreWord {
        word: "减少",
        kind: Pre::Decrease,
    },
    PreWord {
        word: "降低",
        kind: Pre::Decrease,
    },
    PreWord {
        word: "回落",
        kind: Pre::Decrease,
    },
    PreWord {
        word: "下滑",
        kind: Pre::Decrease,
    },
    PreWord {
        word: "控制在",
        kind: Pre::Control,
    },
    PreWord {
        word: "保持在",
        kind: Pre::Control,
    },
    PreWord {
        word: "稳定在",
        kind: Pre::Control,
    },
    PreWord {
        word: "达到",
        kind: Pre::Reached,
    },
    PreWord {
        word: "达",
        kind: Pre::Reached,
    },
    PreWord {
        word: "实现",
        kind: Pre::Reached,
    },
    PreWord {
        word: "完成",
        kind: Pre::Reached,
    },
    PreWord {
        word: "提高到",
        kind: Pre::Reached,
    },
    PreWord {
        word: "提高至",
        kind: Pre::Reached,
    },
    PreWord {
        word: "降至",
        kind: Pre::Reached,
    },
    PreWord {
        word: "为",
        kind: Pre::Reached,
    },
    PreWord {
        word: "迈上",
        kind: Pre::AtLeast,
    },
    PreWord {
        word: "接近",
        kind: Pre::Nearly,
    },
    PreWord {
        word: "将近",
        kind: Pre::Nearly,
    },
    PreWord {
        word: "近",
        kind: Pre::Nearly,
    },
    PreWord {
        word: "大约",
        kind: Pre::About,
    },
    PreWord {
        word: "约",
        kind: Pre::About,
    },
    PreWord {
        word: "超过",
        kind: Pre::Over,
    },
    PreWord {
        word: "突破",
        kind: Pre::Over,
    },
    PreWord {
        word: "逾",
        kind: Pre::Over,
    },
    PreWord {
        word: "超",
        kind: Pre::Over,
    },
    PreWord {
        word: "不低于",
        kind: Pre::AtLeast,
    },
    PreWord {
        word: "不少于",
        kind: Pre::AtLeast,
    },
    PreWord {
        word: "≥",
        kind: Pre::AtLeast,
    },
    PreWord {
        word: ">=",
        kind: Pre::AtLeast,
    },
    PreWord {
        word: "不超过",
        kind: Pre::AtMost,
    },
    PreWord {
        word: "不高于",
        kind: Pre::AtMost,
    },
    PreWord {
        word: "≤",
        kind: Pre::AtMost,
    },
    PreWord {
        word: "<=",
        kind: Pre::AtMost,
    },
];

/// Clause openers that make a clause a comparison about the figure before it.
const COMPARISON_OPENERS: &[&str] = &[
    "高于",
    "低于",
    "快于",
    "慢于",
    "好于",
    "优于",
    "远高于",
    "远超",
    "领先",
    "居",
    "位居",
    "稳居",
    "跃居",
    "位列",
    "排名",
    "排在",
    "排",
    "列",
    "占",
    "同比",
    "同口径",
    "可比",
    "比上年",
    "比去年",
    "较上年",
    "较去年",
    "较年初",
    "较",
    "连续",
    "增速",
    "增幅",
    "总量稳居",
    "总量居",
    "为年度",
    "为全年",
    "为全市",
    "完成年计划",
    "完成年度计划",
    "超过时间进度",
    "快于时间进度",
    "超过序时进度",
    "慢于时间进度",
    "落后",
    "均居",
    "均位居",
    "创",
    "首次",
    "增长",
    "下降",
    "增加",
    "减少",
];

/// Leading words that are not part of a subject.
const LEADING_CONNECTIVES: &[&str] = &[
    "——",
    "●",
    "其中",
    "同时",
    "全年",
    "今年",
    "去年",
    "上年",
    "并",
    "且",
    "和",
    "及",
    "以及",
    "另外",
    "此外",
    "共",
    "初步预计",
    "预计",
    "力争",
    "推动",
    "确保",
    "努力",
    "全力",
    "持续",
    "进一步",
    "已",
    "均",
    "还",
    "也",
    "但",
    "而",
    "与此同时",
    "其次",
    "首先",
    "最后",
    "特别是",
    "尤其是",
    "全面",
    "顺利",
    "成功",
    "继续",
    "年内",
    "当年",
    "可比",
    "同比",
    "同口径",
    "比上年",
    "较上年",
];

const TRAILING_WORDS: &[&str] = &[
    "再",
    "同比",
    "同口径",
    "比上年",
    "较上年",
    "可比",
    "的",
    "已",
    "均",
    "分别",
    "累计",
    "年均",
    "共",
    "总计",
    "合计",
    "全年",
];

fn starts_with_at(chars: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(k, w)| chars.get(k) == Some(&w))
}

fn ends_with_at(chars: &[char], end: usize, word: &str) -> Option<usize> {
    let n = word.chars().count();
    if n > end {
        return None;
    }
    starts_with_at(chars, end - n, word).then_some(end - n)
}

/// Matches the first of `words` at `at`; returns the word and the position after it.
fn match_word<'a>(chars: &[char], at: usize, words: &[&'a str]) -> Option<(&'a str, usize)> {
    words
        .iter()
        .find(|w| starts_with_at(chars, at, w))
        .map(|w| (*w, at + w.chars().count()))
}

/// A number in a clause: digits with an optional decimal part, a fraction (1/2) or a
/// ratio (2.8:50.9:46.3).
struct NumTok {
    start: usize,
    end: usize,
    value: Decimal,
    ratio: Vec<Decimal>,
    fraction: bool,
}

fn scan_number(chars: &[char], i: usize) -> Option<NumTok> {
    let digits = |mut k: usize| {
        let s = k;
        while k < chars.len() && chars[k].is_ascii_digit() {
            k += 1;
        }
        (s, k)
    };
    let (s, mut k) = digits(i);
    if k == s {
        return None;
    }
    if k + 1 < chars.len() && chars[k] == '.' && chars[k + 1].is_ascii_digit() {
        k = digits(k + 1).1;
    }
    let text: String = chars[s..k].iter().collect();
    let mut value = Decimal::from_str(&text).ok()?;
    let mut start = s;
    // A minus sign right before, not after a digit (1-3月 is a range).
    if s > 0 && chars[s - 1] == '-' && (s < 2 || !chars[s - 2].is_ascii_digit()) {
        value = -value;
        start = s - 1;
    }
    let mut tok = NumTok {
        start,
        end: k,
        value,
        ratio: Vec::new(),
        fraction: false,
    };
    if k + 1 < chars.len() && chars[k] == '/' && chars[k + 1].is_ascii_digit() {
        let (ds, de) = digits(k + 1);
        let den: String = chars[ds..de].iter().collect();
        if let Ok(d) = Decimal::from_str(&den)
            && !d.is_zero()
        {
            tok.value = value.checked_div(d)?;
            tok.end = de;
            tok.fraction = true;
        }
    } else if k + 1 < chars.len() && chars[k] == ':' && chars[k + 1].is_ascii_digit() {
        let mut parts = vec![value];
        let mut e = k;
        while e + 1 < chars.len() && chars[e] == ':' && chars[e + 1].is_ascii_digit() {
            let (ps, mut pe) = digits(e + 1);
            if pe + 1 < chars.len() && chars[pe] == '.' && chars[pe + 1].is_ascii_digit() {
                pe = digits(pe + 1).1;
            }
            let t: String = chars[ps..pe].iter().collect();
            parts.push(Decimal::from_str(&t).ok()?);
            e = pe;
        }
        if parts.len() >= 3 {
            tok.ratio = parts;
            tok.end = e;
        }
    }
    Some(tok)
}

/// Unit and following qualifiers of a number ending at `at`.
struct UnitTok {
    unit: String,
    more: bool,
    post: Option<&'static str>,
    end: usize,
    stop: bool,
}

fn scan_unit(chars: &[char], at: usize) -> UnitTok {
    let mut k = at;
    let mut more = false;
    let mut unit = String::new();
    if let Some((w, e)) = match_word(chars, k, &["余", "多"])
        && !starts_with_at(chars, e, "项指标")
    {
        let _ = w;
        more = true;
        k = e;
    }
    if let Some((stop, _)) = match_word(chars, k, STOP_UNITS)
        && match_word(chars, k, UNITS)
            .is_none_or(|(u, _)| u.chars().count() <= stop.chars().count())
    {
        return UnitTok {
            unit: String::new(),
            more,
            post: None,
            end: k,
            stop: true,
        };
    }
    if let Some((s, e)) = match_word(chars, k, &SCALES) {
        unit.push_str(s);
        k = e;
        if let Some((_, e2)) = match_word(chars, k, &["余", "多"]) {
            more = true;
            k = e2;
        }
    }
    if let Some((u, e)) = match_word(chars, k, UNITS) {
        unit.push_str(u);
        k = e;
        // A unit per unit: 万元/人, 吨/万元.
        if chars.get(k) == Some(&'/') {
            let (s2, e2) = match match_word(chars, k + 1, &SCALES) {
                Some((s2, e2)) => (s2, e2),
                None => ("", k + 1),
            };
            if let Some((u2, e3)) = match_word(chars, e2, UNITS) {
                unit.push('/');
                unit.push_str(s2);
                unit.push_str(u2);
                k = e3;
            }
        }
    }
    let mut post = None;
    if let Some((p, e)) = match_word(
        chars,
        k,
        &["以上", "以内", "以下", "左右", "上下", "多", "余", "台阶"],
    ) {
        post = Some(p);
        k = e;
        if p == "台阶" {
            post = Some("以上");
        }
    }
    UnitTok {
        unit,
        more,
        post,
        end: k,
        stop: false,
    }
}

fn is_quote_open(c: char) -> bool {
    matches!(c, '“' | '"' | '「' | '『' | '《')
}

fn is_quote_close(c: char) -> bool {
    matches!(c, '”' | '"' | '」' | '』' | '》')
}

/// Whether bracketed text holds a figure: a digit that is not part of a name written in
/// letters ("(PM2.5)", "(R&D)").
fn holds_figure(s: &[char]) -> bool {
    s.iter().enumerate().any(|(k, c)| {
        c.is_ascii_digit() && {
            let word_start = s[..k]
                .iter()
                .rev()
                .take_while(|x| x.is_ascii_alphanumeric() || **x == '.')
                .last();
            !word_start.is_some_and(|w| w.is_ascii_alphabetic())
        }
    })
}

/// Clause boundaries of a sentence (char ranges of the normalised text).
fn clauses(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let mut quote = false;
    // Depth inside parentheses that hold no figure ("(主要是二产、三产未达预期目标)"): their
    // commas do not end the clause.
    let mut depth = 0usize;
    while i < chars.len() {
        let c = chars[i];
        if is_quote_open(c) && !quote && c != '"' {
            quote = true;
        } else if is_quote_close(c) && quote {
            quote = false;
        }
        let sep = !quote
            && match c {
                ',' | ';' | ':' | '、' | '!' | '?' => depth == 0,
                '(' | ')' => {
                    // Parentheses holding a figure are clauses of their own; "(GDP)" is part of a name.
                    let digits = if c == '(' {
                        let close = chars[i..].iter().take(80).position(|&x| x == ')');
                        close.is_some_and(|p| holds_figure(&chars[i..i + p]))
                    } else {
                        let open = chars[..i].iter().rev().take(80).position(|&x| x == '(');
                        open.is_some_and(|p| holds_figure(&chars[i - p..i]))
                    };
                    if !digits {
                        if c == '(' {
                            depth += 1;
                        } else {
                            depth = depth.saturating_sub(1);
                        }
                    }
                    digits
                }
                _ => false,
            };
        if sep {
            if i > start {
                out.push((start, i));
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < chars.len() {
        out.push((start, chars.len()));
    }
    out
}

fn strip_leading(mut s: &[char]) -> (usize, &[char]) {
    let mut skipped = 0;
    loop {
        let before = s.len();
        while let Some(c) = s.first() {
            if c.is_whitespace() || matches!(c, '—' | '-' | '●' | '·' | '.' | '、') {
                s = &s[1..];
                skipped += 1;
            } else {
                break;
            }
        }
        // A year: "2021年安排…", "2023年地区生产总值".
        if s.len() > 5 && s[..4].iter().all(|c| c.is_ascii_digit()) && s[4] == '年' {
            s = &s[5..];
            skipped += 5;
        }
        // Ordinals: 一是, 二是, 第一
        if s.len() >= 2 && "一二三四五六七八九十".contains(s[0]) && s[1] == '是' {
            s = &s[2..];
            skipped += 2;
        }
        if let Some((_, e)) = match_word(s, 0, LEADING_CONNECTIVES) {
            s = &s[e..];
            skipped += e;
        }
        if s.len() == before {
            return (skipped, s);
        }
    }
}

fn strip_trailing(mut s: &[char]) -> &[char] {
    loop {
        let before = s.len();
        while let Some(c) = s.last() {
            if c.is_whitespace() || matches!(c, '—' | '等') {
                s = &s[..s.len() - 1];
            } else {
                break;
            }
        }
        for w in TRAILING_WORDS {
            if let Some(p) = ends_with_at(s, s.len(), w) {
                s = &s[..p];
                break;
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

fn subject_text(
    orig: &[char],
    norm: &[char],
    start: usize,
    end: usize,
    holes: &[(usize, usize)],
) -> String {
    if start >= end {
        return String::new();
    }
    let seg = &norm[start..end];
    let (skip, rest) = strip_leading(seg);
    let rest = strip_trailing(rest);
    let s0 = start + skip;
    let s1 = s0 + rest.len();
    let mut out = String::new();
    for (k, &c) in orig.iter().enumerate().take(s1).skip(s0) {
        if holes.iter().any(|&(a, b)| k >= a && k < b) || matches!(c, '“' | '”' | '"' | '「' | '」')
        {
            continue;
        }
        out.push(c);
    }
    let t = out.trim();
    // A cap keeps a runaway subject (a clause with no punctuation) from filling memory.
    t.chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

/// Nouns counted by a classifier at the start of a clause: "50个新建项目实现开工" → "新建项目".
fn subject_after(orig: &[char], norm: &[char], from: usize, end: usize) -> String {
    const STOPS: &[&str] = &[
        "实现",
        "完成",
        "建成",
        "开工",
        "有序",
        "加速",
        "加快",
        "上榜",
        "入选",
        "获评",
        "落地",
        "入驻",
        "达到",
        "达",
        "获得",
        "竣工",
        "投用",
        "投资进度",
        "推进",
        "作为",
        "覆盖",
        "超额",
        "均",
        "已",
        "全部",
        "顺利",
        "成功",
        "正式",
        "被",
        "纳入",
        "通过",
        "重点推进",
        "全覆盖",
        "全面",
        "全部",
        "完工",
        "开业",
        "揭牌",
        "获批",
    ];
    let mut k = from;
    let limit = end.min(from + 24);
    while k < limit {
        if match_word(norm, k, STOPS).is_some()
            || norm[k].is_ascii_digit()
            || matches!(norm[k], '。' | '.' | '!' | '?')
        {
            break;
        }
        if starts_with_at(norm, k, "项目") {
            k += 2;
            break;
        }
        k += 1;
    }
    orig[from..k.min(end)]
        .iter()
        .filter(|c| !matches!(c, '“' | '”' | '"'))
        .collect::<String>()
        .trim()
        .to_string()
}

fn is_comparison_clause(norm: &[char]) -> bool {
    let (_, rest) = strip_comparison_lead(norm);
    // Words that begin with an opener but are nouns or verbs of their own.
    const NOT_OPENERS: &[&str] = &[
        "居民",
        "居住",
        "排放",
        "排污",
        "排水",
        "列入",
        "列车",
        "占地",
        "创新",
        "创建",
        "创业",
        "创造",
        "较大",
        "较好",
        "较快",
        "连续性",
    ];
    if match_word(rest, 0, NOT_OPENERS).is_some() {
        return false;
    }
    match_word(rest, 0, COMPARISON_OPENERS).is_some()
}

fn strip_comparison_lead(mut s: &[char]) -> (usize, &[char]) {
    let mut k = 0;
    while let Some(c) = s.first() {
        if c.is_whitespace()
            || matches!(
                c,
                '并' | '且' | '均' | '已' | '还' | '也' | '但' | '远' | '总'
            ) && s.len() > 2
        {
            // "总量稳居…" keeps its 总: only strip it before 量.
            if *c == '总' && s.get(1) != Some(&'量') {
                break;
            }
            if *c == '总' {
                break;
            }
            s = &s[1..];
            k += 1;
        } else {
            break;
        }
    }
    (k, s)
}

/// Reads every figure of one sentence. `orig` and `norm` are the same sentence, original and
/// normalised, character for character.
pub(crate) fn sentence_mentions(orig: &[char], norm: &[char]) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let estimated_sentence = {
        let (_, rest) = strip_leading_bullets(norm);
        starts_with_at(rest, 0, "预计")
            || starts_with_at(rest, 0, "初步预计")
            || starts_with_at(rest, 0, "初步统计预计")
    };
    let cls = clauses(norm);
    let strive_at = find(norm, 0, norm.len(), "力争");
    // "A、B分别增长7%、8%": handled on the span between the separators , ; : around 分别.
    let mut paired_until = 0;
    // The subjects of the last such pair ("…分别完成37820元、28104元，同比分别增长6.5%、9.4%").
    let mut last_paired: Vec<String> = Vec::new();
    for (ci, &(cs, ce)) in cls.iter().enumerate() {
        if cs < paired_until {
            continue;
        }
        let clause = &norm[cs..ce];
        if let Some(p) = find(norm, cs, ce, "分别")
            && let Some((mentions, until)) = paired(orig, norm, &cls, ci, p, &last_paired)
        {
            last_paired = mentions.iter().map(|m| m.subject.clone()).collect();
            out.extend(mentions);
            paired_until = until;
            continue;
        }
        let comparison = is_comparison_clause(clause);
        let clause_estimated = estimated_sentence || find(norm, cs, ce, "预计").is_some();
        let strive = strive_at.is_some_and(|k| k < ce);
        let mut holes: Vec<(usize, usize)> = Vec::new();
        let mut quote = false;
        let mut i = cs;
        let mut clause_mentions: Vec<Mention> = Vec::new();
        while i < ce {
            let c = norm[i];
            if is_quote_open(c) && c != '"' {
                quote = true;
            } else if is_quote_close(c) {
                quote = false;
            }
            if !c.is_ascii_digit() || quote {
                i += 1;
                continue;
            }
            let prev = if i > 0 { Some(norm[i - 1]) } else { None };
            if prev.is_some_and(|p| {
                p.is_ascii_alphanumeric() || p == '.' || p == '_' || p == '/' || p == '第'
            }) {
                while i < ce && (norm[i].is_ascii_alphanumeric() || norm[i] == '.') {
                    i += 1;
                }
                continue;
            }
            let Some(tok) = scan_number(norm, i) else {
                i += 1;
                continue;
            };
            i = tok.end.max(i + 1);
            if norm.get(tok.end).is_some_and(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            // A range: "5-6%", "增长7%—7.5%", "5至6万人". The first number may carry the unit
            // or leave it to the second; a range of dates ("1-3月") is skipped whole.
            let mut u = scan_unit(norm, tok.end);
            let mut high = None;
            let sep_at = if u.unit.is_empty() && !u.stop {
                tok.end
            } else {
                u.end
            };
            if norm
                .get(sep_at)
                .is_some_and(|c| matches!(c, '-' | '~' | '—' | '–' | '至' | '到'))
                && norm.get(sep_at + 1).is_some_and(|c| c.is_ascii_digit())
                && let Some(tok2) = scan_number(norm, sep_at + 1)
            {
                let u2 = scan_unit(norm, tok2.end);
                if u2.stop {
                    i = u2.end.max(tok2.end);
                    continue;
                }
                let same = u.unit.is_empty() || u2.unit.is_empty() || u.unit == u2.unit;
                if same && !(u.unit.is_empty() && u2.unit.is_empty()) && !u.stop {
                    // The separator is not a minus sign ("5%-5.5%").
                    high = Some(if norm[sep_at] == '-' {
                        tok2.value.abs()
                    } else {
                        tok2.value
                    });
                    let unit = if u2.unit.is_empty() { u.unit } else { u2.unit };
                    u = UnitTok {
                        unit,
                        more: u.more || u2.more,
                        post: u2.post.or(u.post),
                        end: u2.end,
                        stop: false,
                    };
                } else if u.unit.is_empty() {
                    // "1-3" of something unread: skip the first number, as before.
                    continue;
                }
            }
            if u.stop {
                continue;
            }
            if u.unit.is_empty() && tok.ratio.is_empty() && !tok.fraction {
                continue;
            }
            // Pre-qualifiers and verb, read backwards.
            let mut p = tok.start;
            let mut pre: Vec<Pre> = Vec::new();
            loop {
                let mut matched = false;
                for w in PRE_WORDS {
                    if let Some(s) = ends_with_at(norm, p, w.word)
                        && s >= cs
                    {
                        pre.push(w.kind);
                        p = s;
                        matched = true;
                        break;
                    }
                }
                if !matched || pre.len() >= 3 {
                    break;
                }
            }
            let change = pre.iter().find_map(|k| match k {
                Pre::Increase => Some(Change::Increase),
                Pre::Decrease => Some(Change::Decrease),
                _ => None,
            });
            let mut approx = pre.iter().find_map(|k| match k {
                Pre::Nearly => Some(Qualifier::Nearly),
                Pre::About => Some(Qualifier::About),
                Pre::Over => Some(Qualifier::Over),
                Pre::AtMost => Some(Qualifier::Within),
                _ => None,
            });
            let mut at_least = pre.iter().any(|k| matches!(k, Pre::AtLeast | Pre::Over));
            match u.post {
                Some("以上") => at_least = true,
                Some("以内") | Some("以下") => approx = Some(Qualifier::Within),
                Some("左右") | Some("上下") => approx = Some(Qualifier::About),
                Some("多") | Some("余") => approx = approx.or(Some(Qualifier::MoreThan)),
                _ => {}
            }
            if u.more {
                approx = approx.or(Some(Qualifier::MoreThan));
            }
            let counts_indicators = u.unit == "项"
                && ((u.end..(u.end + 14).min(ce)).any(|k| starts_with_at(norm, k, "指标"))
                    || ends_with_at(norm, p, "指标").is_some());
            let is_classifier = CLASSIFIERS.contains(&u.unit.as_str())
                || SCALES.iter().any(|s| {
                    u.unit
                        .strip_prefix(s)
                        .is_some_and(|r| CLASSIFIERS.contains(&r))
                });
            // "A高于全省平均2个百分点": the comparison is the target, A its subject.
            if matches!(u.unit.as_str(), "个百分点" | "百分点")
                && let Some(w) = (cs + 1..p).rev().find(|&k| {
                    ["高于", "快于", "低于", "超过", "领先"]
                        .iter()
                        .any(|w| starts_with_at(norm, k, w))
                })
            {
                p = w;
            }
            let subj_before = subject_text(orig, norm, cs, p, &holes);
            let after = if is_classifier && u.end < ce {
                subject_after(orig, norm, u.end, ce)
            } else {
                String::new()
            };
            let before_ends_etc =
                norm[cs..p].iter().rev().find(|c| !c.is_whitespace()) == Some(&'等');
            let (subject, inherited) =
                if !after.is_empty() && (subj_before.is_empty() || before_ends_etc) {
                    (after, false)
                } else if !after.is_empty() {
                    (format!("{subj_before}{after}"), false)
                } else if subj_before.is_empty() {
                    let prev = clause_mentions
                        .last()
                        .or(out.iter().rev().find(|m| !m.in_comparison));
                    match prev {
                        Some(m) => (m.subject.clone(), true),
                        None => (subj_before, false),
                    }
                } else {
                    (subj_before, false)
                };
            let phrase: String = orig[p..u.end.min(orig.len())].iter().collect();
            holes.push((tok.start, u.end));
            clause_mentions.push(Mention {
                subject,
                subject_inherited: inherited,
                value: if tok.value.is_sign_negative() && change == Some(Change::Decrease) {
                    -tok.value
                } else {
                    tok.value
                },
                unit: u.unit,
                change,
                approx,
                at_least,
                reached: pre.contains(&Pre::Reached),
                control: pre.contains(&Pre::Control),
                estimated: clause_estimated,
                strive,
                phrase: phrase.trim().to_string(),
                comparisons: Vec::new(),
                in_comparison: comparison && !(change.is_some() && inherited),
                ratio: tok.ratio,
                counts_indicators,
                high,
            });
            i = u.end.max(i);
        }
        if comparison {
            let text: String = orig[cs..ce].iter().collect();
            let text = text
                .trim()
                .trim_start_matches(['并', '且', '但', '还', '也'])
                .trim_end_matches(['。', '.', '!', '?', '！', '？'])
                .trim()
                .to_string();
            // The comparison belongs to the last figure before this clause.
            if let Some(m) = out.iter_mut().rev().find(|m| !m.in_comparison) {
                m.comparisons.push(text);
            }
        }
        out.extend(clause_mentions);
    }
    out
}

/// A target or result stated without a figure, in one clause.
pub(crate) struct Numberless {
    pub subject: String,
    /// The words of the target as printed ("与经济增长同步", "实现正增长").
    pub phrase: String,
    pub expr: planwatch_domain::Expr,
}

/// Where a figure-less target or result starts in a clause, and whether it needs a subject
/// before it (`实现正增长` may take the subject of the clause before: "固定资产投资扭转下滑态势，
/// 实现正增长").
fn numberless_start(norm: &[char], cs: usize, ce: usize) -> Option<(usize, bool)> {
    for k in cs..ce {
        if starts_with_at(norm, k, "与")
            && ["同步", "相匹配", "相适应", "同向"]
                .iter()
                .any(|w| find(norm, k, ce, w).is_some())
        {
            return Some((k, true));
        }
        if ["快于", "高于", "不低于", "不慢于"]
            .iter()
            .any(|w| starts_with_at(norm, k, w))
        {
            return Some((k, true));
        }
        if [
            "实现正增长",
            "保持正增长",
            "正增长",
            "实现翻番",
            "翻番",
            "翻一番",
            "翻两番",
        ]
        .iter()
        .any(|w| starts_with_at(norm, k, w))
        {
            return Some((k, false));
        }
        if starts_with_at(norm, k, "完成") && find(norm, k, ce, "下达").is_some() {
            return Some((k, true));
        }
    }
    None
}

/// Targets and results stated without a figure in a sentence: "居民人均可支配收入增长与经济增长
/// 同步", "外贸进出口实现正增长", "节能减排降碳完成市下达的任务". Only what the expression grammar
/// reads as a relation, a sign, an outcome or a delegation is kept.
pub(crate) fn numberless(orig: &[char], norm: &[char]) -> Vec<Numberless> {
    let mut out = Vec::new();
    let cls = clauses(norm);
    for (ci, &(cs, ce)) in cls.iter().enumerate() {
        if norm[cs..ce].iter().any(|c| c.is_ascii_digit()) || ce - cs > 60 {
            continue;
        }
        let Some((k, needs_subject)) = numberless_start(norm, cs, ce) else {
            continue;
        };
        let mut end = ce;
        while end > k && matches!(norm[end - 1], '。' | '.' | ' ') {
            end -= 1;
        }
        let phrase: String = orig[k..end].iter().collect();
        let expr = planwatch_text::parse_expr(&phrase);
        use planwatch_domain::Form;
        let kept = match &expr.form {
            Form::Relative { .. } | Form::Outcome { .. } | Form::Delegated { .. } => true,
            Form::Bound { value, .. } => value.value.is_zero(),
            Form::Value(_) => phrase.contains('翻'),
            _ => false,
        };
        if !kept {
            continue;
        }
        let mut subject = subject_text(orig, norm, cs, k, &[]);
        // "实现"/"保持" before the sign belong to the phrase, not the subject.
        for w in ["实现", "保持", "再", "超额"] {
            if let Some(rest) = subject.strip_suffix(w) {
                subject = rest.to_string();
            }
        }
        if subject.is_empty() && !needs_subject && ci > 0 {
            // The subject of the clause before, up to its verb.
            let (ps, pe) = cls[ci - 1];
            const VERBS: &[&str] = &[
                "扭转", "保持", "实现", "力争", "确保", "完成", "达到", "稳定", "持续", "继续",
            ];
            let cut = (ps..pe)
                .find(|&x| VERBS.iter().any(|w| starts_with_at(norm, x, w)))
                .unwrap_or(pe);
            subject = subject_text(orig, norm, ps, cut, &[]);
        }
        if subject.is_empty() || subject.chars().count() > 30 {
            continue;
        }
        out.push(Numberless {
            subject,
            phrase,
            expr,
        });
    }
    out
}

fn strip_leading_bullets(mut s: &[char]) -> (usize, &[char]) {
    let mut k = 0;
    while let Some(c) = s.first() {
        if c.is_whitespace() || matches!(c, '—' | '-' | '●' | '·' | '•' | '▲' | '■') {
            s = &s[1..];
            k += 1;
        } else {
            break;
        }
    }
    (k, s)
}

fn find(chars: &[char], from: usize, to: usize, word: &str) -> Option<usize> {
    (from..to).find(|&k| starts_with_at(chars, k, word))
}

/// "A、B和C分别下降30.8%、51.5%、82.8%": one figure per subject. `p` is where 分别 stands.
/// Returns the figures and the position up to which clauses are consumed.
fn paired(
    orig: &[char],
    norm: &[char],
    cls: &[(usize, usize)],
    ci: usize,
    p: usize,
    previous: &[String],
) -> Option<(Vec<Mention>, usize)> {
    // The subjects: from the start of the comma-level clause to 分别.
    let mut s = cls[ci].0;
    let mut k = ci;
    while k > 0 && s > 0 && norm[s - 1] == '、' {
        k -= 1;
        s = cls[k].0;
    }
    let subj_text: Vec<char> = norm[s..p].to_vec();
    let subj_orig: Vec<char> = orig[s..p].to_vec();
    // The figures: from 分别 to the end of the comma-level clause.
    let mut e = cls[ci].1;
    let mut j = ci;
    while j + 1 < cls.len() && norm.get(e) == Some(&'、') {
        j += 1;
        e = cls[j].1;
    }
    // Split subjects at 、 和 及 与 (outside quotes).
    let mut subjects: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut quote = false;
    for (idx, &c) in subj_text.iter().enumerate() {
        if is_quote_open(c) && c != '"' {
            quote = true;
        } else if is_quote_close(c) {
            quote = false;
        }
        if !quote && matches!(c, '、' | '和' | '及' | '与') {
            subjects.push(std::mem::take(&mut cur));
        } else if !matches!(c, '“' | '”' | '"') {
            cur.push(subj_orig[idx]);
        }
    }
    subjects.push(cur);
    let subjects: Vec<String> = subjects
        .into_iter()
        .map(|x| {
            let cs: Vec<char> = x.chars().collect();
            let (_, rest) = strip_leading(&cs);
            rest.iter().collect::<String>().trim().to_string()
        })
        .filter(|x| !x.is_empty())
        .collect();
    // A shared noun: "汽车、电子电器两大产业产值" → the last part's noun after 两大/N个;
    // "工业和服务业增加值" → 工业增加值, 服务业增加值; "城镇和农村居民人均可支配收入" → 城镇居民…,
    // 农村居民…; "城乡居民人均可支配收入分别…" → 城镇居民…, 农村居民….
    let subjects = share_suffix(share_noun(share_counterpart(subjects)));
    let mut figures = Vec::new();
    let mut i = p + 2;
    let mut pre: Vec<Pre> = Vec::new();
    while i < e {
        if !norm[i].is_ascii_digit() {
            if let Some(w) = PRE_WORDS.iter().find(|w| starts_with_at(norm, i, w.word)) {
                pre.push(w.kind);
                i += w.word.chars().count();
                continue;
            }
            i += 1;
            continue;
        }
        let tok = scan_number(norm, i)?;
        let u = scan_unit(norm, tok.end);
        figures.push((tok.value, u.unit, u.post, tok.start, u.end));
        i = u.end.max(tok.end).max(i + 1);
    }
    // No subject of its own ("同比分别增长6.5%、9.4%"): the subjects of the pair before.
    let subjects = if subjects.is_empty() && previous.len() == figures.len() {
        previous.to_vec()
    } else {
        subjects
    };
    if figures.len() != subjects.len() || figures.len() < 2 {
        return None;
    }
    let last_unit = figures.last().map(|f| f.1.clone()).unwrap_or_default();
    let last_post = figures.last().and_then(|f| f.2);
    let change = pre.iter().find_map(|k| match k {
        Pre::Increase => Some(Change::Increase),
        Pre::Decrease => Some(Change::Decrease),
        _ => None,
    });
    let mut out = Vec::new();
    for (subject, (value, unit, post, fs, fe)) in subjects.into_iter().zip(figures) {
        let unit = if unit.is_empty() {
            last_unit.clone()
        } else {
            unit
        };
        let post = post.or(last_post);
        let mut approx = None;
        let mut at_least = pre.iter().any(|k| matches!(k, Pre::AtLeast | Pre::Over));
        match post {
            Some("以上") => at_least = true,
            Some("以内") | Some("以下") => approx = Some(Qualifier::Within),
            Some("左右") | Some("上下") => approx = Some(Qualifier::About),
            _ => {}
        }
        let verb: String = orig[p + 2..(p + 2 + pre.len() * 2).min(fs)]
            .iter()
            .collect();
        let fig: String = orig[fs..fe.min(orig.len())].iter().collect();
        out.push(Mention {
            subject,
            subject_inherited: false,
            value,
            unit,
            change,
            approx,
            at_least,
            reached: pre.contains(&Pre::Reached),
            control: pre.contains(&Pre::Control),
            estimated: false,
            strive: false,
            phrase: format!("{}{}", verb.trim_matches(|c: char| c.is_ascii_digit()), fig),
            comparisons: Vec::new(),
            in_comparison: false,
            ratio: Vec::new(),
            counts_indicators: false,
            high: None,
        });
    }
    Some((out, e))
}

/// Words that come in parallel pairs before a shared noun: 城镇/农村 居民人均可支配收入.
const COUNTERPARTS: &[(&str, &str)] = &[
    ("城镇", "农村"),
    ("城市", "农村"),
    ("城镇", "乡村"),
    ("出口", "进口"),
    ("进口", "出口"),
];

fn share_counterpart(subjects: Vec<String>) -> Vec<String> {
    // "城乡X分别…" with two figures: 城镇X and 农村X.
    if let [one] = subjects.as_slice()
        && let Some(rest) = one.strip_prefix("城乡")
        && !rest.is_empty()
    {
        return vec![format!("城镇{rest}"), format!("农村{rest}")];
    }
    let Some(last) = subjects.last().cloned() else {
        return subjects;
    };
    let n = subjects.len();
    subjects
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let tail = COUNTERPARTS
                .iter()
                .find(|(a, b)| i + 1 < n && s == *a && last.starts_with(b))
                .map(|(_, b)| &last[b.len()..]);
            match tail {
                Some(t) if !t.is_empty() => format!("{s}{t}"),
                _ => s,
            }
        })
        .collect()
}

fn share_suffix(subjects: Vec<String>) -> Vec<String> {
    const SUFFIXES: &[&str] = &[
        "增加值",
        "产值",
        "收入",
        "投资",
        "总额",
        "营业收入",
        "销售额",
    ];
    let Some(last) = subjects.last() else {
        return subjects;
    };
    let Some(suffix) = SUFFIXES
        .iter()
        .find(|s| last.ends_with(*s) && last.chars().count() > s.chars().count())
    else {
        return subjects;
    };
    subjects
        .into_iter()
        .map(|s| {
            if s.ends_with(suffix) || s.chars().count() > 6 {
                s
            } else {
                format!("{s}{suffix}")
            }
        })
        .collect()
}

fn share_noun(subjects: Vec<String>) -> Vec<String> {
    let Some(last) = subjects.last() else {
        return subjects;
    };
    let chars: Vec<char> = last.chars().collect();
    let counters = [
        "两大", "三大", "四大", "五大", "两个", "三个", "两项", "三项", "两类", "三类",
    ];
    let mut cut = None;
    for k in 0..chars.len() {
        if counters.iter().any(|c| starts_with_at(&chars, k, c)) {
            cut = Some((k, k + 2));
            break;
        }
    }
    let Some((a, b)) = cut else { return subjects };
    let noun: String = chars[b..].iter().collect();
    let head: String = chars[..a].iter().collect();
    let n = subjects.len();
    subjects
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            if i + 1 == n {
                format!("{head}{noun}")
            } else {
                format!("{s}{noun}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::norm::norm_chars;

    fn mentions(s: &str) -> Vec<Mention> {
        let orig: Vec<char> = s.chars().collect();
        sentence_mentions(&orig, &norm_chars(s))
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn gdp_with_comparisons() {
        let m = mentions(
            "核心指标地区生产总值（GDP）增速达6.7%，高于全市平均水平0.6个百分点，连续三个季度居中心城区第一位",
        );
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].subject, "核心指标地区生产总值（GDP）增速");
        assert_eq!(m[0].value, d("6.7"));
        assert_eq!(m[0].unit, "%");
        assert!(m[0].reached);
        assert_eq!(
            m[0].comparisons,
            vec![
                "高于全市平均水平0.6个百分点",
                "连续三个季度居中心城区第一位"
            ]
        );
        assert!(m[1].in_comparison);
    }

    #[test]
    fn qualifiers() {
        let m = mentions("金融资产规模超3.5万亿元、占全市近1/2，存贷款余额达1.97万亿元");
        assert_eq!(m[0].subject, "金融资产规模");
        assert_eq!(m[0].unit, "万亿元");
        assert_eq!(m[0].approx, Some(Qualifier::Over));
        assert_eq!(m[0].comparisons, vec!["占全市近1/2"]);
        let last = m.last().unwrap();
        assert_eq!(last.subject, "存贷款余额");
        assert_eq!(last.value, d("1.97"));
        let m = mentions("提供帮办代办服务1.5万余次");
        assert_eq!(m[0].unit, "万次");
        assert_eq!(m[0].approx, Some(Qualifier::MoreThan));
        let m = mentions("覆盖关爱群众30余万人");
        assert_eq!(m[0].unit, "万人");
        assert_eq!(m[0].value, d("30"));
    }

    #[test]
    fn inherited_growth() {
        let m = mentions("社会消费品零售总额达869亿元、同比增长8.7%");
        assert_eq!(m.len(), 2);
        assert_eq!(m[1].subject, "社会消费品零售总额");
        assert!(m[1].subject_inherited);
        assert_eq!(m[1].change, Some(Change::Increase));
        assert!(!m[1].in_comparison);
        assert_eq!(m[0].comparisons, vec!["同比增长8.7%"]);
    }

    #[test]
    fn counted_nouns_follow() {
        let m = mentions("其中，重庆光掩膜版制造项目等50个新建项目实现开工");
        assert_eq!(m[0].subject, "新建项目");
        assert_eq!(m[0].value, d("50"));
    }

    #[test]
    fn paired_figures() {
        let m = mentions("汽车、电子电器两大产业产值分别增长13.6%、11.1%");
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].subject, "汽车产业产值");
        assert_eq!(m[1].subject, "电子电器产业产值");
        assert_eq!(m[1].value, d("11.1"));
        let m = mentions("非法集资新立案数量、涉案人数和涉案金额分别下降30.8%、51.5%、82.8%");
        assert_eq!(m.len(), 3);
        assert_eq!(m[2].subject, "涉案金额");
        assert_eq!(m[2].change, Some(Change::Decrease));
        let m = mentions("工业和服务业增加值分别增长7%、8%左右");
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].subject, "工业增加值");
        assert_eq!(m[0].approx, Some(Qualifier::About));
    }

    #[test]
    fn skips_dates_years_names() {
        assert!(mentions("2023年1月16日在市十七届人大三次会议上").is_empty());
        assert!(mentions("落实“885”工作机制").is_empty());
        assert!(mentions("PM2.5浓度改善率").is_empty());
        assert!(mentions("连续16个月居中心城区第一位").is_empty());
    }

    #[test]
    fn estimates_and_bounds() {
        let m = mentions("——预计地区生产总值增长11%左右");
        assert!(m[0].estimated);
        assert_eq!(m[0].subject, "地区生产总值");
        assert_eq!(m[0].approx, Some(Qualifier::About));
        let m = mentions("城镇调查失业率控制在5.5%以内");
        assert!(m[0].control);
        assert_eq!(m[0].approx, Some(Qualifier::Within));
        let m = mentions("引进区域品牌首店100家以上");
        assert!(m[0].at_least);
        assert_eq!(m[0].subject, "引进区域品牌首店");
    }
}
