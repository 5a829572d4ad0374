//! Crash safety: an import or a restore killed at random points (SIGKILL) leaves the database
//! as it was before the command began — intact, and with the old ledger whole, never half of
//! the new one.

mod common;

use common::{ok, planwatch, sqlite_integrity};
use planwatch_office::ProjectLedger;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn project_count(db: &Path, year: &str) -> u64 {
    let json = ok(
        db,
        &[
            "projects",
            "summary",
            "--region",
            "江北区",
            "--year",
            year,
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    v["report"]["overall"]["projects"].as_u64().expect("count")
}

fn integrity_ok(db: &Path) {
    assert_eq!(sqlite_integrity(db), "ok", "{} after a kill", db.display());
}

/// Milliseconds spread over [0, span) by a fixed sequence, so runs are reproducible.
fn delays(span: Duration, n: u32) -> Vec<Duration> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Duration::from_millis(x % (span.as_millis().max(1) as u64))
        })
        .collect()
}

#[test]
fn a_killed_import_leaves_the_old_ledger_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pw.db");
    ok(&db, &["demo"]);
    assert_eq!(project_count(&db, "2023"), 234);

    let big = ProjectLedger {
        projects: planwatch_office::fixtures::synthetic_projects(20_000, 2023),
        monthly: Vec::new(),
    };
    let file = dir.path().join("big.xlsx");
    std::fs::write(&file, big.write_xlsx(2023).expect("xlsx")).expect("write");
    let file = file.to_str().expect("utf-8");
    let args = [
        "import",
        "projects",
        file,
        "--region",
        "江北区",
        "--year",
        "2023",
    ];

    // How long a whole import takes here, to spread the kills over it; timed on a copy made
    // the way users copy a database (`backup`), so the kills below start from the same state.
    let copy = dir.path().join("timing.db");
    ok(&db, &["backup", "-o", copy.to_str().expect("utf-8")]);
    let started = Instant::now();
    ok(&copy, &args);
    let full = started.elapsed();

    let mut outcomes = (0, 0);
    for delay in delays(full + full / 4, 8) {
        let mut child = planwatch(&db)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn import");
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL; the import may already have finished.
        let _ = child.wait();
        integrity_ok(&db);
        match project_count(&db, "2023") {
            234 => outcomes.0 += 1,
            20_000 => {
                outcomes.1 += 1;
                // Put the old ledger back for the next round.
                let out = dir.path().join("restore.xlsx");
                let o = out.to_str().expect("utf-8");
                let _ = std::fs::remove_file(&out);
                ok(
                    &copy,
                    &[
                        "export",
                        "projects",
                        "--region",
                        "江北区",
                        "--year",
                        "2024",
                        "-o",
                        o,
                    ],
                );
                ok(&db, &["demo"]);
            }
            other => {
                panic!("after a kill at {delay:?} the ledger has {other} projects: half-written")
            }
        }
    }
    eprintln!(
        "import {full:?}; kills left the old ledger {} times, the new one {} times",
        outcomes.0, outcomes.1
    );
}

#[test]
fn a_killed_restore_leaves_an_empty_database_restorable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = dir.path().join("source.db");
    ok(&source, &["demo"]);
    let dump = dir.path().join("dump.jsonl");
    let dump_s = dump.to_str().expect("utf-8");
    ok(&source, &["backup", "-o", dump_s]);
    let expected = ok(
        &source,
        &[
            "evaluate",
            "--region",
            "江北区",
            "--year",
            "2023",
            "--format",
            "json",
        ],
    );

    for (i, delay) in delays(Duration::from_millis(600), 5)
        .into_iter()
        .enumerate()
    {
        let target = dir.path().join(format!("t{i}.db"));
        let mut child = planwatch(&target)
            .args(["restore", dump_s])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn restore");
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        if !target.exists() {
            continue; // killed before the file was created
        }
        integrity_ok(&target);
        // Either the restore committed whole, or nothing of it is there and it can run again.
        let regions = ok(&target, &["regions"]);
        if regions.trim().is_empty() {
            ok(&target, &["restore", dump_s]);
        }
        let got = ok(
            &target,
            &[
                "evaluate",
                "--region",
                "江北区",
                "--year",
                "2023",
                "--format",
                "json",
            ],
        );
        assert_eq!(got, expected, "kill at {delay:?}");
    }
}
