//! # planwatch-text
//!
//! Reading the words of plan documents into the domain model. (Skeleton.)

use planwatch_domain::{Expr, Form, Quantity};

/// Parses a target or actual expression. Never panics; text it cannot read becomes
/// [`Form::Unparsed`] with a diagnostic.
pub fn parse_expr(text: &str) -> Expr {
    let t = text.trim();
    if t.is_empty() {
        return Expr::new(t, Form::Pending { reason: None });
    }
    match t.parse::<rust_decimal::Decimal>() {
        Ok(v) => Expr::new(t, Form::Value(Quantity::bare(v))),
        Err(_) => Expr::unparsed(t, "skeleton parser"),
    }
}
