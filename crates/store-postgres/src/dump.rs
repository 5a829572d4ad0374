//! [`DumpStore`] on PostgreSQL. Values are normalised to the dump's portable text (booleans
//! `0`/`1`, timestamps RFC 3339 UTC) and cast back by column type on restore.

use crate::{PostgresStore, backend, known_schema_version};
use async_trait::async_trait;
use planwatch_store::dump::{
    EXCLUDED_TABLES, check_restorable, parent_first, sort_rows_without_id,
};
use planwatch_store::{Dump, DumpStore, StoreError, StoreResult, TableDump};
use sqlx::{AssertSqlSafe, Postgres, Row, Transaction};

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

async fn tables(tx: &mut Transaction<'_, Postgres>) -> StoreResult<Vec<String>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(&mut **tx)
    .await
    .map_err(backend)?;
    Ok(names
        .into_iter()
        .filter(|n| !EXCLUDED_TABLES.contains(&n.as_str()))
        .collect())
}

/// (name, data_type) in column order.
async fn columns(
    tx: &mut Transaction<'_, Postgres>,
    table: &str,
) -> StoreResult<Vec<(String, String)>> {
    let rows = sqlx::query(
        "SELECT column_name::text AS name, data_type::text AS ty FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut **tx)
    .await
    .map_err(backend)?;
    rows.iter()
        .map(|r| Ok((r.try_get("name")?, r.try_get("ty")?)))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(backend)
}

fn portable_select(name: &str, ty: &str) -> String {
    let c = quote(name);
    match ty {
        "boolean" => format!("CASE WHEN {c} THEN '1' WHEN NOT {c} THEN '0' END"),
        "timestamp with time zone" => {
            format!("to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')")
        }
        _ => format!("{c}::text"),
    }
}

#[async_trait]
impl DumpStore for PostgresStore {
    async fn dump(&self) -> StoreResult<Dump> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
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
            let select: Vec<String> = cols.iter().map(|(n, t)| portable_select(n, t)).collect();
            let order = if cols.iter().any(|(n, _)| n == "id") {
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
                columns: cols.into_iter().map(|(n, _)| n).collect(),
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
        let mut tx = self.pool.begin().await.map_err(backend)?;
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
            let mut types = Vec::with_capacity(t.columns.len());
            for c in &t.columns {
                match cols.iter().find(|(n, _)| n == c) {
                    Some((_, ty)) => types.push(ty.clone()),
                    None => {
                        return Err(StoreError::Invalid(format!(
                            "dump column {}.{c} does not exist in this database",
                            t.name
                        )));
                    }
                }
            }
            let names: Vec<String> = t.columns.iter().map(|c| quote(c)).collect();
            let params: Vec<String> = types
                .iter()
                .enumerate()
                .map(|(i, ty)| format!("${}::{ty}", i + 1))
                .collect();
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
            // Serial ids continue after the restored ones.
            if t.columns.iter().any(|c| c == "id") {
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence('{0}', 'id'), COALESCE((SELECT MAX(id) FROM {1}), 0) + 1, false) \
                     WHERE pg_get_serial_sequence('{0}', 'id') IS NOT NULL",
                    t.name.replace('\'', "''"),
                    quote(&t.name)
                );
                sqlx::query(AssertSqlSafe(sql))
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
            }
        }
        tx.commit().await.map_err(backend)
    }
}
