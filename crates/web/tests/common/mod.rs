//! Starts the real app on 127.0.0.1:0 over a fresh database (SQLite in a temp dir, or a fresh
//! PostgreSQL schema when `PLANWATCH_TEST_POSTGRES` names a server), with the demo data and
//! accounts, and gives tests HTTP clients.
#![allow(dead_code)]

use planwatch_store::Actor;
use planwatch_web::{AppState, WebConfig};
use reqwest::redirect::Policy;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub store: Arc<dyn planwatch_web::WebStore>,
    pub passwords: HashMap<&'static str, String>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    dir: Option<tempfile::TempDir>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

async fn postgres_store(tag: &str) -> Option<Arc<dyn planwatch_web::WebStore>> {
    let url = std::env::var("PLANWATCH_TEST_POSTGRES").ok()?;
    let (store, _schema) =
        planwatch_store_sql::PostgresStore::connect_fresh_schema(&url, &format!("pw_web_{tag}"))
            .await
            .expect("a fresh schema on the PostgreSQL test server");
    Some(Arc::new(store))
}

/// The app on a fresh database, or `None` (with a note) when the backend is not available.
pub async fn spawn(backend: Backend, tag: &str) -> Option<TestApp> {
    spawn_with(backend, tag, WebConfig::default()).await
}

pub async fn spawn_with(backend: Backend, tag: &str, config: WebConfig) -> Option<TestApp> {
    let (store, dir): (Arc<dyn planwatch_web::WebStore>, _) = match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let store = planwatch_store_sql::SqliteStore::open(dir.path().join("web.db"), true)
                .await
                .expect("open sqlite");
            (Arc::new(store), Some(dir))
        }
        Backend::Postgres => match postgres_store(tag).await {
            Some(s) => (s, None),
            None => {
                eprintln!(
                    "PLANWATCH_TEST_POSTGRES not set: skipping the PostgreSQL web test {tag}"
                );
                return None;
            }
        },
    };
    let accounts = planwatch_web::demo::install(store.as_ref(), &Actor::new("test", "setup"))
        .await
        .expect("demo");
    let passwords = accounts
        .into_iter()
        .map(|a| (a.username, a.password))
        .collect();
    Some(serve(store, passwords, config, dir).await)
}

/// The app over a store that already holds its data and accounts (`passwords`: the demo
/// accounts' passwords), e.g. a database reopened after [`TestApp::stop`].
pub async fn serve(
    store: Arc<dyn planwatch_web::WebStore>,
    passwords: HashMap<&'static str, String>,
    config: WebConfig,
    dir: Option<tempfile::TempDir>,
) -> TestApp {
    let state = AppState::new(store.clone(), config).expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let shutdown = async {
            let _ = rx.await;
        };
        if let Err(e) = planwatch_web::launch_with_listener(state, listener, shutdown).await {
            eprintln!("server stopped: {e}");
        }
    });
    TestApp {
        base,
        store,
        passwords,
        shutdown: Some(tx),
        server: Some(server),
        dir,
    }
}

impl TestApp {
    /// Stops the server (in-flight requests finish) and closes its store; gives back what a
    /// restart needs: the demo passwords and the directory holding the SQLite file.
    pub async fn stop(mut self) -> (HashMap<&'static str, String>, Option<tempfile::TempDir>) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("the server task ends");
        }
        self.store.close().await.expect("close the store");
        (std::mem::take(&mut self.passwords), self.dir.take())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser-like client: cookie store, no automatic redirects.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .expect("client")
    }

    pub fn password(&self, user: &str) -> &str {
        self.passwords
            .get(user)
            .map(String::as_str)
            .expect("demo user")
    }

    /// Logs in through the login form; returns the client with its session cookie.
    pub async fn login(&self, user: &str) -> reqwest::Client {
        let c = self.client();
        let r = self.login_with(&c, user, self.password(user)).await;
        assert_eq!(r.status(), 303, "login of {user} must redirect");
        c
    }

    pub async fn login_with(
        &self,
        c: &reqwest::Client,
        user: &str,
        password: &str,
    ) -> reqwest::Response {
        let page = c.get(self.url("/login")).send().await.expect("login page");
        assert_eq!(page.status(), 200);
        let token = form_token(&page.text().await.expect("body"));
        c.post(self.url("/login"))
            .form(&[
                ("_csrf", token.as_str()),
                ("username", user),
                ("password", password),
                ("next", ""),
            ])
            .send()
            .await
            .expect("login")
    }

    /// Logs in through the API; returns the bearer token.
    pub async fn token(&self, user: &str) -> String {
        let resp = self
            .client()
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({ "username": user, "password": self.password(user) }))
            .send()
            .await
            .expect("api login");
        assert_eq!(resp.status(), 201, "API login of {user}");
        let v: serde_json::Value = resp.json().await.expect("json");
        v["token"].as_str().expect("token").to_string()
    }

    pub async fn get_text(&self, c: &reqwest::Client, path: &str) -> (u16, String) {
        let r = c.get(self.url(path)).send().await.expect("get");
        let status = r.status().as_u16();
        (status, r.text().await.expect("body"))
    }
}

/// The CSRF token embedded in a page's forms.
pub fn form_token(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).expect("page has a form token") + marker.len();
    let end = html[start..].find('"').expect("token end") + start;
    html[start..end].to_string()
}

/// The attribute value following `needle` (e.g. `data-submission="`) in the page.
pub fn attr_after(html: &str, needle: &str) -> Option<String> {
    let start = html.find(needle)? + needle.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

/// The `data-status` of the row of `indicator` in a page table.
pub fn row_status(html: &str, indicator: &str) -> Option<String> {
    let needle = format!("data-indicator=\"{indicator}\" data-status=\"");
    attr_after(html, &needle)
}

/// A small synthetic report in the Jiangbei flattened style (each table cell on its own line,
/// tab-indented, a blank line between rows). Written for these tests, not taken from any
/// published report. Its prose says all three indicators met their targets; its own table
/// shows the investment growth far below target, so the review must report the count.
pub const SYNTHETIC_REPORT: &str = "\
测试区关于2023年国民经济和社会发展计划执行情况与2024年计划草案的报告
一、2023年计划执行情况
2023年，全区经济运行总体平稳，3项主要指标全部完成年度目标。
地区生产总值增长6.7%，固定资产投资下降2.3%，城镇新增就业2.2万人。
附件1
测试区2023年主要指标完成情况
\t序号
\t指标名称
\t2023年预期目标
\t实际完成

\t1
\t地区生产总值增速（%）
\t6.5以上
\t6.7

\t2
\t固定资产投资增速（%）
\t10
\t-2.3

\t3
\t城镇新增就业人数（万人）
\t2
\t2.2
";

/// Posts a multipart upload with the page's CSRF token.
pub async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    action: &str,
    token: &str,
    fields: &[(&str, &str)],
    file_name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new().text("_csrf", token.to_string());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    form = form.part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string()),
    );
    c.post(app.url(action))
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

/// Uploads a report on the review page as `c` and returns the address of its saved review
/// (the upload answers 303 to it).
pub async fn upload_report(
    app: &TestApp,
    c: &reqwest::Client,
    file_name: &str,
    bytes: Vec<u8>,
) -> String {
    let (_, page) = app.get_text(c, "/reports").await;
    let r = upload(
        app,
        c,
        "/reports",
        &form_token(&page),
        &[],
        file_name,
        bytes,
    )
    .await;
    assert_eq!(r.status(), 303, "the upload opens its saved review");
    r.headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("location")
        .to_string()
}
