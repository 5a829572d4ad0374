//! # planwatch-office
//!
//! Excel (xlsx; xls and ods are read too) and CSV in and out: the plan's indicator sheet in the
//! annex layout ([`indicators`]), the statistics bureau's monthly tables in their wide, one
//! sheet per month and long shapes ([`monthly`]), and the three ledgers a DRC keeps in
//! spreadsheets: key projects, livelihood projects with the deputies' vote, and key tasks.
//! The domain types are those of `planwatch_domain::{projects, livelihood, tasks}`; this crate
//! only moves them between files and memory, and does no I/O itself except in the `*_file`
//! helpers: callers pass bytes and get bytes.
//!
//! ## Templates
//! Each table is one sheet of a workbook, or one CSV file. Headers are matched ignoring spaces,
//! `*` markers and full-width/half-width forms, and common aliases are accepted (e.g. 新建 for
//! 新开工 in cells, 总投资 for 总投资（亿元） in headers). The header row may be preceded by title
//! rows (the best-matching of the first ten rows is used); empty rows and 合计/总计/小计 rows
//! are skipped. A workbook whose sheet has another name (Sheet1) is read when its headers fit.
//!
//! | sheet | columns |
//! |---|---|
//! | 重点项目 | 项目编号, 项目名称, 投资类别, 项目阶段, 建设状态, 责任单位, 所属镇街, 行业, 总投资（亿元）, 年度计划投资（亿元）, 本年完成投资（亿元）, 上年同期完成投资（亿元）, 计划开工时间, 实际开工时间, 计划竣工时间, 实际竣工时间; optional 立项时间, 用地时间, 规划许可时间, 环评时间, 施工许可时间, 进展情况 |
//! | 月度进度 (optional) | 项目编号, 月份 (`2023-03`), 累计完成投资（亿元）, 形象进度 |
//! | 民生实事候选 | 序号, 项目名称, 类别 (宜居/宜业/宜游/宜育), 目标任务, 目标值, 单位, 预算（万元）, 责任单位 |
//! | 票决 | 代表编号, then one column per candidate (its 项目名称) holding 赞成/反对/弃权, or √ for a selection-style ballot |
//! | 民生实事进度 | 项目名称, 完成值, 完成情况说明 |
//! | 重点任务 | 编号, 任务领域, 任务, 具体措施, 目标值, 单位, 牵头单位, 配合单位, 完成时限, 进展情况, 状态 |
//!
//! In 重点项目, 建设状态 and 本年完成投资（亿元） may be absent or blank (a plan drawn up before the
//! year): a blank completion is 0, and a blank status follows the dates and the phase (实际竣工
//! → 已竣工; 实际开工 or 续建 → 在建; 新开工 → 未开工; 前期 → 前期推进中).
//!
//! Numbers may be numeric cells or text, with full-width digits, thousands separators and the
//! column's unit ("252亿元"); `—`/`-`/`/` in an optional number cell means none. Dates may be
//! date cells, Excel serial numbers, or text (`2023-03`, `2023/3/15`, `2023年3月15日`).
//!
//! ## All or nothing
//! Every `read_*` returns either the whole parsed ledger or [`ImportError::Invalid`] with
//! *every* problem found ([`CellError`]: sheet, Excel row, column header and letter, value,
//! what was expected): wrong types, missing required columns, unknown labels, negative
//! amounts, duplicate codes/names, dates outside the plan year where the rule is clear (actual
//! dates after it; a 新开工 project's planned start outside it; a month of 月度进度 outside it;
//! a task deadline before it), completed or annual investment above total investment, monthly
//! rows for unknown projects, ballots with an unknown candidate column or an unreadable mark.
//! Duplicate deputy ids and blank ballots are *not* import errors: the tally
//! (`planwatch_domain::livelihood::tally`) reports them as invalid ballots.
//!
//! ## Writing
//! One sheet per table with the exact template headers, numbers as numbers, dates as text
//! (`2023-03-15`, or `2023-03` for a month). CSV is UTF-8 with a BOM; reading accepts UTF-8
//! with or without BOM, and GB18030. An export reads back to an equal ledger.
//!
//! ## Entry points
//! - [`ProjectLedger::read_xlsx`], [`ProjectLedger::read_csv`], [`ProjectLedger::write_xlsx`],
//!   [`ProjectLedger::projects_csv`], [`ProjectLedger::monthly_csv`]; monthly reports alone:
//!   [`ProjectLedger::read_monthly_xlsx`], [`ProjectLedger::read_monthly_csv`].
//! - [`LivelihoodLedger::read_xlsx`], [`LivelihoodLedger::read_csv`],
//!   [`LivelihoodLedger::write_xlsx`] and its `*_csv`; ballots or progress alone against a
//!   stored candidate list: [`read_ballots_xlsx`], [`read_ballots_csv`],
//!   [`read_progress_xlsx`], [`read_progress_csv`].
//! - [`TaskLedger::read_xlsx`], [`TaskLedger::read_csv`], [`TaskLedger::write_xlsx`],
//!   [`TaskLedger::write_csv`].
//! - [`Format::from_path`] picks xlsx or CSV by extension; [`read_file`] / [`write_file`].
//! - [`fixtures`]: generated ledgers and raw workbooks for tests and benchmarks.

mod error;
pub mod fixtures;
pub mod indicators;
mod livelihood;
pub mod monthly;
mod projects;
mod table;
mod tasks;
mod write;

pub use error::{CellError, ExportError, ImportError, ImportErrors};
pub use indicators::{
    CellRef, INDICATORS_SHEET, IndicatorSheet, SheetIndicator, read_indicators,
    write_indicators_csv, write_indicators_xlsx,
};
pub use livelihood::{
    CANDIDATES_SHEET, LivelihoodLedger, PROGRESS_SHEET, VOTES_SHEET, read_ballots_csv,
    read_ballots_xlsx, read_progress_csv, read_progress_xlsx,
};
pub use monthly::{Measure, MonthlyFile, MonthlyValue, read_monthly};
pub use projects::{MONTHLY_SHEET, PROJECTS_SHEET, ProjectLedger};
pub use tasks::{TASKS_SHEET, TaskLedger};

use std::path::Path;

/// A file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A workbook: .xlsx, .xlsm, .xls, .ods (written as xlsx).
    Xlsx,
    /// One table per file.
    Csv,
}

impl Format {
    /// The format by file extension (case-insensitive); `None` for anything else.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xls" | "ods" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Reads a whole file, mapping failure to [`ImportError::Io`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    Ok(std::fs::read(path)?)
}

/// Writes bytes to a file, mapping failure to [`ExportError::Io`].
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    Ok(std::fs::write(path, bytes)?)
}
