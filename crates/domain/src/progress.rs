//! What a department reports on the items it is responsible for, how a report is checked
//! against the item as it stands, and what the item becomes when the DRC approves it:
//!
//! - [`ProjectEntry`]: a key project's 1-m月 cumulative completed investment with its 形象进度,
//!   a phase change (开工 on a date, 竣工 on a date) and a progress note;
//! - [`TaskEntry`]: a key-task measure's quarterly progress note and status;
//! - [`LivelihoodEntry`]: a livelihood project's completed value, note, and whether it is done.
//!
//! `check` refuses what cannot be right (a cumulative figure below last month's, a start after
//! the month reported, a completion below target marked done) with the field it concerns and
//! a sentence in both languages; `apply` gives the item's new state. Both are pure.

use crate::Message;
use crate::lang::plain_number;
use crate::livelihood::{Candidate, LivelihoodProgress};
use crate::projects::{BuildStatus, MonthlyProgress, PlanDate, Project};
use crate::tasks::{Measure, QuarterNote, TaskStatus};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Why a report was refused: the field it concerns and what is wrong, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The form field (`completed`, `started_on`, `note`, …).
    pub field: &'static str,
    pub message: Message,
}

impl Refusal {
    fn new(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Refusal {
            field,
            message: Message::new(zh, en),
        }
    }
}

/// The longest note a report may carry, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

fn check_note(field: &'static str, note: &str) -> Result<(), Refusal> {
    let n = note.chars().count();
    if n > MAX_NOTE_CHARS {
        return Err(Refusal::new(
            field,
            format!("说明过长（{n}字，最多{MAX_NOTE_CHARS}字）"),
            format!("The note is too long ({n} characters, at most {MAX_NOTE_CHARS})"),
        ));
    }
    Ok(())
}

fn month_en(m: u8) -> &'static str {
    crate::lang::MONTHS_EN[usize::from(m.clamp(1, 12) - 1)]
}

/// The last day of `month` of `year`, as a day-precision date.
fn month_end(year: i32, month: u8) -> Option<PlanDate> {
    let m = PlanDate::ym(year, month)?;
    let (y, mm, d) = m.last_day();
    PlanDate::ymd(y, mm, d)
}

/// A key project's monthly report. Money in 亿元.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectEntry {
    /// 1-m月累计完成投资（亿元）.
    #[serde(default, with = "rust_decimal::serde::str_option")]
    pub completed: Option<Decimal>,
    /// 形象进度: what is physically done.
    #[serde(default)]
    pub image_progress: String,
    /// Construction started on this date (开工).
    #[serde(default)]
    pub started_on: Option<PlanDate>,
    /// The project was completed on this date (竣工).
    #[serde(default)]
    pub completed_on: Option<PlanDate>,
    /// 进展情况说明.
    #[serde(default)]
    pub note: String,
}

impl ProjectEntry {
    /// Checks the report for `month` of `year` against the project and its monthly reports.
    pub fn check(
        &self,
        project: &Project,
        history: &[MonthlyProgress],
        year: i32,
        month: u8,
    ) -> Result<(), Refusal> {
        let note = self.note.trim();
        if self.completed.is_none()
            && self.started_on.is_none()
            && self.completed_on.is_none()
            && note.is_empty()
            && self.image_progress.trim().is_empty()
        {
            return Err(Refusal::new(
                "completed",
                "请填写累计完成投资、开工或竣工日期，或进展说明",
                "Enter the investment completed so far, a start or completion date, or a note",
            ));
        }
        check_note("note", note)?;
        check_note("image_progress", &self.image_progress)?;
        if let Some(v) = self.completed {
            if v < Decimal::ZERO {
                return Err(Refusal::new(
                    "completed",
                    "累计完成投资不能为负数",
                    "The investment completed cannot be negative",
                ));
            }
            if project.total_investment > Decimal::ZERO && v > project.total_investment {
                let total = plain_number(project.total_investment);
                return Err(Refusal::new(
                    "completed",
                    format!(
                        "累计完成投资{}亿元超过项目总投资{total}亿元",
                        plain_number(v)
                    ),
                    format!(
                        "{} hundred million yuan completed exceeds the project's total investment of {total}",
                        plain_number(v)
                    ),
                ));
            }
            let mine = history.iter().filter(|h| h.code == project.code);
            for h in mine {
                if h.month < month && h.cumulative_completed > v {
                    let was = plain_number(h.cumulative_completed);
                    return Err(Refusal::new(
                        "completed",
                        format!(
                            "1-{month}月累计{}亿元低于已报的1-{}月累计{was}亿元（累计数不能减少）",
                            plain_number(v),
                            h.month
                        ),
                        format!(
                            "The Jan–{} total of {} is below the Jan–{} total of {was} \
                             already reported (a cumulative figure cannot fall)",
                            month_en(month),
                            plain_number(v),
                            month_en(h.month)
                        ),
                    ));
                }
                if h.month > month && h.cumulative_completed < v {
                    let was = plain_number(h.cumulative_completed);
                    return Err(Refusal::new(
                        "completed",
                        format!(
                            "1-{month}月累计{}亿元高于已报的1-{}月累计{was}亿元",
                            plain_number(v),
                            h.month
                        ),
                        format!(
                            "The Jan–{} total of {} is above the Jan–{} total of {was} \
                             already reported",
                            month_en(month),
                            plain_number(v),
                            month_en(h.month)
                        ),
                    ));
                }
            }
        }
        let end = month_end(year, month);
        for (field, date, zh, en) in [
            ("started_on", self.started_on, "开工日期", "The start date"),
            (
                "completed_on",
                self.completed_on,
                "竣工日期",
                "The completion date",
            ),
        ] {
            if let (Some(d), Some(end)) = (date, end)
                && d > end
            {
                return Err(Refusal::new(
                    field,
                    format!("{zh}{d}晚于所报月份（{year}年{month}月）"),
                    format!(
                        "{en} {d} is after the month reported ({} {year})",
                        month_en(month)
                    ),
                ));
            }
            if let Some(d) = date
                && d.year < year - 30
            {
                return Err(Refusal::new(
                    field,
                    format!("{zh}{d}不合理"),
                    format!("{en} {d} is implausible"),
                ));
            }
        }
        let start = self.started_on.or(project.actual_start);
        if let (Some(s), Some(c)) = (start, self.completed_on)
            && c < s
        {
            return Err(Refusal::new(
                "completed_on",
                format!("竣工日期{c}早于开工日期{s}"),
                format!("The completion date {c} is before the start date {s}"),
            ));
        }
        Ok(())
    }

    /// The project after the report, and the monthly report to record (when a figure was
    /// given). The ledger's completed figure follows the latest month reported.
    pub fn apply(
        &self,
        project: &Project,
        history: &[MonthlyProgress],
        month: u8,
    ) -> (Project, Option<MonthlyProgress>) {
        let mut p = project.clone();
        let record = self.completed.map(|v| MonthlyProgress {
            code: project.code.clone(),
            month,
            cumulative_completed: v,
            image_progress: self.image_progress.trim().to_string(),
        });
        if let Some(v) = self.completed {
            let latest = history
                .iter()
                .filter(|h| h.code == project.code)
                .map(|h| h.month)
                .max()
                .unwrap_or(0);
            if month >= latest {
                p.completed = v;
            }
        }
        if let Some(d) = self.started_on {
            p.actual_start = Some(d);
            if p.status != BuildStatus::Completed {
                p.status = BuildStatus::UnderConstruction;
            }
        }
        if let Some(d) = self.completed_on {
            p.actual_completion = Some(d);
            p.status = BuildStatus::Completed;
        }
        let note = self.note.trim();
        if !note.is_empty() {
            p.progress_note = note.to_string();
        } else if !self.image_progress.trim().is_empty() {
            p.progress_note = self.image_progress.trim().to_string();
        }
        (p, record)
    }

    /// One line saying what the report proposes.
    pub fn summary(&self, month: u8) -> Message {
        let mut zh = vec![];
        let mut en = vec![];
        if let Some(v) = self.completed {
            zh.push(format!("1-{month}月累计完成投资{}亿元", plain_number(v)));
            en.push(format!(
                "{} hundred million yuan completed by the end of {}",
                plain_number(v),
                month_en(month)
            ));
        }
        if let Some(d) = self.started_on {
            zh.push(format!("{d}开工"));
            en.push(format!("started on {d}"));
        }
        if let Some(d) = self.completed_on {
            zh.push(format!("{d}竣工"));
            en.push(format!("completed on {d}"));
        }
        let note = self.note.trim();
        if !note.is_empty() {
            zh.push(format!("说明：{note}"));
            en.push(format!("note: {note}"));
        } else if !self.image_progress.trim().is_empty() {
            zh.push(format!("形象进度：{}", self.image_progress.trim()));
            en.push(format!("on site: {}", self.image_progress.trim()));
        }
        Message::new(zh.join("；"), capitalise(&en.join("; ")))
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A key-task measure's quarterly report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskEntry {
    /// The quarter's progress note.
    #[serde(default)]
    pub note: String,
    /// The measure's status after the quarter, when it changes.
    #[serde(default)]
    pub status: Option<TaskStatus>,
}

const QUARTERS_ZH: [&str; 4] = ["一季度", "二季度", "三季度", "四季度"];

impl TaskEntry {
    pub fn check(&self, _measure: &Measure, quarter: u8) -> Result<(), Refusal> {
        if !(1..=4).contains(&quarter) {
            return Err(Refusal::new(
                "quarter",
                "季度应为1至4",
                "The quarter must be 1 to 4",
            ));
        }
        let note = self.note.trim();
        if note.is_empty() && self.status.is_none() {
            return Err(Refusal::new(
                "note",
                "请填写本季度进展情况",
                "Enter the quarter's progress",
            ));
        }
        check_note("note", note)
    }

    /// The measure with the quarter's note (replacing an earlier note of that quarter) and
    /// the new status.
    pub fn apply(&self, measure: &Measure, quarter: u8) -> Measure {
        let mut m = measure.clone();
        let note = self.note.trim();
        if !note.is_empty() {
            m.progress.retain(|n| n.quarter != Some(quarter));
            m.progress.push(QuarterNote {
                quarter: Some(quarter),
                note: note.to_string(),
            });
            m.progress
                .sort_by_key(|n| n.quarter.map_or(0, |q| u16::from(q) + 1));
        }
        if let Some(s) = self.status {
            m.status = s;
        }
        m
    }

    pub fn summary(&self, quarter: u8) -> Message {
        let label = QUARTERS_ZH
            .get(usize::from(quarter).wrapping_sub(1))
            .copied()
            .unwrap_or("");
        let mut zh = Vec::new();
        let mut en = Vec::new();
        let note = self.note.trim();
        if !note.is_empty() {
            zh.push(format!("{label}：{note}"));
            en.push(format!("Q{quarter}: {note}"));
        }
        if let Some(s) = self.status {
            zh.push(format!("状态：{}", s.label()));
            en.push(format!("status: {}", s.label_en().to_lowercase()));
        }
        Message::new(zh.join("；"), capitalise(&en.join("; ")))
    }
}

/// An adopted livelihood project's report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LivelihoodEntry {
    /// 完成值 so far, in the project's unit.
    #[serde(default, with = "rust_decimal::serde::str_option")]
    pub completed_value: Option<Decimal>,
    #[serde(default)]
    pub note: String,
    /// The project is finished (its value defaults to the target).
    #[serde(default)]
    pub done: bool,
}

impl LivelihoodEntry {
    pub fn check(&self, candidate: &Candidate) -> Result<(), Refusal> {
        let note = self.note.trim();
        if self.completed_value.is_none() && note.is_empty() && !self.done {
            return Err(Refusal::new(
                "completed_value",
                "请填写完成值或进展说明",
                "Enter the value completed or a note",
            ));
        }
        check_note("note", note)?;
        if let Some(v) = self.completed_value
            && v < Decimal::ZERO
        {
            return Err(Refusal::new(
                "completed_value",
                "完成值不能为负数",
                "The value completed cannot be negative",
            ));
        }
        if self.done
            && let (Some(t), Some(v)) = (candidate.target_value, self.completed_value)
            && v < t
        {
            let (t, v, unit) = (plain_number(t), plain_number(v), &candidate.unit);
            return Err(Refusal::new(
                "completed_value",
                format!("标记为已完成，但完成值{v}{unit}低于目标{t}{unit}"),
                format!("Marked done, but the value completed ({v}) is below the target ({t})"),
            ));
        }
        Ok(())
    }

    /// The project's progress after the report.
    pub fn apply(
        &self,
        candidate: &Candidate,
        before: Option<&LivelihoodProgress>,
    ) -> LivelihoodProgress {
        let value = self
            .completed_value
            .or_else(|| {
                self.done
                    .then_some(candidate.target_value)
                    .flatten()
                    .filter(|t| {
                        before
                            .and_then(|b| b.completed_value)
                            .is_none_or(|v| v < *t)
                    })
            })
            .or_else(|| before.and_then(|b| b.completed_value));
        let note = self.note.trim();
        let note = if !note.is_empty() {
            note.to_string()
        } else if self.done {
            "已完成".to_string()
        } else {
            before.map(|b| b.note.clone()).unwrap_or_default()
        };
        LivelihoodProgress {
            name: candidate.name.clone(),
            completed_value: value,
            note,
        }
    }

    /// One line saying what the report proposes; `unit` is the project's.
    pub fn summary(&self, unit: &str) -> Message {
        let mut zh = Vec::new();
        let mut en = Vec::new();
        if let Some(v) = self.completed_value {
            zh.push(format!("完成{}{unit}", plain_number(v)));
            en.push(format!("{} completed", plain_number(v)));
        }
        if self.done {
            zh.push("已完成".to_string());
            en.push("done".to_string());
        }
        let note = self.note.trim();
        if !note.is_empty() {
            zh.push(format!("说明：{note}"));
            en.push(format!("note: {note}"));
        }
        Message::new(zh.join("；"), capitalise(&en.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::livelihood::{ProgressState, Theme, assess};
    use crate::projects::{Category, Phase};
    use crate::tasks::Deadline;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    fn project() -> Project {
        let mut p = Project::new("2024S004", "社会投资项目4", Category::Social, Phase::New);
        p.total_investment = d("20");
        p.annual_plan = d("5");
        p
    }

    fn progress(month: u8, v: &str) -> MonthlyProgress {
        MonthlyProgress {
            code: "2024S004".into(),
            month,
            cumulative_completed: d(v),
            image_progress: String::new(),
        }
    }

    #[test]
    fn a_monthly_figure_moves_the_ledger_and_is_recorded() {
        let e = ProjectEntry {
            completed: Some(d("1.6")),
            image_progress: "主体结构施工".into(),
            started_on: PlanDate::ymd(2024, 5, 12),
            ..Default::default()
        };
        let history = [progress(4, "0.9")];
        e.check(&project(), &history, 2024, 5).expect("valid");
        let (p, rec) = e.apply(&project(), &history, 5);
        assert_eq!(p.completed, d("1.6"));
        assert_eq!(p.status, BuildStatus::UnderConstruction);
        assert!(p.is_started());
        assert_eq!(p.progress_note, "主体结构施工");
        let rec = rec.expect("a monthly record");
        assert_eq!((rec.month, rec.cumulative_completed), (5, d("1.6")));
        assert_eq!(
            e.summary(5).text(crate::Lang::Zh),
            "1-5月累计完成投资1.6亿元；2024-05-12开工；形象进度：主体结构施工"
        );
        // A late report for an earlier month does not move the ledger back.
        let late = ProjectEntry {
            completed: Some(d("0.5")),
            ..Default::default()
        };
        let history = [progress(4, "0.9"), progress(6, "2.0")];
        assert!(late.check(&project(), &history, 2024, 3).is_ok());
        let (p, _) = late.apply(&project(), &history, 3);
        assert_eq!(p.completed, Decimal::ZERO, "kept the ledger's own figure");
    }

    #[test]
    fn impossible_project_reports_are_refused_with_their_field() {
        let history = [progress(4, "0.9"), progress(6, "2.0")];
        let check = |e: ProjectEntry, m: u8| e.check(&project(), &history, 2024, m).err();
        let r = check(
            ProjectEntry {
                completed: Some(d("0.8")),
                ..Default::default()
            },
            5,
        )
        .expect("below April");
        assert_eq!(r.field, "completed");
        assert!(r.message.text(crate::Lang::Zh).contains("累计数不能减少"));
        assert!(
            check(
                ProjectEntry {
                    completed: Some(d("2.1")),
                    ..Default::default()
                },
                5
            )
            .is_some(),
            "above June"
        );
        assert!(
            check(
                ProjectEntry {
                    completed: Some(d("21")),
                    ..Default::default()
                },
                5
            )
            .is_some(),
            "above the total"
        );
        let r = check(
            ProjectEntry {
                started_on: PlanDate::ymd(2024, 6, 1),
                ..Default::default()
            },
            5,
        )
        .expect("after the month");
        assert_eq!(r.field, "started_on");
        let r = check(
            ProjectEntry {
                started_on: PlanDate::ymd(2024, 5, 1),
                completed_on: PlanDate::ymd(2024, 4, 30),
                ..Default::default()
            },
            5,
        )
        .expect("completed before it started");
        assert_eq!(r.field, "completed_on");
        assert!(check(ProjectEntry::default(), 5).is_some(), "empty");
    }

    fn measure() -> Measure {
        Measure {
            code: "1.2".into(),
            area: "夯实领先基础".into(),
            task: "打造国际消费中心城市首选区".into(),
            text: "引进区域品牌首店100家以上".into(),
            target: None,
            lead: "区商务委".into(),
            supporting: vec![],
            deadline: Deadline::parse("2024年底", 2024),
            progress: vec![QuarterNote {
                quarter: Some(1),
                note: "已引进首店21家".into(),
            }],
            status: TaskStatus::InProgress,
        }
    }

    #[test]
    fn a_quarterly_note_replaces_that_quarter_only() {
        let e = TaskEntry {
            note: "已引进首店55家".into(),
            status: None,
        };
        e.check(&measure(), 2).expect("valid");
        let m = e.apply(&measure(), 2);
        assert_eq!(m.progress.len(), 2);
        assert_eq!(m.progress[1].note, "已引进首店55家");
        let again = TaskEntry {
            note: "已引进首店58家".into(),
            status: Some(TaskStatus::Done),
        }
        .apply(&m, 2);
        assert_eq!(again.progress.len(), 2);
        assert_eq!(again.progress[1].note, "已引进首店58家");
        assert_eq!(again.status, TaskStatus::Done);
        assert!(TaskEntry::default().check(&measure(), 2).is_err());
        assert!(e.check(&measure(), 5).is_err());
        assert_eq!(e.summary(2).text(crate::Lang::En), "Q2: 已引进首店55家");
    }

    #[test]
    fn a_livelihood_project_marked_done_is_done() {
        let c = Candidate {
            seq: 1,
            name: "新增公共停车位".into(),
            theme: Theme::Livable,
            target_task: "新增公共停车位2000个".into(),
            target_value: Some(d("2000")),
            unit: "个".into(),
            budget_wan: None,
            responsible_unit: "区住房城乡建委".into(),
        };
        let done = LivelihoodEntry {
            done: true,
            ..Default::default()
        };
        done.check(&c).expect("valid");
        let p = done.apply(&c, None);
        assert_eq!(assess(&c, Some(&p)), ProgressState::Done);
        assert_eq!(p.note, "已完成");
        let more = LivelihoodEntry {
            completed_value: Some(d("2556")),
            done: true,
            note: String::new(),
        }
        .apply(&c, Some(&p));
        assert_eq!(assess(&c, Some(&more)), ProgressState::Exceeded);
        let short = LivelihoodEntry {
            completed_value: Some(d("1500")),
            done: true,
            note: String::new(),
        };
        assert_eq!(
            short.check(&c).expect_err("below target").field,
            "completed_value"
        );
        let partial = LivelihoodEntry {
            completed_value: Some(d("1500")),
            ..Default::default()
        };
        assert_eq!(
            assess(&c, Some(&partial.apply(&c, None))),
            ProgressState::Behind
        );
    }
}
