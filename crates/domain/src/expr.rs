//! Targets and actuals as expressions.
//!
//! Plan documents write targets and actuals as short phrases — `6.5以上`, `≤0.021`, `市级下达`,
//! `完成市级下达目标`, `与经济增长同步` — not as numbers. An [`Expr`] is the parsed meaning of
//! one such phrase, always with the original text beside it. The same model serves targets and
//! actuals: `6以上` is a target floor in one column and a bound actual ("at least 6") in the
//! other; the judge decides what each can prove.
//!
//! Parsing text into an `Expr` lives in `planwatch-text`; this module only defines the meaning.

use crate::lang::Message;
use crate::quantity::Quantity;
use serde::{Deserialize, Serialize};

/// One target or actual, parsed, with its original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expr {
    /// The text exactly as written in the source (trimmed).
    pub text: String,
    pub form: Form,
    /// 力争: an aspiration on top of the target; judged like the plain target.
    #[serde(default, skip_serializing_if = "is_false")]
    pub strive: bool,
    /// 预计: an estimate rather than a final figure.
    #[serde(default, skip_serializing_if = "is_false")]
    pub estimated: bool,
    /// The text said 下降/减少/回落 (so the value is negative for a growth rate), which matters
    /// for indicators whose name already says 下降. A bound is mirrored with the sign, so the
    /// form stays true of the change: `下降3%以上` is `Bound { Le, -3 }`; reading it back as a
    /// decrease takes both `-value` and [`Cmp::mirrored`] (a decrease ≥ 3).
    #[serde(default, skip_serializing_if = "is_false")]
    pub worded_decline: bool,
    /// What the parser could not fully understand; non-empty for [`Form::Unparsed`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Message>,
    /// A revision printed with the target (`增长7%（后调整为2%左右）`): the target as revised,
    /// which is what the year is judged against. The original stays in `form` and `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revised: Option<Box<Expr>>,
    /// A stretch target printed beside the main one (`增长8%左右，力争500亿元`): kept, not
    /// judged; the year is judged against the main target in `form`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stretch: Option<Box<Expr>>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Expr {
    /// An expression of the given form with no flags or diagnostics.
    pub fn new(text: impl Into<String>, form: Form) -> Self {
        Expr {
            text: text.into(),
            form,
            strive: false,
            estimated: false,
            worded_decline: false,
            diagnostics: Vec::new(),
            revised: None,
            stretch: None,
        }
    }

    /// The target a year is judged against: the revision when one is printed, else this.
    pub fn in_force(&self) -> &Expr {
        self.revised.as_deref().unwrap_or(self)
    }

    /// The text without a printed revision: `增长7%（后调整为2%左右）` → `增长7%`.
    pub fn text_before_revision(&self) -> &str {
        if self.revised.is_none() {
            return &self.text;
        }
        match self.text.rfind(['(', '（']) {
            Some(p) if p > 0 => self.text[..p].trim_end(),
            _ => &self.text,
        }
    }

    /// Text that could not be understood, with the reason.
    pub fn unparsed(text: impl Into<String>, diagnostic: impl Into<Message>) -> Self {
        let mut e = Expr::new(text, Form::Unparsed);
        e.diagnostics.push(diagnostic.into());
        e
    }

    pub fn is_pending(&self) -> bool {
        matches!(self.form, Form::Pending { .. })
    }

    pub fn is_unparsed(&self) -> bool {
        matches!(self.form, Form::Unparsed)
    }

    /// The single figure the expression centres on, if it has one (a value, a bound, an
    /// approximate value; the midpoint is not invented for ranges).
    pub fn figure(&self) -> Option<&Quantity> {
        match &self.form {
            Form::Value(q) | Form::Bound { value: q, .. } | Form::Approx { value: q, .. } => {
                Some(q)
            }
            _ => None,
        }
    }
}

/// A comparison operator of a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cmp {
    /// 超, 超过, 逾, ＞, >
    Gt,
    /// 以上, 不低于, 不少于, 达到…以上, ≥, >=
    Ge,
    /// 低于, ＜, <
    Lt,
    /// 以内, 以下, 不超过, 不高于, 控制在…以内, ≤, <=
    Le,
}

impl Cmp {
    pub fn is_lower_bound(self) -> bool {
        matches!(self, Cmp::Gt | Cmp::Ge)
    }
    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Gt => ">",
            Cmp::Ge => "≥",
            Cmp::Lt => "<",
            Cmp::Le => "≤",
        }
    }
    /// The same bound seen from the other side of zero: `x ≥ 3` is `−x ≤ −3`.
    pub fn mirrored(self) -> Cmp {
        match self {
            Cmp::Gt => Cmp::Lt,
            Cmp::Ge => Cmp::Le,
            Cmp::Lt => Cmp::Gt,
            Cmp::Le => Cmp::Ge,
        }
    }
}

/// How an approximate value relates to the true one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    /// 约, 左右, 大约, 上下: close on either side.
    About,
    /// 近, 接近, 将近: just under.
    Nearly,
    /// 余, 多, 有余: a little over (1.5万余次, 30余万人).
    MoreThan,
}

/// How a target relates to another indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// 与…同步, 与…保持同步, 与…基本同步, 与…相匹配.
    InStep,
    /// 快于, 高于: faster than.
    Above,
    /// 不低于…: at least as fast as.
    NotBelow,
}

/// By how much a relative target is above its reference (`0.5-1个百分点`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Margin {
    pub low: Quantity,
    pub high: Quantity,
}

/// What an expression says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Form {
    /// No figure (yet): 市级暂未反馈, 待省反馈, 待反馈, —, --, an empty cell.
    Pending { reason: Option<String> },
    /// A plain value: `10`, `6.7`, `-2.3`, `下降2.3%`, `增长4.6%`, `1744亿元`.
    Value(Quantity),
    /// A one-sided bound: `6.5以上`, `≤0.021`, `5.5%以内`, `超50%`, `不低于95%`.
    Bound { cmp: Cmp, value: Quantity },
    /// An approximate value: `1650亿元左右`, `约9.3亿元`, `近5.5万元`, `1.5万余次`.
    Approx { approx: Approx, value: Quantity },
    /// An inclusive range: `5-6`, `5%~6%`, `5至6`.
    Range { low: Quantity, high: Quantity },
    /// Assigned by a higher level: `市级下达` (authority "市级"), `省级下达`, `以国家和广东省下达为准`.
    Delegated { authority: String },
    /// Relative to another indicator: `与经济增长同步` (reference "经济增长"), `高于全市0.5-1个
    /// 百分点` (reference "全市", above by a margin of 0.5 to 1 point).
    Relative {
        reference: String,
        relation: Relation,
        /// By how much, when stated: low and high ends (the same for one figure).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        margin: Option<Margin>,
    },
    /// An outcome reported without a figure: `完成市级下达目标` (met), `未完成` (not met).
    Outcome { met: bool },
    /// A qualitative aim or result: `稳中提质`, `保持基本稳定`, `稳步提升`.
    Qualitative,
    /// Not understood; the expression's diagnostics say why.
    Unparsed,
}
