//! The shared region-tree, groups and bulk-plan story, on a fresh SQLite file.

#[tokio::test]
async fn sqlite_regions_pass_the_conformance_suite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = planwatch_store_sql::SqliteStore::open(dir.path().join("t.db"), true)
        .await
        .expect("open");
    planwatch_store::regions::conformance::run_regions(&store).await;
}
