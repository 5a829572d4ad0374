//! [`LedgerStore`] on PostgreSQL.

use crate::{PostgresStore, audit_tx, backend, ensure_region_tx};
use async_trait::async_trait;
use planwatch_store::{Actor, LedgerItem, LedgerKind, LedgerStore, StoreError, StoreResult};
use sqlx::Row;

#[async_trait]
impl LedgerStore for PostgresStore {
    async fn replace_ledgers(
        &self,
        region: &str,
        year: i32,
        ledgers: &[(LedgerKind, Vec<(String, String)>)],
        actor: &Actor,
    ) -> StoreResult<u64> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let region_id = ensure_region_tx(&mut tx, region, actor).await?;
        let mut replaced_total = 0;
        for (kind, items) in ledgers {
            let replaced = sqlx::query(
                "DELETE FROM ledger_items WHERE region_id = $1 AND year = $2 AND kind = $3",
            )
            .bind(region_id)
            .bind(year)
            .bind(kind.as_str())
            .execute(&mut *tx)
            .await
            .map_err(backend)?
            .rows_affected();
            replaced_total += replaced;
            for (position, (key, data)) in (0i64..).zip(items) {
                sqlx::query(
                    "INSERT INTO ledger_items (region_id, year, kind, item_key, position, data) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(region_id)
                .bind(year)
                .bind(kind.as_str())
                .bind(key)
                .bind(position)
                .bind(data)
                .execute(&mut *tx)
                .await
                .map_err(|e| match e {
                    sqlx::Error::Database(db) if db.is_unique_violation() => {
                        StoreError::Invalid(format!("{} key {key:?} appears twice", kind.as_str()))
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
                &format!("{region}/{year}"),
                None,
                Some(&summary),
            )
            .await?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(replaced_total)
    }

    async fn ledger_items(
        &self,
        region: &str,
        year: i32,
        kind: LedgerKind,
    ) -> StoreResult<Vec<LedgerItem>> {
        let rows = sqlx::query(
            "SELECT l.item_key, l.position, l.data, l.version FROM ledger_items l \
             JOIN regions r ON r.id = l.region_id \
             WHERE r.name = $1 AND l.year = $2 AND l.kind = $3 ORDER BY l.position",
        )
        .bind(region)
        .bind(year)
        .bind(kind.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok(LedgerItem {
                    key: row.try_get("item_key")?,
                    position: row.try_get("position")?,
                    data: row.try_get("data")?,
                    version: row.try_get("version")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(backend)
    }
}
