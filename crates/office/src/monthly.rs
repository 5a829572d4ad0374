//! Monthly figures as statistics bureaus send them (统计月报), in three shapes, told apart by
//! what the cells are rather than where they sit:
//!
//! - **wide**: rows are indicators, columns are periods — `1-2月`, `1-3月` … `1-12月`, or
//!   `1月` … `12月`, 一季度/上半年/前三季度 — each period possibly split into sub-columns
//!   (累计/绝对值/本月止累计 and 增速/同比增长/±%) under a merged header cell; title rows above,
//!   notes (注：…, 资料来源) below; the unit in the name (`社会消费品零售总额（亿元）`) or in a
//!   单位 column. A header cell may carry both (`1-3月累计`).
//! - **one sheet per month**: the period is in the sheet's name or title (`2024年1-3月`) and
//!   the columns are only measures (本月止累计, 同比增长).
//! - **long**: one value per row with columns 地区, 年度, 指标, 月份, 数值 (and optionally 单位
//!   and a 口径 column saying 累计 or 增速), for a city loading all its districts and years.
//!
//! A period is a cumulative 1-m月 figure (planwatch's monthly figure); 当月 columns are seen and
//! reported, not read. Every value keeps its cell, so the use case can name it. Problems are
//! [`CellError`]s and the file is refused whole.

use crate::Format;
use crate::error::{CellError, ImportError, ImportErrors};
use crate::indicators::CellRef;
use crate::table::{Cell, Sheet, column_letter, load_csv, load_workbook, parse_number};
use planwatch_domain::Message;
use planwatch_domain::projects::to_half_width;
use serde::Serialize;

/// What a column of figures holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// 累计, 绝对值, 本月止累计: the 1-m月 amount, in the row's unit.
    Cumulative,
    /// 增速, 同比增长, ±%: the 1-m月 growth on a year earlier, in %.
    Growth,
    /// One column per period without saying which: matched against any indicator.
    Unstated,
}

/// One figure read from the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthlyValue {
    /// From a 地区 column (long format); `None` when the file does not say.
    pub region: Option<String>,
    /// From a 年度 column or the sheet's title; `None` when the file does not say.
    pub year: Option<i32>,
    /// The row's indicator name without its unit, as written.
    pub name: String,
    /// The row's unit (from the name or a 单位 column); "%" for growth columns.
    pub unit: String,
    /// The figure is for months 1..=month.
    pub month: u8,
    pub measure: Measure,
    /// The number as written (numeric cells without a spurious `.0`).
    pub text: String,
    #[serde(skip)]
    pub at: CellRef,
}

/// Something seen in the file and not read, said so rather than dropped silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub sheet: String,
    pub cell: String,
    pub value: String,
    /// Why it was not read, in both languages (`{"zh", "en"}` in JSON).
    #[serde(serialize_with = "planwatch_domain::lang::both::serialize")]
    pub reason: Message,
}

/// Every figure of a file, with what was passed over.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MonthlyFile {
    pub values: Vec<MonthlyValue>,
    pub skipped: Vec<Skipped>,
}

fn fold(s: &str) -> String {
    s.chars()
        .map(to_half_width)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The month m of a 1-m月 period label: `1-3月`, `1—3月`, `1至3月`, `3月`, `2024年1-3月`,
/// `一季度`, `上半年`, `前三季度`, `1-3月累计`; `None` for anything else.
pub fn period_month(label: &str) -> Option<u8> {
    let t = fold(label);
    let t = match t.find('年') {
        Some(p) if t[..p].chars().all(|c| c.is_ascii_digit()) && p == 4 => {
            &t[p + '年'.len_utf8()..]
        }
        _ => t.as_str(),
    };
    for (word, m) in [
        ("前三季度", 9),
        ("一季度", 3),
        ("1季度", 3),
        ("上半年", 6),
        ("全年", 12),
    ] {
        if t.starts_with(word) {
            return Some(m);
        }
    }
    let end = t.find('月')?;
    let span = &t[..end];
    let number = |s: &str| s.parse::<u8>().ok().filter(|m| (1..=12).contains(m));
    let seps = ['-', '—', '–', '~', '至', '－', '~'];
    match span.find(seps) {
        Some(p) => {
            let (a, rest) = span.split_at(p);
            let b = rest.trim_start_matches(seps);
            let b = b.trim_end_matches('月');
            if number(a.trim_end_matches('月')) == Some(1) {
                number(b)
            } else {
                None
            }
        }
        None => number(span),
    }
}

/// What a header cell says a column holds, if it says.
fn measure_of(label: &str) -> Option<ColumnMeasure> {
    let t = fold(label);
    if t.contains("本月止")
        || t.contains("累计")
        || t.contains("绝对")
        || t.contains("总量")
        || t.contains("完成值")
        || t.contains("绝对额")
    {
        if t.contains("增") || t.contains('%') || t.contains("同比") {
            return Some(Ok(Measure::Growth));
        }
        return Some(Ok(Measure::Cumulative));
    }
    if t.contains("增速")
        || t.contains("增长")
        || t.contains("同比")
        || t.contains("增幅")
        || t.contains("±")
        || t.contains("+/-")
    {
        return Some(Ok(Measure::Growth));
    }
    if t.contains("当月") || t == "本月" {
        return Some(Err(single_month));
    }
    if t == "数值" || t == "绝对数" || t == "金额" {
        return Some(Ok(Measure::Cumulative));
    }
    None
}

/// A 4-digit year written in text: `2024年1-6月主要经济指标` → 2024.
fn year_in(text: &str) -> Option<i32> {
    let t = fold(text);
    let cs: Vec<char> = t.chars().collect();
    for w in cs.windows(5) {
        if w[..4].iter().all(|c| c.is_ascii_digit()) && w[4] == '年' {
            let y: String = w[..4].iter().collect();
            if let Ok(y) = y.parse::<i32>()
                && (1990..=2100).contains(&y)
            {
                return Some(y);
            }
        }
    }
    None
}

fn is_note(text: &str) -> bool {
    let t = fold(text);
    [
        "注:",
        "注：",
        "注1",
        "注①",
        "说明:",
        "说明：",
        "备注",
        "资料来源",
        "数据来源",
        "※",
    ]
    .iter()
    .any(|p| t.starts_with(p))
        || t == "注"
}

/// Reads every sheet of a workbook or a CSV file.
pub fn read_monthly(bytes: &[u8], format: Format) -> Result<MonthlyFile, ImportError> {
    let sheets = match format {
        Format::Xlsx => load_workbook(bytes)?,
        Format::Csv => vec![load_csv(bytes, "月度数据")?],
    };
    let mut out = MonthlyFile::default();
    let mut errs = Vec::new();
    let mut understood = false;
    for sheet in &sheets {
        if sheet
            .rows
            .iter()
            .all(|(_, cells)| cells.iter().all(Cell::is_empty))
        {
            continue;
        }
        let read = read_long(sheet, &mut out, &mut errs) || read_wide(sheet, &mut out, &mut errs);
        if read {
            understood = true;
        } else {
            out.skipped.push(Skipped {
                sheet: sheet.name.clone(),
                cell: String::new(),
                value: String::new(),
                reason: Message::new(
                    "未找到期别表头（如 1-3月、3月）或长表表头（地区、年度、指标、月份、数值）",
                    "no period headers (such as “1-3月”, “3月”) and no long-table headers \
                     (“地区”, “年度”, “指标”, “月份”, “数值”) found",
                ),
            });
        }
    }
    if !understood && errs.is_empty() {
        errs.push(CellError {
            sheet: sheets.first().map(|s| s.name.clone()).unwrap_or_default(),
            row: None,
            column: None,
            letter: None,
            value: String::new(),
            expected: Message::new(
                "统计月报表：指标为行、期别（1-2月…1-12月或1月…12月）为列；或长表（地区、年度、指标、月份、数值）",
                "a monthly statistics table: indicators as rows and periods (“1-2月”…“1-12月” or \
                 “1月”…“12月”) as columns; or a long table (“地区”, “年度”, “指标”, “月份”, “数值”)",
            ),
        });
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(ImportError::Invalid(ImportErrors(errs)))
    }
}

fn cell_ref(sheet: &Sheet, row: u32, j: usize, column: String) -> CellRef {
    CellRef {
        sheet: sheet.name.clone(),
        cell: format!("{}{row}", column_letter(sheet.first_col + j as u32)),
        column,
    }
}

fn bad(
    sheet: &Sheet,
    row: u32,
    j: usize,
    column: &str,
    value: String,
    expected: Message,
) -> CellError {
    CellError {
        sheet: sheet.name.clone(),
        row: Some(row),
        column: Some(column.to_string()),
        letter: Some(column_letter(sheet.first_col + j as u32)),
        value,
        expected,
    }
}

/// The number of a value cell: `Ok(None)` for an empty cell or a placeholder (—, -, /).
fn value_text(cell: &Cell) -> Result<Option<String>, ()> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(f) if f.is_finite() => Ok(Some(cell.display())),
        Cell::Text(t) => match parse_number(t, "") {
            Some(Some(d)) => Ok(Some(d.to_string())),
            Some(None) => Ok(None),
            None => Err(()),
        },
        _ => Err(()),
    }
}

/// The name and unit of a row label: `社会消费品零售总额（亿元）` → (社会消费品零售总额, 亿元).
fn name_and_unit(label: &str) -> (String, String) {
    match planwatch_text::parse_indicator_label(label) {
        Ok(l) => (l.name, l.unit),
        Err(_) => (fold(label), String::new()),
    }
}

/// What a value cell expects.
fn long_expected() -> Message {
    Message::new(
        "数字（空白或“—”表示无数据）",
        "a number (blank or “—” for no figure)",
    )
}

fn indicator_name() -> Message {
    Message::new("指标名称", "an indicator name")
}

/// What a value column's header says it holds, or why it is skipped.
type ColumnMeasure = Result<Measure, fn() -> Message>;

/// A 当月 column, skipped.
fn single_month() -> Message {
    Message::new(
        "当月值（只导入1-m月累计数）",
        "a single month's figure (only cumulative figures, “1-m月”, are imported)",
    )
}

/// The long format: a header row naming 指标, 月份 and 数值 (地区, 年度, 单位, 口径 optional).
fn read_long(sheet: &Sheet, out: &mut MonthlyFile, errs: &mut Vec<CellError>) -> bool {
    let classify = |t: &str| -> Option<&'static str> {
        let h = fold(t);
        Some(match h.as_str() {
            "地区" | "区县" | "地区名称" | "行政区划" | "区域" => "region",
            "年度" | "年份" | "年" => "year",
            "指标" | "指标名称" | "项目" => "name",
            "月份" | "月" | "期别" | "时期" | "统计期" => "month",
            "数值" | "值" | "本期数" | "数据" => "value",
            "单位" | "计量单位" => "unit",
            "口径" | "类别" | "数据类型" => "measure",
            _ => return None,
        })
    };
    let Some((h, cols)) = sheet
        .rows
        .iter()
        .take(10)
        .enumerate()
        .find_map(|(i, (_, cells))| {
            let cols: Vec<(usize, &'static str)> = cells
                .iter()
                .enumerate()
                .filter_map(|(j, c)| match c {
                    Cell::Text(t) => classify(t).map(|k| (j, k)),
                    _ => None,
                })
                .collect();
            let has = |k: &str| cols.iter().any(|(_, c)| *c == k);
            (has("name") && has("month") && has("value")).then_some((i, cols))
        })
    else {
        return false;
    };
    let col = |k: &str| cols.iter().find(|(_, c)| *c == k).map(|(j, _)| *j);
    let header_cells = &sheet.rows[h].1;
    let header = |j: usize| header_cells.get(j).map(Cell::display).unwrap_or_default();
    let title_year = sheet.rows[..h]
        .iter()
        .flat_map(|(_, cells)| cells.iter())
        .find_map(|c| year_in(&c.display()))
        .or_else(|| year_in(&sheet.name));
    for (row, cells) in &sheet.rows[h + 1..] {
        let get = |j: Option<usize>| j.and_then(|j| cells.get(j)).cloned().unwrap_or(Cell::Empty);
        let first = cells.iter().find(|c| !c.is_empty()).map(Cell::display);
        let Some(first) = first else { continue };
        if is_note(&first) {
            break;
        }
        let mut ok = true;
        let name_cell = get(col("name"));
        if name_cell.is_empty() {
            let j = col("name").unwrap_or(0);
            errs.push(bad(
                sheet,
                *row,
                j,
                &header(j),
                String::new(),
                indicator_name(),
            ));
            ok = false;
        }
        let (name, mut unit) = name_and_unit(&name_cell.display());
        if let Some(j) = col("unit") {
            let u = get(Some(j)).display();
            if !u.is_empty() {
                unit = u;
            }
        }
        let region = col("region")
            .map(|j| get(Some(j)).display())
            .filter(|r| !r.is_empty());
        let year = match col("year") {
            Some(j) => {
                let c = get(Some(j));
                let t = c.display();
                match fold(&t).trim_end_matches('年').parse::<i32>() {
                    Ok(y) if (1990..=2100).contains(&y) => Some(y),
                    _ => {
                        errs.push(bad(
                            sheet,
                            *row,
                            j,
                            &header(j),
                            t,
                            Message::new("年度（如 2024）", "a year (such as 2024)"),
                        ));
                        ok = false;
                        None
                    }
                }
            }
            None => title_year,
        };
        let month_j = col("month").unwrap_or(0);
        let month_cell = get(Some(month_j));
        let month = match &month_cell {
            Cell::Number(f) if f.fract() == 0.0 && (1.0..=12.0).contains(f) => Some(*f as u8),
            Cell::Date(d) => Some(d.month),
            other => {
                let t = other.display();
                let folded = fold(&t);
                // 2024-03, 2024/3, 2024.03
                let parts: Vec<&str> = folded.split(['-', '/', '.']).collect();
                let ym = (parts.len() >= 2
                    && parts[0].len() == 4
                    && parts[0].bytes().all(|b| b.is_ascii_digit()))
                .then(|| parts[1].trim_end_matches('月').parse::<u8>().ok())
                .flatten()
                .filter(|m| (1..=12).contains(m));
                ym.or_else(|| period_month(&t))
                    .or_else(|| folded.parse::<u8>().ok().filter(|m| (1..=12).contains(m)))
            }
        };
        if month.is_none() {
            errs.push(bad(
                sheet,
                *row,
                month_j,
                &header(month_j),
                month_cell.display(),
                Message::new(
                    "月份（如 3、3月、1-3月、2024-03）",
                    "a month (such as 3, “3月”, “1-3月”, 2024-03)",
                ),
            ));
            ok = false;
        }
        let measure = match col("measure").map(|j| (j, get(Some(j)).display())) {
            Some((_, t)) if t.is_empty() => Measure::Unstated,
            Some((j, t)) => match measure_of(&t) {
                Some(Ok(m)) => m,
                _ => {
                    errs.push(bad(
                        sheet,
                        *row,
                        j,
                        &header(j),
                        t,
                        Message::new(
                            "口径：累计或增速",
                            "the measure: “累计” (cumulative) or “增速” (growth)",
                        ),
                    ));
                    ok = false;
                    Measure::Unstated
                }
            },
            None => Measure::Unstated,
        };
        let value_j = col("value").unwrap_or(0);
        let value = match value_text(&get(Some(value_j))) {
            Ok(v) => v,
            Err(()) => {
                errs.push(bad(
                    sheet,
                    *row,
                    value_j,
                    &header(value_j),
                    get(Some(value_j)).display(),
                    long_expected(),
                ));
                ok = false;
                None
            }
        };
        if let (true, Some(month), Some(text)) = (ok, month, value) {
            if measure == Measure::Growth {
                unit = "%".into();
            }
            out.values.push(MonthlyValue {
                region,
                year,
                name,
                unit,
                month,
                measure,
                text,
                at: cell_ref(sheet, *row, value_j, header(value_j)),
            });
        }
    }
    true
}

/// A wide sheet: periods across (or the sheet's own period), measures under them.
fn read_wide(sheet: &Sheet, out: &mut MonthlyFile, errs: &mut Vec<CellError>) -> bool {
    let rows = &sheet.rows;
    // The period header: the first row with a period label beside other headers (a lone cell
    // is a title) and no figures.
    let period_row = rows.iter().take(15).position(|(_, cells)| {
        let labels = cells
            .iter()
            .filter(|c| matches!(c, Cell::Text(t) if period_month(t).is_some()))
            .count();
        let filled = cells.iter().filter(|c| !c.is_empty()).count();
        labels >= 1 && filled >= 2 && !cells.iter().any(|c| matches!(c, Cell::Number(_)))
    });
    let width = rows.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
    // Column → (month, measure) as the header rows say.
    let mut columns: Vec<Option<(u8, ColumnMeasure)>> = vec![None; width];
    let sheet_month = period_month(&sheet.name).or_else(|| {
        rows.iter()
            .take(5)
            .flat_map(|(_, cells)| cells.iter())
            .find_map(|c| match c {
                Cell::Text(t) => title_period(t),
                _ => None,
            })
    });
    let last_header;
    let header_start;
    match period_row {
        Some(p) => {
            let cells = &rows[p].1;
            let below = rows
                .get(p + 1)
                .map(|(_, c)| c.as_slice())
                .unwrap_or_default();
            // The row below is a sub-header when, under the periods, it holds measure labels
            // and no figures.
            let first_period = cells
                .iter()
                .position(|c| matches!(c, Cell::Text(t) if period_month(t).is_some()))
                .unwrap_or(0);
            let under = below.get(first_period..).unwrap_or_default();
            let has_sub = under
                .iter()
                .any(|c| matches!(c, Cell::Text(t) if measure_of(t).is_some()))
                && under
                    .iter()
                    .all(|c| matches!(c, Cell::Text(_) | Cell::Empty));
            let mut current: Option<u8> = None;
            for (j, column) in columns.iter_mut().enumerate() {
                let head = cells.get(j).cloned().unwrap_or(Cell::Empty);
                let sub = below.get(j).cloned().unwrap_or(Cell::Empty);
                if let Cell::Text(t) = &head
                    && let Some(m) = period_month(t)
                {
                    current = Some(m);
                    let measure = match (measure_of(t), has_sub) {
                        (Some(m), _) => m,
                        (None, true) => measure_of(&sub.display()).unwrap_or(Ok(Measure::Unstated)),
                        (None, false) => Ok(Measure::Unstated),
                    };
                    *column = Some((m, measure));
                } else if head.is_empty() && has_sub {
                    // Under a merged period cell: the sub-header says what it holds.
                    if let (Some(m), Some(measure)) = (current, measure_of(&sub.display())) {
                        *column = Some((m, measure));
                    } else {
                        current = None;
                    }
                } else {
                    current = None;
                }
            }
            last_header = if has_sub { p + 1 } else { p };
            header_start = p;
        }
        None => {
            // One sheet per month: measures only, the period from the sheet.
            let Some(month) = sheet_month else {
                return false;
            };
            let Some(h) = rows.iter().take(15).position(|(_, cells)| {
                cells
                    .iter()
                    .any(|c| matches!(c, Cell::Text(t) if matches!(measure_of(t), Some(Ok(_)))))
            }) else {
                return false;
            };
            for (j, c) in rows[h].1.iter().enumerate() {
                if let Cell::Text(t) = c
                    && let Some(m) = measure_of(t)
                {
                    columns[j] = Some((month, m));
                }
            }
            last_header = h;
            header_start = h;
        }
    }
    let first_value_col = columns.iter().position(Option::is_some).unwrap_or(width);
    let header_text = |j: usize| -> String {
        let mut parts = Vec::new();
        for (_, cells) in &rows[..=last_header] {
            if let Some(c) = cells.get(j)
                && !c.is_empty()
            {
                parts.push(c.display());
            }
        }
        parts.join(" ")
    };
    // The name column: a header saying 指标/项目, else the first text column left of the values.
    let name_col = rows[header_start..=last_header]
        .iter()
        .find_map(|(_, cells)| {
            cells.iter().take(first_value_col).position(|c| {
                matches!(c, Cell::Text(t) if { let f = fold(t); f.contains("指标") || f == "项目" || f == "名称" })
            })
        })
        .or_else(|| {
            (0..first_value_col).find(|&j| {
                rows[last_header + 1..]
                    .iter()
                    .any(|(_, cells)| matches!(cells.get(j), Some(Cell::Text(t)) if parse_number(t, "").is_none()))
            })
        });
    let Some(name_col) = name_col else {
        return false;
    };
    let unit_col = (0..first_value_col).find(|&j| {
        rows[header_start..=last_header]
            .iter()
            .any(|(_, cells)| matches!(cells.get(j), Some(Cell::Text(t)) if matches!(fold(t).as_str(), "单位" | "计量单位")))
    });
    let year = rows[..=last_header]
        .iter()
        .flat_map(|(_, cells)| cells.iter())
        .find_map(|c| year_in(&c.display()))
        .or_else(|| year_in(&sheet.name));
    for (j, col) in columns.iter().enumerate() {
        if let Some((_, Err(why))) = col {
            out.skipped.push(Skipped {
                sheet: sheet.name.clone(),
                cell: column_letter(sheet.first_col + j as u32),
                value: header_text(j),
                reason: why(),
            });
        }
    }
    for (row, cells) in &rows[last_header + 1..] {
        let Some(first) = cells.iter().find(|c| !c.is_empty()) else {
            continue;
        };
        if is_note(&first.display()) {
            break;
        }
        let label = cells.get(name_col).map(Cell::display).unwrap_or_default();
        let has_values = columns
            .iter()
            .enumerate()
            .any(|(j, c)| c.is_some() && cells.get(j).is_some_and(|x| !x.is_empty()));
        if label.is_empty() {
            if has_values {
                errs.push(bad(
                    sheet,
                    *row,
                    name_col,
                    &header_text(name_col),
                    String::new(),
                    indicator_name(),
                ));
            }
            continue;
        }
        let (name, mut unit) = name_and_unit(&label);
        if let Some(u) = unit_col.and_then(|j| cells.get(j)).map(Cell::display)
            && !u.is_empty()
        {
            unit = u;
        }
        for (j, col) in columns.iter().enumerate() {
            let Some((month, Ok(measure))) = col else {
                continue;
            };
            let cell = cells.get(j).cloned().unwrap_or(Cell::Empty);
            match value_text(&cell) {
                Ok(Some(text)) => out.values.push(MonthlyValue {
                    region: None,
                    year,
                    name: name.clone(),
                    unit: if *measure == Measure::Growth {
                        "%".into()
                    } else {
                        unit.clone()
                    },
                    month: *month,
                    measure: *measure,
                    text,
                    at: cell_ref(sheet, *row, j, header_text(j)),
                }),
                Ok(None) => {}
                Err(()) => errs.push(bad(
                    sheet,
                    *row,
                    j,
                    &header_text(j),
                    cell.display(),
                    long_expected(),
                )),
            }
        }
    }
    true
}

/// A period in a title (`2024年1-3月主要经济指标`), not a bare month heading.
fn title_period(text: &str) -> Option<u8> {
    let t = fold(text);
    let p = t.find('年')?;
    period_month(&t[p + '年'.len_utf8()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_labels() {
        for (label, m) in [
            ("1-2月", Some(2)),
            ("1—3月", Some(3)),
            ("1～12月", Some(12)),
            ("1至6月", Some(6)),
            ("3月", Some(3)),
            ("2024年1-3月", Some(3)),
            ("1-3月累计", Some(3)),
            ("上半年", Some(6)),
            ("前三季度", Some(9)),
            ("2-3月", None),
            ("13月", None),
            ("指标名称", None),
            ("2024年", None),
        ] {
            assert_eq!(period_month(label), m, "{label}");
        }
    }

    #[test]
    fn measure_labels() {
        assert_eq!(measure_of("累计"), Some(Ok(Measure::Cumulative)));
        assert_eq!(measure_of("本月止累计"), Some(Ok(Measure::Cumulative)));
        assert_eq!(measure_of("增速(%)"), Some(Ok(Measure::Growth)));
        assert_eq!(measure_of("比上年同期增长±%"), Some(Ok(Measure::Growth)));
        assert_eq!(measure_of("累计增长(%)"), Some(Ok(Measure::Growth)));
        assert!(matches!(measure_of("当月"), Some(Err(_))));
        assert_eq!(measure_of("单位"), None);
    }

    #[test]
    fn years_in_titles() {
        assert_eq!(year_in("江北区2024年1-6月主要经济指标"), Some(2024));
        assert_eq!(year_in("主要经济指标"), None);
    }
}
