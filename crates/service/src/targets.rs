//! Target realism from stored data (see `planwatch_domain::realism`): a region-year's numeric
//! targets against its own actuals of the last five years, its peer groups and the other
//! regions under its parent, and its parent's target.
//!
//! - [`check`]: one region-year (the CLI's `targets check`, the API, the plan page);
//! - [`check_plan`]: a plan in memory (a report under review) against the stored context;
//! - [`check_all`]: every region of a year, one row per indicator.
//!
//! Each indicator is read across the regions involved and the years in one query
//! (`indicator_across`), so the cost grows with indicators, not with regions × years.

use crate::bulk::{RowFormat, in_batches, join_parts, push_csv_field, push_json_row};
use crate::compare::PlanStore;
use crate::{ServiceResult, load_plan};
use planwatch_domain::realism::{
    self, CheckInput, Member, PeerKind, Peers, PlanCheck, RealismRules, TargetCheck,
};
use planwatch_domain::{Expr, Plan, Rules};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// The region tree and groups, as the checks need them.
struct Tree {
    parent: HashMap<String, String>,
    children: HashMap<String, Vec<String>>,
    groups_of: HashMap<String, Vec<String>>,
    members: HashMap<String, Vec<String>>,
}

impl Tree {
    async fn load(store: &dyn PlanStore) -> ServiceResult<Tree> {
        let mut parent = HashMap::new();
        let mut children: HashMap<String, Vec<String>> = HashMap::new();
        for r in store.regions().await? {
            if let Some(p) = r.parent {
                children.entry(p.clone()).or_default().push(r.name.clone());
                parent.insert(r.name, p);
            }
        }
        let mut groups_of: HashMap<String, Vec<String>> = HashMap::new();
        let mut members = HashMap::new();
        for g in store.groups().await? {
            let list: Vec<String> = store
                .group_members(&g)
                .await?
                .into_iter()
                .map(|r| r.name)
                .collect();
            for m in &list {
                groups_of.entry(m.clone()).or_default().push(g.clone());
            }
            members.insert(g, list);
        }
        Ok(Tree {
            parent,
            children,
            groups_of,
            members,
        })
    }

    /// The region, its parent, its siblings and its groups' members.
    fn scope_of(&self, region: &str) -> BTreeSet<String> {
        let mut scope = BTreeSet::from([region.to_string()]);
        if let Some(p) = self.parent.get(region) {
            scope.insert(p.clone());
            scope.extend(self.children.get(p).into_iter().flatten().cloned());
        }
        for g in self.groups_of.get(region).into_iter().flatten() {
            scope.extend(self.members.get(g).into_iter().flatten().cloned());
        }
        scope
    }
}

/// One indicator's targets and actuals across regions and years: (region, year) → (target,
/// actual), parsed.
struct Across(HashMap<(String, i32), (Expr, Option<Expr>)>);

impl Across {
    async fn load(
        store: &dyn PlanStore,
        regions: &[String],
        indicator: &str,
        years: (i32, i32),
    ) -> ServiceResult<Across> {
        let rows = store.indicator_across(regions, indicator, years).await?;
        Ok(Across(
            rows.into_iter()
                .map(|(region, year, r)| {
                    let target = planwatch_text::parse_expr(&r.target_text);
                    let actual = r.actual_text.as_deref().map(planwatch_text::parse_expr);
                    ((region, year), (target, actual))
                })
                .collect(),
        ))
    }

    fn member(&self, region: &str, year: i32) -> Member {
        let get = |y: i32| self.0.get(&(region.to_string(), y));
        Member {
            region: region.to_string(),
            target: get(year).map(|(t, _)| t.clone()),
            last_actual: get(year - 1).and_then(|(_, a)| a.clone()),
        }
    }

    fn input(&self, tree: &Tree, region: &str, year: i32, history_years: usize) -> CheckInput {
        let back = i32::try_from(history_years).unwrap_or(5);
        let own_actuals = (year - back..year)
            .filter_map(|y| {
                let (_, a) = self.0.get(&(region.to_string(), y))?;
                Some((y, a.clone()?))
            })
            .collect();
        let others = |list: &[String]| -> Vec<Member> {
            list.iter()
                .filter(|m| m.as_str() != region)
                .map(|m| self.member(m, year))
                .collect()
        };
        let mut peers: Vec<Peers> = tree
            .groups_of
            .get(region)
            .into_iter()
            .flatten()
            .map(|g| Peers {
                kind: PeerKind::Group,
                scope: g.clone(),
                members: others(tree.members.get(g).map(Vec::as_slice).unwrap_or(&[])),
            })
            .collect();
        let parent = tree.parent.get(region);
        if let Some(p) = parent {
            peers.push(Peers {
                kind: PeerKind::Parent,
                scope: p.clone(),
                members: others(tree.children.get(p).map(Vec::as_slice).unwrap_or(&[])),
            });
        }
        CheckInput {
            own_actuals,
            peers,
            parent: parent.map(|p| self.member(p, year)),
        }
    }
}

fn years_read(year: i32, realism: &RealismRules) -> (i32, i32) {
    let back = i32::try_from(realism.history_years).unwrap_or(5);
    (year - back, year)
}

/// Checks a plan in memory (say, a report's new targets) against the stored history, peers
/// and parent of its region.
pub async fn check_plan(
    store: &dyn PlanStore,
    plan: &Plan,
    rules: &Rules,
    realism: &RealismRules,
) -> ServiceResult<PlanCheck> {
    let tree = Tree::load(store).await?;
    let scope: Vec<String> = tree.scope_of(&plan.region).into_iter().collect();
    let mut checks = Vec::with_capacity(plan.indicators.len());
    for ind in &plan.indicators {
        let across =
            Across::load(store, &scope, &ind.def.name, years_read(plan.year, realism)).await?;
        let input = across.input(&tree, &plan.region, plan.year, realism.history_years);
        checks.push(realism::check_indicator(
            ind, plan.year, &input, rules, realism,
        ));
    }
    Ok(PlanCheck {
        region: plan.region.clone(),
        year: plan.year,
        checks,
    })
}

/// Checks a stored region-year's targets.
pub async fn check(
    store: &dyn PlanStore,
    region: &str,
    year: i32,
    rules: &Rules,
    realism: &RealismRules,
) -> ServiceResult<PlanCheck> {
    let plan = load_plan(store, region, year).await?;
    check_plan(store, &plan, rules, realism).await
}

/// One checked indicator of one region in bulk output.
#[derive(Serialize)]
struct Row<'a> {
    region: &'a str,
    year: i32,
    seq: u32,
    name: &'a str,
    target: &'a str,
    compared: Option<String>,
    last_actual: Option<String>,
    history_min: Option<String>,
    history_max: Option<String>,
    group_median: Option<String>,
    parent_target: Option<String>,
    /// The findings' codes, `;`-separated.
    findings: String,
}

impl<'a> Row<'a> {
    fn of(region: &'a str, year: i32, c: &'a TargetCheck) -> Row<'a> {
        let s = |d: rust_decimal::Decimal| d.normalize().to_string();
        Row {
            region,
            year,
            seq: c.seq,
            name: &c.name,
            target: &c.target_text,
            compared: c.compared.map(s),
            last_actual: c.last_actual.map(|(_, v)| s(v)),
            history_min: c.history.as_ref().map(|h| s(h.min)),
            history_max: c.history.as_ref().map(|h| s(h.max)),
            group_median: c
                .peers
                .iter()
                .find(|p| p.kind == PeerKind::Group)
                .map(|p| s(p.median_target)),
            parent_target: c.parent_target.as_ref().map(|(_, v)| s(*v)),
            findings: c
                .findings
                .iter()
                .map(|f| f.code.as_str())
                .collect::<Vec<_>>()
                .join(";"),
        }
    }

    fn push_csv(&self, out: &mut String) {
        use std::fmt::Write;
        push_csv_field(out, self.region);
        // Writing to a String cannot fail.
        let _ = write!(out, ",{},{},", self.year, self.seq);
        push_csv_field(out, self.name);
        out.push(',');
        push_csv_field(out, self.target);
        for f in [
            &self.compared,
            &self.last_actual,
            &self.history_min,
            &self.history_max,
            &self.group_median,
            &self.parent_target,
        ] {
            out.push(',');
            out.push_str(f.as_deref().unwrap_or(""));
        }
        out.push(',');
        out.push_str(&self.findings);
        out.push('\n');
    }
}

/// The CSV header of [`check_all`].
pub const TARGETS_CSV_HEADER: &str = "region,year,seq,name,target,compared,last_actual,history_min,history_max,group_median,parent_target,findings\n";

/// Every region's targets of `year` checked, one row per indicator in region order: the plans
/// in one query, each indicator across every region and the years in one query, the checks on
/// all cores. Returns the text, the rows and the number of findings.
pub async fn check_all(
    store: &dyn PlanStore,
    year: i32,
    rules: &Rules,
    realism: &RealismRules,
    format: RowFormat,
) -> ServiceResult<(String, usize, usize)> {
    let plans = store.year_plans(year).await?.into_plans()?;
    let tree = Tree::load(store).await?;
    let regions: Vec<String> = store.regions().await?.into_iter().map(|r| r.name).collect();
    let mut names: Vec<&str> = Vec::new();
    for p in &plans {
        for ind in &p.indicators {
            if !names.contains(&ind.def.name.as_str()) {
                names.push(&ind.def.name);
            }
        }
    }
    let mut across: HashMap<&str, Across> = HashMap::new();
    for name in names {
        across.insert(
            name,
            Across::load(store, &regions, name, years_read(year, realism)).await?,
        );
    }
    let parts = in_batches(plans.len(), |range| {
        let mut text = String::new();
        let mut scratch = Vec::new();
        let (mut written, mut found) = (0, 0);
        for plan in &plans[range] {
            for ind in &plan.indicators {
                let input = across
                    .get(ind.def.name.as_str())
                    .map(|a| a.input(&tree, &plan.region, year, realism.history_years))
                    .unwrap_or_default();
                let c = realism::check_indicator(ind, year, &input, rules, realism);
                found += c.findings.len();
                let row = Row::of(&plan.region, year, &c);
                match format {
                    RowFormat::Csv => row.push_csv(&mut text),
                    RowFormat::Json => {
                        if written > 0 {
                            text.push(',');
                        }
                        push_json_row(&mut text, &mut scratch, &row);
                    }
                }
                written += 1;
            }
        }
        Ok((text, written, found))
    })?;
    let found = parts.iter().map(|(_, _, f)| f).sum();
    let parts = parts.into_iter().map(|(t, n, _)| (t, n)).collect();
    let (text, rows) = join_parts(parts, TARGETS_CSV_HEADER, format);
    Ok((text, rows, found))
}
