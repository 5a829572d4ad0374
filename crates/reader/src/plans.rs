//! Tables to domain plans.

use crate::model::{ReadIndicator, Reading};
use planwatch_domain::{IndicatorDef, Plan, PlanIndicator};

impl ReadIndicator {
    /// The row as a domain indicator. A name without a unit takes the unit of its target (or
    /// actual) figure ("城乡登记失业人数" with "5600人以内" → 人), so that its kind is right.
    pub fn to_plan_indicator(&self, seq: u32) -> PlanIndicator {
        let mut unit = self.unit.clone();
        if unit.is_empty() {
            unit = self
                .target
                .figure()
                .or_else(|| self.actual.as_ref().and_then(|a| a.figure()))
                .map(|q| q.unit.clone())
                .unwrap_or_default();
        }
        let mut def = IndicatorDef::new(self.name.clone(), unit);
        def.binding = self.binding;
        def.is_new = self.is_new;
        def.tier = self.tier;
        PlanIndicator {
            seq,
            def,
            target: self.target.clone(),
            actual: self.actual.clone(),
        }
    }
}

/// A plan built from one table for one year, with the indices (into
/// [`Reading::indicators`]) of the rows it holds, in order.
#[derive(Debug, Clone)]
pub struct TablePlan {
    pub plan: Plan,
    pub table_index: usize,
    pub rows: Vec<usize>,
}

impl Reading {
    /// One plan per (table, year) in table order. Rows without 序号 (sub-rows) are numbered
    /// after the numbered ones. Years unknown fall back to the report's years.
    pub fn table_plans(&self) -> Vec<TablePlan> {
        let region = self.region.clone().unwrap_or_default();
        let mut out: Vec<TablePlan> = Vec::new();
        // (table, year) → position in `out`, so grouping stays linear.
        let mut index: std::collections::HashMap<(usize, i32), usize> =
            std::collections::HashMap::new();
        for (i, ind) in self.indicators.iter().enumerate() {
            let has_actual = self
                .tables
                .get(ind.table_index)
                .is_some_and(|t| t.has_actual);
            let fallback = if has_actual {
                self.execution_year
            } else {
                self.plan_year
            };
            let Some(year) = ind.year.or(fallback) else {
                continue;
            };
            match index.get(&(ind.table_index, year)) {
                Some(&k) => out[k].rows.push(i),
                None => out.push({
                    index.insert((ind.table_index, year), out.len());
                    TablePlan {
                        plan: Plan {
                            region: region.clone(),
                            year,
                            indicators: Vec::new(),
                        },
                        table_index: ind.table_index,
                        rows: vec![i],
                    }
                }),
            }
        }
        for tp in &mut out {
            let max_seq = tp
                .rows
                .iter()
                .filter_map(|&i| self.indicators[i].seq)
                .max()
                .unwrap_or(0);
            let mut next = max_seq;
            for &i in &tp.rows {
                let ind = &self.indicators[i];
                let seq = match ind.seq {
                    Some(s) => s,
                    None => {
                        next += 1;
                        next
                    }
                };
                tp.plan.indicators.push(ind.to_plan_indicator(seq));
            }
        }
        out
    }

    /// One plan per year: the first table of each year (an execution table gives targets and
    /// actuals, a plan table targets), in year order.
    pub fn plans(&self) -> Vec<Plan> {
        let mut out: Vec<Plan> = Vec::new();
        for tp in self.table_plans() {
            if !out.iter().any(|p| p.year == tp.plan.year) {
                out.push(tp.plan);
            }
        }
        out.sort_by_key(|p| p.year);
        out
    }
}
