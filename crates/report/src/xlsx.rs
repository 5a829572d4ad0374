//! Excel output: one sheet per table; figures as numbers with the original text beside them
//! (a target like `6.5以上` is the number 6.5 in one column and the text in the next).

use crate::annex::{AnnexRow, AnnexTable, NOTE};
use crate::{Report, ReportError, ReportInput};
use planwatch_domain::projects::FigureGroup;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

fn head() -> Format {
    Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_background_color("#EEEEEE")
}

fn cell() -> Format {
    Format::new().set_border(FormatBorder::Thin)
}

fn headers(ws: &mut Worksheet, row: u32, names: &[&str]) -> Result<(), XlsxError> {
    let f = head();
    for (c, h) in names.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &f)?;
    }
    Ok(())
}

fn opt_number(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: Option<f64>,
    f: &Format,
) -> Result<(), XlsxError> {
    match v {
        Some(v) => ws.write_number_with_format(r, c, v, f)?,
        None => ws.write_blank(r, c, f)?,
    };
    Ok(())
}

fn annex_sheet(ws: &mut Worksheet, t: &AnnexTable) -> Result<(), XlsxError> {
    ws.set_name(t.caption())?;
    ws.write_string_with_format(
        0,
        0,
        format!("{}{}", t.title, t.subtitle),
        &Format::new().set_bold(),
    )?;
    let mut cols = vec![
        "序号",
        "指标名称",
        "单位",
        "性质",
        "新增",
        "层级",
        "预期目标（原文）",
        "预期目标（数值）",
    ];
    if t.has_actual() {
        cols.extend([
            "实际完成（原文）",
            "实际完成（数值）",
            "判定结果",
            "判定规则",
            "判定说明",
        ]);
    }
    headers(ws, 1, &cols)?;
    let f = cell();
    let bold = head().set_align(FormatAlign::Left);
    let mut r = 2;
    for row in &t.rows {
        match row {
            AnnexRow::Section { text, .. } => {
                ws.merge_range(r, 0, r, cols.len() as u16 - 1, text, &bold)?;
            }
            AnnexRow::Item(i) => {
                ws.write_number_with_format(r, 0, i.seq, &f)?;
                ws.write_string_with_format(r, 1, &i.name, &f)?;
                ws.write_string_with_format(r, 2, &i.unit, &f)?;
                ws.write_string_with_format(r, 3, if i.binding { "约束性" } else { "预期性" }, &f)?;
                ws.write_string_with_format(r, 4, if i.is_new { "是" } else { "" }, &f)?;
                let tier = match i.tier {
                    Some(planwatch_domain::Tier::Core) => "核心指标",
                    Some(planwatch_domain::Tier::Other) => "其他指标",
                    None => "",
                };
                ws.write_string_with_format(r, 5, tier, &f)?;
                ws.write_string_with_format(r, 6, &i.target, &f)?;
                opt_number(ws, r, 7, i.target_value, &f)?;
                if t.has_actual() {
                    ws.write_string_with_format(r, 8, i.actual.as_deref().unwrap_or(""), &f)?;
                    opt_number(ws, r, 9, i.actual_value, &f)?;
                    ws.write_string_with_format(
                        r,
                        10,
                        i.status.map(|s| s.label_zh()).unwrap_or(""),
                        &f,
                    )?;
                    ws.write_string_with_format(r, 11, i.rule.as_deref().unwrap_or(""), &f)?;
                    ws.write_string_with_format(r, 12, i.explanation.as_deref().unwrap_or(""), &f)?;
                }
            }
        }
        r += 1;
    }
    ws.write_string(r + 1, 0, NOTE)?;
    ws.set_column_width(1, 36)?;
    ws.set_column_width(6, 16)?;
    ws.set_column_width(8, 16)?;
    if t.has_actual() {
        ws.set_column_width(12, 60)?;
    }
    ws.set_freeze_panes(2, 2)?;
    Ok(())
}

fn dec(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

fn figure_rows(
    ws: &mut Worksheet,
    start: u32,
    title: &str,
    groups: &[FigureGroup],
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(start, 0, title, &Format::new().set_bold())?;
    headers(
        ws,
        start + 1,
        &[
            "分组",
            "项目数",
            "新建",
            "续建",
            "前期",
            "新建已开工",
            "已建成",
            "总投资（亿元）",
            "年度计划投资（亿元）",
            "完成投资（亿元）",
            "投资进度",
            "开工率",
        ],
    )?;
    let f = cell();
    let pct = cell().set_num_format("0.0%");
    let mut r = start + 2;
    for g in groups {
        let x = &g.figures;
        ws.write_string_with_format(r, 0, &g.key, &f)?;
        for (c, n) in [
            x.projects,
            x.new_projects,
            x.continuing_projects,
            x.preparatory_projects,
            x.new_started,
            x.completed_projects,
        ]
        .iter()
        .enumerate()
        {
            ws.write_number_with_format(r, c as u16 + 1, *n as f64, &f)?;
        }
        ws.write_number_with_format(r, 7, dec(x.total_investment), &f)?;
        ws.write_number_with_format(r, 8, dec(x.annual_plan), &f)?;
        ws.write_number_with_format(r, 9, dec(x.completed_investment), &f)?;
        opt_number(ws, r, 10, x.investment_progress.map(dec), &pct)?;
        opt_number(ws, r, 11, x.start_rate.map(dec), &pct)?;
        r += 1;
    }
    Ok(r + 1)
}

pub fn xlsx(report: &Report, input: &ReportInput) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    for t in &report.annexes {
        annex_sheet(wb.add_worksheet(), t)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("报告草稿")?;
        let mut r = 0;
        for line in &report.title {
            ws.write_string_with_format(r, 0, line, &Format::new().set_bold())?;
            r += 1;
        }
        for s in &report.sections {
            if !s.heading.is_empty() {
                ws.write_string_with_format(r, 0, &s.heading, &Format::new().set_bold())?;
                r += 1;
            }
            for p in &s.paragraphs {
                ws.write_string_with_format(r, 0, p, &Format::new().set_text_wrap())?;
                r += 1;
            }
        }
        ws.set_column_width(0, 120)?;
    }
    if let Some(p) = &input.projects {
        let ws = wb.add_worksheet();
        ws.set_name("重点项目")?;
        let all = [FigureGroup {
            key: "合计".into(),
            figures: p.execution.overall.clone(),
        }];
        let mut r = figure_rows(
            ws,
            0,
            &format!("{}年重点项目执行情况", input.prev_year()),
            &all,
        )?;
        r = figure_rows(ws, r, "按投资类别", &p.execution.by_category)?;
        r = figure_rows(ws, r, "按项目阶段", &p.execution.by_phase)?;
        if !p.monthly.is_empty() {
            ws.write_string_with_format(r, 0, "月度累计完成投资", &Format::new().set_bold())?;
            headers(ws, r + 1, &["月份", "累计完成投资（亿元）"])?;
            for (k, (m, v)) in p.monthly.iter().enumerate() {
                ws.write_number(r + 2 + k as u32, 0, *m as f64)?;
                ws.write_number(r + 2 + k as u32, 1, dec(*v))?;
            }
        }
        ws.set_column_width(0, 20)?;
    }
    if let Some(lines) = &input.livelihood {
        let ws = wb.add_worksheet();
        ws.set_name("民生实事")?;
        headers(
            ws,
            0,
            &[
                "项目名称",
                "目标值",
                "完成值",
                "单位",
                "完成比例",
                "完成情况",
                "说明",
            ],
        )?;
        let pct = Format::new().set_num_format("0.0%");
        for (k, l) in lines.iter().enumerate() {
            let r = k as u32 + 1;
            ws.write_string(r, 0, &l.name)?;
            opt_number(ws, r, 1, l.target_value.map(dec), &Format::new())?;
            opt_number(ws, r, 2, l.completed_value.map(dec), &Format::new())?;
            ws.write_string(r, 3, &l.unit)?;
            opt_number(ws, r, 4, l.ratio.map(dec), &pct)?;
            ws.write_string(r, 5, l.state.label())?;
            ws.write_string(r, 6, &l.note)?;
        }
        ws.set_column_width(0, 30)?;
    }
    Ok(wb.save_to_buffer()?)
}
