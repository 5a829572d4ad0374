//! The plan's indicator sheet in the annex layout (附件2): 序号, 指标名称 with （单位） and the
//! `*` (约束性) / `#` (new) markers, 属性, 预期目标, 实际完成 (when present), 责任单位, and section
//! rows 核心指标 / 其他指标 between the indicators.
//!
//! Columns are found by what their header says, not where they stand: a header containing 序号,
//! 指标 (名称), 属性, 目标, 完成/实际, 责任/牵头, or exactly 单位 (a unit column instead of units in
//! the names); `2024年预期目标` is a target column. Title rows above the header and note rows
//! below the table (注：…) are passed over. A section row is a row with one text and no figures;
//! 核心/其他 in it set the tier of the rows that follow, other section rows (（一）经济发展) are
//! categories and change nothing.
//!
//! Every problem is a [`CellError`] and the sheet is refused whole: a name that is not an
//! indicator name, a duplicate name, an attribute other than 预期性/约束性, a target or actual
//! that cannot be read, or one that cannot be right for the indicator's kind (the hard
//! plausibility limits of `planwatch_domain::plausibility`; the soft ones need the stored
//! history and are the service's).

use crate::Format;
use crate::error::{CellError, ExportError, ImportError, ImportErrors};
use crate::table::{Cell, Sheet, column_letter, load_csv, load_workbook};
use crate::write::{Out, OutTable, to_csv, to_xlsx};
use planwatch_domain::lang::join_messages;
use planwatch_domain::plausibility::{self, Context, Limits, Slot};
use planwatch_domain::projects::to_half_width;
use planwatch_domain::{IndicatorDef, Lang, Message, Plan, PlanIndicator, Tier};
use std::collections::HashMap;

/// The sheet name of the template.
pub const INDICATORS_SHEET: &str = "主要指标";

/// The template's headers, in order.
pub const INDICATOR_HEADERS: [&str; 6] = [
    "序号",
    "指标名称",
    "属性",
    "预期目标",
    "实际完成",
    "责任单位",
];

/// Where a value of the sheet came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellRef {
    pub sheet: String,
    /// Excel's name of the cell: `D7`.
    pub cell: String,
    /// The column's header as the file writes it.
    pub column: String,
}

/// One indicator as the sheet gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetIndicator {
    pub seq: u32,
    pub def: IndicatorDef,
    pub target: planwatch_domain::Expr,
    pub target_at: CellRef,
    pub actual: Option<planwatch_domain::Expr>,
    pub actual_at: Option<CellRef>,
}

/// The indicators of one sheet, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorSheet {
    pub sheet: String,
    pub indicators: Vec<SheetIndicator>,
}

impl IndicatorSheet {
    /// The sheet as a region-year's plan.
    pub fn to_plan(&self, region: &str, year: i32) -> Plan {
        Plan {
            region: region.to_string(),
            year,
            indicators: self
                .indicators
                .iter()
                .map(|i| PlanIndicator {
                    seq: i.seq,
                    def: i.def.clone(),
                    target: i.target.clone(),
                    actual: i.actual.clone(),
                })
                .collect(),
        }
    }
}

/// What a header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Seq,
    Name,
    Attr,
    Target,
    Actual,
    Department,
    Unit,
}

fn fold(s: &str) -> String {
    s.chars()
        .map(to_half_width)
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect()
}

fn classify(header: &str) -> Option<Col> {
    let h = fold(header);
    if h.is_empty() {
        return None;
    }
    Some(if h.contains("序号") || h == "编号" {
        Col::Seq
    } else if h.contains("属性") || h == "指标性质" || h == "性质" {
        Col::Attr
    } else if h.contains("指标") && !h.contains("目标") {
        Col::Name
    } else if h.contains("目标") || h.contains("计划") {
        Col::Target
    } else if h.contains("完成") || h.contains("实际") || h.contains("执行") {
        Col::Actual
    } else if h.contains("责任") || h.contains("牵头") || h.contains("主管") {
        Col::Department
    } else if h == "单位" || h == "计量单位" {
        Col::Unit
    } else {
        return None;
    })
}

/// The header row among the first fifteen: the one naming the most columns, with a name and a
/// target column; (row index, column → cell index).
fn header(sheet: &Sheet) -> Option<(usize, HashMap<usize, Col>)> {
    let mut best: Option<(usize, HashMap<usize, Col>)> = None;
    for (i, (_, cells)) in sheet.rows.iter().take(15).enumerate() {
        let mut map = HashMap::new();
        let mut seen = Vec::new();
        for (j, c) in cells.iter().enumerate() {
            if let Cell::Text(t) = c
                && let Some(col) = classify(t)
                && !seen.contains(&col)
            {
                seen.push(col);
                map.insert(j, col);
            }
        }
        let usable = seen.contains(&Col::Name) && seen.contains(&Col::Target);
        if usable && best.as_ref().is_none_or(|(_, b)| map.len() > b.len()) {
            best = Some((i, map));
        }
    }
    best
}

/// Reads the indicator sheet of a workbook (xlsx, xls, ods) or a CSV file.
pub fn read_indicators(bytes: &[u8], format: Format) -> Result<IndicatorSheet, ImportError> {
    let sheets = match format {
        Format::Xlsx => load_workbook(bytes)?,
        Format::Csv => vec![load_csv(bytes, INDICATORS_SHEET)?],
    };
    let preferred = sheets
        .iter()
        .filter(|s| fold(&s.name) == INDICATORS_SHEET)
        .chain(sheets.iter())
        .find(|s| header(s).is_some());
    let Some(sheet) = preferred else {
        return Err(ImportError::Invalid(ImportErrors(vec![CellError {
            sheet: sheets.first().map(|s| s.name.clone()).unwrap_or_default(),
            row: None,
            column: None,
            letter: None,
            value: String::new(),
            expected: Message::new(
                "含“指标名称”和“预期目标”表头的指标表",
                "an indicator table with the headers “指标名称” and “预期目标”",
            ),
        }])));
    };
    read_sheet(sheet)
}

fn is_note(text: &str) -> bool {
    let t = fold(text);
    [
        "注:",
        "注：",
        "注1",
        "说明:",
        "说明：",
        "备注",
        "资料来源",
        "数据来源",
    ]
    .iter()
    .any(|p| t.starts_with(p))
        || t == "注"
}

/// A numbered heading: `一、经济发展`, `（二）民生保障`.
fn is_heading(text: &str) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十";
    let t = fold(text);
    let mut cs = t.chars();
    match cs.next() {
        Some('(') => cs.next().is_some_and(|c| NUMERALS.contains(c)),
        Some(c) if NUMERALS.contains(c) => cs.any(|c| c == '、'),
        _ => false,
    }
}

/// The tier a section row sets, or `None` for a category row that sets none.
fn section_tier(text: &str) -> Option<Tier> {
    let t = fold(text);
    if t.contains("核心") {
        Some(Tier::Core)
    } else if t.contains("其他") || t.contains("其它") {
        Some(Tier::Other)
    } else {
        None
    }
}

fn read_sheet(sheet: &Sheet) -> Result<IndicatorSheet, ImportError> {
    let mut errs = Vec::new();
    let Some((h, map)) = header(sheet) else {
        return Err(ImportError::Invalid(ImportErrors(vec![])));
    };
    let header_cells = &sheet.rows[h].1;
    let col_of = |want: Col| map.iter().find(|(_, c)| **c == want).map(|(j, _)| *j);
    let name_col = col_of(Col::Name);
    let (seq_col, attr_col, target_col, actual_col, dept_col, unit_col) = (
        col_of(Col::Seq),
        col_of(Col::Attr),
        col_of(Col::Target),
        col_of(Col::Actual),
        col_of(Col::Department),
        col_of(Col::Unit),
    );
    let letter = |j: usize| column_letter(sheet.first_col + j as u32);
    let header_text = |j: usize| header_cells.get(j).map(Cell::display).unwrap_or_default();
    let at = |row: u32, j: usize| CellRef {
        sheet: sheet.name.clone(),
        cell: format!("{}{row}", letter(j)),
        column: header_text(j),
    };
    let mut fail = |row: u32, j: Option<usize>, value: String, expected: Message| {
        errs.push(CellError {
            sheet: sheet.name.clone(),
            row: Some(row),
            column: j.map(header_text),
            letter: j.map(letter),
            value,
            expected,
        });
    };
    let mut tier = None;
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut indicators = Vec::new();
    let mut next_seq = 1u32;
    for (row, cells) in &sheet.rows[h + 1..] {
        let row = *row;
        let get = |j: Option<usize>| {
            j.and_then(|j| cells.get(j))
                .map(Cell::display)
                .unwrap_or_default()
        };
        let filled: Vec<String> = cells
            .iter()
            .filter(|c| !c.is_empty())
            .map(Cell::display)
            .collect();
        let Some(first) = filled.first() else {
            continue;
        };
        if is_note(first) {
            // Notes end the table.
            break;
        }
        let name_text = get(name_col);
        let lone = filled.iter().all(|t| t == first);
        if lone
            && get(target_col).is_empty()
            && (section_tier(first).is_some() || name_text.is_empty() || is_heading(first))
        {
            // A section row: one text, perhaps merged across the row.
            if let Some(t) = section_tier(first) {
                tier = Some(t);
            }
            continue;
        }
        if name_text.is_empty() {
            fail(
                row,
                name_col,
                String::new(),
                Message::new(
                    "指标名称（如 地区生产总值增速（%））",
                    "an indicator name (such as “地区生产总值增速（%）”)",
                ),
            );
            continue;
        }
        let label = match planwatch_text::parse_indicator_label(&name_text) {
            Ok(l) => l,
            Err(e) => {
                fail(
                    row,
                    name_col,
                    name_text.clone(),
                    Message::new(
                        format!("指标名称（{e}）"),
                        format!("an indicator name ({e})"),
                    ),
                );
                continue;
            }
        };
        let mut def = label.to_def();
        if def.unit.is_empty() {
            let unit = get(unit_col);
            if !unit.is_empty() {
                def = IndicatorDef {
                    binding: def.binding,
                    is_new: def.is_new,
                    ..IndicatorDef::new(def.name.clone(), unit)
                };
            }
        }
        def.tier = tier;
        let attr = fold(&get(attr_col));
        match attr.as_str() {
            "" => {}
            "约束性" => def.binding = true,
            "预期性" => {}
            _ => fail(
                row,
                attr_col,
                get(attr_col),
                Message::new(
                    "属性：预期性或约束性",
                    "the attribute: “预期性” (anticipatory) or “约束性” (binding)",
                ),
            ),
        }
        let dept = get(dept_col);
        def.department = (!dept.is_empty()).then_some(dept);
        let seq_text = get(seq_col);
        let seq = if seq_text.is_empty() {
            label.seq.unwrap_or(next_seq)
        } else {
            match fold(&seq_text).trim_end_matches(['.', '、']).parse::<u32>() {
                Ok(n) if n > 0 => n,
                _ => {
                    fail(
                        row,
                        seq_col,
                        seq_text.clone(),
                        Message::new("序号：正整数", "a number: a whole number above 0"),
                    );
                    next_seq
                }
            }
        };
        next_seq = seq + 1;
        if let Some(first_row) = seen.get(&def.name) {
            fail(
                row,
                name_col,
                name_text.clone(),
                crate::table::unique("不重复的指标名称", "a unique indicator name", *first_row),
            );
            continue;
        }
        seen.insert(def.name.clone(), row);
        let limits = Limits::default();
        let mut figure = |j: Option<usize>,
                          slot: Slot,
                          what: Message|
         -> Option<(planwatch_domain::Expr, CellRef)> {
            let j = j?;
            let text = get(Some(j));
            if text.is_empty() || plausibility::is_dash(&text) {
                return None;
            }
            let parsed = planwatch_text::parse_expr(&text);
            if parsed.is_unparsed() {
                fail(
                    row,
                    Some(j),
                    text.clone(),
                    Message::new(
                        format!(
                            "可识别的{}（如 6.5以上、≤0.021、市级下达）：{}",
                            what.zh,
                            join_messages(&parsed.diagnostics, Lang::Zh)
                        ),
                        format!(
                            "{} that can be read (such as “6.5以上”, “≤0.021”, “市级下达”): {}",
                            what.en,
                            join_messages(&parsed.diagnostics, Lang::En)
                        ),
                    ),
                );
                return None;
            }
            let verdict =
                plausibility::check(&text, &parsed, &def, slot, &Context::default(), &limits);
            if verdict.is_refused() {
                fail(
                    row,
                    Some(j),
                    text.clone(),
                    Message::new(
                        format!("合理的{}：{}", what.zh, verdict.summary(Lang::Zh)),
                        format!("a plausible {}: {}", what.en, verdict.summary(Lang::En)),
                    ),
                );
                return None;
            }
            Some((parsed, at(row, j)))
        };
        let target = figure(target_col, Slot::Target, Message::new("目标", "target"));
        let actual = figure(
            actual_col,
            Slot::Actual,
            Message::new("实际完成值", "actual"),
        );
        let (target, target_at) = match (target, target_col) {
            (Some(t), _) => t,
            (None, Some(j)) => (planwatch_text::parse_expr(&get(Some(j))), at(row, j)),
            (None, None) => continue,
        };
        let (actual, actual_at) = match actual {
            Some((a, r)) => (Some(a), Some(r)),
            None => (None, None),
        };
        indicators.push(SheetIndicator {
            seq,
            def,
            target,
            target_at,
            actual,
            actual_at,
        });
    }
    if indicators.is_empty() && errs.is_empty() {
        errs.push(CellError {
            sheet: sheet.name.clone(),
            row: Some(sheet.rows[h].0),
            column: None,
            letter: None,
            value: String::new(),
            expected: Message::new(
                "表头下至少一行指标",
                "at least one indicator below the header",
            ),
        });
    }
    if errs.is_empty() {
        Ok(IndicatorSheet {
            sheet: sheet.name.clone(),
            indicators,
        })
    } else {
        Err(ImportError::Invalid(ImportErrors(errs)))
    }
}

/// The template's rows for a plan: section rows where the tier changes, then each indicator;
/// `filled` writes targets and actuals, otherwise they are left blank to fill in.
fn indicator_table(plan: Option<&Plan>, filled: bool) -> OutTable {
    let mut rows = Vec::new();
    let mut tier = None;
    for i in plan.map(|p| p.indicators.as_slice()).unwrap_or_default() {
        if i.def.tier.is_some() && i.def.tier != tier {
            tier = i.def.tier;
            let title = match tier {
                Some(Tier::Core) => "核心指标",
                _ => "其他指标",
            };
            let mut section = vec![Out::text(title)];
            section.resize(INDICATOR_HEADERS.len(), Out::Empty);
            rows.push(section);
        }
        let attr = if i.def.binding {
            "约束性"
        } else {
            "预期性"
        };
        rows.push(vec![
            Out::text(i.seq.to_string()),
            Out::text(i.def.label()),
            Out::text(attr),
            if filled {
                Out::text(i.target.text.clone())
            } else {
                Out::Empty
            },
            if filled {
                Out::opt_text(i.actual.as_ref().map(|a| a.text.clone()))
            } else {
                Out::Empty
            },
            Out::opt_text(i.def.department.clone()),
        ]);
    }
    OutTable {
        name: INDICATORS_SHEET,
        headers: INDICATOR_HEADERS.iter().map(|h| h.to_string()).collect(),
        rows,
    }
}

/// The indicator template as xlsx: the plan's indicators (or none), filled or blank.
pub fn write_indicators_xlsx(plan: Option<&Plan>, filled: bool) -> Result<Vec<u8>, ExportError> {
    to_xlsx(&[indicator_table(plan, filled)])
}

/// The indicator template as CSV (UTF-8 with BOM); it reads back to the same plan and writes
/// the same bytes again.
pub fn write_indicators_csv(plan: Option<&Plan>, filled: bool) -> Result<Vec<u8>, ExportError> {
    to_csv(&indicator_table(plan, filled))
}
