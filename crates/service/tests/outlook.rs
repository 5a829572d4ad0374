//! Year-end projections and target realism on data stored through the store API: five years
//! of monthly figures with a known seasonal shape for one district, and its peers and parent,
//! in SQLite (and PostgreSQL when `PLANWATCH_TEST_POSTGRES` is set).

use planwatch_domain::outlook::{Method, ProjectedStatus};
use planwatch_domain::realism::RealismRules;
use planwatch_domain::{IndicatorDef, Plan, PlanIndicator, Rules};
use planwatch_service::bulk::RowFormat;
use planwatch_service::compare::PlanStore;
use planwatch_store::regions::MonthlyRow;
use planwatch_store::{Actor, RegionNode};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

const RETAIL: &str = "社会消费品零售总额";
const GDP: &str = "地区生产总值增速";
const RETAIL_GROWTH: &str = "社会消费品零售总额增速";
const INVESTMENT: &str = "固定资产投资增速";
const BUDGET: &str = "一般公共预算收入增速";

/// Monthly increments of the year as shares of it: slow Spring Festival months, a half-year
/// push, a strong December.
const SHAPE: [u32; 12] = [5, 6, 8, 8, 8, 10, 8, 8, 9, 9, 9, 12];

/// Deterministic noise in −4..=4 (percent), from a position.
fn noise(year: i32, month: u8) -> i64 {
    let mut h = (year as u64) * 1_000_003 + u64::from(month) * 7919;
    h ^= h >> 13;
    h = h.wrapping_mul(0x5bd1_e995);
    h ^= h >> 15;
    (h % 9) as i64 - 4
}

/// 甲区's retail sales: the year's 1-m月 cumulative figures (one decimal), totals growing 6% a
/// year from 1000 in 2019, each month's increment off the shape by a few percent.
fn retail_year(year: i32) -> [Decimal; 12] {
    let total = (2019..year).fold(Decimal::from(1000), |t, _| t * Decimal::new(106, 2));
    let mut cum = Decimal::ZERO;
    let mut out = [Decimal::ZERO; 12];
    for (m, share) in SHAPE.iter().enumerate() {
        let month = u8::try_from(m + 1).expect("month");
        let step = total * Decimal::from(*share) / Decimal::from(100)
            * Decimal::from(100 + noise(year, month))
            / Decimal::from(100);
        cum += step.round_dp(1);
        out[m] = cum;
    }
    out
}

/// 甲区's GDP growth by month: the year's rate, approached from `drift` above or below.
fn gdp_year(end: Decimal, drift: Decimal) -> [Decimal; 12] {
    let mut out = [Decimal::ZERO; 12];
    for (m, slot) in out.iter_mut().enumerate() {
        let left = Decimal::from(11 - m as i64) / Decimal::from(11);
        *slot = (end + drift * left).round_dp(1);
    }
    out
}

const GDP_ACTUALS: [(i32, &str, &str); 5] = [
    (2019, "6.0", "-0.4"),
    (2020, "6.3", "-0.3"),
    (2021, "6.1", "-0.5"),
    (2022, "6.4", "-0.4"),
    (2023, "6.8", "-0.4"),
];

fn ind(seq: u32, name: &str, unit: &str, target: &str, actual: Option<String>) -> PlanIndicator {
    PlanIndicator {
        seq,
        def: IndicatorDef::new(name, unit),
        target: planwatch_text::parse_expr(target),
        actual: actual.as_deref().map(planwatch_text::parse_expr),
    }
}

/// A region-year's five indicators: (target, actual) texts in the order RETAIL, GDP,
/// RETAIL_GROWTH, INVESTMENT, BUDGET.
fn plan(region: &str, year: i32, rows: [(&str, Option<String>); 5]) -> Plan {
    let names = [
        (RETAIL, "亿元"),
        (GDP, "%"),
        (RETAIL_GROWTH, "%"),
        (INVESTMENT, "%"),
        (BUDGET, "%"),
    ];
    Plan {
        region: region.into(),
        year,
        indicators: names
            .iter()
            .zip(rows)
            .zip(1..)
            .map(|(((n, u), (t, a)), seq)| ind(seq, n, u, t, a))
            .collect(),
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

const PEERS: [&str; 5] = ["乙区", "丙区", "丁区", "戊区", "己区"];

async fn fill(store: &dyn PlanStore) {
    let actor = Actor::new("tester", "outlook");
    let city = Some("江北市");
    let central = &["中心城区"][..];
    let mut tree = vec![node("江北市", None, &[]), node("甲区", city, central)];
    for (i, p) in PEERS.iter().enumerate() {
        // 己区 is under 江北市 but not in 中心城区.
        tree.push(node(p, city, if i < 4 { central } else { &[] }));
    }
    store.save_region_tree(&tree, &actor).await.expect("tree");

    let some = |s: &str| Some(s.to_string());
    let retail_growth = ["6.5", "7.5", "7.0", "6.8", "7.2"];
    let investment = ["3.5", "5.0", "4.5", "3.8", "4.0"];
    let budget = ["4.0", "6.0", "5.0", "4.5", "4.8"];
    let mut plans = Vec::new();
    let mut monthly = Vec::new();
    for (k, (year, gdp, drift)) in GDP_ACTUALS.iter().enumerate() {
        let retail = retail_year(*year);
        plans.push(plan(
            "甲区",
            *year,
            [
                ("1000", Some(retail[11].to_string())),
                ("6以上", some(gdp)),
                ("7以上", some(retail_growth[k])),
                ("5左右", some(investment[k])),
                ("5左右", some(budget[k])),
            ],
        ));
        let rates = gdp_year(gdp.parse().expect("gdp"), drift.parse().expect("drift"));
        for m in 0..12u8 {
            let row = |indicator: &str, v: Decimal| MonthlyRow {
                region: "甲区".into(),
                year: *year,
                indicator: indicator.into(),
                month: m + 1,
                value_text: v.to_string(),
            };
            monthly.push(row(RETAIL, retail[usize::from(m)]));
            monthly.push(row(GDP, rates[usize::from(m)]));
        }
    }
    // 2024: the plan, and the first half-year's figures only.
    let last_retail = retail_year(2023)[11];
    let retail_target = (last_retail * Decimal::new(106, 2)).round_dp(0).to_string();
    plans.push(plan(
        "甲区",
        2024,
        [
            (retail_target.as_str(), None),
            ("6.5以上", None),
            ("9以上", None),
            ("4以上", None),
            ("5左右", None),
        ],
    ));
    let retail_2024 = retail_year(2024);
    let gdp_2024 = gdp_year(Decimal::new(65, 1), Decimal::new(-4, 1));
    for m in 0..6u8 {
        for (indicator, v) in [
            (RETAIL, retail_2024[usize::from(m)]),
            (GDP, gdp_2024[usize::from(m)]),
        ] {
            monthly.push(MonthlyRow {
                region: "甲区".into(),
                year: 2024,
                indicator: indicator.into(),
                month: m + 1,
                value_text: v.to_string(),
            });
        }
    }
    // Peers: 2023 actuals and 2024 targets near 甲区's, except a higher investment target.
    for (i, p) in PEERS.iter().enumerate() {
        let base = Decimal::from(800 + 100 * i as i64);
        plans.push(plan(
            p,
            2023,
            [
                ("1", Some(base.to_string())),
                ("6以上", some("6.5")),
                ("7以上", some("7.0")),
                ("5左右", some("5.0")),
                ("5左右", some("5.0")),
            ],
        ));
        let investment = ["5.5", "6", "6", "6.5", "6"][i];
        let retail_target = (base * Decimal::new(1055 + 5 * i as i64, 3))
            .round_dp(0)
            .to_string();
        plans.push(plan(
            p,
            2024,
            [
                (retail_target.as_str(), None),
                (["6.5以上", "6以上", "7以上", "6.5以上", "6.5以上"][i], None),
                (["8.5以上", "9以上", "9.5以上", "9以上", "9以上"][i], None),
                (&format!("{investment}以上"), None),
                (["5左右", "4.5左右", "5.5左右", "5左右", "5左右"][i], None),
            ],
        ));
    }
    plans.push(plan(
        "江北市",
        2023,
        [
            ("1", some("6000")),
            ("6以上", some("6.5")),
            ("7以上", some("7.0")),
            ("5左右", some("5.0")),
            ("5左右", some("5.0")),
        ],
    ));
    plans.push(plan(
        "江北市",
        2024,
        [
            ("6360", None),
            ("6.5以上", None),
            ("8.5以上", None),
            ("4以上", None),
            ("5左右", None),
        ],
    ));
    store.save_plans(&plans, &actor).await.expect("plans");
    store
        .save_monthly_figures(&monthly, &actor)
        .await
        .expect("monthly");
}

async fn check(store: &dyn planwatch_service::Backend) {
    fill(store).await;
    let rules = Rules::default();
    let d = |s: &str| s.parse::<Decimal>().expect("decimal");

    // The June projection of the seasonal series lands near the held-out total, in its range.
    let o = planwatch_service::outlook::outlook(store, "甲区", 2024, Some(6), &rules)
        .await
        .expect("outlook");
    assert_eq!(o.month, Some(6));
    let retail = o.indicator(RETAIL).expect("retail");
    let p = retail.projection.as_ref().expect("projected");
    let truth = retail_year(2024)[11];
    assert_eq!(p.method, Method::SeasonalShare);
    assert_eq!(p.basis_years, vec![2023, 2022, 2021]);
    let error = ((p.value - truth) / truth).abs();
    assert!(
        error < d("0.03"),
        "{} vs {truth}: {}",
        p.value,
        retail.explanation
    );
    assert!(p.low <= truth && truth <= p.high, "{p:?} vs {truth}");
    assert!(
        retail
            .explanation
            .starts_with("按近三年进度规律推算，全年预计达到"),
        "{}",
        retail.explanation
    );
    // GDP growth: 6.1 at June plus the past years' +0.4 to December.
    let gdp = o
        .indicator(GDP)
        .expect("gdp")
        .projection
        .as_ref()
        .expect("gdp projected");
    assert_eq!(gdp.method, Method::RateShift);
    assert_eq!(gdp.value, d("6.5"));
    assert!(gdp.low <= d("6.5") && d("6.5") <= gdp.high);
    // Rates without monthly figures say why there is nothing to project.
    let budget = o.indicator(BUDGET).expect("budget");
    assert!(budget.projection.is_none());
    assert_eq!(budget.reason_code.map(|r| r.as_str()), Some("no_figure"));
    // The series the chart draws: five past years and this one.
    assert_eq!(retail.series.len(), 4, "three basis years and 2024");

    // The cockpit's one call: the in-year reading beside the projections, at the same month.
    let y = planwatch_service::outlook::year_outlook(store, "甲区", 2024, None, &rules, 10)
        .await
        .expect("year outlook");
    assert_eq!((y.in_year.month, y.outlook.month), (Some(6), Some(6)));
    assert!(y.in_year.row(RETAIL).is_some_and(|r| r.in_year));

    // The backtest's error falls as the month advances.
    let b = planwatch_service::outlook::backtest(store, "甲区", 2024)
        .await
        .expect("backtest");
    let retail_bt = b
        .indicators
        .iter()
        .find(|i| i.name == RETAIL)
        .expect("retail backtest");
    assert_eq!(retail_bt.years, vec![2020, 2021, 2022, 2023]);
    let mae = |m: u8| {
        retail_bt
            .by_month
            .iter()
            .find(|e| e.month == m)
            .map(|e| e.mae.to_f64().unwrap_or(f64::MAX))
            .expect("month")
    };
    assert!(
        mae(2) > mae(6) && mae(6) > mae(10),
        "{:?}",
        retail_bt.by_month
    );

    // Target realism: one target below last year's actual, one above every actual of five
    // years, one far below the peer median — and nothing on the ordinary ones.
    let c =
        planwatch_service::targets::check(store, "甲区", 2024, &rules, &RealismRules::default())
            .await
            .expect("targets check");
    let codes = |name: &str| -> Vec<String> {
        c.check(name)
            .expect("checked")
            .findings
            .iter()
            .map(|f| f.code.clone())
            .collect()
    };
    assert_eq!(codes(GDP), vec!["below_last_actual"]);
    assert_eq!(codes(RETAIL_GROWTH), vec!["above_history_max"]);
    assert_eq!(
        codes(INVESTMENT),
        vec!["below_group_median", "below_siblings_median"]
    );
    assert!(codes(BUDGET).is_empty(), "{:?}", codes(BUDGET));
    assert!(codes(RETAIL).is_empty(), "{:?}", codes(RETAIL));
    let inv = c.check(INVESTMENT).expect("investment");
    assert_eq!(
        inv.findings[0].title,
        "目标比同组（中心城区）中位数低2个百分点"
    );
    assert_eq!(inv.peers[0].n, 4);
    let gdp = c.check(GDP).expect("gdp");
    assert_eq!(
        gdp.findings[0].zh,
        "目标低于上年实际：目标6.5%，2023年实际6.8%"
    );
    assert_eq!(gdp.history.as_ref().map(|h| h.values.len()), Some(5));
    assert_eq!(gdp.parent_target, Some(("江北市".into(), d("6.5"))));

    // Every region at once.
    let (csv, rows) =
        planwatch_service::outlook::outlook_all(store, 2024, 6, &rules, RowFormat::Csv)
            .await
            .expect("outlook all");
    assert_eq!(rows, 7 * 5, "seven regions × five indicators");
    let line = csv
        .lines()
        .find(|l| l.starts_with("甲区,2024,1,"))
        .expect("甲区 retail row");
    assert!(line.contains(",seasonal_share,"), "{line}");
    assert!(
        line.contains(&format!(",{},", p.value)),
        "bulk and single agree: {line} vs {}",
        p.value
    );
    let (_, rows, findings) = planwatch_service::targets::check_all(
        store,
        2024,
        &rules,
        &RealismRules::default(),
        RowFormat::Json,
    )
    .await
    .expect("check all");
    assert_eq!(rows, 7 * 5);
    assert!(findings >= 4, "{findings}");
    let _ = ProjectedStatus::LikelyMet;
}

#[tokio::test]
async fn outlook_and_targets_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = planwatch_store_sql::SqliteStore::open(dir.path().join("t.db"), true)
        .await
        .expect("open");
    check(&store).await;
}

#[tokio::test]
async fn outlook_and_targets_on_postgres() {
    let Ok(url) = std::env::var("PLANWATCH_TEST_POSTGRES") else {
        eprintln!("PLANWATCH_TEST_POSTGRES not set: skipping");
        return;
    };
    let (store, _schema) =
        planwatch_store_sql::PostgresStore::connect_fresh_schema(&url, "pw_test_outlook")
            .await
            .expect("open");
    check(&store).await;
}
