//! How much of the shared corpus the reader reads exactly, per file, against hand-made answer
//! files (`tests/gold/<file>.tsv`, one expected item per line):
//!
//! ```text
//! row      <name>  <target text>  <actual text>     a table row (name, target and actual as printed)
//! target   <subject>  <expression text>             an inline target stated in the prose
//! actual   <subject>  <expression text>             an inline actual stated in the prose
//! ```
//!
//! A row counts when a row read has the same name, target text and actual text (an empty field
//! is an empty cell); an inline item counts when an inline item read has the same role and
//! expression text and a subject that is the same or contains the other. Each read item answers
//! one expected item at most.
//!
//! `cargo run -p planwatch-reader --example measure [-- CORPUS_DIR]` (the corpus defaults to
//! `shared/corpus` found upwards from the crate).

use planwatch_reader::{Reading, Role};
use std::path::{Path, PathBuf};

fn corpus_dir() -> Option<PathBuf> {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    loop {
        let c = dir.join("shared").join("corpus");
        if c.is_dir() {
            return Some(c);
        }
        if !dir.pop() {
            return None;
        }
    }
}

/// Folds what printing changes without changing meaning: full-width forms, spaces.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

fn subject_matches(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

struct Score {
    rows: (usize, usize),
    targets: (usize, usize),
    actuals: (usize, usize),
    missed: Vec<String>,
}

fn score(r: &Reading, gold: &str) -> Score {
    let mut s = Score {
        rows: (0, 0),
        targets: (0, 0),
        actuals: (0, 0),
        missed: Vec::new(),
    };
    let mut rows_used = vec![false; r.indicators.len()];
    let mut inline_used = vec![false; r.inline.len()];
    for line in gold.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        match f[0] {
            "row" => {
                let (name, target, actual) = (
                    fold(f.get(1).unwrap_or(&"")),
                    fold(f.get(2).unwrap_or(&"")),
                    fold(f.get(3).unwrap_or(&"")),
                );
                s.rows.1 += 1;
                let hit = r.indicators.iter().enumerate().position(|(k, i)| {
                    !rows_used[k]
                        && fold(&i.name) == name
                        && fold(&i.target.text) == target
                        && i.actual.as_ref().map(|a| fold(&a.text)).unwrap_or_default() == actual
                });
                match hit {
                    Some(k) => {
                        rows_used[k] = true;
                        s.rows.0 += 1;
                    }
                    None => s.missed.push(line.to_string()),
                }
            }
            "target" | "actual" => {
                let role = if f[0] == "target" {
                    Role::Target
                } else {
                    Role::Actual
                };
                let (subject, text) = (f.get(1).unwrap_or(&""), fold(f.get(2).unwrap_or(&"")));
                let counter = if role == Role::Target {
                    &mut s.targets
                } else {
                    &mut s.actuals
                };
                counter.1 += 1;
                let hit = r.inline.iter().enumerate().position(|(k, t)| {
                    !inline_used[k]
                        && t.role == role
                        && fold(&t.expr.text) == text
                        && subject_matches(&t.subject, subject)
                });
                match hit {
                    Some(k) => {
                        inline_used[k] = true;
                        counter.0 += 1;
                    }
                    None => s.missed.push(line.to_string()),
                }
            }
            other => eprintln!("unknown kind {other:?} in gold line {line:?}"),
        }
    }
    s
}

fn pct((a, b): (usize, usize)) -> String {
    if b == 0 {
        "-".to_string()
    } else {
        format!("{a}/{b}")
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let dir = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .or_else(corpus_dir);
    let Some(dir) = dir else {
        eprintln!("no corpus directory (shared/corpus) found");
        std::process::exit(2);
    };
    let gold_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("gold");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    println!(
        "{:<38} {:>9} {:>9} {:>9} {:>7} {:>7} {:>6}",
        "file", "rows", "targets", "actuals", "read", "inline", "diags"
    );
    let mut total = Score {
        rows: (0, 0),
        targets: (0, 0),
        actuals: (0, 0),
        missed: Vec::new(),
    };
    for p in files {
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let r = match planwatch_reader::read_bytes(&bytes, Some(&name)) {
            Ok(r) => r,
            Err(e) => {
                println!("{name:<38} not read: {e}");
                continue;
            }
        };
        let gold = std::fs::read_to_string(gold_dir.join(name.replace(".txt", ".tsv")))
            .unwrap_or_default();
        let s = score(&r, &gold);
        println!(
            "{:<38} {:>9} {:>9} {:>9} {:>7} {:>7} {:>6}",
            name,
            pct(s.rows),
            pct(s.targets),
            pct(s.actuals),
            r.indicators.len(),
            r.inline.len(),
            r.diagnostics.len()
        );
        if verbose {
            for m in &s.missed {
                println!("    missed: {m}");
            }
        }
        for (t, x) in [
            (&mut total.rows, s.rows),
            (&mut total.targets, s.targets),
            (&mut total.actuals, s.actuals),
        ] {
            t.0 += x.0;
            t.1 += x.1;
        }
    }
    println!(
        "{:<38} {:>9} {:>9} {:>9}",
        "total",
        pct(total.rows),
        pct(total.targets),
        pct(total.actuals)
    );
}
