//! backup / restore / copy on the real binary; SQLite ⇄ PostgreSQL when a server is configured.

use std::path::Path;
use std::process::{Command, Output};

fn run(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planwatch"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PLANWATCH_DATABASE_URL")
        .output()
        .expect("run planwatch")
}

fn ok(db: &str, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "planwatch --db {db} {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// What a user sees of a database: judgements, diff, ledgers and the vote.
fn exports(db: &str, dir: &Path, tag: &str) -> Vec<String> {
    let mut out = vec![
        ok(
            db,
            &[
                "evaluate",
                "--region",
                "江北区",
                "--year",
                "2023",
                "--format",
                "json",
            ],
        ),
        ok(
            db,
            &[
                "diff",
                "--region",
                "江北区",
                "2023",
                "2024",
                "--format",
                "json",
            ],
        ),
        ok(
            db,
            &[
                "projects",
                "summary",
                "--region",
                "江北区",
                "--year",
                "2023",
                "--format",
                "json",
            ],
        ),
        ok(
            db,
            &[
                "vote",
                "tally",
                "--region",
                "江北区",
                "--year",
                "2024",
                "--seats",
                "10",
                "--format",
                "json",
            ],
        ),
        ok(db, &["audit", "--limit", "1000", "--format", "json"]),
    ];
    for (kind, year) in [
        ("projects", "2023"),
        ("livelihood", "2024"),
        ("tasks", "2024"),
    ] {
        let file = dir.join(format!("{tag}-{kind}.csv"));
        let f = file.to_str().expect("utf-8");
        ok(
            db,
            &[
                "export",
                kind,
                "--region",
                "江北区",
                "--year",
                year,
                "--format",
                "csv",
                "-o",
                f,
            ],
        );
        out.push(std::fs::read_to_string(&file).expect("read export"));
    }
    out
}

#[test]
fn a_dump_restores_into_a_new_database_with_identical_exports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.db");
    let a = a.to_str().expect("utf-8");
    ok(a, &["demo"]);
    ok(
        a,
        &[
            "actual",
            "set",
            "--region",
            "江北区",
            "--year",
            "2023",
            "--indicator",
            "实际使用外资FDI",
            "2.1",
        ],
    );

    let dump = dir.path().join("backup.jsonl");
    let dump_s = dump.to_str().expect("utf-8");
    ok(a, &["backup", "-o", dump_s]);
    let b = dir.path().join("b.db");
    let b = b.to_str().expect("utf-8");
    ok(b, &["restore", dump_s]);
    assert_eq!(exports(a, dir.path(), "a"), exports(b, dir.path(), "b"));

    // A second restore into the same (now full) database is refused and changes nothing.
    let again = run(b, &["restore", dump_s]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds data"));

    // Online SQLite copy, and refusal to overwrite.
    let copy = dir.path().join("copy.db");
    let copy_s = copy.to_str().expect("utf-8");
    ok(a, &["backup", "-o", copy_s]);
    assert_eq!(
        exports(a, dir.path(), "a2"),
        exports(copy_s, dir.path(), "c")
    );
    assert!(!run(a, &["backup", "-o", copy_s]).status.success());

    // A damaged dump is refused with the line.
    let broken = dir.path().join("broken.jsonl");
    let text = std::fs::read_to_string(&dump).expect("read dump");
    let cut: String = text.lines().take(5).collect::<Vec<_>>().join("\n");
    std::fs::write(&broken, cut).expect("write");
    let c = dir.path().join("c.db");
    let out = run(
        c.to_str().expect("utf-8"),
        &["restore", broken.to_str().expect("utf-8")],
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("dump ends"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn copy_to_postgres_and_back_gives_identical_exports() {
    let Ok(base) = std::env::var("PLANWATCH_TEST_POSTGRES") else {
        eprintln!("PLANWATCH_TEST_POSTGRES not set: skipping the PostgreSQL copy test");
        return;
    };
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (_store, schema) = rt
        .block_on(planwatch_store_sql::PostgresStore::connect_fresh_schema(
            &base,
            "pw_cli_copy",
        ))
        .expect("a fresh schema on the PostgreSQL test server");
    let sep = if base.contains('?') { '&' } else { '?' };
    let pg = format!("{base}{sep}options=-c%20search_path%3D{schema}");

    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.db");
    let a = a.to_str().expect("utf-8");
    ok(a, &["demo"]);
    let out = ok(a, &["copy", "--from", a, "--to", &pg]);
    assert!(
        out.contains("(sqlite)") && out.contains("(postgres)"),
        "{out}"
    );
    let b = dir.path().join("b.db");
    let b = b.to_str().expect("utf-8");
    ok(a, &["copy", "--from", &pg, "--to", b]);
    let from_sqlite = exports(a, dir.path(), "a");
    assert_eq!(
        from_sqlite,
        exports(&pg, dir.path(), "pg"),
        "SQLite → PostgreSQL"
    );
    assert_eq!(
        from_sqlite,
        exports(b, dir.path(), "b"),
        "PostgreSQL → SQLite"
    );
}
