//! Finding the shared corpus: walk up from the crate to a directory holding `shared/corpus`
//! (in CI the clone has `shared/` beside it). Tests skip with a note when it is absent.

#![allow(dead_code)]

use std::path::PathBuf;

pub fn corpus_dir() -> Option<PathBuf> {
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

/// The bytes of a corpus file, or `None` (with a note on stderr) when the corpus is absent.
pub fn corpus_file(name: &str) -> Option<Vec<u8>> {
    let Some(dir) = corpus_dir() else {
        eprintln!("note: shared/corpus not found; skipping the test on {name}");
        return None;
    };
    match std::fs::read(dir.join(name)) {
        Ok(b) => Some(b),
        Err(e) => {
            eprintln!("note: {name} not readable ({e}); skipping");
            None
        }
    }
}

pub fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("fixture {}: {e}", p.display()))
}
