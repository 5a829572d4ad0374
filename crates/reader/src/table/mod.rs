//! Indicator tables: finding them in flattened text ([`find`]), telling what each cell is
//! ([`cells`]), rebuilding rows and columns from that ([`rows`]) and reading the rows
//! ([`read`]).
//!
//! Tables that arrive with their cells known (a .docx table, and any structured format) skip
//! the finding and enter at [`read`] as rows of cells ([`crate::source::RawTable`]).

mod cells;
mod find;
mod read;
mod rows;
mod stats;

pub(crate) use find::{
    attach_caption_and_note, caption_line, caption_text, find_tables, is_header_cell,
    plain_header_at,
};
pub(crate) use read::{NotRead, TableContext, interpret};
pub(crate) use stats::read_stats;

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(String::from).collect()
    }

    #[test]
    fn tab_table_with_split_cell() {
        let text = "附件1\n\n2023年主要指标完成情况\n\n\t序号\n\t指标名称\n\t2023年预期目标\n\t实际完成\n\n\t1\n\t单位地区生产总值二氧化碳排放下降（%）*\n\t市级下达\n\t完成市级\n\n下达目标\n\n\t2\n\t空气质量优良天数（天）*\n\t310天以上\n\t289\n\n\n注：加*为约束性指标；其他为预期性指标。\n";
        let ls = lines(text);
        let taken = vec![false; ls.len()];
        let found = find_tables(&ls, &taken);
        assert_eq!(found.len(), 1);
        let Ok(read) = interpret(
            &found[0],
            0,
            &TableContext {
                execution_year: None,
                plan_year: None,
            },
        ) else {
            panic!("table not read");
        };
        assert_eq!(read.table.caption, "附件1 2023年主要指标完成情况");
        assert_eq!(read.table.year, Some(2023));
        assert_eq!(read.indicators.len(), 2);
        assert_eq!(
            read.indicators[0].actual.as_ref().unwrap().text,
            "完成市级下达目标"
        );
        assert!(read.indicators[1].binding);
        assert!(read.table.note.is_some());
    }
}
