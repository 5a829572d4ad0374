//! A web page (`.html`/`.htm`, as saved from a browser): its data tables stay tables, its
//! article becomes paragraphs, and the page's chrome is left out.
//!
//! - Encoding: a byte-order mark, else the `<meta charset>` (or `http-equiv` content type)
//!   in the first bytes, else the text heuristic (UTF-8, else GB18030). Labels go through the
//!   WHATWG table, so `gb2312` and `gbk` decode as GBK.
//! - Parsing is html5ever's (the browsers' algorithm, via `scraper`): implied end tags,
//!   unclosed `<td>` and misnested markup of old pages are what a browser would show.
//! - Chrome: `script`, `style`, `head`, `nav`, `aside`, forms and embedded objects are never
//!   read; `header`/`footer` elements outside an `article`/`main`; elements whose `id` or
//!   `class` names navigation, menus, breadcrumbs, sidebars, sharing or footers; and any block
//!   that is mostly the text of three or more links (a menu however it is marked up).
//! - Tables: a `<table>` holding no other table, at least two columns wide and without
//!   paragraph-long cells, is a data table: rows of cells, with `colspan` followed by empty
//!   cells and `rowspan` repeated downwards (the merged-cell contract of
//!   [`Block::Table`]). Its `<caption>` becomes a paragraph before it. Any other table is
//!   page layout, read as blocks.
//! - The tree is walked without recursion, so deeply nested markup cannot exhaust the stack.

use crate::model::Diagnostic;
use crate::norm::join_pieces;
use crate::source::Block;
use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::{Html, Node};
use std::collections::HashMap;

/// The widest colspan and the longest rowspan honoured (a hostile page cannot make a table
/// of millions of empty cells).
const MAX_COLSPAN: usize = 64;
const MAX_ROWSPAN: usize = 1000;
/// A cell longer than this is page layout, not an indicator table's cell.
const MAX_DATA_CELL_CHARS: usize = 300;

/// Whether the bytes are an HTML document: markup at the start, or a `.htm`/`.html` name and
/// markup within the first kilobyte.
pub(crate) fn looks_like_html(bytes: &[u8], hint: Option<&str>) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let start = lower
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(lower.len());
    let body = &lower[start..];
    let named = hint.is_some_and(|h| {
        let h = h.to_ascii_lowercase();
        h.ends_with(".html") || h.ends_with(".htm") || h.ends_with(".xhtml")
    });
    let opening = [
        &b"<!doctype html"[..],
        b"<html",
        b"<head",
        b"<body",
        b"<meta",
        b"<?xml",
        b"<!--",
        b"<title",
    ];
    if opening.iter().any(|o| body.starts_with(o)) {
        // An XML declaration or comment opens many formats: an HTML element must follow.
        return !(body.starts_with(b"<?xml") || body.starts_with(b"<!--"))
            || contains(body, b"<html")
            || named;
    }
    named && body.starts_with(b"<") && (contains(body, b"<table") || contains(body, b"<p"))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The encoding a page declares in its first 4 KiB: `<meta charset="gb2312">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=GBK">`.
pub(crate) fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(p) = find_from(&lower, b"<meta", from) {
        let end = find_from(&lower, b">", p).unwrap_or(lower.len());
        let tag = &lower[p..end];
        if let Some(c) = find_from(tag, b"charset", 0) {
            let rest = &tag[c + b"charset".len()..];
            let rest = rest
                .iter()
                .skip_while(|b| b.is_ascii_whitespace() || **b == b'=')
                .skip_while(|b| **b == b'"' || **b == b'\'')
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(**b, b'-' | b'_' | b'.'))
                .copied()
                .collect::<Vec<u8>>();
            if let Some(enc) = encoding_rs::Encoding::for_label(&rest) {
                // A page saved as UTF-16 is decoded by its byte-order mark, not a label.
                if enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE {
                    return Some(enc);
                }
            }
        }
        from = end;
    }
    None
}

fn find_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Elements never read: scripts, styles, metadata, navigation, forms and embedded objects.
fn never_read(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "nav"
            | "aside"
            | "form"
            | "button"
            | "select"
            | "input"
            | "textarea"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "canvas"
            | "map"
            | "video"
            | "audio"
    )
}

/// Words of an `id` or `class` that name page chrome.
fn chrome_name(value: &str) -> bool {
    const WORDS: [&str; 14] = [
        "nav",
        "menu",
        "breadcrumb",
        "crumb",
        "sidebar",
        "footer",
        "topbar",
        "toolbar",
        "share",
        "copyright",
        "banner",
        "skip",
        "position",
        "location",
    ];
    value
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .any(|w| {
            let w = w.to_ascii_lowercase();
            WORDS.iter().any(|k| w == *k || w.starts_with(k))
        })
}

/// Elements that start and end a line of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "blockquote"
            | "center"
            | "pre"
            | "address"
            | "figure"
            | "figcaption"
            | "caption"
            | "hr"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "body"
            | "html"
    )
}

type Id = ego_tree::NodeId;

/// Text and link-text lengths under each element, for the link-density rule.
#[derive(Default, Clone, Copy)]
struct Density {
    chars: usize,
    link_chars: usize,
    links: usize,
    tables: usize,
}

/// Mostly the text of three or more links, with little text of its own: a menu, a list of
/// related articles, a pager — however it is marked up.
fn is_menu(d: Density) -> bool {
    d.links >= 3 && d.link_chars * 10 >= d.chars * 6 && d.chars - d.link_chars < 200
}

fn densities(root: NodeRef<'_, Node>) -> HashMap<Id, Density> {
    let mut out: HashMap<Id, Density> = HashMap::new();
    let mut stack: Vec<(Id, Density)> = Vec::new();
    let mut in_link = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(e) => {
                    if e.name() == "a" {
                        in_link += 1;
                    }
                    stack.push((n.id(), Density::default()));
                }
                Node::Text(t) => {
                    let len = t.chars().filter(|c| !c.is_whitespace()).count();
                    if let Some((_, d)) = stack.last_mut() {
                        d.chars += len;
                        if in_link > 0 {
                            d.link_chars += len;
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(n) => {
                if let Node::Element(e) = n.value() {
                    let Some((id, mut d)) = stack.pop() else {
                        continue;
                    };
                    if e.name() == "a" {
                        in_link = in_link.saturating_sub(1);
                        d.links += 1;
                    }
                    if e.name() == "table" {
                        d.tables += 1;
                    }
                    if let Some((_, parent)) = stack.last_mut() {
                        parent.chars += d.chars;
                        parent.link_chars += d.link_chars;
                        parent.links += d.links;
                        parent.tables += d.tables;
                    }
                    out.insert(id, d);
                }
            }
        }
    }
    out
}

/// Elements nested deeper than this are refused: the browsers' tree building (html5ever's
/// too) looks through the open elements for every tag, so a page of 100 000 unclosed `<div>`s
/// would take hours. Real pages stay far below (browsers themselves cap the depth at 512).
pub(crate) const MAX_DEPTH: usize = 2_000;

/// The deepest nesting of elements a page's tags open, estimated from its tags alone: void
/// elements, self-closing tags and elements whose end tags are implied (`p`, `li`, `td`, …)
/// are not counted.
fn nesting_depth(text: &str) -> usize {
    const NOT_COUNTED: [&str; 24] = [
        "br", "img", "meta", "link", "input", "hr", "col", "area", "base", "wbr", "source",
        "track", "param", "embed", "p", "li", "td", "th", "tr", "option", "dt", "dd", "tbody",
        "thead",
    ];
    let b = text.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        i += p + 1;
        let close = b.get(i) == Some(&b'/');
        let start = if close { i + 1 } else { i };
        let end = b[start..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(b.len(), |e| start + e);
        if end == start {
            continue;
        }
        let name = text[start..end].to_ascii_lowercase();
        if NOT_COUNTED.contains(&name.as_str()) {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
        } else {
            let tag_end = b[end..]
                .iter()
                .position(|&c| c == b'>')
                .map_or(b.len(), |e| end + e);
            if tag_end > 0 && b.get(tag_end - 1) == Some(&b'/') {
                continue;
            }
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Reads a decoded page into blocks; `None` when its elements nest deeper than
/// [`MAX_DEPTH`].
pub(crate) fn read_html(text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Vec<Block>> {
    if nesting_depth(text) > MAX_DEPTH {
        return None;
    }
    let doc = Html::parse_document(text);
    let root = doc.tree.root();
    let dens = densities(root);
    let mut out = Walker::default();
    // Skipping a subtree: the id whose Close ends it.
    let mut skip: Option<Id> = None;
    // How many article/main elements are open (their header/footer is content).
    let mut in_article = 0usize;
    let mut pre = 0usize;
    let mut skipped_tables = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) => {
                if skip.is_some() {
                    continue;
                }
                match n.value() {
                    Node::Element(e) => {
                        let name = e.name();
                        let d = dens.get(&n.id()).copied().unwrap_or_default();
                        let chrome = never_read(name)
                            || (matches!(name, "header" | "footer") && in_article == 0)
                            || e.attr("id").is_some_and(chrome_name)
                            || e.attr("class").is_some_and(chrome_name)
                            || (is_block(name)
                                && !matches!(name, "td" | "th" | "tr" | "body" | "html")
                                && is_menu(d));
                        if chrome && !matches!(name, "body" | "html") {
                            if d.tables > 0 && !never_read(name) {
                                skipped_tables += d.tables;
                            }
                            skip = Some(n.id());
                            continue;
                        }
                        match name {
                            "article" | "main" => in_article += 1,
                            "pre" => pre += 1,
                            "br" => out.text.push('\n'),
                            _ => {}
                        }
                        if name == "table"
                            && d.tables == 1
                            && let Some(rows) = data_table(n)
                        {
                            out.flush();
                            if let Some(c) = caption(n) {
                                out.blocks.push(Block::Para(c));
                            }
                            out.blocks.push(Block::Table(rows));
                            skip = Some(n.id());
                            continue;
                        }
                        if is_block(name) {
                            out.flush();
                        }
                    }
                    Node::Text(t) => out.push_text(t, pre > 0),
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if skip == Some(n.id()) {
                    skip = None;
                    continue;
                }
                if skip.is_some() {
                    continue;
                }
                if let Node::Element(e) = n.value() {
                    match e.name() {
                        "article" | "main" => in_article = in_article.saturating_sub(1),
                        "pre" => pre = pre.saturating_sub(1),
                        _ => {}
                    }
                    if is_block(e.name()) {
                        out.flush();
                    }
                }
            }
        }
    }
    out.flush();
    if skipped_tables > 0 {
        diagnostics.push(Diagnostic::new(
            0,
            format!("网页的导航、页眉页脚等栏目中有{skipped_tables}个表格，作为网页框架未读取"),
            format!(
                "The web page's navigation, header, footer and similar parts hold {}; they were \
                 taken as the page's frame and not read.",
                planwatch_domain::lang::count_en(skipped_tables, "table", "tables")
            ),
        ));
    }
    Some(out.blocks)
}

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    text: String,
}

impl Walker {
    fn push_text(&mut self, t: &str, pre: bool) {
        if pre {
            self.text.push_str(t);
            return;
        }
        push_collapsed(&mut self.text, t);
    }

    /// Ends the current paragraph: each of its lines trimmed, empty lines dropped.
    fn flush(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let lines: Vec<&str> = self
            .text
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if !lines.is_empty() {
            self.blocks.push(Block::Para(lines.join("\n")));
        }
        self.text.clear();
    }
}

/// Appends text with HTML's whitespace collapsing (a run of spaces, tabs and newlines is one
/// space; a no-break space is a space).
fn push_collapsed(out: &mut String, t: &str) {
    for c in t.chars() {
        let c = if c == '\u{a0}' { ' ' } else { c };
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C') {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

fn caption(table: NodeRef<'_, Node>) -> Option<String> {
    let cap = table
        .children()
        .find(|c| matches!(c.value(), Node::Element(e) if e.name() == "caption"))?;
    let t = cell_text(cap);
    (!t.is_empty()).then_some(t)
}

/// A cell's text: its lines (paragraphs, `<br>`) joined as one cell's pieces.
fn cell_text(cell: NodeRef<'_, Node>) -> String {
    let mut pieces: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut skip: Option<Id> = None;
    for edge in cell.traverse() {
        match edge {
            Edge::Open(n) => {
                if skip.is_some() {
                    continue;
                }
                match n.value() {
                    Node::Element(e) => {
                        if never_read(e.name()) {
                            skip = Some(n.id());
                        } else if e.name() == "br" || (is_block(e.name()) && n != cell) {
                            pieces.push(std::mem::take(&mut cur));
                        }
                    }
                    Node::Text(t) => push_collapsed(&mut cur, t),
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if skip == Some(n.id()) {
                    skip = None;
                } else if skip.is_none()
                    && n != cell
                    && matches!(n.value(), Node::Element(e) if is_block(e.name()))
                {
                    pieces.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    pieces.push(cur);
    let mut text = String::new();
    for p in pieces {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        text = if text.is_empty() {
            p.to_string()
        } else {
            join_pieces(&text, p)
        };
    }
    text
}

fn span(e: &scraper::node::Element, name: &str, max: usize) -> usize {
    e.attr(name)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, max)
}

/// The rows of a table holding no other table, with merged cells expanded, when it is a data
/// table (two or more columns, no paragraph-long cell).
fn data_table(table: NodeRef<'_, Node>) -> Option<Vec<Vec<String>>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    // Per column: rows still covered by a rowspan from above, and the text to repeat (the
    // first column of a merged block repeats its text, the others are empty).
    let mut carry: Vec<(usize, String)> = Vec::new();
    let trs = table.descendants().filter(|n| {
        matches!(n.value(), Node::Element(e) if e.name() == "tr")
            && n.ancestors()
                .find(|a| matches!(a.value(), Node::Element(e) if e.name() == "table"))
                == Some(table)
    });
    for tr in trs {
        let mut row: Vec<String> = Vec::new();
        let take_carry = |row: &mut Vec<String>, carry: &mut Vec<(usize, String)>| {
            while let Some((left, text)) = carry.get_mut(row.len()) {
                if *left == 0 {
                    break;
                }
                *left -= 1;
                row.push(text.clone());
            }
        };
        for td in tr.children() {
            let Node::Element(e) = td.value() else {
                continue;
            };
            if !matches!(e.name(), "td" | "th") {
                continue;
            }
            take_carry(&mut row, &mut carry);
            let text = cell_text(td);
            if text.chars().count() > MAX_DATA_CELL_CHARS {
                return None;
            }
            let cols = span(e, "colspan", MAX_COLSPAN);
            let down = span(e, "rowspan", MAX_ROWSPAN);
            for k in 0..cols {
                let col = row.len();
                if carry.len() <= col {
                    carry.resize(col + 1, (0, String::new()));
                }
                let shown = if k == 0 { text.clone() } else { String::new() };
                if down > 1 {
                    carry[col] = (down - 1, shown.clone());
                }
                row.push(shown);
            }
        }
        take_carry(&mut row, &mut carry);
        if row.iter().any(|c| !c.is_empty()) {
            rows.push(row);
        }
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    (width >= 2).then_some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<Block> {
        read_html(html, &mut Vec::new()).expect("within the depth limit")
    }

    #[test]
    fn spans_expand_into_the_merged_cell_contract() {
        let b = blocks(
            "<table><caption>表1 主要指标</caption>\
             <tr><th rowspan=2>序号</th><th rowspan=2>指标</th><th colspan=2>完成情况</th></tr>\
             <tr><th>绝对值</th><th>增长</th></tr>\
             <tr><td>1<td>地区生产<br>总值<td>1744亿元<td>6.7%</tr></table>",
        );
        assert_eq!(b[0], Block::Para("表1 主要指标".into()));
        let Block::Table(rows) = &b[1] else {
            panic!("{b:?}")
        };
        assert_eq!(rows[0], ["序号", "指标", "完成情况", ""]);
        assert_eq!(rows[1], ["序号", "指标", "绝对值", "增长"]);
        assert_eq!(rows[2], ["1", "地区生产总值", "1744亿元", "6.7%"]);
    }

    #[test]
    fn chrome_is_left_out_and_layout_tables_are_read_as_text() {
        let b = blocks(
            "<html><head><title>t</title><style>p{}</style></head><body>\
             <div class=top-nav><a href=1>首页</a><a href=2>政务公开</a><a href=3>互动</a></div>\
             <ul><li><a>一</a></li><li><a>二</a></li><li><a>三</a></li></ul>\
             <table><tr><td><p>　　全年地区生产总值增长6.7%。</p><p>第二段</p></td></tr></table>\
             <footer>版权所有</footer><script>var x = 1;</script></body></html>",
        );
        assert_eq!(
            b,
            vec![
                Block::Para("全年地区生产总值增长6.7%。".into()),
                Block::Para("第二段".into())
            ]
        );
    }

    #[test]
    fn declared_encodings() {
        let gbk = declared_encoding(
            br#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#,
        );
        assert_eq!(gbk, Some(encoding_rs::GBK));
        assert_eq!(
            declared_encoding(b"<META CHARSET='utf-8'>"),
            Some(encoding_rs::UTF_8)
        );
        assert_eq!(declared_encoding(b"<p>charset</p>"), None);
    }

    #[test]
    fn recognises_pages_not_text() {
        assert!(looks_like_html(b"\n<!DOCTYPE html><html>", None));
        assert!(looks_like_html(b"<table><tr><td>1", Some("a.htm")));
        assert!(!looks_like_html("| 序号 | 指标<br>名称 |".as_bytes(), None));
        assert!(!looks_like_html(b"<?xml version='1.0'?><w:document>", None));
    }

    #[test]
    fn deep_nesting_is_read_or_refused_quickly() {
        let html = "<div>".repeat(MAX_DEPTH - 10) + "增长6.7%";
        assert_eq!(blocks(&html), vec![Block::Para("增长6.7%".into())]);
        let html = "<div><span>".repeat(100_000) + "增长6.7%";
        assert!(read_html(&html, &mut Vec::new()).is_none());
        // Elements whose end tags are implied do not count.
        let html = "<p>一".repeat(100_000);
        assert!(nesting_depth(&html) < 5);
    }
}
