//! Round trip: what `planwatch read` gets back from a generated txt or docx is the plan the
//! report was written from — indicators, markers, tiers, targets and actuals, text for text.

mod common;

use common::demo_input;
use planwatch_domain::{IndicatorDef, Plan, PlanIndicator, Rules, Tier};
use planwatch_reader::{ReadIndicator, Reading};
use planwatch_report::{Format, ReportInput, render};
use proptest::prelude::*;

fn read(input: &ReportInput, format: Format) -> Reading {
    let bytes = render(input, format).expect("render");
    match format {
        Format::Txt => planwatch_reader::read_text(std::str::from_utf8(&bytes).expect("utf-8")),
        Format::Docx => {
            planwatch_reader::read_bytes(&bytes, Some("report.docx")).expect("read docx")
        }
        other => panic!("{other:?} is not read back"),
    }
}

/// The rows read for one year, in table order.
fn rows_of(reading: &Reading, year: i32) -> Vec<&ReadIndicator> {
    reading
        .indicators
        .iter()
        .filter(|r| r.year == Some(year))
        .collect()
}

fn assert_same(plan: &Plan, rows: &[&ReadIndicator], with_actual: bool, what: &str) {
    let mut expected: Vec<&PlanIndicator> = plan.indicators.iter().collect();
    expected.sort_by_key(|i| i.seq);
    if expected.iter().any(|i| i.def.tier.is_some()) {
        expected.sort_by_key(|i| i.def.tier != Some(Tier::Core));
    }
    assert_eq!(
        rows.len(),
        expected.len(),
        "{what} {}: row count",
        plan.year
    );
    for (k, (e, r)) in expected.iter().zip(rows).enumerate() {
        let at = format!("{what} {} row {}", plan.year, k + 1);
        assert_eq!(r.seq, Some(k as u32 + 1), "{at}");
        assert_eq!(r.name, e.def.name, "{at}");
        assert_eq!(r.unit, e.def.unit, "{at}");
        assert_eq!(r.binding, e.def.binding, "{at}");
        assert_eq!(r.is_new, e.def.is_new, "{at}");
        let tiered = plan.indicators.iter().any(|i| i.def.tier.is_some());
        if tiered {
            assert_eq!(r.tier, Some(e.def.tier.unwrap_or(Tier::Other)), "{at}");
        }
        assert_eq!(r.target.text, e.target.text, "{at}");
        if with_actual {
            let got = r.actual.as_ref().map(|a| a.text.as_str()).unwrap_or("");
            let want = e.actual.as_ref().map(|a| a.text.as_str()).unwrap_or("");
            assert_eq!(got, want, "{at}");
        }
    }
}

fn check_round_trip(input: &ReportInput, format: Format) {
    let reading = read(input, format);
    let what = format!("{format:?}");
    if let Some(last) = &input.last {
        assert_same(last, &rows_of(&reading, last.year), true, &what);
    }
    if let Some(cur) = &input.current {
        assert_same(cur, &rows_of(&reading, cur.year), false, &what);
    }
}

#[test]
fn demo_report_reads_back_from_txt() {
    check_round_trip(&demo_input(), Format::Txt);
}

#[test]
fn demo_report_reads_back_from_docx() {
    check_round_trip(&demo_input(), Format::Docx);
}

const NAMES: &[(&str, &str)] = &[
    ("地区生产总值增速", "%"),
    ("人均地区生产总值", "万元"),
    ("固定资产投资增速", "%"),
    ("一般公共预算收入增速", "%"),
    ("社会消费品零售总额增速", "%"),
    ("全体居民人均可支配收入增速", "%"),
    ("规上工业增加值增速", "%"),
    ("全社会研发投入强度", "%"),
    ("进出口总额", "亿元"),
    ("城镇新增就业人数", "万人"),
    ("城镇调查失业率", "%"),
    ("每千人口拥有3岁以下婴幼儿托位数", "个"),
    ("养老机构护理型床位占比", "%"),
    ("单位地区生产总值能耗下降", "%"),
    ("空气质量优良天数", "天"),
    ("细颗粒物（PM2.5）平均浓度", "微克/立方米"),
    ("森林覆盖率", "%"),
    ("常住人口城镇化率", "%"),
];

const TARGETS: &[&str] = &[
    "6.5以上",
    "10",
    "≤0.021",
    "市级下达",
    "80以上",
    "310天以上",
    "7",
    "3.5",
    "5.5以内",
    "-2.3",
    "1650左右",
];

const ACTUALS: &[&str] = &[
    "6.7",
    "18.4",
    "-2.3",
    "市级暂未反馈",
    "完成市级下达目标",
    "6以上",
    "100",
    "0.0074",
    "289",
    "",
];

#[derive(Debug, Clone)]
struct Row {
    name: usize,
    binding: bool,
    is_new: bool,
    core: bool,
    target: usize,
    actual: usize,
}

fn row() -> impl Strategy<Value = Row> {
    (
        0..NAMES.len(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0..TARGETS.len(),
        0..ACTUALS.len(),
    )
        .prop_map(|(name, binding, is_new, core, target, actual)| Row {
            name,
            binding,
            is_new,
            core,
            target,
            actual,
        })
}

fn plan(year: i32, rows: &[Row], tiers: bool, actuals: bool) -> Plan {
    let mut seen = std::collections::HashSet::new();
    let mut indicators = Vec::new();
    for r in rows {
        if !seen.insert(r.name) {
            continue;
        }
        let (name, unit) = NAMES[r.name];
        let mut def = IndicatorDef::new(name, unit);
        def.binding = r.binding;
        def.is_new = r.is_new;
        def.tier = tiers.then_some(if r.core { Tier::Core } else { Tier::Other });
        let actual = ACTUALS[r.actual];
        indicators.push(PlanIndicator {
            seq: indicators.len() as u32 + 1,
            def,
            target: planwatch_text::parse_expr(TARGETS[r.target]),
            actual: (actuals && !actual.is_empty()).then(|| planwatch_text::parse_expr(actual)),
        });
    }
    Plan {
        region: "测试区".into(),
        year,
        indicators,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn random_plans_read_back(
        last in prop::collection::vec(row(), 1..14),
        cur in prop::collection::vec(row(), 1..14),
        tiers in any::<bool>(),
        year in 2015i32..2035,
    ) {
        let input = ReportInput::new(
            "测试区",
            year,
            Some(plan(year - 1, &last, false, true)),
            Some(plan(year, &cur, tiers, false)),
            &Rules::default(),
        );
        check_round_trip(&input, Format::Txt);
        check_round_trip(&input, Format::Docx);
    }
}
