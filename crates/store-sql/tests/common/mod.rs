//! A PostgreSQL store in a fresh schema for each test, when `PLANWATCH_TEST_POSTGRES` names a
//! server (scripts/test.sh sets it after checking 127.0.0.1:5432).

use planwatch_store_sql::PostgresStore;

/// The store, or `None` (with a note) when no server is configured.
pub async fn fresh_store(tag: &str) -> Option<PostgresStore> {
    let Ok(url) = std::env::var("PLANWATCH_TEST_POSTGRES") else {
        eprintln!("PLANWATCH_TEST_POSTGRES not set: skipping the PostgreSQL test {tag}");
        return None;
    };
    let (store, _schema) = PostgresStore::connect_fresh_schema(&url, &format!("pw_test_{tag}"))
        .await
        .expect("a fresh schema on the PostgreSQL test server");
    Some(store)
}
