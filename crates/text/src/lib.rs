//! # planwatch-text
//!
//! Reading the words of plan documents into the domain model: Chinese numbers and quantities,
//! target and actual expressions, and indicator names as annex tables print them.
//!
//! Plan documents write figures the way people do — `6.5以上`, `≤0.021`, `近5.5万元`,
//! `1.5万余次`, `下降2.3%`, `市级下达`, `与经济增长同步`, `完成市级下达目标`, `市级暂未反馈`, in
//! full-width or half-width characters, Arabic digits or Chinese numerals. This crate turns such
//! text into [`planwatch_domain`] values without losing what was written.
//!
//! - [`parse_expr`] reads a target or actual into an [`Expr`](planwatch_domain::Expr). It never
//!   fails and never panics: text it cannot read becomes
//!   [`Form::Unparsed`](planwatch_domain::Form::Unparsed) with a diagnostic saying what was not
//!   understood; the original text is always kept.
//! - [`parse_quantity`] reads one exact quantity (`1744亿元`, `3.5万人`, `百分之五`), keeping the
//!   unit as written; a bare scale word is folded into the value (`1.5万` → 15000).
//! - [`parse_number`] reads one number (`3,500`, `一千二百`, `三分之一`, `1.2亿`).
//! - [`parse_indicator_label`] splits `#区级税收收入增速（%）*` into name, unit and markers.
//!
//! Numbers are exact [`Decimal`](rust_decimal::Decimal)s throughout; nothing passes through
//! floating point.
//!
//! ```
//! use planwatch_domain::{Approx, Cmp, Form};
//! use planwatch_text::{parse_expr, parse_indicator_label, parse_quantity};
//!
//! let target = parse_expr("6.5以上");
//! assert!(matches!(target.form, Form::Bound { cmp: Cmp::Ge, .. }));
//!
//! let actual = parse_expr("约9.3亿元");
//! let Form::Approx { approx, value } = &actual.form else { panic!() };
//! assert_eq!((*approx, value.to_string()), (Approx::About, "9.3亿元".to_string()));
//!
//! assert!(matches!(parse_expr("市级下达").form, Form::Delegated { .. }));
//! assert!(parse_expr("市级暂未反馈").is_pending());
//!
//! let q = parse_quantity("１，７４４亿元").unwrap();
//! assert_eq!(q.in_unit("万亿元").map(|v| v.to_string()), Some("0.1744".to_string()));
//!
//! let label = parse_indicator_label("空气质量优良天数（天）*").unwrap();
//! assert_eq!((label.name.as_str(), label.unit.as_str(), label.binding), ("空气质量优良天数", "天", true));
//! ```

#![warn(missing_docs)]

mod error;
mod expr;
mod label;
mod normalize;
mod number;
mod phrase;
mod quantity;
mod units;

pub use error::TextError;
pub use expr::{parse_expr, revision_of};
pub use label::{IndicatorLabel, parse_indicator_label};
pub use number::parse_number;
pub use quantity::parse_quantity;
pub use units::{SUPPORTED_UNITS, is_unit};
