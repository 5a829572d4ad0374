//! A plain document — a title, then sections of a heading and paragraphs — written in the same
//! conventions as the report (Word: A4, 仿宋 body, 黑体 headings, page numbers; HTML: one
//! self-contained page, every text escaped). Other front-end documents (a saved report review,
//! a department's summary) are written with it rather than with their own writers.

use crate::ReportError;
use crate::chart::xml_escape as esc;
use std::fmt::Write as _;

/// One section: a heading (may be empty) and its paragraphs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

/// A titled document of sections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    pub sections: Vec<Section>,
    /// The language it is written in (Chinese unless said), for the HTML page's `lang`.
    pub lang: planwatch_domain::Lang,
}

impl Document {
    pub fn new(title: impl Into<String>) -> Self {
        Document {
            title: title.into(),
            sections: Vec::new(),
            lang: planwatch_domain::Lang::Zh,
        }
    }

    /// Says the document is written in `lang`.
    pub fn in_lang(mut self, lang: planwatch_domain::Lang) -> Self {
        self.lang = lang;
        self
    }

    /// Adds a section.
    pub fn section(mut self, heading: impl Into<String>, paragraphs: Vec<String>) -> Self {
        self.sections.push(Section {
            heading: heading.into(),
            paragraphs,
        });
        self
    }

    /// The document as a Word file.
    pub fn to_docx(&self) -> Result<Vec<u8>, ReportError> {
        let mut doc = crate::docx::page().add_paragraph(crate::docx::title(&self.title));
        for s in &self.sections {
            if !s.heading.is_empty() {
                doc = doc.add_paragraph(crate::docx::heading(&s.heading));
            }
            for p in &s.paragraphs {
                doc = doc.add_paragraph(crate::docx::body(p));
            }
        }
        crate::docx::pack(doc)
    }

    /// The document as one HTML page.
    pub fn to_html(&self) -> String {
        let mut s = String::with_capacity(8 * 1024);
        let _ = write!(
            s,
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">",
            self.lang.pick("zh-CN", "en")
        );
        let _ = write!(s, "<title>{}</title>", esc(&self.title));
        let _ = writeln!(s, "<style>{}</style></head><body>", crate::html::STYLE);
        let _ = writeln!(s, "<h1>{}</h1>", esc(&self.title));
        for sec in &self.sections {
            if !sec.heading.is_empty() {
                let _ = writeln!(s, "<h2>{}</h2>", esc(&sec.heading));
            }
            for p in &sec.paragraphs {
                let _ = writeln!(s, "<p>{}</p>", esc(p));
            }
        }
        s.push_str("</body></html>\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        Document::new("审查结果<测试>")
            .section("一、问题", vec!["正文计数与附表不符 & 说明".into()])
    }

    #[test]
    fn html_escapes_every_text() {
        let h = sample().to_html();
        assert!(h.contains("<h1>审查结果&lt;测试&gt;</h1>"));
        assert!(h.contains("<p>正文计数与附表不符 &amp; 说明</p>"));
    }

    #[test]
    fn docx_holds_the_text() {
        let bytes = sample().to_docx().expect("docx");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("word/document.xml").expect("document.xml"),
            &mut xml,
        )
        .expect("read");
        assert!(xml.contains("正文计数与附表不符 &amp; 说明"), "{xml}");
        assert!(xml.contains("一、问题"));
    }
}
