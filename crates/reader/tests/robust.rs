//! Encodings, .docx, and input that is empty, binary, truncated or mis-encoded: a result with
//! diagnostics or a clear error, never a panic.
// Expected rows are written as tuples, which is what makes them readable as data.
#![allow(clippy::type_complexity)]

mod common;

use common::fixture;
use planwatch_reader::*;
use proptest::prelude::*;
use std::io::Write;

fn indicator_view(r: &Reading) -> Vec<(String, String, Option<String>)> {
    r.indicators
        .iter()
        .map(|i| {
            (
                i.name.clone(),
                i.target.text.clone(),
                i.actual.as_ref().map(|a| a.text.clone()),
            )
        })
        .collect()
}

/// Deterministic pseudo-random bytes (xorshift), so the test needs no generator crate.
fn noise(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn empty_input() {
    assert!(matches!(read_bytes(b"", None), Err(ReadError::Empty)));
    let r = read_text("");
    assert!(r.indicators.is_empty());
    assert!(!r.diagnostics.is_empty());
    let r = read_text("\n\n   \n");
    assert!(r.indicators.is_empty());
}

#[test]
fn binary_input_is_refused_clearly() {
    for seed in [1, 7, 42] {
        match read_bytes(&noise(64 * 1024, seed), Some("x.txt")) {
            Err(ReadError::Binary(reason)) => assert!(!reason.is_empty()),
            other => panic!("expected a binary error, got {other:?}"),
        }
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(noise(1000, 3));
    assert!(matches!(
        read_bytes(&png, None),
        Err(ReadError::NotAReport(FileKind::Image))
    ));
    assert!(matches!(
        read_bytes(b"%PDF-1.7\n...", None),
        Err(ReadError::Pdf(_))
    ));
    assert!(matches!(
        read_bytes(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0], None),
        Err(ReadError::NotAReport(FileKind::LegacyOffice))
    ));
    let e = read_bytes(&noise(4096, 9), None).unwrap_err();
    assert!(e.to_string().contains("binary"));
}

#[test]
fn utf8_with_and_without_bom() {
    let text = fixture("fullwidth.txt");
    let plain = read_bytes(text.as_bytes(), None).unwrap();
    assert_eq!(plain.encoding, "UTF-8");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let with = read_bytes(&bom, None).unwrap();
    assert_eq!(with.encoding, "UTF-8 (BOM)");
    assert_eq!(indicator_view(&plain), indicator_view(&with));
    assert_eq!(plain.title, with.title);
}

#[test]
fn gb18030_is_detected() {
    let text = fixture("fullwidth.txt");
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&gb).is_err(),
        "the encoded copy must not be UTF-8"
    );
    let r = read_bytes(&gb, Some("report.txt")).unwrap();
    assert_eq!(r.encoding, "GB18030");
    assert_eq!(indicator_view(&r), indicator_view(&read_text(&text)));
    assert_eq!(r.region.as_deref(), Some("青岚区"));
    // GBK-only text (no full-width forms outside GBK) reads the same.
    let pipe_rows = fixture("pipe_rows.txt");
    let (gbk, _, _) = encoding_rs::GBK.encode(&pipe_rows);
    assert_eq!(read_bytes(&gbk, None).unwrap().indicators.len(), 5);
}

#[test]
fn utf16_with_bom() {
    let text = fixture("pipe_rows.txt");
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    let a = read_bytes(&le, None).unwrap();
    let b = read_bytes(&be, None).unwrap();
    assert_eq!(
        (a.encoding.as_str(), b.encoding.as_str()),
        ("UTF-16LE", "UTF-16BE")
    );
    assert_eq!(indicator_view(&a), indicator_view(&read_text(&text)));
    assert_eq!(indicator_view(&a), indicator_view(&b));
}

#[test]
fn truncated_input() {
    let text = fixture("fullwidth.txt");
    let bytes = text.as_bytes();
    // Cut inside a character: the partial character is dropped and said so.
    let mut cut = bytes.len() / 2;
    while text.is_char_boundary(cut) {
        cut += 1;
    }
    let r = read_bytes(&bytes[..cut], None).unwrap();
    assert!(
        r.diagnostics.iter().any(|d| d.message.contains("不完整")),
        "{:?}",
        r.diagnostics
    );
    assert!(!r.claims.is_empty());
    // Cut inside the annex table: the rows before the cut are read.
    let at = text.find("进出口总额（亿元）").unwrap();
    let r = read_bytes(&bytes[..at], None).unwrap();
    assert_eq!(r.indicators.len(), 4);
    // Every prefix reads without panicking.
    for cut in (0..bytes.len()).step_by(97) {
        let _ = read_bytes(&bytes[..cut], None);
    }
}

#[test]
fn mis_encoded_input() {
    let text = fixture("fullwidth.txt");
    let mut bytes = text.into_bytes();
    // A few corrupt bytes in otherwise valid UTF-8: replaced and reported.
    for at in [200, 900, 1500] {
        let mut k = at;
        while k < bytes.len() && (bytes[k] & 0xC0) == 0x80 {
            k += 1;
        }
        bytes.insert(k, 0xFF);
    }
    let r = read_bytes(&bytes, None).unwrap();
    assert_eq!(r.encoding, "UTF-8");
    assert!(
        r.diagnostics.iter().any(|d| d.message.contains("无效字节")),
        "{:?}",
        r.diagnostics
    );
    assert_eq!(r.tables.len(), 2);
    // GB18030 bytes with a stray UTF-8 fragment: read as GB18030 with a note.
    let pipe_rows = fixture("pipe_rows.txt");
    let (gb, _, _) = encoding_rs::GB18030.encode(&pipe_rows);
    let mut gb = gb.into_owned();
    gb.extend_from_slice(&[0x81, 0x0A]);
    let r = read_bytes(&gb, None).unwrap();
    assert_eq!(r.encoding, "GB18030");
    assert_eq!(r.indicators.len(), 5);
}

// ---- .docx ----

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn para(text: &str) -> String {
    format!(
        r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        xml_escape(text)
    )
}

fn cell(paras: &[&str], props: &str) -> String {
    let body: String = paras.iter().map(|p| para(p)).collect();
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>")
}

fn row(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

/// A minimal .docx: content types, and word/document.xml with the given body.
fn docx(body: &str) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("[Content_Types].xml", opts).unwrap();
        z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
        z.start_file("word/document.xml", opts).unwrap();
        z.write_all(doc.as_bytes()).unwrap();
        z.finish().unwrap();
    }
    out.into_inner()
}

fn sample_docx() -> Vec<u8> {
    let restart = r#"<w:vMerge w:val="restart"/>"#;
    let cont = "<w:vMerge/>";
    let span5 = r#"<w:gridSpan w:val="5"/>"#;
    let table = format!(
        "<w:tbl>{}{}{}{}{}</w:tbl>",
        row(&[
            cell(&["类别"], ""),
            cell(&["序号"], ""),
            cell(&["指标名称"], ""),
            cell(&["2024年目标"], ""),
            cell(&["2024年完成"], "")
        ]),
        row(&[
            cell(&["经济"], restart),
            cell(&["1"], ""),
            cell(&["地区生产总值增速（%）"], ""),
            cell(&["6左右"], ""),
            cell(&["6.3"], "")
        ]),
        row(&[
            cell(&[], cont),
            cell(&["2"], ""),
            cell(&["一般公共预算收入（亿元）"], ""),
            cell(&["50"], ""),
            cell(&["48.5"], "")
        ]),
        row(&[cell(&["约束性指标"], span5)]),
        row(&[
            cell(&["环境"], ""),
            cell(&["3"], ""),
            cell(&["空气质量优良天数（天）*"], ""),
            cell(&["300以上"], ""),
            cell(&["完成市级", "下达目标"], ""),
        ]),
    );
    let body = format!(
        "{}{}{}{}{}{}",
        para("关于示例区2024年国民经济和社会发展计划执行情况的报告"),
        para("全年地区生产总值增长6.3%，一般公共预算收入48.5亿元。"),
        para("附件1"),
        para("2024年主要指标完成情况"),
        table,
        para("注：加*为约束性指标；其他为预期性指标。"),
    );
    docx(&body)
}

#[test]
fn docx_tables_stay_tables() {
    let r = read_bytes(&sample_docx(), Some("report.docx")).unwrap();
    assert_eq!(r.encoding, "docx");
    assert_eq!(r.region.as_deref(), Some("示例区"));
    assert_eq!(r.tables.len(), 1);
    let t = &r.tables[0];
    assert_eq!(t.layout, TableLayout::Docx);
    assert_eq!(t.caption, "附件1 2024年主要指标完成情况");
    assert_eq!(
        t.note.as_deref(),
        Some("注：加*为约束性指标；其他为预期性指标。")
    );
    let rows: Vec<(Option<u32>, &str, Option<&str>, bool, &str, Option<&str>)> = r
        .indicators
        .iter()
        .map(|i| {
            (
                i.seq,
                i.name.as_str(),
                i.category.as_deref(),
                i.binding,
                i.target.text.as_str(),
                i.actual.as_ref().map(|a| a.text.as_str()),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                Some(1),
                "地区生产总值增速",
                Some("经济"),
                false,
                "6左右",
                Some("6.3")
            ),
            // The vertically merged category applies to the row below it.
            (
                Some(2),
                "一般公共预算收入",
                Some("经济"),
                false,
                "50",
                Some("48.5")
            ),
            // A cell of two paragraphs is one value.
            (
                Some(3),
                "空气质量优良天数",
                Some("环境"),
                true,
                "300以上",
                Some("完成市级下达目标")
            ),
        ]
    );
    assert_eq!(t.sections.len(), 1);
    // Prose paragraphs are read as lines.
    assert!(
        r.claims
            .iter()
            .any(|c| c.subject == "地区生产总值" && c.unit == "%")
    );
    assert_eq!(r.plans()[0].indicators.len(), 3);
}

#[test]
fn broken_docx_is_an_error_or_a_partial_result() {
    // A zip that is not a Word document.
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        z.start_file("hello.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(b"hi").unwrap();
        z.finish().unwrap();
    }
    assert!(matches!(
        read_bytes(&out.into_inner(), None),
        Err(ReadError::Docx(_))
    ));
    // Every truncation of a real one: no panic.
    let bytes = sample_docx();
    for cut in (4..bytes.len()).step_by(53) {
        let _ = read_bytes(&bytes[..cut], Some("x.docx"));
    }
    // A name that says .docx over plain text: read as text, with a note.
    let r = read_bytes(fixture("pipe_rows.txt").as_bytes(), Some("report.docx")).unwrap();
    assert!(r.diagnostics.iter().any(|d| d.message.contains(".docx")));
    assert_eq!(r.indicators.len(), 5);
}

#[test]
fn truncated_document_xml_keeps_what_was_read() {
    let body = format!(
        "{}{}",
        para("第一段：地区生产总值增长5%。"),
        "<w:p><w:r><w:t>第二"
    );
    let doc = format!(r#"<w:document xmlns:w="x"><w:body>{body}"#);
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        z.write_all(doc.as_bytes()).unwrap();
        z.finish().unwrap();
    }
    let r = read_bytes(&out.into_inner(), None).unwrap();
    assert!(r.claims.iter().any(|c| c.subject == "地区生产总值"));
}

#[test]
fn limits_bound_the_output() {
    let text = fixture("fullwidth.txt").repeat(20);
    let opts = ReadOptions {
        max_items: 10,
        max_diagnostics: 3,
        ..ReadOptions::default()
    };
    let r = read_text_with(&text, &opts);
    assert_eq!(r.indicators.len(), 10);
    assert!(r.claims.len() <= 10);
    assert!(r.diagnostics.len() <= 3);
    let opts = ReadOptions {
        max_bytes: 1000,
        ..ReadOptions::default()
    };
    let r = read_bytes_with(text.as_bytes(), None, &opts).unwrap();
    assert!(r.diagnostics.iter().any(|d| d.message.contains("上限")));
    let r = read_text_with(&text, &opts);
    assert!(r.diagnostics.iter().any(|d| d.message.contains("上限")));
    let opts = ReadOptions {
        max_lines: 5,
        ..ReadOptions::default()
    };
    assert_eq!(read_text_with(&text, &opts).lines, 5);
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\t".to_string()),
        Just("|".to_string()),
        Just(" |".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("序号".to_string()),
        Just("指标名称".to_string()),
        Just("2023年预期目标".to_string()),
        Just("实际完成".to_string()),
        Just("附件1".to_string()),
        Just("核心指标8项".to_string()),
        Just("注：加*为约束性指标".to_string()),
        Just("分别增长".to_string()),
        Just("、".to_string()),
        Just("（".to_string()),
        Just("）".to_string()),
        Just("“".to_string()),
        Just("——".to_string()),
        Just("重点项目".to_string()),
        Just("民生实事".to_string()),
        Just("项指标".to_string()),
        Just("其中，".to_string()),
        "[0-9]{1,4}(\\.[0-9]{1,3})?".prop_map(|s| s),
        "[０-９]{1,3}".prop_map(|s| s),
        "(亿元|万人|%|％|个|件|以上|以内|左右|近|超|余|约|预计|达|增长|下降|:|/|-)".prop_map(|s| s),
        "\\PC{0,6}".prop_map(|s| s),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,300}") {
        let _ = read_text(&s);
    }

    #[test]
    fn report_like_text_never_panics(parts in proptest::collection::vec(fragment(), 0..80)) {
        let text = parts.concat();
        let r = read_text(&text);
        prop_assert!(r.lines >= 1 || text.is_empty());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = read_bytes(&bytes, None);
        let _ = read_bytes(&bytes, Some("x.docx"));
    }
}

/// Files that are not reports, told by their bytes whatever their names, each refused with
/// one sentence in Chinese and English saying what the file is and what to do.
#[test]
fn other_formats_are_named_with_what_to_do() {
    fn ole(stream: &str) -> Vec<u8> {
        let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        b.extend(vec![0u8; 504]);
        b.extend(stream.encode_utf16().flat_map(|u| u.to_le_bytes()));
        b.extend(vec![0u8; 64]);
        b
    }
    fn zip_of(names: &[&str]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut out);
        for n in names {
            z.start_file(*n, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut z, b"<x/>").unwrap();
        }
        z.finish().unwrap();
        out.into_inner()
    }
    let cases: Vec<(Vec<u8>, Option<&str>, FileKind, &str, &str)> = vec![
        (
            ole("WordDocument"),
            Some("报告.doc"),
            FileKind::LegacyWord,
            "另存为.docx",
            ".doc",
        ),
        // The content decides: a .doc renamed .txt is still a .doc.
        (
            ole("WordDocument"),
            Some("报告.txt"),
            FileKind::LegacyWord,
            "另存为.docx",
            ".doc",
        ),
        (ole("WpsCustomData"), None, FileKind::Wps, "WPS", ".wps"),
        (
            ole("Contents"),
            Some("报告.wps"),
            FileKind::Wps,
            "WPS",
            ".wps",
        ),
        (
            zip_of(&["OFD.xml", "Doc_0/Document.xml"]),
            Some("报告.ofd"),
            FileKind::Ofd,
            "导出为PDF",
            "OFD",
        ),
        (
            zip_of(&["OFD.xml"]),
            Some("报告.zip"),
            FileKind::Ofd,
            "导出为PDF",
            "OFD",
        ),
        (
            zip_of(&["[Content_Types].xml", "xl/workbook.xml"]),
            Some("a.xlsx"),
            FileKind::Workbook,
            "Excel",
            "Excel",
        ),
        (
            zip_of(&["mimetype", "content.xml"]),
            Some("a.odt"),
            FileKind::OpenDocument,
            "另存为.docx",
            "OpenDocument",
        ),
        (
            b"{\\rtf1\\ansi ...}".to_vec(),
            Some("a.rtf"),
            FileKind::Rtf,
            "另存为.docx",
            "RTF",
        ),
        (
            b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n".to_vec(),
            Some("a.mht"),
            FileKind::WebArchive,
            ".html",
            "web archive",
        ),
        (
            b"\xFF\xD8\xFF\xE0\0\x10JFIF".to_vec(),
            Some("scan.jpg"),
            FileKind::Image,
            "OCR",
            "picture",
        ),
    ];
    for (bytes, name, kind, zh, en) in cases {
        let e = read_bytes(&bytes, name).unwrap_err();
        assert!(
            matches!(e, ReadError::NotAReport(k) if k == kind),
            "{name:?}: {e}"
        );
        let msg = e.to_string();
        assert!(msg.contains(zh) && msg.contains(en), "{name:?}: {msg}");
    }
}
