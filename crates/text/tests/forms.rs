//! Every expression form of the domain, table by table, with the phrases seen in real reports.

use planwatch_domain::{Approx, Cmp, Expr, Form, Quantity, Relation};
use planwatch_text::parse_expr;
use rust_decimal::Decimal;
use std::str::FromStr;

fn q(v: &str, unit: &str) -> Quantity {
    Quantity::new(Decimal::from_str(v).expect("test decimal"), unit)
}
fn value(v: &str, unit: &str) -> Form {
    Form::Value(q(v, unit))
}
fn bound(cmp: Cmp, v: &str, unit: &str) -> Form {
    Form::Bound {
        cmp,
        value: q(v, unit),
    }
}
fn approx(approx: Approx, v: &str, unit: &str) -> Form {
    Form::Approx {
        approx,
        value: q(v, unit),
    }
}
fn range(lo: &str, hi: &str, unit: &str) -> Form {
    Form::Range {
        low: q(lo, unit),
        high: q(hi, unit),
    }
}
fn delegated(authority: &str) -> Form {
    Form::Delegated {
        authority: authority.into(),
    }
}
fn relative(reference: &str, relation: Relation) -> Form {
    Form::Relative {
        reference: reference.into(),
        relation,
        margin: None,
    }
}
fn pending(reason: Option<&str>) -> Form {
    Form::Pending {
        reason: reason.map(str::to_string),
    }
}

/// Checks the form, and that a readable form carries no error diagnostics unless expected.
fn check(cases: &[(&str, Form)]) {
    for (text, want) in cases {
        let e = parse_expr(text);
        assert_eq!(&e.form, want, "{text:?} → {e:?}");
        assert_eq!(e.text, text.trim(), "{text:?} keeps its text");
    }
}

fn flags(e: &Expr) -> (bool, bool, bool) {
    (e.strive, e.estimated, e.worded_decline)
}

#[test]
fn values() {
    check(&[
        ("10", value("10", "")),
        ("6.7", value("6.7", "")),
        ("-2.3", value("-2.3", "")),
        ("0.0074", value("0.0074", "")),
        ("增长6.7%", value("6.7", "%")),
        ("增长4.6%", value("4.6", "%")),
        ("同比增长8.7%", value("8.7", "%")),
        ("可比增长9.1%", value("9.1", "%")),
        ("同口径增长1%", value("1", "%")),
        ("下降2.3%", value("-2.3", "%")),
        ("下降13.9%", value("-13.9", "%")),
        ("减少5", value("-5", "")),
        ("回落1.2个百分点", value("-1.2", "个百分点")),
        ("较上年回升3个百分点", value("3", "个百分点")),
        ("1744亿元", value("1744", "亿元")),
        ("达1万亿元", value("1", "万亿元")),
        ("达到1.97万亿元", value("1.97", "万亿元")),
        ("完成310亿元", value("310", "亿元")),
        ("5457人", value("5457", "人")),
        ("2.45万亿元", value("2.45", "万亿元")),
        ("69.05亿美元", value("69.05", "亿美元")),
        ("37602元", value("37602", "元")),
        ("3,500万元", value("3500", "万元")),
        ("5.5万", value("55000", "")),
        ("１７．５", value("17.5", "")),
        ("百分之五", value("5", "%")),
        ("两万人", value("2", "万人")),
        ("三点五", value("3.5", "")),
        ("  6.7  ", value("6.7", "")),
        ("6.7。", value("6.7", "")),
        ("新增就业18万人", value("18", "万人")),
        ("城镇调查失业率控制在5.2%", bound(Cmp::Le, "5.2", "%")),
        ("比上年增长0.5个百分点", value("0.5", "个百分点")),
        ("1/2", value("0.5", "")),
    ]);
}

#[test]
fn worded_declines_negate_and_are_flagged() {
    let e = parse_expr("下降2.3%");
    assert_eq!(e.form, value("-2.3", "%"));
    assert!(e.worded_decline);
    assert!(!parse_expr("-2.3").worded_decline);
    assert!(!parse_expr("增长2.3%").worded_decline);
    // A bound on a fall is the mirrored bound on the change.
    let e = parse_expr("下降3%以上");
    assert_eq!(e.form, bound(Cmp::Le, "-3", "%"));
    assert!(e.worded_decline);
    let e = parse_expr("下降1-2%");
    assert_eq!(e.form, range("-2", "-1", "%"));
    let e = parse_expr("下降近5%");
    assert_eq!(e.form, approx(Approx::Nearly, "-5", "%"));
    assert!(parse_expr("下降-2%").is_unparsed());
    assert!(parse_expr("增长下降2%").is_unparsed());
}

#[test]
fn bounds() {
    check(&[
        ("6.5以上", bound(Cmp::Ge, "6.5", "")),
        ("6%以上", bound(Cmp::Ge, "6", "%")),
        ("5.5%以上", bound(Cmp::Ge, "5.5", "%")),
        ("80以上", bound(Cmp::Ge, "80", "")),
        ("6以上", bound(Cmp::Ge, "6", "")),
        ("≤0.021", bound(Cmp::Le, "0.021", "")),
        ("≤0.01", bound(Cmp::Le, "0.01", "")),
        ("≥95", bound(Cmp::Ge, "95", "")),
        (">=95", bound(Cmp::Ge, "95", "")),
        ("<=5", bound(Cmp::Le, "5", "")),
        ("＞3", bound(Cmp::Gt, "3", "")),
        (">3", bound(Cmp::Gt, "3", "")),
        ("＜0.5", bound(Cmp::Lt, "0.5", "")),
        ("<0.5", bound(Cmp::Lt, "0.5", "")),
        ("≧90%", bound(Cmp::Ge, "90", "%")),
        ("不低于95%", bound(Cmp::Ge, "95", "%")),
        ("不少于100家", bound(Cmp::Ge, "100", "家")),
        ("至少3个", bound(Cmp::Ge, "3", "个")),
        ("不超过5.5%", bound(Cmp::Le, "5.5", "%")),
        ("不高于3%", bound(Cmp::Le, "3", "%")),
        ("5.5%以内", bound(Cmp::Le, "5.5", "%")),
        ("控制在5.5%以内", bound(Cmp::Le, "5.5", "%")),
        ("城镇调查失业率控制在5.5%以内", bound(Cmp::Le, "5.5", "%")),
        ("3%以下", bound(Cmp::Le, "3", "%")),
        ("超50%", bound(Cmp::Gt, "50", "%")),
        ("超过50%", bound(Cmp::Gt, "50", "%")),
        ("逾100亿元", bound(Cmp::Gt, "100", "亿元")),
        ("超3.5万亿元", bound(Cmp::Gt, "3.5", "万亿元")),
        ("突破1500亿元", bound(Cmp::Gt, "1500", "亿元")),
        ("超5.5万人", bound(Cmp::Gt, "5.5", "万人")),
        ("5600人以内", bound(Cmp::Le, "5600", "人")),
        ("310天以上", bound(Cmp::Ge, "310", "天")),
        ("增长6%以上", bound(Cmp::Ge, "6", "%")),
        ("地区生产总值增长6%以上", bound(Cmp::Ge, "6", "%")),
        ("100家以上", bound(Cmp::Ge, "100", "家")),
        ("引进区域品牌首店100家以上", bound(Cmp::Ge, "100", "家")),
        ("新增学位超8000个", bound(Cmp::Gt, "8000", "个")),
        ("规模以上工业增加值增长6%以上", bound(Cmp::Ge, "6", "%")),
        ("5以上", bound(Cmp::Ge, "5", "")),
        ("稳定在95%以上", bound(Cmp::Ge, "95", "%")),
        ("达80%以上", bound(Cmp::Ge, "80", "%")),
        ("不低于95%以上", bound(Cmp::Ge, "95", "%")),
        ("3个以上", bound(Cmp::Ge, "3", "个")),
        ("-5以上", bound(Cmp::Ge, "-5", "")),
        ("实现正增长", bound(Cmp::Gt, "0", "")),
        ("正增长", bound(Cmp::Gt, "0", "")),
    ]);
}

#[test]
fn approximations() {
    check(&[
        ("1650亿元左右", approx(Approx::About, "1650", "亿元")),
        (
            "完成规上工业总产值1650亿元左右",
            approx(Approx::About, "1650", "亿元"),
        ),
        ("约9.3亿元", approx(Approx::About, "9.3", "亿元")),
        ("大约5%", approx(Approx::About, "5", "%")),
        ("约250亿元", approx(Approx::About, "250", "亿元")),
        ("近5.5万元", approx(Approx::Nearly, "5.5", "万元")),
        ("近1亿元", approx(Approx::Nearly, "1", "亿元")),
        ("接近120个", approx(Approx::Nearly, "120", "个")),
        ("近1/2", approx(Approx::Nearly, "0.5", "")),
        ("1.5万余次", approx(Approx::MoreThan, "1.5", "万次")),
        ("30余万人", approx(Approx::MoreThan, "30", "万人")),
        ("4000余名", approx(Approx::MoreThan, "4000", "名")),
        ("4900余家", approx(Approx::MoreThan, "4900", "家")),
        ("1000余场", approx(Approx::MoreThan, "1000", "场")),
        ("70余家", approx(Approx::MoreThan, "70", "家")),
        ("1000多家", approx(Approx::MoreThan, "1000", "家")),
        ("1万余户", approx(Approx::MoreThan, "1", "万户")),
        ("100万元有余", approx(Approx::MoreThan, "100", "万元")),
        ("5%左右", approx(Approx::About, "5", "%")),
        ("增长5%左右", approx(Approx::About, "5", "%")),
        ("增长5.5%左右", approx(Approx::About, "5.5", "%")),
        ("控制在3%左右", approx(Approx::About, "3", "%")),
        (
            "居民消费价格涨幅控制在3%左右",
            approx(Approx::About, "3", "%"),
        ),
        ("0.5%左右", approx(Approx::About, "0.5", "%")),
        ("3%上下", approx(Approx::About, "3", "%")),
        ("增长26万左右", approx(Approx::About, "260000", "")),
        (
            "年末户籍人口800万左右",
            approx(Approx::About, "8000000", ""),
        ),
        (
            "预计地区生产总值增长11%左右",
            approx(Approx::About, "11", "%"),
        ),
    ]);
}

#[test]
fn ranges() {
    check(&[
        ("5-6", range("5", "6", "")),
        ("5%~6%", range("5", "6", "%")),
        ("5%-6%", range("5", "6", "%")),
        ("5～6", range("5", "6", "")),
        ("５％～６％", range("5", "6", "%")),
        ("5至6", range("5", "6", "")),
        ("5到6", range("5", "6", "")),
        ("5-6%", range("5", "6", "%")),
        ("5—6", range("5", "6", "")),
        ("增长5%-6%", range("5", "6", "%")),
        ("5-6亿元", range("5", "6", "亿元")),
        ("5万-6万", range("50000", "60000", "")),
        ("5-6万", range("50000", "60000", "")),
        ("-2~-1", range("-2", "-1", "")),
        ("5%至6%之间", range("5", "6", "%")),
    ]);
    let e = parse_expr("5000万-1亿元");
    let Form::Range { low, high } = &e.form else {
        panic!("{e:?}")
    };
    assert_eq!(
        (low.to_string(), high.to_string()),
        ("5000万元".into(), "1亿元".into())
    );
    assert!(
        parse_expr("6-5").is_unparsed(),
        "a backwards range is not guessed at"
    );
    assert!(parse_expr("5-6以上").is_unparsed());
    assert!(parse_expr("5亿元-6万人").is_unparsed());
}

#[test]
fn delegated_targets() {
    check(&[
        ("市级下达", delegated("市级")),
        ("省级下达", delegated("省级")),
        ("市下达", delegated("市")),
        ("以国家和广东省下达为准", delegated("国家和广东省")),
        ("以国家和省下达为准", delegated("国家和省")),
        ("待市级下达", delegated("市级")),
        ("按省下达", delegated("省")),
        ("按市级下达目标", delegated("市级")),
        ("市级下达任务", delegated("市级")),
        (
            "节能减排指标以国家和广东省下达为准",
            delegated("国家和广东省"),
        ),
        ("市级\n下达", delegated("市级")),
    ]);
    assert!(
        parse_expr("下达")
            .diagnostics
            .iter()
            .any(|d| d.contains("上级"))
    );
}

#[test]
fn relative_targets() {
    check(&[
        ("与经济增长同步", relative("经济增长", Relation::InStep)),
        ("与经济增长保持同步", relative("经济增长", Relation::InStep)),
        ("与经济增长基本同步", relative("经济增长", Relation::InStep)),
        ("与经济增速相匹配", relative("经济增速", Relation::InStep)),
        (
            "居民收入增长与经济增长同步",
            relative("经济增长", Relation::InStep),
        ),
        (
            "推动居民收入增速与经济增速相匹配",
            relative("经济增速", Relation::InStep),
        ),
        ("与上年持平", relative("上年", Relation::InStep)),
        ("快于经济增长", relative("经济增长", Relation::Above)),
        (
            "高于全市平均水平",
            relative("全市平均水平", Relation::Above),
        ),
        ("不低于上年", relative("上年", Relation::NotBelow)),
        ("力争与经济增长同步", relative("经济增长", Relation::InStep)),
    ]);
    let e = parse_expr("低于全市平均水平");
    assert!(e.is_unparsed());
    assert!(e.diagnostics[0].contains("低于全市平均水平"), "{e:?}");
}

#[test]
fn outcomes() {
    check(&[
        ("完成市级下达目标", Form::Outcome { met: true }),
        ("完成市级\n\n下达目标", Form::Outcome { met: true }),
        ("完成市下达的任务", Form::Outcome { met: true }),
        ("完成市下达任务", Form::Outcome { met: true }),
        ("完成省下达任务", Form::Outcome { met: true }),
        ("完成", Form::Outcome { met: true }),
        ("已完成", Form::Outcome { met: true }),
        ("超额完成", Form::Outcome { met: true }),
        ("达到目标", Form::Outcome { met: true }),
        ("达标", Form::Outcome { met: true }),
        ("节能减排降碳完成市下达的任务", Form::Outcome { met: true }),
        ("未完成", Form::Outcome { met: false }),
        ("未完成市级下达目标", Form::Outcome { met: false }),
        ("未达标", Form::Outcome { met: false }),
        ("略低于预期", Form::Outcome { met: false }),
        ("未达到预期", Form::Outcome { met: false }),
    ]);
    let e = parse_expr("基本完成");
    assert!(e.is_unparsed(), "basically met is not guessed as met");
    assert!(e.diagnostics[0].contains("基本完成"));
}

#[test]
fn qualitative_forms() {
    check(&[
        ("稳中提质", Form::Qualitative),
        ("保持基本稳定", Form::Qualitative),
        ("基本稳定", Form::Qualitative),
        ("稳步提升", Form::Qualitative),
        ("持续改善", Form::Qualitative),
        ("稳中有升", Form::Qualitative),
        ("有所提高", Form::Qualitative),
        ("稳中求进", Form::Qualitative),
        ("进一步提升", Form::Qualitative),
        ("逐步提高", Form::Qualitative),
        ("保持稳定", Form::Qualitative),
        ("保持在合理区间", Form::Qualitative),
        ("持续下降", Form::Qualitative),
        ("力争稳步提升", Form::Qualitative),
        ("制造业增加值占比保持基本稳定", Form::Qualitative),
    ]);
    for text in ["不知所云", "好得很", "见附表", "另行通知", "收入稳定"] {
        let e = parse_expr(text);
        assert!(e.is_unparsed(), "{text:?} is not guessed: {e:?}");
        assert!(!e.diagnostics.is_empty());
    }
}

#[test]
fn pending_forms() {
    check(&[
        ("", pending(None)),
        ("   ", pending(None)),
        ("—", pending(None)),
        ("——", pending(None)),
        ("--", pending(None)),
        ("-", pending(None)),
        ("/", pending(None)),
        ("／", pending(None)),
        ("…", pending(None)),
        ("市级暂未反馈", pending(Some("市级暂未反馈"))),
        ("暂未反馈", pending(Some("暂未反馈"))),
        ("待省反馈", pending(Some("待省反馈"))),
        ("待反馈", pending(Some("待反馈"))),
        ("暂无数据", pending(Some("暂无数据"))),
        ("待公布", pending(Some("待公布"))),
        ("不适用", pending(Some("不适用"))),
        (" 待省反馈 ", pending(Some("待省反馈"))),
    ]);
}

#[test]
fn flags_and_notes() {
    let e = parse_expr("力争7%");
    assert_eq!(
        (e.form.clone(), flags(&e)),
        (value("7", "%"), (true, false, false))
    );
    let e = parse_expr("力争增长8%以上");
    assert_eq!(
        (e.form.clone(), flags(&e)),
        (bound(Cmp::Ge, "8", "%"), (true, false, false))
    );
    let e = parse_expr("预计增长6.8%");
    assert_eq!(
        (e.form.clone(), flags(&e)),
        (value("6.8", "%"), (false, true, false))
    );
    let e = parse_expr("预计实际使用外资下降61.5%");
    assert_eq!(
        (e.form.clone(), flags(&e)),
        (value("-61.5", "%"), (false, true, true))
    );
    let e = parse_expr("6.7（预计）");
    assert_eq!(
        (e.form.clone(), flags(&e)),
        (value("6.7", ""), (false, true, false))
    );
    assert!(e.diagnostics.is_empty());
    let e = parse_expr("6.7(初步)");
    assert!(e.estimated);
    let e = parse_expr("力争完成");
    assert_eq!(
        (e.form.clone(), e.strive),
        (Form::Outcome { met: true }, true)
    );
    // A note that is not a flag is kept as a diagnostic, and the figure is still read.
    let e = parse_expr("增长5%（同口径）");
    assert_eq!(e.form, value("5", "%"));
    assert!(e.diagnostics.iter().any(|d| d.contains("同口径")), "{e:?}");
    // A subject is set aside, and said so.
    let e = parse_expr("地区生产总值增长6%以上");
    assert!(
        e.diagnostics.iter().any(|d| d.contains("地区生产总值")),
        "{e:?}"
    );
}

#[test]
fn full_width_and_half_width_read_the_same() {
    let pairs = [
        ("６．５以上", "6.5以上"),
        ("－２．３", "-2.3"),
        ("≤０．０２１", "≤0.021"),
        ("５％～６％", "5%~6%"),
        ("＞＝９５", ">=95"),
        ("增长６．７％", "增长6.7%"),
        ("（预计）６．７", "(预计)6.7"),
        ("１，７４４亿元", "1,744亿元"),
    ];
    for (full, half) in pairs {
        let (a, b) = (parse_expr(full), parse_expr(half));
        assert_eq!(a.form, b.form, "{full} vs {half}");
        assert!(!a.is_unparsed(), "{full}: {a:?}");
        assert_eq!(flags(&a), flags(&b));
    }
}

#[test]
fn what_is_not_understood_is_said() {
    let cases = [
        ("6.5以上以下", "以下"),
        ("约5%以上", "约"),
        ("增长26万左右,年末户籍人口800万左右", "年末户籍人口"),
        ("完成年计划710亿元的89.4%", "的"),
        ("6.7（预计", "(预计"),
        ("5,6", ",6"),
        ("12345678901234567890123456789012345", "too large"),
        ("1/0", "zero"),
        ("abc", "abc"),
        ("6.5以上？", "?"),
    ];
    for (text, mention) in cases {
        let e = parse_expr(text);
        assert!(e.is_unparsed(), "{text:?} → {e:?}");
        assert!(
            e.diagnostics.iter().any(|d| d.contains(mention)),
            "{text:?} → {:?}",
            e.diagnostics
        );
        assert_eq!(e.text, text);
    }
}

#[test]
fn the_seed_annex_cells_all_read() {
    // Every target and actual cell of 江北区's 2023 and 2024 annex tables.
    let cells = [
        "6.5以上",
        "6.7",
        "17.5",
        "18.4",
        "10",
        "-2.3",
        "1.56",
        "19.6",
        "7",
        "8.7",
        "4.3",
        "13",
        "11",
        "3.4",
        "3.5",
        "42",
        "50",
        "52",
        "6.5",
        "6以上",
        "2",
        "市级暂未反馈",
        "1000",
        "841.6",
        "5.5以上",
        "2.6",
        "3.39",
        "80以上",
        "100",
        "≤0.021",
        "0.0074",
        "市级下达",
        "2.97",
        "完成市级\n下达目标",
        "310天以上",
        "289",
        "5以上",
        "8.5",
        "1.8",
        "4",
        "7.5以上",
        "19",
        "15",
        "53",
        "≤0.01",
    ];
    for cell in cells {
        let e = parse_expr(cell);
        assert!(!e.is_unparsed(), "{cell:?}: {e:?}");
        assert!(e.diagnostics.is_empty(), "{cell:?}: {e:?}");
    }
}

#[test]
fn diagnostics_are_written_in_both_languages() {
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for text in [
        "abc",
        "不知所云",
        "力争",
        "增长下降5%",
        "5-6以上",
        "6-5",
        "约5左右以上",
        "低于全市平均水平",
        "基本完成",
        "99999999999999999999999999999999",
        "1/0",
        "5之间",
        "6.5（说明）",
    ] {
        let e = parse_expr(text);
        for d in &e.diagnostics {
            assert!(
                cjk(&d.zh),
                "{text}: the Chinese diagnostic is not Chinese: {d:?}"
            );
            assert_ne!(d.zh, d.en, "{text}: {d:?}");
        }
    }
    let e = parse_expr("abc");
    assert_eq!(
        e.diagnostics[0].zh,
        "“abc”既不是数值，也不是可识别的表述（待反馈、完成情况、上级下达、与其他指标比较或定性表述）"
    );
}

#[test]
fn revised_targets_keep_both() {
    for text in [
        "增长7%(后调整为2%左右)",
        "增长7%（后调整为2%左右）",
        "增长７％（后调整为２％左右）",
        "增长7%\n(后调整为2%左右)",
    ] {
        let e = parse_expr(text);
        assert_eq!(e.form, value("7", "%"), "{text}");
        let rev = e.revised.as_deref().expect("revised");
        assert_eq!(rev.form, approx(Approx::About, "2", "%"), "{text}");
        assert_eq!(e.in_force().form, rev.form);
        assert!(e.diagnostics.is_empty(), "{:?}", e.diagnostics);
    }
    let e = parse_expr("6.5以上（年中经区人大常委会批准调整为5.5以上）");
    assert_eq!(e.revised.unwrap().form, bound(Cmp::Ge, "5.5", ""));
    // A note that is not a revision stays a note.
    let e = parse_expr("6.5（区属）");
    assert!(e.revised.is_none());
    assert_eq!(
        planwatch_text::revision_of("后调整为2%左右").as_deref(),
        Some("2%左右")
    );
    assert_eq!(planwatch_text::revision_of("统计口径调整"), None);
}

#[test]
fn a_main_target_and_a_stretch_target() {
    for text in [
        "增长8%左右,力争500亿元",
        "增长8%左右，力争500亿元",
        "增长８％左右；力争５００亿元",
    ] {
        let e = parse_expr(text);
        assert_eq!(e.form, approx(Approx::About, "8", "%"), "{text}");
        assert_eq!(e.text, text);
        let s = e.stretch.as_deref().expect("stretch");
        assert_eq!(s.form, value("500", "亿元"));
        assert!(s.strive);
        assert!(!e.strive, "the main target is not the aspiration");
    }
    // Two targets without 力争 are not a stretch.
    assert!(parse_expr("2800亿元左右,增长6%").stretch.is_none());
}

#[test]
fn relative_targets_with_a_margin() {
    let e = parse_expr("高于全市0.5-1个百分点");
    assert_eq!(
        e.form,
        Form::Relative {
            reference: "全市".into(),
            relation: Relation::Above,
            margin: Some(planwatch_domain::Margin {
                low: q("0.5", "个百分点"),
                high: q("1", "个百分点"),
            }),
        }
    );
    let e = parse_expr("快于经济增长1个百分点");
    assert!(
        matches!(
            e.form,
            Form::Relative { relation: Relation::Above, margin: Some(ref m), .. } if m.low == q("1", "个百分点")
        ),
        "{e:?}"
    );
    // What prose says of a figure beside it reads the same way.
    assert!(matches!(
        parse_expr("高于全市平均水平0.6个百分点").form,
        Form::Relative {
            relation: Relation::Above,
            margin: Some(_),
            ..
        }
    ));
    check(&[
        ("与经济增长基本同步", relative("经济增长", Relation::InStep)),
        ("稳定增长", Form::Qualitative),
        ("翻番", value("100", "%")),
        ("实现翻一番", value("100", "%")),
        ("翻两番", value("300", "%")),
        ("保持基本稳定", Form::Qualitative),
    ]);
}
