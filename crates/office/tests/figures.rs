//! The indicator sheet and the statistics bureau's monthly tables, from workbooks written here
//! the way offices write them: title rows, merged period cells over 累计/增速 sub-columns, unit
//! columns, notes below, one sheet per month, a long city file, and files with errors in known
//! cells.

// Rows compared as tuples of their fields read best spelled out.
#![allow(clippy::type_complexity)]

use planwatch_office::monthly::Measure;
use planwatch_office::{Format, read_indicators, read_monthly, write_indicators_csv};
use rust_xlsxwriter::{Format as XFormat, Workbook, Worksheet};

fn save(wb: &mut Workbook) -> Vec<u8> {
    wb.save_to_buffer().expect("workbook")
}

/// Writes rows of text/number cells from (row, col) on; numbers are cells written as f64.
fn put(ws: &mut Worksheet, row: u32, cells: &[&str]) {
    for (j, c) in cells.iter().enumerate() {
        if c.is_empty() {
            continue;
        }
        match c.parse::<f64>() {
            Ok(f) if f.is_finite() && !c.contains(['e', 'E', '+']) => {
                ws.write_number(row, j as u16, f).expect("number");
            }
            _ => {
                ws.write_string(row, j as u16, *c).expect("text");
            }
        }
    }
}

/// A 统计月报 sheet: title, merged period cells over 累计/增速, a 单位 column, a note below.
fn wide_bulletin() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("主要指标").expect("name");
    let merged = XFormat::new();
    ws.merge_range(0, 0, 0, 7, "江北区2024年1-4月主要经济指标", &merged)
        .expect("title");
    put(ws, 1, &["指标", "单位"]);
    for (k, period) in ["1-2月", "1-3月", "1-4月"].iter().enumerate() {
        let c = 2 + 2 * k as u16;
        ws.merge_range(1, c, 1, c + 1, period, &merged)
            .expect("period");
        ws.write_string(2, c, "累计").expect("sub");
        ws.write_string(2, c + 1, "增速(%)").expect("sub");
    }
    put(
        ws,
        3,
        &["地区生产总值", "亿元", "", "", "420.5", "6.1", "", ""],
    );
    put(
        ws,
        4,
        &[
            "社会消费品零售总额",
            "亿元",
            "120.3",
            "7.2",
            "181.0",
            "7.5",
            "240.2",
            "—",
        ],
    );
    put(
        ws,
        5,
        &["规模以上工业增加值", "", "", "5.5", "", "5.9", "", "6.2"],
    );
    put(ws, 7, &["注：地区生产总值为季度数据。"]);
    put(ws, 8, &["某指标", "亿元", "99", "99"]);
    save(&mut wb)
}

#[test]
fn a_wide_bulletin_with_merged_periods_reads_every_figure_with_its_cell() {
    let file = read_monthly(&wide_bulletin(), Format::Xlsx).expect("reads");
    let got: Vec<(&str, &str, u8, Measure, &str, &str)> = file
        .values
        .iter()
        .map(|v| {
            (
                v.name.as_str(),
                v.unit.as_str(),
                v.month,
                v.measure,
                v.text.as_str(),
                v.at.cell.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "地区生产总值",
                "亿元",
                3,
                Measure::Cumulative,
                "420.5",
                "E4"
            ),
            ("地区生产总值", "%", 3, Measure::Growth, "6.1", "F4"),
            (
                "社会消费品零售总额",
                "亿元",
                2,
                Measure::Cumulative,
                "120.3",
                "C5"
            ),
            ("社会消费品零售总额", "%", 2, Measure::Growth, "7.2", "D5"),
            (
                "社会消费品零售总额",
                "亿元",
                3,
                Measure::Cumulative,
                "181",
                "E5"
            ),
            ("社会消费品零售总额", "%", 3, Measure::Growth, "7.5", "F5"),
            (
                "社会消费品零售总额",
                "亿元",
                4,
                Measure::Cumulative,
                "240.2",
                "G5"
            ),
            ("规模以上工业增加值", "%", 2, Measure::Growth, "5.5", "D6"),
            ("规模以上工业增加值", "%", 3, Measure::Growth, "5.9", "F6"),
            ("规模以上工业增加值", "%", 4, Measure::Growth, "6.2", "H6"),
        ],
        "the note row ends the table; a dash is no figure"
    );
    assert!(
        file.values
            .iter()
            .all(|v| v.year == Some(2024) && v.region.is_none())
    );
}

#[test]
fn month_columns_with_units_in_names_and_a_current_month_column() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    put(ws, 0, &["2023年全区月度数据"]);
    put(ws, 1, &["序号", "指标名称", "1月", "2月", "3月", "3月当月"]);
    put(
        ws,
        2,
        &["1", "固定资产投资（亿元）", "", "30.2", "52.8", "22.6"],
    );
    put(
        ws,
        3,
        &["2", "城镇调查失业率（%）", "5.6", "5.5", "5.4", ""],
    );
    let file = read_monthly(&save(&mut wb), Format::Xlsx).expect("reads");
    let got: Vec<(&str, &str, u8, &str)> = file
        .values
        .iter()
        .map(|v| (v.name.as_str(), v.unit.as_str(), v.month, v.text.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("固定资产投资", "亿元", 2, "30.2"),
            ("固定资产投资", "亿元", 3, "52.8"),
            ("城镇调查失业率", "%", 1, "5.6"),
            ("城镇调查失业率", "%", 2, "5.5"),
            ("城镇调查失业率", "%", 3, "5.4"),
        ]
    );
    assert!(
        file.values
            .iter()
            .all(|v| v.measure == Measure::Unstated && v.year == Some(2023))
    );
    assert_eq!(file.skipped.len(), 1, "{:?}", file.skipped);
    assert_eq!(file.skipped[0].cell, "F");
    assert!(file.skipped[0].reason.zh.contains("当月"));
}

#[test]
fn one_sheet_per_month_takes_the_period_from_the_sheet() {
    let mut wb = Workbook::new();
    for (name, cum, growth) in [("1-2月", "80.1", "4.2"), ("1-3月", "125.6", "4.8")] {
        let ws = wb.add_worksheet();
        ws.set_name(name).expect("name");
        put(ws, 0, &["指标", "计量单位", "本月止累计", "同比增长(%)"]);
        put(ws, 1, &["社会消费品零售总额", "亿元", cum, growth]);
    }
    let file = read_monthly(&save(&mut wb), Format::Xlsx).expect("reads");
    let got: Vec<(u8, Measure, &str, &str)> = file
        .values
        .iter()
        .map(|v| (v.month, v.measure, v.text.as_str(), v.at.sheet.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, Measure::Cumulative, "80.1", "1-2月"),
            (2, Measure::Growth, "4.2", "1-2月"),
            (3, Measure::Cumulative, "125.6", "1-3月"),
            (3, Measure::Growth, "4.8", "1-3月"),
        ]
    );
}

#[test]
fn a_long_city_file_carries_region_and_year_per_row() {
    let csv = "地区,年度,指标,月份,数值,单位\n\
               江北区,2024,地区生产总值增速,1-3月,6.1,%\n\
               渝中区,2024,地区生产总值增速,3,5.8,%\n\
               渝中区,2023,社会消费品零售总额,2023-06,300.5,亿元\n\
               渝中区,2023,社会消费品零售总额,7月,,亿元\n";
    let file = read_monthly(csv.as_bytes(), Format::Csv).expect("reads");
    let got: Vec<(Option<&str>, Option<i32>, &str, u8, &str, &str)> = file
        .values
        .iter()
        .map(|v| {
            (
                v.region.as_deref(),
                v.year,
                v.name.as_str(),
                v.month,
                v.text.as_str(),
                v.at.cell.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Some("江北区"),
                Some(2024),
                "地区生产总值增速",
                3,
                "6.1",
                "E2"
            ),
            (
                Some("渝中区"),
                Some(2024),
                "地区生产总值增速",
                3,
                "5.8",
                "E3"
            ),
            (
                Some("渝中区"),
                Some(2023),
                "社会消费品零售总额",
                6,
                "300.5",
                "E4"
            ),
        ]
    );
}

#[test]
fn a_bulletin_with_bad_cells_is_refused_whole_naming_each_cell() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("月报").expect("name");
    put(ws, 0, &["指标", "1-2月", "1-3月"]);
    put(ws, 1, &["地区生产总值增速", "6.1", "约六"]);
    put(ws, 2, &["", "5.0", ""]);
    put(ws, 3, &["固定资产投资增速", "1e999", "3.2"]);
    let err = read_monthly(&save(&mut wb), Format::Xlsx).expect_err("refused");
    let cells: Vec<String> = err
        .cell_errors()
        .iter()
        .map(|e| {
            format!(
                "{}{}",
                e.letter.clone().unwrap_or_default(),
                e.row.unwrap_or(0)
            )
        })
        .collect();
    assert_eq!(cells, ["C2", "A3", "B4"], "{err}");
    assert!(err.to_string().contains("约六"), "{err}");
    let long = "地区,年度,指标,月份,数值\n江北区,二〇二四,GDP,13月,abc\n";
    let err = read_monthly(long.as_bytes(), Format::Csv).expect_err("refused");
    let cols: Vec<&str> = err
        .cell_errors()
        .iter()
        .filter_map(|e| e.column.as_deref())
        .collect();
    assert_eq!(cols, ["年度", "月份", "数值"], "{err}");
}

fn annex_sheet() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("附件2").expect("name");
    let f = XFormat::new();
    ws.merge_range(0, 0, 0, 5, "江北区2024年国民经济和社会发展主要指标", &f)
        .expect("title");
    put(
        ws,
        1,
        &[
            "序号",
            "指标名称",
            "属性",
            "2024年预期目标",
            "2023年实际完成",
            "责任单位",
        ],
    );
    ws.merge_range(2, 0, 2, 5, "一、核心指标", &f)
        .expect("section");
    put(
        ws,
        3,
        &[
            "1",
            "地区生产总值增速（%）",
            "预期性",
            "6以上",
            "6.7",
            "区统计局",
        ],
    );
    put(
        ws,
        4,
        &[
            "2",
            "单位地区生产总值能耗下降（%）*",
            "约束性",
            "完成市下达任务",
            "",
            "区发展改革委",
        ],
    );
    ws.merge_range(5, 0, 5, 5, "二、其他指标", &f)
        .expect("section");
    put(
        ws,
        6,
        &[
            "3",
            "#数字经济核心产业增加值增速（%）",
            "预期性",
            "10左右",
            "—",
            "区经济信息委",
        ],
    );
    put(
        ws,
        7,
        &[
            "4",
            "城镇新增就业人数（万人）",
            "预期性",
            "3.5",
            "3.62",
            "区人力社保局",
        ],
    );
    put(ws, 9, &["注：带*为约束性指标，带#为新增指标。"]);
    save(&mut wb)
}

#[test]
fn the_annex_indicator_sheet_reads_sections_markers_and_figures() {
    let sheet = read_indicators(&annex_sheet(), Format::Xlsx).expect("reads");
    let plan = sheet.to_plan("江北区", 2024);
    let rows: Vec<(
        u32,
        &str,
        &str,
        bool,
        bool,
        Option<&str>,
        &str,
        Option<&str>,
    )> = plan
        .indicators
        .iter()
        .map(|i| {
            (
                i.seq,
                i.def.name.as_str(),
                i.def.unit.as_str(),
                i.def.binding,
                i.def.is_new,
                i.def.tier.map(|t| t.as_str()),
                i.target.text.as_str(),
                i.actual.as_ref().map(|a| a.text.as_str()),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                1,
                "地区生产总值增速",
                "%",
                false,
                false,
                Some("core"),
                "6以上",
                Some("6.7")
            ),
            (
                2,
                "单位地区生产总值能耗下降",
                "%",
                true,
                false,
                Some("core"),
                "完成市下达任务",
                None
            ),
            (
                3,
                "数字经济核心产业增加值增速",
                "%",
                false,
                true,
                Some("other"),
                "10左右",
                None
            ),
            (
                4,
                "城镇新增就业人数",
                "万人",
                false,
                false,
                Some("other"),
                "3.5",
                Some("3.62")
            ),
        ]
    );
    assert_eq!(
        plan.indicators[3].def.department.as_deref(),
        Some("区人力社保局")
    );
    assert_eq!(sheet.indicators[0].target_at.cell, "D4");
}

#[test]
fn a_csv_export_imports_back_and_exports_byte_identical() {
    let plan = read_indicators(&annex_sheet(), Format::Xlsx)
        .expect("reads")
        .to_plan("江北区", 2024);
    let csv = write_indicators_csv(Some(&plan), true).expect("csv");
    let back = read_indicators(&csv, Format::Csv)
        .expect("reads back")
        .to_plan("江北区", 2024);
    assert_eq!(back, plan);
    assert_eq!(write_indicators_csv(Some(&back), true).expect("csv"), csv);
    let blank = write_indicators_csv(Some(&plan), false).expect("csv");
    let blank_plan = read_indicators(&blank, Format::Csv)
        .expect("blank reads")
        .to_plan("江北区", 2024);
    assert!(
        blank_plan
            .indicators
            .iter()
            .all(|i| i.actual.is_none() && i.target.text.is_empty())
    );
    assert_eq!(blank_plan.indicators.len(), 4);
}

#[test]
fn an_indicator_sheet_with_bad_cells_is_refused_whole() {
    let csv = "序号,指标名称,属性,预期目标,实际完成,责任单位\n\
               1,地区生产总值增速（%）,预期性,6以上,99999999999999999999,区统计局\n\
               2,地区生产总值增速（%）,预期性,6,6.1,区统计局\n\
               3,研发经费投入强度（%）,参考性,2.5,2.6,区科技局\n\
               4,固定资产投资（亿元）,预期性,大概吧,-5,区发展改革委\n";
    let err = read_indicators(csv.as_bytes(), Format::Csv).expect_err("refused");
    let cells: Vec<String> = err
        .cell_errors()
        .iter()
        .map(|e| {
            format!(
                "{}{}",
                e.letter.clone().unwrap_or_default(),
                e.row.unwrap_or(0)
            )
        })
        .collect();
    assert_eq!(cells, ["E2", "B3", "C4", "D5", "E5"], "{err}");
    let text = err.to_string();
    assert!(text.contains("-100到1000"), "{text}");
    assert!(text.contains("不能为负数"), "{text}");
}

proptest::proptest! {
    /// Whatever a cell holds, reading is a value or an error list, never a panic.
    #[test]
    fn any_cell_text_reads_without_panicking(cell in "\\PC{0,24}") {
        let long = format!("地区,年度,指标,月份,数值\n{cell},{cell},{cell},{cell},{cell}\n");
        let _ = read_monthly(long.as_bytes(), Format::Csv);
        let wide = format!("指标,1-2月,{cell}\n{cell},{cell},{cell}\n");
        let _ = read_monthly(wide.as_bytes(), Format::Csv);
        let sheet = format!("序号,指标名称,属性,预期目标,实际完成,责任单位\n{cell},{cell},{cell},{cell},{cell},{cell}\n");
        let _ = read_indicators(sheet.as_bytes(), Format::Csv);
    }
}
