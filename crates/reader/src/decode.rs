//! Bytes to text: encoding detection, binary rejection, size limits, and the .docx route.

use crate::model::Diagnostic;
use crate::model::TableLayout;
use crate::source::Block;
use crate::{ReadError, ReadOptions};
use crate::{docx, html, kind, pdf};
use planwatch_domain::lang::count_en;

/// What the bytes turned out to be.
pub(crate) enum Decoded {
    Text {
        text: String,
        encoding: &'static str,
        diagnostics: Vec<Diagnostic>,
    },
    /// A structured document: paragraphs and tables of cells.
    Blocks {
        blocks: Vec<Block>,
        /// How its tables are named in [`crate::ReadTable::layout`].
        layout: TableLayout,
        /// What [`crate::Reading::encoding`] reports ("docx", "HTML (GBK)").
        format: String,
        diagnostics: Vec<Diagnostic>,
    },
}

const SAMPLE: usize = 64 * 1024;

pub(crate) fn decode(
    bytes: &[u8],
    hint: Option<&str>,
    opts: &ReadOptions,
) -> Result<Decoded, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if let Some(kind) = kind::not_a_report(bytes, hint) {
        return Err(ReadError::NotAReport(kind));
    }
    let hint_docx = hint.is_some_and(|h| h.to_ascii_lowercase().ends_with(".docx"));
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let (blocks, diagnostics) = docx::read_docx(bytes, opts.max_bytes)?;
        return Ok(Decoded::Blocks {
            blocks,
            layout: TableLayout::Docx,
            format: "docx".into(),
            diagnostics,
        });
    }
    if is_pdf(bytes) {
        // A PDF cannot be read in part (its index is at the end): past the limit it is refused.
        if bytes.len() > opts.max_bytes {
            return Err(ReadError::Pdf(format!(
                "{} bytes, more than the {} read (PDF文件共{}字节，超过{}字节的读取上限，请拆分后再读取)",
                bytes.len(),
                opts.max_bytes,
                bytes.len(),
                opts.max_bytes
            )));
        }
        let (blocks, diagnostics) = pdf::read_pdf(bytes, opts)?;
        return Ok(Decoded::Blocks {
            blocks,
            layout: TableLayout::Pdf,
            format: "pdf".into(),
            diagnostics,
        });
    }
    if html::looks_like_html(bytes, hint) {
        return decode_html(bytes, opts);
    }
    let mut diagnostics = Vec::new();
    if hint_docx {
        diagnostics.push(Diagnostic::new(
            0,
            "文件名为.docx，但内容不是zip压缩包，按纯文本读取",
            "The file is named .docx but is not a zip archive; it was read as plain text.",
        ));
    }
    decode_text(bytes, opts, diagnostics)
}

/// A web page: decoded by its byte-order mark, else by the encoding it declares, else as
/// text is; then its blocks.
fn decode_html(bytes: &[u8], opts: &ReadOptions) -> Result<Decoded, ReadError> {
    let has_bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF]);
    let (text, encoding, mut diagnostics) = match html::declared_encoding(bytes) {
        Some(enc) if !has_bom => {
            let mut diagnostics = Vec::new();
            let cap = cut_at_newline(bytes, opts.max_bytes);
            if cap < bytes.len() {
                diagnostics.push(too_large(bytes.len(), opts.max_bytes));
            }
            let (text, had_errors) = enc.decode_without_bom_handling(&bytes[..cap]);
            if had_errors {
                let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
                diagnostics.push(Diagnostic::new(
                    0,
                    format!(
                        "网页声明的编码为{}，但有{bad}处字节无法按此解码，已用替换字符代替",
                        enc.name()
                    ),
                    format!(
                        "The web page declares the encoding {}, but {} could not be decoded in \
                         it; replacement characters stand in their place.",
                        enc.name(),
                        count_en(bad, "byte sequence", "byte sequences")
                    ),
                ));
            }
            (text.into_owned(), enc.name(), diagnostics)
        }
        _ => match decode_text(bytes, opts, Vec::new())? {
            Decoded::Text {
                text,
                encoding,
                diagnostics,
            } => (text, encoding, diagnostics),
            blocks @ Decoded::Blocks { .. } => return Ok(blocks),
        },
    };
    let Some(blocks) = html::read_html(&text, &mut diagnostics) else {
        return Err(ReadError::Unsupported(format!(
            "a web page whose elements nest more than {} deep (网页的元素嵌套超过{}层，不像是正常的网页)",
            html::MAX_DEPTH,
            html::MAX_DEPTH
        )));
    };
    Ok(Decoded::Blocks {
        blocks,
        layout: TableLayout::Html,
        format: format!("HTML ({encoding})"),
        diagnostics,
    })
}

/// Text in any of the encodings plan reports come in.
fn decode_text(
    bytes: &[u8],
    opts: &ReadOptions,
    mut diagnostics: Vec<Diagnostic>,
) -> Result<Decoded, ReadError> {
    // Byte-order marks decide outright.
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let (text, diags) = utf8_text(rest, opts.max_bytes);
        diagnostics.extend(diags);
        return Ok(Decoded::Text {
            text,
            encoding: "UTF-8 (BOM)",
            diagnostics,
        });
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let le = bytes[0] == 0xFF;
        let body = &bytes[2..];
        let cap = capped_len(body.len(), opts.max_bytes) & !1;
        if cap < body.len() {
            diagnostics.push(too_large(bytes.len(), opts.max_bytes));
        }
        let enc = if le {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, had_errors) = enc.decode_without_bom_handling(&body[..cap]);
        if had_errors {
            diagnostics.push(Diagnostic::new(
                0,
                "UTF-16文本中有无法解码的字节，已用替换字符代替",
                "The UTF-16 text has bytes that could not be decoded; replacement characters \
                 stand in their place.",
            ));
        }
        return Ok(Decoded::Text {
            text: text.into_owned(),
            encoding: if le { "UTF-16LE" } else { "UTF-16BE" },
            diagnostics,
        });
    }

    let sample = &bytes[..bytes.len().min(SAMPLE)];
    if let Some(reason) = binary_reason(sample) {
        return Err(ReadError::Binary(reason));
    }

    // UTF-8 when it is (nearly) valid UTF-8; GB18030 (a superset of GBK and GB2312) otherwise.
    let cap = cut_at_newline(bytes, opts.max_bytes);
    let body = &bytes[..cap];
    if cap < bytes.len() {
        diagnostics.push(too_large(bytes.len(), opts.max_bytes));
    }
    let (invalid, non_ascii) = utf8_invalid_count(body);
    if invalid == 0 || invalid * 50 < non_ascii / 3 {
        let (text, diags) = utf8_text(body, usize::MAX);
        diagnostics.extend(diags);
        return Ok(Decoded::Text {
            text,
            encoding: "UTF-8",
            diagnostics,
        });
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(body);
    let text = text.into_owned();
    if had_errors {
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        let total = text.chars().count().max(1);
        if bad * 10 > total {
            return Err(ReadError::Binary(format!(
                "neither UTF-8 nor GB18030: {bad} of {total} characters undecodable"
            )));
        }
        diagnostics.push(Diagnostic::new(
            0,
            format!("按GB18030解码时有{bad}处无法解码的字节，已用替换字符代替（文件可能编码混杂或已损坏）"),
            format!(
                "Read as GB18030, the file has {} that could not be decoded; replacement \
                 characters stand in their place (the file may mix encodings or be damaged).",
                count_en(bad, "byte sequence", "byte sequences")
            ),
        ));
    }
    Ok(Decoded::Text {
        text,
        encoding: "GB18030",
        diagnostics,
    })
}

/// A PDF's header is `%PDF-` within its first kilobyte.
fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

fn too_large(len: usize, max: usize) -> Diagnostic {
    Diagnostic::new(
        0,
        format!("输入共{len}字节，超过读取上限{max}字节，只读取了前{max}字节以内的完整行"),
        format!(
            "The input is {len} bytes, more than the {max} bytes read at most; only the whole \
             lines within the first {max} bytes were read."
        ),
    )
}

fn capped_len(len: usize, max: usize) -> usize {
    len.min(max)
}

/// The length to read: all of it, or up to the last newline before the cap (a newline byte
/// never occurs inside a UTF-8 or GB18030 multi-byte character, so no character is cut).
fn cut_at_newline(bytes: &[u8], max: usize) -> usize {
    if bytes.len() <= max {
        return bytes.len();
    }
    match bytes[..max].iter().rposition(|&b| b == b'\n') {
        Some(p) => p + 1,
        None => max,
    }
}

/// Why a sample looks like binary data rather than text, if it does.
fn binary_reason(sample: &[u8]) -> Option<String> {
    let nul = sample.iter().filter(|&&b| b == 0).count();
    if nul > 0 {
        return Some(format!(
            "{nul} NUL bytes in the first {} bytes",
            sample.len()
        ));
    }
    let ctrl = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    if ctrl * 50 > sample.len() {
        return Some(format!(
            "{ctrl} control bytes in the first {} bytes",
            sample.len()
        ));
    }
    None
}

/// (invalid UTF-8 sequences, non-ASCII bytes) in `bytes`; an incomplete character at the very
/// end is not counted (the input may have been cut).
fn utf8_invalid_count(bytes: &[u8]) -> (usize, usize) {
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    let mut invalid = 0;
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => break,
            Err(e) => match e.error_len() {
                Some(n) => {
                    invalid += 1;
                    rest = &rest[e.valid_up_to() + n..];
                }
                None => break,
            },
        }
    }
    (invalid, non_ascii)
}

/// UTF-8 bytes to text, replacing invalid sequences and dropping a character cut at the end.
fn utf8_text(bytes: &[u8], max: usize) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let cap = cut_at_newline(bytes, max);
    if cap < bytes.len() {
        diags.push(too_large(bytes.len(), max));
    }
    let body = &bytes[..cap];
    match std::str::from_utf8(body) {
        Ok(s) => (s.to_owned(), diags),
        Err(e) if e.error_len().is_none() => {
            diags.push(Diagnostic::new(
                0,
                "文件末尾有不完整的字符（文件可能被截断），已忽略",
                "The file ends in an incomplete character (it may have been cut off); that \
                 character was left out.",
            ));
            // valid_up_to is a char boundary by definition.
            (
                String::from_utf8_lossy(&body[..e.valid_up_to()]).into_owned(),
                diags,
            )
        }
        Err(_) => {
            let (invalid, _) = utf8_invalid_count(body);
            diags.push(Diagnostic::new(
                0,
                format!("UTF-8文本中有{invalid}处无效字节序列，已用替换字符代替"),
                format!(
                    "The UTF-8 text has {}; replacement characters stand in their place.",
                    count_en(invalid, "invalid byte sequence", "invalid byte sequences")
                ),
            ));
            (String::from_utf8_lossy(body).into_owned(), diags)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_invalid_utf8() {
        assert_eq!(utf8_invalid_count("增长".as_bytes()).0, 0);
        let mut b = "增长".as_bytes().to_vec();
        b.insert(3, 0xFF);
        assert_eq!(utf8_invalid_count(&b).0, 1);
        // A character cut at the end is not an error.
        let b = &"增长".as_bytes()[..5];
        assert_eq!(utf8_invalid_count(b).0, 0);
    }

    #[test]
    fn cuts_at_newline() {
        assert_eq!(cut_at_newline(b"ab\ncd\nef", 7), 6);
        assert_eq!(cut_at_newline(b"abcdef", 3), 3);
        assert_eq!(cut_at_newline(b"ab", 3), 2);
    }
}
