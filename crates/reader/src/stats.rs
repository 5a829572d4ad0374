//! Reported figures ([`ReadFigure`]) from the prose, and the pieces statistical tables share
//! with it: a figure's name cleaned of what is not the name, and a printed number read.
//!
//! Prose figures are the mentions the sentence reader already finds ([`crate::prose`]): a
//! level ("全年地区生产总值1744亿元") with the growth stated after it ("比上年增长6.7%", read as a
//! mention of the same subject), or a growth alone ("第三产业增加值增长5.0%").

use crate::model::{Change, FigureOrigin, ReadFigure};
use crate::norm::norm;
use crate::prose::Mention;
use rust_decimal::Decimal;

/// A figure's name as printed, cleaned.
pub(crate) struct FigureName {
    pub name: String,
    /// The unit a label names in brackets ("地区生产总值（亿元）").
    pub unit: String,
    /// Printed as `其中：…`: a part of the row before.
    pub part: bool,
    /// A part of the year the name starts with ("一季度", "1-9月"): the figure is for it.
    pub period: Option<String>,
    /// The comparison words the name ended with ("比上年"), which belong to its growth.
    pub basis: Option<String>,
}

/// Parts of a year a name may start with.
const SUB_YEAR: &[&str] = &[
    "第一季度",
    "第二季度",
    "第三季度",
    "第四季度",
    "一季度",
    "二季度",
    "三季度",
    "四季度",
    "前三季度",
    "上半年",
    "下半年",
];

/// A part of the year at the start of `s`: one of [`SUB_YEAR`], `1-9月`, `12月份`, `12月末`.
fn sub_year_prefix(s: &str) -> Option<&str> {
    if let Some(p) = SUB_YEAR.iter().find(|p| s.starts_with(**p)) {
        return Some(&s[..p.len()]);
    }
    let digits = |t: &str| t.chars().take_while(|c| c.is_ascii_digit()).count();
    let mut k = digits(s);
    if k == 0 || k > 2 {
        return None;
    }
    if let Some(r) = s[k..].strip_prefix(['-', '~', '—']) {
        let d = digits(r);
        if d == 0 || d > 2 {
            return None;
        }
        k += 1 + d;
    }
    let rest = s[k..].strip_prefix('月')?;
    let end = k + '月'.len_utf8();
    let extra = ["份", "末", "底"]
        .iter()
        .find(|w| rest.starts_with(**w))
        .map_or(0, |w| w.len());
    Some(&s[..end + extra])
}

/// Words of period or scope in front of a name that are not part of it.
const LEADING_PERIOD: &[&str] = &["全年", "年末", "年底", "截至年末", "初步核算,", "初步核算"];
/// Words of comparison after a name that belong to the growth, not the name.
const TRAILING_BASIS: &[&str] = &["比上年末", "比上年同期", "比上年", "比年初", "同比"];

/// Removes footnote marks (`[21]`, `（1）`), a leading 其中 and period words, and a bracketed
/// unit at the end.
pub(crate) fn figure_name(text: &str) -> FigureName {
    let mut s = String::new();
    let mut skip = false;
    for c in norm(text).chars() {
        match c {
            '[' => skip = true,
            ']' if skip => skip = false,
            _ if skip => {}
            '\\' | '*' | '#' | '▲' | '△' => {}
            _ => s.push(c),
        }
    }
    let mut s = s.trim().to_string();
    let mut part = false;
    for p in ["其中:", "其中", "#"] {
        if let Some(r) = s.strip_prefix(p) {
            s = r.trim().to_string();
            part = true;
            break;
        }
    }
    for p in LEADING_PERIOD {
        if let Some(r) = s.strip_prefix(p)
            && r.chars().count() >= 2
        {
            s = r.trim().to_string();
            break;
        }
    }
    let period = sub_year_prefix(&s).map(str::to_string);
    if let Some(p) = &period {
        s = s[p.len()..].trim_start_matches([',', ' ']).to_string();
    }
    let mut basis = None;
    for t in TRAILING_BASIS {
        if let Some(r) = s.strip_suffix(t)
            && r.chars().count() >= 2
        {
            s = r.trim().to_string();
            basis = Some(t.to_string());
            break;
        }
    }
    let mut unit = String::new();
    if let Some(open) = s.rfind('(')
        && s.ends_with(')')
        && open > 0
    {
        let inner = &s[open + 1..s.len() - 1];
        if planwatch_text::is_unit(inner) {
            unit = inner.to_string();
            s.truncate(open);
        } else if inner.chars().all(|c| c.is_ascii_digit()) {
            // A numbered footnote: "（1）".
            s.truncate(open);
        }
    }
    FigureName {
        name: s.trim().to_string(),
        unit,
        part,
        period,
        basis,
    }
}

/// A number as a table cell prints it.
pub(crate) struct Number {
    pub value: Decimal,
    /// The unit the cell itself carries ("1744亿元"); "" for a bare number.
    pub unit: String,
    /// The figure as printed, without notes.
    pub text: String,
    /// Marked as an estimate: `（*）`, `预计`.
    pub estimated: bool,
}

/// Reads a cell such as `100280`, `-10.6`, `1744亿元`, `增长6.7%`, `下降2.3%`, `8.4（可比价）` or
/// `2.82（*）`; `None` for a placeholder (`-`, `—`) or words.
pub(crate) fn read_number(cell: &str) -> Option<Number> {
    let mut t: String = norm(cell)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\\')
        .collect();
    let mut estimated = false;
    // Notes in brackets at the end: 可比价, *, 预计.
    while let Some(open) = t.rfind('(')
        && t.ends_with(')')
        && open > 0
    {
        let inner = &t[open + 1..t.len() - 1];
        if inner.contains('*') || inner.contains("预计") || inner.contains("快报") {
            estimated = true;
        }
        t.truncate(open);
    }
    if let Some(r) = t.strip_prefix("预计") {
        estimated = true;
        t = r.to_string();
    }
    let mut negative = false;
    for (w, neg) in [
        ("比上年增长", false),
        ("增长", false),
        ("提高", false),
        ("上升", false),
        ("上涨", false),
        ("比上年下降", true),
        ("下降", true),
        ("减少", true),
        ("降低", true),
    ] {
        if let Some(r) = t.strip_prefix(w) {
            negative = neg;
            t = r.to_string();
            break;
        }
    }
    let text = t.clone();
    let t = t.replace('−', "-");
    let q = planwatch_text::parse_quantity(&t).ok()?;
    let value = if negative { -q.value } else { q.value };
    Some(Number {
        value,
        unit: if q.unit == "%" { String::new() } else { q.unit },
        text,
        estimated,
    })
}

/// The words in front of a growth's figure: "比上年增长", "同比增长", "增长". `comparisons` are the
/// clauses stated with the level before it, where "比上年增长6.7%" is printed whole.
fn basis_of(growth: &Mention, comparisons: &[String], name_basis: Option<&str>) -> Option<String> {
    let words = |text: &str| {
        let p = norm(text);
        let end = p
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit() || *c == '-')
            .map_or(p.len(), |(i, _)| i);
        p[..end].trim().to_string()
    };
    let verb = words(&growth.phrase);
    let printed = comparisons
        .iter()
        .map(|c| words(c))
        .find(|w| w.ends_with(&verb) && w.len() > verb.len());
    let basis = match (printed, name_basis) {
        (Some(p), _) => p,
        (None, Some(b)) => format!("{b}{verb}"),
        (None, None) => verb,
    };
    (!basis.is_empty()).then_some(basis)
}

/// The figures of one sentence of what happened, from its mentions: each level with the growth
/// stated for the same subject right after it, and each growth stated alone.
pub(crate) fn prose_figures(
    mentions: &[Mention],
    year: Option<i32>,
    line: usize,
    sentence: &str,
) -> Vec<ReadFigure> {
    let mut out: Vec<ReadFigure> = Vec::new();
    let mut k = 0;
    while k < mentions.len() {
        let m = &mentions[k];
        k += 1;
        if m.in_comparison
            || m.counts_indicators
            || !m.ratio.is_empty()
            || m.subject.trim().is_empty()
            || m.approx.is_some()
            || m.high.is_some()
            || matches!(m.unit.as_str(), "个百分点" | "百分点")
        {
            continue;
        }
        let cleaned = figure_name(&m.subject);
        if cleaned.name.chars().count() < 2 {
            continue;
        }
        // A quarter's or months' figure is not the year's.
        let (period, fig_year) = match (&cleaned.period, year) {
            (Some(p), Some(y)) => (Some(format!("{y}年{p}")), None),
            (Some(p), None) => (Some(p.clone()), None),
            (None, y) => (y.map(|y| format!("{y}年")), y),
        };
        let signed = |x: &Mention| match x.change {
            Some(Change::Decrease) => -x.value,
            _ => x.value,
        };
        let growth_of = |x: &Mention| x.change.is_some() && x.unit == "%";
        let mut fig = ReadFigure {
            name: cleaned.name,
            part_of: None,
            measure: None,
            unit: String::new(),
            value_text: None,
            value: None,
            growth: None,
            growth_basis: None,
            share: None,
            period,
            year: fig_year,
            estimated: m.estimated,
            origin: FigureOrigin::Prose,
            line,
            text: sentence.trim().to_string(),
        };
        if growth_of(m) {
            fig.growth = Some(signed(m));
            fig.growth_basis = basis_of(m, &[], cleaned.basis.as_deref());
        } else if m.change.is_none() && !m.unit.is_empty() {
            fig.unit = m.unit.clone();
            fig.value = Some(m.value);
            fig.value_text = Some(format!("{}", m.value));
            // The growth of the same subject, stated next ("…1744亿元，比上年增长6.7%").
            if let Some(n) = mentions.get(k)
                && n.subject_inherited
                && n.subject == m.subject
                && growth_of(n)
                && n.approx.is_none()
            {
                fig.growth = Some(signed(n));
                fig.growth_basis = basis_of(n, &m.comparisons, None);
                fig.estimated |= n.estimated;
                k += 1;
            }
        } else {
            continue;
        }
        out.push(fig);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cleaned() {
        let n = figure_name("其中：精炼铜（电解铜）");
        assert_eq!(n.name, "精炼铜(电解铜)", "normalised to half-width");
        assert!(n.part);
        let n = figure_name("钢材[23]");
        assert_eq!(n.name, "钢材");
        let n = figure_name("全年国内生产总值[2]");
        assert_eq!(n.name, "国内生产总值");
        let n = figure_name("地区生产总值（亿元）");
        assert_eq!((n.name.as_str(), n.unit.as_str()), ("地区生产总值", "亿元"));
        let n = figure_name("全年居民消费价格比上年");
        assert_eq!(n.name, "居民消费价格");
        assert_eq!(n.basis.as_deref(), Some("比上年"));
        let n = figure_name("一季度国内生产总值");
        assert_eq!(
            (n.name.as_str(), n.period.as_deref()),
            ("国内生产总值", Some("一季度"))
        );
        let n = figure_name("1-9月规模以上工业增加值");
        assert_eq!(n.period.as_deref(), Some("1-9月"));
        assert_eq!(
            figure_name("12月份居民消费价格").period.as_deref(),
            Some("12月份")
        );
        assert_eq!(figure_name("12345").period, None);
    }

    #[test]
    fn numbers_as_cells_print_them() {
        let n = read_number("-10.6").unwrap();
        assert_eq!(n.value, Decimal::new(-106, 1));
        let n = read_number("1744亿元").unwrap();
        assert_eq!((n.value, n.unit.as_str()), (Decimal::from(1744), "亿元"));
        let n = read_number("2.82（\\*）").unwrap();
        assert!(n.estimated);
        assert_eq!(n.text, "2.82");
        let n = read_number("8.4　　（可比价）").unwrap();
        assert_eq!(n.value, Decimal::new(84, 1));
        assert_eq!(read_number("下降2.3%").unwrap().value, Decimal::new(-23, 1));
        assert!(read_number("-").is_none());
        assert!(read_number("—").is_none());
        assert!(read_number("新三板自2014年起全国扩容").is_none());
    }
}
