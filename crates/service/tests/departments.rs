//! 部门一览 on the demo data, on SQLite (and PostgreSQL when `PLANWATCH_TEST_POSTGRES` is set):
//! every item is counted once, under its own department; a department's page is its share of
//! the whole; an approved entry moves its item from behind to on track; a returned entry is
//! counted against its department; the assessment table is written as a file.

use planwatch_domain::Rules;
use planwatch_domain::assessment::Track;
use planwatch_domain::calendar::{Day, Standing};
use planwatch_domain::in_year::DEFAULT_TOLERANCE_PCT;
use planwatch_domain::progress::ProjectEntry;
use planwatch_service::departments::YearWork;
use planwatch_service::progress::{self, EntryPayload, EntryTarget};
use planwatch_service::report::TableFormat;
use planwatch_store::accounts::ReviewDecision;
use planwatch_store::{Actor, Database};
use rust_decimal::Decimal;
use std::sync::Arc;

const REGION: &str = "江北区";
const COMMERCE: &str = "区商务委";
const TODAY: Day = Day {
    year: 2024,
    month: 7,
    day: 20,
};

async fn stores() -> Vec<(Arc<dyn Database>, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = planwatch_store_sql::SqliteStore::open(dir.path().join("d.db"), true)
        .await
        .expect("sqlite");
    let mut out: Vec<(Arc<dyn Database>, Option<tempfile::TempDir>)> =
        vec![(Arc::new(sqlite), Some(dir))];
    if let Ok(url) = std::env::var("PLANWATCH_TEST_POSTGRES") {
        let (pg, _) =
            planwatch_store_sql::PostgresStore::connect_fresh_schema(&url, "pw_test_departments")
                .await
                .expect("postgres");
        out.push((Arc::new(pg), None));
    }
    out
}

async fn year_at_may(store: &dyn Database) -> YearWork {
    YearWork::load(
        store,
        REGION,
        2024,
        Some(5),
        TODAY,
        &Rules::default(),
        DEFAULT_TOLERANCE_PCT,
    )
    .await
    .expect("year's work")
}

#[tokio::test]
async fn every_item_is_counted_once_under_its_own_department() {
    for (store, _dir) in stores().await {
        let store = store.as_ref();
        planwatch_service::load_demo(store, &Actor::new("admin", "test"))
            .await
            .expect("demo");
        let work = year_at_may(store).await;
        assert_eq!(work.reference.month, 5);
        assert_eq!(work.reference.reporting_month, 6, "July collects June");
        assert!(!work.projects.is_empty() && !work.tasks.is_empty());
        let all =
            work.indicators.len() + work.projects.len() + work.tasks.len() + work.livelihood.len();
        let tallies = work.tallies();
        assert_eq!(tallies.iter().map(|t| t.items()).sum::<usize>(), all);
        for t in &tallies {
            assert_eq!(t.on_track + t.behind + t.undecided, t.items(), "{t:?}");
            assert!(t.figures_late <= t.figures_owed, "{t:?}");
        }
        assert_eq!(
            tallies.iter().map(|t| t.figures_owed).sum::<usize>(),
            work.owed.len()
        );
        // Every late figure is past its due day; the reporting month's are all there.
        for o in &work.owed {
            assert!(o.standing != Standing::Late || o.due < TODAY, "{o:?}");
            assert!(o.month == 6 || o.standing == Standing::Late, "{o:?}");
        }

        // One department's page is its share of the whole, and its row of the table.
        let mine = work
            .department(COMMERCE)
            .expect("commerce answers for something");
        assert_eq!(
            Some(&mine.tally),
            tallies.iter().find(|t| t.department == COMMERCE)
        );
        assert!(
            mine.work
                .projects
                .iter()
                .all(|p| p.project.responsible_unit == COMMERCE)
        );
        assert!(mine.work.tasks.iter().all(|t| t.measure.lead == COMMERCE));
        assert!(
            mine.work
                .livelihood
                .iter()
                .all(|l| l.candidate.responsible_unit == COMMERCE)
        );
        assert_eq!(
            mine.work.projects.len()
                + mine.work.tasks.len()
                + mine.work.livelihood.len()
                + mine.work.indicators.len(),
            mine.tally.items()
        );
        assert!(work.department("没有这个部门").is_none());
    }
}

#[tokio::test]
async fn approved_and_returned_entries_move_the_department_counts() {
    for (store, _dir) in stores().await {
        let store = store.as_ref();
        let drc = Actor::new("admin", "test");
        let commerce = Actor::new("commerce", "test");
        planwatch_service::load_demo(store, &drc)
            .await
            .expect("demo");
        let before = year_at_may(store).await;
        let row = |w: &YearWork| {
            w.tallies()
                .into_iter()
                .find(|t| t.department == COMMERCE)
                .expect("row")
        };
        let was = row(&before);
        // A project of theirs behind at May with an annual plan.
        let behind = before
            .projects
            .iter()
            .find(|p| {
                p.project.responsible_unit == COMMERCE
                    && p.track == Track::Behind
                    && p.project.annual_plan > Decimal::ZERO
                    && !p.project.is_completed()
            })
            .expect("a commerce project behind at May");
        let code = behind.project.code.clone();
        let target = EntryTarget {
            region: REGION,
            year: 2024,
            key: &code,
            period: 5,
        };
        let payload = EntryPayload::Project(ProjectEntry {
            completed: Some(behind.project.annual_plan * Decimal::new(60, 2)),
            image_progress: "主体完工".into(),
            started_on: behind
                .project
                .actual_start
                .or(planwatch_domain::projects::PlanDate::ymd(2024, 3, 1)),
            ..Default::default()
        });
        let entry = progress::save_entry(
            store,
            target,
            &payload,
            true,
            None,
            Some(COMMERCE),
            &commerce,
        )
        .await
        .expect("submit");
        progress::review_entry(
            store,
            entry.id,
            &ReviewDecision::Approve { comment: None },
            Some(entry.version),
            &drc,
        )
        .await
        .expect("approve");
        let after = year_at_may(store).await;
        let now = after
            .projects
            .iter()
            .find(|p| p.project.code == code)
            .expect("project");
        assert_eq!(now.track, Track::OnTrack, "{:?}", now.light.reasons);
        let is = row(&after);
        assert_eq!((is.behind + 1, is.on_track), (was.behind, was.on_track + 1));

        // An entry sent back is counted against the department until it is sent again.
        let task = after
            .tasks
            .iter()
            .find(|t| t.measure.lead == COMMERCE)
            .map(|t| t.measure.code.clone());
        let Some(task) = task else {
            continue;
        };
        let note = EntryPayload::Task(planwatch_domain::progress::TaskEntry {
            note: "已完成招商对接".into(),
            status: None,
        });
        let sent = progress::save_entry(
            store,
            EntryTarget {
                region: REGION,
                year: 2024,
                key: &task,
                period: 2,
            },
            &note,
            true,
            None,
            Some(COMMERCE),
            &commerce,
        )
        .await
        .expect("submit the note");
        progress::review_entry(
            store,
            sent.id,
            &ReviewDecision::Return {
                comment: "请补充具体进度".into(),
            },
            Some(sent.version),
            &drc,
        )
        .await
        .expect("return");
        let returned = year_at_may(store).await;
        assert_eq!(row(&returned).returned, is.returned + 1);
        let mine = returned.department(COMMERCE).expect("commerce");
        assert!(mine.work.returned_entries.iter().any(|e| e.id == sent.id));
    }
}

#[tokio::test]
async fn the_assessment_table_is_written_as_a_file() {
    let (store, _dir) = stores().await.into_iter().next().expect("sqlite");
    let store = store.as_ref();
    planwatch_service::load_demo(store, &Actor::new("admin", "test"))
        .await
        .expect("demo");
    let work = year_at_may(store).await;
    let (csv, name) = work.overview_file(TableFormat::Csv).expect("csv");
    assert_eq!(name, "江北区2024年部门工作情况（截至5月）.csv");
    let text = String::from_utf8(csv).expect("utf-8");
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next(),
        Some(
            "部门,负责事项,指标,重点项目,重点任务,民生实事,正常推进,滞后,尚无法判断,应报数据,逾期未报,被退回"
        )
    );
    let tallies = work.tallies();
    assert_eq!(lines.count(), tallies.len());
    let t = tallies
        .iter()
        .find(|t| t.department == COMMERCE)
        .expect("row");
    let expected = format!(
        "{COMMERCE},{},{},{},{},{},{},{},{},{},{},{}",
        t.items(),
        t.indicators,
        t.projects,
        t.tasks,
        t.livelihood,
        t.on_track,
        t.behind,
        t.undecided,
        t.figures_owed,
        t.figures_late,
        t.returned
    );
    assert!(text.lines().any(|l| l == expected), "{expected}\n{text}");
    let (xlsx, name) = work.overview_file(TableFormat::Xlsx).expect("xlsx");
    assert!(name.ends_with(".xlsx"));
    assert_eq!(&xlsx[..2], b"PK", "a zip container");
}
