//! The shared accounts story (users, sessions, throttling, submissions, monthly figures), on
//! a fresh SQLite file and in memory.

#[tokio::test]
async fn sqlite_store_passes_the_accounts_suite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = planwatch_store_sql::SqliteStore::open(dir.path().join("t.db"), true)
        .await
        .expect("open");
    planwatch_store::accounts::conformance::run_accounts(&store).await;
}

#[tokio::test]
async fn in_memory_sqlite_passes_the_accounts_suite() {
    let store = planwatch_store_sql::SqliteStore::open_url("sqlite::memory:")
        .await
        .expect("open");
    planwatch_store::accounts::conformance::run_accounts(&store).await;
}

#[tokio::test]
async fn sqlite_store_passes_the_year_work_suite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = planwatch_store_sql::SqliteStore::open(dir.path().join("t.db"), true)
        .await
        .expect("open");
    planwatch_store::conformance::run_year_work(&store).await;
}
