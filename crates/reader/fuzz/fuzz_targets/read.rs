//! Fuzzes the reader with arbitrary bytes (every decoding path: UTF-8, UTF-16, GB18030, zip/docx)
//! and, when the bytes are UTF-8, with the same input as text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = planwatch_reader::read_bytes(data, None);
    let _ = planwatch_reader::read_bytes(data, Some("input.docx"));
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = planwatch_reader::read_text(text);
    }
});
