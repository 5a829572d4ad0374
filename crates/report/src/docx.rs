//! Word output in the conventions of government documents: A4 with the GB/T 9704 margins,
//! 仿宋_GB2312 三号 body and 黑体 headings (East Asian fonts set explicitly, or Word and
//! LibreOffice fall back to a Latin font), grid tables, "— N —" page numbers in the footer.

use crate::annex::{AnnexRow, AnnexTable, NOTE};
use crate::chart::{self, Chart};
use crate::{RenderOptions, Report, ReportError, ReportInput};
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, LineSpacing, PageMargin, PageNum, Paragraph, Pic, Run,
    RunFonts, SpecialIndentType, Table, TableAlignmentType, TableCell, TableLayoutType, TableRow,
    VAlignType,
};

const BODY_FONT: &str = "仿宋_GB2312";
const HEAD_FONT: &str = "黑体";
const TITLE_FONT: &str = "方正小标宋简体";
/// Half-points: 三号 16pt, 二号 22pt, 小四 12pt, 四号 14pt.
const BODY_SIZE: usize = 32;
const TITLE_SIZE: usize = 44;
const TABLE_SIZE: usize = 24;
const NOTE_SIZE: usize = 24;

fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(name)
        .ascii(name)
        .hi_ansi(name)
        .cs(name)
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

pub(crate) fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY_FONT, BODY_SIZE))
        // First line indented two characters, 28pt fixed line pitch.
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .line_spacing(LineSpacing::new().line(560))
}

pub(crate) fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, HEAD_FONT, BODY_SIZE))
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .line_spacing(LineSpacing::new().line(560))
}

fn centered(text: &str, font: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, font, size))
        .align(AlignmentType::Center)
}

fn cell(text: &str, font: &str, left: bool) -> TableCell {
    let p = Paragraph::new()
        .add_run(run(text, font, TABLE_SIZE))
        .align(if left {
            AlignmentType::Left
        } else {
            AlignmentType::Center
        });
    TableCell::new()
        .add_paragraph(p)
        .vertical_align(VAlignType::Center)
}

fn table(t: &AnnexTable) -> Table {
    // Twips; the widths add up to the 15.6 cm text width of an A4 page with these margins.
    let grid = if t.has_actual() {
        vec![900, 4800, 1700, 1444]
    } else {
        vec![900, 5800, 2144]
    };
    let cols = grid.len();
    let mut rows = vec![TableRow::new(
        t.headers
            .iter()
            .map(|h| cell(h, HEAD_FONT, false))
            .collect(),
    )];
    for row in &t.rows {
        rows.push(match row {
            AnnexRow::Section { text, .. } => {
                TableRow::new(vec![cell(text, HEAD_FONT, true).grid_span(cols)])
            }
            AnnexRow::Item(i) => {
                let mut cells = vec![
                    cell(&i.seq.to_string(), BODY_FONT, false),
                    cell(&i.label, BODY_FONT, true),
                    cell(&i.target, BODY_FONT, false),
                ];
                if t.has_actual() {
                    cells.push(cell(i.actual.as_deref().unwrap_or(""), BODY_FONT, false));
                }
                TableRow::new(cells)
            }
        });
    }
    Table::new(rows)
        .set_grid(grid)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
}

/// A chart as an inline picture, or a note saying why it is missing. The PNG is checked
/// before it reaches docx-rs, whose picture code panics on bytes it cannot read.
fn picture(c: &Chart, font: Option<&std::path::Path>) -> Paragraph {
    let Some(font) = font else {
        return centered(
            &format!("（图：{}——未找到中文字体，图表从略）", c.title),
            BODY_FONT,
            NOTE_SIZE,
        );
    };
    let png = chart::to_png(c, font, 2.0);
    match png
        .as_ref()
        .ok()
        .and_then(|b| chart::png_size(b).map(|s| (b, s)))
    {
        Some((bytes, (w, h))) => {
            // Shown at the chart's nominal size, 1 px = 9525 EMU, capped to the text width.
            let max_w: u32 = 15_600 * 360;
            let mut ew = c.width * 9525;
            let mut eh = c.height * 9525;
            if ew > max_w {
                eh = (eh as u64 * max_w as u64 / ew as u64) as u32;
                ew = max_w;
            }
            let pic = Pic::new_with_dimensions(bytes.clone(), w, h).size(ew, eh);
            Paragraph::new()
                .add_run(Run::new().add_image(pic))
                .align(AlignmentType::Center)
        }
        None => centered(
            &format!("（图：{}——图表生成失败，从略）", c.title),
            BODY_FONT,
            NOTE_SIZE,
        ),
    }
}

/// A document's title line.
pub(crate) fn title(text: &str) -> Paragraph {
    centered(text, TITLE_FONT, TITLE_SIZE)
}

/// An empty A4 document with the GB/T 9704 margins, the body font and page numbers.
pub(crate) fn page() -> Docx {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .add_run(run("— ", BODY_FONT, 28))
            .add_page_num(PageNum::new())
            .add_run(run(" —", BODY_FONT, 28))
            .size(28)
            .fonts(fonts(BODY_FONT))
            .align(AlignmentType::Center),
    );
    Docx::new()
        .page_size(11_906, 16_838)
        .page_margin(PageMargin {
            top: 2098,
            left: 1588,
            bottom: 1984,
            right: 1474,
            header: 851,
            footer: 992,
            gutter: 0,
        })
        .default_fonts(fonts(BODY_FONT))
        .default_size(BODY_SIZE)
        .footer(footer)
}

/// The finished file.
pub(crate) fn pack(doc: Docx) -> Result<Vec<u8>, ReportError> {
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut buf)
        .map_err(|e| ReportError::Docx(e.to_string()))?;
    Ok(buf.into_inner())
}

pub fn docx(
    report: &Report,
    input: &ReportInput,
    options: &RenderOptions,
) -> Result<Vec<u8>, ReportError> {
    let font = chart::find_cjk_font(options.cjk_font.as_deref());
    let mut doc = page();
    for line in &report.title {
        doc = doc.add_paragraph(centered(line, TITLE_FONT, TITLE_SIZE));
    }
    for section in &report.sections {
        if !section.heading.is_empty() {
            doc = doc.add_paragraph(heading(&section.heading));
        }
        for p in &section.paragraphs {
            doc = doc.add_paragraph(body(p));
        }
        if !options.no_charts {
            for c in chart::draw(&section.charts, input, &report.annexes) {
                doc = doc.add_paragraph(picture(&c, font.as_deref()));
                doc = doc.add_paragraph(centered(&c.title, HEAD_FONT, NOTE_SIZE));
            }
        }
    }
    for t in &report.annexes {
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
        doc = doc.add_paragraph(Paragraph::new().add_run(run(&t.caption(), HEAD_FONT, BODY_SIZE)));
        doc = doc.add_paragraph(centered(&t.title, TITLE_FONT, TITLE_SIZE));
        doc = doc.add_paragraph(centered(&t.subtitle, TITLE_FONT, TITLE_SIZE));
        doc = doc.add_table(table(t));
        doc = doc.add_paragraph(Paragraph::new().add_run(run(NOTE, BODY_FONT, NOTE_SIZE)));
    }
    pack(doc)
}
