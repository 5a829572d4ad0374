//! Plain text in the flattened layout of a Word document saved as text (what `planwatch read`
//! reads), and Markdown.

use crate::Report;
use crate::annex::{AnnexRow, AnnexTable, NOTE};

fn annex_list(report: &Report) -> Vec<String> {
    report
        .annexes
        .iter()
        .map(|t| format!("{}. {}{}", t.number, t.title, t.subtitle))
        .collect()
}

/// The txt layout: paragraphs separated by blank lines; table cells one per line, indented by
/// a tab, rows separated by a blank line; a section row is a row of one cell.
pub fn txt(report: &Report) -> String {
    let mut out = String::with_capacity(8 * 1024);
    out.push('\n');
    for line in &report.title {
        out.push_str(line);
        out.push('\n');
    }
    for section in &report.sections {
        if !section.heading.is_empty() {
            out.push_str(&section.heading);
            out.push_str("\n\n");
        }
        for p in &section.paragraphs {
            out.push_str(p);
            out.push_str("\n\n");
        }
    }
    let list = annex_list(report);
    for (k, item) in list.iter().enumerate() {
        if k == 0 {
            out.push_str("附件：");
        }
        out.push_str(item);
        out.push_str("\n\n");
    }
    for t in &report.annexes {
        txt_table(&mut out, t);
    }
    out
}

fn txt_table(out: &mut String, t: &AnnexTable) {
    out.push_str(&t.caption());
    out.push_str("\n\n");
    out.push_str(&t.title);
    out.push_str("\n\n");
    out.push_str(&t.subtitle);
    out.push_str("\n\n");
    for row in t.cell_rows() {
        for cell in row {
            out.push('\t');
            // A cell never spans lines here: a line break inside would read as two cells.
            out.push_str(&one_line(&cell));
            out.push('\n');
        }
        out.push('\n');
    }
    out.push('\n');
    out.push_str(NOTE);
    out.push_str("\n\n");
}

fn one_line(s: &str) -> String {
    s.replace(['\r', '\n', '\t'], " ")
}

/// Escapes text for Markdown: ASCII punctuation that could start markup is backslashed,
/// angle brackets become entities.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in one_line(s).chars() {
        match c {
            '\\' | '*' | '_' | '|' | '#' | '[' | ']' | '`' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

/// Markdown: headings, paragraphs, pipe tables.
pub fn md(report: &Report) -> String {
    let mut out = String::with_capacity(8 * 1024);
    out.push_str("# ");
    out.push_str(&md_escape(&report.title.concat()));
    out.push_str("\n\n");
    for section in &report.sections {
        if !section.heading.is_empty() {
            out.push_str("## ");
            out.push_str(&md_escape(&section.heading));
            out.push_str("\n\n");
        }
        for p in &section.paragraphs {
            out.push_str(&md_escape(p));
            out.push_str("\n\n");
        }
    }
    for t in &report.annexes {
        out.push_str(&format!(
            "## {}　{}{}\n\n",
            t.caption(),
            md_escape(&t.title),
            md_escape(&t.subtitle)
        ));
        let cols = t.headers.len();
        let header: Vec<String> = t.headers.iter().map(|h| md_escape(h)).collect();
        out.push_str(&format!("| {} |\n", header.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(cols)));
        for row in &t.rows {
            let cells: Vec<String> = match row {
                AnnexRow::Section { text, .. } => {
                    let mut v = vec![format!("**{}**", md_escape(text))];
                    v.resize(cols, String::new());
                    v
                }
                AnnexRow::Item(i) => {
                    let mut v = vec![i.seq.to_string(), md_escape(&i.label), md_escape(&i.target)];
                    if t.has_actual() {
                        v.push(md_escape(i.actual.as_deref().unwrap_or("")));
                    }
                    v
                }
            };
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out.push('\n');
        out.push_str(&md_escape(NOTE));
        out.push_str("\n\n");
    }
    out
}
