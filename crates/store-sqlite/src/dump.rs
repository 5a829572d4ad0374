//! [`DumpStore`] on SQLite, and the online backup to another SQLite file.

use crate::{SqliteStore, backend, known_schema_version};
use async_trait::async_trait;
use planwatch_store::dump::{
    EXCLUDED_TABLES, check_restorable, parent_first, sort_rows_without_id,
};
use planwatch_store::{Dump, DumpStore, StoreError, StoreResult, TableDump};
use sqlx::{AssertSqlSafe, Row, Sqlite, Transaction};
use std::path::Path;

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

async fn tables(tx: &mut Transaction<'_, Sqlite>) -> StoreResult<Vec<String>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&mut **tx)
    .await
    .map_err(backend)?;
    Ok(names
        .into_iter()
        .filter(|n| !EXCLUDED_TABLES.contains(&n.as_str()))
        .collect())
}

async fn columns(tx: &mut Transaction<'_, Sqlite>, table: &str) -> StoreResult<Vec<String>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "PRAGMA table_info({})",
        quote(table)
    )))
    .fetch_all(&mut **tx)
    .await
    .map_err(backend)?;
    rows.iter()
        .map(|r| r.try_get::<String, _>("name"))
        .collect::<Result<_, _>>()
        .map_err(backend)
}

impl SqliteStore {
    /// A consistent copy of the whole database file at `path` (`VACUUM INTO`), taken while the
    /// database stays in use. Refuses to overwrite an existing file.
    pub async fn backup_to(&self, path: &Path) -> StoreResult<()> {
        if path.exists() {
            return Err(StoreError::Invalid(format!(
                "{} exists; a backup never overwrites a file",
                path.display()
            )));
        }
        let target = path.to_str().ok_or_else(|| {
            StoreError::Invalid(format!("{} is not a UTF-8 path", path.display()))
        })?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl DumpStore for SqliteStore {
    async fn dump(&self) -> StoreResult<Dump> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let schema_version: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success",
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let mut dump = Dump {
            schema_version,
            tables: Vec::new(),
        };
        for table in tables(&mut tx).await? {
            let cols = columns(&mut tx, &table).await?;
            let select: Vec<String> = cols
                .iter()
                .map(|c| format!("CAST({} AS TEXT)", quote(c)))
                .collect();
            let order = if cols.iter().any(|c| c == "id") {
                " ORDER BY id"
            } else {
                ""
            };
            let sql = format!("SELECT {} FROM {}{order}", select.join(", "), quote(&table));
            let rows = sqlx::query(AssertSqlSafe(sql))
                .fetch_all(&mut *tx)
                .await
                .map_err(backend)?;
            let rows = rows
                .iter()
                .map(|r| {
                    (0..cols.len())
                        .map(|i| r.try_get::<Option<String>, _>(i))
                        .collect::<Result<Vec<_>, _>>()
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(backend)?;
            let mut t = TableDump {
                name: table,
                columns: cols,
                rows,
            };
            sort_rows_without_id(&mut t);
            dump.tables.push(t);
        }
        tx.commit().await.map_err(backend)?;
        dump.sort_tables();
        Ok(dump)
    }

    async fn restore(&self, dump: &Dump) -> StoreResult<()> {
        check_restorable(dump, known_schema_version())?;
        let mut tx = self.write_tx().await?;
        let known = tables(&mut tx).await?;
        for table in &known {
            let n: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM {}",
                quote(table)
            )))
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
            if n > 0 {
                return Err(StoreError::Invalid(format!(
                    "the target database already holds data (table {table} has {n} rows); restore into an empty database"
                )));
            }
        }
        for t in &dump.tables {
            if !known.contains(&t.name) {
                return Err(StoreError::Invalid(format!(
                    "dump table {} does not exist in this database",
                    t.name
                )));
            }
            let cols = columns(&mut tx, &t.name).await?;
            if let Some(c) = t.columns.iter().find(|c| !cols.contains(c)) {
                return Err(StoreError::Invalid(format!(
                    "dump column {}.{c} does not exist in this database",
                    t.name
                )));
            }
            let names: Vec<String> = t.columns.iter().map(|c| quote(c)).collect();
            let params: Vec<String> = (1..=t.columns.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "INSERT INTO {} ({}) VALUES ({})",
                quote(&t.name),
                names.join(", "),
                params.join(", ")
            );
            for row in parent_first(t) {
                let mut q = sqlx::query(AssertSqlSafe(sql.clone()));
                for v in row {
                    q = q.bind(v.as_deref());
                }
                q.execute(&mut *tx)
                    .await
                    .map_err(|e| StoreError::Invalid(format!("restoring table {}: {e}", t.name)))?;
            }
        }
        tx.commit().await.map_err(backend)
    }
}
