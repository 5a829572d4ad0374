//! Finding tables in the lines of a text, however they were flattened.
//!
//! - **tab cells**: one cell per tab-indented line; rows separated by blank lines, or not
//!   marked at all (then a stream); a line without the tab between cells continues the
//!   previous cell (Word puts the tab before a cell's first paragraph only, so `\t完成市级` /
//!   `下达目标` is one cell);
//! - **pipe cells**: one cell per line ending with `|`, rows not marked (a stream);
//! - **pipe rows**: one row per line, cells separated by `|`, with one- or two-level headers,
//!   `<br>` or two ideographic spaces for a line break inside a cell;
//! - **cell lines**: one cell per line with nothing to mark it, with or without blank lines and
//!   indents, found from a header of known column words one per line (a stream);
//! - **spaced rows**: one row per line, cells separated by runs of spaces or tabs, found from a
//!   header line of known column words (words split by spaces, `指标 名称`, are joined);
//! - **paragraph**: a whole table run together in one line of space-separated cells, caption
//!   and header first (a stream).
//!
//! What the cells are, and so where rows start and which column a cell belongs to, is decided
//! later ([`super::read`]); this module only finds where a table is and what its cells are.

use super::cells::{Kind, classify, header_word, is_sub_word, merge_header_pieces};
use super::stats::is_figure_header;
use crate::model::{ColumnRole, Diagnostic, TableLayout};
use crate::norm::{join_pieces, norm};
use crate::source::{RawCell, RawTable};

fn trimmed(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace())
}

fn is_tab_cell(line: &str) -> bool {
    line.starts_with('\t') && !trimmed(line).is_empty()
}

fn pipe_count(line: &str) -> usize {
    line.chars().filter(|&c| c == '|' || c == '｜').count()
}

fn is_pipe_cell(line: &str) -> bool {
    let t = trimmed(line);
    (t.ends_with('|') || t.ends_with('｜')) && pipe_count(t) == 1
}

fn is_pipe_row(line: &str) -> bool {
    let t = trimmed(line);
    if pipe_count(t) < 2 {
        return false;
    }
    split_pipe_row(t).iter().filter(|c| !c.is_empty()).count() >= 2
}

fn is_separator_row(line: &str) -> bool {
    let t = trimmed(line);
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+' | '='))
}

/// Cells of a pipe row: a leading `|` opens the row and the last `|` closes it. A line break
/// inside a cell, printed as `<br>` or as two ideographic spaces, joins the cell's pieces.
fn split_pipe_row(t: &str) -> Vec<String> {
    let t = t.replace('｜', "|");
    let mut parts: Vec<String> = t.split('|').map(cell_breaks_joined).collect();
    if t.starts_with('|') && !parts.is_empty() {
        parts.remove(0);
    }
    if t.ends_with('|') && parts.len() > 1 {
        parts.pop();
    }
    parts
}

/// Short enough, and free of sentence punctuation, to be a table cell or a caption piece.
fn is_short_piece(t: &str, max_chars: usize) -> bool {
    let n = t.chars().count();
    n > 0 && n <= max_chars && !t.contains('。') && !t.contains('，') && !t.contains('；')
}

fn is_caption_marker(t: &str) -> bool {
    let t = norm(t);
    let t = t.trim();
    let rest = t
        .strip_prefix("附件")
        .or_else(|| t.strip_prefix("附表"))
        .or_else(|| t.strip_prefix('表'));
    match rest {
        Some(r) => {
            let r = r.trim_start();
            r.starts_with(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
        }
        None => false,
    }
}

fn is_note(t: &str) -> bool {
    let t = norm(t);
    let t = t.trim_start();
    t.starts_with("注:")
        || t.starts_with("注1")
        || t.starts_with("注 ")
        || t.starts_with("备注:")
        || t == "注"
}

fn next_nonblank(lines: &[String], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&j| !trimmed(&lines[j]).is_empty())
}

/// Finds candidate tables of a text document. `taken` marks lines already used (.docx
/// tables, metadata). Candidates are not yet known to be indicator tables; the caller reads
/// them with [`interpret`] and keeps those that are.
pub(crate) fn find_tables(lines: &[String], taken: &[bool]) -> Vec<RawTable> {
    let mut used = taken.to_vec();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if used[i] {
            i += 1;
            continue;
        }
        let line = &lines[i];
        let found = if is_tab_cell(line) {
            read_tab_table(lines, &used, i)
        } else if is_pipe_cell(line)
            && [1, 2].iter().all(|k| {
                lines
                    .get(i + k)
                    .is_some_and(|l| is_pipe_cell(l) || trimmed(l) == "|")
            })
        {
            read_pipe_stream(lines, &used, i)
        } else if is_pipe_row(line)
            && next_nonblank(lines, i + 1).is_some_and(|j| is_pipe_row(&lines[j]))
        {
            read_pipe_rows(lines, &used, i)
        } else if let Some(h) = plain_header_at(lines, &used, i) {
            read_plain(lines, &used, h)
        } else {
            None
        };
        match found {
            Some((mut t, end)) => {
                attach_caption_and_note(lines, &used, &mut t, i, end);
                for &l in &t.lines {
                    used[l] = true;
                }
                for (l, _) in &t.caption {
                    used[l - 1] = true;
                }
                if let Some((l, _)) = &t.note {
                    used[l - 1] = true;
                }
                out.push(t);
                i = end + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// Reads tab-indented cells from `start`; returns the table and its last line.
fn read_tab_table(lines: &[String], taken: &[bool], start: usize) -> Option<(RawTable, usize)> {
    let mut rows: Vec<Vec<RawCell>> = Vec::new();
    let mut cur: Vec<RawCell> = Vec::new();
    let mut blank_since_cell = false;
    let mut hold_row = false;
    let mut last = start;
    let mut used = Vec::new();
    let mut j = start;
    while j < lines.len() && !taken[j] {
        let line = &lines[j];
        let t = trimmed(line);
        if is_tab_cell(line) {
            if blank_since_cell && !cur.is_empty() && !hold_row {
                rows.push(std::mem::take(&mut cur));
            }
            blank_since_cell = false;
            hold_row = false;
            cur.push(RawCell {
                text: t.to_string(),
                line: j + 1,
            });
            used.push(j);
            last = j;
        } else if t.is_empty() {
            blank_since_cell = true;
        } else {
            // A line without the tab inside the table continues the previous cell, when it is
            // short and more cells (or the note, or the end) follow.
            let next = next_nonblank(lines, j + 1);
            let more_cells = next.is_some_and(|k| is_tab_cell(&lines[k]));
            let at_end = next.is_none_or(|k| is_note(&lines[k])) && is_short_piece(t, 12);
            if is_short_piece(t, 30)
                && !is_caption_marker(t)
                && !is_note(t)
                && (more_cells || at_end)
            {
                let target = if let Some(c) = cur.last_mut() {
                    Some(c)
                } else {
                    rows.last_mut().and_then(|r| r.last_mut())
                };
                if let Some(c) = target {
                    c.text = join_pieces(&c.text, t);
                    used.push(j);
                    last = j;
                }
                // A cell split inside a row that is not yet as wide as the header: the next
                // cell continues the same row despite the blank line.
                let width = rows.first().map_or(0, Vec::len);
                hold_row = !cur.is_empty() && cur.len() < width;
            } else {
                break;
            }
        }
        j += 1;
    }
    if !cur.is_empty() {
        rows.push(cur);
    }
    let cells: usize = rows.iter().map(Vec::len).sum();
    if cells < 4 {
        return None;
    }
    // Without blank lines between rows, the cells come as one run: a stream.
    let stream = unmarked_rows(&rows);
    if stream {
        rows = vec![rows.into_iter().flatten().collect()];
    }
    Some((
        RawTable {
            layout: TableLayout::TabCells,
            rows,
            stream,
            caption: Vec::new(),
            note: None,
            first_line: start + 1,
            last_line: last + 1,
            lines: used,
            diagnostics: Vec::new(),
        },
        last,
    ))
}

/// Reads one-cell-per-line ` |` cells from `start`.
fn read_pipe_stream(lines: &[String], taken: &[bool], start: usize) -> Option<(RawTable, usize)> {
    let mut cells = Vec::new();
    let mut used = Vec::new();
    let mut last = start;
    let mut j = start;
    let mut diagnostics = Vec::new();
    while j < lines.len() && !taken[j] {
        let t = trimmed(&lines[j]);
        if is_pipe_cell(t) || t == "|" || t == "｜" {
            let text = t.trim_end_matches(['|', '｜']).trim().to_string();
            cells.push(RawCell { text, line: j + 1 });
            used.push(j);
            last = j;
        } else if t.is_empty() {
            // Blank lines inside a stream carry no meaning.
        } else {
            // A cut-off last cell ("工业增加值率 " before "[...]" or the end of the input).
            let next = next_nonblank(lines, j + 1);
            let gap_or_end = next.is_none_or(|k| {
                let n = trimmed(&lines[k]);
                n.starts_with("[...]") || n.starts_with("[…]") || n == "……" || n == "..."
            });
            if gap_or_end && is_short_piece(t, 40) {
                cells.push(RawCell {
                    text: t.to_string(),
                    line: j + 1,
                });
                used.push(j);
                last = j;
                diagnostics.push(Diagnostic::new(
                    j + 1,
                    format!("表格在“{t}”处中断（其后为省略号或文件结束），该行之后的内容缺失"),
                    format!(
                        "The table breaks off at “{t}” (an ellipsis or the end of the file \
                         follows); whatever came after that row is missing."
                    ),
                ));
            }
            break;
        }
        j += 1;
    }
    if cells.len() < 4 {
        return None;
    }
    Some((
        RawTable {
            layout: TableLayout::PipeCells,
            rows: vec![cells],
            stream: true,
            caption: Vec::new(),
            note: None,
            first_line: start + 1,
            last_line: last + 1,
            lines: used,
            diagnostics,
        },
        last,
    ))
}

/// Reads `a | b | c` rows from `start`.
fn read_pipe_rows(lines: &[String], taken: &[bool], start: usize) -> Option<(RawTable, usize)> {
    let mut rows = Vec::new();
    let mut used = Vec::new();
    let mut last = start;
    let mut j = start;
    while j < lines.len() && !taken[j] {
        let t = trimmed(&lines[j]);
        if is_separator_row(t) && pipe_count(t) > 0 {
            used.push(j);
        } else if is_pipe_row(t)
            || (pipe_count(t) >= 2 && split_pipe_row(t).iter().any(|c| !c.is_empty()))
        {
            // Inside a table a row may hold a single cell (a section row).
            let cells = split_pipe_row(t)
                .into_iter()
                .map(|text| RawCell { text, line: j + 1 })
                .collect();
            rows.push(cells);
            used.push(j);
            last = j;
        } else if t.is_empty()
            && next_nonblank(lines, j + 1).is_some_and(|k| is_pipe_row(&lines[k]))
        {
            // A blank line between rows.
        } else {
            break;
        }
        j += 1;
    }
    if rows.len() < 2 {
        return None;
    }
    Some((
        RawTable {
            layout: TableLayout::PipeRows,
            rows,
            stream: false,
            caption: Vec::new(),
            note: None,
            first_line: start + 1,
            last_line: last + 1,
            lines: used,
            diagnostics: Vec::new(),
        },
        last,
    ))
}

/// Finds the caption above a table (up to three short lines, back to a 附件N/表N marker) and
/// the note below it ("注：…").
pub(crate) fn attach_caption_and_note(
    lines: &[String],
    taken: &[bool],
    t: &mut RawTable,
    start: usize,
    end: usize,
) {
    let mut caption = Vec::new();
    let mut k = start;
    while k > 0 && caption.len() < 4 {
        k -= 1;
        if taken[k] {
            break;
        }
        let l = trimmed(&lines[k]);
        if l.is_empty() {
            continue;
        }
        if !is_short_piece(l, 60)
            || is_note(l)
            || l.ends_with(':')
            || l.ends_with('：')
            || pipe_count(l) > 0
        {
            break;
        }
        caption.push((k + 1, l.to_string()));
        if is_caption_marker(l) {
            break;
        }
    }
    caption.reverse();
    // Without a marker, keep only a line that names indicators or targets.
    if !caption.iter().any(|(_, l)| is_caption_marker(l)) {
        caption.retain(|(_, l)| {
            ["指标", "目标", "完成情况", "计划"]
                .iter()
                .any(|w| l.contains(w))
        });
    }
    // A caption printed on the table's own first line (a paragraph table) is kept.
    if t.caption.is_empty() {
        t.caption = caption;
    }
    if let Some(n) = next_nonblank(lines, end + 1)
        && !taken[n]
        && is_note(&lines[n])
    {
        t.note = Some((n + 1, trimmed(&lines[n]).to_string()));
    }
}

/// The caption as one string: "附件1 2023年…主要指标完成情况".
pub(crate) fn caption_text(caption: &[(usize, String)]) -> String {
    let mut out = String::new();
    for (i, (_, l)) in caption.iter().enumerate() {
        if i == 0 {
            out.push_str(l);
        } else if is_caption_marker(&caption[i - 1].1) && caption[i - 1].1.chars().count() <= 6 {
            out.push(' ');
            out.push_str(l);
        } else {
            out = join_pieces(&out, l);
        }
    }
    out
}

/// A cell's pieces joined where the cell had a line break (`<br>`, two ideographic spaces).
fn cell_breaks_joined(s: &str) -> String {
    let s = s.trim();
    if !s.contains("<br") && !s.contains("\u{3000}\u{3000}") {
        return s.to_string();
    }
    let unified = s
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("<br>", "\n")
        .replace("\u{3000}\u{3000}", "\n");
    unified
        .split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .fold(String::new(), |acc, p| {
            if acc.is_empty() {
                p.to_string()
            } else {
                join_pieces(&acc, p)
            }
        })
}

/// Whether tab-cell rows are really one unmarked run: the first "row" holds header words and
/// then body cells, or a later one is far wider than the header.
fn unmarked_rows(rows: &[Vec<RawCell>]) -> bool {
    let Some(first) = rows.first() else {
        return false;
    };
    let header = first.iter().take_while(|c| is_header_cell(&c.text)).count();
    if header < 2 {
        return false;
    }
    first.len() > header + 1
        || rows
            .iter()
            .skip(1)
            .any(|r| r.len() > header + 2 && r.len() > header * 3 / 2)
}

/// A cell that reads as a column header rather than a value.
pub(crate) fn is_header_cell(text: &str) -> bool {
    header_word(text).is_some() || is_sub_word(text)
}

/// Cells of a line printed as a row: split at tabs and at runs of two or more spaces when the
/// line has them (single spaces then sit inside cells), else at every space.
pub(crate) fn split_spaced(t: &str) -> Vec<String> {
    let chars: Vec<char> = trimmed(t).chars().collect();
    let wide = chars.contains(&'\t')
        || chars
            .windows(2)
            .any(|w| w[0].is_whitespace() && w[1].is_whitespace());
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let run = chars[i..].iter().take_while(|c| c.is_whitespace()).count();
            let tab = chars[i..i + run].contains(&'\t');
            if !wide || run >= 2 || tab {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            } else {
                cur.push(' ');
            }
            i += run;
            continue;
        }
        cur.push(chars[i]);
        i += 1;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether composed headers make an indicator table: a name column and a target column, or an
/// actual column named as a result (完成, 实际, 执行, 预计) — a table of plain figures (绝对数 |
/// 比上年增长) is a statistical table, not an indicator table.
pub(crate) fn is_indicator_header(headers: &[String], roles: &[ColumnRole]) -> bool {
    let name = roles.iter().any(|r| matches!(r, ColumnRole::Name));
    let target = roles.iter().any(|r| matches!(r, ColumnRole::Target { .. }));
    let result = roles.iter().zip(headers).any(|(r, h)| {
        matches!(r, ColumnRole::Actual { .. })
            && ["完成", "实际", "执行", "实绩", "实现", "预计"]
                .iter()
                .any(|w| h.contains(w))
    });
    name && (target || result)
}

/// Header words of a run of pieces, and where the run ends.
fn header_run(pieces: &[String], from: usize) -> Option<(Vec<String>, usize)> {
    let mut best = None;
    let mut q = from + 1;
    while q <= pieces.len() && q - from <= 24 {
        if classify(&pieces[q - 1]) == Kind::Seq {
            break;
        }
        let slice: Vec<&str> = pieces[from..q].iter().map(String::as_str).collect();
        if let Some(words) = merge_header_pieces(&slice) {
            best = Some((words, q));
        }
        q += 1;
    }
    best
}

fn words_roles(words: &[String]) -> Vec<ColumnRole> {
    words
        .iter()
        .map(|w| header_word(w).unwrap_or(ColumnRole::Other))
        .collect()
}

/// How a plain (unmarked) table starts.
pub(crate) enum PlainStart {
    /// Header words on one line; the body follows as rows (or cells) on the next lines.
    Line {
        line: usize,
        words: Vec<String>,
        /// A second header line of sub-header words (绝对值 增长).
        sub: Option<(usize, Vec<String>)>,
    },
    /// Header words one per line.
    Lines { lines: Vec<usize> },
    /// Caption, header and body in one line.
    Paragraph {
        line: usize,
        caption: String,
        words: Vec<String>,
        rest: Vec<String>,
    },
}

/// A header of an indicator table starting at line `i`, in any of the plain layouts.
pub(crate) fn plain_header_at(lines: &[String], used: &[bool], i: usize) -> Option<PlainStart> {
    let t = trimmed(&lines[i]);
    if t.is_empty() || t.len() > 60_000 || t.contains('。') {
        return None;
    }
    let pieces = split_spaced(t);
    if pieces.len() >= 2 {
        for s in 0..pieces.len().min(10) {
            let lead = header_word(&pieces[s]).or_else(|| {
                pieces
                    .get(s + 1)
                    .and_then(|n| header_word(&format!("{}{n}", pieces[s])))
            });
            if !matches!(
                lead,
                Some(ColumnRole::Seq | ColumnRole::Name | ColumnRole::Category)
            ) {
                continue;
            }
            let Some((words, end)) = header_run(&pieces, s) else {
                continue;
            };
            let roles = words_roles(&words);
            if words.len() < 2 || !(is_indicator_header(&words, &roles) || is_figure_header(&words))
            {
                continue;
            }
            if end == pieces.len() && s == 0 {
                let sub = next_nonblank(lines, i + 1).and_then(|j| {
                    let p = split_spaced(&lines[j]);
                    (!used[j] && !p.is_empty() && p.iter().all(|w| is_sub_word(w)))
                        .then_some((j, p))
                });
                return Some(PlainStart::Line {
                    line: i,
                    words,
                    sub,
                });
            }
            if end < pieces.len() && words.len() >= 3 {
                return Some(PlainStart::Paragraph {
                    line: i,
                    caption: pieces[..s].join(" "),
                    words,
                    rest: pieces[end..].to_vec(),
                });
            }
        }
        return None;
    }
    // One header word per line.
    if header_word(t).is_none() || is_tab_cell(&lines[i]) || pipe_count(t) > 0 {
        return None;
    }
    let mut header_lines = vec![i];
    let mut j = i + 1;
    let mut blanks = 0;
    while j < lines.len() && !used[j] && header_lines.len() < 16 {
        let l = trimmed(&lines[j]);
        // Tab- or pipe-marked cells are another layout's, read by its own finder.
        let marked = is_tab_cell(&lines[j]) || pipe_count(l) > 0;
        if l.is_empty() {
            blanks += 1;
            if blanks > 2 {
                break;
            }
        } else if is_header_cell(l) && !marked {
            blanks = 0;
            header_lines.push(j);
        } else {
            break;
        }
        j += 1;
    }
    let words: Vec<String> = header_lines
        .iter()
        .map(|&k| trimmed(&lines[k]).to_string())
        .collect();
    let roles = words_roles(&words);
    (words.len() >= 3 && (is_indicator_header(&words, &roles) || is_figure_header(&words)))
        .then_some(PlainStart::Lines {
            lines: header_lines,
        })
}

fn cells_of(words: &[String], line: usize) -> Vec<RawCell> {
    words
        .iter()
        .map(|w| RawCell {
            text: w.clone(),
            line: line + 1,
        })
        .collect()
}

/// A heading of the prose ("二、2024年…", "（一）经济运行", "第二部分"), which ends a table unless a
/// row follows it at once (then it is a section title inside the table).
fn heading_like(t: &str) -> bool {
    let n = norm(t);
    let n = n.trim();
    super::cells::is_section_title(n) || (n.starts_with('第') && n.contains("部分"))
}

fn row_follows(lines: &[String], from: usize) -> bool {
    next_nonblank(lines, from).is_some_and(|k| {
        let p = split_spaced(&lines[k]);
        p.first().is_some_and(|c| classify(c) == Kind::Seq)
    })
}

/// Whether a line can be a cell of a one-cell-per-line table.
fn cell_like(lines: &[String], j: usize) -> bool {
    let t = trimmed(&lines[j]);
    !t.is_empty()
        && t.chars().count() <= 60
        && !t.contains('。')
        && !is_note(t)
        && !is_caption_marker(t)
        && (!heading_like(t) || row_follows(lines, j + 1))
}

/// Whether the cells of a line make a row of a spaced table.
fn row_like(pieces: &[String], width: usize) -> bool {
    pieces.len() >= 2
        && pieces.len() <= width * 3 + 2
        && !pieces.iter().any(|p| p.contains('。'))
        && (classify(&pieces[0]) == Kind::Seq
            || pieces.iter().skip(1).any(|p| classify(p).is_value()))
}

fn read_plain(lines: &[String], taken: &[bool], start: PlainStart) -> Option<(RawTable, usize)> {
    match start {
        PlainStart::Line { line, words, sub } => {
            let width = words.len();
            let mut rows = vec![cells_of(&words, line)];
            let mut used = vec![line];
            let mut last = line;
            if let Some((l, subs)) = sub {
                rows.push(cells_of(&subs, l));
                used.push(l);
                last = l;
            }
            // One cell per line after a header on one line: a stream.
            let first_body = next_nonblank(lines, last + 1)?;
            if taken[first_body] {
                return None;
            }
            let mut probe = first_body;
            let mut rows_follow = false;
            for _ in 0..3 {
                if split_spaced(&lines[probe]).len() >= 2 {
                    rows_follow = true;
                    break;
                }
                match next_nonblank(lines, probe + 1) {
                    Some(n) if !taken[n] => probe = n,
                    _ => break,
                }
            }
            if !rows_follow {
                let mut cells: Vec<RawCell> = rows.into_iter().flatten().collect();
                let end = read_cells_into(lines, taken, last + 1, &mut cells, &mut used);
                return Some((stream_table(TableLayout::CellLines, cells, used), end));
            }
            let mut j = last + 1;
            let mut blanks = 0;
            while j < lines.len() && !taken[j] {
                let t = trimmed(&lines[j]);
                if t.is_empty() {
                    blanks += 1;
                    if blanks > 2 {
                        break;
                    }
                    j += 1;
                    continue;
                }
                blanks = 0;
                if is_note(t) || is_caption_marker(t) {
                    break;
                }
                let pieces = split_spaced(t);
                let single = pieces.len() == 1;
                let ok = if single {
                    let k = classify(t);
                    k == Kind::Revision
                        || (matches!(k, Kind::Section | Kind::Name)
                            && t.chars().count() <= 30
                            && !t.contains('，')
                            && next_nonblank(lines, j + 1)
                                .is_some_and(|n| row_like(&split_spaced(&lines[n]), width)))
                } else {
                    row_like(&pieces, width)
                };
                if !ok {
                    break;
                }
                rows.push(cells_of(&pieces, j));
                used.push(j);
                last = j;
                j += 1;
            }
            if rows.len() < 2 {
                return None;
            }
            let mut t = RawTable::of_rows(TableLayout::SpacedRows, rows, used);
            t.first_line = line + 1;
            Some((t, last))
        }
        PlainStart::Lines { lines: header } => {
            let mut cells: Vec<RawCell> = header
                .iter()
                .map(|&k| RawCell {
                    text: trimmed(&lines[k]).to_string(),
                    line: k + 1,
                })
                .collect();
            let mut used = header.clone();
            let from = header.last().map_or(0, |l| l + 1);
            let end = read_cells_into(lines, taken, from, &mut cells, &mut used);
            Some((stream_table(TableLayout::CellLines, cells, used), end))
        }
        PlainStart::Paragraph {
            line,
            caption,
            words,
            rest,
        } => {
            let mut cells = cells_of(&words, line);
            cells.extend(cells_of(&rest, line));
            let mut used = vec![line];
            let mut last = line;
            // A long paragraph wrapped over lines: more rows of cells.
            let mut j = line + 1;
            while j < lines.len() && !taken[j] {
                let pieces = split_spaced(&lines[j]);
                if pieces.len() < 3 || pieces.iter().any(|p| p.contains('。')) {
                    break;
                }
                if classify(&pieces[0]) != Kind::Seq {
                    break;
                }
                cells.extend(cells_of(&pieces, j));
                used.push(j);
                last = j;
                j += 1;
            }
            let mut t = stream_table(TableLayout::Paragraph, cells, used);
            if !caption.is_empty() {
                t.caption = vec![(line + 1, caption)];
            }
            Some((t, last))
        }
    }
}

/// Reads one cell per line from `from` into `cells`; returns the last line read.
fn read_cells_into(
    lines: &[String],
    taken: &[bool],
    from: usize,
    cells: &mut Vec<RawCell>,
    used: &mut Vec<usize>,
) -> usize {
    let mut last = from.saturating_sub(1);
    let mut j = from;
    let mut blanks = 0;
    while j < lines.len() && !taken[j] {
        if trimmed(&lines[j]).is_empty() {
            blanks += 1;
            if blanks > 2 {
                break;
            }
        } else if cell_like(lines, j) {
            blanks = 0;
            cells.push(RawCell {
                text: trimmed(&lines[j]).to_string(),
                line: j + 1,
            });
            used.push(j);
            last = j;
        } else {
            break;
        }
        j += 1;
    }
    last
}

fn stream_table(layout: TableLayout, cells: Vec<RawCell>, used: Vec<usize>) -> RawTable {
    let first_line = cells.first().map_or(1, |c| c.line);
    let last_line = cells.last().map_or(first_line, |c| c.line);
    RawTable {
        layout,
        rows: vec![cells],
        stream: true,
        caption: Vec::new(),
        note: None,
        first_line,
        last_line,
        lines: used,
        diagnostics: Vec::new(),
    }
}

/// A line that names a table: `表1 …`, `附件2`, `附表 …`, or a short line that says 主要指标完成情况
/// or 预期目标 and is followed by column headers. Lists of annexes (`附件：1. …`) are not.
pub(crate) fn caption_line(lines: &[String], i: usize) -> bool {
    let t = trimmed(&lines[i]);
    let n = norm(t);
    if t.is_empty()
        || t.chars().count() > 60
        || n.contains('。')
        || n.ends_with(':')
        || n.starts_with("附件:")
    {
        return false;
    }
    if is_caption_marker(t) {
        return true;
    }
    let lead = n.chars().take_while(|c| c.is_ascii_digit()).count();
    if lead > 0 && n[lead..].starts_with(['.', '、']) {
        return false;
    }
    let names_table = [
        "主要指标完成情况",
        "主要指标执行情况",
        "主要目标完成情况",
        "预期目标完成情况",
        "主要指标预期目标",
        "主要预期目标",
        "主要指标计划",
    ]
    .iter()
    .any(|w| n.contains(w));
    names_table
        && next_nonblank(lines, i + 1).is_some_and(|k| {
            let p = split_spaced(&lines[k]);
            let first = p
                .first()
                .map(|s| s.trim_matches(['|', '｜']).trim().to_string());
            first.is_some_and(|f| is_header_cell(&f))
                || trimmed(&lines[k])
                    .trim_start_matches(['|', '｜'])
                    .split(['|', '｜'])
                    .next()
                    .is_some_and(|f| is_header_cell(f.trim()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipe_row_cells() {
        assert_eq!(
            split_pipe_row("指标名称 | 年度目标 | 上半年完成情况 | |"),
            vec!["指标名称", "年度目标", "上半年完成情况", ""]
        );
        assert_eq!(split_pipe_row("| a | b |"), vec!["a", "b"]);
        assert_eq!(
            split_pipe_row("| 2 | 地区生产总值<br>（亿元） | 增长6%　　左右 |"),
            vec!["2", "地区生产总值（亿元）", "增长6%左右"]
        );
    }

    #[test]
    fn spaced_cells() {
        assert_eq!(
            split_spaced("1 全区生产总值(亿元) 860 871.2 完成"),
            vec!["1", "全区生产总值(亿元)", "860", "871.2", "完成"]
        );
        assert_eq!(
            split_spaced("  1    地区 生产总值     6.5   6.7"),
            vec!["1", "地区 生产总值", "6.5", "6.7"]
        );
    }
}
