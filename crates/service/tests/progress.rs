//! Departments' progress entries on the demo ledgers, on SQLite (and PostgreSQL when
//! `PLANWATCH_TEST_POSTGRES` is set): the project's department enters May's investment, the DRC
//! approves, and the light and paragraph follow; a task's quarterly note; a livelihood project
//! marked done; another department is refused; a stale approval changes nothing.

use planwatch_domain::livelihood::{ProgressState, assess};
use planwatch_domain::progress::{LivelihoodEntry, ProjectEntry, TaskEntry};
use planwatch_domain::projects::{Light, LightRules, PlanDate};
use planwatch_domain::tasks::TaskStatus;
use planwatch_service::progress::{self, EntryPayload, EntryTarget, Item};
use planwatch_service::{ServiceError, ledgers};
use planwatch_store::accounts::ReviewDecision;
use planwatch_store::{Actor, Database, SubmissionStatus};
use rust_decimal::Decimal;
use std::sync::Arc;

const REGION: &str = "江北区";

async fn stores() -> Vec<(Arc<dyn Database>, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = planwatch_store_sql::SqliteStore::open(dir.path().join("p.db"), true)
        .await
        .expect("sqlite");
    let mut out: Vec<(Arc<dyn Database>, Option<tempfile::TempDir>)> =
        vec![(Arc::new(sqlite), Some(dir))];
    if let Ok(url) = std::env::var("PLANWATCH_TEST_POSTGRES") {
        let (pg, _) =
            planwatch_store_sql::PostgresStore::connect_fresh_schema(&url, "pw_test_progress")
                .await
                .expect("postgres");
        out.push((Arc::new(pg), None));
    }
    out
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

#[tokio::test]
async fn entries_flow_from_departments_through_approval_into_the_ledgers() {
    for (store, _dir) in stores().await {
        let store = store.as_ref();
        let drc = Actor::new("admin", "test");
        let commerce = Actor::new("commerce", "test");
        planwatch_service::load_demo(store, &drc)
            .await
            .expect("demo");

        // A 区商务委 project: red at May with nothing done.
        let mine = progress::items(store, REGION, 2024, Some("区商务委"))
            .await
            .expect("items");
        let code = mine
            .iter()
            .find_map(|i| match i {
                Item::Project { project, .. } if project.annual_plan > Decimal::ZERO => {
                    Some(project.code.clone())
                }
                _ => None,
            })
            .expect("a commerce project");
        assert!(mine.iter().all(|i| i.department() == "区商务委"));
        let lights = ledgers::project_lights(store, REGION, 2024, 5, &LightRules::default())
            .await
            .expect("lights");
        let before = lights.iter().find(|l| l.code == code).expect("light");
        assert_eq!(before.light, Light::Red, "{:?}", before.reasons);
        let paragraph_before = ledgers::project_summary(store, REGION, 2024, Some(5), None)
            .await
            .expect("summary")
            .paragraph;

        let item = progress::item(store, REGION, 2024, progress::EntryKind::Project, &code)
            .await
            .expect("item");
        let Item::Project { project, .. } = &item else {
            panic!("a project");
        };
        let may = project.annual_plan * dec("0.45");
        let target = EntryTarget {
            region: REGION,
            year: 2024,
            key: &code,
            period: 5,
        };
        let payload = EntryPayload::Project(ProjectEntry {
            completed: Some(may),
            image_progress: "主体结构施工".into(),
            started_on: PlanDate::ymd(2024, 3, 18),
            ..Default::default()
        });
        // Another department may not report it.
        let stats = Actor::new("stats", "test");
        assert!(matches!(
            progress::save_entry(
                store,
                target,
                &payload,
                true,
                None,
                Some("区统计局"),
                &stats
            )
            .await,
            Err(ServiceError::NotResponsible(_))
        ));
        // A figure below an earlier month would be refused beside its field.
        let entry = progress::save_entry(
            store,
            target,
            &payload,
            true,
            None,
            Some("区商务委"),
            &commerce,
        )
        .await
        .expect("submit");
        assert_eq!(entry.status, SubmissionStatus::Submitted);
        assert_eq!(entry.department, "区商务委");
        // Submitting changes nothing the readers see.
        let still = ledgers::project_lights(store, REGION, 2024, 5, &LightRules::default())
            .await
            .expect("lights");
        assert_eq!(
            still.iter().find(|l| l.code == code).map(|l| l.light),
            Some(Light::Red)
        );
        let approved = progress::review_entry(
            store,
            entry.id,
            &ReviewDecision::Approve { comment: None },
            Some(entry.version),
            &drc,
        )
        .await
        .expect("approve");
        assert_eq!(approved.status, SubmissionStatus::Approved);
        let after = ledgers::project_lights(store, REGION, 2024, 5, &LightRules::default())
            .await
            .expect("lights");
        let after = after.iter().find(|l| l.code == code).expect("light");
        assert_ne!(after.light, Light::Red, "{:?}", after.reasons);
        let paragraph_after = ledgers::project_summary(store, REGION, 2024, Some(5), None)
            .await
            .expect("summary")
            .paragraph;
        assert_ne!(paragraph_before, paragraph_after, "the paragraph follows");
        let ledger = ledgers::load_projects(store, REGION, 2024)
            .await
            .expect("ledger");
        let p = ledger
            .projects
            .iter()
            .find(|p| p.code == code)
            .expect("project");
        assert_eq!(p.completed, may);
        assert!(p.is_started());
        assert!(
            ledger
                .monthly
                .iter()
                .any(|m| m.code == code && m.month == 5 && m.cumulative_completed == may)
        );

        // A lower April figure after May's is refused, naming the field.
        let april = EntryPayload::Project(ProjectEntry {
            completed: Some(may + dec("1")),
            ..Default::default()
        });
        match progress::save_entry(
            store,
            EntryTarget {
                period: 4,
                ..target
            },
            &april,
            false,
            None,
            Some("区商务委"),
            &commerce,
        )
        .await
        {
            Err(ServiceError::Refused { field, .. }) => assert_eq!(field, "completed"),
            other => panic!("refused, got {other:?}"),
        }

        // A key task's quarterly note.
        let task = EntryTarget {
            region: REGION,
            year: 2024,
            key: "1.2",
            period: 2,
        };
        let note = EntryPayload::Task(TaskEntry {
            note: "二季度累计引进首店58家".into(),
            status: Some(TaskStatus::InProgress),
        });
        let e = progress::save_entry(store, task, &note, true, None, Some("区商务委"), &commerce)
            .await
            .expect("task note");
        progress::review_entry(
            store,
            e.id,
            &ReviewDecision::Approve { comment: None },
            None,
            &drc,
        )
        .await
        .expect("approve note");
        let measure = ledgers::load_tasks(store, REGION, 2024)
            .await
            .expect("tasks")
            .measures
            .into_iter()
            .find(|m| m.code == "1.2")
            .expect("measure");
        assert!(
            measure
                .progress
                .iter()
                .any(|n| n.quarter == Some(2) && n.note == "二季度累计引进首店58家")
        );

        // A livelihood project marked done; a return first, with its reason.
        let housing = Actor::new("housing", "test");
        let adopted = progress::adopted_candidates(store, REGION, 2024)
            .await
            .expect("adopted");
        let c = adopted
            .iter()
            .find(|c| c.responsible_unit == "区住房城乡建委" && c.target_value.is_some())
            .expect("a housing project")
            .clone();
        let target = EntryTarget {
            region: REGION,
            year: 2024,
            key: &c.name,
            period: 11,
        };
        let done = EntryPayload::Livelihood(LivelihoodEntry {
            done: true,
            ..Default::default()
        });
        let e = progress::save_entry(
            store,
            target,
            &done,
            true,
            None,
            Some("区住房城乡建委"),
            &housing,
        )
        .await
        .expect("done");
        let r = progress::review_entry(
            store,
            e.id,
            &ReviewDecision::Return {
                comment: "请附验收材料".into(),
            },
            None,
            &drc,
        )
        .await
        .expect("return");
        assert_eq!(r.status, SubmissionStatus::Returned);
        let e = progress::save_entry(
            store,
            target,
            &done,
            true,
            Some(r.version),
            Some("区住房城乡建委"),
            &housing,
        )
        .await
        .expect("resubmit");
        progress::review_entry(
            store,
            e.id,
            &ReviewDecision::Approve { comment: None },
            None,
            &drc,
        )
        .await
        .expect("approve done");
        let l = ledgers::load_livelihood(store, REGION, 2024)
            .await
            .expect("livelihood");
        let p = l.progress.iter().find(|p| p.name == c.name);
        assert_eq!(assess(&c, p), ProgressState::Done);

        // A stale approval (the item moved since) is refused and changes nothing.
        let again = EntryPayload::Project(ProjectEntry {
            completed: Some(may + dec("0.1")),
            ..Default::default()
        });
        let e1 = progress::save_entry(
            store,
            EntryTarget {
                region: REGION,
                year: 2024,
                key: &code,
                period: 6,
            },
            &again,
            true,
            None,
            Some("区商务委"),
            &commerce,
        )
        .await
        .expect("June");
        assert!(matches!(
            progress::review_entry(
                store,
                e1.id,
                &ReviewDecision::Approve { comment: None },
                Some(e1.version + 5),
                &drc
            )
            .await,
            Err(ServiceError::Store(
                planwatch_store::StoreError::Conflict { .. }
            ))
        ));
        assert_eq!(
            store.entry(e1.id).await.expect("entry").map(|e| e.status),
            Some(SubmissionStatus::Submitted)
        );
    }
}
