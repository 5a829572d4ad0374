//! Markdown and HTML renderings of findings.

use crate::{Finding, Severity};
use planwatch_domain::Lang;
use std::fmt::Write;

fn ordered(findings: &[Finding]) -> (Vec<&Finding>, Vec<&Finding>) {
    let mut problems: Vec<&Finding> = findings.iter().filter(|f| !f.passed).collect();
    problems.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let passed = findings.iter().filter(|f| f.passed).collect();
    (problems, passed)
}

fn counts(findings: &[Finding]) -> String {
    let n = |s: Severity| {
        findings
            .iter()
            .filter(|f| !f.passed && f.severity == s)
            .count()
    };
    format!(
        "错误{}项，警告{}项，提示{}项；核对无误{}项",
        n(Severity::Error),
        n(Severity::Warning),
        n(Severity::Info),
        findings.iter().filter(|f| f.passed).count()
    )
}

/// Escapes text for Markdown table-free prose: only characters that would start markup.
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '\\'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The findings as Markdown: problems first (errors, warnings, notes), then what was verified.
pub fn render_md(findings: &[Finding]) -> String {
    let (problems, passed) = ordered(findings);
    let mut s = String::new();
    let _ = writeln!(s, "# 报告自审结果\n\n{}\n", counts(findings));
    if !problems.is_empty() {
        let _ = writeln!(s, "## 发现的问题\n");
        for f in problems {
            let _ = writeln!(
                s,
                "- **{}**（{}）：{}",
                f.severity.label_zh(),
                f.kind.label_zh(),
                md_text(&f.message)
            );
            for e in &f.evidence {
                let _ = writeln!(s, "  - 第{}行：{}", e.line, md_text(&e.text));
            }
        }
        s.push('\n');
    }
    if !passed.is_empty() {
        let _ = writeln!(s, "## 核对无误\n");
        for f in passed {
            let _ = writeln!(
                s,
                "- （{}）{}",
                f.kind.title(true, Lang::Zh),
                md_text(&f.message)
            );
            for e in &f.evidence {
                let _ = writeln!(s, "  - 第{}行：{}", e.line, md_text(&e.text));
            }
        }
    }
    s
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The findings as a standalone HTML page. Every piece of report text is escaped.
pub fn render_html(findings: &[Finding]) -> String {
    let (problems, passed) = ordered(findings);
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>报告自审结果</title>\n<style>\nbody{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.5}\n.error{border-left:4px solid #c0392b}.warning{border-left:4px solid #e67e22}.info{border-left:4px solid #2980b9}.passed{border-left:4px solid #27ae60}\nli.finding{padding-left:.6em;margin:.6em 0;list-style:none}\n.ev{color:#555;font-size:.9em}\n</style>\n</head>\n<body>\n<h1>报告自审结果</h1>\n");
    let _ = writeln!(s, "<p>{}</p>", html_escape(&counts(findings)));
    let list = |s: &mut String, items: &[&Finding], title: &str| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(s, "<h2>{}</h2>\n<ul>", html_escape(title));
        for f in items {
            let class = if f.passed {
                "passed"
            } else {
                match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                }
            };
            let label = if f.passed {
                "核对无误"
            } else {
                f.severity.label_zh()
            };
            let _ = writeln!(
                s,
                "<li class=\"finding {class}\"><strong>{}</strong>（{}）：{}",
                html_escape(label),
                html_escape(f.kind.title(f.passed, Lang::Zh)),
                html_escape(&f.message)
            );
            if !f.evidence.is_empty() {
                s.push_str("<ul class=\"ev\">");
                for e in &f.evidence {
                    let _ = write!(s, "<li>第{}行：{}</li>", e.line, html_escape(&e.text));
                }
                s.push_str("</ul>");
            }
            s.push_str("</li>\n");
        }
        s.push_str("</ul>\n");
    };
    list(&mut s, &problems, "发现的问题");
    list(&mut s, &passed, "核对无误");
    s.push_str("</body>\n</html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FindingKind, Span};

    #[test]
    fn escapes_html() {
        let f = Finding {
            kind: FindingKind::Sum,
            severity: Severity::Error,
            passed: false,
            message: "<script>alert('x')</script> & 合计".into(),
            evidence: vec![Span {
                line: 3,
                text: "\"引号\"<b>".into(),
            }],
        };
        let html = render_html(std::slice::from_ref(&f));
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 合计"));
        assert!(html.contains("&quot;引号&quot;&lt;b&gt;"));
        let md = render_md(&[f]);
        assert!(md.contains("第3行"));
        assert!(md.contains("\\<script\\>"));
    }
}
