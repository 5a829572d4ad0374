//! Livelihood projects: sheets 民生实事候选, 票决 and 民生实事进度.

use crate::error::{CellError, ExportError, ImportError};
use crate::projects::{finish, missing_sheet};
use crate::table::unique;
use crate::table::{
    Cell, Col, Mapped, Sheet, col, column_letter, find_sheet, load_csv, load_workbook, norm_header,
};
use crate::write::{Out, OutTable, to_csv, to_xlsx};
use planwatch_domain::Message;
use planwatch_domain::livelihood::{
    Ballot, Candidate, Choices, LivelihoodProgress, Mark, Theme, Vote,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const CANDIDATES_SHEET: &str = "民生实事候选";
pub const VOTES_SHEET: &str = "票决";
pub const PROGRESS_SHEET: &str = "民生实事进度";

const SEQ: usize = 0;
const NAME: usize = 1;
const THEME: usize = 2;
const TASK: usize = 3;
const TARGET: usize = 4;
const UNIT: usize = 5;
const BUDGET: usize = 6;
const RESP: usize = 7;

pub(crate) static CANDIDATE_COLS: [Col; 8] = [
    col("序号", &["编号"], true),
    col("项目名称", &["名称", "实事名称"], true),
    col("类别", &["主题", "分类"], true),
    col("目标任务", &["主要内容", "目标"], false),
    col("目标值", &["目标数"], false),
    col("单位", &["计量单位"], false),
    col(
        "预算（万元）",
        &["预算", "资金预算（万元）", "投资（万元）"],
        false,
    ),
    col("责任单位", &["牵头单位", "责任部门"], false),
];

static VOTE_COLS: [Col; 1] = [col("代表编号", &["代表", "代表号", "编号"], true)];

const P_NAME: usize = 0;
const P_VALUE: usize = 1;
const P_NOTE: usize = 2;

static PROGRESS_COLS: [Col; 3] = [
    col("项目名称", &["名称", "实事名称"], true),
    col("完成值", &["完成数", "实际完成"], true),
    col("完成情况说明", &["完成情况", "说明", "备注"], false),
];

/// Marks of a selection-style ballot (选择式): a tick in the column of each chosen candidate.
const TICKS: [&str; 8] = ["√", "✓", "✔", "○", "〇", "选", "1", "V"];
/// What the export writes for a selection.
const TICK: &str = "√";

/// The livelihood ledger: candidates, the deputies' ballots, progress reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LivelihoodLedger {
    pub candidates: Vec<Candidate>,
    pub ballots: Vec<Ballot>,
    pub progress: Vec<LivelihoodProgress>,
}

impl LivelihoodLedger {
    /// Reads a workbook with sheet 民生实事候选 (required), 票决 and 民生实事进度 (optional).
    /// Ballots and progress rows are checked against the candidates of the same workbook.
    pub fn read_xlsx(bytes: &[u8]) -> Result<LivelihoodLedger, ImportError> {
        let sheets = load_workbook(bytes)?;
        let Some(cs) = find_sheet(&sheets, &[CANDIDATES_SHEET, "候选项目"], &CANDIDATE_COLS)
        else {
            return Err(missing_sheet(CANDIDATES_SHEET));
        };
        let mut errs = Vec::new();
        let candidates = parse_candidates(cs, &mut errs);
        let named = |n: &str| {
            sheets
                .iter()
                .find(|s| norm_header(&s.name) == norm_header(n))
        };
        let ballots = named(VOTES_SHEET)
            .map(|s| parse_ballots(s, &candidates, &mut errs))
            .unwrap_or_default();
        let progress = named(PROGRESS_SHEET)
            .map(|s| parse_progress(s, &candidates, &mut errs))
            .unwrap_or_default();
        finish(
            errs,
            LivelihoodLedger {
                candidates,
                ballots,
                progress,
            },
        )
    }

    /// Reads the three tables from CSV files (the last two optional).
    pub fn read_csv(
        candidates: &[u8],
        votes: Option<&[u8]>,
        progress: Option<&[u8]>,
    ) -> Result<LivelihoodLedger, ImportError> {
        let mut errs = Vec::new();
        let cands = parse_candidates(&load_csv(candidates, CANDIDATES_SHEET)?, &mut errs);
        let ballots = match votes {
            Some(b) => parse_ballots(&load_csv(b, VOTES_SHEET)?, &cands, &mut errs),
            None => Vec::new(),
        };
        let progress = match progress {
            Some(b) => parse_progress(&load_csv(b, PROGRESS_SHEET)?, &cands, &mut errs),
            None => Vec::new(),
        };
        finish(
            errs,
            LivelihoodLedger {
                candidates: cands,
                ballots,
                progress,
            },
        )
    }

    /// A workbook with the three sheets (票决 and 民生实事进度 only when not empty).
    /// Fails if a ballot names a candidate not in the list: the sheet has no column for it.
    pub fn write_xlsx(&self) -> Result<Vec<u8>, ExportError> {
        let mut tables = vec![candidates_table(&self.candidates)];
        if !self.ballots.is_empty() {
            tables.push(ballots_table(&self.candidates, &self.ballots)?);
        }
        if !self.progress.is_empty() {
            tables.push(progress_table(&self.progress));
        }
        to_xlsx(&tables)
    }

    /// The 民生实事候选 table as CSV.
    pub fn candidates_csv(&self) -> Result<Vec<u8>, ExportError> {
        to_csv(&candidates_table(&self.candidates))
    }

    /// The 票决 table as CSV.
    pub fn ballots_csv(&self) -> Result<Vec<u8>, ExportError> {
        to_csv(&ballots_table(&self.candidates, &self.ballots)?)
    }

    /// The 民生实事进度 table as CSV.
    pub fn progress_csv(&self) -> Result<Vec<u8>, ExportError> {
        to_csv(&progress_table(&self.progress))
    }
}

/// Reads ballots alone (sheet 票决, or the first sheet headed 代表编号) against a known
/// candidate list, as for `import votes`.
pub fn read_ballots_xlsx(
    bytes: &[u8],
    candidates: &[Candidate],
) -> Result<Vec<Ballot>, ImportError> {
    let sheets = load_workbook(bytes)?;
    let Some(s) = find_sheet(&sheets, &[VOTES_SHEET, "投票", "选票"], &VOTE_COLS) else {
        return Err(missing_sheet(VOTES_SHEET));
    };
    let mut errs = Vec::new();
    let b = parse_ballots(s, candidates, &mut errs);
    finish(errs, b)
}

/// Reads ballots alone from CSV.
pub fn read_ballots_csv(
    bytes: &[u8],
    candidates: &[Candidate],
) -> Result<Vec<Ballot>, ImportError> {
    let mut errs = Vec::new();
    let b = parse_ballots(&load_csv(bytes, VOTES_SHEET)?, candidates, &mut errs);
    finish(errs, b)
}

/// Reads progress reports alone (sheet 民生实事进度) against a known candidate list.
pub fn read_progress_xlsx(
    bytes: &[u8],
    candidates: &[Candidate],
) -> Result<Vec<LivelihoodProgress>, ImportError> {
    let sheets = load_workbook(bytes)?;
    let Some(s) = find_sheet(&sheets, &[PROGRESS_SHEET], &PROGRESS_COLS) else {
        return Err(missing_sheet(PROGRESS_SHEET));
    };
    let mut errs = Vec::new();
    let p = parse_progress(s, candidates, &mut errs);
    finish(errs, p)
}

/// Reads progress reports alone from CSV.
pub fn read_progress_csv(
    bytes: &[u8],
    candidates: &[Candidate],
) -> Result<Vec<LivelihoodProgress>, ImportError> {
    let mut errs = Vec::new();
    let p = parse_progress(&load_csv(bytes, PROGRESS_SHEET)?, candidates, &mut errs);
    finish(errs, p)
}

/// A name from the candidate list.
fn candidate_name() -> Message {
    Message::new(
        "民生实事候选中的项目名称",
        "the name of a project on the candidate list",
    )
}

fn parse_candidates(sheet: &Sheet, errs: &mut Vec<CellError>) -> Vec<Candidate> {
    let Some(m) = Mapped::new(sheet, &CANDIDATE_COLS, errs) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut seqs: HashMap<u32, u32> = HashMap::new();
    let mut names: HashMap<String, u32> = HashMap::new();
    for (rn, cells) in m.data_rows() {
        let mut r = m.row(rn, cells, errs);
        let before = r.errs.len();
        let seq = match r.decimal(SEQ, "") {
            Some(d) if d.fract().is_zero() && d > Decimal::ZERO => {
                u32::try_from(d.mantissa() / 10i128.pow(d.scale())).ok()
            }
            Some(_) => None,
            None => None,
        };
        if seq.is_none() && r.errs.len() == before {
            r.fail(SEQ, Message::new("正整数序号", "a whole number above 0"));
        }
        if let Some(s) = seq {
            if let Some(first) = seqs.get(&s) {
                r.fail(SEQ, unique("唯一的序号", "a unique number", *first));
            } else {
                seqs.insert(s, rn);
            }
        }
        let name = r.req_text(NAME);
        if !name.is_empty() {
            let key = norm_header(&name);
            if let Some(first) = names.get(&key) {
                r.fail(
                    NAME,
                    unique("唯一的项目名称", "a unique project name", *first),
                );
            } else {
                names.insert(key, rn);
            }
        }
        let theme = r.label(THEME, Theme::parse, &Theme::expected(), true);
        let target_value = r.amount(TARGET, "");
        let budget = r.amount(BUDGET, "万元");
        if r.errs.len() != before {
            continue;
        }
        let (Some(seq), Some(theme)) = (seq, theme) else {
            continue;
        };
        out.push(Candidate {
            seq,
            name,
            theme,
            target_task: r.text(TASK),
            target_value,
            unit: r.text(UNIT),
            budget_wan: budget,
            responsible_unit: r.text(RESP),
        });
    }
    out
}

fn parse_ballots(
    sheet: &Sheet,
    candidates: &[Candidate],
    errs: &mut Vec<CellError>,
) -> Vec<Ballot> {
    let Some(m) = Mapped::new(sheet, &VOTE_COLS, errs) else {
        return Vec::new();
    };
    let by_name: HashMap<String, &Candidate> = candidates
        .iter()
        .map(|c| (norm_header(&c.name), c))
        .collect();
    // Every other header must be a candidate's name.
    let mut columns: Vec<(usize, String)> = Vec::new();
    for (j, h) in m.other_headers() {
        match by_name.get(&norm_header(&h)) {
            Some(c) => columns.push((j, c.name.clone())),
            None => errs.push(CellError {
                sheet: sheet.name.clone(),
                row: Some(m.header_excel_row()),
                column: Some(h.clone()),
                letter: Some(column_letter(sheet.first_col + j as u32)),
                value: h,
                expected: candidate_name(),
            }),
        }
    }
    let ticks: Vec<String> = TICKS.iter().map(|t| norm_header(t)).collect();
    let mut out = Vec::new();
    for (rn, cells) in m.data_rows() {
        let deputy = m.row(rn, cells, errs).text(0);
        let mut marks = Vec::new();
        let mut picks = Vec::new();
        let mut bad = false;
        for (j, name) in &columns {
            let cell = cells.get(*j).unwrap_or(&Cell::Empty);
            let v = cell.display();
            if v.is_empty() {
                continue;
            }
            if let Some(vote) = Vote::parse(&v) {
                marks.push(Mark {
                    candidate: name.clone(),
                    vote,
                });
            } else if ticks.contains(&norm_header(&v)) {
                picks.push(name.clone());
            } else {
                bad = true;
                errs.push(CellError {
                    sheet: sheet.name.clone(),
                    row: Some(rn),
                    column: Some(name.clone()),
                    letter: Some(column_letter(sheet.first_col + *j as u32)),
                    value: v,
                    expected: Message::new(
                        format!("{}，或选择式选票的“√”，或留空", Vote::expected()),
                        format!(
                            "one of {}, a “√” on a selection ballot, or nothing",
                            Vote::expected()
                                .split('/')
                                .map(|v| format!("“{v}”"))
                                .collect::<Vec<_>>()
                                .join(" / ")
                        ),
                    ),
                });
            }
        }
        if !marks.is_empty() && !picks.is_empty() {
            bad = true;
            errs.push(CellError {
                sheet: sheet.name.clone(),
                row: Some(rn),
                column: None,
                letter: None,
                value: String::new(),
                expected: Message::new(
                    "同一张选票只用一种方式：逐项表决（赞成/反对/弃权）或选择式（√）",
                    "one way of voting per ballot: a mark per candidate (“赞成” / “反对” / “弃权”) \
                     or a selection (“√”)",
                ),
            });
        }
        if bad {
            continue;
        }
        // A ballot without marks is kept: the tally reports it as blank, not this import.
        let choices = if picks.is_empty() {
            Choices::PerCandidate(marks)
        } else {
            Choices::Selection(picks)
        };
        out.push(Ballot { deputy, choices });
    }
    out
}

fn parse_progress(
    sheet: &Sheet,
    candidates: &[Candidate],
    errs: &mut Vec<CellError>,
) -> Vec<LivelihoodProgress> {
    let Some(m) = Mapped::new(sheet, &PROGRESS_COLS, errs) else {
        return Vec::new();
    };
    let by_name: HashMap<String, &Candidate> = candidates
        .iter()
        .map(|c| (norm_header(&c.name), c))
        .collect();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut out = Vec::new();
    for (rn, cells) in m.data_rows() {
        let mut r = m.row(rn, cells, errs);
        let before = r.errs.len();
        let text = r.req_text(P_NAME);
        let mut name = text.clone();
        if !text.is_empty() {
            match by_name.get(&norm_header(&text)) {
                Some(c) => name = c.name.clone(),
                None => r.fail(P_NAME, candidate_name()),
            }
            if let Some(first) = seen.get(&norm_header(&text)) {
                r.fail(P_NAME, unique("每个项目一行", "one row a project", *first));
            } else {
                seen.insert(norm_header(&text), rn);
            }
        }
        let unit = by_name
            .get(&norm_header(&text))
            .map(|c| c.unit.clone())
            .unwrap_or_default();
        let value = r.amount(P_VALUE, &unit);
        if r.errs.len() != before {
            continue;
        }
        out.push(LivelihoodProgress {
            name,
            completed_value: value,
            note: r.text(P_NOTE),
        });
    }
    out
}

fn headers(cols: &[Col]) -> Vec<String> {
    cols.iter().map(|c| c.name.to_string()).collect()
}

fn candidates_table(candidates: &[Candidate]) -> OutTable {
    OutTable {
        name: CANDIDATES_SHEET,
        headers: headers(&CANDIDATE_COLS),
        rows: candidates
            .iter()
            .map(|c| {
                vec![
                    Out::Number(Decimal::from(c.seq)),
                    Out::text(&c.name),
                    Out::text(c.theme.label()),
                    Out::text(&c.target_task),
                    Out::opt_number(c.target_value),
                    Out::text(&c.unit),
                    Out::opt_number(c.budget_wan),
                    Out::text(&c.responsible_unit),
                ]
            })
            .collect(),
    }
}

fn ballots_table(candidates: &[Candidate], ballots: &[Ballot]) -> Result<OutTable, ExportError> {
    let mut order: Vec<&Candidate> = candidates.iter().collect();
    order.sort_by_key(|c| c.seq);
    let index: HashMap<String, usize> = order
        .iter()
        .enumerate()
        .map(|(i, c)| (norm_header(&c.name), i))
        .collect();
    let mut headers = vec![VOTE_COLS[0].name.to_string()];
    headers.extend(order.iter().map(|c| c.name.clone()));
    let mut rows = Vec::new();
    for b in ballots {
        let mut row = vec![Out::Empty; order.len() + 1];
        row[0] = Out::text(&b.deputy);
        let cells: Vec<(&str, &str)> = match &b.choices {
            Choices::PerCandidate(marks) => marks
                .iter()
                .map(|m| (m.candidate.as_str(), m.vote.label()))
                .collect(),
            Choices::Selection(picks) => picks.iter().map(|p| (p.as_str(), TICK)).collect(),
        };
        for (name, text) in cells {
            let i = index
                .get(&norm_header(name))
                .ok_or_else(|| ExportError::UnknownCandidate {
                    deputy: b.deputy.clone(),
                    name: name.to_string(),
                })?;
            row[i + 1] = Out::text(text);
        }
        rows.push(row);
    }
    Ok(OutTable {
        name: VOTES_SHEET,
        headers,
        rows,
    })
}

fn progress_table(progress: &[LivelihoodProgress]) -> OutTable {
    OutTable {
        name: PROGRESS_SHEET,
        headers: headers(&PROGRESS_COLS),
        rows: progress
            .iter()
            .map(|p| {
                vec![
                    Out::text(&p.name),
                    Out::opt_number(p.completed_value),
                    Out::text(&p.note),
                ]
            })
            .collect(),
    }
}
