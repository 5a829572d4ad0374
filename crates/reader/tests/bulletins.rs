//! Statistical bulletins and other actual-only tables read as figures, in the layouts they are
//! flattened to. Every fixture here is our own writing; the real national bulletin is read at
//! the end (skipped when the shared corpus is absent).

mod common;

use planwatch_reader::{FigureOrigin, ReadFigure, Reading, TableLayout, read_bytes, read_text};
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn fig<'a>(r: &'a Reading, name: &str) -> &'a ReadFigure {
    r.figures
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no figure {name}; read: {:#?}", names(r)))
}

fn names(r: &Reading) -> Vec<String> {
    r.figures.iter().map(|f| f.name.clone()).collect()
}

/// (name, unit, value, growth)
type Want = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

fn assert_table(r: &Reading, layout: TableLayout, want: &[Want]) {
    let got: Vec<&ReadFigure> = r
        .figures
        .iter()
        .filter(|f| matches!(&f.origin, FigureOrigin::Table { layout: l, .. } if *l == layout))
        .collect();
    let got: Vec<(String, String, Option<Decimal>, Option<Decimal>)> = got
        .iter()
        .map(|f| (f.name.clone(), f.unit.clone(), f.value, f.growth))
        .collect();
    let want: Vec<(String, String, Option<Decimal>, Option<Decimal>)> = want
        .iter()
        .map(|(n, u, v, g)| (n.to_string(), u.to_string(), v.map(d), g.map(d)))
        .collect();
    assert_eq!(got, want);
}

const TITLE: &str = "江北区2024年国民经济和社会发展统计公报\n\n江北区统计局\n\n";

/// The rows every table fixture holds, whatever its layout.
const ROWS: [Want; 5] = [
    ("固定资产投资", "亿元", Some("412.5"), Some("-3.1")),
    ("社会消费品零售总额", "亿元", Some("869"), Some("8.1")),
    ("住宅投资", "亿元", Some("120.4"), Some("-10.2")),
    ("城镇新增就业人数", "万人", Some("3.8"), None),
    ("全体居民人均可支配收入", "元", Some("52010"), Some("5.6")),
];

#[test]
fn one_cell_per_line_with_blank_lines() {
    let text = format!(
        "{TITLE}表1　2024年主要指标及其增长速度\n\n指标\n单位\n绝对数\n比上年增长（%）\n\n\
         固定资产投资\n亿元\n412.5\n-3.1\n\n社会消费品零售总额\n亿元\n869\n8.1\n\n\
         其中：住宅投资\n亿元\n120.4\n-10.2\n\n城镇新增就业人数\n万人\n3.8\n\n\
         全体居民人均可支配收入\n元\n52010\n5.6\n\n二、工业\n\n全年工业增加值增长9.2%。\n"
    );
    let r = read_text(&text);
    assert_eq!(r.execution_year, Some(2024));
    assert_table(&r, TableLayout::CellLines, &ROWS);
    let part = fig(&r, "住宅投资");
    assert_eq!(part.part_of.as_deref(), Some("社会消费品零售总额"));
    assert_eq!(part.year, Some(2024));
    assert_eq!(part.growth_basis.as_deref(), Some("比上年增长"));
    // The prose after the table is prose.
    assert_eq!(fig(&r, "工业增加值").growth, Some(d("9.2")));
    assert!(
        r.diagnostics.iter().all(|x| !x.message.contains("表1")),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn space_separated_rows() {
    let text = format!(
        "{TITLE}表1 2024年主要指标及其增长速度\n\
         指标            单位     绝对数    比上年增长（%）\n\
         固定资产投资      亿元     412.5     -3.1\n\
         社会消费品零售总额  亿元     869       8.1\n\
         其中：住宅投资    亿元     120.4     -10.2\n\
         城镇新增就业人数    万人     3.8\n\
         全体居民人均可支配收入  元   52010     5.6\n\n\
         全年工业增加值增长9.2%。\n"
    );
    let r = read_text(&text);
    assert_table(&r, TableLayout::SpacedRows, &ROWS);
}

#[test]
fn pipe_rows_with_units_in_headers_and_several_measures() {
    let text = format!(
        "{TITLE}表2　2024年主要商品出口数量、金额及其增长速度\n\n\
         | 商品名称 | 单位 | 数量 | 比上年增长<br>（%） | 金额<br>（亿元） | 比上年增长<br>（%） |\n\
         | --- | --- | --- | --- | --- | --- |\n\
         | 汽车零部件[3] | 万件 | 1200 | 4.2 | 35.6 | 6.0 |\n\
         | 服装 | — | — | — | 10.1 | -2.5 |\n\n\
         表3　2024年年末人口\n\n\
         | 指标 | 年末数（万人） | 比重（%） |\n\
         | --- | --- | --- |\n\
         | 常住人口 | 92.6 | 100.0 |\n\
         | 其中：城镇 | 86.1 | 93.0 |\n"
    );
    let r = read_text(&text);
    let cars: Vec<&ReadFigure> = r
        .figures
        .iter()
        .filter(|f| f.name == "汽车零部件")
        .collect();
    assert_eq!(cars.len(), 2);
    assert_eq!(
        (cars[0].measure.as_deref(), cars[0].unit.as_str()),
        (Some("数量"), "万件")
    );
    assert_eq!(cars[0].value, Some(d("1200")));
    assert_eq!(cars[0].growth, Some(d("4.2")));
    assert_eq!(
        (cars[1].measure.as_deref(), cars[1].unit.as_str()),
        (Some("金额"), "亿元")
    );
    assert_eq!(cars[1].value, Some(d("35.6")));
    assert_eq!(cars[1].growth, Some(d("6.0")));
    // A row without a quantity still has its amount.
    let clothes: Vec<&ReadFigure> = r.figures.iter().filter(|f| f.name == "服装").collect();
    assert_eq!(clothes.len(), 1);
    assert_eq!(clothes[0].value, Some(d("10.1")));
    let people = fig(&r, "常住人口");
    assert_eq!(
        (people.unit.as_str(), people.value),
        ("万人", Some(d("92.6")))
    );
    assert_eq!(people.share, Some(d("100.0")));
    assert_eq!(fig(&r, "城镇").part_of.as_deref(), Some("常住人口"));
}

#[test]
fn an_appendix_of_values_by_period() {
    let text = "政府工作报告\n\n附录：数据汇总表\n\n\
        | 序号 | 指标 | 单位 | 2019年 | 2024年 | 五年累计 | 年均增长（%） |\n\
        | --- | --- | --- | --- | --- | --- | --- |\n\
        | 1 | 地区生产总值 | 亿元 | 1201.5 | 1744.0 | 7350.2 | 6.9　　（可比价） |\n\
        | 2 | 研发投入强度 | % | 2.1 | 3.5（*） | - | - |\n";
    let r = read_text(text);
    let gdp: Vec<&ReadFigure> = r
        .figures
        .iter()
        .filter(|f| f.name == "地区生产总值")
        .collect();
    // (period, year, value, growth)
    type Period<'a> = (
        Option<&'a str>,
        Option<i32>,
        Option<Decimal>,
        Option<Decimal>,
    );
    let periods: Vec<Period> = gdp
        .iter()
        .map(|f| (f.period.as_deref(), f.year, f.value, f.growth))
        .collect();
    assert_eq!(
        periods,
        vec![
            (Some("2019年"), Some(2019), Some(d("1201.5")), None),
            (Some("2024年"), Some(2024), Some(d("1744.0")), None),
            (Some("五年累计"), None, Some(d("7350.2")), Some(d("6.9"))),
        ]
    );
    assert_eq!(gdp[2].growth_basis.as_deref(), Some("年均增长"));
    let rd: Vec<&ReadFigure> = r
        .figures
        .iter()
        .filter(|f| f.name == "研发投入强度")
        .collect();
    assert_eq!(rd.len(), 2);
    assert!(rd[1].estimated, "（*） marks an estimate");
    assert_eq!(rd[1].unit, "%");
}

#[test]
fn side_by_side_halves() {
    let text = "表4　2024年分行业投资增长速度\n\n\
        | 行业 | 比上年增长（%） | 行业 | 比上年增长（%） |\n\
        | --- | --- | --- | --- |\n\
        | 制造业 | 9.2 | 金融业 | -6.3 |\n\
        | 建筑业 | -1.9 | |  |\n";
    let r = read_text(text);
    let got: Vec<(&str, Option<Decimal>)> = r
        .figures
        .iter()
        .map(|f| (f.name.as_str(), f.growth))
        .collect();
    assert_eq!(
        got,
        vec![
            ("制造业", Some(d("9.2"))),
            ("金融业", Some(d("-6.3"))),
            ("建筑业", Some(d("-1.9")))
        ]
    );
}

#[test]
fn prose_only_with_full_width_punctuation() {
    let text = format!(
        "{TITLE}一、综合\n\n初步核算，全年地区生产总值1744亿元，比上年增长6.7％。其中，第一产业增加值\
         3.2亿元，下降1.5％；第二产业增加值402亿元，增长7.1％。全年全体居民人均可支配收入52010元，\
         比上年增长5.6％。年末城镇调查失业率为5.2％。\n"
    );
    let r = read_text(&text);
    let gdp = fig(&r, "地区生产总值");
    assert_eq!(gdp.origin, FigureOrigin::Prose);
    assert_eq!((gdp.value, gdp.unit.as_str()), (Some(d("1744")), "亿元"));
    assert_eq!(gdp.growth, Some(d("6.7")));
    assert_eq!(gdp.growth_basis.as_deref(), Some("比上年增长"));
    assert_eq!(gdp.year, Some(2024));
    let first = fig(&r, "第一产业增加值");
    assert_eq!(first.growth, Some(d("-1.5")));
    assert_eq!(fig(&r, "第二产业增加值").growth, Some(d("7.1")));
    let income = fig(&r, "全体居民人均可支配收入");
    assert_eq!(
        (income.value, income.growth),
        (Some(d("52010")), Some(d("5.6")))
    );
    let jobless = fig(&r, "城镇调查失业率");
    assert_eq!(
        (jobless.value, jobless.unit.as_str()),
        (Some(d("5.2")), "%")
    );
    assert_eq!(jobless.growth, None);
}

#[test]
fn indicator_tables_are_not_figures() {
    // An execution table with targets stays an indicator table.
    let text = "附件1\n2023年主要指标完成情况\n\t序号\n\t指标名称\n\t2023年预期目标\n\t实际完成\n\n\
        \t1\n\t地区生产总值增速（%）\n\t6.5以上\n\t6.7\n\n\t2\n\t空气质量优良天数（天）*\n\t310天以上\n\t289\n";
    let r = read_text(text);
    assert_eq!(r.indicators.len(), 2);
    assert!(
        r.figures
            .iter()
            .all(|f| !matches!(f.origin, FigureOrigin::Table { .. }))
    );
}

#[test]
fn the_national_bulletin() {
    let Some(bytes) = common::corpus_file("national_bulletin2024.txt") else {
        return;
    };
    let r = read_bytes(&bytes, Some("national_bulletin2024.txt")).expect("reads");
    assert_eq!(r.execution_year, Some(2024));
    let from_tables = r
        .figures
        .iter()
        .filter(|f| matches!(f.origin, FigureOrigin::Table { .. }))
        .count();
    let from_prose = r.figures.len() - from_tables;
    // Counted by hand from the bulletin's tables 1 and 3–17 (表2 prints its columns as a
    // list, not a table: a diagnostic says so).
    assert_eq!(from_tables, TABLE_FIGURES, "figures from tables");
    assert!(from_prose >= 300, "figures from prose: {from_prose}");
    let gdp = fig(&r, "国内生产总值");
    assert_eq!((gdp.value, gdp.unit.as_str()), (Some(d("1349084")), "亿元"));
    assert_eq!(gdp.growth, Some(d("5.0")));
    let income = fig(&r, "全国居民人均可支配收入");
    assert_eq!(
        (income.value, income.unit.as_str()),
        (Some(d("41314")), "元")
    );
    assert_eq!(income.growth, Some(d("5.3")));
    let property = fig(&r, "房地产开发投资");
    assert_eq!(property.value, Some(d("100280")));
    let steel = fig(&r, "粗钢");
    assert_eq!(
        (steel.value, steel.unit.as_str()),
        (Some(d("100509.1")), "万吨")
    );
    assert_eq!(steel.growth, Some(d("-1.7")));
    assert!(
        matches!(&steel.origin, FigureOrigin::Table { caption, .. } if caption.starts_with("表3"))
    );
    assert!(
        r.diagnostics.iter().any(|x| x.message.contains("表2")),
        "the list-printed 表2 is named: {:?}",
        r.diagnostics
    );
}

/// Rows with figures in the bulletin's tables 1, 3–17, one figure per measure (表11/12: two).
const TABLE_FIGURES: usize = 239;
