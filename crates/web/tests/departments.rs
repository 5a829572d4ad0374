//! 部门一览 over HTTP, on SQLite and PostgreSQL: a reporter lands on its own department's page
//! and reaches no other; the DRC's table of all departments agrees with the API and with each
//! department's page; an approved entry moves its project from behind to on track on the page;
//! the table downloads as Excel; both languages. The cockpit counts each department's late
//! figures as its page does, and a lagging indicator shows its department's own note there and
//! on the indicator's page.

mod common;

use common::{Backend, spawn};
use serde_json::Value;

const YEAR_AT_MAY: &str = "region=江北区&year=2024&month=5&today=2024-07-20";
const COMMERCE: &str = "区商务委";

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The number in the cell `data-col="{col}"` of the table row of `department`.
fn cell(page: &str, department: &str, col: &str) -> Option<usize> {
    let row = page.find(&format!("<tr data-department=\"{department}\""))?;
    let rest = &page[row..];
    let rest = &rest[..rest.find("</tr>")?];
    let at = rest.find(&format!("data-col=\"{col}\""))?;
    let v = &rest[at..];
    let v = &v[v.find('>')? + 1..];
    v[..v.find('<')?].trim().parse().ok()
}

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

on_both!(a_reporter_lands_on_its_own_department_and_reaches_no_other);
async fn a_reporter_lands_on_its_own_department_and_reaches_no_other(backend: Backend) {
    let Some(app) = spawn(backend, "dept_reporter").await else {
        return;
    };
    let c = app.client();
    let r = app
        .login_with(&c, "commerce", app.password("commerce"))
        .await;
    assert_eq!(r.status(), 303);
    let home = format!("/departments/{}", enc(COMMERCE));
    assert_eq!(
        r.headers().get("location").and_then(|l| l.to_str().ok()),
        Some(home.as_str()),
        "a reporter lands on its department's page"
    );
    let (status, page) = app.get_text(&c, &format!("{home}?{YEAR_AT_MAY}")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"department-tally\""), "{page}");
    assert!(page.contains("id=\"department-projects\""), "{page}");
    assert!(page.contains("id=\"reference\" data-month=\"5\""), "{page}");
    // The all-departments address sends a reporter on to its own page.
    let r = c
        .get(app.url(&format!("/departments?{YEAR_AT_MAY}")))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 303);
    assert!(
        r.headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .is_some_and(|l| l.starts_with(&home))
    );
    // Another department: refused on the page and in the API.
    let (status, _) = app
        .get_text(
            &c,
            &format!("/departments/{}?{YEAR_AT_MAY}", enc("区统计局")),
        )
        .await;
    assert_eq!(status, 403);
    let token = app.token("commerce").await;
    let api = |d: &str| {
        app.url(&format!(
            "/api/v1/regions/{}/years/2024/departments/{}?month=5&today=2024-07-20",
            enc("江北区"),
            enc(d)
        ))
    };
    let r = app
        .client()
        .get(api("区统计局"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 403);
    let mine: Value = app
        .client()
        .get(api(COMMERCE))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(mine["department"], COMMERCE);
    let projects = mine["projects"].as_array().expect("projects");
    assert!(!projects.is_empty());
    assert!(
        projects
            .iter()
            .all(|p| p["project"]["responsible_unit"] == COMMERCE)
    );
    assert_eq!(
        mine["tally"]["projects"].as_u64(),
        Some(projects.len() as u64)
    );
}

on_both!(the_drc_table_agrees_with_the_api_and_each_department);
async fn the_drc_table_agrees_with_the_api_and_each_department(backend: Backend) {
    let Some(app) = spawn(backend, "dept_table").await else {
        return;
    };
    let admin = app.login("admin").await;
    let (status, page) = app
        .get_text(&admin, &format!("/departments?{YEAR_AT_MAY}&per=500"))
        .await;
    assert_eq!(status, 200, "{page}");
    let token = app.token("admin").await;
    let overview: Value = app
        .client()
        .get(app.url(&format!(
            "/api/v1/regions/{}/years/2024/departments?month=5&today=2024-07-20",
            enc("江北区")
        )))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(overview["reference"]["month"], 5);
    let rows = overview["departments"].as_array().expect("departments");
    assert!(rows.len() >= 3, "{overview}");
    for row in rows {
        let d = row["department"].as_str().expect("name");
        for (col, key) in [
            ("dept_on_track", "on_track"),
            ("dept_behind", "behind"),
            ("dept_late", "figures_late"),
            ("dept_returned", "returned"),
        ] {
            assert_eq!(
                cell(&page, d, col).map(|n| n as u64),
                row[key].as_u64(),
                "{d} {col}"
            );
        }
    }
    // Each department's page shows the same counts as its row.
    let commerce = rows
        .iter()
        .find(|r| r["department"] == COMMERCE)
        .expect("commerce row");
    let (status, mine) = app
        .get_text(
            &admin,
            &format!("/departments/{}?{YEAR_AT_MAY}", enc(COMMERCE)),
        )
        .await;
    assert_eq!(status, 200);
    let behind_rows = mine.matches("data-track=\"behind\"").count();
    assert_eq!(Some(behind_rows as u64), commerce["behind"].as_u64());
    // Sorted by the most behind first, and searched.
    let (_, sorted) = app
        .get_text(
            &admin,
            &format!("/departments?{YEAR_AT_MAY}&sort=-dept_behind"),
        )
        .await;
    let first = sorted
        .find("<tr data-department=\"")
        .map(|i| &sorted[i + 21..])
        .and_then(|s| s.split('"').next())
        .expect("a first row");
    let most = rows
        .iter()
        .map(|r| r["behind"].as_u64().unwrap_or(0))
        .max()
        .unwrap_or(0);
    let first_row = rows.iter().find(|r| r["department"] == first).expect("row");
    assert_eq!(first_row["behind"].as_u64(), Some(most));
    let (_, searched) = app
        .get_text(&admin, &format!("/departments?{YEAR_AT_MAY}&q=商务"))
        .await;
    assert_eq!(searched.matches("<tr data-department=").count(), 1);
    // The Excel download of the assessment table.
    let r = admin
        .get(app.url(&format!("/departments/export.xlsx?{YEAR_AT_MAY}")))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 200);
    let kind = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let disposition = r
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(disposition.contains(".xlsx"), "{disposition}");
    let bytes = r.bytes().await.expect("bytes");
    assert_eq!(&bytes[..2], b"PK");
    // The same table as CSV from the API, row for row.
    let csv = app
        .client()
        .get(app.url(&format!(
            "/api/v1/regions/{}/years/2024/departments?month=5&today=2024-07-20&format=csv",
            enc("江北区")
        )))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("csv");
    assert_eq!(csv.lines().count(), rows.len() + 1, "{csv}");
    // English: the same page in the other language.
    let (status, en) = app
        .get_text(&admin, &format!("/departments?{YEAR_AT_MAY}&lang=en"))
        .await;
    assert_eq!(status, 200);
    assert!(
        en.contains("Figures owed") && en.contains("On track"),
        "{en}"
    );
    // Leaders read it too; deputies do not.
    let leader = app.login("leader").await;
    let (status, _) = app
        .get_text(&leader, &format!("/departments?{YEAR_AT_MAY}"))
        .await;
    assert_eq!(status, 200);
    let deputy = app.login("deputy").await;
    let (status, _) = app
        .get_text(&deputy, &format!("/departments?{YEAR_AT_MAY}"))
        .await;
    assert_eq!(status, 403);
}

/// The `data-department` rows of the cockpit's late-figures card with their counts.
fn late_card(page: &str) -> Vec<(String, usize)> {
    let Some(start) = page.find("id=\"card-late\"") else {
        return Vec::new();
    };
    let card = &page[start..];
    let card = &card[..card.find("</section>").unwrap_or(card.len())];
    card.split("<li data-department=\"")
        .skip(1)
        .filter_map(|li| {
            let name = li.split('"').next()?;
            let n = li.split("<strong>").nth(1)?.split('<').next()?;
            Some((name.to_string(), n.trim().parse().ok()?))
        })
        .collect()
}

on_both!(the_cockpit_counts_late_figures_as_each_department_page_does);
async fn the_cockpit_counts_late_figures_as_each_department_page_does(backend: Backend) {
    let Some(app) = spawn(backend, "cockpit_late").await else {
        return;
    };
    let leader = app.login("leader").await;
    let (status, table) = app
        .get_text(&leader, "/departments?region=江北区&year=2024&per=500")
        .await;
    assert_eq!(status, 200, "{table}");
    for lang in ["zh", "en"] {
        let (status, cockpit) = app
            .get_text(
                &leader,
                &format!("/cockpit?region=江北区&year=2024&lang={lang}"),
            )
            .await;
        assert_eq!(status, 200, "{cockpit}");
        let card = late_card(&cockpit);
        assert!(!card.is_empty(), "2024 is past: figures are late ({lang})");
        // Worst first, each as many as the department's page counts, and a link to it.
        assert!(card.windows(2).all(|w| w[0].1 >= w[1].1), "{card:?}");
        for (d, n) in &card {
            assert_eq!(cell(&table, d, "dept_late"), Some(*n), "{d} ({lang})");
            assert!(
                cockpit.contains(&format!("href=\"/departments/{}?region=", enc(d))),
                "{d} links to its page"
            );
        }
    }
    // The deputy reads the published cockpit and may not open the departments' pages.
    let deputy = app.login("deputy").await;
    let (status, cockpit) = app
        .get_text(&deputy, "/cockpit?region=江北区&year=2024")
        .await;
    assert_eq!(status, 200);
    assert!(!cockpit.contains("card-late") && !cockpit.contains("late-figures"));
}

on_both!(a_lagging_indicator_shows_its_department_note_on_the_cockpit_and_its_page);
async fn a_lagging_indicator_shows_its_department_note_on_the_cockpit_and_its_page(
    backend: Backend,
) {
    let Some(app) = spawn(backend, "lag_note").await else {
        return;
    };
    let gdp = "地区生产总值增速";
    let note = "受外需回落影响，工业增加值增速放缓，三季度有望回升";
    // 区统计局 reports 1-7月 below the target of 6 with its note; the DRC approves it.
    let stats = app.token("stats").await;
    let c = app.client();
    let s: Value = c
        .post(app.url("/api/v1/submissions"))
        .bearer_auth(&stats)
        .json(&serde_json::json!({
            "region": "江北区", "year": 2024, "indicator": gdp, "month": 7,
            "value": "5.7", "note": note, "submit": true
        }))
        .send()
        .await
        .expect("submit")
        .json()
        .await
        .expect("json");
    assert_eq!(s["status"], "submitted", "{s}");
    let pending = "/cockpit?region=江北区&year=2024";
    let leader = app.login("leader").await;
    let (_, page) = app.get_text(&leader, pending).await;
    assert!(
        page.contains(note) && page.contains("待审核"),
        "a submitted figure's note shows, marked as awaiting review"
    );
    let admin = app.token("admin").await;
    let r = c
        .post(app.url(&format!("/api/v1/submissions/{}/review", s["id"])))
        .bearer_auth(&admin)
        .json(&serde_json::json!({ "decision": "approve", "expected_version": s["version"] }))
        .send()
        .await
        .expect("approve");
    assert_eq!(r.status(), 200);
    for (lang, who, period) in [("zh", "区统计局", "1-7月"), ("en", "区统计局", "Jan–Jul")]
    {
        let (status, cockpit) = app
            .get_text(
                &leader,
                &format!("/cockpit?region=江北区&year=2024&lang={lang}"),
            )
            .await;
        assert_eq!(status, 200);
        let lagging = &cockpit[cockpit.find("id=\"lagging\"").expect("lagging list")..];
        let lagging = &lagging[..lagging.find("</section>").expect("end")];
        let item = &lagging[lagging
            .find(&format!("<li data-indicator=\"{gdp}\""))
            .expect("the GDP growth lags")..];
        let item = &item[..item.find("</li>").expect("end")];
        assert!(
            item.contains(note) && item.contains(who) && item.contains(period),
            "{lang}: {item}"
        );
        assert!(
            !item.contains("待审核") && !item.contains("awaiting"),
            "{item}"
        );
        let (status, page) = app
            .get_text(
                &leader,
                &format!("/indicators/2024/{}?region=江北区&lang={lang}", enc(gdp)),
            )
            .await;
        assert_eq!(status, 200);
        let shown = &page[page.find("id=\"lag-note\"").expect("the note on the page")..];
        let shown = &shown[..shown.find("</div></div>").expect("end")];
        assert!(
            shown.contains(note) && shown.contains(who) && shown.contains(period),
            "{lang}: {shown}"
        );
    }
    // Deputies read the published cockpit: the departments' notes are working material.
    let deputy = app.login("deputy").await;
    let (status, page) = app
        .get_text(&deputy, "/cockpit?region=江北区&year=2024")
        .await;
    assert_eq!(status, 200);
    assert!(!page.contains(note));
}
