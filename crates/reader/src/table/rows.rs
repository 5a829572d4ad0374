//! Rows and columns rebuilt from what cells are.
//!
//! [`align`] places the cells of one row into the table's columns: the order of cells is kept,
//! each cell goes to at most one column, and among all such placements the one whose cells best
//! fit their columns wins ([`fit`]: a growth rate fits a 增长 column, a level with its unit an
//! 绝对值 column, 预期性 an 属性 column, 完成 a verdict column, any figure a target column, a
//! name only the name or category column). So a row that lacks a cell, a merged cell printed on
//! the first row of its span only, or a category column printed once per group all land right,
//! without counting positions. It is a small dynamic programme, cells × columns.
//!
//! [`stream_rows`] cuts an unmarked stream of cells (one cell per line, a whole table run
//! together in one paragraph) into rows: a row starts at its 序号 (the next number, followed by
//! a name) or, in a table without 序号, at a name following figures.

use super::cells::Kind;
use crate::model::{ActualPart, ColumnRole};

/// A placement that cannot happen.
const NO: i32 = i32::MIN / 4;
/// Leaving out a cell that is not empty.
const DROP: i32 = -12;

/// How well a cell of `kind` fits a column of `role`; `None` when it cannot go there.
pub(crate) fn fit(kind: Kind, role: &ColumnRole) -> Option<i32> {
    use ColumnRole as R;
    use Kind as K;
    if kind == K::Empty {
        // An empty cell is only evidence of a position.
        return Some(1);
    }
    let part = match role {
        R::Actual { part, .. } => Some(*part),
        _ => None,
    };
    let s = match (kind, role) {
        (K::Seq, R::Seq) => 20,
        (_, R::Seq) => return None,
        (K::Name, R::Name) => 10,
        (_, R::Name) => return None,
        (K::Name, R::Category) => 6,
        (K::Attribute, R::Category) => 8,
        (_, R::Category) => return None,
        (K::Unit, R::Unit) => 12,
        (K::Placeholder | K::Empty, R::Unit) => 2,
        (K::Name, R::Unit) => 3,
        (_, R::Unit) => return None,
        (K::Attribute, R::Nature) => 12,
        (K::Name, R::Nature) => 2,
        (_, R::Nature) => return None,
        (K::Verdict, R::Verdict) => 12,
        (K::Placeholder | K::Pending, R::Verdict) => 3,
        (_, R::Verdict) => return None,
        (
            K::Unit | K::Attribute | K::Section | K::Revision,
            R::Target { .. } | R::Actual { .. },
        ) => {
            return None;
        }
        (K::Verdict, R::Target { .. }) => return None,
        (K::Name, R::Target { .. } | R::Actual { .. }) => 1,
        (K::Aim, R::Target { .. }) => 7,
        (K::Aim, R::Actual { .. }) => 3,
        // 完成市级下达任务 is a target as often as a result.
        (K::Outcome, R::Target { .. }) => 5,
        (K::Outcome, R::Actual { .. }) => 5,
        (K::Verdict, R::Actual { .. }) => 4,
        (K::Pending, R::Target { .. }) => 3,
        (K::Pending, R::Actual { .. }) => 6,
        (K::Placeholder, R::Target { .. } | R::Actual { .. }) => 4,
        (K::Compound, R::Target { .. } | R::Actual { .. }) => 4,
        (K::Growth, R::Target { .. }) => 6,
        (K::Level | K::Number | K::Seq, R::Target { .. }) => 6,
        (K::Growth, R::Actual { .. }) => match part {
            Some(ActualPart::Growth) => 8,
            Some(ActualPart::Absolute) => 3,
            _ => 6,
        },
        (K::Level, R::Actual { .. }) => match part {
            Some(ActualPart::Absolute) => 8,
            Some(ActualPart::Growth) => 2,
            _ => 6,
        },
        (K::Number | K::Seq, R::Actual { .. }) => 5,
        (K::Empty, _) => 1,
        // Departments, notes, columns of no known meaning: anything, weakly.
        (K::Name, _) => 3,
        (K::Section | K::Revision, _) => return None,
        (_, R::Department | R::Note | R::Other) => 2,
    };
    Some(s)
}

/// Cells that may stand outside the columns, as rows of their own: section titles, group names.
fn free_to_drop(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Section | Kind::Name | Kind::Attribute | Kind::Empty
    )
}

/// Where each column's cell is (an index into the row's cells), and the placement's score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placement {
    pub columns: Vec<Option<usize>>,
    /// Cells left out at the start (section titles before the row).
    pub head: Vec<usize>,
    /// Cells left out elsewhere.
    pub dropped: Vec<usize>,
    pub score: i32,
}

#[derive(Clone, Copy)]
enum Step {
    SkipColumn,
    Place,
    Drop,
}

/// The best order-keeping placement of `kinds` into columns of `roles`. Leading cells that may
/// stand alone (a section title before the first cell of the row) are left out for free.
pub(crate) fn align(kinds: &[Kind], roles: &[ColumnRole]) -> Placement {
    let (n, m) = (kinds.len(), roles.len());
    let w = m + 1;
    let mut dp = vec![NO; (n + 1) * w];
    let mut step = vec![Step::SkipColumn; (n + 1) * w];
    dp[0] = 0;
    for i in 0..=n {
        for j in 0..=m {
            if i == 0 && j == 0 {
                continue;
            }
            let mut best = NO;
            let mut how = Step::SkipColumn;
            // Order of trial is the order of preference on ties: leave the last column empty,
            // then place, then drop — so that cells sit as far left as they fit.
            if j > 0 && dp[i * w + j - 1] > NO {
                best = dp[i * w + j - 1];
                how = Step::SkipColumn;
            }
            if i > 0
                && j > 0
                && dp[(i - 1) * w + j - 1] > NO
                && let Some(f) = fit(kinds[i - 1], &roles[j - 1])
            {
                let s = dp[(i - 1) * w + j - 1] + f;
                if s > best {
                    best = s;
                    how = Step::Place;
                }
            }
            if i > 0 && dp[(i - 1) * w + j] > NO {
                let cost = if kinds[i - 1] == Kind::Empty || (j == 0 && free_to_drop(kinds[i - 1]))
                {
                    0
                } else {
                    DROP
                };
                let s = dp[(i - 1) * w + j] + cost;
                if s > best {
                    best = s;
                    how = Step::Drop;
                }
            }
            dp[i * w + j] = best;
            step[i * w + j] = how;
        }
    }
    let mut columns = vec![None; m];
    let mut head = Vec::new();
    let mut dropped = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        match step[i * w + j] {
            Step::SkipColumn if j > 0 => j -= 1,
            Step::Place => {
                columns[j - 1] = Some(i - 1);
                i -= 1;
                j -= 1;
            }
            _ => {
                if kinds[i - 1] != Kind::Empty {
                    if j == 0 {
                        head.push(i - 1);
                    } else {
                        dropped.push(i - 1);
                    }
                }
                i -= 1;
            }
        }
    }
    head.reverse();
    dropped.reverse();
    Placement {
        columns,
        head,
        dropped,
        score: dp[n * w + m],
    }
}

/// A row cut from a stream: the cells it holds (indices into the stream), in order.
pub(crate) type RowCells = Vec<usize>;

fn next_non_empty(kinds: &[Kind], from: usize) -> Option<usize> {
    (from..kinds.len()).find(|&k| kinds[k] != Kind::Empty)
}

/// Cuts a stream of cells into rows. `seqs[k]` is the number a 序号 cell holds. Returns the
/// rows and the cells after the last row that belong to none (the text after the table).
pub(crate) fn stream_rows(
    kinds: &[Kind],
    seqs: &[Option<u32>],
    roles: &[ColumnRole],
) -> (Vec<RowCells>, Vec<usize>) {
    let has_seq = roles.iter().any(|r| matches!(r, ColumnRole::Seq));
    // Row starts.
    let mut anchors: Vec<usize> = Vec::new();
    let mut last: Option<u32> = None;
    for k in 0..kinds.len() {
        let prev = (0..k).rev().find(|&x| kinds[x] != Kind::Empty);
        let after_figures = |p: Option<usize>| {
            p.is_some_and(|x| {
                !matches!(
                    kinds[x],
                    Kind::Name | Kind::Section | Kind::Attribute | Kind::Empty
                )
            })
        };
        let starts = if has_seq && kinds[k] == Kind::Seq {
            let Some(n) = seqs[k] else {
                continue;
            };
            let named = next_non_empty(kinds, k + 1).is_some_and(|x| kinds[x] == Kind::Name);
            let plausible = match last {
                None => true,
                Some(p) => n == 1 || (n > p && n <= p + 3),
            };
            if named && plausible {
                last = Some(n);
                true
            } else {
                false
            }
        } else if has_seq {
            // A row without its own 序号 ("#规模以上工业总产值（区属）" under row 2): a name
            // between figures and followed by figures (a group name is followed by a number).
            kinds[k] == Kind::Name
                && last.is_some()
                && after_figures(prev)
                && prev.is_some_and(|x| kinds[x] != Kind::Seq)
                && next_non_empty(kinds, k + 1).is_some_and(|x| {
                    kinds[x] != Kind::Seq && kinds[x].is_value() && kinds[x] != Kind::Verdict
                })
        } else {
            kinds[k] == Kind::Name && (prev.is_none() || after_figures(prev))
        };
        if starts {
            anchors.push(k);
        }
    }
    let mut rows: Vec<RowCells> = Vec::new();
    if anchors.is_empty() {
        return (rows, (0..kinds.len()).collect());
    }
    // Cells before the first row: its merged cells (a category) or section titles.
    let mut prefix: Vec<usize> = (0..anchors[0]).collect();
    for (r, &a) in anchors.iter().enumerate() {
        let end = anchors.get(r + 1).copied().unwrap_or(kinds.len());
        let segment: Vec<usize> = (a..end).collect();
        // Where this row ends: the rest (a category or section title printed before the next
        // row) waits for the next row. The best split scores the row's placement plus what is
        // left, which costs nothing when it can stand alone.
        let mut best: Option<(i32, usize, Placement)> = None;
        for p in (1..=segment.len()).rev() {
            let cells: Vec<usize> = prefix.iter().chain(&segment[..p]).copied().collect();
            let ks: Vec<Kind> = cells.iter().map(|&c| kinds[c]).collect();
            let placed = align(&ks, roles);
            let rest_cost: i32 = segment[p..]
                .iter()
                .map(|&c| if free_to_drop(kinds[c]) { 0 } else { DROP })
                .sum();
            let total = placed.score + rest_cost;
            if best.as_ref().is_none_or(|(b, _, _)| total > *b) {
                best = Some((total, p, placed));
            }
        }
        let Some((_, p, _)) = best else { continue };
        let row: RowCells = prefix.iter().chain(&segment[..p]).copied().collect();
        rows.push(row);
        prefix = segment[p..].to_vec();
    }
    (rows, prefix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Kind as K;

    fn roles(words: &[&str]) -> Vec<ColumnRole> {
        words
            .iter()
            .map(|w| super::super::cells::header_word(w).unwrap_or(ColumnRole::Other))
            .collect()
    }

    #[test]
    fn a_missing_growth_cell() {
        let r = roles(&[
            "序号",
            "指标名称",
            "单位",
            "目标",
            "绝对值",
            "增长",
            "是否完成",
        ]);
        // 1 | 名称 | 亿元 | 6 | 871.2亿元 | 完成 (no growth)
        let p = align(
            &[K::Seq, K::Name, K::Unit, K::Number, K::Level, K::Verdict],
            &r,
        );
        assert_eq!(
            p.columns,
            vec![Some(0), Some(1), Some(2), Some(3), Some(4), None, Some(5)]
        );
        // …and with a growth but no level.
        let p = align(&[K::Seq, K::Name, K::Unit, K::Number, K::Growth], &r);
        assert_eq!(
            p.columns,
            vec![Some(0), Some(1), Some(2), Some(3), None, Some(4), None]
        );
    }

    #[test]
    fn merged_cells_printed_once() {
        let r = roles(&["类别", "序号", "指标", "属性", "目标", "完成"]);
        let first = align(
            &[K::Name, K::Seq, K::Name, K::Attribute, K::Growth, K::Growth],
            &r,
        );
        assert_eq!(first.columns.iter().filter(|c| c.is_some()).count(), 6);
        let later = align(&[K::Seq, K::Name, K::Growth, K::Growth], &r);
        assert_eq!(
            later.columns,
            vec![None, Some(0), Some(1), None, Some(2), Some(3)]
        );
    }

    #[test]
    fn a_section_title_before_a_row_stands_alone() {
        let r = roles(&["序号", "指标", "目标"]);
        let p = align(&[K::Section, K::Seq, K::Name, K::Number], &r);
        assert_eq!(p.head, vec![0]);
        assert_eq!(p.columns, vec![Some(1), Some(2), Some(3)]);
    }

    #[test]
    fn streams_cut_at_numbers_followed_by_names() {
        let r = roles(&["序号", "指标", "完成情况", "年度目标"]);
        // 1 名称 增长6.1% 增长6%左右 2 名称 2.3 3 3 名称 …: the target "3" is not a row start.
        let kinds = [
            K::Seq,
            K::Name,
            K::Growth,
            K::Growth,
            K::Seq,
            K::Name,
            K::Number,
            K::Seq,
            K::Seq,
            K::Name,
            K::Growth,
            K::Aim,
        ];
        let seqs = [
            Some(1),
            None,
            None,
            None,
            Some(2),
            None,
            None,
            Some(3),
            Some(3),
            None,
            None,
            None,
        ];
        let (rows, rest) = stream_rows(&kinds, &seqs, &r);
        assert_eq!(
            rows,
            vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8, 9, 10, 11]]
        );
        assert!(rest.is_empty());
    }

    #[test]
    fn a_category_printed_before_the_next_row_goes_with_it() {
        let r = roles(&["指标分类", "序号", "指标名称", "目标", "完成情况"]);
        let kinds = [
            K::Name,
            K::Seq,
            K::Name,
            K::Growth,
            K::Growth,
            K::Name,
            K::Seq,
            K::Name,
            K::Growth,
        ];
        let seqs = [None, Some(9), None, None, None, None, Some(10), None, None];
        let (rows, _) = stream_rows(&kinds, &seqs, &r);
        assert_eq!(rows, vec![vec![0, 1, 2, 3, 4], vec![5, 6, 7, 8]]);
    }
}
