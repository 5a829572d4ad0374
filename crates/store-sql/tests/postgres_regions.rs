//! The shared region-tree, groups and bulk-plan story, on PostgreSQL (when
//! `PLANWATCH_TEST_POSTGRES` is set; each run gets its own schema).

mod common;

use common::fresh_store;

#[tokio::test]
async fn postgres_regions_pass_the_conformance_suite() {
    let Some(store) = fresh_store("regions").await else {
        return;
    };
    planwatch_store::regions::conformance::run_regions(&store).await;
}
