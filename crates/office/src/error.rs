//! Import and export errors.

use planwatch_domain::Message;
use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// One problem in an imported file, located as a spreadsheet user sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellError {
    /// Sheet name (for CSV, the table's sheet name, e.g. "重点项目").
    pub sheet: String,
    /// 1-based row as Excel shows it (for CSV, the record number, the header being 1);
    /// `None` for a problem with the whole sheet (e.g. it is missing).
    pub row: Option<u32>,
    /// The column's header as the template names it; `None` for a whole-row or sheet problem.
    pub column: Option<String>,
    /// The column's letter ("A", "AB"); `None` when the column is missing or not one cell's.
    pub letter: Option<String>,
    /// The offending value as read ("" for an empty cell).
    pub value: String,
    /// What was expected, in both languages (`{"zh", "en"}` in JSON).
    #[serde(with = "planwatch_domain::lang::both")]
    pub expected: Message,
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "工作表“{}”", self.sheet)?;
        match (&self.letter, self.row) {
            (Some(l), Some(r)) => write!(f, " {l}{r}")?,
            (None, Some(r)) => write!(f, " 第{r}行")?,
            _ => {}
        }
        if let Some(c) = &self.column {
            write!(f, "（{c}）")?;
        }
        write!(f, "：值“{}”，应为{}", self.value, self.expected.zh)
    }
}

/// Every problem found in a file, in sheet and row order. An import either succeeds whole or
/// returns all of these.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImportErrors(pub Vec<CellError>);

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&invalid_summary(self.0.len(), planwatch_domain::Lang::Zh))?;
        for e in &self.0 {
            write!(f, "\n- {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

/// `n` problems found and nothing imported, in `lang`.
fn invalid_summary(n: usize, lang: planwatch_domain::Lang) -> String {
    match lang {
        planwatch_domain::Lang::Zh => format!("文件有{n}处错误，未导入任何数据"),
        planwatch_domain::Lang::En => format!(
            "{} in the file; nothing was imported",
            planwatch_domain::lang::count_en(n, "problem", "problems")
        ),
    }
}

/// Why an import failed.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("无法读取文件：{0}")]
    Io(#[from] std::io::Error),
    /// The bytes are not a readable workbook (not xlsx/xls/ods, corrupt, encrypted).
    #[error("无法打开工作簿：{0}")]
    Workbook(String),
    /// The file was read; its content has these problems.
    #[error("{0}")]
    Invalid(ImportErrors),
}

impl ImportError {
    /// What went wrong in one line, in `lang`: 文件有3处错误，未导入任何数据 / 3 problems in
    /// the file; nothing was imported.
    pub fn summary(&self, lang: planwatch_domain::Lang) -> String {
        use planwatch_domain::Lang;
        match (lang, self) {
            (_, ImportError::Invalid(list)) => invalid_summary(list.0.len(), lang),
            (Lang::Zh, other) => other.to_string(),
            (Lang::En, ImportError::Io(e)) => format!("the file cannot be read: {e}"),
            (Lang::En, ImportError::Workbook(e)) => format!("the workbook cannot be opened: {e}"),
        }
    }

    /// The cell errors, when the failure is about content.
    pub fn cell_errors(&self) -> &[CellError] {
        match self {
            ImportError::Invalid(e) => &e.0,
            _ => &[],
        }
    }
}

/// Why an export failed.
#[derive(Debug, Error)]
pub enum ExportError {
    #[error("写入Excel失败：{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("写入CSV失败：{0}")]
    Csv(#[from] csv::Error),
    #[error("写入文件失败：{0}")]
    Io(#[from] std::io::Error),
    /// A ballot names a candidate not in the list, which the 票决 sheet has no column for.
    #[error("代表{deputy}的选票含有不在候选名单中的项目“{name}”")]
    UnknownCandidate { deputy: String, name: String },
}
