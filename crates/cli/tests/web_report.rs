//! The report downloaded from the web app is the file `planwatch report` writes for the same
//! data: both run the real binary on one database (`serve --demo`, then `report`), and every
//! part of the two Word files (document text, styles, charts) is compared, the package's
//! creation time aside.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

/// Every part of a docx by name (the creation time in docProps/core.xml left out).
fn parts(docx: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a docx is a zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("part");
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("read part");
        let name = f.name().expect("part name").to_string();
        if name == "docProps/core.xml" {
            continue;
        }
        out.insert(name, bytes);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_docx_is_the_cli_docx() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("web.db");
    let mut server = Command::new(env!("CARGO_BIN_EXE_planwatch"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--demo", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let stdout = server.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut password = None;
    let addr = loop {
        let Some(Ok(line)) = lines.next() else {
            let _ = server.kill();
            panic!("serve ended early");
        };
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.first() == Some(&"admin") {
            password = words.last().map(|p| p.to_string());
        }
        if let Some(rest) = line.strip_prefix("planwatch web on http://") {
            break rest.split('/').next().unwrap_or_default().to_string();
        }
    };
    let password = password.expect("the admin's password is printed");
    let base = format!("http://{addr}");
    let client = reqwest::Client::new();
    let session: serde_json::Value = client
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({ "username": "admin", "password": password }))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("session");
    let token = session["token"].as_str().expect("token").to_string();
    let web = client
        .get(format!(
            "{base}/api/v1/regions/江北区/years/2024/report?format=docx"
        ))
        .bearer_auth(&token)
        .send()
        .await
        .expect("download");
    assert_eq!(web.status(), 200);
    let disposition = web
        .headers()
        .get("content-disposition")
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(disposition.contains("attachment"), "{disposition}");
    let web = web.bytes().await.expect("body").to_vec();
    let _ = server.kill();
    let _ = server.wait();

    let out = dir.path().join("cli.docx");
    let cli = Command::new(env!("CARGO_BIN_EXE_planwatch"))
        .arg("--db")
        .arg(&db)
        .args([
            "report",
            "--region",
            "江北区",
            "--year",
            "2024",
            "--format",
            "docx",
            "-o",
        ])
        .arg(&out)
        .output()
        .expect("report");
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let cli = std::fs::read(&out).expect("cli docx");
    let (web, cli) = (parts(&web), parts(&cli));
    assert_eq!(
        web.keys().collect::<Vec<_>>(),
        cli.keys().collect::<Vec<_>>(),
        "the same parts"
    );
    for (name, bytes) in &cli {
        assert!(web[name] == *bytes, "{name} differs");
    }
    let document = String::from_utf8_lossy(&cli["word/document.xml"]).to_string();
    assert!(document.contains("附件1"), "a real report");
}
