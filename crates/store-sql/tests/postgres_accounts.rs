//! The shared accounts story on PostgreSQL. Runs when `PLANWATCH_TEST_POSTGRES` names a
//! server; each run gets its own schema.

mod common;

use common::fresh_store;

#[tokio::test]
async fn postgres_store_passes_the_accounts_suite() {
    let Some(store) = fresh_store("accounts").await else {
        return;
    };
    planwatch_store::accounts::conformance::run_accounts(&store).await;
}

#[tokio::test]
async fn postgres_store_passes_the_year_work_suite() {
    let Some(store) = fresh_store("yearwork").await else {
        return;
    };
    planwatch_store::conformance::run_year_work(&store).await;
}
