//! The behaviour every backend must show, as one async suite. Each backend's tests call
//! [`run_all`] on a fresh, empty store, so SQLite and PostgreSQL are held to the same story.

use crate::{Actor, ExprField, Store, StoreError};
use planwatch_domain::{IndicatorDef, Plan, PlanIndicator, Tier};

fn plan(region: &str, year: i32, rows: &[(&str, &str, &str, Option<&str>)]) -> Plan {
    Plan {
        region: region.to_string(),
        year,
        indicators: rows
            .iter()
            .zip(1..)
            .map(|((name, unit, target, actual), seq)| {
                let mut def = IndicatorDef::new(*name, *unit);
                def.binding = name.contains("天数");
                def.tier = Some(if seq <= 1 { Tier::Core } else { Tier::Other });
                def.department = Some("区统计局".into());
                PlanIndicator {
                    seq,
                    def,
                    target: planwatch_text::parse_expr(target),
                    actual: actual.map(planwatch_text::parse_expr),
                }
            })
            .collect(),
    }
}

/// Runs every check; panics (it is test code) with the name of the failing check.
pub async fn run_all(store: &dyn Store) {
    let actor = Actor::new("tester", "conformance");
    let p2023 = plan(
        "测试区",
        2023,
        &[
            ("地区生产总值增速", "%", "6.5以上", Some("6.7")),
            ("空气质量优良天数", "天", "310天以上", Some("289")),
            ("实际使用外资FDI", "亿美元", "2", None),
        ],
    );

    // A plan saved is a plan loaded, with every text and attribute intact.
    store.save_plan(&p2023, &actor).await.expect("save_plan");
    let loaded = store
        .load_plan("测试区", 2023)
        .await
        .expect("load_plan")
        .expect("plan present");
    assert_eq!(loaded, p2023, "round trip of a plan");
    assert_eq!(store.plan_years("测试区").await.expect("years"), vec![2023]);
    assert!(
        store
            .load_plan("测试区", 1999)
            .await
            .expect("load")
            .is_none()
    );
    let regions = store.regions().await.expect("regions");
    assert_eq!(regions.len(), 1);
    assert_eq!(regions[0].name, "测试区");

    // Saving again replaces the year's system rather than duplicating it.
    store.save_plan(&p2023, &actor).await.expect("save again");
    let records = store
        .indicator_records("测试区", 2023)
        .await
        .expect("records");
    assert_eq!(records.len(), 3, "replace, not append");

    // Edits bump the version and are audited with old and new values.
    let edit = store
        .set_expr_text(
            "测试区",
            2023,
            "实际使用外资FDI",
            ExprField::Actual,
            "2.3",
            Some(1),
            &actor,
        )
        .await
        .expect("set actual");
    assert_eq!(edit.old_text, None);
    assert_eq!(edit.version, 2);
    let edit = store
        .set_expr_text(
            "测试区",
            2023,
            "地区生产总值增速",
            ExprField::Target,
            "6以上",
            None,
            &actor,
        )
        .await
        .expect("set target");
    assert_eq!(edit.old_text.as_deref(), Some("6.5以上"));

    // A stale version is refused with both values, and nothing changes.
    let err = store
        .set_expr_text(
            "测试区",
            2023,
            "实际使用外资FDI",
            ExprField::Actual,
            "9",
            Some(1),
            &actor,
        )
        .await
        .expect_err("stale version must be refused");
    match err {
        StoreError::Conflict {
            expected,
            actual,
            current,
            yours,
            ..
        } => {
            assert_eq!((expected, actual), (1, 2));
            assert_eq!(current.as_deref(), Some("2.3"));
            assert_eq!(yours, "9");
        }
        other => panic!("expected a conflict, got {other}"),
    }
    let records = store
        .indicator_records("测试区", 2023)
        .await
        .expect("records");
    let fdi = records
        .iter()
        .find(|r| r.name == "实际使用外资FDI")
        .expect("row");
    assert_eq!(fdi.actual_text.as_deref(), Some("2.3"));

    // Unknown region or indicator: NotFound, not a silent no-op.
    assert!(matches!(
        store
            .set_expr_text("无此区", 2023, "x", ExprField::Actual, "1", None, &actor)
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store
            .set_expr_text(
                "测试区",
                2023,
                "无此指标",
                ExprField::Actual,
                "1",
                None,
                &actor
            )
            .await,
        Err(StoreError::NotFound(_))
    ));

    // A plan with a duplicate indicator is refused whole: the stored year is untouched.
    let mut dup = p2023.clone();
    let first = dup.indicators[0].clone();
    dup.indicators.push(first);
    assert!(matches!(
        store.save_plan(&dup, &actor).await,
        Err(StoreError::Invalid(_))
    ));
    let records = store
        .indicator_records("测试区", 2023)
        .await
        .expect("records");
    assert_eq!(records.len(), 3, "a failed save leaves the old rows");
    assert_eq!(
        records
            .iter()
            .find(|r| r.name == "地区生产总值增速")
            .map(|r| r.target_text.as_str()),
        Some("6以上"),
        "a failed save keeps earlier edits"
    );

    // The audit trail has every change, newest first.
    let audit = store.audit_entries(100).await.expect("audit");
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "set_target",
            "set_actual",
            "save_plan",
            "save_plan",
            "create"
        ],
        "audit actions newest first"
    );
    assert_eq!(audit[0].old_value.as_deref(), Some("6.5以上"));
    assert_eq!(audit[0].new_value.as_deref(), Some("6以上"));
    assert!(
        audit
            .iter()
            .all(|a| a.actor == "tester" && !a.at.is_empty())
    );
}

/// Ledger storage: replace is all-or-nothing, order and exact text are kept.
pub async fn run_ledgers<S: Store + crate::LedgerStore>(store: &S) {
    use crate::LedgerKind;
    let actor = Actor::new("tester", "conformance");
    let items = vec![
        (
            "P002".to_string(),
            r#"{"code":"P002","total":"12.3400"}"#.to_string(),
        ),
        (
            "P001".to_string(),
            r#"{"code":"P001","total":"99999999999999.9999"}"#.to_string(),
        ),
    ];
    let replaced = store
        .replace_ledger("台账区", 2024, LedgerKind::Projects, &items, &actor)
        .await
        .expect("replace ledger");
    assert_eq!(replaced, 0);
    let got = store
        .ledger_items("台账区", 2024, LedgerKind::Projects)
        .await
        .expect("items");
    let keys: Vec<&str> = got.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, vec!["P002", "P001"], "imported order kept");
    assert_eq!(got[1].data, items[1].1, "exact text kept");

    // A duplicate key refuses the whole replacement and keeps the old ledger.
    let dup = vec![
        ("P003".to_string(), "{}".to_string()),
        ("P003".to_string(), "{}".to_string()),
    ];
    assert!(matches!(
        store
            .replace_ledger("台账区", 2024, LedgerKind::Projects, &dup, &actor)
            .await,
        Err(StoreError::Invalid(_))
    ));
    let got = store
        .ledger_items("台账区", 2024, LedgerKind::Projects)
        .await
        .expect("items");
    assert_eq!(got.len(), 2, "failed replace leaves the old ledger");

    // Kinds and years are separate.
    assert!(
        store
            .ledger_items("台账区", 2024, LedgerKind::Tasks)
            .await
            .expect("items")
            .is_empty()
    );
    let replaced = store
        .replace_ledger("台账区", 2024, LedgerKind::Projects, &items[..1], &actor)
        .await
        .expect("replace again");
    assert_eq!(replaced, 2);
}

/// Dump and restore: a dump restored into an empty database dumps back identically, a second
/// restore into the now non-empty database is refused, and the restored data reads the same.
pub async fn run_dump(source: &dyn Store, empty_target: &dyn Store) {
    use crate::LedgerKind;
    let actor = Actor::new("tester", "conformance");
    let p = plan(
        "备份区",
        2023,
        &[
            ("地区生产总值增速", "%", "6.5以上", Some("6.7")),
            ("空气质量优良天数", "天", "310天以上", None),
        ],
    );
    source.save_plan(&p, &actor).await.expect("save");
    source
        .set_expr_text(
            "备份区",
            2023,
            "空气质量优良天数",
            ExprField::Actual,
            "289",
            Some(1),
            &actor,
        )
        .await
        .expect("edit");
    source
        .replace_ledger(
            "备份区",
            2023,
            LedgerKind::Projects,
            &[("P1".into(), r#"{"code":"P1","t":"1.2300"}"#.into())],
            &actor,
        )
        .await
        .expect("ledger");

    let dump = source.dump().await.expect("dump");
    assert!(dump.schema_version > 0);
    let names: Vec<&str> = dump.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names.first(),
        Some(&"regions"),
        "regions restored first: {names:?}"
    );
    assert!(!names.contains(&"sessions") && !names.contains(&"_sqlx_migrations"));

    empty_target
        .restore(&dump)
        .await
        .expect("restore into empty");
    let again = empty_target.dump().await.expect("dump again");
    assert_eq!(again, dump, "restore then dump gives the same dump");
    let loaded = empty_target
        .load_plan("备份区", 2023)
        .await
        .expect("load")
        .expect("plan present");
    let mut expected = p.clone();
    expected.indicators[1].actual = Some(planwatch_text::parse_expr("289"));
    assert_eq!(loaded, expected);

    // New rows after a restore get fresh ids (sequences continue).
    empty_target
        .ensure_region("新区", &actor)
        .await
        .expect("insert after restore");

    assert!(matches!(
        empty_target.restore(&dump).await,
        Err(StoreError::Invalid(_))
    ));
}
