//! The region tree, groups and bulk plan storage on PostgreSQL (see `planwatch_store::RegionStore`).

use crate::{PostgresStore, audit_tx, backend, ensure_region_tx, record_from_row};
use async_trait::async_trait;
use planwatch_domain::Plan;
use planwatch_store::regions::{
    LEDGER_CHUNK, LedgerBatch, MONTHLY_CHUNK, MonthlyRow, YearPlans, check_monthly_row,
};
use planwatch_store::{
    Actor, IndicatorRecord, RegionNode, RegionRecord, RegionStore, StoreError, StoreResult,
    check_no_cycle, records_from_plan,
};
use sqlx::{Postgres, QueryBuilder, Row, Transaction};

type Tx<'a> = Transaction<'a, Postgres>;

const REGION_COLUMNS: &str = "SELECT r.id, r.name, p.name AS parent, r.level FROM regions r \
     LEFT JOIN regions p ON p.id = r.parent_id";

fn region_from_row(row: &sqlx::postgres::PgRow) -> Result<RegionRecord, sqlx::Error> {
    Ok(RegionRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        parent: row.try_get("parent")?,
        level: row.try_get("level")?,
    })
}

async fn set_parent_tx(
    tx: &mut Tx<'_>,
    region: &str,
    parent: Option<&str>,
    level: Option<&str>,
    actor: &Actor,
) -> StoreResult<()> {
    let id = ensure_region_tx(tx, region, actor).await?;
    let parent_id = match parent {
        Some(p) => {
            let pid = ensure_region_tx(tx, p, actor).await?;
            let ancestors: Vec<String> = sqlx::query_scalar(
                "WITH RECURSIVE up(id, name, parent_id, depth) AS ( \
                   SELECT id, name, parent_id, 0 FROM regions WHERE id = $1 \
                   UNION ALL SELECT r.id, r.name, r.parent_id, up.depth + 1 \
                   FROM regions r JOIN up ON r.id = up.parent_id WHERE up.depth < 64) \
                 SELECT name FROM up ORDER BY depth",
            )
            .bind(pid)
            .fetch_all(&mut **tx)
            .await
            .map_err(backend)?;
            check_no_cycle(region, &ancestors)?;
            Some(pid)
        }
        None => None,
    };
    sqlx::query("UPDATE regions SET parent_id = $1, level = $2 WHERE id = $3")
        .bind(parent_id)
        .bind(level)
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(backend)?;
    Ok(())
}

async fn add_to_group_tx(
    tx: &mut Tx<'_>,
    group: &str,
    region: &str,
    actor: &Actor,
) -> StoreResult<()> {
    if group.trim().is_empty() {
        return Err(StoreError::Invalid("a group needs a name".into()));
    }
    let id = ensure_region_tx(tx, region, actor).await?;
    sqlx::query(
        "INSERT INTO region_groups (group_name, region_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(group)
    .bind(id)
    .execute(&mut **tx)
    .await
    .map_err(backend)?;
    Ok(())
}

#[async_trait]
impl RegionStore for PostgresStore {
    async fn set_region_parent(
        &self,
        region: &str,
        parent: Option<&str>,
        level: Option<&str>,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.pool().begin().await.map_err(backend)?;
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
        let mut tx = self.pool().begin().await.map_err(backend)?;
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
        let mut tx = self.pool().begin().await.map_err(backend)?;
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
        let sql = format!("{REGION_COLUMNS} WHERE p.name = $1 ORDER BY r.name");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(parent)
            .fetch_all(self.pool())
            .await
            .map_err(backend)?;
        rows.iter()
            .map(region_from_row)
            .collect::<Result<_, _>>()
            .map_err(backend)
    }

    async fn group_members(&self, group: &str) -> StoreResult<Vec<RegionRecord>> {
        let sql = format!(
            "{REGION_COLUMNS} JOIN region_groups g ON g.region_id = r.id \
             WHERE g.group_name = $1 ORDER BY r.name"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(group)
            .fetch_all(self.pool())
            .await
            .map_err(backend)?;
        rows.iter()
            .map(region_from_row)
            .collect::<Result<_, _>>()
            .map_err(backend)
    }

    async fn groups(&self) -> StoreResult<Vec<String>> {
        sqlx::query_scalar("SELECT DISTINCT group_name FROM region_groups ORDER BY group_name")
            .fetch_all(self.pool())
            .await
            .map_err(backend)
    }

    async fn save_plans(&self, plans: &[Plan], actor: &Actor) -> StoreResult<()> {
        let mut tx = self.pool().begin().await.map_err(backend)?;
        let mut rows = 0usize;
        for plan in plans {
            let region_id = ensure_region_tx(&mut tx, &plan.region, actor).await?;
            sqlx::query("DELETE FROM plan_indicators WHERE region_id = $1 AND year = $2")
                .bind(region_id)
                .bind(plan.year)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            let records = records_from_plan(plan);
            if records.is_empty() {
                continue;
            }
            rows += records.len();
            // One multi-row INSERT per plan: far fewer round trips than a row at a time.
            let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
                "INSERT INTO plan_indicators (region_id, year, seq, name, unit, kind, binding, is_new, \
                 tier, direction, department, target_text, actual_text) ",
            );
            qb.push_values(&records, |mut b, r| {
                b.push_bind(region_id)
                    .push_bind(plan.year)
                    .push_bind(r.seq)
                    .push_bind(&r.name)
                    .push_bind(&r.unit)
                    .push_bind(&r.kind)
                    .push_bind(r.binding)
                    .push_bind(r.is_new)
                    .push_bind(&r.tier)
                    .push_bind(&r.direction)
                    .push_bind(&r.department)
                    .push_bind(&r.target_text)
                    .push_bind(&r.actual_text);
            });
            qb.build().execute(&mut *tx).await.map_err(|e| match e {
                sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Invalid(
                    format!("{} {}: an indicator appears twice", plan.region, plan.year),
                ),
                other => backend(other),
            })?;
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
        // One row per region, as on SQLite: the same decoding, and the same (byte) order of
        // regions whatever the database's collation.
        let rows = sqlx::query(
            "SELECT r.name AS region, json_agg(json_build_array(i.seq, i.name, i.unit, i.kind, \
             i.binding::int, i.is_new::int, i.tier, i.direction, i.department, i.target_text, \
             i.actual_text, i.version))::text AS items \
             FROM plan_indicators i JOIN regions r ON r.id = i.region_id \
             WHERE i.year = $1 GROUP BY r.id, r.name",
        )
        .bind(year)
        .fetch_all(self.pool())
        .await
        .map_err(backend)?;
        let groups = rows
            .iter()
            .map(|row| {
                Ok((
                    row.try_get::<String, _>("region")?,
                    row.try_get::<String, _>("items")?,
                ))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(backend)?;
        Ok(YearPlans::from_json_groups(year, groups))
    }

    async fn indicator_across(
        &self,
        regions: &[String],
        indicator: &str,
        years: (i32, i32),
    ) -> StoreResult<Vec<(String, i32, IndicatorRecord)>> {
        let rows = sqlx::query(
            "SELECT r.name AS region, i.year, i.seq, i.name, i.unit, i.kind, i.binding, i.is_new, \
             i.tier, i.direction, i.department, i.target_text, i.actual_text, i.version \
             FROM regions r JOIN plan_indicators i ON i.region_id = r.id \
             WHERE r.name = ANY($1) AND i.name = $2 AND i.year BETWEEN $3 AND $4",
        )
        .bind(regions)
        .bind(indicator)
        .bind(years.0)
        .bind(years.1)
        .fetch_all(self.pool())
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get::<String, _>("region")?,
                    row.try_get::<i32, _>("year")?,
                    record_from_row(row)?,
                ))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(backend)
    }

    async fn monthly_across(
        &self,
        regions: &[String],
        indicator: &str,
        years: (i32, i32),
    ) -> StoreResult<Vec<MonthlyRow>> {
        let rows = sqlx::query(
            "SELECT r.name AS region, m.year, m.month, m.value_text \
             FROM regions r JOIN monthly_figures m ON m.region_id = r.id \
             WHERE r.name = ANY($1) AND m.indicator = $2 AND m.year BETWEEN $3 AND $4",
        )
        .bind(regions)
        .bind(indicator)
        .bind(years.0)
        .bind(years.1)
        .fetch_all(self.pool())
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let month: i64 = row.try_get("month").map_err(backend)?;
                Ok(MonthlyRow {
                    region: row.try_get("region").map_err(backend)?,
                    year: row.try_get("year").map_err(backend)?,
                    indicator: indicator.to_string(),
                    month: u8::try_from(month).map_err(|_| {
                        StoreError::Invalid(format!("monthly figure month {month}"))
                    })?,
                    value_text: row.try_get("value_text").map_err(backend)?,
                })
            })
            .collect()
    }

    async fn save_monthly_figures(&self, rows: &[MonthlyRow], actor: &Actor) -> StoreResult<u64> {
        for row in rows {
            check_monthly_row(row)?;
        }
        let now = planwatch_store::accounts::unix_now();
        let mut tx = self.pool().begin().await.map_err(backend)?;
        let mut ids: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
        for row in rows {
            if !ids.contains_key(row.region.as_str()) {
                let id = ensure_region_tx(&mut tx, &row.region, actor).await?;
                ids.insert(row.region.as_str(), id);
            }
        }
        for chunk in rows.chunks(MONTHLY_CHUNK) {
            let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
                "INSERT INTO monthly_figures (region_id, year, indicator, month, value_text, \
                 updated_at, updated_by) ",
            );
            qb.push_values(chunk, |mut b, r| {
                b.push_bind(ids.get(r.region.as_str()).copied().unwrap_or_default())
                    .push_bind(r.year)
                    .push_bind(&r.indicator)
                    .push_bind(i64::from(r.month))
                    .push_bind(r.value_text.trim())
                    .push_bind(now)
                    .push_bind(&actor.user);
            });
            qb.push(
                " ON CONFLICT (region_id, year, indicator, month) DO UPDATE SET \
                 value_text = excluded.value_text, version = monthly_figures.version + 1, \
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            );
            qb.build().execute(&mut *tx).await.map_err(|e| match e {
                sqlx::Error::Database(db) if db.is_unique_violation() => {
                    StoreError::Invalid("a monthly figure appears twice in one batch".to_string())
                }
                other => backend(other),
            })?;
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
        let mut tx = self.pool().begin().await.map_err(backend)?;
        let mut replaced_total = 0;
        for batch in batches {
            let region_id = ensure_region_tx(&mut tx, &batch.region, actor).await?;
            for (kind, items) in &batch.ledgers {
                let replaced = sqlx::query(
                    "DELETE FROM ledger_items WHERE region_id = $1 AND year = $2 AND kind = $3",
                )
                .bind(region_id)
                .bind(batch.year)
                .bind(kind.as_str())
                .execute(&mut *tx)
                .await
                .map_err(backend)?
                .rows_affected();
                replaced_total += replaced;
                let positioned: Vec<(i64, &(String, String))> = (0i64..).zip(items).collect();
                for chunk in positioned.chunks(LEDGER_CHUNK) {
                    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
                        "INSERT INTO ledger_items (region_id, year, kind, item_key, position, data) ",
                    );
                    qb.push_values(chunk, |mut b, (position, (key, data))| {
                        b.push_bind(region_id)
                            .push_bind(batch.year)
                            .push_bind(kind.as_str())
                            .push_bind(key)
                            .push_bind(*position)
                            .push_bind(data);
                    });
                    qb.build().execute(&mut *tx).await.map_err(|e| match e {
                        sqlx::Error::Database(db) if db.is_unique_violation() => {
                            StoreError::Invalid(format!(
                                "{} {}: a {} key appears twice",
                                batch.region,
                                batch.year,
                                kind.as_str()
                            ))
                        }
                        other => backend(other),
                    })?;
                }
                let summary = planwatch_store::ledgers::audit_summary(*kind, items, replaced);
                audit_tx(
                    &mut tx,
                    actor,
                    "replace_ledger",
                    kind.as_str(),
                    &format!("{}/{}", batch.region, batch.year),
                    None,
                    Some(&summary),
                )
                .await?;
            }
        }
        tx.commit().await.map_err(backend)?;
        Ok(replaced_total)
    }
}
