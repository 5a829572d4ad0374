//! A found table read into indicator rows: headers composed into columns, rows cut and their
//! cells placed by what they are ([`super::rows`]), then each row turned into a
//! [`ReadIndicator`].

use super::cells::{Kind, classify, header_word, is_sub_word};
use super::find::{is_header_cell, is_indicator_header};
use super::rows::{Placement, align, stream_rows};
use crate::label::{as_seq, header_role, is_sub_header, looks_like_value, parse_label};
use crate::model::{
    ActualPart, ColumnRole, Diagnostic, ExtraCell, ReadIndicator, ReadTable, TableSection,
};
use crate::norm::{compact, first_year, join_pieces, norm};
use crate::source::{RawCell, RawTable};
use planwatch_domain::Tier;

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
    /// 0-based lines the table was read from; cells after its last row are left to the prose.
    pub lines: Vec<usize>,
}

/// Why a found table gave no rows, for the diagnostic.
pub(crate) enum NotRead {
    /// No header of known column words (and rows that do not look like the usual order).
    NoHeader,
    /// A header, but no name column or no target/result column: not an indicator table.
    NotIndicators(Vec<String>),
    /// A key-project table.
    Projects,
    /// An indicator header, but no row with a name under it.
    NoRows(Vec<String>),
}

struct Columns {
    headers: Vec<String>,
    roles: Vec<ColumnRole>,
}

impl Columns {
    fn new(headers: Vec<String>) -> Self {
        let roles = headers.iter().map(|h| column_role(h)).collect();
        Columns { headers, roles }
    }
    fn find(&self, pred: impl Fn(&ColumnRole) -> bool) -> Option<usize> {
        self.roles.iter().position(pred)
    }
    fn all(&self, pred: impl Fn(&ColumnRole) -> bool) -> Vec<usize> {
        (0..self.roles.len())
            .filter(|&c| pred(&self.roles[c]))
            .collect()
    }
}

/// The role of a composed header ("上半年完成情况/绝对值"): the known header word when it is one,
/// else what its words say.
fn column_role(h: &str) -> ColumnRole {
    header_word(h).unwrap_or_else(|| header_role(h))
}

fn cell_text(c: &RawCell) -> &str {
    c.text.trim()
}

fn is_header_row(cells: &[RawCell]) -> bool {
    let non_empty: Vec<&RawCell> = cells.iter().filter(|c| !cell_text(c).is_empty()).collect();
    let known = cells
        .iter()
        .filter(|c| !matches!(column_role(&c.text), ColumnRole::Other))
        .count();
    non_empty.len() >= 2 && known >= 2 && !non_empty.iter().any(|c| looks_like_value(&c.text))
}

fn is_sub_header_row(cells: &[RawCell]) -> bool {
    let non_empty: Vec<&RawCell> = cells.iter().filter(|c| !cell_text(c).is_empty()).collect();
    !non_empty.is_empty()
        && non_empty
            .iter()
            .all(|c| is_sub_header(&c.text) || is_sub_word(&c.text))
}

/// Composes column headers from a header row and, for a two-level header, the sub-headers
/// below it: "上半年完成情况/绝对值", "上半年完成情况/增幅". A spanning header is followed by
/// empty cells in a grid (pipe rows, Word tables); in a flattening that lost the empty cells the
/// sub-headers split the last result column (完成情况 → 完成情况/绝对值, 完成情况/同比增长), or
/// the last target column when there is none.
fn compose_columns(top_row: &[String], sub_row: Option<&[String]>, ncols: usize) -> Columns {
    let mut top: Vec<String> = (0..ncols)
        .map(|c| {
            top_row
                .get(c)
                .map(|t| compact(&norm(t)))
                .unwrap_or_default()
        })
        .collect();
    let Some(sub) = sub_row else {
        return Columns::new(top);
    };
    let sub_texts: Vec<String> = sub.iter().map(|s| compact(&norm(s))).collect();
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
    let mut headers = top.clone();
    if !slots.is_empty() && sub_non_empty.len() == slots.len() {
        for ((c, o), s) in slots.iter().zip(sub_non_empty) {
            headers[*c] = format!("{}/{}", top[*o], s);
        }
        return Columns::new(headers);
    }
    if slots.is_empty() && !sub_non_empty.is_empty() && sub_non_empty.len() == sub_texts.len() {
        top.retain(|t| !t.is_empty());
        let roles: Vec<ColumnRole> = top.iter().map(|t| column_role(t)).collect();
        let group = roles
            .iter()
            .rposition(|r| matches!(r, ColumnRole::Actual { .. }))
            .or_else(|| {
                roles
                    .iter()
                    .rposition(|r| matches!(r, ColumnRole::Target { .. }))
            });
        if let Some(g) = group {
            let mut headers: Vec<String> = top[..g].to_vec();
            headers.extend(sub_non_empty.iter().map(|s| format!("{}/{}", top[g], s)));
            headers.extend(top[g + 1..].iter().cloned());
            return Columns::new(headers);
        }
    }
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
    Columns::new(headers)
}

/// A header whose two levels were printed one after the other in one run (`… 完成情况 绝对值
/// 同比增长`): two or more sub-header words at its end split the result column before them.
fn compose_flat_header(header: &[String]) -> Columns {
    let subs = header.iter().rev().take_while(|h| is_sub_word(h)).count();
    if subs >= 2 && header.len() - subs >= 2 {
        let (top, sub) = header.split_at(header.len() - subs);
        compose_columns(top, Some(sub), top.len())
    } else {
        compose_columns(header, None, header.len())
    }
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

/// A section row sets the tier, the binding or the category of the rows after it.
fn apply_section(
    s: Section,
    tier: &mut Option<Tier>,
    section_binding: &mut Option<bool>,
    category: &mut Option<String>,
    sections: &mut Vec<TableSection>,
) {
    if s.tier.is_some() {
        *tier = s.tier;
    }
    if s.binding.is_some() {
        *section_binding = s.binding;
    }
    if s.tier.is_none() && s.binding.is_none() {
        *category = Some(compact(&s.text));
    }
    sections.push(TableSection {
        text: s.text,
        tier: s.tier,
        stated: s.stated,
        rows: 0,
        line: s.line,
    });
}

/// Joins a revision cell ("（后调整为2%左右）") to the cell before it, as one cell printed over
/// two lines.
fn join_revisions(cells: &[RawCell]) -> Vec<RawCell> {
    let mut out: Vec<RawCell> = Vec::with_capacity(cells.len());
    for c in cells {
        // Every revision says 调 (调整为, 上调至); only those cells need reading.
        if c.text.contains('调')
            && classify(&c.text) == Kind::Revision
            && let Some(prev) = out.iter_mut().rev().find(|p| !cell_text(p).is_empty())
        {
            prev.text = join_pieces(&prev.text, cell_text(c));
            continue;
        }
        out.push(c.clone());
    }
    out
}

/// A body row: its cells and what each is (read once; reading a cell parses it).
struct BodyRow {
    cells: Vec<RawCell>,
    kinds: Vec<Kind>,
}

impl BodyRow {
    fn of(cells: Vec<RawCell>) -> Self {
        let kinds = cells.iter().map(|c| classify(&c.text)).collect();
        BodyRow { cells, kinds }
    }
}

/// One body row with its cells placed.
struct PlacedRow<'a> {
    cells: &'a [RawCell],
    kinds: &'a [Kind],
    /// Per column, the index of its cell in `cells`.
    placement: Placement,
}

fn place<'a>(rows: &'a [BodyRow], roles: &[ColumnRole]) -> Vec<PlacedRow<'a>> {
    rows.iter()
        .map(|r| PlacedRow {
            cells: &r.cells,
            kinds: &r.kinds,
            placement: align(&r.kinds, roles),
        })
        .collect()
}

/// Columns whose cells say they are something else than their header: a result column of
/// verdict words (完成/未完成) beside another result column is a verdict column; a category
/// column of 预期性/约束性 is the attribute column.
fn roles_from_cells(roles: &[ColumnRole], placed: &[PlacedRow]) -> Option<Vec<ColumnRole>> {
    let mut out = roles.to_vec();
    let actuals = roles
        .iter()
        .filter(|r| matches!(r, ColumnRole::Actual { .. }))
        .count();
    let mut changed = false;
    for (c, role) in roles.iter().enumerate() {
        let kinds: Vec<Kind> = placed
            .iter()
            .filter_map(|p| p.placement.columns[c].map(|k| p.kinds[k]))
            .filter(|k| *k != Kind::Empty)
            .collect();
        if kinds.is_empty() {
            continue;
        }
        let share = |k: Kind| kinds.iter().filter(|x| **x == k).count() * 10 >= kinds.len() * 6;
        match role {
            ColumnRole::Actual { .. } if actuals >= 2 && share(Kind::Verdict) => {
                out[c] = ColumnRole::Verdict;
                changed = true;
            }
            ColumnRole::Category if share(Kind::Attribute) => {
                out[c] = ColumnRole::Nature;
                changed = true;
            }
            _ => {}
        }
    }
    changed.then_some(out)
}

/// How many cells at the start of an unmarked stream are header words.
pub(crate) fn stream_header_len(cells: &[RawCell]) -> usize {
    cells
        .iter()
        .take_while(|c| {
            let t = cell_text(c);
            !t.is_empty()
                && (is_header_cell(t)
                    || (!matches!(header_role(t), ColumnRole::Other)
                        && !looks_like_value(t)
                        && classify(t) != Kind::Seq))
        })
        .count()
}

fn not_read(raw: &RawTable, why: NotRead) -> Result<TableRead, NotRead> {
    let _ = raw;
    Err(why)
}

/// Reads a found table into indicator rows, or says why it gives none.
pub(crate) fn interpret(
    raw: &RawTable,
    index: usize,
    cx: &TableContext,
) -> Result<TableRead, NotRead> {
    let mut diagnostics = raw.diagnostics.clone();
    let mut leftover_lines: Vec<usize> = Vec::new();
    let (mut cols, body): (Columns, Vec<BodyRow>) = if raw.stream {
        let Some(all) = raw.rows.first() else {
            return not_read(raw, NotRead::NoHeader);
        };
        let cells = join_revisions(all);
        let header_len = stream_header_len(&cells);
        if header_len < 2 {
            return not_read(raw, NotRead::NoHeader);
        }
        let header: Vec<String> = cells[..header_len].iter().map(|c| c.text.clone()).collect();
        // Sub-header words after the top words: a two-level header.
        let cols = compose_flat_header(&header);
        let body_cells = &cells[header_len..];
        let kinds: Vec<Kind> = body_cells.iter().map(|c| classify(&c.text)).collect();
        let seqs: Vec<Option<u32>> = body_cells.iter().map(|c| as_seq(&c.text)).collect();
        let (row_idx, leftover) = stream_rows(&kinds, &seqs, &cols.roles);
        leftover_lines = leftover.iter().map(|&k| body_cells[k].line - 1).collect();
        let body = row_idx
            .into_iter()
            .map(|r| BodyRow {
                cells: r.iter().map(|&k| body_cells[k].clone()).collect(),
                kinds: r.iter().map(|&k| kinds[k]).collect(),
            })
            .collect();
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
        let body: Vec<BodyRow> = raw.rows[h..]
            .iter()
            .map(|r| BodyRow::of(join_revisions(r)))
            .collect();
        let ncols = raw.rows.iter().map(Vec::len).max().unwrap_or(0);
        if h == 0 {
            // No header: the usual order 序号, 指标名称, 目标, 完成 when the rows fit it.
            let looks = body
                .iter()
                .filter(|r| r.cells.len() >= 3 && r.kinds[0] == Kind::Seq)
                .count();
            if looks < 2 {
                return not_read(raw, NotRead::NoHeader);
            }
            let names = ["序号", "指标名称", "目标", "实际完成"];
            let headers: Vec<String> = (0..ncols.min(4)).map(|i| names[i].to_string()).collect();
            diagnostics.push(Diagnostic::new(
                raw.first_line,
                "表格没有表头，按“序号、指标名称、目标、实际完成”的顺序读取",
                "The table has no header; its columns were read as sequence number, indicator \
                 name, target and outcome, in that order.",
            ));
            (Columns::new(headers), body)
        } else {
            let texts = |r: &[RawCell]| r.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
            let top = texts(&raw.rows[0]);
            let cols = if h > 1 {
                compose_columns(&top, Some(&texts(&raw.rows[1])), ncols)
            } else if top.len() >= ncols {
                compose_flat_header(&top)
            } else {
                compose_columns(&top, None, ncols)
            };
            (cols, body)
        }
    };
    if cols.headers.iter().any(|h| h.contains("总投资")) {
        return not_read(raw, NotRead::Projects);
    }
    if !is_indicator_header(&cols.headers, &cols.roles) {
        return not_read(raw, NotRead::NotIndicators(cols.headers));
    }
    let mut placed = place(&body, &cols.roles);
    if let Some(roles) = roles_from_cells(&cols.roles, &placed) {
        cols.roles = roles;
        placed = place(&body, &cols.roles);
    }

    let caption = super::find::caption_text(&raw.caption);
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

    let Some(name_col) = cols.find(|r| matches!(r, ColumnRole::Name)) else {
        return not_read(raw, NotRead::NotIndicators(cols.headers));
    };
    let seq_col = cols.find(|r| matches!(r, ColumnRole::Seq));
    let cat_col = cols.find(|r| matches!(r, ColumnRole::Category));
    let nature_col = cols.find(|r| matches!(r, ColumnRole::Nature));
    let unit_col = cols.find(|r| matches!(r, ColumnRole::Unit));
    let verdict_col = cols.find(|r| matches!(r, ColumnRole::Verdict));
    let target_cols = cols.all(|r| matches!(r, ColumnRole::Target { .. }));
    let actual_cols = cols.all(|r| matches!(r, ColumnRole::Actual { .. }));

    let mut indicators: Vec<ReadIndicator> = Vec::new();
    let mut sections: Vec<TableSection> = Vec::new();
    let mut tier = None;
    let mut section_binding = None;
    let mut category: Option<String> = None;
    // A merged 属性 cell printed once holds for the rows after it.
    let mut nature: Option<bool> = None;
    let mut last_numbered: Option<String> = None;
    let ncols = cols.roles.len();
    for PlacedRow {
        cells: row,
        kinds,
        placement,
    } in &placed
    {
        let non_empty: Vec<&RawCell> = row.iter().filter(|c| !cell_text(c).is_empty()).collect();
        if non_empty.is_empty() {
            continue;
        }
        if non_empty.len() == 1 && ncols >= 3 && as_seq(&non_empty[0].text).is_none() {
            let s = parse_section(&non_empty[0].text, non_empty[0].line);
            apply_section(
                s,
                &mut tier,
                &mut section_binding,
                &mut category,
                &mut sections,
            );
            continue;
        }
        for &k in &placement.head {
            let s = parse_section(&row[k].text, row[k].line);
            apply_section(
                s,
                &mut tier,
                &mut section_binding,
                &mut category,
                &mut sections,
            );
        }
        let get = |c: Option<usize>| -> Option<RawCell> {
            c.and_then(|c| placement.columns.get(c).copied().flatten())
                .map(|k| row[k].clone())
        };
        let kind_of = |c: Option<usize>| -> Kind {
            c.and_then(|c| placement.columns.get(c).copied().flatten())
                .map_or(Kind::Empty, |k| kinds[k])
        };
        let Some(name_cell) = get(Some(name_col)).filter(|c| !cell_text(c).is_empty()) else {
            let cells = row
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join(" | ");
            diagnostics.push(Diagnostic::new(
                row[0].line,
                format!("表格行没有指标名称，未读取：{cells}"),
                format!("A table row has no indicator name and was not read: “{cells}”"),
            ));
            continue;
        };
        if let Some(c) = get(cat_col).filter(|c| !cell_text(c).is_empty()) {
            if kind_of(cat_col) == Kind::Attribute {
                nature = Some(norm(&c.text).contains("约束"));
            } else {
                category = Some(compact(&c.text));
            }
        }
        if let Some(c) = get(nature_col).filter(|c| !cell_text(c).is_empty()) {
            let n = norm(&c.text);
            if n.contains("约束") {
                nature = Some(true);
            } else if n.contains("预期") {
                nature = Some(false);
            }
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
        let binding = label.binding || section_binding == Some(true) || nature == Some(true);
        let mut unit = label.unit.clone();
        if unit.is_empty()
            && let Some(c) = get(unit_col)
            && kind_of(unit_col) == Kind::Unit
        {
            unit = norm(cell_text(&c)).replace(['(', ')'], "");
        }
        let verdict = get(verdict_col)
            .filter(|_| kind_of(verdict_col) == Kind::Verdict)
            .map(|c| cell_text(&c).to_string());
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
                let used = c == name_col
                    || Some(c) == seq_col
                    || Some(c) == cat_col
                    || Some(c) == verdict_col
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
                diagnostics.push(Diagnostic::new(
                    name_cell.line,
                    format!("指标“{}”没有目标和实际值（表格可能被截断）", label.name),
                    format!(
                        "The indicator “{}” has neither a target nor an actual value (the table \
                         may be cut off).",
                        label.name
                    ),
                ));
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
                verdict: verdict.clone(),
                line: name_cell.line,
            });
        }
        if let Some(s) = sections.last_mut() {
            s.rows += 1;
        }
    }
    if indicators.is_empty() {
        return not_read(raw, NotRead::NoRows(cols.headers));
    }
    let rows = indicators.len();
    let lines: Vec<usize> = raw
        .lines
        .iter()
        .copied()
        .filter(|l| !leftover_lines.contains(l))
        .collect();
    Ok(TableRead {
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
        lines,
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
    fn two_level_header_without_empty_cells() {
        let top: Vec<String> = ["序号", "指标名称", "单位", "2022年目标", "完成情况"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let sub: Vec<String> = ["绝对值", "同比增长"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let cols = compose_columns(&top, Some(&sub), 5);
        assert_eq!(
            cols.headers,
            vec![
                "序号",
                "指标名称",
                "单位",
                "2022年目标",
                "完成情况/绝对值",
                "完成情况/同比增长"
            ]
        );
        assert!(matches!(
            cols.roles[5],
            ColumnRole::Actual {
                part: ActualPart::Growth,
                ..
            }
        ));
    }
}
