//! Storage traits (skeleton).
