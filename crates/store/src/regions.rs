//! The region tree (province → city → district → street → grid), peer groups (中心城区) and the
//! bulk operations that national-scale data needs: many plans saved in one transaction, and
//! every plan of a year loaded in one query.

use crate::{Actor, IndicatorRecord, RegionRecord, StoreError, StoreResult, plan_from_records};
use async_trait::async_trait;
use planwatch_domain::Plan;
use serde::Serialize;

/// One region of a tree being saved: its parent (saved earlier in the same list, or already
/// stored), its level (省, 市, 区县…) and the groups it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionNode {
    pub name: String,
    pub parent: Option<String>,
    pub level: Option<String>,
    pub groups: Vec<String>,
}

/// The hierarchy and groups of regions, and bulk plan storage.
#[async_trait]
pub trait RegionStore: Send + Sync {
    /// Sets a region's parent and level, creating either region if needed. A region cannot be
    /// its own ancestor.
    async fn set_region_parent(
        &self,
        region: &str,
        parent: Option<&str>,
        level: Option<&str>,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// Adds a region (created if needed) to a named group; adding it twice is harmless.
    async fn add_to_group(&self, group: &str, region: &str, actor: &Actor) -> StoreResult<()>;

    /// Saves many regions with their parents, levels and groups in one transaction.
    async fn save_region_tree(&self, nodes: &[RegionNode], actor: &Actor) -> StoreResult<()>;

    /// The direct children of a region, by name.
    async fn children(&self, parent: &str) -> StoreResult<Vec<RegionRecord>>;

    /// The members of a group, by name; empty for an unknown group.
    async fn group_members(&self, group: &str) -> StoreResult<Vec<RegionRecord>>;

    /// The names of all groups, sorted.
    async fn groups(&self) -> StoreResult<Vec<String>>;

    /// Replaces many region-years' plans in one transaction (for imports): all or nothing.
    async fn save_plans(&self, plans: &[Plan], actor: &Actor) -> StoreResult<()>;

    /// Every region's plan for a year, by region name, loaded in one query.
    async fn plans_for_year(&self, year: i32) -> StoreResult<Vec<Plan>>;
}

/// Groups rows `(region, record)` ordered by region into plans. Shared by the backends so both
/// parse the same way.
pub fn plans_from_rows(year: i32, rows: Vec<(String, IndicatorRecord)>) -> StoreResult<Vec<Plan>> {
    let mut plans = Vec::new();
    let mut current: Option<String> = None;
    let mut batch: Vec<IndicatorRecord> = Vec::new();
    for (region, record) in rows {
        if current.as_deref() != Some(region.as_str()) {
            if let Some(done) = current.take() {
                plans.push(plan_from_records(&done, year, &batch)?);
                batch.clear();
            }
            current = Some(region);
        }
        batch.push(record);
    }
    if let Some(done) = current {
        plans.push(plan_from_records(&done, year, &batch)?);
    }
    Ok(plans)
}

/// Refuses a parent link that would make a cycle; `ancestors` are the parent's ancestors,
/// nearest first, including the parent.
pub fn check_no_cycle(region: &str, ancestors: &[String]) -> StoreResult<()> {
    if ancestors.iter().any(|a| a == region) {
        return Err(StoreError::Invalid(format!(
            "{region} cannot be placed under {}: it would become its own ancestor",
            ancestors.first().map(String::as_str).unwrap_or("?")
        )));
    }
    Ok(())
}

/// The behaviour every backend's [`RegionStore`] must show; run on a fresh, empty store.
#[cfg(feature = "conformance")]
pub mod conformance {
    use super::*;
    use crate::Store;
    use planwatch_domain::{IndicatorDef, PlanIndicator};

    fn plan(region: &str, year: i32, rows: &[(&str, &str, &str, &str)]) -> Plan {
        Plan {
            region: region.to_string(),
            year,
            indicators: rows
                .iter()
                .zip(1..)
                .map(|((name, unit, target, actual), seq)| PlanIndicator {
                    seq,
                    def: IndicatorDef::new(*name, *unit),
                    target: planwatch_text::parse_expr(target),
                    actual: Some(planwatch_text::parse_expr(actual)),
                })
                .collect(),
        }
    }

    fn names(records: &[RegionRecord]) -> Vec<&str> {
        records.iter().map(|r| r.name.as_str()).collect()
    }

    /// Runs every check; panics (it is test code) naming the failing check.
    pub async fn run_regions<S: Store + RegionStore>(store: &S) {
        let actor = Actor::new("tester", "conformance");
        store
            .save_region_tree(
                &[
                    RegionNode {
                        name: "重庆市".into(),
                        parent: None,
                        level: Some("市".into()),
                        groups: vec![],
                    },
                    RegionNode {
                        name: "渝中区".into(),
                        parent: Some("重庆市".into()),
                        level: Some("区县".into()),
                        groups: vec!["中心城区".into()],
                    },
                    RegionNode {
                        name: "江北区".into(),
                        parent: Some("重庆市".into()),
                        level: Some("区县".into()),
                        groups: vec!["中心城区".into()],
                    },
                ],
                &actor,
            )
            .await
            .expect("save tree");
        store
            .set_region_parent("万州区", Some("重庆市"), Some("区县"), &actor)
            .await
            .expect("set parent");
        store
            .add_to_group("中心城区", "江北区", &actor)
            .await
            .expect("re-adding is harmless");

        let kids = store.children("重庆市").await.expect("children");
        assert_eq!(names(&kids), ["万州区", "江北区", "渝中区"], "children");
        assert!(kids.iter().all(|k| k.parent.as_deref() == Some("重庆市")));
        assert_eq!(kids[0].level.as_deref(), Some("区县"));
        let members = store.group_members("中心城区").await.expect("members");
        assert_eq!(names(&members), ["江北区", "渝中区"], "group members");
        assert!(
            store
                .group_members("无此组")
                .await
                .expect("unknown group")
                .is_empty()
        );
        assert_eq!(store.groups().await.expect("groups"), ["中心城区"]);

        let cycle = store
            .set_region_parent("重庆市", Some("江北区"), None, &actor)
            .await;
        assert!(
            matches!(cycle, Err(StoreError::Invalid(_))),
            "cycle refused: {cycle:?}"
        );
        let city = store.regions().await.expect("regions");
        assert!(
            city.iter()
                .any(|r| r.name == "重庆市" && r.parent.is_none()),
            "cycle left nothing"
        );

        let row = |actual| ("地区生产总值增速", "%", "6.5以上", actual);
        store
            .save_plans(
                &[
                    plan(
                        "江北区",
                        2023,
                        &[row("6.7"), ("社会消费品零售总额", "亿元", "800", "820")],
                    ),
                    plan("渝中区", 2023, &[row("6.1")]),
                    plan("江北区", 2024, &[row("5.9")]),
                ],
                &actor,
            )
            .await
            .expect("bulk save");
        let plans = store.plans_for_year(2023).await.expect("plans for year");
        let got: Vec<(&str, usize)> = plans
            .iter()
            .map(|p| (p.region.as_str(), p.indicators.len()))
            .collect();
        assert_eq!(got, [("江北区", 2), ("渝中区", 1)], "plans of 2023");
        assert_eq!(
            plans[1].indicators[0]
                .actual
                .as_ref()
                .map(|a| a.text.as_str()),
            Some("6.1")
        );
        assert_eq!(store.plans_for_year(2024).await.expect("2024").len(), 1);
        assert!(store.plans_for_year(1999).await.expect("none").is_empty());

        // All or nothing: a duplicate indicator in the second plan undoes the first as well.
        let bad = store
            .save_plans(
                &[
                    plan("新区", 2023, &[row("7")]),
                    plan("渝中区", 2023, &[row("1"), row("2")]),
                ],
                &actor,
            )
            .await;
        assert!(bad.is_err(), "duplicate refused");
        let after = store.plans_for_year(2023).await.expect("after refusal");
        assert_eq!(after.len(), 2, "nothing of the refused batch was kept");
        assert_eq!(
            after[1].indicators[0]
                .actual
                .as_ref()
                .map(|a| a.text.as_str()),
            Some("6.1")
        );
        assert!(
            store
                .regions()
                .await
                .expect("regions")
                .iter()
                .all(|r| r.name != "新区")
        );
    }
}
