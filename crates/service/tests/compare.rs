//! Comparisons on a small hand-checked dataset stored in SQLite (and PostgreSQL when
//! `PLANWATCH_TEST_POSTGRES` is set).

use planwatch_domain::{IndicatorDef, Plan, PlanIndicator, Rules};
use planwatch_service::compare::{
    PlanStore, Scope, StreakUnit, compare, compare_by_whole_years, compare_in_year,
};
use planwatch_store::regions::MonthlyRow;
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
        .map(|r| (r.region.as_str(), r.rank, r.streak))
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
    assert_eq!(p.rows[3].streak, 1);
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

    in_year(store).await;
}

/// GDP growth, 1-m月累计, at quarter ends of 2022 and 2023 and in August 2023:
///
/// | period  | 江北区 | 渝中区 | 南岸区 | first        |
/// |---------|--------|--------|--------|--------------|
/// | 2022 Q1 | 6.0    | 6.5    | 5.0    | 渝中区       |
/// | 2022 Q2 | 6.6    | 6.1    | 5.5    | 江北区       |
/// | 2022 Q3 | 6.8    | 6.2    | 6.0    | 江北区       |
/// | 2022 Q4 | 7.0    | 6.3    | 6.1    | 江北区       |
/// | 2023 Q1 | 6.9    | 6.0    | 6.5    | 江北区       |
/// | 2023 Q2 | 6.8    | 6.1    | 6.8    | 江北, 南岸 (tie) |
/// | 2023-08 | 6.0    | 6.3    | 6.5    | 南岸区       |
/// | 2023 Q3 | 6.8    | 6.2    | 6.5    | 江北区       |
async fn in_year(store: &dyn PlanStore) {
    let table: [(i32, u8, [&str; 3]); 8] = [
        (2022, 3, ["6.0", "6.5", "5.0"]),
        (2022, 6, ["6.6", "6.1", "5.5"]),
        (2022, 9, ["6.8", "6.2", "6.0"]),
        (2022, 12, ["7.0", "6.3", "6.1"]),
        (2023, 3, ["6.9", "6.0", "6.5"]),
        (2023, 6, ["6.8", "6.1", "6.8"]),
        (2023, 8, ["6.0", "6.3", "6.5"]),
        (2023, 9, ["6.8", "6.2", "6.5"]),
    ];
    let rows: Vec<MonthlyRow> = table
        .iter()
        .flat_map(|(year, month, values)| {
            ["江北区", "渝中区", "南岸区"]
                .iter()
                .zip(values)
                .map(|(region, v)| MonthlyRow {
                    region: region.to_string(),
                    year: *year,
                    indicator: GDP.into(),
                    month: *month,
                    value_text: v.to_string(),
                })
        })
        .collect();
    store
        .save_monthly_figures(&rows, &Actor::new("tester", "compare"))
        .await
        .expect("monthly figures");
    let rules = Rules::default();
    let group = Scope::Group("中心城区".into());

    let q = compare_in_year(store, &group, 2023, 9, GDP, StreakUnit::Quarter, &rules)
        .await
        .expect("quarterly");
    let got: Vec<(&str, usize, usize, &str)> = q
        .rows
        .iter()
        .map(|r| (r.region.as_str(), r.rank, r.streak, r.rank_phrase.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("江北区", 1, 6, "连续六个季度居中心城区第一位"),
            ("南岸区", 2, 3, "连续三个季度居中心城区第二位"),
            ("渝中区", 3, 7, "连续七个季度居中心城区第三位"),
        ]
    );
    assert_eq!(q.month, Some(9));
    assert_eq!(q.streak_unit, StreakUnit::Quarter);
    assert_eq!(q.average, Some("6.5".parse().expect("decimal")));
    assert_eq!(
        q.rows[0].gap_phrase.as_deref(),
        Some("高于中心城区平均水平0.3个百分点")
    );
    assert_eq!(q.rows[0].actual_text, "6.8");

    // By month, August (江北区 third) breaks 江北区's run.
    let m = compare_in_year(store, &group, 2023, 9, GDP, StreakUnit::Month, &rules)
        .await
        .expect("monthly");
    assert_eq!(m.rows[0].region, "江北区");
    assert_eq!(m.rows[0].streak, 1);
    assert_eq!(m.rows[0].rank_phrase, "居中心城区第一位");

    // The second quarter: a tie for first, and 万州区 is not in the group.
    let q2 = compare_in_year(store, &group, 2023, 6, GDP, StreakUnit::Quarter, &rules)
        .await
        .expect("second quarter");
    let firsts: Vec<(&str, usize)> = q2
        .rows
        .iter()
        .filter(|r| r.rank == 1)
        .map(|r| (r.region.as_str(), r.streak))
        .collect();
    assert_eq!(firsts, [("南岸区", 1), ("江北区", 5)]);

    // Among 重庆市's children, 万州区 has no cumulative figure and says so.
    let p = compare_in_year(
        store,
        &Scope::Parent("重庆市".into()),
        2023,
        9,
        GDP,
        StreakUnit::Quarter,
        &rules,
    )
    .await
    .expect("children");
    assert_eq!(p.rows.len(), 3);
    assert_eq!(
        p.missing,
        [("万州区".to_string(), "2023年1-9月没有累计数".to_string())]
    );

    // Quarterly streaks need a quarter end; months are 1..12.
    for (month, unit) in [(8, StreakUnit::Quarter), (13, StreakUnit::Month)] {
        let e = compare_in_year(store, &group, 2023, month, GDP, unit, &rules).await;
        assert!(e.is_err(), "{month} {unit:?}");
    }
}

#[tokio::test]
async fn comparisons_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = planwatch_store_sql::SqliteStore::open(dir.path().join("t.db"), true)
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
    let store = planwatch_store_sql::PostgresStore::connect_with(
        admin.options([("search_path", schema.as_str())]),
        4,
    )
    .await
    .expect("open");
    check(&store).await;
}
