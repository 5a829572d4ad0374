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

// ---------------------------------------------------------------------------------------------
// The demo region's ledgers: synthetic items whose figures agree with what the report states.

use planwatch_domain::projects::{Category, Phase, Project};
use planwatch_office::{LivelihoodLedger, ProjectLedger, TaskLedger};
use rust_decimal::Decimal;

/// The 2023 project ledger: 234 projects, 252亿元 completed (+9%), 50 new all started, 86
/// continuing at 124% with 24 completed, 98 preparatory.
pub fn projects_2023() -> ProjectLedger {
    planwatch_office::fixtures::jiangbei_2023()
}

/// Splits `total` (in units of 0.01) over `n` items, the remainder on the first, so the parts
/// add up exactly.
fn split(total: Decimal, n: usize) -> Vec<Decimal> {
    let cents = (total * Decimal::ONE_HUNDRED).trunc();
    let count = Decimal::from(n as u64);
    let each = (cents / count).trunc();
    let first = cents - each * (count - Decimal::ONE);
    (0..n)
        .map(|i| if i == 0 { first } else { each } / Decimal::ONE_HUNDRED)
        .collect()
}

/// The 2024 plan ledger: 237 projects, 2001.5亿元 total, 268.3亿元 planned this year; 80 social
/// (1083.7 / 174.6), 157 government (82 new and continuing, 75 preparatory; 917.8 / 93.7).
pub fn projects_2024() -> ProjectLedger {
    let groups: [(Category, &str, usize, usize, usize, Decimal, Decimal); 2] = [
        (
            Category::Social,
            "S",
            30,
            50,
            0,
            Decimal::new(10837, 1),
            Decimal::new(1746, 1),
        ),
        (
            Category::Government,
            "G",
            40,
            42,
            75,
            Decimal::new(9178, 1),
            Decimal::new(937, 1),
        ),
    ];
    let mut projects = Vec::new();
    for (category, prefix, new, continuing, preparatory, total, annual) in groups {
        let n = new + continuing + preparatory;
        let totals = split(total, n);
        // Preparatory projects plan no investment this year; the rest share the annual plan.
        let annuals = split(annual, new + continuing);
        for i in 0..n {
            let phase = if i < new {
                Phase::New
            } else if i < new + continuing {
                Phase::Continuing
            } else {
                Phase::Preparatory
            };
            let mut p = Project::new(
                format!("2024{prefix}{:03}", i + 1),
                format!("{}项目{}", category.label(), i + 1),
                category,
                phase,
            );
            p.total_investment = totals[i];
            p.annual_plan = annuals.get(i).copied().unwrap_or(Decimal::ZERO);
            p.responsible_unit =
                ["区发展改革委", "区住房城乡建委", "区经济信息委", "区商务委"][i % 4].into();
            p.street = ["观音桥街道", "石马河街道", "寸滩街道", "鱼嘴镇", "复盛镇"][i % 5].into();
            if phase == Phase::New {
                p.planned_start =
                    planwatch_domain::projects::PlanDate::ym(2024, 1 + (i % 12) as u8);
            }
            projects.push(p);
        }
    }
    ProjectLedger {
        projects,
        monthly: Vec::new(),
    }
}

const LIVELIHOOD_2023: &str = "\
序号,项目名称,类别,目标任务,目标值,单位,预算（万元）,责任单位
1,新增公共停车位,宜居,新增公共停车位2000个,2000,个,3200,区住房城乡建委
2,老旧小区加装电梯,宜居,老旧小区加装电梯100台,100,台,2800,区住房城乡建委
3,打通城市微循环道路,宜居,打通城市微循环道路9条,9,条,15000,区住房城乡建委
4,建设人行过街设施,宜居,开（完）工人行过街设施5座,5,座,4200,区城市管理局
5,老旧建筑消防设施改造,宜居,完成老旧建筑消防设施改造100栋,100,栋,1800,区消防救援支队
6,老旧小区更新改造,宜居,惠及群众1万户,10000,户,9000,区住房城乡建委
7,社区养老服务站,宜育,新（改）建社区养老服务站7个,7,个,700,区民政局
8,幼儿园装修改造,宜育,装修改造幼儿园5所,5,所,1500,区教委
9,示范性家庭教育指导站,宜育,建立示范性家庭教育指导站30个,30,个,300,区妇联
10,资助残疾儿童,宜育,投入资金资助残疾儿童400万元,400,万元,400,区残联
";

const LIVELIHOOD_2023_PROGRESS: &str = "\
项目名称,完成值,完成情况说明
新增公共停车位,2556,超额完成
老旧小区加装电梯,112,超额完成
打通城市微循环道路,9,已完成
建设人行过街设施,5,已开（完）工
老旧建筑消防设施改造,100,已完成
老旧小区更新改造,10000,惠及1万余户
社区养老服务站,7,已完成
幼儿园装修改造,5,已完成
示范性家庭教育指导站,30,已完成
资助残疾儿童,400,投入近400万元
";

/// 2023's ten adopted livelihood projects with their results.
pub fn livelihood_2023() -> Result<LivelihoodLedger, planwatch_office::ImportError> {
    let candidates = LivelihoodLedger::read_csv(LIVELIHOOD_2023.as_bytes(), None, None)?;
    let progress = planwatch_office::read_progress_csv(
        LIVELIHOOD_2023_PROGRESS.as_bytes(),
        &candidates.candidates,
    )?;
    Ok(LivelihoodLedger {
        progress,
        ..candidates
    })
}

/// 2024's fifteen candidates (宜居 7, 宜业 2, 宜游 2, 宜育 4) with 300 deputies' ballots.
pub fn livelihood_2024() -> LivelihoodLedger {
    planwatch_office::fixtures::livelihood_2024(300)
}

const TASKS_2024: &str = "\
编号,任务领域,任务,具体措施,目标值,单位,牵头单位,配合单位,完成时限,进展情况,状态
1.1,夯实领先基础,打造西部金融中心核心承载区,本外币存贷款余额平均增长6%,6,%,区金融发展服务中心,区发展改革委,2024年底,,推进中
1.2,夯实领先基础,打造国际消费中心城市首选区,引进区域品牌首店100家以上,100,家,区商务委,观音桥街道,2024年底,一季度：已引进首店21家,推进中
1.3,夯实领先基础,打造先进制造业集聚区,完成规上工业总产值1650亿元左右,1650,亿元,区经济信息委,区统计局,2024年底,,推进中
1.4,夯实领先基础,打造先进制造业集聚区,力争新增智能工厂和数字化车间3个以上,3,个,区经济信息委,,2024年底,,未启动
2.1,找准进的方向,实施未来产业发展计划,力争新认定国家级高新技术企业40家,40,家,区科技局,,2024年底,,推进中
2.2,找准进的方向,加快壮大数字经济,推动新增软信企业超1000家,1000,家,区大数据发展局,区商务委,2024年底,,推进中
2.3,找准进的方向,加快发展生产性服务业,力争新增规上现代服务业企业超50家,50,家,区发展改革委,区统计局,2024年底,,推进中
4.1,塑强城市功能,以城市更新提升城市品质,启动9个城市危旧房改造项目,9,个,区住房城乡建委,,2024年6月,,滞后
4.2,塑强城市功能,以城市更新提升城市品质,推进22个老旧小区改造项目,22,个,区住房城乡建委,相关街道,2024年底,,推进中
5.1,保障改善民生,全力稳就业促增收,城镇调查失业率控制在5.5%以内,5.5,%,区人力社保局,,2024年底,,推进中
5.2,保障改善民生,持续提升公共服务,新增学位超8000个,8000,个,区教委,,2024年9月,,推进中
5.3,保障改善民生,持续提升公共服务,新增公办幼儿园3所,3,所,区教委,,2024年9月,,推进中
";

/// 2024's key-task measures with quantified targets, from the plan's part three.
pub fn tasks_2024() -> Result<TaskLedger, planwatch_office::ImportError> {
    TaskLedger::read_csv(TASKS_2024.as_bytes(), 2024)
}

#[cfg(test)]
mod tests {
    use super::*;
    use planwatch_domain::projects::{FigureOptions, report};

    #[test]
    fn the_2024_plan_ledger_adds_up_to_the_report() {
        let ledger = projects_2024();
        let r = report(&ledger.projects, &FigureOptions::default());
        assert_eq!(r.overall.projects, 237);
        assert_eq!(r.overall.total_investment, Decimal::new(20015, 1));
        assert_eq!(r.overall.annual_plan, Decimal::new(2683, 1));
        let social = r.category(Category::Social).expect("social");
        assert_eq!(
            (social.projects, social.total_investment, social.annual_plan),
            (80, Decimal::new(10837, 1), Decimal::new(1746, 1))
        );
        let gov = r.category(Category::Government).expect("government");
        assert_eq!(gov.projects, 157);
        assert_eq!(gov.preparatory_projects, 75);
        assert_eq!(gov.new_projects + gov.continuing_projects, 82);
        assert_eq!(
            (gov.total_investment, gov.annual_plan),
            (Decimal::new(9178, 1), Decimal::new(937, 1))
        );
    }

    #[test]
    fn the_demo_ledgers_read_through_the_import_templates() {
        let l = livelihood_2023().expect("livelihood 2023 reads");
        assert_eq!(l.candidates.len(), 10);
        assert_eq!(l.progress.len(), 10);
        let t = tasks_2024().expect("tasks 2024 read");
        assert_eq!(t.measures.len(), 12);
        let themes = livelihood_2024();
        assert_eq!(themes.candidates.len(), 15);
    }
}
