//! [`LedgerStore`]: ledger items as JSON documents per region-year and kind.

use crate::db::{Col, Tx, sql, sql_built};
use crate::{Dialect, SqlStore, View, audit_tx, ensure_region_tx};
use async_trait::async_trait;
use planwatch_store::{Actor, LedgerItem, LedgerKind, LedgerStore, StoreError, StoreResult};

/// Deletes a region-year's items of one kind; returns how many there were.
pub(crate) async fn delete_ledger_tx<D: Dialect>(
    tx: &mut Tx<D>,
    region_id: i64,
    year: i32,
    kind: LedgerKind,
) -> StoreResult<u64> {
    sql("DELETE FROM ledger_items WHERE region_id = $1 AND year = $2 AND kind = $3")
        .bind(region_id)
        .bind(year)
        .bind(kind.as_str())
        .execute(tx)
        .await
}

/// The audit entry of one replaced ledger.
pub(crate) async fn audit_ledger_tx<D: Dialect>(
    tx: &mut Tx<D>,
    actor: &Actor,
    (region, year): (&str, i32),
    kind: LedgerKind,
    items: &[(String, String)],
    replaced: u64,
) -> StoreResult<()> {
    let summary = planwatch_store::ledgers::audit_summary(kind, items, replaced);
    audit_tx(
        tx,
        actor,
        "replace_ledger",
        kind.as_str(),
        &format!("{region}/{year}"),
        None,
        Some(&summary),
    )
    .await
}

#[async_trait]
impl<D: Dialect> LedgerStore for SqlStore<D> {
    async fn replace_ledgers(
        &self,
        region: &str,
        year: i32,
        ledgers: &[(LedgerKind, Vec<(String, String)>)],
        actor: &Actor,
    ) -> StoreResult<u64> {
        let mut tx = self.write_tx().await?;
        let region_id = ensure_region_tx(&mut tx, region, actor).await?;
        let mut replaced_total = 0;
        for (kind, items) in ledgers {
            let replaced = delete_ledger_tx(&mut tx, region_id, year, *kind).await?;
            replaced_total += replaced;
            for (position, (key, data)) in (0i64..).zip(items) {
                sql(
                    "INSERT INTO ledger_items (region_id, year, kind, item_key, position, data) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(region_id)
                .bind(year)
                .bind(kind.as_str())
                .bind(key.as_str())
                .bind(position)
                .bind(data.as_str())
                .on_duplicate(StoreError::Invalid(format!(
                    "{} key {key:?} appears twice",
                    kind.as_str()
                )))
                .execute(&mut tx)
                .await?;
            }
            audit_ledger_tx(&mut tx, actor, (region, year), *kind, items, replaced).await?;
        }
        tx.commit().await.map_err(crate::backend)?;
        Ok(replaced_total)
    }

    async fn ledger_items(
        &self,
        region: &str,
        year: i32,
        kind: LedgerKind,
    ) -> StoreResult<Vec<LedgerItem>> {
        let table = match self.view {
            View::Working => "ledger_items",
            View::Published => "published_ledger_items",
        };
        let rows = sql_built(format!(
            "SELECT l.item_key, l.position, l.data, l.version FROM {table} l \
             JOIN regions r ON r.id = l.region_id \
             WHERE r.name = $1 AND l.year = $2 AND l.kind = $3 ORDER BY l.position"
        ))
        .bind(region)
        .bind(year)
        .bind(kind.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(LedgerItem {
                    key: row.col("item_key")?,
                    position: row.col("position")?,
                    data: row.col("data")?,
                    version: row.col("version")?,
                })
            })
            .collect()
    }
}
