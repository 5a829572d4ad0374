//! Units of measure seen in plan documents.
//!
//! The quantity reader keeps any unit text as written, so this table is not a gate for reading
//! figures; it decides whether a bracket after an indicator name is a unit (`（亿美元）`) or a note
//! (`（区属）`), and lists the units the round-trip tests exercise.

use crate::number::SCALES;

/// Base units, without a scale word. Scaled forms (万元, 亿元, 万亿元, 万人, 万标箱, 万平方米 …) are
/// a scale word from [`SCALES`] followed by one of these.
pub(crate) const BASE_UNITS: &[&str] = &[
    // money
    "元",
    "美元",
    "欧元",
    "港元",
    // people and events
    "人",
    "人次",
    "名",
    "位",
    "户",
    "家",
    "家次",
    "个",
    "项",
    "件",
    "次",
    "场",
    "批",
    "期",
    "届",
    // things
    "台",
    "辆",
    "艘",
    "架",
    "列",
    "套",
    "张",
    "床",
    "部",
    "篇",
    "株",
    "棵",
    "只",
    "头",
    "本",
    "册",
    "份",
    "处",
    "间",
    "栋",
    "座",
    "所",
    "条",
    "根",
    "盏",
    "块",
    "座次",
    // containers and goods
    "标箱",
    "TEU",
    "吨",
    "公斤",
    "千克",
    "克",
    "吨标准煤",
    "标准煤",
    "升",
    "立方米",
    // length, area, energy
    "米",
    "千米",
    "公里",
    "平方米",
    "平方公里",
    "亩",
    "公顷",
    "千瓦",
    "千瓦时",
    "度",
    "兆瓦",
    // time
    "天",
    "日",
    "年",
    "月",
    "小时",
    "分钟",
    "岁",
    // rates and ratios
    "%",
    "‰",
    "个百分点",
    "百分点",
    "倍",
    // concentrations and ASCII units
    "μg/m3",
    "μg/m³",
    "微克/立方米",
    "mg/m3",
    "km",
    "kg",
    "kWh",
    "MW",
    "GW",
    "m2",
    "m3",
    "℃",
];

/// Units the round-trip property test formats and reads back; a representative spread of money,
/// people, goods and rates, with and without scale words.
pub const SUPPORTED_UNITS: &[&str] = &[
    "",
    "亿元",
    "万元",
    "元",
    "万亿元",
    "亿美元",
    "万美元",
    "美元",
    "万人",
    "人",
    "人次",
    "万人次",
    "个",
    "台",
    "家",
    "天",
    "辆",
    "万辆",
    "标箱",
    "万标箱",
    "平方米",
    "万平方米",
    "公里",
    "所",
    "座",
    "条",
    "栋",
    "户",
    "件",
    "项",
    "张",
    "次",
    "场",
    "吨",
    "万吨",
    "%",
    "‰",
    "个百分点",
    "百分点",
    "倍",
    "千瓦时",
    "亿千瓦时",
    "吨标准煤",
    "名",
];

/// Whether `text` is a unit and nothing else (`亿元`, `%`, `（万人）`, `吨标准煤/万元`): what a
/// table's 单位 cell holds. Full-width characters and surrounding brackets are allowed.
pub fn is_unit(text: &str) -> bool {
    let folded: String = crate::normalize::compact(text.trim()).into_iter().collect();
    let inner = folded
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(&folded);
    is_known_unit(inner)
}

/// Whether `unit` is a known unit: a base unit, a scale word plus a base unit, or a ratio of two
/// such (`万元/人`, `吨标准煤/万元`).
pub(crate) fn is_known_unit(unit: &str) -> bool {
    if unit.is_empty() {
        return false;
    }
    if let Some((a, b)) = unit.split_once('/')
        && !BASE_UNITS.contains(&unit)
    {
        return is_known_unit(a) && is_known_unit(b);
    }
    if BASE_UNITS.contains(&unit) {
        return true;
    }
    SCALES.iter().any(|s| {
        unit.strip_prefix(s.word)
            .is_some_and(|base| BASE_UNITS.contains(&base))
    })
}

/// Characters a unit written after a number may contain.
pub(crate) fn is_unit_char(c: char) -> bool {
    crate::normalize::is_han(c)
        || c.is_ascii_alphabetic()
        || matches!(c, 'μ' | 'µ' | '²' | '³' | '°' | '℃' | '·')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_units_and_their_scaled_forms() {
        for u in [
            "亿元",
            "万人",
            "%",
            "个百分点",
            "万平方米",
            "万亿元",
            "千瓦时",
            "万元/人",
            "μg/m3",
            "天",
        ] {
            assert!(is_known_unit(u), "{u}");
        }
        for u in ["区属", "国家新口径", "FDI", "GDP", "", "万", "含税"] {
            assert!(!is_known_unit(u), "{u}");
        }
        for u in SUPPORTED_UNITS.iter().filter(|u| !u.is_empty()) {
            assert!(is_known_unit(u), "{u}");
        }
        for u in ["（亿元）", "(%)", "％", "万 人", "（吨标准煤／万元）"] {
            assert!(is_unit(u), "{u}");
        }
        for u in ["户籍人口", "（区属）", "6.5%", ""] {
            assert!(!is_unit(u), "{u}");
        }
    }
}
