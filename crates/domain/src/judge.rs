//! Judging: one status per indicator, with the rule that decided it and why.
//! (Skeleton: the full rule set is being written.)

use crate::indicator::{Direction, Plan, PlanIndicator};
use crate::rules::Rules;
use serde::{Deserialize, Serialize};

/// The status of one indicator in one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 超额完成
    Exceeded,
    /// 完成
    Met,
    /// 基本完成
    BasicallyMet,
    /// 未完成
    Below,
    /// 待反馈
    Pending,
    /// 无法判定
    Undecidable,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Exceeded,
        Status::Met,
        Status::BasicallyMet,
        Status::Below,
        Status::Pending,
        Status::Undecidable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Exceeded => "exceeded",
            Status::Met => "met",
            Status::BasicallyMet => "basically_met",
            Status::Below => "below",
            Status::Pending => "pending",
            Status::Undecidable => "undecidable",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Exceeded => "超额完成",
            Status::Met => "完成",
            Status::BasicallyMet => "基本完成",
            Status::Below => "未完成",
            Status::Pending => "待反馈",
            Status::Undecidable => "无法判定",
        }
    }

    /// Met, exceeded or basically met: what a report counts as "完成目标或基本达到预期".
    pub fn is_on_track(self) -> bool {
        matches!(self, Status::Exceeded | Status::Met | Status::BasicallyMet)
    }
}

/// The judgement of one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judgement {
    pub status: Status,
    /// Id of the rule that decided, e.g. `bound.lower.met`.
    pub rule: String,
    /// One Chinese sentence: "实际6.7%，高于目标下限6.5%，完成".
    pub explanation: String,
    /// The direction used, and whether it was inferred.
    pub direction: Direction,
}

/// Judges every indicator of a plan, in order.
pub fn judge_plan(plan: &Plan, rules: &Rules) -> Vec<Judgement> {
    plan.indicators
        .iter()
        .map(|ind| judge_indicator(ind, plan, rules))
        .collect()
}

/// Judges one indicator; `plan` gives the other indicators for relative targets.
pub fn judge_indicator(ind: &PlanIndicator, _plan: &Plan, _rules: &Rules) -> Judgement {
    Judgement {
        status: Status::Undecidable,
        rule: "skeleton".into(),
        explanation: format!("{}：规则尚未实现", ind.def.name),
        direction: Direction::HigherIsBetter,
    }
}
