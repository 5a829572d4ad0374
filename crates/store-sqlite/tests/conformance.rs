//! The shared storage story, on a fresh SQLite file.

#[tokio::test]
async fn sqlite_store_passes_the_conformance_suite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = planwatch_store_sqlite::SqliteStore::open(dir.path().join("t.db"), true)
        .await
        .expect("open");
    planwatch_store::conformance::run_all(&store).await;
}

#[tokio::test]
async fn an_in_memory_database_works_too() {
    let store = planwatch_store_sqlite::SqliteStore::open_url("sqlite::memory:")
        .await
        .expect("open");
    planwatch_store::conformance::run_all(&store).await;
}

#[tokio::test]
async fn opening_a_missing_file_without_create_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("absent.db");
    let err = match planwatch_store_sqlite::SqliteStore::open(&path, false).await {
        Ok(_) => panic!("must not open a missing file"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("absent.db"), "{err}");
    assert!(!path.exists());
}

#[tokio::test]
async fn sqlite_ledgers_pass_the_conformance_suite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = planwatch_store_sqlite::SqliteStore::open(dir.path().join("t.db"), true)
        .await
        .expect("open");
    planwatch_store::conformance::run_ledgers(&store).await;
}
