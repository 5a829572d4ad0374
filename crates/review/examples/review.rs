//! Reviews a report and prints the findings as Markdown (or JSON with `--json`, HTML with
//! `--html`; in English with `--en`): `cargo run -p planwatch-review --example review -- FILE`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: review [--json|--html] [--en] FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let reading = planwatch_reader::read_bytes(&bytes, Some(path)).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let findings = planwatch_review::review(&reading, &planwatch_domain::Rules::default());
    let lang = if args.iter().any(|a| a == "--en") {
        planwatch_domain::Lang::En
    } else {
        planwatch_domain::Lang::Zh
    };
    if args.iter().any(|a| a == "--json") {
        println!(
            "{}",
            serde_json::to_string_pretty(&findings).unwrap_or_default()
        );
    } else if args.iter().any(|a| a == "--html") {
        print!("{}", planwatch_review::render_html(&findings, lang));
    } else {
        print!("{}", planwatch_review::render_md(&findings, lang));
    }
}
