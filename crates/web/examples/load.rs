//! A bounded load run against the cockpit page and one API route, on loopback.
//!
//! ```sh
//! # Self-hosted on a fresh SQLite file with the demo data (default):
//! cargo run --release -p planwatch-web --example load -- --seconds 10 --concurrency 8
//! # Self-hosted on PostgreSQL (a fresh schema):
//! cargo run --release -p planwatch-web --example load -- --pg postgres://postgres@127.0.0.1:5432/test
//! # Against a running server (a leader's or admin's account):
//! cargo run --release -p planwatch-web --example load -- --url http://127.0.0.1:8080 --user leader --password …
//! ```
//!
//! With `--compare-parent 江北市 --compare-group 江北市中心城区 --compare-year 2023` it also loads
//! the ranking API (`/api/v1/compare`): the parent's children and the group by annual actuals,
//! and the group by 1-9月 cumulative figures with quarterly streaks.
//!
//! Each target is loaded for `--seconds` by `--concurrency` workers (each sends its next
//! request when the previous one is answered), after a one-second warm-up; it prints requests,
//! requests per second, p50/p90/p99/max latency and errors (any status but 200).

use planwatch_store::Actor;
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Options {
    url: Option<String>,
    user: String,
    password: Option<String>,
    seconds: u64,
    concurrency: usize,
    pg: Option<String>,
    compare_parent: Option<String>,
    compare_group: Option<String>,
    compare_year: i32,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        url: None,
        user: "leader".into(),
        password: None,
        seconds: 10,
        concurrency: 8,
        pg: None,
        compare_parent: None,
        compare_group: None,
        compare_year: 2023,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--url" => o.url = Some(value()?),
            "--user" => o.user = value()?,
            "--password" => o.password = Some(value()?),
            "--seconds" => {
                o.seconds = value()?
                    .parse()
                    .map_err(|_| "--seconds: a number".to_string())?
            }
            "--concurrency" => {
                o.concurrency = value()?
                    .parse()
                    .map_err(|_| "--concurrency: a number".to_string())?
            }
            "--pg" => o.pg = Some(value()?),
            "--compare-parent" => o.compare_parent = Some(value()?),
            "--compare-group" => o.compare_group = Some(value()?),
            "--compare-year" => {
                o.compare_year = value()?
                    .parse()
                    .map_err(|_| "--compare-year: a year".to_string())?
            }
            "--help" | "-h" => return Err("see the doc comment of examples/load.rs".into()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if o.concurrency == 0 || o.seconds == 0 {
        return Err("--seconds and --concurrency must be at least 1".into());
    }
    Ok(o)
}

async fn open_store(pg: Option<&str>, dir: &std::path::Path) -> Arc<dyn planwatch_web::WebStore> {
    match pg {
        None => Arc::new(
            planwatch_store_sql::SqliteStore::open(dir.join("load.db"), true)
                .await
                .expect("open SQLite"),
        ),
        Some(url) => {
            use sqlx::postgres::PgConnectOptions;
            use std::str::FromStr;
            let schema = format!("pw_load_{}", std::process::id());
            let admin = PgConnectOptions::from_str(url).expect("PostgreSQL URL");
            let pool = sqlx::PgPool::connect_with(admin.clone())
                .await
                .expect("connect");
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "CREATE SCHEMA IF NOT EXISTS {schema}"
            )))
            .execute(&pool)
            .await
            .expect("schema");
            pool.close().await;
            let options = admin.options([("search_path", schema.as_str())]);
            Arc::new(
                planwatch_store_sql::PostgresStore::connect_with(options, 16)
                    .await
                    .expect("open PostgreSQL"),
            )
        }
    }
}

async fn run_target(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    seconds: u64,
    concurrency: usize,
) {
    // Warm-up.
    let warm_until = Instant::now() + Duration::from_secs(1);
    while Instant::now() < warm_until {
        let _ = client
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .map(|r| r.bytes());
    }
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let client = client.clone();
        let url = url.to_string();
        let token = token.to_string();
        workers.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0u64;
            while Instant::now() < until {
                let t = Instant::now();
                match client.get(&url).bearer_auth(&token).send().await {
                    Ok(r) => {
                        let ok = r.status() == 200;
                        let body = r.bytes().await;
                        if !ok || body.is_err() {
                            errors += 1;
                        }
                    }
                    Err(_) => errors += 1,
                }
                lat.push(t.elapsed());
            }
            (lat, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for w in workers {
        let (lat, e) = w.await.expect("worker");
        all.extend(lat);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    let q = |p: f64| {
        let i = ((all.len() as f64) * p).ceil() as usize;
        all.get(i.saturating_sub(1).min(all.len().saturating_sub(1)))
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    };
    println!(
        "{url}\n  concurrency {concurrency}, {seconds}s: {} requests, {:.0} req/s, p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms, errors {errors}",
        all.len(),
        all.len() as f64 / elapsed,
        q(0.50),
        q(0.90),
        q(0.99),
        all.last().map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0),
    );
}

#[tokio::main]
async fn main() {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("load: {e}");
            std::process::exit(2);
        }
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let (base, password, _server) = match &o.url {
        Some(url) => {
            let Some(p) = o.password.clone() else {
                eprintln!("load: --url needs --password (of --user, default leader)");
                std::process::exit(2);
            };
            (url.trim_end_matches('/').to_string(), p, None)
        }
        None => {
            let store = open_store(o.pg.as_deref(), dir.path()).await;
            let accounts =
                planwatch_web::demo::install(store.as_ref(), &Actor::new("load", "load"))
                    .await
                    .expect("demo data");
            let password = accounts
                .iter()
                .find(|a| a.username == o.user)
                .map(|a| a.password.clone())
                .expect("a demo user");
            let state = planwatch_web::AppState::new(store, planwatch_web::WebConfig::default())
                .expect("state");
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            let base = format!("http://{}", listener.local_addr().expect("addr"));
            let server = tokio::spawn(planwatch_web::launch_with_listener(
                state,
                listener,
                std::future::pending(),
            ));
            println!(
                "self-hosted on {base} ({})",
                if o.pg.is_some() {
                    "PostgreSQL"
                } else {
                    "SQLite"
                }
            );
            (base, password, Some(server))
        }
    };
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(o.concurrency * 2)
        .build()
        .expect("client");
    let login = client
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({ "username": o.user, "password": password }))
        .send()
        .await
        .expect("login request");
    if login.status() != 201 {
        eprintln!("load: login of {} failed: {}", o.user, login.status());
        std::process::exit(1);
    }
    let v: serde_json::Value = login.json().await.expect("login JSON");
    let token = v["token"].as_str().expect("token").to_string();
    let region = planwatch_web::util::enc("江北区");
    let mut targets = vec![
        format!("{base}/cockpit?region={region}&year=2024"),
        format!("{base}/api/v1/regions/{region}/years/2024/cockpit"),
        format!("{base}/api/v1/regions/{region}/years/2023/indicators"),
    ];
    let gdp = planwatch_web::util::enc("地区生产总值增速");
    let year = o.compare_year;
    if let Some(parent) = &o.compare_parent {
        let parent = planwatch_web::util::enc(parent);
        targets.push(format!(
            "{base}/api/v1/compare?parent={parent}&year={year}&indicator={gdp}"
        ));
    }
    if let Some(group) = &o.compare_group {
        let group = planwatch_web::util::enc(group);
        targets.push(format!(
            "{base}/api/v1/compare?group={group}&year={year}&indicator={gdp}"
        ));
        targets.push(format!(
            "{base}/api/v1/compare?group={group}&year={year}&indicator={gdp}&month=9&by=quarter"
        ));
    }
    for url in &targets {
        run_target(&client, url, &token, o.seconds, 1).await;
        if o.concurrency > 1 {
            run_target(&client, url, &token, o.seconds, o.concurrency).await;
        }
    }
}
