//! Writing tables to xlsx (one sheet per table) and CSV (UTF-8 with BOM).

use crate::error::ExportError;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook};

/// A cell to write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Out {
    Empty,
    Text(String),
    Number(Decimal),
}

impl Out {
    pub fn text(s: impl Into<String>) -> Out {
        let s = s.into();
        if s.is_empty() {
            Out::Empty
        } else {
            Out::Text(s)
        }
    }

    pub fn opt_number(d: Option<Decimal>) -> Out {
        d.map_or(Out::Empty, Out::Number)
    }

    pub fn opt_text<T: ToString>(v: Option<T>) -> Out {
        v.map_or(Out::Empty, |v| Out::text(v.to_string()))
    }

    fn csv_text(&self) -> String {
        match self {
            Out::Empty => String::new(),
            Out::Text(s) => s.clone(),
            Out::Number(d) => d.normalize().to_string(),
        }
    }
}

/// One table: a sheet in xlsx, a file in CSV.
pub(crate) struct OutTable {
    pub name: &'static str,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Out>>,
}

/// Writes tables as sheets of one workbook: bold frozen header row, numbers as numbers.
pub(crate) fn to_xlsx(tables: &[OutTable]) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    for t in tables {
        let ws = wb.add_worksheet();
        ws.set_name(t.name)?;
        for (j, h) in t.headers.iter().enumerate() {
            let col = j as u16;
            ws.write_string_with_format(0, col, h, &bold)?;
            // Wide enough for the header; Chinese characters count double.
            let width = h
                .chars()
                .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
                .sum::<f64>()
                + 2.0;
            ws.set_column_width(col, width.max(10.0))?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (i, row) in t.rows.iter().enumerate() {
            let r = i as u32 + 1;
            for (j, cell) in row.iter().enumerate() {
                let c = j as u16;
                match cell {
                    Out::Empty => {}
                    Out::Text(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    Out::Number(d) => {
                        // Decimals of ledgers (亿元 to 4 places) are far inside f64's 15 digits.
                        ws.write_number(r, c, d.to_f64().unwrap_or_default())?;
                    }
                }
            }
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// Writes one table as CSV: UTF-8 with a BOM (so Excel opens it as UTF-8), header first.
pub(crate) fn to_csv(table: &OutTable) -> Result<Vec<u8>, ExportError> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(&table.headers)?;
        for row in &table.rows {
            w.write_record(row.iter().map(Out::csv_text))?;
        }
        w.flush()?;
    }
    Ok(out)
}
