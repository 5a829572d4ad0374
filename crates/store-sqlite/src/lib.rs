//! # planwatch-store-sqlite
//!
//! The embedded backend: one SQLite file per office (default `planwatch.db`), WAL mode,
//! migrations compiled into the binary. Implements [`planwatch_store::Store`].
//!
//! ```no_run
//! # async fn f() -> Result<(), planwatch_store::StoreError> {
//! use planwatch_store::Store;
//! let store = planwatch_store_sqlite::SqliteStore::open("planwatch.db", true).await?;
//! let years = store.plan_years("江北区").await?;
//! # Ok(()) }
//! ```

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
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::{Row, Sqlite, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// The newest schema version this build knows.
pub fn known_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// A planwatch database in one SQLite file.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

/// An indicator row as a JSON array, in the order of `planwatch_store::regions::JsonRecord`.
pub(crate) const INDICATOR_JSON: &str = "json_array(i.seq, i.name, i.unit, i.kind, i.binding, \
     i.is_new, i.tier, i.direction, i.department, i.target_text, i.actual_text, i.version)";

fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

impl SqliteStore {
    /// Opens (and with `create`, creates) the database at `path` and brings its schema up to
    /// date. Refuses a database made by a newer planwatch.
    pub async fn open(path: impl AsRef<Path>, create: bool) -> StoreResult<Self> {
        let path = path.as_ref();
        if !create && !path.exists() {
            return Err(StoreError::NotFound(format!(
                "no planwatch database at {} (run `planwatch demo` or `planwatch migrate` to create one, or pass --db)",
                path.display()
            )));
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(create)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        Self::connect(options).await
    }

    /// Opens a database from a `sqlite:` URL (`sqlite:planwatch.db`, `sqlite::memory:`).
    pub async fn open_url(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Invalid(format!("bad SQLite URL {url:?}: {e}")))?
            .create_if_missing(true)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        Self::connect(options).await
    }

    async fn connect(options: SqliteConnectOptions) -> StoreResult<Self> {
        let in_memory = options.get_filename().as_os_str() == ":memory:";
        let pool = SqlitePoolOptions::new()
            // An in-memory database lives in one connection.
            .max_connections(if in_memory { 1 } else { 8 })
            .connect_with(options)
            .await
            .map_err(backend)?;
        let store = SqliteStore { pool };
        store.migrate().await?;
        Ok(store)
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
        let exists: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_optional(&self.pool)
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

    /// A write transaction. `BEGIN IMMEDIATE` takes the write lock up front, so concurrent
    /// writers wait for each other (busy timeout) instead of failing when a read transaction
    /// tries to upgrade to a write.
    pub async fn write_tx(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(backend)
    }

    pub fn pool(&self) -> &SqlitePool {
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
    tx: &mut Transaction<'_, Sqlite>,
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
    tx: &mut Transaction<'_, Sqlite>,
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

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn close(&self) -> StoreResult<()> {
        if self.pool.is_closed() {
            return Ok(());
        }
        // TRUNCATE: copy every committed page into the main file, then empty the log. `busy` is
        // 1 when another process (a running `planwatch serve`) still reads an older snapshot; the
        // log then stays for that process to finish, which is why `backup` is the way to copy a
        // database while the server runs.
        let checkpoint: Result<(i64, i64, i64), sqlx::Error> =
            sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&self.pool)
                .await;
        self.pool.close().await;
        match checkpoint {
            Ok((0, _, _)) => Ok(()),
            Ok((_, log, done)) => {
                tracing::info!(
                    log,
                    done,
                    "SQLite checkpoint incomplete: another process is reading the database"
                );
                Ok(())
            }
            Err(e) => Err(backend(e)),
        }
    }

    async fn ensure_region(&self, name: &str, actor: &Actor) -> StoreResult<i64> {
        let mut tx = self.write_tx().await?;
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
        let mut tx = self.write_tx().await?;
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
        // One row holding a JSON array: sqlx hands SQLite rows from its worker thread one at a
        // time, and under concurrent load those hand-offs, not SQLite, were the cost.
        let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT json_group_array({INDICATOR_JSON}) \
             FROM plan_indicators i JOIN regions r ON r.id = i.region_id \
             WHERE r.name = $1 AND i.year = $2"
        )))
        .bind(region)
        .bind(year)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        planwatch_store::regions::records_from_json(&json)
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
        let mut tx = self.write_tx().await?;
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
            "SELECT id, at, actor, origin, action, entity, entity_key, old_value, new_value \
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
