//! Prints what the reader reads from files: tables with their rows, inline targets and
//! actuals, and diagnostics. `cargo run -p planwatch-reader --example show -- FILE…`

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let r = match planwatch_reader::read_bytes(&bytes, Some(&path)) {
            Ok(r) => r,
            Err(e) => {
                println!("{path}: {e}");
                continue;
            }
        };
        println!("== {path}");
        for t in &r.tables {
            println!(
                "-- table {} [{:?}] {:?} lines {}-{}",
                t.index, t.layout, t.caption, t.first_line, t.last_line
            );
            println!("   columns: {}", t.columns.join(" | "));
            for i in r.indicators.iter().filter(|i| i.table_index == t.index) {
                println!(
                    "   {:>3} {} [{}] {} | {} | {}{}",
                    i.seq.map(|s| s.to_string()).unwrap_or_default(),
                    i.name,
                    i.unit,
                    i.target.text,
                    i.actual.as_ref().map(|a| a.text.as_str()).unwrap_or("-"),
                    i.verdict.as_deref().unwrap_or(""),
                    i.category
                        .as_deref()
                        .map(|c| format!("  ({c})"))
                        .unwrap_or_default()
                );
            }
        }
        for t in &r.inline {
            println!(
                "   inline {:?} L{} {} = {}",
                t.role, t.line, t.subject, t.expr.text
            );
        }
        for d in &r.diagnostics {
            println!("   diag L{}: {}", d.line, d.message);
        }
    }
}
