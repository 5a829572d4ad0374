//! Concurrent edits through the API: every write is either accepted (and counted in the
//! versions and the audit trail) or refused with 409 — never lost, never a server error.

mod common;

use common::{Backend, spawn};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

const WORKERS: usize = 12;
const ROUNDS: usize = 8;

async fn concurrent_edits_reconcile(backend: Backend) {
    let Some(app) = spawn(backend, "concurrency").await else {
        return;
    };
    let app = Arc::new(app);
    let admin = app.token("admin").await;
    let fdi = "实际使用外资FDI";
    let url = app.url(&format!(
        "/api/v1/regions/江北区/years/2023/indicators/{fdi}/actual"
    ));
    let accepted = Arc::new(AtomicU64::new(0));
    let refused = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for w in 0..WORKERS {
        let (app, admin, url) = (app.clone(), admin.clone(), url.clone());
        let (accepted, refused) = (accepted.clone(), refused.clone());
        tasks.push(tokio::spawn(async move {
            let c = app.client();
            for r in 0..ROUNDS {
                let year: Value = c
                    .get(app.url("/api/v1/regions/江北区/years/2023/indicators"))
                    .send()
                    .await
                    .expect("read")
                    .json()
                    .await
                    .expect("json");
                let v = year["indicators"]
                    .as_array()
                    .and_then(|rows| rows.iter().find(|row| row["name"] == fdi))
                    .and_then(|row| row["version"].as_i64())
                    .expect("version");
                let value = format!("{}.{}", w + 1, r);
                let resp = c
                    .put(&url)
                    .bearer_auth(&admin)
                    .json(&json!({ "value": value, "expected_version": v }))
                    .send()
                    .await
                    .expect("write");
                match resp.status().as_u16() {
                    200 => accepted.fetch_add(1, Ordering::SeqCst),
                    409 => refused.fetch_add(1, Ordering::SeqCst),
                    other => panic!(
                        "unexpected status {other}: {}",
                        resp.text().await.unwrap_or_default()
                    ),
                };
            }
        }));
    }
    for t in tasks {
        t.await.expect("worker");
    }
    let accepted = accepted.load(Ordering::SeqCst);
    let refused = refused.load(Ordering::SeqCst);
    assert_eq!(accepted + refused, (WORKERS * ROUNDS) as u64);
    assert!(accepted >= 1);
    let records = app
        .store
        .indicator_records("江北区", 2023)
        .await
        .expect("records");
    let row = records.iter().find(|r| r.name == fdi).expect("row");
    assert_eq!(
        row.version,
        1 + accepted as i64,
        "every accepted write bumped the version once"
    );
    let audit = app.store.audit_entries(10_000).await.expect("audit");
    let writes = audit
        .iter()
        .filter(|e| e.action == "set_actual" && e.entity_key == format!("江北区/2023/{fdi}"))
        .count();
    assert_eq!(
        writes as u64, accepted,
        "every accepted write is audited, no refused one is"
    );
    eprintln!("{backend:?}: {accepted} accepted, {refused} refused with 409");

    // Reporters racing on one submission: the same reconciliation on the submission's version.
    let stats = app.token("stats").await;
    let mut tasks = Vec::new();
    let ok = Arc::new(AtomicU64::new(0));
    for w in 0..WORKERS {
        let (app, stats, ok) = (app.clone(), stats.clone(), ok.clone());
        tasks.push(tokio::spawn(async move {
            let c = app.client();
            for r in 0..ROUNDS {
                let list: Value = c
                    .get(app.url("/api/v1/submissions"))
                    .bearer_auth(&stats)
                    .send()
                    .await
                    .expect("list")
                    .json()
                    .await
                    .expect("json");
                let version = list
                    .as_array()
                    .and_then(|l| l.iter().find(|s| s["indicator"] == "人均地区生产总值"))
                    .and_then(|s| s["version"].as_i64());
                let resp = c
                    .post(app.url("/api/v1/submissions"))
                    .bearer_auth(&stats)
                    .json(
                        &json!({ "region": "江北区", "year": 2024, "indicator": "人均地区生产总值",
                        "value": format!("19.{w}{r}"), "expected_version": version }),
                    )
                    .send()
                    .await
                    .expect("save");
                match resp.status().as_u16() {
                    200 => {
                        ok.fetch_add(1, Ordering::SeqCst);
                    }
                    409 => {}
                    other => panic!(
                        "unexpected status {other}: {}",
                        resp.text().await.unwrap_or_default()
                    ),
                }
            }
        }));
    }
    for t in tasks {
        t.await.expect("worker");
    }
    let ok = ok.load(Ordering::SeqCst);
    let subs = app
        .store
        .submissions(&Default::default())
        .await
        .expect("list");
    assert_eq!(subs.len(), 1, "one open submission, never duplicated");
    assert_eq!(
        subs[0].version as u64, ok,
        "created once, then one version per accepted save"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_edits_reconcile_on_sqlite() {
    concurrent_edits_reconcile(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_edits_reconcile_on_postgres() {
    concurrent_edits_reconcile(Backend::Postgres).await;
}
