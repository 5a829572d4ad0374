//! [`RegionStore`]: the region tree, groups, bulk writes (plans, monthly figures, ledgers) and
//! the reads across many regions and years.

use crate::db::{Col, Tx, backend, sql, sql_built, values_placeholders};
use crate::ledgers::{audit_ledger_tx, delete_ledger_tx};
use crate::plans::{
    INDICATOR_COLUMNS, INDICATOR_INSERT, REGION_COLUMNS, bind_indicator, delete_plan_tx,
    indicator_json, published_actual_join, region_from_row,
};
use crate::publication::monthly_source;
use crate::{Dialect, SqlStore, audit_tx, ensure_region_tx};
use async_trait::async_trait;
use planwatch_domain::Plan;
use planwatch_store::regions::{
    LEDGER_CHUNK, LedgerBatch, MONTHLY_CHUNK, MonthlyRow, YearPlans, check_monthly_row,
    records_across_from_json,
};
use planwatch_store::{
    Actor, IndicatorRecord, RegionNode, RegionRecord, RegionStore, StoreError, StoreResult,
    check_no_cycle, records_from_plan,
};
use std::collections::HashMap;

async fn set_parent_tx<D: Dialect>(
    tx: &mut Tx<D>,
    region: &str,
    parent: Option<&str>,
    level: Option<&str>,
    actor: &Actor,
) -> StoreResult<()> {
    let id = ensure_region_tx(tx, region, actor).await?;
    let parent_id = match parent {
        Some(p) => {
            let pid = ensure_region_tx(tx, p, actor).await?;
            let ancestors: Vec<String> = sql("WITH RECURSIVE up(id, name, parent_id, depth) AS ( \
                   SELECT id, name, parent_id, 0 FROM regions WHERE id = $1 \
                   UNION ALL SELECT r.id, r.name, r.parent_id, up.depth + 1 \
                   FROM regions r JOIN up ON r.id = up.parent_id WHERE up.depth < 64) \
                 SELECT name FROM up ORDER BY depth")
            .bind(pid)
            .scalars(&mut *tx)
            .await?;
            check_no_cycle(region, &ancestors)?;
            Some(pid)
        }
        None => None,
    };
    sql("UPDATE regions SET parent_id = $1, level = $2 WHERE id = $3")
        .bind(parent_id)
        .bind(level)
        .bind(id)
        .execute(tx)
        .await?;
    Ok(())
}

async fn add_to_group_tx<D: Dialect>(
    tx: &mut Tx<D>,
    group: &str,
    region: &str,
    actor: &Actor,
) -> StoreResult<()> {
    if group.trim().is_empty() {
        return Err(StoreError::Invalid("a group needs a name".into()));
    }
    let id = ensure_region_tx(tx, region, actor).await?;
    sql("INSERT INTO region_groups (group_name, region_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(group)
        .bind(id)
        .execute(tx)
        .await?;
    Ok(())
}

/// The names of `regions` as the JSON array [`Dialect::in_json_strings`] reads.
fn names_json(regions: &[String]) -> StoreResult<String> {
    serde_json::to_string(regions).map_err(|e| StoreError::Invalid(format!("region names: {e}")))
}

#[async_trait]
impl<D: Dialect> RegionStore for SqlStore<D> {
    async fn set_region_parent(
        &self,
        region: &str,
        parent: Option<&str>,
        level: Option<&str>,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        set_parent_tx(&mut tx, region, parent, level, actor).await?;
        let new = format!(
            "parent={} level={}",
            parent.unwrap_or("-"),
            level.unwrap_or("-")
        );
        audit_tx(
            &mut tx,
            actor,
            "set_parent",
            "region",
            region,
            None,
            Some(&new),
        )
        .await?;
        tx.commit().await.map_err(backend)
    }

    async fn add_to_group(&self, group: &str, region: &str, actor: &Actor) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        add_to_group_tx(&mut tx, group, region, actor).await?;
        audit_tx(
            &mut tx,
            actor,
            "add_to_group",
            "region_group",
            group,
            None,
            Some(region),
        )
        .await?;
        tx.commit().await.map_err(backend)
    }

    async fn save_region_tree(&self, nodes: &[RegionNode], actor: &Actor) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        for n in nodes {
            set_parent_tx(
                &mut tx,
                &n.name,
                n.parent.as_deref(),
                n.level.as_deref(),
                actor,
            )
            .await?;
            for g in &n.groups {
                add_to_group_tx(&mut tx, g, &n.name, actor).await?;
            }
        }
        let summary = format!("{} regions", nodes.len());
        audit_tx(
            &mut tx,
            actor,
            "save_region_tree",
            "region",
            "*",
            None,
            Some(&summary),
        )
        .await?;
        tx.commit().await.map_err(backend)
    }

    async fn children(&self, parent: &str) -> StoreResult<Vec<RegionRecord>> {
        sql_built(format!(
            "{REGION_COLUMNS} WHERE p.name = $1 ORDER BY r.name"
        ))
        .bind(parent)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(region_from_row)
        .collect()
    }

    async fn group_members(&self, group: &str) -> StoreResult<Vec<RegionRecord>> {
        sql_built(format!(
            "{REGION_COLUMNS} JOIN region_groups g ON g.region_id = r.id \
             WHERE g.group_name = $1 ORDER BY r.name"
        ))
        .bind(group)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(region_from_row)
        .collect()
    }

    async fn groups(&self) -> StoreResult<Vec<String>> {
        sql("SELECT DISTINCT group_name FROM region_groups ORDER BY group_name")
            .scalars(&self.pool)
            .await
    }

    async fn save_plans(&self, plans: &[Plan], actor: &Actor) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let mut rows = 0usize;
        for plan in plans {
            let region_id = ensure_region_tx(&mut tx, &plan.region, actor).await?;
            delete_plan_tx(&mut tx, region_id, plan.year).await?;
            let records = records_from_plan(plan);
            if records.is_empty() {
                continue;
            }
            rows += records.len();
            // One multi-row INSERT per plan: far fewer round trips than a row at a time.
            let mut insert = sql_built(format!(
                "{INDICATOR_INSERT}{}",
                values_placeholders::<D>(records.len(), INDICATOR_COLUMNS)
            ));
            for r in &records {
                insert = bind_indicator(insert, region_id, plan.year, r);
            }
            insert
                .on_duplicate(StoreError::Invalid(format!(
                    "{} {}: an indicator appears twice",
                    plan.region, plan.year
                )))
                .execute(&mut tx)
                .await?;
        }
        let summary = format!("{} plans, {rows} indicators", plans.len());
        audit_tx(
            &mut tx,
            actor,
            "save_plans",
            "plan",
            "*",
            None,
            Some(&summary),
        )
        .await?;
        tx.commit().await.map_err(backend)
    }

    async fn year_plans(&self, year: i32) -> StoreResult<YearPlans> {
        // One row per region with its indicators as a JSON array: sqlx hands SQLite rows over
        // a channel one at a time, which made 75,000 indicator rows cost about a second; 3,000
        // rows cost little. The order (region name, seq, name) is restored in memory, so it is
        // the same (byte) order on both backends whatever the database's collation.
        let rows = sql_built(format!(
            "SELECT r.name AS region, {} AS items \
             FROM plan_indicators i JOIN regions r ON r.id = i.region_id{} \
             WHERE i.year = $1 GROUP BY {}",
            D::json_group(&indicator_json::<D>(self.view)),
            published_actual_join(self.view),
            D::GROUP_BY_REGION
        ))
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        let groups = rows
            .iter()
            .map(|row| Ok((row.col("region")?, row.col("items")?)))
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(YearPlans::from_json_groups(year, groups))
    }

    async fn indicator_across(
        &self,
        regions: &[String],
        indicator: &str,
        years: (i32, i32),
    ) -> StoreResult<Vec<(String, i32, IndicatorRecord)>> {
        // The names go in as one JSON array; the answer comes back as one JSON row.
        let json: String = sql_built(format!(
            "SELECT {} FROM regions r JOIN plan_indicators i ON i.region_id = r.id{} \
             WHERE {} AND i.name = $2 AND i.year BETWEEN $3 AND $4",
            D::json_group(&D::json_array(&format!(
                "r.name, i.year, {}",
                indicator_json::<D>(self.view)
            ))),
            published_actual_join(self.view),
            D::in_json_strings("r.name", "$1")
        ))
        .bind(names_json(regions)?)
        .bind(indicator)
        .bind(years.0)
        .bind(years.1)
        .scalar(&self.pool)
        .await?;
        records_across_from_json(&json)
    }

    async fn monthly_across(
        &self,
        regions: &[String],
        indicator: &str,
        years: (i32, i32),
    ) -> StoreResult<Vec<MonthlyRow>> {
        let json: String = sql_built(format!(
            "SELECT {} FROM regions r JOIN {} m ON m.region_id = r.id \
             WHERE {} AND m.indicator = $2 AND m.year BETWEEN $3 AND $4",
            D::json_group(&D::json_array("r.name, m.year, m.month, m.value_text")),
            monthly_source(self.view),
            D::in_json_strings("r.name", "$1")
        ))
        .bind(names_json(regions)?)
        .bind(indicator)
        .bind(years.0)
        .bind(years.1)
        .scalar(&self.pool)
        .await?;
        let items: Vec<(String, i32, u8, String)> = serde_json::from_str(&json)
            .map_err(|e| StoreError::Invalid(format!("unreadable monthly figures: {e}")))?;
        Ok(items
            .into_iter()
            .map(|(region, year, month, value_text)| MonthlyRow {
                region,
                year,
                indicator: indicator.to_string(),
                month,
                value_text,
            })
            .collect())
    }

    async fn save_monthly_figures(&self, rows: &[MonthlyRow], actor: &Actor) -> StoreResult<u64> {
        for row in rows {
            check_monthly_row(row)?;
        }
        let now = planwatch_store::accounts::unix_now();
        let mut tx = self.write_tx().await?;
        let mut ids: HashMap<&str, i64> = HashMap::new();
        for row in rows {
            if !ids.contains_key(row.region.as_str()) {
                let id = ensure_region_tx(&mut tx, &row.region, actor).await?;
                ids.insert(row.region.as_str(), id);
            }
        }
        for chunk in rows.chunks(MONTHLY_CHUNK) {
            let mut insert = sql_built(format!(
                "INSERT INTO monthly_figures (region_id, year, indicator, month, value_text, \
                 updated_at, updated_by) VALUES {} \
                 ON CONFLICT (region_id, year, indicator, month) DO UPDATE SET \
                 value_text = excluded.value_text, version = monthly_figures.version + 1, \
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                values_placeholders::<D>(chunk.len(), 7)
            ));
            for r in chunk {
                insert = insert
                    .bind(ids.get(r.region.as_str()).copied().unwrap_or_default())
                    .bind(r.year)
                    .bind(r.indicator.as_str())
                    .bind(i64::from(r.month))
                    .bind(r.value_text.trim())
                    .bind(now)
                    .bind(actor.user.as_str());
            }
            insert
                .on_duplicate(StoreError::Invalid(
                    "a monthly figure appears twice in one batch".to_string(),
                ))
                .execute(&mut tx)
                .await?;
        }
        let summary = format!("{} monthly figures", rows.len());
        audit_tx(
            &mut tx,
            actor,
            "save_monthly_figures",
            "monthly",
            "*",
            None,
            Some(&summary),
        )
        .await?;
        tx.commit().await.map_err(backend)?;
        Ok(rows.len() as u64)
    }

    async fn replace_ledgers_many(
        &self,
        batches: &[LedgerBatch],
        actor: &Actor,
    ) -> StoreResult<u64> {
        let mut tx = self.write_tx().await?;
        let mut replaced_total = 0;
        for batch in batches {
            let region_id = ensure_region_tx(&mut tx, &batch.region, actor).await?;
            for (kind, items) in &batch.ledgers {
                let replaced = delete_ledger_tx(&mut tx, region_id, batch.year, *kind).await?;
                replaced_total += replaced;
                let positioned: Vec<(i64, &(String, String))> = (0i64..).zip(items).collect();
                for chunk in positioned.chunks(LEDGER_CHUNK) {
                    let mut insert = sql_built(format!(
                        "INSERT INTO ledger_items (region_id, year, kind, item_key, position, \
                         data) VALUES {}",
                        values_placeholders::<D>(chunk.len(), 6)
                    ));
                    for (position, (key, data)) in chunk {
                        insert = insert
                            .bind(region_id)
                            .bind(batch.year)
                            .bind(kind.as_str())
                            .bind(key.as_str())
                            .bind(*position)
                            .bind(data.as_str());
                    }
                    insert
                        .on_duplicate(StoreError::Invalid(format!(
                            "{} {}: a {} key appears twice",
                            batch.region,
                            batch.year,
                            kind.as_str()
                        )))
                        .execute(&mut tx)
                        .await?;
                }
                audit_ledger_tx(
                    &mut tx,
                    actor,
                    (&batch.region, batch.year),
                    *kind,
                    items,
                    replaced,
                )
                .await?;
            }
        }
        tx.commit().await.map_err(backend)?;
        Ok(replaced_total)
    }
}
