//! The shared storage story, on PostgreSQL. Runs when `PLANWATCH_TEST_POSTGRES` names a server
//! (scripts/test.sh sets it after checking 127.0.0.1:5432); each run gets its own schema.

mod common;

use common::fresh_store;

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
