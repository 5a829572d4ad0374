//! The shared storage story, on PostgreSQL. Runs when `PLANWATCH_TEST_POSTGRES` names a server
//! (scripts/test.sh sets it after checking 127.0.0.1:5432); each run gets its own schema.

use planwatch_store_postgres::PostgresStore;
use sqlx::postgres::PgConnectOptions;
use std::str::FromStr;

/// A store in a fresh schema, or `None` (with a note) when no server is configured.
pub async fn fresh_store(tag: &str) -> Option<PostgresStore> {
    let Ok(url) = std::env::var("PLANWATCH_TEST_POSTGRES") else {
        eprintln!("PLANWATCH_TEST_POSTGRES not set: skipping the PostgreSQL test {tag}");
        return None;
    };
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let schema = format!("pw_test_{tag}_{}_{nanos}", std::process::id());
    let admin = PgConnectOptions::from_str(&url).expect("PLANWATCH_TEST_POSTGRES is a URL");
    let pool = sqlx::PgPool::connect_with(admin.clone())
        .await
        .expect("connect");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&pool)
        .await
        .expect("create schema");
    pool.close().await;
    let options = admin.options([("search_path", schema.as_str())]);
    Some(
        PostgresStore::connect_with(options, 4)
            .await
            .expect("open store"),
    )
}

#[tokio::test]
async fn postgres_store_passes_the_conformance_suite() {
    let Some(store) = fresh_store("conformance").await else {
        return;
    };
    planwatch_store::conformance::run_all(&store).await;
}

#[tokio::test]
async fn postgres_ledgers_pass_the_conformance_suite() {
    let Some(store) = fresh_store("ledgers").await else {
        return;
    };
    planwatch_store::conformance::run_ledgers(&store).await;
}

#[tokio::test]
async fn postgres_dump_restores_identically() {
    let (Some(source), Some(target)) = (fresh_store("dump_a").await, fresh_store("dump_b").await)
    else {
        return;
    };
    planwatch_store::conformance::run_dump(&source, &target).await;
}
