//! Report generation for one region (every format) and for 1,000 regions (txt, md, html, and
//! docx without charts): `cargo bench -p planwatch-report --bench render`.

use criterion::{Criterion, criterion_group, criterion_main};
use planwatch_domain::{Plan, Rules};
use planwatch_report::{Format, RenderOptions, ReportInput, render_with};
use std::hint::black_box;

fn demo() -> (Plan, Plan) {
    let plans = planwatch_service::demo::demo_plans();
    let pick = |y: i32| plans.iter().find(|p| p.year == y).cloned();
    (pick(2023).expect("2023"), pick(2024).expect("2024"))
}

/// 1,000 regions: the demo plans under other names, so every report differs in its text.
fn regions(n: usize) -> Vec<ReportInput> {
    let (last, cur) = demo();
    let rules = Rules::default();
    (0..n)
        .map(|k| {
            let name = format!("测试区{k:04}");
            let mut l = last.clone();
            let mut c = cur.clone();
            l.region = name.clone();
            c.region = name.clone();
            ReportInput::new(name, 2024, Some(l), Some(c), &rules)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let one = regions(1).remove(0);
    let charts = RenderOptions::default();
    let mut g = c.benchmark_group("one_region");
    for f in Format::ALL {
        g.bench_function(f.extension(), |b| {
            b.iter(|| render_with(black_box(&one), f, &charts).map(|v| v.len()))
        });
    }
    g.finish();

    let many = regions(1000);
    let mut g = c.benchmark_group("1000_regions");
    g.sample_size(10);
    let plain = RenderOptions {
        no_charts: true,
        ..RenderOptions::default()
    };
    for (f, opts, label) in [
        (Format::Txt, &charts, "txt"),
        (Format::Md, &charts, "md"),
        (Format::Html, &charts, "html_with_svg_charts"),
        (Format::Docx, &plain, "docx_no_charts"),
    ] {
        g.bench_function(label, |b| {
            b.iter(|| {
                many.iter()
                    .map(|i| render_with(i, f, opts).map(|v| v.len()).unwrap_or(0))
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
