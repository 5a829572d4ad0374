//! Indicator names as annex tables print them: `#区级税收收入增速（%）`, `空气质量优良天数（天）*`,
//! `1.增加值`, `#规模以上工业总产值(区属)`, `指 标 名 称`.

use crate::error::TextError;
use crate::normalize::{fold_char, is_invisible};
use crate::units::is_known_unit;
use planwatch_domain::IndicatorDef;
use serde::{Deserialize, Serialize};

/// An indicator name split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorLabel {
    /// A leading sequence number (`1.增加值` → 1), when the name carried one.
    pub seq: Option<u32>,
    /// The name without sequence number, markers or unit bracket; brackets that stay in the name
    /// (`（区属）`) are written full-width, other characters half-width.
    pub name: String,
    /// The unit from a trailing bracket (`%`, `亿美元`, `天`); "" when none.
    pub unit: String,
    /// Marked `*`: a binding (约束性) indicator.
    pub binding: bool,
    /// Marked `#`: new this year.
    pub is_new: bool,
}

impl IndicatorLabel {
    /// A definition with this name, unit and markers, its kind inferred from name and unit.
    pub fn to_def(&self) -> IndicatorDef {
        let mut def = IndicatorDef::new(self.name.clone(), self.unit.clone());
        def.binding = self.binding;
        def.is_new = self.is_new;
        def
    }
}

/// Splits an annex-table indicator name into sequence number, name, unit and markers.
///
/// A trailing bracket becomes the unit when its content is a unit (`（%）`, `（亿美元）`,
/// `(万元/人)`); otherwise it is part of the name (`(区属)`, `（国家新口径）`). Spaces inside the
/// name are dropped (`指 标 名 称` → `指标名称`) except between two Latin words.
///
/// ```
/// use planwatch_text::parse_indicator_label;
/// let l = parse_indicator_label("亿元地区生产总值安全事故死亡率（%）*").unwrap();
/// assert_eq!((l.name.as_str(), l.unit.as_str(), l.binding), ("亿元地区生产总值安全事故死亡率", "%", true));
/// ```
pub fn parse_indicator_label(text: &str) -> Result<IndicatorLabel, TextError> {
    const EXPECTED: &str = "an indicator name";
    let folded: Vec<char> = text.chars().map(fold_char).collect();
    let trimmed = trim(&folded);
    if trimmed.is_empty() {
        return Err(TextError::Empty { expected: EXPECTED });
    }
    let (seq, rest) = split_seq(trimmed);
    let mut cs = squeeze_spaces(rest);
    let mut binding = false;
    let mut is_new = false;
    // Markers may stand before the name and after it, on either side of the unit bracket.
    let mut strip_markers = |cs: &mut Vec<char>| {
        loop {
            match cs.first() {
                Some('#') => is_new = true,
                Some('*') => binding = true,
                _ => break,
            }
            cs.remove(0);
        }
        loop {
            match cs.last() {
                Some('*') => binding = true,
                Some('#') => is_new = true,
                _ => break,
            }
            cs.pop();
        }
    };
    strip_markers(&mut cs);
    let mut unit = String::new();
    if let Some((open, content)) = trailing_bracket(&cs) {
        let content: String = content.iter().collect();
        if is_known_unit(&content) {
            unit = content;
            cs.truncate(open);
            strip_markers(&mut cs);
        }
    }
    let name: String = cs
        .iter()
        .map(|&c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect();
    if name.is_empty() {
        return Err(TextError::Unexpected {
            text: text.trim().to_string(),
            found: text.trim().to_string(),
            expected: "an indicator name (found only markers or a unit)",
        });
    }
    Ok(IndicatorLabel {
        seq,
        name,
        unit,
        binding,
        is_new,
    })
}

fn trim(cs: &[char]) -> &[char] {
    let start = cs
        .iter()
        .position(|&c| !is_invisible(c))
        .unwrap_or(cs.len());
    let end = cs
        .iter()
        .rposition(|&c| !is_invisible(c))
        .map_or(start, |e| e + 1);
    &cs[start..end.max(start)]
}

/// A leading `1.` / `1、` / `1)` / `(1)` / `1 ` sequence number. `1.5万…` is not one: a digit
/// after the dot makes it a decimal.
fn split_seq(cs: &[char]) -> (Option<u32>, &[char]) {
    let (open, from) = if cs.first() == Some(&'(') {
        (true, 1)
    } else {
        (false, 0)
    };
    let digits = cs[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 4 {
        return (None, cs);
    }
    let after = from + digits;
    let sep_ok = match cs.get(after) {
        Some(')') => true,
        Some('.' | '、' | ',' | ':') if !open => {
            !cs.get(after + 1).is_some_and(|c| c.is_ascii_digit())
        }
        Some(&c) if !open && is_invisible(c) => true,
        _ => false,
    };
    if !sep_ok {
        return (None, cs);
    }
    let number: String = cs[from..after].iter().collect();
    let Ok(n) = number.parse::<u32>() else {
        return (None, cs);
    };
    let rest = trim(&cs[after + 1..]);
    if rest.is_empty() {
        return (None, cs);
    }
    (Some(n), rest)
}

/// Drops spaces, keeping one between two Latin letters or digits (`GDP growth`).
fn squeeze_spaces(cs: &[char]) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(cs.len());
    let mut i = 0;
    while i < cs.len() {
        if is_invisible(cs[i]) {
            let j = cs[i..]
                .iter()
                .position(|&c| !is_invisible(c))
                .map_or(cs.len(), |p| i + p);
            let before = out.last().is_some_and(|c| c.is_ascii_alphanumeric());
            let after = cs.get(j).is_some_and(|c| c.is_ascii_alphanumeric());
            if before && after {
                out.push(' ');
            }
            i = j;
        } else {
            out.push(cs[i]);
            i += 1;
        }
    }
    out
}

/// The index of the opening bracket and the content of a bracket closing the text.
fn trailing_bracket(cs: &[char]) -> Option<(usize, &[char])> {
    if cs.last() != Some(&')') {
        return None;
    }
    let mut depth = 0usize;
    for (i, &c) in cs.iter().enumerate().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some((i, &cs[i + 1..cs.len() - 1]));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(
        seq: Option<u32>,
        name: &str,
        unit: &str,
        binding: bool,
        is_new: bool,
    ) -> IndicatorLabel {
        IndicatorLabel {
            seq,
            name: name.into(),
            unit: unit.into(),
            binding,
            is_new,
        }
    }

    #[test]
    fn splits_annex_names() {
        let cases = [
            (
                "地区生产总值增速（%）",
                label(None, "地区生产总值增速", "%", false, false),
            ),
            (
                "#区级税收收入增速（%）",
                label(None, "区级税收收入增速", "%", false, true),
            ),
            (
                "亿元地区生产总值安全事故死亡率（%）*",
                label(None, "亿元地区生产总值安全事故死亡率", "%", true, false),
            ),
            (
                "空气质量优良天数（天）*",
                label(None, "空气质量优良天数", "天", true, false),
            ),
            (
                "实际使用外资FDI（亿美元）",
                label(None, "实际使用外资FDI", "亿美元", false, false),
            ),
            (
                "地区生产总值(亿元)",
                label(None, "地区生产总值", "亿元", false, false),
            ),
            ("1.增加值", label(Some(1), "增加值", "", false, false)),
            (
                "12、进出口总额（亿元）",
                label(Some(12), "进出口总额", "亿元", false, false),
            ),
            (
                "#规模以上工业总产值(区属)",
                label(None, "规模以上工业总产值（区属）", "", false, true),
            ),
            ("指 标 名 称", label(None, "指标名称", "", false, false)),
            (
                "城镇新增就业人数（万人）",
                label(None, "城镇新增就业人数", "万人", false, false),
            ),
            (
                "每千人口拥有3岁以下婴幼儿托位数（个）",
                label(None, "每千人口拥有3岁以下婴幼儿托位数", "个", false, false),
            ),
            (
                "人均地区生产总值（万元）",
                label(None, "人均地区生产总值", "万元", false, false),
            ),
            (
                "工业战略性新兴产业产值占工业总产值比重(国家新口径)",
                label(
                    None,
                    "工业战略性新兴产业产值占工业总产值比重（国家新口径）",
                    "",
                    false,
                    false,
                ),
            ),
            (
                "地区生产总值（GDP）增速（%）",
                label(None, "地区生产总值（GDP）增速", "%", false, false),
            ),
            (
                "PM2.5平均浓度（μg/m3）",
                label(None, "PM2.5平均浓度", "μg/m3", false, false),
            ),
            (
                "单位地区生产总值能耗下降（%）*",
                label(None, "单位地区生产总值能耗下降", "%", true, false),
            ),
            (
                "  ＃区级税收收入增速（％）  ",
                label(None, "区级税收收入增速", "%", false, true),
            ),
            (
                "*空气质量优良天数*（天）",
                label(None, "空气质量优良天数", "天", true, false),
            ),
            (
                "(3)城乡居民收入（元）",
                label(Some(3), "城乡居民收入", "元", false, false),
            ),
            (
                "2 地区生产总值",
                label(Some(2), "地区生产总值", "", false, false),
            ),
            (
                "5G基站数（个）",
                label(None, "5G基站数", "个", false, false),
            ),
            (
                "GDP growth rate (%)",
                label(None, "GDP growth rate", "%", false, false),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse_indicator_label(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn refuses_empty_labels() {
        assert!(matches!(
            parse_indicator_label(""),
            Err(TextError::Empty { .. })
        ));
        assert!(matches!(
            parse_indicator_label("  "),
            Err(TextError::Empty { .. })
        ));
        assert!(parse_indicator_label("#*").is_err());
        assert!(parse_indicator_label("（%）").is_err());
    }

    #[test]
    fn makes_a_definition() {
        let def = parse_indicator_label("#区级税收收入增速（%）*")
            .unwrap()
            .to_def();
        assert_eq!(def.label(), "#区级税收收入增速（%）*");
        assert!(def.binding && def.is_new);
    }
}
