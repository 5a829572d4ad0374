//! A review that lasts: a deputy uploads a report through the web page, the server stops and
//! closes its database, a new server starts on the same SQLite file, and the review is listed,
//! reopened with the same findings and its file, and exported as docx and html.

mod common;

use common::{Backend, SYNTHETIC_REPORT, TestApp, serve, spawn, upload_report};
use planwatch_web::WebConfig;
use std::sync::Arc;

/// The findings of a review page, as `data-kind … data-passed …` markers, in order.
fn findings(page: &str) -> Vec<String> {
    page.match_indices("data-kind=\"")
        .map(|(i, _)| {
            let rest = &page[i..];
            let end = rest.find('>').unwrap_or(rest.len());
            rest[..end].to_string()
        })
        .collect()
}

async fn get(app: &TestApp, c: &reqwest::Client, path: &str) -> reqwest::Response {
    c.get(app.url(path)).send().await.expect("get")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_review_is_reopened_and_exported_after_a_restart() {
    let app = spawn(Backend::Sqlite, "restart").await.expect("app");
    let deputy = app.login("deputy").await;
    let location = upload_report(
        &app,
        &deputy,
        "江北区报告.txt",
        SYNTHETIC_REPORT.as_bytes().to_vec(),
    )
    .await;
    let (status, before) = app.get_text(&deputy, &location).await;
    assert_eq!(status, 200);
    let found_before = findings(&before);
    assert!(!found_before.is_empty(), "{before}");
    drop(deputy);

    // Stop the server, close the database, start again on the same file.
    let (passwords, dir) = app.stop().await;
    let dir = dir.expect("the SQLite directory");
    let reopened = planwatch_store_sql::SqliteStore::open(dir.path().join("web.db"), false)
        .await
        .expect("reopen the database");
    let app = serve(
        Arc::new(reopened),
        passwords,
        WebConfig::default(),
        Some(dir),
    )
    .await;

    let deputy = app.login("deputy").await;
    let (status, list) = app.get_text(&deputy, "/reports").await;
    assert_eq!(status, 200);
    assert!(
        list.contains("江北区报告.txt"),
        "listed after the restart: {list}"
    );
    let (status, after) = app.get_text(&deputy, &location).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(findings(&after), found_before, "the same findings");
    assert!(after.contains("江北区报告.txt"));

    // The file as uploaded, and the exports.
    let r = get(&app, &deputy, &format!("{location}/file")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.bytes().await.expect("file").as_ref(),
        SYNTHETIC_REPORT.as_bytes()
    );
    let r = get(&app, &deputy, &format!("{location}/export?format=docx")).await;
    assert_eq!(r.status(), 200);
    let kind = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(kind.contains("wordprocessingml"), "{kind}");
    let docx = r.bytes().await.expect("docx");
    assert_eq!(&docx[..2], b"PK", "a docx is a zip container");
    let r = get(&app, &deputy, &format!("{location}/export?format=html")).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("html");
    assert!(html.contains("江北区报告.txt"), "{html}");
    assert!(html.contains("发现的问题"), "{html}");
    // The export in English: the same review, its headings and findings in English.
    let r = get(
        &app,
        &deputy,
        &format!("{location}/export?format=html&lang=en"),
    )
    .await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("html");
    assert!(html.contains("江北区报告.txt"), "{html}");
    assert!(html.contains("Problems found"), "{html}");
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(!html.contains("发现的问题"), "{html}");
}
