//! Both languages, whole: every page of every journey is fetched in Chinese and in English.
//! A Chinese page shows no English words of ours; an English page shows no Chinese except the
//! names and texts quoted from the data (indicator names and labels, targets and actuals as
//! written, departments, regions, units, people's names), which are taken from the store and
//! removed before looking.

mod common;

use common::{Backend, SYNTHETIC_REPORT, TestApp, form_token, spawn, upload, upload_report};
use std::collections::BTreeSet;

/// The visible text of a page: no scripts or styles, tags replaced by spaces, a few entities
/// decoded. Tooltips (`title`) are read too, because people read them.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let tag = &rest[start..];
        let lower: String = tag.chars().take(8).collect::<String>().to_ascii_lowercase();
        let skip_to = if lower.starts_with("<script") {
            tag.find("</script>").map(|i| i + 9)
        } else if lower.starts_with("<style") {
            tag.find("</style>").map(|i| i + 8)
        } else {
            tag.find('>').map(|i| i + 1)
        };
        let Some(end) = skip_to else { break };
        // An element marked as Chinese data (`lang="zh"`: a sheet, a column, a value as the
        // file writes it) is quoted, not written by us: it is left out.
        if lower.starts_with('<')
            && !lower.starts_with("</")
            && tag[..end].contains(" lang=\"zh\"")
            && !tag.starts_with("<html")
        {
            let name: String = tag[1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let close = format!("</{name}>");
            if let Some(c) = tag.find(&close) {
                out.push(' ');
                rest = &tag[c + close.len()..];
                continue;
            }
        }
        // Tooltips are read too.
        let head = &tag[..end];
        if let Some(t) = head.find(" title=\"") {
            let v = &head[t + 8..];
            if let Some(e) = v.find('"') {
                out.push(' ');
                out.push_str(&v[..e]);
                out.push(' ');
            }
        }
        rest = &tag[end..];
    }
    out.push_str(rest);
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Everything the pages quote from the data: it may be Chinese on an English page.
async fn data_texts(app: &TestApp) -> Vec<String> {
    let mut set: BTreeSet<String> = BTreeSet::new();
    let store = app.store.as_ref();
    for r in store.regions().await.expect("regions") {
        for y in store.plan_years(&r.name).await.expect("years") {
            let plan = store
                .load_plan(&r.name, y)
                .await
                .expect("plan")
                .expect("a plan");
            for i in &plan.indicators {
                set.insert(i.def.name.clone());
                set.insert(i.def.label());
                set.insert(i.def.unit.clone());
                set.extend(i.def.department.clone());
                set.insert(i.target.text.clone());
                set.extend(i.actual.as_ref().map(|a| a.text.clone()));
            }
            for f in store.monthly_figures(&r.name, y).await.expect("monthly") {
                set.insert(f.value_text);
            }
        }
        set.insert(r.name);
    }
    // The ledgers' own texts (names, units, notes as their departments wrote them), for
    // both years the pages show (the livelihood page quotes last year's progress).
    for year in [2023, 2024] {
        let projects = planwatch_service::ledgers::load_projects(store, "江北区", year)
            .await
            .expect("projects");
        for p in projects.projects {
            set.extend([
                p.code,
                p.name,
                p.responsible_unit,
                p.street,
                p.sector,
                p.progress_note,
            ]);
        }
        for m in projects.monthly {
            set.insert(m.image_progress);
        }
        let tasks = planwatch_service::ledgers::load_tasks(store, "江北区", year)
            .await
            .expect("tasks");
        for m in tasks.measures {
            set.extend([m.code, m.text, m.lead, m.area, m.task]);
            set.extend(m.supporting);
            set.extend(m.deadline.map(|d| d.to_string()));
            set.extend(m.progress.into_iter().map(|n| n.note));
            if let Some(t) = m.target {
                set.insert(t.unit);
                if let planwatch_domain::tasks::TargetValue::Text(t) = t.value {
                    set.insert(t);
                }
            }
        }
        let livelihood = planwatch_service::ledgers::load_livelihood(store, "江北区", year)
            .await
            .expect("livelihood");
        for c in livelihood.candidates {
            set.extend([c.name, c.unit, c.responsible_unit, c.target_task]);
        }
        for p in livelihood.progress {
            set.extend([p.name, p.note]);
        }
    }
    for u in store.users().await.expect("users") {
        set.insert(u.display_name);
        set.extend(u.department);
    }
    // The other language's name on the language switch.
    set.insert("中文".into());
    // Only texts with Chinese in them matter: taking out "2" or "GDP" would only blur what is
    // left around them.
    let mut v: Vec<String> = set.into_iter().filter(|s| s.chars().any(is_cjk)).collect();
    v.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    v
}

/// Chinese left on an English page once the data's texts are taken out, with its context.
fn chinese_left(text: &str, data: &[String]) -> Vec<String> {
    // Text quoted in an English sentence (“…”) is the data's, as written.
    let mut t = planwatch_domain::lang::outside_quotes(text);
    for d in data {
        t = t.replace(d.as_str(), " ");
    }
    let chars: Vec<char> = t.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_cjk(chars[i]) {
            let from = i.saturating_sub(20);
            let mut j = i;
            while j < chars.len() && (is_cjk(chars[j]) || !chars[j].is_ascii()) {
                j += 1;
            }
            let to = (j + 20).min(chars.len());
            found.push(
                chars[from..to]
                    .iter()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            i = j;
        } else {
            i += 1;
        }
    }
    found
}

/// English words (three letters or more) on a Chinese page that are not data, names or the
/// few words Chinese pages write in Latin letters.
fn english_left(text: &str, data: &[String]) -> Vec<String> {
    const LATIN_OK: &[&str] = &[
        "English",
        "JSON",
        "OpenAPI",
        "API",
        "Excel",
        "xlsx",
        "docx",
        "txt",
        "html",
        "pdf",
        "csv",
        "GDP",
        "CPI",
        "PM2",
        "admin",
        "stats",
        "commerce",
        "leader",
        "deputy",
        "test",
        "setup",
        "demo",
        "illustrative",
        "monthly",
        "figures",
        "web",
        "cli",
        "UTF",
        "SHA",
        "Word",
    ];
    let mut t = text.to_string();
    for d in data {
        t = t.replace(d.as_str(), " ");
    }
    let mut found = Vec::new();
    // Digests (a SHA-256 in hex) are not words.
    let t: String = t
        .split_whitespace()
        .filter(|w| !(w.len() >= 32 && w.chars().all(|c| c.is_ascii_hexdigit())))
        .collect::<Vec<_>>()
        .join(" ");
    for word in t.split(|c: char| !c.is_ascii_alphabetic()) {
        if word.len() >= 3 && !LATIN_OK.iter().any(|ok| ok.eq_ignore_ascii_case(word)) {
            found.push(word.to_string());
        }
    }
    found.sort();
    found.dedup();
    found
}

/// (user, pages) of every journey; `None` is the public.
fn journeys() -> Vec<(Option<&'static str>, Vec<&'static str>)> {
    let public = vec![
        "/",
        "/indicators?region=江北区",
        "/indicators?region=江北区&year=2024",
        "/indicators/2023/地区生产总值增速?region=江北区",
        "/diff?region=江北区",
        "/compare",
        "/compare?group=x&parent=y&year=2023",
        "/login",
    ];
    let readers = vec![
        "/cockpit?region=江北区&year=2024",
        "/cockpit?region=江北区&year=2024&status=below",
        "/indicators/2024/城镇新增就业人数?region=江北区",
        "/indicators/2024/地区生产总值增速?region=江北区",
        "/reports",
        "/projects?region=江北区&year=2024",
        "/livelihood?region=江北区&year=2024",
        "/tasks?region=江北区&year=2024",
    ];
    let mut admin = readers.clone();
    admin.extend([
        "/review",
        "/audit",
        "/audit/1",
        "/audit?q=没有这样的记录",
        "/departments?region=江北区&year=2024",
        "/departments/区商务委?region=江北区&year=2024",
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

async fn every_page_speaks_one_language(backend: Backend) {
    let Some(app) = spawn(backend, "languages").await else {
        return;
    };
    let data = data_texts(&app).await;
    let mut problems = Vec::new();
    for (who, pages) in journeys() {
        let client = match who {
            Some(user) => app.login(user).await,
            None => app.client(),
        };
        for path in pages {
            for lang in ["zh", "en"] {
                let sep = if path.contains('?') { '&' } else { '?' };
                let (status, html) = app
                    .get_text(&client, &format!("{path}{sep}lang={lang}"))
                    .await;
                assert!(status < 500, "{path} {lang}: {status}");
                look(
                    &mut problems,
                    who.unwrap_or("public"),
                    path,
                    lang,
                    &html,
                    &data,
                );
            }
        }
    }
    // Pages that answer an upload: an import preview with errors, a refused ledger import,
    // and a saved review (whose report's sentences are quoted data).
    let admin = app.login("admin").await;
    let (_, page) = app.get_text(&admin, "/figures/import?region=江北区").await;
    let token = form_token(&page);
    let mut data = data;
    data.extend(
        SYNTHETIC_REPORT
            .split(['\n', '\t'])
            .map(str::trim)
            .filter(|l| l.chars().any(is_cjk))
            .map(str::to_string),
    );
    data.push("计划报告.txt".into());
    // The region and title the reader takes from the report are its names, quoted as written.
    let reading = planwatch_reader::read_text(SYNTHETIC_REPORT);
    data.extend(reading.region);
    data.extend(reading.title);
    data.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    for lang in ["zh", "en"] {
        let r = upload(
            &app,
            &admin,
            &format!("/figures/import?lang={lang}"),
            &token,
            &[("kind", "monthly"), ("region", "江北区"), ("year", "2024")],
            "figures.csv",
            BAD_MONTHLY.as_bytes().to_vec(),
        )
        .await;
        assert!(r.status().as_u16() < 500, "figures import {lang}");
        let html = r.text().await.expect("body");
        assert!(html.contains("import-errors"), "{lang}: {html}");
        look(
            &mut problems,
            "admin",
            "/figures/import (preview)",
            lang,
            &html,
            &data,
        );
        let r = upload(
            &app,
            &admin,
            &format!("/projects/import?lang={lang}"),
            &token,
            &[("region", "江北区"), ("year", "2024")],
            "projects.csv",
            "项目编号,项目名称\nP1,甲\n".as_bytes().to_vec(),
        )
        .await;
        assert_eq!(r.status(), 422, "a refused ledger import ({lang})");
        let html = r.text().await.expect("body");
        look(
            &mut problems,
            "admin",
            "/projects/import (refused)",
            lang,
            &html,
            &data,
        );
    }
    let deputy = app.login("deputy").await;
    let location = upload_report(
        &app,
        &deputy,
        "计划报告.txt",
        SYNTHETIC_REPORT.as_bytes().to_vec(),
    )
    .await;
    for lang in ["zh", "en"] {
        let (status, html) = app
            .get_text(&deputy, &format!("{location}?lang={lang}"))
            .await;
        assert_eq!(status, 200, "{location} {lang}");
        look(&mut problems, "deputy", &location, lang, &html, &data);
    }
    assert!(
        problems.is_empty(),
        "pages in the wrong language:\n{}",
        problems.join("\n")
    );
}

/// A monthly table with a value that is not a number and a month that does not exist.
const BAD_MONTHLY: &str = "地区,年度,指标,月份,数值
江北区,2024,地区生产总值增速,6,不知道
江北区,2024,地区生产总值增速,十三月,5.1
";

/// Checks one page: no English of ours on a Chinese page, no Chinese but the data's on an
/// English one.
fn look(
    problems: &mut Vec<String>,
    who: &str,
    path: &str,
    lang: &str,
    html: &str,
    data: &[String],
) {
    let text = visible_text(html);
    let left = match lang {
        "en" => chinese_left(&text, data),
        _ => english_left(&text, data),
    };
    if !left.is_empty() {
        problems.push(format!("{who} {path} ({lang}): {}", left.join(" | ")));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_speaks_one_language_on_sqlite() {
    every_page_speaks_one_language(Backend::Sqlite).await;
}

#[test]
fn the_checks_see_what_they_should() {
    let data = vec!["地区生产总值增速".to_string()];
    let en = visible_text(
        "<p title=\"实际6.7%\">Actual <b>地区生产总值增速</b></p><script>var 甲;</script>",
    );
    assert_eq!(chinese_left(&en, &data).len(), 1, "{en}");
    let zh = visible_text("<p>完成 Pending 地区生产总值增速</p>");
    assert_eq!(english_left(&zh, &data), vec!["Pending".to_string()]);
    assert!(english_left(&visible_text("<p>English · JSON</p>"), &data).is_empty());
    assert!(chinese_left("the target is set by “市级”", &data).is_empty());
    // Marked data is left out; the words around it are not.
    let en = visible_text("<td lang=\"zh\">月度数据</td><td>a number</td><p>数字</p>");
    assert_eq!(chinese_left(&en, &data).len(), 1, "{en}");
    assert!(!en.contains("月度数据"), "{en}");
}
