//! Fuzzes the reader with arbitrary bytes (every decoding path: UTF-8, UTF-16, GB18030, zip/docx,
//! HTML, PDF and the recognised non-report formats) and, when the bytes are UTF-8, with the same
//! input as text. The bytes are also read behind a PDF header and inside an HTML page, so that
//! the PDF parser, the content-stream interpreter, the layout and the HTML tree walk all see
//! arbitrary input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = planwatch_reader::read_bytes(data, None);
    let _ = planwatch_reader::read_bytes(data, Some("input.docx"));
    let _ = planwatch_reader::read_bytes(data, Some("input.html"));
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.extend_from_slice(data);
    let _ = planwatch_reader::read_bytes(&pdf, Some("input.pdf"));
    let mut page = b"<!DOCTYPE html><html><body><table><tr><td>".to_vec();
    page.extend_from_slice(data);
    let _ = planwatch_reader::read_bytes(&page, Some("input.html"));
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = planwatch_reader::read_text(text);
    }
});
