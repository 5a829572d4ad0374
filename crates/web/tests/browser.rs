//! Browser tests in real headless Chromium, driven over WebDriver (chromedriver, started here
//! on a free port). They log in, enter a figure as a department reporter, approve it as the DRC
//! and see the cockpit change; check that a reporter cannot open another department's page;
//! upload a report on the review page and see its findings beside the text; and write
//! screenshots of the main pages (ledgers included) to `target/screenshots/`.
//!
//! Needs Debian's `chromium` and `chromium-driver` (and `fonts-wqy-microhei` for readable
//! Chinese). Without them the tests print a note and pass; set `PLANWATCH_REQUIRE_BROWSER=1`
//! (CI does) to make their absence a failure. `PLANWATCH_CHROMIUM` / `PLANWATCH_CHROMEDRIVER`
//! override the binaries.

mod common;

use common::{Backend, SYNTHETIC_REPORT, TestApp, spawn};
use fantoccini::{Client, ClientBuilder, Locator};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

fn browser_binaries() -> Option<(PathBuf, PathBuf)> {
    let chromium = std::env::var_os("PLANWATCH_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| which("chromium"))
        .or_else(|| which("chromium-browser"))
        .or_else(|| which("google-chrome"));
    let driver = std::env::var_os("PLANWATCH_CHROMEDRIVER")
        .map(PathBuf::from)
        .or_else(|| which("chromedriver"));
    match (chromium, driver) {
        (Some(c), Some(d)) => Some((c, d)),
        _ => {
            let msg = "chromium and/or chromedriver not found: skipping the browser tests \
                       (apt-get install chromium chromium-driver fonts-wqy-microhei)";
            if std::env::var_os("PLANWATCH_REQUIRE_BROWSER").is_some() {
                panic!("{msg}");
            }
            eprintln!("{msg}");
            None
        }
    }
}

/// A chromedriver process and one headless Chromium session.
struct Browser {
    client: Client,
    _driver: tokio::process::Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn start() -> Option<Browser> {
        let (chromium, driver_bin) = browser_binaries()?;
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
            l.local_addr().expect("addr").port()
        };
        let driver = tokio::process::Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver");
        let url = format!("http://127.0.0.1:{port}");
        let probe = reqwest::Client::new();
        let mut ready = false;
        for _ in 0..100 {
            if probe.get(format!("{url}/status")).send().await.is_ok() {
                ready = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(ready, "chromedriver did not start on port {port}");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1400,1000", "--lang=zh-CN",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            }),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&url)
            .await
            .expect("WebDriver session");
        Some(Browser {
            client,
            _driver: driver,
            _profile: profile,
        })
    }

    async fn goto(&self, app: &TestApp, path: &str) {
        self.client.goto(&app.url(path)).await.expect("navigate");
    }

    async fn source(&self) -> String {
        self.client.source().await.expect("page source")
    }

    async fn screenshot(&self, name: &str) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// A screenshot of the whole page at the current width: the window is made as tall as the
    /// page (at most 5000 px) for the shot, then set back.
    async fn screenshot_full(&self, name: &str, width: u32, height: u32) {
        let page_height = self
            .client
            .execute("return document.documentElement.scrollHeight;", vec![])
            .await
            .ok()
            .and_then(|v| v.as_u64())
            .unwrap_or(u64::from(height));
        let tall = u32::try_from(page_height.clamp(u64::from(height), 5000)).unwrap_or(height);
        self.client
            .set_window_size(width, tall)
            .await
            .expect("resize");
        self.screenshot(name).await;
        self.client
            .set_window_size(width, height)
            .await
            .expect("resize");
    }

    async fn login(&self, app: &TestApp, user: &str) {
        self.goto(app, "/login").await;
        let form = self.client.wait().at_most(Duration::from_secs(10));
        form.for_element(Locator::Css("input[name=username]"))
            .await
            .expect("login form")
            .send_keys(user)
            .await
            .expect("type username");
        self.client
            .find(Locator::Css("input[name=password]"))
            .await
            .expect("password field")
            .send_keys(app.password(user))
            .await
            .expect("type password");
        self.client
            .find(Locator::Css("#login-submit"))
            .await
            .expect("login button")
            .click()
            .await
            .expect("click login");
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("form[action='/logout']"))
            .await
            .expect("logged in");
    }

    async fn logout(&self) {
        self.client
            .find(Locator::Css("form[action='/logout'] button"))
            .await
            .expect("logout button")
            .click()
            .await
            .expect("click logout");
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("a[href='/login']"))
            .await
            .expect("logged out");
    }

    async fn row_status(&self, indicator: &str) -> Option<String> {
        self.client
            .find(Locator::Css(&format!(
                "#cockpit-table tr[data-indicator='{indicator}']"
            )))
            .await
            .expect("cockpit row")
            .attr("data-status")
            .await
            .expect("status attribute")
    }
}

const GDP: &str = "地区生产总值增速";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_figure_travels_from_reporter_to_cockpit_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = spawn(Backend::Sqlite, "browser").await.expect("app");

    // Public pages, before anyone logs in.
    browser
        .goto(&app, "/indicators?region=江北区&year=2023")
        .await;
    assert!(browser.source().await.contains("空气质量优良天数"));
    browser.screenshot("indicators-2023").await;
    browser.goto(&app, "/diff?region=江北区").await;
    browser.screenshot("diff-2023-2024").await;

    // The reporter of 区统计局 enters 2024's GDP growth and submits it.
    browser.login(&app, "stats").await;
    browser
        .goto(&app, "/entry/区统计局?region=江北区&year=2024")
        .await;
    browser.screenshot("entry-reporter").await;
    browser
        .client
        .find(Locator::Css(&format!("input[name='v:{GDP}']")))
        .await
        .expect("value field")
        .send_keys("6.2")
        .await
        .expect("type value");
    browser
        .client
        .find(Locator::Css("#submit-entry"))
        .await
        .expect("submit button")
        .click()
        .await
        .expect("click submit");
    browser
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("p.ok"))
        .await
        .expect("saved message");
    assert!(browser.source().await.contains("待审核"));
    browser.screenshot("entry-submitted").await;

    // Another department's page is refused.
    browser
        .goto(&app, "/entry/区商务委?region=江北区&year=2024")
        .await;
    let page = browser.source().await;
    assert!(page.contains("无权访问"), "403 page expected");
    assert!(
        !page.contains("社会消费品零售总额增速（%）"),
        "no form of another department"
    );
    browser.screenshot("entry-forbidden").await;
    browser.logout().await;

    // The DRC approves it; the cockpit changes.
    browser.login(&app, "admin").await;
    browser.goto(&app, "/cockpit?region=江北区&year=2024").await;
    let before = browser.row_status(GDP).await.expect("status before");
    assert!(before == "below" || before == "basically_met", "{before}");
    browser.screenshot("cockpit-before").await;
    browser.goto(&app, "/review").await;
    browser.screenshot("review-queue").await;
    browser
        .client
        .find(Locator::Css(&format!(
            "tr[data-indicator='{GDP}'] button[value=approve]"
        )))
        .await
        .expect("approve button")
        .click()
        .await
        .expect("click approve");
    browser
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("p.ok"))
        .await
        .expect("approved");
    browser.goto(&app, "/cockpit?region=江北区&year=2024").await;
    let after = browser.row_status(GDP).await.expect("status after");
    assert!(after == "met" || after == "exceeded", "{after}");
    let row = browser
        .client
        .find(Locator::Css(&format!(
            "#cockpit-table tr[data-indicator='{GDP}'] td.latest"
        )))
        .await
        .expect("latest cell")
        .text()
        .await
        .expect("text");
    assert!(row.contains("6.2"), "{row}");
    browser.screenshot("cockpit-after").await;
    browser
        .goto(&app, "/indicators/2024/城镇新增就业人数?region=江北区")
        .await;
    browser.screenshot("indicator-monthly").await;
    browser.goto(&app, "/audit").await;
    assert!(browser.source().await.contains("set_actual"));
    browser.screenshot("audit").await;
    browser
        .goto(&app, "/cockpit?region=江北区&year=2024&lang=en")
        .await;
    assert!(browser.source().await.contains("Cockpit"));
    browser.screenshot("cockpit-en").await;

    browser.client.close().await.expect("close session");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ledgers_and_report_review_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = spawn(Backend::Sqlite, "browser-ledgers")
        .await
        .expect("app");
    browser.login(&app, "deputy").await;

    // The ledgers.
    browser
        .goto(&app, "/projects?region=江北区&year=2024&month=6")
        .await;
    let page = browser.source().await;
    assert!(page.contains("project-table") && page.contains("project-paragraph"));
    browser.screenshot("projects-2024").await;
    browser
        .goto(&app, "/projects?region=江北区&year=2024&month=6&light=red")
        .await;
    browser.screenshot("projects-2024-red").await;
    browser
        .client
        .find(Locator::Css("#project-table tbody tr td a"))
        .await
        .expect("a red project")
        .click()
        .await
        .expect("open a project");
    browser
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#project-fields"))
        .await
        .expect("project page");
    browser.screenshot("project-detail").await;
    browser
        .goto(&app, "/livelihood?region=江北区&year=2024")
        .await;
    assert!(
        browser
            .source()
            .await
            .contains("id=\"adopted-count\" data-count=\"10\"")
    );
    browser.screenshot("livelihood-2024").await;
    browser
        .goto(&app, "/tasks?region=江北区&year=2024&today=2024-11-15")
        .await;
    browser.screenshot("tasks-2024").await;

    // Report review: upload a small synthetic report whose prose count disagrees with its table.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("测试报告.txt");
    std::fs::write(&path, SYNTHETIC_REPORT).expect("write report");
    browser.goto(&app, "/reports").await;
    browser
        .client
        .find(Locator::Css("#report-upload input[type=file]"))
        .await
        .expect("file input")
        .send_keys(&path.display().to_string())
        .await
        .expect("choose file");
    browser
        .client
        .find(Locator::Css("#report-upload button[type=submit]"))
        .await
        .expect("upload button")
        .click()
        .await
        .expect("click upload");
    let finding = browser
        .client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(
            "#open-findings li[data-kind=SummaryCount][data-passed=false]",
        ))
        .await
        .expect("the count finding");
    let text = finding.text().await.expect("finding text");
    assert!(text.contains("完成情况计数"), "{text}");
    // Its evidence links to the numbered line of the text beside it.
    let href = browser
        .client
        .find(Locator::Css(
            "#open-findings li[data-kind=SummaryCount] a.evidence-line",
        ))
        .await
        .expect("evidence link")
        .attr("href")
        .await
        .expect("href")
        .expect("has href");
    let line = browser
        .client
        .find(Locator::Css(&format!("#report-text {href}")))
        .await
        .expect("the cited line")
        .text()
        .await
        .expect("line text");
    assert!(!line.is_empty());
    browser.screenshot("report-review").await;

    browser.client.close().await.expect("close session");
}

/// The pages each kind of user opens, by role (None: the public, not logged in).
fn journeys() -> Vec<(Option<&'static str>, Vec<&'static str>)> {
    let public = vec![
        "/",
        "/indicators?region=江北区",
        "/indicators?region=江北区&year=2023",
        "/indicators/2023/地区生产总值增速?region=江北区",
        "/diff?region=江北区",
        "/compare",
        "/login",
    ];
    let readers = vec![
        "/cockpit?region=江北区&year=2024",
        "/indicators/2024/城镇新增就业人数?region=江北区",
        "/projects?region=江北区&year=2024",
        "/projects/2024S001?region=江北区&year=2024",
        "/livelihood?region=江北区&year=2024",
        "/tasks?region=江北区&year=2024",
        "/reports",
    ];
    let mut admin = readers.clone();
    admin.extend([
        "/review",
        "/audit",
        "/audit/1",
        "/entry?region=江北区&year=2024",
        "/departments?region=江北区&year=2024",
        "/departments/区商务委?region=江北区&year=2024&month=5",
    ]);
    vec![
        (None, public),
        (
            Some("stats"),
            vec![
                "/entry?region=江北区&year=2024",
                "/entry/区统计局?region=江北区&year=2024",
                "/entry/区统计局?region=江北区&year=2024&period=6",
                "/departments/区统计局?region=江北区&year=2024",
            ],
        ),
        (Some("leader"), readers.clone()),
        (Some("deputy"), readers),
        (Some("admin"), admin),
    ]
}

/// A file name for a page's screenshot: `admin-cockpit-390-en`.
fn shot_name(who: Option<&str>, path: &str, width: u32, lang: &str) -> String {
    let page: String = path
        .trim_start_matches('/')
        .split('?')
        .next()
        .unwrap_or("")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    // Pages whose paths differ only in Chinese (an indicator's name) keep apart by a hash.
    let page = if !path.is_ascii() {
        let h = path
            .bytes()
            .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
        format!("{page}_{:04x}", h & 0xffff)
    } else {
        page
    };
    let page = if page.trim_matches('_').is_empty() {
        "home".to_string()
    } else {
        page
    };
    format!("walk-{}-{page}-{width}-{lang}", who.unwrap_or("public"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_fits_a_phone_for_every_role_in_both_languages() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = spawn(Backend::Sqlite, "browser-walk").await.expect("app");
    let mut too_wide = Vec::new();
    for (who, pages) in journeys() {
        if let Some(user) = who {
            browser
                .client
                .set_window_size(1400, 1000)
                .await
                .expect("resize");
            browser.login(&app, user).await;
        }
        for lang in ["zh", "en"] {
            for path in &pages {
                let sep = if path.contains('?') { '&' } else { '?' };
                let url = format!("{path}{sep}lang={lang}");
                for (width, height) in [(1400, 900), (390, 844)] {
                    browser
                        .client
                        .set_window_size(width, height)
                        .await
                        .expect("resize");
                    browser.goto(&app, &url).await;
                    let dims = browser
                        .client
                        .execute(
                            "return [document.documentElement.scrollWidth, window.innerWidth];",
                            vec![],
                        )
                        .await
                        .expect("measure");
                    let scroll = dims[0].as_u64().expect("scrollWidth");
                    let inner = dims[1].as_u64().expect("innerWidth");
                    if width == 390 && scroll > inner {
                        too_wide.push(format!(
                            "{} {url}: {scroll} > {inner}",
                            who.unwrap_or("public")
                        ));
                    }
                    browser
                        .screenshot_full(&shot_name(who, path, width, lang), width, height)
                        .await;
                }
            }
        }
        if who.is_some() {
            browser
                .client
                .set_window_size(1400, 1000)
                .await
                .expect("resize");
            browser.goto(&app, "/").await;
            browser.logout().await;
        }
    }
    assert!(
        too_wide.is_empty(),
        "pages wider than a phone:\n{}",
        too_wide.join("\n")
    );
    browser.client.close().await.expect("close session");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cockpit_summary_fits_one_screen() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = spawn(Backend::Sqlite, "browser-cockpit")
        .await
        .expect("app");
    // Every lagging indicator's department explains it at length (submitted, so the figures
    // stay as they are): the notes must not push the summary off the screen.
    let admin = app.token("admin").await;
    for (indicator, value) in [
        ("固定资产投资增速", "3.2"),
        ("一般公共预算收入增速", "0.8"),
        ("地区生产总值增速", "5.8"),
        ("全体居民人均可支配收入增速", "5.9"),
        ("空气质量优良天数", "138"),
    ] {
        let r = app
            .client()
            .post(app.url("/api/v1/submissions"))
            .bearer_auth(&admin)
            .json(&serde_json::json!({
                "region": "江北区", "year": 2024, "indicator": indicator, "month": 6,
                "value": value, "submit": true, "reason": "与已报数据一致",
                "note": "受重点项目开工推迟和外部需求回落影响，上半年增速低于预期；下半年随着一批重大项目集中开工、消费券政策落地，预计逐季回升，力争全年完成目标。",
            }))
            .send()
            .await
            .expect("submit");
        let status = r.status();
        assert_eq!(
            status,
            200,
            "{indicator}: {}",
            r.text().await.unwrap_or_default()
        );
    }
    browser.login(&app, "leader").await;
    for lang in ["zh", "en"] {
        browser
            .client
            .set_window_size(1400, 900)
            .await
            .expect("resize");
        browser
            .goto(
                &app,
                &format!("/cockpit?region=江北区&year=2024&lang={lang}"),
            )
            .await;
        let v = browser
            .client
            .execute(
                "var r = document.getElementById('lagging').getBoundingClientRect(); \
                 var c = document.querySelector('.cockpit-cards').getBoundingClientRect(); \
                 return [r.bottom + window.scrollY, window.innerHeight, c.top + window.scrollY];",
                vec![],
            )
            .await
            .expect("measure");
        let (bottom, height) = (
            v[0].as_f64().expect("bottom"),
            v[1].as_f64().expect("height"),
        );
        // The shot first, so a summary that does not fit can be seen.
        browser
            .screenshot(&format!("cockpit-summary-1400-{lang}"))
            .await;
        assert!(
            bottom <= height,
            "the cockpit's summary ends at {bottom}px, below the {height}px screen ({lang})"
        );
    }
    browser.client.close().await.expect("close session");
}

impl Browser {
    async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    async fn type_into(&self, css: &str, text: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    async fn wait_for(&self, css: &str) {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("waiting for {css}: {e}"));
    }

    async fn attr_of(&self, css: &str, attr: &str) -> Option<String> {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .attr(attr)
            .await
            .expect("attribute")
    }

    async fn text_of(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .text()
            .await
            .expect("text")
    }

    /// Screenshots of the current page at 1400 px and at a phone's 390 px.
    async fn screenshots(&self, name: &str) {
        self.screenshot(name).await;
        self.client
            .set_window_size(390, 900)
            .await
            .expect("phone width");
        self.screenshot(&format!("{name}-390")).await;
        self.client
            .set_window_size(1400, 1000)
            .await
            .expect("desktop width");
    }
}

/// The year's work in the browser: a project's department enters May's investment, the DRC
/// approves it and the project's light and summary paragraph change; a task's quarterly note
/// and a livelihood project marked done reach their pages after approval; a corrected actual
/// reaches the public page only once the DRC publishes the year, shown as a correction.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_entries_and_publishing_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = spawn(Backend::Sqlite, "browser-year").await.expect("app");
    let code = "2024S004"; // 区商务委's, with a plan this year
    let projects = "/projects?region=江北区&year=2024&month=5";
    let row = format!("#project-table tr[data-code='{code}']");

    browser.login(&app, "admin").await;
    browser.goto(&app, projects).await;
    let light_before = browser.attr_of(&row, "data-light").await;
    assert_eq!(light_before.as_deref(), Some("red"));
    let paragraph_before = browser.text_of("#project-paragraph").await;
    browser.logout().await;

    // The department's reporter: its items, then May's investment on its project.
    browser.login(&app, "commerce").await;
    browser
        .goto(&app, "/progress?region=江北区&year=2024")
        .await;
    assert!(
        browser
            .source()
            .await
            .contains(&format!("data-key=\"{code}\""))
    );
    browser.screenshots("progress-reporter").await;
    browser
        .goto(
            &app,
            &format!("/progress/project/{code}?region=江北区&year=2024&period=5"),
        )
        .await;
    browser.type_into("#completed", "2.5").await;
    browser.type_into("#image_progress", "主体结构施工").await;
    browser.type_into("#started_on", "2024-03-18").await;
    browser.click("#submit-entry").await;
    browser.wait_for("#saved").await;
    assert!(browser.source().await.contains("待审核"));
    browser.screenshots("progress-project-submitted").await;
    browser.logout().await;

    // The DRC approves it: the light and the paragraph follow.
    browser.login(&app, "admin").await;
    browser
        .goto(&app, "/progress/queue?region=江北区&year=2024")
        .await;
    browser.screenshots("progress-queue").await;
    browser
        .click(&format!(
            "#progress-queue tr[data-key='{code}'] button[value=approve]"
        ))
        .await;
    browser.wait_for("p.ok").await;
    browser.goto(&app, projects).await;
    let light_after = browser.attr_of(&row, "data-light").await;
    assert_ne!(light_after.as_deref(), Some("red"), "the light follows");
    let paragraph_after = browser.text_of("#project-paragraph").await;
    assert_ne!(paragraph_after, paragraph_before, "the paragraph follows");
    browser.screenshot("projects-after-entry").await;

    // A key task's quarterly note (entered by the DRC for 区商务委), approved.
    browser
        .goto(&app, "/progress/task/1.2?region=江北区&year=2024&period=2")
        .await;
    browser.type_into("#note", "二季度累计引进首店58家").await;
    browser.click("#submit-entry").await;
    browser.wait_for("#saved").await;
    browser.screenshots("progress-task").await;
    browser
        .goto(&app, "/progress/queue?region=江北区&year=2024")
        .await;
    browser
        .click("#progress-queue tr[data-key='1.2'] button[value=approve]")
        .await;
    browser.wait_for("p.ok").await;
    browser.goto(&app, "/tasks?region=江北区&year=2024").await;
    assert!(browser.source().await.contains("二季度累计引进首店58家"));

    // A livelihood project marked done, approved.
    browser
        .goto(&app, "/progress?region=江北区&year=2024&kind=livelihood")
        .await;
    browser
        .click("#progress-items tr[data-kind='livelihood'] a.button")
        .await;
    browser.wait_for("#progress-form").await;
    let key = browser
        .source()
        .await
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split(" · ").next())
        .expect("the project's name in the title")
        .to_string();
    browser.click("#done").await;
    browser.type_into("#note", "全部建成投用").await;
    browser.click("#submit-entry").await;
    browser.wait_for("#saved").await;
    browser.screenshots("progress-livelihood").await;
    browser
        .goto(&app, "/progress/queue?region=江北区&year=2024")
        .await;
    browser
        .click(&format!(
            "#progress-queue tr[data-key='{key}'] button[value=approve]"
        ))
        .await;
    browser.wait_for("p.ok").await;
    // The livelihood page reports a year's projects in the year after (上年民生实事进展).
    browser
        .goto(&app, "/livelihood?region=江北区&year=2025")
        .await;
    assert!(browser.source().await.contains("全部建成投用"));
    browser
        .goto(&app, "/progress/queue?region=江北区&year=2024&lang=en")
        .await;
    browser.screenshots("progress-queue-en").await;
    browser.goto(&app, "/audit?lang=zh").await;
    assert!(browser.source().await.contains("entry_approve"));

    // Publishing: a corrected 2023 actual is working data until the DRC publishes the year.
    let gdp_row = "#annex-table tr[data-indicator='地区生产总值增速']";
    let public = "/indicators?region=江北区&year=2023";
    let token = app.token("admin").await;
    let r = app
        .client()
        .put(app.url("/api/v1/regions/江北区/years/2023/indicators/地区生产总值增速/actual"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "value": "9.9" }))
        .send()
        .await
        .expect("correct the actual");
    assert_eq!(r.status(), 200);
    browser.goto(&app, public).await;
    assert!(
        browser.text_of(gdp_row).await.contains("9.9"),
        "the DRC sees working data"
    );
    browser.logout().await;
    browser.goto(&app, public).await;
    let before = browser.text_of(gdp_row).await;
    assert!(
        !before.contains("9.9"),
        "not public before publishing: {before}"
    );
    browser.screenshot("public-before-publishing").await;

    browser.login(&app, "admin").await;
    browser.goto(&app, "/publish?region=江北区&year=2023").await;
    assert_eq!(
        browser
            .attr_of("#publish-table tr[data-period='0']", "data-unpublished")
            .await
            .as_deref(),
        Some("1")
    );
    browser.screenshots("publish").await;
    browser
        .click("#publish-table tr[data-period='0'] button[type=submit]")
        .await;
    browser.wait_for("#published").await;
    browser.logout().await;
    browser.goto(&app, public).await;
    assert!(
        browser.text_of(gdp_row).await.contains("9.9"),
        "public after publishing"
    );
    let corrections = browser.text_of("#corrections").await;
    assert!(corrections.contains("地区生产总值增速"), "{corrections}");
    browser.screenshots("public-after-publishing").await;
    browser.goto(&app, &format!("{public}&lang=en")).await;
    browser.screenshots("public-after-publishing-en").await;

    browser.client.close().await.expect("close session");
}

/// 数据导入: the DRC uploads a 统计月报, sees the changes listed, confirms, and the figures are
/// written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_monthly_bulletin_is_uploaded_previewed_and_confirmed_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = spawn(Backend::Sqlite, "browser-import").await.expect("app");
    browser.login(&app, "admin").await;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("统计月报.csv");
    std::fs::write(
        &path,
        "指标,1-7月\n地区生产总值增速,5.9\n社会消费品零售总额增速,7.1\n招商引资到位资金,88\n",
    )
    .expect("write bulletin");
    browser.goto(&app, "/figures/import?region=江北区").await;
    browser.screenshot("figures-import").await;
    browser
        .client
        .find(Locator::Css("#figures-upload input[type=file]"))
        .await
        .expect("file input")
        .send_keys(&path.display().to_string())
        .await
        .expect("choose file");
    browser
        .client
        .find(Locator::Css("#figures-upload button[type=submit]"))
        .await
        .expect("preview button")
        .click()
        .await
        .expect("click preview");
    browser
        .client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#import-changes"))
        .await
        .expect("the preview");
    let page = browser.source().await;
    assert_eq!(page.matches("data-action=\"new\"").count(), 2, "{page}");
    assert_eq!(page.matches("data-action=\"unmatched\"").count(), 1);
    browser.screenshot("figures-import-preview").await;
    browser
        .client
        .find(Locator::Css("#confirm-import"))
        .await
        .expect("confirm button")
        .click()
        .await
        .expect("confirm");
    let done = browser
        .client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#import-done"))
        .await
        .expect("written");
    assert!(done.text().await.expect("text").contains('2'));
    browser
        .goto(&app, "/figures/due?region=江北区&year=2024&month=7")
        .await;
    browser.screenshot("figures-due").await;
    browser
        .goto(&app, "/figures/due?region=江北区&year=2024&month=7&lang=en")
        .await;
    browser.screenshot("figures-due-en").await;
    browser.client.close().await.expect("close session");
}
