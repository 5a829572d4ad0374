//! Importing a 100,000-row project ledger from xlsx (all checks on), in rows per second.
//!
//! `cargo bench -p planwatch-office --bench import -- --warm-up-time 1 --measurement-time 5 --sample-size 10`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use planwatch_office::ProjectLedger;
use planwatch_office::fixtures::synthetic_projects;
use std::hint::black_box;

const ROWS: usize = 100_000;

fn import(c: &mut Criterion) {
    let ledger = ProjectLedger {
        projects: synthetic_projects(ROWS, 2023),
        monthly: Vec::new(),
    };
    let Ok(xlsx) = ledger.write_xlsx(2023) else {
        eprintln!("could not generate the benchmark workbook");
        return;
    };
    eprintln!("generated workbook: {} rows, {} bytes", ROWS, xlsx.len());
    let mut group = c.benchmark_group("import");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("projects_xlsx_100k_rows", |b| {
        b.iter(|| {
            let read = ProjectLedger::read_xlsx(black_box(&xlsx), 2023);
            black_box(read.map(|l| l.projects.len()).unwrap_or(0))
        })
    });
    let csv = ledger.projects_csv().unwrap_or_default();
    group.bench_function("projects_csv_100k_rows", |b| {
        b.iter(|| {
            let read = ProjectLedger::read_csv(black_box(&csv), None, 2023);
            black_box(read.map(|l| l.projects.len()).unwrap_or(0))
        })
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
