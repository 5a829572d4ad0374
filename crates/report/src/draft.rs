//! The first draft of the report's prose, written from the data. Every count and every list
//! comes from the judgements and ledgers; what only people know (why an indicator fell short)
//! is a visible placeholder, [`PLACEHOLDER`].

use crate::ReportInput;
use crate::annex::{AnnexRow, AnnexTable};
use crate::chart::ChartKind;
use planwatch_domain::diff::{Change, diff_plans};
use planwatch_domain::livelihood::{ProgressLine, ProgressState};
use planwatch_domain::projects::{SummaryStyle, plan_paragraph, summary_paragraph};
use planwatch_domain::{Judgement, Plan, Status};

/// What staff must fill in by hand.
pub const PLACEHOLDER: &str = "【请补充原因】";

/// A heading with its paragraphs and the charts that belong beside them.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub charts: Vec<ChartKind>,
}

/// The indicators of a judged plan by outcome, names in table order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IndicatorSummary {
    pub total: usize,
    pub exceeded: usize,
    pub met: usize,
    pub basically_met: usize,
    /// Exceeded, met or basically met: "完成目标或基本达到预期".
    pub on_track: Vec<String>,
    pub below: Vec<String>,
    pub pending: Vec<String>,
    pub undecidable: Vec<String>,
}

impl IndicatorSummary {
    /// Tallies a plan's judgements (one per indicator, in the plan's order).
    pub fn of(plan: &Plan, judgements: &[Judgement]) -> Self {
        let mut pairs: Vec<(u32, &str, Status)> = plan
            .indicators
            .iter()
            .zip(judgements)
            .map(|(i, j)| (i.seq, i.def.name.as_str(), j.status))
            .collect();
        pairs.sort_by_key(|p| p.0);
        let mut s = IndicatorSummary {
            total: pairs.len(),
            ..Default::default()
        };
        for (_, name, status) in pairs {
            let name = name.to_string();
            match status {
                Status::Exceeded => {
                    s.exceeded += 1;
                    s.on_track.push(name);
                }
                Status::Met => {
                    s.met += 1;
                    s.on_track.push(name);
                }
                Status::BasicallyMet => {
                    s.basically_met += 1;
                    s.on_track.push(name);
                }
                Status::Below => s.below.push(name),
                Status::Pending => s.pending.push(name),
                Status::Undecidable => s.undecidable.push(name),
            }
        }
        s
    }

    /// The overall word after "N项指标整体": computed from the share on track.
    pub fn verdict(&self) -> &'static str {
        let on = self.on_track.len();
        if on == self.total {
            "完成预期目标"
        } else if on * 10 >= self.total * 7 {
            "符合预期"
        } else if on * 2 >= self.total {
            "基本符合预期"
        } else {
            "低于预期"
        }
    }

    /// The summary paragraph, e.g. "20项指标整体符合预期（详见附件1）。14项指标完成目标或基本
    /// 达到预期（超额完成…），其中，A、B…。5项指标略低于预期，其中，C、D…。"
    ///
    /// Each group after the first is a paragraph of its own: a reader takes a paragraph's
    /// list of names up to its end, so two lists in one paragraph would run together.
    pub fn paragraphs(&self, annex: u8) -> Vec<String> {
        let mut out = Vec::new();
        let mut s = format!(
            "{}项指标整体{}（详见附件{annex}）。",
            self.total,
            self.verdict()
        );
        if self.on_track.is_empty() {
            s.push_str("没有指标完成目标或基本达到预期。");
        } else {
            let mut parts = Vec::new();
            for (n, word) in [
                (self.exceeded, "超额完成"),
                (self.met, "完成"),
                (self.basically_met, "基本完成"),
            ] {
                if n > 0 {
                    parts.push(format!("{word}{n}项"));
                }
            }
            s.push_str(&format!(
                "{}项指标完成目标或基本达到预期（{}），其中，{}。",
                self.on_track.len(),
                parts.join("、"),
                self.on_track.join("、")
            ));
        }
        out.push(std::mem::take(&mut s));
        if self.below.is_empty() {
            s.push_str("没有指标低于预期。");
        } else {
            s.push_str(&format!(
                "{}项指标略低于预期，其中，{}未达到预期目标。",
                self.below.len(),
                self.below.join("、")
            ));
        }
        out.push(std::mem::take(&mut s));
        // Pending and undecidable are one group to a reader ("尚未…"), so one sentence; each
        // list ends in a reason word, which is where a reader's name list stops.
        let mut unknown = Vec::new();
        if !self.pending.is_empty() {
            unknown.push(format!("{}尚未反馈实际完成数", self.pending.join("、")));
        }
        if !self.undecidable.is_empty() {
            unknown.push(format!(
                "{}尚未能判定是否达到预期",
                self.undecidable.join("、")
            ));
        }
        if !unknown.is_empty() {
            out.push(format!(
                "{}项指标暂未反馈或尚未能判定，其中，{}。",
                self.pending.len() + self.undecidable.len(),
                unknown.join("；")
            ));
        }
        out
    }

    /// One placeholder sentence per indicator below target.
    pub fn reason_paragraphs(&self) -> Vec<String> {
        self.below
            .iter()
            .map(|n| format!("{n}未达到预期目标，原因：{PLACEHOLDER}。"))
            .collect()
    }
}

/// The title lines.
pub fn title(input: &ReportInput) -> Vec<String> {
    vec![
        format!(
            "关于{}{}年国民经济和社会发展",
            input.region,
            input.prev_year()
        ),
        format!("计划执行情况及{}年计划草案的报告", input.year),
    ]
}

/// Livelihood projects by state, names in list order.
pub fn livelihood_paragraph(lines: &[ProgressLine], level: &str) -> String {
    let names = |f: &dyn Fn(ProgressState) -> bool| -> Vec<&str> {
        lines
            .iter()
            .filter(|l| f(l.state))
            .map(|l| l.name.as_str())
            .collect()
    };
    let done = names(&|s| matches!(s, ProgressState::Done | ProgressState::Exceeded));
    let exceeded = names(&|s| s == ProgressState::Exceeded);
    let behind = names(&|s| matches!(s, ProgressState::Behind | ProgressState::NotStarted));
    let unmeasured = names(&|s| s == ProgressState::Unmeasured);
    let n = lines.len();
    let mut s = if done.len() == n {
        format!("{n}件{level}民生实事目标任务均完成")
    } else {
        format!("{n}件{level}民生实事中，{}件完成目标任务", done.len())
    };
    if !exceeded.is_empty() {
        s.push_str(&format!("，其中{}超额完成", exceeded.join("、")));
    }
    s.push('。');
    if !behind.is_empty() {
        s.push_str(&format!(
            "{}件未完成目标任务（{}），原因：{PLACEHOLDER}。",
            behind.len(),
            behind.join("、")
        ));
    }
    if !unmeasured.is_empty() {
        s.push_str(&format!(
            "{}件无量化目标，完成情况需另行说明（{}）。",
            unmeasured.len(),
            unmeasured.join("、")
        ));
    }
    s
}

/// How the indicator system changed, in the report's words ("新增“区级税收收入增速”指标，
/// 将“A”调整为“B”"); empty when nothing was added, removed or renamed.
pub fn system_change_sentence(old: &Plan, new: &Plan) -> String {
    let mut parts = Vec::new();
    for c in diff_plans(old, new) {
        match c {
            Change::Added { name, .. } => parts.push(format!("新增“{name}”指标")),
            Change::Removed { name, .. } => parts.push(format!("不再设置“{name}”指标")),
            Change::Replaced { old, new, .. } => parts.push(format!("将“{old}”调整为“{new}”")),
            _ => {}
        }
    }
    parts.join("，")
}

fn plan_sentence(input: &ReportInput, cur: &Plan, table: Option<&AnnexTable>) -> String {
    let mut s = format!("{}年国民经济和社会发展计划主要指标", input.year);
    let changes = input
        .last
        .as_ref()
        .map(|old| system_change_sentence(old, cur))
        .unwrap_or_default();
    if input.last.is_some() {
        s.push_str(&format!("总体上继续沿用{}年指标体系", input.prev_year()));
        if !changes.is_empty() {
            s.push('，');
            s.push_str(&changes);
        }
        s.push('，');
    }
    s.push_str(&format!("共设置{}项指标", cur.indicators.len()));
    let sections: Vec<String> = table
        .map(|t| {
            t.rows
                .iter()
                .filter_map(|r| match r {
                    AnnexRow::Section { text, .. } => Some(text.clone()),
                    AnnexRow::Item(_) => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if !sections.is_empty() {
        s.push_str(&format!("，包括{}", sections.join("、")));
    }
    if let Some(t) = table {
        s.push_str(&format!("（详见附件{}）", t.number));
    }
    s.push('。');
    s
}

/// The draft's sections.
pub fn sections(input: &ReportInput, annexes: &[AnnexTable]) -> Vec<Section> {
    let style = SummaryStyle {
        level: input.level.clone(),
        ..SummaryStyle::default()
    };
    let mut out = Vec::new();
    out.push(Section {
        heading: String::new(),
        paragraphs: vec![
            format!("{}发展和改革委员会", input.region),
            "各位代表：".to_string(),
            format!(
                "受{}人民政府委托，现将{}{}年国民经济和社会发展计划执行情况及{}年计划草案提请大会审查。",
                input.region,
                input.region,
                input.prev_year(),
                input.year
            ),
        ],
        charts: Vec::new(),
    });
    let execution = annexes.iter().find(|t| t.has_actual());
    let mut exec = Section {
        heading: format!("一、{}年国民经济和社会发展计划执行情况", input.prev_year()),
        paragraphs: Vec::new(),
        charts: Vec::new(),
    };
    if let (Some(last), Some(table)) = (&input.last, execution) {
        let summary = IndicatorSummary::of(last, &input.last_judgements);
        for (k, p) in summary.paragraphs(table.number).into_iter().enumerate() {
            exec.paragraphs.push(if k == 0 {
                format!("——主要指标：{p}")
            } else {
                p
            });
        }
        exec.paragraphs.extend(summary.reason_paragraphs());
        exec.charts.push(ChartKind::Statuses);
        if table
            .items()
            .any(|i| i.rate_like && i.target_value.is_some() && i.actual_value.is_some())
        {
            exec.charts.push(ChartKind::ActualVsTarget);
        }
    }
    if let Some(p) = &input.projects {
        exec.paragraphs.push(format!(
            "——重点项目：{}",
            summary_paragraph(&p.execution, &style)
        ));
        if !p.monthly.is_empty() {
            exec.charts.push(ChartKind::MonthlyInvestment);
        }
    }
    if let Some(lines) = &input.livelihood
        && !lines.is_empty()
    {
        exec.paragraphs.push(format!(
            "——民生实事：{}",
            livelihood_paragraph(lines, &input.level)
        ));
    }
    if !exec.paragraphs.is_empty() {
        out.push(exec);
    }
    let mut plan = Section {
        heading: format!("二、{}年国民经济和社会发展计划主要安排", input.year),
        paragraphs: Vec::new(),
        charts: Vec::new(),
    };
    if let Some(cur) = &input.current {
        let table = annexes.iter().find(|t| !t.has_actual());
        plan.paragraphs.push(format!(
            "——主要预期目标：{}",
            plan_sentence(input, cur, table)
        ));
    }
    if let Some(report) = input.projects.as_ref().and_then(|p| p.plan.as_ref()) {
        plan.paragraphs.push(format!(
            "——重点项目安排：{}",
            plan_paragraph(report, &style)
        ));
    }
    if !plan.paragraphs.is_empty() {
        out.push(plan);
    }
    out
}
