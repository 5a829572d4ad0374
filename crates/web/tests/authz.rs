//! Route-by-route authorization, driven by the route table that builds the router: every
//! route answers 401 without login and 403 to every role the table does not list, and does not
//! refuse the roles it lists. A route added to the table is checked here without editing this
//! file; a route cannot be served without being in the table.

mod common;

use common::{Backend, spawn};
use planwatch_store::Role;
use planwatch_web::routes::{Access, Kind, specs};
use reqwest::Method;
use std::collections::HashMap;

/// The demo account of each role (the reporter is 区统计局's, matching the table's examples).
const USERS: [(Role, &str); 4] = [
    (Role::Admin, "admin"),
    (Role::Reporter, "stats"),
    (Role::Leader, "leader"),
    (Role::Reviewer, "deputy"),
];

fn request(
    c: &reqwest::Client,
    method: Method,
    url: String,
    kind: Kind,
) -> reqwest::RequestBuilder {
    let req = c.request(method.clone(), url);
    if matches!(method, Method::GET | Method::HEAD) {
        return req;
    }
    match kind {
        Kind::Api => req.json(&serde_json::json!({})),
        Kind::Page => req.form(&[("probe", "1")]),
    }
}

async fn every_route_checks_its_roles(backend: Backend) {
    let Some(app) = spawn(backend, "authz").await else {
        return;
    };
    let mut cookie_clients = HashMap::new();
    let mut tokens = HashMap::new();
    for (role, user) in USERS {
        cookie_clients.insert(role, app.login(user).await);
        tokens.insert(role, app.token(user).await);
    }
    let anonymous = app.client();
    let specs = specs();
    assert!(specs.len() >= 25, "the whole app is in the table");
    let mut checked = 0;
    for spec in &specs {
        let url = app.url(spec.example);
        let Access::Roles(allowed) = spec.access else {
            // Public routes: reachable without login.
            let r = request(&anonymous, spec.method.clone(), url, spec.kind)
                .send()
                .await
                .expect("send");
            assert!(
                r.status() != 401 && r.status() != 403 || spec.method != Method::GET,
                "public {} {} refused: {}",
                spec.method,
                spec.path,
                r.status()
            );
            continue;
        };
        // No login: 401, with the error shape of the route's kind.
        let r = request(&anonymous, spec.method.clone(), url.clone(), spec.kind)
            .send()
            .await
            .expect("send");
        assert_eq!(
            r.status(),
            401,
            "{} {} without login",
            spec.method,
            spec.path
        );
        match spec.kind {
            Kind::Api => {
                let body: serde_json::Value = r.json().await.expect("JSON error");
                assert_eq!(body["error"], "unauthorized");
            }
            Kind::Page => {
                assert!(
                    r.text().await.expect("body").contains("name=\"password\""),
                    "a login form"
                );
            }
        }
        for (role, _) in USERS {
            if allowed.contains(&role) && spec.method != Method::GET {
                // Not sent: an allowed write would change the data (or end the session).
                continue;
            }
            // Pages with the browser's cookie, API routes with a bearer token.
            let req = match spec.kind {
                Kind::Page => request(
                    &cookie_clients[&role],
                    spec.method.clone(),
                    url.clone(),
                    spec.kind,
                ),
                Kind::Api => request(&app.client(), spec.method.clone(), url.clone(), spec.kind)
                    .bearer_auth(&tokens[&role]),
            };
            let r = req.send().await.expect("send");
            let status = r.status();
            if allowed.contains(&role) {
                if spec.method == Method::GET {
                    assert!(
                        status != 401 && status != 403,
                        "{} {} must be open to {role:?}, got {status}",
                        spec.method,
                        spec.path
                    );
                }
            } else {
                assert_eq!(
                    status, 403,
                    "{} {} must refuse {role:?}",
                    spec.method, spec.path
                );
                if spec.kind == Kind::Api {
                    let body: serde_json::Value = r.json().await.expect("JSON error");
                    assert_eq!(body["error"], "forbidden");
                }
            }
            checked += 1;
        }
    }
    eprintln!("checked {} routes, {checked} role/route pairs", specs.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_checks_its_roles_on_sqlite() {
    every_route_checks_its_roles(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_checks_its_roles_on_postgres() {
    every_route_checks_its_roles(Backend::Postgres).await;
}

#[tokio::test]
async fn unknown_routes_are_404_not_open() {
    let Some(app) = spawn(Backend::Sqlite, "unknown").await else {
        return;
    };
    for path in [
        "/admin",
        "/api/v1/users",
        "/api/v1/regions/江北区/years/2024/secret",
    ] {
        let r = app.client().get(app.url(path)).send().await.expect("send");
        assert_eq!(r.status(), 404, "{path}");
    }
    // A known path with a method the table does not list is refused, not served.
    let r = app
        .client()
        .delete(app.url("/cockpit"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 405);
}
