//! `planwatch user …` and `planwatch serve` run as the real binary on a fresh database.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Output, Stdio};

fn planwatch(db: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_planwatch"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run planwatch");
    if let Some(input) = stdin
        && let Some(mut s) = child.stdin.take()
    {
        s.write_all(input.as_bytes()).expect("stdin");
    }
    child.wait_with_output().expect("wait")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn users_are_added_listed_and_given_new_passwords() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pw.db");
    assert!(planwatch(&db, &["migrate"], None).status.success());

    let out = planwatch(
        &db,
        &[
            "user",
            "add",
            "--username",
            "drc",
            "--name",
            "发改委",
            "--role",
            "admin",
            "--password-stdin",
        ],
        Some("a-long-password\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("created drc (admin)"));
    assert!(
        !text(&out.stdout).contains("password:"),
        "a given password is not echoed"
    );

    let out = planwatch(
        &db,
        &[
            "user",
            "add",
            "--username",
            "tj",
            "--role",
            "reporter",
            "--department",
            "区统计局",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("password: "),
        "a generated password is printed"
    );

    // Clear refusals.
    let out = planwatch(
        &db,
        &["user", "add", "--username", "x", "--role", "reporter"],
        None,
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--department"));
    let out = planwatch(
        &db,
        &["user", "add", "--username", "drc", "--role", "leader"],
        None,
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("taken"), "{}", text(&out.stderr));
    let out = planwatch(
        &db,
        &["user", "passwd", "drc", "--password-stdin"],
        Some("short\n"),
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("8 characters"));
    let out = planwatch(&db, &["user", "passwd", "nobody"], None);
    assert!(!out.status.success());

    let out = planwatch(&db, &["user", "passwd", "drc"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("sessions were ended"));

    let out = planwatch(&db, &["user", "list"], None);
    let list = text(&out.stdout);
    assert!(list.contains("drc\tadmin\t-\tactive\t发改委"), "{list}");
    assert!(
        list.contains("tj\treporter\t区统计局\tactive\ttj"),
        "{list}"
    );
    // The audit trail has both, and no password hash.
    let out = planwatch(&db, &["audit", "--format", "json"], None);
    let audit = text(&out.stdout);
    assert!(audit.contains("create_user") && audit.contains("set_password"));
    assert!(!audit.contains("argon2"));
}

#[test]
fn serve_demo_prints_accounts_and_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("web.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_planwatch"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--demo", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut printed = Vec::new();
    let addr = loop {
        let Some(Ok(line)) = lines.next() else {
            let _ = child.kill();
            panic!("serve ended early: {printed:?}");
        };
        if let Some(rest) = line.strip_prefix("planwatch web on http://") {
            break rest.split('/').next().unwrap_or_default().to_string();
        }
        printed.push(line);
    };
    let out = printed.join("\n");
    for user in ["admin", "stats", "commerce", "leader", "deputy"] {
        assert!(out.contains(user), "demo account {user} printed: {out}");
    }
    assert!(out.contains("区统计局") && out.contains("区商务委"));
    let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    let _ = child.kill();
    let _ = child.wait();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"ok\""));
}
