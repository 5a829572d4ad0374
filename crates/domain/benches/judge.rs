//! Judging cost: a realistic 20-indicator plan (Jiangbei 2023's shapes) and a 1,000-indicator
//! plan built by repeating it with varied figures. Throughput is reported per indicator.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use planwatch_domain::diff::diff_plans;
use planwatch_domain::judge::{Summary, judge_plan};
use planwatch_domain::{
    Cmp, Expr, Form, IndicatorDef, Plan, PlanIndicator, Quantity, Relation, Rules,
};
use rust_decimal::Decimal;
use std::hint::black_box;

fn value(v: Decimal) -> Expr {
    Expr::new(v.to_string(), Form::Value(Quantity::bare(v)))
}

fn bound(cmp: Cmp, v: Decimal) -> Expr {
    Expr::new(
        format!("{v}以上"),
        Form::Bound {
            cmp,
            value: Quantity::bare(v),
        },
    )
}

/// The 20 rows of Jiangbei's 2023 annex, shifted by `k` so repeated copies differ.
fn rows(k: i64, seq0: u32) -> Vec<PlanIndicator> {
    let d = |m: i64, s: u32| Decimal::new(m + k, s);
    let delegated = || {
        Expr::new(
            "市级下达",
            Form::Delegated {
                authority: "市级".into(),
            },
        )
    };
    let specs: Vec<(&str, &str, bool, Expr, Option<Expr>)> = vec![
        (
            "地区生产总值增速",
            "%",
            false,
            bound(Cmp::Ge, d(65, 1)),
            Some(value(d(67, 1))),
        ),
        (
            "人均地区生产总值",
            "万元",
            false,
            value(d(175, 1)),
            Some(value(d(184, 1))),
        ),
        (
            "固定资产投资增速",
            "%",
            false,
            value(d(10, 0)),
            Some(value(d(-23, 1))),
        ),
        (
            "一般公共预算收入增速",
            "%",
            false,
            value(d(156, 2)),
            Some(value(d(196, 1))),
        ),
        (
            "社会消费品零售总额增速",
            "%",
            false,
            value(d(7, 0)),
            Some(value(d(87, 1))),
        ),
        (
            "全体居民人均可支配收入增速",
            "%",
            false,
            Expr::new(
                "与经济增长同步",
                Form::Relative {
                    reference: "经济增长".into(),
                    relation: Relation::InStep,
                    margin: None,
                },
            ),
            Some(value(d(43, 1))),
        ),
        (
            "规上工业增加值增速",
            "%",
            false,
            value(d(13, 0)),
            Some(value(d(11, 0))),
        ),
        (
            "全社会研发投入强度",
            "%",
            false,
            value(d(34, 1)),
            Some(value(d(35, 1))),
        ),
        (
            "数字经济增加值占地区生产总值比重",
            "%",
            false,
            value(d(42, 0)),
            Some(value(d(42, 0))),
        ),
        (
            "民营经济增加值占地区生产总值比重",
            "%",
            false,
            value(d(50, 0)),
            Some(value(d(52, 0))),
        ),
        (
            "文化产业增加值占地区生产总值比重",
            "%",
            false,
            value(d(65, 1)),
            Some(bound(Cmp::Ge, d(6, 0))),
        ),
        (
            "实际使用外资FDI",
            "亿美元",
            false,
            value(d(2, 0)),
            Some(Expr::new("市级暂未反馈", Form::Pending { reason: None })),
        ),
        (
            "进出口总额",
            "亿元",
            false,
            value(d(1000, 0)),
            Some(value(d(8416, 1))),
        ),
        (
            "城镇新增就业人数",
            "万人",
            false,
            value(d(35, 1)),
            Some(bound(Cmp::Ge, d(55, 1))),
        ),
        (
            "每千人口拥有3岁以下婴幼儿托位数",
            "个",
            false,
            value(d(26, 1)),
            Some(value(d(339, 2))),
        ),
        (
            "养老机构护理型床位占比",
            "%",
            false,
            bound(Cmp::Ge, d(80, 0)),
            Some(value(d(100, 0))),
        ),
        (
            "亿元地区生产总值安全事故死亡率",
            "%",
            true,
            bound(Cmp::Le, d(21, 3)),
            Some(value(d(74, 4))),
        ),
        (
            "单位地区生产总值能耗下降",
            "%",
            true,
            delegated(),
            Some(value(d(297, 2))),
        ),
        (
            "单位地区生产总值二氧化碳排放下降",
            "%",
            true,
            delegated(),
            Some(Expr::new("完成市级下达目标", Form::Outcome { met: true })),
        ),
        (
            "空气质量优良天数",
            "天",
            true,
            bound(Cmp::Ge, d(310, 0)),
            Some(value(d(289, 0))),
        ),
    ];
    specs
        .into_iter()
        .enumerate()
        .map(|(i, (name, unit, binding, target, actual))| {
            let mut def = IndicatorDef::new(name, unit);
            def.binding = binding;
            PlanIndicator {
                seq: seq0 + i as u32 + 1,
                def,
                target,
                actual,
            }
        })
        .collect()
}

fn plan(copies: i64) -> Plan {
    let indicators = (0..copies).flat_map(|k| rows(k, (k * 20) as u32)).collect();
    Plan {
        region: "江北区".into(),
        year: 2023,
        indicators,
    }
}

fn bench(c: &mut Criterion) {
    let rules = Rules::default();
    let mut group = c.benchmark_group("judge_plan");
    for copies in [1i64, 50] {
        let p = plan(copies);
        group.throughput(Throughput::Elements(p.indicators.len() as u64));
        group.bench_function(format!("{}_indicators", p.indicators.len()), |b| {
            b.iter(|| {
                let js = judge_plan(black_box(&p), &rules);
                black_box(Summary::of(&js))
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("diff_plans");
    let (old, new) = (plan(1), plan(2));
    group.throughput(Throughput::Elements(new.indicators.len() as u64));
    group.bench_function("20_to_40_indicators", |b| {
        b.iter(|| diff_plans(black_box(&old), black_box(&new)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
