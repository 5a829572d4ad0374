//! What changed in an indicator system between two years.
//!
//! Indicator systems carry over year to year with edits: Jiangbei's 2024 system "continues the
//! 2023 system, adds 区级税收收入增速, and replaces 数字经济增加值占地区生产总值比重 by
//! 数字经济核心产业增加值增速". [`diff_plans`] recovers such edits:
//!
//! 1. Indicators with the same name (ignoring spaces) in both years are the same indicator; a
//!    different target text is a [`Change::TargetChanged`], a different unit, nature (binding),
//!    kind, tier, explicit direction or department an [`Change::AttributeChanged`].
//! 2. Of the rest, an old and a new indicator whose names are similar enough
//!    ([`DiffOptions::match_threshold`], default [`MATCH_THRESHOLD`]) and whose units or kinds
//!    agree are paired as [`Change::Replaced`], most similar pairs first. Similarity is the
//!    Dice coefficient of the names' character bigrams (shared two-character pieces, 0 to 1);
//!    the change records it and its description says the pairing was made by similarity.
//!    From [`RENAME_THRESHOLD`] up the pair is described as a rename.
//! 3. What is left is [`Change::Added`] or [`Change::Removed`].
//!
//! The first year that splits indicators into 核心指标/其他指标 gets one
//! [`Change::TiersIntroduced`] rather than a tier change per indicator. A `#` (new) marker is
//! reported only when it is wrong: marked new although the indicator existed the year before.
//!
//! Changes come in a fixed order: tiers introduced, added, removed, replaced, target changes,
//! attribute changes; within each group by 序号 (the new year's, or the old year's for removals).

use crate::expr::Expr;
use crate::indicator::{IndicatorDef, Plan, PlanIndicator};
use crate::lang::Lang;
use crate::quantity::split_scale;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Smallest name similarity at which a removed and an added indicator are paired as a
/// replacement. 0.3 pairs 数字经济增加值占地区生产总值比重 with 数字经济核心产业增加值增速
/// (0.37: they share 数字经济 and 增加值) while unrelated names (typically below 0.2) stay apart.
pub const MATCH_THRESHOLD: f64 = 0.3;

/// Similarity from which a replacement is described as a rename (规模以上工业增加值增速 →
/// 规上工业增加值增速 is 0.78).
pub const RENAME_THRESHOLD: f64 = 0.7;

/// Tuning of [`diff_plans_with`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiffOptions {
    /// See [`MATCH_THRESHOLD`].
    pub match_threshold: f64,
    /// See [`RENAME_THRESHOLD`].
    pub rename_threshold: f64,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            match_threshold: MATCH_THRESHOLD,
            rename_threshold: RENAME_THRESHOLD,
        }
    }
}

/// An attribute of an indicator that can change between years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    /// 约束性 / 预期性 (`*`).
    Binding,
    /// The unit in brackets after the name.
    Unit,
    /// Growth rate, level, share or intensity.
    Kind,
    /// 核心指标 / 其他指标.
    Tier,
    /// `#`: marked new although it existed the year before.
    NewMarker,
    /// An explicitly set direction.
    Direction,
    /// 责任单位.
    Department,
}

impl Attribute {
    /// The attribute's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, Attribute::Binding) => "指标性质",
            (Lang::Zh, Attribute::Unit) => "单位",
            (Lang::Zh, Attribute::Kind) => "指标类型",
            (Lang::Zh, Attribute::Tier) => "指标层级",
            (Lang::Zh, Attribute::NewMarker) => "新增标注",
            (Lang::Zh, Attribute::Direction) => "方向",
            (Lang::Zh, Attribute::Department) => "责任单位",
            (Lang::En, Attribute::Binding) => "nature",
            (Lang::En, Attribute::Unit) => "unit",
            (Lang::En, Attribute::Kind) => "kind",
            (Lang::En, Attribute::Tier) => "tier",
            (Lang::En, Attribute::NewMarker) => "“new” mark",
            (Lang::En, Attribute::Direction) => "direction",
            (Lang::En, Attribute::Department) => "responsible department",
        }
    }
}

/// How a target's figure moved, when both years have a comparable figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// The new figure is larger.
    Raised,
    /// The new figure is smaller.
    Lowered,
    /// Same figure, different wording (`6以上` → `6左右`).
    Reworded,
}

/// One change between two years' indicator systems.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// In the new year only.
    Added {
        /// The indicator's name.
        name: String,
        /// Its unit.
        unit: String,
        /// Its target text this year.
        target: String,
        /// Whether the new year's table marks it `#`.
        marked_new: bool,
    },
    /// In the old year only.
    Removed {
        /// The indicator's name.
        name: String,
        /// Its unit.
        unit: String,
        /// Its target text last year.
        target: String,
    },
    /// An old indicator paired with a new one by name similarity.
    Replaced {
        /// The old year's name.
        old: String,
        /// The old year's unit.
        old_unit: String,
        /// The old year's target text.
        old_target: String,
        /// The new year's name.
        new: String,
        /// The new year's unit.
        new_unit: String,
        /// The new year's target text.
        new_target: String,
        /// Bigram Dice coefficient of the names, 0–1.
        similarity: f64,
        /// Similar enough to read as a rename ([`RENAME_THRESHOLD`]).
        renamed: bool,
    },
    /// Same indicator, different target text.
    TargetChanged {
        /// The indicator's name.
        name: String,
        /// Last year's target text.
        old: String,
        /// This year's target text.
        new: String,
        /// How the figure moved, when both targets have one in the indicator's unit.
        trend: Option<Trend>,
    },
    /// Same indicator, a different attribute (values as text; "" when unset).
    AttributeChanged {
        /// The indicator's name (this year's).
        name: String,
        /// Which attribute.
        attribute: Attribute,
        /// Last year's value.
        old: String,
        /// This year's value.
        new: String,
    },
    /// The new year splits indicators into tiers and the old one did not.
    TiersIntroduced {
        /// How many are 核心指标.
        core: usize,
        /// How many are 其他指标.
        other: usize,
    },
}

impl Change {
    /// One Chinese sentence describing the change.
    pub fn description(&self) -> String {
        self.describe(Lang::Zh)
    }

    /// What kind of change this is, in a word: 新增 / Added, 更名 / Renamed.
    pub fn kind_label(&self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Change::Added { .. } => ("新增", "Added"),
            Change::Removed { .. } => ("删除", "Removed"),
            Change::Replaced { renamed: true, .. } => ("更名", "Renamed"),
            Change::Replaced { .. } => ("替换", "Replaced"),
            Change::TargetChanged { .. } => ("目标调整", "Target changed"),
            Change::AttributeChanged { .. } => ("属性变化", "Attribute changed"),
            Change::TiersIntroduced { .. } => ("分层", "Tiers introduced"),
        };
        lang.pick(zh, en)
    }

    /// The CSS-friendly id of the kind: `added`, `removed`, `replaced`, `renamed`,
    /// `target_changed`, `attribute_changed`, `tiers_introduced`.
    pub fn kind_id(&self) -> &'static str {
        match self {
            Change::Added { .. } => "added",
            Change::Removed { .. } => "removed",
            Change::Replaced { renamed: true, .. } => "renamed",
            Change::Replaced { .. } => "replaced",
            Change::TargetChanged { .. } => "target_changed",
            Change::AttributeChanged { .. } => "attribute_changed",
            Change::TiersIntroduced { .. } => "tiers_introduced",
        }
    }

    /// One sentence describing the change in `lang`, from the same facts in both languages.
    pub fn describe(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.describe_en();
        }
        match self {
            Change::Added {
                name,
                unit,
                target,
                marked_new,
            } => format!(
                "新增指标“{}”，目标{}{}",
                label(name, unit),
                show_target(target),
                if *marked_new {
                    "（表中已标注#）"
                } else {
                    "（表中未标注#）"
                }
            ),
            Change::Removed { name, unit, target } => format!(
                "删除指标“{}”（上年目标{}）",
                label(name, unit),
                show_target(target)
            ),
            Change::Replaced {
                old,
                old_unit,
                old_target,
                new,
                new_unit,
                new_target,
                similarity,
                renamed,
            } => format!(
                "指标“{}”{}“{}”（按名称相似度{similarity:.2}匹配），目标由{}变为{}",
                label(old, old_unit),
                if *renamed { "更名为" } else { "替换为" },
                label(new, new_unit),
                show_target(old_target),
                show_target(new_target)
            ),
            Change::TargetChanged {
                name,
                old,
                new,
                trend,
            } => {
                let t = match trend {
                    Some(Trend::Raised) => "（数值上调）",
                    Some(Trend::Lowered) => "（数值下调）",
                    Some(Trend::Reworded) => "（数值未变，表述改变）",
                    None => "",
                };
                format!(
                    "“{name}”目标由{}调整为{}{t}",
                    show_target(old),
                    show_target(new)
                )
            }
            Change::AttributeChanged {
                name,
                attribute,
                old,
                new,
            } => match attribute {
                Attribute::NewMarker => format!("“{name}”标注为新增（#），但上年已有该指标"),
                _ => format!(
                    "“{name}”{}由{}改为{}",
                    attribute.label(Lang::Zh),
                    show_attr(*attribute, old, Lang::Zh),
                    show_attr(*attribute, new, Lang::Zh)
                ),
            },
            Change::TiersIntroduced { core, other } => {
                format!("指标开始分层：核心指标{core}项、其他指标{other}项")
            }
        }
    }
}

impl Change {
    fn describe_en(&self) -> String {
        match self {
            Change::Added {
                name,
                unit,
                target,
                marked_new,
            } => format!(
                "New indicator “{}” with the target {}{}",
                label(name, unit),
                show_target_en(target),
                if *marked_new {
                    " (marked # in the table)"
                } else {
                    " (not marked # in the table)"
                }
            ),
            Change::Removed { name, unit, target } => format!(
                "Indicator “{}” dropped (last year's target {})",
                label(name, unit),
                show_target_en(target)
            ),
            Change::Replaced {
                old,
                old_unit,
                old_target,
                new,
                new_unit,
                new_target,
                similarity,
                renamed,
            } => format!(
                "“{}” {} “{}” (paired by a name similarity of {similarity:.2}); the target went from {} to {}",
                label(old, old_unit),
                if *renamed {
                    "was renamed"
                } else {
                    "was replaced by"
                },
                label(new, new_unit),
                show_target_en(old_target),
                show_target_en(new_target)
            ),
            Change::TargetChanged {
                name,
                old,
                new,
                trend,
            } => {
                let t = match trend {
                    Some(Trend::Raised) => " (raised)",
                    Some(Trend::Lowered) => " (lowered)",
                    Some(Trend::Reworded) => " (same figure, new wording)",
                    None => "",
                };
                format!(
                    "The target of “{name}” changed from {} to {}{t}",
                    show_target_en(old),
                    show_target_en(new)
                )
            }
            Change::AttributeChanged {
                name,
                attribute,
                old,
                new,
            } => match attribute {
                Attribute::NewMarker => {
                    format!("“{name}” is marked new (#) although it existed last year")
                }
                _ => format!(
                    "The {} of “{name}” changed from {} to {}",
                    attribute.label(Lang::En),
                    show_attr(*attribute, old, Lang::En),
                    show_attr(*attribute, new, Lang::En)
                ),
            },
            Change::TiersIntroduced { core, other } => format!(
                "Indicators are split into tiers for the first time: {core} core, {other} other"
            ),
        }
    }
}

fn show_target_en(t: &str) -> String {
    if t.trim().is_empty() {
        "(none set)".into()
    } else {
        format!("“{t}”")
    }
}

fn label(name: &str, unit: &str) -> String {
    if unit.is_empty() {
        name.to_string()
    } else {
        format!("{name}（{unit}）")
    }
}

fn show_target(t: &str) -> String {
    if t.trim().is_empty() {
        "（未设定）".into()
    } else {
        format!("“{t}”")
    }
}

fn show_attr(a: Attribute, v: &str, lang: Lang) -> String {
    let (zh, en) = match (a, v) {
        (_, "") => ("未标注", "unmarked"),
        (Attribute::Binding, "true") => ("约束性指标", "binding"),
        (Attribute::Binding, _) => ("预期性指标", "anticipatory"),
        (Attribute::Tier, "core") => ("核心指标", "core"),
        (Attribute::Tier, "other") => ("其他指标", "other"),
        (Attribute::Kind, "growth_rate") => ("增速", "growth rate"),
        (Attribute::Kind, "level") => ("总量", "level"),
        (Attribute::Kind, "share") => ("比重", "share"),
        (Attribute::Kind, "intensity") => ("强度", "intensity"),
        (Attribute::Direction, "higher_is_better") => ("越高越好", "higher is better"),
        (Attribute::Direction, "lower_is_better") => ("越低越好", "lower is better"),
        _ => (v, v),
    };
    format!("“{}”", lang.pick(zh, en))
}

/// Compares the indicator systems of two plans with the default [`DiffOptions`].
pub fn diff_plans(old: &Plan, new: &Plan) -> Vec<Change> {
    diff_plans_with(old, new, DiffOptions::default())
}

/// Compares the indicator systems of two plans.
pub fn diff_plans_with(old: &Plan, new: &Plan, options: DiffOptions) -> Vec<Change> {
    let mut olds: Vec<&PlanIndicator> = old.indicators.iter().collect();
    let mut news: Vec<&PlanIndicator> = new.indicators.iter().collect();
    olds.sort_by_key(|i| i.seq);
    news.sort_by_key(|i| i.seq);

    // Same name: pair the first unused occurrence on each side.
    let mut old_used = vec![false; olds.len()];
    let mut new_used = vec![false; news.len()];
    let mut same: Vec<(usize, usize)> = Vec::new();
    for (ni, n) in news.iter().enumerate() {
        let key = name_key(&n.def.name);
        if let Some(oi) =
            (0..olds.len()).find(|&oi| !old_used[oi] && name_key(&olds[oi].def.name) == key)
        {
            old_used[oi] = true;
            new_used[ni] = true;
            same.push((oi, ni));
        }
    }

    // Similar names among the rest, best pairs first; ties by position for determinism.
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (oi, o) in olds.iter().enumerate().filter(|(i, _)| !old_used[*i]) {
        for (ni, n) in news.iter().enumerate().filter(|(i, _)| !new_used[*i]) {
            let s = similarity(&o.def.name, &n.def.name);
            if s >= options.match_threshold && compatible(&o.def, &n.def) {
                candidates.push((s, oi, ni));
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(Ordering::Equal)
            .then(a.2.cmp(&b.2))
            .then(a.1.cmp(&b.1))
    });
    let mut replaced: Vec<(usize, usize, f64)> = Vec::new();
    for (s, oi, ni) in candidates {
        if !old_used[oi] && !new_used[ni] {
            old_used[oi] = true;
            new_used[ni] = true;
            replaced.push((oi, ni, s));
        }
    }
    replaced.sort_by_key(|&(_, ni, _)| news[ni].seq);

    let mut out = Vec::new();
    let old_has_tiers = olds.iter().any(|i| i.def.tier.is_some());
    let new_has_tiers = news.iter().any(|i| i.def.tier.is_some());
    let tiers_introduced = !old_has_tiers && new_has_tiers;
    if tiers_introduced {
        let count = |t| news.iter().filter(|i| i.def.tier == Some(t)).count();
        out.push(Change::TiersIntroduced {
            core: count(crate::indicator::Tier::Core),
            other: count(crate::indicator::Tier::Other),
        });
    }
    for n in news
        .iter()
        .enumerate()
        .filter(|(i, _)| !new_used[*i])
        .map(|(_, n)| n)
    {
        out.push(Change::Added {
            name: n.def.name.clone(),
            unit: n.def.unit.clone(),
            target: n.target.text.clone(),
            marked_new: n.def.is_new,
        });
    }
    for o in olds
        .iter()
        .enumerate()
        .filter(|(i, _)| !old_used[*i])
        .map(|(_, o)| o)
    {
        out.push(Change::Removed {
            name: o.def.name.clone(),
            unit: o.def.unit.clone(),
            target: o.target.text.clone(),
        });
    }
    for &(oi, ni, s) in &replaced {
        let (o, n) = (olds[oi], news[ni]);
        out.push(Change::Replaced {
            old: o.def.name.clone(),
            old_unit: o.def.unit.clone(),
            old_target: o.target.text.clone(),
            new: n.def.name.clone(),
            new_unit: n.def.unit.clone(),
            new_target: n.target.text.clone(),
            similarity: s,
            renamed: s >= options.rename_threshold,
        });
    }
    for &(oi, ni) in &same {
        let (o, n) = (olds[oi], news[ni]);
        if compact(&o.target.text) != compact(&n.target.text) {
            out.push(Change::TargetChanged {
                name: n.def.name.clone(),
                old: o.target.text.clone(),
                new: n.target.text.clone(),
                trend: trend(&o.target, &n.target, &n.def.unit),
            });
        }
    }
    for &(oi, ni) in &same {
        attribute_changes(&olds[oi].def, &news[ni].def, tiers_introduced, &mut out);
    }
    out
}

fn attribute_changes(
    o: &IndicatorDef,
    n: &IndicatorDef,
    tiers_introduced: bool,
    out: &mut Vec<Change>,
) {
    let opt = |s: Option<&str>| s.unwrap_or("").to_string();
    let mut pairs: Vec<(Attribute, String, String)> = vec![
        (
            Attribute::Binding,
            o.binding.to_string(),
            n.binding.to_string(),
        ),
        (
            Attribute::Unit,
            o.unit.trim().to_string(),
            n.unit.trim().to_string(),
        ),
        (
            Attribute::Kind,
            o.kind.as_str().into(),
            n.kind.as_str().into(),
        ),
        (
            Attribute::Direction,
            opt(o.direction.map(|d| d.as_str())),
            opt(n.direction.map(|d| d.as_str())),
        ),
        (
            Attribute::Department,
            opt(o.department.as_deref().map(str::trim)),
            opt(n.department.as_deref().map(str::trim)),
        ),
    ];
    // Tiers first given this year are summarised once, not per indicator.
    if !(tiers_introduced && o.tier.is_none()) {
        pairs.push((
            Attribute::Tier,
            opt(o.tier.map(|t| t.as_str())),
            opt(n.tier.map(|t| t.as_str())),
        ));
    }
    // Marked new though it existed last year: worth a reviewer's question.
    if n.is_new {
        pairs.push((Attribute::NewMarker, "false".into(), "true".into()));
    }
    pairs.sort_by_key(|p| p.0);
    for (attribute, old, new) in pairs {
        if old != new {
            out.push(Change::AttributeChanged {
                name: n.name.clone(),
                attribute,
                old,
                new,
            });
        }
    }
}

/// Whether two indicators may be one replacing the other: the same unit (up to a 万/亿 scale)
/// or the same kind.
fn compatible(a: &IndicatorDef, b: &IndicatorDef) -> bool {
    let (_, ua) = split_scale(a.unit.trim());
    let (_, ub) = split_scale(b.unit.trim());
    ua == ub || a.kind == b.kind
}

fn name_key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

fn compact(s: &str) -> String {
    s.split_whitespace().collect()
}

/// Dice coefficient of the multisets of character bigrams of two names: 2·|shared| / (|a|+|b|).
/// Names of one character compare as single characters.
pub fn similarity(a: &str, b: &str) -> f64 {
    let grams = |s: &str| -> Vec<(char, char)> {
        let cs: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        match cs.len() {
            0 => Vec::new(),
            1 => vec![(cs[0], cs[0])],
            _ => cs.windows(2).map(|w| (w[0], w[1])).collect(),
        }
    };
    let (ga, mut gb) = (grams(a), grams(b));
    let total = ga.len() + gb.len();
    if total == 0 {
        return 0.0;
    }
    let mut shared = 0usize;
    for g in &ga {
        if let Some(pos) = gb.iter().position(|x| x == g) {
            gb.swap_remove(pos);
            shared += 1;
        }
    }
    (2 * shared) as f64 / total as f64
}

/// Raised/lowered when both targets carry a figure convertible to the indicator's unit.
fn trend(old: &Expr, new: &Expr, unit: &str) -> Option<Trend> {
    let a = old.figure()?.in_unit(unit)?;
    let b = new.figure()?.in_unit(unit)?;
    Some(match b.cmp(&a) {
        Ordering::Greater => Trend::Raised,
        Ordering::Less => Trend::Lowered,
        Ordering::Equal => Trend::Reworded,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{Cmp, Form};
    use crate::indicator::Tier;
    use crate::quantity::Quantity;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn val(t: &str) -> Expr {
        match Decimal::from_str(t) {
            Ok(v) => Expr::new(t, Form::Value(Quantity::bare(v))),
            Err(_) => Expr::new(t, Form::Qualitative),
        }
    }

    fn ind(seq: u32, name: &str, unit: &str, target: &str) -> PlanIndicator {
        PlanIndicator {
            seq,
            def: IndicatorDef::new(name, unit),
            target: val(target),
            actual: None,
        }
    }

    fn plan(year: i32, inds: Vec<PlanIndicator>) -> Plan {
        Plan {
            region: "江北区".into(),
            year,
            indicators: inds,
        }
    }

    #[test]
    fn similarity_of_the_digital_economy_pair() {
        let s = similarity(
            "数字经济增加值占地区生产总值比重",
            "数字经济核心产业增加值增速",
        );
        assert!((s - 10.0 / 27.0).abs() < 1e-9, "{s}");
        assert!(s >= MATCH_THRESHOLD);
        assert_eq!(
            similarity("区级税收收入增速", "数字经济增加值占地区生产总值比重"),
            0.0
        );
        assert!(similarity("规模以上工业增加值增速", "规上工业增加值增速") >= RENAME_THRESHOLD);
        assert_eq!(similarity("", ""), 0.0);
        assert_eq!(similarity("天", "天"), 1.0);
    }

    #[test]
    fn identical_plans_have_no_changes() {
        let p = plan(2023, vec![ind(1, "地区生产总值增速", "%", "6.5")]);
        assert!(diff_plans(&p, &p).is_empty());
    }

    #[test]
    fn added_removed_and_replaced() {
        let old = plan(
            2023,
            vec![
                ind(1, "地区生产总值增速", "%", "6"),
                ind(2, "数字经济增加值占地区生产总值比重", "%", "42"),
                ind(3, "森林覆盖率", "%", "50"),
            ],
        );
        let mut added = ind(3, "区级税收收入增速", "%", "4");
        added.def.is_new = true;
        let new = plan(
            2024,
            vec![
                ind(1, "地区生产总值增速", "%", "6"),
                ind(2, "数字经济核心产业增加值增速", "%", "15"),
                added,
            ],
        );
        let changes = diff_plans(&old, &new);
        assert_eq!(changes.len(), 3, "{changes:#?}");
        assert!(
            matches!(&changes[0], Change::Added { name, marked_new: true, .. } if name == "区级税收收入增速")
        );
        assert!(matches!(&changes[1], Change::Removed { name, .. } if name == "森林覆盖率"));
        match &changes[2] {
            Change::Replaced {
                old,
                new,
                similarity,
                renamed,
                ..
            } => {
                assert_eq!(old, "数字经济增加值占地区生产总值比重");
                assert_eq!(new, "数字经济核心产业增加值增速");
                assert!(*similarity > 0.3 && !renamed);
            }
            other => panic!("{other:?}"),
        }
        let d = changes[2].description();
        assert!(d.contains("替换为") && d.contains("相似度0.37"), "{d}");
        assert!(
            changes[0]
                .description()
                .contains("新增指标“区级税收收入增速（%）”")
        );
    }

    #[test]
    fn incompatible_units_are_not_paired() {
        let old = plan(2023, vec![ind(1, "进出口总额", "亿元", "1000")]);
        let new = plan(2024, vec![ind(1, "进出口总额增速", "%", "5")]);
        let changes = diff_plans(&old, &new);
        assert!(matches!(changes[0], Change::Added { .. }), "{changes:?}");
        assert!(matches!(changes[1], Change::Removed { .. }));
    }

    #[test]
    fn best_pair_wins_and_threshold_is_a_parameter() {
        let old = plan(2023, vec![ind(1, "规模以上工业增加值增速", "%", "13")]);
        let new = plan(
            2024,
            vec![
                ind(1, "工业投资增速", "%", "5"),
                ind(2, "规上工业增加值增速", "%", "8.5"),
            ],
        );
        let changes = diff_plans(&old, &new);
        assert!(
            changes.iter().any(|c| matches!(c, Change::Replaced { new, renamed: true, .. } if new == "规上工业增加值增速")),
            "{changes:?}"
        );
        assert!(changes[0].description().contains("工业投资增速"));
        let strict = DiffOptions {
            match_threshold: 0.95,
            ..DiffOptions::default()
        };
        let changes = diff_plans_with(&old, &new, strict);
        assert!(
            changes
                .iter()
                .all(|c| !matches!(c, Change::Replaced { .. }))
        );
    }

    #[test]
    fn target_and_attribute_changes() {
        let mut a = ind(1, "空气质量优良天数", "天", "310");
        a.def.binding = false;
        let mut b = ind(1, "空气质量优良天数", "天", "300");
        b.def.binding = true;
        b.def.is_new = true;
        b.def.department = Some("区生态环境局".into());
        let changes = diff_plans(&plan(2023, vec![a]), &plan(2024, vec![b]));
        assert!(matches!(
            &changes[0],
            Change::TargetChanged {
                trend: Some(Trend::Lowered),
                ..
            }
        ));
        let attrs: Vec<Attribute> = changes
            .iter()
            .filter_map(|c| match c {
                Change::AttributeChanged { attribute, .. } => Some(*attribute),
                _ => None,
            })
            .collect();
        assert_eq!(
            attrs,
            vec![
                Attribute::Binding,
                Attribute::NewMarker,
                Attribute::Department
            ]
        );
        let text: Vec<String> = changes.iter().map(Change::description).collect();
        assert!(
            text[0].contains("由“310”调整为“300”（数值下调）"),
            "{text:?}"
        );
        assert!(
            text[1].contains("由“预期性指标”改为“约束性指标”"),
            "{text:?}"
        );
        assert!(text[2].contains("上年已有"), "{text:?}");
    }

    #[test]
    fn tiers_introduced_once() {
        let old = plan(
            2023,
            vec![ind(1, "甲增速", "%", "1"), ind(2, "乙增速", "%", "2")],
        );
        let mut new = old.clone();
        new.indicators[0].def.tier = Some(Tier::Core);
        new.indicators[1].def.tier = Some(Tier::Other);
        let changes = diff_plans(&old, &new);
        assert_eq!(changes, vec![Change::TiersIntroduced { core: 1, other: 1 }]);
        // A tier moving between years is a per-indicator change.
        let mut newer = new.clone();
        newer.indicators[1].def.tier = Some(Tier::Core);
        let changes = diff_plans(&new, &newer);
        assert_eq!(changes.len(), 1);
        assert!(
            changes[0]
                .description()
                .contains("由“其他指标”改为“核心指标”")
        );
    }

    #[test]
    fn trend_compares_figures_in_the_indicators_unit() {
        let ge = |t: &str, v: &str| {
            Expr::new(
                t,
                Form::Bound {
                    cmp: Cmp::Ge,
                    value: Quantity::bare(Decimal::from_str(v).unwrap_or_default()),
                },
            )
        };
        assert_eq!(
            trend(&ge("6.5以上", "6.5"), &ge("6以上", "6"), "%"),
            Some(Trend::Lowered)
        );
        assert_eq!(
            trend(&val("6"), &ge("6以上", "6"), "%"),
            Some(Trend::Reworded)
        );
        assert_eq!(trend(&val("6"), &val("市级下达"), "%"), None);
    }

    #[test]
    fn order_is_deterministic_regardless_of_input_order() {
        let old = plan(
            2023,
            vec![ind(2, "乙指标", "%", "1"), ind(1, "甲指标", "%", "1")],
        );
        let new = plan(2024, vec![ind(2, "丁", "个", "1"), ind(1, "丙", "个", "1")]);
        let changes = diff_plans(&old, &new);
        let names: Vec<String> = changes
            .iter()
            .map(|c| match c {
                Change::Added { name, .. } | Change::Removed { name, .. } => name.clone(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(names, vec!["丙", "丁", "甲指标", "乙指标"]);
    }
}
