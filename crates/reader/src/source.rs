//! The reader's input, whatever the file format: a [`Source`] is the document's lines in order
//! plus the tables that arrived already as rows of cells.
//!
//! Every format reader produces one:
//! - plain text becomes lines ([`source_from_text`]); its tables are found in the lines later
//!   (`table::find_tables`), however they were flattened;
//! - a format that knows its structure (.docx, and any other reader that knows where cells
//!   are) produces [`Block`]s — paragraphs and tables of cell texts — and
//!   [`source_from_blocks`] turns them into lines (each table row becomes one line, for line
//!   numbers and quotes) and [`RawTable`]s that skip the finding step.
//!
//! A reader whose output is lines that still look like a flattened table (a PDF's text rebuilt
//! row by row, cells separated by runs of spaces) produces plain lines: the table finder reads
//! every such flattening.

use crate::ReadOptions;
use crate::model::{Diagnostic, TableLayout};
use crate::norm::{map_radicals, strip_pinyin};
use planwatch_domain::lang::count_en;

/// A block of a structured document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// A paragraph; `\n` inside it separates lines.
    Para(String),
    /// A table: rows of cell texts, with merged cells already expanded (a horizontally merged
    /// cell followed by empty cells, a vertically merged one repeated), so that columns line up.
    Table(Vec<Vec<String>>),
}

/// One cell with the line it was read from (1-based).
#[derive(Debug, Clone)]
pub(crate) struct RawCell {
    pub text: String,
    pub line: usize,
}

/// A table as found, before its columns are understood.
#[derive(Debug, Clone)]
pub(crate) struct RawTable {
    pub layout: TableLayout,
    /// Rows of cells; for an unmarked cell stream, one row holding every cell.
    pub rows: Vec<Vec<RawCell>>,
    /// The rows are not marked in the input and must be found from what the cells are.
    pub stream: bool,
    pub caption: Vec<(usize, String)>,
    pub note: Option<(usize, String)>,
    pub first_line: usize,
    pub last_line: usize,
    /// 0-based indices of the lines the table body occupies.
    pub lines: Vec<usize>,
    pub diagnostics: Vec<Diagnostic>,
}

impl RawTable {
    /// A table whose rows are known (a structured format's table).
    pub(crate) fn of_rows(layout: TableLayout, rows: Vec<Vec<RawCell>>, lines: Vec<usize>) -> Self {
        let first_line = rows.iter().flatten().map(|c| c.line).min().unwrap_or(1);
        let last_line = rows
            .iter()
            .flatten()
            .map(|c| c.line)
            .max()
            .unwrap_or(first_line);
        RawTable {
            layout,
            rows,
            stream: false,
            caption: Vec::new(),
            note: None,
            first_line,
            last_line,
            lines,
            diagnostics: Vec::new(),
        }
    }
}

/// Lines to analyse, and tables that arrived as tables.
pub(crate) struct Source {
    pub lines: Vec<String>,
    /// Lines already accounted for (tables, metadata); prose reading skips them.
    pub taken: Vec<bool>,
    pub tables: Vec<RawTable>,
}

/// What was cleaned out of the lines as they were made.
#[derive(Default)]
struct Cleaned {
    pinyin: bool,
    /// Radical code points read as the ideographs they stand for.
    radicals: usize,
}

fn push_line(lines: &mut Vec<String>, line: &str, cleaned: &mut Cleaned, max_lines: usize) -> bool {
    if lines.len() >= max_lines {
        return false;
    }
    let (mapped, radicals) = map_radicals(line.trim_end_matches(['\r', '\u{feff}']));
    cleaned.radicals += radicals;
    let (clean, changed) = strip_pinyin(&mapped);
    cleaned.pinyin |= changed;
    lines.push(clean);
    true
}

fn cleaned_notes(cleaned: &Cleaned, diags: &mut Vec<Diagnostic>) {
    if cleaned.pinyin {
        diags.push(Diagnostic::new(
            0,
            "文本中夹有拼音注音（如“點(diǎn)”），已去除",
            "The text has pinyin readings inserted after characters (such as “點(diǎn)”); \
             they were removed.",
        ));
    }
    if cleaned.radicals > 0 {
        diags.push(Diagnostic::new(
            0,
            format!(
                "文本中有{}个部首字符（如“⻓”“⽣”，常见于PDF的文字层），已按对应的汉字读取",
                cleaned.radicals
            ),
            format!(
                "The text has {} (such as “⻓” and “⽣”, common in the text layer of a PDF); \
                 they were read as the characters they stand for.",
                count_en(cleaned.radicals, "radical character", "radical characters")
            ),
        ));
    }
}

fn line_limit_note(diags: &mut Vec<Diagnostic>, line: usize, max_lines: usize) {
    diags.push(Diagnostic::new(
        line,
        format!("超过{max_lines}行的读取上限，其后的内容未读取"),
        format!(
            "The input is longer than the {max_lines} lines read at most; the rest was not read."
        ),
    ));
}

/// Splits text into lines (`\n`, `\r\n` or a lone `\r`), removing inserted pinyin.
pub(crate) fn source_from_text(
    text: &str,
    opts: &ReadOptions,
    diags: &mut Vec<Diagnostic>,
) -> Source {
    let mut lines = Vec::new();
    let mut cleaned = Cleaned::default();
    let mut full = false;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A final newline ends the last line; it does not start another.
    let text = text.strip_suffix('\n').unwrap_or(text);
    'outer: for piece in text.split('\n') {
        let piece = piece.strip_suffix('\r').unwrap_or(piece);
        for l in piece.split('\r') {
            if !push_line(&mut lines, l, &mut cleaned, opts.max_lines) {
                full = true;
                break 'outer;
            }
        }
    }
    if full {
        line_limit_note(diags, lines.len(), opts.max_lines);
    }
    cleaned_notes(&cleaned, diags);
    let taken = vec![false; lines.len()];
    Source {
        lines,
        taken,
        tables: Vec::new(),
    }
}

/// Paragraphs become lines; each table row becomes one line (its cells joined by ` | `, for
/// line numbers and quotes) and the table is kept as a table of the given layout. Captions and
/// notes of such tables are the ordinary paragraphs around them.
pub(crate) fn source_from_blocks(
    blocks: Vec<Block>,
    layout: TableLayout,
    opts: &ReadOptions,
    diags: &mut Vec<Diagnostic>,
) -> Source {
    let mut lines: Vec<String> = Vec::new();
    let mut taken = Vec::new();
    let mut tables = Vec::new();
    let mut cleaned = Cleaned::default();
    for b in blocks {
        if lines.len() >= opts.max_lines {
            line_limit_note(diags, lines.len(), opts.max_lines);
            break;
        }
        match b {
            Block::Para(p) => {
                for l in p.split('\n') {
                    if push_line(&mut lines, l, &mut cleaned, opts.max_lines) {
                        taken.push(false);
                    }
                }
            }
            Block::Table(rows) => {
                let mut raw_rows = Vec::new();
                let mut used = Vec::new();
                for r in rows {
                    let shown = r
                        .iter()
                        .map(|c| c.replace('\n', " "))
                        .collect::<Vec<_>>()
                        .join(" | ");
                    if !push_line(&mut lines, &shown, &mut cleaned, opts.max_lines) {
                        break;
                    }
                    taken.push(true);
                    used.push(lines.len() - 1);
                    let line = lines.len();
                    raw_rows.push(
                        // Radicals were counted with the row's line above.
                        r.into_iter()
                            .map(|text| RawCell {
                                text: map_radicals(&text).0.into_owned(),
                                line,
                            })
                            .collect::<Vec<_>>(),
                    );
                }
                if !raw_rows.is_empty() {
                    tables.push(RawTable::of_rows(layout, raw_rows, used));
                }
            }
        }
    }
    cleaned_notes(&cleaned, diags);
    for t in &mut tables {
        let (start, end) = (t.first_line - 1, t.last_line - 1);
        crate::table::attach_caption_and_note(&lines, &taken, t, start, end);
    }
    Source {
        lines,
        taken,
        tables,
    }
}
