//! [`DumpStore`]: every table as portable text rows (see `planwatch_store::dump`), read in one
//! snapshot and restored in one write transaction into an empty database.

use crate::db::{Col, Tx, backend, quote, sql, sql_built};
use crate::{Dialect, SqlStore, known_schema_version};
use async_trait::async_trait;
use planwatch_store::dump::{
    EXCLUDED_TABLES, check_restorable, parent_first, sort_rows_without_id,
};
use planwatch_store::{Dump, DumpStore, StoreError, StoreResult, TableDump};

/// The tables a dump carries, by name.
async fn tables<D: Dialect>(tx: &mut Tx<D>) -> StoreResult<Vec<String>> {
    let names: Vec<String> = sql(D::TABLES).scalars(tx).await?;
    Ok(names
        .into_iter()
        .filter(|n| !EXCLUDED_TABLES.contains(&n.as_str()))
        .collect())
}

/// A table's columns as (name, declared type), in column order.
async fn columns<D: Dialect>(tx: &mut Tx<D>, table: &str) -> StoreResult<Vec<(String, String)>> {
    sql(D::COLUMNS)
        .bind(table)
        .fetch_all(tx)
        .await?
        .iter()
        .map(|r| Ok((r.col_at(0)?, r.col_at(1)?)))
        .collect()
}

#[async_trait]
impl<D: Dialect> DumpStore for SqlStore<D> {
    async fn dump(&self) -> StoreResult<Dump> {
        let mut tx = self
            .pool
            .begin_with(D::BEGIN_SNAPSHOT)
            .await
            .map_err(backend)?;
        let schema_version: i64 =
            sql("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
                .scalar(&mut tx)
                .await?;
        let mut dump = Dump {
            schema_version,
            tables: Vec::new(),
        };
        for table in tables(&mut tx).await? {
            let cols = columns(&mut tx, &table).await?;
            let select: Vec<String> = cols
                .iter()
                .map(|(name, ty)| D::dump_column(&quote(name), ty))
                .collect();
            let order = if cols.iter().any(|(name, _)| name == "id") {
                " ORDER BY id"
            } else {
                ""
            };
            let rows = sql_built(format!(
                "SELECT {} FROM {}{order}",
                select.join(", "),
                quote(&table)
            ))
            .fetch_all(&mut tx)
            .await?
            .iter()
            .map(|r| (0..cols.len()).map(|i| r.col_at(i)).collect())
            .collect::<StoreResult<Vec<Vec<Option<String>>>>>()?;
            let mut t = TableDump {
                name: table,
                columns: cols.into_iter().map(|(name, _)| name).collect(),
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
        check_restorable(dump, known_schema_version::<D>())?;
        let mut tx = self.write_tx().await?;
        let known = tables(&mut tx).await?;
        for table in &known {
            let n: i64 = sql_built(format!("SELECT COUNT(*) FROM {}", quote(table)))
                .scalar(&mut tx)
                .await?;
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
            let mut params = Vec::with_capacity(t.columns.len());
            for (i, c) in t.columns.iter().enumerate() {
                let Some((_, ty)) = cols.iter().find(|(name, _)| name == c) else {
                    return Err(StoreError::Invalid(format!(
                        "dump column {}.{c} does not exist in this database",
                        t.name
                    )));
                };
                params.push(D::restore_param(i + 1, ty));
            }
            let names: Vec<String> = t.columns.iter().map(|c| quote(c)).collect();
            let insert = format!(
                "INSERT INTO {} ({}) VALUES ({})",
                quote(&t.name),
                names.join(", "),
                params.join(", ")
            );
            for row in parent_first(t) {
                let mut q = sql_built(insert.clone());
                for v in row {
                    q = q.bind(v.as_deref());
                }
                q.execute(&mut tx).await.map_err(|e| {
                    // The database's own words, as before they became a StoreError.
                    let cause = match e {
                        StoreError::Backend(message) => message,
                        other => other.to_string(),
                    };
                    StoreError::Invalid(format!("restoring table {}: {cause}", t.name))
                })?;
            }
            if t.columns.iter().any(|c| c == "id")
                && let Some(statement) = D::after_restoring_ids(&t.name)
            {
                sql_built(statement).execute(&mut tx).await?;
            }
        }
        tx.commit().await.map_err(backend)
    }
}
