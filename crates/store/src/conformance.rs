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

/// Progress entries, publications with the published view, saved reviews and the audit page,
/// on a fresh store.
pub async fn run_year_work(store: &dyn crate::Database) {
    progress_entries(store).await;
    publications(store).await;
    saved_reviews(store).await;
    audit_pages(store).await;
    plan_redefinitions(store).await;
}

async fn progress_entries(store: &dyn crate::Database) {
    use crate::accounts::ReviewDecision;
    use crate::progress::{EntryFilter, EntryInput, EntryKind, LedgerWrite};
    use crate::{LedgerKind, SubmissionStatus};
    let drc = Actor::new("drc", "conformance");
    let dept = Actor::new("housing", "conformance");
    store
        .replace_ledger(
            "进度区",
            2024,
            LedgerKind::Projects,
            &[("P1".into(), r#"{"code":"P1","completed":"0"}"#.into())],
            &drc,
        )
        .await
        .expect("ledger");
    let item = store
        .ledger_item("进度区", 2024, LedgerKind::Projects, "P1")
        .await
        .expect("item")
        .expect("present");
    assert_eq!(item.version, 1);
    let input = |summary: &str| EntryInput {
        region: "进度区".into(),
        year: 2024,
        kind: EntryKind::Project,
        item_key: "P1".into(),
        period: 5,
        payload: r#"{"completed":"1.5"}"#.into(),
        summary: summary.into(),
    };
    let d = store
        .save_entry(
            &input("5月累计完成1.5亿元"),
            "区住房城乡建委",
            false,
            None,
            &dept,
        )
        .await
        .expect("draft");
    assert_eq!((d.status, d.version), (SubmissionStatus::Draft, 1));
    assert!(matches!(
        store
            .save_entry(&input("x"), "区住房城乡建委", false, Some(7), &dept)
            .await,
        Err(StoreError::Conflict { .. })
    ));
    let s = store
        .save_entry(
            &input("5月累计完成1.6亿元"),
            "区住房城乡建委",
            true,
            Some(1),
            &dept,
        )
        .await
        .expect("submit");
    assert_eq!(s.id, d.id, "the open entry is reused");
    assert!(
        matches!(
            store
                .save_entry(&input("y"), "区住房城乡建委", false, None, &dept)
                .await,
            Err(StoreError::Invalid(_))
        ),
        "a submitted entry waits for review"
    );
    // Bad periods and payloads are refused before anything is written.
    let mut bad = input("z");
    bad.period = 13;
    assert!(matches!(
        store
            .save_entry(&bad, "区住房城乡建委", false, None, &dept)
            .await,
        Err(StoreError::Invalid(_))
    ));
    bad = input("z");
    bad.kind = EntryKind::Task;
    assert!(
        matches!(
            store
                .save_entry(&bad, "区住房城乡建委", false, None, &dept)
                .await,
            Err(StoreError::Invalid(_))
        ),
        "a task's period is a quarter"
    );
    // Return, resubmit, then an approval over a stale item version changes nothing.
    let r = store
        .review_entry(
            s.id,
            &ReviewDecision::Return {
                comment: "请附形象进度".into(),
            },
            Some(s.version),
            &[],
            &drc,
        )
        .await
        .expect("return");
    assert_eq!(r.status, SubmissionStatus::Returned);
    let s = store
        .save_entry(
            &input("5月累计完成1.6亿元"),
            "区住房城乡建委",
            true,
            Some(r.version),
            &dept,
        )
        .await
        .expect("resubmit");
    let stale = [LedgerWrite {
        kind: LedgerKind::Projects,
        key: "P1".into(),
        data: r#"{"code":"P1","completed":"1.6"}"#.into(),
        expected_version: Some(9),
    }];
    assert!(matches!(
        store
            .review_entry(
                s.id,
                &ReviewDecision::Approve { comment: None },
                None,
                &stale,
                &drc
            )
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        store
            .entry(s.id)
            .await
            .expect("get")
            .expect("present")
            .status,
        SubmissionStatus::Submitted,
        "nothing half-done"
    );
    let writes = [
        LedgerWrite {
            expected_version: Some(1),
            ..stale[0].clone()
        },
        LedgerWrite {
            kind: LedgerKind::ProjectProgress,
            key: "P1/05".into(),
            data: r#"{"code":"P1","month":5}"#.into(),
            expected_version: None,
        },
    ];
    let a = store
        .review_entry(
            s.id,
            &ReviewDecision::Approve { comment: None },
            Some(s.version),
            &writes,
            &drc,
        )
        .await
        .expect("approve");
    assert_eq!(a.status, SubmissionStatus::Approved);
    assert_eq!(a.reviewed_by.as_deref(), Some("drc"));
    let item = store
        .ledger_item("进度区", 2024, LedgerKind::Projects, "P1")
        .await
        .expect("item")
        .expect("present");
    assert_eq!(
        (item.version, item.data.as_str()),
        (2, writes[0].data.as_str())
    );
    let progress = store
        .ledger_items("进度区", 2024, LedgerKind::ProjectProgress)
        .await
        .expect("progress");
    assert_eq!(progress.len(), 1);
    // An approved entry does not lock: a correction for the same month is a new entry.
    let c = store
        .save_entry(
            &input("更正为1.7亿元"),
            "区住房城乡建委",
            false,
            None,
            &dept,
        )
        .await
        .expect("correction");
    assert_ne!(c.id, a.id);
    let mine = store
        .entries(&EntryFilter {
            department: Some("区住房城乡建委".into()),
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(mine.len(), 2);
    let approved = store
        .entries(&EntryFilter {
            status: Some(SubmissionStatus::Approved),
            kind: Some(EntryKind::Project),
            region: Some("进度区".into()),
            year: Some(2024),
            item_key: Some("P1".into()),
            department: None,
        })
        .await
        .expect("list");
    assert_eq!(approved.len(), 1);
    let audit = store.audit_entries(20).await.expect("audit");
    assert!(audit.iter().any(|e| e.action == "entry_approve"));
    let set = audit
        .iter()
        .find(|e| e.action == "set_ledger_item" && e.entity_key == "进度区/2024/P1")
        .expect("the item's change audited");
    assert_eq!(
        set.old_value.as_deref(),
        Some(r#"{"code":"P1","completed":"0"}"#)
    );
}

async fn publications(store: &dyn crate::Database) {
    use crate::LedgerKind;
    let drc = Actor::new("drc", "conformance");
    let p = plan(
        "发布区",
        2024,
        &[
            ("地区生产总值增速", "%", "6以上", Some("6.1")),
            ("城镇新增就业人数", "万人", "3.5", None),
        ],
    );
    store.save_plan(&p, &drc).await.expect("plan");
    store
        .set_monthly_figure("发布区", 2024, "地区生产总值增速", 5, "5.8", None, &drc)
        .await
        .expect("monthly");
    store
        .replace_ledger(
            "发布区",
            2024,
            LedgerKind::Tasks,
            &[("1.1".into(), r#"{"v":1}"#.into())],
            &drc,
        )
        .await
        .expect("ledger");
    let public = store.published_view();
    assert!(public.is_published_view() && !store.is_published_view());
    // Before publishing, the public sees the plan's targets and no actual, figure or ledger.
    let seen = public
        .load_plan("发布区", 2024)
        .await
        .expect("load")
        .expect("the plan is public");
    assert!(seen.indicators.iter().all(|i| i.actual.is_none()));
    assert!(
        public
            .monthly_figures("发布区", 2024)
            .await
            .expect("m")
            .is_empty()
    );
    assert!(
        public
            .ledger_items("发布区", 2024, LedgerKind::Tasks)
            .await
            .expect("l")
            .is_empty()
    );
    // The published view writes nothing.
    assert!(matches!(
        public.save_plan(&p, &drc).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        public.publish("发布区", 2024, 5, None, &drc).await,
        Err(StoreError::Invalid(_))
    ));
    // A period without figures cannot be published.
    assert!(matches!(
        store.publish("发布区", 2024, 6, None, &drc).await,
        Err(StoreError::Invalid(_))
    ));
    let first = store
        .publish("发布区", 2024, 5, Some("5月数据"), &drc)
        .await
        .expect("publish May");
    assert_eq!(
        (
            first.revision,
            first.figures,
            first.new_figures,
            first.corrections
        ),
        (1, 1, 1, 0)
    );
    let annual = store
        .publish("发布区", 2024, 0, None, &drc)
        .await
        .expect("publish the year");
    assert_eq!(annual.figures, 1, "only the actual that exists");
    let seen = public
        .load_plan("发布区", 2024)
        .await
        .expect("load")
        .expect("plan");
    assert_eq!(
        seen.indicators[0].actual.as_ref().map(|a| a.text.as_str()),
        Some("6.1")
    );
    let months = public.monthly_figures("发布区", 2024).await.expect("m");
    assert_eq!(months.len(), 1);
    assert_eq!((months[0].month, months[0].value_text.as_str()), (5, "5.8"));
    assert_eq!(
        public
            .ledger_items("发布区", 2024, LedgerKind::Tasks)
            .await
            .expect("l")
            .len(),
        1
    );
    // Working changes stay inside until the period is published again, as a correction.
    store
        .set_monthly_figure("发布区", 2024, "地区生产总值增速", 5, "5.9", None, &drc)
        .await
        .expect("correct");
    assert_eq!(
        public.monthly_figures("发布区", 2024).await.expect("m")[0].value_text,
        "5.8"
    );
    let again = store
        .publish("发布区", 2024, 5, None, &drc)
        .await
        .expect("republish");
    assert_eq!((again.revision, again.corrections), (2, 1));
    let figures = store.published_figures("发布区", 2024).await.expect("pf");
    let may = figures
        .iter()
        .find(|f| f.period == 5)
        .expect("May published");
    assert_eq!(may.value_text, "5.9");
    assert_eq!(may.previous_text.as_deref(), Some("5.8"));
    assert!(may.corrected_at.is_some() && may.version == 2);
    let list = store
        .publications("发布区", Some(2024))
        .await
        .expect("list");
    assert_eq!(list.len(), 3);
    assert_eq!(list[0].revision, 2, "newest first");
    // The bulk reads across regions see the published values too.
    let across = public
        .indicator_across(&["发布区".to_string()], "地区生产总值增速", (2024, 2024))
        .await
        .expect("across");
    assert_eq!(across[0].2.actual_text.as_deref(), Some("6.1"));
    let monthly = public
        .monthly_across(&["发布区".to_string()], "地区生产总值增速", (2024, 2024))
        .await
        .expect("monthly across");
    assert_eq!(monthly[0].value_text, "5.9");
    let audit = store.audit_entries(10).await.expect("audit");
    assert!(
        audit
            .iter()
            .any(|e| e.action == "publish_correction" && e.old_value.as_deref() == Some("5.8"))
    );
}

async fn saved_reviews(store: &dyn crate::Database) {
    use crate::reviews::{NewReview, ReviewQuery, ReviewSort};
    let deputy = Actor::new("deputy", "conformance");
    let mut ids = Vec::new();
    for (i, name) in ["甲区报告.docx", "乙区报告.txt", "100%_report.txt"]
        .iter()
        .enumerate()
    {
        let r = store
            .save_review(
                &NewReview {
                    file_name: (*name).into(),
                    sha256: format!("{i:064}"),
                    data: vec![0, 159, 146, 150, i as u8],
                    title: Some(format!("标题{i}")),
                    region: Some("审查区".into()),
                    year: Some(2024),
                    findings: "[]".into(),
                    problems: i as i64,
                },
                &deputy,
            )
            .await
            .expect("save review");
        assert_eq!((r.runs, r.version), (1, 1));
        ids.push(r.id);
    }
    let (name, data) = store
        .review_file(ids[0])
        .await
        .expect("file")
        .expect("present");
    assert_eq!(name, "甲区报告.docx");
    assert_eq!(data, vec![0, 159, 146, 150, 0], "bytes kept exactly");
    let page = |search: Option<&str>, sort, offset, limit| ReviewQuery {
        search: search.map(str::to_string),
        sort,
        offset,
        limit,
    };
    let (all, total) = store
        .reviews(&page(None, ReviewSort::Newest, 0, 2))
        .await
        .expect("list");
    assert_eq!((all.len(), total), (2, 3));
    let (most, _) = store
        .reviews(&page(None, ReviewSort::MostProblems, 0, 10))
        .await
        .expect("list");
    assert_eq!(most[0].problems, 2);
    let (found, total) = store
        .reviews(&page(Some("乙区"), ReviewSort::Newest, 0, 10))
        .await
        .expect("search");
    assert_eq!((found.len(), total), (1, 1));
    let (found, _) = store
        .reviews(&page(Some("100%"), ReviewSort::Newest, 0, 10))
        .await
        .expect("search a wildcard literally");
    assert_eq!(found.len(), 1);
    let marked = store
        .mark_finding(ids[1], "sum:12", Some("已向发展改革委反映"), &deputy)
        .await
        .expect("mark");
    assert_eq!(marked.marks.len(), 1);
    assert_eq!(marked.marks[0].note, "已向发展改革委反映");
    let rerun = store
        .rerun_review(
            ids[1],
            r#"[{"x":1}]"#,
            0,
            (Some("新标题".into()), None, Some(2025)),
            Some(1),
            &deputy,
        )
        .await
        .expect("rerun");
    assert_eq!((rerun.runs, rerun.version, rerun.problems), (2, 2, 0));
    assert_eq!(rerun.marks.len(), 1, "marks survive a rerun");
    assert!(matches!(
        store
            .rerun_review(ids[1], "[]", 0, (None, None, None), Some(1), &deputy)
            .await,
        Err(StoreError::Conflict { .. })
    ));
    let cleared = store
        .mark_finding(ids[1], "sum:12", None, &deputy)
        .await
        .expect("clear");
    assert!(cleared.marks.is_empty());
    assert!(store.review(999_999).await.expect("get").is_none());
}

async fn audit_pages(store: &dyn crate::Database) {
    let all = store.audit_entries(10_000).await.expect("audit");
    let (page, total) = store
        .audit_page(&crate::AuditQuery {
            limit: 5,
            ..Default::default()
        })
        .await
        .expect("page");
    assert_eq!(total, all.len() as i64);
    assert_eq!(page.len(), 5);
    assert_eq!(page[0].id, all[0].id, "newest first");
    let (oldest, _) = store
        .audit_page(&crate::AuditQuery {
            limit: 1,
            oldest_first: true,
            ..Default::default()
        })
        .await
        .expect("page");
    assert_eq!(oldest[0].id, all[all.len() - 1].id);
    let (found, n) = store
        .audit_page(&crate::AuditQuery {
            search: Some("PUBLISH_correction".into()),
            limit: 50,
            ..Default::default()
        })
        .await
        .expect("search");
    assert_eq!(n, 1);
    assert_eq!(found[0].action, "publish_correction");
    let (by, n) = store
        .audit_page(&crate::AuditQuery {
            actor: Some("deputy".into()),
            offset: 1,
            limit: 50,
            ..Default::default()
        })
        .await
        .expect("by actor");
    assert!(n >= 5 && by.len() as i64 == n - 1);
    assert!(by.iter().all(|e| e.actor == "deputy"));
    let one = store
        .audit_entry(all[2].id)
        .await
        .expect("entry")
        .expect("present");
    assert_eq!(one, all[2]);
    assert!(store.audit_entry(-1).await.expect("entry").is_none());
}

/// An audit entry's action, key, old and new values and reason.
type AuditRow<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

/// A redefined plan saved with the figures that change: the plan keeps the stored values,
/// each written value is one audit entry (old → new, its reason), versions count on, and a
/// failure — a stale version, an unknown indicator — leaves the old plan whole.
async fn plan_redefinitions(store: &dyn crate::Database) {
    use crate::accounts::FigureWrite;
    use planwatch_domain::plausibility::Slot;
    let drc = Actor::new("importer", "conformance");
    let region = "重定义区";
    let old = plan(
        region,
        2025,
        &[
            ("地区生产总值增速", "%", "6以上", Some("5.8")),
            ("城镇新增就业人数", "万人", "3.5", None),
        ],
    );
    store.save_plan(&old, &drc).await.expect("old plan");
    let versions = |records: &[crate::IndicatorRecord]| -> Vec<(String, i64)> {
        records
            .iter()
            .map(|r| (r.name.clone(), r.version))
            .collect()
    };
    let before = store.indicator_records(region, 2025).await.expect("rows");
    // The new system: one indicator renamed by its unit, one added; the stored values kept
    // where the import changes them, a new indicator without a target.
    let mut new = plan(
        region,
        2025,
        &[
            ("地区生产总值增速", "%", "6以上", Some("5.8")),
            ("城镇新增就业人数", "人", "3.5", None),
            ("研发经费投入强度", "%", "", None),
        ],
    );
    new.indicators[0].def.department = Some("区发展改革委".into());
    let write = |indicator: &str, slot: Slot, text: &str, version: Option<i64>| FigureWrite {
        region: region.into(),
        year: 2025,
        indicator: indicator.into(),
        slot,
        text: text.into(),
        expected_version: version,
        reason: None,
    };
    let gdp_version = before[0].version;
    let stale = [
        write(
            "地区生产总值增速",
            Slot::Target,
            "6.5以上",
            Some(gdp_version + 7),
        ),
        write("研发经费投入强度", Slot::Target, "3.2", None),
    ];
    assert!(
        matches!(
            store.save_plan_with_figures(&new, &stale, &drc).await,
            Err(StoreError::Conflict { .. })
        ),
        "a value changed since the dry run conflicts"
    );
    let unknown = [write("无此指标", Slot::Actual, "1", None)];
    assert!(matches!(
        store.save_plan_with_figures(&new, &unknown, &drc).await,
        Err(StoreError::NotFound(_))
    ));
    let elsewhere = [FigureWrite {
        year: 2024,
        ..write("地区生产总值增速", Slot::Actual, "6.1", None)
    }];
    assert!(matches!(
        store.save_plan_with_figures(&new, &elsewhere, &drc).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        store.indicator_records(region, 2025).await.expect("rows"),
        before,
        "a failed save leaves the old plan whole"
    );
    let audit_before = store.audit_entries(1).await.expect("audit")[0].id;
    let mut held = write("地区生产总值增速", Slot::Actual, "9.9", Some(gdp_version));
    held.reason = Some("统计口径调整".into());
    let writes = [
        write(
            "地区生产总值增速",
            Slot::Target,
            "6.5以上",
            Some(gdp_version),
        ),
        held,
        write("研发经费投入强度", Slot::Target, "3.2", None),
        write("城镇新增就业人数", Slot::Month(3), "8000", None),
    ];
    let out = store
        .save_plan_with_figures(&new, &writes, &drc)
        .await
        .expect("redefined with figures");
    assert_eq!(out.len(), 4);
    assert_eq!(out[0].old_text.as_deref(), Some("6以上"));
    assert_eq!(out[2].old_text, None, "a new indicator had no target");
    let stored = store
        .load_plan(region, 2025)
        .await
        .expect("plan")
        .expect("some");
    let gdp = stored.indicator("地区生产总值增速").expect("gdp");
    assert_eq!(gdp.target.text, "6.5以上");
    assert_eq!(gdp.actual.as_ref().map(|a| a.text.as_str()), Some("9.9"));
    assert_eq!(gdp.def.department.as_deref(), Some("区发展改革委"));
    assert_eq!(
        stored
            .indicator("城镇新增就业人数")
            .map(|i| i.def.unit.as_str()),
        Some("人")
    );
    assert_eq!(
        stored
            .indicator("研发经费投入强度")
            .map(|i| i.target.text.as_str()),
        Some("3.2")
    );
    let monthly = store.monthly_figures(region, 2025).await.expect("monthly");
    assert_eq!(monthly.len(), 1);
    assert_eq!(monthly[0].value_text, "8000");
    // The plan's entry, then one entry per value, in order, each old → new.
    let (entries, _) = store
        .audit_page(&crate::AuditQuery {
            oldest_first: true,
            limit: 5000,
            ..Default::default()
        })
        .await
        .expect("audit");
    let new_entries: Vec<_> = entries.iter().filter(|e| e.id > audit_before).collect();
    let got: Vec<AuditRow<'_>> = new_entries
        .iter()
        .map(|e| {
            (
                e.action.as_str(),
                e.entity_key.as_str(),
                e.old_value.as_deref(),
                e.new_value.as_deref(),
                e.reason.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "save_plan",
                "重定义区/2025",
                None,
                Some("3 indicators (replacing 2)"),
                None
            ),
            (
                "set_target",
                "重定义区/2025/地区生产总值增速",
                Some("6以上"),
                Some("6.5以上"),
                None
            ),
            (
                "set_actual",
                "重定义区/2025/地区生产总值增速",
                Some("5.8"),
                Some("9.9"),
                Some("统计口径调整")
            ),
            (
                "set_target",
                "重定义区/2025/研发经费投入强度",
                None,
                Some("3.2"),
                None
            ),
            (
                "set_monthly",
                "重定义区/2025/城镇新增就业人数/m3",
                None,
                Some("8000"),
                None
            ),
        ]
    );
    // Versions count on from the old rows, so an edit made against the old plan conflicts.
    let after = versions(&store.indicator_records(region, 2025).await.expect("rows"));
    let old_versions = versions(&before);
    assert_eq!(
        after[0].1,
        old_versions[0].1 + 3,
        "replaced, target, actual"
    );
    assert_eq!(after[1].1, old_versions[1].1 + 1);
    assert!(matches!(
        store
            .set_expr_text(
                region,
                2025,
                "城镇新增就业人数",
                ExprField::Target,
                "4",
                Some(old_versions[1].1),
                &drc,
            )
            .await,
        Err(StoreError::Conflict { .. })
    ));
}
