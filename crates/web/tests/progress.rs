//! Progress entries over HTTP against the real server, on SQLite and (when
//! `PLANWATCH_TEST_POSTGRES` is set) PostgreSQL: through the API a department's reporter
//! enters May's investment on its project and the DRC approves it, and the project's light and
//! the summary paragraph change; another department's project is refused; through the pages a
//! task's quarterly note and a livelihood project marked done reach the ledgers' pages only
//! after approval; every step is in the audit trail.

mod common;

use common::{Backend, TestApp, form_token, spawn};
use rust_decimal::Decimal;
use serde_json::{Value, json};

const Y: &str = "/api/v1/regions/江北区/years/2024";

async fn get_json(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    let r = app
        .client()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("get");
    let status = r.status().as_u16();
    (status, r.json().await.expect("json"))
}

async fn post_json(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    let r = app
        .client()
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("post");
    let status = r.status().as_u16();
    (status, r.json().await.expect("json"))
}

async fn lights(app: &TestApp, token: &str) -> Value {
    get_json(app, token, &format!("{Y}/projects/lights?month=5"))
        .await
        .1
}

async fn summary(app: &TestApp, token: &str) -> String {
    get_json(app, token, &format!("{Y}/projects/summary?month=5"))
        .await
        .1["paragraph"]
        .as_str()
        .expect("paragraph")
        .to_string()
}

fn light_of(lights: &Value, code: &str) -> String {
    lights["lights"]
        .as_array()
        .expect("lights")
        .iter()
        .find(|l| l["code"] == code)
        .and_then(|l| l["light"].as_str())
        .expect("the project's light")
        .to_string()
}

async fn an_entry_moves_the_light_and_paragraph_only_once_approved(backend: Backend) {
    let Some(app) = spawn(backend, "progress_api").await else {
        return;
    };
    let commerce = app.token("commerce").await;
    let admin = app.token("admin").await;

    // The reporter sees its own department's items only.
    let (s, items) = get_json(&app, &commerce, &format!("{Y}/progress/items")).await;
    assert_eq!(s, 200, "{items}");
    let items = items.as_array().expect("items");
    assert!(!items.is_empty());
    let department_of = |i: &Value| -> String {
        match i["kind"].as_str() {
            Some("project") => i["project"]["responsible_unit"].as_str(),
            Some("task") => i["measure"]["lead"].as_str(),
            _ => i["candidate"]["responsible_unit"].as_str(),
        }
        .unwrap_or_default()
        .to_string()
    };
    assert!(items.iter().all(|i| department_of(i) == "区商务委"));
    let project = items
        .iter()
        .find(|i| {
            i["kind"] == "project"
                && i["project"]["annual_plan"]
                    .as_str()
                    .and_then(|a| a.parse::<Decimal>().ok())
                    .is_some_and(|a| a > Decimal::ZERO)
        })
        .expect("a commerce project with a plan this year");
    let code = project["project"]["code"]
        .as_str()
        .expect("code")
        .to_string();
    let plan: Decimal = project["project"]["annual_plan"]
        .as_str()
        .expect("plan")
        .parse()
        .expect("decimal");
    let may = (plan * Decimal::new(45, 2)).round_dp(2);

    assert_eq!(light_of(&lights(&app, &admin).await, &code), "red");
    let paragraph_before = summary(&app, &admin).await;

    // A value that is not a number is refused with its field; nothing is stored.
    let (s, e) = post_json(
        &app,
        &commerce,
        "/api/v1/progress/entries",
        json!({ "region": "江北区", "year": 2024, "kind": "project", "key": code, "period": 5,
                "completed": "很多", "submit": true }),
    )
    .await;
    assert_eq!(s, 422, "{e}");
    assert!(
        e["message"].as_str().unwrap_or("").contains("completed"),
        "{e}"
    );

    // Another department's project is refused.
    let (s, e) = post_json(
        &app,
        &commerce,
        "/api/v1/progress/entries",
        json!({ "region": "江北区", "year": 2024, "kind": "project", "key": "2024S001", "period": 5,
                "completed": "0.1", "submit": true }),
    )
    .await;
    assert_eq!(s, 403, "{e}");

    let (s, entry) = post_json(
        &app,
        &commerce,
        "/api/v1/progress/entries",
        json!({ "region": "江北区", "year": 2024, "kind": "project", "key": code, "period": 5,
                "completed": may.to_string(), "image_progress": "主体结构施工",
                "started_on": "2024-03-18", "submit": true }),
    )
    .await;
    assert_eq!(s, 200, "{entry}");
    assert_eq!(entry["status"], "submitted");
    assert_eq!(entry["department"], "区商务委");
    assert!(
        entry["summary"]
            .as_str()
            .unwrap_or("")
            .contains("1-5月累计完成投资")
    );
    assert!(entry["summary_en"].as_str().unwrap_or("").contains("May"));

    // Submitted is not applied.
    assert_eq!(light_of(&lights(&app, &admin).await, &code), "red");
    // The reporter cannot approve its own entry; the DRC can.
    let review = format!("/api/v1/progress/entries/{}/review", entry["id"]);
    let (s, _) = post_json(&app, &commerce, &review, json!({ "decision": "approve" })).await;
    assert_eq!(s, 403);
    let (s, approved) = post_json(
        &app,
        &admin,
        &review,
        json!({ "decision": "approve", "expected_version": entry["version"] }),
    )
    .await;
    assert_eq!(s, 200, "{approved}");
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["reviewed_by"], "admin");
    assert_ne!(light_of(&lights(&app, &admin).await, &code), "red");
    assert_ne!(
        summary(&app, &admin).await,
        paragraph_before,
        "the paragraph follows"
    );

    // Deciding it twice is refused, naming why.
    let (s, _) = post_json(&app, &admin, &review, json!({ "decision": "approve" })).await;
    assert_eq!(s, 422);

    // The entries list: the reporter's own; filters by status.
    let (s, list) = get_json(
        &app,
        &commerce,
        "/api/v1/progress/entries?region=江北区&year=2024&status=approved",
    )
    .await;
    assert_eq!(s, 200);
    let list = list.as_array().expect("entries");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["item_key"], code.as_str());
    let stats = app.token("stats").await;
    let (_, theirs) = get_json(&app, &stats, "/api/v1/progress/entries").await;
    assert_eq!(
        theirs.as_array().map(Vec::len),
        Some(0),
        "another department's"
    );

    // Audited.
    let (_, audit) = get_json(&app, &admin, "/api/v1/audit?limit=50").await;
    let actions: Vec<&str> = audit
        .as_array()
        .expect("audit")
        .iter()
        .filter_map(|a| a["action"].as_str())
        .collect();
    assert!(actions.contains(&"entry_submit"), "{actions:?}");
    assert!(actions.contains(&"entry_approve"), "{actions:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_moves_the_light_and_paragraph_only_once_approved_on_sqlite() {
    an_entry_moves_the_light_and_paragraph_only_once_approved(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_moves_the_light_and_paragraph_only_once_approved_on_postgres() {
    an_entry_moves_the_light_and_paragraph_only_once_approved(Backend::Postgres).await;
}

/// The id in `data-entry="…"` of the queue row of `key`.
fn queue_row(html: &str, key: &str) -> Option<(String, String)> {
    let needle = format!("\" data-key=\"{key}\"");
    let at = html.find(&needle)?;
    let start = html[..at].rfind("data-entry=\"")? + "data-entry=\"".len();
    let id = html[start..at].to_string();
    let version = common::attr_after(&html[at..], "name=\"version\" value=\"")?;
    Some((id, version))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn task_notes_and_livelihood_completion_through_the_pages() {
    let Some(app) = spawn(Backend::Sqlite, "progress_pages").await else {
        return;
    };
    let reporter = app.login("commerce").await;
    let (s, page) = app
        .get_text(&reporter, "/progress?region=江北区&year=2024")
        .await;
    assert_eq!(s, 200);
    assert!(
        page.contains("data-kind=\"task\" data-key=\"1.2\""),
        "its task"
    );
    assert!(
        !page.contains("data-key=\"1.1\""),
        "not another department's task"
    );

    // A quarterly note for task 1.2, submitted.
    let form = "/progress/task/1.2?region=江北区&year=2024";
    let (s, page) = app.get_text(&reporter, &format!("{form}&period=2")).await;
    assert_eq!(s, 200);
    assert!(page.contains("二季度"));
    let token = form_token(&page);
    let r = reporter
        .post(app.url(form))
        .form(&[
            ("_csrf", token.as_str()),
            ("period", "2"),
            ("note", "二季度累计引进首店58家"),
            ("status", "推进中"),
            ("action", "submit"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 303);
    // Another department's task form is refused.
    let (s, _) = app
        .get_text(&reporter, "/progress/task/1.1?region=江北区&year=2024")
        .await;
    assert_eq!(s, 403);
    // A bad status is shown beside its field, with the values kept.
    let r = reporter
        .post(app.url(form))
        .form(&[
            ("_csrf", token.as_str()),
            ("period", "3"),
            ("note", "三季度"),
            ("status", "差不多"),
            ("action", "draft"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("body");
    assert!(body.contains("id=\"error-status\""), "the field's error");
    assert!(body.contains(">三季度</textarea>"), "the note kept");

    let admin = app.login("admin").await;
    let (_, tasks) = app.get_text(&admin, "/tasks?region=江北区&year=2024").await;
    assert!(
        !tasks.contains("二季度累计引进首店58家"),
        "not before approval"
    );
    let (_, queue) = app
        .get_text(&admin, "/progress/queue?region=江北区&year=2024")
        .await;
    let (id, version) = queue_row(&queue, "1.2").expect("the note in the queue");
    let token = form_token(&queue);
    let r = admin
        .post(app.url(&format!("/progress/entries/{id}/review")))
        .form(&[
            ("_csrf", token.as_str()),
            ("version", version.as_str()),
            ("decision", "approve"),
        ])
        .send()
        .await
        .expect("approve");
    assert_eq!(r.status(), 303);
    let (_, tasks) = app.get_text(&admin, "/tasks?region=江北区&year=2024").await;
    assert!(tasks.contains("二季度累计引进首店58家"), "after approval");

    // A livelihood project marked done by the DRC for its department, then approved.
    let (_, items) = app
        .get_text(&admin, "/progress?region=江北区&year=2024&kind=livelihood")
        .await;
    let key = common::attr_after(&items, "data-kind=\"livelihood\" data-key=\"")
        .expect("an adopted livelihood project");
    let form = format!(
        "/progress/livelihood/{}?region=江北区&year=2024",
        planwatch_web::util::enc(&key)
    );
    let (_, page) = app.get_text(&admin, &format!("{form}&period=11")).await;
    let token = form_token(&page);
    let r = admin
        .post(app.url(&form))
        .form(&[
            ("_csrf", token.as_str()),
            ("period", "11"),
            ("done", "1"),
            ("note", "全部建成投用"),
            ("action", "submit"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 303);
    let (_, queue) = app
        .get_text(&admin, "/progress/queue?region=江北区&year=2024")
        .await;
    let (id, version) = queue_row(&queue, &key).expect("in the queue");
    // Returning needs a reason.
    let r = admin
        .post(app.url(&format!("/progress/entries/{id}/review")))
        .form(&[
            ("_csrf", token.as_str()),
            ("version", version.as_str()),
            ("decision", "return"),
        ])
        .send()
        .await
        .expect("return");
    assert_eq!(r.status(), 422);
    let r = admin
        .post(app.url(&format!("/progress/entries/{id}/review")))
        .form(&[
            ("_csrf", token.as_str()),
            ("version", version.as_str()),
            ("decision", "approve"),
        ])
        .send()
        .await
        .expect("approve");
    assert_eq!(r.status(), 303);
    let (_, page) = app.get_text(&admin, &form).await;
    assert!(
        page.contains("全部建成投用"),
        "the item shows its new state"
    );
    let (_, livelihood) = app
        .get_text(&admin, "/livelihood?region=江北区&year=2025")
        .await;
    assert!(
        livelihood.contains("全部建成投用"),
        "in the year after's progress table"
    );
}
