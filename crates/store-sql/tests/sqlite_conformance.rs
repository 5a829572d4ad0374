//! The shared storage story, on a fresh SQLite file.

#[tokio::test]
async fn sqlite_store_passes_the_conformance_suite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = planwatch_store_sql::SqliteStore::open(dir.path().join("t.db"), true)
        .await
        .expect("open");
    planwatch_store::conformance::run_all(&store).await;
}

#[tokio::test]
async fn an_in_memory_database_works_too() {
    let store = planwatch_store_sql::SqliteStore::open_url("sqlite::memory:")
        .await
        .expect("open");
    planwatch_store::conformance::run_all(&store).await;
}

#[tokio::test]
async fn opening_a_missing_file_without_create_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("absent.db");
    let err = match planwatch_store_sql::SqliteStore::open(&path, false).await {
        Ok(_) => panic!("must not open a missing file"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("absent.db"), "{err}");
    assert!(!path.exists());
}

#[tokio::test]
async fn sqlite_ledgers_pass_the_conformance_suite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = planwatch_store_sql::SqliteStore::open(dir.path().join("t.db"), true)
        .await
        .expect("open");
    planwatch_store::conformance::run_ledgers(&store).await;
}

#[tokio::test]
async fn sqlite_dump_restores_identically_and_backs_up_online() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = planwatch_store_sql::SqliteStore::open(dir.path().join("a.db"), true)
        .await
        .expect("open a");
    let target = planwatch_store_sql::SqliteStore::open(dir.path().join("b.db"), true)
        .await
        .expect("open b");
    planwatch_store::conformance::run_dump(&source, &target).await;

    let copy = dir.path().join("copy.db");
    source.backup_to(&copy).await.expect("online backup");
    let reopened = planwatch_store_sql::SqliteStore::open(&copy, false)
        .await
        .expect("open copy");
    use planwatch_store::DumpStore;
    assert_eq!(
        reopened.dump().await.expect("d1"),
        source.dump().await.expect("d2")
    );
    assert!(source.backup_to(&copy).await.is_err(), "never overwrites");
}
