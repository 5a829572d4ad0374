//! The server backend: PostgreSQL (and PostgreSQL-compatible databases) with a connection
//! pool, its own migrations (`migrations/postgres`, same version numbers as SQLite's).

use crate::db::sql_built;
use crate::{Dialect, Engine, SqlStore};
use planwatch_store::{StoreError, StoreResult};
use sqlx::Postgres;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgQueryResult};
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// A planwatch database on a PostgreSQL server.
pub type PostgresStore = SqlStore<Postgres>;

impl Dialect for Postgres {
    const ENGINE: Engine = Engine::Postgres;
    const MIGRATOR: &'static Migrator = &MIGRATOR;

    fn rows_affected(result: &PgQueryResult) -> u64 {
        result.rows_affected()
    }
}

impl SqlStore<Postgres> {
    /// Connects to `url` (`postgres://user@host:5432/db`), with a pool of up to
    /// `max_connections`, and brings the schema up to date. Refuses a database made by a newer
    /// planwatch.
    pub async fn connect(url: &str, max_connections: u32) -> StoreResult<Self> {
        Self::connect_with(parse_url(url)?, max_connections).await
    }

    /// Like [`SqlStore::connect`], with options built by the caller (tests use this to put
    /// each run in its own schema through `search_path`).
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
        Self::from_pool(pool).await
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
        let options = parse_url(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .map_err(|e| StoreError::Backend(format!("cannot connect to PostgreSQL: {e}")))?;
        sql_built(format!("CREATE SCHEMA {schema}"))
            .execute(&pool)
            .await?;
        pool.close().await;
        let store =
            Self::connect_with(options.options([("search_path", schema.as_str())]), 4).await?;
        Ok((store, schema))
    }
}

fn parse_url(url: &str) -> StoreResult<PgConnectOptions> {
    PgConnectOptions::from_str(url)
        .map_err(|e| StoreError::Invalid(format!("bad PostgreSQL URL: {e}")))
}
