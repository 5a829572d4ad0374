//! Reading speed: one full report (the Jiangbei corpus report when `shared/corpus` is present,
//! otherwise a synthetic report of the same shape) and a 10 MB concatenation of it; and one
//! report in the formats it is published in (the format fixtures: text, web page, Chromium and
//! LibreOffice PDFs).
//!
//! `cargo bench -p planwatch-reader --bench read -- --warm-up-time 1 --measurement-time 3`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;

fn corpus_report() -> Option<String> {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    loop {
        let p = dir.join("shared/corpus/jiangbei-2023.txt");
        if let Ok(s) = std::fs::read_to_string(&p) {
            return Some(s);
        }
        if !dir.pop() {
            return None;
        }
    }
}

/// A report in the Jiangbei layout, written for the benchmark.
fn synthetic_report() -> String {
    let mut s = String::from(
        "关于示例市示例区2023年国民经济和社会发展计划执行情况及2024年计划草案的报告\n\n一、2023年国民经济和社会发展计划执行情况\n\n",
    );
    for i in 0..60 {
        s.push_str(&format!(
            "——第{i}项工作：地区生产总值增长6.{i}%，高于全市平均水平0.5个百分点；社会消费品零售总额达{}亿元、同比增长8.7%，新增公共停车位{}个。\n\n",
            800 + i,
            2000 + i
        ));
    }
    s.push_str(
        "附件1\n\n2023年主要指标完成情况\n\n\t序号\n\t指标名称\n\t2023年预期目标\n\t实际完成\n\n",
    );
    for i in 1..=20 {
        s.push_str(&format!(
            "\t{i}\n\t指标{i}增速（%）\n\t{i}以上\n\t{}.5\n\n",
            i + 1
        ));
    }
    s.push_str("注：加*为约束性指标；其他为预期性指标。\n");
    s
}

fn bench(c: &mut Criterion) {
    let report = corpus_report().unwrap_or_else(|| {
        eprintln!("shared/corpus not found: benchmarking a synthetic report");
        synthetic_report()
    });
    let mut g = c.benchmark_group("read");
    g.throughput(Throughput::Bytes(report.len() as u64));
    g.bench_function("report", |b| {
        b.iter(|| planwatch_reader::read_text(black_box(&report)))
    });
    let copies = (10 << 20) / report.len() + 1;
    let big = report.repeat(copies);
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.sample_size(10);
    g.bench_function("concat_10mb", |b| {
        b.iter(|| planwatch_reader::read_bytes(black_box(big.as_bytes()), None))
    });
    g.finish();

    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    let mut g = c.benchmark_group("formats");
    for file in [
        "qinglan-2024.txt",
        "qinglan-2024.html",
        "qinglan-2024.docx",
        "qinglan-2024-chromium-a4.pdf",
        "qinglan-2024-libreoffice.pdf",
    ] {
        let Ok(bytes) = std::fs::read(dir.join(file)) else {
            continue;
        };
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(file, |b| {
            b.iter(|| planwatch_reader::read_bytes(black_box(&bytes), Some(file)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
