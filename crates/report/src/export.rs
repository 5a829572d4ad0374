//! Flat tables for people who work in spreadsheets: a plan's indicators, or its evaluation,
//! as CSV, xlsx or JSON. Figures are numbers, the original text stays beside them.

use crate::ReportError;
use planwatch_domain::assessment::DepartmentTally;
use planwatch_domain::{Expr, Judgement, Plan, Tier};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format as XFormat, Workbook};
use serde::Serialize;

/// One cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Number(f64),
    Bool(bool),
    Empty,
}

/// A header row and data rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    /// The worksheet's name in xlsx.
    pub sheet: &'static str,
    /// Stable snake_case keys (JSON) and Chinese headers (CSV, xlsx), column by column.
    pub columns: Vec<(&'static str, &'static str)>,
    pub rows: Vec<Vec<Cell>>,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn figure(e: Option<&Expr>) -> Cell {
    e.and_then(|e| e.figure())
        .and_then(|q| q.value.to_f64())
        .map(Cell::Number)
        .unwrap_or(Cell::Empty)
}

const BASE: [(&str, &str); 11] = [
    ("seq", "序号"),
    ("label", "指标名称（原文）"),
    ("name", "指标名称"),
    ("unit", "单位"),
    ("binding", "约束性"),
    ("is_new", "新增"),
    ("tier", "层级"),
    ("target", "预期目标（原文）"),
    ("target_value", "预期目标（数值）"),
    ("actual", "实际完成（原文）"),
    ("actual_value", "实际完成（数值）"),
];

/// The plan's indicators.
pub fn indicators(plan: &Plan) -> Table {
    table(plan, None)
}

/// The plan's indicators with their judgements (one per indicator, in order).
pub fn evaluation(plan: &Plan, judgements: &[Judgement]) -> Table {
    table(plan, Some(judgements))
}

fn table(plan: &Plan, judgements: Option<&[Judgement]>) -> Table {
    let mut columns = BASE.to_vec();
    if judgements.is_some() {
        columns.extend([
            ("status", "判定结果"),
            ("rule", "判定规则"),
            ("explanation", "判定说明"),
        ]);
    }
    let rows = plan
        .indicators
        .iter()
        .enumerate()
        .map(|(k, i)| {
            let mut row = vec![
                Cell::Number(f64::from(i.seq)),
                text(i.def.label()),
                text(&i.def.name),
                text(&i.def.unit),
                Cell::Bool(i.def.binding),
                Cell::Bool(i.def.is_new),
                text(match i.def.tier {
                    Some(Tier::Core) => "核心指标",
                    Some(Tier::Other) => "其他指标",
                    None => "",
                }),
                text(&i.target.text),
                figure(Some(&i.target)),
                text(i.actual.as_ref().map(|a| a.text.as_str()).unwrap_or("")),
                figure(i.actual.as_ref()),
            ];
            if let Some(js) = judgements {
                match js.get(k) {
                    Some(j) => row.extend([
                        text(j.status.label_zh()),
                        text(&j.rule),
                        text(&j.explanation),
                    ]),
                    None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
                }
            }
            row
        })
        .collect();
    Table {
        name: format!("{}{}年主要指标", plan.region, plan.year),
        sheet: "主要指标",
        columns,
        rows,
    }
}

const DEPARTMENT_COLUMNS: [(&str, &str); 12] = [
    ("department", "部门"),
    ("items", "负责事项"),
    ("indicators", "指标"),
    ("projects", "重点项目"),
    ("tasks", "重点任务"),
    ("livelihood", "民生实事"),
    ("on_track", "正常推进"),
    ("behind", "滞后"),
    ("undecided", "尚无法判断"),
    ("figures_owed", "应报数据"),
    ("figures_late", "逾期未报"),
    ("returned", "被退回"),
];

/// The all-departments table of the year-end assessment: each department's items (by kind,
/// and on track / behind / undecided), figures owed and late, submissions returned.
pub fn departments(region: &str, year: i32, month: u8, rows: &[DepartmentTally]) -> Table {
    let n = |v: usize| Cell::Number(v as f64);
    Table {
        name: format!("{region}{year}年部门工作情况（截至{month}月）"),
        sheet: "部门考核",
        columns: DEPARTMENT_COLUMNS.to_vec(),
        rows: rows
            .iter()
            .map(|t| {
                vec![
                    text(&t.department),
                    n(t.items()),
                    n(t.indicators),
                    n(t.projects),
                    n(t.tasks),
                    n(t.livelihood),
                    n(t.on_track),
                    n(t.behind),
                    n(t.undecided),
                    n(t.figures_owed),
                    n(t.figures_late),
                    n(t.returned),
                ]
            })
            .collect(),
    }
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Number(n) => n.to_string(),
        Cell::Bool(true) => "是".into(),
        Cell::Bool(false) => "否".into(),
        Cell::Empty => String::new(),
    }
}

fn csv_field(s: &str) -> String {
    // Quote when needed; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run
    // it as a formula (an actual like -2.3 stays a number: only non-numeric text is guarded).
    let guarded = if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// CSV in UTF-8 with a byte-order mark (so Excel reads the Chinese correctly), CRLF lines.
pub fn to_csv(t: &Table) -> Vec<u8> {
    let mut s = String::from("\u{feff}");
    let head: Vec<String> = t.columns.iter().map(|c| csv_field(c.1)).collect();
    s.push_str(&head.join(","));
    s.push_str("\r\n");
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(|c| csv_field(&cell_text(c))).collect();
        s.push_str(&cells.join(","));
        s.push_str("\r\n");
    }
    s.into_bytes()
}

/// One sheet.
pub fn to_xlsx(t: &Table) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(t.sheet)?;
    let bold = XFormat::new().set_bold();
    for (c, col) in t.columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, col.1, &bold)?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::Number(n) => {
                    ws.write_number(r, c, *n)?;
                }
                Cell::Bool(b) => {
                    ws.write_boolean(r, c, *b)?;
                }
                Cell::Empty => {}
            }
        }
    }
    ws.set_column_width(1, 36)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(wb.save_to_buffer()?)
}

/// The rows as JSON objects keyed by the snake_case column names.
pub fn to_json(t: &Table) -> Vec<u8> {
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = t
        .rows
        .iter()
        .map(|row| {
            t.columns
                .iter()
                .zip(row)
                .map(|((key, _), cell)| {
                    let v = match cell {
                        Cell::Text(s) => serde_json::Value::String(s.clone()),
                        Cell::Number(n) => serde_json::Number::from_f64(*n)
                            .map(serde_json::Value::Number)
                            .unwrap_or(serde_json::Value::Null),
                        Cell::Bool(b) => serde_json::Value::Bool(*b),
                        Cell::Empty => serde_json::Value::Null,
                    };
                    (key.to_string(), v)
                })
                .collect()
        })
        .collect();
    let mut out = serde_json::to_vec_pretty(&rows).unwrap_or_else(|_| b"[]".to_vec());
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn part(xlsx: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("an xlsx is a zip");
        let mut s = String::new();
        zip.by_name(name)
            .expect("part")
            .read_to_string(&mut s)
            .expect("utf-8");
        s
    }

    #[test]
    fn the_departments_table_has_a_row_per_department_and_its_own_sheet() {
        let rows = vec![
            DepartmentTally {
                department: "区交通局".into(),
                projects: 3,
                tasks: 1,
                on_track: 2,
                behind: 2,
                figures_owed: 4,
                figures_late: 1,
                returned: 1,
                ..Default::default()
            },
            DepartmentTally {
                department: "区统计局".into(),
                indicators: 5,
                undecided: 5,
                ..Default::default()
            },
        ];
        let t = departments("江北区", 2024, 5, &rows);
        assert_eq!(t.name, "江北区2024年部门工作情况（截至5月）");
        assert_eq!(t.rows.len(), 2);
        let csv = String::from_utf8(to_csv(&t)).expect("utf-8");
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[1], "区交通局,4,0,3,1,0,2,2,0,4,1,1");
        assert_eq!(lines[2], "区统计局,5,5,0,0,0,0,0,5,0,0,0");
        let json: serde_json::Value = serde_json::from_slice(&to_json(&t)).expect("json");
        assert_eq!(json[0]["behind"], 2.0);
        let xlsx = to_xlsx(&t).expect("xlsx");
        assert!(part(&xlsx, "xl/workbook.xml").contains("name=\"部门考核\""));
        let strings = part(&xlsx, "xl/sharedStrings.xml");
        for s in ["区交通局", "区统计局", "逾期未报", "被退回"] {
            assert!(strings.contains(s), "{s} in {strings}");
        }
    }
}
