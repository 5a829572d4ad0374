//! Entering and correcting figures on SQLite (and PostgreSQL when `PLANWATCH_TEST_POSTGRES` is
//! set): a reporter's value held by a plausibility warning needs a reason, which the approver
//! sees; an approved figure is corrected by the DRC only with a reason, the audit trail keeps
//! old, new and why, and the judgement follows.

use planwatch_domain::Rules;
use planwatch_domain::plausibility::Slot;
use planwatch_service::ServiceError;
use planwatch_service::figures::{FigureEntry, check_entry};
use planwatch_store::accounts::{ReviewDecision, SubmissionAction, SubmissionInput};
use planwatch_store::{Actor, Database, ExprField, Period};
use std::sync::Arc;

const REGION: &str = "江北区";

async fn stores() -> Vec<(Arc<dyn Database>, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = planwatch_store_sql::SqliteStore::open(dir.path().join("f.db"), true)
        .await
        .expect("sqlite");
    let mut out: Vec<(Arc<dyn Database>, Option<tempfile::TempDir>)> =
        vec![(Arc::new(sqlite), Some(dir))];
    if let Ok(url) = std::env::var("PLANWATCH_TEST_POSTGRES") {
        let (pg, _) =
            planwatch_store_sql::PostgresStore::connect_fresh_schema(&url, "pw_test_figures")
                .await
                .expect("postgres");
        out.push((Arc::new(pg), None));
    }
    out
}

#[tokio::test]
async fn a_held_value_needs_a_reason_and_an_approved_one_is_corrected_with_one() {
    let rules = Rules::default();
    for (store, _dir) in stores().await {
        let store = store.as_ref();
        let drc = Actor::new("admin", "test");
        let stats = Actor::new("stats", "test");
        planwatch_service::load_demo(store, &drc)
            .await
            .expect("demo");
        let gdp = "地区生产总值增速";
        let entry = |text: &'static str, reason: Option<&'static str>| FigureEntry {
            region: REGION,
            year: 2024,
            indicator: gdp,
            slot: Slot::Month(3),
            text,
            reason,
            note: None,
        };
        // Against last year's 6.7, 25 moves by more than 10 points: held without a reason.
        let held = check_entry(store, &entry("25", None), &rules).await;
        assert!(
            matches!(held, Err(ServiceError::NeedsReason { .. })),
            "{held:?}"
        );
        let accepted = check_entry(store, &entry("25", Some("一季度重大项目集中投产")), &rules)
            .await
            .expect("accepted with a reason");
        assert!(accepted.verdict.needs_reason());
        let long = "原".repeat(2001);
        let too_long = FigureEntry {
            reason: Some(&long),
            ..entry("5.9", None)
        };
        assert!(matches!(
            check_entry(store, &too_long, &rules).await,
            Err(ServiceError::Refused {
                field: "reason",
                ..
            })
        ));
        assert!(matches!(
            check_entry(store, &entry("1e999", None), &rules).await,
            Err(ServiceError::Implausible { .. })
        ));

        // The reporter proposes the year's actual; the DRC approves it; it is locked.
        let s = store
            .save_submission(
                &SubmissionInput {
                    region: REGION.into(),
                    year: 2024,
                    indicator: gdp.into(),
                    period: Period::Annual,
                    value_text: "6.2".into(),
                    note: Some("受外需回落影响，略高于目标".into()),
                    reason: None,
                },
                SubmissionAction::Submit,
                None,
                &stats,
            )
            .await
            .expect("submit");
        store
            .review_submission(s.id, &ReviewDecision::Approve { comment: None }, None, &drc)
            .await
            .expect("approve");
        let set = |text: &'static str, reason: Option<&'static str>| {
            planwatch_service::set_expression(
                store,
                REGION,
                2024,
                gdp,
                ExprField::Actual,
                text,
                None,
                reason,
                &drc,
                &rules,
            )
        };
        let refused = set("5.8", None).await;
        assert!(
            matches!(&refused, Err(ServiceError::Refused { field: "reason", message }) if message.zh.contains("更正须说明原因")),
            "{refused:?}"
        );
        let corrected = set("5.8", Some("统计局反馈终核数据"))
            .await
            .expect("corrected");
        assert_eq!(corrected.edit.old_text.as_deref(), Some("6.2"));
        assert_eq!(
            corrected.evaluation.status.as_str(),
            "basically_met",
            "judged against 6以上"
        );
        let audit = store.audit_entries(1).await.expect("audit");
        assert_eq!(audit[0].old_value.as_deref(), Some("6.2"));
        assert_eq!(audit[0].new_value.as_deref(), Some("5.8"));
        assert_eq!(audit[0].reason.as_deref(), Some("统计局反馈终核数据"));
        let plan = store
            .load_plan(REGION, 2024)
            .await
            .expect("plan")
            .expect("some");
        assert_eq!(
            plan.indicator(gdp)
                .and_then(|i| i.actual.as_ref())
                .map(|a| a.text.as_str()),
            Some("5.8")
        );
    }
}
