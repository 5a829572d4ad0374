//! # planwatch-report
//!
//! Writes the year-end report of a region's plan: the annex tables exactly as such reports
//! publish them and a first draft of part one computed from the data, so planning staff edit
//! instead of type.
//!
//! - [`ReportInput`]: the region, the new plan year Y, last year's plan (targets and actuals)
//!   with its judgements, this year's plan (targets), and optionally the key-project figures
//!   (with monthly investment) and the livelihood-project progress.
//! - [`render`] turns it into bytes of one [`Format`]: `docx` (A4, 仿宋_GB2312 body, 黑体
//!   headings, grid tables, page numbers, PNG charts), `xlsx` (one sheet per table, numbers as
//!   numbers beside their original text), `html` (self-contained, inline SVG charts), `md`, and
//!   `txt` (the flattened layout of Word text: one cell per line, tab-indented, a blank line
//!   between rows, which `planwatch read` reads back).
//! - [`annex`] builds the tables (附件1: Y-1 targets and actuals; 附件2: Y targets with the
//!   核心/其他 section rows), [`draft`] the paragraphs, [`chart`] the charts.
//!
//! Every count and list in the draft is computed from the judgements; indicators below target
//! get a "【请补充原因】" placeholder, pending and undecidable ones are named as such.

pub mod annex;
pub mod chart;
pub mod document;
mod docx;
pub mod draft;
pub mod export;
mod html;
mod text;
mod xlsx;

use planwatch_domain::livelihood::ProgressLine;
use planwatch_domain::projects::ProjectReport;
use planwatch_domain::{Judgement, Plan, Rules, judge};
use rust_decimal::Decimal;
use std::path::PathBuf;

/// An output format of [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Docx,
    Xlsx,
    Html,
    Md,
    Txt,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Docx,
        Format::Xlsx,
        Format::Html,
        Format::Md,
        Format::Txt,
    ];

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
            Format::Md => "md",
            Format::Txt => "txt",
        }
    }

    /// Parses an extension or format name (`docx`, `xlsx`, `html`, `md`, `txt`).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.extension() == s || (s == "htm" && *f == Format::Html))
    }
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("no indicators to report for {region} {year}: neither {prev} nor {year} has a plan")]
    Empty {
        region: String,
        year: i32,
        prev: i32,
    },
    #[error("{given} judgements for {expected} indicators of the {year} plan")]
    JudgementMismatch {
        year: i32,
        expected: usize,
        given: usize,
    },
    #[error("writing the Word document: {0}")]
    Docx(String),
    #[error("writing the Excel workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// Key-project figures for the draft and the charts.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectsInput {
    /// Last year's ledger, figured at year end (or at the latest month).
    pub execution: ProjectReport,
    /// This year's ledger as planned, for the 重点项目安排 paragraph.
    pub plan: Option<ProjectReport>,
    /// Cumulative completed investment (亿元) at the end of each reported month of last year.
    pub monthly: Vec<(u8, Decimal)>,
}

/// Everything a report is written from.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportInput {
    pub region: String,
    /// The new plan's year Y: 附件1 shows Y-1, 附件2 shows Y.
    pub year: i32,
    /// The Y-1 plan with targets and actuals.
    pub last: Option<Plan>,
    /// One judgement per indicator of `last`, in order.
    pub last_judgements: Vec<Judgement>,
    /// The Y plan with targets.
    pub current: Option<Plan>,
    pub projects: Option<ProjectsInput>,
    /// Last year's livelihood projects against their targets.
    pub livelihood: Option<Vec<ProgressLine>>,
    /// The level word of the region's projects: "区级" (default), "县级", "市级".
    pub level: String,
}

impl ReportInput {
    /// An input judged with `rules`; projects and livelihood can be added to the fields.
    pub fn new(
        region: impl Into<String>,
        year: i32,
        last: Option<Plan>,
        current: Option<Plan>,
        rules: &Rules,
    ) -> Self {
        let last_judgements = last
            .as_ref()
            .map(|p| judge::judge_plan(p, rules))
            .unwrap_or_default();
        ReportInput {
            region: region.into(),
            year,
            last,
            last_judgements,
            current,
            projects: None,
            livelihood: None,
            level: "区级".to_string(),
        }
    }

    /// The year the execution part speaks of.
    pub fn prev_year(&self) -> i32 {
        self.year - 1
    }

    fn check(&self) -> Result<(), ReportError> {
        if self.last.is_none() && self.current.is_none() {
            return Err(ReportError::Empty {
                region: self.region.clone(),
                year: self.year,
                prev: self.prev_year(),
            });
        }
        if let Some(last) = &self.last
            && last.indicators.len() != self.last_judgements.len()
        {
            return Err(ReportError::JudgementMismatch {
                year: last.year,
                expected: last.indicators.len(),
                given: self.last_judgements.len(),
            });
        }
        Ok(())
    }
}

/// Rendering choices beyond the format.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RenderOptions {
    /// A CJK font file for the PNG charts of Word output; the usual system paths are tried
    /// when `None` (see [`chart::find_cjk_font`]). Without one the charts are left out with a
    /// note, rather than drawn with boxes for characters.
    pub cjk_font: Option<PathBuf>,
    /// Leave the charts out (smaller, faster files).
    pub no_charts: bool,
}

/// Writes the report in one format with the default options.
pub fn render(input: &ReportInput, format: Format) -> Result<Vec<u8>, ReportError> {
    render_with(input, format, &RenderOptions::default())
}

/// Writes the report in one format.
pub fn render_with(
    input: &ReportInput,
    format: Format,
    options: &RenderOptions,
) -> Result<Vec<u8>, ReportError> {
    input.check()?;
    let report = Report::build(input);
    match format {
        Format::Txt => Ok(text::txt(&report).into_bytes()),
        Format::Md => Ok(text::md(&report).into_bytes()),
        Format::Html => Ok(html::html(&report, input, options).into_bytes()),
        Format::Docx => docx::docx(&report, input, options),
        Format::Xlsx => xlsx::xlsx(&report, input),
    }
}

/// The parts every format prints: the title, the draft's sections and the annex tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: Vec<String>,
    pub sections: Vec<draft::Section>,
    pub annexes: Vec<annex::AnnexTable>,
}

impl Report {
    /// Builds the parts from the input (no rendering).
    pub fn build(input: &ReportInput) -> Report {
        let annexes = annex::annexes(input);
        Report {
            title: draft::title(input),
            sections: draft::sections(input, &annexes),
            annexes,
        }
    }
}
