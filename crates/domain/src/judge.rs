//! Judging: one status per indicator, with the rule that decided it and why.
//!
//! For each indicator of a year the judge looks at the target and the actual, in this order,
//! and stops at the first thing that settles the matter:
//!
//! 1. **No actual yet** (`None`, or `市级暂未反馈`, `—`): 待反馈 (`actual.missing`, `actual.pending`).
//! 2. **Actual not understood**: 无法判定, naming the text (`actual.unparsed`).
//! 3. **Actual is an outcome** (`完成市级下达目标`, `未完成`): the outcome decides
//!    (`outcome.met` / `outcome.not_met`; `delegated.outcome_met` / `delegated.outcome_not_met`
//!    when the target was delegated).
//! 4. **Target cannot be compared**: not understood (`target.unparsed`), not set
//!    (`target.missing`), assigned by a higher level and not entered yet (`delegated.unassigned`:
//!    once `target set` stores the assigned figure the target is an ordinary value), or
//!    qualitative (`target.qualitative`).
//! 5. **Actual is qualitative** (`稳步提升`) or not a figure: 无法判定 (`actual.qualitative`,
//!    `actual.not_a_figure`).
//! 6. **Relative target** (`与经济增长同步`): the referenced indicator is found in the same plan
//!    (by name, or through `relative.aliases` in the rules) and its actual becomes the target
//!    (`relative.in_step.*`, `relative.above.*`, `relative.not_below.*`; `relative.reference_*`
//!    when it cannot be found or has no figure).
//! 7. **Figures on both sides**: both are converted to the indicator's unit (`unit.mismatch`
//!    when they cannot be) and compared with the margins of [`Rules`]; rule ids read
//!    `<target form>.<direction>.<status>`, e.g. `value.higher.met`, `bound_target.lower.exceeded`,
//!    `approx_target.higher.basically_met`, `range_target.higher.below`, and
//!    `….below_strict` when a binding indicator would have been basically met.
//!
//! **What a bound actual proves.** An actual such as `6以上` says only that the true figure is at
//! least 6. The judge works out the status at the known end and at the open end: if even the
//! least favourable reading is met (or exceeded), that is the status (`actual.bound.met`,
//! `actual.bound.exceeded`); if even the most favourable reading is below, it is below
//! (`actual.bound.below`); otherwise it says 无法判定 (`actual.bound.undecidable`) rather than guess.
//! So `6以上` against 6 is met, against 6.5 undecidable (it might be 6.2), and `5.5以上`
//! against 3.5 exceeded. Ranges as actuals are treated the same way (`actual.range.*`).
//! Approximate actuals (`约11%`) are judged on their figure and said to be approximate; `近5.5`
//! counts as just under 5.5 and `5.5余` as just over.
//!
//! **Decreases.** For an indicator named `…下降`, a larger figure is better (a bigger decrease).
//! When its actual or target text itself says `下降2.97%` (which the parser records as −2.97
//! with `worded_decline`), the figure is read as the decrease, 2.97.
//!
//! **Revised and stretch targets.** A target printed with its revision (`增长7%（后调整为2%左右）`,
//! [`Expr::revised`]) is judged against the revision, and the explanation starts
//! "按调整后目标“2%左右”判定（年初目标“增长7%”）". A stretch target beside the main one
//! (`增长8%左右，力争500亿元`, [`Expr::stretch`]) is kept but the main target decides, and the
//! explanation says so. A relative target with a margin (`高于全市0.5-1个百分点`) moves the
//! reference by the margin's low end.
//!
//! Every judgement also records the direction used and what it was inferred from
//! ([`DirectionBasis`]); the explanation mentions it whenever it is not plainly higher-is-better.

use crate::expr::{Approx, Cmp, Expr, Form, Margin, Relation};
use crate::indicator::{Direction, IndicatorDef, Plan, PlanIndicator};
use crate::lang::{Lang, figure_with_unit, join_messages, range_with_unit};
use crate::quantity::Quantity;
use crate::rules::Rules;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

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
    /// Every status, best first, then pending and undecidable.
    pub const ALL: [Status; 6] = [
        Status::Exceeded,
        Status::Met,
        Status::BasicallyMet,
        Status::Below,
        Status::Pending,
        Status::Undecidable,
    ];

    /// The stable English id used in JSON and rule files: `basically_met`.
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

    /// Parses the form [`Status::as_str`] gives.
    pub fn parse(s: &str) -> Option<Self> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The Chinese label reports use: 超额完成, 完成, 基本完成, 未完成, 待反馈, 无法判定.
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

    /// The label in `lang`: 超额完成 / Exceeded, 未完成 / Not met, 待反馈 / Pending.
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.label_zh(),
            Lang::En => match self {
                Status::Exceeded => "Exceeded",
                Status::Met => "Met",
                Status::BasicallyMet => "Basically met",
                Status::Below => "Not met",
                Status::Pending => "Pending",
                Status::Undecidable => "Undecidable",
            },
        }
    }

    /// The status as the end of a sentence says it: `完成` / `met`, `未完成` / `not met`.
    pub fn word(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.label_zh(),
            Lang::En => match self {
                Status::Exceeded => "exceeded",
                Status::Met => "met",
                Status::BasicallyMet => "basically met",
                Status::Below => "not met",
                Status::Pending => "pending",
                Status::Undecidable => "undecidable",
            },
        }
    }

    /// Met, exceeded or basically met: what a report counts as "完成目标或基本达到预期".
    pub fn is_on_track(self) -> bool {
        matches!(self, Status::Exceeded | Status::Met | Status::BasicallyMet)
    }

    /// Below the target or only basically met: what the lagging list shows, and where a
    /// department's note explains the figure.
    pub fn lags(self) -> bool {
        matches!(self, Status::Below | Status::BasicallyMet)
    }

    /// The status a table's verdict column prints (完成, 超额完成, 基本完成, 未完成, and their
    /// usual variants: 已完成, 达标, 符合预期, 未达预期, √, ×); `None` for anything else.
    pub fn from_printed(text: &str) -> Option<Status> {
        let t: String = fold(text).chars().filter(|c| !c.is_whitespace()).collect();
        let status = match t.as_str() {
            "超额完成" | "超出预期" | "超过预期" | "好于预期" | "高于预期" => {
                Status::Exceeded
            }
            "完成" | "已完成" | "全面完成" | "完成目标" | "达到" | "已达到" | "达到预期"
            | "符合预期" | "达标" | "√" | "✓" | "✔" => Status::Met,
            "基本完成" | "基本达到" | "基本达到预期" | "基本符合预期" | "基本达标" => {
                Status::BasicallyMet
            }
            "未完成" | "没有完成" | "未完成目标" | "未达到" | "未达预期" | "未达到预期"
            | "低于预期" | "略低于预期" | "未达标" | "×" | "✗" | "✘" => {
                Status::Below
            }
            _ => return None,
        };
        Some(status)
    }

    /// Whether this judged status says what a printed verdict says. A printed 完成 covers
    /// 超额完成 (reports print 完成 for both); otherwise the two must be the same. Pending and
    /// undecidable agree with nothing: there is no judgement to compare.
    pub fn agrees_with_printed(self, printed: Status) -> bool {
        match (printed, self) {
            (Status::Met, Status::Met | Status::Exceeded) => true,
            (p, s) => p == s && s.rank().is_some(),
        }
    }

    /// How good a decided status is (below 0 … exceeded 3); `None` for pending and undecidable.
    pub fn rank(self) -> Option<u8> {
        match self {
            Status::Below => Some(0),
            Status::BasicallyMet => Some(1),
            Status::Met => Some(2),
            Status::Exceeded => Some(3),
            Status::Pending | Status::Undecidable => None,
        }
    }
}

/// What the direction of a judgement was taken from, in the order the rules try them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum DirectionBasis {
    /// The indicator definition sets it.
    Explicit,
    /// `[direction.overrides]` in the rules.
    Override,
    /// The target's bound: `≤0.021` (lower is better) or `6.5以上` (higher).
    TargetBound {
        /// The target text, e.g. `≤0.021`.
        text: String,
    },
    /// The name ends in a decrease word (`…下降`): a larger decrease is better.
    DecreaseName {
        /// The matching ending, e.g. `下降`.
        suffix: String,
    },
    /// The name contains a lower-is-better pattern (`死亡率`).
    NamePattern {
        /// The matching pattern, e.g. `死亡率`.
        pattern: String,
    },
    /// Nothing said otherwise: higher is better.
    #[default]
    Default,
}

impl DirectionBasis {
    /// Whether the direction was inferred rather than set explicitly.
    pub fn is_inferred(&self) -> bool {
        !matches!(self, DirectionBasis::Explicit | DirectionBasis::Override)
    }

    /// Chinese phrase naming the source: "由目标“≤0.021”推断".
    pub fn describe_zh(&self) -> String {
        self.describe(Lang::Zh)
    }

    /// The phrase naming the source in `lang`: "由目标“≤0.021”推断" / "inferred from the
    /// target “≤0.021”".
    pub fn describe(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::Zh, DirectionBasis::Explicit) => "指标定义指定".into(),
            (Lang::Zh, DirectionBasis::Override) => "规则文件direction.overrides指定".into(),
            (Lang::Zh, DirectionBasis::TargetBound { text }) => format!("由目标“{text}”推断"),
            (Lang::Zh, DirectionBasis::DecreaseName { suffix }) => {
                format!("指标名以“{suffix}”结尾")
            }
            (Lang::Zh, DirectionBasis::NamePattern { pattern }) => format!("指标名含“{pattern}”"),
            (Lang::Zh, DirectionBasis::Default) => "默认".into(),
            (Lang::En, DirectionBasis::Explicit) => "set by the indicator's definition".into(),
            (Lang::En, DirectionBasis::Override) => {
                "set by direction.overrides in the rules".into()
            }
            (Lang::En, DirectionBasis::TargetBound { text }) => {
                format!("inferred from the target “{text}”")
            }
            (Lang::En, DirectionBasis::DecreaseName { suffix }) => {
                format!("the name ends in “{suffix}” (a decrease)")
            }
            (Lang::En, DirectionBasis::NamePattern { pattern }) => {
                format!("the name contains “{pattern}”")
            }
            (Lang::En, DirectionBasis::Default) => "the default".into(),
        }
    }
}

/// The judgement of one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judgement {
    /// The status.
    pub status: Status,
    /// Id of the rule that decided, e.g. `bound_target.higher.met`; stable across versions.
    pub rule: String,
    /// One Chinese sentence: "实际6.7%，高于目标下限6.5%，完成".
    pub explanation: String,
    /// The direction used.
    pub direction: Direction,
    /// Where the direction came from (inferred or set).
    #[serde(default)]
    pub direction_basis: DirectionBasis,
}

/// Rule ids that stand alone, with their names.
const SINGLE_RULES: &[(&str, &str, &str)] = &[
    ("actual.missing", "尚未录入实际值", "No actual entered"),
    ("actual.pending", "实际待反馈", "Actual pending"),
    ("actual.unparsed", "实际无法解析", "Actual cannot be read"),
    ("actual.qualitative", "实际为定性表述", "Qualitative actual"),
    (
        "actual.not_a_figure",
        "实际不是数值",
        "Actual is not a figure",
    ),
    ("outcome.met", "按完成情况表述：完成", "Stated outcome: met"),
    (
        "outcome.not_met",
        "按完成情况表述：未完成",
        "Stated outcome: not met",
    ),
    (
        "delegated.outcome_met",
        "上级下达目标，按完成情况表述：完成",
        "Target set above, stated outcome: met",
    ),
    (
        "delegated.outcome_not_met",
        "上级下达目标，按完成情况表述：未完成",
        "Target set above, stated outcome: not met",
    ),
    (
        "delegated.unassigned",
        "上级下达目标尚未录入",
        "Target set above, not yet entered",
    ),
    ("target.unparsed", "目标无法解析", "Target cannot be read"),
    ("target.missing", "目标尚未设定", "No target set"),
    ("target.qualitative", "定性目标", "Qualitative target"),
    ("unit.mismatch", "单位无法换算", "Units do not convert"),
    (
        "arithmetic.overflow",
        "数值超出可计算范围",
        "Figures too large",
    ),
    (
        "relative.reference_missing",
        "参照指标未找到",
        "Indicator referred to not found",
    ),
    (
        "relative.reference_pending",
        "参照指标尚无实际值",
        "Indicator referred to has no actual",
    ),
    (
        "relative.unit_mismatch",
        "参照指标单位无法换算",
        "Indicator referred to: units do not convert",
    ),
    (
        "relative.reference_not_numeric",
        "参照指标不是确切数值",
        "Indicator referred to has no exact figure",
    ),
];

/// The target forms of composed rule ids (`<form>.<direction>.<outcome>`), with their names.
const TARGET_RULES: &[(&str, &str, &str)] = &[
    ("value", "定值目标", "Exact target"),
    ("bound_target", "界限目标", "Bound target"),
    ("approx_target", "约数目标", "Approximate target"),
    ("range_target", "区间目标", "Range target"),
    (
        "relative.in_step",
        "与参照指标同步",
        "In step with another indicator",
    ),
    ("relative.above", "高于参照指标", "Above another indicator"),
    (
        "relative.not_below",
        "不低于参照指标",
        "Not below another indicator",
    ),
];

/// The outcomes of composed rule ids.
const OUTCOMES: &[&str] = &["exceeded", "met", "basically_met", "below", "below_strict"];

fn outcome_name(outcome: &str, lang: Lang) -> Option<String> {
    if outcome == "below_strict" {
        return Some(
            lang.pick(
                "约束性指标从严判定：未完成",
                "binding, judged strictly: not met",
            )
            .to_string(),
        );
    }
    Status::parse(outcome).map(|s| s.word(lang).to_string())
}

/// Every rule id the judge can give, for listings and tests.
pub fn rule_ids() -> Vec<String> {
    let mut ids: Vec<String> = SINGLE_RULES.iter().map(|(id, ..)| id.to_string()).collect();
    for (form, ..) in TARGET_RULES {
        for dir in ["higher", "lower"] {
            for outcome in OUTCOMES {
                ids.push(format!("{form}.{dir}.{outcome}"));
            }
        }
    }
    for actual in ["actual.bound", "actual.range"] {
        for outcome in ["exceeded", "met", "basically_met", "below", "undecidable"] {
            ids.push(format!("{actual}.{outcome}"));
        }
    }
    ids
}

/// The name of a rule id in `lang`, for people: `bound_target.higher.met` is
/// "下限目标（越高越好）：完成" / "Floor target (higher is better): met". `None` for an id the
/// judge does not give.
pub fn rule_name(rule: &str, lang: Lang) -> Option<String> {
    if let Some((_, zh, en)) = SINGLE_RULES.iter().find(|(id, ..)| *id == rule) {
        return Some(lang.pick(*zh, *en).to_string());
    }
    for (actual, zh, en) in [
        (
            "actual.bound.",
            "实际仅知界限",
            "Actual known only as a bound",
        ),
        ("actual.range.", "实际为区间", "Actual given as a range"),
    ] {
        if let Some(outcome) = rule.strip_prefix(actual) {
            let o = outcome_name(outcome, lang)?;
            return Some(lang.pick(format!("{zh}：{o}"), format!("{en}: {o}")));
        }
    }
    let (rest, outcome) = rule.rsplit_once('.')?;
    let (form, dir) = rest.rsplit_once('.')?;
    let (_, form_zh, form_en) = TARGET_RULES.iter().find(|(f, ..)| *f == form)?;
    let o = outcome_name(outcome, lang)?;
    let (form_zh, form_en) = match (form, dir) {
        ("bound_target", "higher") => ("下限目标", "Floor target"),
        ("bound_target", "lower") => ("上限目标", "Ceiling target"),
        _ => (*form_zh, *form_en),
    };
    let (dir_zh, dir_en) = match dir {
        "higher" => ("越高越好", "higher is better"),
        "lower" => ("越低越好", "lower is better"),
        _ => return None,
    };
    Some(lang.pick(
        format!("{form_zh}（{dir_zh}）：{o}"),
        format!("{form_en} ({dir_en}): {o}"),
    ))
}

/// Counts of judgements per status; every status is present, zeros included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Count per status, all six present.
    pub counts: BTreeMap<Status, usize>,
    /// Number of judgements.
    pub total: usize,
}

impl Summary {
    /// Tallies judgements.
    pub fn of(judgements: &[Judgement]) -> Self {
        let mut counts: BTreeMap<Status, usize> = Status::ALL.iter().map(|s| (*s, 0)).collect();
        for j in judgements {
            *counts.entry(j.status).or_insert(0) += 1;
        }
        Summary {
            counts,
            total: judgements.len(),
        }
    }

    /// How many have this status.
    pub fn count(&self, status: Status) -> usize {
        self.counts.get(&status).copied().unwrap_or(0)
    }

    /// Exceeded + met + basically met.
    pub fn on_track(&self) -> usize {
        Status::ALL
            .iter()
            .filter(|s| s.is_on_track())
            .map(|s| self.count(*s))
            .sum()
    }
}

/// Judges every indicator of a plan, in order (explanations in Chinese).
pub fn judge_plan(plan: &Plan, rules: &Rules) -> Vec<Judgement> {
    judge_plan_in(plan, rules, Lang::Zh)
}

/// Judges every indicator of a plan, in order, with the explanations written in `lang`. The
/// statuses and rule ids are the same in every language; only the sentence differs.
pub fn judge_plan_in(plan: &Plan, rules: &Rules, lang: Lang) -> Vec<Judgement> {
    let names = NameRules::of(rules);
    plan.indicators
        .iter()
        .map(|ind| judge_with(ind, plan, rules, &names, Some(lang)))
        .collect()
}

/// Judges one indicator; `plan` gives the other indicators for relative targets.
pub fn judge_indicator(ind: &PlanIndicator, plan: &Plan, rules: &Rules) -> Judgement {
    judge_indicator_in(ind, plan, rules, Lang::Zh)
}

/// [`judge_indicator`] with the explanation written in `lang`.
pub fn judge_indicator_in(
    ind: &PlanIndicator,
    plan: &Plan,
    rules: &Rules,
    lang: Lang,
) -> Judgement {
    judge_with(ind, plan, rules, &NameRules::of(rules), Some(lang))
}

/// [`judge_indicator`] without the explanation sentence (empty): the same status, rule and
/// direction, for callers that judge many candidate figures (the projection's range ends).
pub fn verdict(ind: &PlanIndicator, plan: &Plan, rules: &Rules) -> Judgement {
    judge_with(ind, plan, rules, &NameRules::of(rules), None)
}

/// Judges every indicator of a plan, in order, without explanations: the same status, rule and
/// direction as [`judge_plan`], with an empty `explanation`. For bulk output that does not show
/// the sentence (`evaluate --all-regions`), where building it was most of the judging time.
pub fn judge_plan_verdicts(plan: &Plan, rules: &Rules) -> Vec<Judgement> {
    let names = NameRules::of(rules);
    plan.indicators
        .iter()
        .map(|ind| judge_with(ind, plan, rules, &names, None))
        .collect()
}

fn judge_with(
    ind: &PlanIndicator,
    plan: &Plan,
    rules: &Rules,
    names: &NameRules<'_>,
    lang: Option<Lang>,
) -> Judgement {
    // A revised target is the one in force: judge against it and say so.
    if let Some(revised) = &ind.target.revised {
        let mut in_force = ind.clone();
        in_force.target = (**revised).clone();
        let mut j = judge_with(&in_force, plan, rules, names, lang);
        if let Some(lang) = lang {
            let (now, before) = (&revised.text, ind.target.text_before_revision());
            let prefix = lang.pick(
                format!("按调整后目标“{now}”判定（年初目标“{before}”）："),
                format!("judged against the revised target \"{now}\" (set at the start of the year as \"{before}\"): "),
            );
            j.explanation = format!("{prefix}{}", j.explanation);
        }
        return j;
    }
    let mut j = judge_core(ind, plan, rules, names, lang);
    if let (Some(lang), Some(stretch)) = (lang, &ind.target.stretch) {
        let s = &stretch.text;
        j.explanation.push_str(&lang.pick(
            format!("（另有力争目标“{s}”，按主目标判定）"),
            format!(" (the stretch target \"{s}\" is kept beside the main one, which decides)"),
        ));
    }
    j
}

fn judge_core(
    ind: &PlanIndicator,
    plan: &Plan,
    rules: &Rules,
    names: &NameRules<'_>,
    lang: Option<Lang>,
) -> Judgement {
    let folded = fold(&ind.def.name);
    let decrease_name = names.decrease_suffix(&folded).is_some();
    let (direction, basis) = names.direction(&ind.def, &folded, decrease_name, &ind.target);
    let cx = Cx {
        explain: lang.is_some(),
        lang: lang.unwrap_or_default(),
        ind,
        plan,
        rules,
        direction,
        basis,
        decrease_name,
    };
    cx.judge()
}

/// Decides whether a larger figure is better for an indicator, and from what: the definition,
/// then the rules' overrides, then the target's bound, then the name (see [`crate::rules`]).
pub fn resolve_direction(
    def: &IndicatorDef,
    target: &Expr,
    rules: &Rules,
) -> (Direction, DirectionBasis) {
    let names = NameRules::of(rules);
    let folded = fold(&def.name);
    let decrease_name = names.decrease_suffix(&folded).is_some();
    names.direction(def, &folded, decrease_name, target.in_force())
}

/// The rules' name patterns, folded once (see [`fold`]) rather than once per indicator.
struct NameRules<'a> {
    rules: &'a Rules,
    /// (folded, as written) of each non-blank `decrease_suffixes` entry.
    decrease_suffixes: Vec<(String, &'a String)>,
    /// (folded, as written) of each non-blank `lower_is_better` pattern.
    lower_is_better: Vec<(String, &'a String)>,
}

impl<'a> NameRules<'a> {
    fn of(rules: &'a Rules) -> Self {
        let folded = |list: &'a [String]| {
            list.iter()
                .filter(|p| !p.trim().is_empty())
                .map(|p| (fold(p).into_owned(), p))
                .collect()
        };
        NameRules {
            rules,
            decrease_suffixes: folded(&rules.direction.decrease_suffixes),
            lower_is_better: folded(&rules.direction.lower_is_better),
        }
    }

    /// The suffix (as written in the rules) a folded name ends with, if any.
    fn decrease_suffix(&self, folded_name: &str) -> Option<&'a String> {
        self.decrease_suffixes
            .iter()
            .find(|(f, _)| folded_name.ends_with(f.as_str()))
            .map(|(_, s)| *s)
    }

    fn direction(
        &self,
        def: &IndicatorDef,
        folded_name: &str,
        decrease_name: bool,
        target: &Expr,
    ) -> (Direction, DirectionBasis) {
        if let Some(d) = def.direction {
            return (d, DirectionBasis::Explicit);
        }
        if let Some(d) = self.rules.direction.overrides.get(def.name.trim()) {
            return (*d, DirectionBasis::Override);
        }
        if let Form::Bound { cmp, .. } = &target.form {
            // `下降3%以上` on a `…下降` indicator is "a decrease of at least 3": a floor.
            let cmp = if target.worded_decline && decrease_name {
                cmp.mirrored()
            } else {
                *cmp
            };
            let d = if cmp.is_lower_bound() {
                Direction::HigherIsBetter
            } else {
                Direction::LowerIsBetter
            };
            return (
                d,
                DirectionBasis::TargetBound {
                    text: target.text.clone(),
                },
            );
        }
        if let Some(suffix) = self.decrease_suffix(folded_name) {
            return (
                Direction::HigherIsBetter,
                DirectionBasis::DecreaseName {
                    suffix: suffix.clone(),
                },
            );
        }
        for (folded, pattern) in &self.lower_is_better {
            if folded_name.contains(folded.as_str()) {
                return (
                    Direction::LowerIsBetter,
                    DirectionBasis::NamePattern {
                        pattern: (*pattern).clone(),
                    },
                );
            }
        }
        (Direction::HigherIsBetter, DirectionBasis::Default)
    }
}

/// Full-width ASCII to half-width and upper case, so `ＰＭ２.５` and `pm2.5` match `PM2.5`.
/// Borrows when there is nothing to change, which is almost always (it runs per pattern).
fn fold(s: &str) -> Cow<'_, str> {
    let s = s.trim();
    let changes = |c: char| c.is_ascii_lowercase() || ('\u{FF01}'..='\u{FF5E}').contains(&c);
    if !s.chars().any(changes) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                _ => c,
            })
            .map(|c| c.to_ascii_uppercase())
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------
// Points on the number line, with "just below"/"just above" so that strict bounds (超6, 近5.5)
// compare exactly without an epsilon.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    JustBelow,
    Exact,
    JustAbove,
}

/// Ordered by value, then side: (5.5, JustBelow) < (5.5, Exact) < (5.5, JustAbove).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Point {
    v: Decimal,
    side: Side,
}

impl Point {
    fn exact(v: Decimal) -> Self {
        Point {
            v,
            side: Side::Exact,
        }
    }
}

/// A numeric target, converted to the reference unit.
#[derive(Debug, Clone, Copy)]
enum Goal {
    Value(Decimal),
    Bound(Cmp, Decimal),
    Approx(Approx, Decimal),
    Range(Decimal, Decimal),
}

/// A numeric actual, converted: a point, or an interval with open (`None`) ends.
#[derive(Debug, Clone)]
enum Reading {
    Point {
        at: Point,
        shown: String,
        approximate: bool,
    },
    Interval {
        low: Option<Point>,
        high: Option<Point>,
        shown: String,
        /// "actual.bound" or "actual.range".
        rule: &'static str,
    },
}

/// What a target asks, as thresholds on the effective direction's good side.
#[derive(Debug, Clone)]
struct Thresholds {
    dir: Direction,
    met: Point,
    exceeded: Option<Point>,
    basically: Option<Point>,
    /// The basically-met threshold before binding strictness, to explain a strict "below".
    lenient: Option<Point>,
    /// The figure "met" is measured from (the target, or the near end of a range) and how to
    /// name it: "目标下限6.5%".
    near: Decimal,
    near_desc: String,
    /// The figure "exceeded" is measured from (the far end of a range) and its name.
    far: Decimal,
    far_desc: String,
    /// Tolerance that makes a short figure still met (approximate / in-step targets).
    band: Option<(Decimal, &'static str)>,
    /// Whole range text when the target is a range, for "在目标区间…内".
    range_desc: Option<String>,
    /// Rule id prefix: "value", "bound_target", "relative.in_step", …
    prefix: String,
}

impl Thresholds {
    fn good(&self, p: Point, t: Point) -> bool {
        match self.dir {
            Direction::HigherIsBetter => p >= t,
            Direction::LowerIsBetter => p <= t,
        }
    }

    fn status_with(&self, p: Point, basically: Option<Point>) -> Status {
        let met = self.good(p, self.met);
        if met && self.exceeded.is_some_and(|t| self.good(p, t)) {
            Status::Exceeded
        } else if met {
            Status::Met
        } else if basically.is_some_and(|t| self.good(p, t)) {
            Status::BasicallyMet
        } else {
            Status::Below
        }
    }

    fn status_at(&self, p: Point) -> Status {
        self.status_with(p, self.basically)
    }

    /// Status at an end of an interval; `None` is the open end, which is the worst or the best.
    fn status_at_end(&self, p: Option<Point>, open_is_best: bool) -> Status {
        match p {
            Some(p) => self.status_at(p),
            None if open_is_best && self.exceeded.is_some() => Status::Exceeded,
            None if open_is_best => Status::Met,
            None => Status::Below,
        }
    }
}

/// Explanation text, built only when the caller shows it: `say!(cx, ["中文…", args],
/// ["English…", args])` is the `format!` of the judgement's language when `cx.explain`, else an
/// empty string (no argument is evaluated then). Both sentences are written here, from the same
/// figures and decisions, so neither language is a translation of the other.
macro_rules! say {
    ($cx:expr, [$($zh:tt)*], [$($en:tt)*]) => {
        if !$cx.explain {
            String::new()
        } else if $cx.lang == Lang::En {
            format!($($en)*)
        } else {
            format!($($zh)*)
        }
    };
}

struct Cx<'a> {
    /// Whether to write the explanation; statuses and rule ids never depend on it.
    explain: bool,
    /// The language of the explanation.
    lang: Lang,
    ind: &'a PlanIndicator,
    plan: &'a Plan,
    rules: &'a Rules,
    direction: Direction,
    basis: DirectionBasis,
    decrease_name: bool,
}

type Early = Box<Judgement>;

impl Cx<'_> {
    fn done(&self, status: Status, rule: impl Into<String>, explanation: String) -> Judgement {
        Judgement {
            status,
            rule: rule.into(),
            explanation,
            direction: self.direction,
            direction_basis: self.basis.clone(),
        }
    }

    fn early(&self, status: Status, rule: &str, explanation: String) -> Early {
        Box::new(self.done(status, rule, explanation))
    }

    fn judge(&self) -> Judgement {
        let target = &self.ind.target;
        let Some(actual) = &self.ind.actual else {
            return self.done(
                Status::Pending,
                "actual.missing",
                say!(
                    self,
                    ["尚未录入实际完成值，待反馈{}", self.target_problem()],
                    [
                        "No actual figure has been entered yet: pending{}",
                        self.target_problem()
                    ]
                ),
            );
        };
        match &actual.form {
            Form::Pending { reason } => {
                let said = if actual.text.trim().is_empty() {
                    reason
                        .clone()
                        .unwrap_or_else(|| self.lang.pick("空", "empty").into())
                } else {
                    actual.text.clone()
                };
                return self.done(
                    Status::Pending,
                    "actual.pending",
                    say!(
                        self,
                        ["实际“{said}”，尚无数据，待反馈{}", self.target_problem()],
                        [
                            "The actual reads “{said}”: no figure yet, pending{}",
                            self.target_problem()
                        ]
                    ),
                );
            }
            Form::Unparsed => {
                return self.done(
                    Status::Undecidable,
                    "actual.unparsed",
                    say!(
                        self,
                        [
                            "实际“{}”无法解析{}，无法判定",
                            actual.text,
                            self.diagnostics(actual)
                        ],
                        [
                            "The actual “{}” cannot be read{}: undecidable",
                            actual.text,
                            self.diagnostics(actual)
                        ]
                    ),
                );
            }
            Form::Outcome { met } => {
                let delegated = matches!(target.form, Form::Delegated { .. });
                let (status, rule) = match (delegated, met) {
                    (true, true) => (Status::Met, "delegated.outcome_met"),
                    (true, false) => (Status::Below, "delegated.outcome_not_met"),
                    (false, true) => (Status::Met, "outcome.met"),
                    (false, false) => (Status::Below, "outcome.not_met"),
                };
                let text = compact(&actual.text);
                return self.done(
                    status,
                    rule,
                    say!(
                        self,
                        ["实际“{text}”，{}", status.label_zh()],
                        ["The actual reads “{text}”: {}", status.word(Lang::En)]
                    ),
                );
            }
            _ => {}
        }
        let shown_actual = if self.explain {
            self.show_loose(actual)
        } else {
            String::new()
        };
        match &target.form {
            Form::Unparsed => {
                return self.done(
                    Status::Undecidable,
                    "target.unparsed",
                    say!(
                        self,
                        [
                            "目标“{}”无法解析{}，无法判定",
                            target.text,
                            self.diagnostics(target)
                        ],
                        [
                            "The target “{}” cannot be read{}: undecidable",
                            target.text,
                            self.diagnostics(target)
                        ]
                    ),
                );
            }
            Form::Pending { .. } => {
                let t = if target.text.trim().is_empty() {
                    String::new()
                } else {
                    say!(self, ["（“{}”）", target.text], [" (“{}”)", target.text])
                };
                return self.done(
                    Status::Undecidable,
                    "target.missing",
                    say!(
                        self,
                        ["实际{shown_actual}，目标尚未设定{t}，无法判定"],
                        ["Actual {shown_actual}, but no target has been set{t}: undecidable"]
                    ),
                );
            }
            Form::Delegated { authority } => {
                return self.done(
                    Status::Undecidable,
                    "delegated.unassigned",
                    say!(
                        self,
                        ["实际{shown_actual}；目标由{authority}下达，尚未录入下达值，无法判定"],
                        ["Actual {shown_actual}; the target is assigned by “{authority}” and the assigned figure has not been entered: undecidable"]
                    ),
                );
            }
            Form::Qualitative | Form::Outcome { .. } => {
                return self.done(
                    Status::Undecidable,
                    "target.qualitative",
                    say!(
                        self,
                        ["目标“{}”为定性表述，实际{shown_actual}，无法按数值判定", target.text],
                        ["The target “{}” is qualitative and the actual is {shown_actual}: it cannot be judged by figures", target.text]
                    ),
                );
            }
            _ => {}
        }
        match &actual.form {
            Form::Qualitative => {
                return self.done(
                    Status::Undecidable,
                    "actual.qualitative",
                    say!(
                        self,
                        ["实际“{}”为定性表述，无法判定是否达到目标“{}”", actual.text, target.text],
                        ["The actual “{}” is qualitative: whether it reaches the target “{}” cannot be decided", actual.text, target.text]
                    ),
                );
            }
            Form::Delegated { .. } | Form::Relative { .. } => {
                return self.done(
                    Status::Undecidable,
                    "actual.not_a_figure",
                    say!(
                        self,
                        ["实际“{}”不是完成值，无法判定", actual.text],
                        ["The actual “{}” is not a result: undecidable", actual.text]
                    ),
                );
            }
            _ => {}
        }
        let result = match &target.form {
            Form::Relative {
                reference,
                relation,
                margin,
            } => self.judge_relative(actual, reference, *relation, margin.as_ref()),
            _ => self.judge_numeric(target, actual),
        };
        result.unwrap_or_else(|j| *j)
    }

    /// A figure with its unit in the explanation's language: `1744亿元` / `174.4 billion yuan`.
    fn fig(&self, v: Decimal, unit: &str) -> String {
        figure_with_unit(v, unit, self.lang)
    }

    /// A range with its unit in the explanation's language: `5–6%`.
    fn range_fig(&self, lo: Decimal, hi: Decimal, unit: &str) -> String {
        range_with_unit(lo, hi, unit, self.lang)
    }

    /// What the parser said about an expression it could not read, in brackets.
    fn diagnostics(&self, e: &Expr) -> String {
        if e.diagnostics.is_empty() {
            String::new()
        } else {
            let all = join_messages(&e.diagnostics, self.lang);
            say!(self, ["（{all}）"], [" ({all})"])
        }
    }

    /// The sentence with its notes in brackets.
    fn finish(&self, sentence: String, notes: &[String]) -> String {
        if notes.is_empty() {
            sentence
        } else {
            let joined = notes.join(self.lang.pick("；", "; "));
            say!(self, ["{sentence}（{joined}）"], ["{sentence} ({joined})"])
        }
    }

    /// A note about a target that will block judging once the actual arrives.
    fn target_problem(&self) -> String {
        let t = &self.ind.target;
        match t.form {
            Form::Unparsed => say!(
                self,
                ["；另：目标“{}”无法解析", t.text],
                ["; note that the target “{}” cannot be read", t.text]
            ),
            _ => String::new(),
        }
    }

    /// The unit figures are compared in: the indicator's, else the target's, else the actual's.
    fn reference_unit(&self, target: &Expr, actual: &Expr) -> String {
        if !self.ind.def.unit.trim().is_empty() {
            return self.ind.def.unit.trim().to_string();
        }
        [target, actual]
            .iter()
            .flat_map(|e| quantities(e))
            .map(|q| q.unit.clone())
            .find(|u| !u.is_empty())
            .unwrap_or_default()
    }

    /// A bound's comparison on the indicator's own scale: a worded decline of a `…下降`
    /// indicator is read as a decrease (see [`Self::convert`]), which turns its bound around.
    fn read_cmp(&self, e: &Expr, cmp: Cmp) -> Cmp {
        if self.decrease_name && e.worded_decline {
            cmp.mirrored()
        } else {
            cmp
        }
    }

    /// A quantity in `unit`, with a worded decline of a `…下降` indicator read as the decrease.
    fn convert(&self, e: &Expr, q: &Quantity, unit: &str) -> Result<Decimal, Early> {
        let Some(v) = q.in_unit(unit) else {
            return Err(self.early(
                Status::Undecidable,
                "unit.mismatch",
                say!(
                    self,
                    [
                        "“{}”的单位{}无法换算为指标单位{}，无法判定",
                        e.text,
                        if q.unit.is_empty() {
                            "（无）"
                        } else {
                            &q.unit
                        },
                        unit
                    ],
                    [
                        "The unit of “{}” ({}) cannot be converted to the indicator's unit {}: undecidable",
                        e.text,
                        if q.unit.is_empty() { "none" } else { &q.unit },
                        unit
                    ]
                ),
            ));
        };
        Ok(if self.decrease_name && e.worded_decline {
            v.abs()
        } else {
            v
        })
    }

    fn goal(&self, target: &Expr, unit: &str) -> Result<Goal, Early> {
        let c = |q: &Quantity| self.convert(target, q, unit);
        Ok(match &target.form {
            Form::Value(q) => Goal::Value(c(q)?),
            Form::Bound { cmp, value } => Goal::Bound(self.read_cmp(target, *cmp), c(value)?),
            Form::Approx { approx, value } => Goal::Approx(*approx, c(value)?),
            Form::Range { low, high } => {
                let (a, b) = (c(low)?, c(high)?);
                Goal::Range(a.min(b), a.max(b))
            }
            _ => {
                return Err(self.early(
                    Status::Undecidable,
                    "target.qualitative",
                    say!(
                        self,
                        ["目标“{}”不是数值，无法判定", target.text],
                        ["The target “{}” is not a figure: undecidable", target.text]
                    ),
                ));
            }
        })
    }

    fn reading(&self, actual: &Expr, unit: &str) -> Result<Reading, Early> {
        let c = |q: &Quantity| self.convert(actual, q, unit);
        Ok(match &actual.form {
            Form::Value(q) => {
                let v = c(q)?;
                Reading::Point {
                    at: Point::exact(v),
                    shown: if self.explain {
                        self.fig(v, unit)
                    } else {
                        String::new()
                    },
                    approximate: false,
                }
            }
            Form::Approx { approx, value } => {
                let v = c(value)?;
                let (side, shown) = match approx {
                    Approx::About => (
                        Side::Exact,
                        say!(
                            self,
                            ["约{}", self.fig(v, unit)],
                            ["about {}", self.fig(v, unit)]
                        ),
                    ),
                    Approx::Nearly => (
                        Side::JustBelow,
                        say!(
                            self,
                            ["近{}", self.fig(v, unit)],
                            ["nearly {}", self.fig(v, unit)]
                        ),
                    ),
                    Approx::MoreThan => (
                        Side::JustAbove,
                        say!(
                            self,
                            ["{}余{}", num(v), display_unit(unit)],
                            ["over {}", self.fig(v, unit)]
                        ),
                    ),
                };
                Reading::Point {
                    at: Point { v, side },
                    shown,
                    approximate: true,
                }
            }
            Form::Bound { cmp, value } => {
                let v = c(value)?;
                let (low, high) = match self.read_cmp(actual, *cmp) {
                    Cmp::Ge => (Some(Point::exact(v)), None),
                    Cmp::Gt => (
                        Some(Point {
                            v,
                            side: Side::JustAbove,
                        }),
                        None,
                    ),
                    Cmp::Le => (None, Some(Point::exact(v))),
                    Cmp::Lt => (
                        None,
                        Some(Point {
                            v,
                            side: Side::JustBelow,
                        }),
                    ),
                };
                Reading::Interval {
                    low,
                    high,
                    shown: if self.explain {
                        show_bound(*cmp, v, unit, self.lang)
                    } else {
                        String::new()
                    },
                    rule: "actual.bound",
                }
            }
            Form::Range { low, high } => {
                let (a, b) = (c(low)?, c(high)?);
                let (lo, hi) = (a.min(b), a.max(b));
                Reading::Interval {
                    low: Some(Point::exact(lo)),
                    high: Some(Point::exact(hi)),
                    shown: say!(
                        self,
                        ["{}", self.range_fig(lo, hi, unit)],
                        ["{}", self.range_fig(lo, hi, unit)]
                    ),
                    rule: "actual.range",
                }
            }
            _ => {
                return Err(self.early(
                    Status::Undecidable,
                    "actual.not_a_figure",
                    say!(
                        self,
                        ["实际“{}”不是数值，无法判定", actual.text],
                        ["The actual “{}” is not a figure: undecidable", actual.text]
                    ),
                ));
            }
        })
    }

    fn overflow(&self) -> Early {
        self.early(
            Status::Undecidable,
            "arithmetic.overflow",
            say!(
                self,
                ["数值超出可计算范围，无法判定"],
                ["The figures are too large to compute with: undecidable"]
            ),
        )
    }

    fn rate_like(&self) -> bool {
        self.ind.def.kind.is_rate_like()
    }

    fn strict(&self) -> bool {
        self.ind.def.binding && self.rules.basically_met.binding_strict
    }

    /// Thresholds for a numeric target. A bound written against the indicator's direction
    /// (a ceiling on a higher-is-better indicator) is judged by the bound's own side.
    fn thresholds(&self, goal: Goal, unit: &str) -> Option<Thresholds> {
        let dir = match goal {
            Goal::Bound(cmp, _) if cmp.is_lower_bound() => Direction::HigherIsBetter,
            Goal::Bound(_, _) => Direction::LowerIsBetter,
            _ => self.direction,
        };
        let higher = dir == Direction::HigherIsBetter;
        let m = Margins::new(self.rules, self.rate_like());
        let (near, far, met_side, band, prefix, near_desc, far_desc, range_desc) = match goal {
            Goal::Value(t) => {
                let d = say!(
                    self,
                    ["目标{}", self.fig(t, unit)],
                    ["the target of {}", self.fig(t, unit)]
                );
                (t, t, Side::Exact, None, "value", d.clone(), d, None)
            }
            Goal::Bound(cmp, t) => {
                let side = match cmp {
                    Cmp::Gt => Side::JustAbove,
                    Cmp::Lt => Side::JustBelow,
                    Cmp::Ge | Cmp::Le => Side::Exact,
                };
                let strict = if side == Side::Exact {
                    ""
                } else {
                    self.lang.pick("（不含）", " (exclusive)")
                };
                let d = if cmp.is_lower_bound() {
                    say!(
                        self,
                        ["目标下限{}{strict}", self.fig(t, unit)],
                        ["the target floor of {}{strict}", self.fig(t, unit)]
                    )
                } else {
                    say!(
                        self,
                        ["上限{}{strict}", self.fig(t, unit)],
                        ["the ceiling of {}{strict}", self.fig(t, unit)]
                    )
                };
                (t, t, side, None, "bound_target", d.clone(), d, None)
            }
            Goal::Approx(Approx::MoreThan, t) => {
                // "8000余个" as a target asks for at least the figure.
                let d = say!(
                    self,
                    ["目标{}余{}", num(t), display_unit(unit)],
                    ["the target of over {}", self.fig(t, unit)]
                );
                (t, t, Side::Exact, None, "approx_target", d.clone(), d, None)
            }
            Goal::Approx(a, t) => {
                let w = match (a == Approx::Nearly, self.lang) {
                    (true, Lang::Zh) => "近",
                    (false, Lang::Zh) => "约",
                    (true, Lang::En) => "nearly ",
                    (false, Lang::En) => "about ",
                };
                let d = say!(
                    self,
                    ["目标{w}{}", self.fig(t, unit)],
                    ["the target of {w}{}", self.fig(t, unit)]
                );
                let b = m.approx_band(t)?;
                (
                    t,
                    t,
                    Side::Exact,
                    Some((
                        b,
                        self.lang
                            .pick("“左右”容差", "the tolerance of an “about” target"),
                    )),
                    "approx_target",
                    d.clone(),
                    d,
                    None,
                )
            }
            Goal::Range(lo, hi) => {
                let (n, f) = if higher { (lo, hi) } else { (hi, lo) };
                let (nw, fw) = match (higher, self.lang) {
                    (true, Lang::Zh) => ("下限", "上限"),
                    (false, Lang::Zh) => ("上限", "下限"),
                    (true, Lang::En) => ("lower", "upper"),
                    (false, Lang::En) => ("upper", "lower"),
                };
                (
                    n,
                    f,
                    Side::Exact,
                    None,
                    "range_target",
                    say!(
                        self,
                        ["目标区间{nw}{}", self.fig(n, unit)],
                        ["the {nw} end of the target range, {}", self.fig(n, unit)]
                    ),
                    say!(
                        self,
                        ["目标区间{fw}{}", self.fig(f, unit)],
                        ["the {fw} end of the target range, {}", self.fig(f, unit)]
                    ),
                    Some(say!(
                        self,
                        ["目标区间{}", self.range_fig(lo, hi, unit)],
                        ["the target range of {}", self.range_fig(lo, hi, unit)]
                    )),
                )
            }
        };
        let met_v = match band {
            Some((b, _)) if higher => near.checked_sub(b)?,
            Some((b, _)) => near.checked_add(b)?,
            None => near,
        };
        let lenient = m.basically(near, higher)?;
        Some(Thresholds {
            dir,
            met: Point {
                v: met_v,
                side: met_side,
            },
            exceeded: m.exceeded(far, higher)?,
            basically: if self.strict() { None } else { lenient },
            lenient,
            near,
            near_desc,
            far,
            far_desc,
            band,
            range_desc,
            prefix: prefix.to_string(),
        })
    }

    fn judge_numeric(&self, target: &Expr, actual: &Expr) -> Result<Judgement, Early> {
        let unit = self.reference_unit(target, actual);
        let goal = self.goal(target, &unit)?;
        let reading = self.reading(actual, &unit)?;
        let mut th = self
            .thresholds(goal, &unit)
            .ok_or_else(|| self.overflow())?;
        let mut notes = Vec::new();
        if let (Goal::Bound(cmp, _), true) = (goal, self.direction_contradicts(goal)) {
            // A ceiling on something whose growth is good (or a floor on something whose fall is
            // good) is a limit to respect, not a goal to beat: no exceeded.
            th.exceeded = None;
            notes.push(say!(
                self,
                [
                    "目标为{}，按目标的比较方向判定，不设超额完成",
                    if cmp.is_lower_bound() {
                        "下限"
                    } else {
                        "上限"
                    }
                ],
                [
                    "the target is a {}, judged by its own side, with no “exceeded”",
                    if cmp.is_lower_bound() {
                        "floor"
                    } else {
                        "ceiling"
                    }
                ]
            ));
        }
        Ok(self.decide(&reading, &th, &unit, notes, actual, target))
    }

    fn direction_contradicts(&self, goal: Goal) -> bool {
        match goal {
            Goal::Bound(cmp, _) => {
                cmp.is_lower_bound() != (self.direction == Direction::HigherIsBetter)
            }
            _ => false,
        }
    }

    fn judge_relative(
        &self,
        actual: &Expr,
        reference: &str,
        relation: Relation,
        margin: Option<&Margin>,
    ) -> Result<Judgement, Early> {
        let Some(other) = self.find_reference(reference) else {
            return Err(self.early(
                Status::Undecidable,
                "relative.reference_missing",
                say!(
                    self,
                    [
                        "目标“{}”所参照的“{reference}”在本年指标中未找到，无法判定",
                        self.ind.target.text
                    ],
                    [
                        "“{reference}”, which the target “{}” refers to, is not among this year's indicators: undecidable",
                        self.ind.target.text
                    ]
                ),
            ));
        };
        let oname = &other.def.name;
        let r_expr = match &other.actual {
            None => None,
            Some(e) if e.is_pending() => None,
            Some(e) => Some(e),
        };
        let Some(r_expr) = r_expr else {
            return Err(self.early(
                Status::Pending,
                "relative.reference_pending",
                say!(
                    self,
                    ["参照指标{oname}尚无实际完成值，待反馈"],
                    ["The indicator referred to, {oname}, has no actual yet: pending"]
                ),
            ));
        };
        let unit = self.reference_unit(r_expr, actual);
        let r = match &r_expr.form {
            Form::Value(q)
            | Form::Approx {
                approx: Approx::About,
                value: q,
            } => match q.in_unit(&unit) {
                Some(v) => v,
                None => {
                    return Err(self.early(
                        Status::Undecidable,
                        "relative.unit_mismatch",
                        say!(
                            self,
                            ["参照指标{oname}的实际“{}”无法换算为{unit}，无法判定", r_expr.text],
                            [
                                "The actual “{}” of the indicator referred to, {oname}, cannot be converted to {unit}: undecidable",
                                r_expr.text
                            ]
                        ),
                    ));
                }
            },
            _ => {
                return Err(self.early(
                    Status::Undecidable,
                    "relative.reference_not_numeric",
                    say!(
                        self,
                        ["参照指标{oname}的实际“{}”不是确切数值，无法判定", r_expr.text],
                        [
                            "The actual “{}” of the indicator referred to, {oname}, is not an exact figure: undecidable",
                            r_expr.text
                        ]
                    ),
                ));
            }
        };
        let reading = self.reading(actual, &unit)?;
        let higher = self.direction == Direction::HigherIsBetter;
        let m = Margins::new(self.rules, true);
        let mut desc = say!(
            self,
            ["参照指标{oname}（实际{}）", self.fig(r, &unit)],
            [
                "the indicator referred to, {oname} (actual {})",
                self.fig(r, &unit)
            ]
        );
        // "高于全市0.5-1个百分点": the reference moved by the margin's low end, in points of a
        // rate or in the indicator's unit.
        let r = match margin {
            None => r,
            Some(mg) => {
                let by = if matches!(mg.low.unit.as_str(), "个百分点" | "百分点") && unit == "%"
                {
                    Some(mg.low.value)
                } else {
                    mg.low.in_unit(&unit)
                };
                let Some(by) = by else {
                    let t = &self.ind.target.text;
                    let low = &mg.low;
                    return Err(self.early(
                        Status::Undecidable,
                        "relative.unit_mismatch",
                        say!(
                            self,
                            ["目标“{t}”的幅度{low}无法换算为{unit}，无法判定"],
                            [
                                "the margin {low} of the target \"{t}\" cannot be converted to {unit}; undecidable"
                            ]
                        ),
                    ));
                };
                let moved = if higher {
                    r.checked_add(by)
                } else {
                    r.checked_sub(by)
                };
                let low = &mg.low;
                let more = say!(
                    self,
                    ["{}{low}", if higher { "加" } else { "减" }],
                    [" {} {low}", if higher { "plus" } else { "minus" }]
                );
                desc.push_str(&more);
                moved.ok_or_else(|| self.overflow())?
            }
        };
        let (prefix, met, band) = match relation {
            Relation::InStep => {
                let b = self.rules.relative.in_step_points;
                let v = if higher {
                    r.checked_sub(b)
                } else {
                    r.checked_add(b)
                };
                (
                    "relative.in_step",
                    Point::exact(v.ok_or_else(|| self.overflow())?),
                    Some((b, self.lang.pick("同步容差", "the tolerance of “in step”"))),
                )
            }
            Relation::Above => (
                "relative.above",
                Point {
                    v: r,
                    side: if higher {
                        Side::JustAbove
                    } else {
                        Side::JustBelow
                    },
                },
                None,
            ),
            Relation::NotBelow => ("relative.not_below", Point::exact(r), None),
        };
        let lenient = m.basically(r, higher).ok_or_else(|| self.overflow())?;
        let th = Thresholds {
            dir: self.direction,
            met,
            exceeded: m.exceeded(r, higher).ok_or_else(|| self.overflow())?,
            basically: if self.strict() { None } else { lenient },
            lenient,
            near: r,
            near_desc: desc.clone(),
            far: r,
            far_desc: desc,
            band,
            range_desc: None,
            prefix: prefix.to_string(),
        };
        let target = &self.ind.target;
        Ok(self.decide(&reading, &th, &unit, Vec::new(), actual, target))
    }

    /// The indicator a relative target points at: same name, an alias, or "<reference>增速".
    fn find_reference(&self, reference: &str) -> Option<&PlanIndicator> {
        let reference = reference.trim();
        let me = self.ind.def.name.as_str();
        let by_name = |n: &str| {
            self.plan
                .indicators
                .iter()
                .find(|i| i.def.name == n && i.def.name != me)
        };
        if let Some(i) = by_name(reference) {
            return Some(i);
        }
        if let Some(names) = self.rules.relative.aliases.get(reference) {
            for n in names {
                if let Some(i) = by_name(n) {
                    return Some(i);
                }
            }
        }
        by_name(&format!("{reference}增速"))
    }

    fn decide(
        &self,
        reading: &Reading,
        th: &Thresholds,
        unit: &str,
        mut notes: Vec<String>,
        actual: &Expr,
        target: &Expr,
    ) -> Judgement {
        let dir_word = match th.dir {
            Direction::HigherIsBetter => "higher",
            Direction::LowerIsBetter => "lower",
        };
        if let Some(n) = self.direction_note().filter(|_| self.explain) {
            notes.push(n);
        }
        for (e, what) in [
            (target, self.lang.pick("目标", "the target")),
            (actual, self.lang.pick("实际", "the actual")),
        ] {
            if self.explain && self.decrease_name && e.worded_decline {
                notes.push(say!(
                    self,
                    ["{what}“{}”按降幅计", e.text],
                    ["{what} “{}” is read as the size of the decrease", e.text]
                ));
            }
        }
        if actual.estimated && self.explain {
            notes.push(say!(self, ["实际为预计数"], ["the actual is an estimate"]));
        }
        match reading {
            Reading::Point {
                at,
                shown,
                approximate,
            } => {
                let status = th.status_at(*at);
                let strict_hit = status == Status::Below
                    && th.basically.is_none()
                    && th.lenient.is_some_and(|t| th.good(*at, t));
                let outcome = if strict_hit {
                    "below_strict"
                } else {
                    status.as_str()
                };
                let text = if self.explain {
                    if *approximate {
                        notes.push(say!(
                            self,
                            ["实际为近似值，按其数值判定"],
                            ["the actual is approximate and is judged by its figure"]
                        ));
                    }
                    let body = self.explain_point(*at, status, strict_hit, th, unit);
                    self.finish(
                        say!(self, ["实际{shown}，{body}"], ["Actual {shown}, {body}"]),
                        &notes,
                    )
                } else {
                    String::new()
                };
                self.done(status, format!("{}.{dir_word}.{outcome}", th.prefix), text)
            }
            Reading::Interval {
                low,
                high,
                shown,
                rule,
            } => {
                let higher = th.dir == Direction::HigherIsBetter;
                let (worst, best) = if higher { (*low, *high) } else { (*high, *low) };
                let worst_st = th.status_at_end(worst, false);
                let best_st = th.status_at_end(best, true);
                // What the actual tells: one end, or a range (whose worst end is then named).
                let (end_name, known_part) = match (low, high, self.lang) {
                    (Some(_), None, Lang::Zh) => ("下限", "实际仅知下限"),
                    (None, Some(_), Lang::Zh) => ("上限", "实际仅知上限"),
                    (_, _, Lang::Zh) => ("区间端点", "实际只给出区间"),
                    (Some(_), None, Lang::En) => {
                        ("lower bound", "only a lower bound of the actual is known")
                    }
                    (None, Some(_), Lang::En) => {
                        ("upper bound", "only an upper bound of the actual is known")
                    }
                    (_, _, Lang::En) => ("end of the range", "the actual is only given as a range"),
                };
                let (status, outcome, text) = if worst_st.rank() >= Status::Met.rank() {
                    let w = worst.map(|p| p.v).unwrap_or(th.near);
                    let at_least = if worst_st == best_st {
                        String::new()
                    } else {
                        self.lang
                            .pick(
                                "（至少完成，实际可能更好）",
                                " (at least met; the true figure may be better)",
                            )
                            .to_string()
                    };
                    let body = if self.explain {
                        self.explain_point(
                            worst.unwrap_or(Point::exact(w)),
                            worst_st,
                            false,
                            th,
                            unit,
                        )
                    } else {
                        String::new()
                    };
                    (
                        worst_st,
                        worst_st.as_str(),
                        say!(
                            self,
                            [
                                "实际{shown}，按最不利的{end_name}{}计，{body}{at_least}",
                                self.fig(w, unit)
                            ],
                            [
                                "Actual {shown}; at its least favourable {end_name}, {}, it is {body}{at_least}",
                                self.fig(w, unit)
                            ]
                        ),
                    )
                } else if best_st == Status::Below {
                    let b = best.map(|p| p.v).unwrap_or(th.near);
                    let body = if self.explain {
                        self.explain_point(
                            best.unwrap_or(Point::exact(b)),
                            best_st,
                            false,
                            th,
                            unit,
                        )
                    } else {
                        String::new()
                    };
                    (
                        Status::Below,
                        "below",
                        say!(
                            self,
                            [
                                "实际{shown}，按最有利的{end_name}{}计，{body}",
                                self.fig(b, unit)
                            ],
                            [
                                "Actual {shown}; even at its most favourable {end_name}, {}, it is {body}",
                                self.fig(b, unit)
                            ]
                        ),
                    )
                } else {
                    let known = match worst {
                        Some(p) => say!(
                            self,
                            [
                                "按{end_name}{}计为{}",
                                self.fig(p.v, unit),
                                worst_st.label_zh()
                            ],
                            [
                                "at the {end_name}, {}, it would be {}",
                                self.fig(p.v, unit),
                                worst_st.word(Lang::En)
                            ]
                        ),
                        None => say!(
                            self,
                            ["最好情况为{}", best_st.label_zh()],
                            ["at best it would be {}", best_st.word(Lang::En)]
                        ),
                    };
                    (
                        Status::Undecidable,
                        "undecidable",
                        say!(
                            self,
                            [
                                "实际{shown}，{}：{known_part}，{known}，无法判定是否完成",
                                th.near_desc
                            ],
                            [
                                "Actual {shown} against {}: {known_part}, and {known}; whether it is met cannot be decided",
                                th.near_desc
                            ]
                        ),
                    )
                };
                let text = if self.explain {
                    self.finish(text, &notes)
                } else {
                    String::new()
                };
                self.done(status, format!("{rule}.{outcome}"), text)
            }
        }
    }

    /// Says why the direction is what it is, when that is not plainly "higher is better".
    fn direction_note(&self) -> Option<String> {
        let why = self.basis.describe(self.lang);
        match (&self.direction, &self.basis) {
            (Direction::LowerIsBetter, _) => {
                Some(say!(self, ["越低越好：{why}"], ["lower is better: {why}"]))
            }
            (Direction::HigherIsBetter, DirectionBasis::DecreaseName { .. }) => Some(say!(
                self,
                ["降幅越大越好：{why}"],
                ["a larger decrease is better: {why}"]
            )),
            (Direction::HigherIsBetter, DirectionBasis::Override) => {
                Some(say!(self, ["越高越好：{why}"], ["higher is better: {why}"]))
            }
            _ => None,
        }
    }

    /// The part after "实际X，" / "Actual X, ": how the figure stands against the target, ending
    /// in the status.
    fn explain_point(
        &self,
        at: Point,
        status: Status,
        strict_hit: bool,
        th: &Thresholds,
        unit: &str,
    ) -> String {
        let label = status.word(self.lang);
        let level = !self.rate_like() && th.near > Decimal::ZERO;
        let amount = |d: Decimal| {
            if self.rate_like() && (unit.is_empty() || is_percent_like(unit)) {
                say!(
                    self,
                    ["{}个百分点", num(d)],
                    [
                        "{} percentage point{}",
                        num(d),
                        if d == Decimal::ONE { "" } else { "s" }
                    ]
                )
            } else {
                self.fig(d, unit)
            }
        };
        let pct = |base: Decimal| percent_of(at.v, base);
        // "高于目标7%达1.7个百分点" / "低于上限0.021%" / "达到目标42%"; in English "1.7
        // percentage points above the target of 7%", "below the ceiling of 0.021%".
        let relation = |base: Decimal, desc: &str, with_amount: bool, strong: bool| {
            let diff = at.v.checked_sub(base);
            let (zh, en) = match (diff, at.side) {
                (Some(d), _) if d > Decimal::ZERO => ("高于", "above"),
                (Some(d), _) if d < Decimal::ZERO => ("低于", "below"),
                (_, Side::JustBelow) => ("略低于", "just below"),
                (_, Side::JustAbove) => ("略高于", "just above"),
                _ if th.dir == Direction::LowerIsBetter => ("等于", "equal to"),
                _ => ("达到", "at"),
            };
            match diff {
                Some(d) if with_amount && !d.is_zero() => {
                    if strong {
                        say!(
                            self,
                            ["{zh}{desc}达{}", amount(d.abs())],
                            ["{} {en} {desc}", amount(d.abs())]
                        )
                    } else {
                        say!(
                            self,
                            ["{zh}{desc}，相差{}", amount(d.abs())],
                            ["{en} {desc} by {}", amount(d.abs())]
                        )
                    }
                }
                _ => say!(self, ["{zh}{desc}"], ["{en} {desc}"]),
            }
        };
        let within_range = th.range_desc.as_ref().filter(|_| {
            let lo = Point::exact(th.near.min(th.far));
            let hi = Point::exact(th.near.max(th.far));
            at >= lo && at <= hi
        });
        let higher = th.dir == Direction::HigherIsBetter;
        match status {
            Status::Exceeded if level && th.far > Decimal::ZERO => {
                let line = self.rules.exceeded.level_ratio;
                let line = if higher {
                    line
                } else {
                    Decimal::TWO.checked_sub(line).unwrap_or(line)
                };
                say!(
                    self,
                    [
                        "为{}的{}%，{}超额线{}%，{label}",
                        th.far_desc,
                        pct(th.far),
                        if higher { "达到" } else { "低于" },
                        percent_of(line, Decimal::ONE)
                    ],
                    [
                        "{}% of {}, {} the line for “exceeded” at {}%: {label}",
                        pct(th.far),
                        th.far_desc,
                        if higher { "reaching" } else { "below" },
                        percent_of(line, Decimal::ONE)
                    ]
                )
            }
            Status::Exceeded => say!(
                self,
                ["{}，{label}", relation(th.far, &th.far_desc, true, true)],
                ["{}: {label}", relation(th.far, &th.far_desc, true, true)]
            ),
            Status::Met => {
                if let Some(r) = within_range {
                    return say!(self, ["在{r}内，{label}"], ["within {r}: {label}"]);
                }
                if let Some(r) = &th.range_desc
                    && th.good(at, Point::exact(th.far))
                {
                    // Beyond the far end but short of exceeded: name the whole range.
                    let rel = relation(th.far, r, false, false);
                    return say!(self, ["{rel}，{label}"], ["{rel}: {label}"]);
                }
                let short = !th.good(at, Point::exact(th.near));
                match (short, th.band) {
                    (true, Some((b, what))) => {
                        let tol = if level {
                            format!("{}%", percent_of(b, th.near))
                        } else {
                            amount(b)
                        };
                        let rel = if level {
                            say!(
                                self,
                                ["为{}的{}%", th.near_desc, pct(th.near)],
                                ["{}% of {}", pct(th.near), th.near_desc]
                            )
                        } else {
                            relation(th.near, &th.near_desc, true, false)
                        };
                        say!(
                            self,
                            ["{rel}，在{what}{tol}以内，{label}"],
                            ["{rel}, within {what} of {tol}: {label}"]
                        )
                    }
                    _ if level => say!(
                        self,
                        ["为{}的{}%，{label}", th.near_desc, pct(th.near)],
                        ["{}% of {}: {label}", pct(th.near), th.near_desc]
                    ),
                    _ => {
                        let rel = relation(th.near, &th.near_desc, false, false);
                        say!(self, ["{rel}，{label}"], ["{rel}: {label}"])
                    }
                }
            }
            Status::BasicallyMet => {
                if level {
                    let r = self.rules.basically_met.level_ratio;
                    let (zh, en, line) = if higher {
                        ("达到", "reaching", r)
                    } else {
                        (
                            "未超过",
                            "not above",
                            Decimal::TWO.checked_sub(r).unwrap_or(r),
                        )
                    };
                    say!(
                        self,
                        [
                            "为{}的{}%，{zh}基本完成线{}%，{label}",
                            th.near_desc,
                            pct(th.near),
                            percent_of(line, Decimal::ONE)
                        ],
                        [
                            "{}% of {}, {en} the line for “basically met” at {}%: {label}",
                            pct(th.near),
                            th.near_desc,
                            percent_of(line, Decimal::ONE)
                        ]
                    )
                } else {
                    let rel = relation(th.near, &th.near_desc, true, false);
                    let tol = amount(self.rules.basically_met.rate_points);
                    say!(
                        self,
                        ["{rel}，在基本完成容差{tol}以内，{label}"],
                        ["{rel}, within the tolerance of {tol} for “basically met”: {label}"]
                    )
                }
            }
            _ => {
                let rel = if level {
                    say!(
                        self,
                        ["为{}的{}%", th.near_desc, pct(th.near)],
                        ["{}% of {}", pct(th.near), th.near_desc]
                    )
                } else {
                    relation(th.near, &th.near_desc, true, !strict_hit)
                };
                if strict_hit {
                    say!(
                        self,
                        ["{rel}，约束性指标从严判定、不设基本完成，{label}"],
                        [
                            "{rel}; a binding indicator is judged strictly, without “basically met”: {label}"
                        ]
                    )
                } else {
                    say!(self, ["{rel}，{label}"], ["{rel}: {label}"])
                }
            }
        }
    }

    /// An expression for a sentence when it is not being compared: figures with the unit.
    fn show_loose(&self, e: &Expr) -> String {
        let unit = if self.ind.def.unit.trim().is_empty() {
            quantities(e)
                .first()
                .map(|q| q.unit.clone())
                .unwrap_or_default()
        } else {
            self.ind.def.unit.trim().to_string()
        };
        let v = |q: &Quantity| q.in_unit(&unit);
        if e.worded_decline {
            return format!("“{}”", e.text);
        }
        let shown = match &e.form {
            Form::Value(q) => v(q).map(|x| self.fig(x, &unit)),
            Form::Bound { cmp, value } => value
                .in_unit(&unit)
                .map(|x| show_bound(*cmp, x, &unit, self.lang)),
            Form::Approx { value, .. } => v(value).map(|x| {
                say!(
                    self,
                    ["约{}", self.fig(x, &unit)],
                    ["about {}", self.fig(x, &unit)]
                )
            }),
            Form::Range { low, high } => match (v(low), v(high)) {
                (Some(a), Some(b)) => Some(self.range_fig(a, b, &unit)),
                _ => None,
            },
            _ => None,
        };
        shown.unwrap_or_else(|| format!("“{}”", e.text))
    }
}

/// The margins of the rules for one kind of indicator, as functions of a target figure.
struct Margins<'a> {
    rules: &'a Rules,
    rate_like: bool,
}

impl<'a> Margins<'a> {
    fn new(rules: &'a Rules, rate_like: bool) -> Self {
        Margins { rules, rate_like }
    }

    /// Levels are judged by ratios, which mean nothing for a target of zero or less; such
    /// targets get no exceeded/basically bands.
    fn ratio_usable(&self, t: Decimal) -> bool {
        t > Decimal::ZERO
    }

    fn exceeded(&self, t: Decimal, higher: bool) -> Option<Option<Point>> {
        let e = &self.rules.exceeded;
        let v = if self.rate_like {
            if higher {
                t.checked_add(e.rate_points)
            } else {
                t.checked_sub(e.rate_points)
            }
        } else if !self.ratio_usable(t) {
            return Some(None);
        } else if higher {
            t.checked_mul(e.level_ratio)
        } else {
            Decimal::TWO
                .checked_sub(e.level_ratio)
                .and_then(|r| t.checked_mul(r))
        };
        v.map(|v| Some(Point::exact(v)))
    }

    fn basically(&self, t: Decimal, higher: bool) -> Option<Option<Point>> {
        let b = &self.rules.basically_met;
        let v = if self.rate_like {
            if higher {
                t.checked_sub(b.rate_points)
            } else {
                t.checked_add(b.rate_points)
            }
        } else if !self.ratio_usable(t) {
            return Some(None);
        } else if higher {
            t.checked_mul(b.level_ratio)
        } else {
            Decimal::TWO
                .checked_sub(b.level_ratio)
                .and_then(|r| t.checked_mul(r))
        };
        v.map(|v| Some(Point::exact(v)))
    }

    fn approx_band(&self, t: Decimal) -> Option<Decimal> {
        let a = &self.rules.approx;
        if self.rate_like {
            Some(a.rate_points)
        } else {
            t.abs().checked_mul(a.level_fraction)
        }
    }
}

fn quantities(e: &Expr) -> Vec<&Quantity> {
    match &e.form {
        Form::Value(q) | Form::Bound { value: q, .. } | Form::Approx { value: q, .. } => vec![q],
        Form::Range { low, high } => vec![low, high],
        _ => Vec::new(),
    }
}

fn is_percent_like(unit: &str) -> bool {
    matches!(unit, "%" | "个百分点" | "百分点")
}

/// The unit as shown after a figure: percentage points are shown as %.
fn display_unit(unit: &str) -> String {
    if is_percent_like(unit) {
        "%".into()
    } else {
        unit.to_string()
    }
}

fn show_bound(cmp: Cmp, v: Decimal, unit: &str, lang: Lang) -> String {
    let f = figure_with_unit(v, unit, lang);
    match (lang, cmp) {
        (Lang::Zh, Cmp::Ge) => format!("{f}以上"),
        (Lang::Zh, Cmp::Gt) => format!("超{f}"),
        (Lang::Zh, Cmp::Le) => format!("不超过{f}"),
        (Lang::Zh, Cmp::Lt) => format!("低于{f}"),
        (Lang::En, Cmp::Ge) => format!("at least {f}"),
        (Lang::En, Cmp::Gt) => format!("over {f}"),
        (Lang::En, Cmp::Le) => format!("at most {f}"),
        (Lang::En, Cmp::Lt) => format!("under {f}"),
    }
}

/// A decimal as people write it: no trailing zeros, no "-0".
fn num(d: Decimal) -> String {
    if d.is_zero() {
        "0".into()
    } else {
        d.normalize().to_string()
    }
}

/// `v` as a percentage of `base`, one decimal place.
fn percent_of(v: Decimal, base: Decimal) -> String {
    v.checked_div(base)
        .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
        .map(|p| num(p.round_dp(1)))
        .unwrap_or_else(|| "—".into())
}

/// Cell text with the line breaks of a split table cell removed: "完成市级\n下达目标".
fn compact(s: &str) -> String {
    s.split_whitespace().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Approx;
    use crate::indicator::{IndicatorKind, Tier};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_else(|_| panic!("bad test decimal {s}"))
    }

    fn q(v: &str, unit: &str) -> Quantity {
        Quantity::new(d(v), unit)
    }

    fn val(v: &str) -> Expr {
        Expr::new(v, Form::Value(Quantity::bare(d(v))))
    }

    fn valu(text: &str, v: &str, unit: &str) -> Expr {
        Expr::new(text, Form::Value(q(v, unit)))
    }

    fn bound(text: &str, cmp: Cmp, v: &str) -> Expr {
        Expr::new(
            text,
            Form::Bound {
                cmp,
                value: Quantity::bare(d(v)),
            },
        )
    }

    fn approx(text: &str, a: Approx, v: &str) -> Expr {
        Expr::new(
            text,
            Form::Approx {
                approx: a,
                value: Quantity::bare(d(v)),
            },
        )
    }

    fn range(text: &str, lo: &str, hi: &str) -> Expr {
        Expr::new(
            text,
            Form::Range {
                low: Quantity::bare(d(lo)),
                high: Quantity::bare(d(hi)),
            },
        )
    }

    fn delegated() -> Expr {
        Expr::new(
            "市级下达",
            Form::Delegated {
                authority: "市级".into(),
            },
        )
    }

    fn outcome(text: &str, met: bool) -> Expr {
        Expr::new(text, Form::Outcome { met })
    }

    fn ind(name: &str, unit: &str, target: Expr, actual: Option<Expr>) -> PlanIndicator {
        PlanIndicator {
            seq: 1,
            def: IndicatorDef::new(name, unit),
            target,
            actual,
        }
    }

    fn binding(mut i: PlanIndicator) -> PlanIndicator {
        i.def.binding = true;
        i
    }

    #[test]
    fn printed_verdicts() {
        assert_eq!(Status::from_printed("完成"), Some(Status::Met));
        assert_eq!(
            Status::from_printed(" 基本完成 "),
            Some(Status::BasicallyMet)
        );
        assert_eq!(Status::from_printed("未达预期"), Some(Status::Below));
        assert_eq!(Status::from_printed("超额完成"), Some(Status::Exceeded));
        assert_eq!(Status::from_printed("6.5"), None);
        assert!(Status::Exceeded.agrees_with_printed(Status::Met));
        assert!(!Status::BasicallyMet.agrees_with_printed(Status::Met));
        assert!(!Status::Met.agrees_with_printed(Status::Exceeded));
        assert!(Status::Below.agrees_with_printed(Status::Below));
        assert!(!Status::Pending.agrees_with_printed(Status::Below));
    }

    fn judge_with(i: &PlanIndicator, rules: &Rules) -> Judgement {
        let plan = Plan {
            region: "测试区".into(),
            year: 2023,
            indicators: vec![i.clone()],
        };
        judge_indicator(i, &plan, rules)
    }

    fn judge(i: &PlanIndicator) -> Judgement {
        judge_with(i, &Rules::default())
    }

    fn rate(target: Expr, actual: Expr) -> Judgement {
        judge(&ind("某指标增速", "%", target, Some(actual)))
    }

    fn level(target: Expr, actual: Expr) -> Judgement {
        judge(&ind("某总额", "亿元", target, Some(actual)))
    }

    #[track_caller]
    fn check(j: &Judgement, status: Status, rule: &str) {
        assert_eq!((j.status, j.rule.as_str()), (status, rule), "{j:#?}");
        assert!(!j.explanation.is_empty());
    }

    #[test]
    fn every_rule_id_has_a_name_in_both_languages() {
        for id in rule_ids() {
            for lang in Lang::ALL {
                assert!(
                    rule_name(&id, lang).is_some(),
                    "{id} has no name in {lang:?}"
                );
            }
        }
        assert_eq!(
            rule_name("bound_target.higher.met", Lang::Zh).as_deref(),
            Some("下限目标（越高越好）：完成")
        );
        assert_eq!(
            rule_name("value.lower.below_strict", Lang::En).as_deref(),
            Some("Exact target (lower is better): binding, judged strictly: not met")
        );
        assert_eq!(
            rule_name("actual.missing", Lang::Zh).as_deref(),
            Some("尚未录入实际值")
        );
        assert_eq!(rule_name("no.such.rule", Lang::Zh), None);
    }

    #[test]
    fn english_sentences_say_the_same_as_the_chinese() {
        let i = ind("某指标增速", "%", val("7"), Some(val("8.7")));
        let plan = Plan {
            region: "测试区".into(),
            year: 2023,
            indicators: vec![i.clone()],
        };
        let en = judge_indicator_in(&i, &plan, &Rules::default(), Lang::En);
        assert_eq!(
            en.explanation,
            "Actual 8.7%, 1.7 percentage points above the target of 7%: exceeded"
        );
        let i = binding(ind("某指标增速", "%", val("7"), Some(val("6.8"))));
        let en = judge_indicator_in(&i, &plan, &Rules::default(), Lang::En);
        assert_eq!(en.rule, "value.higher.below_strict");
        assert!(
            en.explanation.contains("judged strictly"),
            "{}",
            en.explanation
        );
        let i = ind("某总额", "亿元", val("100"), Some(val("96")));
        let en = judge_indicator_in(&i, &plan, &Rules::default(), Lang::En);
        assert_eq!(
            en.explanation,
            "Actual 9.6 billion yuan, 96% of the target of 10 billion yuan, reaching the line for “basically met” at 95%: basically met"
        );
    }

    // --- value targets, rates --------------------------------------------------------------

    #[test]
    fn rate_value_statuses() {
        let j = rate(val("7"), val("8.7"));
        check(&j, Status::Exceeded, "value.higher.exceeded");
        assert_eq!(j.explanation, "实际8.7%，高于目标7%达1.7个百分点，超额完成");
        let j = rate(val("7"), val("8"));
        check(&j, Status::Exceeded, "value.higher.exceeded");
        let j = rate(val("7"), val("7.99"));
        check(&j, Status::Met, "value.higher.met");
        assert_eq!(j.explanation, "实际7.99%，高于目标7%，完成");
        let j = rate(val("42"), val("42"));
        assert_eq!(j.explanation, "实际42%，达到目标42%，完成");
        let j = rate(val("7"), val("6.5"));
        check(&j, Status::BasicallyMet, "value.higher.basically_met");
        assert_eq!(
            j.explanation,
            "实际6.5%，低于目标7%，相差0.5个百分点，在基本完成容差0.5个百分点以内，基本完成"
        );
        let j = rate(val("10"), val("-2.3"));
        check(&j, Status::Below, "value.higher.below");
        assert_eq!(
            j.explanation,
            "实际-2.3%，低于目标10%达12.3个百分点，未完成"
        );
    }

    #[test]
    fn binding_rate_gets_no_basically_met() {
        let j = judge(&binding(ind("某指标增速", "%", val("7"), Some(val("6.8")))));
        check(&j, Status::Below, "value.higher.below_strict");
        assert!(
            j.explanation.contains("约束性指标从严判定"),
            "{}",
            j.explanation
        );
        let mut rules = Rules::default();
        rules.basically_met.binding_strict = false;
        let j = judge_with(
            &binding(ind("某指标增速", "%", val("7"), Some(val("6.8")))),
            &rules,
        );
        check(&j, Status::BasicallyMet, "value.higher.basically_met");
        // Far below is plain below, not "strict".
        let j = judge(&binding(ind("某指标增速", "%", val("7"), Some(val("1")))));
        check(&j, Status::Below, "value.higher.below");
    }

    // --- levels -----------------------------------------------------------------------------

    #[test]
    fn level_value_statuses() {
        let j = level(val("1000"), val("841.6"));
        check(&j, Status::Below, "value.higher.below");
        assert_eq!(
            j.explanation,
            "实际841.6亿元，为目标1000亿元的84.2%，未完成"
        );
        let j = level(val("1000"), val("960"));
        check(&j, Status::BasicallyMet, "value.higher.basically_met");
        assert!(
            j.explanation.contains("96%，达到基本完成线95%"),
            "{}",
            j.explanation
        );
        check(
            &level(val("1000"), val("1000")),
            Status::Met,
            "value.higher.met",
        );
        check(
            &level(val("1000"), val("1049.9")),
            Status::Met,
            "value.higher.met",
        );
        let j = level(val("1000"), val("1050"));
        check(&j, Status::Exceeded, "value.higher.exceeded");
        assert!(
            j.explanation.contains("105%，达到超额线105%"),
            "{}",
            j.explanation
        );
    }

    #[test]
    fn level_units_are_converted() {
        // 1.2万亿元 against a target of 10000亿元: 120%.
        let j = level(val("10000"), valu("1.2万亿元", "1.2", "万亿元"));
        check(&j, Status::Exceeded, "value.higher.exceeded");
        assert!(
            j.explanation.starts_with("实际12000亿元"),
            "{}",
            j.explanation
        );
    }

    #[test]
    fn unit_mismatch_is_undecidable() {
        let j = judge(&ind(
            "实际使用外资FDI",
            "亿美元",
            val("2"),
            Some(valu("14亿元", "14", "亿元")),
        ));
        check(&j, Status::Undecidable, "unit.mismatch");
        assert!(j.explanation.contains("亿元") && j.explanation.contains("亿美元"));
    }

    #[test]
    fn level_with_non_positive_target_has_no_ratio_bands() {
        let j = level(val("0"), val("5"));
        check(&j, Status::Met, "value.higher.met");
        check(
            &level(val("0"), val("-5")),
            Status::Below,
            "value.higher.below",
        );
    }

    #[test]
    fn lower_is_better_level() {
        let name = "生产安全事故死亡人数";
        let unit = "人";
        let j = judge(&ind(name, unit, val("20"), Some(val("18"))));
        check(&j, Status::Exceeded, "value.lower.exceeded");
        assert!(
            j.explanation.contains("越低越好：指标名含“死亡人数”"),
            "{}",
            j.explanation
        );
        check(
            &judge(&ind(name, unit, val("20"), Some(val("19.5")))),
            Status::Met,
            "value.lower.met",
        );
        check(
            &judge(&ind(name, unit, val("20"), Some(val("21")))),
            Status::BasicallyMet,
            "value.lower.basically_met",
        );
        check(
            &judge(&ind(name, unit, val("20"), Some(val("22")))),
            Status::Below,
            "value.lower.below",
        );
    }

    // --- bound targets ------------------------------------------------------------------------

    #[test]
    fn lower_bound_target() {
        let j = rate(bound("6.5以上", Cmp::Ge, "6.5"), val("6.7"));
        check(&j, Status::Met, "bound_target.higher.met");
        assert_eq!(j.explanation, "实际6.7%，高于目标下限6.5%，完成");
        check(
            &rate(bound("超6.5", Cmp::Gt, "6.5"), val("6.5")),
            Status::BasicallyMet,
            "bound_target.higher.basically_met",
        );
        check(
            &rate(bound("超6.5", Cmp::Gt, "6.5"), val("6.51")),
            Status::Met,
            "bound_target.higher.met",
        );
    }

    #[test]
    fn ceiling_target_is_lower_is_better() {
        let i = binding(ind(
            "亿元地区生产总值安全事故死亡率",
            "%",
            bound("≤0.021", Cmp::Le, "0.021"),
            Some(val("0.0074")),
        ));
        let j = judge(&i);
        check(&j, Status::Met, "bound_target.lower.met");
        assert_eq!(j.direction, Direction::LowerIsBetter);
        assert_eq!(
            j.direction_basis,
            DirectionBasis::TargetBound {
                text: "≤0.021".into()
            }
        );
        assert!(
            j.explanation
                .starts_with("实际0.0074%，低于上限0.021%，完成"),
            "{}",
            j.explanation
        );
        assert!(j.explanation.contains("由目标“≤0.021”推断"));
        let j = rate(bound("5.5%以内", Cmp::Le, "5.5"), val("4"));
        check(&j, Status::Exceeded, "bound_target.lower.exceeded");
        check(
            &rate(bound("5.5%以内", Cmp::Le, "5.5"), val("5.5")),
            Status::Met,
            "bound_target.lower.met",
        );
        check(
            &rate(bound("低于5.5%", Cmp::Lt, "5.5"), val("5.5")),
            Status::BasicallyMet,
            "bound_target.lower.basically_met",
        );
        check(
            &rate(bound("5.5%以内", Cmp::Le, "5.5"), val("6.5")),
            Status::Below,
            "bound_target.lower.below",
        );
    }

    #[test]
    fn bound_against_explicit_direction_follows_the_bound() {
        let mut i = ind(
            "一般公共预算支出增速",
            "%",
            bound("5%以内", Cmp::Le, "5"),
            Some(val("4")),
        );
        i.def.direction = Some(Direction::HigherIsBetter);
        let j = judge(&i);
        check(&j, Status::Met, "bound_target.lower.met");
        assert_eq!(j.direction, Direction::HigherIsBetter);
        assert!(j.explanation.contains("目标为上限"), "{}", j.explanation);
    }

    #[test]
    fn binding_days_below() {
        let i = binding(ind(
            "空气质量优良天数",
            "天",
            Expr::new(
                "310天以上",
                Form::Bound {
                    cmp: Cmp::Ge,
                    value: q("310", "天"),
                },
            ),
            Some(val("289")),
        ));
        let j = judge(&i);
        check(&j, Status::Below, "bound_target.higher.below");
        assert_eq!(j.explanation, "实际289天，为目标下限310天的93.2%，未完成");
        let mut near = i.clone();
        near.actual = Some(val("300"));
        check(
            &judge(&near),
            Status::Below,
            "bound_target.higher.below_strict",
        );
    }

    // --- approximate and range targets ----------------------------------------------------------

    #[test]
    fn approx_target_band() {
        let t = || approx("6%左右", Approx::About, "6");
        let j = rate(t(), val("5.6"));
        check(&j, Status::Met, "approx_target.higher.met");
        assert!(
            j.explanation.contains("在“左右”容差0.5个百分点以内"),
            "{}",
            j.explanation
        );
        check(
            &rate(t(), val("5.4")),
            Status::Below,
            "approx_target.higher.below",
        );
        check(
            &rate(t(), val("7")),
            Status::Exceeded,
            "approx_target.higher.exceeded",
        );
        // Levels: ±2% is met, 95–98% basically met.
        let t = || approx("1650亿元左右", Approx::About, "1650");
        let j = level(t(), val("1620"));
        check(&j, Status::Met, "approx_target.higher.met");
        assert!(j.explanation.contains("容差2%"), "{}", j.explanation);
        check(
            &level(t(), val("1600")),
            Status::BasicallyMet,
            "approx_target.higher.basically_met",
        );
        check(
            &level(t(), val("1500")),
            Status::Below,
            "approx_target.higher.below",
        );
        // "8000余个" asks for at least 8000.
        let t = approx("8000余个", Approx::MoreThan, "8000");
        check(
            &judge(&ind("新增学位", "个", t, Some(val("8000")))),
            Status::Met,
            "approx_target.higher.met",
        );
    }

    #[test]
    fn range_target() {
        let t = || range("5-6", "5", "6");
        let j = rate(t(), val("5.5"));
        check(&j, Status::Met, "range_target.higher.met");
        assert!(
            j.explanation.contains("在目标区间5–6%内"),
            "{}",
            j.explanation
        );
        let j = rate(t(), val("6.5"));
        check(&j, Status::Met, "range_target.higher.met");
        assert!(
            j.explanation.contains("高于目标区间5–6%"),
            "{}",
            j.explanation
        );
        let j = rate(t(), val("7"));
        check(&j, Status::Exceeded, "range_target.higher.exceeded");
        assert!(
            j.explanation.contains("目标区间上限6%"),
            "{}",
            j.explanation
        );
        check(
            &rate(t(), val("4.6")),
            Status::BasicallyMet,
            "range_target.higher.basically_met",
        );
        check(
            &rate(t(), val("4")),
            Status::Below,
            "range_target.higher.below",
        );
        // Reversed ends are tolerated.
        check(
            &rate(range("6-5", "6", "5"), val("5.5")),
            Status::Met,
            "range_target.higher.met",
        );
        // Lower is better: within or below the range is met.
        let i = ind(
            "城镇调查失业率",
            "%",
            range("5-5.5", "5", "5.5"),
            Some(val("5.2")),
        );
        check(&judge(&i), Status::Met, "range_target.lower.met");
    }

    // --- bound, approximate and range actuals ----------------------------------------------------

    #[test]
    fn bound_actual_proves_only_what_it_can() {
        let t = || val("6.5");
        let j = rate(t(), bound("6以上", Cmp::Ge, "6"));
        check(&j, Status::Undecidable, "actual.bound.undecidable");
        assert!(j.explanation.contains("实际仅知下限"), "{}", j.explanation);
        assert!(j.explanation.contains("无法判定是否完成"));
        let j = rate(val("6"), bound("6以上", Cmp::Ge, "6"));
        check(&j, Status::Met, "actual.bound.met");
        assert!(j.explanation.contains("至少完成"), "{}", j.explanation);
        let j = rate(val("3.5"), bound("5.5以上", Cmp::Ge, "5.5"));
        check(&j, Status::Exceeded, "actual.bound.exceeded");
        check(
            &rate(val("6"), bound("超6", Cmp::Gt, "6")),
            Status::Met,
            "actual.bound.met",
        );
        // An upper bound on a higher-is-better figure can only prove a shortfall.
        check(
            &rate(val("6.5"), bound("不超过5", Cmp::Le, "5")),
            Status::Below,
            "actual.bound.below",
        );
        let j = rate(val("6.5"), bound("不超过7", Cmp::Le, "7"));
        check(&j, Status::Undecidable, "actual.bound.undecidable");
        assert!(j.explanation.contains("实际仅知上限"), "{}", j.explanation);
        // Far too low a floor for a level target: still undecidable (could be anything above).
        check(
            &level(val("1000"), bound("500以上", Cmp::Ge, "500")),
            Status::Undecidable,
            "actual.bound.undecidable",
        );
    }

    #[test]
    fn bound_actual_on_lower_is_better() {
        let t = || bound("≤0.021", Cmp::Le, "0.021");
        let name = "亿元地区生产总值安全事故死亡率";
        check(
            &judge(&ind(
                name,
                "%",
                t(),
                Some(bound("0.01以下", Cmp::Le, "0.01")),
            )),
            Status::Met,
            "actual.bound.met",
        );
        check(
            &judge(&ind(
                name,
                "%",
                t(),
                Some(bound("0.01以上", Cmp::Ge, "0.01")),
            )),
            Status::Undecidable,
            "actual.bound.undecidable",
        );
        check(
            &judge(&ind(name, "%", t(), Some(bound("2以上", Cmp::Ge, "2")))),
            Status::Below,
            "actual.bound.below",
        );
    }

    #[test]
    fn range_actual() {
        check(
            &rate(val("5"), range("6-7", "6", "7")),
            Status::Exceeded,
            "actual.range.exceeded",
        );
        check(
            &rate(val("5"), range("5-7", "5", "7")),
            Status::Met,
            "actual.range.met",
        );
        check(
            &rate(val("8"), range("4-6", "4", "6")),
            Status::Below,
            "actual.range.below",
        );
        let j = rate(val("5"), range("4-6", "4", "6"));
        check(&j, Status::Undecidable, "actual.range.undecidable");
        assert!(
            j.explanation.contains("实际只给出区间"),
            "{}",
            j.explanation
        );
    }

    #[test]
    fn approximate_actuals_are_judged_and_said_to_be_approximate() {
        let j = rate(val("11"), approx("11%左右", Approx::About, "11"));
        check(&j, Status::Met, "value.higher.met");
        assert!(j.explanation.starts_with("实际约11%"), "{}", j.explanation);
        assert!(j.explanation.contains("近似值"));
        // 近5.5 is just under 5.5.
        let j = rate(val("5.5"), approx("近5.5", Approx::Nearly, "5.5"));
        check(&j, Status::BasicallyMet, "value.higher.basically_met");
        assert!(
            j.explanation.contains("略低于目标5.5%"),
            "{}",
            j.explanation
        );
        check(
            &rate(val("5.5"), approx("5.5余", Approx::MoreThan, "5.5")),
            Status::Met,
            "value.higher.met",
        );
    }

    // --- delegated, outcome, pending, qualitative, unparsed ------------------------------------

    #[test]
    fn delegated_targets() {
        let name = "单位地区生产总值能耗下降";
        let j = judge(&binding(ind(name, "%", delegated(), Some(val("2.97")))));
        check(&j, Status::Undecidable, "delegated.unassigned");
        assert!(
            j.explanation
                .contains("目标由市级下达，尚未录入下达值，无法判定")
        );
        let j = judge(&binding(ind(
            name,
            "%",
            delegated(),
            Some(outcome("完成市级\n下达目标", true)),
        )));
        check(&j, Status::Met, "delegated.outcome_met");
        assert_eq!(j.explanation, "实际“完成市级下达目标”，完成");
        let j = judge(&binding(ind(
            name,
            "%",
            delegated(),
            Some(outcome("未完成市级下达目标", false)),
        )));
        check(&j, Status::Below, "delegated.outcome_not_met");
    }

    #[test]
    fn assigned_decrease_target() {
        // Once the city's figure is entered the target is an ordinary value: a decrease of 2.97
        // beats 2.5 by 0.47 point, which is met (exceeding needs 1 point).
        let name = "单位地区生产总值能耗下降";
        let j = judge(&binding(ind(name, "%", val("2.5"), Some(val("2.97")))));
        check(&j, Status::Met, "value.higher.met");
        assert_eq!(j.direction, Direction::HigherIsBetter);
        assert_eq!(
            j.direction_basis,
            DirectionBasis::DecreaseName {
                suffix: "下降".into()
            }
        );
        assert!(j.explanation.contains("降幅越大越好"), "{}", j.explanation);
        check(
            &judge(&binding(ind(name, "%", val("2.5"), Some(val("3.5"))))),
            Status::Exceeded,
            "value.higher.exceeded",
        );
        check(
            &judge(&binding(ind(name, "%", val("2.5"), Some(val("2.2"))))),
            Status::Below,
            "value.higher.below_strict",
        );
    }

    #[test]
    fn worded_decline_is_read_as_the_decrease() {
        let name = "单位地区生产总值能耗下降";
        let mut actual = valu("下降2.97%", "-2.97", "%");
        actual.worded_decline = true;
        let j = judge(&ind(name, "%", val("2.5"), Some(actual.clone())));
        check(&j, Status::Met, "value.higher.met");
        assert!(j.explanation.starts_with("实际2.97%"), "{}", j.explanation);
        assert!(j.explanation.contains("实际“下降2.97%”按降幅计"));
        // A worded-decline target as well.
        let mut target = valu("下降2.5%", "-2.5", "%");
        target.worded_decline = true;
        check(
            &judge(&ind(name, "%", target, Some(actual.clone()))),
            Status::Met,
            "value.higher.met",
        );
        // For an ordinary growth rate, 下降2.3% is simply -2.3.
        check(
            &rate(val("10"), actual),
            Status::Below,
            "value.higher.below",
        );
    }

    #[test]
    fn outcome_without_delegation() {
        check(
            &rate(val("5"), outcome("完成", true)),
            Status::Met,
            "outcome.met",
        );
        check(
            &rate(val("5"), outcome("未完成", false)),
            Status::Below,
            "outcome.not_met",
        );
        let q = Expr::new("稳中提质", Form::Qualitative);
        check(&rate(q, outcome("完成", true)), Status::Met, "outcome.met");
    }

    #[test]
    fn pending_and_missing_actuals() {
        let j = judge(&ind(
            "实际使用外资FDI",
            "亿美元",
            val("2"),
            Some(Expr::new("市级暂未反馈", Form::Pending { reason: None })),
        ));
        check(&j, Status::Pending, "actual.pending");
        assert!(j.explanation.contains("市级暂未反馈"));
        let j = judge(&ind("实际使用外资FDI", "亿美元", val("2"), None));
        check(&j, Status::Pending, "actual.missing");
        let j = judge(&ind("某", "%", Expr::unparsed("？？", "无法识别"), None));
        assert!(
            j.explanation.contains("目标“？？”无法解析"),
            "{}",
            j.explanation
        );
    }

    #[test]
    fn unparsed_and_qualitative() {
        let j = rate(val("5"), Expr::unparsed("五点几", "无法识别的数字"));
        check(&j, Status::Undecidable, "actual.unparsed");
        assert!(j.explanation.contains("五点几") && j.explanation.contains("无法识别的数字"));
        let j = rate(Expr::unparsed("大约吧", "无法识别"), val("5"));
        check(&j, Status::Undecidable, "target.unparsed");
        assert!(j.explanation.contains("大约吧"));
        check(
            &rate(Expr::new("稳步提升", Form::Qualitative), val("5")),
            Status::Undecidable,
            "target.qualitative",
        );
        check(
            &rate(val("5"), Expr::new("稳步提升", Form::Qualitative)),
            Status::Undecidable,
            "actual.qualitative",
        );
        check(
            &rate(Expr::new("—", Form::Pending { reason: None }), val("5")),
            Status::Undecidable,
            "target.missing",
        );
        check(
            &rate(val("5"), delegated()),
            Status::Undecidable,
            "actual.not_a_figure",
        );
    }

    // --- relative targets -------------------------------------------------------------------

    fn relative_plan(income: Expr, gdp: Option<Expr>) -> (PlanIndicator, Plan) {
        let target = Expr::new(
            "与经济增长同步",
            Form::Relative {
                reference: "经济增长".into(),
                relation: Relation::InStep,
                margin: None,
            },
        );
        let me = ind("全体居民人均可支配收入增速", "%", target, Some(income));
        let gdp = ind("地区生产总值增速", "%", bound("6以上", Cmp::Ge, "6"), gdp);
        let plan = Plan {
            region: "测试区".into(),
            year: 2024,
            indicators: vec![gdp, me.clone()],
        };
        (me, plan)
    }

    #[test]
    fn relative_in_step() {
        let rules = Rules::default();
        let (me, plan) = relative_plan(val("6.5"), Some(val("6.7")));
        let j = judge_indicator(&me, &plan, &rules);
        check(&j, Status::Met, "relative.in_step.higher.met");
        assert!(
            j.explanation.contains("地区生产总值增速（实际6.7%）"),
            "{}",
            j.explanation
        );
        assert!(j.explanation.contains("同步容差"), "{}", j.explanation);
        let (me, plan) = relative_plan(val("4.3"), Some(val("6.7")));
        check(
            &judge_indicator(&me, &plan, &rules),
            Status::Below,
            "relative.in_step.higher.below",
        );
        let (me, plan) = relative_plan(val("8"), Some(val("6.7")));
        check(
            &judge_indicator(&me, &plan, &rules),
            Status::Exceeded,
            "relative.in_step.higher.exceeded",
        );
        let (me, plan) = relative_plan(val("6"), None);
        check(
            &judge_indicator(&me, &plan, &rules),
            Status::Pending,
            "relative.reference_pending",
        );
        let (me, plan) = relative_plan(val("6"), Some(bound("6以上", Cmp::Ge, "6")));
        check(
            &judge_indicator(&me, &plan, &rules),
            Status::Undecidable,
            "relative.reference_not_numeric",
        );
        let (me, mut plan) = relative_plan(val("6"), Some(val("6.7")));
        plan.indicators.remove(0);
        let j = judge_indicator(&me, &plan, &rules);
        check(&j, Status::Undecidable, "relative.reference_missing");
        assert!(j.explanation.contains("经济增长"));
    }

    #[test]
    fn a_revised_target_is_the_one_judged() {
        let mut target = valu("增长7%(后调整为2%左右)", "7", "%");
        target.revised = Some(Box::new(Expr::new(
            "2%左右",
            Form::Approx {
                approx: Approx::About,
                value: q("2", "%"),
            },
        )));
        let j = rate(target.clone(), valu("增长2.5%", "2.5", "%"));
        assert!(j.status.is_on_track(), "{j:#?}");
        assert!(
            j.explanation
                .starts_with("按调整后目标“2%左右”判定（年初目标“增长7%”）："),
            "{}",
            j.explanation
        );
        // Against the original it would be below.
        target.revised = None;
        assert_eq!(
            rate(target, valu("增长2.5%", "2.5", "%")).status,
            Status::Below
        );
    }

    #[test]
    fn a_stretch_target_is_kept_but_the_main_one_decides() {
        let mut target = Expr::new(
            "增长8%左右,力争500亿元",
            Form::Approx {
                approx: Approx::About,
                value: q("8", "%"),
            },
        );
        let mut stretch = valu("500亿元", "500", "亿元");
        stretch.strive = true;
        target.stretch = Some(Box::new(stretch));
        let j = rate(target, valu("增长8.1%", "8.1", "%"));
        assert_eq!(j.status, Status::Met, "{j:#?}");
        assert!(
            j.explanation
                .ends_with("（另有力争目标“500亿元”，按主目标判定）"),
            "{}",
            j.explanation
        );
    }

    #[test]
    fn a_relative_target_with_a_margin() {
        let rules = Rules::default();
        let target = Expr::new(
            "高于地区生产总值增速0.5-1个百分点",
            Form::Relative {
                reference: "地区生产总值增速".into(),
                relation: Relation::Above,
                margin: Some(Margin {
                    low: q("0.5", "个百分点"),
                    high: q("1", "个百分点"),
                }),
            },
        );
        let gdp = ind("地区生产总值增速", "%", val("6"), Some(val("6")));
        let me = ind("工业增加值增速", "%", target, Some(val("6.6")));
        let plan = Plan {
            region: "测试区".into(),
            year: 2024,
            indicators: vec![gdp, me.clone()],
        };
        let j = judge_indicator(&me, &plan, &rules);
        assert!(j.status.is_on_track(), "{j:#?}");
        assert!(j.explanation.contains("加0.5个百分点"), "{}", j.explanation);
        let mut low = me.clone();
        low.actual = Some(val("6.3"));
        let j = judge_indicator(&low, &plan, &rules);
        assert!(
            !matches!(j.status, Status::Met | Status::Exceeded),
            "{j:#?}"
        );
    }

    #[test]
    fn relative_above_and_not_below() {
        let rules = Rules::default();
        let (mut me, plan) = relative_plan(val("6.7"), Some(val("6.7")));
        me.target.form = Form::Relative {
            reference: "地区生产总值增速".into(),
            relation: Relation::Above,
            margin: None,
        };
        check(
            &judge_indicator(&me, &plan, &rules),
            Status::BasicallyMet,
            "relative.above.higher.basically_met",
        );
        me.target.form = Form::Relative {
            reference: "地区生产总值".into(),
            relation: Relation::NotBelow,
            margin: None,
        };
        check(
            &judge_indicator(&me, &plan, &rules),
            Status::Met,
            "relative.not_below.higher.met",
        );
    }

    // --- direction ----------------------------------------------------------------------------

    #[test]
    fn direction_inference_order() {
        let rules = Rules::default();
        let r = |name: &str, target: Expr| {
            resolve_direction(&IndicatorDef::new(name, "%"), &target, &rules)
        };
        assert_eq!(r("城镇调查失业率", val("5.5")).0, Direction::LowerIsBetter);
        assert_eq!(
            r("ＰＭ２.５平均浓度", val("30")).1,
            DirectionBasis::NamePattern {
                pattern: "PM2.5".into()
            }
        );
        assert_eq!(
            r("单位地区生产总值能耗下降", val("2.5")).0,
            Direction::HigherIsBetter
        );
        assert_eq!(
            r("地区生产总值增速", val("6")),
            (Direction::HigherIsBetter, DirectionBasis::Default)
        );
        // The target's bound beats the name.
        assert_eq!(
            r("城镇调查失业率", bound("4以上", Cmp::Ge, "4")).0,
            Direction::HigherIsBetter
        );
        // Overrides beat the target; the definition beats overrides.
        let mut rules = Rules::default();
        rules
            .direction
            .overrides
            .insert("城镇调查失业率".into(), Direction::HigherIsBetter);
        let def = IndicatorDef::new("城镇调查失业率", "%");
        let got = resolve_direction(&def, &bound("≤5.5", Cmp::Le, "5.5"), &rules);
        assert_eq!(got, (Direction::HigherIsBetter, DirectionBasis::Override));
        let mut def = def;
        def.direction = Some(Direction::LowerIsBetter);
        let got = resolve_direction(&def, &val("5.5"), &rules);
        assert_eq!(got, (Direction::LowerIsBetter, DirectionBasis::Explicit));
        assert!(!DirectionBasis::Explicit.is_inferred());
        assert!(DirectionBasis::Default.is_inferred());
    }

    #[test]
    fn override_is_reported_in_the_explanation() {
        let mut rules = Rules::default();
        rules
            .direction
            .overrides
            .insert("城镇登记失业人数".into(), Direction::LowerIsBetter);
        let i = ind("城镇登记失业人数", "万人", val("2"), Some(val("1.8")));
        let j = judge_with(&i, &rules);
        check(&j, Status::Exceeded, "value.lower.exceeded");
        assert!(j.explanation.contains("规则文件"), "{}", j.explanation);
    }

    // --- summary, misc -------------------------------------------------------------------------

    #[test]
    fn summary_counts_every_status() {
        let js = vec![
            rate(val("7"), val("8.7")),
            rate(val("7"), val("1")),
            rate(val("7"), val("1")),
        ];
        let s = Summary::of(&js);
        assert_eq!(s.total, 3);
        assert_eq!(s.count(Status::Below), 2);
        assert_eq!(s.count(Status::Pending), 0);
        assert_eq!(s.counts.len(), 6);
        assert_eq!(s.on_track(), 1);
        let json = serde_json::to_string(&s).unwrap_or_default();
        assert!(json.contains("\"basically_met\":0"), "{json}");
        let back: Summary = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, s);
        let empty = Summary::of(&[]);
        assert_eq!((empty.total, empty.counts.len()), (0, 6));
    }

    #[test]
    fn status_round_trip_and_rank() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert!(Status::Exceeded.rank() > Status::Met.rank());
        assert_eq!(Status::Pending.rank(), None);
    }

    #[test]
    fn judgement_serialises_with_direction_basis() {
        let j = judge(&ind("城镇调查失业率", "%", val("5.5"), Some(val("5"))));
        let json = serde_json::to_value(&j).unwrap_or_default();
        assert_eq!(json["direction"], "lower_is_better");
        assert_eq!(json["direction_basis"]["from"], "name_pattern");
        assert_eq!(json["direction_basis"]["pattern"], "失业率");
    }

    #[test]
    fn overflowing_arithmetic_is_undecidable_not_a_panic() {
        let j = rate(val("79228162514264337593543950335"), val("1"));
        check(&j, Status::Undecidable, "arithmetic.overflow");
        let j = level(val("79228162514264337593543950335"), val("1"));
        check(&j, Status::Undecidable, "arithmetic.overflow");
    }

    #[test]
    fn kinds_change_the_margins() {
        // The same numbers read as a level (ratio) or as a share (points).
        let mut i = ind("某比重", "%", val("50"), Some(val("48")));
        assert_eq!(i.def.kind, IndicatorKind::Share);
        check(&judge(&i), Status::Below, "value.higher.below");
        i.def.kind = IndicatorKind::Level;
        check(
            &judge(&i),
            Status::BasicallyMet,
            "value.higher.basically_met",
        );
        i.def.tier = Some(Tier::Core);
        check(
            &judge(&i),
            Status::BasicallyMet,
            "value.higher.basically_met",
        );
    }
}
