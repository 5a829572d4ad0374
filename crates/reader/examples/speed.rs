//! Times reading a file repeated N times: `cargo run -p planwatch-reader --example speed -- FILE N`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).expect("file");
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let big = text.repeat(n);
    let t = std::time::Instant::now();
    let r = planwatch_reader::read_text(&big);
    let e = t.elapsed();
    eprintln!(
        "{} bytes, {} indicators, {} claims: {:.2?} ({:.2} MB/s)",
        big.len(),
        r.indicators.len(),
        r.claims.len(),
        e,
        big.len() as f64 / 1e6 / e.as_secs_f64()
    );
}
