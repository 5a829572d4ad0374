//! # planwatch-store-postgres
//!
//! The server backend: PostgreSQL (and PostgreSQL-compatible databases) with a connection
//! pool, its own migrations kept in step with SQLite's (same version numbers), and the same
//! behaviour as `planwatch-store-sqlite`, checked by the shared conformance suite in
//! `planwatch-store`.

mod accounts;
mod dump;
mod ledgers;
mod regions;

use async_trait::async_trait;
use planwatch_domain::Plan;
use planwatch_store::{
    Actor, AuditEntry, EditOutcome, ExprField, IndicatorRecord, RegionRecord, Store, StoreError,
    StoreResult, records_from_plan,
};
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Postgres, Row, Transaction};
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// The newest schema version this build knows.
pub fn known_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// A planwatch database on a PostgreSQL server.
#[derive(Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user@host:5432/db`), with a pool of up to
    /// `max_connections`, and brings the schema up to date. Refuses a database made by a newer
    /// planwatch.
    pub async fn connect(url: &str, max_connections: u32) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Invalid(format!("bad PostgreSQL URL: {e}")))?;
        Self::connect_with(options, max_connections).await
    }

    /// Like [`PostgresStore::connect`], with options built by the caller (tests use this to
    /// put each run in its own schema through `search_path`).
    pub async fn connect_with(
        options: PgConnectOptions,
        max_connections: u32,
    ) -> StoreResult<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Backend(format!("cannot connect to PostgreSQL: {e}")))?;
        let store = PostgresStore { pool };
        store.migrate().await?;
        Ok(store)
    }

    /// Creates a new schema named `{prefix}_{pid}_{nanos}` on the server at `url` and opens a
    /// store confined to it (through `search_path`). Test runs use this to get an empty database
    /// each without touching anything else on the server.
    pub async fn connect_fresh_schema(url: &str, prefix: &str) -> StoreResult<(Self, String)> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let schema = format!("{prefix}_{}_{nanos}", std::process::id());
        if !schema
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(StoreError::Invalid(format!(
                "schema prefix {prefix:?} must be ASCII letters, digits and _"
            )));
        }
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Invalid(format!("bad PostgreSQL URL: {e}")))?;
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .map_err(|e| StoreError::Backend(format!("cannot connect to PostgreSQL: {e}")))?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
            .execute(&pool)
            .await
            .map_err(backend)?;
        pool.close().await;
        let store =
            Self::connect_with(options.options([("search_path", schema.as_str())]), 4).await?;
        Ok((store, schema))
    }

    /// Applies pending migrations after checking the database is not from a newer build.
    pub async fn migrate(&self) -> StoreResult<()> {
        if let Some(found) = self.schema_version().await?
            && found > known_schema_version()
        {
            return Err(StoreError::NewerSchema {
                found,
                known: known_schema_version(),
            });
        }
        MIGRATOR.run(&self.pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::VersionMissing(found) => StoreError::NewerSchema {
                found,
                known: known_schema_version(),
            },
            other => StoreError::Backend(other.to_string()),
        })
    }

    /// The highest applied migration, or `None` for a fresh database.
    pub async fn schema_version(&self) -> StoreResult<Option<i64>> {
        let exists: Option<String> =
            sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations')::text")
                .fetch_one(&self.pool)
                .await
                .map_err(backend)?;
        if exists.is_none() {
            return Ok(None);
        }
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    async fn region_id(&self, name: &str) -> StoreResult<Option<i64>> {
        sqlx::query_scalar("SELECT id FROM regions WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)
    }
}

async fn ensure_region_tx(
    tx: &mut Transaction<'_, Postgres>,
    name: &str,
    actor: &Actor,
) -> StoreResult<i64> {
    if let Some(id) = sqlx::query_scalar::<_, i64>("SELECT id FROM regions WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend)?
    {
        return Ok(id);
    }
    let id: i64 = sqlx::query_scalar("INSERT INTO regions (name) VALUES ($1) RETURNING id")
        .bind(name)
        .fetch_one(&mut **tx)
        .await
        .map_err(backend)?;
    audit_tx(tx, actor, "create", "region", name, None, Some(name)).await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
async fn audit_tx(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    action: &str,
    entity: &str,
    key: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (actor, origin, action, entity, entity_key, old_value, new_value) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&actor.user)
    .bind(&actor.origin)
    .bind(action)
    .bind(entity)
    .bind(key)
    .bind(old)
    .bind(new)
    .execute(&mut **tx)
    .await
    .map_err(backend)?;
    Ok(())
}

fn record_from_row(row: &sqlx::postgres::PgRow) -> Result<IndicatorRecord, sqlx::Error> {
    Ok(IndicatorRecord {
        seq: row.try_get("seq")?,
        name: row.try_get("name")?,
        unit: row.try_get("unit")?,
        kind: row.try_get("kind")?,
        binding: row.try_get("binding")?,
        is_new: row.try_get("is_new")?,
        tier: row.try_get("tier")?,
        direction: row.try_get("direction")?,
        department: row.try_get("department")?,
        target_text: row.try_get("target_text")?,
        actual_text: row.try_get("actual_text")?,
        version: row.try_get("version")?,
    })
}

#[async_trait]
impl Store for PostgresStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn close(&self) -> StoreResult<()> {
        self.pool.close().await;
        Ok(())
    }

    async fn ensure_region(&self, name: &str, actor: &Actor) -> StoreResult<i64> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let id = ensure_region_tx(&mut tx, name, actor).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn regions(&self) -> StoreResult<Vec<RegionRecord>> {
        let rows = sqlx::query(
            "SELECT r.id, r.name, p.name AS parent, r.level FROM regions r \
             LEFT JOIN regions p ON p.id = r.parent_id ORDER BY r.name",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok(RegionRecord {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    parent: row.try_get("parent")?,
                    level: row.try_get("level")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(backend)
    }

    async fn save_plan(&self, plan: &Plan, actor: &Actor) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let region_id = ensure_region_tx(&mut tx, &plan.region, actor).await?;
        let replaced =
            sqlx::query("DELETE FROM plan_indicators WHERE region_id = $1 AND year = $2")
                .bind(region_id)
                .bind(plan.year)
                .execute(&mut *tx)
                .await
                .map_err(backend)?
                .rows_affected();
        for r in records_from_plan(plan) {
            sqlx::query(
                "INSERT INTO plan_indicators (region_id, year, seq, name, unit, kind, binding, is_new, \
                 tier, direction, department, target_text, actual_text) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(region_id)
            .bind(plan.year)
            .bind(r.seq)
            .bind(&r.name)
            .bind(&r.unit)
            .bind(&r.kind)
            .bind(r.binding)
            .bind(r.is_new)
            .bind(&r.tier)
            .bind(&r.direction)
            .bind(&r.department)
            .bind(&r.target_text)
            .bind(&r.actual_text)
            .execute(&mut *tx)
            .await
            .map_err(|e| match e {
                sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Invalid(format!(
                    "{} {}: indicator {:?} appears twice",
                    plan.region, plan.year, r.name
                )),
                other => backend(other),
            })?;
        }
        let key = format!("{}/{}", plan.region, plan.year);
        let summary = format!(
            "{} indicators (replacing {replaced})",
            plan.indicators.len()
        );
        audit_tx(
            &mut tx,
            actor,
            "save_plan",
            "plan",
            &key,
            None,
            Some(&summary),
        )
        .await?;
        tx.commit().await.map_err(backend)
    }

    async fn indicator_records(
        &self,
        region: &str,
        year: i32,
    ) -> StoreResult<Vec<IndicatorRecord>> {
        let rows = sqlx::query(
            "SELECT i.seq, i.name, i.unit, i.kind, i.binding, i.is_new, i.tier, i.direction, \
             i.department, i.target_text, i.actual_text, i.version \
             FROM plan_indicators i JOIN regions r ON r.id = i.region_id \
             WHERE r.name = $1 AND i.year = $2 ORDER BY i.seq, i.name",
        )
        .bind(region)
        .bind(year)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(record_from_row)
            .collect::<Result<_, _>>()
            .map_err(backend)
    }

    async fn plan_years(&self, region: &str) -> StoreResult<Vec<i32>> {
        sqlx::query_scalar(
            "SELECT DISTINCT i.year FROM plan_indicators i JOIN regions r ON r.id = i.region_id \
             WHERE r.name = $1 ORDER BY i.year",
        )
        .bind(region)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)
    }

    async fn set_expr_text(
        &self,
        region: &str,
        year: i32,
        indicator: &str,
        field: ExprField,
        text: &str,
        expected_version: Option<i64>,
        actor: &Actor,
    ) -> StoreResult<EditOutcome> {
        let Some(region_id) = self.region_id(region).await? else {
            return Err(StoreError::NotFound(format!("region {region:?}")));
        };
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let row = sqlx::query(
            "SELECT id, target_text, actual_text, version FROM plan_indicators \
             WHERE region_id = $1 AND year = $2 AND name = $3",
        )
        .bind(region_id)
        .bind(year)
        .bind(indicator)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| {
            StoreError::NotFound(format!("indicator {indicator:?} in {region} {year}"))
        })?;
        let id: i64 = row.try_get("id").map_err(backend)?;
        let version: i64 = row.try_get("version").map_err(backend)?;
        let old: Option<String> = match field {
            ExprField::Target => Some(row.try_get("target_text").map_err(backend)?),
            ExprField::Actual => row.try_get("actual_text").map_err(backend)?,
        };
        let what = format!("{region} {year} {indicator} {}", field.as_str());
        if let Some(expected) = expected_version
            && expected != version
        {
            return Err(StoreError::Conflict {
                what,
                expected,
                actual: version,
                current: old,
                yours: text.to_string(),
            });
        }
        let sql = match field {
            ExprField::Target => {
                "UPDATE plan_indicators SET target_text = $1, version = version + 1 \
                 WHERE id = $2 AND version = $3"
            }
            ExprField::Actual => {
                "UPDATE plan_indicators SET actual_text = $1, version = version + 1 \
                 WHERE id = $2 AND version = $3"
            }
        };
        let updated = sqlx::query(sql)
            .bind(text)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await
            .map_err(backend)?
            .rows_affected();
        if updated != 1 {
            // Another writer got in between our read and write.
            return Err(StoreError::Conflict {
                what,
                expected: version,
                actual: version + 1,
                current: old,
                yours: text.to_string(),
            });
        }
        audit_tx(
            &mut tx,
            actor,
            &format!("set_{}", field.as_str()),
            "indicator",
            &format!("{region}/{year}/{indicator}"),
            old.as_deref(),
            Some(text),
        )
        .await?;
        tx.commit().await.map_err(backend)?;
        Ok(EditOutcome {
            old_text: old,
            new_text: text.to_string(),
            version: version + 1,
        })
    }

    async fn audit_entries(&self, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS at, actor, origin, action, entity, entity_key, old_value, new_value \
             FROM audit_log ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok(AuditEntry {
                    id: row.try_get("id")?,
                    at: row.try_get("at")?,
                    actor: row.try_get("actor")?,
                    origin: row.try_get("origin")?,
                    action: row.try_get("action")?,
                    entity: row.try_get("entity")?,
                    entity_key: row.try_get("entity_key")?,
                    old_value: row.try_get("old_value")?,
                    new_value: row.try_get("new_value")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(backend)
    }
}
