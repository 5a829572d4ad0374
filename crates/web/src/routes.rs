//! The route table: every page and API route with the roles it requires. The same table builds
//! the router (each route wrapped in its guard) and drives the authorization tests, so a route
//! added here is checked, and a route cannot be served without being here.
//!
//! Access is checked on the server for every request: no login → 401, a role not in the list →
//! 403. Handlers narrow further where the row is not enough (a reporter only reaches its own
//! department's entry page). Unsafe methods then pass the CSRF check ([`crate::auth`]).

use crate::auth::{self, ADMIN, ANY_USER, ENTRY, QUEUE, READERS, SUBMISSION_READERS, Via, Viewer};
use crate::error::{ApiError, PageError, PendingErrorPage, WebError};
use crate::i18n::Lang;
use crate::pages::{self, PageCtx};
use crate::{AppState, api};
use axum::Router;
use axum::extract::{DefaultBodyLimit, RawQuery, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, delete, get, post, put};
use planwatch_store::Role;
use tower_http::set_header::SetResponseHeaderLayer;

mod year;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Everyone, without login.
    Public,
    /// Logged-in users with one of these roles.
    Roles(&'static [Role]),
}

impl Access {
    pub fn allows(self, role: Option<Role>) -> bool {
        match self {
            Access::Public => true,
            Access::Roles(roles) => role.is_some_and(|r| roles.contains(&r)),
        }
    }
}

/// How refusals are answered: an HTML page, or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Page,
    Api,
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    /// The axum path, e.g. `/entry/{department}`.
    pub path: &'static str,
    /// A concrete path for tests, e.g. `/entry/区统计局`.
    pub example: &'static str,
    pub access: Access,
    pub kind: Kind,
}

pub struct Route {
    pub spec: RouteSpec,
    handler: MethodRouter<AppState>,
}

fn route(
    method: Method,
    path: &'static str,
    example: &'static str,
    access: Access,
    kind: Kind,
    handler: MethodRouter<AppState>,
) -> Route {
    Route {
        spec: RouteSpec {
            method,
            path,
            example,
            access,
            kind,
        },
        handler,
    }
}

/// Every route of the app.
pub fn table() -> Vec<Route> {
    use Access::{Public, Roles};
    use Kind::{Api, Page};
    let (g, p) = (Method::GET, Method::POST);
    vec![
        // Pages.
        route(g.clone(), "/", "/", Public, Page, get(pages::home)),
        route(
            g.clone(),
            "/login",
            "/login",
            Public,
            Page,
            get(pages::login_page),
        ),
        route(
            p.clone(),
            "/login",
            "/login",
            Public,
            Page,
            post(pages::login_submit),
        ),
        route(
            p.clone(),
            "/logout",
            "/logout",
            Roles(ANY_USER),
            Page,
            post(pages::logout),
        ),
        route(
            g.clone(),
            "/cockpit",
            "/cockpit",
            Roles(READERS),
            Page,
            get(pages::cockpit),
        ),
        route(
            g.clone(),
            "/indicators",
            "/indicators",
            Public,
            Page,
            get(pages::indicators),
        ),
        route(
            g.clone(),
            "/indicators/{year}/{name}",
            "/indicators/2023/地区生产总值增速",
            Public,
            Page,
            get(pages::indicator),
        ),
        route(g.clone(), "/diff", "/diff", Public, Page, get(pages::diff)),
        route(
            g.clone(),
            "/compare",
            "/compare",
            Public,
            Page,
            get(pages::compare),
        ),
        route(
            g.clone(),
            "/entry",
            "/entry",
            Roles(ENTRY),
            Page,
            get(pages::entry_index),
        ),
        route(
            g.clone(),
            "/entry/{department}",
            "/entry/区统计局",
            Roles(ENTRY),
            Page,
            get(pages::entry_department),
        ),
        route(
            p.clone(),
            "/entry/{department}",
            "/entry/区统计局",
            Roles(ENTRY),
            Page,
            post(pages::entry_submit),
        ),
        route(
            g.clone(),
            "/review",
            "/review",
            Roles(QUEUE),
            Page,
            get(pages::review),
        ),
        route(
            g.clone(),
            "/figures/due",
            "/figures/due",
            Roles(SUBMISSION_READERS),
            Page,
            get(pages::figures_due),
        ),
        route(
            g.clone(),
            "/figures/import",
            "/figures/import",
            Roles(ADMIN),
            Page,
            get(pages::figures_import_page),
        ),
        route(
            p.clone(),
            "/figures/import",
            "/figures/import",
            Roles(ADMIN),
            Page,
            post(pages::figures_import_preview),
        ),
        route(
            p.clone(),
            "/figures/import/confirm",
            "/figures/import/confirm",
            Roles(ADMIN),
            Page,
            post(pages::figures_import_confirm),
        ),
        route(
            p.clone(),
            "/review/{id}",
            "/review/1",
            Roles(ADMIN),
            Page,
            post(pages::review_submit),
        ),
        route(
            g.clone(),
            "/audit",
            "/audit",
            Roles(ADMIN),
            Page,
            get(pages::audit),
        ),
        route(
            g.clone(),
            "/audit/{id}",
            "/audit/1",
            Roles(ADMIN),
            Page,
            get(pages::audit_entry),
        ),
        // Ledgers (重点项目, 民生实事, 重点任务): read by the DRC, leaders and deputies; imported
        // by the DRC only. Report review (报告审查): the same readers may upload a report.
        route(
            g.clone(),
            "/projects",
            "/projects",
            Roles(READERS),
            Page,
            get(pages::projects),
        ),
        route(
            g.clone(),
            "/projects/export.xlsx",
            "/projects/export.xlsx",
            Roles(READERS),
            Page,
            get(pages::projects_export),
        ),
        route(
            p.clone(),
            "/projects/import",
            "/projects/import",
            Roles(ADMIN),
            Page,
            post(pages::projects_import),
        ),
        route(
            g.clone(),
            "/projects/{code}",
            "/projects/2024S001",
            Roles(READERS),
            Page,
            get(pages::project),
        ),
        route(
            g.clone(),
            "/livelihood",
            "/livelihood",
            Roles(READERS),
            Page,
            get(pages::livelihood_page),
        ),
        route(
            g.clone(),
            "/livelihood/export.xlsx",
            "/livelihood/export.xlsx",
            Roles(READERS),
            Page,
            get(pages::livelihood_export),
        ),
        route(
            p.clone(),
            "/livelihood/import",
            "/livelihood/import",
            Roles(ADMIN),
            Page,
            post(pages::livelihood_import),
        ),
        route(
            g.clone(),
            "/tasks",
            "/tasks",
            Roles(READERS),
            Page,
            get(pages::tasks_page),
        ),
        route(
            g.clone(),
            "/tasks/export.xlsx",
            "/tasks/export.xlsx",
            Roles(READERS),
            Page,
            get(pages::tasks_export),
        ),
        route(
            p.clone(),
            "/tasks/import",
            "/tasks/import",
            Roles(ADMIN),
            Page,
            post(pages::tasks_import),
        ),
        route(
            g.clone(),
            "/reports",
            "/reports",
            Roles(READERS),
            Page,
            get(pages::reports_page),
        ),
        route(
            p.clone(),
            "/reports",
            "/reports",
            Roles(READERS),
            Page,
            post(pages::reports_upload),
        ),
        // A GET of a form's POST-only address (a refreshed result page, a bookmarked import)
        // goes back to the page the form is on.
        route(g.clone(), "/logout", "/logout", Public, Page, back_to("/")),
        route(
            g.clone(),
            "/projects/import",
            "/projects/import",
            Public,
            Page,
            back_to("/projects"),
        ),
        route(
            g.clone(),
            "/livelihood/import",
            "/livelihood/import",
            Public,
            Page,
            back_to("/livelihood"),
        ),
        route(
            g.clone(),
            "/tasks/import",
            "/tasks/import",
            Public,
            Page,
            back_to("/tasks"),
        ),
        route(
            g.clone(),
            "/review/{id}",
            "/review/1",
            Public,
            Page,
            back_to("/review"),
        ),
        route(
            g.clone(),
            "/assets/style.css",
            "/assets/style.css",
            Public,
            Page,
            get(style_css),
        ),
        route(
            g.clone(),
            "/assets/review.js",
            "/assets/review.js",
            Public,
            Page,
            get(review_js),
        ),
        route(g.clone(), "/healthz", "/healthz", Public, Api, get(healthz)),
        // JSON API.
        route(
            g.clone(),
            "/api/v1/openapi.json",
            "/api/v1/openapi.json",
            Public,
            Api,
            get(api::openapi_json),
        ),
        route(
            p.clone(),
            "/api/v1/session",
            "/api/v1/session",
            Public,
            Api,
            post(api::create_session),
        ),
        route(
            Method::DELETE,
            "/api/v1/session",
            "/api/v1/session",
            Roles(ANY_USER),
            Api,
            delete(api::delete_session),
        ),
        route(
            g.clone(),
            "/api/v1/me",
            "/api/v1/me",
            Roles(ANY_USER),
            Api,
            get(api::me),
        ),
        route(
            g.clone(),
            "/api/v1/regions",
            "/api/v1/regions",
            Public,
            Api,
            get(api::regions),
        ),
        route(
            g.clone(),
            "/api/v1/compare",
            "/api/v1/compare?parent=江北市&year=2023&indicator=地区生产总值增速",
            Public,
            Api,
            get(api::compare::compare),
        ),
        route(
            g.clone(),
            "/api/v1/regions/{region}/years/{year}/indicators",
            "/api/v1/regions/江北区/years/2023/indicators",
            Public,
            Api,
            get(api::year_indicators),
        ),
        route(
            g.clone(),
            "/api/v1/regions/{region}/years/{year}/cockpit",
            "/api/v1/regions/江北区/years/2024/cockpit",
            Roles(READERS),
            Api,
            get(api::cockpit),
        ),
        route(
            g.clone(),
            "/api/v1/regions/{region}/years/{year}/outlook",
            "/api/v1/regions/江北区/years/2024/outlook",
            Roles(READERS),
            Api,
            get(api::outlook::outlook),
        ),
        route(
            g.clone(),
            "/api/v1/regions/{region}/years/{year}/targets-check",
            "/api/v1/regions/江北区/years/2024/targets-check",
            Public,
            Api,
            get(api::outlook::targets_check),
        ),
        route(
            g.clone(),
            "/api/v1/regions/{region}/years/{year}/monthly",
            "/api/v1/regions/江北区/years/2024/monthly",
            Roles(READERS),
            Api,
            get(api::monthly),
        ),
        route(
            Method::PUT,
            "/api/v1/regions/{region}/years/{year}/indicators/{name}/{field}",
            "/api/v1/regions/江北区/years/2023/indicators/实际使用外资FDI/actual",
            Roles(ADMIN),
            Api,
            put(api::set_expression),
        ),
        route(
            Method::PUT,
            "/api/v1/regions/{region}/years/{year}/indicators/{name}/monthly/{month}",
            "/api/v1/regions/江北区/years/2024/indicators/城镇新增就业人数/monthly/7",
            Roles(ADMIN),
            Api,
            put(api::set_monthly),
        ),
        route(
            g.clone(),
            "/api/v1/regions/{region}/years/{year}/projects",
            "/api/v1/regions/江北区/years/2024/projects",
            Roles(READERS),
            Api,
            get(api::ledgers::projects),
        ),
        route(
            g.clone(),
            "/api/v1/regions/{region}/years/{year}/projects/summary",
            "/api/v1/regions/江北区/years/2024/projects/summary",
            Roles(READERS),
            Api,
            get(api::ledgers::project_summary),
        ),
        route(
            g.clone(),
            "/api/v1/regions/{region}/years/{year}/projects/lights",
            "/api/v1/regions/江北区/years/2024/projects/lights",
            Roles(READERS),
            Api,
            get(api::ledgers::project_lights),
        ),
        route(
            g.clone(),
            "/api/v1/regions/{region}/years/{year}/livelihood",
            "/api/v1/regions/江北区/years/2024/livelihood",
            Roles(READERS),
            Api,
            get(api::ledgers::livelihood),
        ),
        route(
            g.clone(),
            "/api/v1/regions/{region}/years/{year}/livelihood/tally",
            "/api/v1/regions/江北区/years/2024/livelihood/tally",
            Roles(READERS),
            Api,
            get(api::ledgers::tally),
        ),
        route(
            g.clone(),
            "/api/v1/regions/{region}/years/{year}/tasks",
            "/api/v1/regions/江北区/years/2024/tasks",
            Roles(READERS),
            Api,
            get(api::ledgers::tasks),
        ),
        route(
            g.clone(),
            "/api/v1/submissions",
            "/api/v1/submissions",
            Roles(SUBMISSION_READERS),
            Api,
            get(api::list_submissions),
        ),
        route(
            p.clone(),
            "/api/v1/submissions",
            "/api/v1/submissions",
            Roles(ENTRY),
            Api,
            post(api::save_submission),
        ),
        route(
            p,
            "/api/v1/submissions/{id}/review",
            "/api/v1/submissions/1/review",
            Roles(ADMIN),
            Api,
            post(api::review_submission),
        ),
        route(
            g,
            "/api/v1/audit",
            "/api/v1/audit",
            Roles(ADMIN),
            Api,
            get(api::audit),
        ),
    ]
    .into_iter()
    .chain(year::table())
    .collect()
}

/// A GET handler that sends the browser to `page`, keeping the query (region, year).
fn back_to(page: &'static str) -> MethodRouter<AppState> {
    get(move |RawQuery(query): RawQuery| async move {
        let (_, rest) = query_without_lang(query.as_deref());
        match rest.is_empty() {
            true => Redirect::to(page),
            false => Redirect::to(&format!("{page}?{rest}")),
        }
    })
}

/// The rows of the table without their handlers.
pub fn specs() -> Vec<RouteSpec> {
    table().into_iter().map(|r| r.spec).collect()
}

#[derive(Clone)]
struct Guard {
    state: AppState,
    access: Access,
    kind: Kind,
}

fn refuse(kind: Kind, err: WebError) -> Response {
    match kind {
        Kind::Api => ApiError(err).into_response(),
        Kind::Page => PageError(err).into_response(),
    }
}

/// Authorization (from the table row), then CSRF for unsafe methods.
async fn guard(State(g): State<Guard>, req: Request, next: Next) -> Response {
    let viewer = req
        .extensions()
        .get::<Viewer>()
        .cloned()
        .unwrap_or_default();
    if !g.access.allows(viewer.role()) {
        let err = if viewer.user.is_none() {
            WebError::Unauthorized
        } else {
            WebError::Forbidden(String::new())
        };
        return refuse(g.kind, err);
    }
    let req = if auth::is_unsafe(req.method()) {
        match auth::check_csrf(&g.state, &viewer, req).await {
            Ok(req) => req,
            Err(e) => {
                tracing::warn!(user = viewer.username(), ip = %viewer.ip, "refused: {e}");
                return refuse(g.kind, e);
            }
        }
    } else {
        req
    };
    next.run(req).await
}

fn query_without_lang(query: Option<&str>) -> (Option<Lang>, String) {
    let mut lang = None;
    let mut rest = Vec::new();
    for part in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        match part.strip_prefix("lang=") {
            Some(l) => lang = Lang::parse(l),
            None => rest.push(part),
        }
    }
    (lang, rest.join("&"))
}

/// Resolves language and viewer for every request, renders pending error pages, and sets the
/// language and login-form cookies.
async fn context(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let jar = auth::cookies(req.headers());
    let (query_lang, query) = query_without_lang(req.uri().query());
    let lang = query_lang
        .or_else(|| auth::cookie(&jar, auth::LANG_COOKIE).and_then(Lang::parse))
        .unwrap_or_default();
    let path = req.uri().path().to_string();
    let is_api = path.starts_with("/api/");
    let ip = auth::client_ip(&req, state.config().trust_forwarded_for);
    let viewer = match auth::resolve_viewer(&state, req.headers(), &jar, ip).await {
        Ok(v) => v,
        Err(e) => {
            return if is_api {
                ApiError(e).into_response()
            } else {
                pages::error_page_bare(lang, &e)
            };
        }
    };
    let mut new_login_token = None;
    let form_token = match (viewer.via, &viewer.csrf) {
        (Via::Cookie, Some(t)) => t.clone(),
        _ => match auth::cookie(&jar, auth::LOGIN_CSRF_COOKIE) {
            Some(t) => t.to_string(),
            None if !is_api => {
                let t = auth::random_token(24).unwrap_or_default();
                new_login_token = Some(t.clone());
                t
            }
            None => String::new(),
        },
    };
    let ctx = PageCtx {
        lang,
        viewer: viewer.clone(),
        form_token,
        path,
        query,
        tz: state.config().time_zone,
    };
    let published = !auth::is_unsafe(req.method()) && crate::sees_published_only(&viewer);
    req.extensions_mut().insert(viewer);
    req.extensions_mut().insert(ctx.clone());
    let mut resp = crate::with_view(published, next.run(req)).await;
    if let Some(PendingErrorPage(err)) = resp.extensions_mut().remove::<PendingErrorPage>() {
        let mut page = pages::error_page(&ctx, &err);
        *page.status_mut() = resp.status();
        for (k, v) in resp.headers() {
            if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
                page.headers_mut().append(k, v.clone());
            }
        }
        resp = page;
    }
    let secure = state.config().secure_cookies;
    if let Some(l) = query_lang {
        resp.headers_mut().append(
            header::SET_COOKIE,
            auth::set_cookie(auth::LANG_COOKIE, l.code(), 365 * 86_400, secure),
        );
    }
    if let Some(t) = new_login_token {
        resp.headers_mut().append(
            header::SET_COOKIE,
            auth::set_cookie(auth::LOGIN_CSRF_COOKIE, &t, 12 * 3600, secure),
        );
    }
    resp
}

const STYLE_CSS: &str = include_str!("../assets/style.css");

async fn style_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE_CSS,
    )
        .into_response()
}

const REVIEW_JS: &str = include_str!("../assets/review.js");

async fn review_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        REVIEW_JS,
    )
        .into_response()
}

async fn healthz() -> Response {
    axum::Json(serde_json::json!({ "status": "ok" })).into_response()
}

async fn fallback(req: Request) -> Response {
    let path = req.uri().path().to_string();
    if path.starts_with("/api/") {
        ApiError(WebError::NotFound(path)).into_response()
    } else {
        PageError(WebError::NotFound(String::new())).into_response()
    }
}

/// Builds the router from the table.
pub fn router(state: AppState) -> Router {
    let mut router: Router<AppState> = Router::new();
    for r in table() {
        let guard_state = Guard {
            state: state.clone(),
            access: r.spec.access,
            kind: r.spec.kind,
        };
        router = router.route(
            r.spec.path,
            r.handler
                .route_layer(from_fn_with_state(guard_state, guard)),
        );
    }
    let csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
               frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    router
        .fallback(fallback)
        .layer(from_fn_with_state(state.clone(), context))
        .layer(DefaultBodyLimit::max(1024 * 1024))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(csp),
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_no_duplicates_and_sane_examples() {
        let specs = specs();
        let mut seen = std::collections::HashSet::new();
        for s in &specs {
            assert!(
                seen.insert((s.method.clone(), s.path)),
                "duplicate {} {}",
                s.method,
                s.path
            );
            assert!(s.example.starts_with('/'));
            assert_eq!(
                s.path.split('/').count(),
                s.example.split('/').count(),
                "example of {} has the wrong shape",
                s.path
            );
            assert_eq!(
                s.kind == Kind::Api,
                s.path.starts_with("/api/") || s.path == "/healthz"
            );
        }
    }

    #[test]
    fn lang_is_taken_out_of_the_query() {
        assert_eq!(
            query_without_lang(Some("a=1&lang=en&b=2")),
            (Some(Lang::En), "a=1&b=2".into())
        );
        assert_eq!(query_without_lang(None), (None, String::new()));
    }
}
