//! Indicators of a region's annual plan and the plan that holds them.

use crate::expr::Expr;
use serde::{Deserialize, Serialize};

/// What an indicator measures, which decides how its margins are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// 增速, 增长: a year-on-year growth rate in %.
    GrowthRate,
    /// 总量: an absolute amount (亿元, 万人, 天, 个).
    Level,
    /// 比重, 占比: a share of a whole, in %.
    Share,
    /// 强度, 率 and other ratios in %.
    Intensity,
}

impl IndicatorKind {
    /// Rates, shares and intensities are judged in percentage points; levels in proportion.
    pub fn is_rate_like(self) -> bool {
        !matches!(self, IndicatorKind::Level)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorKind::GrowthRate => "growth_rate",
            IndicatorKind::Level => "level",
            IndicatorKind::Share => "share",
            IndicatorKind::Intensity => "intensity",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "growth_rate" => IndicatorKind::GrowthRate,
            "level" => IndicatorKind::Level,
            "share" => IndicatorKind::Share,
            "intensity" => IndicatorKind::Intensity,
            _ => return None,
        })
    }

    /// Infers the kind from the indicator's name and unit.
    pub fn infer(name: &str, unit: &str) -> Self {
        let percent = unit == "%" || unit.is_empty();
        if name.contains("增速") || name.contains("增长") || name.ends_with("下降") {
            IndicatorKind::GrowthRate
        } else if percent && (name.contains("比重") || name.contains("占比")) {
            IndicatorKind::Share
        } else if percent {
            IndicatorKind::Intensity
        } else {
            IndicatorKind::Level
        }
    }
}

/// Whether a larger figure is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher_is_better",
            Direction::LowerIsBetter => "lower_is_better",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "higher_is_better" => Some(Direction::HigherIsBetter),
            "lower_is_better" => Some(Direction::LowerIsBetter),
            _ => None,
        }
    }
}

/// 核心指标 or 其他指标, from the section rows of the annex table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Core,
    Other,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Core => "core",
            Tier::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "core" => Some(Tier::Core),
            "other" => Some(Tier::Other),
            _ => None,
        }
    }
}

/// The definition of one indicator in one year's indicator system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorDef {
    /// Name without unit or markers: "地区生产总值增速".
    pub name: String,
    /// Unit from the brackets after the name: "%", "万元", "亿美元"; "" when none.
    pub unit: String,
    pub kind: IndicatorKind,
    /// 约束性 (marked `*`), judged strictly.
    pub binding: bool,
    /// New this year (marked `#`).
    pub is_new: bool,
    pub tier: Option<Tier>,
    /// An explicit direction; `None` means inferred by the judging rules.
    pub direction: Option<Direction>,
    /// 责任单位 / 牵头部门.
    pub department: Option<String>,
}

impl IndicatorDef {
    /// A definition with the kind inferred from name and unit and no markers.
    pub fn new(name: impl Into<String>, unit: impl Into<String>) -> Self {
        let name = name.into();
        let unit = unit.into();
        let kind = IndicatorKind::infer(&name, &unit);
        IndicatorDef {
            name,
            unit,
            kind,
            binding: false,
            is_new: false,
            tier: None,
            direction: None,
            department: None,
        }
    }

    /// The name as an annex table prints it: `#区级税收收入增速（%）*`.
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.is_new {
            s.push('#');
        }
        s.push_str(&self.name);
        if !self.unit.is_empty() {
            s.push('（');
            s.push_str(&self.unit);
            s.push('）');
        }
        if self.binding {
            s.push('*');
        }
        s
    }
}

/// One indicator in one year's plan: its definition, target and (after the year) actual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanIndicator {
    /// 序号 in the annex table, from 1.
    pub seq: u32,
    pub def: IndicatorDef,
    pub target: Expr,
    /// `None` until a figure or outcome is entered.
    pub actual: Option<Expr>,
}

/// A region's indicator system for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub region: String,
    pub year: i32,
    pub indicators: Vec<PlanIndicator>,
}

impl Plan {
    pub fn indicator(&self, name: &str) -> Option<&PlanIndicator> {
        self.indicators.iter().find(|i| i.def.name == name)
    }
}
