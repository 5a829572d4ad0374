//! # planwatch-store-sql
//!
//! planwatch's one SQL implementation of the storage traits of `planwatch-store`, written once
//! for both databases: [`SqlStore<D>`], generic over sqlx's database type `D:` [`Dialect`].
//! [`SqliteStore`] (`SqlStore<Sqlite>`, `sqlite.rs`: one file per office, WAL, `VACUUM INTO`
//! backups) and [`PostgresStore`] (`SqlStore<Postgres>`, `postgres.rs`: a server pool, a fresh
//! schema per test) add only how they connect and their `migrations/sqlite` and
//! `migrations/postgres` folders; every SQL word that differs between the two is one item of
//! [`Dialect`] in `dialect.rs`, with both variants side by side.
//!
//! ## Where things go
//!
//! - **A new query or write** goes in the module of its trait — `plans.rs` ([`planwatch_store::Store`]:
//!   regions, plans, expression edits, audit), `regions.rs` (tree, groups, bulk writes, reads
//!   across regions and years), `accounts.rs` (users, sessions, submissions, monthly figures),
//!   `ledgers.rs`, `dump.rs` — or, for a new storage trait, a new module beside them with one
//!   `impl<D: Dialect> NewStore for SqlStore<D>`. It is written once against `D: Dialect`:
//!   `sql("SELECT … WHERE id = $1").bind(id).fetch_all(&self.pool)`, columns read with
//!   `row.col("name")?` ([`db`]). `$1…` placeholders, `RETURNING`, `ON CONFLICT … DO UPDATE`
//!   with `excluded.` and recursive CTEs mean the same on both databases.
//! - **A write** is one transaction: `let mut tx = self.write_tx().await?` (which takes SQLite's
//!   write lock up front), [`ensure_region_tx`] and [`audit_tx`] on that transaction, then
//!   `tx.commit()`. An optimistic version is `UPDATE … SET …, version = version + 1 WHERE id = $n
//!   AND version = $m`, refused with `StoreError::Conflict` (both values) when no row changed.
//!   A duplicate key becomes a clear error with `.on_duplicate(StoreError::Invalid(…))`.
//! - **A read of many rows** returns one row holding a JSON array —
//!   `D::json_group(&D::json_array("a, b, c"))` — decoded with serde (see `indicator_records`,
//!   `monthly_figures`): sqlx hands SQLite rows from its worker thread one at a time, and under
//!   load those hand-offs, not SQLite, were the cost. Booleans go in as `D::bool_as_int(col)`.
//! - **A bulk write** is a multi-row INSERT per chunk ([`db::values_placeholders`], see
//!   `save_monthly_figures`), in one transaction, all or nothing. Its parameters come only from
//!   `values_placeholders::<D>`, which writes `?` on SQLite: thousands of `$N` there are named
//!   parameters and cost O(n²) to bind. A list of names to match is one JSON parameter read by
//!   `D::in_json_strings`.
//! - **A word that differs** (a function name, a cast, a catalogue query) is a new provided item
//!   of [`Dialect`] with a `match` on [`Engine`]; the compiler asks for both variants.
//! - **A new bound or read value type** is one more `Binds<T>` / `Decodes<T>` supertrait of
//!   [`Dialect`] ([`db`] says why they are spelled out).
//! - **A new table** is the next free migration number in *both* `migrations/sqlite` and
//!   `migrations/postgres`, same number and meaning, each in its own types (`INTEGER PRIMARY
//!   KEY`/`BIGSERIAL`, `INTEGER` 0/1/`BOOLEAN`, RFC 3339 `TEXT`/`TIMESTAMPTZ`). Never edit a
//!   migration that has landed: databases record its checksum. Dumps and restores pick new
//!   tables up by themselves.
//!
//! ## Why generic code over sqlx's `Database`
//!
//! Three ways were tried on the ledger module before the rest moved; the national-scale
//! benchmark before and after the move is in `docs/benchmarks.md` ("One storage
//! implementation"):
//!
//! - **Generic code over sqlx's `Database` with a small dialect trait** (kept). Ordinary Rust
//!   that rustfmt, clippy and the compiler check once for both databases; monomorphised per
//!   backend, so it costs nothing at run time, and the SQL stays SQL. sqlx states what a backend
//!   can bind, read and run as bounds on *other* types, which Rust does not carry from a trait
//!   to its users; restating them as traits of the backend ([`db::Binds`], [`db::Decodes`],
//!   [`db::Executes`]) with blanket implementations leaves `D: Dialect` the only bound anyone
//!   writes.
//! - **A `macro_rules!` body instantiated once per backend**: the same machine code, but the
//!   whole storage layer would live inside macro bodies that rustfmt does not format, whose
//!   warnings come twice and whose errors point at the expansion.
//! - **sea-query building each statement for both dialects** (with `sea-query-sqlx`): it still
//!   needs the generic execution layer above (its values bind through `IntoArguments<D>`), it
//!   turns every statement into builder calls, and the differences that matter here — JSON
//!   aggregation, catalogue queries, the transaction's first statement — are custom functions
//!   or raw SQL in it too. Our statements already use the SQL both databases share.
//!
//! sqlx's `Any` driver was ruled out beforehand: it cannot read SQLite booleans, PostgreSQL
//! NUMERIC or TIMESTAMPTZ, and reads REAL differently per backend.

pub mod db;
mod dialect;

mod accounts;
mod dump;
mod ledgers;
mod plans;
mod postgres;
mod progress;
mod publication;
mod regions;
mod reviews;
mod sqlite;

pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

pub use db::{Col, Sql, Tx, backend, sql, sql_built};
pub use dialect::{Dialect, Engine};

use planwatch_store::{Actor, StoreError, StoreResult};
use sqlx::Pool;

/// Which data a store's reads return: the working data everyone inside enters and approves,
/// or what has been published (see `planwatch_store::publication`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Working,
    /// Reads of actuals, monthly figures and ledger items return the published ones; writes
    /// are refused.
    Published,
}

/// A planwatch database on backend `D`: the connection pool and the view its reads take.
pub struct SqlStore<D: Dialect> {
    pool: Pool<D>,
    view: View,
}

impl<D: Dialect> Clone for SqlStore<D> {
    fn clone(&self) -> Self {
        SqlStore {
            pool: self.pool.clone(),
            view: self.view,
        }
    }
}

/// The newest schema version backend `D`'s migrations know.
pub fn known_schema_version<D: Dialect>() -> i64 {
    D::MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

impl<D: Dialect> SqlStore<D> {
    /// Wraps an open pool and brings the schema up to date. Refuses a database made by a
    /// newer planwatch.
    pub async fn from_pool(pool: Pool<D>) -> StoreResult<Self> {
        let store = SqlStore {
            pool,
            view: View::Working,
        };
        store.migrate().await?;
        Ok(store)
    }

    pub fn pool(&self) -> &Pool<D> {
        &self.pool
    }

    /// Applies pending migrations after checking the database is not from a newer build.
    pub async fn migrate(&self) -> StoreResult<()> {
        let known = known_schema_version::<D>();
        if let Some(found) = self.schema_version().await?
            && found > known
        {
            return Err(StoreError::NewerSchema { found, known });
        }
        D::MIGRATOR.run(&self.pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::VersionMissing(found) => {
                StoreError::NewerSchema { found, known }
            }
            other => StoreError::Backend(other.to_string()),
        })
    }

    /// The highest applied migration, or `None` for a fresh database.
    pub async fn schema_version(&self) -> StoreResult<Option<i64>> {
        let exists: i64 = sql(D::MIGRATIONS_TABLE_EXISTS).scalar(&self.pool).await?;
        if exists == 0 {
            return Ok(None);
        }
        sql("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .scalar(&self.pool)
            .await
    }

    /// Which data this store's reads return.
    pub fn view(&self) -> View {
        self.view
    }

    /// A write transaction, opened with the backend's [`Dialect::BEGIN_WRITE`]. A published
    /// view writes nothing: every write starts here, so it is refused here.
    pub async fn write_tx(&self) -> StoreResult<Tx<D>> {
        if self.view == View::Published {
            return Err(StoreError::Invalid(
                "the published view of the database is read-only".into(),
            ));
        }
        self.pool.begin_with(D::BEGIN_WRITE).await.map_err(backend)
    }
}

/// The region's id, creating the region (with an audit entry) if it is new.
pub async fn ensure_region_tx<D: Dialect>(
    tx: &mut Tx<D>,
    name: &str,
    actor: &Actor,
) -> StoreResult<i64> {
    if let Some(id) = sql("SELECT id FROM regions WHERE name = $1")
        .bind(name)
        .scalar_optional(&mut *tx)
        .await?
    {
        return Ok(id);
    }
    let id = sql("INSERT INTO regions (name) VALUES ($1) RETURNING id")
        .bind(name)
        .scalar(&mut *tx)
        .await?;
    audit_tx(tx, actor, "create", "region", name, None, Some(name)).await?;
    Ok(id)
}

/// Appends one entry to the audit trail, in the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub async fn audit_tx<D: Dialect>(
    tx: &mut Tx<D>,
    actor: &Actor,
    action: &str,
    entity: &str,
    key: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> StoreResult<()> {
    audit_reason_tx(tx, actor, action, entity, key, old, new, None).await
}

/// [`audit_tx`] with the reason given for a figure that failed a plausibility check.
#[allow(clippy::too_many_arguments)]
pub async fn audit_reason_tx<D: Dialect>(
    tx: &mut Tx<D>,
    actor: &Actor,
    action: &str,
    entity: &str,
    key: &str,
    old: Option<&str>,
    new: Option<&str>,
    reason: Option<&str>,
) -> StoreResult<()> {
    sql(
        "INSERT INTO audit_log (actor, origin, action, entity, entity_key, old_value, new_value, reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(actor.user.as_str())
    .bind(actor.origin.as_str())
    .bind(action)
    .bind(entity)
    .bind(key)
    .bind(old)
    .bind(new)
    .bind(reason)
    .execute(tx)
    .await?;
    Ok(())
}
