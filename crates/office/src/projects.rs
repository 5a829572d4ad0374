//! The key-project ledger: sheets 重点项目 and 月度进度.

use crate::error::{CellError, ExportError, ImportError, ImportErrors};
use crate::table::{Col, Mapped, Sheet, col, find_sheet, load_csv, load_workbook, unique};
use crate::write::{Out, OutTable, to_csv, to_xlsx};
use planwatch_domain::Message;
use planwatch_domain::lang::{Lang, figure_with_unit};
use planwatch_domain::projects::{
    BuildStatus, Category, Milestone, MilestoneKind, MonthlyProgress, Phase, PlanDate, Project,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Sheet name of the project table.
pub const PROJECTS_SHEET: &str = "重点项目";
/// Sheet name of the monthly progress table.
pub const MONTHLY_SHEET: &str = "月度进度";

const UNIT: &str = "亿元";

// Column positions in `PROJECT_COLS`.
const CODE: usize = 0;
const NAME: usize = 1;
const CATEGORY: usize = 2;
const PHASE: usize = 3;
const STATUS: usize = 4;
const UNIT_COL: usize = 5;
const STREET: usize = 6;
const SECTOR: usize = 7;
const TOTAL: usize = 8;
const ANNUAL: usize = 9;
const DONE: usize = 10;
const LAST_YEAR: usize = 11;
const PLAN_START: usize = 12;
const ACT_START: usize = 13;
const PLAN_END: usize = 14;
const ACT_END: usize = 15;
/// 立项时间 … 施工许可时间, in `MilestoneKind::ALL` order.
const MILESTONE0: usize = 16;
const NOTE: usize = 21;

/// The 重点项目 template: the sixteen columns of issue 4, then optional milestone dates and the
/// progress note, which exports write so that nothing is lost on a round trip.
pub(crate) static PROJECT_COLS: [Col; 22] = [
    col("项目编号", &["编号", "项目代码"], true),
    col("项目名称", &["名称"], true),
    col("投资类别", &["类别", "投资类型", "项目类别"], true),
    col("项目阶段", &["阶段", "项目类型"], true),
    col("建设状态", &["状态", "项目状态"], false),
    col("责任单位", &["牵头单位", "责任部门", "业主单位"], false),
    col("所属镇街", &["镇街", "所在镇街", "所属街道"], false),
    col("行业", &["所属行业", "行业类别", "行业领域"], false),
    col("总投资（亿元）", &["总投资", "总投资(亿)"], true),
    col(
        "年度计划投资（亿元）",
        &[
            "年度计划投资",
            "年度投资计划（亿元）",
            "年度投资计划",
            "年度计划",
        ],
        true,
    ),
    col(
        "本年完成投资（亿元）",
        &[
            "本年完成投资",
            "完成投资（亿元）",
            "累计完成投资（亿元）",
            "完成投资",
        ],
        false,
    ),
    col(
        "上年同期完成投资（亿元）",
        &["上年同期完成投资", "上年同期（亿元）", "上年同期"],
        false,
    ),
    col("计划开工时间", &["计划开工日期"], false),
    col("实际开工时间", &["实际开工日期", "开工时间"], false),
    col("计划竣工时间", &["计划竣工日期", "计划完工时间"], false),
    col(
        "实际竣工时间",
        &["实际竣工日期", "实际完工时间", "竣工时间"],
        false,
    ),
    col("立项时间", &["立项"], false),
    col("用地时间", &["用地"], false),
    col("规划许可时间", &["规划许可"], false),
    col("环评时间", &["环评"], false),
    col("施工许可时间", &["施工许可"], false),
    col("进展情况", &["项目进展", "进展"], false),
];

const M_CODE: usize = 0;
const M_MONTH: usize = 1;
const M_CUM: usize = 2;
const M_IMAGE: usize = 3;

pub(crate) static MONTHLY_COLS: [Col; 4] = [
    col("项目编号", &["编号", "项目代码"], true),
    col("月份", &["月度", "统计月份"], true),
    col(
        "累计完成投资（亿元）",
        &["累计完成投资", "本年完成投资（亿元）"],
        true,
    ),
    col("形象进度", &["形象进度描述", "进展情况"], false),
];

/// A year's project ledger: the projects and, optionally, their monthly reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectLedger {
    pub projects: Vec<Project>,
    pub monthly: Vec<MonthlyProgress>,
}

impl ProjectLedger {
    /// Reads an xlsx (or xls/ods) workbook: sheet 重点项目 (required; a workbook whose only
    /// matching sheet has another name is read too) and sheet 月度进度 (optional).
    /// `year` is the plan year, used to check dates and months.
    pub fn read_xlsx(bytes: &[u8], year: i32) -> Result<ProjectLedger, ImportError> {
        let sheets = load_workbook(bytes)?;
        let mut errs = Vec::new();
        let Some(main) = find_sheet(
            &sheets,
            &[PROJECTS_SHEET, "重点项目台账", "项目台账"],
            &PROJECT_COLS,
        ) else {
            return Err(missing_sheet(PROJECTS_SHEET));
        };
        let projects = parse_projects(main, year, &mut errs);
        let monthly = match sheets
            .iter()
            .find(|s| crate::table::norm_header(&s.name) == MONTHLY_SHEET)
        {
            Some(s) => parse_monthly(s, year, Some(&projects), &mut errs),
            None => Vec::new(),
        };
        finish(errs, ProjectLedger { projects, monthly })
    }

    /// Reads the 重点项目 table from CSV and, if given, the 月度进度 table from a second CSV.
    /// UTF-8 with or without BOM, or GB18030.
    pub fn read_csv(
        projects_csv: &[u8],
        monthly_csv: Option<&[u8]>,
        year: i32,
    ) -> Result<ProjectLedger, ImportError> {
        let mut errs = Vec::new();
        let sheet = load_csv(projects_csv, PROJECTS_SHEET)?;
        let projects = parse_projects(&sheet, year, &mut errs);
        let monthly = match monthly_csv {
            Some(b) => parse_monthly(
                &load_csv(b, MONTHLY_SHEET)?,
                year,
                Some(&projects),
                &mut errs,
            ),
            None => Vec::new(),
        };
        finish(errs, ProjectLedger { projects, monthly })
    }

    /// Reads monthly reports alone (sheet 月度进度 of a workbook, or its first sheet with the
    /// right headers), checking codes against `known` projects when given.
    pub fn read_monthly_xlsx(
        bytes: &[u8],
        year: i32,
        known: Option<&[Project]>,
    ) -> Result<Vec<MonthlyProgress>, ImportError> {
        let sheets = load_workbook(bytes)?;
        let Some(s) = find_sheet(&sheets, &[MONTHLY_SHEET], &MONTHLY_COLS) else {
            return Err(missing_sheet(MONTHLY_SHEET));
        };
        let mut errs = Vec::new();
        let m = parse_monthly(s, year, known, &mut errs);
        finish(errs, m)
    }

    /// Reads monthly reports alone from CSV.
    pub fn read_monthly_csv(
        bytes: &[u8],
        year: i32,
        known: Option<&[Project]>,
    ) -> Result<Vec<MonthlyProgress>, ImportError> {
        let mut errs = Vec::new();
        let m = parse_monthly(&load_csv(bytes, MONTHLY_SHEET)?, year, known, &mut errs);
        finish(errs, m)
    }

    /// A workbook with sheet 重点项目 and, when there are monthly reports, sheet 月度进度.
    pub fn write_xlsx(&self, year: i32) -> Result<Vec<u8>, ExportError> {
        let mut tables = vec![projects_table(&self.projects)];
        if !self.monthly.is_empty() {
            tables.push(monthly_table(&self.monthly, year));
        }
        to_xlsx(&tables)
    }

    /// The 重点项目 table as CSV (UTF-8 with BOM).
    pub fn projects_csv(&self) -> Result<Vec<u8>, ExportError> {
        to_csv(&projects_table(&self.projects))
    }

    /// The 月度进度 table as CSV (UTF-8 with BOM); months are written as `YYYY-MM` of `year`.
    pub fn monthly_csv(&self, year: i32) -> Result<Vec<u8>, ExportError> {
        to_csv(&monthly_table(&self.monthly, year))
    }
}

/// At most the project's total investment (亿元).
fn at_most_total(total: Decimal) -> Message {
    Message::new(
        format!("不超过总投资{}亿元", total.normalize()),
        format!(
            "no more than the total investment, {}",
            figure_with_unit(total, "亿元", Lang::En)
        ),
    )
}

pub(crate) fn missing_sheet(name: &str) -> ImportError {
    ImportError::Invalid(ImportErrors(vec![CellError {
        sheet: name.to_string(),
        row: None,
        column: None,
        letter: None,
        value: String::new(),
        expected: Message::new(
            format!("名为“{name}”的工作表"),
            format!("a sheet named “{name}”"),
        ),
    }]))
}

pub(crate) fn finish<T>(errs: Vec<CellError>, value: T) -> Result<T, ImportError> {
    if errs.is_empty() {
        Ok(value)
    } else {
        Err(ImportError::Invalid(ImportErrors(errs)))
    }
}

fn parse_projects(sheet: &Sheet, year: i32, errs: &mut Vec<CellError>) -> Vec<Project> {
    let Some(m) = Mapped::new(sheet, &PROJECT_COLS, errs) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for (rn, cells) in m.data_rows() {
        let mut r = m.row(rn, cells, errs);
        let before = r.errs.len();
        let code = r.req_text(CODE);
        if !code.is_empty() {
            if let Some(first) = seen.get(&code) {
                r.fail(
                    CODE,
                    unique("唯一的项目编号", "a unique project code", *first),
                );
            } else {
                seen.insert(code.clone(), rn);
            }
        }
        let name = r.req_text(NAME);
        let category = r.label(CATEGORY, Category::parse, &Category::expected(), true);
        let phase = r.label(PHASE, Phase::parse, &Phase::expected(), true);
        // A plan drawn up before the year often leaves the status blank: it is inferred below.
        let status = r.label(STATUS, BuildStatus::parse, &BuildStatus::expected(), false);
        let total = r.req_amount(TOTAL, UNIT);
        let annual = r.req_amount(ANNUAL, UNIT);
        // A blank completion means nothing reported yet: zero.
        let done = r.amount(DONE, UNIT);
        let last_year = r.amount(LAST_YEAR, UNIT);
        let planned_start = r.date(PLAN_START);
        let actual_start = r.date(ACT_START);
        let planned_completion = r.date(PLAN_END);
        let actual_completion = r.date(ACT_END);
        let mut milestones = Vec::new();
        for (i, kind) in MilestoneKind::ALL.iter().enumerate() {
            if let Some(date) = r.date(MILESTONE0 + i) {
                if date.year > year {
                    r.fail(
                        MILESTONE0 + i,
                        Message::new(
                            format!("不晚于{year}年的日期（已取得的手续）"),
                            format!("a date in {year} or earlier (a permit already obtained)"),
                        ),
                    );
                }
                milestones.push(Milestone { kind: *kind, date });
            }
        }
        let progress_note = r.text(NOTE);

        // Checks across cells, only on values that read well.
        if let (Some(t), Some(a)) = (total, annual)
            && a > t
        {
            r.fail(ANNUAL, at_most_total(t));
        }
        if let (Some(t), Some(d)) = (total, done)
            && d > t
        {
            r.fail(DONE, at_most_total(t));
        }
        for (c, d) in [(ACT_START, actual_start), (ACT_END, actual_completion)] {
            if d.is_some_and(|d| d.year > year) {
                r.fail(
                    c,
                    Message::new(
                        format!("不晚于{year}年的日期（实际发生的时间）"),
                        format!("a date in {year} or earlier (when it happened)"),
                    ),
                );
            }
        }
        if phase == Some(Phase::New)
            && let Some(d) = planned_start
            && d.year != year
        {
            r.fail(
                PLAN_START,
                Message::new(
                    format!("{year}年内的日期（新开工项目计划当年开工）"),
                    format!("a date in {year} (a new project is planned to start this year)"),
                ),
            );
        }
        if let (Some(s), Some(e)) = (planned_start, planned_completion)
            && e < s
        {
            r.fail(
                PLAN_END,
                Message::new(
                    format!("不早于计划开工时间{s}"),
                    format!("not before the planned start, {s}"),
                ),
            );
        }
        if let (Some(s), Some(e)) = (actual_start, actual_completion)
            && e < s
        {
            r.fail(
                ACT_END,
                Message::new(
                    format!("不早于实际开工时间{s}"),
                    format!("not before the actual start, {s}"),
                ),
            );
        }

        if r.errs.len() != before {
            continue;
        }
        let (Some(category), Some(phase), Some(total), Some(annual)) =
            (category, phase, total, annual)
        else {
            continue;
        };
        let status = status.unwrap_or(match (phase, actual_start, actual_completion) {
            (_, _, Some(_)) => BuildStatus::Completed,
            (_, Some(_), None) | (Phase::Continuing, None, None) => BuildStatus::UnderConstruction,
            (Phase::New, None, None) => BuildStatus::NotStarted,
            (Phase::Preparatory, None, None) => BuildStatus::Preparing,
        });
        out.push(Project {
            code,
            name,
            category,
            phase,
            status,
            responsible_unit: r.text(UNIT_COL),
            street: r.text(STREET),
            sector: r.text(SECTOR),
            total_investment: total,
            annual_plan: annual,
            completed: done.unwrap_or(Decimal::ZERO),
            last_year_same_period: last_year,
            planned_start,
            actual_start,
            planned_completion,
            actual_completion,
            milestones,
            progress_note,
        });
    }
    out
}

/// Reads a 月份 cell: `2023-03`, `2023年3月`, a date cell, or a bare month number `3`/`3月`.
fn month_of(r: &mut crate::table::Row<'_>, year: i32) -> Option<u8> {
    use crate::table::Cell;
    let expected = Message::new(
        format!("{year}年内的月份，如 {year}-03"),
        format!("a month of {year}, such as {year}-03"),
    );
    let d = match r.cell(M_MONTH).clone() {
        Cell::Empty => {
            r.fail(M_MONTH, expected.clone());
            return None;
        }
        Cell::Number(f) if (1.0..=12.0).contains(&f) && f.fract() == 0.0 => {
            PlanDate::ym(year, f as u8)
        }
        Cell::Text(t) => {
            let bare = t.trim_end_matches('月').trim();
            match bare.parse::<u8>() {
                Ok(m) => PlanDate::ym(year, m),
                Err(_) => PlanDate::parse(&t).ok(),
            }
        }
        _ => r.date(M_MONTH),
    };
    match d {
        Some(d) if d.year == year => Some(d.month),
        _ => {
            // A wrong type may already be recorded by `date`; this names the rule.
            if !r
                .errs
                .last()
                .is_some_and(|e| e.row == Some(r.row) && e.column.as_deref() == Some("月份"))
            {
                r.fail(M_MONTH, expected);
            }
            None
        }
    }
}

fn parse_monthly(
    sheet: &Sheet,
    year: i32,
    known: Option<&[Project]>,
    errs: &mut Vec<CellError>,
) -> Vec<MonthlyProgress> {
    let Some(m) = Mapped::new(sheet, &MONTHLY_COLS, errs) else {
        return Vec::new();
    };
    let codes: Option<HashSet<&str>> = known.map(|ps| ps.iter().map(|p| p.code.as_str()).collect());
    let mut seen: HashMap<(String, u8), u32> = HashMap::new();
    let mut out = Vec::new();
    for (rn, cells) in m.data_rows() {
        let mut r = m.row(rn, cells, errs);
        let before = r.errs.len();
        let code = r.req_text(M_CODE);
        if let Some(codes) = &codes
            && !code.is_empty()
            && !codes.contains(code.as_str())
        {
            r.fail(
                M_CODE,
                Message::new(
                    "重点项目表中已有的项目编号",
                    "a project code from the key-project sheet",
                ),
            );
        }
        let month = month_of(&mut r, year);
        let cum = r.req_amount(M_CUM, UNIT);
        if let Some(mo) = month
            && !code.is_empty()
        {
            if let Some(first) = seen.get(&(code.clone(), mo)) {
                r.fail(
                    M_MONTH,
                    unique("每个项目每月一行", "one row a project a month", *first),
                );
            } else {
                seen.insert((code.clone(), mo), rn);
            }
        }
        if r.errs.len() != before {
            continue;
        }
        let (Some(month), Some(cum)) = (month, cum) else {
            continue;
        };
        out.push(MonthlyProgress {
            code,
            month,
            cumulative_completed: cum,
            image_progress: r.text(M_IMAGE),
        });
    }
    out
}

fn headers(cols: &[Col]) -> Vec<String> {
    cols.iter().map(|c| c.name.to_string()).collect()
}

fn projects_table(projects: &[Project]) -> OutTable {
    let rows = projects
        .iter()
        .map(|p| {
            let mut row = vec![
                Out::text(&p.code),
                Out::text(&p.name),
                Out::text(p.category.label()),
                Out::text(p.phase.label()),
                Out::text(p.status.label()),
                Out::text(&p.responsible_unit),
                Out::text(&p.street),
                Out::text(&p.sector),
                Out::Number(p.total_investment),
                Out::Number(p.annual_plan),
                Out::Number(p.completed),
                Out::opt_number(p.last_year_same_period),
                Out::opt_text(p.planned_start),
                Out::opt_text(p.actual_start),
                Out::opt_text(p.planned_completion),
                Out::opt_text(p.actual_completion),
            ];
            for kind in MilestoneKind::ALL {
                row.push(Out::opt_text(
                    p.milestones
                        .iter()
                        .find(|m| m.kind == *kind)
                        .map(|m| m.date),
                ));
            }
            row.push(Out::text(&p.progress_note));
            row
        })
        .collect();
    OutTable {
        name: PROJECTS_SHEET,
        headers: headers(&PROJECT_COLS),
        rows,
    }
}

fn monthly_table(monthly: &[MonthlyProgress], year: i32) -> OutTable {
    let rows = monthly
        .iter()
        .map(|m| {
            vec![
                Out::text(&m.code),
                Out::text(format!("{year:04}-{:02}", m.month)),
                Out::Number(m.cumulative_completed),
                Out::text(&m.image_progress),
            ]
        })
        .collect();
    OutTable {
        name: MONTHLY_SHEET,
        headers: headers(&MONTHLY_COLS),
        rows,
    }
}
