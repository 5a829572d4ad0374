//! Markdown and HTML renderings of findings.

use crate::{Finding, Severity};
use planwatch_domain::Lang;
use planwatch_domain::lang::count_en;
use std::fmt::Write;

fn ordered(findings: &[Finding]) -> (Vec<&Finding>, Vec<&Finding>) {
    let mut problems: Vec<&Finding> = findings.iter().filter(|f| !f.passed).collect();
    problems.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let passed = findings.iter().filter(|f| f.passed).collect();
    (problems, passed)
}

fn counts(findings: &[Finding], lang: Lang) -> String {
    let n = |s: Severity| {
        findings
            .iter()
            .filter(|f| !f.passed && f.severity == s)
            .count()
    };
    let passed = findings.iter().filter(|f| f.passed).count();
    match lang {
        Lang::Zh => format!(
            "错误{}项，警告{}项，提示{}项；核对无误{}项",
            n(Severity::Error),
            n(Severity::Warning),
            n(Severity::Info),
            passed
        ),
        Lang::En => format!(
            "{}, {}, {}; {} passed",
            count_en(n(Severity::Error), "error", "errors"),
            count_en(n(Severity::Warning), "warning", "warnings"),
            count_en(n(Severity::Info), "note", "notes"),
            count_en(passed, "check", "checks")
        ),
    }
}

/// The heading of the rendering, of its problems and of what was verified.
fn headings(lang: Lang) -> (&'static str, &'static str, &'static str) {
    match lang {
        Lang::Zh => ("报告自审结果", "发现的问题", "核对无误"),
        Lang::En => ("Report self-review", "Problems found", "Verified"),
    }
}

/// `第3行` / `line 3`.
fn line_label(line: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第{line}行"),
        Lang::En => format!("line {line}"),
    }
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

/// The findings as Markdown in `lang`: problems first (errors, warnings, notes), then what was
/// verified.
pub fn render_md(findings: &[Finding], lang: Lang) -> String {
    let (problems, passed) = ordered(findings);
    let (title, problems_title, passed_title) = headings(lang);
    let mut s = String::new();
    let _ = writeln!(s, "# {title}\n\n{}\n", counts(findings, lang));
    let evidence = |s: &mut String, f: &Finding| {
        for e in &f.evidence {
            let _ = writeln!(
                s,
                "  - {}{}{}",
                line_label(e.line, lang),
                lang.pick("：", ": "),
                md_text(e.text_in(lang))
            );
        }
    };
    if !problems.is_empty() {
        let _ = writeln!(s, "## {problems_title}\n");
        for f in problems {
            // The Chinese rendering names the kind by its short label, as it always has.
            let kind = match lang {
                Lang::Zh => f.kind.label_zh(),
                Lang::En => f.kind.title(false, lang),
            };
            let _ = writeln!(
                s,
                "{}",
                lang.pick(
                    format!(
                        "- **{}**（{kind}）：{}",
                        f.severity.label(lang),
                        md_text(f.message_in(lang))
                    ),
                    format!(
                        "- **{}** ({kind}): {}",
                        f.severity.label(lang),
                        md_text(f.message_in(lang))
                    ),
                )
            );
            evidence(&mut s, f);
        }
        s.push('\n');
    }
    if !passed.is_empty() {
        let _ = writeln!(s, "## {passed_title}\n");
        for f in passed {
            let _ = writeln!(
                s,
                "{}",
                lang.pick(
                    format!(
                        "- （{}）{}",
                        f.kind.title(true, lang),
                        md_text(f.message_in(lang))
                    ),
                    format!(
                        "- ({}) {}",
                        f.kind.title(true, lang),
                        md_text(f.message_in(lang))
                    ),
                )
            );
            evidence(&mut s, f);
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

/// The findings as a standalone HTML page in `lang`. Every piece of report text is escaped.
pub fn render_html(findings: &[Finding], lang: Lang) -> String {
    let (problems, passed) = ordered(findings);
    let (title, problems_title, passed_title) = headings(lang);
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n",
        lang.pick("zh-CN", "en")
    );
    s.push_str("<style>\nbody{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.5}\n.error{border-left:4px solid #c0392b}.warning{border-left:4px solid #e67e22}.info{border-left:4px solid #2980b9}.passed{border-left:4px solid #27ae60}\nli.finding{padding-left:.6em;margin:.6em 0;list-style:none}\n.ev{color:#555;font-size:.9em}\n</style>\n</head>\n<body>\n");
    let _ = writeln!(s, "<h1>{title}</h1>");
    let _ = writeln!(s, "<p>{}</p>", html_escape(&counts(findings, lang)));
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
                passed_title
            } else {
                f.severity.label(lang)
            };
            let _ = writeln!(
                s,
                "<li class=\"finding {class}\"><strong>{}</strong>{}{}{}{}",
                html_escape(label),
                lang.pick("（", " ("),
                html_escape(f.kind.title(f.passed, lang)),
                lang.pick("）：", "): "),
                html_escape(f.message_in(lang))
            );
            if !f.evidence.is_empty() {
                s.push_str("<ul class=\"ev\">");
                for e in &f.evidence {
                    let _ = write!(
                        s,
                        "<li>{}{}{}</li>",
                        line_label(e.line, lang),
                        lang.pick("：", ": "),
                        html_escape(e.text_in(lang))
                    );
                }
                s.push_str("</ul>");
            }
            s.push_str("</li>\n");
        }
        s.push_str("</ul>\n");
    };
    list(&mut s, &problems, problems_title);
    list(&mut s, &passed, passed_title);
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
            message_en: "<script>alert('y')</script> & total".into(),
            evidence: vec![Span {
                line: 3,
                text: "\"引号\"<b>".into(),
                text_en: String::new(),
            }],
        };
        let html = render_html(std::slice::from_ref(&f), Lang::Zh);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 合计"));
        assert!(html.contains("&quot;引号&quot;&lt;b&gt;"));
        let md = render_md(std::slice::from_ref(&f), Lang::Zh);
        assert!(md.contains("第3行"));
        assert!(md.contains("\\<script\\>"));
        // In English the same escaping, the English message, the report's line as written.
        let html = render_html(std::slice::from_ref(&f), Lang::En);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(&#39;y&#39;)&lt;/script&gt; &amp; total"));
        assert!(html.contains("line 3: &quot;引号&quot;&lt;b&gt;"));
        assert!(html.contains("<html lang=\"en\">"));
        let md = render_md(&[f], Lang::En);
        assert!(md.contains("# Report self-review"), "{md}");
        assert!(md.contains("- **Error** (Parts do not add up to the total): \\<script\\>"));
        assert!(md.contains("line 3: "));
        assert!(!md.contains("合计"), "{md}");
    }
}
