//! The demo region: 江北区's 2023 indicator targets and actuals and its 2024 targets, entered
//! as structured data from the figures of its published report (annexes 1 and 2).

use planwatch_domain::{IndicatorDef, Plan, PlanIndicator, Tier};
use planwatch_text::parse_expr;

pub const DEMO_REGION: &str = "江北区";

/// One row: name, unit, binding, new, department, target, actual.
type Row = (
    &'static str,
    &'static str,
    bool,
    bool,
    &'static str,
    &'static str,
    Option<&'static str>,
);

const Y2023: [Row; 20] = [
    (
        "地区生产总值增速",
        "%",
        false,
        false,
        "区统计局",
        "6.5以上",
        Some("6.7"),
    ),
    (
        "人均地区生产总值",
        "万元",
        false,
        false,
        "区统计局",
        "17.5",
        Some("18.4"),
    ),
    (
        "固定资产投资增速",
        "%",
        false,
        false,
        "区发展改革委",
        "10",
        Some("-2.3"),
    ),
    (
        "一般公共预算收入增速",
        "%",
        false,
        false,
        "区财政局",
        "1.56",
        Some("19.6"),
    ),
    (
        "社会消费品零售总额增速",
        "%",
        false,
        false,
        "区商务委",
        "7",
        Some("8.7"),
    ),
    (
        "全体居民人均可支配收入增速",
        "%",
        false,
        false,
        "区统计局",
        "7",
        Some("4.3"),
    ),
    (
        "规上工业增加值增速",
        "%",
        false,
        false,
        "区经济信息委",
        "13",
        Some("11"),
    ),
    (
        "全社会研发投入强度",
        "%",
        false,
        false,
        "区科技局",
        "3.4",
        Some("3.5"),
    ),
    (
        "数字经济增加值占地区生产总值比重",
        "%",
        false,
        false,
        "区大数据发展局",
        "42",
        Some("42"),
    ),
    (
        "民营经济增加值占地区生产总值比重",
        "%",
        false,
        false,
        "区发展改革委",
        "50",
        Some("52"),
    ),
    (
        "文化产业增加值占地区生产总值比重",
        "%",
        false,
        false,
        "区文化旅游委",
        "6.5",
        Some("6以上"),
    ),
    (
        "实际使用外资FDI",
        "亿美元",
        false,
        false,
        "区商务委",
        "2",
        Some("市级暂未反馈"),
    ),
    (
        "进出口总额",
        "亿元",
        false,
        false,
        "区商务委",
        "1000",
        Some("841.6"),
    ),
    (
        "城镇新增就业人数",
        "万人",
        false,
        false,
        "区人力社保局",
        "3.5",
        Some("5.5以上"),
    ),
    (
        "每千人口拥有3岁以下婴幼儿托位数",
        "个",
        false,
        false,
        "区卫生健康委",
        "2.6",
        Some("3.39"),
    ),
    (
        "养老机构护理型床位占比",
        "%",
        false,
        false,
        "区民政局",
        "80以上",
        Some("100"),
    ),
    (
        "亿元地区生产总值安全事故死亡率",
        "%",
        true,
        false,
        "区应急局",
        "≤0.021",
        Some("0.0074"),
    ),
    (
        "单位地区生产总值能耗下降",
        "%",
        true,
        false,
        "区发展改革委",
        "市级下达",
        Some("2.97"),
    ),
    (
        "单位地区生产总值二氧化碳排放下降",
        "%",
        true,
        false,
        "区生态环境局",
        "市级下达",
        Some("完成市级下达目标"),
    ),
    (
        "空气质量优良天数",
        "天",
        true,
        false,
        "区生态环境局",
        "310天以上",
        Some("289"),
    ),
];

const Y2024_CORE: [Row; 8] = [
    (
        "地区生产总值增速",
        "%",
        false,
        false,
        "区统计局",
        "6以上",
        None,
    ),
    (
        "固定资产投资增速",
        "%",
        false,
        false,
        "区发展改革委",
        "5以上",
        None,
    ),
    (
        "规上工业增加值增速",
        "%",
        false,
        false,
        "区经济信息委",
        "8.5",
        None,
    ),
    (
        "一般公共预算收入增速",
        "%",
        false,
        false,
        "区财政局",
        "1.8",
        None,
    ),
    ("区级税收收入增速", "%", false, true, "区税务局", "4", None),
    (
        "社会消费品零售总额增速",
        "%",
        false,
        false,
        "区商务委",
        "7.5以上",
        None,
    ),
    (
        "全体居民人均可支配收入增速",
        "%",
        false,
        false,
        "区统计局",
        "6",
        None,
    ),
    (
        "城镇新增就业人数",
        "万人",
        false,
        false,
        "区人力社保局",
        "3.5",
        None,
    ),
];

const Y2024_OTHER: [Row; 13] = [
    (
        "人均地区生产总值",
        "万元",
        false,
        false,
        "区统计局",
        "19",
        None,
    ),
    (
        "全社会研发投入强度",
        "%",
        false,
        false,
        "区科技局",
        "3.5以上",
        None,
    ),
    (
        "数字经济核心产业增加值增速",
        "%",
        false,
        false,
        "区大数据发展局",
        "15",
        None,
    ),
    (
        "民营经济增加值占地区生产总值比重",
        "%",
        false,
        false,
        "区发展改革委",
        "53",
        None,
    ),
    (
        "文化产业增加值占地区生产总值比重",
        "%",
        false,
        false,
        "区文化旅游委",
        "6",
        None,
    ),
    (
        "实际使用外资FDI",
        "亿美元",
        false,
        false,
        "区商务委",
        "市级下达",
        None,
    ),
    (
        "进出口总额",
        "亿元",
        false,
        false,
        "区商务委",
        "市级下达",
        None,
    ),
    (
        "每千人口拥有3岁以下婴幼儿托位数",
        "个",
        false,
        false,
        "区卫生健康委",
        "3.5",
        None,
    ),
    (
        "养老机构护理型床位占比",
        "%",
        false,
        false,
        "区民政局",
        "100",
        None,
    ),
    (
        "亿元地区生产总值安全事故死亡率",
        "%",
        true,
        false,
        "区应急局",
        "≤0.01",
        None,
    ),
    (
        "单位地区生产总值能耗下降",
        "%",
        true,
        false,
        "区发展改革委",
        "市级下达",
        None,
    ),
    (
        "单位地区生产总值二氧化碳排放下降",
        "%",
        true,
        false,
        "区生态环境局",
        "市级下达",
        None,
    ),
    (
        "空气质量优良天数",
        "天",
        true,
        false,
        "区生态环境局",
        "300",
        None,
    ),
];

fn indicator(seq: u32, row: &Row, tier: Option<Tier>) -> PlanIndicator {
    let (name, unit, binding, is_new, department, target, actual) = *row;
    let mut def = IndicatorDef::new(name, unit);
    def.binding = binding;
    def.is_new = is_new;
    def.tier = tier;
    def.department = Some(department.to_string());
    PlanIndicator {
        seq,
        def,
        target: parse_expr(target),
        actual: actual.map(parse_expr),
    }
}

/// The demo region's plans: 2023 (targets and actuals) and 2024 (targets, core/other tiers).
pub fn demo_plans() -> Vec<Plan> {
    let y2023 = Y2023
        .iter()
        .zip(1..)
        .map(|(row, seq)| indicator(seq, row, None))
        .collect();
    let y2024 = Y2024_CORE
        .iter()
        .map(|row| (row, Tier::Core))
        .chain(Y2024_OTHER.iter().map(|row| (row, Tier::Other)))
        .zip(1..)
        .map(|((row, tier), seq)| indicator(seq, row, Some(tier)))
        .collect();
    vec![
        Plan {
            region: DEMO_REGION.into(),
            year: 2023,
            indicators: y2023,
        },
        Plan {
            region: DEMO_REGION.into(),
            year: 2024,
            indicators: y2024,
        },
    ]
}
