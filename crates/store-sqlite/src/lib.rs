//! SQLite store (skeleton).
