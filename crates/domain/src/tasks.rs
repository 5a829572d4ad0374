//! Key tasks (重点任务): areas → tasks → measures, with targets, departments, deadlines,
//! quarterly progress and deadline lights.
//!
//! The plan's prose is organised as areas (任务领域, "做强产业支撑"), tasks (任务, "进一步加快
//! 打造西部金融中心核心承载区") and measures (具体措施, "一是加速做大金融规模…"). Ledgers keep one
//! row per measure ([`Measure`]), naming its area and task; [`tree`] rebuilds the hierarchy.
//! [`deadline_light`] lights a measure by its deadline and status.

use crate::lang::{Lang, count_en};
use crate::projects::{Light, PlanDate, days_from_civil, labelled_enum, to_half_width};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

labelled_enum! {
    /// A measure's status.
    pub enum TaskStatus ("任务状态") {
        NotStarted = "未启动" | "未开始" => "Not started",
        InProgress = "推进中" | "进行中" | "正在推进" => "In progress",
        Done = "已完成" | "完成" => "Done",
        /// 滞后: reported behind schedule by the department itself.
        Lagging = "滞后" | "进度滞后" => "Behind schedule",
    }
}

/// A target's value: a number, or text that is not a plain number ("100以上", "全覆盖").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum TargetValue {
    Number(#[serde(with = "rust_decimal::serde::str")] Decimal),
    Text(String),
}

/// A measure's quantified target (目标值 + 单位).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureTarget {
    pub value: TargetValue,
    /// 单位, "" when none.
    pub unit: String,
}

/// A measure's deadline (完成时限).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Deadline {
    /// A month or a day; a month means its last day.
    Date(PlanDate),
    /// No date: "长期坚持", "持续推进". No deadline light is computed from it.
    Text(String),
}

impl Deadline {
    /// Reads a deadline as ledgers write it: a date ([`PlanDate::parse`]), or relative to the
    /// plan year: "年底"/"年内"/"全年" → December, "6月底"/"6月" → June; anything else is
    /// kept as text. Empty text gives `None`.
    pub fn parse(text: &str, plan_year: i32) -> Option<Deadline> {
        let t: String = text
            .trim()
            .chars()
            .map(to_half_width)
            .filter(|c| !c.is_whitespace())
            .collect();
        if t.is_empty() {
            return None;
        }
        if let Ok(d) = PlanDate::parse(&t) {
            return Some(Deadline::Date(d));
        }
        let year_end = ["年底", "年底前", "年内", "全年", "年末", "本年度", "年度内"];
        if year_end.contains(&t.as_str()) {
            return PlanDate::ym(plan_year, 12).map(Deadline::Date);
        }
        // "6月底", "6月": a month of the plan year.
        if let Ok(d) = PlanDate::parse(&format!("{plan_year}年{t}"))
            && d.day.is_none()
        {
            return Some(Deadline::Date(d));
        }
        Some(Deadline::Text(text.trim().to_string()))
    }
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Deadline::Date(d) => d.fmt(f),
            Deadline::Text(t) => f.write_str(t),
        }
    }
}

/// A progress note, by quarter when it says which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarterNote {
    /// 1..=4, `None` when the note names no quarter.
    pub quarter: Option<u8>,
    pub note: String,
}

const QUARTER_LABELS: [&str; 4] = ["一季度", "二季度", "三季度", "四季度"];

/// Splits a 进展情况 cell into notes: a line starting with "一季度：", "第二季度:", "Q3：" …
/// begins that quarter's note; other lines continue the note before them (or begin an
/// unlabelled one).
pub fn parse_progress_notes(text: &str) -> Vec<QuarterNote> {
    let mut notes: Vec<QuarterNote> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match split_quarter(line) {
            Some((q, rest)) => notes.push(QuarterNote {
                quarter: Some(q),
                note: rest.trim().to_string(),
            }),
            None => match notes.last_mut() {
                Some(last) => {
                    last.note.push('\n');
                    last.note.push_str(line);
                }
                None => notes.push(QuarterNote {
                    quarter: None,
                    note: line.to_string(),
                }),
            },
        }
    }
    notes
}

fn split_quarter(line: &str) -> Option<(u8, &str)> {
    let l = line.strip_prefix('第').unwrap_or(line);
    for (i, label) in QUARTER_LABELS.iter().enumerate() {
        let q = i as u8 + 1;
        let ascii = format!("Q{q}");
        for prefix in [*label, ascii.as_str()] {
            if let Some(rest) = l.strip_prefix(prefix)
                && let Some(rest) = rest.strip_prefix(['：', ':'])
            {
                return Some((q, rest));
            }
        }
    }
    None
}

/// The inverse of [`parse_progress_notes`]: one line per note, "一季度：" before labelled ones.
pub fn format_progress_notes(notes: &[QuarterNote]) -> String {
    notes
        .iter()
        .map(|n| n.text(Lang::Zh))
        .collect::<Vec<_>>()
        .join("\n")
}

impl QuarterNote {
    /// The note with its quarter in `lang`: "一季度：…" / "Q1: …" (the note itself as written).
    pub fn text(&self, lang: Lang) -> String {
        let label = self.quarter.and_then(|q| {
            QUARTER_LABELS
                .get(usize::from(q).wrapping_sub(1))
                .map(|l| (q, l))
        });
        match (lang, label) {
            (Lang::Zh, Some((_, label))) => format!("{label}：{}", self.note),
            (Lang::En, Some((q, _))) => format!("Q{q}: {}", self.note),
            (_, None) => self.note.clone(),
        }
    }
}

/// Splits a 配合单位 cell on 、，,;；/ and line breaks.
pub fn split_departments(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', ';', '；', '/', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// One measure of the key-task list (a row of sheet 重点任务).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    /// 编号, unique within a list ("1.2.3" or any scheme the DRC uses).
    pub code: String,
    /// 任务领域
    pub area: String,
    /// 任务
    pub task: String,
    /// 具体措施
    pub text: String,
    #[serde(default)]
    pub target: Option<MeasureTarget>,
    /// 牵头单位
    pub lead: String,
    /// 配合单位
    #[serde(default)]
    pub supporting: Vec<String>,
    #[serde(default)]
    pub deadline: Option<Deadline>,
    /// 进展情况
    #[serde(default)]
    pub progress: Vec<QuarterNote>,
    pub status: TaskStatus,
}

/// A task with its measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskNode {
    pub name: String,
    pub measures: Vec<Measure>,
}

/// An area with its tasks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaNode {
    pub name: String,
    pub tasks: Vec<TaskNode>,
}

/// Areas → tasks → measures, each level in order of first appearance.
pub fn tree(measures: &[Measure]) -> Vec<AreaNode> {
    let mut areas: Vec<AreaNode> = Vec::new();
    for m in measures {
        let ai = match areas.iter().position(|a| a.name == m.area) {
            Some(i) => i,
            None => {
                areas.push(AreaNode {
                    name: m.area.clone(),
                    tasks: Vec::new(),
                });
                areas.len() - 1
            }
        };
        let tasks = &mut areas[ai].tasks;
        let ti = match tasks.iter().position(|t| t.name == m.task) {
            Some(i) => i,
            None => {
                tasks.push(TaskNode {
                    name: m.task.clone(),
                    measures: Vec::new(),
                });
                tasks.len() - 1
            }
        };
        tasks[ti].measures.push(m.clone());
    }
    areas
}

/// Thresholds of the deadline lights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeadlineRules {
    /// Yellow when the deadline is this many days away or fewer and the measure is not done
    /// (default 30).
    pub due_soon_days: i64,
    /// A measure its department reports as 滞后 is at least yellow (default true).
    pub lagging_is_yellow: bool,
}

impl Default for DeadlineRules {
    fn default() -> Self {
        DeadlineRules {
            due_soon_days: 30,
            lagging_is_yellow: true,
        }
    }
}

/// Why a measure has its light: the facts, worded in either language by
/// [`MeasureReason::text`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MeasureReason {
    /// Reported done.
    Done,
    /// Past its deadline by `days` days and not done.
    Overdue { deadline: PlanDate, days: i64 },
    /// `days` days left to its deadline.
    DueSoon { deadline: PlanDate, days: i64 },
    /// Its lead department reports it behind schedule (滞后).
    ReportedLagging,
}

impl MeasureReason {
    /// The reason as a sentence in `lang`: 已超过完成时限2024-06，逾期5天未完成 /
    /// 5 days past its deadline (2024-06), not done.
    pub fn text(&self, lang: Lang) -> String {
        let days = |d: i64| count_en(usize::try_from(d).unwrap_or(0), "day", "days");
        match (lang, self) {
            (Lang::Zh, MeasureReason::Done) => "已完成".into(),
            (Lang::En, MeasureReason::Done) => "done".into(),
            (Lang::Zh, MeasureReason::Overdue { deadline, days }) => {
                format!("已超过完成时限{deadline}，逾期{days}天未完成")
            }
            (Lang::En, MeasureReason::Overdue { deadline, days: d }) => {
                format!("{} past its deadline ({deadline}), not done", days(*d))
            }
            (Lang::Zh, MeasureReason::DueSoon { deadline, days }) => {
                format!("距完成时限{deadline}仅剩{days}天")
            }
            (Lang::En, MeasureReason::DueSoon { deadline, days: d }) => {
                format!("only {} left to its deadline ({deadline})", days(*d))
            }
            (Lang::Zh, MeasureReason::ReportedLagging) => "牵头单位报告进度滞后".into(),
            (Lang::En, MeasureReason::ReportedLagging) => {
                "the lead department reports it behind schedule".into()
            }
        }
    }
}

impl fmt::Display for MeasureReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::Zh))
    }
}

/// A measure's light, with the reasons as facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureLight {
    pub code: String,
    pub light: Light,
    pub reasons: Vec<MeasureReason>,
    /// Days from `today` to the deadline's last day; negative when overdue.
    pub days_left: Option<i64>,
}

/// The light of a measure on `today` (a month-precision `today` means its last day):
/// done → green; past the deadline and not done → red; deadline within
/// [`DeadlineRules::due_soon_days`] → yellow; reported 滞后 → at least yellow.
pub fn deadline_light(measure: &Measure, today: PlanDate, rules: &DeadlineRules) -> MeasureLight {
    let (ty, tm, td) = today.last_day();
    let today_n = days_from_civil(ty, tm, td);
    let days_left = match &measure.deadline {
        Some(Deadline::Date(d)) => Some(d.last_day_number() - today_n),
        _ => None,
    };
    let mut light = Light::Green;
    let mut reasons = Vec::new();
    if measure.status == TaskStatus::Done {
        return MeasureLight {
            code: measure.code.clone(),
            light,
            reasons: vec![MeasureReason::Done],
            days_left,
        };
    }
    if let (Some(left), Some(Deadline::Date(d))) = (days_left, &measure.deadline) {
        if left < 0 {
            light = Light::Red;
            reasons.push(MeasureReason::Overdue {
                deadline: *d,
                days: -left,
            });
        } else if left <= rules.due_soon_days {
            light = Light::Yellow;
            reasons.push(MeasureReason::DueSoon {
                deadline: *d,
                days: left,
            });
        }
    }
    if rules.lagging_is_yellow && measure.status == TaskStatus::Lagging {
        light = light.max(Light::Yellow);
        reasons.push(MeasureReason::ReportedLagging);
    }
    MeasureLight {
        code: measure.code.clone(),
        light,
        reasons,
        days_left,
    }
}

/// Lights of all measures.
pub fn deadline_lights(
    measures: &[Measure],
    today: PlanDate,
    rules: &DeadlineRules,
) -> Vec<MeasureLight> {
    measures
        .iter()
        .map(|m| deadline_light(m, today, rules))
        .collect()
}

/// How many measures have each status, in [`TaskStatus::ALL`] order (zero counts included).
pub fn status_counts(measures: &[Measure]) -> Vec<(TaskStatus, usize)> {
    TaskStatus::ALL
        .iter()
        .map(|s| (*s, measures.iter().filter(|m| m.status == *s).count()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(code: &str, area: &str, task: &str) -> Measure {
        Measure {
            code: code.to_string(),
            area: area.to_string(),
            task: task.to_string(),
            text: "引进区域品牌首店100家以上".to_string(),
            target: Some(MeasureTarget {
                value: TargetValue::Number(Decimal::from(100)),
                unit: "家".to_string(),
            }),
            lead: "区商务委".to_string(),
            supporting: vec!["观音桥街道".to_string()],
            deadline: Deadline::parse("2024年12月", 2024),
            progress: Vec::new(),
            status: TaskStatus::InProgress,
        }
    }

    #[test]
    fn deadlines_relative_to_the_plan_year() {
        let dec = Some(Deadline::Date(PlanDate::ym(2024, 12).unwrap()));
        assert_eq!(Deadline::parse("年底", 2024), dec);
        assert_eq!(Deadline::parse("2024年底", 2024), dec);
        assert_eq!(
            Deadline::parse("6月底", 2024),
            Some(Deadline::Date(PlanDate::ym(2024, 6).unwrap()))
        );
        assert_eq!(
            Deadline::parse("长期坚持", 2024),
            Some(Deadline::Text("长期坚持".into()))
        );
        assert_eq!(Deadline::parse("  ", 2024), None);
    }

    #[test]
    fn lights_by_deadline_and_status() {
        let rules = DeadlineRules::default();
        let mut m = measure("1", "a", "t");
        let l = deadline_light(&m, PlanDate::ymd(2024, 10, 15).unwrap(), &rules);
        assert_eq!((l.light, l.days_left), (Light::Green, Some(77)));
        let l = deadline_light(&m, PlanDate::ymd(2024, 12, 1).unwrap(), &rules);
        assert_eq!((l.light, l.days_left), (Light::Yellow, Some(30)));
        let l = deadline_light(&m, PlanDate::ymd(2025, 1, 2).unwrap(), &rules);
        assert_eq!(l.light, Light::Red);
        assert!(l.reasons[0].text(Lang::Zh).contains("逾期2天"));
        assert!(l.reasons[0].text(Lang::En).contains("2 days past"));
        m.status = TaskStatus::Done;
        assert_eq!(
            deadline_light(&m, PlanDate::ymd(2025, 1, 2).unwrap(), &rules).light,
            Light::Green
        );
        m.status = TaskStatus::Lagging;
        m.deadline = Some(Deadline::Text("持续推进".into()));
        assert_eq!(
            deadline_light(&m, PlanDate::ym(2024, 3).unwrap(), &rules).light,
            Light::Yellow
        );
    }

    #[test]
    fn progress_notes_round_trip() {
        let text = "一季度：完成选址\n第二季度:开工\n主体施工中\nQ4：竣工";
        let notes = parse_progress_notes(text);
        assert_eq!(notes.len(), 3);
        assert_eq!(notes[1].quarter, Some(2));
        assert_eq!(notes[1].note, "开工\n主体施工中");
        assert_eq!(parse_progress_notes(&format_progress_notes(&notes)), notes);
        assert_eq!(parse_progress_notes("已完成招标")[0].quarter, None);
    }

    #[test]
    fn tree_keeps_first_appearance_order() {
        let ms = vec![
            measure("1", "产业", "金融"),
            measure("2", "产业", "消费"),
            measure("3", "民生", "就业"),
            measure("4", "产业", "金融"),
        ];
        let t = tree(&ms);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].tasks.len(), 2);
        assert_eq!(t[0].tasks[0].measures.len(), 2);
        assert_eq!(t[1].tasks[0].measures[0].code, "3");
        assert_eq!(status_counts(&ms)[1], (TaskStatus::InProgress, 4));
        assert_eq!(
            split_departments("区财政局、区人力社保局，区教委"),
            vec!["区财政局", "区人力社保局", "区教委"]
        );
    }
}
