//! National scale in memory: judging every indicator of 3,000 regions × 25 indicators for one
//! year (on all cores without explanation sentences, written as CSV, as `evaluate --all-regions`
//! does; and on one core with and without them), and re-judging one region after one changed
//! figure.
//! Run: `cargo bench -p planwatch-service --bench scale`.

use criterion::{Criterion, criterion_group, criterion_main};
use planwatch_domain::Rules;
use planwatch_domain::judge::{judge_plan, judge_plan_verdicts};
use planwatch_service::bulk::{RowFormat, rejudge_one, write_rows};
use planwatch_service::synth::{SynthSpec, plans_for_year, region_tree};
use std::hint::black_box;

fn national(c: &mut Criterion) {
    let spec = SynthSpec {
        seed: 2026,
        regions: 3000,
        first_year: 2024,
        years: 1,
        indicators: 25,
    };
    let tree = region_tree(&spec);
    let plans = plans_for_year(&spec, &tree, 2024);
    let rules = Rules::default();
    let mut g = c.benchmark_group("national");
    g.sample_size(20);
    g.bench_function("judge_and_write_csv_3000x25", |b| {
        b.iter(|| {
            let (text, rows) =
                write_rows(plans.len(), |i| Ok(&plans[i]), &rules, RowFormat::Csv).expect("rows");
            black_box(text).len() + rows
        })
    });
    g.bench_function("one_core_verdicts_3000x25", |b| {
        b.iter(|| {
            plans
                .iter()
                .map(|p| black_box(judge_plan_verdicts(p, &rules)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("one_core_explained_3000x25", |b| {
        b.iter(|| {
            plans
                .iter()
                .map(|p| black_box(judge_plan(p, &rules)).len())
                .sum::<usize>()
        })
    });
    // One changed figure: replace one actual, judge that region again.
    let mut one = plans[1500].clone();
    g.bench_function("rejudge_one_region_after_one_change", |b| {
        b.iter(|| {
            one.indicators[0].actual = Some(planwatch_text::parse_expr("6.8"));
            black_box(rejudge_one(black_box(&one), &rules))
        })
    });
    g.bench_function("generate_and_parse_3000_plans", |b| {
        b.iter(|| black_box(plans_for_year(&spec, &tree, 2024)).len())
    });
    g.finish();
}

criterion_group!(benches, national);
criterion_main!(benches);
