//! Conversion between stored rows and the domain plan.

use crate::{StoreError, StoreResult};
use planwatch_domain::{Direction, IndicatorDef, IndicatorKind, Plan, PlanIndicator, Tier};
use serde::Serialize;

/// One stored indicator of one region-year, as the backends read and write it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorRecord {
    pub seq: i64,
    pub name: String,
    pub unit: String,
    pub kind: String,
    pub binding: bool,
    pub is_new: bool,
    pub tier: Option<String>,
    pub direction: Option<String>,
    pub department: Option<String>,
    pub target_text: String,
    pub actual_text: Option<String>,
    pub version: i64,
}

/// Flattens a plan into rows (version 1; the backend keeps its own counter on update).
pub fn records_from_plan(plan: &Plan) -> Vec<IndicatorRecord> {
    plan.indicators
        .iter()
        .map(|i| IndicatorRecord {
            seq: i64::from(i.seq),
            name: i.def.name.clone(),
            unit: i.def.unit.clone(),
            kind: i.def.kind.as_str().to_string(),
            binding: i.def.binding,
            is_new: i.def.is_new,
            tier: i.def.tier.map(|t| t.as_str().to_string()),
            direction: i.def.direction.map(|d| d.as_str().to_string()),
            department: i.def.department.clone(),
            target_text: i.target.text.clone(),
            actual_text: i.actual.as_ref().map(|a| a.text.clone()),
            version: 1,
        })
        .collect()
}

/// Rebuilds a plan from rows, parsing the expression texts. A row whose coded columns hold an
/// unknown value is reported, not guessed.
pub fn plan_from_records(
    region: &str,
    year: i32,
    records: &[IndicatorRecord],
) -> StoreResult<Plan> {
    let mut indicators = Vec::with_capacity(records.len());
    for r in records {
        let bad = |field: &str, value: &str| {
            StoreError::Invalid(format!(
                "{region} {year} indicator {:?}: column {field} holds {value:?}",
                r.name
            ))
        };
        let kind = IndicatorKind::parse(&r.kind).ok_or_else(|| bad("kind", &r.kind))?;
        let tier = match &r.tier {
            Some(t) => Some(Tier::parse(t).ok_or_else(|| bad("tier", t))?),
            None => None,
        };
        let direction = match &r.direction {
            Some(d) => Some(Direction::parse(d).ok_or_else(|| bad("direction", d))?),
            None => None,
        };
        let seq = u32::try_from(r.seq).map_err(|_| bad("seq", &r.seq.to_string()))?;
        indicators.push(PlanIndicator {
            seq,
            def: IndicatorDef {
                name: r.name.clone(),
                unit: r.unit.clone(),
                kind,
                binding: r.binding,
                is_new: r.is_new,
                tier,
                direction,
                department: r.department.clone(),
            },
            target: planwatch_text::parse_expr(&r.target_text),
            actual: r.actual_text.as_deref().map(planwatch_text::parse_expr),
        });
    }
    Ok(Plan {
        region: region.to_string(),
        year,
        indicators,
    })
}
