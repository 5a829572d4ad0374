//! Files that are not reports planwatch reads — a .doc, a .wps, an .ofd, a scanned PDF, a
//! picture — are refused by `read`, `import-report` and `review` alike: a non-zero exit and the
//! one sentence that says what the file is and how to make one that reads, never a reading
//! of nothing.

mod common;

use common::{ok, run};
use planwatch_reader::FileKind;

/// An OLE2 compound file naming `stream` (what .doc and .wps files are).
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
            .expect("zip entry");
        std::io::Write::write_all(&mut z, b"<x/>").expect("zip write");
    }
    z.finish().expect("zip");
    out.into_inner()
}

/// A one-page PDF whose page is a picture: no text layer.
fn scanned_pdf() -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let img = doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        vec![0x80],
    ));
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"q 595 0 0 842 0 0 cm /Im1 Do Q".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => img } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("pdf");
    out
}

fn png() -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend(vec![0u8; 32]);
    b
}

#[test]
fn every_command_that_reads_a_report_refuses_what_is_not_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pw.db");
    ok(&db, &["demo"]);
    let files: Vec<(&str, Vec<u8>, FileKind)> = vec![
        ("报告.doc", ole("WordDocument"), FileKind::LegacyWord),
        ("报告.wps", ole("WpsCustomData"), FileKind::Wps),
        (
            "报告.ofd",
            zip_of(&["OFD.xml", "Doc_0/Document.xml"]),
            FileKind::Ofd,
        ),
        ("扫描件.pdf", scanned_pdf(), FileKind::ScannedPdf),
        ("照片.png", png(), FileKind::Image),
    ];
    for (name, bytes, kind) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let file = path.to_str().expect("utf-8");
        for args in [
            vec!["read", file],
            vec!["import-report", file, "--region", "江北区"],
            vec!["review", file],
        ] {
            let out = run(&db, &args);
            assert!(!out.status.success(), "{args:?} should fail");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(kind.zh()), "{args:?}: {err}");
            assert!(err.contains(name), "{args:?} names the file: {err}");
        }
    }
    // Nothing was stored from any of them.
    let regions = ok(&db, &["regions"]);
    assert!(!regions.contains("报告"), "{regions}");
}

#[test]
fn review_says_so_at_the_top_of_its_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pw.db");
    let path = dir.path().join("报告.doc");
    std::fs::write(&path, ole("WordDocument")).expect("write");
    let out = run(&db, &["review", path.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.contains(FileKind::LegacyWord.zh()),
        "the findings name the file kind: {md}"
    );
    assert!(!md.contains("未发现问题"), "{md}");
}
