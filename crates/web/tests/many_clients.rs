//! 200 concurrent API clients editing overlapping figures for a bounded time, on SQLite and
//! PostgreSQL. Afterwards every accepted write is in the database and the audit trail, every
//! refused one got a 409, and the counts reconcile per indicator.

mod common;

use common::{Backend, spawn};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLIENTS: usize = 200;
const RUN_FOR: Duration = Duration::from_secs(4);
/// Few indicators, so the clients collide often.
const INDICATORS: [&str; 4] = [
    "实际使用外资FDI",
    "进出口总额",
    "人均地区生产总值",
    "全社会研发投入强度",
];

#[derive(Default)]
struct Outcome {
    /// indicator → values accepted (in no particular order).
    accepted: HashMap<&'static str, Vec<String>>,
    refused: u64,
}

async fn many_clients(backend: Backend) {
    let Some(app) = spawn(backend, "many").await else {
        return;
    };
    let app = Arc::new(app);
    let token = app.token("admin").await;
    let outcome = Arc::new(Mutex::new(Outcome::default()));
    let deadline = Instant::now() + RUN_FOR;
    let mut tasks = Vec::with_capacity(CLIENTS);
    for client_no in 0..CLIENTS {
        let (app, token, outcome) = (app.clone(), token.clone(), outcome.clone());
        tasks.push(tokio::spawn(async move {
            let c = app.client();
            let mut round = 0usize;
            // Bounded in time and in count.
            while Instant::now() < deadline && round < 50 {
                let name = INDICATORS[(client_no + round) % INDICATORS.len()];
                let rows: Value = c
                    .get(app.url("/api/v1/regions/江北区/years/2023/indicators"))
                    .send()
                    .await
                    .expect("read")
                    .json()
                    .await
                    .expect("json");
                let version = rows["indicators"]
                    .as_array()
                    .and_then(|r| r.iter().find(|row| row["name"] == name))
                    .and_then(|row| row["version"].as_i64())
                    .expect("version");
                let value = format!("{}.{:03}", client_no + 1, round);
                let resp = c
                    .put(app.url(&format!(
                        "/api/v1/regions/江北区/years/2023/indicators/{name}/actual"
                    )))
                    .bearer_auth(&token)
                    // Synthetic values jump about: each is entered with a reason.
                    .json(&json!({ "value": value, "expected_version": version, "reason": "load test" }))
                    .send()
                    .await
                    .expect("write");
                let status = resp.status().as_u16();
                let mut o = outcome.lock().expect("lock");
                match status {
                    200 => o.accepted.entry(name).or_default().push(value),
                    409 => o.refused += 1,
                    other => panic!("client {client_no}: unexpected status {other}"),
                }
                round += 1;
            }
        }));
    }
    for t in tasks {
        t.await.expect("client task");
    }
    let outcome = std::mem::take(&mut *outcome.lock().expect("lock"));
    let records = app
        .store
        .indicator_records("江北区", 2023)
        .await
        .expect("records");
    let audit = app.store.audit_entries(1_000_000).await.expect("audit");
    let mut total_accepted = 0;
    for name in INDICATORS {
        let accepted = outcome.accepted.get(name).cloned().unwrap_or_default();
        total_accepted += accepted.len();
        let row = records.iter().find(|r| r.name == name).expect("row");
        assert_eq!(
            row.version,
            1 + accepted.len() as i64,
            "{name}: every accepted write bumped the version exactly once"
        );
        let key = format!("江北区/2023/{name}");
        // Audit entries come newest first.
        let writes: Vec<&str> = audit
            .iter()
            .filter(|e| e.action == "set_actual" && e.entity_key == key)
            .filter_map(|e| e.new_value.as_deref())
            .collect();
        let mut audited: Vec<&str> = writes.clone();
        audited.sort_unstable();
        let mut expected: Vec<&str> = accepted.iter().map(String::as_str).collect();
        expected.sort_unstable();
        assert_eq!(
            audited, expected,
            "{name}: the audit trail holds exactly the accepted writes"
        );
        if let Some(last) = writes.first() {
            assert_eq!(
                row.actual_text.as_deref(),
                Some(*last),
                "{name}: the last accepted write stands"
            );
        }
        // The old → new chain is unbroken: each write's old value is the previous write's new one.
        let chain: Vec<(Option<&str>, Option<&str>)> = audit
            .iter()
            .filter(|e| e.action == "set_actual" && e.entity_key == key)
            .map(|e| (e.old_value.as_deref(), e.new_value.as_deref()))
            .collect();
        for pair in chain.windows(2) {
            assert_eq!(
                pair[0].0, pair[1].1,
                "{name}: no write was lost between two audited ones"
            );
        }
    }
    assert!(total_accepted > 0, "some writes got through");
    assert!(outcome.refused > 0, "200 clients on 4 figures must collide");
    eprintln!(
        "{backend:?}: {CLIENTS} clients, {} writes accepted, {} refused with 409",
        total_accepted, outcome.refused
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_clients_on_sqlite() {
    many_clients(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_clients_on_postgres() {
    many_clients(Backend::Postgres).await;
}
