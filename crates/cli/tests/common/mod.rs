//! Helpers shared by the CLI's integration tests: run the real `planwatch` binary on a given
//! database and check its outcome.
#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary with `--db` set and the environment's database URL removed.
pub fn planwatch(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_planwatch"));
    c.arg("--db").arg(db).env_remove("PLANWATCH_DATABASE_URL");
    c
}

/// Runs to completion and returns what it printed.
pub fn run(db: &Path, args: &[&str]) -> Output {
    planwatch(db).args(args).output().expect("run planwatch")
}

/// Runs, asserts success, and returns standard output.
pub fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "planwatch {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// `PRAGMA integrity_check` on a SQLite file, opened and closed in this process.
pub fn sqlite_integrity(db: &Path) -> String {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        use planwatch_store::Store as _;
        let store = planwatch_store_sql::SqliteStore::open(db, false)
            .await
            .expect("open the database");
        let result: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(store.pool())
            .await
            .expect("integrity_check");
        store.close().await.expect("close");
        result
    })
}

/// The size of the SQLite write-ahead log beside `db`, 0 when there is none.
pub fn wal_bytes(db: &Path) -> u64 {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(Path::new(&wal)).map_or(0, |m| m.len())
}

/// `shared/corpus` above the repository (present in CI), or `None` with a note when absent.
pub fn corpus() -> Option<PathBuf> {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    loop {
        let candidate = dir.join("shared").join("corpus");
        if candidate.join("jiangbei-2023.txt").exists() {
            return Some(candidate);
        }
        if !dir.pop() {
            eprintln!(
                "shared/corpus not found above {}: skipping",
                env!("CARGO_MANIFEST_DIR")
            );
            return None;
        }
    }
}
