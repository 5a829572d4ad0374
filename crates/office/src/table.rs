//! Sheets as tables of cells, from xlsx or CSV, and typed reading of their cells with every
//! problem collected rather than the first one returned.

use crate::error::{CellError, ImportError};
use calamine::{Data, Reader};
use planwatch_domain::Message;
use planwatch_domain::projects::{PlanDate, to_half_width};
use rust_decimal::Decimal;
use std::io::Cursor;
use std::str::FromStr;

/// A cell as read, before interpretation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(PlanDate),
    /// An Excel error value (#N/A…) or a date-time calamine could not place.
    Bad(String),
}

impl Cell {
    fn from_data(d: &Data) -> Cell {
        match d {
            Data::Empty => Cell::Empty,
            Data::String(s) => {
                let t = s.trim();
                if t.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(t.to_string())
                }
            }
            Data::Float(f) => Cell::Number(*f),
            Data::Int(i) => Cell::Number(*i as f64),
            Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
            Data::DateTime(dt) if dt.is_datetime() => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                match PlanDate::ymd(i32::from(y), m, d) {
                    Some(p) => Cell::Date(p),
                    None => Cell::Bad(dt.as_f64().to_string()),
                }
            }
            Data::DateTime(dt) => Cell::Bad(dt.as_f64().to_string()),
            Data::DateTimeIso(s) => match PlanDate::parse(s) {
                Ok(p) => Cell::Date(p),
                Err(_) => Cell::Bad(s.clone()),
            },
            Data::DurationIso(s) => Cell::Bad(s.clone()),
            Data::Error(e) => Cell::Bad(format!("{e}")),
        }
    }

    /// The cell as text: numbers without a spurious ".0", dates as `2023-03-15`.
    pub(crate) fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Bad(s) => s.clone(),
            Cell::Number(f) => number_text(*f),
            Cell::Date(d) => d.to_string(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }
}

/// Shortest text of an f64 that reads back to it; integers without a fraction.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A sheet: rows of cells with their Excel row numbers.
#[derive(Debug, Clone)]
pub(crate) struct Sheet {
    pub name: String,
    /// 0-based index of the first column the cells start at.
    pub first_col: u32,
    /// (1-based Excel row, cells)
    pub rows: Vec<(u32, Vec<Cell>)>,
}

/// Every sheet of an xlsx/xls/ods workbook.
pub(crate) fn load_workbook(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| ImportError::Workbook(e.to_string()))?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| ImportError::Workbook(format!("{name}: {e}")))?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, r)| (row0 + i as u32 + 1, r.iter().map(Cell::from_data).collect()))
            .collect();
        sheets.push(Sheet {
            name,
            first_col: col0,
            rows,
        });
    }
    Ok(sheets)
}

/// Decodes CSV bytes: UTF-8 with or without BOM; otherwise GB18030 (what Chinese Excel
/// saves as "CSV" by default).
pub(crate) fn decode_csv(bytes: &[u8]) -> String {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(body);
            text.into_owned()
        }
    }
}

/// A CSV file as a sheet named `name`; every cell is text.
pub(crate) fn load_csv(bytes: &[u8], name: &str) -> Result<Sheet, ImportError> {
    let text = decode_csv(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| ImportError::Workbook(format!("CSV: {e}")))?;
        let cells = rec
            .iter()
            .map(|s| {
                let t = s.trim();
                if t.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(t.to_string())
                }
            })
            .collect();
        rows.push((i as u32 + 1, cells));
    }
    Ok(Sheet {
        name: name.to_string(),
        first_col: 0,
        rows,
    })
}

/// Excel's letters for a 0-based column index: 0 → A, 27 → AB.
pub(crate) fn column_letter(mut idx: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (idx % 26) as u8);
        if idx < 26 {
            break;
        }
        idx = idx / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A column of a template.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col {
    /// The header as the template writes it.
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// The column must be present (its cells may still be allowed to be empty).
    pub required: bool,
}

pub(crate) const fn col(
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
) -> Col {
    Col {
        name,
        aliases,
        required,
    }
}

/// Headers compare without spaces, asterisks (marking required columns) or full-width forms.
pub(crate) fn norm_header(s: &str) -> String {
    s.chars()
        .map(to_half_width)
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect::<String>()
        .to_lowercase()
}

/// Finds a sheet by name (or aliases); failing that, the first sheet whose header row holds
/// every required column of `cols` — so a one-sheet file named "Sheet1" still reads.
pub(crate) fn find_sheet<'a>(
    sheets: &'a [Sheet],
    names: &[&str],
    cols: &[Col],
) -> Option<&'a Sheet> {
    let wanted: Vec<String> = names.iter().map(|n| norm_header(n)).collect();
    if let Some(s) = sheets
        .iter()
        .find(|s| wanted.contains(&norm_header(&s.name)))
    {
        return Some(s);
    }
    sheets.iter().find(|s| {
        header_row(s, cols).is_some_and(|(_, map)| {
            cols.iter()
                .zip(&map)
                .all(|(c, m)| !c.required || m.is_some())
        })
    })
}

fn matches(col: &Col, header: &str) -> bool {
    let h = norm_header(header);
    !h.is_empty() && (h == norm_header(col.name) || col.aliases.iter().any(|a| h == norm_header(a)))
}

/// The header row (index into `sheet.rows`) among the first ten: the one matching the most
/// template columns; with the column map (template column → cell index).
fn header_row(sheet: &Sheet, cols: &[Col]) -> Option<(usize, Vec<Option<usize>>)> {
    let mut best: Option<(usize, usize)> = None;
    for (i, (_, cells)) in sheet.rows.iter().take(10).enumerate() {
        let n = cells
            .iter()
            .filter(|c| cols.iter().any(|col| matches(col, &c.display())))
            .count();
        if n > 0 && best.is_none_or(|(_, bn)| n > bn) {
            best = Some((i, n));
        }
    }
    let (i, _) = best?;
    let cells = &sheet.rows[i].1;
    let map = cols
        .iter()
        .map(|col| cells.iter().position(|c| matches(col, &c.display())))
        .collect();
    Some((i, map))
}

/// A sheet with its columns located, ready to read row by row.
pub(crate) struct Mapped<'a> {
    pub sheet: &'a Sheet,
    pub cols: &'static [Col],
    /// Template column → cell index.
    pub map: Vec<Option<usize>>,
    /// Index of the header row in `sheet.rows`.
    pub header: usize,
}

impl<'a> Mapped<'a> {
    /// Locates the columns; records missing required columns and repeated headers.
    pub fn new(
        sheet: &'a Sheet,
        cols: &'static [Col],
        errs: &mut Vec<CellError>,
    ) -> Option<Mapped<'a>> {
        let Some((header, map)) = header_row(sheet, cols) else {
            errs.push(CellError {
                sheet: sheet.name.clone(),
                row: None,
                column: None,
                letter: None,
                value: String::new(),
                expected: Message::new(
                    format!(
                        "含表头的工作表（表头：{}）",
                        cols.iter().map(|c| c.name).collect::<Vec<_>>().join("、")
                    ),
                    format!(
                        "a sheet with a header row ({})",
                        cols.iter()
                            .map(|c| format!("“{}”", c.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            });
            return None;
        };
        let m = Mapped {
            sheet,
            cols,
            map,
            header,
        };
        let header_excel_row = sheet.rows[header].0;
        for (c, idx) in cols.iter().zip(&m.map) {
            if c.required && idx.is_none() {
                errs.push(CellError {
                    sheet: sheet.name.clone(),
                    row: Some(header_excel_row),
                    column: Some(c.name.to_string()),
                    letter: None,
                    value: String::new(),
                    expected: Message::new(
                        format!("必需的列“{}”", c.name),
                        format!("the required column “{}”", c.name),
                    ),
                });
            }
        }
        let cells = &sheet.rows[header].1;
        for (c, idx) in cols.iter().zip(&m.map) {
            if let Some(first) = idx {
                for (j, cell) in cells.iter().enumerate().skip(first + 1) {
                    if matches(c, &cell.display()) {
                        errs.push(CellError {
                            sheet: sheet.name.clone(),
                            row: Some(header_excel_row),
                            column: Some(c.name.to_string()),
                            letter: Some(column_letter(sheet.first_col + j as u32)),
                            value: cell.display(),
                            expected: Message::new(
                                format!("“{}”列只出现一次", c.name),
                                format!("the column “{}” only once", c.name),
                            ),
                        });
                    }
                }
            }
        }
        Some(m)
    }

    /// The header cells that are not template columns, with their cell indices.
    pub fn other_headers(&self) -> Vec<(usize, String)> {
        let cells = &self.sheet.rows[self.header].1;
        cells
            .iter()
            .enumerate()
            .filter(|(j, c)| !c.is_empty() && !self.map.contains(&Some(*j)))
            .map(|(j, c)| (j, c.display()))
            .collect()
    }

    pub fn header_excel_row(&self) -> u32 {
        self.sheet.rows[self.header].0
    }

    /// Data rows: after the header, skipping empty rows and total rows (合计/总计/小计 as the
    /// first non-empty cell), which ledgers often end with.
    pub fn data_rows(&self) -> impl Iterator<Item = (u32, &'a [Cell])> + 'a {
        self.sheet.rows[self.header + 1..]
            .iter()
            .filter(|(_, cells)| match cells.iter().find(|c| !c.is_empty()) {
                None => false,
                Some(first) => {
                    let t = norm_header(&first.display());
                    !matches!(t.as_str(), "合计" | "总计" | "小计")
                }
            })
            .map(|(r, cells)| (*r, cells.as_slice()))
    }

    pub fn row<'r>(&'r self, row: u32, cells: &'r [Cell], errs: &'r mut Vec<CellError>) -> Row<'r> {
        Row {
            m: self,
            row,
            cells,
            errs,
        }
    }
}

static EMPTY: Cell = Cell::Empty;

/// One data row being read; every failed read records a [`CellError`].
pub(crate) struct Row<'r> {
    m: &'r Mapped<'r>,
    pub row: u32,
    cells: &'r [Cell],
    pub errs: &'r mut Vec<CellError>,
}

impl Row<'_> {
    pub fn cell(&self, c: usize) -> &Cell {
        match self.m.map.get(c).copied().flatten() {
            Some(i) => self.cells.get(i).unwrap_or(&EMPTY),
            None => &EMPTY,
        }
    }

    /// Records a problem with column `c` of this row.
    pub fn fail(&mut self, c: usize, expected: Message) {
        let letter = self
            .m
            .map
            .get(c)
            .copied()
            .flatten()
            .map(|i| column_letter(self.m.sheet.first_col + i as u32));
        let value = self.cell(c).display();
        self.errs.push(CellError {
            sheet: self.m.sheet.name.clone(),
            row: Some(self.row),
            column: self.m.cols.get(c).map(|col| col.name.to_string()),
            letter,
            value,
            expected,
        });
    }

    pub fn text(&self, c: usize) -> String {
        self.cell(c).display()
    }

    /// Text that must not be empty.
    pub fn req_text(&mut self, c: usize) -> String {
        let t = self.text(c);
        if t.is_empty() {
            self.fail(c, Message::new("非空文本", "text, not empty"));
        }
        t
    }

    /// A number; `None` when empty or wrong (the latter recorded). Accepts numeric cells and
    /// text with full-width digits, thousands separators and a trailing `unit`.
    pub fn decimal(&mut self, c: usize, unit: &str) -> Option<Decimal> {
        match self.cell(c) {
            Cell::Empty => None,
            Cell::Number(f) => match Decimal::from_str(&format!("{f}")) {
                Ok(d) => Some(d),
                Err(_) => {
                    self.fail(c, Message::new("有效数字", "a valid number"));
                    None
                }
            },
            Cell::Text(t) => match parse_number(t, unit) {
                Some(Some(d)) => Some(d),
                Some(None) => None,
                None => {
                    self.fail(c, number_in(unit));
                    None
                }
            },
            Cell::Date(_) | Cell::Bad(_) => {
                self.fail(c, number_in(""));
                None
            }
        }
    }

    /// A number that must be present and not negative.
    pub fn req_amount(&mut self, c: usize, unit: &str) -> Option<Decimal> {
        let before = self.errs.len();
        let v = self.decimal(c, unit);
        if v.is_none() && self.errs.len() == before {
            self.fail(
                c,
                Message::new(
                    format!("数字（单位：{unit}），不能为空"),
                    format!("a number (in {}), not empty", quoted_unit(unit)),
                ),
            );
        }
        self.non_negative(c, v)
    }

    /// An optional number that must not be negative.
    pub fn amount(&mut self, c: usize, unit: &str) -> Option<Decimal> {
        let v = self.decimal(c, unit);
        self.non_negative(c, v)
    }

    fn non_negative(&mut self, c: usize, v: Option<Decimal>) -> Option<Decimal> {
        match v {
            Some(d) if d < Decimal::ZERO => {
                self.fail(c, Message::new("不小于0的数", "a number not below 0"));
                None
            }
            other => other,
        }
    }

    /// A date; `None` when empty or wrong (the latter recorded).
    pub fn date(&mut self, c: usize) -> Option<PlanDate> {
        match self.cell(c) {
            Cell::Empty => None,
            Cell::Date(d) => Some(*d),
            Cell::Text(t) => match PlanDate::parse(t) {
                Ok(d) => Some(d),
                Err(_) => {
                    self.fail(c, date_like());
                    None
                }
            },
            // A date cell saved without a date format: an Excel serial day number.
            Cell::Number(f) if *f >= 10_000.0 && *f < 2_958_466.0 && f.fract() == 0.0 => {
                let n = *f as i64;
                let p = civil_from_days(n - 25_569);
                if p.is_none() {
                    self.fail(c, Message::new("日期", "a date"));
                }
                p
            }
            Cell::Number(_) | Cell::Bad(_) => {
                self.fail(c, date_like());
                None
            }
        }
    }

    /// A label parsed by `parse`; `None` when empty (recorded if `required`) or unknown.
    pub fn label<T>(
        &mut self,
        c: usize,
        parse: impl Fn(&str) -> Option<T>,
        expected: &str,
        required: bool,
    ) -> Option<T> {
        let t = self.text(c);
        let one_of = || {
            Message::new(
                format!("{expected}之一"),
                format!(
                    "one of {}",
                    expected
                        .split('/')
                        .map(|x| format!("“{x}”"))
                        .collect::<Vec<_>>()
                        .join(" / ")
                ),
            )
        };
        if t.is_empty() {
            if required {
                self.fail(c, one_of());
            }
            return None;
        }
        let v = parse(&t);
        if v.is_none() {
            self.fail(c, one_of());
        }
        v
    }
}

/// What a number cell expects: 数字（单位：亿元） / a number (in billion yuan… as written).
fn number_in(unit: &str) -> Message {
    if unit.is_empty() {
        Message::new("数字", "a number")
    } else {
        Message::new(
            format!("数字（单位：{unit}）"),
            format!("a number (in {})", quoted_unit(unit)),
        )
    }
}

/// A template's unit for an English message: quoted as the sheet writes it (亿元 is the
/// column's unit, not a figure to convert).
fn quoted_unit(unit: &str) -> String {
    format!("“{unit}”")
}

/// What a repeated key expects: 唯一的项目编号（与第3行重复） / a unique project code (row 3
/// has the same).
pub fn unique(zh: &str, en: &str, first_row: u32) -> Message {
    Message::new(
        format!("{zh}（与第{first_row}行重复）"),
        format!("{en} (row {first_row} has the same)"),
    )
}

/// What a date cell expects.
fn date_like() -> Message {
    Message::new(
        "日期，如 2023-03 或 2023-03-15",
        "a date such as 2023-03 or 2023-03-15",
    )
}

/// Parses a number written as text. `Some(None)` for a placeholder meaning "none" (—, -, /),
/// `None` when it is not a number.
pub(crate) fn parse_number(text: &str, unit: &str) -> Option<Option<Decimal>> {
    let mut s: String = text
        .chars()
        .map(to_half_width)
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '、')
        .collect();
    if matches!(s.as_str(), "-" | "--" | "—" | "——" | "/" | "无") {
        return Some(None);
    }
    if !unit.is_empty()
        && let Some(stripped) = s.strip_suffix(unit)
    {
        s = stripped.to_string();
    }
    let s = s.strip_prefix('+').unwrap_or(&s);
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return None;
    }
    Decimal::from_str(s).ok().map(Some)
}

/// The date of day `n` since 1970-01-01 (inverse of `days_from_civil`).
fn civil_from_days(n: i64) -> Option<PlanDate> {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    PlanDate::ymd(i32::try_from(y).ok()?, m as u8, d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn numbers_in_text() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(parse_number("１，２３４.５", ""), Some(Some(d("1234.5"))));
        assert_eq!(parse_number("2,001.5", "亿元"), Some(Some(d("2001.5"))));
        assert_eq!(parse_number("252亿元", "亿元"), Some(Some(d("252"))));
        assert_eq!(parse_number("—", ""), Some(None));
        assert_eq!(parse_number("-3", ""), Some(Some(d("-3"))));
        assert_eq!(parse_number("约3", ""), None);
        assert_eq!(parse_number("1.2.3", ""), None);
    }

    #[test]
    fn serial_days() {
        // Excel serial 45000 is 2023-03-15.
        assert_eq!(civil_from_days(45_000 - 25_569), PlanDate::ymd(2023, 3, 15));
    }

    #[test]
    fn csv_encodings() {
        let (gb, _, _) = encoding_rs::GB18030.encode("项目编号,项目名称\n");
        assert_eq!(decode_csv(&gb), "项目编号,项目名称\n");
        assert_eq!(decode_csv("\u{FEFF}a,b".as_bytes()), "a,b");
    }
}
