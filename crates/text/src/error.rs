//! The error of the `Result`-returning readers.

/// Why a number, quantity or indicator label could not be read. Each variant names the text and
/// what was expected there, so a message can point a user at the offending cell.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Nothing to read (empty or only spaces).
    #[error("expected {expected}, found empty text")]
    Empty {
        /// What the reader was looking for ("a number", "a quantity", …).
        expected: &'static str,
    },
    /// The text did not have the expected shape; `found` is the part that did not fit.
    #[error("expected {expected} in {text:?}, but could not read {found:?}")]
    Unexpected {
        /// The whole text, trimmed.
        text: String,
        /// The part of it that could not be read (after folding to half-width).
        found: String,
        /// What the reader was looking for there.
        expected: &'static str,
    },
    /// The number has more digits than an exact decimal holds (28–29 significant digits).
    #[error("the number in {text:?} is too large or too precise to hold exactly")]
    OutOfRange {
        /// The whole text, trimmed.
        text: String,
    },
    /// A fraction with a zero denominator (`1/0`, `零分之一`).
    #[error("the fraction in {text:?} divides by zero")]
    DivisionByZero {
        /// The whole text, trimmed.
        text: String,
    },
}
