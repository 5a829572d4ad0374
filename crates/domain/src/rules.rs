//! The judging rules, configurable from TOML. (Skeleton.)

use serde::{Deserialize, Serialize};

/// Errors reading a rules file.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("rules TOML is invalid: {0}")]
    Toml(String),
}

/// The judging rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Rules {}

impl Rules {
    pub fn from_toml_str(text: &str) -> Result<Self, RulesError> {
        toml::from_str(text).map_err(|e| RulesError::Toml(e.to_string()))
    }
}
