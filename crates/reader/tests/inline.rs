//! Inline targets and actuals in prose, in variants of our own writing: ranges however they are
//! joined, pairs of subjects (城镇和农村…分别, 城乡…分别, a second 分别 without a subject),
//! targets without a figure (与经济增长同步, 实现正增长, 翻番, 完成…下达的任务), a margin over a
//! reference, a unit per unit, and a target paragraph inside a part that reviews the year.
//! Each in ASCII and in full-width punctuation.

use planwatch_domain::{Approx, Cmp, Form, Relation};
use planwatch_reader::{InlineTarget, Reading, Role, read_text};
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// The full-width form of the ASCII punctuation and digits a report may print.
fn wide(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' | '%' | '(' | ')' | ',' | ':' | ';' | '.' => {
                char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
            }
            c => c,
        })
        .collect()
}

fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

fn find<'a>(r: &'a Reading, role: Role, subject: &str) -> &'a InlineTarget {
    r.inline
        .iter()
        .find(|t| t.role == role && fold(&t.subject) == subject)
        .unwrap_or_else(|| {
            panic!(
                "no {role:?} for {subject}: {:#?}",
                r.inline
                    .iter()
                    .map(|t| (t.role, &t.subject, &t.expr.text))
                    .collect::<Vec<_>>()
            )
        })
}

fn report(sep: &str, in_step: &str) -> String {
    format!(
        "关于青岚区2024年国民经济和社会发展计划执行情况与2025年计划草案的报告\n\
         一、2024年工作回顾\n\
         全年地区生产总值增长5.2%。城乡居民人均可支配收入分别达到5.1万元、2.6万元,同比分别增长5.5%、6.8%。\
         规上工业增加值增长6.1%,一般公共预算收入增长3.3%,节能减排降碳完成市下达的任务。\n\
         二、2025年主要工作\n\
         今年全区经济社会发展的主要预期目标是:地区生产总值增长5%{sep}5.5%;一般公共预算收入同口径增长5%左右;\
         城镇和农村居民人均可支配收入分别增长6%和7%;居民收入增长{in_step};外贸进出口实现正增长;\
         全员劳动生产率达到25万元/人左右;研发投入增速高于全市平均1个百分点以上;实际利用外资翻番。\n"
    )
}

#[test]
fn targets_and_actuals_in_every_variant() {
    for full_width in [false, true] {
        for sep in ["—", "-", "~", "至"] {
            for in_step in ["与经济增长同步", "与经济增长保持同步", "与经济增长基本同步"]
            {
                let text = report(sep, in_step);
                let text = if full_width { wide(&text) } else { text };
                let r = read_text(&text);
                let what = format!("{full_width} {sep} {in_step}");

                // The year's results.
                let gdp = find(&r, Role::Actual, "地区生产总值");
                assert!(
                    matches!(&gdp.expr.form, Form::Value(q) if q.value == d("5.2")),
                    "{what}"
                );
                for (subject, level, growth) in [
                    ("城镇居民人均可支配收入", "5.1", "5.5"),
                    ("农村居民人均可支配收入", "2.6", "6.8"),
                ] {
                    let got: Vec<&InlineTarget> = r
                        .inline
                        .iter()
                        .filter(|t| t.role == Role::Actual && fold(&t.subject) == subject)
                        .collect();
                    assert_eq!(got.len(), 2, "{subject} in {what}: {got:#?}");
                    assert_eq!(got[0].expr.figure().map(|q| q.value), Some(d(level)));
                    assert_eq!(got[0].expr.figure().map(|q| q.unit.as_str()), Some("万元"));
                    assert_eq!(got[1].expr.figure().map(|q| q.value), Some(d(growth)));
                }
                let saving = find(&r, Role::Actual, "节能减排降碳");
                assert_eq!(saving.expr.form, Form::Outcome { met: true }, "{what}");

                // The year's targets, in a part that is about this year's work.
                let t = |s: &str| find(&r, Role::Target, s);
                assert!(
                    matches!(&t("地区生产总值").expr.form,
                        Form::Range { low, high } if low.value == d("5") && high.value == d("5.5") && high.unit == "%"),
                    "{what}: {:?}",
                    t("地区生产总值").expr
                );
                assert!(matches!(
                    &t("一般公共预算收入").expr.form,
                    Form::Approx { approx: Approx::About, value } if value.value == d("5")
                ));
                assert_eq!(
                    t("城镇居民人均可支配收入").expr.figure().map(|q| q.value),
                    Some(d("6"))
                );
                assert_eq!(
                    t("农村居民人均可支配收入").expr.figure().map(|q| q.value),
                    Some(d("7"))
                );
                assert!(
                    matches!(
                        &t("居民收入增长").expr.form,
                        Form::Relative { relation: Relation::InStep, reference, .. } if reference == "经济增长"
                    ),
                    "{what}: {:?}",
                    t("居民收入增长").expr
                );
                assert!(matches!(
                    &t("外贸进出口").expr.form,
                    Form::Bound { cmp: Cmp::Gt, value } if value.value.is_zero()
                ));
                assert!(
                    matches!(
                        &t("全员劳动生产率").expr.form,
                        Form::Approx { value, .. } if value.unit == "万元/人"
                    ),
                    "{what}: {:?}",
                    t("全员劳动生产率").expr
                );
                assert!(
                    matches!(
                        &t("研发投入增速").expr.form,
                        Form::Relative { relation: Relation::Above, margin: Some(m), .. } if m.low.value == d("1")
                    ),
                    "{what}: {:?}",
                    t("研发投入增速").expr
                );
                assert!(matches!(
                    &t("实际利用外资").expr.form,
                    Form::Value(q) if q.value == d("100") && q.unit == "%"
                ));
                assert!(
                    r.inline
                        .iter()
                        .filter(|x| x.role == Role::Target)
                        .all(|x| x.year == Some(2025)),
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn a_range_of_months_is_not_a_figure() {
    let r = read_text(
        "一、2024年计划执行情况\n1-9月，全区规上工业增加值增长6.2%，社会消费品零售总额增长5%~6%。\n",
    );
    let subjects: Vec<(&str, &str)> = r
        .inline
        .iter()
        .map(|t| (t.subject.as_str(), t.expr.text.as_str()))
        .collect();
    assert_eq!(
        subjects,
        vec![
            ("全区规上工业增加值", "增长6.2%"),
            ("社会消费品零售总额", "增长5%~6%")
        ]
    );
}
