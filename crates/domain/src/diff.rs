//! What changed in an indicator system between two years. (Skeleton.)

use crate::indicator::Plan;
use serde::{Deserialize, Serialize};

/// One change between two years' indicator systems.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    Added { name: String },
    Removed { name: String },
}

/// Compares the indicator systems of two plans.
pub fn diff_plans(old: &Plan, new: &Plan) -> Vec<Change> {
    let mut out = Vec::new();
    for i in &new.indicators {
        if old.indicator(&i.def.name).is_none() {
            out.push(Change::Added { name: i.def.name.clone() });
        }
    }
    for i in &old.indicators {
        if new.indicator(&i.def.name).is_none() {
            out.push(Change::Removed { name: i.def.name.clone() });
        }
    }
    out
}
