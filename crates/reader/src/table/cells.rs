//! What a table cell is, from its text alone, and which header words name which columns.
//!
//! Flattened tables lose their grid: a row may lack an empty cell, a merged cell is printed on
//! the first row of its span only, a header may come apart over lines. What survives is what
//! each cell *is* — a 序号, an indicator name, a unit, a growth rate, a level with its unit, a
//! target phrase, an attribute (预期性/约束性), a verdict (完成/未完成), a placeholder (`--`) —
//! and that is what rows are rebuilt from ([`super::rows`]).

use crate::model::{ActualPart, ColumnRole};
use crate::norm::{compact, first_year, norm};
use planwatch_domain::Form;

/// What a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Empty,
    /// A small integer: a 序号 (or a bare figure).
    Seq,
    /// Words without a figure the expression grammar reads: an indicator name, a category, a
    /// section title.
    Name,
    /// A unit alone: `亿元`, `%`, `（万人）`.
    Unit,
    /// 预期性 / 约束性.
    Attribute,
    /// A printed verdict: 完成, 未完成, 基本完成, 超额完成.
    Verdict,
    /// No figure: `--`, `——`, `/`, `（统计口径调整）`.
    Placeholder,
    /// A figure not in yet: 待反馈, 市级暂未反馈.
    Pending,
    /// A figure that is a rate or a change: `6.5%`, `增长6%左右`, `下降2.3%`, `-0.5个百分点`.
    Growth,
    /// A figure with another unit: `871.2亿元`, `5600人以内`.
    Level,
    /// A bare figure: `6.5以上`, `871.2`, `≤0.021`.
    Number,
    /// A target without a figure: 市级下达, 与经济增长同步, 稳中提质.
    Aim,
    /// A result without a figure: 完成市级下达目标.
    Outcome,
    /// Figures the expression grammar does not read as one: `增长26万左右,年末户籍人口800万左右`.
    Compound,
    /// A revision of the cell before it: `（后调整为2%左右）`.
    Revision,
    /// A section title inside a table: 核心指标8项, 二、约束性指标, （一）经济发展.
    Section,
}

impl Kind {
    /// A cell that can hold a target or an actual.
    pub(crate) fn is_value(self) -> bool {
        matches!(
            self,
            Kind::Seq
                | Kind::Growth
                | Kind::Level
                | Kind::Number
                | Kind::Aim
                | Kind::Outcome
                | Kind::Compound
                | Kind::Pending
                | Kind::Placeholder
                | Kind::Verdict
        )
    }
}

/// Printed verdicts, compacted and normalised.
const VERDICTS: &[&str] = &[
    "完成",
    "已完成",
    "未完成",
    "没有完成",
    "基本完成",
    "超额完成",
    "全面完成",
    "完成目标",
    "未完成目标",
    "达到",
    "已达到",
    "未达到",
    "基本达到",
    "达到预期",
    "未达预期",
    "未达到预期",
    "基本达到预期",
    "符合预期",
    "基本符合预期",
    "低于预期",
    "略低于预期",
    "高于预期",
    "超出预期",
    "超过预期",
    "好于预期",
    "达标",
    "未达标",
    "基本达标",
    "√",
    "✓",
    "✔",
    "×",
    "✗",
    "✘",
];

/// Normalised, without any whitespace.
fn squeeze(text: &str) -> String {
    norm(text).chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_attribute(t: &str) -> bool {
    matches!(
        t,
        "预期性" | "约束性" | "预期" | "约束" | "预期性指标" | "约束性指标"
    )
}

fn is_dash_mark(t: &str) -> bool {
    !t.is_empty()
        && t.chars().all(|c| {
            matches!(
                c,
                '-' | '—' | '–' | '―' | '─' | '/' | '\\' | '~' | '…' | '.' | '_' | '、' | '·'
            )
        })
}

/// `（后调整为2%左右）`, `(调整为增长5%)`: a bracket holding a revision of the cell before it.
pub(crate) fn is_revision(t: &str) -> bool {
    let t = squeeze(t);
    let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) else {
        return false;
    };
    planwatch_text::revision_of(inner).is_some_and(|r| !r.is_empty())
}

/// 核心指标8项, 其他指标, 一、约束性指标, （二）预期性指标, 二、经济发展: a title over a group of rows.
pub(crate) fn is_section_title(t: &str) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十";
    let n = t.chars().count();
    if n > 30 {
        return false;
    }
    let chars: Vec<char> = t.chars().collect();
    let lead = chars.iter().take_while(|c| NUMERALS.contains(**c)).count();
    let numbered = (lead > 0 && chars.get(lead) == Some(&'、'))
        || (chars.first() == Some(&'(')
            && chars.get(1).is_some_and(|c| NUMERALS.contains(*c))
            && chars.iter().take(5).any(|&c| c == ')'));
    let grouped = t.contains("指标")
        && ["核心", "其他", "其它", "约束性", "预期性", "一般"]
            .iter()
            .any(|w| t.contains(w));
    numbered || grouped
}

/// A label with a sequence number in front: `1.增加值`, `2、规模以上工业总产值`.
fn numbered_label(t: &str) -> bool {
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return false;
    }
    let mut rest = t.chars().skip(digits);
    matches!(rest.next(), Some('.' | '、' | ' '))
        && rest.next().is_some_and(|c| !c.is_ascii_digit() && c != '%')
}

const FIGURE_WORDS: &[&str] = &[
    "增长",
    "下降",
    "提高",
    "降低",
    "减少",
    "达到",
    "达",
    "约",
    "近",
    "超",
    "力争",
    "预计",
    "控制",
    "保持",
    "完成",
    "实现",
    "不低于",
    "不超过",
    "高于",
    "低于",
    "年均",
    "与",
];

/// A label however it holds digits: `1.增加值`, or words followed by a unit in brackets
/// (`每千人口拥有3岁以下婴幼儿托位数（个）`, `PM2.5平均浓度(微克/立方米)`).
fn label_with_digits(t: &str) -> bool {
    if numbered_label(t) {
        return true;
    }
    let chars: Vec<char> = t.chars().collect();
    let starts_as_name = chars
        .first()
        .is_some_and(|c| !c.is_ascii_digit() && *c != '-')
        && !FIGURE_WORDS.iter().any(|w| t.starts_with(w));
    if let Some(open) = chars.iter().rposition(|&c| c == '(')
        && chars.last() == Some(&')')
        && starts_as_name
    {
        let inner: String = chars[open + 1..chars.len() - 1].iter().collect();
        let han = chars[..open]
            .iter()
            .filter(|c| crate::norm::is_cjk(**c))
            .count();
        return han >= 2 && planwatch_text::is_unit(&inner);
    }
    false
}

/// A name that holds a figure of its own, which the expression grammar did not read: it
/// starts with words, not with a figure or a verb.
fn name_with_digits(t: &str) -> bool {
    let lead = t.chars().take_while(|c| !c.is_ascii_digit()).count();
    lead >= 3 && !FIGURE_WORDS.iter().any(|w| t.starts_with(w))
}

/// What a cell is.
pub(crate) fn classify(text: &str) -> Kind {
    let t = squeeze(text);
    if t.is_empty() {
        return Kind::Empty;
    }
    if crate::label::as_seq(&t).is_some() {
        return Kind::Seq;
    }
    if is_attribute(&t) {
        return Kind::Attribute;
    }
    if VERDICTS.contains(&t.as_str()) {
        return Kind::Verdict;
    }
    if is_dash_mark(&t) || matches!(t.as_str(), "无" | "暂无" | "不适用" | "/") {
        return Kind::Placeholder;
    }
    if is_revision(&t) {
        return Kind::Revision;
    }
    if planwatch_text::is_unit(&t) {
        return Kind::Unit;
    }
    if is_section_title(&t) {
        return Kind::Section;
    }
    let has_digit = t.chars().any(|c| c.is_ascii_digit());
    // A bracket alone without a figure: a remark in place of a value ("（统计口径调整）").
    if !has_digit && t.starts_with('(') && t.ends_with(')') && t.chars().count() > 2 {
        return Kind::Placeholder;
    }
    if label_with_digits(&t) {
        return Kind::Name;
    }
    let e = planwatch_text::parse_expr(&t);
    match &e.form {
        Form::Pending { .. } => Kind::Pending,
        // A Chinese numeral read as a figure in front of words ("一般公共预算收入") is a name.
        Form::Value(q) | Form::Bound { value: q, .. } | Form::Approx { value: q, .. }
            if !q.unit.is_empty()
                && !planwatch_text::is_unit(&q.unit)
                && (!has_digit || name_with_digits(&t)) =>
        {
            Kind::Name
        }
        Form::Value(q) | Form::Bound { value: q, .. } | Form::Approx { value: q, .. } => {
            rate_or_level(&q.unit, e.worded_decline || worded_change(&t))
        }
        Form::Range { low, high } => {
            let unit = if low.unit.is_empty() {
                &high.unit
            } else {
                &low.unit
            };
            rate_or_level(unit, worded_change(&t))
        }
        Form::Delegated { .. } | Form::Relative { .. } | Form::Qualitative => Kind::Aim,
        Form::Outcome { .. } => Kind::Outcome,
        Form::Unparsed if has_digit && !name_with_digits(&t) => Kind::Compound,
        Form::Unparsed => Kind::Name,
    }
}

fn worded_change(t: &str) -> bool {
    [
        "增长", "下降", "提高", "降低", "减少", "回落", "增速", "增幅", "上涨",
    ]
    .iter()
    .any(|w| t.contains(w))
}

fn rate_or_level(unit: &str, change: bool) -> Kind {
    match unit {
        "%" | "‰" | "个百分点" | "百分点" => Kind::Growth,
        "" if change => Kind::Growth,
        "" => Kind::Number,
        _ if change => Kind::Growth,
        _ => Kind::Level,
    }
}

/// Period words a header may start with: "2023年", "上半年", "1-9月".
fn strip_period(mut t: &str) -> (&str, Option<i32>) {
    let year = first_year(t);
    loop {
        let before = t.len();
        let digits: usize = t.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits == 4 && t[4..].starts_with('年') {
            t = &t[4 + '年'.len_utf8()..];
            t = t.strip_prefix("度").unwrap_or(t);
        }
        for p in [
            "上半年",
            "下半年",
            "前三季度",
            "一季度",
            "第一季度",
            "全年",
            "本年",
            "当年",
            "今年",
            "上年",
            "去年",
            "年度",
        ] {
            if let Some(r) = t.strip_prefix(p) {
                t = r;
            }
        }
        // 1-6月, 1-12月, 1～9月
        let d1 = t.chars().take_while(|c| c.is_ascii_digit()).count();
        if d1 > 0 && d1 <= 2 {
            let rest = &t[d1..];
            if let Some(r) = rest.strip_prefix(['-', '~', '至']) {
                let d2 = r.chars().take_while(|c| c.is_ascii_digit()).count();
                if d2 > 0 && d2 <= 2 && r[d2..].starts_with('月') {
                    t = &r[d2 + '月'.len_utf8()..];
                }
            }
        }
        if t.len() == before {
            return (t, year);
        }
    }
}

/// A unit in brackets after a header word ("增长(%)", "绝对值（亿元）"), dropped.
fn strip_unit_bracket(t: &str) -> &str {
    if let Some(open) = t.rfind('(')
        && t.ends_with(')')
        && open > 0
        && planwatch_text::is_unit(&t[open..])
    {
        return &t[..open];
    }
    t
}

/// Sub-header words under a spanning header (完成情况 → 绝对值 | 增长).
const GROWTH_WORDS: &[&str] = &[
    "增长",
    "增速",
    "增幅",
    "增长率",
    "同比增长",
    "同比",
    "同比增速",
    "比上年增长",
    "比上年",
    "比上年增减",
    "同比增减",
    "增减",
    "增减幅度",
    "涨幅",
];
const ABSOLUTE_WORDS: &[&str] = &[
    "绝对值",
    "绝对数",
    "总量",
    "数值",
    "完成值",
    "金额",
    "规模",
    "总额",
    "数量",
    "完成数",
    "绝对量",
    "产量",
    "年末数",
];

/// What a header word names, when it is one of the words tables use for their columns. Spaces
/// inside (`指 标 名 称`, `指标 类型`), full-width forms, a period in front (`2023年预期目标`) and a
/// unit in brackets behind (`增长（%）`) are allowed; anything else is not a header word.
pub(crate) fn header_word(text: &str) -> Option<ColumnRole> {
    let t = compact(&norm(text)).replace(' ', "");
    if t.is_empty() || t.chars().count() > 24 {
        return None;
    }
    let (rest, year) = strip_period(&t);
    let w = strip_unit_bracket(rest);
    let role = match w {
        "序号" | "编号" | "序" | "No." | "NO." | "No" | "排序" => ColumnRole::Seq,
        "指标名称" | "指标" | "名称" | "项目" | "指标项" | "主要指标" | "指标内容" | "项目名称"
        | "指标项目" => ColumnRole::Name,
        "分类" | "类别" | "指标分类" | "指标类别" | "领域" | "板块" | "指标领域" | "大类"
        | "类" => ColumnRole::Category,
        "单位" | "计量单位" | "指标单位" => ColumnRole::Unit,
        "属性" | "指标属性" | "性质" | "指标性质" | "类型" | "指标类型" => {
            ColumnRole::Nature
        }
        "责任单位" | "牵头单位" | "责任部门" | "牵头部门" | "主责单位" | "责任主体" => {
            ColumnRole::Department
        }
        "备注" | "说明" => ColumnRole::Note,
        "是否完成" | "是否达标" | "完成状态" | "完成评价" | "评价" | "结论" | "是否达到"
        | "完成结果" => ColumnRole::Verdict,
        "目标" | "预期目标" | "年度目标" | "计划" | "计划目标" | "目标值" | "预期" | "计划数"
        | "年度计划" | "全年目标" | "预期值" | "计划指标" | "调整后目标" | "目标任务"
        | "年度任务" | "任务" | "发展目标" | "主要目标" | "预期目标值" | "年度预期目标"
        | "年初目标" | "原定目标" | "规划目标" => ColumnRole::Target { year },
        "实际完成" | "完成" | "实际" | "完成值" | "实际值" | "实绩" | "执行" | "执行情况"
        | "完成情况" | "预计完成" | "预计" | "预计完成情况" | "实际完成情况" | "实现"
        | "完成数" | "预计数" | "实际完成值" | "累计完成" | "实际执行" | "执行数" | "预计执行"
        | "完成额" => ColumnRole::Actual {
            year,
            part: ActualPart::Whole,
        },
        _ if GROWTH_WORDS.contains(&w) => ColumnRole::Actual {
            year,
            part: ActualPart::Growth,
        },
        _ if ABSOLUTE_WORDS.contains(&w) => ColumnRole::Actual {
            year,
            part: ActualPart::Absolute,
        },
        _ => return None,
    };
    Some(role)
}

/// A sub-header word (绝对值, 增长, 同比增长 …): the second row of a two-level header.
pub(crate) fn is_sub_word(text: &str) -> bool {
    let t = compact(&norm(text)).replace(' ', "");
    let (rest, _) = strip_period(&t);
    let w = strip_unit_bracket(rest);
    GROWTH_WORDS.contains(&w) || ABSOLUTE_WORDS.contains(&w) || matches!(w, "%" | "(%)" | "目标值")
}

/// Splits a line of header words printed with spaces between and inside them
/// (`序号 指标 名称 单位 2022年 目标`) into header words. Pieces join into a word when together
/// they are one; where that is ambiguous (`指标 属性` is 指标 | 属性 or 指标属性), the reading with
/// exactly one name column wins, then the one with fewer words. `None` when a piece belongs to
/// no header word.
pub(crate) fn merge_header_pieces(pieces: &[&str]) -> Option<Vec<String>> {
    let n = pieces.len();
    // best[i][names]: fewest words covering pieces[..i] with `names` name columns (capped at
    // 2), where the last word started and the name count before it.
    let mut best: Vec<[Option<(usize, usize, usize)>; 3]> = vec![[None; 3]; n + 1];
    best[0][0] = Some((0, 0, 0));
    for i in 0..n {
        for names in 0..3 {
            let Some((words, _, _)) = best[i][names] else {
                continue;
            };
            let mut joined = String::new();
            for (k, p) in pieces.iter().enumerate().skip(i).take(6) {
                joined.push_str(p);
                let role = header_word(&joined);
                if role.is_none() && !is_sub_word(&joined) {
                    continue;
                }
                let more = usize::from(matches!(role, Some(ColumnRole::Name)));
                let nn = (names + more).min(2);
                let cand = (words + 1, i, names);
                let slot = &mut best[k + 1][nn];
                if slot.is_none_or(|(w, _, _)| cand.0 < w) {
                    *slot = Some(cand);
                }
            }
        }
    }
    let names = [1, 0, 2].into_iter().find(|&k| best[n][k].is_some())?;
    let mut out = Vec::new();
    let (mut i, mut k) = (n, names);
    while i > 0 {
        let (_, start, before) = best[i][k]?;
        out.push(pieces[start..i].concat());
        i = start;
        k = before;
    }
    out.reverse();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_cells() {
        let cases = [
            ("12", Kind::Seq),
            ("1.", Kind::Seq),
            ("地区生产总值（亿元）", Kind::Name),
            ("每千人口拥有3岁以下婴幼儿托位数（个）", Kind::Name),
            ("1.增加值", Kind::Name),
            ("一般公共预算收入", Kind::Name),
            ("PM2.5平均浓度(微克/立方米)", Kind::Name),
            ("亿元", Kind::Unit),
            ("（%）", Kind::Unit),
            ("预期性", Kind::Attribute),
            ("约束性", Kind::Attribute),
            ("完成", Kind::Verdict),
            ("未完成", Kind::Verdict),
            ("基本完成", Kind::Verdict),
            ("--", Kind::Placeholder),
            ("——", Kind::Placeholder),
            ("（统计口径调整）", Kind::Placeholder),
            ("(后调整为2%左右)", Kind::Revision),
            ("待省反馈", Kind::Pending),
            ("核心指标8项", Kind::Section),
            ("一、约束性指标", Kind::Section),
            ("（二）经济发展", Kind::Section),
            ("增长6%左右", Kind::Growth),
            ("6.5%", Kind::Growth),
            ("下降2.3", Kind::Growth),
            ("871.2亿元", Kind::Level),
            ("5600人以内", Kind::Level),
            ("6.5以上", Kind::Number),
            ("≤0.021", Kind::Number),
            ("市级下达", Kind::Aim),
            ("与经济增长同步", Kind::Aim),
            ("稳中提质", Kind::Aim),
            ("完成市级下达目标", Kind::Outcome),
            ("增长26万左右,年末户籍人口800万左右", Kind::Compound),
            ("2800亿元左右,增长6%", Kind::Compound),
        ];
        for (text, kind) in cases {
            assert_eq!(classify(text), kind, "{text}");
        }
    }

    #[test]
    fn header_words() {
        assert_eq!(header_word("序号"), Some(ColumnRole::Seq));
        assert_eq!(header_word("指 标 名 称"), Some(ColumnRole::Name));
        assert_eq!(
            header_word("2023年预期目标"),
            Some(ColumnRole::Target { year: Some(2023) })
        );
        assert_eq!(
            header_word("上半年完成情况"),
            Some(ColumnRole::Actual {
                year: None,
                part: ActualPart::Whole
            })
        );
        assert_eq!(
            header_word("比上年增长（%）"),
            Some(ColumnRole::Actual {
                year: None,
                part: ActualPart::Growth
            })
        );
        assert_eq!(header_word("指标 类型"), Some(ColumnRole::Nature));
        assert_eq!(header_word("地区生产总值"), None);
        assert_eq!(header_word("1"), None);
    }

    #[test]
    fn header_pieces_merge() {
        let got =
            merge_header_pieces(&["序号", "指标", "名称", "单位", "2022年", "目标", "完成情况"]);
        assert_eq!(
            got,
            Some(vec![
                "序号".to_string(),
                "指标名称".into(),
                "单位".into(),
                "2022年目标".into(),
                "完成情况".into()
            ])
        );
        assert_eq!(merge_header_pieces(&["序号", "地区生产总值"]), None);
        assert_eq!(
            merge_header_pieces(&["类别", "序号", "指标", "属性", "目标"]),
            Some(vec![
                "类别".to_string(),
                "序号".into(),
                "指标".into(),
                "属性".into(),
                "目标".into()
            ])
        );
        assert_eq!(
            merge_header_pieces(&["序号", "指标", "名称", "指标", "类型", "2025年", "目标"]),
            Some(vec![
                "序号".to_string(),
                "指标名称".into(),
                "指标类型".into(),
                "2025年目标".into()
            ])
        );
    }
}
