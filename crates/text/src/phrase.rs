//! Expressions without a figure: pending, outcome, delegated, relative and qualitative phrases.
//!
//! Each reader recognises a closed grammar of words and says `None` otherwise, so an unknown
//! phrase falls through to "unparsed" instead of being guessed at. All of them run on folded,
//! space-free characters that contain no Arabic digit.

use crate::normalize::{Words, contains, ends_with, equals, find, is_han, longest_at, starts_at};
use planwatch_domain::Relation;
use std::sync::LazyLock;

fn text(cs: &[char]) -> String {
    cs.iter().collect()
}

/// Cells that are only punctuation mean "no figure": `—`, `--`, `-`, `/`, `…`.
pub(crate) fn is_blank_mark(cs: &[char]) -> bool {
    !cs.is_empty()
        && cs
            .iter()
            .all(|c| matches!(c, '-' | '/' | '\\' | '~' | '…' | '.' | '_' | '*' | '、'))
}

/// Words that say the figure is not in yet.
const PENDING_WORDS: &[&str] = &[
    "暂未反馈",
    "未反馈",
    "待反馈",
    "暂无数据",
    "暂无",
    "无数据",
    "待公布",
    "未公布",
    "尚未公布",
    "待统计",
    "统计中",
    "未统计",
    "待核实",
    "待更新",
    "数据未出",
    "暂缺",
    "数据暂缺",
    "待定",
    "不适用",
];

/// Whether the phrase says the figure is pending: `市级暂未反馈`, `待省反馈`, `暂无数据`, `无`.
pub(crate) fn is_pending(cs: &[char]) -> bool {
    if equals(cs, "无") || PENDING_WORDS.iter().any(|w| contains(cs, w)) {
        return true;
    }
    // 待省反馈, 待市级反馈: a waiting word with 反馈 anywhere after it.
    match find(cs, "反馈") {
        Some(p) => cs[..p].iter().any(|c| matches!(c, '待' | '暂' | '未')),
        None => false,
    }
}

/// The outcome a phrase reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Met(bool),
    /// 基本完成: neither met nor not met; the model has no place for it.
    Basically,
}

const OUTCOME_FIXED: &[(&str, Outcome)] = &[
    ("超额完成", Outcome::Met(true)),
    ("超预期", Outcome::Met(true)),
    ("超出预期", Outcome::Met(true)),
    ("好于预期", Outcome::Met(true)),
    ("高于预期", Outcome::Met(true)),
    ("优于预期", Outcome::Met(true)),
    ("符合预期", Outcome::Met(true)),
    ("达标", Outcome::Met(true)),
    ("已达标", Outcome::Met(true)),
    ("全面达标", Outcome::Met(true)),
    ("未达标", Outcome::Met(false)),
    ("不达标", Outcome::Met(false)),
    ("低于预期", Outcome::Met(false)),
    ("略低于预期", Outcome::Met(false)),
    ("不及预期", Outcome::Met(false)),
    ("未达预期", Outcome::Met(false)),
    ("基本完成", Outcome::Basically),
    ("基本达到预期", Outcome::Basically),
    ("基本达标", Outcome::Basically),
    ("基本符合预期", Outcome::Basically),
];

/// Words before the verb. `None` marks a negation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    Plain,
    Negation,
    Basically,
}

const OUTCOME_MODIFIERS_LIST: &[(&str, Modifier)] = &[
    ("已", Modifier::Plain),
    ("已经", Modifier::Plain),
    ("全面", Modifier::Plain),
    ("均", Modifier::Plain),
    ("均已", Modifier::Plain),
    ("顺利", Modifier::Plain),
    ("圆满", Modifier::Plain),
    ("超额", Modifier::Plain),
    ("全部", Modifier::Plain),
    ("如期", Modifier::Plain),
    ("按期", Modifier::Plain),
    ("提前", Modifier::Plain),
    ("足额", Modifier::Plain),
    ("确保", Modifier::Plain),
    ("基本", Modifier::Basically),
    ("未", Modifier::Negation),
    ("未能", Modifier::Negation),
    ("尚未", Modifier::Negation),
    ("没有", Modifier::Negation),
    ("没", Modifier::Negation),
    ("不能", Modifier::Negation),
    ("无法", Modifier::Negation),
];
static OUTCOME_MODIFIERS: LazyLock<Words<Modifier>> =
    LazyLock::new(|| Words::new(OUTCOME_MODIFIERS_LIST));

/// Verbs of an outcome; `true` when the verb may stand alone (`完成`), `false` when it needs an
/// object (`达到目标`).
const OUTCOME_VERBS_LIST: &[(&str, bool)] = &[
    ("完成", true),
    ("达成", true),
    ("达标", true),
    ("达到", false),
    ("实现", false),
    ("达", false),
    ("符合", false),
];
static OUTCOME_VERBS: LazyLock<Words<bool>> = LazyLock::new(|| Words::new(OUTCOME_VERBS_LIST));

/// What an outcome verb may have been done to: a target, task, plan or expectation.
const OUTCOME_OBJECT_ENDS: &[&str] = &[
    "目标", "任务", "指标", "计划", "预期", "要求", "进度", "下达",
];

fn outcome_core(cs: &[char]) -> Option<Outcome> {
    if let Some(&(_, o)) = OUTCOME_FIXED.iter().find(|(w, _)| equals(cs, w)) {
        return Some(o);
    }
    let mut i = 0;
    let mut negated = false;
    let mut basically = false;
    while let Some((m, n)) = longest_at(cs, i, &OUTCOME_MODIFIERS) {
        // 达标 must stay a verb, not 达 + 标.
        if longest_at(cs, i, &OUTCOME_VERBS).is_some() {
            break;
        }
        match m {
            Modifier::Negation => negated = true,
            Modifier::Basically => basically = true,
            Modifier::Plain => {}
        }
        i += n;
    }
    let (alone_ok, n) = longest_at(cs, i, &OUTCOME_VERBS)?;
    let object = &cs[i + n..];
    let object_ok = if object.is_empty() {
        alone_ok
    } else {
        // 达到目标, 完成市级下达目标, 完成市下达的任务: no figure, ending in a target word.
        OUTCOME_OBJECT_ENDS.iter().any(|w| ends_with(object, w))
            && !object.iter().any(|c| c.is_ascii_digit())
    };
    if !object_ok {
        return None;
    }
    Some(match (negated, basically) {
        (true, _) => Outcome::Met(false),
        (false, true) => Outcome::Basically,
        (false, false) => Outcome::Met(true),
    })
}

/// An outcome phrase, possibly after a subject: `完成市级下达目标`, `未完成`,
/// `节能减排降碳完成市下达的任务` (subject `节能减排降碳`).
pub(crate) fn outcome(cs: &[char]) -> Option<(Outcome, Option<String>)> {
    if let Some(o) = outcome_core(cs) {
        return Some((o, None));
    }
    for k in 1..cs.len() {
        // 下达 is not 下 + 达: 按市级下达目标 is delegated, not "达目标" after a subject.
        if cs[k - 1] == '下' && cs[k] == '达' {
            continue;
        }
        let starts_core = longest_at(cs, k, &OUTCOME_MODIFIERS).is_some()
            || longest_at(cs, k, &OUTCOME_VERBS).is_some()
            || OUTCOME_FIXED.iter().any(|(w, _)| starts_at(cs, k, w));
        if starts_core
            && is_subject(&cs[..k])
            && let Some(o) = outcome_core(&cs[k..])
        {
            return Some((o, Some(text(&cs[..k]))));
        }
    }
    None
}

/// Words that introduce who assigns the target: 以国家下达为准, 按省下达, 待市级下达, 由市级下达.
const DELEGATION_MARKERS_LIST: &[(&str, ())] = &[
    ("以", ()),
    ("按", ()),
    ("按照", ()),
    ("依照", ()),
    ("依据", ()),
    ("根据", ()),
    ("遵照", ()),
    ("由", ()),
    ("待", ()),
    ("执行", ()),
    ("服从", ()),
];
static DELEGATION_MARKERS: LazyLock<Words<()>> =
    LazyLock::new(|| Words::new(DELEGATION_MARKERS_LIST));

/// What may follow 下达 in a delegated target.
const DELEGATION_TAILS: &[&str] = &[
    "",
    "为准",
    "目标",
    "任务",
    "指标",
    "计划",
    "数",
    "值",
    "目标值",
    "的目标",
    "的任务",
    "的指标",
    "目标为准",
    "任务为准",
    "指标为准",
    "数为准",
    "的为准",
];

/// A delegated target: `市级下达` (authority 市级), `以国家和广东省下达为准` (国家和广东省),
/// `节能减排指标以国家和广东省下达为准` (subject 节能减排指标). Returns the authority, the subject,
/// and whether the authority had to be assumed.
pub(crate) fn delegated(cs: &[char]) -> Option<(String, Option<String>, bool)> {
    let p = find(cs, "下达")?;
    let tail = &cs[p + 2..];
    if !DELEGATION_TAILS.iter().any(|t| equals(tail, t)) {
        return None;
    }
    let before = &cs[..p];
    // The last marker separates a subject from the authority.
    let mut split = None;
    for k in 0..before.len() {
        if let Some((_, n)) = longest_at(before, k, &DELEGATION_MARKERS) {
            split = Some((k, k + n));
        }
    }
    let (subject, authority) = match split {
        Some((k, a)) => (&before[..k], &before[a..]),
        None => (&before[..0], before),
    };
    if !authority.iter().all(|&c| is_han(c))
        || !subject
            .iter()
            .all(|&c| is_han(c) || c.is_ascii_alphabetic())
    {
        return None;
    }
    let subject = (!subject.is_empty()).then(|| text(subject));
    if authority.is_empty() {
        return Some(("上级".to_string(), subject, true));
    }
    Some((text(authority), subject, false))
}

/// Words that end a relative target, read as "in step with".
const IN_STEP_ENDS: &[&str] = &[
    "同步",
    "相匹配",
    "匹配",
    "相适应",
    "相协调",
    "协调",
    "相一致",
    "一致",
    "持平",
    "相当",
    "同向",
];

/// Softeners between the reference and the end word: 与经济增长基本同步, 与经济增长保持同步.
const IN_STEP_SOFTENERS: &[(&str, ())] = &[
    ("保持", ()),
    ("基本", ()),
    ("总体", ()),
    ("大体", ()),
    ("实现", ()),
    ("做到", ()),
];

/// Comparison words of a relative target, the relation, and whether the model can hold it.
const RELATIVE_WORDS_LIST: &[(&str, Option<Relation>)] = &[
    ("快于", Some(Relation::Above)),
    ("高于", Some(Relation::Above)),
    ("略高于", Some(Relation::Above)),
    ("稍高于", Some(Relation::Above)),
    ("明显高于", Some(Relation::Above)),
    ("优于", Some(Relation::Above)),
    ("好于", Some(Relation::Above)),
    ("超过", Some(Relation::Above)),
    ("领先于", Some(Relation::Above)),
    ("大于", Some(Relation::Above)),
    ("强于", Some(Relation::Above)),
    ("不低于", Some(Relation::NotBelow)),
    ("不慢于", Some(Relation::NotBelow)),
    ("不少于", Some(Relation::NotBelow)),
    ("不小于", Some(Relation::NotBelow)),
    ("不落后于", Some(Relation::NotBelow)),
    ("不弱于", Some(Relation::NotBelow)),
    // "Below another indicator" has no Relation; recognised so it is reported, not misread.
    ("低于", None),
    ("慢于", None),
    ("小于", None),
    ("不高于", None),
    ("不超过", None),
    ("不快于", None),
];
static RELATIVE_WORDS: LazyLock<Words<Option<Relation>>> =
    LazyLock::new(|| Words::new(RELATIVE_WORDS_LIST));

/// A relative target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RelativeReading {
    pub reference: String,
    /// `None` for a relation the model cannot hold (below another indicator).
    pub relation: Option<Relation>,
    pub word: String,
    pub subject: Option<String>,
}

/// A target relative to another indicator or to last year: `与经济增长同步`,
/// `与经济增长保持同步`, `快于经济增长`, `居民收入增速与经济增速相匹配`, `不低于上年`.
pub(crate) fn relative(cs: &[char]) -> Option<RelativeReading> {
    in_step(cs).or_else(|| compared(cs))
}

fn in_step(cs: &[char]) -> Option<RelativeReading> {
    // 与经济增长同步增长: a trailing growth verb repeats the subject's.
    let mut body = cs;
    for verb in ["增长", "提高", "提升", "增加"] {
        if ends_with(body, verb) && body.len() > 2 {
            body = &body[..body.len() - 2];
            break;
        }
    }
    let end_word = IN_STEP_ENDS
        .iter()
        .filter(|w| ends_with(body, w))
        .max_by_key(|w| w.chars().count())?;
    let mut before = &body[..body.len() - end_word.chars().count()];
    // Strip softeners from the end of the reference: 基本, 保持, 保持基本, 基本保持.
    loop {
        let stripped = IN_STEP_SOFTENERS
            .iter()
            .map(|(w, _)| *w)
            .find(|w| ends_with(before, w));
        match stripped {
            Some(w) => before = &before[..before.len() - w.chars().count()],
            None => break,
        }
    }
    let connector = before
        .iter()
        .position(|&c| c == '与')
        .or_else(|| before.iter().position(|&c| matches!(c, '同' | '跟' | '和')))?;
    let reference = &before[connector + 1..];
    let subject = &before[..connector];
    if reference.is_empty()
        || !is_reference(reference)
        || !(subject.is_empty() || is_subject(subject))
    {
        return None;
    }
    Some(RelativeReading {
        reference: text(reference),
        relation: Some(Relation::InStep),
        word: end_word.to_string(),
        subject: (!subject.is_empty()).then(|| text(subject)),
    })
}

fn compared(cs: &[char]) -> Option<RelativeReading> {
    for k in 0..cs.len() {
        let Some((relation, n)) = longest_at(cs, k, &RELATIVE_WORDS) else {
            continue;
        };
        // 不高于 contains 高于 and 不超过 contains 超过: read from the 不.
        if k > 0 && cs[k - 1] == '不' {
            continue;
        }
        let subject = &cs[..k];
        let reference = &cs[k + n..];
        if reference.is_empty()
            || !is_reference(reference)
            || !(subject.is_empty() || is_subject(subject))
        {
            return None;
        }
        return Some(RelativeReading {
            reference: text(reference),
            relation,
            word: text(&cs[k..k + n]),
            subject: (!subject.is_empty()).then(|| text(subject)),
        });
    }
    None
}

/// A reference names an indicator or a period in words: 经济增长, 全市平均水平, 上年, GDP增速.
fn is_reference(cs: &[char]) -> bool {
    cs.iter()
        .all(|&c| is_han(c) || c.is_ascii_alphabetic() || matches!(c, '(' | ')'))
}

/// A subject names what the expression is about, in words (ASCII digits only inside an ASCII
/// word such as `PM2.5`), without punctuation that would make it a clause of its own.
pub(crate) fn is_subject(cs: &[char]) -> bool {
    let mut letter_word = false;
    for &c in cs {
        let ok = if c.is_ascii_alphabetic() {
            letter_word = true;
            true
        } else if c.is_ascii_digit() || c == '.' {
            letter_word
        } else {
            letter_word = false;
            is_han(c) || matches!(c, '(' | ')' | '·' | '#')
        };
        if !ok {
            return false;
        }
    }
    !cs.is_empty()
}

/// How a qualitative phrase opens: 稳中, 保持, 持续, 逐步, 进一步 …
const QUALITATIVE_LEADS_LIST: &[(&str, ())] = &[
    ("稳中", ()),
    ("稳步", ()),
    ("稳定", ()),
    ("保持", ()),
    ("持续", ()),
    ("逐步", ()),
    ("进一步", ()),
    ("不断", ()),
    ("继续", ()),
    ("有所", ()),
    ("基本", ()),
    ("总体", ()),
    ("明显", ()),
    ("显著", ()),
    ("大幅", ()),
    ("较快", ()),
    ("较大", ()),
    ("平稳", ()),
    ("合理", ()),
    ("小幅", ()),
    ("快速", ()),
    ("加快", ()),
    ("积极", ()),
    ("全面", ()),
    ("有效", ()),
    ("大力", ()),
    ("切实", ()),
    ("实现", ()),
    ("确保", ()),
    ("努力", ()),
    ("力争", ()),
    ("在", ()),
];
static QUALITATIVE_LEADS: LazyLock<Words<()>> =
    LazyLock::new(|| Words::new(QUALITATIVE_LEADS_LIST));

/// How a qualitative phrase ends: the direction or state it aims at.
const QUALITATIVE_ENDS: &[&str] = &[
    "提升",
    "提高",
    "改善",
    "增长",
    "下降",
    "降低",
    "稳定",
    "优化",
    "好转",
    "加强",
    "增强",
    "扩大",
    "增加",
    "减少",
    "提质",
    "向好",
    "有升",
    "有进",
    "有增",
    "有降",
    "回升",
    "上升",
    "缩小",
    "完善",
    "巩固",
    "领先",
    "前列",
    "合理区间",
    "合理水平",
    "平稳",
    "提质增效",
    "增效",
    "扩容",
    "提速",
    "健康发展",
    "发展",
    "持平",
    "恢复",
    "求进",
    "趋稳",
    "趋好",
];

const QUALITATIVE_FIXED: &[&str] = &[
    "只增不减",
    "稳中求进",
    "稳中向好",
    "稳中有进",
    "稳中提质",
    "稳中有升",
];

/// How many opening words a qualitative phrase had, if the whole text is one.
fn qualitative_core(cs: &[char]) -> Option<usize> {
    if QUALITATIVE_FIXED.iter().any(|w| equals(cs, w)) {
        return Some(1);
    }
    let mut i = 0;
    let mut leads = 0;
    loop {
        let rest = &cs[i..];
        // An end word wins over reading it as another lead: 保持稳定 ends in 稳定.
        if QUALITATIVE_ENDS.iter().any(|w| equals(rest, w)) {
            return Some(leads);
        }
        let (_, n) = longest_at(cs, i, &QUALITATIVE_LEADS)?;
        i += n;
        leads += 1;
    }
}

/// A qualitative aim or result: `稳中提质`, `保持基本稳定`, `稳步提升`, `有所提高`; after a subject
/// only when it opens with a lead word (`制造业占比保持基本稳定`). Returns the subject, if any.
pub(crate) fn qualitative(cs: &[char]) -> Option<Option<String>> {
    if qualitative_core(cs).is_some() {
        return Some(None);
    }
    for k in 1..cs.len() {
        if longest_at(cs, k, &QUALITATIVE_LEADS).is_some()
            && is_subject(&cs[..k])
            && qualitative_core(&cs[k..]).is_some_and(|leads| leads > 0)
        {
            return Some(Some(text(&cs[..k])));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::compact;

    #[test]
    fn recognises_pending_words() {
        for t in [
            "市级暂未反馈",
            "暂未反馈",
            "待省反馈",
            "待反馈",
            "暂无数据",
            "待公布",
            "无",
            "不适用",
        ] {
            assert!(is_pending(&compact(t)), "{t}");
        }
        for t in ["待市级下达", "未完成", "已反馈", "稳步提升"] {
            assert!(!is_pending(&compact(t)), "{t}");
        }
    }

    #[test]
    fn recognises_outcomes() {
        let cases = [
            ("完成", Outcome::Met(true)),
            ("已完成", Outcome::Met(true)),
            ("完成市级下达目标", Outcome::Met(true)),
            ("完成市下达的任务", Outcome::Met(true)),
            ("完成省下达任务", Outcome::Met(true)),
            ("达到目标", Outcome::Met(true)),
            ("达标", Outcome::Met(true)),
            ("未完成", Outcome::Met(false)),
            ("未完成市级下达目标", Outcome::Met(false)),
            ("未达到预期", Outcome::Met(false)),
            ("基本完成", Outcome::Basically),
        ];
        for (t, want) in cases {
            assert_eq!(outcome(&compact(t)).map(|o| o.0), Some(want), "{t}");
        }
        assert_eq!(
            outcome(&compact("节能减排降碳完成市下达的任务")),
            Some((Outcome::Met(true), Some("节能减排降碳".to_string())))
        );
        for t in ["达到", "完成310亿元", "市级下达", "稳步提升"] {
            assert_eq!(outcome(&compact(t)), None, "{t}");
        }
    }

    #[test]
    fn recognises_delegation() {
        let d = |t: &str| delegated(&compact(t));
        assert_eq!(d("市级下达"), Some(("市级".into(), None, false)));
        assert_eq!(d("市下达"), Some(("市".into(), None, false)));
        assert_eq!(d("按省下达"), Some(("省".into(), None, false)));
        assert_eq!(d("待市级下达"), Some(("市级".into(), None, false)));
        assert_eq!(
            d("以国家和广东省下达为准"),
            Some(("国家和广东省".into(), None, false))
        );
        assert_eq!(
            d("节能减排指标以国家和广东省下达为准"),
            Some(("国家和广东省".into(), Some("节能减排指标".into()), false))
        );
        assert_eq!(d("下达"), Some(("上级".into(), None, true)));
        assert_eq!(d("市级下达后再定"), None);
    }

    #[test]
    fn recognises_relative_targets() {
        let r = |t: &str| relative(&compact(t)).map(|r| (r.reference, r.relation));
        assert_eq!(
            r("与经济增长同步"),
            Some(("经济增长".into(), Some(Relation::InStep)))
        );
        assert_eq!(
            r("与经济增长保持同步"),
            Some(("经济增长".into(), Some(Relation::InStep)))
        );
        assert_eq!(
            r("与经济增长基本同步"),
            Some(("经济增长".into(), Some(Relation::InStep)))
        );
        assert_eq!(
            r("与经济增速相匹配"),
            Some(("经济增速".into(), Some(Relation::InStep)))
        );
        assert_eq!(
            r("快于经济增长"),
            Some(("经济增长".into(), Some(Relation::Above)))
        );
        assert_eq!(
            r("不低于上年"),
            Some(("上年".into(), Some(Relation::NotBelow)))
        );
        assert_eq!(r("低于全市平均水平"), Some(("全市平均水平".into(), None)));
        assert_eq!(r("不高于上年"), Some(("上年".into(), None)));
        assert_eq!(r("稳步提升"), None);
    }

    #[test]
    fn recognises_qualitative_phrases() {
        for t in [
            "稳中提质",
            "保持基本稳定",
            "基本稳定",
            "稳步提升",
            "持续改善",
            "稳中有升",
            "有所提高",
            "进一步提升",
            "逐步提高",
            "保持稳定",
            "稳定",
        ] {
            assert_eq!(qualitative(&compact(t)), Some(None), "{t}");
        }
        assert_eq!(
            qualitative(&compact("制造业占比保持基本稳定")),
            Some(Some("制造业占比".into()))
        );
        for t in ["好得很", "收入稳定", "市级下达", "稳中"] {
            assert_eq!(qualitative(&compact(t)), None, "{t}");
        }
    }
}
