//! # planwatch-domain
//!
//! The centre of planwatch: what a region's annual development plan *is*, and how each of its
//! indicators is judged. Everything here is pure — no files, no database, no network — so the
//! same rules run in the CLI, the web server, tests and benchmarks.
//!
//! - [`quantity`]: exact numbers with units ([`Quantity`]).
//! - [`expr`]: targets and actuals as parsed expressions ([`Expr`], [`Form`]); text goes in via
//!   `planwatch-text`.
//! - [`indicator`]: indicator definitions and a year's plan ([`Plan`]).
//! - [`rules`]: the configurable judging rules ([`Rules`]), read from TOML.
//! - [`judge`]: one status per indicator, with the rule that decided it and a Chinese
//!   explanation ([`Judgement`]).
//! - [`in_year`]: where each indicator stands during the year from its 1-m月 figures (time
//!   progress, year-to-date judging, lights, the lagging list).
//! - [`lang`]: the two languages of generated text ([`Lang`]) and bilingual messages.
//! - [`outlook`]: year-end projections from 1-m月 figures and past years' seasonal pattern,
//!   with a range, a projected status and the sentence; backtests of the method.
//! - [`realism`]: targets checked against the region's own history, its peers and the level
//!   above, with findings and their evidence.
//! - [`assessment`]: a department's items counted as on track, behind or undecided, with the
//!   figures it owes and its returned submissions: the basis of the year-end assessment.
//! - [`calendar`]: the reporting calendar (monthly, quarterly, annual; due day) and where an
//!   owed figure stands: due, late, submitted, approved.
//! - [`compare`]: ranks, gaps to averages, shares, streaks and roll-ups across regions.
//! - [`matching`]: outside tables' indicator names matched to a plan's, with the similarity;
//!   ambiguous and unmatched names listed, never guessed.
//! - [`plausibility`]: whether an entered figure makes sense (hard refusals by kind, soft
//!   warnings that need a reason), run by every entry point.
//! - [`diff`]: what changed in the indicator system between two years.
//! - [`projects`], [`livelihood`], [`tasks`]: the key-project ledger, the livelihood projects
//!   with the deputies' vote, and the key tasks, with their figures and warning lights;
//!   [`progress`]: what departments report on them during the year, checked and applied.

pub mod assessment;
pub mod calendar;
pub mod compare;
pub mod diff;
pub mod expr;
pub mod in_year;
pub mod indicator;
pub mod judge;
pub mod lang;
pub mod livelihood;
pub mod matching;
pub mod outlook;
pub mod plausibility;
pub mod progress;
pub mod projects;
pub mod quantity;
pub mod realism;
pub mod rules;
pub mod tasks;

pub use expr::{Approx, Cmp, Expr, Form, Margin, Relation};
pub use in_year::Period;
pub use indicator::{Direction, IndicatorDef, IndicatorKind, Plan, PlanIndicator, Tier};
pub use judge::{Judgement, Status};
pub use lang::{Lang, Message};
pub use quantity::Quantity;
pub use rules::Rules;
