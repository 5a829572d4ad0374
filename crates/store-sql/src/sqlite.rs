//! The embedded backend: one SQLite file per office (default `planwatch.db`), WAL mode,
//! migrations (`migrations/sqlite`) compiled into the binary.
//!
//! ```no_run
//! # async fn f() -> Result<(), planwatch_store::StoreError> {
//! use planwatch_store::Store;
//! let store = planwatch_store_sql::SqliteStore::open("planwatch.db", true).await?;
//! let years = store.plan_years("江北区").await?;
//! # Ok(()) }
//! ```

use crate::db::{backend, sql};
use crate::{Dialect, Engine, SqlStore};
use planwatch_store::{StoreError, StoreResult};
use sqlx::Sqlite;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteQueryResult};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// A planwatch database in one SQLite file.
pub type SqliteStore = SqlStore<Sqlite>;

impl Dialect for Sqlite {
    const ENGINE: Engine = Engine::Sqlite;
    const MIGRATOR: &'static Migrator = &MIGRATOR;

    fn rows_affected(result: &SqliteQueryResult) -> u64 {
        result.rows_affected()
    }
}

impl SqlStore<Sqlite> {
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
        Self::connect_sqlite(options).await
    }

    /// Opens a database from a `sqlite:` URL (`sqlite:planwatch.db`, `sqlite::memory:`).
    pub async fn open_url(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Invalid(format!("bad SQLite URL {url:?}: {e}")))?
            .create_if_missing(true)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        Self::connect_sqlite(options).await
    }

    async fn connect_sqlite(options: SqliteConnectOptions) -> StoreResult<Self> {
        let in_memory = options.get_filename().as_os_str() == ":memory:";
        let pool = SqlitePoolOptions::new()
            // An in-memory database lives in one connection.
            .max_connections(if in_memory { 1 } else { 8 })
            .connect_with(options)
            .await
            .map_err(backend)?;
        Self::from_pool(pool).await
    }

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
        sql("VACUUM INTO $1")
            .bind(target)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
