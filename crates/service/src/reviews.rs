//! Report reviews that last (报告审查): an uploaded report is read and reviewed, and the review
//! is stored with the file — who, when, its name and SHA-256, what the reader found, the
//! findings — so it can be listed, reopened, shared, exported and rerun after the reader
//! improves. A finding has a stable key ([`finding_key`]) under which a reviewer marks it as
//! raised with the DRC; the mark survives a rerun that finds the same thing.

use crate::{ServiceError, ServiceResult};
use planwatch_domain::{Lang, Rules};
use planwatch_review::Finding;
use planwatch_store::reviews::{NewReview, ReviewMark, ReviewQuery, ReviewRecord};
use planwatch_store::{Actor, Database, StoreError};
use sha2::{Digest, Sha256};

/// What reviewing a file gives, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    pub findings: Vec<Finding>,
    pub title: Option<String>,
    pub region: Option<String>,
    pub year: Option<i32>,
    /// Why the file could not be read, when it could not (the findings then say so too).
    pub unreadable: Option<String>,
}

/// Reviews what the reader read of a report.
pub fn review_reading(reading: &planwatch_reader::Reading, rules: &Rules) -> Reviewed {
    Reviewed {
        findings: planwatch_review::review(reading, rules),
        title: reading.title.clone(),
        region: reading.region.clone(),
        year: reading.plan_year,
        unreadable: None,
    }
}

/// Reads and reviews a file (CPU-bound: run it off the async threads). A file that cannot be
/// read gives the review of an unreadable file (a rerun of a stored file can meet one when the
/// reader changed), never an error.
pub fn run(file_name: &str, data: &[u8], rules: &Rules) -> Reviewed {
    match planwatch_reader::read_bytes(data, Some(file_name)) {
        Ok(reading) => review_reading(&reading, rules),
        Err(e) => Reviewed {
            findings: planwatch_review::unreadable_because(&e.to_string(), &reason_en(&e)),
            title: None,
            region: None,
            year: None,
            unreadable: Some(e.to_string()),
        },
    }
}

/// Why a file could not be read, in English alone (the error's text has both languages).
fn reason_en(e: &planwatch_reader::ReadError) -> String {
    use planwatch_reader::ReadError;
    match e {
        ReadError::Empty => "the input is empty".into(),
        ReadError::Binary(d) => format!("it looks like binary data, not a text document: {d}"),
        ReadError::Docx(d) => format!("it is not a readable .docx: {d}"),
        ReadError::Unsupported(d) => format!("its file type is not supported: {d}"),
        ReadError::Pdf(d) => format!("it is not a readable PDF: {d}"),
        ReadError::NotAReport(kind) => kind.en().to_string(),
    }
}

/// Lower-case hex SHA-256 of a file.
pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A finding's key, stable across reruns that find the same thing: its kind and a hash of
/// its message (the evidence's line numbers may move when the reader improves).
pub fn finding_key(f: &Finding) -> String {
    let kind = serde_json::to_value(f.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let hash = sha256_hex(f.message.as_bytes());
    format!("{kind}:{}", &hash[..16])
}

fn problems(findings: &[Finding]) -> i64 {
    i64::try_from(findings.iter().filter(|f| !f.passed).count()).unwrap_or(i64::MAX)
}

fn findings_json(findings: &[Finding]) -> ServiceResult<String> {
    serde_json::to_string(findings)
        .map_err(|e| StoreError::Invalid(format!("cannot encode findings: {e}")).into())
}

/// A stored review's findings.
pub fn findings_of(record: &ReviewRecord) -> ServiceResult<Vec<Finding>> {
    serde_json::from_str(&record.findings).map_err(|e| {
        ServiceError::Store(StoreError::Invalid(format!(
            "stored review {} has unreadable findings: {e}",
            record.id
        )))
    })
}

/// Stores a review of `data` (see [`run`]).
pub async fn save(
    store: &dyn Database,
    file_name: &str,
    data: &[u8],
    reviewed: &Reviewed,
    actor: &Actor,
) -> ServiceResult<ReviewRecord> {
    let review = NewReview {
        file_name: file_name.to_string(),
        sha256: sha256_hex(data),
        data: data.to_vec(),
        title: reviewed.title.clone(),
        region: reviewed.region.clone(),
        year: reviewed.year,
        findings: findings_json(&reviewed.findings)?,
        problems: problems(&reviewed.findings),
    };
    Ok(store.save_review(&review, actor).await?)
}

/// One stored review.
pub async fn get(store: &dyn Database, id: i64) -> ServiceResult<ReviewRecord> {
    store
        .review(id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("review {id}")).into())
}

/// The reviewed file's name and bytes.
pub async fn file(store: &dyn Database, id: i64) -> ServiceResult<(String, Vec<u8>)> {
    store
        .review_file(id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("the file of review {id}")).into())
}

/// A page of reviews and how many match.
pub async fn list(
    store: &dyn Database,
    query: &ReviewQuery,
) -> ServiceResult<(Vec<ReviewRecord>, i64)> {
    Ok(store.reviews(query).await?)
}

/// Reviews the stored file again with today's reader and rules; marks stay on the findings
/// whose keys are found again. `review` is [`run`] (given so the caller decides where the
/// CPU-bound part runs).
pub async fn rerun(
    store: &dyn Database,
    id: i64,
    expected_version: Option<i64>,
    review: impl FnOnce(&str, &[u8]) -> Reviewed,
    actor: &Actor,
) -> ServiceResult<ReviewRecord> {
    let (name, data) = file(store, id).await?;
    let reviewed = review(&name, &data);
    Ok(store
        .rerun_review(
            id,
            &findings_json(&reviewed.findings)?,
            problems(&reviewed.findings),
            (reviewed.title, reviewed.region, reviewed.year),
            expected_version,
            actor,
        )
        .await?)
}

/// Marks a finding (by its key) as raised with the DRC with a note, or clears the mark.
pub async fn mark(
    store: &dyn Database,
    id: i64,
    finding: &str,
    note: Option<&str>,
    actor: &Actor,
) -> ServiceResult<ReviewRecord> {
    let record = get(store, id).await?;
    let known = findings_of(&record)?
        .iter()
        .any(|f| finding_key(f) == finding);
    if !known {
        return Err(StoreError::NotFound(format!("finding {finding:?} of review {id}")).into());
    }
    Ok(store.mark_finding(id, finding, note, actor).await?)
}

/// The mark of a finding, when it has one.
pub fn mark_of<'a>(record: &'a ReviewRecord, f: &Finding) -> Option<&'a ReviewMark> {
    let key = finding_key(f);
    record.marks.iter().find(|m| m.finding_key == key)
}

/// The formats a review is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Docx,
    Html,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "docx" => Some(ExportFormat::Docx),
            "html" => Some(ExportFormat::Html),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Docx => "docx",
            ExportFormat::Html => "html",
        }
    }
}

use planwatch_domain::projects::beijing_time as beijing;

/// A saved review as a document in `lang`: what was reviewed, by whom and when, the problems
/// (with the marks of those raised with the DRC), then what was verified.
pub fn document(
    record: &ReviewRecord,
    lang: Lang,
) -> ServiceResult<planwatch_report::document::Document> {
    let findings = findings_of(record)?;
    let en = lang == Lang::En;
    let mut about = if en {
        vec![
            format!("File: {} ({} bytes)", record.file_name, record.size),
            format!("SHA-256: {}", record.sha256),
            format!(
                "Reviewed by {}, {}",
                record.created_by,
                beijing(record.created_at)
            ),
        ]
    } else {
        vec![
            format!("文件：{}（{}字节）", record.file_name, record.size),
            format!("SHA-256：{}", record.sha256),
            format!(
                "审查人：{}，{}",
                record.created_by,
                beijing(record.created_at)
            ),
        ]
    };
    if let Some(t) = &record.title {
        about.push(lang.pick(format!("报告标题：{t}"), format!("Report title: {t}")));
    }
    if let (Some(by), Some(at)) = (&record.rerun_by, record.rerun_at) {
        about.push(lang.pick(
            format!(
                "已重新审查{}次，最近一次：{by}，{}",
                record.runs - 1,
                beijing(at)
            ),
            format!(
                "Rerun {} time(s), most recently by {by}, {}",
                record.runs - 1,
                beijing(at)
            ),
        ));
    }
    let line = |f: &Finding| {
        let mut s = if en {
            format!("[{}] {}", f.kind.title(f.passed, lang), f.message_in(lang))
        } else {
            format!("【{}】{}", f.kind.label_zh(), f.message)
        };
        if !f.evidence.is_empty() {
            let lines: Vec<String> = f
                .evidence
                .iter()
                .map(|e| lang.pick(format!("第{}行", e.line), format!("line {}", e.line)))
                .collect();
            s.push_str(&lang.pick(
                format!("（依据：{}）", lines.join("、")),
                format!(" (evidence: {})", lines.join(", ")),
            ));
        }
        if let Some(m) = mark_of(record, f) {
            s.push_str(&lang.pick(
                format!(
                    "〔已向发展改革委提出：{}，{} {}〕",
                    m.note,
                    m.raised_by,
                    beijing(m.raised_at)
                ),
                format!(
                    " [raised with the DRC: {}, {} {}]",
                    m.note,
                    m.raised_by,
                    beijing(m.raised_at)
                ),
            ));
        }
        s
    };
    let problems: Vec<String> = findings
        .iter()
        .filter(|f| !f.passed)
        .map(|f| {
            format!(
                "{}{}{}",
                f.severity.label(lang),
                lang.pick("：", ": "),
                line(f)
            )
        })
        .collect();
    let passed: Vec<String> = findings.iter().filter(|f| f.passed).map(line).collect();
    let mut doc =
        planwatch_report::document::Document::new(lang.pick("报告审查结果", "Report review"))
            .in_lang(lang)
            .section("", about);
    doc = doc.section(
        lang.pick(
            format!("一、发现的问题（{}项）", problems.len()),
            format!("1. Problems found ({})", problems.len()),
        ),
        if problems.is_empty() {
            vec![lang.pick("未发现问题。", "No problems found.").to_string()]
        } else {
            problems
        },
    );
    if !passed.is_empty() {
        doc = doc.section(
            lang.pick(
                format!("二、核对无误（{}项）", passed.len()),
                format!("2. Verified ({})", passed.len()),
            ),
            passed,
        );
    }
    Ok(doc)
}

/// A saved review exported as a file in `lang`; returns the bytes and a file name.
pub fn export(
    record: &ReviewRecord,
    format: ExportFormat,
    lang: Lang,
) -> ServiceResult<(Vec<u8>, String)> {
    let doc = document(record, lang)?;
    let bytes = match format {
        ExportFormat::Docx => doc
            .to_docx()
            .map_err(|e| ServiceError::Store(StoreError::Invalid(e.to_string())))?,
        ExportFormat::Html => doc.to_html().into_bytes(),
    };
    let stem = record
        .file_name
        .rsplit_once('.')
        .map_or(record.file_name.as_str(), |(s, _)| s);
    Ok((
        bytes,
        format!(
            "{stem}-{}.{}",
            lang.pick("审查结果", "review"),
            format.extension()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_and_tell_findings_apart() {
        let rules = Rules::default();
        let text = "某区2023年计划执行情况\n地区生产总值增长6%。\n";
        let a = run("a.txt", text.as_bytes(), &rules);
        let b = run("a.txt", text.as_bytes(), &rules);
        assert_eq!(a, b);
        let keys: Vec<String> = a.findings.iter().map(finding_key).collect();
        assert_eq!(keys, b.findings.iter().map(finding_key).collect::<Vec<_>>());
        let unique: std::collections::HashSet<&String> = keys.iter().collect();
        assert_eq!(unique.len(), keys.len(), "{keys:?}");
        assert!(!a.findings.is_empty(), "an incomplete review says so");
    }

    #[test]
    fn an_unreadable_file_is_reviewed_as_such() {
        let r = run("x.txt", &[0u8; 64], &Rules::default());
        assert!(r.unreadable.is_some());
        assert_eq!(problems(&r.findings), 1);
        assert_eq!(sha256_hex(b"abc").len(), 64);
        assert_eq!(beijing(0), "1970-01-01 08:00");
    }
}
