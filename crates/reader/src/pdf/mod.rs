//! A text PDF (exported from Word/WPS/LibreOffice or printed from a browser) into blocks:
//! its prose as paragraphs and its ruled tables as tables of cells.
//!
//! lopdf parses the file (objects, streams, filters, encryption with the empty user
//! password); everything about text is ours, because that is where CJK PDFs differ:
//! - `content`: the page's content stream is interpreted — graphics and text state, text
//!   matrices, `TJ` offsets, Form XObjects — into positioned glyphs (the Unicode text from the
//!   font's ToUnicode CMap, else its encoding) and the ruling lines drawn (thin rectangles and
//!   stroked horizontal or vertical segments).
//! - `layout`: ruling lines that cross form a table's grid; every glyph inside it goes to the
//!   cell its position falls in, so a cell whose text wraps inside its column (`1744亿` over
//!   `元`, a name over two lines, a vertically centred neighbour) is rebuilt from positions,
//!   not from line order; missing rules inside the grid are merged cells. Other glyphs become
//!   lines (cells of a borderless table kept apart by runs of spaces, as `pdftotext -layout`
//!   prints them, for the text table finder), and lines become paragraphs where a line runs
//!   to the right margin and the next is not indented. Page numbers are dropped; a table
//!   continued on the next page is one table.
//!
//! Radical code points written for ideographs (`⻓` for 长) are mapped back where every
//! format's lines are made (`source`). A PDF without any text is a scan: refused with a
//! sentence saying so.

mod content;
mod layout;

use crate::model::Diagnostic;
use crate::source::Block;
use crate::{FileKind, ReadError, ReadOptions};
use lopdf::{Document, LoadOptions};

/// Pages read at most.
const MAX_PAGES: usize = 5_000;

pub(crate) fn read_pdf(
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<(Vec<Block>, Vec<Diagnostic>), ReadError> {
    let load = LoadOptions {
        max_decompressed_size: Some(opts.max_bytes),
        ..LoadOptions::default()
    };
    let doc =
        Document::load_mem_with_options(bytes, load).map_err(|e| ReadError::Pdf(format!("{e}")))?;
    if doc.is_encrypted() {
        return Err(ReadError::NotAReport(FileKind::EncryptedPdf));
    }
    let mut diagnostics = Vec::new();
    let pages = doc.get_pages();
    let mut budget = opts.max_bytes;
    let mut laid = Vec::new();
    let mut images = 0usize;
    let mut glyphs = 0usize;
    let mut unmapped = 0usize;
    for (n, (_, page_id)) in pages.iter().enumerate() {
        if n >= MAX_PAGES {
            diagnostics.push(Diagnostic::new(
                0,
                format!("PDF超过{MAX_PAGES}页，其后的页面未读取"),
                format!(
                    "The PDF has more than {MAX_PAGES} pages; the pages after those were not read."
                ),
            ));
            break;
        }
        let page = match content::read_page(&doc, *page_id, &mut budget) {
            Ok(p) => p,
            Err(content::PageError::Budget) => {
                diagnostics.push(Diagnostic::new(
                    0,
                    format!(
                        "PDF页面内容解压后超过{}字节的读取上限，第{}页起未读取",
                        opts.max_bytes,
                        n + 1
                    ),
                    format!(
                        "Unpacked, the PDF's page contents exceed the {} bytes read at most; \
                         page {} and those after it were not read.",
                        opts.max_bytes,
                        n + 1
                    ),
                ));
                break;
            }
            Err(content::PageError::Unreadable(why)) => {
                diagnostics.push(Diagnostic::new(
                    0,
                    format!("PDF第{}页的内容无法解析（{why}），已跳过", n + 1),
                    format!(
                        "The content of page {} of the PDF could not be parsed ({why}); the page \
                         was skipped.",
                        n + 1
                    ),
                ));
                continue;
            }
        };
        images += page.images;
        glyphs += page.glyphs.len();
        unmapped += page.unmapped;
        laid.push(layout::lay_out(page));
    }
    if glyphs == 0 {
        return Err(if images > 0 {
            ReadError::NotAReport(FileKind::ScannedPdf)
        } else {
            ReadError::Pdf("no text on any page (PDF中没有文字)".into())
        });
    }
    if unmapped > 0 {
        diagnostics.push(Diagnostic::new(
            0,
            format!(
                "PDF中有{unmapped}个字符的字体没有给出对应的文字（缺少ToUnicode映射），已用替换字符代替"
            ),
            format!(
                "{} in the PDF are set in fonts that do not say what text they show (no \
                 ToUnicode map); replacement characters stand in their place.",
                planwatch_domain::lang::count_en(unmapped, "character", "characters")
            ),
        ));
    }
    Ok((layout::join_pages(laid), diagnostics))
}
