//! The key-task list: sheet 重点任务.

use crate::error::{CellError, ExportError, ImportError};
use crate::projects::{finish, missing_sheet};
use crate::table::unique;
use crate::table::{
    Cell, Col, Mapped, Sheet, col, find_sheet, load_csv, load_workbook, parse_number,
};
use crate::write::{Out, OutTable, to_csv, to_xlsx};
use planwatch_domain::Message;
use planwatch_domain::tasks::{
    Deadline, Measure, MeasureTarget, TargetValue, TaskStatus, format_progress_notes,
    parse_progress_notes, split_departments,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::str::FromStr;

pub const TASKS_SHEET: &str = "重点任务";

const CODE: usize = 0;
const AREA: usize = 1;
const TASK: usize = 2;
const TEXT: usize = 3;
const TARGET: usize = 4;
const UNIT: usize = 5;
const LEAD: usize = 6;
const SUPPORT: usize = 7;
const DEADLINE: usize = 8;
const PROGRESS: usize = 9;
const STATUS: usize = 10;

pub(crate) static TASK_COLS: [Col; 11] = [
    col("编号", &["序号", "任务编号"], true),
    col("任务领域", &["领域", "重点领域"], true),
    col("任务", &["重点任务", "任务名称"], true),
    col("具体措施", &["措施", "工作措施", "主要措施"], true),
    col("目标值", &["目标", "量化目标"], false),
    col("单位", &["计量单位"], false),
    col("牵头单位", &["责任单位", "牵头部门"], true),
    col("配合单位", &["协同单位", "配合部门"], false),
    col("完成时限", &["时限", "完成时间"], false),
    col("进展情况", &["进展", "工作进展"], false),
    col("状态", &["完成状态", "任务状态"], false),
];

/// The key-task list of a year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskLedger {
    pub measures: Vec<Measure>,
}

impl TaskLedger {
    /// Reads sheet 重点任务 (or the first sheet with its headers). `year` is the plan year:
    /// deadlines like "年底" are read in it, and a deadline before it is an error.
    pub fn read_xlsx(bytes: &[u8], year: i32) -> Result<TaskLedger, ImportError> {
        let sheets = load_workbook(bytes)?;
        let Some(s) = find_sheet(&sheets, &[TASKS_SHEET, "重点任务清单"], &TASK_COLS) else {
            return Err(missing_sheet(TASKS_SHEET));
        };
        let mut errs = Vec::new();
        let measures = parse_tasks(s, year, &mut errs);
        finish(errs, TaskLedger { measures })
    }

    /// Reads the 重点任务 table from CSV.
    pub fn read_csv(bytes: &[u8], year: i32) -> Result<TaskLedger, ImportError> {
        let mut errs = Vec::new();
        let measures = parse_tasks(&load_csv(bytes, TASKS_SHEET)?, year, &mut errs);
        finish(errs, TaskLedger { measures })
    }

    /// A workbook with sheet 重点任务.
    pub fn write_xlsx(&self) -> Result<Vec<u8>, ExportError> {
        to_xlsx(&[tasks_table(&self.measures)])
    }

    /// The 重点任务 table as CSV (UTF-8 with BOM).
    pub fn write_csv(&self) -> Result<Vec<u8>, ExportError> {
        to_csv(&tasks_table(&self.measures))
    }
}

fn parse_tasks(sheet: &Sheet, year: i32, errs: &mut Vec<CellError>) -> Vec<Measure> {
    let Some(m) = Mapped::new(sheet, &TASK_COLS, errs) else {
        return Vec::new();
    };
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut out = Vec::new();
    for (rn, cells) in m.data_rows() {
        let mut r = m.row(rn, cells, errs);
        let before = r.errs.len();
        let code = r.req_text(CODE);
        if !code.is_empty() {
            if let Some(first) = seen.get(&code) {
                r.fail(CODE, unique("唯一的编号", "a unique code", *first));
            } else {
                seen.insert(code.clone(), rn);
            }
        }
        let area = r.req_text(AREA);
        let task = r.req_text(TASK);
        let text = r.req_text(TEXT);
        let lead = r.req_text(LEAD);
        let unit = r.text(UNIT);
        // A number, or text that is not one ("100以上") kept as written.
        let target = match r.cell(TARGET).clone() {
            Cell::Empty => None,
            Cell::Number(f) => match Decimal::from_str(&format!("{f}")) {
                Ok(d) => Some(TargetValue::Number(d)),
                Err(_) => {
                    r.fail(
                        TARGET,
                        Message::new("数字或目标文字", "a number or a target in words"),
                    );
                    None
                }
            },
            other => {
                let t = other.display();
                match parse_number(&t, &unit) {
                    Some(Some(d)) => Some(TargetValue::Number(d)),
                    _ => Some(TargetValue::Text(t)),
                }
            }
        };
        let deadline = match r.cell(DEADLINE) {
            Cell::Date(d) => Some(Deadline::Date(*d)),
            Cell::Number(_) => r.date(DEADLINE).map(Deadline::Date),
            other => Deadline::parse(&other.display(), year),
        };
        if let Some(Deadline::Date(d)) = &deadline
            && d.year < year
        {
            r.fail(
                DEADLINE,
                Message::new(
                    format!("不早于{year}年的完成时限"),
                    format!("a deadline in {year} or later"),
                ),
            );
        }
        // A new list often has no status yet: blank means 未启动.
        let status = if r.text(STATUS).is_empty() {
            Some(TaskStatus::NotStarted)
        } else {
            r.label(STATUS, TaskStatus::parse, &TaskStatus::expected(), true)
        };
        if r.errs.len() != before {
            continue;
        }
        let Some(status) = status else { continue };
        out.push(Measure {
            code,
            area,
            task,
            text,
            target: target.map(|value| MeasureTarget { value, unit }),
            lead,
            supporting: split_departments(&r.text(SUPPORT)),
            deadline,
            progress: parse_progress_notes(&r.text(PROGRESS)),
            status,
        });
    }
    out
}

fn tasks_table(measures: &[Measure]) -> OutTable {
    OutTable {
        name: TASKS_SHEET,
        headers: TASK_COLS.iter().map(|c| c.name.to_string()).collect(),
        rows: measures
            .iter()
            .map(|m| {
                let (target, unit) = match &m.target {
                    None => (Out::Empty, Out::Empty),
                    Some(t) => (
                        match &t.value {
                            TargetValue::Number(d) => Out::Number(*d),
                            TargetValue::Text(s) => Out::text(s),
                        },
                        Out::text(&t.unit),
                    ),
                };
                vec![
                    Out::text(&m.code),
                    Out::text(&m.area),
                    Out::text(&m.task),
                    Out::text(&m.text),
                    target,
                    unit,
                    Out::text(&m.lead),
                    Out::text(m.supporting.join("、")),
                    Out::opt_text(m.deadline.as_ref()),
                    Out::text(format_progress_notes(&m.progress)),
                    Out::text(m.status.label()),
                ]
            })
            .collect(),
    }
}
