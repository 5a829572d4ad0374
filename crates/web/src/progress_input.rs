//! A department's progress entry as it arrives — the fields of the page's form or of the API's
//! JSON body, both plain text — read once into the service's [`EntryPayload`], with the field
//! and a sentence in both languages when a value cannot be read.

use crate::error::WebError;
use crate::i18n::Lang;
use planwatch_domain::Message;
use planwatch_domain::progress::{LivelihoodEntry, ProjectEntry, TaskEntry};
use planwatch_domain::projects::PlanDate;
use planwatch_domain::tasks::TaskStatus;
use planwatch_service::ServiceError;
use planwatch_service::progress::{EntryKind, EntryPayload};
use planwatch_store::accounts::ReviewDecision;
use rust_decimal::Decimal;

/// A value that cannot be read, or an entry the service refused: the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: Message,
}

impl FieldError {
    fn new(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        FieldError {
            field,
            message: Message::new(zh, en),
        }
    }

    pub fn text(&self, lang: Lang) -> &str {
        self.message.text(lang)
    }

    /// The service's refusal of an entry, when it is one (else the error back).
    pub fn from_service(e: ServiceError) -> Result<FieldError, ServiceError> {
        match e {
            ServiceError::Refused { field, message } => Ok(FieldError { field, message }),
            other => Err(other),
        }
    }
}

/// The fields each kind of entry reads, in form order.
pub fn fields(kind: EntryKind) -> &'static [&'static str] {
    match kind {
        EntryKind::Project => &[
            "completed",
            "image_progress",
            "started_on",
            "completed_on",
            "note",
        ],
        EntryKind::Task => &["note", "status"],
        EntryKind::Livelihood => &["completed_value", "note", "done"],
    }
}

fn number(field: &'static str, text: Option<&str>) -> Result<Option<Decimal>, FieldError> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    planwatch_text::parse_number(t).map(Some).map_err(|_| {
        FieldError::new(
            field,
            format!("“{t}”不是数字"),
            format!("“{t}” is not a number"),
        )
    })
}

fn date(field: &'static str, text: Option<&str>) -> Result<Option<PlanDate>, FieldError> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    PlanDate::parse(t).map(Some).map_err(|_| {
        FieldError::new(
            field,
            format!("“{t}”不是日期（例如 2024-05-12）"),
            format!("“{t}” is not a date (e.g. 2024-05-12)"),
        )
    })
}

/// A task status by its code (`in_progress`) or its label (`推进中`).
pub fn task_status(text: &str) -> Option<TaskStatus> {
    let t = text.trim();
    TaskStatus::parse(t).or_else(|| {
        serde_json::from_value::<TaskStatus>(serde_json::Value::String(t.to_string())).ok()
    })
}

fn flag(field: &'static str, text: Option<&str>) -> Result<bool, FieldError> {
    match text.map(|t| t.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") | Some("0") | Some("false") | Some("no") | Some("off") => Ok(false),
        Some("1") | Some("true") | Some("yes") | Some("on") => Ok(true),
        Some(other) => Err(FieldError::new(
            field,
            format!("“{other}”应为是或否"),
            format!("“{other}” should be true or false"),
        )),
    }
}

fn text(get: &dyn Fn(&str) -> Option<String>, field: &str) -> String {
    get(field).map(|t| t.trim().to_string()).unwrap_or_default()
}

/// Reads an entry of `kind` from named text fields (`get` gives a field's value).
pub fn payload(
    kind: EntryKind,
    get: &dyn Fn(&str) -> Option<String>,
) -> Result<EntryPayload, FieldError> {
    Ok(match kind {
        EntryKind::Project => EntryPayload::Project(ProjectEntry {
            completed: number("completed", get("completed").as_deref())?,
            image_progress: text(get, "image_progress"),
            started_on: date("started_on", get("started_on").as_deref())?,
            completed_on: date("completed_on", get("completed_on").as_deref())?,
            note: text(get, "note"),
        }),
        EntryKind::Task => {
            let status = match get("status").map(|s| s.trim().to_string()) {
                None => None,
                Some(s) if s.is_empty() => None,
                Some(s) => Some(task_status(&s).ok_or_else(|| {
                    FieldError::new(
                        "status",
                        format!("“{s}”不是任务状态（{}）", TaskStatus::expected()),
                        format!(
                            "“{s}” is not a task status (not_started, in_progress, done, lagging)"
                        ),
                    )
                })?),
            };
            EntryPayload::Task(TaskEntry {
                note: text(get, "note"),
                status,
            })
        }
        EntryKind::Livelihood => EntryPayload::Livelihood(LivelihoodEntry {
            completed_value: number("completed_value", get("completed_value").as_deref())?,
            note: text(get, "note"),
            done: flag("done", get("done").as_deref())?,
        }),
    })
}

/// The DRC's decision on an entry: `approve` (with an optional comment) or `return` (with the
/// reason the reporter reads, required).
pub fn review_decision(
    lang: Lang,
    decision: Option<&str>,
    comment: Option<&str>,
) -> Result<ReviewDecision, WebError> {
    let comment = comment
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    match decision.map(str::trim) {
        Some("approve") => Ok(ReviewDecision::Approve { comment }),
        Some("return") => Ok(ReviewDecision::Return {
            comment: comment.ok_or_else(|| {
                WebError::Unprocessable(
                    match lang {
                        Lang::Zh => "退回时请填写审核意见。",
                        Lang::En => "Give the reporter a reason when returning.",
                    }
                    .to_string(),
                )
            })?,
        }),
        other => Err(WebError::BadRequest(format!(
            "decision must be approve or return, not {:?}",
            other.unwrap_or("")
        ))),
    }
}

/// The entry's fields as the form shows them again.
pub fn form_values(payload: &EntryPayload) -> Vec<(&'static str, String)> {
    let d = |v: Option<Decimal>| v.map(|v| v.normalize().to_string()).unwrap_or_default();
    let day = |v: Option<PlanDate>| v.map(|v| v.to_string()).unwrap_or_default();
    match payload {
        EntryPayload::Project(e) => vec![
            ("completed", d(e.completed)),
            ("image_progress", e.image_progress.clone()),
            ("started_on", day(e.started_on)),
            ("completed_on", day(e.completed_on)),
            ("note", e.note.clone()),
        ],
        EntryPayload::Task(e) => vec![
            ("note", e.note.clone()),
            (
                "status",
                e.status.map(|s| s.label().to_string()).unwrap_or_default(),
            ),
        ],
        EntryPayload::Livelihood(e) => vec![
            ("completed_value", d(e.completed_value)),
            ("note", e.note.clone()),
            ("done", if e.done { "1".into() } else { String::new() }),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(kind: EntryKind, pairs: &[(&str, &str)]) -> Result<EntryPayload, FieldError> {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        payload(kind, &|k| m.get(k).cloned())
    }

    #[test]
    fn a_project_entry_reads_numbers_and_dates_as_people_write_them() {
        let p = read(
            EntryKind::Project,
            &[
                ("completed", "１.６"),
                ("started_on", "2024年5月12日"),
                ("note", " 主体施工 "),
            ],
        )
        .expect("reads");
        let EntryPayload::Project(e) = &p else {
            panic!("a project entry")
        };
        assert_eq!(e.completed, Some(Decimal::new(16, 1)));
        assert_eq!(e.started_on, PlanDate::ymd(2024, 5, 12));
        assert_eq!(e.note, "主体施工");
        // Shown again as typed values the form reads back the same.
        let again: HashMap<String, String> = form_values(&p)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        assert_eq!(
            payload(EntryKind::Project, &|k| again.get(k).cloned()),
            Ok(p)
        );
    }

    #[test]
    fn unreadable_values_name_their_field() {
        let e = read(EntryKind::Project, &[("completed", "一些")]).expect_err("refused");
        assert_eq!(e.field, "completed");
        assert!(e.text(Lang::En).contains("not a number"), "{e:?}");
        let e = read(EntryKind::Project, &[("completed_on", "下个月")]).expect_err("refused");
        assert_eq!(e.field, "completed_on");
        let e = read(EntryKind::Task, &[("status", "差不多")]).expect_err("refused");
        assert_eq!(e.field, "status");
        assert!(e.text(Lang::Zh).contains("推进中"), "{e:?}");
        let e = read(EntryKind::Livelihood, &[("done", "maybe")]).expect_err("refused");
        assert_eq!(e.field, "done");
    }

    #[test]
    fn task_status_by_code_or_label() {
        assert_eq!(task_status("done"), Some(TaskStatus::Done));
        assert_eq!(task_status("已完成"), Some(TaskStatus::Done));
        assert_eq!(task_status("lagging"), Some(TaskStatus::Lagging));
        assert_eq!(task_status("soon"), None);
        let p = read(
            EntryKind::Livelihood,
            &[("done", "on"), ("completed_value", "")],
        )
        .expect("reads");
        assert_eq!(
            p,
            EntryPayload::Livelihood(LivelihoodEntry {
                completed_value: None,
                note: String::new(),
                done: true
            })
        );
    }
}
