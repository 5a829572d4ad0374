//! One self-contained HTML page: styles inline, charts as inline SVG, every text escaped.

use crate::annex::{AnnexRow, NOTE};
use crate::chart::{self, xml_escape as esc};
use crate::draft::PLACEHOLDER;
use crate::{RenderOptions, Report, ReportInput};
use std::fmt::Write as _;

pub(crate) const STYLE: &str = "body{font-family:'FangSong','仿宋_GB2312','仿宋','STFangsong',serif;max-width:860px;margin:2em auto;padding:0 1em;line-height:1.8;color:#222}\
h1{font-family:'SimHei','黑体','Noto Sans CJK SC',sans-serif;text-align:center;font-size:1.6em}\
h2,h3{font-family:'SimHei','黑体','Noto Sans CJK SC',sans-serif}\
p{text-indent:2em;margin:.4em 0}\
table{border-collapse:collapse;margin:1em auto;min-width:70%}\
th,td{border:1px solid #333;padding:.25em .6em;text-align:center}\
td.name{text-align:left}\
tr.section td{font-family:'SimHei','黑体',sans-serif;text-align:left;background:#f3f3f3}\
.note{text-indent:0;font-size:.9em}\
.todo{background:#fff3b0}\
figure{margin:1em 0;text-align:center}\
figure svg{max-width:100%;height:auto}";

fn para(text: &str) -> String {
    // The placeholder is highlighted so an editor cannot miss it.
    let escaped = esc(text);
    let marked = esc(PLACEHOLDER);
    escaped.replace(&marked, &format!("<mark class=\"todo\">{marked}</mark>"))
}

pub fn html(report: &Report, input: &ReportInput, options: &RenderOptions) -> String {
    let mut s = String::with_capacity(32 * 1024);
    s.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">");
    let _ = write!(s, "<title>{}</title>", esc(&report.title.concat()));
    let _ = writeln!(s, "<style>{STYLE}</style></head><body>");
    let _ = writeln!(
        s,
        "<h1>{}</h1>",
        report
            .title
            .iter()
            .map(|t| esc(t))
            .collect::<Vec<_>>()
            .join("<br>")
    );
    for section in &report.sections {
        if !section.heading.is_empty() {
            let _ = writeln!(s, "<h2>{}</h2>", esc(&section.heading));
        }
        for p in &section.paragraphs {
            let _ = writeln!(s, "<p>{}</p>", para(p));
        }
        if !options.no_charts {
            for c in chart::draw(&section.charts, input, &report.annexes) {
                let _ = writeln!(
                    s,
                    "<figure>{}<figcaption>{}</figcaption></figure>",
                    c.svg,
                    esc(&c.title)
                );
            }
        }
    }
    for t in &report.annexes {
        let _ = writeln!(
            s,
            "<h2>{}</h2><h3 style=\"text-align:center\">{}<br>{}</h3>",
            esc(&t.caption()),
            esc(&t.title),
            esc(&t.subtitle)
        );
        s.push_str("<table><thead><tr>");
        for h in &t.headers {
            let _ = write!(s, "<th>{}</th>", esc(h));
        }
        s.push_str("</tr></thead><tbody>\n");
        for row in &t.rows {
            match row {
                AnnexRow::Section { text, .. } => {
                    let _ = writeln!(
                        s,
                        "<tr class=\"section\"><td colspan=\"{}\">{}</td></tr>",
                        t.headers.len(),
                        esc(text)
                    );
                }
                AnnexRow::Item(i) => {
                    let title = i
                        .explanation
                        .as_deref()
                        .map(|e| format!(" title=\"{}\"", esc(e)))
                        .unwrap_or_default();
                    let _ = write!(
                        s,
                        "<tr{title}><td>{}</td><td class=\"name\">{}</td><td>{}</td>",
                        i.seq,
                        esc(&i.label),
                        esc(&i.target)
                    );
                    if t.has_actual() {
                        let _ = write!(s, "<td>{}</td>", esc(i.actual.as_deref().unwrap_or("")));
                    }
                    s.push_str("</tr>\n");
                }
            }
        }
        let _ = writeln!(s, "</tbody></table><p class=\"note\">{}</p>", esc(NOTE));
    }
    s.push_str("</body></html>\n");
    s
}
