//! A 100 MB input: a result (reading stops at the byte limit, with a diagnostic), never a
//! panic, and memory bounded. This file is its own test binary so that a counting allocator
//! can measure the peak of what the reader allocates.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwards to the system allocator with the caller's layout.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as GlobalAlloc::realloc, forwarded.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = CURRENT.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

#[test]
fn hundred_megabytes_read_within_bounded_memory() {
    let report = common::fixture("fullwidth.txt");
    let target = 100 << 20;
    let input = report.repeat(target / report.len() + 1).into_bytes();
    assert!(input.len() >= target);

    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = std::time::Instant::now();
    let r = planwatch_reader::read_bytes(&input, Some("big.txt")).expect("a result, not an error");
    let elapsed = started.elapsed();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    eprintln!(
        "100 MB input: read {} lines, {} indicators, {} claims in {:.1?}; peak extra memory {} MiB",
        r.lines,
        r.indicators.len(),
        r.claims.len(),
        elapsed,
        peak >> 20
    );
    // Only the first max_bytes are read, and the reading says so.
    assert!(
        r.diagnostics.iter().any(|d| d.message.contains("上限")),
        "{:?}",
        r.diagnostics
    );
    assert!(!r.indicators.is_empty());
    assert!(r.indicators.len() <= planwatch_reader::ReadOptions::default().max_items);
    // Memory: the 32 MiB read, its lines and the capped results — far below the input size
    // times a small factor, and independent of how much more input there is.
    assert!(peak < 900 << 20, "peak {} MiB", peak >> 20);
}

/// 100 MB of web page and of PDF: the page is read up to the byte limit (and says so) within
/// bounded memory; the PDF, which cannot be read in part, is refused before it is parsed.
#[test]
fn hundred_megabyte_page_and_pdf_are_bounded() {
    let target = 100 << 20;
    let row = "<tr><td>1</td><td>地区生产总值</td><td>增长6%左右</td><td>6.7%</td></tr>\n";
    let mut page = String::from(
        "<!DOCTYPE html><html><head><meta charset=utf-8></head><body><p>表1 主要指标完成情况</p>\
         <table><tr><th>序号</th><th>指标名称</th><th>预期目标</th><th>实际完成</th></tr>\n",
    );
    page.push_str(&row.repeat(target / row.len() + 1));
    let opts = planwatch_reader::ReadOptions {
        max_bytes: 2 << 20,
        ..planwatch_reader::ReadOptions::default()
    };
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let r = planwatch_reader::read_bytes_with(page.as_bytes(), Some("big.html"), &opts)
        .expect("a result, not an error");
    let peak = PEAK.load(Ordering::Relaxed) - before;
    eprintln!(
        "100 MB page read to 2 MiB: {} rows, peak extra memory {} MiB",
        r.indicators.len(),
        peak >> 20
    );
    assert!(
        r.diagnostics.iter().any(|d| d.message.contains("上限")),
        "{:?}",
        r.diagnostics
    );
    assert!(!r.indicators.is_empty());
    assert!(peak < 400 << 20, "peak {} MiB", peak >> 20);
    drop(page);

    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(target, b' ');
    let started = std::time::Instant::now();
    let e = planwatch_reader::read_bytes(&pdf, Some("big.pdf")).unwrap_err();
    assert!(e.to_string().contains("读取上限"), "{e}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
