//! The reader on every file of the shared corpus: what each one contains, asserted.
// Expected rows are written as tuples, which is what makes them readable as data.
#![allow(clippy::type_complexity)]

mod common;

use common::corpus_file;
use planwatch_domain::{Approx, Cmp, Form, Tier};
use planwatch_reader::*;
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn read(name: &str) -> Option<Reading> {
    let bytes = corpus_file(name)?;
    Some(read_bytes(&bytes, Some(name)).expect("corpus file reads"))
}

fn value(f: &Option<Fig>) -> Option<Decimal> {
    f.as_ref().map(|f| f.value)
}

/// (序号, name, unit, binding, new, tier, target text, actual text)
type Row = (
    u32,
    &'static str,
    &'static str,
    bool,
    bool,
    Option<Tier>,
    &'static str,
    Option<&'static str>,
);

const JIANGBEI_2023: [Row; 20] = [
    (
        1,
        "地区生产总值增速",
        "%",
        false,
        false,
        None,
        "6.5以上",
        Some("6.7"),
    ),
    (
        2,
        "人均地区生产总值",
        "万元",
        false,
        false,
        None,
        "17.5",
        Some("18.4"),
    ),
    (
        3,
        "固定资产投资增速",
        "%",
        false,
        false,
        None,
        "10",
        Some("-2.3"),
    ),
    (
        4,
        "一般公共预算收入增速",
        "%",
        false,
        false,
        None,
        "1.56",
        Some("19.6"),
    ),
    (
        5,
        "社会消费品零售总额增速",
        "%",
        false,
        false,
        None,
        "7",
        Some("8.7"),
    ),
    (
        6,
        "全体居民人均可支配收入增速",
        "%",
        false,
        false,
        None,
        "7",
        Some("4.3"),
    ),
    (
        7,
        "规上工业增加值增速",
        "%",
        false,
        false,
        None,
        "13",
        Some("11"),
    ),
    (
        8,
        "全社会研发投入强度",
        "%",
        false,
        false,
        None,
        "3.4",
        Some("3.5"),
    ),
    (
        9,
        "数字经济增加值占地区生产总值比重",
        "%",
        false,
        false,
        None,
        "42",
        Some("42"),
    ),
    (
        10,
        "民营经济增加值占地区生产总值比重",
        "%",
        false,
        false,
        None,
        "50",
        Some("52"),
    ),
    (
        11,
        "文化产业增加值占地区生产总值比重",
        "%",
        false,
        false,
        None,
        "6.5",
        Some("6以上"),
    ),
    (
        12,
        "实际使用外资FDI",
        "亿美元",
        false,
        false,
        None,
        "2",
        Some("市级暂未反馈"),
    ),
    (
        13,
        "进出口总额",
        "亿元",
        false,
        false,
        None,
        "1000",
        Some("841.6"),
    ),
    (
        14,
        "城镇新增就业人数",
        "万人",
        false,
        false,
        None,
        "3.5",
        Some("5.5以上"),
    ),
    (
        15,
        "每千人口拥有3岁以下婴幼儿托位数",
        "个",
        false,
        false,
        None,
        "2.6",
        Some("3.39"),
    ),
    (
        16,
        "养老机构护理型床位占比",
        "%",
        false,
        false,
        None,
        "80以上",
        Some("100"),
    ),
    (
        17,
        "亿元地区生产总值安全事故死亡率",
        "%",
        true,
        false,
        None,
        "≤0.021",
        Some("0.0074"),
    ),
    (
        18,
        "单位地区生产总值能耗下降",
        "%",
        true,
        false,
        None,
        "市级下达",
        Some("2.97"),
    ),
    (
        19,
        "单位地区生产总值二氧化碳排放下降",
        "%",
        true,
        false,
        None,
        "市级下达",
        Some("完成市级下达目标"),
    ),
    (
        20,
        "空气质量优良天数",
        "天",
        true,
        false,
        None,
        "310天以上",
        Some("289"),
    ),
];

const C: Option<Tier> = Some(Tier::Core);
const O: Option<Tier> = Some(Tier::Other);

const JIANGBEI_2024: [Row; 21] = [
    (1, "地区生产总值增速", "%", false, false, C, "6以上", None),
    (2, "固定资产投资增速", "%", false, false, C, "5以上", None),
    (3, "规上工业增加值增速", "%", false, false, C, "8.5", None),
    (4, "一般公共预算收入增速", "%", false, false, C, "1.8", None),
    (5, "区级税收收入增速", "%", false, true, C, "4", None),
    (
        6,
        "社会消费品零售总额增速",
        "%",
        false,
        false,
        C,
        "7.5以上",
        None,
    ),
    (
        7,
        "全体居民人均可支配收入增速",
        "%",
        false,
        false,
        C,
        "6",
        None,
    ),
    (8, "城镇新增就业人数", "万人", false, false, C, "3.5", None),
    (9, "人均地区生产总值", "万元", false, false, O, "19", None),
    (
        10,
        "全社会研发投入强度",
        "%",
        false,
        false,
        O,
        "3.5以上",
        None,
    ),
    (
        11,
        "数字经济核心产业增加值增速",
        "%",
        false,
        false,
        O,
        "15",
        None,
    ),
    (
        12,
        "民营经济增加值占地区生产总值比重",
        "%",
        false,
        false,
        O,
        "53",
        None,
    ),
    (
        13,
        "文化产业增加值占地区生产总值比重",
        "%",
        false,
        false,
        O,
        "6",
        None,
    ),
    (
        14,
        "实际使用外资FDI",
        "亿美元",
        false,
        false,
        O,
        "市级下达",
        None,
    ),
    (15, "进出口总额", "亿元", false, false, O, "市级下达", None),
    (
        16,
        "每千人口拥有3岁以下婴幼儿托位数",
        "个",
        false,
        false,
        O,
        "3.5",
        None,
    ),
    (
        17,
        "养老机构护理型床位占比",
        "%",
        false,
        false,
        O,
        "100",
        None,
    ),
    (
        18,
        "亿元地区生产总值安全事故死亡率",
        "%",
        true,
        false,
        O,
        "≤0.01",
        None,
    ),
    (
        19,
        "单位地区生产总值能耗下降",
        "%",
        true,
        false,
        O,
        "市级下达",
        None,
    ),
    (
        20,
        "单位地区生产总值二氧化碳排放下降",
        "%",
        true,
        false,
        O,
        "市级下达",
        None,
    ),
    (21, "空气质量优良天数", "天", true, false, O, "300", None),
];

fn assert_rows(got: &[&ReadIndicator], want: &[Row]) {
    assert_eq!(got.len(), want.len(), "row count");
    for (g, w) in got.iter().zip(want) {
        let (seq, name, unit, binding, new, tier, target, actual) = *w;
        assert_eq!(g.seq, Some(seq), "序号 of {name}");
        assert_eq!(g.name, name);
        assert_eq!(g.unit, unit, "unit of {name}");
        assert_eq!(g.binding, binding, "binding of {name}");
        assert_eq!(g.is_new, new, "new of {name}");
        assert_eq!(g.tier, tier, "tier of {name}");
        assert_eq!(g.target.text, target, "target of {name}");
        assert_eq!(
            g.actual.as_ref().map(|a| a.text.as_str()),
            actual,
            "actual of {name}"
        );
    }
}

#[test]
fn jiangbei_metadata() {
    let Some(r) = read("jiangbei-2023.txt") else {
        return;
    };
    assert_eq!(
        r.title.as_deref(),
        Some("关于重庆市江北区2023年国民经济和社会发展计划执行情况及2024年计划草案的报告")
    );
    assert_eq!(r.region.as_deref(), Some("江北区"));
    assert_eq!((r.execution_year, r.plan_year), (Some(2023), Some(2024)));
    assert_eq!(r.encoding, "UTF-8");
    // 321 lines and a last one holding a single space.
    assert_eq!(r.lines, 322);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn jiangbei_annex_rows_exactly() {
    let Some(r) = read("jiangbei-2023.txt") else {
        return;
    };
    assert_eq!(r.tables.len(), 2);
    let t1 = &r.tables[0];
    assert_eq!(
        t1.caption,
        "附件1 2023年国民经济和社会发展计划主要指标完成情况"
    );
    assert_eq!(t1.year, Some(2023));
    assert!(t1.has_actual);
    assert_eq!(t1.layout, TableLayout::TabCells);
    assert_eq!(
        t1.note.as_deref(),
        Some("注：加*为约束性指标；其他为预期性指标。")
    );
    let t2 = &r.tables[1];
    assert_eq!(
        t2.caption,
        "附件2 2024年国民经济和社会发展计划主要指标预期目标"
    );
    assert_eq!(t2.year, Some(2024));
    assert!(!t2.has_actual);
    let sections: Vec<(&str, Option<u32>, u32)> = t2
        .sections
        .iter()
        .map(|s| (s.text.as_str(), s.stated, s.rows))
        .collect();
    assert_eq!(
        sections,
        vec![("核心指标8项", Some(8), 8), ("其他指标13项", Some(13), 13)]
    );

    let rows_of = |t: usize| {
        r.indicators
            .iter()
            .filter(|i| i.table_index == t)
            .collect::<Vec<_>>()
    };
    assert_rows(&rows_of(0), &JIANGBEI_2023);
    assert_rows(&rows_of(1), &JIANGBEI_2024);
    assert!(
        rows_of(0)
            .iter()
            .all(|i| i.year == Some(2023) && i.table == t1.caption)
    );
    assert!(rows_of(1).iter().all(|i| i.year == Some(2024)));
    // The cell split over two lines is read at the line of its label.
    let co2 = &rows_of(0)[18];
    assert_eq!(co2.line, 209);
    // Lines of the first and last rows.
    assert_eq!(rows_of(0)[0].line, 119);
    assert_eq!(rows_of(1)[20].line, 317);
}

#[test]
fn jiangbei_plans() {
    let Some(r) = read("jiangbei-2023.txt") else {
        return;
    };
    let plans = r.plans();
    assert_eq!(
        plans
            .iter()
            .map(|p| (p.year, p.indicators.len()))
            .collect::<Vec<_>>(),
        vec![(2023, 20), (2024, 21)]
    );
    assert!(plans.iter().all(|p| p.region == "江北区"));
    let p = &plans[1];
    let tax = p.indicator("区级税收收入增速").unwrap();
    assert!(tax.def.is_new);
    assert_eq!(tax.def.tier, Some(Tier::Core));
    assert_eq!(p.indicator("空气质量优良天数").unwrap().def.unit, "天");
}

#[test]
fn jiangbei_summary_claims() {
    let Some(r) = read("jiangbei-2023.txt") else {
        return;
    };
    let g = |group| {
        r.summary_claims
            .iter()
            .find(|s| s.group == group && !s.plan)
            .unwrap()
    };
    assert_eq!(g(SummaryGroup::Total).count, Some(20));
    let on = g(SummaryGroup::OnTrack);
    assert_eq!(on.count, Some(14));
    assert!(!on.complete);
    let on_names: Vec<&str> = on.names.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(
        on_names,
        vec![
            "人均地区生产总值",
            "一般公共预算收入增速",
            "城镇新增就业人数"
        ]
    );
    let below = g(SummaryGroup::Below);
    assert_eq!(below.count, Some(5));
    assert!(below.complete);
    let matched: Vec<(&str, Option<&str>)> = below
        .names
        .iter()
        .map(|n| {
            (
                n.text.as_str(),
                n.matched.map(|i| r.indicators[i].name.as_str()),
            )
        })
        .collect();
    assert_eq!(
        matched,
        vec![
            ("固定资产投资增速", Some("固定资产投资增速")),
            ("进出口总额", Some("进出口总额")),
            ("实际使用外资(FDI)", Some("实际使用外资FDI")),
            ("居民人均可支配收入增速", Some("全体居民人均可支配收入增速")),
            ("空气质量优良天数", Some("空气质量优良天数")),
        ]
    );
    // The matched rows are the execution year's.
    assert!(
        below
            .names
            .iter()
            .all(|n| r.indicators[n.matched.unwrap()].year == Some(2023))
    );
    let plan: Vec<(SummaryGroup, Option<u32>)> = r
        .summary_claims
        .iter()
        .filter(|s| s.plan)
        .map(|s| (s.group, s.count))
        .collect();
    assert!(plan.contains(&(SummaryGroup::Total, Some(21))));
    assert!(plan.contains(&(SummaryGroup::Core, Some(8))));
    assert!(plan.contains(&(SummaryGroup::Other, Some(13))));
    let changes: Vec<&SystemChangeKind> = r.system_changes.iter().map(|c| &c.kind).collect();
    assert_eq!(
        changes,
        vec![
            &SystemChangeKind::Added {
                name: "区级税收收入增速".into()
            },
            &SystemChangeKind::Replaced {
                from: "数字经济增加值占地区生产总值比重".into(),
                to: "数字经济核心产业增加值增速".into()
            },
        ]
    );
}

#[test]
fn jiangbei_claims() {
    let Some(r) = read("jiangbei-2023.txt") else {
        return;
    };
    let claim = |subject: &str, value: &str| {
        r.claims
            .iter()
            .find(|c| c.subject == subject && c.value == d(value))
            .unwrap_or_else(|| panic!("claim {subject} {value}"))
    };
    let gdp = claim("核心指标地区生产总值（GDP）增速", "6.7");
    assert_eq!(gdp.unit, "%");
    assert_eq!(gdp.qualifier, Some(Qualifier::Reached));
    assert_eq!(
        gdp.comparisons,
        vec![
            "高于全市平均水平0.6个百分点",
            "连续三个季度居中心城区第一位"
        ]
    );
    assert_eq!(gdp.line, 17);
    assert_eq!(gdp.year, Some(2023));
    let level = claim("地区生产总值", "1744");
    assert_eq!(level.unit, "亿元");
    assert_eq!(
        level.comparisons,
        vec!["总量稳居全市第三位", "增速较上年回升3个百分点"]
    );
    let fin = claim("金融资产规模", "3.5");
    assert_eq!(
        (fin.unit.as_str(), fin.qualifier),
        ("万亿元", Some(Qualifier::Over))
    );
    assert_eq!(fin.comparisons, vec!["占全市近1/2"]);
    let income = claim("总量", "5.5");
    assert_eq!(
        (income.unit.as_str(), income.qualifier),
        ("万元", Some(Qualifier::Nearly))
    );
    let retail = claim("社会消费品零售总额", "8.7");
    assert!(retail.subject_inherited);
    assert_eq!(retail.change, Some(Change::Increase));
    let service = claim("提供帮办代办服务", "1.5");
    assert_eq!(
        (service.unit.as_str(), service.qualifier),
        ("万次", Some(Qualifier::MoreThan))
    );
    let crime = claim("涉案金额", "82.8");
    assert_eq!(crime.change, Some(Change::Decrease));
    assert_eq!(crime.signed_value(), d("-82.8"));
    let cars = claim("汽车产业产值", "13.6");
    assert_eq!(cars.change, Some(Change::Increase));
    claim("电子电器产业产值", "11.1");
    // Dates, names in quotes and counts of indicators are not claims.
    assert!(
        !r.claims
            .iter()
            .any(|c| c.value == d("885") || c.value == d("22411"))
    );
    assert!(
        !r.claims
            .iter()
            .any(|c| c.unit == "项" && c.value == d("14"))
    );
}

#[test]
fn jiangbei_inline_targets_and_measures() {
    let Some(r) = read("jiangbei-2023.txt") else {
        return;
    };
    let targets: Vec<(&str, &str)> = r
        .inline
        .iter()
        .filter(|t| t.role == Role::Target && t.line == 55)
        .map(|t| (t.subject.as_str(), t.expr.text.as_str()))
        .collect();
    assert_eq!(
        targets,
        vec![
            ("地区生产总值", "增长6%以上"),
            ("固定资产投资", "增长5%以上"),
            ("规上工业增加值", "增长8.5%"),
            ("一般公共预算收入", "增长1.8%"),
            ("区级税收收入", "增长4%"),
            ("社会消费品零售总额", "增长7.5%以上"),
            ("全体居民人均可支配收入", "增长6%"),
            ("城镇新增就业", "3.5万人"),
        ]
    );
    assert!(
        r.inline
            .iter()
            .filter(|t| t.line == 55)
            .all(|t| t.year == Some(2024))
    );
    let gdp = r.inline.iter().find(|t| t.line == 55).unwrap();
    assert!(
        matches!(&gdp.expr.form, Form::Bound { cmp: Cmp::Ge, value } if value.value == d("6") && value.unit == "%")
    );
    let unemployment = r
        .inline
        .iter()
        .find(|t| t.subject == "城镇调查失业率" && t.role == Role::Target)
        .unwrap();
    assert!(matches!(
        &unemployment.expr.form,
        Form::Bound { cmp: Cmp::Le, .. }
    ));

    let measure = |subject: &str| {
        r.measures
            .iter()
            .find(|m| m.subject == subject)
            .unwrap_or_else(|| panic!("measure {subject}"))
    };
    let m = measure("引进区域品牌首店");
    assert_eq!(
        (m.value, m.unit.as_str(), m.cmp),
        (d("100"), "家", MeasureCmp::AtLeast)
    );
    let m = measure("完成规上工业总产值");
    assert_eq!(
        (m.value, m.unit.as_str(), m.cmp),
        (d("1650"), "亿元", MeasureCmp::About)
    );
    let m = measure("新增学位");
    assert_eq!(
        (m.value, m.unit.as_str(), m.cmp),
        (d("8000"), "个", MeasureCmp::AtLeast)
    );
    let m = measure("城镇调查失业率");
    assert_eq!(
        (m.value, m.unit.as_str(), m.cmp),
        (d("5.5"), "%", MeasureCmp::AtMost)
    );
    let m = measure("全区商品销售总额");
    assert_eq!(
        (m.value, m.cmp, m.strive),
        (d("8000"), MeasureCmp::AtLeast, true)
    );
    assert!(r.measures.iter().all(|m| m.year == Some(2024)));
}

#[test]
fn jiangbei_projects_and_livelihood() {
    let Some(r) = read("jiangbei-2023.txt") else {
        return;
    };
    assert_eq!(r.projects.len(), 2);
    let e = &r.projects[0];
    assert!(!e.plan);
    assert_eq!(e.year, Some(2023));
    assert_eq!(
        (value(&e.count), value(&e.completed), value(&e.growth)),
        (Some(d("234")), Some(d("252")), Some(d("9")))
    );
    let new = e.phase(Phase::New).unwrap();
    assert_eq!(
        (
            value(&new.count),
            value(&new.started),
            value(&new.start_rate)
        ),
        (Some(d("50")), Some(d("50")), Some(d("100")))
    );
    let cont = e.phase(Phase::Continuing).unwrap();
    assert_eq!(
        (
            value(&cont.count),
            value(&cont.progress),
            value(&cont.completed_projects)
        ),
        (Some(d("86")), Some(d("124")), Some(d("24")))
    );
    assert_eq!(
        value(&e.phase(Phase::Preparatory).unwrap().count),
        Some(d("98"))
    );

    let p = &r.projects[1];
    assert!(p.plan);
    assert_eq!(p.year, Some(2024));
    assert_eq!(
        (
            value(&p.count),
            value(&p.total_investment),
            value(&p.annual_plan)
        ),
        (Some(d("237")), Some(d("2001.5")), Some(d("268.3")))
    );
    let cats: Vec<(&str, Option<Decimal>, Option<Decimal>, Option<Decimal>)> = p
        .categories
        .iter()
        .map(|c| {
            (
                c.category.as_str(),
                value(&c.count),
                value(&c.total_investment),
                value(&c.annual_plan),
            )
        })
        .collect();
    assert_eq!(
        cats,
        vec![
            (
                "社会投资",
                Some(d("80")),
                Some(d("1083.7")),
                Some(d("174.6"))
            ),
            (
                "政府投资",
                Some(d("157")),
                Some(d("917.8")),
                Some(d("93.7"))
            ),
        ]
    );
    let gov = &p.categories[1];
    let phases: Vec<(Phase, Option<Decimal>)> = gov
        .phases
        .iter()
        .map(|x| (x.phase, value(&x.count)))
        .collect();
    assert_eq!(
        phases,
        vec![
            (Phase::NewAndContinuing, Some(d("82"))),
            (Phase::Preparatory, Some(d("75")))
        ]
    );

    assert_eq!(r.livelihood.len(), 2);
    let done = &r.livelihood[0];
    assert_eq!(
        (done.year, value(&done.count), done.all_done, done.plan),
        (Some(2023), Some(d("10")), true, false)
    );
    let next = &r.livelihood[1];
    assert_eq!(
        (next.year, value(&next.count), next.candidates),
        (Some(2024), Some(d("15")), true)
    );
    let themes: Vec<(&str, Decimal)> = next
        .themes
        .iter()
        .map(|(n, f)| (n.as_str(), f.value))
        .collect();
    assert_eq!(
        themes,
        vec![
            ("宜居示范", d("7")),
            ("宜业示范", d("2")),
            ("宜游示范", d("2")),
            ("宜育示范", d("4"))
        ]
    );
}

#[test]
fn suzhou_pipe_cells_with_merged_categories() {
    let Some(r) = read("suzhou-2023.txt") else {
        return;
    };
    assert_eq!(r.region.as_deref(), Some("苏州市"));
    assert_eq!((r.execution_year, r.plan_year), (Some(2023), Some(2024)));
    assert_eq!(r.tables.len(), 1);
    let t = &r.tables[0];
    assert_eq!(
        t.caption,
        "表1 2023年苏州市经济社会发展主要预期目标完成情况"
    );
    assert_eq!(t.layout, TableLayout::PipeCells);
    assert_eq!(
        t.columns,
        vec![
            "指标分类",
            "序号",
            "指标名称",
            "2023年预期目标",
            "2023年完成情况"
        ]
    );
    let want: [(u32, &str, &str, Option<&str>, &str); 12] = [
        (
            1,
            "地区生产总值",
            "增长5%左右",
            Some("增长4.6%"),
            "经济发展实力",
        ),
        (
            2,
            "制造业增加值占地区生产总值比重",
            "保持基本稳定",
            Some("基本稳定"),
            "经济发展实力",
        ),
        (
            3,
            "固定资产投资",
            "增长5%左右",
            Some("增长5%"),
            "经济发展实力",
        ),
        (
            4,
            "社会消费品零售总额",
            "增长6%",
            Some("增长6.4%"),
            "经济发展实力",
        ),
        (
            5,
            "进出口总额",
            "稳中提质",
            Some("2.45万亿元"),
            "经济发展实力",
        ),
        (
            6,
            "实际使用外资",
            "稳中提质",
            Some("69.05亿美元"),
            "经济发展实力",
        ),
        (
            7,
            "一般公共预算收入",
            "增长5.5%左右",
            Some("增长5.5%"),
            "经济发展实力",
        ),
        (
            8,
            "居民消费价格总水平涨幅",
            "3%左右",
            Some("0.5%左右"),
            "经济发展实力",
        ),
        (
            9,
            "户籍人口",
            "增长26万左右,年末户籍人口800万左右",
            Some("增长11.9万人,年末户籍人口786.7万人"),
            "经济发展实力",
        ),
        (
            10,
            "高新技术产业产值占规模以上工业产值比重",
            "53%左右",
            Some("52.7%"),
            "现代产业体系",
        ),
        (
            11,
            "工业战略性新兴产业产值占工业总产值比重（国家新口径）",
            "46%以上",
            Some("待省反馈"),
            "现代产业体系",
        ),
        (12, "工业增加值率", "", None, "现代产业体系"),
    ];
    assert_eq!(r.indicators.len(), 12);
    for (g, (seq, name, target, actual, cat)) in r.indicators.iter().zip(want) {
        assert_eq!(g.seq, Some(seq));
        assert_eq!(g.name, name);
        assert_eq!(g.target.text, target, "{name}");
        assert_eq!(g.actual.as_ref().map(|a| a.text.as_str()), actual, "{name}");
        assert_eq!(g.category.as_deref(), Some(cat));
        assert_eq!(g.year, Some(2023));
    }
    // The cut-off row is reported.
    assert!(
        r.diagnostics
            .iter()
            .any(|x| x.message.contains("工业增加值率"))
    );
}

#[test]
fn jiading_two_level_header() {
    let Some(r) = read("shanghai-jiading-2023h1.txt") else {
        return;
    };
    assert_eq!(r.region.as_deref(), Some("嘉定区"));
    assert_eq!(r.period.as_deref(), Some("上半年"));
    let t = &r.tables[0];
    assert_eq!(t.layout, TableLayout::PipeRows);
    assert_eq!(
        t.columns,
        vec![
            "指标名称",
            "年度目标",
            "上半年完成情况/绝对值",
            "上半年完成情况/增幅"
        ]
    );
    let rows: Vec<(Option<u32>, &str, &str, &str, Option<&str>)> = r
        .indicators
        .iter()
        .map(|i| {
            (
                i.seq,
                i.name.as_str(),
                i.target.text.as_str(),
                i.actual.as_ref().unwrap().text.as_str(),
                i.sub_of.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (Some(1), "增加值", "5.5%以上", "9.1%", None),
            (Some(2), "规模以上工业总产值", "8%", "11.1%", None),
            (
                None,
                "规模以上工业总产值（区属）",
                "8%",
                "13.5%",
                Some("规模以上工业总产值")
            ),
            (Some(3), "社会消费品零售总额", "6%", "14.1%", None),
            (Some(4), "一般公共预算收入", "6%以上", "25.7%", None),
            (Some(5), "全社会固定资产投资", "5%", "39.4%", None),
            (Some(6), "战略性新兴产业产值", "11%", "15.7%", None),
            (Some(7), "城乡登记失业人数", "5600人以内", "5457人", None),
            (
                Some(8),
                "居民人均可支配收入",
                "与经济增长保持同步",
                "11.5%",
                None
            ),
        ]
    );
    // The absolute value stays beside the growth actual.
    assert_eq!(
        r.indicators[0].extra,
        vec![ExtraCell {
            header: "上半年完成情况/绝对值".into(),
            text: "1248.3亿元".into()
        }]
    );
    assert!(!r.indicators[2].is_new);
    // Plans number the sub-row after the numbered rows.
    let plan = &r.plans()[0];
    assert_eq!(
        plan.indicators.iter().map(|i| i.seq).collect::<Vec<_>>(),
        vec![1, 2, 9, 3, 4, 5, 6, 7, 8]
    );
    assert_eq!(plan.indicator("城乡登记失业人数").unwrap().def.unit, "人");
}

#[test]
fn lianyungang_inline_estimates() {
    let Some(r) = read("lianyungang-2023.txt") else {
        return;
    };
    assert_eq!(r.region.as_deref(), Some("连云港市"));
    let got: Vec<(&str, &str, bool)> = r
        .inline
        .iter()
        .filter(|t| t.role == Role::Actual)
        .map(|t| (t.subject.as_str(), t.expr.text.as_str(), t.expr.estimated))
        .collect();
    assert_eq!(
        got,
        vec![
            ("地区生产总值", "增长11%左右", true),
            ("规上工业增加值", "增长25%", true),
            ("固定资产投资", "增长0.1%", false),
            ("工业投资", "下降7.3%", false),
            ("限上批零住餐贸易额", "增长15%", true),
            ("一般公共预算收入", "增长20.3%", false),
            ("外贸进出口总额", "增长20.1%", false),
            ("实际使用外资", "下降61.5%", true),
            ("港口吞吐量", "增长6.7%", false),
            ("集装箱运量", "增长10.2%", false),
            ("高新技术产业产值占规上工业总产值比重", "达到34.8%", true),
            ("研发经费支出(R&D)占GDP比重", "达到2.6%", false),
            ("全体居民人均可支配收入", "增长6.8%", true),
            ("地表水达到或好于III类水体比例", "93.3%", false),
            ("PM2.5平均浓度", "32μg/m3", false),
        ]
    );
    let gdp = &r.inline[0];
    assert!(
        matches!(&gdp.expr.form, Form::Approx { approx: Approx::About, value } if value.value == d("11"))
    );
    let inv = r.inline.iter().find(|t| t.subject == "工业投资").unwrap();
    assert!(inv.expr.worded_decline);
    assert!(matches!(&inv.expr.form, Form::Value(q) if q.value == d("-7.3")));
    let total = r
        .summary_claims
        .iter()
        .find(|s| s.group == SummaryGroup::Total)
        .unwrap();
    assert_eq!(total.count, Some(47));
}

#[test]
fn shenzhen_grouped_targets() {
    let Some(r) = read("shenzhen-2022.txt") else {
        return;
    };
    assert_eq!(r.plan_year, Some(2023));
    let grouped: Vec<(&str, &str, Option<bool>)> = r
        .inline
        .iter()
        .filter(|t| t.binding.is_some())
        .map(|t| (t.subject.as_str(), t.expr.text.as_str(), t.binding))
        .collect();
    assert_eq!(
        grouped,
        vec![
            ("GDP", "增长6%", Some(false)),
            ("规模以上工业增加值", "增长6%以上", Some(false)),
            ("固定资产投资额", "达1万亿元", Some(false)),
            ("社会消费品零售总额", "增长7%", Some(false)),
            ("外贸进出口总额", "增长4%", Some(false)),
            ("地方一般公共预算收入", "增长6%", Some(false)),
            ("居民消费价格涨幅", "控制在3%左右", Some(false)),
            ("新增就业", "18万人", Some(true)),
            ("万元GDP水耗", "下降4%", Some(true)),
            ("节能减排指标", "以国家和广东省下达为准", Some(true)),
        ]
    );
    assert!(
        r.inline
            .iter()
            .all(|t| t.role == Role::Target && t.year == Some(2023))
    );
    let fixed = r
        .inline
        .iter()
        .find(|t| t.subject == "固定资产投资额")
        .unwrap();
    assert!(matches!(&fixed.expr.form, Form::Value(q) if q.value == d("1") && q.unit == "万亿元"));
    let m = |s: &str| {
        r.measures
            .iter()
            .find(|m| m.subject == s)
            .unwrap_or_else(|| panic!("measure {s}"))
    };
    assert_eq!(
        (
            m("新能源汽车产业增加值").value,
            m("新能源汽车产业增加值").cmp
        ),
        (d("650"), MeasureCmp::AtLeast)
    );
    assert_eq!(
        (
            m("新落地重点金融企业或项目").value,
            m("新落地重点金融企业或项目").cmp
        ),
        (d("10"), MeasureCmp::AtLeast)
    );
    assert_eq!(m("完成土地整备").unit, "平方公里");
    assert_eq!(
        (
            m("新增基础教育学位").value,
            m("新增基础教育学位").unit.as_str()
        ),
        (d("20"), "万座")
    );
    assert_eq!(
        m("公办园和普惠性民办园在园儿童占比").cmp,
        MeasureCmp::AtLeast
    );
}

#[test]
fn jiangmen_key_projects_in_traditional_characters() {
    let Some(r) = read("keyprojects-jiangmen-2021q1.txt") else {
        return;
    };
    assert!(r.diagnostics.iter().any(|x| x.message.contains("拼音")));
    assert_eq!(r.projects.len(), 1);
    let p = &r.projects[0];
    assert_eq!(p.year, Some(2021));
    assert_eq!(p.months, Some(3));
    assert_eq!(
        (
            value(&p.count),
            value(&p.total_investment),
            value(&p.annual_plan),
            value(&p.completed)
        ),
        (
            Some(d("710")),
            Some(d("6960")),
            Some(d("1015")),
            Some(d("313.64"))
        )
    );
    assert_eq!(
        (
            value(&p.growth_amount),
            value(&p.growth),
            value(&p.plan_share),
            value(&p.time_gap)
        ),
        (
            Some(d("153.34")),
            Some(d("95.66")),
            Some(d("30.90")),
            Some(d("5.90"))
        )
    );
    let new = p.phase(Phase::New).unwrap();
    assert_eq!(
        (
            value(&new.planned),
            value(&new.started),
            value(&new.start_rate)
        ),
        (Some(d("270")), Some(d("129")), Some(d("47")))
    );
    // Quotes keep the published (traditional) characters.
    assert!(p.text.contains("重點建設項目"));
    assert!(!p.text.contains("diǎn"));
}

#[test]
fn putian_shares_and_structure() {
    let Some(r) = read("putian-licheng-2022.txt") else {
        return;
    };
    assert_eq!(r.region.as_deref(), Some("荔城区"));
    let shares: Vec<(&str, Decimal, Decimal, Decimal)> = r
        .shares
        .iter()
        .map(|s| {
            (
                s.subject.as_str(),
                s.part.value,
                s.whole.value,
                s.percent.value,
            )
        })
        .collect();
    assert_eq!(
        shares,
        vec![
            ("荔城地区生产总值", d("635"), d("710"), d("89.4")),
            ("第一产业增加值", d("18"), d("18"), d("100")),
            ("第二产业增加值", d("323"), d("362"), d("89.2")),
            ("第三产业增加值", d("294"), d("330"), d("89.1")),
            ("农林牧渔业总产值", d("33"), d("33.5"), d("98.5")),
            ("固定资产投资", d("300"), d("385"), d("77.9")),
        ]
    );
    let gdp = r
        .claims
        .iter()
        .find(|c| c.subject == "荔城地区生产总值" && c.unit == "亿元")
        .unwrap();
    assert!(gdp.estimated);
    assert!(gdp.comparisons[0].starts_with("完成年计划710亿元的89.4%"));
    let ratio = r.claims.iter().find(|c| !c.ratio.is_empty()).unwrap();
    assert_eq!(ratio.ratio, vec![d("2.8"), d("50.9"), d("46.3")]);
    let decline = r
        .claims
        .iter()
        .find(|c| c.subject == "第二产业增加值" && c.unit == "%")
        .unwrap();
    assert_eq!(decline.signed_value(), d("-2.0"));
}

#[test]
fn minsheng_numbered_list() {
    let Some(r) = read("minsheng-redacted-district-2025.txt") else {
        return;
    };
    assert_eq!(r.livelihood.len(), 1);
    let l = &r.livelihood[0];
    assert_eq!(
        (l.year, value(&l.count), l.plan),
        (Some(2025), Some(d("10")), true)
    );
    assert_eq!(l.count_mentions.len(), 2);
    assert_eq!(l.items.len(), 10);
    assert_eq!(
        l.items.iter().map(|i| i.seq).collect::<Vec<_>>(),
        (1..=10).collect::<Vec<_>>()
    );
    assert_eq!(l.items[9].text, "**区耕地质量提升示范项目");
    assert_eq!(r.region, None);
}

#[test]
fn dongcheng_same_basis_and_dollars() {
    let Some(r) = read("beijing-dongcheng-2022.txt") else {
        return;
    };
    assert_eq!(r.region.as_deref(), Some("东城区"));
    assert_eq!((r.execution_year, r.plan_year), (Some(2022), Some(2023)));
    let c = |s: &str, u: &str| {
        r.claims
            .iter()
            .find(|c| c.subject == s && c.unit == u)
            .unwrap_or_else(|| panic!("{s} {u}"))
    };
    assert_eq!(c("人均地区生产总值", "万美元").value, d("7.2"));
    let rev = c("区级一般公共预算收入", "%");
    assert_eq!((rev.value, rev.subject_inherited), (d("1"), true));
    assert_eq!(
        c("区级一般公共预算收入", "亿元").comparisons,
        vec!["同口径增长1%"]
    );
    assert_eq!(c("单位地区生产总值能耗", "%").signed_value(), d("-5.86"));
    assert_eq!(c("社会消费品零售总额", "%").signed_value(), d("-5.8"));
    assert_eq!(c("居民人均可支配收入", "万元").value, d("9.2"));
}

#[test]
fn binhai_outcomes_and_qualifiers() {
    let Some(r) = read("tianjin-binhai-2023.txt") else {
        return;
    };
    assert_eq!(r.region.as_deref(), Some("滨海新区"));
    let c = |s: &str| {
        r.claims
            .iter()
            .find(|c| c.subject == s)
            .unwrap_or_else(|| panic!("{s}"))
    };
    assert_eq!(
        (c("地区生产总值").value, c("地区生产总值").change),
        (d("4.6"), Some(Change::Increase))
    );
    assert_eq!(
        (
            c("转化清华电子信息类成果项目").value,
            c("转化清华电子信息类成果项目").qualifier
        ),
        (d("120"), Some(Qualifier::Nearly))
    );
    assert_eq!(
        (c("注册企业").value, c("注册企业").qualifier),
        (d("4900"), Some(Qualifier::MoreThan))
    );
}

#[test]
fn every_corpus_file_reads_without_error() {
    let Some(dir) = common::corpus_dir() else {
        eprintln!("note: shared/corpus not found; skipping");
        return;
    };
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().and_then(|x| x.to_str()) != Some("txt") {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        let r = read_bytes(&bytes, p.to_str()).unwrap();
        assert!(r.lines > 0);
        // Every read yields something a reviewer can use.
        assert!(
            !r.indicators.is_empty()
                || !r.claims.is_empty()
                || !r.inline.is_empty()
                || !r.livelihood.is_empty(),
            "{}",
            p.display()
        );
        serde_json::to_string(&r).unwrap();
        n += 1;
    }
    assert!(n >= 10);
}
