//! Positioned glyphs and rules into paragraphs and tables.

use super::content::{Glyph, Page, Rule};
use crate::norm::join_pieces;
use crate::source::Block;

/// Positions closer than this (user space units, ~0.7 mm) are the same line of a grid.
const TOL: f32 = 2.0;
/// Rules per page beyond which no grid is looked for (the pairing is quadratic).
const MAX_GRID_RULES: usize = 20_000;

/// A line of text outside any table.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    /// Starts with a space or an ideographic space (a paragraph's first line).
    indented: bool,
    /// Width of the line's first unbreakable piece (a Latin word or number, else its first
    /// character): when the line above stopped short of the margin by less than this, the
    /// text wrapped there.
    lead: f32,
}

#[derive(Debug)]
enum Item {
    Line(Line),
    Table { top: f32, rows: Vec<Vec<String>> },
}

impl Item {
    fn top(&self) -> f32 {
        match self {
            Item::Line(l) => l.y + l.size,
            Item::Table { top, .. } => *top,
        }
    }
}

/// One page laid out: its items from top to bottom, and its text margins.
pub(super) struct Laid {
    items: Vec<Item>,
    left: f32,
    right: f32,
}

/// A table's grid: column boundaries left to right, row boundaries top to bottom, and the
/// rules that draw it.
struct Grid {
    xs: Vec<f32>,
    ys: Vec<f32>,
    h: Vec<Rule>,
    v: Vec<Rule>,
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

fn touches(a: &Rule, b: &Rule) -> bool {
    match (a.horizontal(), b.horizontal()) {
        (true, true) => (a.y0 - b.y0).abs() < TOL && a.x0 <= b.x1 + TOL && b.x0 <= a.x1 + TOL,
        (false, false) => (a.x0 - b.x0).abs() < TOL && a.y0 <= b.y1 + TOL && b.y0 <= a.y1 + TOL,
        (true, false) => crosses(a, b),
        (false, true) => crosses(b, a),
    }
}

fn crosses(h: &Rule, v: &Rule) -> bool {
    v.x0 >= h.x0 - TOL && v.x0 <= h.x1 + TOL && h.y0 >= v.y0 - TOL && h.y0 <= v.y1 + TOL
}

/// Values within `TOL` of each other as one (their mean), sorted ascending.
fn cluster(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((m, n)) if x - *m / *n as f32 <= TOL => {
                *m += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(m, n)| m / n as f32).collect()
}

/// The grids drawn on a page: connected sets of crossing rules with at least two rows and
/// two columns.
fn grids(rules: &[Rule]) -> Vec<Grid> {
    if rules.len() > MAX_GRID_RULES {
        return Vec::new();
    }
    let mut uf = UnionFind::new(rules.len());
    for i in 0..rules.len() {
        for j in i + 1..rules.len() {
            if touches(&rules[i], &rules[j]) {
                uf.union(i, j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..rules.len() {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    let mut out = Vec::new();
    for members in groups.values() {
        let h: Vec<Rule> = members
            .iter()
            .map(|&i| rules[i])
            .filter(Rule::horizontal)
            .collect();
        let v: Vec<Rule> = members
            .iter()
            .map(|&i| rules[i])
            .filter(|r| !r.horizontal())
            .collect();
        let xs = cluster(v.iter().map(|r| r.x0).collect());
        let mut ys = cluster(h.iter().map(|r| r.y0).collect());
        ys.reverse();
        if xs.len() >= 3 && ys.len() >= 2 {
            out.push(Grid { xs, ys, h, v });
        }
    }
    out
}

impl Grid {
    fn cols(&self) -> usize {
        self.xs.len() - 1
    }
    fn rows(&self) -> usize {
        self.ys.len() - 1
    }
    /// Whether a rule separates columns `c` and `c + 1` in row `r`.
    fn v_rule(&self, r: usize, c: usize) -> bool {
        let x = self.xs[c + 1];
        let y = (self.ys[r] + self.ys[r + 1]) / 2.0;
        self.v
            .iter()
            .any(|v| (v.x0 - x).abs() < TOL && v.y0 - TOL <= y && y <= v.y1 + TOL)
    }
    /// Whether a rule separates rows `r` and `r + 1` in column `c`.
    fn h_rule(&self, r: usize, c: usize) -> bool {
        let y = self.ys[r + 1];
        let x = (self.xs[c] + self.xs[c + 1]) / 2.0;
        self.h
            .iter()
            .any(|h| (h.y0 - y).abs() < TOL && h.x0 - TOL <= x && x <= h.x1 + TOL)
    }
    fn cell_of(&self, g: &Glyph) -> Option<(usize, usize)> {
        let cx = (g.x0 + g.x1) / 2.0;
        let cy = g.y + 0.35 * g.size;
        let c = (0..self.cols()).find(|&c| self.xs[c] <= cx && cx < self.xs[c + 1])?;
        let r = (0..self.rows()).find(|&r| self.ys[r] >= cy && cy > self.ys[r + 1])?;
        Some((r, c))
    }
}

/// A grid's glyphs into rows of cells, merged cells expanded as [`Block::Table`] wants: the
/// text in the first column of its span, repeated down the rows it spans, empty to its right.
fn grid_rows(grid: &Grid, glyphs: Vec<&Glyph>, cells: Vec<(usize, usize)>) -> Vec<Vec<String>> {
    let (nr, nc) = (grid.rows(), grid.cols());
    let mut uf = UnionFind::new(nr * nc);
    for r in 0..nr {
        for c in 0..nc {
            if c + 1 < nc && !grid.v_rule(r, c) {
                uf.union(r * nc + c, r * nc + c + 1);
            }
            if r + 1 < nr && !grid.h_rule(r, c) {
                uf.union(r * nc + c, (r + 1) * nc + c);
            }
        }
    }
    let mut of_region: std::collections::HashMap<usize, Vec<&Glyph>> = Default::default();
    for (g, (r, c)) in glyphs.into_iter().zip(cells) {
        of_region.entry(uf.find(r * nc + c)).or_default().push(g);
    }
    // A region's first column is its leftmost (the root is its top-left cell).
    let mut first_col = vec![usize::MAX; nr * nc];
    for k in 0..nr * nc {
        let root = uf.find(k);
        first_col[root] = first_col[root].min(k % nc);
    }
    let texts: std::collections::HashMap<usize, String> = of_region
        .into_iter()
        .map(|(root, gs)| (root, cell_text(gs)))
        .collect();
    let mut rows = Vec::new();
    for r in 0..nr {
        let row: Vec<String> = (0..nc)
            .map(|c| {
                let root = uf.find(r * nc + c);
                if first_col[root] == c {
                    texts.get(&root).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .collect();
        if row.iter().any(|t| !t.is_empty()) {
            rows.push(row);
        }
    }
    rows
}

/// Glyphs into lines, top to bottom, each left to right.
fn lines_of(mut gs: Vec<&Glyph>) -> Vec<Vec<&Glyph>> {
    gs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    for g in gs {
        match lines.last_mut() {
            Some(l) if (l[0].y - g.y).abs() <= 0.4 * l[0].size.max(g.size) => l.push(g),
            _ => lines.push(vec![g]),
        }
    }
    for l in &mut lines {
        l.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    lines
}

fn is_wide(s: &str) -> bool {
    s.chars().next().is_some_and(|c| !c.is_ascii())
}

/// A line's glyphs as text: a gap of two characters or more is a run of three spaces (a cell
/// boundary), a smaller one between Latin letters or digits a space, none inside Chinese.
fn line_text(line: &[&Glyph], cells: bool) -> String {
    let mut s = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in line {
        if let Some(p) = prev {
            let gap = g.x0 - p.x1;
            let size = p.size.max(g.size);
            if cells && gap > 1.5 * size {
                s.push_str("   ");
            } else {
                let both_wide = is_wide(&p.text) && is_wide(&g.text);
                let spaced = s.ends_with(' ') || g.text.starts_with(' ');
                if gap > 0.25 * size && !spaced && !both_wide {
                    s.push(' ');
                }
            }
        }
        s.push_str(&g.text);
        prev = Some(g);
    }
    s
}

fn cell_text(gs: Vec<&Glyph>) -> String {
    let mut text = String::new();
    for line in lines_of(gs) {
        let t = line_text(&line, false);
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        text = if text.is_empty() {
            t.to_string()
        } else {
            join_pieces(&text, t)
        };
    }
    text
}

/// Glyphs of a line kept together: a gap of less than a cell gap between them.
struct Piece {
    text: String,
    x0: f32,
    x1: f32,
}

/// A line cut into pieces where the gap is a cell gap (as [`line_text`] marks it).
fn pieces(line: &[&Glyph]) -> Vec<Piece> {
    let mut out: Vec<Vec<&Glyph>> = Vec::new();
    for g in line {
        match out.last_mut() {
            Some(cur)
                if cur
                    .last()
                    .is_some_and(|p| g.x0 - p.x1 <= 1.5 * p.size.max(g.size)) =>
            {
                cur.push(g)
            }
            _ => out.push(vec![g]),
        }
    }
    out.into_iter()
        .map(|gs| Piece {
            text: line_text(&gs, false).trim().to_string(),
            x0: gs[0].x0,
            x1: gs.last().map_or(gs[0].x1, |g| g.x1),
        })
        .filter(|p| !p.text.is_empty())
        .collect()
}

/// A table drawn without ruling lines, found from a line of three or more column headers:
/// the column boundaries lie between the header words; each later line's pieces go to the
/// column their middle falls in. A line with a first-column cell (序号 or name) starts a row; a
/// line without one is a wrapped part of a row's cells (`1744亿` over `元`, a name over two
/// lines) and joins the nearest row whose cells in those columns are empty — cells centred
/// beside a wrapped one sit between its lines — or else the row above. Returns the table (its
/// first row the header) and the index of the line after it.
fn borderless_table(lines: &[Vec<&Glyph>], start: usize) -> Option<(Vec<Vec<String>>, usize)> {
    let header = pieces(&lines[start]);
    if header.len() < 3 || !header.iter().all(|p| crate::table::is_header_cell(&p.text)) {
        return None;
    }
    let size = lines[start][0].size;
    let n = header.len();
    // The table's lines: until a sentence across the columns, a note or a wide gap.
    let rough: Vec<f32> = header
        .windows(2)
        .map(|w| (w[0].x1 + w[1].x0) / 2.0)
        .collect();
    let col_in = |bounds: &[f32], x: f32| bounds.iter().filter(|&&b| x >= b).count();
    let mut end = start + 1;
    let mut last_y = lines[start][0].y;
    while end < lines.len() {
        let line = &lines[end];
        let ps = pieces(line);
        // A sentence runs across columns; a short section title (一、经济发展) may too, and a
        // long name wraps inside its own.
        let prose = ps
            .iter()
            .any(|p| col_in(&rough, p.x1) > col_in(&rough, p.x0) && p.text.chars().count() > 15)
            || ps.first().is_some_and(|p| p.text.starts_with("注"));
        if last_y - line[0].y > 3.0 * size || prose || ps.is_empty() {
            break;
        }
        last_y = line[0].y;
        end += 1;
    }
    // Column boundaries from the text's alignment: between two header words, in the widest
    // stretch no glyph of the body covers (a left-aligned name starts right after the 序号
    // column, far left of its centred header).
    let body_glyphs: Vec<&Glyph> = lines[start + 1..end].iter().flatten().copied().collect();
    let bounds: Vec<f32> = header
        .windows(2)
        .map(|w| {
            let (lo, hi) = (w[0].x1, w[1].x0);
            let mut covered: Vec<(f32, f32)> = body_glyphs
                .iter()
                .filter(|g| g.x1 > lo && g.x0 < hi)
                .map(|g| (g.x0.max(lo), g.x1.min(hi)))
                .collect();
            covered.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut best = (0.0f32, (lo + hi) / 2.0);
            let mut at = lo;
            for (a, b) in covered.iter().copied().chain([(hi, hi)]) {
                if a - at > best.0 {
                    best = (a - at, (at + a) / 2.0);
                }
                at = at.max(b);
            }
            best.1
        })
        .collect();
    let mut heads: Vec<String> = header.iter().map(|p| p.text.clone()).collect();
    // Lines of the body: (y, cells per column), each glyph in the column of its middle.
    let mut body: Vec<(f32, Vec<String>)> = Vec::new();
    for line in &lines[start + 1..end] {
        let mut per_col: Vec<Vec<&Glyph>> = vec![Vec::new(); n];
        for g in line {
            per_col[col_in(&bounds, (g.x0 + g.x1) / 2.0)].push(g);
        }
        let cells: Vec<String> = per_col
            .iter()
            .map(|gs| line_text(gs, false).trim().to_string())
            .collect();
        // A header cell that wraps: its second line comes before any row.
        if body.is_empty()
            && cells[0].is_empty()
            && cells
                .iter()
                .all(|c| c.is_empty() || crate::table::is_header_cell(c) || c.starts_with('('))
        {
            for (h, c) in heads.iter_mut().zip(&cells) {
                if !c.is_empty() {
                    *h = join_pieces(h, c);
                }
            }
        } else {
            body.push((line[0].y, cells));
        }
    }
    let anchors: Vec<usize> = (0..body.len())
        .filter(|&k| !body[k].1[0].is_empty())
        .collect();
    if anchors.len() < 2 {
        return None;
    }
    // Where each wrapped line goes, decided on the rows as their first-column lines print them.
    let printed: Vec<Vec<String>> = anchors.iter().map(|&a| body[a].1.clone()).collect();
    let mut rows = printed.clone();
    for (k, (y, cells)) in body.iter().enumerate() {
        if !cells[0].is_empty() {
            continue;
        }
        let used: Vec<usize> = (0..n).filter(|&c| !cells[c].is_empty()).collect();
        let above = anchors.iter().rposition(|&a| a < k);
        let fits = |r: usize| used.iter().all(|&c| printed[r][c].is_empty());
        let nearest_empty = (0..anchors.len()).filter(|&r| fits(r)).min_by(|&a, &b| {
            let da = (body[anchors[a]].0 - y).abs();
            let db = (body[anchors[b]].0 - y).abs();
            da.total_cmp(&db)
        });
        let Some(r) = nearest_empty.or(above) else {
            continue;
        };
        // Lines are met top to bottom: a row's part above its first-column line goes before it.
        let before = k < anchors[r];
        for &c in &used {
            let cell = &mut rows[r][c];
            *cell = match (cell.is_empty(), before) {
                (true, _) => cells[c].clone(),
                (false, true) => join_pieces(&cells[c], cell),
                (false, false) => join_pieces(cell, &cells[c]),
            };
        }
    }
    let mut table = vec![heads];
    table.extend(rows);
    Some((table, end))
}

pub(super) fn lay_out(page: Page) -> Laid {
    let grids = grids(&page.rules);
    // Per grid: its glyphs, and the cell each falls in.
    type Placed<'a> = (Vec<&'a Glyph>, Vec<(usize, usize)>);
    let mut in_grid: Vec<Placed> = grids.iter().map(|_| (Vec::new(), Vec::new())).collect();
    let mut free = Vec::new();
    'glyph: for g in &page.glyphs {
        for (k, grid) in grids.iter().enumerate() {
            if let Some(cell) = grid.cell_of(g) {
                in_grid[k].0.push(g);
                in_grid[k].1.push(cell);
                continue 'glyph;
            }
        }
        free.push(g);
    }
    let mut items = Vec::new();
    for (grid, (gs, cells)) in grids.iter().zip(in_grid) {
        if gs.is_empty() {
            continue;
        }
        let rows = grid_rows(grid, gs, cells);
        // A framed box of one column of text is prose in a frame, not a table.
        if rows
            .iter()
            .all(|r| r.iter().filter(|c| !c.is_empty()).count() <= 1)
        {
            for r in rows {
                for c in r.into_iter().filter(|c| !c.is_empty()) {
                    items.push(Item::Line(Line {
                        text: c,
                        x0: grid.xs[0],
                        x1: grid.xs[0],
                        y: grid.ys[0],
                        size: 10.0,
                        indented: false,
                        lead: 0.0,
                    }));
                }
            }
            continue;
        }
        items.push(Item::Table {
            top: grid.ys[0],
            rows,
        });
    }
    let mut left = f32::MAX;
    let mut right = f32::MIN;
    let lines = lines_of(free);
    let mut free_lines = Vec::with_capacity(lines.len());
    let mut k = 0;
    while k < lines.len() {
        if let Some((rows, end)) = borderless_table(&lines, k) {
            items.push(Item::Table {
                top: lines[k][0].y + lines[k][0].size,
                rows,
            });
            k = end;
        } else {
            free_lines.push(lines[k].clone());
            k += 1;
        }
    }
    for line in free_lines {
        let text = line_text(&line, true);
        if text.trim().is_empty() {
            continue;
        }
        let indented = text.starts_with([' ', '\u{3000}']);
        let x0 = line
            .iter()
            .find(|g| !g.text.trim().is_empty())
            .map_or(line[0].x0, |g| g.x0);
        let x1 = line.last().map_or(x0, |g| g.x1);
        let mut inked = line.iter().skip_while(|g| g.text.trim().is_empty());
        let lead = match inked.next() {
            Some(first) if !is_wide(&first.text) => {
                let mut end = first.x1;
                for g in inked {
                    if is_wide(&g.text) || g.text.trim().is_empty() {
                        break;
                    }
                    end = g.x1;
                }
                end - first.x0
            }
            Some(first) => first.x1 - first.x0,
            None => 0.0,
        };
        left = left.min(line[0].x0);
        right = right.max(x1);
        items.push(Item::Line(Line {
            text: text.trim().to_string(),
            x0,
            x1,
            y: line[0].y,
            size: line.iter().map(|g| g.size).fold(0.0, f32::max),
            indented,
            lead,
        }));
    }
    items.sort_by(|a, b| b.top().total_cmp(&a.top()));
    drop_page_numbers(&mut items, page.top, page.bottom);
    Laid { items, left, right }
}

/// Whether a line is only a page number: `3`, `- 3 -`, `— 3 —`, `第3页`, `第3页 共10页`, `3/10`.
fn is_page_number(t: &str) -> bool {
    let s: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '—' | '–' | '－' | '·'))
        .collect();
    if s.is_empty() || s.chars().count() > 12 {
        return false;
    }
    let digits = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit());
    if digits(&s) {
        return true;
    }
    if let Some((a, b)) = s.split_once('/') {
        return digits(a) && digits(b);
    }
    let Some(rest) = s.strip_prefix('第') else {
        return false;
    };
    let Some((n, rest)) = rest.split_once('页') else {
        return false;
    };
    digits(n)
        && (rest.is_empty()
            || rest
                .strip_prefix('共')
                .and_then(|r| r.strip_suffix('页'))
                .is_some_and(digits))
}

/// Page numbers in the top or bottom band of the page.
fn drop_page_numbers(items: &mut Vec<Item>, top: f32, bottom: f32) {
    let band = (top - bottom) * 0.12;
    items.retain(|it| match it {
        Item::Line(l) => {
            let edge = l.y > top - band || l.y < bottom + band;
            !(edge && is_page_number(&l.text))
        }
        Item::Table { .. } => true,
    });
}

/// The pages' items into blocks: lines into paragraphs (a line that runs to the right margin
/// continues into the next unless that one is indented, smaller or larger, or far below),
/// and a table that goes on over a page break into one table (a repeated header dropped).
pub(super) fn join_pages(pages: Vec<Laid>) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    // The paragraph being built, with its last line and that line's page margins.
    let mut para: Option<(String, Line, f32)> = None;
    let flush = |para: &mut Option<(String, Line, f32)>, blocks: &mut Vec<Block>| {
        if let Some((text, _, _)) = para.take() {
            blocks.push(Block::Para(text));
        }
    };
    for page in pages {
        let mut first_on_page = true;
        for item in page.items {
            match item {
                Item::Line(line) => {
                    let continues = match &para {
                        Some((_, last, right)) => {
                            let full = right - last.x1 < line.lead + 1.5 * last.size;
                            let same_size = (line.size - last.size).abs() <= 0.2 * last.size;
                            let close = first_on_page || last.y - line.y < 2.2 * last.size;
                            let not_indented =
                                !line.indented && line.x0 - page.left < 1.5 * line.size;
                            full && same_size && close && not_indented
                        }
                        None => false,
                    };
                    if continues {
                        if let Some((text, last, right)) = para.as_mut() {
                            *text = join_pieces(text, &line.text);
                            *last = line;
                            *right = page.right;
                        }
                    } else {
                        flush(&mut para, &mut blocks);
                        para = Some((line.text.clone(), line, page.right));
                    }
                }
                Item::Table { rows, .. } => {
                    flush(&mut para, &mut blocks);
                    if first_on_page
                        && let Some(Block::Table(prev)) = blocks.last_mut()
                        && prev.first().map(Vec::len) == rows.first().map(Vec::len)
                    {
                        let repeated = rows
                            .iter()
                            .zip(prev.iter())
                            .take_while(|(a, b)| a == b)
                            .count();
                        prev.extend(rows.into_iter().skip(repeated));
                    } else {
                        blocks.push(Block::Table(rows));
                    }
                }
            }
            first_on_page = false;
        }
    }
    flush(&mut para, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(text: &str, x: f32, y: f32) -> Glyph {
        Glyph {
            text: text.into(),
            x0: x,
            x1: x + 10.0,
            y,
            size: 10.0,
        }
    }

    fn h(y: f32, x0: f32, x1: f32) -> Rule {
        Rule {
            x0,
            y0: y,
            x1,
            y1: y,
        }
    }
    fn v(x: f32, y0: f32, y1: f32) -> Rule {
        Rule {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }

    #[test]
    fn wrapped_cells_are_rebuilt_from_positions() {
        // Two columns ruled at x = 0, 40, 100; rows at y = 100, 70, 40. The name wraps over
        // two lines; the figure beside it is centred between them.
        let rules = vec![
            h(100.0, 0.0, 100.0),
            h(70.0, 0.0, 100.0),
            h(40.0, 0.0, 100.0),
            v(0.0, 40.0, 100.0),
            v(40.0, 40.0, 100.0),
            v(100.0, 40.0, 100.0),
        ];
        let glyphs = vec![
            g("序", 2.0, 85.0),
            g("号", 12.0, 85.0),
            g("1", 50.0, 52.0),
            g("7", 60.0, 52.0),
            g("亿", 70.0, 52.0),
            g("元", 50.0, 43.0),
            g("地", 2.0, 58.0),
            g("区", 12.0, 58.0),
            g("生", 2.0, 48.0),
        ];
        let laid = lay_out(Page {
            glyphs,
            rules,
            images: 0,
            unmapped: 0,
            top: 200.0,
            bottom: 0.0,
        });
        let blocks = join_pages(vec![laid]);
        assert_eq!(
            blocks,
            vec![Block::Table(vec![
                vec!["序号".to_string(), String::new()],
                vec!["地区生".to_string(), "17亿元".to_string()],
            ])]
        );
    }

    #[test]
    fn page_numbers() {
        for t in ["3", "- 3 -", "— 12 —", "第3页", "第 3 页 共 10 页", "3/10"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["增长3", "第三页", "", "3月"] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
