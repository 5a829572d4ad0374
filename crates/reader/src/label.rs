//! Indicator labels ("#区级税收收入增速（%）*", "1.增加值") and column headers.

use crate::model::{ActualPart, ColumnRole};
use crate::norm::{compact, first_year, norm};

/// A parsed indicator label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Label {
    pub name: String,
    pub unit: String,
    pub binding: bool,
    pub is_new: bool,
    pub seq: Option<u32>,
}

/// Parses a label; `binding_marker` is the table's mark for 约束性 (`*` unless its note says
/// otherwise).
pub(crate) fn parse_label(text: &str, binding_marker: char) -> Label {
    let mut label = match planwatch_text::parse_indicator_label(text) {
        Ok(parsed) => Label {
            name: parsed.name,
            unit: parsed.unit,
            binding: parsed.binding,
            is_new: parsed.is_new,
            seq: parsed.seq,
        },
        // Only markers or nothing: keep the text as the name so the row is still visible.
        Err(_) => Label {
            name: text.trim().to_string(),
            unit: String::new(),
            binding: false,
            is_new: false,
            seq: None,
        },
    };
    if binding_marker != '*' && label.name.contains(binding_marker) {
        label.name = label.name.replace(binding_marker, "").trim().to_string();
        label.binding = true;
    }
    label
}

/// What a header cell says its column holds.
pub(crate) fn header_role(text: &str) -> ColumnRole {
    let t = compact(&norm(text)).replace(' ', "");
    if t.is_empty() {
        return ColumnRole::Other;
    }
    let (base, sub) = match t.split_once('/') {
        Some((b, s)) => (b.to_string(), Some(s.to_string())),
        None => (t.clone(), None),
    };
    let year = first_year(&t);
    let is = |words: &[&str]| words.iter().any(|w| base.contains(w));
    if matches!(base.as_str(), "序号" | "编号" | "No." | "NO." | "No" | "序") {
        ColumnRole::Seq
    } else if is(&["指标名称", "项目名称", "名称"])
        || matches!(base.as_str(), "指标" | "项目" | "指标项" | "内容")
    {
        ColumnRole::Name
    } else if is(&["分类", "类别", "领域", "类型", "板块"]) {
        ColumnRole::Category
    } else if matches!(base.as_str(), "单位" | "计量单位" | "指标单位") {
        ColumnRole::Unit
    } else if is(&["属性", "性质"]) {
        ColumnRole::Nature
    } else if is(&["责任单位", "牵头单位", "责任部门", "牵头部门", "主责单位"])
    {
        ColumnRole::Department
    } else if is(&["备注", "说明"]) {
        ColumnRole::Note
    } else if is(&["完成", "实际", "执行", "实绩", "实现", "预计"]) {
        ColumnRole::Actual {
            year,
            part: actual_part(sub.as_deref()),
        }
    } else if is(&["目标", "计划", "预期", "任务"]) {
        ColumnRole::Target { year }
    } else if is_sub_header(&base) {
        // A lone sub-header ("增幅") under nothing: treat as an actual part.
        ColumnRole::Actual {
            year,
            part: actual_part(Some(&base)),
        }
    } else {
        ColumnRole::Other
    }
}

fn actual_part(sub: Option<&str>) -> ActualPart {
    match sub {
        Some(s)
            if ["增幅", "增速", "增长", "同比", "增减"]
                .iter()
                .any(|w| s.contains(w)) =>
        {
            ActualPart::Growth
        }
        Some(s)
            if ["绝对值", "总量", "数值", "完成值", "金额", "规模"]
                .iter()
                .any(|w| s.contains(w)) =>
        {
            ActualPart::Absolute
        }
        _ => ActualPart::Whole,
    }
}

/// Words that appear in the second row of a two-level header.
pub(crate) fn is_sub_header(text: &str) -> bool {
    let t = compact(&norm(text)).replace(' ', "");
    matches!(
        t.as_str(),
        "绝对值"
            | "增幅"
            | "增速"
            | "增长"
            | "增长率"
            | "总量"
            | "数值"
            | "完成值"
            | "目标值"
            | "同比"
            | "同比增长"
            | "同比增速"
            | "金额"
            | "比上年增长"
            | "增减"
            | "%"
            | "(%)"
    )
}

/// Whether a cell reads as a value (a figure or a target phrase) rather than a header word.
pub(crate) fn looks_like_value(text: &str) -> bool {
    let t = norm(text);
    let t = t.trim();
    if t.is_empty() {
        return false;
    }
    // "2023年预期目标" has digits but is a header.
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    digits > 0 && !(digits == 4 && t.contains('年') && first_year(t).is_some())
}

/// A cell that is only a small integer: a 序号.
pub(crate) fn as_seq(text: &str) -> Option<u32> {
    let t = norm(text);
    let t = t.trim().trim_end_matches(['.', '、']);
    if t.is_empty() || t.len() > 3 || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_headers() {
        assert_eq!(header_role("序号"), ColumnRole::Seq);
        assert_eq!(header_role("指 标 名 称"), ColumnRole::Name);
        assert_eq!(
            header_role("2023年预期目标"),
            ColumnRole::Target { year: Some(2023) }
        );
        assert_eq!(
            header_role("实际完成"),
            ColumnRole::Actual {
                year: None,
                part: ActualPart::Whole
            }
        );
        assert_eq!(
            header_role("2023年完成情况"),
            ColumnRole::Actual {
                year: Some(2023),
                part: ActualPart::Whole
            }
        );
        assert_eq!(
            header_role("上半年完成情况/增幅"),
            ColumnRole::Actual {
                year: None,
                part: ActualPart::Growth
            }
        );
        assert_eq!(header_role("指标 分类"), ColumnRole::Category);
        assert_eq!(header_role("年度目标"), ColumnRole::Target { year: None });
    }

    #[test]
    fn reads_seq_cells() {
        assert_eq!(as_seq("12"), Some(12));
        assert_eq!(as_seq("1."), Some(1));
        assert_eq!(as_seq("6.5"), None);
        assert_eq!(as_seq("2023"), None);
    }
}
