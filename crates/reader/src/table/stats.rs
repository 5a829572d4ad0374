//! Statistical tables read as figures: a bulletin's `指标 | 单位 | 绝对数 | 比上年增长（%）`, a
//! products table `产品名称 | 单位 | 产量 | 比上年增长`, a work report's appendix of values by
//! period `指标 | 单位 | 2011年 | 2016年 | 五年累计 | 年均增长`, side-by-side halves
//! `行业 | 增长 | 行业 | 增长`. They have no target column, so they are not indicator tables;
//! each row gives one figure per measure — a level column and the growth (and share) columns
//! after it.
//!
//! Columns are known by what their headers say, not by where they stand; rows are cut and
//! their cells placed by the same machinery as indicator tables ([`super::rows`]).

use super::cells::{Kind, classify, header_word};
use super::read::stream_header_len;
use super::rows::{align, stream_rows};
use crate::label::{as_seq, looks_like_value};
use crate::model::{ActualPart, ColumnRole, FigureOrigin, ReadFigure, TableLayout};
use crate::norm::{compact, first_year, norm};
use crate::source::{RawCell, RawTable};
use crate::stats::{FigureName, figure_name, read_number};

/// What a column of a statistical table holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FigCol {
    Seq,
    Name,
    Unit,
    /// A level; the unit its header names in brackets, and the period when the column is one
    /// of several periods ("2016年", "五年累计").
    Level {
        header: String,
        unit: String,
        period: Option<String>,
        year: Option<i32>,
    },
    /// Growth in percent; the header says against what (比上年增长, 年均增长).
    Growth {
        basis: String,
    },
    /// A share in percent (比重, 占…比重).
    Share,
    /// A column of no use for figures (备注, 属性).
    Skip,
}

/// Words naming the row's subject in statistical tables, besides the indicator-name words.
const NAME_WORDS: &[&str] = &[
    "行业",
    "地区",
    "国家和地区",
    "国家(地区)",
    "产品",
    "商品",
    "品种",
    "分组",
    "类别",
    "门类",
    "项目",
];
const GROWTH_WORDS: &[&str] = &["增长", "增速", "增幅", "涨幅", "涨跌", "增减", "上涨"];
const SHARE_WORDS: &[&str] = &["比重", "占比", "构成"];
/// Endings of a level column's header: 绝对数, 产量, 金额, 年末数, 企业数, 出口额 …
const LEVEL_ENDINGS: &[&str] = &["数", "额", "量", "值", "总计", "合计", "规模"];

/// A header without its bracketed unit: `年末数（万人）` → (`年末数`, `万人`).
fn split_unit(h: &str) -> (String, String) {
    if let Some(open) = h.rfind('(')
        && h.ends_with(')')
        && open > 0
    {
        let inner = &h[open + 1..h.len() - 1];
        if planwatch_text::is_unit(inner) {
            return (h[..open].to_string(), inner.to_string());
        }
    }
    (h.to_string(), String::new())
}

/// What a header says its column holds; `None` for a target or verdict column (an indicator
/// table, read elsewhere).
pub(crate) fn figure_column(header: &str) -> Option<FigCol> {
    let h = compact(&norm(header)).replace([' ', '\\'], "");
    if h.is_empty() {
        return Some(FigCol::Skip);
    }
    let (base, unit) = split_unit(&h);
    if base.ends_with("名称") || NAME_WORDS.contains(&base.as_str()) {
        return Some(FigCol::Name);
    }
    match header_word(&h) {
        Some(ColumnRole::Seq) => return Some(FigCol::Seq),
        Some(ColumnRole::Name) => return Some(FigCol::Name),
        Some(ColumnRole::Unit) => return Some(FigCol::Unit),
        Some(ColumnRole::Target { .. } | ColumnRole::Verdict) => return None,
        Some(
            ColumnRole::Category | ColumnRole::Nature | ColumnRole::Department | ColumnRole::Note,
        ) => return Some(FigCol::Skip),
        _ => {}
    }
    if GROWTH_WORDS.iter().any(|w| base.contains(w)) {
        return Some(FigCol::Growth { basis: base });
    }
    if SHARE_WORDS.iter().any(|w| base.contains(w)) {
        return Some(FigCol::Share);
    }
    let level = |period: Option<String>, year: Option<i32>| FigCol::Level {
        header: base.clone(),
        unit: unit.clone(),
        period,
        year,
    };
    // A period column: "2016年", "2016年末", "五年累计".
    if let Some(year) = first_year(&base) {
        let rest = base.replacen(&year.to_string(), "", 1);
        if matches!(rest.as_str(), "年" | "年末" | "年度" | "年底" | "") {
            return Some(level(Some(base.clone()), Some(year)));
        }
    }
    if base.contains("累计") {
        return Some(level(Some(base.clone()), None));
    }
    if LEVEL_ENDINGS.iter().any(|w| base.ends_with(w)) || !unit.is_empty() {
        return Some(level(None, None));
    }
    Some(FigCol::Skip)
}

/// Whether header words make a statistical table: a name column and a level or growth column,
/// every word known, and no target column. Strict, because it is also used to find tables in
/// plain text, where a loose rule would take prose for a header.
pub(crate) fn is_figure_header(words: &[String]) -> bool {
    let Some(cols) = words
        .iter()
        .map(|w| figure_column(w))
        .collect::<Option<Vec<FigCol>>>()
    else {
        return false;
    };
    let name = cols.contains(&FigCol::Name);
    let growth = cols.iter().any(|c| matches!(c, FigCol::Growth { .. }));
    let level = cols.iter().any(|c| matches!(c, FigCol::Level { .. }));
    let unit = cols.contains(&FigCol::Unit);
    name && (growth || (level && unit)) && !cols.contains(&FigCol::Skip)
}

/// The role a figure column plays for the placement of cells.
fn placement_role(c: &FigCol) -> ColumnRole {
    match c {
        FigCol::Seq => ColumnRole::Seq,
        FigCol::Name => ColumnRole::Name,
        FigCol::Unit => ColumnRole::Unit,
        FigCol::Level { year, .. } => ColumnRole::Actual {
            year: *year,
            part: ActualPart::Absolute,
        },
        FigCol::Growth { .. } => ColumnRole::Actual {
            year: None,
            part: ActualPart::Growth,
        },
        FigCol::Share | FigCol::Skip => ColumnRole::Other,
    }
}

/// The figures of a statistical table.
pub(crate) struct StatsRead {
    pub figures: Vec<ReadFigure>,
    /// 0-based lines the table was read from.
    pub lines: Vec<usize>,
}

/// Layouts whose rows keep every cell in its place, empty ones included.
fn is_grid(layout: TableLayout) -> bool {
    matches!(
        layout,
        TableLayout::PipeRows | TableLayout::Docx | TableLayout::Html | TableLayout::Pdf
    )
}

/// One measure of a row: a level column and the growth and share columns after it.
struct Measure {
    level: Option<usize>,
    growth: Option<usize>,
    share: Option<usize>,
}

/// The measures of a segment of columns (from one name column to the next).
fn measures(cols: &[FigCol], range: std::ops::Range<usize>) -> Vec<Measure> {
    let mut out: Vec<Measure> = Vec::new();
    for c in range {
        match &cols[c] {
            FigCol::Level { .. } => out.push(Measure {
                level: Some(c),
                growth: None,
                share: None,
            }),
            FigCol::Growth { .. } => match out.last_mut() {
                Some(m) if m.growth.is_none() && m.share.is_none() => m.growth = Some(c),
                _ => out.push(Measure {
                    level: None,
                    growth: Some(c),
                    share: None,
                }),
            },
            FigCol::Share => match out.last_mut() {
                Some(m) if m.share.is_none() => m.share = Some(c),
                _ => out.push(Measure {
                    level: None,
                    growth: None,
                    share: Some(c),
                }),
            },
            _ => {}
        }
    }
    out
}

/// Reads a table that is not an indicator table as figures, or `None` when its header is not
/// one of a statistical table. `year` is the year the document reports on.
pub(crate) fn read_stats(raw: &RawTable, caption: &str, year: Option<i32>) -> Option<StatsRead> {
    let (header, body): (Vec<String>, Vec<Vec<RawCell>>) = if raw.stream {
        let cells = raw.rows.first()?;
        let n = stream_header_len(cells);
        if n < 2 {
            return None;
        }
        let header: Vec<String> = cells[..n].iter().map(|c| c.text.clone()).collect();
        let body = &cells[n..];
        let roles: Vec<ColumnRole> = header
            .iter()
            .map(|h| figure_column(h).map_or(ColumnRole::Other, |c| placement_role(&c)))
            .collect();
        let kinds: Vec<Kind> = body.iter().map(|c| classify(&c.text)).collect();
        let seqs: Vec<Option<u32>> = body.iter().map(|c| as_seq(&c.text)).collect();
        let (rows, _) = stream_rows(&kinds, &seqs, &roles);
        let rows = rows
            .into_iter()
            .map(|r| r.into_iter().map(|k| body[k].clone()).collect())
            .collect();
        (header, rows)
    } else {
        let first = raw.rows.first()?;
        if first.iter().any(|c| looks_like_value(&c.text)) {
            return None;
        }
        (
            first.iter().map(|c| c.text.clone()).collect(),
            raw.rows[1..].to_vec(),
        )
    };
    let cols: Vec<FigCol> = header
        .iter()
        .map(|h| figure_column(h))
        .collect::<Option<_>>()?;
    let names: Vec<usize> = (0..cols.len())
        .filter(|&c| cols[c] == FigCol::Name)
        .collect();
    if names.is_empty()
        || !cols
            .iter()
            .any(|c| matches!(c, FigCol::Level { .. } | FigCol::Growth { .. }))
    {
        return None;
    }
    let roles: Vec<ColumnRole> = cols.iter().map(placement_role).collect();
    let table_year = first_year(caption).or(year);
    let origin = FigureOrigin::Table {
        caption: caption.to_string(),
        layout: raw.layout,
    };
    // Side-by-side halves: each name column starts a segment of its own.
    let segments: Vec<(usize, std::ops::Range<usize>)> = names
        .iter()
        .enumerate()
        .map(|(k, &n)| (n, n + 1..names.get(k + 1).copied().unwrap_or(cols.len())))
        .collect();
    let unit_col = cols.iter().position(|c| *c == FigCol::Unit);
    let mut figures = Vec::new();
    let mut parent: Vec<Option<String>> = vec![None; segments.len()];
    for row in &body {
        // Per column, the cell it holds.
        let placed: Vec<Option<&RawCell>> = if is_grid(raw.layout) {
            (0..cols.len()).map(|c| row.get(c)).collect()
        } else {
            let kinds: Vec<Kind> = row.iter().map(|c| classify(&c.text)).collect();
            align(&kinds, &roles)
                .columns
                .iter()
                .map(|k| k.map(|k| &row[k]))
                .collect()
        };
        let text_at = |c: usize| placed[c].map_or("", |x| x.text.trim());
        let row_text = row
            .iter()
            .map(|c| c.text.trim())
            .collect::<Vec<_>>()
            .join(" | ");
        for (s, (name_col, range)) in segments.iter().enumerate() {
            let Some(name_cell) = placed[*name_col].filter(|c| !c.text.trim().is_empty()) else {
                continue;
            };
            let FigureName {
                name,
                unit: label_unit,
                part,
                ..
            } = figure_name(&name_cell.text);
            if name.is_empty() {
                continue;
            }
            let part_of = if part { parent[s].clone() } else { None };
            if !part {
                parent[s] = Some(name.clone());
            }
            let ms = measures(&cols, range.clone());
            let several = ms.iter().filter(|m| m.level.is_some()).count() > 1;
            for m in &ms {
                let level = m.level.and_then(|c| read_number(text_at(c)));
                let growth = m.growth.and_then(|c| read_number(text_at(c)));
                let share = m.share.and_then(|c| read_number(text_at(c)));
                if level.is_none() && growth.is_none() {
                    continue;
                }
                let (header, header_unit, period, col_year) = match m.level.map(|c| &cols[c]) {
                    Some(FigCol::Level {
                        header,
                        unit,
                        period,
                        year,
                    }) => (Some(header.clone()), unit.clone(), period.clone(), *year),
                    _ => (None, String::new(), None, None),
                };
                // The unit column's cell, whatever unit it names (亿支, 亿吨公里), unless a
                // placeholder (—) or a figure.
                let unit_cell = unit_col
                    .map(text_at)
                    .filter(|u| {
                        !u.is_empty()
                            && !matches!(classify(u), Kind::Placeholder | Kind::Empty)
                            && !u.chars().any(|c| c.is_ascii_digit())
                    })
                    .map(|u| norm(u).replace(['(', ')'], ""));
                let unit = match &level {
                    None => String::new(),
                    Some(l) if !l.unit.is_empty() => l.unit.clone(),
                    Some(_) if !header_unit.is_empty() => header_unit,
                    Some(_) => unit_cell.unwrap_or_else(|| label_unit.clone()),
                };
                let (period, fig_year) = match period {
                    Some(p) => (Some(p), col_year),
                    None => (table_year.map(|y| format!("{y}年")), table_year),
                };
                let basis = m.growth.and_then(|c| match &cols[c] {
                    FigCol::Growth { basis } => Some(basis.clone()),
                    _ => None,
                });
                figures.push(ReadFigure {
                    name: name.clone(),
                    part_of: part_of.clone(),
                    measure: header.filter(|_| several),
                    unit,
                    value_text: level.as_ref().map(|l| l.text.clone()),
                    value: level.as_ref().map(|l| l.value),
                    growth: growth.as_ref().map(|g| g.value),
                    growth_basis: growth.as_ref().and(basis),
                    share: share.as_ref().map(|x| x.value),
                    period,
                    year: fig_year,
                    estimated: level.as_ref().is_some_and(|l| l.estimated)
                        || growth.as_ref().is_some_and(|g| g.estimated),
                    origin: origin.clone(),
                    line: name_cell.line,
                    text: row_text.clone(),
                });
            }
        }
    }
    if figures.is_empty() {
        return None;
    }
    Some(StatsRead {
        figures,
        lines: raw.lines.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_by_what_headers_say() {
        assert_eq!(figure_column("产品名称"), Some(FigCol::Name));
        assert_eq!(figure_column("单位"), Some(FigCol::Unit));
        assert!(matches!(
            figure_column("比上年增长（%）"),
            Some(FigCol::Growth { basis }) if basis == "比上年增长"
        ));
        assert!(matches!(
            figure_column("年末数（万人）"),
            Some(FigCol::Level { unit, period: None, .. }) if unit == "万人"
        ));
        assert!(matches!(
            figure_column("2016年"),
            Some(FigCol::Level {
                year: Some(2016),
                ..
            })
        ));
        assert!(matches!(
            figure_column("五年累计"),
            Some(FigCol::Level { period: Some(p), year: None, .. }) if p == "五年累计"
        ));
        assert_eq!(figure_column("占全部出口比重（%）"), Some(FigCol::Share));
        assert_eq!(figure_column("2023年预期目标"), None);
        assert!(is_figure_header(&[
            "指标".into(),
            "单位".into(),
            "绝对数".into(),
            "比上年增长（%）".into()
        ]));
        assert!(!is_figure_header(&["指标".into(), "全国".into()]));
    }
}
