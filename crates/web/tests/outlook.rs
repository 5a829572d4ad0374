//! The outlook and targets-check API on the demo data (江北区 2024 with its illustrative
//! 1-6月 figures, 2023 with actuals).

mod common;

use common::{Backend, spawn};
use serde_json::Value;

async fn outlook_and_targets_api(backend: Backend) {
    let Some(app) = spawn(backend, "outlook").await else {
        return;
    };
    let token = app.token("leader").await;
    let get = |path: &str, auth: bool| {
        let mut r = app.client().get(app.url(path));
        if auth {
            r = r.bearer_auth(&token);
        }
        r.send()
    };
    let r = get("/api/v1/regions/江北区/years/2024/outlook?month=6", true)
        .await
        .expect("outlook");
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["month"], 6);
    let gdp = v["indicators"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["name"] == "地区生产总值增速"))
        .expect("GDP");
    // One year of history (the demo's illustrative 2023 figures): the 1-6月 rate moved as
    // 2023's did from June (6.2) to the year's end (6.7), without a range.
    assert_eq!(gdp["projection"]["method"], "rate_shift", "{gdp}");
    assert_eq!(gdp["projection"]["value"], "6.3");
    assert_eq!(gdp["projection"]["ranged"], false);
    assert!(
        gdp["explanation"]
            .as_str()
            .is_some_and(|e| e.contains("按上年进度规律推算")),
        "{gdp}"
    );
    for i in v["indicators"].as_array().expect("indicators") {
        assert!(
            !i["projection"].is_null() || i["reason"].as_str().is_some_and(|r| !r.is_empty()),
            "{i}"
        );
    }
    // Figures are not public; a bad month is a 400.
    assert_eq!(
        get("/api/v1/regions/江北区/years/2024/outlook", false)
            .await
            .expect("anonymous")
            .status(),
        401
    );
    assert_eq!(
        get("/api/v1/regions/江北区/years/2024/outlook?month=13", true)
            .await
            .expect("bad month")
            .status(),
        400
    );
    // Target realism is public, like the targets themselves.
    let r = get("/api/v1/regions/江北区/years/2024/targets-check", false)
        .await
        .expect("targets");
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.expect("json");
    let checks = v["checks"].as_array().expect("checks");
    assert!(!checks.is_empty());
    let gdp = checks
        .iter()
        .find(|c| c["name"] == "地区生产总值增速")
        .expect("GDP check");
    assert_eq!(gdp["last_actual"][0], 2023, "{gdp}");
    assert_eq!(
        get("/api/v1/regions/无此区/years/2024/targets-check", false)
            .await
            .expect("unknown")
            .status(),
        404
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outlook_and_targets_api_on_sqlite() {
    outlook_and_targets_api(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outlook_and_targets_api_on_postgres() {
    outlook_and_targets_api(Backend::Postgres).await
}
