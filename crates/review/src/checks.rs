//! The checks. Each pushes findings with evidence from the prose and from the table.

use crate::{Finding, FindingKind, Severity, Span};
use planwatch_domain::judge::{Judgement, Status, judge_plan, judge_plan_in, resolve_direction};
use planwatch_domain::lang::{count_en, figure_with_unit, plain_number};
use planwatch_domain::{Cmp, Direction, Expr, Form, IndicatorKind, Lang, Quantity, Rules, Tier};
use planwatch_reader::matching::{best_match, match_score};
use planwatch_reader::{
    Change, Claim, Fig, Phase, PhaseFigures, Qualifier, ReadIndicator, Reading, Role, SummaryClaim,
    SummaryGroup, SystemChangeKind, TablePlan,
};
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::BTreeSet;

/// A table's plan with each row's judgement.
struct Judged {
    tp: TablePlan,
    judgements: Vec<Judgement>,
    /// The same judgements' explanations written in English, row for row.
    explanations_en: Vec<String>,
}

struct Ctx<'a> {
    r: &'a Reading,
    rules: &'a Rules,
    exec: Option<Judged>,
    next: Option<TablePlan>,
    out: RefCell<Vec<Finding>>,
}

pub(crate) fn run(r: &Reading, rules: &Rules) -> Vec<Finding> {
    let plans = r.table_plans();
    let has_actual = |tp: &TablePlan| r.tables.get(tp.table_index).is_some_and(|t| t.has_actual);
    let exec_tp = plans
        .iter()
        .filter(|tp| has_actual(tp))
        .find(|tp| Some(tp.plan.year) == r.execution_year)
        .or_else(|| plans.iter().find(|tp| has_actual(tp)))
        .cloned();
    let exec = exec_tp.map(|tp| {
        let judgements = judge_plan(&tp.plan, rules);
        let explanations_en = judge_plan_in(&tp.plan, rules, Lang::En)
            .into_iter()
            .map(|j| j.explanation)
            .collect();
        Judged {
            tp,
            judgements,
            explanations_en,
        }
    });
    let exec_year = exec.as_ref().map(|e| e.tp.plan.year).or(r.execution_year);
    let next = plans
        .iter()
        .filter(|tp| !has_actual(tp))
        .find(|tp| Some(tp.plan.year) == r.plan_year)
        .or_else(|| {
            plans
                .iter()
                .filter(|tp| !has_actual(tp))
                .find(|tp| exec_year.is_none_or(|y| tp.plan.year > y))
        })
        .cloned();
    let cx = Ctx {
        r,
        rules,
        exec,
        next,
        out: RefCell::new(Vec::new()),
    };
    cx.completeness();
    cx.summary();
    cx.prose_vs_table();
    cx.printed_verdicts();
    cx.prose_targets();
    cx.projects();
    cx.livelihood();
    cx.tiers_and_sections();
    cx.shares();
    cx.three_industries();
    cx.targets_vs_last_actual();
    cx.binding_missed();
    cx.system_changes();
    cx.out.into_inner()
}

fn fmt(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A figure with its unit in an English sentence (`174.4 billion yuan`, `6.5%`).
fn fig_en(v: Decimal, unit: &str) -> String {
    figure_with_unit(v, unit, Lang::En)
}

/// A difference between two figures in an English sentence: percentage points for rates.
fn gap_en(v: Decimal, unit: &str) -> String {
    if matches!(unit.trim(), "%" | "％" | "个百分点" | "百分点") {
        let v = plain_number(v);
        let points = if v == "1" { "point" } else { "points" };
        format!("{v} percentage {points}")
    } else {
        fig_en(v, unit)
    }
}

/// Names quoted from the report, for an English sentence.
/// “1 indicator”, “3 indicators”.
fn indicators_en(n: usize) -> String {
    count_en(n, "indicator", "indicators")
}

fn names_en(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items
            .iter()
            .map(|n| format!("“{n}”"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Whether a computed figure reads as the stated one at the stated precision.
fn agrees_at_precision(computed: Decimal, stated: Decimal) -> bool {
    let dp = stated.normalize().scale();
    computed.round_dp(dp) == stated.normalize() || (computed - stated).abs() < Decimal::new(1, 6)
}

fn pct(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)
}

pub(crate) fn row_span(ind: &ReadIndicator) -> Span {
    let mut text = format!("附表“{}”：目标 {}", ind.label, ind.target.text);
    let mut text_en = format!("Table row “{}”: target “{}”", ind.label, ind.target.text);
    if let Some(a) = &ind.actual {
        text.push_str(&format!("，实际 {}", a.text));
        text_en.push_str(&format!(", actual “{}”", a.text));
    }
    if !ind.table.is_empty() {
        text.push_str(&format!("（{}）", ind.table));
        text_en.push_str(&format!(" (“{}”)", ind.table));
    }
    Span {
        line: ind.line,
        text,
        text_en,
    }
}

/// The report's own line, quoted as written in both languages.
fn prose_span(line: usize, text: &str) -> Span {
    Span {
        line,
        text: text.to_string(),
        text_en: String::new(),
    }
}

fn fig_span(f: &Fig, text: &str) -> Span {
    prose_span(f.line, text)
}

/// A clause as the end of a sentence: with a full stop unless it has one.
fn end_sentence(s: &str) -> String {
    let s = s.trim_end();
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

fn names_list(items: &[String]) -> String {
    if items.is_empty() {
        "无".into()
    } else {
        items.join("、")
    }
}

fn dedup_spans(mut v: Vec<Span>) -> Vec<Span> {
    let mut seen = BTreeSet::new();
    v.retain(|s| seen.insert((s.line, s.text.clone())));
    v
}

fn phase_count(phases: &[PhaseFigures], ph: Phase) -> Option<Fig> {
    phases
        .iter()
        .find(|x| x.phase == ph)
        .and_then(|x| x.count.clone())
}

impl Ctx<'_> {
    /// A problem found, told in Chinese (`message`) and in English (`en`) from the same facts.
    fn push(
        &self,
        kind: FindingKind,
        severity: Severity,
        message: String,
        en: String,
        evidence: Vec<Span>,
    ) {
        self.out.borrow_mut().push(Finding {
            kind,
            severity,
            passed: false,
            message,
            message_en: en,
            evidence: dedup_spans(evidence),
        });
    }

    /// A check that passed, in both languages.
    fn pass(&self, kind: FindingKind, message: String, en: String, evidence: Vec<Span>) {
        self.out.borrow_mut().push(Finding {
            kind,
            severity: Severity::Info,
            passed: true,
            message,
            message_en: en,
            evidence: dedup_spans(evidence),
        });
    }

    /// The English explanation of the judgement of row `i` of the execution table.
    fn why_en(&self, i: usize) -> &str {
        self.exec
            .as_ref()
            .and_then(|e| {
                let k = e.tp.rows.iter().position(|&r| r == i)?;
                e.explanations_en.get(k)
            })
            .map_or("", String::as_str)
    }

    fn ind(&self, i: usize) -> &ReadIndicator {
        &self.r.indicators[i]
    }

    /// (row index into Reading::indicators, judgement) of the execution table.
    fn judged_rows(&self) -> Vec<(usize, Judgement)> {
        match &self.exec {
            Some(e) => {
                e.tp.rows
                    .iter()
                    .copied()
                    .zip(e.judgements.iter().cloned())
                    .collect()
            }
            None => Vec::new(),
        }
    }

    /// Rows of the execution table as (index, name) for matching.
    fn exec_rows(&self) -> Vec<(usize, &str)> {
        match &self.exec {
            Some(e) => {
                e.tp.rows
                    .iter()
                    .map(|&i| (i, self.ind(i).name.as_str()))
                    .collect()
            }
            None => Vec::new(),
        }
    }

    fn next_rows(&self) -> Vec<(usize, &str)> {
        match &self.next {
            Some(n) => n
                .rows
                .iter()
                .map(|&i| (i, self.ind(i).name.as_str()))
                .collect(),
            None => Vec::new(),
        }
    }

    /// No indicator table read, or nothing read at all: everything after rests on less than
    /// the report, and the reader of the review must know it first.
    fn completeness(&self) {
        let r = self.r;
        if !r.indicators.is_empty() {
            return;
        }
        // Where the reader saw a table but could not read it.
        let unread: Vec<Span> = r
            .diagnostics
            .iter()
            .filter(|d| d.line > 0 && (d.message.contains("表格") || d.message.contains("表头")))
            .map(|d| Span {
                line: d.line,
                text: d.message.clone(),
                // The reader's own English, which says what was wrong with this table.
                text_en: d.message_in(Lang::En).to_string(),
            })
            .collect();
        let figures = !(r.claims.is_empty()
            && r.inline.is_empty()
            && r.measures.is_empty()
            && r.projects.is_empty()
            && r.livelihood.is_empty()
            && r.shares.is_empty());
        let (why, why_en) = if !unread.is_empty() {
            (
                format!(
                    "报告中有{}处表格未能读成指标行（见所列行），附表与正文的核对、完成情况的判定均未进行",
                    unread.len()
                ),
                format!(
                    "{} in the report could not be read as indicator rows (see the lines listed), \
                     so the text was not checked against the tables and no indicator was judged.",
                    count_en(unread.len(), "table", "tables")
                ),
            )
        } else if figures {
            (
                "报告中没有找到指标表（附表），只核对了正文中能读到的数字，附表与正文的核对、完成情况的判定均未进行".to_string(),
                "no indicator table (annex) was found in the report; only the figures in its \
                 text were checked, so nothing was checked against a table and no indicator was \
                 judged."
                    .to_string(),
            )
        } else {
            (
                "文中也没有读到任何指标、目标或数据表述，该文件可能不是国民经济和社会发展计划报告"
                    .to_string(),
                "nor does its text state any indicator, target or figure that could be read; \
                 the file may not be a report on an economic and social development plan at all."
                    .to_string(),
            )
        };
        self.push(
            FindingKind::Incomplete,
            Severity::Error,
            format!("未能读取指标表，以下审查不完整：{why}"),
            format!("No indicator table could be read, so this review is incomplete: {why_en}"),
            unread,
        );
    }

    /// The table's printed verdicts (完成/未完成/基本完成) against the judged statuses.
    fn printed_verdicts(&self) {
        let mut agree = Vec::new();
        let mut agree_en = Vec::new();
        let mut agree_ev = Vec::new();
        for (i, j) in self.judged_rows() {
            let ind = self.ind(i);
            let why_en = self.why_en(i);
            let Some(printed_text) = &ind.verdict else {
                continue;
            };
            let Some(printed) = Status::from_printed(printed_text) else {
                continue;
            };
            let ev = vec![row_span(ind)];
            if j.status.agrees_with_printed(printed) {
                agree.push(format!("{}（{}）", ind.name, printed_text.trim()));
                agree_en.push(format!("“{}” (“{}”)", ind.name, printed_text.trim()));
                agree_ev.extend(ev);
            } else if j.status.rank().is_none() {
                self.push(
                    FindingKind::PrintedVerdict,
                    Severity::Info,
                    format!(
                        "附表对“{}”标注“{}”，按规则{}，无法核对：{}",
                        ind.name,
                        printed_text.trim(),
                        j.status.label_zh(),
                        j.explanation
                    ),
                    format!(
                        "The table marks “{}” as “{}”; by the rules it is {}, so the mark cannot \
                         be checked: {}",
                        ind.name,
                        printed_text.trim(),
                        j.status.word(Lang::En),
                        why_en
                    ),
                    ev,
                );
            } else {
                let severity = if printed.is_on_track() != j.status.is_on_track() {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                self.push(
                    FindingKind::PrintedVerdict,
                    severity,
                    format!(
                        "附表对“{}”标注“{}”，按规则判定为{}：{}",
                        ind.name,
                        printed_text.trim(),
                        j.status.label_zh(),
                        j.explanation
                    ),
                    format!(
                        "The table marks “{}” as “{}”, but by the rules it is judged {}: {}",
                        ind.name,
                        printed_text.trim(),
                        j.status.word(Lang::En),
                        why_en
                    ),
                    ev,
                );
            }
        }
        if !agree.is_empty() {
            self.pass(
                FindingKind::PrintedVerdict,
                format!(
                    "附表标注的完成情况与按规则判定一致（{}项）：{}",
                    agree.len(),
                    agree.join("、")
                ),
                format!(
                    "The outcomes the table prints agree with the rules' judgement ({}): {}",
                    indicators_en(agree_en.len()),
                    agree_en.join(", ")
                ),
                agree_ev,
            );
        }
    }

    fn summary(&self) {
        let Some(exec) = &self.exec else { return };
        let year = exec.tp.plan.year;
        let claims: Vec<&SummaryClaim> = self
            .r
            .summary_claims
            .iter()
            .filter(|s| !s.plan && s.year.is_none_or(|y| y == year))
            .collect();
        if claims.is_empty() {
            return;
        }
        let find = |g: SummaryGroup| claims.iter().find(|c| c.group == g).copied();
        let total = find(SummaryGroup::Total);
        let on = find(SummaryGroup::OnTrack);
        let below = find(SummaryGroup::Below);
        let pending = find(SummaryGroup::Pending);
        let rows = self.judged_rows();
        let main_rows: Vec<&(usize, Judgement)> = rows
            .iter()
            .filter(|(i, _)| self.ind(*i).sub_of.is_none())
            .collect();
        let t = &self.r.tables[exec.tp.table_index];
        let table_span = Span {
            line: t.first_line,
            text: format!(
                "{}（第{}—{}行，共{}项指标）",
                if t.caption.is_empty() {
                    "指标表"
                } else {
                    &t.caption
                },
                t.first_line,
                t.last_line,
                main_rows.len()
            ),
            text_en: format!(
                "{} (lines {}–{}, {})",
                if t.caption.is_empty() {
                    "The indicator table".to_string()
                } else {
                    format!("“{}”", t.caption)
                },
                t.first_line,
                t.last_line,
                indicators_en(main_rows.len())
            ),
        };
        let sentence = |c: Option<&SummaryClaim>| c.map(|c| prose_span(c.line, &c.text));

        // Total against the table.
        if let Some(t) = total
            && let Some(n) = t.count
        {
            let ev = vec![prose_span(t.line, &t.text), table_span.clone()];
            if n as usize == main_rows.len() {
                self.pass(
                    FindingKind::SummaryCount,
                    format!("正文称{n}项指标，与附表所列{n}项一致。"),
                    format!(
                        "The text speaks of {}, and the table lists {n}.",
                        indicators_en(n as usize)
                    ),
                    ev,
                );
            } else {
                self.push(
                    FindingKind::SummaryCount,
                    Severity::Warning,
                    format!(
                        "正文称{n}项指标，附表列出{}项，两者不一致。",
                        main_rows.len()
                    ),
                    format!(
                        "The text speaks of {}, but the table lists {}.",
                        indicators_en(n as usize),
                        main_rows.len()
                    ),
                    ev,
                );
            }
        }
        // The parts against the total.
        let total_n = total.and_then(|t| t.count).or(Some(main_rows.len() as u32));
        if let (Some(tn), Some(a), Some(b)) = (
            total_n,
            on.and_then(|c| c.count),
            below.and_then(|c| c.count),
        ) {
            let p = pending.and_then(|c| c.count).unwrap_or(0);
            let sum = a + b + p;
            let ev: Vec<Span> = [
                sentence(total),
                sentence(on),
                sentence(below),
                sentence(pending),
            ]
            .into_iter()
            .flatten()
            .chain([table_span.clone()])
            .collect();
            let parts = if p > 0 {
                format!("完成或基本达到预期{a}项、低于预期{b}项、待反馈{p}项")
            } else {
                format!("完成或基本达到预期{a}项、低于预期{b}项")
            };
            let parts_en = if p > 0 {
                format!("{a} met or broadly on track, {b} below expectations and {p} pending")
            } else {
                format!("{a} met or broadly on track and {b} below expectations")
            };
            if sum == tn {
                self.pass(
                    FindingKind::SummaryCount,
                    format!("正文所称{parts}，合计{sum}项，与总数{tn}项相符。"),
                    format!(
                        "The text's {parts_en} make {sum}, which matches its total of {}.",
                        indicators_en(tn as usize)
                    ),
                    ev,
                );
            } else {
                let d = tn.abs_diff(sum);
                self.push(
                    FindingKind::SummaryCount,
                    Severity::Warning,
                    format!(
                        "正文称共{tn}项指标，其中{parts}，合计{sum}项，与{tn}项不符：{}{d}项指标的完成情况正文没有交代。",
                        if sum < tn { "有" } else { "多出" }
                    ),
                    format!(
                        "The text speaks of {tn} indicators in all, of which {parts_en}; that makes \
                         {sum}, not {tn}: {}",
                        if sum < tn {
                            format!(
                                "the text does not say how {} did.",
                                indicators_en(d as usize)
                            )
                        } else {
                            format!("{d} more than the total are accounted for.")
                        }
                    ),
                    ev,
                );
            }
        }
        // The prose's counts against the statuses judged from the table.
        let name_of = |i: usize| self.ind(i).name.clone();
        let judged_on: Vec<String> = main_rows
            .iter()
            .filter(|(_, j)| j.status.is_on_track())
            .map(|(i, _)| name_of(*i))
            .collect();
        let judged_below: Vec<String> = main_rows
            .iter()
            .filter(|(_, j)| j.status == Status::Below)
            .map(|(i, _)| name_of(*i))
            .collect();
        let judged_open: Vec<String> = main_rows
            .iter()
            .filter(|(_, j)| matches!(j.status, Status::Pending | Status::Undecidable))
            .map(|(i, j)| format!("{}（{}）", name_of(*i), j.status.label_zh()))
            .collect();
        let judged_open_en: Vec<String> = main_rows
            .iter()
            .filter(|(_, j)| matches!(j.status, Status::Pending | Status::Undecidable))
            .map(|(i, j)| format!("“{}” ({})", name_of(*i), j.status.word(Lang::En)))
            .collect();
        if on.is_some() || below.is_some() {
            let a = on.and_then(|c| c.count);
            let b = below.and_then(|c| c.count);
            let open = judged_open.len() as u32;
            let fits = |stated: Option<u32>, judged: usize| {
                stated.is_none_or(|s| s >= judged as u32 && s <= judged as u32 + open)
            };
            let consistent = fits(a, judged_on.len()) && fits(b, judged_below.len());
            let msg = format!(
                "按附表和判定规则：完成或基本完成{}项，未完成{}项（{}），待反馈或无法判定{}项（{}）。正文称完成或基本达到预期{}、低于预期{}。{}",
                judged_on.len(),
                judged_below.len(),
                names_list(&judged_below),
                judged_open.len(),
                names_list(&judged_open),
                a.map_or("未说明".to_string(), |a| format!("{a}项")),
                b.map_or("未说明".to_string(), |b| format!("{b}项")),
                if consistent {
                    "正文的计数在附表可支持的范围内（待反馈和无法判定的指标可归入任一方）。"
                } else {
                    "正文的计数超出了附表可支持的范围。"
                }
            );
            let open_en = if judged_open_en.is_empty() {
                "none".to_string()
            } else {
                judged_open_en.join(", ")
            };
            let on_en = a.map_or(
                "nothing of how many met or were broadly on track".to_string(),
                |a| format!("{a} met or were broadly on track"),
            );
            let below_en = b.map_or(
                "nothing of how many were below expectations".to_string(),
                |b| format!("{b} were below expectations"),
            );
            let msg_en = format!(
                "By the table and the judging rules, {} met or basically met, {} not met ({}) \
                 and {} pending or undecidable ({}). The text says {on_en} and {below_en}. {}",
                count_en(judged_on.len(), "indicator was", "indicators were"),
                judged_below.len(),
                names_en(&judged_below),
                judged_open.len(),
                open_en,
                if consistent {
                    "The text's counts are within what the table supports (pending and \
                     undecidable indicators can go either way)."
                } else {
                    "The text's counts go beyond what the table supports."
                }
            );
            let ev: Vec<Span> = [sentence(on), sentence(below)]
                .into_iter()
                .flatten()
                .chain([table_span.clone()])
                .collect();
            self.push(
                FindingKind::SummaryCount,
                if consistent {
                    Severity::Info
                } else {
                    Severity::Warning
                },
                msg,
                msg_en,
                ev,
            );
        }
        // Each named indicator against its judged status.
        let mut named_below: BTreeSet<usize> = BTreeSet::new();
        let mut agree: Vec<String> = Vec::new();
        let mut agree_en: Vec<String> = Vec::new();
        let mut agree_ev: Vec<Span> = Vec::new();
        for claim in [on, below, pending].into_iter().flatten() {
            for n in &claim.names {
                let Some(i) = n.matched else {
                    self.push(
                        FindingKind::SummaryPlacement,
                        Severity::Info,
                        format!("正文提到的“{}”在附表中找不到对应的指标，无法核对。", n.text),
                        format!(
                            "The text names “{}”, but no indicator in the table matches it, so it \
                             cannot be checked.",
                            n.text
                        ),
                        vec![prose_span(claim.line, &claim.text)],
                    );
                    continue;
                };
                let Some((_, j)) = rows.iter().find(|(k, _)| *k == i) else {
                    continue;
                };
                let ind = self.ind(i);
                if claim.group == SummaryGroup::Below {
                    named_below.insert(i);
                }
                let ev = vec![prose_span(claim.line, &claim.text), row_span(ind)];
                let said = match claim.group {
                    SummaryGroup::OnTrack => "完成或基本达到预期",
                    SummaryGroup::Below => "低于预期",
                    _ => "待反馈",
                };
                let said_en = match claim.group {
                    SummaryGroup::OnTrack => "met or broadly on track",
                    SummaryGroup::Below => "below expectations",
                    _ => "pending",
                };
                let status = j.status;
                let ok = match claim.group {
                    SummaryGroup::OnTrack => status.is_on_track(),
                    SummaryGroup::Below => status == Status::Below,
                    _ => status == Status::Pending,
                };
                if ok {
                    agree.push(format!("“{}”（{}）", n.text, said));
                    agree_en.push(format!("“{}” ({said_en})", n.text));
                    agree_ev.extend(ev);
                    continue;
                }
                let why_en = self.why_en(i);
                let (severity, why, why_en) = match status {
                    Status::Pending => (
                        Severity::Warning,
                        format!(
                            "附表中它的实际完成为“{}”，没有数据，附表不能支持这一说法",
                            ind.actual.as_ref().map_or("（空）", |a| a.text.as_str())
                        ),
                        match ind.actual.as_ref() {
                            Some(a) => format!(
                                "the table gives its actual as “{}”, which is no figure, so the \
                                 table cannot support this",
                                a.text
                            ),
                            None => "the table gives no actual for it, so the table cannot \
                                     support this"
                                .to_string(),
                        },
                    ),
                    Status::Undecidable => (
                        Severity::Info,
                        format!("按附表无法判定：{}", j.explanation),
                        format!("it cannot be judged from the table: {why_en}"),
                    ),
                    s => (
                        Severity::Error,
                        format!("按附表判定为{}：{}", s.label_zh(), j.explanation),
                        format!("by the table it is judged {}: {why_en}", s.word(Lang::En)),
                    ),
                };
                self.push(
                    FindingKind::SummaryPlacement,
                    severity,
                    format!("正文将“{}”列为{said}，但{why}。", n.text),
                    format!(
                        "The text lists “{}” as {said_en}, but {}",
                        n.text,
                        end_sentence(&why_en)
                    ),
                    ev,
                );
            }
        }
        if !agree.is_empty() {
            self.pass(
                FindingKind::SummaryPlacement,
                format!("正文对{}的归类与附表判定一致。", agree.join("、")),
                format!(
                    "The text groups {} as the table's judgement does.",
                    agree_en.join(", ")
                ),
                agree_ev,
            );
        }
        // What a complete list of the ones below leaves out.
        if let Some(b) = below
            && b.complete
        {
            for (i, j) in rows
                .iter()
                .filter(|(i, j)| j.status == Status::Below && self.ind(*i).sub_of.is_none())
            {
                if named_below.contains(i) {
                    continue;
                }
                let ind = self.ind(*i);
                let named_on = on.is_some_and(|o| o.names.iter().any(|n| n.matched == Some(*i)));
                self.push(
                    FindingKind::SummaryOmission,
                    Severity::Warning,
                    format!(
                        "附表中“{}”目标{}、实际{}，按规则判定为未完成（{}），但正文列举的{}项低于预期的指标中没有它{}。",
                        ind.name,
                        ind.target.text,
                        ind.actual.as_ref().map_or("—", |a| a.text.as_str()),
                        j.explanation,
                        b.count.unwrap_or(b.names.len() as u32),
                        if named_on { "，反而计入了完成或基本达到预期的指标" } else { "" }
                    ),
                    format!(
                        "In the table “{}” has target “{}” and actual “{}”, which the rules judge \
                         not met ({}); yet it is not among the {} indicators the text lists as \
                         below expectations{}.",
                        ind.name,
                        ind.target.text,
                        ind.actual.as_ref().map_or("—", |a| a.text.as_str()),
                        self.why_en(*i),
                        b.count.unwrap_or(b.names.len() as u32),
                        if named_on {
                            ", and the text counts it as met or broadly on track instead"
                        } else {
                            ""
                        }
                    ),
                    vec![prose_span(b.line, &b.text), row_span(ind)],
                );
            }
        }
    }

    fn prose_vs_table(&self) {
        let Some(exec) = &self.exec else { return };
        let year = exec.tp.plan.year;
        let rows = self.exec_rows();
        let mut agree = Vec::new();
        let mut agree_en = Vec::new();
        let mut agree_ev = Vec::new();
        let mut seen = BTreeSet::new();
        for c in &self.r.claims {
            if c.year.is_some_and(|y| y != year) || c.ratio.len() > 1 {
                continue;
            }
            let Some(i) = best_match(&c.subject, rows.iter().copied()) else {
                continue;
            };
            let ind = self.ind(i);
            let Some(actual) = ind.actual.as_ref() else {
                continue;
            };
            // The actual, or an absolute value kept beside a growth actual (绝对值).
            let mut figures: Vec<(String, Quantity, bool)> = Vec::new();
            if let Some(af) = actual.figure() {
                figures.push((actual.text.clone(), af.clone(), false));
            }
            for e in &ind.extra {
                if ["绝对值", "总量", "完成值", "数值"]
                    .iter()
                    .any(|w| e.header.contains(w))
                    && let Some(q) = planwatch_text::parse_expr(&e.text).figure()
                {
                    figures.push((e.text.clone(), q.clone(), true));
                }
            }
            let Some((shown, (claimed, table, unit))) =
                figures.iter().find_map(|(shown, q, level)| {
                    let cmp = if *level {
                        comparable_level(c, q)
                    } else {
                        comparable(c, ind, q)
                    };
                    cmp.map(|x| (shown.clone(), x))
                })
            else {
                continue;
            };
            if !seen.insert((c.line, c.phrase.clone(), i)) {
                continue;
            }
            let ev = vec![prose_span(c.line, &c.text), row_span(ind)];
            if figures_agree(claimed, table, c, &unit) {
                agree.push(format!("{} {}", ind.name, c.phrase));
                agree_en.push(format!("“{}” “{}”", ind.name, c.phrase));
                agree_ev.extend(ev);
            } else {
                self.push(
                    FindingKind::ProseTable,
                    Severity::Warning,
                    format!(
                        "正文称{}“{}”，而附表“{}”实际完成为{}，两者不一致（相差{}{}）。",
                        c.subject,
                        c.phrase,
                        ind.label,
                        shown,
                        fmt((claimed - table).abs()),
                        if unit == "%" {
                            "个百分点"
                        } else {
                            unit.as_str()
                        }
                    ),
                    format!(
                        "The text says “{}” “{}”, but the table gives the actual of “{}” as “{}”: \
                         {} apart.",
                        c.subject,
                        c.phrase,
                        ind.label,
                        shown,
                        gap_en((claimed - table).abs(), &unit)
                    ),
                    ev,
                );
            }
        }
        if !agree.is_empty() {
            self.pass(
                FindingKind::ProseTable,
                format!(
                    "正文中{}处数据与附表实际完成一致：{}。",
                    agree.len(),
                    agree.join("、")
                ),
                format!(
                    "{} in the text {} the table's actuals: {}.",
                    count_en(agree_en.len(), "figure", "figures"),
                    if agree_en.len() == 1 {
                        "agrees with"
                    } else {
                        "agree with"
                    },
                    agree_en.join(", ")
                ),
                agree_ev,
            );
        }
    }

    fn prose_targets(&self) {
        let Some(next) = &self.next else { return };
        let year = next.plan.year;
        let rows = self.next_rows();
        let mut agree = Vec::new();
        let mut agree_en = Vec::new();
        let mut agree_ev = Vec::new();
        for t in &self.r.inline {
            if t.role != Role::Target || t.year.is_some_and(|y| y != year) {
                continue;
            }
            let Some(i) = best_match(&t.subject, rows.iter().copied()) else {
                continue;
            };
            let ind = self.ind(i);
            let ev = vec![prose_span(t.line, &t.text), row_span(ind)];
            let Some(pf) = t.expr.figure() else { continue };
            let Some(tf) = ind.target.figure() else {
                self.push(
                    FindingKind::ProseTarget,
                    Severity::Info,
                    format!(
                        "正文给出{}目标“{}”，附表“{}”的目标为“{}”，没有具体数值。",
                        t.subject, t.expr.text, ind.label, ind.target.text
                    ),
                    format!(
                        "The text sets a target of “{}” for “{}”; the table's target for “{}” is \
                         “{}”, with no figure.",
                        t.expr.text, t.subject, ind.label, ind.target.text
                    ),
                    ev,
                );
                continue;
            };
            let unit = if ind.unit.is_empty() {
                tf.unit.clone()
            } else {
                ind.unit.clone()
            };
            let (Some(p), Some(q)) = (pf.in_unit(&unit), tf.in_unit(&unit)) else {
                continue;
            };
            if p != q {
                self.push(
                    FindingKind::ProseTarget,
                    Severity::Warning,
                    format!(
                        "正文的{}目标为“{}”，附表“{}”的目标为“{}”，两者不一致。",
                        t.subject, t.expr.text, ind.label, ind.target.text
                    ),
                    format!(
                        "The text's target for “{}” is “{}”, but the table's target for “{}” is \
                         “{}”.",
                        t.subject, t.expr.text, ind.label, ind.target.text
                    ),
                    ev,
                );
            } else if bound_of(&t.expr) != bound_of(&ind.target) {
                self.push(
                    FindingKind::ProseTarget,
                    Severity::Info,
                    format!(
                        "正文的{}目标为“{}”，附表“{}”为“{}”：数值相同，但一处有“以上/以内/左右”等限定，另一处没有。",
                        t.subject, t.expr.text, ind.label, ind.target.text
                    ),
                    format!(
                        "The text's target for “{}” is “{}” and the table's for “{}” is “{}”: the \
                         same figure, but one of them is qualified (at least, at most, about) and \
                         the other is not.",
                        t.subject, t.expr.text, ind.label, ind.target.text
                    ),
                    ev,
                );
            } else {
                agree.push(format!("{}“{}”", t.subject, t.expr.text));
                agree_en.push(format!("“{}” “{}”", t.subject, t.expr.text));
                agree_ev.extend(ev);
            }
        }
        if !agree.is_empty() {
            self.pass(
                FindingKind::ProseTarget,
                format!(
                    "正文中{}项{}年目标与附表一致：{}。",
                    agree.len(),
                    year,
                    agree.join("、")
                ),
                format!(
                    "{} for {} in the text {} the table: {}.",
                    count_en(agree_en.len(), "target", "targets"),
                    year,
                    if agree_en.len() == 1 {
                        "agrees with"
                    } else {
                        "agree with"
                    },
                    agree_en.join(", ")
                ),
                agree_ev,
            );
        }
    }

    /// Parts against their stated total. `what` is (Chinese, English); each part is its
    /// Chinese name, its English name and its figure.
    fn sum_check(
        &self,
        (what, what_en): (&str, &str),
        parts: &[(&str, String, &Fig)],
        total: &Fig,
        context: &str,
    ) {
        let sum: Decimal = parts.iter().map(|(_, _, f)| f.value).sum();
        let expr = parts
            .iter()
            .map(|(n, _, f)| format!("{n}{}", fmt(f.value)))
            .collect::<Vec<_>>()
            .join("+");
        let expr_en = parts
            .iter()
            .map(|(_, n, f)| format!("{n} {}", fig_en(f.value, &f.unit)))
            .collect::<Vec<_>>()
            .join(" + ");
        let mut ev: Vec<Span> = parts.iter().map(|(_, _, f)| fig_span(f, context)).collect();
        ev.push(fig_span(total, context));
        if sum == total.value {
            self.pass(
                FindingKind::Sum,
                format!(
                    "{what}：{expr}={}{}，与所述合计一致。",
                    fmt(sum),
                    total.unit
                ),
                format!(
                    "{what_en}: {expr_en} = {}, as the stated total.",
                    fig_en(sum, &total.unit)
                ),
                ev,
            );
        } else {
            self.push(
                FindingKind::Sum,
                Severity::Error,
                format!(
                    "{what}：{expr}={}{}，而文中合计为{}{}，相差{}。",
                    fmt(sum),
                    total.unit,
                    fmt(total.value),
                    total.unit,
                    fmt((sum - total.value).abs())
                ),
                format!(
                    "{what_en}: {expr_en} = {}, but the text gives the total as {}, {} apart.",
                    fig_en(sum, &total.unit),
                    fig_en(total.value, &total.unit),
                    fig_en((sum - total.value).abs(), &total.unit)
                ),
                ev,
            );
        }
    }

    /// Projects by phase against their count; `what` is (Chinese, English).
    fn check_phases(
        &self,
        phases: &[PhaseFigures],
        total: &Fig,
        (what, what_en): (&str, &str),
        ctx: &str,
    ) {
        let new = phase_count(phases, Phase::New);
        let cont = phase_count(phases, Phase::Continuing);
        let nc = phase_count(phases, Phase::NewAndContinuing);
        let mut parts: Vec<(&str, &str, Fig)> = Vec::new();
        match (new, cont, nc) {
            (Some(n), Some(c), _) => {
                parts.push(("新建", "new", n));
                parts.push(("续建", "continuing", c));
            }
            (_, _, Some(x)) => parts.push(("续建和新建", "new and continuing", x)),
            _ => return,
        }
        let Some(pr) = phase_count(phases, Phase::Preparatory) else {
            return;
        };
        parts.push(("前期", "preparatory", pr));
        let refs: Vec<(&str, String, &Fig)> = parts
            .iter()
            .map(|(n, en, f)| (*n, en.to_string(), f))
            .collect();
        self.sum_check(
            (&format!("{what}按阶段合计"), &format!("{what_en} by phase")),
            &refs,
            total,
            ctx,
        );
    }

    fn projects(&self) {
        for p in &self.r.projects {
            let ctx = p.text.as_str();
            let (who, who_en) = if p.plan {
                ("计划安排的重点项目", "Key projects planned")
            } else {
                ("重点项目", "Key projects")
            };
            // The categories' names are the report's, quoted in English.
            let by_category = |figure: fn(&planwatch_reader::CategoryFigures) -> Option<&Fig>| {
                p.categories
                    .iter()
                    .filter_map(|c| {
                        Some((c.category.as_str(), format!("“{}”", c.category), figure(c)?))
                    })
                    .collect::<Vec<_>>()
            };
            if let Some(count) = &p.count {
                self.check_phases(&p.phases, count, (who, who_en), ctx);
                let cats = by_category(|c| c.count.as_ref());
                if cats.len() >= 2 && cats.len() == p.categories.len() {
                    self.sum_check(
                        (
                            &format!("{who}按类别个数合计"),
                            &format!("{who_en}, counted by category"),
                        ),
                        &cats,
                        count,
                        ctx,
                    );
                }
            }
            if let Some(total) = &p.total_investment {
                let parts = by_category(|c| c.total_investment.as_ref());
                if parts.len() >= 2 && parts.len() == p.categories.len() {
                    self.sum_check(
                        (
                            &format!("{who}总投资按类别合计"),
                            &format!("{who_en}, total investment by category"),
                        ),
                        &parts,
                        total,
                        ctx,
                    );
                }
            }
            if let Some(total) = &p.annual_plan {
                let parts = by_category(|c| c.annual_plan.as_ref());
                if parts.len() >= 2 && parts.len() == p.categories.len() {
                    self.sum_check(
                        (
                            &format!("{who}年度投资按类别合计"),
                            &format!("{who_en}, this year's investment by category"),
                        ),
                        &parts,
                        total,
                        ctx,
                    );
                }
            }
            for c in &p.categories {
                if let Some(count) = &c.count {
                    self.check_phases(
                        &c.phases,
                        count,
                        (
                            &format!("{}重点项目", c.category),
                            &format!("Key projects in “{}”", c.category),
                        ),
                        ctx,
                    );
                }
            }
            // 开工率 = started / planned new projects.
            if let Some(newp) = p.phase(Phase::New) {
                let planned = newp.planned.as_ref().or(newp.count.as_ref());
                let rate = newp.start_rate.as_ref().or(p.start_rate.as_ref());
                if let (Some(planned), Some(started), Some(rate)) =
                    (planned, newp.started.as_ref(), rate)
                    && let Some(computed) = pct(started.value, planned.value)
                {
                    let ev = vec![
                        fig_span(planned, ctx),
                        fig_span(started, ctx),
                        fig_span(rate, ctx),
                    ];
                    let msg = format!(
                        "开工率：已开工{}个÷计划新开工{}个={}%，文中为{}%",
                        fmt(started.value),
                        fmt(planned.value),
                        fmt(computed.round_dp(2)),
                        rate.value
                    );
                    let en = format!(
                        "Start rate: {} started ÷ {} new projects planned = {}%; the text gives {}%",
                        fmt(started.value),
                        fmt(planned.value),
                        fmt(computed.round_dp(2)),
                        rate.value
                    );
                    self.ratio_finding(computed, rate.value, (msg, en), ev);
                }
            }
            if let (Some(done), Some(annual), Some(share)) =
                (&p.completed, &p.annual_plan, &p.plan_share)
                && let Some(computed) = pct(done.value, annual.value)
            {
                let ev = vec![
                    fig_span(done, ctx),
                    fig_span(annual, ctx),
                    fig_span(share, ctx),
                ];
                let msg = format!(
                    "投资完成率：完成投资{}÷年度计划{}={}%，文中为{}%",
                    fmt(done.value),
                    fmt(annual.value),
                    fmt(computed.round_dp(2)),
                    share.value
                );
                let en = format!(
                    "Investment completed: {} done ÷ {} planned for the year = {}%; the text gives {}%",
                    fmt(done.value),
                    fmt(annual.value),
                    fmt(computed.round_dp(2)),
                    share.value
                );
                self.ratio_finding(computed, share.value, (msg, en), ev);
            }
            if let (Some(months), Some(share), Some(gap)) = (p.months, &p.plan_share, &p.time_gap) {
                let elapsed = Decimal::from(months) * Decimal::ONE_HUNDRED / Decimal::from(12);
                let computed = share.value - elapsed;
                let ev = vec![fig_span(share, ctx), fig_span(gap, ctx)];
                let msg = format!(
                    "时间进度：{}个月为{}%，投资完成{}%，超出{}个百分点，文中为{}个百分点",
                    months,
                    fmt(elapsed.round_dp(2)),
                    fmt(share.value),
                    fmt(computed.round_dp(2)),
                    gap.value
                );
                let en = format!(
                    "Progress against time: {} months are {}% of the year and {}% of the \
                     investment is done, {} percentage points ahead; the text gives {} \
                     percentage points",
                    months,
                    fmt(elapsed.round_dp(2)),
                    fmt(share.value),
                    fmt(computed.round_dp(2)),
                    gap.value
                );
                self.ratio_finding(computed, gap.value, (msg, en), ev);
            }
            if let (Some(done), Some(amount), Some(growth)) =
                (&p.completed, &p.growth_amount, &p.growth)
                && let Some(computed) = pct(amount.value, done.value - amount.value)
            {
                let ev = vec![
                    fig_span(done, ctx),
                    fig_span(amount, ctx),
                    fig_span(growth, ctx),
                ];
                let msg = format!(
                    "同比增速：增加{}÷上年同期{}={}%，文中为{}%",
                    fmt(amount.value),
                    fmt(done.value - amount.value),
                    fmt(computed.round_dp(2)),
                    growth.value
                );
                let en = format!(
                    "Year-on-year growth: an increase of {} ÷ {} a year earlier = {}%; the text \
                     gives {}%",
                    fmt(amount.value),
                    fmt(done.value - amount.value),
                    fmt(computed.round_dp(2)),
                    growth.value
                );
                self.ratio_finding(computed, growth.value, (msg, en), ev);
            }
        }
    }

    /// A recomputed percentage against the stated one: agreement at the stated precision
    /// passes; within one point is a rounding matter (info); more is a warning.
    /// `msg` is (Chinese, English).
    fn ratio_finding(
        &self,
        computed: Decimal,
        stated: Decimal,
        (msg, en): (String, String),
        ev: Vec<Span>,
    ) {
        if agrees_at_precision(computed, stated) {
            self.pass(
                FindingKind::Share,
                format!("{msg}，复算一致。"),
                format!("{en}. The recomputation agrees."),
                ev,
            );
        } else if (computed - stated).abs() < Decimal::ONE {
            let truncated =
                computed.trunc_with_scale(stated.normalize().scale()) == stated.normalize();
            self.push(
                FindingKind::Share,
                Severity::Info,
                format!(
                    "{msg}，{}。",
                    if truncated {
                        "文中数字是截断而非四舍五入的结果"
                    } else {
                        "与复算结果略有出入"
                    }
                ),
                format!(
                    "{en}. {}",
                    if truncated {
                        "The text's figure is truncated, not rounded."
                    } else {
                        "It is slightly off the recomputed figure."
                    }
                ),
                ev,
            );
        } else {
            self.push(
                FindingKind::Share,
                Severity::Warning,
                format!("{msg}，与复算结果不符。"),
                format!("{en}. It does not match the recomputed figure."),
                ev,
            );
        }
    }

    fn livelihood(&self) {
        for l in &self.r.livelihood {
            let ctx = l.text.as_str();
            let Some(count) = &l.count else { continue };
            let parts: Vec<(&str, String, &Fig)> = l
                .themes
                .iter()
                .map(|(n, f)| (n.as_str(), format!("“{n}”"), f))
                .collect();
            if parts.len() >= 2 {
                self.sum_check(
                    ("民生实事按主题合计", "Livelihood projects by theme"),
                    &parts,
                    count,
                    ctx,
                );
            }
            if !l.items.is_empty() {
                let n = l.items.len();
                let mut ev = vec![fig_span(count, &count.text)];
                ev.extend(
                    l.items
                        .iter()
                        .map(|i| prose_span(i.line, &format!("{}. {}", i.seq, i.text))),
                );
                if Decimal::from(n) == count.value {
                    self.pass(
                        FindingKind::Sum,
                        format!(
                            "民生实事：文中称{}件，列出{}件，一致。",
                            fmt(count.value),
                            n
                        ),
                        format!(
                            "Livelihood projects: the text speaks of {} and lists {n}.",
                            fmt(count.value)
                        ),
                        ev,
                    );
                } else {
                    self.push(
                        FindingKind::Sum,
                        Severity::Error,
                        format!("民生实事：文中称{}件，实际列出{}件。", fmt(count.value), n),
                        format!(
                            "Livelihood projects: the text speaks of {}, but lists {n}.",
                            fmt(count.value)
                        ),
                        ev,
                    );
                }
                let seqs: Vec<u32> = l.items.iter().map(|i| i.seq).collect();
                if seqs.iter().enumerate().any(|(k, s)| *s != k as u32 + 1) {
                    self.push(
                        FindingKind::Sum,
                        Severity::Info,
                        format!("民生实事清单的序号不连续：{seqs:?}。"),
                        format!(
                            "The list of livelihood projects is not numbered in sequence: {seqs:?}."
                        ),
                        Vec::new(),
                    );
                }
            }
            for m in &l.count_mentions {
                if m.value != count.value {
                    self.push(
                        FindingKind::Sum,
                        Severity::Warning,
                        format!(
                            "民生实事的件数前后说法不一：{}件与{}件。",
                            fmt(count.value),
                            fmt(m.value)
                        ),
                        format!(
                            "The text gives two numbers of livelihood projects: {} and {}.",
                            fmt(count.value),
                            fmt(m.value)
                        ),
                        vec![fig_span(count, &count.text), fig_span(m, &m.text)],
                    );
                }
            }
        }
    }

    fn tiers_and_sections(&self) {
        // Section rows of every table: "核心指标8项" and the rows under it.
        for t in &self.r.tables {
            for s in &t.sections {
                let Some(stated) = s.stated else { continue };
                let ev = vec![prose_span(s.line, &s.text)];
                let table_en = if t.caption.is_empty() {
                    "the table".to_string()
                } else {
                    format!("“{}”", t.caption)
                };
                if stated == s.rows {
                    self.pass(
                        FindingKind::SectionCount,
                        format!("{}“{}”下列出{}项，一致。", t.caption, s.text, s.rows),
                        format!(
                            "In {table_en}, the section “{}” has {} under it, as stated.",
                            s.text,
                            count_en(s.rows as usize, "row", "rows")
                        ),
                        ev,
                    );
                } else {
                    self.push(
                        FindingKind::SectionCount,
                        Severity::Warning,
                        format!("{}“{}”下实际列出{}项。", t.caption, s.text, s.rows),
                        format!(
                            "In {table_en}, the section “{}” has {} under it, not {stated}.",
                            s.text,
                            count_en(s.rows as usize, "row", "rows")
                        ),
                        ev,
                    );
                }
            }
        }
        // The prose's account of the new system against the new table.
        let Some(next) = &self.next else { return };
        let year = next.plan.year;
        let claims: Vec<&SummaryClaim> = self
            .r
            .summary_claims
            .iter()
            .filter(|s| s.plan && s.year.is_none_or(|y| y == year))
            .collect();
        let rows: Vec<usize> = next
            .rows
            .iter()
            .copied()
            .filter(|&i| self.ind(i).sub_of.is_none())
            .collect();
        let table = &self.r.tables[next.table_index];
        let table_span = Span {
            line: table.first_line,
            text: format!("{}（共{}项指标）", table.caption, rows.len()),
            text_en: format!("“{}” ({})", table.caption, indicators_en(rows.len())),
        };
        let count_tier = |tier| {
            rows.iter()
                .filter(|&&i| self.ind(i).tier == Some(tier))
                .count() as u32
        };
        let mut total = None;
        let mut core = None;
        let mut other = None;
        for c in &claims {
            let (what, what_en, actual) = match c.group {
                SummaryGroup::Total => ("指标", "", rows.len() as u32),
                SummaryGroup::Core => ("核心指标", "core ", count_tier(Tier::Core)),
                SummaryGroup::Other => ("其他指标", "other ", count_tier(Tier::Other)),
                SummaryGroup::Binding => (
                    "约束性指标",
                    "binding ",
                    rows.iter().filter(|&&i| self.ind(i).binding).count() as u32,
                ),
                SummaryGroup::Anticipatory => (
                    "预期性指标",
                    "anticipatory ",
                    rows.iter().filter(|&&i| !self.ind(i).binding).count() as u32,
                ),
                _ => continue,
            };
            let Some(n) = c.count else { continue };
            match c.group {
                SummaryGroup::Total => total = total.or(Some((n, *c))),
                SummaryGroup::Core => core = core.or(Some(n)),
                SummaryGroup::Other => other = other.or(Some(n)),
                _ => {}
            }
            let ev = vec![prose_span(c.line, &c.text), table_span.clone()];
            if n == actual {
                self.pass(
                    FindingKind::SectionCount,
                    format!("正文称{year}年设{what}{n}项，附表相符。"),
                    format!(
                        "The text sets {n} {what_en}{} for {year}, as the table does.",
                        if n == 1 { "indicator" } else { "indicators" }
                    ),
                    ev,
                );
            } else {
                self.push(
                    FindingKind::SectionCount,
                    Severity::Warning,
                    format!("正文称{year}年设{what}{n}项，附表中为{actual}项。"),
                    format!(
                        "The text sets {n} {what_en}{} for {year}, but the table has {actual}.",
                        if n == 1 { "indicator" } else { "indicators" }
                    ),
                    ev,
                );
            }
        }
        if let (Some((t, c)), Some(a), Some(b)) = (total, core, other) {
            let ev = vec![prose_span(c.line, &c.text)];
            if a + b == t {
                self.pass(
                    FindingKind::Sum,
                    format!("指标体系：核心指标{a}项+其他指标{b}项={t}项，一致。"),
                    format!("Indicator system: {a} core + {b} other indicators = {t}, as stated."),
                    ev,
                );
            } else {
                self.push(
                    FindingKind::Sum,
                    Severity::Error,
                    format!(
                        "指标体系：核心指标{a}项+其他指标{b}项={}项，与所称{t}项不符。",
                        a + b
                    ),
                    format!(
                        "Indicator system: {a} core + {b} other indicators = {}, not the {t} the \
                         text states.",
                        a + b
                    ),
                    ev,
                );
            }
        }
    }

    fn shares(&self) {
        for s in &self.r.shares {
            if !s.whole.unit.is_empty() && !s.part.unit.is_empty() && s.whole.unit != s.part.unit {
                continue;
            }
            let Some(computed) = pct(s.part.value, s.whole.value) else {
                continue;
            };
            let msg = format!(
                "{}{}{}÷年计划{}{}={}%，文中为{}%",
                s.subject,
                fmt(s.part.value),
                s.part.unit,
                fmt(s.whole.value),
                s.whole.unit,
                fmt(computed.round_dp(2)),
                s.percent.value
            );
            let en = format!(
                "“{}”: {} ÷ {} planned for the year = {}%; the text gives {}%",
                s.subject,
                fig_en(s.part.value, &s.part.unit),
                fig_en(s.whole.value, &s.whole.unit),
                fmt(computed.round_dp(2)),
                s.percent.value
            );
            self.ratio_finding(
                computed,
                s.percent.value,
                (msg, en),
                vec![prose_span(s.line, &s.text)],
            );
        }
    }

    /// 第一/二/三产业增加值 against 地区生产总值 stated with them, and a structure ratio.
    fn three_industries(&self) {
        let claims = &self.r.claims;
        for gdp in claims.iter().filter(|c| {
            c.subject.ends_with("地区生产总值") && c.change.is_none() && !c.unit.is_empty()
        }) {
            let part = |suffix: &str| {
                claims.iter().find(|c| {
                    c.line == gdp.line
                        && c.subject.ends_with(suffix)
                        && c.unit == gdp.unit
                        && c.change.is_none()
                })
            };
            let (Some(a), Some(b), Some(c)) = (
                part("第一产业增加值"),
                part("第二产业增加值"),
                part("第三产业增加值"),
            ) else {
                continue;
            };
            let sum = a.value + b.value + c.value;
            let ev = vec![prose_span(gdp.line, &gdp.text)];
            let msg = format!(
                "三次产业增加值{}+{}+{}={}{}，地区生产总值为{}{}",
                fmt(a.value),
                fmt(b.value),
                fmt(c.value),
                fmt(sum),
                gdp.unit,
                fmt(gdp.value),
                gdp.unit
            );
            let en = format!(
                "The value added of the three sectors, {} + {} + {}, makes {}; the GDP stated is {}",
                fig_en(a.value, &gdp.unit),
                fig_en(b.value, &gdp.unit),
                fig_en(c.value, &gdp.unit),
                fig_en(sum, &gdp.unit),
                fig_en(gdp.value, &gdp.unit)
            );
            if sum == gdp.value {
                self.pass(
                    FindingKind::Sum,
                    format!("{msg}，一致。"),
                    format!("{en}. They agree."),
                    ev,
                );
            } else {
                self.push(
                    FindingKind::Sum,
                    Severity::Warning,
                    format!("{msg}，不一致。"),
                    format!("{en}. They do not agree."),
                    ev,
                );
            }
            if let Some(rc) = claims
                .iter()
                .find(|x| x.ratio.len() == 3 && x.line == gdp.line)
            {
                let computed: Vec<Decimal> = [a.value, b.value, c.value]
                    .iter()
                    .filter_map(|p| pct(*p, gdp.value))
                    .collect();
                if computed.len() == 3 {
                    let ok = computed.iter().zip(&rc.ratio).all(|(c, s)| {
                        agrees_at_precision(*c, *s) || (*c - *s).abs() <= Decimal::new(1, 1)
                    });
                    let stated = rc
                        .ratio
                        .iter()
                        .map(|d| fmt(*d))
                        .collect::<Vec<_>>()
                        .join(":");
                    let recomputed = computed
                        .iter()
                        .map(|d| fmt(d.round_dp(1)))
                        .collect::<Vec<_>>()
                        .join(":");
                    let msg = format!("产业结构{stated}复算为{recomputed}");
                    let en = format!("The sector structure {stated} recomputes as {recomputed}");
                    let ev = vec![prose_span(rc.line, &rc.text)];
                    if ok {
                        self.pass(
                            FindingKind::Share,
                            format!("{msg}，一致。"),
                            format!("{en}. They agree."),
                            ev,
                        );
                    } else {
                        self.push(
                            FindingKind::Share,
                            Severity::Warning,
                            format!("{msg}，不一致。"),
                            format!("{en}. They do not agree."),
                            ev,
                        );
                    }
                }
            }
        }
    }

    fn targets_vs_last_actual(&self) {
        let (Some(exec), Some(next)) = (&self.exec, &self.next) else {
            return;
        };
        let (ey, ny) = (exec.tp.plan.year, next.plan.year);
        let exec_rows = self.exec_rows();
        let mut checked = 0;
        for (k, &i) in next.rows.iter().enumerate() {
            let ind = self.ind(i);
            let Some(tf) = ind.target.figure() else {
                continue;
            };
            let Some(j) = exec_rows
                .iter()
                .copied()
                .find(|(_, n)| match_score(n, &ind.name) == 2)
                .map(|(j, _)| j)
            else {
                continue;
            };
            let last = self.ind(j);
            let Some(af) = last.actual.as_ref().and_then(Expr::figure) else {
                continue;
            };
            let Some(pi) = next.plan.indicators.get(k) else {
                continue;
            };
            let unit = pi.def.unit.clone();
            let (Some(t), Some(a)) = (tf.in_unit(&unit), af.in_unit(&unit)) else {
                continue;
            };
            checked += 1;
            let (direction, _) = resolve_direction(&pi.def, &ind.target, self.rules);
            let looser = match direction {
                Direction::HigherIsBetter => t < a,
                Direction::LowerIsBetter => t > a,
            };
            if !looser {
                continue;
            }
            let growth = pi.def.kind == IndicatorKind::GrowthRate;
            let gap = (a - t).abs();
            let gap_unit = if pi.def.kind.is_rate_like() {
                "个百分点"
            } else {
                unit.as_str()
            };
            let last_text = last
                .actual
                .as_ref()
                .map_or(String::new(), |x| x.text.clone());
            let message = match direction {
                Direction::HigherIsBetter => format!(
                    "{ny}年“{}”目标为{}，低于{ey}年实际完成{}（低{}{}）。{}",
                    ind.name,
                    ind.target.text,
                    last_text,
                    fmt(gap),
                    gap_unit,
                    if growth {
                        "增速目标低于上年实际并不少见，列出供审议参考。"
                    } else {
                        "新目标低于上年已达到的水平，建议说明理由。"
                    }
                ),
                Direction::LowerIsBetter => format!(
                    "{ny}年“{}”目标为{}，高于{ey}年实际{}（该指标越低越好，新目标比上年实际宽松）。",
                    ind.name, ind.target.text, last_text
                ),
            };
            let message_en = match direction {
                Direction::HigherIsBetter => format!(
                    "The {ny} target for “{}” is “{}”, below the {ey} actual of “{}” (by {}). {}",
                    ind.name,
                    ind.target.text,
                    last_text,
                    gap_en(gap, gap_unit),
                    if growth {
                        "A growth target below last year's actual is not unusual; it is listed for \
                         the deputies' consideration."
                    } else {
                        "The new target is below the level already reached last year; the reason \
                         should be explained."
                    }
                ),
                Direction::LowerIsBetter => format!(
                    "The {ny} target for “{}” is “{}”, above the {ey} actual of “{}” (lower is \
                     better for this indicator, so the new target is looser than last year's \
                     actual).",
                    ind.name, ind.target.text, last_text
                ),
            };
            let severity = if growth {
                Severity::Info
            } else {
                Severity::Warning
            };
            self.push(
                FindingKind::TargetBelowLastActual,
                severity,
                message,
                message_en,
                vec![row_span(ind), row_span(last)],
            );
        }
        if checked > 0 {
            self.pass(
                FindingKind::TargetBelowLastActual,
                format!("已将{ny}年的{checked}项有数值的目标与{ey}年实际完成逐项比较（按各指标的方向）。"),
                format!(
                    "{} for {ny} {} compared one by one with the {ey} actuals (each in its own \
                     direction).",
                    count_en(checked, "numeric target", "numeric targets"),
                    if checked == 1 { "was" } else { "were" }
                ),
                Vec::new(),
            );
        }
    }

    fn binding_missed(&self) {
        for (i, j) in self.judged_rows() {
            let ind = self.ind(i);
            if !ind.binding {
                continue;
            }
            let ev = vec![row_span(ind)];
            let why_en = self.why_en(i);
            match j.status {
                Status::Below => self.push(
                    FindingKind::BindingMissed,
                    Severity::Warning,
                    format!("约束性指标“{}”未完成：{}", ind.name, j.explanation),
                    format!("The binding indicator “{}” was not met: {why_en}", ind.name),
                    ev,
                ),
                Status::Pending | Status::Undecidable => self.push(
                    FindingKind::BindingMissed,
                    Severity::Info,
                    format!(
                        "约束性指标“{}”{}：{}",
                        ind.name,
                        j.status.label_zh(),
                        j.explanation
                    ),
                    format!(
                        "The binding indicator “{}” is {}: {why_en}",
                        ind.name,
                        j.status.word(Lang::En)
                    ),
                    ev,
                ),
                _ => self.pass(
                    FindingKind::BindingMissed,
                    format!(
                        "约束性指标“{}”{}：{}",
                        ind.name,
                        j.status.label_zh(),
                        j.explanation
                    ),
                    format!(
                        "The binding indicator “{}” was {}: {why_en}",
                        ind.name,
                        j.status.word(Lang::En)
                    ),
                    ev,
                ),
            }
        }
    }

    fn system_changes(&self) {
        let (Some(_), Some(next)) = (&self.exec, &self.next) else {
            return;
        };
        let year = next.plan.year;
        let exec_rows = self.exec_rows();
        let next_rows = self.next_rows();
        let find = |rows: &[(usize, &str)], name: &str| best_match(name, rows.iter().copied());
        let mut announced_new = Vec::new();
        let mut announced_gone = Vec::new();
        for c in self
            .r
            .system_changes
            .iter()
            .filter(|c| c.year.is_none_or(|y| y == year))
        {
            let ev_prose = prose_span(c.line, &c.text);
            match &c.kind {
                SystemChangeKind::Added { name } => {
                    announced_new.push(name.clone());
                    match (find(&next_rows, name), find(&exec_rows, name)) {
                        (Some(i), None) => {
                            let ind = self.ind(i);
                            let ev = vec![ev_prose, row_span(ind)];
                            if ind.is_new {
                                self.pass(
                                    FindingKind::SystemChange,
                                    format!("正文称新增“{name}”，附表中有此指标并以#标注。"),
                                    format!(
                                        "The text adds “{name}”; the table has it, marked # as new."
                                    ),
                                    ev,
                                );
                            } else {
                                self.push(
                                    FindingKind::SystemChange,
                                    Severity::Info,
                                    format!(
                                        "正文称新增“{name}”，附表中有此指标但未以#标注为新增。"
                                    ),
                                    format!(
                                        "The text adds “{name}”; the table has it, but does not \
                                         mark it # as new."
                                    ),
                                    ev,
                                );
                            }
                        }
                        (None, _) => self.push(
                            FindingKind::SystemChange,
                            Severity::Warning,
                            format!("正文称新增“{name}”，但{year}年附表中没有这一指标。"),
                            format!(
                                "The text adds “{name}”, but the {year} table has no such \
                                 indicator."
                            ),
                            vec![ev_prose],
                        ),
                        (Some(_), Some(j)) => self.push(
                            FindingKind::SystemChange,
                            Severity::Info,
                            format!("正文称新增“{name}”，但上年附表中已有这一指标。"),
                            format!(
                                "The text adds “{name}”, but last year's table already has it."
                            ),
                            vec![ev_prose, row_span(self.ind(j))],
                        ),
                    }
                }
                SystemChangeKind::Replaced { from, to } => {
                    announced_new.push(to.clone());
                    announced_gone.push(from.clone());
                    let ok = find(&exec_rows, from).is_some()
                        && find(&next_rows, to).is_some()
                        && find(&next_rows, from).is_none();
                    if ok {
                        self.pass(
                            FindingKind::SystemChange,
                            format!("正文称将“{from}”调整为“{to}”，两年附表相符。"),
                            format!(
                                "The text replaces “{from}” by “{to}”, and the two years' tables \
                                 agree."
                            ),
                            vec![ev_prose],
                        );
                    } else {
                        self.push(
                            FindingKind::SystemChange,
                            Severity::Warning,
                            format!("正文称将“{from}”调整为“{to}”，但两年附表与此不符。"),
                            format!(
                                "The text replaces “{from}” by “{to}”, but the two years' tables \
                                 do not show this."
                            ),
                            vec![ev_prose],
                        );
                    }
                }
                SystemChangeKind::Removed { name } => {
                    announced_gone.push(name.clone());
                    if find(&next_rows, name).is_some() {
                        self.push(
                            FindingKind::SystemChange,
                            Severity::Warning,
                            format!("正文称取消“{name}”，但{year}年附表中仍有这一指标。"),
                            format!("The text drops “{name}”, but the {year} table still has it."),
                            vec![ev_prose],
                        );
                    } else {
                        self.pass(
                            FindingKind::SystemChange,
                            format!("正文称取消“{name}”，附表相符。"),
                            format!("The text drops “{name}”, and the table agrees."),
                            vec![ev_prose],
                        );
                    }
                }
            }
        }
        // Changes the tables show that the prose does not announce.
        for &(i, n) in &next_rows {
            if find(&exec_rows, n).is_none() && !announced_new.iter().any(|a| match_score(a, n) > 0)
            {
                self.push(
                    FindingKind::SystemChange,
                    Severity::Info,
                    format!("{year}年附表新增了“{n}”，正文没有说明。"),
                    format!("The {year} table adds “{n}”; the text does not say so."),
                    vec![row_span(self.ind(i))],
                );
            }
        }
        for &(i, n) in &exec_rows {
            if find(&next_rows, n).is_none()
                && !announced_gone.iter().any(|a| match_score(a, n) > 0)
            {
                self.push(
                    FindingKind::SystemChange,
                    Severity::Info,
                    format!("上年附表中的“{n}”在{year}年附表中没有了，正文没有说明。"),
                    format!(
                        "“{n}”, in last year's table, is gone from the {year} table; the text does \
                         not say so."
                    ),
                    vec![row_span(self.ind(i))],
                );
            }
        }
    }
}

/// The lower/upper/approximate nature of an expression, for comparing two targets.
fn bound_of(e: &Expr) -> &'static str {
    match &e.form {
        Form::Bound {
            cmp: Cmp::Ge | Cmp::Gt,
            ..
        } => "at_least",
        Form::Bound {
            cmp: Cmp::Le | Cmp::Lt,
            ..
        } => "at_most",
        Form::Approx { .. } => "about",
        _ => "exact",
    }
}

/// The claim's figure and the table's actual in the same unit, when they speak of the same
/// thing: a growth claim against a growth-rate row, a level against a level row.
fn comparable(
    c: &Claim,
    ind: &ReadIndicator,
    actual: &Quantity,
) -> Option<(Decimal, Decimal, String)> {
    // A growth-rate row: named so, or (a mid-year table's "增加值" with a % target and a
    // 增幅 actual) a % figure on a row that is not a share, ratio or index.
    let name_growth = ["增速", "增长", "增幅"]
        .iter()
        .any(|w| ind.name.contains(w))
        || (actual.unit == "%"
            && !["比重", "占比", "率", "强度", "指数", "系数"]
                .iter()
                .any(|w| ind.name.contains(w)));
    let claim_growth = c.change.is_some()
        || ["增速", "增长", "增幅"]
            .iter()
            .any(|w| c.subject.ends_with(w));
    if claim_growth != name_growth {
        return None;
    }
    if claim_growth {
        if c.unit != "%" {
            return None;
        }
        let claimed = match c.change {
            Some(Change::Decrease) => -c.value,
            _ => c.value,
        };
        return Some((claimed, actual.in_unit("%")?, "%".into()));
    }
    let row_unit = if ind.unit.is_empty() {
        actual.unit.clone()
    } else {
        ind.unit.clone()
    };
    if row_unit.is_empty() || c.unit.is_empty() || (c.unit == "%") != (row_unit == "%") {
        return None;
    }
    let claimed = Quantity::new(c.value, c.unit.clone()).in_unit(&row_unit)?;
    Some((claimed, actual.in_unit(&row_unit)?, row_unit))
}

/// A level claim against an absolute figure kept beside the actual.
fn comparable_level(c: &Claim, q: &Quantity) -> Option<(Decimal, Decimal, String)> {
    if c.change.is_some()
        || c.unit.is_empty()
        || c.unit == "%"
        || q.unit.is_empty()
        || q.unit == "%"
    {
        return None;
    }
    let claimed = Quantity::new(c.value, c.unit.clone()).in_unit(&q.unit)?;
    Some((claimed, q.value, q.unit.clone()))
}

fn figures_agree(claimed: Decimal, table: Decimal, c: &Claim, unit: &str) -> bool {
    let approx = matches!(
        c.qualifier,
        Some(Qualifier::About | Qualifier::Nearly | Qualifier::MoreThan | Qualifier::Over)
    );
    let diff = (claimed - table).abs();
    if unit == "%" {
        let tol = if approx {
            Decimal::new(5, 1)
        } else {
            Decimal::new(5, 2)
        };
        return diff <= tol;
    }
    let base = table.abs().max(Decimal::new(1, 6));
    diff / base
        <= if approx {
            Decimal::new(2, 2)
        } else {
            Decimal::new(5, 3)
        }
}
