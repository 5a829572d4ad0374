//! Synthetic reports of our own writing, in the layouts seen in published reports.
// Expected rows are written as tuples, which is what makes them readable as data.
#![allow(clippy::type_complexity)]

mod common;

use common::fixture;
use planwatch_domain::{Approx, Cmp, Form, Tier};
use planwatch_reader::*;
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn full_width_report() {
    let r = read_text(&fixture("fullwidth.txt"));
    assert_eq!(r.region.as_deref(), Some("青岚区"));
    assert_eq!((r.execution_year, r.plan_year), (Some(2024), Some(2025)));
    assert_eq!(r.tables.len(), 2);
    assert_eq!(r.tables[0].caption, "附件１ ２０２４年主要指标完成情况");
    assert_eq!(r.tables[0].year, Some(2024));
    let rows: Vec<(Option<u32>, &str, &str, bool, &str, Option<&str>)> = r
        .indicators
        .iter()
        .filter(|i| i.table_index == 0)
        .map(|i| {
            (
                i.seq,
                i.name.as_str(),
                i.unit.as_str(),
                i.binding,
                i.target.text.as_str(),
                i.actual.as_ref().map(|a| a.text.as_str()),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                Some(1),
                "地区生产总值增速",
                "%",
                false,
                "６以上",
                Some("６．０")
            ),
            (
                Some(2),
                "固定资产投资增速",
                "%",
                false,
                "８",
                Some("３．１")
            ),
            (
                Some(3),
                "一般公共预算收入增速",
                "%",
                false,
                "４",
                Some("４．１")
            ),
            (
                Some(4),
                "规上工业增加值增速",
                "%",
                false,
                "９",
                Some("７．５")
            ),
            (
                Some(5),
                "进出口总额",
                "亿元",
                false,
                "２００",
                Some("１８０")
            ),
            (
                Some(6),
                "城镇新增就业人数",
                "万人",
                false,
                "１．２",
                Some("１．５")
            ),
            // A cell split inside the row ("完成市级" / "下达任务") stays one cell.
            (
                Some(7),
                "单位地区生产总值能耗下降",
                "%",
                true,
                "完成市级下达任务",
                Some("完成市级下达目标")
            ),
            (
                Some(8),
                "空气质量优良天数",
                "天",
                true,
                "３２０以上",
                Some("３０１")
            ),
        ]
    );
    // Full-width digits parse.
    let gdp = &r.indicators[0];
    assert!(
        matches!(&gdp.target.form, Form::Bound { cmp: Cmp::Ge, value } if value.value == d("6"))
    );
    let next: Vec<(&str, Option<Tier>, bool)> = r
        .indicators
        .iter()
        .filter(|i| i.table_index == 1)
        .map(|i| (i.name.as_str(), i.tier, i.is_new))
        .collect();
    assert_eq!(
        next,
        vec![
            ("地区生产总值增速", Some(Tier::Core), false),
            ("固定资产投资增速", Some(Tier::Core), false),
            ("城镇新增就业人数", Some(Tier::Core), false),
            ("数字经济核心产业增加值增速", Some(Tier::Other), true),
            ("空气质量优良天数", Some(Tier::Other), false),
        ]
    );
    // The section row says three, two follow: recorded for the reviewer.
    let other = &r.tables[1].sections[1];
    assert_eq!((other.stated, other.rows), (Some(3), 2));

    let on = r
        .summary_claims
        .iter()
        .find(|s| s.group == SummaryGroup::OnTrack)
        .unwrap();
    assert_eq!(on.count, Some(8));
    let below = r
        .summary_claims
        .iter()
        .find(|s| s.group == SummaryGroup::Below)
        .unwrap();
    assert_eq!(below.count, Some(3));
    assert_eq!(below.names.len(), 3);
    assert!(below.names.iter().all(|n| n.matched.is_some()));

    let paired: Vec<(&str, &str)> = r
        .inline
        .iter()
        .filter(|t| {
            t.role == Role::Target && (t.expr.text.contains('７') || t.expr.text.contains('８'))
        })
        .map(|t| (t.subject.as_str(), t.expr.text.as_str()))
        .collect();
    assert_eq!(
        paired,
        vec![("工业增加值", "增长７％"), ("服务业增加值", "增长８％左右")]
    );
    assert!(
        r.inline
            .iter()
            .filter(|t| t.subject.ends_with("业增加值"))
            .all(|t| matches!(
                t.expr.form,
                Form::Approx {
                    approx: Approx::About,
                    ..
                }
            ))
    );

    let p = &r.projects[0];
    let counts: Vec<(Phase, Option<Decimal>)> = p
        .phases
        .iter()
        .map(|x| (x.phase, x.count.as_ref().map(|f| f.value)))
        .collect();
    assert_eq!(
        counts,
        vec![
            (Phase::New, Some(d("40"))),
            (Phase::Continuing, Some(d("50"))),
            (Phase::Preparatory, Some(d("35")))
        ]
    );
    assert_eq!(p.plan_share.as_ref().map(|f| f.value), Some(d("88")));
    let l = &r.livelihood[0];
    assert_eq!(l.themes.len(), 3);
    assert!(l.all_done);
    let m = r
        .measures
        .iter()
        .find(|m| m.subject == "引进重点企业")
        .unwrap();
    assert_eq!((m.value, m.cmp), (d("30"), MeasureCmp::AtLeast));
}

#[test]
fn pipe_rows_with_actual_before_target() {
    let r = read_text(&fixture("pipe_rows.txt"));
    let t = &r.tables[0];
    assert_eq!(t.caption, "附表1 2024年度主要指标执行情况");
    assert_eq!(t.layout, TableLayout::PipeRows);
    assert!(matches!(
        t.roles[2],
        ColumnRole::Actual {
            year: Some(2024),
            ..
        }
    ));
    assert!(matches!(
        t.roles[3],
        ColumnRole::Target { year: Some(2024) }
    ));
    assert_eq!(t.roles[4], ColumnRole::Unit);
    let rows: Vec<(&str, &str, bool, &str, &str)> = r
        .indicators
        .iter()
        .map(|i| {
            (
                i.name.as_str(),
                i.unit.as_str(),
                i.binding,
                i.target.text.as_str(),
                i.actual.as_ref().unwrap().text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("单位GDP能耗下降", "%", true, "3以上", "3.2"),
            // The table's own marker (▲, from its note) makes it binding.
            ("空气质量优良率", "%", true, "90", "88"),
            ("地区生产总值增速", "%", false, "5左右", "5.1"),
            ("城镇登记失业率", "%", false, "3.5以内", "3.1"),
            ("社会消费品零售总额", "亿元", false, "200", "212"),
        ]
    );
    assert_eq!(
        t.sections.iter().map(|s| s.rows).collect::<Vec<_>>(),
        vec![2, 3]
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn pipe_cells_with_a_value_equal_to_the_next_number() {
    let r = read_text(&fixture("pipe_cells.txt"));
    assert_eq!(r.tables[0].layout, TableLayout::PipeCells);
    let rows: Vec<(Option<u32>, &str, &str, &str)> = r
        .indicators
        .iter()
        .map(|i| {
            (
                i.seq,
                i.name.as_str(),
                i.target.text.as_str(),
                i.actual.as_ref().unwrap().text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (Some(1), "地区生产总值", "增长6%左右", "增长6.1%"),
            // The target "3" is not taken for row 3's number.
            (Some(2), "城镇新增就业", "3", "2.3"),
            (Some(3), "居民人均可支配收入", "与经济增长同步", "增长5.8%"),
            (Some(4), "进出口总额", "稳中提质", "待海关反馈"),
        ]
    );
    assert_eq!(r.indicators[1].unit, "万人");
}

#[test]
fn inline_bullets_in_full_width() {
    let r = read_text(&fixture("inline.txt"));
    let got: Vec<(Role, &str, &str, bool)> = r
        .inline
        .iter()
        .map(|t| {
            (
                t.role,
                t.subject.as_str(),
                t.expr.text.as_str(),
                t.expr.estimated,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (Role::Actual, "地区生产总值", "增长６％左右", true),
            (Role::Actual, "规上工业增加值", "增长７．２％", false),
            (Role::Actual, "工业投资", "下降３．５％", false),
            (Role::Actual, "城镇调查失业率", "控制在５．２％以内", true),
            (Role::Actual, "工业增加值", "增长７％", false),
            (Role::Actual, "服务业增加值", "增长８％左右", false),
            (Role::Target, "地区生产总值", "增长５．５％左右", false),
            (Role::Target, "城镇调查失业率", "控制在５．５％以内", false),
            (Role::Target, "能耗指标", "以省下达为准", false),
        ]
    );
    assert!(
        r.inline
            .iter()
            .all(|t| t.year == Some(if t.role == Role::Actual { 2024 } else { 2025 }))
    );
    let deposits = r
        .claims
        .iter()
        .find(|c| c.subject == "金融机构存款余额")
        .unwrap();
    assert_eq!(
        (deposits.value, deposits.qualifier),
        (d("1200"), Some(Qualifier::Nearly))
    );
    assert_eq!(deposits.comparisons, vec!["占全省近１／１０"]);
    let firms = r
        .claims
        .iter()
        .find(|c| c.subject == "新增市场主体")
        .unwrap();
    assert_eq!(
        (firms.value, firms.unit.as_str(), firms.qualifier),
        (d("1.2"), "万户", Some(Qualifier::MoreThan))
    );
}
