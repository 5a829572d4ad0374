//! .docx: paragraphs become lines and tables stay tables.
//!
//! Only `word/document.xml` is read, streaming, with its decompressed size capped (a zip bomb
//! stops at the cap). Within it: `w:p` paragraphs (text of `w:t`, `w:tab` as a tab, `w:br` as
//! a line break), `w:tbl` tables of `w:tr` rows of `w:tc` cells. A cell's paragraphs are joined
//! (a line break inside a cell is layout, not meaning); `w:gridSpan` repeats an empty cell so
//! columns stay aligned; a `w:vMerge` continuation repeats the text of the cell above, which is
//! what a vertically merged cell means. Nested tables are flattened into their cell's text.

use crate::ReadError;
use crate::model::Diagnostic;
use crate::norm::join_pieces;
use crate::source::Block;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor, Read};

#[derive(Default)]
struct Cell {
    paras: Vec<String>,
    span: usize,
    vmerge_continue: bool,
}

#[derive(Default)]
struct TableState {
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    /// Column index of each cell of the current row (after spans), for vMerge.
    cell: Option<Cell>,
}

pub(crate) fn read_docx(
    bytes: &[u8],
    max_bytes: usize,
) -> Result<(Vec<Block>, Vec<Diagnostic>), ReadError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::Docx(format!("not a readable zip archive: {e}")))?;
    let file = archive.by_name("word/document.xml").map_err(|_| {
        ReadError::Docx("zip archive has no word/document.xml (not a Word document)".into())
    })?;
    let limit = max_bytes as u64;
    let mut limited = file.take(limit.saturating_add(1));
    let mut diagnostics = Vec::new();
    let blocks = parse_document(BufReader::new(&mut limited), &mut diagnostics)?;
    if limited.limit() == 0 {
        diagnostics.push(Diagnostic::new(
            0,
            format!("word/document.xml解压后超过{max_bytes}字节，只读取了前{max_bytes}字节"),
            format!(
                "Unpacked, word/document.xml is larger than {max_bytes} bytes; only the first \
                 {max_bytes} bytes were read."
            ),
        ));
    }
    Ok((blocks, diagnostics))
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

fn attr_val(e: &BytesStart<'_>, name: &str) -> Option<String> {
    for a in e.attributes().flatten() {
        if a.key.local_name().as_ref() == name {
            return Some(a.value.to_string());
        }
    }
    None
}

fn parse_document<R: std::io::BufRead>(
    input: R,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<Block>, ReadError> {
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut blocks = Vec::new();
    let mut tables: Vec<TableState> = Vec::new();
    let mut para: Option<String> = None;
    let mut in_text = false;
    loop {
        let ev = match reader.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(e) => {
                // A truncated or damaged document: keep what was read.
                diagnostics.push(Diagnostic::new(
                    0,
                    format!(
                        "word/document.xml在第{}字节处无法解析（{e}），其后的内容未读取",
                        reader.buffer_position()
                    ),
                    format!(
                        "word/document.xml could not be parsed at byte {} ({e}); what follows \
                         was not read.",
                        reader.buffer_position()
                    ),
                ));
                break;
            }
        };
        match ev {
            Event::Start(e) => match local(&e).as_str() {
                "p" => para = Some(String::new()),
                "t" => in_text = true,
                "tbl" => tables.push(TableState::default()),
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.row.clear();
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut() {
                        t.cell = Some(Cell {
                            span: 1,
                            ..Cell::default()
                        });
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match local(&e).as_str() {
                "tab" => {
                    if let Some(p) = para.as_mut() {
                        p.push('\t');
                    }
                }
                "br" | "cr" => {
                    if let Some(p) = para.as_mut() {
                        p.push('\n');
                    }
                }
                "gridSpan" => {
                    if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                        c.span = attr_val(&e, "val")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1)
                            .clamp(1, 64);
                    }
                }
                "vMerge" => {
                    if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                        c.vmerge_continue = attr_val(&e, "val").is_none_or(|v| v != "restart");
                    }
                }
                "p" => {
                    // An empty paragraph.
                    end_paragraph(String::new(), &mut tables, &mut blocks);
                }
                _ => {}
            },
            Event::Text(t) => {
                if in_text && let Some(p) = para.as_mut() {
                    p.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if in_text && let Some(p) = para.as_mut() {
                    p.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                if in_text && let Some(p) = para.as_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        p.push(c);
                    } else {
                        let name = r.xml10_content();
                        p.push_str(match name.as_ref() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => "",
                        });
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    if let Some(p) = para.take() {
                        end_paragraph(p, &mut tables, &mut blocks);
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut()
                        && let Some(cell) = t.cell.take()
                    {
                        let col = t.row.len();
                        let mut text = String::new();
                        for p in &cell.paras {
                            let p = p.trim();
                            if !p.is_empty() {
                                text = if text.is_empty() {
                                    p.to_string()
                                } else {
                                    join_pieces(&text, p)
                                };
                            }
                        }
                        if cell.vmerge_continue && text.is_empty() {
                            text = t
                                .rows
                                .last()
                                .and_then(|r| r.get(col))
                                .cloned()
                                .unwrap_or_default();
                        }
                        t.row.push(text);
                        for _ in 1..cell.span {
                            t.row.push(String::new());
                        }
                    }
                }
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        let row = std::mem::take(&mut t.row);
                        t.rows.push(row);
                    }
                }
                "tbl" => {
                    if let Some(t) = tables.pop() {
                        if tables.is_empty() {
                            blocks.push(Block::Table(t.rows));
                        } else {
                            // A nested table becomes text of the enclosing cell.
                            let flat: Vec<String> = t.rows.iter().map(|r| r.join(" ")).collect();
                            if let Some(c) = tables.last_mut().and_then(|o| o.cell.as_mut()) {
                                c.paras.push(flat.join(" "));
                            }
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    // Unclosed tables of a truncated document still count.
    while let Some(mut t) = tables.pop() {
        if !t.row.is_empty() {
            let row = std::mem::take(&mut t.row);
            t.rows.push(row);
        }
        if tables.is_empty() && !t.rows.is_empty() {
            blocks.push(Block::Table(t.rows));
        }
    }
    if let Some(p) = para.take()
        && !p.is_empty()
    {
        blocks.push(Block::Para(p));
    }
    Ok(blocks)
}

fn end_paragraph(p: String, tables: &mut [TableState], blocks: &mut Vec<Block>) {
    if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
        c.paras.push(p);
        return;
    }
    blocks.push(Block::Para(p));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(xml: &str) -> Vec<Block> {
        let mut d = Vec::new();
        parse_document(BufReader::new(xml.as_bytes()), &mut d).unwrap()
    }

    #[test]
    fn reads_paragraphs_and_tables() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
<w:p><w:r><w:t>附件1</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>完成市级</w:t></w:r></w:p><w:p><w:r><w:t>下达目标</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>核心指标8项 &amp; 其他</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>注：加*为约束性指标</w:t></w:r></w:p></w:body></w:document>"#;
        let b = parse(xml);
        assert_eq!(b.len(), 3);
        assert_eq!(b[0], Block::Para("附件1".into()));
        match &b[1] {
            Block::Table(rows) => {
                assert_eq!(
                    rows[0],
                    vec!["序号".to_string(), "完成市级下达目标".to_string()]
                );
                assert_eq!(
                    rows[1],
                    vec!["核心指标8项 & 其他".to_string(), String::new()]
                );
            }
            other => panic!("expected a table, got {other:?}"),
        }
    }

    #[test]
    fn truncated_xml_keeps_what_was_read() {
        let xml = r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>第一段</w:t></w:r></w:p><w:p><w:r><w:t>第二"#;
        let b = parse(xml);
        assert_eq!(b[0], Block::Para("第一段".into()));
    }
}
