//! One report in the formats it is published in — the text, the web page it was published as,
//! that page printed by Chromium at A4 and Letter, the Word file and its LibreOffice PDF export —
//! must read as the same indicator rows. The fixtures are of our own writing
//! (`tests/fixtures/formats/`); the PDFs and the .docx are made from them by
//! `scripts/make-format-fixtures.sh` and committed, so this test does not need the tools; when
//! they are installed, `regenerated_fixtures_read_the_same` makes them afresh.

use planwatch_reader::{FileKind, ReadError, Reading, TableLayout, read_bytes};
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats")
}

fn read(path: &Path) -> Reading {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().and_then(|n| n.to_str());
    read_bytes(&bytes, name).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// (caption, 序号, name, unit, target, actual, binding) of every row.
type Row = (String, Option<u32>, String, String, String, String, bool);

fn rows(r: &Reading) -> Vec<Row> {
    r.indicators
        .iter()
        .map(|i| {
            (
                // Captions differ only in the spaces a layout puts around figures.
                i.table.replace([' ', '\u{3000}'], ""),
                i.seq,
                i.name.clone(),
                i.unit.clone(),
                i.target.text.replace(' ', ""),
                i.actual
                    .as_ref()
                    .map(|a| a.text.replace(' ', ""))
                    .unwrap_or_default(),
                i.binding,
            )
        })
        .collect()
}

fn text_rows() -> Vec<Row> {
    let r = read(&dir().join("qinglan-2024.txt"));
    let got = rows(&r);
    assert_eq!(got.len(), 12, "{got:#?}\n{:#?}", r.diagnostics);
    // Spot checks that the text itself is read as meant.
    assert_eq!(got[0].2, "地区生产总值");
    assert_eq!(got[0].4, "增长6%左右");
    assert_eq!(got[0].5, "6.7%");
    assert_eq!(got[4].2, "居民人均可支配收入");
    assert_eq!(got[4].4, "与经济增长基本同步");
    assert!(got[5].6, "能耗 is binding");
    got
}

fn same_as_text(file: &str, layout: TableLayout) -> Reading {
    let want = text_rows();
    let r = read(&dir().join(file));
    assert_eq!(rows(&r), want, "{file}\n{:#?}", r.diagnostics);
    assert!(
        r.tables.iter().all(|t| t.layout == layout),
        "{file}: {:?}",
        r.tables.iter().map(|t| t.layout).collect::<Vec<_>>()
    );
    assert_eq!(
        r.title.as_deref().map(|t| t.replace(' ', "")),
        Some("关于青岚区2024年国民经济和社会发展计划执行情况及2025年计划草案的报告".into()),
        "{file}"
    );
    r
}

/// The prose statements of the article (claims and inline targets read from it), as
/// (subject, phrase) pairs without spaces.
fn article_claims(r: &Reading) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = r
        .claims
        .iter()
        .filter(|c| !c.text.contains("解读") && !c.text.contains("访问量"))
        .map(|c| (c.subject.replace(' ', ""), c.phrase.replace(' ', "")))
        .collect();
    v.sort();
    v
}

#[test]
fn html_page_reads_as_its_text() {
    let text = read(&dir().join("qinglan-2024.txt"));
    let r = same_as_text("qinglan-2024.html", TableLayout::Html);
    assert_eq!(r.encoding, "HTML (UTF-8)");
    assert_eq!(article_claims(&r), article_claims(&text));
    assert_eq!(r.inline.len(), text.inline.len());
    // Menus, related links, footer and scripts are not the report.
    assert!(
        r.claims
            .iter()
            .all(|c| !c.text.contains("解读") && !c.text.contains("访问量"))
    );
}

#[test]
fn pdf_printed_by_chromium_at_a4_and_letter() {
    let text = read(&dir().join("qinglan-2024.txt"));
    for paper in ["a4", "letter"] {
        let r = same_as_text(
            &format!("qinglan-2024-chromium-{paper}.pdf"),
            TableLayout::Pdf,
        );
        assert_eq!(r.encoding, "pdf");
        // A printed page keeps its chrome; the article reads as the text does.
        assert_eq!(article_claims(&r), article_claims(&text), "{paper}");
    }
}

#[test]
fn word_file_and_its_libreoffice_pdf() {
    let text = read(&dir().join("qinglan-2024.txt"));
    same_as_text("qinglan-2024.docx", TableLayout::Docx);
    let r = same_as_text("qinglan-2024-libreoffice.pdf", TableLayout::Pdf);
    assert_eq!(article_claims(&r), article_claims(&text));
    assert_eq!(r.inline.len(), text.inline.len());
}

fn tool(name: &str) -> bool {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn regenerated_fixtures_read_the_same() {
    if !(tool("chromium") && tool("soffice") && tool("python3")) {
        eprintln!("note: chromium, soffice or python3 missing; the committed fixtures are tested");
        return;
    }
    let out = std::env::temp_dir().join(format!("planwatch-formats-{}", std::process::id()));
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/make-format-fixtures.sh");
    let status = std::process::Command::new("bash")
        .arg(&script)
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("runs the script");
    assert!(status.success(), "{}", script.display());
    let want = text_rows();
    for f in [
        "qinglan-2024-chromium-a4.pdf",
        "qinglan-2024-chromium-letter.pdf",
        "qinglan-2024-libreoffice.pdf",
        "qinglan-2024.docx",
    ] {
        let r = read(&out.join(f));
        assert_eq!(rows(&r), want, "fresh {f}\n{:#?}", r.diagnostics);
    }
    let fresh = read(&out.join("borderless-2024-chromium.pdf"));
    let committed = read(&dir().join("borderless-2024-chromium.pdf"));
    assert_eq!(borderless_rows(&fresh), borderless_rows(&committed));
    let _ = std::fs::remove_dir_all(&out);
}

/// (序号, name, unit, target, actual) of the borderless fixture, as its HTML prints them.
fn borderless_rows(r: &Reading) -> Vec<(Option<u32>, String, String, String, String)> {
    r.indicators
        .iter()
        .map(|i| {
            (
                i.seq,
                i.name.clone(),
                i.unit.clone(),
                i.target.text.clone(),
                i.actual
                    .as_ref()
                    .map(|a| a.text.clone())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

/// A table printed by Chromium without ruling lines, its cells wrapping inside their columns:
/// a long name over two lines, `1744` over `亿元` beside single-line cells centred on it, a
/// target over two lines. The rows are rebuilt from column ranges between the header words.
#[test]
fn a_pdf_table_without_rules_is_rebuilt_from_its_columns() {
    let r = read(&dir().join("borderless-2024-chromium.pdf"));
    let s = |x: &str| x.to_string();
    assert_eq!(
        borderless_rows(&r),
        vec![
            (
                Some(1),
                s("地区生产总值"),
                s("亿元"),
                s("增长6%左右"),
                s("1744亿元")
            ),
            (
                Some(2),
                s("规模以上工业企业研发经费投入强度"),
                s("%"),
                s("2.5"),
                s("2.6")
            ),
            (
                Some(3),
                s("社会消费品零售总额"),
                s("亿元"),
                s("与经济增长基本同步"),
                s("869")
            ),
            (
                Some(4),
                s("空气质量优良天数"),
                s("天"),
                s("310天以上"),
                s("301")
            ),
        ],
        "{:#?}",
        r.diagnostics
    );
    assert_eq!(r.tables[0].layout, TableLayout::Pdf);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
}

/// A PDF of our own making whose text layer writes radicals for ideographs, as browser prints
/// with some CJK fonts do (`⻓` for 长, `⽣` for 生): the reading has the ideographs and says
/// what it mapped.
#[test]
fn radicals_in_a_text_layer_read_as_ideographs() {
    let lines = [
        "关于青岚区2024年计划执行情况的报告",
        "全年地区⽣产总值增⻓6.7%，⻔户⽹站⻅⻘⻝⻢⻬⻰⻛⻜⻄。",
    ];
    let bytes = pdf_of_lines(&lines);
    let r = read_bytes(&bytes, Some("x.pdf")).expect("reads");
    assert!(
        r.claims
            .iter()
            .any(|c| c.subject.contains("地区生产总值") && c.phrase.contains("增长6.7%")),
        "{:#?}",
        r.claims
    );
    assert!(
        r.diagnostics.iter().any(|d| d.message.contains("部首")),
        "{:#?}",
        r.diagnostics
    );
}

#[test]
fn a_pdf_of_images_only_is_a_scan() {
    let bytes = pdf_with_content(b"q 500 0 0 700 50 50 cm /Im1 Do Q", true);
    let e = read_bytes(&bytes, Some("scan.pdf")).unwrap_err();
    assert!(
        matches!(e, ReadError::NotAReport(FileKind::ScannedPdf)),
        "{e}"
    );
    assert!(e.to_string().contains("扫描件") && e.to_string().contains("scanned"));
}

/// A one-page PDF showing `lines` in a Type0 font whose codes are the characters' positions in
/// a ToUnicode map (written with lopdf).
fn pdf_of_lines(lines: &[&str]) -> Vec<u8> {
    let mut chars: Vec<char> = Vec::new();
    let mut content = String::from("BT /F1 12 Tf 14 TL 60 760 Td ");
    for l in lines {
        let mut hex = String::new();
        for c in l.chars() {
            let code = match chars.iter().position(|&x| x == c) {
                Some(p) => p,
                None => {
                    chars.push(c);
                    chars.len() - 1
                }
            } + 1;
            hex.push_str(&format!("{code:04X}"));
        }
        content.push_str(&format!("<{hex}> Tj T* "));
    }
    content.push_str("ET");
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    for chunk in chars.chunks(100).enumerate() {
        let (k, cs) = chunk;
        cmap.push_str(&format!("{} beginbfchar\n", cs.len()));
        for (j, c) in cs.iter().enumerate() {
            let mut units = [0u16; 2];
            let u = c.encode_utf16(&mut units);
            let dst: String = u.iter().map(|x| format!("{x:04X}")).collect();
            cmap.push_str(&format!("<{:04X}> <{dst}>\n", k * 100 + j + 1));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end");
    build_pdf(content.as_bytes(), Some(cmap.as_bytes()), false)
}

fn pdf_with_content(content: &[u8], image: bool) -> Vec<u8> {
    build_pdf(content, None, image)
}

fn build_pdf(content: &[u8], to_unicode: Option<&[u8]>, image: bool) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut resources = lopdf::Dictionary::new();
    if let Some(cmap) = to_unicode {
        let tu = doc.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
        let cid = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "Test",
            "DW" => 1000,
            "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        });
        let font = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "Test",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![cid.into()],
            "ToUnicode" => tu,
        });
        resources.set("Font", dictionary! { "F1" => font });
    }
    if image {
        let img = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
            vec![0x80],
        ));
        resources.set("XObject", dictionary! { "Im1" => img });
    }
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content_id,
        "Resources" => resources,
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
    doc.save_to(&mut out).expect("writes");
    out
}
