//! # planwatch-web
//!
//! The web app of planwatch: server-rendered pages (Chinese by default, `?lang=en` for English)
//! and a JSON API under `/api/v1` with its OpenAPI document at `/api/v1/openapi.json`. One
//! binary: pages are built with `maud` at compile time and the stylesheet is compiled in.
//!
//! - [`routes`]: the single table of routes with the roles each requires; it builds the router
//!   and drives the authorization tests, so no route escapes the check.
//! - [`auth`]: passwords, sessions, CSRF, login throttling.
//! - [`pages`]: 登录, 驾驶舱, 指标, 数据填报, 审核, 审计, and the ledgers 重点项目, 民生实事,
//!   重点任务 (filters, lights, tally, Excel export; import by the DRC) and 报告审查 (upload a
//!   report, findings beside its numbered text); [`api`]: the JSON API, ledgers included.
//! - [`upload`]: file uploads, read and CSRF-checked by the route guard, 20 MB at most.
//! - [`demo`]: demo accounts and illustrative monthly figures for `planwatch serve --demo`.
//!
//! Tests start the real app on `127.0.0.1:0` with [`launch_with_listener`]:
//!
//! ```no_run
//! # async fn f(store: std::sync::Arc<dyn planwatch_web::WebStore>) -> std::io::Result<()> {
//! let state = planwatch_web::AppState::new(store, planwatch_web::WebConfig::default())
//!     .expect("state");
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! planwatch_web::launch_with_listener(state, listener, std::future::pending()).await
//! # }
//! ```

pub mod api;
pub mod auth;
pub mod demo;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod progress_input;
pub mod routes;
pub mod upload;
pub mod util;

use error::WebError;
use planwatch_domain::Rules;
use planwatch_service::compare::PlanStore;
use planwatch_store::{AccountStore, Store};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

/// How the web app behaves; the defaults suit one office's intranet.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (only sent over HTTPS). Off by default because intranet installs
    /// often run plain HTTP; turn it on behind TLS.
    pub secure_cookies: bool,
    /// Session lifetime in seconds (default 8 hours).
    pub session_ttl_secs: i64,
    /// Failed logins per username and address before the address is refused (default 5)…
    pub login_max_failures: i64,
    /// …within this window in seconds, which is also how long the refusal lasts (default 900).
    pub login_window_secs: i64,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted reverse proxy).
    pub trust_forwarded_for: bool,
    /// Origins allowed besides the request's own host, e.g. `https://plan.example.gov.cn` when a
    /// proxy rewrites the Host header.
    pub allowed_origins: Vec<String>,
    /// The region shown when a page is not told one (default: the first region by name).
    pub default_region: Option<String>,
    /// The judging rules.
    pub rules: Rules,
    /// How far (percent of the time elapsed) a level indicator may trail the time elapsed and
    /// still be lit yellow rather than red (default 10).
    pub progress_tolerance_pct: u32,
    /// The time zone of the times and dates pages show (default Asia/Shanghai).
    pub time_zone: util::TimeZone,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            session_ttl_secs: 8 * 3600,
            login_max_failures: 5,
            login_window_secs: 15 * 60,
            trust_forwarded_for: false,
            allowed_origins: Vec::new(),
            default_region: None,
            rules: Rules::default(),
            progress_tolerance_pct: planwatch_domain::in_year::DEFAULT_TOLERANCE_PCT,
            time_zone: util::TimeZone::default(),
        }
    }
}

/// What the web app needs of a backend: accounts, submissions and monthly figures, plans, and
/// the region tree (for comparisons). Both backends are one; the CLI opens the same.
pub use planwatch_service::Backend as WebStore;

tokio::task_local! {
    /// Set for the handling of a request that sees published data only (see
    /// [`sees_published_only`]); the store accessors of [`AppState`] then give the published
    /// view, so every page and API read shows published data without knowing so.
    static PUBLISHED_ONLY: bool;
}

/// Whether `viewer` reads published data only: the public and deputies (人大代表). The DRC,
/// leaders and reporters work inside the government and see working data.
pub fn sees_published_only(viewer: &auth::Viewer) -> bool {
    matches!(viewer.role(), None | Some(planwatch_store::Role::Reviewer))
}

/// Runs a request's handling with the published view when `published` (a safe request by a
/// viewer who sees published data only; writes always go to the working data).
pub(crate) async fn with_view<F: Future>(published: bool, handling: F) -> F::Output {
    PUBLISHED_ONLY.scope(published, handling).await
}

struct Inner {
    store: Arc<dyn WebStore>,
    /// The same database as the public sees it (read-only).
    published: Arc<dyn WebStore>,
    config: WebConfig,
    dummy_hash: String,
}

/// What every handler shares: the store and the configuration.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    pub fn new(store: Arc<dyn WebStore>, config: WebConfig) -> Result<Self, WebError> {
        // Unknown usernames are checked against this hash so they take as long as known ones.
        let dummy_hash = auth::hash_password(&auth::random_token(16)?)?;
        let published = store.published_view();
        Ok(AppState(Arc::new(Inner {
            store,
            published,
            config,
            dummy_hash,
        })))
    }

    /// Accounts, sessions, submissions and monthly figures.
    pub fn store(&self) -> &dyn AccountStore {
        self.db()
    }

    /// The plan data, for the use cases of `planwatch-service`.
    pub fn data(&self) -> &dyn Store {
        self.db()
    }

    /// Everything the store holds, for the use cases over the whole database (progress
    /// entries, publications, saved reviews). Within a request that sees published data only
    /// (see [`sees_published_only`]) this and every other accessor give the published view.
    pub fn db(&self) -> &dyn WebStore {
        if PUBLISHED_ONLY.try_with(|p| *p).unwrap_or(false) {
            self.0.published.as_ref()
        } else {
            self.0.store.as_ref()
        }
    }

    /// The working data whoever asks (the context middleware resolves sessions with it).
    pub fn working(&self) -> &dyn WebStore {
        self.0.store.as_ref()
    }

    /// The whole backend, for use cases that read plans and figures together.
    pub fn backend(&self) -> &dyn WebStore {
        self.0.store.as_ref()
    }

    /// Plans with the region tree (and monthly figures in bulk), for comparisons across regions.
    pub fn plans(&self) -> &dyn PlanStore {
        self.db()
    }

    pub fn config(&self) -> &WebConfig {
        &self.0.config
    }

    fn dummy_hash(&self) -> &str {
        &self.0.dummy_hash
    }
}

/// The whole app as a router (tests may drive it without a socket).
pub fn app(state: AppState) -> axum::Router {
    routes::router(state)
}

/// Serves the app on `listener` until `shutdown` completes.
pub async fn launch_with_listener<F>(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: F,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "planwatch web listening");
    }
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
