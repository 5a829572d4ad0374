//! Comparisons on a small hand-checked dataset stored in SQLite (and PostgreSQL when
//! `PLANWATCH_TEST_POSTGRES` is set).

use planwatch_domain::{IndicatorDef, Plan, PlanIndicator, Rules};
use planwatch_service::compare::{PlanStore, Scope, compare, compare_by_whole_years};
use planwatch_store::{Actor, RegionNode};
use rust_decimal::Decimal;

const GDP: &str = "地区生产总值增速";
const RETAIL: &str = "社会消费品零售总额";

fn plan(region: &str, year: i32, gdp: &str, retail: &str) -> Plan {
    let ind = |seq, name: &str, unit: &str, target: &str, actual: &str| PlanIndicator {
        seq,
        def: IndicatorDef::new(name, unit),
        target: planwatch_text::parse_expr(target),
        actual: Some(planwatch_text::parse_expr(actual)),
    };
    Plan {
        region: region.into(),
        year,
        indicators: vec![
            ind(1, GDP, "%", "6以上", gdp),
            ind(2, RETAIL, "亿元", "500", retail),
        ],
    }
}

fn node(name: &str, parent: Option<&str>, groups: &[&str]) -> RegionNode {
    RegionNode {
        name: name.into(),
        parent: parent.map(Into::into),
        level: Some(if parent.is_some() { "区县" } else { "市" }.into()),
        groups: groups.iter().map(|g| g.to_string()).collect(),
    }
}

/// 重庆市 with four districts; three form 中心城区. 江北区 leads growth 2021–2023 (tied in 2023).
async fn fill(store: &dyn PlanStore) {
    let actor = Actor::new("tester", "compare");
    let c = Some("重庆市");
    store
        .save_region_tree(
            &[
                node("重庆市", None, &[]),
                node("江北区", c, &["中心城区"]),
                node("渝中区", c, &["中心城区"]),
                node("南岸区", c, &["中心城区"]),
                node("万州区", c, &[]),
            ],
            &actor,
        )
        .await
        .expect("tree");
    let plans = vec![
        plan("江北区", 2021, "7.0", "700"),
        plan("渝中区", 2021, "6.0", "650"),
        plan("南岸区", 2021, "5.0", "380"),
        plan("江北区", 2022, "6.9", "750"),
        plan("渝中区", 2022, "6.2", "620"),
        plan("南岸区", 2022, "6.5", "390"),
        plan("江北区", 2023, "6.7", "800"),
        plan("渝中区", 2023, "6.1", "600"),
        plan("南岸区", 2023, "6.7", "400"),
        plan("万州区", 2023, "5.0", "200"),
    ];
    store.save_plans(&plans, &actor).await.expect("plans");
}

async fn check(store: &dyn PlanStore) {
    fill(store).await;
    let rules = Rules::default();
    let d = |s: &str| s.parse::<Decimal>().expect("decimal");

    let g = compare(store, &Scope::Group("中心城区".into()), 2023, GDP, &rules)
        .await
        .expect("group comparison");
    let got: Vec<(&str, usize, usize)> = g
        .rows
        .iter()
        .map(|r| (r.region.as_str(), r.rank, r.streak_years))
        .collect();
    // Ties share first place; 南岸区 was 2nd in 2022, so its streak at rank 1 is one year.
    assert_eq!(got, [("南岸区", 1, 1), ("江北区", 1, 3), ("渝中区", 3, 3)]);
    assert_eq!(g.average, Some(d("6.5")));
    let jb = &g.rows[1];
    assert_eq!(jb.rank_phrase, "连续三年居中心城区第一位");
    assert_eq!(
        jb.gap_phrase.as_deref(),
        Some("高于中心城区平均水平0.2个百分点")
    );
    assert_eq!(
        g.rows[2].gap_phrase.as_deref(),
        Some("低于中心城区平均水平0.4个百分点")
    );
    assert_eq!(g.rollup, None);
    assert!(
        g.rollup_refusal
            .as_deref()
            .is_some_and(|r| r.contains("比率类")),
        "{:?}",
        g.rollup_refusal
    );
    assert!(jb.share_phrase.is_none(), "no share of a growth rate");

    let p = compare(store, &Scope::Parent("重庆市".into()), 2023, RETAIL, &rules)
        .await
        .expect("parent comparison");
    let order: Vec<&str> = p.rows.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(order, ["江北区", "渝中区", "南岸区", "万州区"]);
    assert_eq!(p.rollup, Some(d("2000")));
    assert_eq!(p.average, Some(d("500")));
    assert_eq!(
        p.rows[0].gap_phrase.as_deref(),
        Some("高于重庆市平均水平60%")
    );
    assert_eq!(p.rows[0].share_phrase.as_deref(), Some("占重庆市2/5"));
    assert_eq!(
        p.rows[3].gap_phrase.as_deref(),
        Some("低于重庆市平均水平60%")
    );
    assert_eq!(p.rows[0].rank_phrase, "连续三年居重庆市第一位");
    // 万州区 has no earlier plans, so its streak is this year alone.
    assert_eq!(p.rows[3].streak_years, 1);
    assert_eq!(p.rows[3].rank_phrase, "居重庆市第四位");
    assert!(p.missing.is_empty());

    // Reading whole years gives the same answer as reading member by member.
    for scope in [
        Scope::Group("中心城区".into()),
        Scope::Parent("重庆市".into()),
    ] {
        for ind in [GDP, RETAIL] {
            let a = compare(store, &scope, 2023, ind, &rules)
                .await
                .expect("by member");
            let b = compare_by_whole_years(store, &scope, 2023, ind, &rules)
                .await
                .expect("by year");
            assert_eq!(a, b, "{scope:?} {ind}");
        }
    }

    let none = compare(store, &Scope::Group("无此组".into()), 2023, GDP, &rules).await;
    assert!(none.is_err());
}

#[tokio::test]
async fn comparisons_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = planwatch_store_sqlite::SqliteStore::open(dir.path().join("t.db"), true)
        .await
        .expect("open");
    check(&store).await;
}

#[tokio::test]
async fn comparisons_on_postgres() {
    let Ok(url) = std::env::var("PLANWATCH_TEST_POSTGRES") else {
        eprintln!("PLANWATCH_TEST_POSTGRES not set: skipping");
        return;
    };
    use sqlx::postgres::PgConnectOptions;
    use std::str::FromStr;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let schema = format!("pw_test_compare_{}_{nanos}", std::process::id());
    let admin = PgConnectOptions::from_str(&url).expect("URL");
    let pool = sqlx::PgPool::connect_with(admin.clone())
        .await
        .expect("connect");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&pool)
        .await
        .expect("schema");
    pool.close().await;
    let store = planwatch_store_postgres::PostgresStore::connect_with(
        admin.options([("search_path", schema.as_str())]),
        4,
    )
    .await
    .expect("open");
    check(&store).await;
}
