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

    /// Every region's indicators for a year, loaded in one query and decoded on demand.
    async fn year_plans(&self, year: i32) -> StoreResult<YearPlans>;

    /// Every region's plan for a year, by region name (byte order), loaded in one query.
    async fn plans_for_year(&self, year: i32) -> StoreResult<Vec<Plan>> {
        self.year_plans(year).await?.into_plans()
    }

    /// One indicator's rows (by exact name) for the named regions over `years` (inclusive), as
    /// comparisons need them: one query however many regions and years. Unordered; a region
    /// or year without the indicator has no row.
    async fn indicator_across(
        &self,
        regions: &[String],
        indicator: &str,
        years: (i32, i32),
    ) -> StoreResult<Vec<(String, i32, IndicatorRecord)>>;

    /// One indicator's monthly cumulative figures for the named regions over `years`
    /// (inclusive), in one query. Unordered.
    async fn monthly_across(
        &self,
        regions: &[String],
        indicator: &str,
        years: (i32, i32),
    ) -> StoreResult<Vec<MonthlyRow>>;

    /// Writes many monthly cumulative figures in one transaction (for imports and `synth`):
    /// a figure already stored for the same region, year, indicator and month is replaced and
    /// its version bumped. Regions are created if needed; all or nothing. Returns the count.
    async fn save_monthly_figures(&self, rows: &[MonthlyRow], actor: &Actor) -> StoreResult<u64>;

    /// [`crate::LedgerStore::replace_ledgers`] for many region-years in one transaction (for
    /// imports and `synth`): the same rows and audit entries, multi-row INSERTs, all or
    /// nothing. Returns how many items it replaced.
    async fn replace_ledgers_many(
        &self,
        batches: &[LedgerBatch],
        actor: &Actor,
    ) -> StoreResult<u64>;
}

/// One region-year's ledgers of a bulk replace: per kind, the items (key, JSON) in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerBatch {
    pub region: String,
    pub year: i32,
    pub ledgers: Vec<(crate::LedgerKind, Vec<(String, String)>)>,
}

/// Rows per multi-row INSERT of ledger items (6 bound columns).
pub const LEDGER_CHUNK: usize = 1000;

/// One monthly cumulative figure (1-m月累计) of a bulk write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthlyRow {
    pub region: String,
    pub year: i32,
    pub indicator: String,
    pub month: u8,
    pub value_text: String,
}

/// Refuses a bulk monthly row the single-figure path would refuse: a month outside 1..12 or an
/// empty value.
pub fn check_monthly_row(row: &MonthlyRow) -> StoreResult<()> {
    if !(1..=12).contains(&row.month) {
        return Err(StoreError::Invalid(format!(
            "{} {} {}: month {} is not 1..12",
            row.region, row.year, row.indicator, row.month
        )));
    }
    if row.value_text.trim().is_empty() {
        return Err(StoreError::Invalid(format!(
            "{} {} {} 1-{}月: the value is empty",
            row.region, row.year, row.indicator, row.month
        )));
    }
    Ok(())
}

/// Rows per multi-row INSERT of monthly figures (7 bound columns, well under both backends'
/// bind-parameter limits).
pub const MONTHLY_CHUNK: usize = 2000;

/// One stored indicator as the backends aggregate it per region into a JSON array: seq, name,
/// unit, kind, binding, is_new, tier, direction, department, target_text, actual_text, version.
type JsonRecord = (
    i64,
    String,
    String,
    String,
    i64,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    i64,
);

/// Indicator records from a JSON array of [`JsonRecord`]s (what the backends aggregate per
/// region-year, so a query returns one row instead of one per indicator), ordered by seq, then
/// name.
pub fn records_from_json(json: &str) -> StoreResult<Vec<IndicatorRecord>> {
    let items: Vec<JsonRecord> = serde_json::from_str(json)
        .map_err(|e| StoreError::Invalid(format!("unreadable indicator rows: {e}")))?;
    let mut records: Vec<IndicatorRecord> = items.into_iter().map(record_of).collect();
    records.sort_unstable_by(|a, b| a.seq.cmp(&b.seq).then_with(|| a.name.cmp(&b.name)));
    Ok(records)
}

/// `(region, year, record)` rows from a JSON array of `[region, year, …JsonRecord fields]`
/// (see [`RegionStore::indicator_across`]).
pub fn records_across_from_json(json: &str) -> StoreResult<Vec<(String, i32, IndicatorRecord)>> {
    type Across = (String, i32, JsonRecord);
    let items: Vec<Across> = serde_json::from_str(json)
        .map_err(|e| StoreError::Invalid(format!("unreadable indicator rows: {e}")))?;
    Ok(items
        .into_iter()
        .map(|(region, year, r)| (region, year, record_of(r)))
        .collect())
}

fn record_of(
    (
        seq,
        name,
        unit,
        kind,
        binding,
        is_new,
        tier,
        direction,
        department,
        target_text,
        actual_text,
        version,
    ): JsonRecord,
) -> IndicatorRecord {
    IndicatorRecord {
        seq,
        name,
        unit,
        kind,
        binding: binding != 0,
        is_new: is_new != 0,
        tier,
        direction,
        department,
        target_text,
        actual_text,
        version,
    }
}

/// Every region's stored indicators for one year, as one query returns them: one JSON array
/// of indicator arrays per region (see [`JsonRecord`]), sorted by region name in byte order
/// (SQLite's BINARY collation, and the same on PostgreSQL). Plans are decoded on demand, so a
/// caller can decode, use and drop one region at a time on every core instead of holding every
/// plan of the country in memory at once.
#[derive(Debug, Clone, Default)]
pub struct YearPlans {
    year: i32,
    groups: Vec<(String, String)>,
}

impl YearPlans {
    /// From `(region, JSON array)` rows in any order.
    pub fn from_json_groups(year: i32, mut groups: Vec<(String, String)>) -> Self {
        groups.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        YearPlans { year, groups }
    }

    /// Number of regions with a plan this year.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Decodes the `i`-th region's plan, indicators by seq then name, expressions parsed.
    pub fn plan(&self, i: usize) -> StoreResult<Plan> {
        let (region, json) = &self.groups[i];
        let records = records_from_json(json)
            .map_err(|e| StoreError::Invalid(format!("{region} {}: {e}", self.year)))?;
        plan_from_records(region, self.year, &records)
    }

    /// Every plan, decoded on all cores, in region order.
    pub fn into_plans(self) -> StoreResult<Vec<Plan>> {
        parse_parallel(self.len(), |i| self.plan(i))
    }
}

/// Builds `count` plans with `one(i)`, in index order, splitting the indices over the available
/// cores (parsing expressions is pure CPU work).
fn parse_parallel<F>(count: usize, one: F) -> StoreResult<Vec<Plan>>
where
    F: Fn(usize) -> StoreResult<Plan> + Sync,
{
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    if threads < 2 || count < 64 {
        return (0..count).map(&one).collect();
    }
    let chunk = count.div_ceil(threads);
    let one = &one;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..count)
            .step_by(chunk)
            .map(|start| {
                s.spawn(move || {
                    (start..(start + chunk).min(count))
                        .map(one)
                        .collect::<StoreResult<Vec<Plan>>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(count);
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part?),
                // A panic while parsing is a bug; re-raise it rather than return partial output.
                Err(p) => std::panic::resume_unwind(p),
            }
        }
        Ok(out)
    })
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
    pub async fn run_regions<S: Store + RegionStore + crate::AccountStore + crate::LedgerStore>(
        store: &S,
    ) {
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

        // Monthly figures in bulk: written, then rewritten with versions bumped; a bad month
        // refuses the whole batch.
        let month = |region: &str, m: u8, v: &str| MonthlyRow {
            region: region.into(),
            year: 2023,
            indicator: "地区生产总值增速".into(),
            month: m,
            value_text: v.into(),
        };
        let n = store
            .save_monthly_figures(
                &[
                    month("江北区", 1, "6.0"),
                    month("江北区", 2, "6.2"),
                    month("渝中区", 1, "5.1"),
                ],
                &actor,
            )
            .await
            .expect("bulk monthly");
        assert_eq!(n, 3);
        store
            .save_monthly_figures(&[month("江北区", 2, " 6.3 ")], &actor)
            .await
            .expect("rewrite monthly");
        let bad = store
            .save_monthly_figures(
                &[month("渝中区", 2, "5.2"), month("渝中区", 13, "1")],
                &actor,
            )
            .await;
        assert!(
            matches!(bad, Err(StoreError::Invalid(_))),
            "month 13: {bad:?}"
        );
        let figures = store
            .monthly_figures("江北区", 2023)
            .await
            .expect("monthly figures");

        // One indicator across regions and years, in one read each.
        let regions = [
            "江北区".to_string(),
            "渝中区".to_string(),
            "无此区".to_string(),
        ];
        let mut rows = store
            .indicator_across(&regions, "地区生产总值增速", (2023, 2024))
            .await
            .expect("indicator across");
        rows.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        let got: Vec<(&str, i32, Option<&str>)> = rows
            .iter()
            .map(|(r, y, rec)| (r.as_str(), *y, rec.actual_text.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("江北区", 2023, Some("6.7")),
                ("江北区", 2024, Some("5.9")),
                ("渝中区", 2023, Some("6.1")),
            ],
            "indicator across"
        );
        assert!(
            store
                .indicator_across(&regions, "无此指标", (2000, 2030))
                .await
                .expect("no such indicator")
                .is_empty()
        );
        let mut monthly = store
            .monthly_across(&regions, "地区生产总值增速", (2023, 2023))
            .await
            .expect("monthly across");
        monthly.sort_by(|a, b| (&a.region, a.month).cmp(&(&b.region, b.month)));
        let got: Vec<(&str, u8, &str)> = monthly
            .iter()
            .map(|m| (m.region.as_str(), m.month, m.value_text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("江北区", 1, "6.0"),
                ("江北区", 2, "6.3"),
                ("渝中区", 1, "5.1")
            ],
            "monthly across"
        );
        let got: Vec<(u8, &str, i64)> = figures
            .iter()
            .map(|f| (f.month, f.value_text.as_str(), f.version))
            .collect();
        assert_eq!(got, [(1, "6.0", 1), (2, "6.3", 2)], "bulk monthly figures");
        assert_eq!(
            store
                .monthly_figures("渝中区", 2023)
                .await
                .expect("monthly")
                .len(),
            1,
            "nothing of the refused monthly batch was kept"
        );

        // Ledgers in bulk: as replace_ledgers writes them, replaced on a second write; a
        // duplicate key refuses the whole batch.
        let items = |keys: &[&str]| {
            keys.iter()
                .map(|k| (k.to_string(), format!("{{\"code\":\"{k}\"}}")))
                .collect::<Vec<_>>()
        };
        let batch = |region: &str, keys: &[&str]| LedgerBatch {
            region: region.into(),
            year: 2023,
            ledgers: vec![(crate::LedgerKind::Projects, items(keys))],
        };
        store
            .replace_ledgers_many(
                &[batch("江北区", &["A", "B"]), batch("新区2", &["C"])],
                &actor,
            )
            .await
            .expect("bulk ledgers");
        let replaced = store
            .replace_ledgers_many(&[batch("江北区", &["B", "A", "D"])], &actor)
            .await
            .expect("bulk ledgers again");
        assert_eq!(replaced, 2);
        let bad = store
            .replace_ledgers_many(
                &[batch("新区2", &["E"]), batch("江北区", &["X", "X"])],
                &actor,
            )
            .await;
        assert!(
            matches!(bad, Err(StoreError::Invalid(_))),
            "duplicate key: {bad:?}"
        );
        let keys = |region: &'static str| async move {
            store
                .ledger_items(region, 2023, crate::LedgerKind::Projects)
                .await
                .expect("ledger items")
                .into_iter()
                .map(|i| i.key)
                .collect::<Vec<_>>()
        };
        assert_eq!(keys("江北区").await, ["B", "A", "D"], "bulk ledger order");
        assert_eq!(
            keys("新区2").await,
            ["C"],
            "nothing of the refused ledger batch was kept"
        );
    }
}
