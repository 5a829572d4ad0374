//! Parsing cost of realistic target and actual cells, labels and quantities.
//!
//! Run: `cargo bench -p planwatch-text --bench parse -- --warm-up-time 1 --measurement-time 3`.
//! Throughput is set per item, so criterion's "elem/s" is items per second and time / 40 is the
//! cost of one expression.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use planwatch_text::{parse_expr, parse_indicator_label, parse_quantity};
use std::hint::black_box;

/// A mix of what annex tables and report prose contain, in the proportions seen: mostly plain
/// figures and bounds, some approximations, ranges and phrases, a few subjects and failures.
const EXPRESSIONS: [&str; 40] = [
    "6.5以上",
    "6.7",
    "-2.3",
    "10",
    "≤0.021",
    "0.0074",
    "市级下达",
    "完成市级\n下达目标",
    "市级暂未反馈",
    "310天以上",
    "5.5以上",
    "80以上",
    "增长6.7%",
    "下降2.3%",
    "同比增长8.7%",
    "1744亿元",
    "达1万亿元",
    "完成310亿元",
    "1650亿元左右",
    "约9.3亿元",
    "近5.5万元",
    "1.5万余次",
    "30余万人",
    "增长5%左右",
    "控制在5.5%以内",
    "不低于95%",
    "超3.5万亿元",
    "5%~6%",
    "5-6",
    "以国家和广东省下达为准",
    "与经济增长保持同步",
    "稳中提质",
    "保持基本稳定",
    "待省反馈",
    "—",
    "６．５％以上",
    "力争增长8%以上",
    "6.7（预计）",
    "地区生产总值增长6%以上",
    "增长26万左右,年末户籍人口800万左右",
];

const LABELS: [&str; 8] = [
    "地区生产总值增速（%）",
    "#区级税收收入增速（%）",
    "亿元地区生产总值安全事故死亡率（%）*",
    "空气质量优良天数（天）*",
    "实际使用外资FDI（亿美元）",
    "1.增加值",
    "#规模以上工业总产值(区属)",
    "指 标 名 称",
];

const QUANTITIES: [&str; 8] = [
    "1744亿元",
    "3.5万人",
    "1.97万亿元",
    "3,500万元",
    "5%",
    "百分之五",
    "0.6个百分点",
    "两万人",
];

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Elements(EXPRESSIONS.len() as u64));
    g.bench_function("expr x40", |b| {
        b.iter(|| {
            for t in EXPRESSIONS {
                black_box(parse_expr(black_box(t)));
            }
        })
    });
    g.throughput(Throughput::Elements(LABELS.len() as u64));
    g.bench_function("label x8", |b| {
        b.iter(|| {
            for t in LABELS {
                let _ = black_box(parse_indicator_label(black_box(t)));
            }
        })
    });
    g.throughput(Throughput::Elements(QUANTITIES.len() as u64));
    g.bench_function("quantity x8", |b| {
        b.iter(|| {
            for t in QUANTITIES {
                let _ = black_box(parse_quantity(black_box(t)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
