//! Figures on the web: the API refuses what cannot be right and holds a jump until a reason is
//! given; a note has a length limit; 报送情况 lists by department what is owed, reporters see
//! their own; the cockpit shows the count of late figures.

mod common;

use common::{Backend, spawn};
use serde_json::{Value, json};

async fn figures_on_the_web(backend: Backend) {
    let Some(app) = spawn(backend, "figures").await else {
        return;
    };
    let admin = app.token("admin").await;
    let put = |path: &'static str, body: Value| {
        app.client()
            .put(app.url(path))
            .bearer_auth(&admin)
            .json(&body)
            .send()
    };
    let gdp_actual = "/api/v1/regions/江北区/years/2023/indicators/地区生产总值增速/actual";
    for (value, says) in [
        ("1e999", "scientific notation"),
        ("99999999999999999999", "between -100 and 1000"),
        ("-", "is not a number"),
    ] {
        let r = put(gdp_actual, json!({ "value": value }))
            .await
            .expect("put");
        assert_eq!(r.status(), 422, "{value}");
        let v: Value = r.json().await.expect("json");
        assert!(
            v["message"].as_str().is_some_and(|m| m.contains(says)),
            "{value}: {v}"
        );
    }
    let monthly = "/api/v1/regions/江北区/years/2024/indicators/地区生产总值增速/monthly/7";
    // After 1-6月 5.8: 25 jumps by more than 10 points.
    let r = put(monthly, json!({ "value": "25" })).await.expect("put");
    assert_eq!(r.status(), 422);
    let v: Value = r.json().await.expect("json");
    assert!(
        v["message"]
            .as_str()
            .is_some_and(|m| m.contains("January–June")),
        "{v}"
    );
    let r = put(monthly, json!({ "value": "25", "reason": "口径调整" }))
        .await
        .expect("put");
    assert_eq!(r.status(), 200);

    let stats = app.token("stats").await;
    let r = app
        .client()
        .post(app.url("/api/v1/submissions"))
        .bearer_auth(&stats)
        .json(&json!({
            "region": "江北区", "year": 2024, "indicator": "人均地区生产总值", "month": 0,
            "value": "19.2", "note": "字".repeat(20_000), "submit": true
        }))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422, "a 20,000-character note is refused");

    // 报送情况: the admin sees every department, a reporter only its own.
    let c = app.login("admin").await;
    let (status, html) = app
        .get_text(&c, "/figures/due?region=江北区&year=2024&month=7")
        .await;
    assert_eq!(status, 200);
    assert!(
        html.contains("due-table") && html.contains("区发展改革委") && html.contains("区统计局"),
        "{html}"
    );
    let c = app.login("stats").await;
    let (status, html) = app
        .get_text(&c, "/figures/due?region=江北区&year=2024&month=7&lang=en")
        .await;
    assert_eq!(status, 200);
    assert!(
        html.contains("区统计局") && !html.contains("区发展改革委"),
        "{html}"
    );
    let c = app.login("leader").await;
    let (status, html) = app.get_text(&c, "/cockpit?region=江北区&year=2024").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("id=\"late-figures\""),
        "the cockpit shows the late count"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn figures_on_the_web_on_sqlite() {
    figures_on_the_web(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn figures_on_the_web_on_postgres() {
    figures_on_the_web(Backend::Postgres).await
}
