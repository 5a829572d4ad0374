//! The ledger pages (重点项目, 民生实事, 重点任务) and the report review page over HTTP, on SQLite
//! and (when `PLANWATCH_TEST_POSTGRES` is set) PostgreSQL: filters, lights, the tally, Excel
//! export and import (a malformed file shows every cell error and changes nothing), escaping,
//! uploads with CSRF and size limits.

mod common;

use common::{Backend, SYNTHETIC_REPORT, TestApp, form_token, spawn, upload};
use planwatch_domain::projects::{Category, Phase, Project};
use planwatch_office::ProjectLedger;
use rust_decimal::Decimal;
use serde_json::Value;

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

fn shown(page: &str) -> usize {
    common::attr_after(page, "data-count=\"")
        .and_then(|n| n.parse().ok())
        .expect("shown count")
}

fn rows_with(page: &str, needle: &str) -> usize {
    page.matches(needle).count()
}

on_both!(project_filters_lights_and_pages);
async fn project_filters_lights_and_pages(backend: Backend) {
    let Some(app) = spawn(backend, "projects").await else {
        return;
    };
    let leader = app.login("leader").await;
    let (status, page) = app.get_text(&leader, "/projects?year=2024").await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(shown(&page), 237);
    assert!(page.contains("id=\"project-paragraph\""));
    assert!(page.contains("重点项目"));
    // Filters by category, phase, unit, street and light.
    let demo = planwatch_service::demo::projects_2024();
    let social = demo
        .projects
        .iter()
        .filter(|p| p.category == Category::Social)
        .count();
    let (_, page) = app
        .get_text(&leader, "/projects?year=2024&category=社会投资&per=500")
        .await;
    assert_eq!(shown(&page), social);
    assert_eq!(rows_with(&page, "<tr data-code="), social);
    let n = demo
        .projects
        .iter()
        .filter(|p| p.phase == Phase::New && p.street == "观音桥街道")
        .count();
    let (_, page) = app
        .get_text(
            &leader,
            "/projects?year=2024&phase=新开工&street=观音桥街道",
        )
        .await;
    assert_eq!(shown(&page), n);
    let n = demo
        .projects
        .iter()
        .filter(|p| p.responsible_unit == "区商务委")
        .count();
    let (_, page) = app
        .get_text(&leader, "/projects?year=2024&unit=区商务委")
        .await;
    assert_eq!(shown(&page), n);
    // Lights at June of 2024 (nothing completed yet): the light filter keeps only its rows.
    let (status, all) = app
        .get_text(&leader, "/projects?year=2024&month=6&per=500")
        .await;
    assert_eq!(status, 200);
    let mut total = 0;
    for light in ["green", "yellow", "red"] {
        let path = format!("/projects?year=2024&month=6&light={light}&per=500");
        let (_, page) = app.get_text(&leader, &path).await;
        let expected = rows_with(&all, &format!("data-light=\"{light}\""));
        assert_eq!(shown(&page), expected, "{light}");
        assert_eq!(rows_with(&page, "<tr data-code="), expected);
        total += expected;
    }
    assert_eq!(total, 237, "every project has a light");
    assert!(
        rows_with(&all, "data-light=\"green\"") < 237,
        "some projects lag in June with nothing completed"
    );
    let (status, page) = app
        .get_text(&leader, "/projects?year=2024&category=外星投资")
        .await;
    assert_eq!(
        status, 422,
        "an unknown filter re-shows the form with its message"
    );
    assert!(page.contains("data-field=\"category\"") && page.contains("没有“外星投资”这种类别"));
    // One project's page.
    let code = &demo.projects[0].code;
    let (status, page) = app
        .get_text(&leader, &format!("/projects/{code}?year=2024"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains(&demo.projects[0].name));
    assert!(page.contains("id=\"project-fields\""));
    let (status, _) = app.get_text(&leader, "/projects/NOPE?year=2024").await;
    assert_eq!(status, 404);
    // Export: an xlsx download that imports back whole.
    let r = leader
        .get(app.url("/projects/export.xlsx?year=2024"))
        .send()
        .await
        .expect("export");
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()[reqwest::header::CONTENT_TYPE]
            .to_str()
            .unwrap_or("")
            .contains("spreadsheetml")
    );
    let bytes = r.bytes().await.expect("bytes").to_vec();
    assert!(bytes.starts_with(b"PK"));
    let admin = app.login("admin").await;
    let (_, page) = app.get_text(&admin, "/projects?year=2024").await;
    assert!(
        page.contains("enctype=\"multipart/form-data\""),
        "admins see the import form"
    );
    let (_, leader_page) = app.get_text(&leader, "/projects?year=2024").await;
    assert!(!leader_page.contains("/projects/import"), "leaders do not");
    let token = form_token(&page);
    let r = upload(
        &app,
        &admin,
        "/projects/import",
        &token,
        &[("region", "江北区"), ("year", "2024")],
        "重点项目.xlsx",
        bytes,
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let (_, page) = app.get_text(&admin, "/projects?year=2024").await;
    assert_eq!(shown(&page), 237);
    // The JSON API.
    let token = app.token("deputy").await;
    let v: Value = app
        .client()
        .get(app.url("/api/v1/regions/江北区/years/2023/projects/lights?month=6"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("lights")
        .json()
        .await
        .expect("json");
    assert_eq!(v["month"], 6);
    assert_eq!(v["lights"].as_array().map(Vec::len), Some(234));
    let v: Value = app
        .client()
        .get(app.url("/api/v1/regions/江北区/years/2023/projects/summary"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("summary")
        .json()
        .await
        .expect("json");
    assert!(v["paragraph"].as_str().is_some_and(|p| p.contains("234")));
}

fn small_ledger(name: &str) -> ProjectLedger {
    let mut p = Project::new("T001", name, Category::Government, Phase::New);
    p.total_investment = Decimal::new(12, 0);
    p.annual_plan = Decimal::new(3, 0);
    p.responsible_unit = "区发展改革委".into();
    p.street = "观音桥街道".into();
    ProjectLedger {
        projects: vec![p],
        monthly: Vec::new(),
    }
}

on_both!(a_malformed_import_shows_every_error_and_changes_nothing);
async fn a_malformed_import_shows_every_error_and_changes_nothing(backend: Backend) {
    let Some(app) = spawn(backend, "import").await else {
        return;
    };
    let admin = app.login("admin").await;
    let (_, page) = app.get_text(&admin, "/projects?year=2024").await;
    let token = form_token(&page);
    let csv = String::from_utf8(small_ledger("好项目").projects_csv().expect("csv")).expect("utf8");
    let bad = csv
        .replace("政府投资", "外星投资")
        .replace(",12,", ",十二亿元多,");
    assert_ne!(bad, csv, "the CSV was corrupted");
    let r = upload(
        &app,
        &admin,
        "/projects/import",
        &token,
        &[("region", "江北区"), ("year", "2024")],
        "bad.csv",
        bad.into_bytes(),
    )
    .await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("body");
    assert!(body.contains("id=\"import-errors\""), "{body}");
    assert!(
        body.contains("外星投资") && body.contains("十二亿元多"),
        "{body}"
    );
    assert!(
        rows_with(&body, "class=\"has-error\"") >= 2,
        "every error is listed"
    );
    // Not a workbook at all.
    let r = upload(
        &app,
        &admin,
        "/projects/import",
        &token,
        &[("region", "江北区"), ("year", "2024")],
        "bad.xlsx",
        b"not a workbook".to_vec(),
    )
    .await;
    assert_eq!(r.status(), 422);
    // Nothing changed.
    let (_, page) = app.get_text(&admin, "/projects?year=2024").await;
    assert_eq!(shown(&page), 237);
    // Without the form token, or as a leader: refused.
    let r = upload(
        &app,
        &admin,
        "/projects/import",
        "wrong",
        &[("region", "江北区"), ("year", "2024")],
        "ok.csv",
        csv.clone().into_bytes(),
    )
    .await;
    assert_eq!(r.status(), 403);
    let leader = app.login("leader").await;
    let (_, page) = app.get_text(&leader, "/projects?year=2024").await;
    let r = upload(
        &app,
        &leader,
        "/projects/import",
        &form_token(&page),
        &[("region", "江北区"), ("year", "2024")],
        "ok.csv",
        csv.into_bytes(),
    )
    .await;
    assert_eq!(r.status(), 403);
    let (_, page) = app.get_text(&admin, "/projects?year=2024").await;
    assert_eq!(shown(&page), 237);
    // Livelihood: a bad ballots file changes nothing either.
    let (_, page) = app.get_text(&admin, "/livelihood?year=2024").await;
    let r = upload(
        &app,
        &admin,
        "/livelihood/import",
        &form_token(&page),
        &[("region", "江北区"), ("year", "2024"), ("kind", "ballots")],
        "votes.xlsx",
        b"PK not really".to_vec(),
    )
    .await;
    assert_eq!(r.status(), 422);
    let (_, page) = app.get_text(&admin, "/livelihood?year=2024").await;
    assert!(page.contains("data-count=\"10\""));
}

on_both!(a_script_named_project_shows_as_text);
async fn a_script_named_project_shows_as_text(backend: Backend) {
    let Some(app) = spawn(backend, "xss").await else {
        return;
    };
    let admin = app.login("admin").await;
    let (_, page) = app.get_text(&admin, "/projects?year=2024").await;
    let evil = "<script>alert(1)</script>";
    let csv = small_ledger(evil).projects_csv().expect("csv");
    let r = upload(
        &app,
        &admin,
        "/projects/import",
        &form_token(&page),
        &[("region", "江北区"), ("year", "2024")],
        "evil.csv",
        csv,
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    for path in ["/projects?year=2024", "/projects/T001?year=2024"] {
        let (status, page) = app.get_text(&admin, path).await;
        assert_eq!(status, 200);
        assert!(!page.contains(evil), "{path} must escape");
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}"
        );
    }
    let r = admin
        .get(app.url("/api/v1/regions/江北区/years/2024/projects"))
        .send()
        .await
        .expect("api");
    assert!(
        r.headers()[reqwest::header::CONTENT_TYPE]
            .to_str()
            .unwrap_or("")
            .starts_with("application/json")
    );
    let v: Value = r.json().await.expect("json");
    assert_eq!(
        v["projects"][0]["name"], evil,
        "JSON carries the text as a string"
    );
}

on_both!(the_vote_tally_adopts_ten);
async fn the_vote_tally_adopts_ten(backend: Backend) {
    let Some(app) = spawn(backend, "tally").await else {
        return;
    };
    let deputy = app.login("deputy").await;
    let (status, page) = app.get_text(&deputy, "/livelihood?year=2024").await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("id=\"adopted-count\" data-count=\"10\""),
        "{page}"
    );
    assert_eq!(rows_with(&page, "data-adopted=\"true\""), 10);
    assert!(page.contains("id=\"candidates\""));
    assert!(page.contains("id=\"progress\""), "last year's progress");
    for (path, label) in [
        (
            "/livelihood?year=2024&lang=en",
            "Adopted, in order of votes",
        ),
        ("/projects?year=2024&lang=en", "Key projects"),
        ("/tasks?year=2024&lang=en", "Key tasks"),
        ("/reports?lang=en", "Upload a report"),
    ] {
        let (status, page) = app.get_text(&deputy, path).await;
        assert_eq!(status, 200, "{path}");
        assert!(page.contains(label), "{path} in English");
    }
    let (_, page) = app.get_text(&deputy, "/livelihood?year=2024&seats=5").await;
    assert!(page.contains("data-count=\"5\""));
    // A number of seats that cannot be used re-shows the form: the message beside the box,
    // what was typed kept, the tally waiting; in the page's language.
    for (lang, says) in [
        ("zh", "拟确定项目数应为1至100，而不是0"),
        ("en", "must be 1 to 100, not 0"),
    ] {
        let (status, page) = app
            .get_text(
                &deputy,
                &format!("/livelihood?year=2024&seats=0&lang={lang}"),
            )
            .await;
        assert_eq!(status, 422, "{lang}");
        let field = &page[page.find("name=\"seats\"").expect("the seats box")..];
        let field = &field[..field.find("</label>").expect("label end")];
        assert!(field.contains("value=\"0\""), "{field}");
        assert!(
            field.contains("field-error") && field.contains(says),
            "{lang}: {field}"
        );
        assert!(page.contains("id=\"tally-waits\"") && !page.contains("id=\"tally\""));
    }
    let (status, page) = app
        .get_text(&deputy, "/livelihood?year=2024&seats=十")
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("value=\"十\"") && page.contains("field-error"));
    let v: Value = app
        .client()
        .get(app.url("/api/v1/regions/江北区/years/2024/livelihood/tally"))
        .bearer_auth(app.token("leader").await)
        .send()
        .await
        .expect("tally")
        .json()
        .await
        .expect("json");
    assert_eq!(v["adopted"].as_array().map(Vec::len), Some(10));
    // Tasks: the tree with deadline lights at a chosen date.
    let (status, page) = app
        .get_text(&deputy, "/tasks?year=2024&today=2024-06-30")
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(rows_with(&page, "<tr data-code="), 12);
    assert!(page.contains("data-light=\"green\"") || page.contains("data-light=\"yellow\""));
    let tasks_2024 = planwatch_service::demo::tasks_2024().expect("demo tasks");
    let lead = &tasks_2024.measures[0].lead;
    let n = tasks_2024
        .measures
        .iter()
        .filter(|m| &m.lead == lead || m.supporting.contains(lead))
        .count();
    let (_, page) = app
        .get_text(
            &deputy,
            &format!("/tasks?year=2024&today=2024-06-30&department={lead}"),
        )
        .await;
    assert_eq!(rows_with(&page, "<tr data-code="), n);
    assert!(n < 12);
    let (_, page) = app
        .get_text(
            &deputy,
            "/tasks?year=2024&today=2024-06-30&status=滞后&light=yellow",
        )
        .await;
    assert!(
        rows_with(&page, "<tr data-code=") >= 1,
        "the lagging measure is yellow"
    );
    assert!(!page.contains("data-light=\"green\""));
    let (status, _) = app.get_text(&deputy, "/tasks?year=2024").await;
    assert_eq!(status, 200);
    let (status, page) = app.get_text(&deputy, "/tasks?year=2024&today=soon").await;
    assert_eq!(status, 422);
    assert!(page.contains("value=\"soon\"") && page.contains("data-field=\"as_of\""));
    // Tasks: export, then import as the DRC (a bad file first, which changes nothing).
    let r = deputy
        .get(app.url("/tasks/export.xlsx?year=2024"))
        .send()
        .await
        .expect("export");
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.expect("bytes").to_vec();
    let admin = app.login("admin").await;
    let (_, page) = app.get_text(&admin, "/tasks?year=2024").await;
    let token = form_token(&page);
    let fields = [("region", "江北区"), ("year", "2024")];
    let r = upload(
        &app,
        &admin,
        "/tasks/import",
        &token,
        &fields,
        "t.xlsx",
        b"junk".to_vec(),
    )
    .await;
    assert_eq!(r.status(), 422);
    let r = upload(
        &app,
        &admin,
        "/tasks/import",
        &token,
        &fields,
        "t.xlsx",
        bytes,
    )
    .await;
    assert_eq!(r.status(), 303);
    let (_, page) = app
        .get_text(&admin, "/tasks?year=2024&today=2024-06-30")
        .await;
    assert_eq!(rows_with(&page, "<tr data-code="), 12);
}

/// The saved review an upload redirected to.
async fn opened(app: &TestApp, c: &reqwest::Client, r: reqwest::Response) -> String {
    assert_eq!(r.status(), 303, "an upload opens its saved review");
    let location = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("location")
        .to_string();
    assert!(location.starts_with("/reports/"), "{location}");
    let (status, page) = app.get_text(c, &location).await;
    assert_eq!(status, 200);
    page
}

on_both!(the_review_page_reads_an_upload_and_lists_findings);
async fn the_review_page_reads_an_upload_and_lists_findings(backend: Backend) {
    let Some(app) = spawn(backend, "reports").await else {
        return;
    };
    let deputy = app.login("deputy").await;
    let (status, page) = app.get_text(&deputy, "/reports").await;
    assert_eq!(status, 200);
    let token = form_token(&page);
    let r = upload(
        &app,
        &deputy,
        "/reports",
        &token,
        &[],
        "report.txt",
        SYNTHETIC_REPORT.as_bytes().to_vec(),
    )
    .await;
    // The review is kept: the upload opens it at its own address.
    let page = opened(&app, &deputy, r).await;
    assert!(page.contains("id=\"indicator-count\">3<"), "{page}");
    assert!(
        page.contains("data-kind=\"SummaryCount\" data-passed=\"false\""),
        "{page}"
    );
    assert!(page.contains("id=\"L3\""), "numbered text");
    assert!(page.contains("href=\"#L3\""), "evidence links to the line");
    assert!(page.contains("report.txt"));
    // Not a report at all: the reason, and nothing kept.
    let r = upload(
        &app,
        &deputy,
        "/reports",
        &token,
        &[],
        "x.txt",
        vec![0u8; 64],
    )
    .await;
    assert_eq!(r.status(), 422, "refused with the reason, not stored");
    let page = r.text().await.expect("body");
    assert!(page.contains("data-kind=\"Incomplete\""), "{page}");
    assert!(page.contains("无法读取该文件"), "{page}");
    // Text that is not a report: the review says it is incomplete, never "no problems".
    let r = upload(
        &app,
        &deputy,
        "/reports",
        &token,
        &[],
        "poem.txt",
        "静夜思\n床前明月光，疑是地上霜。\n".as_bytes().to_vec(),
    )
    .await;
    let page = opened(&app, &deputy, r).await;
    assert!(page.contains("未能读取指标表，以下审查不完整"), "{page}");
    assert!(!page.contains("未发现问题"), "{page}");
    let (_, list) = app.get_text(&deputy, "/reports").await;
    assert_eq!(list.matches("<tr data-review=").count(), 2, "{list}");
    let big = vec![b'a'; planwatch_web::upload::UPLOAD_LIMIT + 1024];
    let r = upload(&app, &deputy, "/reports", &token, &[], "big.txt", big).await;
    assert_eq!(r.status(), 413);
    assert!(r.text().await.expect("body").contains("20 MB"));
    let r = upload(
        &app,
        &app.client(),
        "/reports",
        &token,
        &[],
        "report.txt",
        SYNTHETIC_REPORT.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(r.status(), 401);
}

on_both!(lists_page_sort_and_search_with_everything_in_the_url);
async fn lists_page_sort_and_search_with_everything_in_the_url(backend: Backend) {
    let Some(app) = spawn(backend, "lists").await else {
        return;
    };
    let demo = planwatch_service::demo::projects_2024();
    let admin = app.login("admin").await;
    // Projects: 50 a page, the pager counts all, the last page holds the rest.
    let (status, page) = app.get_text(&admin, "/projects?year=2024").await;
    assert_eq!(status, 200);
    assert_eq!(rows_with(&page, "<tr data-code="), 50);
    assert!(page.contains("data-total=\"237\""), "{page}");
    let (_, last) = app.get_text(&admin, "/projects?year=2024&page=5").await;
    assert_eq!(rows_with(&last, "<tr data-code="), 237 - 200);
    // The import form is at the top, above the table.
    let form = page.find("enctype=\"multipart/form-data\"").expect("form");
    let table = page.find("id=\"project-table\"").expect("table");
    assert!(form < table, "the import form comes first");
    // Sorted by the annual plan, largest first.
    let (_, sorted) = app.get_text(&admin, "/projects?year=2024&sort=-plan").await;
    let biggest = demo
        .projects
        .iter()
        .map(|p| p.annual_plan)
        .max()
        .expect("a plan");
    let first = common::attr_after(&sorted, "<tr data-code=\"").expect("a row");
    let first = demo
        .projects
        .iter()
        .find(|p| p.code == first)
        .expect("a demo project");
    assert_eq!(first.annual_plan, biggest);
    // A search, kept with a filter in every link of the page.
    let unit = "区商务委";
    let n = demo
        .projects
        .iter()
        .filter(|p| p.responsible_unit == unit && p.phase == Phase::New)
        .count();
    let (_, found) = app
        .get_text(
            &admin,
            &format!("/projects?year=2024&phase=新开工&q={unit}"),
        )
        .await;
    assert_eq!(shown(&found), n);
    assert!(
        found.contains("name=\"q\" value=\"区商务委\""),
        "the search stays in the filter form"
    );
    assert!(
        found.contains("name=\"phase\" value=\"新开工\""),
        "the filter stays in the search form"
    );
    let (status, _) = app
        .get_text(&admin, "/projects?year=2024&sort=height")
        .await;
    assert_eq!(status, 400);

    // Tasks judge at the same reference as projects: the end of the report month (December
    // of 2024, which has no monthly reports yet), and say so.
    let (_, tasks) = app.get_text(&admin, "/tasks?year=2024").await;
    assert!(
        tasks.contains("data-as-of=\"2024-12-31\" data-default=\"true\""),
        "{tasks}"
    );
    assert!(
        page.contains("<option value=\"12\" selected>12</option>"),
        "projects at December"
    );
    let (_, chosen) = app
        .get_text(&admin, "/tasks?year=2024&as_of=2024-06-30")
        .await;
    assert!(chosen.contains("data-as-of=\"2024-06-30\" data-default=\"false\""));
    // Filters that cannot be read re-show the list's form with the message beside the field
    // and what was typed kept; the list is shown without them.
    let (status, wrong) = app
        .get_text(&admin, "/tasks?year=2024&as_of=2024-02-30&light=purple")
        .await;
    assert_eq!(status, 422);
    assert!(
        wrong.contains("name=\"as_of\" aria-invalid=\"true\" value=\"2024-02-30\""),
        "{wrong}"
    );
    assert!(wrong.contains("data-field=\"as_of\"") && wrong.contains("判断日期应写作年-月-日"));
    assert!(wrong.contains("data-field=\"light\"") && wrong.contains("没有“purple”这种灯号"));
    assert!(wrong.contains("<tr data-code="), "the list is still there");
    let (status, wrong) = app
        .get_text(&admin, "/projects?year=2024&phase=半开工&lang=en")
        .await;
    assert_eq!(status, 422);
    assert!(wrong.contains("data-field=\"phase\"") && wrong.contains("there is no phase “半开工”"));
    assert!(
        wrong.contains("name=\"category\""),
        "the filter form is there"
    );
    let (_, two) = app
        .get_text(&admin, "/tasks?year=2024&per=2&page=2&sort=deadline")
        .await;
    assert_eq!(rows_with(&two, "<tr data-code="), 2);
    assert!(two.contains("data-page=\"2\""));

    // Audit: paged, newest first unless sorted oldest first, filtered by who.
    let (_, audit) = app.get_text(&admin, "/audit?per=5").await;
    assert_eq!(rows_with(&audit, "<tr data-action="), 5);
    let (_, oldest) = app.get_text(&admin, "/audit?per=5&sort=when").await;
    assert_ne!(
        common::attr_after(&audit, "href=\"/audit/"),
        common::attr_after(&oldest, "href=\"/audit/"),
        "the other end of the trail"
    );
    let (_, by) = app.get_text(&admin, "/audit?actor=test").await;
    assert!(by.contains("id=\"audit-actor\""));
    assert!(rows_with(&by, "<tr data-action=") > 0);
    let (status, _) = app.get_text(&admin, "/audit?sort=who").await;
    assert_eq!(status, 400);
}
