//! Files that are not a report planwatch reads, told apart by their content (magic bytes and
//! the names inside containers), each with one sentence in Chinese and English saying what the
//! file is and how to turn it into one that can be read.

use std::io::Cursor;

/// A kind of file that is recognised but not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Word 97–2003 `.doc` (OLE2 compound file with a WordDocument stream).
    LegacyWord,
    /// A WPS Office document in its own format (`.wps`, also OLE2).
    Wps,
    /// Another OLE2 file (old Excel or PowerPoint, or unknown).
    LegacyOffice,
    /// OFD, the Chinese fixed-layout format (a zip with `OFD.xml`).
    Ofd,
    /// An Excel workbook (`.xlsx`).
    Workbook,
    /// A PowerPoint deck (`.pptx`).
    Presentation,
    /// An OpenDocument text (`.odt`) or other OpenDocument file.
    OpenDocument,
    /// A PDF whose pages are images: a scan without a text layer.
    ScannedPdf,
    /// A PDF that opens only with a password.
    EncryptedPdf,
    /// Rich Text Format.
    Rtf,
    /// A web page saved as a single file (`.mht`/`.mhtml`).
    WebArchive,
    /// A picture (PNG, JPEG, GIF, TIFF, BMP, WebP).
    Image,
}

impl FileKind {
    /// What the file is and what to do, in Chinese.
    pub fn zh(self) -> &'static str {
        self.sentences().0
    }

    /// What the file is and what to do, in English.
    pub fn en(self) -> &'static str {
        self.sentences().1
    }

    fn sentences(self) -> (&'static str, &'static str) {
        match self {
            FileKind::LegacyWord => (
                "这是旧版Word文档（.doc），planwatch不能直接读取：请用Word或WPS打开，另存为.docx或导出为PDF后再上传。",
                "This is a legacy Word document (.doc): open it in Word or WPS and save it as .docx, or export it as PDF.",
            ),
            FileKind::Wps => (
                "这是WPS文字文档（.wps），planwatch不能直接读取：请用WPS打开，另存为.docx或导出为PDF后再上传。",
                "This is a WPS Writer document (.wps): open it in WPS and save it as .docx, or export it as PDF.",
            ),
            FileKind::LegacyOffice => (
                "这是旧版Office文件（.xls/.ppt等），不是报告文档：请把报告另存为.docx或导出为PDF后再上传。",
                "This is a legacy Office file (.xls, .ppt, …), not a report document: save the report as .docx or export it as PDF.",
            ),
            FileKind::Ofd => (
                "这是OFD版式文件（.ofd），planwatch不能直接读取：请用OFD阅读器（如数科、福昕OFD）导出为PDF，或取得报告的.docx原件后再上传。",
                "This is an OFD fixed-layout file: export it as PDF with an OFD reader, or use the report's .docx original.",
            ),
            FileKind::Workbook => (
                "这是Excel工作簿（.xlsx），不是报告文档：台账请在相应的导入页面上传；报告请另存为.docx或PDF。",
                "This is an Excel workbook, not a report: import ledgers on their own pages; save a report as .docx or PDF.",
            ),
            FileKind::Presentation => (
                "这是PowerPoint演示文稿（.pptx），不是报告文档：请上传报告的.docx、PDF或网页。",
                "This is a PowerPoint presentation, not a report: upload the report as .docx, PDF or a web page.",
            ),
            FileKind::OpenDocument => (
                "这是OpenDocument文档（.odt等），planwatch不能直接读取：请用LibreOffice或WPS打开，另存为.docx或导出为PDF后再上传。",
                "This is an OpenDocument file (.odt, …): open it in LibreOffice or WPS and save it as .docx, or export it as PDF.",
            ),
            FileKind::ScannedPdf => (
                "这是扫描件PDF（页面是图片，没有文字层），planwatch无法读取其中的文字：请取得报告的.docx或文字版PDF，或先做文字识别（OCR）并导出为带文字层的PDF。",
                "This is a scanned PDF: its pages are images with no text layer. Use the report's .docx or a text PDF, or run OCR and export a PDF with a text layer.",
            ),
            FileKind::EncryptedPdf => (
                "这是加密的PDF，需要密码才能打开：请取得未加密的版本，或用PDF阅读器打开后另存（打印）为不加密的PDF。",
                "This PDF is encrypted and needs a password: get an unencrypted copy, or open it and save or print it as an unencrypted PDF.",
            ),
            FileKind::Rtf => (
                "这是RTF格式文档（.rtf），planwatch不能直接读取：请用Word或WPS打开，另存为.docx后再上传。",
                "This is an RTF document: open it in Word or WPS and save it as .docx.",
            ),
            FileKind::WebArchive => (
                "这是单个文件网页（.mht/.mhtml），planwatch不能直接读取：请在浏览器中打开，另存为“网页，仅HTML”（.html）后再上传。",
                "This is a single-file web archive (.mht): open it in a browser and save it as a plain web page (.html).",
            ),
            FileKind::Image => (
                "这是一张图片，不是报告文档：请上传报告的.docx、PDF或网页；如只有扫描图片，请先做文字识别（OCR）。",
                "This is a picture, not a report: upload the report as .docx, PDF or a web page; for scans, run OCR first.",
            ),
        }
    }
}

fn has_utf16(hay: &[u8], word: &str) -> bool {
    let needle: Vec<u8> = word.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    hay.windows(needle.len()).any(|w| w == needle.as_slice())
}

fn ext_is(hint: Option<&str>, exts: &[&str]) -> bool {
    hint.is_some_and(|h| {
        let h = h.to_ascii_lowercase();
        exts.iter().any(|e| h.ends_with(e))
    })
}

/// The kind of a file that is recognised but not read, from its bytes (the name only tells
/// two formats that share one container apart).
pub(crate) fn not_a_report(bytes: &[u8], hint: Option<&str>) -> Option<FileKind> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
    {
        // The directory names the streams (UTF-16LE): WordDocument for Word, and WPS
        // writes its own; a .wps name decides when the streams do not.
        let head = &bytes[..bytes.len().min(1 << 20)];
        if ext_is(hint, &[".wps", ".wpt"]) || has_utf16(head, "WpsCustomData") {
            return Some(FileKind::Wps);
        }
        if has_utf16(head, "WordDocument") || ext_is(hint, &[".doc", ".dot"]) {
            return Some(FileKind::LegacyWord);
        }
        return Some(FileKind::LegacyOffice);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let names: Vec<String> = zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect();
        let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
        if has("word/document.xml") {
            return None;
        }
        if has("OFD.xml") {
            return Some(FileKind::Ofd);
        }
        if has("xl/workbook.xml") {
            return Some(FileKind::Workbook);
        }
        if has("ppt/presentation.xml") {
            return Some(FileKind::Presentation);
        }
        if has("mimetype") && has("content.xml") {
            return Some(FileKind::OpenDocument);
        }
        return None;
    }
    if bytes.starts_with(b"{\\rtf") {
        return Some(FileKind::Rtf);
    }
    let head = &bytes[..bytes.len().min(2048)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let contains = |n: &[u8]| lower.windows(n.len()).any(|w| w == n);
    if (lower.starts_with(b"mime-version:")
        || lower.starts_with(b"from:")
        || contains(b"\nmime-version:"))
        && contains(b"multipart/related")
    {
        return Some(FileKind::WebArchive);
    }
    let image = bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"GIF87a")
        || bytes.starts_with(b"GIF89a")
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
        || (bytes.starts_with(b"BM") && bytes.len() > 26 && bytes[6..10] == [0, 0, 0, 0])
        || (bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"));
    image.then_some(FileKind::Image)
}
