//! The OpenAPI document against real tools, on the running server: it validates as OpenAPI 3.1
//! (`openapi-spec-validator`), and a client generated from it by `openapi-python-client` logs in,
//! reads the cockpit and submits a figure.
//!
//! Both tools come from PyPI, installed into a virtual environment under `target/` on first use
//! (`python3 -m venv`, `pip install`). Without python3 or a reachable package index the tests
//! print a note and pass, except in CI (`CI` set) or with `PLANWATCH_REQUIRE_PYTHON=1`, where
//! that is a failure.

mod common;

use common::{Backend, spawn};
use std::path::{Path, PathBuf};
use std::process::Command;

fn required() -> bool {
    std::env::var_os("CI").is_some() || std::env::var_os("PLANWATCH_REQUIRE_PYTHON").is_some()
}

fn skip(why: &str) {
    let msg = format!("skipping the OpenAPI tool tests: {why}");
    if required() {
        panic!("{msg}");
    }
    eprintln!("{msg}");
}

fn run(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "{cmd:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// A virtual environment with both tools, made once per checkout (a lock keeps parallel test
/// processes from building it twice).
fn tools() -> Result<PathBuf, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/openapi-tools");
    let venv = root.join("venv");
    let python = venv.join("bin/python");
    let ready = root.join("ready");
    if ready.exists() {
        return Ok(venv);
    }
    std::fs::create_dir_all(&root).map_err(|e| e.to_string())?;
    let lock = root.join("lock");
    // Another test process may be installing: wait for it (at most five minutes).
    for _ in 0..300 {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock)
        {
            Ok(_) => break,
            Err(_) if ready.exists() => return Ok(venv),
            Err(_) => std::thread::sleep(std::time::Duration::from_secs(1)),
        }
    }
    let made = (|| {
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        run(Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "openapi-spec-validator",
            "openapi-python-client",
        ]))?;
        std::fs::write(&ready, "").map_err(|e| e.to_string())
    })();
    let _ = std::fs::remove_file(&lock);
    made.map(|_| venv)
}

async fn document(base: &str) -> String {
    reqwest::get(format!("{base}/api/v1/openapi.json"))
        .await
        .expect("openapi.json")
        .text()
        .await
        .expect("body")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_validates_and_a_generated_client_works() {
    if run(Command::new("python3").arg("--version")).is_err() {
        return skip("python3 is not installed");
    }
    let venv = match tools() {
        Ok(v) => v,
        Err(e) => return skip(&e),
    };
    let Some(app) = spawn(Backend::Sqlite, "openapi").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = write(dir.path(), "openapi.json", &document(&app.base).await);

    // Valid OpenAPI 3.1.
    let checked = run(Command::new(venv.join("bin/python")).args([
        "-c",
        "import json, sys\nfrom openapi_spec_validator import validate\n\
         doc = json.load(open(sys.argv[1]))\nassert doc['openapi'].startswith('3.1'), doc['openapi']\n\
         validate(doc)\nprint('valid', len(doc['paths']))",
    ]).arg(&spec));
    let checked = checked.unwrap_or_else(|e| panic!("the document is not valid OpenAPI: {e}"));
    assert!(checked.starts_with("valid"), "{checked}");

    // A client generated from it, used against the running server.
    let out = dir.path().join("client");
    let generated = run(Command::new(venv.join("bin/openapi-python-client"))
        .args(["generate", "--meta", "none", "--path"])
        .arg(&spec)
        .arg("--output-path")
        .arg(&out));
    if let Err(e) = &generated {
        panic!("openapi-python-client refused the document: {e}");
    }
    let script = write(
        dir.path(),
        "use_client.py",
        r#"
import json, sys
sys.path.insert(0, sys.argv[1])
from client import Client, AuthenticatedClient
from client.api.session import create_session
from client.api.monitoring import cockpit
from client.api.entry import save_submission
from client.models import LoginRequest, SubmissionRequest

base, user, password = sys.argv[2], sys.argv[3], sys.argv[4]
session = create_session.sync(client=Client(base_url=base), body=LoginRequest(username=user, password=password))
assert session is not None and session.token, session
auth = AuthenticatedClient(base_url=base, token=session.token)
c = cockpit.sync_detailed(region="江北区", year=2024, client=auth)
assert c.status_code == 200, c
rows = json.loads(c.content)["rows"]
assert any(r["name"] == "地区生产总值增速" for r in rows), rows
s = save_submission.sync(client=auth, body=SubmissionRequest(
    region="江北区", year=2024, indicator="地区生产总值增速", month=9, value="5.9", submit=True))
assert s is not None and s.status == "submitted", s
print("ok", len(rows), s.id)
"#,
    );
    let used = run(Command::new(venv.join("bin/python"))
        .arg(&script)
        .arg(dir.path())
        .arg(&app.base)
        .arg("admin")
        .arg(app.password("admin")));
    let used = used.unwrap_or_else(|e| panic!("the generated client failed: {e}"));
    assert!(used.starts_with("ok"), "{used}");
}
