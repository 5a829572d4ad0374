//! # planwatch-reader
//!
//! Reads a published plan report — the annual "计划执行情况及计划草案的报告" of a district or
//! city — into structured data, from text however it was flattened: a Word file saved as text,
//! a web page, a PDF turned to text, or the `.docx` itself.
//!
//! - [`read_bytes`] takes the file's bytes: UTF-8 (with or without BOM), UTF-16 (with BOM),
//!   GB18030/GBK text, a `.docx` (zip), a saved web page (`.html`/`.htm`) or a text PDF —
//!   told apart by their content, not their names. Scanned PDFs, `.doc`, `.wps`, `.ofd` and
//!   other files that are not reports are refused with [`ReadError::NotAReport`], whose
//!   message says in Chinese and English what the file is and how to make one that reads. [`read_text`] takes text already decoded. Neither panics.
//! - The result, a [`Reading`], holds:
//!   - [`Reading::indicators`]: every row of every indicator table ([`ReadIndicator`]), with
//!     caption, year, 序号, name, unit, `*` binding, `#` new, core/other tier, and target and
//!     actual as parsed [`Expr`](planwatch_domain::Expr)s keeping their text;
//!   - [`Reading::inline`]: indicator targets and actuals stated in prose ([`InlineTarget`]);
//!   - [`Reading::claims`]: numeric claims of the narrative ([`Claim`]) with qualifier
//!     (近/超/余/约/预计/达) and comparisons ("高于全市平均水平0.6个百分点");
//!   - [`Reading::projects`], [`Reading::livelihood`], [`Reading::measures`]: key-project
//!     figures, livelihood-project figures and quantified task targets;
//!   - [`Reading::summary_claims`]: what the prose says about how many indicators were met and
//!     which, with the names matched to table rows ([`matching`]);
//!   - [`Reading::diagnostics`]: what could not be read, by line.
//! - [`Reading::plans`] turns the tables into domain [`Plan`]s, one per year.
//!
//! Memory is bounded by [`ReadOptions`]: input beyond `max_bytes` (32 MiB by default) is not
//! read (a diagnostic says so), and each result list keeps at most `max_items` entries.
//!
//! ```
//! let text = "一、2023年计划执行情况\n全年地区生产总值增长6.7%，高于全市平均水平0.6个百分点。\n\
//! 附件1\n2023年主要指标完成情况\n\t序号\n\t指标名称\n\t2023年预期目标\n\t实际完成\n\n\
//! \t1\n\t地区生产总值增速（%）\n\t6.5以上\n\t6.7\n\n\t2\n\t空气质量优良天数（天）*\n\t310天以上\n\t289\n";
//! let r = planwatch_reader::read_text(text);
//! assert_eq!(r.indicators.len(), 2);
//! assert_eq!(r.indicators[1].name, "空气质量优良天数");
//! assert!(r.indicators[1].binding);
//! assert_eq!(r.indicators[0].actual.as_ref().unwrap().text, "6.7");
//! assert_eq!(r.claims[0].comparisons, vec!["高于全市平均水平0.6个百分点"]);
//! let plans = r.plans();
//! assert_eq!(plans[0].year, 2023);
//! ```

mod analyze;
mod decode;
mod docx;
mod figures;
mod html;
mod kind;
mod label;
pub mod matching;
pub mod model;
mod norm;
mod pdf;
mod plans;
mod prose;
mod source;
mod stats;
mod table;

pub use kind::FileKind;
pub use model::*;
pub use plans::TablePlan;

/// Why bytes could not be read at all. Everything short of this becomes a [`Diagnostic`].
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("input is empty (输入为空)")]
    Empty,
    #[error("input looks like binary data, not a text document (不是文本文件): {0}")]
    Binary(String),
    #[error("not a readable .docx (无法读取的.docx文件): {0}")]
    Docx(String),
    #[error("unsupported file type (不支持的文件类型): {0}")]
    Unsupported(String),
    #[error("not a readable PDF (无法读取的PDF文件): {0}")]
    Pdf(String),
    /// A file recognised as something planwatch does not read (.doc, .wps, .ofd, a scanned
    /// PDF, a picture, …): the message says what it is and how to turn it into one it reads.
    #[error("{} ({})", .0.zh(), .0.en())]
    NotAReport(FileKind),
}

/// Limits that keep memory and time bounded on any input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Bytes of input read (and, for .docx, bytes of word/document.xml decompressed).
    pub max_bytes: usize,
    /// Lines read.
    pub max_lines: usize,
    /// Entries kept per result list (indicators, claims, …).
    pub max_items: usize,
    /// Diagnostics kept.
    pub max_diagnostics: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: 32 << 20,
            max_lines: 1_000_000,
            max_items: 50_000,
            max_diagnostics: 1_000,
        }
    }
}

/// Reads decoded text with the default limits.
pub fn read_text(text: &str) -> Reading {
    read_text_with(text, &ReadOptions::default())
}

/// Reads decoded text.
pub fn read_text_with(text: &str, opts: &ReadOptions) -> Reading {
    let mut diags = Vec::new();
    let text = if text.len() > opts.max_bytes {
        // Cut at a line end inside the limit, never inside a character.
        let mut cut = opts.max_bytes;
        while cut > 0 && !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = text[..cut].rfind('\n').map(|p| p + 1).unwrap_or(cut);
        diags.push(Diagnostic::new(
            0,
            format!(
                "输入共{}字节，超过读取上限{}字节，只读取了前{}字节",
                text.len(),
                opts.max_bytes,
                cut
            ),
            format!(
                "The input is {} bytes, more than the {} bytes read at most; only the first {} \
                 bytes were read.",
                text.len(),
                opts.max_bytes,
                cut
            ),
        ));
        &text[..cut]
    } else {
        text
    };
    let src = source::source_from_text(text, opts, &mut diags);
    analyze::analyze(src, "text", diags, opts)
}

/// Reads a file's bytes with the default limits. `file_name_hint` (the file name, if known)
/// only adds a diagnostic when a name says `.docx` but the bytes are not one.
pub fn read_bytes(bytes: &[u8], file_name_hint: Option<&str>) -> Result<Reading, ReadError> {
    read_bytes_with(bytes, file_name_hint, &ReadOptions::default())
}

/// Reads a file's bytes.
pub fn read_bytes_with(
    bytes: &[u8],
    file_name_hint: Option<&str>,
    opts: &ReadOptions,
) -> Result<Reading, ReadError> {
    match decode::decode(bytes, file_name_hint, opts)? {
        decode::Decoded::Text {
            text,
            encoding,
            mut diagnostics,
        } => {
            let src = source::source_from_text(&text, opts, &mut diagnostics);
            drop(text);
            Ok(analyze::analyze(src, encoding, diagnostics, opts))
        }
        decode::Decoded::Blocks {
            blocks,
            layout,
            format,
            mut diagnostics,
        } => {
            let src = source::source_from_blocks(blocks, layout, opts, &mut diagnostics);
            Ok(analyze::analyze(src, &format, diagnostics, opts))
        }
    }
}
