//! Indicator tables: finding them in flattened text and reading their rows.
//!
//! Three flattenings are recognised in text, plus real .docx tables:
//! - **tab cells**: one cell per tab-indented line, rows separated by blank lines; a line
//!   without the tab between cells continues the previous cell (Word puts the tab before a
//!   cell's first paragraph only, so `\t完成市级` / `下达目标` is one cell);
//! - **pipe cells**: one cell per line ending with `|`, rows not marked; rows are found from
//!   the 序号 column ("anchors"), and cells printed before an anchor fill the columns before
//!   序号 (a merged category printed once);
//! - **pipe rows**: one row per line, cells separated by `|`, with one- or two-level headers.
//!
//! Columns are told apart by their headers (预期目标/年度目标 vs 实际完成/完成情况), never by
//! position, so an actual column before the target column is read right.

use crate::label::{as_seq, header_role, is_sub_header, looks_like_value, parse_label};
use crate::model::{
    ActualPart, ColumnRole, Diagnostic, ExtraCell, ReadIndicator, ReadTable, TableLayout,
    TableSection,
};
use crate::norm::{compact, first_year, join_pieces, norm};
use planwatch_domain::Tier;

/// One cell with the line it was read from (1-based).
#[derive(Debug, Clone)]
pub(crate) struct RawCell {
    pub text: String,
    pub line: usize,
}

/// A table as found, before its columns are understood.
#[derive(Debug, Clone)]
pub(crate) struct RawTable {
    pub layout: TableLayout,
    /// Rows of cells; for an unmarked cell stream, one row holding every cell.
    pub rows: Vec<Vec<RawCell>>,
    /// The rows are not marked in the input and must be found from anchors.
    pub stream: bool,
    pub caption: Vec<(usize, String)>,
    pub note: Option<(usize, String)>,
    pub first_line: usize,
    pub last_line: usize,
    /// 0-based indices of the lines the table (with caption and note) occupies.
    pub lines: Vec<usize>,
    pub diagnostics: Vec<Diagnostic>,
}

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

/// Cells of a pipe row: a leading `|` opens the row and the last `|` closes it.
fn split_pipe_row(t: &str) -> Vec<String> {
    let t = t.replace('｜', "|");
    let mut parts: Vec<String> = t.split('|').map(|s| s.trim().to_string()).collect();
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
    Some((
        RawTable {
            layout: TableLayout::TabCells,
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
                diagnostics.push(Diagnostic {
                    line: j + 1,
                    message: format!(
                        "表格在“{t}”处中断（其后为省略号或文件结束），该行之后的内容缺失"
                    ),
                });
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
    t.caption = caption;
    if let Some(n) = next_nonblank(lines, end + 1)
        && !taken[n]
        && is_note(&lines[n])
    {
        t.note = Some((n + 1, trimmed(&lines[n]).to_string()));
    }
}

/// The caption as one string: "附件1 2023年…主要指标完成情况".
fn caption_text(caption: &[(usize, String)]) -> String {
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

/// What the reader needs to know about the report to place a table.
pub(crate) struct TableContext {
    pub execution_year: Option<i32>,
    pub plan_year: Option<i32>,
}

/// The result of reading one table.
pub(crate) struct TableRead {
    pub table: ReadTable,
    pub indicators: Vec<ReadIndicator>,
    pub diagnostics: Vec<Diagnostic>,
}

struct Columns {
    headers: Vec<String>,
    roles: Vec<ColumnRole>,
}

impl Columns {
    fn find(&self, pred: impl Fn(&ColumnRole) -> bool) -> Option<usize> {
        self.roles.iter().position(pred)
    }
    fn seq(&self) -> Option<usize> {
        self.find(|r| matches!(r, ColumnRole::Seq))
    }
    fn name(&self) -> Option<usize> {
        self.find(|r| matches!(r, ColumnRole::Name))
    }
    fn has_values(&self) -> bool {
        self.roles
            .iter()
            .any(|r| matches!(r, ColumnRole::Target { .. } | ColumnRole::Actual { .. }))
    }
}

fn cell_text(c: &RawCell) -> &str {
    c.text.trim()
}

fn role_count(cells: &[RawCell]) -> usize {
    cells
        .iter()
        .filter(|c| !matches!(header_role(&c.text), ColumnRole::Other))
        .count()
}

fn is_header_row(cells: &[RawCell]) -> bool {
    let non_empty: Vec<&RawCell> = cells.iter().filter(|c| !cell_text(c).is_empty()).collect();
    non_empty.len() >= 2
        && role_count(cells) >= 2
        && !non_empty.iter().any(|c| looks_like_value(&c.text))
}

fn is_sub_header_row(cells: &[RawCell]) -> bool {
    let non_empty: Vec<&RawCell> = cells.iter().filter(|c| !cell_text(c).is_empty()).collect();
    !non_empty.is_empty() && non_empty.iter().all(|c| is_sub_header(&c.text))
}

/// Composes column headers from one or two header rows (a spanning top header and the
/// sub-headers below it: "上半年完成情况/绝对值", "上半年完成情况/增幅").
fn compose_columns(header_rows: &[Vec<RawCell>], ncols: usize) -> Columns {
    let top: Vec<String> = (0..ncols)
        .map(|c| {
            header_rows
                .first()
                .and_then(|r| r.get(c))
                .map(|c| compact(&norm(&c.text)))
                .unwrap_or_default()
        })
        .collect();
    let mut headers = top.clone();
    if let Some(sub) = header_rows.get(1) {
        let sub_texts: Vec<String> = sub.iter().map(|c| compact(&norm(&c.text))).collect();
        let sub_non_empty: Vec<&String> = sub_texts.iter().filter(|s| !s.is_empty()).collect();
        // Columns under a spanning header: a named column followed by empty ones, and those.
        let mut slots = Vec::new();
        let mut owner = vec![None; ncols];
        for c in 0..ncols {
            if top[c].is_empty() {
                if let Some(o) = (0..c).rev().find(|&p| !top[p].is_empty())
                    && slots.last().is_some_and(|&(_, oo)| oo == o)
                {
                    slots.push((c, o));
                    owner[c] = Some(o);
                }
            } else if c + 1 < ncols && top[c + 1].is_empty() {
                slots.push((c, c));
                owner[c] = Some(c);
            }
        }
        if !slots.is_empty() && sub_non_empty.len() == slots.len() {
            for ((c, o), s) in slots.iter().zip(sub_non_empty) {
                headers[*c] = format!("{}/{}", top[*o], s);
            }
        } else {
            for c in 0..ncols {
                if let Some(s) = sub_texts.get(c)
                    && !s.is_empty()
                {
                    let base = owner[c]
                        .map(|o| top[o].clone())
                        .unwrap_or_else(|| top[c].clone());
                    headers[c] = if base.is_empty() {
                        s.clone()
                    } else {
                        format!("{base}/{s}")
                    };
                }
            }
        }
    }
    let roles = headers.iter().map(|h| header_role(h)).collect();
    Columns { headers, roles }
}

/// A section row ("核心指标8项", "（二）约束性指标", "经济发展"): what it sets.
struct Section {
    text: String,
    tier: Option<Tier>,
    binding: Option<bool>,
    stated: Option<u32>,
    line: usize,
}

fn parse_section(text: &str, line: usize) -> Section {
    let t = compact(&norm(text));
    let tier = if t.contains("核心") {
        Some(Tier::Core)
    } else if t.contains("其他") || t.contains("其它") || t.contains("一般指标") {
        Some(Tier::Other)
    } else {
        None
    };
    let binding = if t.contains("约束性") {
        Some(true)
    } else if t.contains("预期性") {
        Some(false)
    } else {
        None
    };
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    let stated = if t.contains('项') || t.contains('个') {
        digits.parse().ok()
    } else {
        None
    };
    Section {
        text: text.trim().to_string(),
        tier,
        binding,
        stated,
        line,
    }
}

/// Groups a cell stream into rows using the 序号 anchors.
fn stream_rows(cells: &[RawCell], cols: &Columns) -> Vec<Vec<RawCell>> {
    let ncols = cols.roles.len();
    let Some(s) = cols.seq() else {
        // No 序号 column: fixed-size rows.
        return cells.chunks(ncols.max(1)).map(|c| c.to_vec()).collect();
    };
    let after = ncols - s - 1;
    let mut rows = Vec::new();
    let mut pre: Vec<RawCell> = Vec::new();
    let mut cur: Option<Vec<RawCell>> = None;
    let mut post_len = 0;
    let mut expected = None::<u32>;
    for c in cells {
        let text = cell_text(c);
        if let Some(row) = cur.as_mut()
            && post_len < after
        {
            row.push(c.clone());
            post_len += 1;
            continue;
        }
        if text.is_empty() {
            continue;
        }
        let seq = as_seq(text);
        let is_anchor = seq.is_some_and(|n| expected.is_none_or(|e| n == e) || cur.is_none());
        if is_anchor {
            if let Some(row) = cur.take() {
                rows.push(row);
            }
            // Cells before the anchor fill the columns before 序号, right-aligned; extra
            // ones are section rows of their own.
            let keep = pre.len().min(s);
            let extra = pre.len() - keep;
            for p in pre.drain(..extra) {
                rows.push(vec![p]);
            }
            let mut row: Vec<RawCell> = (0..s - keep)
                .map(|_| RawCell {
                    text: String::new(),
                    line: c.line,
                })
                .collect();
            row.append(&mut pre);
            row.push(c.clone());
            cur = Some(row);
            post_len = 0;
            expected = seq.map(|n| n + 1);
        } else {
            if let Some(row) = cur.take() {
                rows.push(row);
            }
            pre.push(c.clone());
        }
    }
    if let Some(row) = cur.take() {
        rows.push(row);
    }
    for p in pre {
        rows.push(vec![p]);
    }
    rows
}

/// Places a row's cells into columns: by the 序号 anchor when there is a 序号 column, otherwise
/// left-aligned, shifting past a merged category column printed only on a group's first row.
fn align_row(cells: &[RawCell], cols: &Columns) -> Vec<Option<RawCell>> {
    let ncols = cols.roles.len();
    let mut out: Vec<Option<RawCell>> = vec![None; ncols];
    let mut offset: isize = 0;
    if let Some(s) = cols.seq() {
        if let Some(r) = cells.iter().position(|c| as_seq(&c.text).is_some()) {
            offset = s as isize - r as isize;
        }
    } else if ncols >= 2
        && matches!(cols.roles[0], ColumnRole::Category)
        && cells.len() + 1 == ncols
    {
        offset = 1;
    }
    for (k, c) in cells.iter().enumerate() {
        let col = k as isize + offset;
        if col >= 0 && (col as usize) < ncols {
            out[col as usize] = Some(c.clone());
        }
    }
    out
}

/// Reads a found table. `None` when it is not an indicator table (no name column and no
/// target or actual column).
pub(crate) fn interpret(raw: &RawTable, index: usize, cx: &TableContext) -> Option<TableRead> {
    let mut diagnostics = raw.diagnostics.clone();
    let (cols, body): (Columns, Vec<Vec<RawCell>>) = if raw.stream {
        let cells = raw.rows.first()?;
        let header_len = cells
            .iter()
            .take_while(|c| {
                !cell_text(c).is_empty() && !matches!(header_role(&c.text), ColumnRole::Other)
            })
            .count();
        if header_len < 2 {
            return None;
        }
        let header = vec![cells[..header_len].to_vec()];
        let cols = compose_columns(&header, header_len);
        let body = stream_rows(&cells[header_len..], &cols);
        (cols, body)
    } else {
        let mut h = 0;
        while h < raw.rows.len() && h < 3 {
            if is_header_row(&raw.rows[h]) || (h > 0 && is_sub_header_row(&raw.rows[h])) {
                h += 1;
            } else {
                break;
            }
        }
        let body: Vec<Vec<RawCell>> = raw.rows[h..].to_vec();
        let ncols = raw.rows.iter().map(Vec::len).max().unwrap_or(0);
        if h == 0 {
            // No header: the usual order 序号, 指标名称, 目标, 完成 when the rows fit it.
            let looks = body
                .iter()
                .filter(|r| r.len() >= 3 && as_seq(&r[0].text).is_some())
                .count();
            if looks < 2 {
                return None;
            }
            let names = ["序号", "指标名称", "目标", "实际完成"];
            let headers: Vec<String> = (0..ncols.min(4)).map(|i| names[i].to_string()).collect();
            let roles = headers.iter().map(|h| header_role(h)).collect();
            diagnostics.push(Diagnostic {
                line: raw.first_line,
                message: "表格没有表头，按“序号、指标名称、目标、实际完成”的顺序读取".into(),
            });
            (Columns { headers, roles }, body)
        } else {
            let cols = compose_columns(&raw.rows[..h], ncols);
            (cols, body)
        }
    };
    if cols.name().is_none() || !cols.has_values() {
        return None;
    }
    if cols.headers.iter().any(|h| h.contains("总投资")) {
        diagnostics.push(Diagnostic {
            line: raw.first_line,
            message: "这是重点项目表而非指标表，未按指标读取".into(),
        });
        return None;
    }
    let caption = caption_text(&raw.caption);
    let table_year = first_year(&caption).or_else(|| cols.roles.iter().find_map(role_year));
    let has_actual = cols
        .roles
        .iter()
        .any(|r| matches!(r, ColumnRole::Actual { .. }));
    let table_year = table_year.or(if has_actual {
        cx.execution_year
    } else {
        cx.plan_year
    });

    let note = raw.note.as_ref().map(|(_, n)| n.clone());
    let binding_marker = note
        .as_deref()
        .and_then(binding_marker_from_note)
        .unwrap_or('*');
    let hash_means_new = note
        .as_deref()
        .is_some_and(|n| n.contains('#') && n.contains("新增"));

    let name_col = cols.name()?;
    let seq_col = cols.seq();
    let cat_col = cols.find(|r| matches!(r, ColumnRole::Category));
    let nature_col = cols.find(|r| matches!(r, ColumnRole::Nature));
    let unit_col = cols.find(|r| matches!(r, ColumnRole::Unit));
    let target_cols: Vec<usize> = (0..cols.roles.len())
        .filter(|&c| matches!(cols.roles[c], ColumnRole::Target { .. }))
        .collect();
    let actual_cols: Vec<usize> = (0..cols.roles.len())
        .filter(|&c| matches!(cols.roles[c], ColumnRole::Actual { .. }))
        .collect();

    let mut indicators: Vec<ReadIndicator> = Vec::new();
    let mut sections: Vec<TableSection> = Vec::new();
    let mut tier = None;
    let mut section_binding = None;
    let mut category: Option<String> = None;
    let mut last_numbered: Option<String> = None;
    let ncols = cols.roles.len();
    for row in &body {
        let non_empty: Vec<&RawCell> = row.iter().filter(|c| !cell_text(c).is_empty()).collect();
        if non_empty.is_empty() {
            continue;
        }
        if non_empty.len() == 1 && ncols >= 3 && as_seq(&non_empty[0].text).is_none() {
            let s = parse_section(&non_empty[0].text, non_empty[0].line);
            if s.tier.is_some() {
                tier = s.tier;
            }
            if s.binding.is_some() {
                section_binding = s.binding;
            }
            if s.tier.is_none() && s.binding.is_none() {
                category = Some(compact(&s.text));
            }
            sections.push(TableSection {
                text: s.text,
                tier: s.tier,
                stated: s.stated,
                rows: 0,
                line: s.line,
            });
            continue;
        }
        let cells = align_row(row, &cols);
        let get = |c: Option<usize>| c.and_then(|c| cells.get(c).cloned().flatten());
        let Some(name_cell) = get(Some(name_col)).filter(|c| !cell_text(c).is_empty()) else {
            diagnostics.push(Diagnostic {
                line: row[0].line,
                message: format!(
                    "表格行没有指标名称，未读取：{}",
                    row.iter()
                        .map(|c| c.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" | ")
                ),
            });
            continue;
        };
        if let Some(c) = get(cat_col).filter(|c| !cell_text(c).is_empty()) {
            category = Some(compact(&c.text));
        }
        let label = parse_label(&name_cell.text, binding_marker);
        let seq = get(seq_col).and_then(|c| as_seq(&c.text)).or(label.seq);
        let raw_label = name_cell.text.trim().to_string();
        let starts_hash = norm(&raw_label).trim_start().starts_with('#');
        let (is_new, sub_of) =
            if starts_hash && seq.is_none() && !hash_means_new && last_numbered.is_some() {
                (false, last_numbered.clone())
            } else {
                (label.is_new, None)
            };
        if sub_of.is_none() {
            last_numbered = Some(label.name.clone());
        }
        let mut binding = label.binding || section_binding == Some(true);
        if let Some(c) = get(nature_col) {
            let n = norm(&c.text);
            if n.contains("约束") {
                binding = true;
            }
        }
        let mut unit = label.unit.clone();
        if unit.is_empty()
            && let Some(c) = get(unit_col)
        {
            unit = norm(cell_text(&c)).replace(['(', ')'], "");
        }
        // Actual: the column that fits the target (a growth target takes the growth part of a
        // split actual column).
        let actual_for = |year: Option<i32>, target_text: &str| -> Option<(usize, RawCell)> {
            let candidates: Vec<usize> = actual_cols
                .iter()
                .copied()
                .filter(|&c| {
                    year.is_none() || role_year(&cols.roles[c]).is_none_or(|y| Some(y) == year)
                })
                .collect();
            let want_growth = ["%", "增长", "增速", "同步"]
                .iter()
                .any(|w| target_text.contains(w))
                || label.name.contains("增速")
                || label.name.contains("增长");
            let mut order = candidates.clone();
            order.sort_by_key(|&c| match cols.roles[c] {
                ColumnRole::Actual {
                    part: ActualPart::Growth,
                    ..
                } => usize::from(!want_growth),
                ColumnRole::Actual {
                    part: ActualPart::Absolute,
                    ..
                } => usize::from(want_growth),
                _ => 0,
            });
            order.into_iter().find_map(|c| {
                get(Some(c))
                    .filter(|x| !cell_text(x).is_empty())
                    .map(|x| (c, x))
            })
        };
        let targets: Vec<usize> = if target_cols.is_empty() {
            vec![usize::MAX]
        } else {
            target_cols.clone()
        };
        for &tc in &targets {
            let (target_text, year) = if tc == usize::MAX {
                (String::new(), table_year)
            } else {
                let t = get(Some(tc))
                    .map(|c| cell_text(&c).to_string())
                    .unwrap_or_default();
                (t, role_year(&cols.roles[tc]).or(table_year))
            };
            let actual = actual_for(role_year_opt(&cols.roles, tc), &target_text);
            let mut extra = Vec::new();
            for (c, role) in cols.roles.iter().enumerate() {
                let used = Some(c) == Some(name_col)
                    || Some(c) == seq_col
                    || Some(c) == cat_col
                    || c == tc
                    || actual.as_ref().is_some_and(|(ac, _)| *ac == c)
                    || matches!(role, ColumnRole::Target { .. });
                if used {
                    continue;
                }
                if let Some(x) = get(Some(c)).filter(|x| !cell_text(x).is_empty()) {
                    extra.push(ExtraCell {
                        header: cols.headers[c].clone(),
                        text: cell_text(&x).to_string(),
                    });
                }
            }
            if target_text.is_empty() && actual.is_none() {
                diagnostics.push(Diagnostic {
                    line: name_cell.line,
                    message: format!("指标“{}”没有目标和实际值（表格可能被截断）", label.name),
                });
            }
            indicators.push(ReadIndicator {
                table_index: index,
                table: caption.clone(),
                year,
                seq,
                label: raw_label.clone(),
                name: label.name.clone(),
                unit: unit.clone(),
                binding,
                is_new,
                tier,
                category: category.clone(),
                sub_of: sub_of.clone(),
                target: planwatch_text::parse_expr(&target_text),
                actual: actual.map(|(_, c)| planwatch_text::parse_expr(cell_text(&c))),
                extra,
                line: name_cell.line,
            });
        }
        if let Some(s) = sections.last_mut() {
            s.rows += 1;
        }
    }
    if indicators.is_empty() {
        return None;
    }
    let rows = indicators.len();
    Some(TableRead {
        table: ReadTable {
            index,
            caption,
            year: table_year,
            layout: raw.layout,
            columns: cols.headers.clone(),
            roles: cols.roles.clone(),
            note,
            sections,
            first_line: raw.first_line,
            last_line: raw.last_line,
            rows,
            has_actual,
        },
        indicators,
        diagnostics,
    })
}

fn role_year(r: &ColumnRole) -> Option<i32> {
    match r {
        ColumnRole::Target { year } | ColumnRole::Actual { year, .. } => *year,
        _ => None,
    }
}

fn role_year_opt(roles: &[ColumnRole], c: usize) -> Option<i32> {
    roles.get(c).and_then(role_year)
}

/// "注：加▲为约束性指标" → '▲'.
fn binding_marker_from_note(note: &str) -> Option<char> {
    let n = norm(note);
    let i = n.find("为约束性")?;
    let before: Vec<char> = n[..i].chars().collect();
    // "加*为", "标*的为", "带*号的为"
    let mut k = before.len();
    while k > 0 && matches!(before[k - 1], '的' | '号' | ' ') {
        k -= 1;
    }
    let c = *before.get(k.checked_sub(1)?)?;
    (!c.is_alphanumeric() || c == '*').then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(String::from).collect()
    }

    #[test]
    fn note_marker() {
        assert_eq!(
            binding_marker_from_note("注：加*为约束性指标；其他为预期性指标。"),
            Some('*')
        );
        assert_eq!(binding_marker_from_note("注：标▲的为约束性指标"), Some('▲'));
        assert_eq!(binding_marker_from_note("注：其他"), None);
    }

    #[test]
    fn pipe_row_cells() {
        assert_eq!(
            split_pipe_row("指标名称 | 年度目标 | 上半年完成情况 | |"),
            vec!["指标名称", "年度目标", "上半年完成情况", ""]
        );
        assert_eq!(split_pipe_row("| a | b |"), vec!["a", "b"]);
    }

    #[test]
    fn tab_table_with_split_cell() {
        let text = "附件1\n\n2023年主要指标完成情况\n\n\t序号\n\t指标名称\n\t2023年预期目标\n\t实际完成\n\n\t1\n\t单位地区生产总值二氧化碳排放下降（%）*\n\t市级下达\n\t完成市级\n\n下达目标\n\n\t2\n\t空气质量优良天数（天）*\n\t310天以上\n\t289\n\n\n注：加*为约束性指标；其他为预期性指标。\n";
        let ls = lines(text);
        let taken = vec![false; ls.len()];
        let found = find_tables(&ls, &taken);
        assert_eq!(found.len(), 1);
        let read = interpret(
            &found[0],
            0,
            &TableContext {
                execution_year: None,
                plan_year: None,
            },
        )
        .unwrap();
        assert_eq!(read.table.caption, "附件1 2023年主要指标完成情况");
        assert_eq!(read.table.year, Some(2023));
        assert_eq!(read.indicators.len(), 2);
        assert_eq!(
            read.indicators[0].actual.as_ref().unwrap().text,
            "完成市级下达目标"
        );
        assert!(read.indicators[1].binding);
        assert!(read.table.note.is_some());
    }
}
