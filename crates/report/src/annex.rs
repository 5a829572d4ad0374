//! The annex tables as published: 附件1 (last year's targets and actuals) and 附件2 (this
//! year's targets, in 核心/其他 sections when the plan has tiers).

use crate::ReportInput;
use planwatch_domain::{Expr, Judgement, Plan, PlanIndicator, Status, Tier};
use rust_decimal::prelude::ToPrimitive;

/// The note under every indicator annex.
pub const NOTE: &str = "注：加*为约束性指标；其他为预期性指标。";

/// One annex table.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnexTable {
    /// 1 or 2.
    pub number: u8,
    pub year: i32,
    /// "2023年国民经济和社会发展计划主要指标"
    pub title: String,
    /// "完成情况" or "预期目标"
    pub subtitle: String,
    /// "序号", "指标名称", "2023年预期目标"[, "实际完成"]
    pub headers: Vec<String>,
    pub rows: Vec<AnnexRow>,
}

impl AnnexTable {
    /// "附件1"
    pub fn caption(&self) -> String {
        format!("附件{}", self.number)
    }

    pub fn has_actual(&self) -> bool {
        self.headers.len() > 3
    }

    /// The indicator rows, without section rows.
    pub fn items(&self) -> impl Iterator<Item = &AnnexItem> {
        self.rows.iter().filter_map(|r| match r {
            AnnexRow::Item(i) => Some(i),
            AnnexRow::Section { .. } => None,
        })
    }

    /// Each row as the cells a flattened table shows, section rows as one cell.
    pub fn cell_rows(&self) -> Vec<Vec<String>> {
        let mut out = vec![self.headers.clone()];
        for row in &self.rows {
            out.push(match row {
                AnnexRow::Section { text, .. } => vec![text.clone()],
                AnnexRow::Item(i) => {
                    let mut cells = vec![i.seq.to_string(), i.label.clone(), i.target.clone()];
                    if self.has_actual() {
                        cells.push(i.actual.clone().unwrap_or_default());
                    }
                    cells
                }
            });
        }
        out
    }
}

/// A row of an annex table.
#[derive(Debug, Clone, PartialEq)]
pub enum AnnexRow {
    /// "核心指标8项"
    Section {
        text: String,
        tier: Tier,
        count: usize,
    },
    Item(AnnexItem),
}

/// One indicator row, with the original texts and the figures behind them.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnexItem {
    /// 序号 as printed (1.. in table order).
    pub seq: u32,
    /// `#区级税收收入增速（%）*`
    pub label: String,
    pub name: String,
    pub unit: String,
    pub binding: bool,
    pub is_new: bool,
    pub tier: Option<Tier>,
    pub rate_like: bool,
    /// The target text exactly as entered.
    pub target: String,
    /// The figure the target centres on, when it has one.
    pub target_value: Option<f64>,
    pub actual: Option<String>,
    pub actual_value: Option<f64>,
    /// For 附件1: the judged status, rule and explanation.
    pub status: Option<Status>,
    pub rule: Option<String>,
    pub explanation: Option<String>,
}

fn figure(e: &Expr) -> Option<f64> {
    e.figure().and_then(|q| q.value.to_f64())
}

fn item(seq: u32, ind: &PlanIndicator, j: Option<&Judgement>, with_actual: bool) -> AnnexItem {
    AnnexItem {
        seq,
        label: ind.def.label(),
        name: ind.def.name.clone(),
        unit: ind.def.unit.clone(),
        binding: ind.def.binding,
        is_new: ind.def.is_new,
        tier: ind.def.tier,
        rate_like: ind.def.kind.is_rate_like(),
        target: ind.target.text.clone(),
        target_value: figure(&ind.target),
        // An indicator without an actual yet prints an empty cell, not an invented word.
        actual: with_actual.then(|| {
            ind.actual
                .as_ref()
                .map(|a| a.text.clone())
                .unwrap_or_default()
        }),
        actual_value: ind.actual.as_ref().and_then(figure),
        status: j.map(|j| j.status),
        rule: j.map(|j| j.rule.clone()),
        explanation: j.map(|j| j.explanation.clone()),
    }
}

/// 附件1 from the Y-1 plan and its judgements.
pub fn execution_table(plan: &Plan, judgements: &[Judgement]) -> AnnexTable {
    let mut rows = Vec::new();
    for (pos, ind) in ordered(plan).into_iter().enumerate() {
        let j = plan
            .indicators
            .iter()
            .position(|i| std::ptr::eq(i, ind))
            .and_then(|k| judgements.get(k));
        rows.push(AnnexRow::Item(item(pos as u32 + 1, ind, j, true)));
    }
    insert_sections(&mut rows);
    AnnexTable {
        number: 1,
        year: plan.year,
        title: format!("{}年国民经济和社会发展计划主要指标", plan.year),
        subtitle: "完成情况".to_string(),
        headers: vec![
            "序号".into(),
            "指标名称".into(),
            format!("{}年预期目标", plan.year),
            "实际完成".into(),
        ],
        rows,
    }
}

/// 附件2 from the Y plan.
pub fn target_table(plan: &Plan) -> AnnexTable {
    let mut rows: Vec<AnnexRow> = ordered(plan)
        .into_iter()
        .enumerate()
        .map(|(pos, ind)| AnnexRow::Item(item(pos as u32 + 1, ind, None, false)))
        .collect();
    insert_sections(&mut rows);
    AnnexTable {
        number: 2,
        year: plan.year,
        title: format!("{}年国民经济和社会发展计划主要指标", plan.year),
        subtitle: "预期目标".to_string(),
        headers: vec![
            "序号".into(),
            "指标名称".into(),
            format!("{}年预期目标", plan.year),
        ],
        rows,
    }
}

/// The plan's indicators in table order: by 序号, and core before other when tiers exist
/// (an indicator without a tier then counts as other, as the table has no third section).
fn ordered(plan: &Plan) -> Vec<&PlanIndicator> {
    let mut v: Vec<&PlanIndicator> = plan.indicators.iter().collect();
    v.sort_by_key(|i| i.seq);
    if v.iter().any(|i| i.def.tier.is_some()) {
        v.sort_by_key(|i| i.def.tier != Some(Tier::Core));
    }
    v
}

fn insert_sections(rows: &mut Vec<AnnexRow>) {
    let tiered = rows
        .iter()
        .any(|r| matches!(r, AnnexRow::Item(i) if i.tier.is_some()));
    if !tiered {
        return;
    }
    let tier_of = |r: &AnnexRow| match r {
        AnnexRow::Item(i) if i.tier == Some(Tier::Core) => Tier::Core,
        _ => Tier::Other,
    };
    let mut out = Vec::with_capacity(rows.len() + 2);
    for tier in [Tier::Core, Tier::Other] {
        let group: Vec<AnnexRow> = rows
            .iter()
            .filter(|r| tier_of(r) == tier)
            .cloned()
            .collect();
        if group.is_empty() {
            continue;
        }
        let word = match tier {
            Tier::Core => "核心",
            Tier::Other => "其他",
        };
        out.push(AnnexRow::Section {
            text: format!("{word}指标{}项", group.len()),
            tier,
            count: group.len(),
        });
        out.extend(group);
    }
    *rows = out;
}

/// The annexes the input has: 附件1 when last year's plan is given, 附件2 when this year's is
/// (numbered in that order, so a report with only one is still 附件1).
pub fn annexes(input: &ReportInput) -> Vec<AnnexTable> {
    let mut out = Vec::new();
    if let Some(last) = &input.last {
        out.push(execution_table(last, &input.last_judgements));
    }
    if let Some(cur) = &input.current {
        let mut t = target_table(cur);
        t.number = out.len() as u8 + 1;
        out.push(t);
    }
    out
}
