//! The shared accounts story on PostgreSQL. Runs when `PLANWATCH_TEST_POSTGRES` names a
//! server; each run gets its own schema.

use planwatch_store_postgres::PostgresStore;
use sqlx::postgres::PgConnectOptions;
use std::str::FromStr;

async fn fresh_store(tag: &str) -> Option<PostgresStore> {
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
async fn postgres_store_passes_the_accounts_suite() {
    let Some(store) = fresh_store("accounts").await else {
        return;
    };
    planwatch_store::accounts::conformance::run_accounts(&store).await;
}
