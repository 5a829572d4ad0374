//! The SQLite file is complete whenever no planwatch process runs: after every command (on
//! success and on a handled error) and after `serve` stops on SIGTERM or Ctrl-C, the `.db` file
//! copied alone holds every change. And no command panics or complains when the reader of its
//! output goes away.

mod common;

use common::{ok, planwatch, run, sqlite_integrity, wal_bytes};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// What a user would compare between a database and its copy.
fn observable_state(db: &Path) -> Vec<String> {
    let audit: Value = serde_json::from_str(&ok(
        db,
        &["audit", "--limit", "1000000", "--format", "json"],
    ))
    .expect("audit json");
    let region = ["--region", "江北区"];
    vec![
        ok(
            db,
            &[
                &["evaluate"][..],
                &region,
                &["--year", "2023", "--format", "json"],
            ]
            .concat(),
        ),
        ok(
            db,
            &[
                &["evaluate"][..],
                &region,
                &["--year", "2024", "--format", "json"],
            ]
            .concat(),
        ),
        ok(
            db,
            &[
                &["projects", "summary"][..],
                &region,
                &["--year", "2023", "--format", "json"],
            ]
            .concat(),
        ),
        ok(
            db,
            &[
                &["vote", "tally"][..],
                &region,
                &["--year", "2024", "--seats", "10", "--format", "json"],
            ]
            .concat(),
        ),
        format!(
            "{} audit entries",
            audit.as_array().expect("audit is a list").len()
        ),
    ]
}

/// Copies the `.db` file alone (no `-wal`, no `-shm`), as a user backing up onto a USB stick.
fn copy_file_alone(db: &Path, to: &Path) {
    std::fs::copy(db, to).expect("copy the database file");
}

#[test]
fn the_database_file_alone_holds_every_change_after_each_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pw.db");

    ok(&db, &["demo"]);
    assert_eq!(wal_bytes(&db), 0, "demo left its changes in the log");
    // A write, then a refused write (a handled error after the store was opened).
    ok(
        &db,
        &[
            "actual",
            "set",
            "--region",
            "江北区",
            "--year",
            "2023",
            "--indicator",
            "实际使用外资FDI",
            "2.3",
        ],
    );
    let refused = run(
        &db,
        &[
            "actual",
            "set",
            "--region",
            "江北区",
            "--year",
            "2023",
            "--indicator",
            "不存在的指标",
            "2.3",
        ],
    );
    assert!(!refused.status.success());
    assert_eq!(wal_bytes(&db), 0, "a command left its changes in the log");

    let copy = dir.path().join("copy.db");
    copy_file_alone(&db, &copy);
    assert_eq!(sqlite_integrity(&copy), "ok");
    let original = observable_state(&db);
    assert!(
        original[0].contains("2.3"),
        "the FDI actual entered above is in the evaluation"
    );
    assert_eq!(observable_state(&copy), original);
}

/// Starts `serve --demo` on a free port; returns the child and its address.
fn start_server(db: &Path) -> (std::process::Child, String) {
    let mut child = planwatch(db)
        .args(["serve", "--demo", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(rest) = line.strip_prefix("planwatch web on http://") {
                    break rest.split('/').next().unwrap_or_default().to_string();
                }
            }
            _ => {
                let _ = child.kill();
                panic!("serve ended before listening");
            }
        }
    };
    (child, addr)
}

fn get(addr: &str, path: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    response
}

#[test]
fn serve_stops_gracefully_on_sigterm_and_ctrl_c_and_leaves_the_file_whole() {
    for signal in ["TERM", "INT"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("web.db");
        let (mut child, addr) = start_server(&db);
        assert!(get(&addr, "/healthz").starts_with("HTTP/1.1 200"));

        let killed = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .expect("kill");
        assert!(killed.success());
        // Bounded by the server's own grace period (10 s) and the store's close (5 s).
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("serve did not stop within a minute of SIG{signal}");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut stderr);
        }
        assert!(
            status.success(),
            "serve after SIG{signal}: {status}; {stderr}"
        );
        assert!(stderr.contains("stopped"), "{stderr}");
        assert_eq!(wal_bytes(&db), 0, "serve left its changes in the log");

        let copy = dir.path().join("copy.db");
        copy_file_alone(&db, &copy);
        assert_eq!(sqlite_integrity(&copy), "ok");
        assert_eq!(observable_state(&copy), observable_state(&db));
    }
}

/// Runs a command whose standard output is closed before it writes; it must end with success
/// and say nothing on standard error.
fn closed_pipe(db: &Path, args: &[&str]) {
    let mut child = planwatch(db)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take()); // the reader goes away, as `| head -0` would
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "planwatch {args:?}: {} {stderr}",
        out.status
    );
    assert!(stderr.is_empty(), "planwatch {args:?} complained: {stderr}");
}

#[test]
fn a_closed_pipe_ends_every_output_kind_quietly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pw.db");
    ok(&db, &["demo"]);
    // Plain lines, a table, JSON, Markdown and CSV.
    closed_pipe(&db, &["regions"]);
    closed_pipe(&db, &["evaluate", "--region", "江北区", "--year", "2023"]);
    closed_pipe(&db, &["audit", "--format", "json"]);
    closed_pipe(
        &db,
        &[
            "diff",
            "--region",
            "江北区",
            "2023",
            "2024",
            "--format",
            "md",
        ],
    );
    closed_pipe(
        &db,
        &[
            "evaluate",
            "--all-regions",
            "--year",
            "2023",
            "--format",
            "csv",
        ],
    );
    closed_pipe(&db, &["rules"]);
    assert_eq!(wal_bytes(&db), 0);
}
