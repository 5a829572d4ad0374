//! The web app end to end over HTTP, on SQLite and (when `PLANWATCH_TEST_POSTGRES` is set) on
//! PostgreSQL: data entry with approval reaching the cockpit, department scoping, CSRF,
//! escaping, stale edits (409), throttling, language, OpenAPI.

mod common;

use common::{Backend, attr_after, form_token, row_status, spawn, upload_report};
use planwatch_store::accounts::NewUser;
use planwatch_store::{Actor, Role};
use serde_json::{Value, json};

macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(super::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name(super::Backend::Postgres).await
            }
        }
    };
}

const REGION: &str = "江北区";
const GDP: &str = "地区生产总值增速";

on_both!(reporter_enters_admin_approves_cockpit_changes);
async fn reporter_enters_admin_approves_cockpit_changes(backend: Backend) {
    let Some(app) = spawn(backend, "flow").await else {
        return;
    };
    let admin = app.login("admin").await;

    // Before: the cockpit judges GDP from the illustrative 1-6月 figure.
    let (status, cockpit) = app
        .get_text(&admin, "/cockpit?region=江北区&year=2024")
        .await;
    assert_eq!(status, 200);
    let before = row_status(&cockpit, GDP).expect("GDP row");
    assert!(before == "below" || before == "basically_met", "{before}");
    assert!(
        cockpit.contains("1-6月"),
        "the latest figure is the monthly one"
    );

    // The reporter of 区统计局 fills in the year's actual and submits it.
    let stats = app.login("stats").await;
    let (status, page) = app
        .get_text(&stats, "/entry/区统计局?region=江北区&year=2024")
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(GDP));
    assert!(
        !page.contains("社会消费品零售总额增速"),
        "only its own department's indicators"
    );
    let token = form_token(&page);
    let resp = stats
        .post(app.url("/entry/区统计局"))
        .form(&[
            ("_csrf", token.as_str()),
            ("region", REGION),
            ("year", "2024"),
            ("period", "annual"),
            (&format!("v:{GDP}"), "6.2"),
            (&format!("n:{GDP}"), "统计快报"),
            ("action", "submit"),
        ])
        .send()
        .await
        .expect("submit");
    assert_eq!(resp.status(), 303);
    let (_, page) = app
        .get_text(&stats, "/entry/区统计局?region=江北区&year=2024")
        .await;
    assert!(page.contains("待审核"), "submitted and awaiting review");
    // Submitted values are not judged yet: the cockpit is unchanged.
    let (_, cockpit) = app
        .get_text(&admin, "/cockpit?region=江北区&year=2024")
        .await;
    assert_eq!(row_status(&cockpit, GDP).as_deref(), Some(before.as_str()));

    // The DRC sees it in the queue and approves it.
    let (status, queue) = app.get_text(&admin, "/review").await;
    assert_eq!(status, 200);
    let id = attr_after(&queue, "data-submission=\"").expect("a queued submission");
    let version = attr_after(&queue, "name=\"version\" value=\"").expect("version");
    let token = form_token(&queue);
    let resp = admin
        .post(app.url(&format!("/review/{id}")))
        .form(&[
            ("_csrf", token.as_str()),
            ("version", version.as_str()),
            ("decision", "approve"),
            ("comment", ""),
        ])
        .send()
        .await
        .expect("approve");
    assert_eq!(resp.status(), 303);

    // After: judged from the approved actual, on the page and in the API.
    let (_, cockpit) = app
        .get_text(&admin, "/cockpit?region=江北区&year=2024")
        .await;
    let after = row_status(&cockpit, GDP).expect("GDP row");
    assert!(after == "met" || after == "exceeded", "{after}");
    let token = app.token("leader").await;
    let v: Value = app
        .client()
        .get(app.url("/api/v1/regions/江北区/years/2024/cockpit"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("api")
        .json()
        .await
        .expect("json");
    let row = v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["name"] == GDP)
        .expect("row")
        .clone();
    assert_eq!(row["latest"]["text"], "6.2");
    assert_eq!(row["in_year"], false);
    // Approved is working data: the public sees it once the DRC publishes the year.
    let public_gdp = || async {
        let v: Value = app
            .client()
            .get(app.url("/api/v1/regions/江北区/years/2024/indicators"))
            .send()
            .await
            .expect("public api")
            .json()
            .await
            .expect("json");
        v["indicators"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["name"] == GDP)
            .expect("row")
            .clone()
    };
    assert_eq!(public_gdp().await["actual_text"], Value::Null);
    let published = app
        .client()
        .post(app.url("/api/v1/regions/江北区/years/2024/publications"))
        .bearer_auth(app.token("admin").await)
        .json(&json!({ "period": 0 }))
        .send()
        .await
        .expect("publish");
    assert_eq!(published.status(), 201);
    let row = public_gdp().await;
    assert_eq!(row["actual_text"], "6.2");
    assert_eq!(row["version"], 2);

    // Locked: the reporter cannot change it any more.
    let (_, page) = app
        .get_text(&stats, "/entry/区统计局?region=江北区&year=2024")
        .await;
    assert!(page.contains("已锁定"));
    assert!(
        !page.contains(&format!("name=\"v:{GDP}\"")),
        "no input for a locked value"
    );

    // Audited: who, old → new.
    let (status, audit) = app.get_text(&admin, "/audit").await;
    assert_eq!(status, 200);
    assert!(
        audit.contains("set_actual")
            && audit.contains("submission_approve")
            && audit.contains("submission_submit")
    );
    let entries = app.store.audit_entries(20).await.expect("audit");
    let set = entries
        .iter()
        .find(|e| e.action == "set_actual")
        .expect("set_actual");
    assert_eq!(set.actor, "admin");
    assert_eq!(set.new_value.as_deref(), Some("6.2"));
    assert!(set.origin.starts_with("web "), "{}", set.origin);
}

on_both!(monthly_figures_flow_through_review);
async fn monthly_figures_flow_through_review(backend: Backend) {
    let Some(app) = spawn(backend, "monthly").await else {
        return;
    };
    let commerce = app.token("commerce").await;
    let c = app.client();
    let retail = "社会消费品零售总额增速";
    let resp = c
        .post(app.url("/api/v1/submissions"))
        .bearer_auth(&commerce)
        .json(&json!({ "region": REGION, "year": 2024, "indicator": retail, "month": 7, "value": "8.3", "submit": true }))
        .send()
        .await
        .expect("submit");
    assert_eq!(resp.status(), 200);
    let s: Value = resp.json().await.expect("json");
    let admin = app.token("admin").await;
    let resp = c
        .post(app.url(&format!("/api/v1/submissions/{}/review", s["id"])))
        .bearer_auth(&admin)
        .json(&json!({ "decision": "approve", "expected_version": s["version"] }))
        .send()
        .await
        .expect("approve");
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let figures: Value = c
        .get(app.url("/api/v1/regions/江北区/years/2024/monthly"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("monthly")
        .json()
        .await
        .expect("json");
    assert!(
        figures
            .as_array()
            .expect("list")
            .iter()
            .any(|f| f["indicator"] == retail && f["month"] == 7 && f["value_text"] == "8.3")
    );
    // The cockpit now reads the year at month 7.
    let v: Value = c
        .get(app.url("/api/v1/regions/江北区/years/2024/cockpit"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("cockpit")
        .json()
        .await
        .expect("json");
    assert_eq!(v["month"], 7);
    // Returning needs a reason; the reporter sees it.
    let resp = c
        .post(app.url("/api/v1/submissions"))
        .bearer_auth(&commerce)
        .json(&json!({ "region": REGION, "year": 2024, "indicator": retail, "month": 8, "value": "8.0", "submit": true }))
        .send()
        .await
        .expect("submit");
    let s: Value = resp.json().await.expect("json");
    let resp = c
        .post(app.url(&format!("/api/v1/submissions/{}/review", s["id"])))
        .bearer_auth(&admin)
        .json(&json!({ "decision": "return" }))
        .send()
        .await
        .expect("return");
    assert_eq!(resp.status(), 422);
    let resp = c
        .post(app.url(&format!("/api/v1/submissions/{}/review", s["id"])))
        .bearer_auth(&admin)
        .json(&json!({ "decision": "return", "comment": "请核对口径" }))
        .send()
        .await
        .expect("return");
    assert_eq!(resp.status(), 200);
    let mine: Value = c
        .get(app.url("/api/v1/submissions?status=returned"))
        .bearer_auth(&commerce)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert_eq!(mine[0]["comment"], "请核对口径");
}

on_both!(reporters_are_scoped_to_their_department);
async fn reporters_are_scoped_to_their_department(backend: Backend) {
    let Some(app) = spawn(backend, "scope").await else {
        return;
    };
    let stats = app.login("stats").await;
    let (status, _) = app
        .get_text(&stats, "/entry/区商务委?region=江北区&year=2024")
        .await;
    assert_eq!(status, 403, "another department's entry page");
    let (_, own) = app
        .get_text(&stats, "/entry/区统计局?region=江北区&year=2024")
        .await;
    let token = form_token(&own);
    let resp = stats
        .post(app.url("/entry/区商务委"))
        .form(&[
            ("_csrf", token.as_str()),
            ("region", REGION),
            ("year", "2024"),
            ("period", "annual"),
            ("v:社会消费品零售总额增速", "9"),
            ("action", "submit"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), 403, "posting to another department");
    let bearer = app.token("stats").await;
    let resp = app
        .client()
        .post(app.url("/api/v1/submissions"))
        .bearer_auth(&bearer)
        .json(&json!({ "region": REGION, "year": 2024, "indicator": "社会消费品零售总额增速", "value": "9" }))
        .send()
        .await
        .expect("api");
    assert_eq!(resp.status(), 403, "API: another department's indicator");
    // The entry index lists only its own department; the cockpit is not for reporters.
    let (_, index) = app.get_text(&stats, "/entry?region=江北区&year=2024").await;
    assert!(index.contains("区统计局") && !index.contains("区商务委"));
    let (status, _) = app.get_text(&stats, "/cockpit").await;
    assert_eq!(status, 403);
    // A reporter's submission list is its department's only.
    let commerce = app.token("commerce").await;
    app.client()
        .post(app.url("/api/v1/submissions"))
        .bearer_auth(&commerce)
        .json(&json!({ "region": REGION, "year": 2024, "indicator": "社会消费品零售总额增速", "value": "9" }))
        .send()
        .await
        .expect("api");
    let list: Value = app
        .client()
        .get(app.url("/api/v1/submissions"))
        .bearer_auth(&bearer)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert_eq!(list.as_array().map(Vec::len), Some(0));
}

on_both!(forms_without_a_valid_csrf_token_are_refused);
async fn forms_without_a_valid_csrf_token_are_refused(backend: Backend) {
    let Some(app) = spawn(backend, "csrf").await else {
        return;
    };
    let admin = app.login("admin").await;
    let (_, page) = app
        .get_text(&admin, "/entry/区统计局?region=江北区&year=2024")
        .await;
    let good = form_token(&page);
    let fields = |token: &str| {
        vec![
            ("_csrf".to_string(), token.to_string()),
            ("region".to_string(), REGION.to_string()),
            ("year".to_string(), "2024".to_string()),
            ("period".to_string(), "annual".to_string()),
            (format!("v:{GDP}"), "6.3".to_string()),
            ("action".to_string(), "draft".to_string()),
        ]
    };
    // Missing and wrong tokens.
    for token in ["", "forged-token"] {
        let resp = admin
            .post(app.url("/entry/区统计局"))
            .form(&fields(token))
            .send()
            .await
            .expect("post");
        assert_eq!(resp.status(), 403, "token {token:?}");
        assert!(resp.text().await.unwrap_or_default().contains("表单已过期"));
    }
    // The right token from another site.
    let resp = admin
        .post(app.url("/entry/区统计局"))
        .header("Origin", "http://evil.example")
        .form(&fields(&good))
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), 403, "cross-origin");
    // Nothing was saved; with the token it is.
    assert!(
        app.store
            .submissions(&Default::default())
            .await
            .expect("list")
            .is_empty()
    );
    let resp = admin
        .post(app.url("/entry/区统计局"))
        .form(&fields(&good))
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), 303);

    // Every unsafe route in the table refuses a cookie session without the token.
    for spec in planwatch_web::routes::specs() {
        if !planwatch_web::auth::is_unsafe(&spec.method) || !spec.access.allows(Some(Role::Admin)) {
            continue;
        }
        let req = admin.request(spec.method.clone(), app.url(spec.example));
        let req = match spec.kind {
            planwatch_web::routes::Kind::Api => req.json(&json!({})),
            planwatch_web::routes::Kind::Page => req.form(&[("x", "1")]),
        };
        let resp = req.send().await.expect("send");
        assert_eq!(
            resp.status(),
            403,
            "{} {} without a token",
            spec.method,
            spec.path
        );
    }
    // The login form needs the login-cookie token too.
    let fresh = app.client();
    let resp = fresh
        .post(app.url("/login"))
        .form(&[("username", "admin"), ("password", app.password("admin"))])
        .send()
        .await
        .expect("login");
    assert_eq!(resp.status(), 403, "login without its form token");
    // Cookie-authenticated API writes need X-CSRF-Token; bearer ones do not.
    let me: Value = admin
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    let csrf = me["csrf_token"].as_str().expect("csrf in /me").to_string();
    let url = app.url("/api/v1/regions/江北区/years/2023/indicators/实际使用外资FDI/actual");
    let resp = admin
        .put(&url)
        .json(&json!({ "value": "2.1" }))
        .send()
        .await
        .expect("put");
    assert_eq!(resp.status(), 403);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"], "csrf");
    let resp = admin
        .put(&url)
        .header("X-CSRF-Token", &csrf)
        .json(&json!({ "value": "2.1" }))
        .send()
        .await
        .expect("put");
    assert_eq!(resp.status(), 200);
}

on_both!(user_text_is_escaped_in_html_and_json);
async fn user_text_is_escaped_in_html_and_json(backend: Backend) {
    let Some(app) = spawn(backend, "escape").await else {
        return;
    };
    let evil = "<script>alert(1)</script>";
    let hash = planwatch_web::auth::hash_password("evil-password-1").expect("hash");
    app.store
        .create_user(
            &NewUser {
                username: "evil".into(),
                display_name: evil.into(),
                role: Role::Reviewer,
                department: None,
                password_hash: hash,
            },
            &Actor::new("test", "setup"),
        )
        .await
        .expect("user");
    // An indicator named like a script, in a plan of its own.
    let mut plan = planwatch_service::demo::demo_plans().remove(0);
    plan.region = format!("测试区{evil}");
    plan.indicators[0].def.name = evil.into();
    app.store
        .save_plan(&plan, &Actor::new("test", "setup"))
        .await
        .expect("plan");

    let c = app.client();
    app.login_with(&c, "evil", "evil-password-1").await;
    let (status, page) = app.get_text(&c, "/").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped name in the header"
    );
    assert!(!page.contains(evil), "never raw");
    let region = format!("测试区{evil}");
    let path = format!(
        "/indicators?region={}&year=2023",
        planwatch_web::util::enc(&region)
    );
    let (status, page) = app.get_text(&c, &path).await;
    assert_eq!(status, 200);
    assert!(!page.contains(evil));
    assert!(page.contains("&lt;script&gt;"));
    let (status, page) = app
        .get_text(
            &c,
            &format!(
                "/cockpit?region={}&year=2023",
                planwatch_web::util::enc(&region)
            ),
        )
        .await;
    assert_eq!(status, 200);
    assert!(!page.contains(evil));

    // A value that cannot be read is refused, and the message quoting it is escaped.
    let stats = app.login("stats").await;
    let (_, page) = app
        .get_text(&stats, "/entry/区统计局?region=江北区&year=2024")
        .await;
    let token = form_token(&page);
    let resp = stats
        .post(app.url("/entry/区统计局"))
        .form(&[
            ("_csrf", token.as_str()),
            ("region", REGION),
            ("year", "2024"),
            ("period", "annual"),
            (&format!("v:{GDP}"), evil),
            (&format!("n:{GDP}"), evil),
            ("action", "submit"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), 422);
    let page = resp.text().await.expect("body");
    assert!(!page.contains(evil));
    assert!(page.contains("&lt;script&gt;"));

    // A note is free text: stored as given, shown escaped, returned as a JSON string.
    let resp = stats
        .post(app.url("/entry/区统计局"))
        .form(&[
            ("_csrf", token.as_str()),
            ("region", REGION),
            ("year", "2024"),
            ("period", "annual"),
            (&format!("v:{GDP}"), "6.1"),
            (&format!("n:{GDP}"), evil),
            ("action", "submit"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), 303);
    let admin = app.login("admin").await;
    let (_, queue) = app.get_text(&admin, "/review").await;
    assert!(!queue.contains(evil) && queue.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let token = app.token("admin").await;
    let resp = app
        .client()
        .get(app.url("/api/v1/submissions"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("api");
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("application/json")
    );
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    let list: Value = resp.json().await.expect("valid JSON");
    assert_eq!(
        list[0]["note"], evil,
        "JSON carries the exact text as a string"
    );
}

on_both!(stale_edits_get_409_with_both_values);
async fn stale_edits_get_409_with_both_values(backend: Backend) {
    let Some(app) = spawn(backend, "conflict").await else {
        return;
    };
    let token = app.token("admin").await;
    let c = app.client();
    let fdi = "实际使用外资FDI";
    let year: Value = c
        .get(app.url("/api/v1/regions/江北区/years/2023/indicators"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    let v = year["indicators"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["name"] == fdi)
        .expect("row")["version"]
        .as_i64()
        .expect("version");
    let url = app.url(&format!(
        "/api/v1/regions/江北区/years/2023/indicators/{fdi}/actual"
    ));
    let first = c
        .put(&url)
        .bearer_auth(&token)
        .json(&json!({ "value": "2.3", "expected_version": v }))
        .send()
        .await
        .expect("put");
    assert_eq!(first.status(), 200);
    let body: Value = first.json().await.expect("json");
    assert_eq!(body["new_value"], "2.3");
    assert_eq!(body["version"], v + 1);
    // A second edit based on the same version is stale.
    let second = c
        .put(&url)
        .bearer_auth(&token)
        .json(&json!({ "value": "2.5", "expected_version": v }))
        .send()
        .await
        .expect("put");
    assert_eq!(second.status(), 409);
    let body: Value = second.json().await.expect("json");
    assert_eq!(body["error"], "conflict");
    assert_eq!(body["conflict"]["current_value"], "2.3");
    assert_eq!(body["conflict"]["your_value"], "2.5");
    assert_eq!(body["conflict"]["expected_version"], v);
    assert_eq!(body["conflict"]["current_version"], v + 1);
    // Unreadable text is 422, an unknown field 404, a bad year 400: never a 500.
    let r = c
        .put(&url)
        .bearer_auth(&token)
        .json(&json!({ "value": "<b>?</b>" }))
        .send()
        .await
        .expect("put");
    assert_eq!(r.status(), 422);
    let r = c
        .put(app.url(&format!(
            "/api/v1/regions/江北区/years/2023/indicators/{fdi}/colour"
        )))
        .bearer_auth(&token)
        .json(&json!({ "value": "1" }))
        .send()
        .await
        .expect("put");
    assert_eq!(r.status(), 404);
    let r = c
        .get(app.url("/api/v1/regions/江北区/years/twenty/indicators"))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 400);
    let r = c
        .put(&url)
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("put");
    assert_eq!(r.status(), 400);
    // Monthly figures too.
    let murl = app.url("/api/v1/regions/江北区/years/2024/indicators/城镇新增就业人数/monthly/9");
    let r = c
        .put(&murl)
        .bearer_auth(&token)
        .json(&json!({ "value": "2.9", "expected_version": 0 }))
        .send()
        .await
        .expect("put");
    assert_eq!(r.status(), 200);
    let r = c
        .put(&murl)
        .bearer_auth(&token)
        .json(&json!({ "value": "3.0", "expected_version": 0 }))
        .send()
        .await
        .expect("put");
    assert_eq!(r.status(), 409);
    // And approvals over a figure that moved on since the reporter saw it.
    let stats = app.token("stats").await;
    let s: Value = c.post(app.url("/api/v1/submissions")).bearer_auth(&stats)
        .json(&json!({ "region": REGION, "year": 2024, "indicator": GDP, "value": "6.4", "submit": true }))
        .send().await.expect("submit").json().await.expect("json");
    let r = c
        .put(app.url(&format!(
            "/api/v1/regions/江北区/years/2024/indicators/{GDP}/actual"
        )))
        .bearer_auth(&token)
        .json(&json!({ "value": "6.1" }))
        .send()
        .await
        .expect("direct edit");
    assert_eq!(r.status(), 200);
    let r = c
        .post(app.url(&format!("/api/v1/submissions/{}/review", s["id"])))
        .bearer_auth(&token)
        .json(&json!({ "decision": "approve" }))
        .send()
        .await
        .expect("approve");
    assert_eq!(r.status(), 409);
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["conflict"]["current_value"], "6.1");
    assert_eq!(body["conflict"]["your_value"], "6.4");
}

on_both!(logins_are_throttled_and_sessions_end);
async fn logins_are_throttled_and_sessions_end(backend: Backend) {
    let Some(app) = spawn(backend, "throttle").await else {
        return;
    };
    let c = app.client();
    for _ in 0..5 {
        let r = app.login_with(&c, "leader", "wrong password").await;
        assert_eq!(r.status(), 401);
    }
    let r = app.login_with(&c, "leader", app.password("leader")).await;
    assert_eq!(r.status(), 429, "locked out even with the right password");
    // The API login is throttled the same way, and unknown users are answered like wrong passwords.
    let r = app
        .client()
        .post(app.url("/api/v1/session"))
        .json(&json!({ "username": "leader", "password": app.password("leader") }))
        .send()
        .await
        .expect("api");
    assert_eq!(r.status(), 429);
    let r = app
        .client()
        .post(app.url("/api/v1/session"))
        .json(&json!({ "username": "nobody", "password": "x" }))
        .send()
        .await
        .expect("api");
    assert_eq!(r.status(), 401);
    // Another user is not affected; logout ends the session.
    let deputy = app.login("deputy").await;
    let (status, _) = app.get_text(&deputy, "/cockpit").await;
    assert_eq!(status, 200);
    let (_, page) = app.get_text(&deputy, "/").await;
    let token = form_token(&page);
    let r = deputy
        .post(app.url("/logout"))
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .expect("logout");
    assert_eq!(r.status(), 303);
    let (status, page) = app.get_text(&deputy, "/cockpit").await;
    assert_eq!(status, 401);
    assert!(page.contains("请先登录"), "the login form, in place");
    // A bearer token ends with DELETE /api/v1/session.
    let t = app.token("admin").await;
    let r = app
        .client()
        .delete(app.url("/api/v1/session"))
        .bearer_auth(&t)
        .send()
        .await
        .expect("delete");
    assert_eq!(r.status(), 204);
    let r = app
        .client()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&t)
        .send()
        .await
        .expect("me");
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn pages_switch_language_and_cookies_are_safe() {
    let Some(app) = spawn(Backend::Sqlite, "lang").await else {
        return;
    };
    let c = app.client();
    let r = c
        .get(app.url("/indicators?lang=en"))
        .send()
        .await
        .expect("get");
    let cookies: Vec<String> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap_or("").to_string())
        .collect();
    assert!(cookies.iter().any(|c| c.starts_with("pw_lang=en")));
    let page = r.text().await.expect("body");
    assert!(page.contains("<html lang=\"en\">") && page.contains("Indicators"));
    let (_, page) = app.get_text(&c, "/indicators").await;
    assert!(page.contains("Indicators"), "remembered by the cookie");
    let (_, page) = app.get_text(&c, "/indicators?lang=zh").await;
    assert!(page.contains("主要指标"));
    // The session cookie: HttpOnly, SameSite=Lax, not Secure by default.
    let page = app
        .client()
        .get(app.url("/login"))
        .send()
        .await
        .expect("login page");
    let jar_cookie = page.headers()["set-cookie"]
        .to_str()
        .unwrap_or("")
        .to_string();
    assert!(jar_cookie.contains("HttpOnly") && jar_cookie.contains("SameSite=Lax"));
    let c = app.client();
    let r = app.login_with(&c, "admin", app.password("admin")).await;
    let session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap_or("").to_string())
        .find(|c| c.starts_with("pw_session="))
        .expect("session cookie");
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Lax")
            && !session.contains("Secure")
    );
    assert_eq!(r.headers()["location"], "/cockpit");
}

#[tokio::test]
async fn secure_cookies_can_be_required() {
    let config = planwatch_web::WebConfig {
        secure_cookies: true,
        ..Default::default()
    };
    let Some(app) = common::spawn_with(Backend::Sqlite, "secure", config).await else {
        return;
    };
    let r = app
        .client()
        .get(app.url("/login"))
        .send()
        .await
        .expect("login page");
    assert!(
        r.headers()["set-cookie"]
            .to_str()
            .unwrap_or("")
            .ends_with("Secure")
    );
}

#[tokio::test]
async fn openapi_documents_every_api_route() {
    let Some(app) = spawn(Backend::Sqlite, "openapi").await else {
        return;
    };
    let doc: Value = app
        .client()
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with('3')));
    for spec in planwatch_web::routes::specs() {
        if !spec.path.starts_with("/api/v1/") || spec.path == "/api/v1/openapi.json" {
            continue;
        }
        let method = spec.method.as_str().to_ascii_lowercase();
        assert!(
            doc["paths"][spec.path][&method].is_object(),
            "{} {} is not in the OpenAPI document",
            spec.method,
            spec.path
        );
    }
}

#[tokio::test]
async fn pages_render_for_their_readers() {
    let Some(app) = spawn(Backend::Sqlite, "pages").await else {
        return;
    };
    let anon = app.client();
    for path in [
        "/",
        "/indicators",
        "/indicators?year=2023",
        "/diff",
        "/indicators/2023/空气质量优良天数",
        "/assets/style.css",
        "/healthz",
    ] {
        let (status, body) = app.get_text(&anon, path).await;
        assert_eq!(status, 200, "{path}: {body}");
    }
    let (_, page) = app
        .get_text(&anon, "/indicators/2024/城镇新增就业人数")
        .await;
    assert!(
        page.contains("月度数据登录后可见"),
        "monthly figures are not public"
    );
    let (_, diff) = app.get_text(&anon, "/diff").await;
    assert!(
        diff.contains("区级税收收入增速"),
        "the 2024 addition is listed"
    );
    let (status, _) = app.get_text(&anon, "/no/such/page").await;
    assert_eq!(status, 404);
    let (status, _) = app.get_text(&anon, "/indicators?year=abc").await;
    assert_eq!(status, 400);
    let (status, _) = app.get_text(&anon, "/indicators/2023/无此指标").await;
    assert_eq!(status, 404);
    let leader = app.login("leader").await;
    let (status, page) = app
        .get_text(&leader, "/indicators/2024/城镇新增就业人数")
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("<svg") && page.contains("1-6月"),
        "monthly chart and table"
    );
    let (status, page) = app.get_text(&leader, "/cockpit").await;
    assert_eq!(status, 200);
    assert!(page.contains("江北区 2024"));
    assert!(page.contains("需关注的指标"));
    let (status, _) = app.get_text(&leader, "/review").await;
    assert_eq!(status, 200, "leaders read the queue");
    let (status, _) = app.get_text(&leader, "/audit").await;
    assert_eq!(status, 403);
}

/// The ranking API over a small tree stored beside the demo: 江北市 with 江北区 (the demo's
/// 6.7) and two more districts, annual actuals and quarterly cumulative figures.
async fn compare_api_ranks_stored_regions(backend: Backend) {
    use planwatch_store::RegionNode;
    use planwatch_store::regions::MonthlyRow;
    let Some(app) = spawn(backend, "compare").await else {
        return;
    };
    let actor = Actor::new("test", "compare");
    let node = |name: &str, parent: Option<&str>| RegionNode {
        name: name.into(),
        parent: parent.map(Into::into),
        level: None,
        groups: if parent.is_some() {
            vec!["中心城区".into()]
        } else {
            vec![]
        },
    };
    app.store
        .save_region_tree(
            &[
                node("江北市", None),
                node("江北区", Some("江北市")),
                node("北岸区", Some("江北市")),
                node("南山区", Some("江北市")),
            ],
            &actor,
        )
        .await
        .expect("tree");
    let plan = |region: &str, actual: &str| planwatch_domain::Plan {
        region: region.into(),
        year: 2023,
        indicators: vec![planwatch_domain::PlanIndicator {
            seq: 1,
            def: planwatch_domain::IndicatorDef::new(GDP, "%"),
            target: planwatch_text::parse_expr("6以上"),
            actual: Some(planwatch_text::parse_expr(actual)),
        }],
    };
    app.store
        .save_plans(&[plan("北岸区", "7.5"), plan("南山区", "5.0")], &actor)
        .await
        .expect("plans");
    // The public compares published actuals.
    for region in ["北岸区", "南山区"] {
        app.store
            .publish(region, 2023, 0, None, &actor)
            .await
            .expect("publish");
    }
    let get = |path: String| {
        let c = app.client();
        let url = app.url(&path);
        async move {
            let r = c.get(url).send().await.expect("get");
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.expect("json"))
        }
    };
    let (status, c) = get(format!(
        "/api/v1/compare?parent=江北市&year=2023&indicator={GDP}"
    ))
    .await;
    assert_eq!(status, 200, "{c}");
    let rows: Vec<(String, u64)> = c["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["region"].as_str().unwrap_or_default().to_string(),
                r["rank"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("北岸区".to_string(), 1),
            ("江北区".to_string(), 2),
            ("南山区".to_string(), 3)
        ]
    );
    assert_eq!(c["average"], "6.4");
    assert_eq!(c["rows"][1]["rank_phrase"], "居江北市第二位");
    assert_eq!(c["rows"][1]["gap_phrase"], "高于江北市平均水平0.3个百分点");
    assert_eq!(c["streak_unit"], "year");
    assert!(c["rollup"].is_null());
    assert!(c["rollup_refusal"].as_str().is_some_and(|r| !r.is_empty()));

    // Quarterly cumulative figures: 江北区 first in Q2 and Q3 (and in Q1, where the demo's
    // illustrative 2023 figure is the only one).
    let rows: Vec<MonthlyRow> = [(6, ["6.9", "6.5", "5.1"]), (9, ["6.8", "6.6", "5.2"])]
        .iter()
        .flat_map(|(month, values)| {
            ["江北区", "北岸区", "南山区"]
                .iter()
                .zip(values)
                .map(|(region, v)| MonthlyRow {
                    region: region.to_string(),
                    year: 2023,
                    indicator: GDP.into(),
                    month: *month,
                    value_text: v.to_string(),
                })
        })
        .collect();
    app.store
        .save_monthly_figures(&rows, &actor)
        .await
        .expect("monthly");
    for region in ["江北区", "北岸区", "南山区"] {
        for month in [6, 9] {
            app.store
                .publish(region, 2023, month, None, &actor)
                .await
                .expect("publish");
        }
    }
    let (status, q) = get(format!(
        "/api/v1/compare?group=中心城区&year=2023&indicator={GDP}&month=9&by=quarter"
    ))
    .await;
    assert_eq!(status, 200, "{q}");
    assert_eq!(q["month"], 9);
    assert_eq!(q["rows"][0]["region"], "江北区");
    assert_eq!(q["rows"][0]["rank_phrase"], "连续三个季度居中心城区第一位");

    // The same on the page, without login, in both languages.
    let anon = app.client();
    let (status, page) = app
        .get_text(
            &anon,
            &format!("/compare?group=中心城区&year=2023&indicator={GDP}&month=9&by=quarter"),
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("连续三个季度居中心城区第一位"), "{page}");
    assert!(page.contains("id=\"compare-table\""));
    let (status, page) = app
        .get_text(
            &anon,
            &format!("/compare?parent=江北市&year=2023&indicator={GDP}&lang=en"),
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("Compare regions") && page.contains("北岸区"),
        "{page}"
    );
    let (status, page) = app.get_text(&anon, "/compare").await;
    assert_eq!(status, 200);
    assert!(page.contains("中心城区"), "the groups are offered: {page}");
    let (status, _) = app
        .get_text(&anon, "/compare?group=中心城区&parent=江北市&year=2023")
        .await;
    assert_eq!(status, 400);

    for (bad, want) in [
        (
            format!("/api/v1/compare?group=中心城区&parent=江北市&year=2023&indicator={GDP}"),
            400,
        ),
        ("/api/v1/compare?group=中心城区&year=2023".to_string(), 400),
        (
            format!("/api/v1/compare?group=中心城区&year=二〇二三&indicator={GDP}"),
            400,
        ),
        (
            format!("/api/v1/compare?group=中心城区&year=2023&indicator={GDP}&month=8&by=quarter"),
            422,
        ),
        (
            format!("/api/v1/compare?group=无此组&year=2023&indicator={GDP}"),
            404,
        ),
    ] {
        let (status, body) = get(bad.clone()).await;
        assert_eq!(status, want, "{bad}: {body}");
        assert!(
            body["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{body}"
        );
    }
}

on_both!(compare_api_ranks_stored_regions);

on_both!(the_compare_form_keeps_a_year_it_cannot_read);
async fn the_compare_form_keeps_a_year_it_cannot_read(backend: Backend) {
    let Some(app) = spawn(backend, "compare_form").await else {
        return;
    };
    let anon = app.client();
    for (lang, says) in [
        ("zh", "年度应为整数，而不是“二〇二三”"),
        ("en", "year must be a whole number"),
    ] {
        let (status, page) = app
            .get_text(
                &anon,
                &format!("/compare?parent=江北市&year=二〇二三&indicator={GDP}&lang={lang}"),
            )
            .await;
        assert_eq!(status, 422, "{lang}");
        let field = &page[page.find("name=\"year\"").expect("the year box")..];
        let field = &field[..field.find("</label>").expect("label end")];
        assert!(field.contains("value=\"二〇二三\""), "{field}");
        assert!(
            field.contains("field-error") && field.contains(says),
            "{lang}: {field}"
        );
        assert!(
            page.contains(&format!("name=\"indicator\" value=\"{GDP}\"")),
            "the rest of the form is kept"
        );
    }
}

on_both!(pages_show_local_times_in_the_configured_zone);
async fn pages_show_local_times_in_the_configured_zone(backend: Backend) {
    let config = planwatch_web::WebConfig {
        time_zone: "UTC".parse().expect("UTC"),
        ..planwatch_web::WebConfig::default()
    };
    let Some(app) = common::spawn_with(backend, "time_zone", config).await else {
        return;
    };
    let admin = app.login("admin").await;
    let entry = app
        .store
        .audit_entries(1)
        .await
        .expect("audit")
        .into_iter()
        .next()
        .expect("the demo install is audited");
    let (status, page) = app.get_text(&admin, &format!("/audit/{}", entry.id)).await;
    assert_eq!(status, 200, "{page}");
    // Stored in UTC (`2024-07-05T01:30:00Z` or `2024-07-05 01:30:00`), shown as it is in UTC…
    let utc = entry.at.get(..16).expect("a timestamp").replace('T', " ");
    assert!(page.contains(&utc), "{utc} in {page}");
    // …and not eight hours on, as in Beijing.
    let beijing = planwatch_web::util::TimeZone::default().audit_time(&entry.at);
    assert_ne!(beijing, utc);
    assert!(!page.contains(&beijing), "{beijing}");
}

/// The review page lists what the reader could not read in the page's language: the English
/// page shows the reader's English sentence (quoting the report's caption), not the Chinese one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_page_shows_diagnostics_in_its_language() {
    let Some(app) = spawn(Backend::Sqlite, "diagnostics").await else {
        return;
    };
    let deputy = app.login("deputy").await;
    // A caption with no table under it: one diagnostic on line 5.
    let report = "关于某县2024年国民经济和社会发展计划执行情况的报告\n\n\
                  全县地区生产总值增长5.1%。\n\n\
                  附表1 2024年主要指标计划\n";
    let location = upload_report(&app, &deputy, "某县报告.txt", report.as_bytes().to_vec()).await;
    let zh_text = "表格标题“附表1 2024年主要指标计划”之后没有读到指标表";
    let en_text = "No indicator table was read after the table caption “附表1 2024年主要指标计划”";
    let (status, zh) = app.get_text(&deputy, &format!("{location}?lang=zh")).await;
    assert_eq!(status, 200);
    assert!(zh.contains(zh_text), "{zh}");
    assert!(!zh.contains(en_text), "{zh}");
    let (status, en) = app.get_text(&deputy, &format!("{location}?lang=en")).await;
    assert_eq!(status, 200);
    assert!(en.contains(en_text), "{en}");
    assert!(!en.contains(zh_text), "{en}");
}
