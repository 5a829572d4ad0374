//! The generated Word file opens in LibreOffice: converted to PDF, its text shows the annex
//! rows. Skipped, with a note, where `soffice` or `pdftotext` is not installed
//! (Debian: `libreoffice-writer-nogui poppler-utils`).

mod common;

use common::demo_input;
use planwatch_report::annex::AnnexRow;
use planwatch_report::{Format, Report, render};
use std::process::Command;

fn has(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .map(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty())
        .unwrap_or(false)
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn docx_opens_in_libreoffice_and_shows_the_annex_rows() {
    if !has("soffice") || !has("pdftotext") {
        eprintln!("note: soffice or pdftotext not installed; LibreOffice check skipped");
        return;
    }
    let input = demo_input();
    let dir = tempfile::tempdir().expect("tempdir");
    let docx = dir.path().join("report.docx");
    std::fs::write(&docx, render(&input, Format::Docx).expect("docx")).expect("write");
    // A profile of its own, so a running LibreOffice elsewhere does not swallow the call.
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let out = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .expect("run soffice");
    let pdf = dir.path().join("report.pdf");
    assert!(
        pdf.is_file(),
        "no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let text = squeeze(&String::from_utf8_lossy(&text.stdout));
    let report = Report::build(&input);
    let mut checked = 0;
    for t in &report.annexes {
        assert!(text.contains(&squeeze(&t.title)), "{}", t.title);
        for row in &t.rows {
            match row {
                AnnexRow::Section { text: s, .. } => assert!(text.contains(&squeeze(s)), "{s}"),
                AnnexRow::Item(i) => {
                    // Cells may wrap inside the table, so each is looked for on its own.
                    assert!(text.contains(&squeeze(&i.label)), "{}", i.label);
                    assert!(text.contains(&squeeze(&i.target)), "{}", i.target);
                    if let Some(a) = &i.actual {
                        assert!(text.contains(&squeeze(a)), "{a}");
                    }
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 41);
    assert!(text.contains(&squeeze(planwatch_report::annex::NOTE)));
    assert!(text.contains("—2—") || text.contains("—1—"), "page numbers");
}
