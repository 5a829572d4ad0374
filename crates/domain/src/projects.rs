//! Key projects (重点项目): the ledger, its figures, warning lights, year rollover and the
//! report paragraph.
//!
//! A region's DRC keeps a ledger of ~235 investment projects per year. Each [`Project`] is in a
//! [`Phase`] for the plan year (前期, 新开工 — also written 新建 —, 续建), has a [`Category`]
//! (社会投资 or 政府投资) and a construction [`BuildStatus`]. Money is in 亿元 as [`Decimal`].
//!
//! - [`compute_figures`] / [`report`]: counts, start rate (开工率), investment progress
//!   (完成/年度计划), year-on-year growth and the gap to time progress (序时进度), overall and
//!   grouped by category, phase, responsible unit and street.
//! - [`light`] / [`lights`]: a green/yellow/red light per project with reasons, by
//!   [`LightRules`], with hysteresis on the way down from red.
//! - [`rollover`]: next year's ledger from this year's.
//! - [`summary_paragraph`] and [`plan_paragraph`]: Chinese paragraphs in the style of the
//!   annual report, every number computed from the figures.
//!
//! Ratios (start rate, progress, growth) are kept as ratios (`1.24` for 124%); gaps to time
//! progress are in percentage points. Everything here is pure.

use crate::lang::{Lang, count_en};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// A text label that is not one of an enum's Chinese labels or aliases.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("“{value}”不是有效的{what}（应为：{expected}）")]
pub struct LabelError {
    /// What was being parsed, in Chinese ("项目阶段").
    pub what: &'static str,
    pub value: String,
    /// The accepted labels, joined by "/".
    pub expected: String,
}

/// Declares an enum whose variants have a canonical Chinese label and accepted aliases.
/// Parsing ignores surrounding and inner whitespace; printing gives the canonical label.
macro_rules! labelled_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $label:literal $(| $alias:literal)* => $en:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        $vis enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every variant, in declaration (report) order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical Chinese label.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The English label (written for the facts, not from the Chinese text).
            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            /// The label in `lang`.
            pub fn label_in(self, lang: $crate::lang::Lang) -> &'static str {
                lang.pick(self.label(), self.label_en())
            }

            /// Parses a canonical label or an alias.
            pub fn parse(text: &str) -> Option<Self> {
                let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                $( if t == $label $(|| t == $alias)* { return Some($name::$variant); } )+
                None
            }

            /// The accepted labels and aliases, for error messages.
            pub fn expected() -> String {
                let all: &[&str] = &[$($label $(, $alias)*),+];
                all.join("/")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::projects::LabelError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s).ok_or_else(|| $crate::projects::LabelError {
                    what: $what,
                    value: s.trim().to_string(),
                    expected: $name::expected(),
                })
            }
        }
    };
}
pub(crate) use labelled_enum;

labelled_enum! {
    /// Who invests (投资类别).
    pub enum Category ("投资类别") {
        /// 社会投资: private and state-enterprise money.
        Social = "社会投资" | "社会投资项目" | "社会" => "Social investment",
        /// 政府投资: the district's own budget and bonds.
        Government = "政府投资" | "政府投资项目" | "区级政府投资" | "政府" => "Government investment",
    }
}

labelled_enum! {
    /// Where a project stands in the plan year (项目阶段).
    pub enum Phase ("项目阶段") {
        /// 新开工 (also 新建): planned to start construction this year.
        New = "新开工" | "新建" | "新开工项目" | "新建项目" => "New start",
        /// 续建: under construction since an earlier year.
        Continuing = "续建" | "续建项目" => "Continuing",
        /// 前期: preparatory work (approvals, land, design).
        Preparatory = "前期" | "前期项目" => "Preparatory",
    }
}

labelled_enum! {
    /// Construction status (建设状态).
    pub enum BuildStatus ("建设状态") {
        NotStarted = "未开工" => "Not started",
        UnderConstruction = "在建" | "已开工" | "建设中" => "Under construction",
        /// 已竣工, also 建成.
        Completed = "已竣工" | "建成" | "已建成" | "竣工" | "已完工" | "完工" => "Completed",
        /// Preparatory work going on (前期推进中).
        Preparing = "前期推进中" | "前期工作推进中" => "Preparatory work under way",
    }
}

labelled_enum! {
    /// Preparatory milestones (前期手续).
    pub enum MilestoneKind ("前期手续") {
        /// 立项: project approval.
        Approval = "立项" => "Project approval",
        /// 用地: land use.
        Land = "用地" => "Land use",
        /// 规划许可: planning permit.
        PlanningPermit = "规划许可" => "Planning permit",
        /// 环评: environmental impact assessment.
        Environment = "环评" => "Environmental assessment",
        /// 施工许可: construction permit.
        ConstructionPermit = "施工许可" => "Construction permit",
    }
}

/// A calendar date as ledgers write it: a month (`2023-03`, `2023年3月`) or a day
/// (`2023-03-15`, `2023/3/15`, `2023年3月15日`). No time zone, no time of day.
///
/// Ordering is chronological, a month-only date sorting before the days of that month.
/// Serialized as its display text (`"2023-03"`, `"2023-03-15"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct PlanDate {
    pub year: i32,
    /// 1..=12
    pub month: u8,
    /// 1..=31, `None` for a month-precision date.
    pub day: Option<u8>,
}

/// Why a text is not a [`PlanDate`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("“{0}”不是有效日期（应为 2023-03 或 2023-03-15 等格式）")]
pub struct DateError(pub String);

impl PlanDate {
    /// A month-precision date; `None` when the month is out of range.
    pub fn ym(year: i32, month: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(PlanDate {
            year,
            month,
            day: None,
        })
    }

    /// A day-precision date; `None` when it does not exist.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        let d = PlanDate::ym(year, month)?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(PlanDate {
            day: Some(day),
            ..d
        })
    }

    /// Parses the ways ledgers write dates: `2023-03-15`, `2023/3/15`, `2023.3.15`,
    /// `2023年3月15日`, `2023-03`, `2023年3月`, `2023年3月底`, `2023年底` (December),
    /// an ISO date-time (`2023-03-15T00:00:00`), with full-width digits accepted.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let err = || DateError(text.trim().to_string());
        let mut s: String = text.trim().chars().map(to_half_width).collect();
        // A date-time ("2023-03-15T08:00:00", "2023-03-15 00:00:00"): the date part matters.
        if s.contains(':')
            && let Some(i) = s.find(['T', ' '])
        {
            s.truncate(i);
        }
        s.retain(|c| !c.is_whitespace());
        let year_end = s.ends_with("年底") || s.ends_with("年末") || s.ends_with("年底前");
        let trimmed = s.trim_end_matches(['前', '日', '号', '底', '末', '份']);
        let dashed = trimmed.replace(['年', '月', '/', '.'], "-");
        let parts: Vec<&str> = dashed.trim_end_matches('-').split('-').collect();
        let num = |p: &str| -> Option<u32> {
            if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            p.parse().ok()
        };
        let year = parts.first().and_then(|p| num(p)).ok_or_else(err)?;
        if !(1900..=2200).contains(&year) {
            return Err(err());
        }
        let year = year as i32;
        let small = |p: &str| num(p).and_then(|n| u8::try_from(n).ok());
        match parts.as_slice() {
            [_] if year_end => PlanDate::ym(year, 12).ok_or_else(err),
            [_, m] => PlanDate::ym(year, small(m).ok_or_else(err)?).ok_or_else(err),
            [_, m, d] => PlanDate::ymd(year, small(m).ok_or_else(err)?, small(d).ok_or_else(err)?)
                .ok_or_else(err),
            _ => Err(err()),
        }
    }

    /// Months since year 0, to count months between dates.
    pub fn month_index(self) -> i32 {
        self.year * 12 + i32::from(self.month) - 1
    }

    /// The last day this date covers: the day itself, or the month's last day.
    pub fn last_day(self) -> (i32, u8, u8) {
        (
            self.year,
            self.month,
            self.day.unwrap_or(days_in_month(self.year, self.month)),
        )
    }

    /// Days since 1970-01-01 of [`PlanDate::last_day`].
    pub fn last_day_number(self) -> i64 {
        let (y, m, d) = self.last_day();
        days_from_civil(y, m, d)
    }
}

impl fmt::Display for PlanDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

impl FromStr for PlanDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PlanDate::parse(s)
    }
}

impl From<PlanDate> for String {
    fn from(d: PlanDate) -> String {
        d.to_string()
    }
}

impl TryFrom<String> for PlanDate {
    type Error = DateError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        PlanDate::parse(&s)
    }
}

/// Full-width digits and punctuation (０-９, ．, ／, －) to ASCII; other characters unchanged.
pub fn to_half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

pub(crate) fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 (proleptic Gregorian), after Howard Hinnant's civil-date algorithm.
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (days since 1970-01-01), the inverse of [`days_from_civil`].
pub fn civil_from_days(days: i64) -> PlanDate {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    PlanDate {
        year: i32::try_from(year).unwrap_or(i32::MAX),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).ok(),
    }
}

/// Unix seconds as Beijing time (UTC+8), the way documents print it: `2024-07-05 09:30`.
pub fn beijing_time(unix: i64) -> String {
    let t = unix + 8 * 3600;
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    format!(
        "{} {:02}:{:02}",
        civil_from_days(days),
        secs / 3600,
        (secs % 3600) / 60
    )
}

/// A preparatory milestone reached on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub kind: MilestoneKind,
    /// When it was obtained.
    pub date: PlanDate,
}

/// One project of the year's ledger. Money in 亿元.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// 项目编号, unique within a ledger.
    pub code: String,
    pub name: String,
    pub category: Category,
    pub phase: Phase,
    pub status: BuildStatus,
    /// 责任单位
    pub responsible_unit: String,
    /// 所属镇街; empty when not located in one street (district-wide roads, etc.).
    pub street: String,
    /// 行业
    pub sector: String,
    /// 总投资（亿元）
    #[serde(with = "rust_decimal::serde::str")]
    pub total_investment: Decimal,
    /// 年度计划投资（亿元）
    #[serde(with = "rust_decimal::serde::str")]
    pub annual_plan: Decimal,
    /// 本年完成投资（亿元）: cumulative from January to the latest reported month.
    #[serde(with = "rust_decimal::serde::str")]
    pub completed: Decimal,
    /// 上年同期完成投资（亿元）; `None` when not reported (counted as 0 in growth).
    #[serde(default, with = "rust_decimal::serde::str_option")]
    pub last_year_same_period: Option<Decimal>,
    #[serde(default)]
    pub planned_start: Option<PlanDate>,
    #[serde(default)]
    pub actual_start: Option<PlanDate>,
    #[serde(default)]
    pub planned_completion: Option<PlanDate>,
    #[serde(default)]
    pub actual_completion: Option<PlanDate>,
    /// Preparatory milestones obtained so far, in [`MilestoneKind`] order.
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// 进展情况: the latest progress note.
    #[serde(default)]
    pub progress_note: String,
}

impl Project {
    /// A project with the given identity and no figures, dates or notes; handy in tests.
    pub fn new(
        code: impl Into<String>,
        name: impl Into<String>,
        category: Category,
        phase: Phase,
    ) -> Self {
        Project {
            code: code.into(),
            name: name.into(),
            category,
            phase,
            status: match phase {
                Phase::Preparatory => BuildStatus::Preparing,
                Phase::New => BuildStatus::NotStarted,
                Phase::Continuing => BuildStatus::UnderConstruction,
            },
            responsible_unit: String::new(),
            street: String::new(),
            sector: String::new(),
            total_investment: Decimal::ZERO,
            annual_plan: Decimal::ZERO,
            completed: Decimal::ZERO,
            last_year_same_period: None,
            planned_start: None,
            actual_start: None,
            planned_completion: None,
            actual_completion: None,
            milestones: Vec::new(),
            progress_note: String::new(),
        }
    }

    /// Construction has started: the status says so (在建 or 已竣工) or an actual start date
    /// is recorded.
    pub fn is_started(&self) -> bool {
        matches!(
            self.status,
            BuildStatus::UnderConstruction | BuildStatus::Completed
        ) || self.actual_start.is_some()
    }

    /// The project is finished: status 已竣工 or an actual completion date is recorded.
    pub fn is_completed(&self) -> bool {
        self.status == BuildStatus::Completed || self.actual_completion.is_some()
    }

    /// Investment progress (completed / annual plan) as a ratio; `None` without an annual plan.
    pub fn progress(&self) -> Option<Decimal> {
        ratio(self.completed, self.annual_plan)
    }
}

/// One month's report for a project (sheet 月度进度).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyProgress {
    /// 项目编号
    pub code: String,
    /// 1..=12, within the ledger's plan year.
    pub month: u8,
    /// 累计完成投资（亿元）: January to this month.
    #[serde(with = "rust_decimal::serde::str")]
    pub cumulative_completed: Decimal,
    /// 形象进度: what is physically done.
    #[serde(default)]
    pub image_progress: String,
}

/// `num / den`, rounded to 6 places; `None` when the denominator is not positive.
fn ratio(num: Decimal, den: Decimal) -> Option<Decimal> {
    if den <= Decimal::ZERO {
        return None;
    }
    num.checked_div(den).map(|r| r.round_dp(6))
}

/// How cumulative completion spread over the months of a reference year (usually last year):
/// the share of the year's total reached by the end of each month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyProfile {
    /// Twelve cumulative shares, non-decreasing, the last one 1.
    pub shares: Vec<Decimal>,
}

/// Why monthly figures do not make a profile.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProfileError {
    #[error("需要12个月的累计数，实际{0}个")]
    NotTwelve(usize),
    #[error("全年累计数必须大于0")]
    EmptyYear,
    #[error("累计数不能为负或逐月减少（第{0}月）")]
    Decreasing(u8),
}

impl MonthlyProfile {
    /// From twelve cumulative amounts (January..December) of the reference year.
    pub fn from_cumulative(amounts: &[Decimal]) -> Result<Self, ProfileError> {
        if amounts.len() != 12 {
            return Err(ProfileError::NotTwelve(amounts.len()));
        }
        let mut prev = Decimal::ZERO;
        for (i, a) in amounts.iter().enumerate() {
            if *a < prev {
                return Err(ProfileError::Decreasing(i as u8 + 1));
            }
            prev = *a;
        }
        let total = amounts[11];
        if total <= Decimal::ZERO {
            return Err(ProfileError::EmptyYear);
        }
        let shares = amounts
            .iter()
            .map(|a| {
                a.checked_div(total)
                    .map(|r| r.round_dp(6))
                    .unwrap_or_default()
            })
            .collect();
        Ok(MonthlyProfile { shares })
    }

    /// From a reference year's monthly reports of many projects: for each month, the sum over
    /// projects of their latest cumulative figure up to that month.
    pub fn from_progress(records: &[MonthlyProgress]) -> Result<Self, ProfileError> {
        let mut by_project: BTreeMap<&str, [Option<Decimal>; 12]> = BTreeMap::new();
        for r in records {
            if (1..=12).contains(&r.month) {
                by_project.entry(&r.code).or_insert([None; 12])[usize::from(r.month) - 1] =
                    Some(r.cumulative_completed);
            }
        }
        let mut totals = [Decimal::ZERO; 12];
        for months in by_project.values() {
            let mut last = Decimal::ZERO;
            for (i, m) in months.iter().enumerate() {
                if let Some(v) = m {
                    last = *v;
                }
                totals[i] += last;
            }
        }
        MonthlyProfile::from_cumulative(&totals)
    }

    /// The cumulative share at the end of `month` (1..=12).
    pub fn share_at(&self, month: u8) -> Option<Decimal> {
        let i = usize::from(month).checked_sub(1)?;
        self.shares.get(i).copied()
    }
}

/// How far investment is from time progress (序时进度) at a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeGap {
    /// 1..=12: figures are cumulative to the end of this month.
    pub month: u8,
    /// m/12 as a ratio.
    #[serde(with = "rust_decimal::serde::str")]
    pub time_progress: Decimal,
    /// (investment progress − m/12) × 100, in percentage points; negative means behind.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub gap_pp: Option<Decimal>,
    /// Last year's cumulative share at this month, when a profile was given.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub profile_progress: Option<Decimal>,
    /// (investment progress − profile share) × 100, in percentage points.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub gap_to_profile_pp: Option<Decimal>,
}

impl TimeGap {
    /// The gap for a given investment progress ratio at `month`.
    pub fn at(progress: Option<Decimal>, month: u8, profile: Option<&MonthlyProfile>) -> Self {
        let time_progress = (Decimal::from(month.clamp(1, 12)) / Decimal::from(12)).round_dp(6);
        let pp = |p: Decimal, t: Decimal| ((p - t) * Decimal::ONE_HUNDRED).round_dp(4);
        let profile_progress = profile.and_then(|p| p.share_at(month));
        TimeGap {
            month,
            time_progress,
            gap_pp: progress.map(|p| pp(p, time_progress)),
            profile_progress,
            gap_to_profile_pp: progress.zip(profile_progress).map(|(p, s)| pp(p, s)),
        }
    }
}

/// The figures of a set of projects. Counts and sums are additive over any partition of the
/// projects (categories, phases, units, streets); the ratios are derived from them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProjectFigures {
    pub projects: usize,
    pub new_projects: usize,
    pub continuing_projects: usize,
    pub preparatory_projects: usize,
    /// 新开工 projects that have started ([`Project::is_started`]).
    pub new_started: usize,
    /// Projects completed ([`Project::is_completed`]), whatever their phase.
    pub completed_projects: usize,
    #[serde(with = "rust_decimal::serde::str")]
    pub total_investment: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub annual_plan: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub completed_investment: Decimal,
    /// Sum of 上年同期完成投资, a missing figure counting as 0.
    #[serde(with = "rust_decimal::serde::str")]
    pub last_year_completed: Decimal,
    /// 开工率 = new_started / new_projects; `None` without new projects.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub start_rate: Option<Decimal>,
    /// 投资进度 = completed_investment / annual_plan; `None` without an annual plan.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub investment_progress: Option<Decimal>,
    /// completed_investment / last_year_completed − 1; `None` without last year's figure.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub yoy_growth: Option<Decimal>,
    /// The gap to time progress, when figures are taken at a month.
    pub time_gap: Option<TimeGap>,
}

/// Figures of `projects`; with `at = Some((month, profile))` the gap to time progress too.
pub fn compute_figures(
    projects: &[Project],
    at: Option<(u8, Option<&MonthlyProfile>)>,
) -> ProjectFigures {
    let mut f = ProjectFigures::default();
    for p in projects {
        f.projects += 1;
        match p.phase {
            Phase::New => {
                f.new_projects += 1;
                if p.is_started() {
                    f.new_started += 1;
                }
            }
            Phase::Continuing => f.continuing_projects += 1,
            Phase::Preparatory => f.preparatory_projects += 1,
        }
        if p.is_completed() {
            f.completed_projects += 1;
        }
        f.total_investment += p.total_investment;
        f.annual_plan += p.annual_plan;
        f.completed_investment += p.completed;
        f.last_year_completed += p.last_year_same_period.unwrap_or_default();
    }
    f.start_rate = ratio(Decimal::from(f.new_started), Decimal::from(f.new_projects));
    f.investment_progress = ratio(f.completed_investment, f.annual_plan);
    f.yoy_growth = ratio(f.completed_investment, f.last_year_completed).map(|r| r - Decimal::ONE);
    f.time_gap = at.map(|(month, profile)| TimeGap::at(f.investment_progress, month, profile));
    f
}

/// Figures of one group (a category, a phase, a unit or a street).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureGroup {
    /// The group's label: "社会投资", "续建", the unit's or street's name ("" when blank).
    pub key: String,
    pub figures: ProjectFigures,
}

/// What [`report`] computes at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureOptions {
    /// Cumulative to the end of this month (1..=12); `None` for no time-progress gap.
    pub month: Option<u8>,
    /// Last year's monthly profile, for the profile-based gap.
    pub profile: Option<MonthlyProfile>,
}

/// Figures overall and grouped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectReport {
    pub month: Option<u8>,
    pub overall: ProjectFigures,
    /// In [`Category::ALL`] order, only categories present.
    pub by_category: Vec<FigureGroup>,
    /// In [`Phase::ALL`] order, only phases present.
    pub by_phase: Vec<FigureGroup>,
    /// By responsible unit, sorted by name.
    pub by_unit: Vec<FigureGroup>,
    /// By street/town, sorted by name.
    pub by_street: Vec<FigureGroup>,
}

impl ProjectReport {
    /// The figures of a category, if any project has it.
    pub fn category(&self, c: Category) -> Option<&ProjectFigures> {
        self.by_category
            .iter()
            .find(|g| g.key == c.label())
            .map(|g| &g.figures)
    }

    /// The figures of a phase, if any project has it.
    pub fn phase(&self, p: Phase) -> Option<&ProjectFigures> {
        self.by_phase
            .iter()
            .find(|g| g.key == p.label())
            .map(|g| &g.figures)
    }
}

fn grouped<K: Ord>(
    projects: &[Project],
    key: impl Fn(&Project) -> K,
    label: impl Fn(&K) -> String,
    at: Option<(u8, Option<&MonthlyProfile>)>,
) -> Vec<FigureGroup> {
    let mut groups: BTreeMap<K, Vec<Project>> = BTreeMap::new();
    for p in projects {
        groups.entry(key(p)).or_default().push(p.clone());
    }
    groups
        .into_iter()
        .map(|(k, ps)| FigureGroup {
            key: label(&k),
            figures: compute_figures(&ps, at),
        })
        .collect()
}

/// Figures overall and by category, phase, responsible unit and street.
pub fn report(projects: &[Project], options: &FigureOptions) -> ProjectReport {
    let at = options.month.map(|m| (m, options.profile.as_ref()));
    ProjectReport {
        month: options.month,
        overall: compute_figures(projects, at),
        by_category: grouped(projects, |p| p.category, |c| c.label().to_string(), at),
        by_phase: grouped(projects, |p| p.phase, |p| p.label().to_string(), at),
        by_unit: grouped(projects, |p| p.responsible_unit.clone(), |u| u.clone(), at),
        by_street: grouped(projects, |p| p.street.clone(), |s| s.clone(), at),
    }
}

/// The ledger as it stood at the end of `month` of `year`, from the monthly reports:
/// a project with reports gets the cumulative figure of its latest report up to `month`
/// (0 when its first report is later); a project without any report keeps its figure.
/// Start and completion dates after that month are cleared, with the status set back
/// accordingly, so the start rate and completions are those of that month.
pub fn snapshot_at(
    projects: &[Project],
    progress: &[MonthlyProgress],
    year: i32,
    month: u8,
) -> Vec<Project> {
    let mut latest: HashMap<&str, (bool, u8, Decimal)> = HashMap::new();
    for r in progress {
        let e = latest
            .entry(r.code.as_str())
            .or_insert((false, 0, Decimal::ZERO));
        e.0 = true;
        if r.month <= month && r.month >= e.1 {
            e.1 = r.month;
            e.2 = r.cumulative_completed;
        }
    }
    let cutoff = PlanDate {
        year,
        month,
        day: Some(31),
    };
    projects
        .iter()
        .map(|p| {
            let mut p = p.clone();
            if let Some((_, m, v)) = latest.get(p.code.as_str()) {
                p.completed = if *m == 0 { Decimal::ZERO } else { *v };
            }
            if p.actual_completion.is_some_and(|d| d > cutoff) {
                p.actual_completion = None;
                if p.status == BuildStatus::Completed {
                    p.status = BuildStatus::UnderConstruction;
                }
            }
            if p.actual_start.is_some_and(|d| d > cutoff) {
                p.actual_start = None;
                p.status = if p.phase == Phase::Preparatory {
                    BuildStatus::Preparing
                } else {
                    BuildStatus::NotStarted
                };
            }
            p
        })
        .collect()
}

/// A warning light. Ordered by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    Green,
    Yellow,
    Red,
}

impl Light {
    /// 绿灯/黄灯/红灯
    pub fn label(self) -> &'static str {
        match self {
            Light::Green => "绿灯",
            Light::Yellow => "黄灯",
            Light::Red => "红灯",
        }
    }

    /// The light's name in `lang`: 绿灯 / green.
    pub fn label_in(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, l) => l.label(),
            (Lang::En, Light::Green) => "green",
            (Lang::En, Light::Yellow) => "yellow",
            (Lang::En, Light::Red) => "red",
        }
    }
}

impl fmt::Display for Light {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Thresholds of the project lights. The defaults follow common DRC practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LightRules {
    /// Yellow when investment progress is at least this many points behind time progress
    /// (default 10).
    #[serde(with = "rust_decimal::serde::str")]
    pub yellow_behind_pp: Decimal,
    /// Red when more than this many points behind (default 30).
    #[serde(with = "rust_decimal::serde::str")]
    pub red_behind_pp: Decimal,
    /// Red when a 新开工 project has not started this many months after its planned start
    /// month (default 3); yellow from the planned month until then.
    pub red_months_late: u32,
    /// A project that was red turns yellow only once it is no more than
    /// `red_behind_pp − recover_margin_pp` points behind (default 5), and never straight
    /// to green: it spends at least one period yellow.
    #[serde(with = "rust_decimal::serde::str")]
    pub recover_margin_pp: Decimal,
}

impl Default for LightRules {
    fn default() -> Self {
        LightRules {
            yellow_behind_pp: Decimal::from(10),
            red_behind_pp: Decimal::from(30),
            red_months_late: 3,
            recover_margin_pp: Decimal::from(5),
        }
    }
}

/// What investment progress is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapBasis {
    /// m/12 of the year (序时进度).
    TimeElapsed,
    /// Last year's cumulative share at the same month (上年同期进度).
    LastYearProfile,
}

impl GapBasis {
    fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, GapBasis::TimeElapsed) => "序时进度",
            (Lang::Zh, GapBasis::LastYearProfile) => "上年同期进度",
            (Lang::En, GapBasis::TimeElapsed) => "the time elapsed",
            (Lang::En, GapBasis::LastYearProfile) => "last year's pace",
        }
    }
}

/// Why a project has its light: the facts, worded in either language by [`LightReason::text`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LightReason {
    /// The project is finished (green).
    Completed,
    /// A new project planned to start this month has not started yet.
    DueToStartThisMonth,
    /// A new project has not started `months_late` months after its planned start.
    NotStarted { planned: PlanDate, months_late: i32 },
    /// Investment is `behind_pp` points behind its basis; `limit_pp` is the red threshold
    /// when it was passed.
    Behind {
        basis: GapBasis,
        #[serde(with = "rust_decimal::serde::str")]
        behind_pp: Decimal,
        #[serde(default, with = "rust_decimal::serde::str_option")]
        red_limit_pp: Option<Decimal>,
    },
    /// Red last period and caught up: yellow for one period before green.
    RecoveredFromRed,
    /// Red last period and not yet within `within_pp` points: stays red.
    StaysRed {
        #[serde(with = "rust_decimal::serde::str")]
        within_pp: Decimal,
    },
}

impl LightReason {
    /// The reason as a sentence in `lang`, e.g. 计划2024-03开工，已逾期4个月尚未开工 /
    /// planned to start in 2024-03, not started 4 months later.
    pub fn text(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::Zh, LightReason::Completed) => "已竣工".into(),
            (Lang::En, LightReason::Completed) => "completed".into(),
            (Lang::Zh, LightReason::DueToStartThisMonth) => "计划本月开工，尚未开工".into(),
            (Lang::En, LightReason::DueToStartThisMonth) => {
                "planned to start this month, not started yet".into()
            }
            (
                Lang::Zh,
                LightReason::NotStarted {
                    planned,
                    months_late,
                },
            ) => {
                format!("计划{planned}开工，已逾期{months_late}个月尚未开工")
            }
            (
                Lang::En,
                LightReason::NotStarted {
                    planned,
                    months_late,
                },
            ) => format!(
                "planned to start in {planned}, still not started {} later",
                count_en(
                    usize::try_from(*months_late).unwrap_or(0),
                    "month",
                    "months"
                )
            ),
            (
                Lang::Zh,
                LightReason::Behind {
                    basis,
                    behind_pp,
                    red_limit_pp,
                },
            ) => {
                let over = red_limit_pp
                    .map(|l| format!("（超过{}）", pct(l)))
                    .unwrap_or_default();
                format!(
                    "投资进度落后{}{}个百分点{over}",
                    basis.label(lang),
                    pct(*behind_pp)
                )
            }
            (
                Lang::En,
                LightReason::Behind {
                    basis,
                    behind_pp,
                    red_limit_pp,
                },
            ) => {
                let over = red_limit_pp
                    .map(|l| format!(" (more than {})", pct(l)))
                    .unwrap_or_default();
                format!(
                    "investment {} percentage points behind {}{over}",
                    pct(*behind_pp),
                    basis.label(lang)
                )
            }
            (Lang::Zh, LightReason::RecoveredFromRed) => "上期红灯，本期追赶到位，降为黄灯".into(),
            (Lang::En, LightReason::RecoveredFromRed) => {
                "red last period and caught up: yellow for now".into()
            }
            (Lang::Zh, LightReason::StaysRed { within_pp }) => format!(
                "上期红灯，落后未收窄至{}个百分点以内，保持红灯",
                pct(*within_pp)
            ),
            (Lang::En, LightReason::StaysRed { within_pp }) => format!(
                "red last period and still more than {} percentage points behind: stays red",
                pct(*within_pp)
            ),
        }
    }
}

impl fmt::Display for LightReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::Zh))
    }
}

/// One project's light, with the reasons as facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectLight {
    pub code: String,
    pub light: Light,
    /// Why; empty for a plain green.
    pub reasons: Vec<LightReason>,
    /// The gap used for the investment rule (profile-based when a profile was given),
    /// in percentage points; `None` without an annual plan.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub gap_pp: Option<Decimal>,
}

fn pct(d: Decimal) -> String {
    d.round_dp(1).normalize().to_string()
}

/// The light of one project at the end of `month` of `year`.
///
/// Rules, by [`LightRules`]:
/// - a 新开工 project not started: yellow from its planned start month, red from
///   `red_months_late` months after it;
/// - any project with an annual plan: yellow when `yellow_behind_pp` to `red_behind_pp` points
///   behind time progress (last year's profile when given, else m/12), red beyond;
/// - completed projects are green;
/// - `previous` is the light of the last period: a red project stays red until it has caught
///   up (see [`LightRules::recover_margin_pp`]) and then turns yellow, not green.
pub fn light(
    project: &Project,
    year: i32,
    month: u8,
    rules: &LightRules,
    profile: Option<&MonthlyProfile>,
    previous: Option<Light>,
) -> ProjectLight {
    let mut reasons = Vec::new();
    let mut light = Light::Green;
    let mut raise = |l: Light, why: LightReason, reasons: &mut Vec<LightReason>| {
        light = light.max(l);
        reasons.push(why);
    };
    let gap = TimeGap::at(project.progress(), month, profile);
    let (gap_pp, basis) = match gap.gap_to_profile_pp {
        Some(g) => (Some(g), GapBasis::LastYearProfile),
        None => (gap.gap_pp, GapBasis::TimeElapsed),
    };
    if project.is_completed() {
        return ProjectLight {
            code: project.code.clone(),
            light: Light::Green,
            reasons: vec![LightReason::Completed],
            gap_pp,
        };
    }
    if project.phase == Phase::New
        && !project.is_started()
        && let Some(ps) = project.planned_start
    {
        let late = (year * 12 + i32::from(month) - 1) - ps.month_index();
        let not_started = LightReason::NotStarted {
            planned: ps,
            months_late: late,
        };
        if late >= rules.red_months_late as i32 {
            raise(Light::Red, not_started, &mut reasons);
        } else if late == 0 {
            raise(
                Light::Yellow,
                LightReason::DueToStartThisMonth,
                &mut reasons,
            );
        } else if late > 0 {
            raise(Light::Yellow, not_started, &mut reasons);
        }
    }
    let behind = gap_pp.map(|g| -g);
    if let Some(b) = behind {
        let red = b > rules.red_behind_pp;
        if red || b >= rules.yellow_behind_pp {
            raise(
                if red { Light::Red } else { Light::Yellow },
                LightReason::Behind {
                    basis,
                    behind_pp: b,
                    red_limit_pp: red.then_some(rules.red_behind_pp),
                },
                &mut reasons,
            );
        }
    }
    if previous == Some(Light::Red) && light != Light::Red {
        let caught_up = behind.is_none_or(|b| b <= rules.red_behind_pp - rules.recover_margin_pp);
        if caught_up {
            if light == Light::Green {
                light = Light::Yellow;
                reasons.push(LightReason::RecoveredFromRed);
            }
        } else {
            light = Light::Red;
            reasons.push(LightReason::StaysRed {
                within_pp: rules.red_behind_pp - rules.recover_margin_pp,
            });
        }
    }
    ProjectLight {
        code: project.code.clone(),
        light,
        reasons,
        gap_pp,
    }
}

/// Lights of all projects; `previous` maps project codes to last period's lights.
pub fn lights(
    projects: &[Project],
    year: i32,
    month: u8,
    rules: &LightRules,
    profile: Option<&MonthlyProfile>,
    previous: &HashMap<String, Light>,
) -> Vec<ProjectLight> {
    projects
        .iter()
        .map(|p| {
            light(
                p,
                year,
                month,
                rules,
                profile,
                previous.get(&p.code).copied(),
            )
        })
        .collect()
}

/// Next year's ledger (`new_year`) from this year's.
///
/// - Completed projects drop out: status 已竣工, or an actual completion date before `new_year`.
/// - Every other project is carried over:
///   - 新开工 that started → 续建 (在建); 新开工 not started stays 新开工 (未开工) — it is still to start;
///   - 续建 stays 续建;
///   - 前期 that started construction → 续建 (在建); 前期 not started stays 前期. Moving a
///     preparatory project to 新开工 is a planning decision taken when next year's list is
///     drawn up, not something the ledger can tell, so it is left to the planner.
/// - Yearly figures reset: annual plan, completed and last year's same-period figure become
///   0 / 0 / none (next year's plan is entered anew); the progress note is cleared. Total
///   investment, dates and milestones are kept.
pub fn rollover(projects: &[Project], new_year: i32) -> Vec<Project> {
    let first_day = PlanDate {
        year: new_year,
        month: 1,
        day: Some(1),
    };
    projects
        .iter()
        .filter(|p| {
            p.status != BuildStatus::Completed && p.actual_completion.is_none_or(|d| d >= first_day)
        })
        .map(|p| {
            let mut n = p.clone();
            let started = p.is_started();
            n.phase = match (p.phase, started) {
                (Phase::Continuing, _) | (_, true) => Phase::Continuing,
                (phase, false) => phase,
            };
            n.status = match n.phase {
                Phase::Continuing => BuildStatus::UnderConstruction,
                Phase::New => BuildStatus::NotStarted,
                Phase::Preparatory => BuildStatus::Preparing,
            };
            n.annual_plan = Decimal::ZERO;
            n.completed = Decimal::ZERO;
            n.last_year_same_period = None;
            n.progress_note.clear();
            n
        })
        .collect()
}

/// Wording choices of [`summary_paragraph`] and [`plan_paragraph`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SummaryStyle {
    /// The level word before 重点项目: "区级" (default), "县级", "市级".
    pub level: String,
    /// Decimal places for 亿元 amounts (default 1; trailing zeros dropped).
    pub amount_dp: u32,
    /// Decimal places for percentages (default 1; trailing zeros dropped).
    pub percent_dp: u32,
}

impl Default for SummaryStyle {
    fn default() -> Self {
        SummaryStyle {
            level: "区级".to_string(),
            amount_dp: 1,
            percent_dp: 1,
        }
    }
}

fn fmt_dp(d: Decimal, dp: u32) -> String {
    let s = d.round_dp(dp).normalize().to_string();
    if s == "-0" { "0".to_string() } else { s }
}

fn fmt_ratio_pct(r: Decimal, dp: u32) -> String {
    fmt_dp(r * Decimal::ONE_HUNDRED, dp)
}

/// The year's execution in the report's style, e.g.
/// "234个区级重点项目完成投资252亿元、同比增长9%，其中，50个新建项目实现开工，开工率达到100%；
/// 86个续建项目投资进度达124%，24个项目建成；98个前期项目有序推进。"
///
/// With `report.month` before December the sentence opens with "1-M月，" and speaks of
/// 累计完成投资. Clauses whose figures are missing (no new projects, no last-year figure…)
/// are left out rather than filled with invented numbers.
pub fn summary_paragraph(report: &ProjectReport, style: &SummaryStyle) -> String {
    summary_paragraph_in(report, style, Lang::Zh)
}

/// [`summary_paragraph`] in `lang`: the English one is written from the same figures and
/// leaves out the same clauses ("Jan–Jun: the 234 district-level key projects invested 25.2
/// billion yuan so far, up 9% year on year. …").
pub fn summary_paragraph_in(report: &ProjectReport, style: &SummaryStyle, lang: Lang) -> String {
    match lang {
        Lang::Zh => summary_paragraph_zh(report, style),
        Lang::En => summary_paragraph_en(report, style),
    }
}

/// The English word for a [`SummaryStyle::level`] (区级 → district-level); empty for a level
/// it does not know.
fn level_en(level: &str) -> &'static str {
    match level.trim() {
        "区级" => "district-level ",
        "县级" => "county-level ",
        "市级" => "city-level ",
        "省级" => "provincial ",
        _ => "",
    }
}

/// An amount in 亿元 in English units, rounded as the style says.
fn amount_en(d: Decimal, style: &SummaryStyle) -> String {
    crate::lang::figure_with_unit(d.round_dp(style.amount_dp), "亿元", Lang::En)
}

fn summary_paragraph_en(report: &ProjectReport, style: &SummaryStyle) -> String {
    let f = &report.overall;
    let pc = |r: Decimal| fmt_ratio_pct(r, style.percent_dp);
    let partial = report.month.is_some_and(|m| m < 12);
    let mut s = String::new();
    if let Some(m) = report.month.filter(|_| partial) {
        s.push_str(&format!("{}: ", crate::lang::months_to(m, Lang::En)));
    }
    s.push_str(&format!(
        "the {} {}key {} invested {}{}",
        f.projects,
        level_en(&style.level),
        if f.projects == 1 {
            "project"
        } else {
            "projects"
        },
        amount_en(f.completed_investment, style),
        if partial { " so far" } else { "" }
    ));
    if let Some(g) = f.yoy_growth {
        let shown = pc(g.abs());
        if shown == "0" {
            s.push_str(", the same as a year earlier");
        } else if g > Decimal::ZERO {
            s.push_str(&format!(", up {shown}% year on year"));
        } else {
            s.push_str(&format!(", down {shown}% year on year"));
        }
    }
    s.push('.');
    let mut clauses = Vec::new();
    if let Some(n) = report.phase(Phase::New) {
        let rate = n
            .start_rate
            .map(|r| format!(" (a start rate of {}%)", pc(r)))
            .unwrap_or_default();
        if n.new_started == n.new_projects {
            clauses.push(format!(
                "all {} have started{rate}",
                count_en(n.new_projects, "new project", "new projects")
            ));
        } else {
            clauses.push(format!(
                "{} of {} have started{rate}",
                n.new_started,
                count_en(n.new_projects, "new project", "new projects")
            ));
        }
    }
    let completed = count_en(f.completed_projects, "project was", "projects were");
    if let Some(c) = report.phase(Phase::Continuing) {
        let mut clause = match c.investment_progress {
            Some(p) => format!(
                "{} reached {}% of their annual investment plan",
                count_en(c.projects, "continuing project", "continuing projects"),
                pc(p)
            ),
            None => format!(
                "{} are being built",
                count_en(c.projects, "continuing project", "continuing projects")
            ),
        };
        if f.completed_projects > 0 {
            clause.push_str(&format!(", and {completed} completed"));
        }
        clauses.push(clause);
    } else if f.completed_projects > 0 {
        clauses.push(format!("{completed} completed"));
    }
    if let Some(p) = report.phase(Phase::Preparatory) {
        clauses.push(format!(
            "{} are moving ahead",
            count_en(p.projects, "preparatory project", "preparatory projects")
        ));
    }
    if !clauses.is_empty() {
        s.push_str(" Of them, ");
        s.push_str(&clauses.join("; "));
        s.push('.');
    }
    s
}

fn summary_paragraph_zh(report: &ProjectReport, style: &SummaryStyle) -> String {
    let f = &report.overall;
    let mut s = String::new();
    let partial = report.month.is_some_and(|m| m < 12);
    if let Some(m) = report.month.filter(|_| partial) {
        s.push_str(&format!("1-{m}月，"));
    }
    s.push_str(&format!(
        "{}个{}重点项目{}完成投资{}亿元",
        f.projects,
        style.level,
        if partial { "累计" } else { "" },
        fmt_dp(f.completed_investment, style.amount_dp)
    ));
    if let Some(g) = f.yoy_growth {
        let shown = fmt_ratio_pct(g.abs(), style.percent_dp);
        if shown == "0" {
            s.push_str("、与上年同期持平");
        } else if g > Decimal::ZERO {
            s.push_str(&format!("、同比增长{shown}%"));
        } else {
            s.push_str(&format!("、同比下降{shown}%"));
        }
    }
    let mut clauses = Vec::new();
    if let Some(n) = report.phase(Phase::New) {
        let rate = n
            .start_rate
            .map(|r| format!("，开工率达到{}%", fmt_ratio_pct(r, style.percent_dp)))
            .unwrap_or_default();
        if n.new_started == n.new_projects {
            clauses.push(format!("{}个新建项目实现开工{rate}", n.new_started));
        } else {
            clauses.push(format!(
                "{}个新建项目中{}个实现开工{rate}",
                n.new_projects, n.new_started
            ));
        }
    }
    if let Some(c) = report.phase(Phase::Continuing) {
        let mut clause = match c.investment_progress {
            Some(p) => format!(
                "{}个续建项目投资进度达{}%",
                c.projects,
                fmt_ratio_pct(p, style.percent_dp)
            ),
            None => format!("{}个续建项目加快建设", c.projects),
        };
        if f.completed_projects > 0 {
            clause.push_str(&format!("，{}个项目建成", f.completed_projects));
        }
        clauses.push(clause);
    } else if f.completed_projects > 0 {
        clauses.push(format!("{}个项目建成", f.completed_projects));
    }
    if let Some(p) = report.phase(Phase::Preparatory) {
        clauses.push(format!("{}个前期项目有序推进", p.projects));
    }
    if !clauses.is_empty() {
        s.push_str("，其中，");
        s.push_str(&clauses.join("；"));
    }
    s.push('。');
    s
}

/// Next year's plan in the report's style, e.g. "拟安排重点项目237个，总投资2001.5亿元，
/// 年度投资计划268.3亿元。其中，社会投资重点项目80个，总投资1083.7亿元、年度投资174.6亿元；
/// 区级政府投资重点项目157个（续建和新建项目82个、前期项目75个），总投资917.8亿元、年度投资93.7亿元。"
pub fn plan_paragraph(report: &ProjectReport, style: &SummaryStyle) -> String {
    plan_paragraph_in(report, style, Lang::Zh)
}

/// [`plan_paragraph`] in `lang`, the English one from the same figures ("Planned: 237 key
/// projects with a total investment of 200.2 billion yuan, 26.8 billion yuan of it this
/// year. …").
pub fn plan_paragraph_in(report: &ProjectReport, style: &SummaryStyle, lang: Lang) -> String {
    match lang {
        Lang::Zh => plan_paragraph_zh(report, style),
        Lang::En => plan_paragraph_en(report, style),
    }
}

fn plan_paragraph_en(report: &ProjectReport, style: &SummaryStyle) -> String {
    let f = &report.overall;
    let amt = |d: Decimal| amount_en(d, style);
    let mut s = format!(
        "Planned: {} with a total investment of {}, {} of it this year.",
        count_en(f.projects, "key project", "key projects"),
        amt(f.total_investment),
        amt(f.annual_plan)
    );
    let mut parts = Vec::new();
    for c in Category::ALL {
        let Some(g) = report.category(*c) else {
            continue;
        };
        let (what, detail) = match c {
            Category::Social => ("social-investment".to_string(), String::new()),
            Category::Government => (
                format!("{}government-investment", level_en(&style.level)),
                format!(
                    " ({} continuing or new, {} preparatory)",
                    g.new_projects + g.continuing_projects,
                    g.preparatory_projects
                ),
            ),
        };
        parts.push(format!(
            "{} {what} {}{detail}, {} in total and {} this year",
            g.projects,
            if g.projects == 1 {
                "project"
            } else {
                "projects"
            },
            amt(g.total_investment),
            amt(g.annual_plan)
        ));
    }
    if !parts.is_empty() {
        s.push_str(" Of them, ");
        s.push_str(&parts.join("; "));
        s.push('.');
    }
    s
}

fn plan_paragraph_zh(report: &ProjectReport, style: &SummaryStyle) -> String {
    let f = &report.overall;
    let amt = |d: Decimal| fmt_dp(d, style.amount_dp);
    let mut s = format!(
        "拟安排重点项目{}个，总投资{}亿元，年度投资计划{}亿元。",
        f.projects,
        amt(f.total_investment),
        amt(f.annual_plan)
    );
    let mut parts = Vec::new();
    for c in Category::ALL {
        let Some(g) = report.category(*c) else {
            continue;
        };
        let (prefix, detail) = match c {
            Category::Social => (String::new(), String::new()),
            Category::Government => (
                style.level.clone(),
                format!(
                    "（续建和新建项目{}个、前期项目{}个）",
                    g.new_projects + g.continuing_projects,
                    g.preparatory_projects
                ),
            ),
        };
        parts.push(format!(
            "{prefix}{}重点项目{}个{detail}，总投资{}亿元、年度投资{}亿元",
            c.label(),
            g.projects,
            amt(g.total_investment),
            amt(g.annual_plan)
        ));
    }
    if !parts.is_empty() {
        s.push_str("其中，");
        s.push_str(&parts.join("；"));
        s.push('。');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_and_dates_round_trip() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2000, 2, 29),
            (2024, 12, 31),
            (1969, 12, 31),
            (2100, 3, 1),
        ] {
            let n = days_from_civil(y, m, d);
            assert_eq!(civil_from_days(n), PlanDate::ymd(y, m, d).expect("date"));
        }
        assert_eq!(beijing_time(0), "1970-01-01 08:00");
        assert_eq!(beijing_time(1_720_143_000), "2024-07-05 09:30");
    }
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// A ledger shaped like Jiangbei's 2023 execution: 50 new (all started), 86 continuing
    /// (24 completed, 124% progress), 98 preparatory; 252亿 completed, +9% on last year.
    fn jiangbei_2023() -> Vec<Project> {
        let mut v = Vec::new();
        for i in 0..50 {
            let mut p = Project::new(
                format!("N{i:03}"),
                format!("新建项目{i}"),
                Category::Social,
                Phase::New,
            );
            p.status = BuildStatus::UnderConstruction;
            p.annual_plan = d("1");
            p.completed = d("1");
            p.last_year_same_period = Some(d("0.5"));
            v.push(p);
        }
        for i in 0..86 {
            let mut p = Project::new(
                format!("C{i:03}"),
                format!("续建项目{i}"),
                Category::Government,
                Phase::Continuing,
            );
            if i < 24 {
                p.status = BuildStatus::Completed;
            }
            p.annual_plan = d("1.5");
            // 86 × 1.5 × 1.24 = 159.96
            p.completed = d("1.86");
            p.last_year_same_period = Some(d("2.3"));
            v.push(p);
        }
        for i in 0..98 {
            let mut p = Project::new(
                format!("P{i:03}"),
                format!("前期项目{i}"),
                Category::Government,
                Phase::Preparatory,
            );
            // 252 − 50 − 159.96 = 42.04 over 98 projects
            p.completed = if i == 0 { d("42.04") } else { Decimal::ZERO };
            v.push(p);
        }
        // last year: 50 × 0.5 + 86 × 2.3 = 222.8 → need 231.19 for +9%: put the rest on P000
        v[136].last_year_same_period = Some(d("8.39"));
        v
    }

    #[test]
    fn jiangbei_2023_figures_and_paragraph() {
        let projects = jiangbei_2023();
        let r = report(&projects, &FigureOptions::default());
        assert_eq!(r.overall.projects, 234);
        assert_eq!(r.overall.completed_investment, d("252"));
        assert_eq!(r.overall.start_rate, Some(Decimal::ONE));
        assert_eq!(
            r.phase(Phase::Continuing).unwrap().investment_progress,
            Some(d("1.24"))
        );
        assert_eq!(r.overall.completed_projects, 24);
        let s = summary_paragraph(&r, &SummaryStyle::default());
        assert_eq!(
            s,
            "234个区级重点项目完成投资252亿元、同比增长9%，其中，50个新建项目实现开工，开工率达到100%；\
             86个续建项目投资进度达124%，24个项目建成；98个前期项目有序推进。"
        );
        assert_eq!(
            summary_paragraph_in(&r, &SummaryStyle::default(), Lang::En),
            "the 234 district-level key projects invested 25.2 billion yuan, up 9% year on year. \
             Of them, all 50 new projects have started (a start rate of 100%); 86 continuing \
             projects reached 124% of their annual investment plan, and 24 projects were \
             completed; 98 preparatory projects are moving ahead."
        );
    }

    #[test]
    fn jiangbei_2024_plan_paragraph() {
        let mut v = Vec::new();
        let mut add = |n: usize, cat: Category, phase: Phase, total: &str, annual: &str| {
            for i in 0..n {
                let mut p = Project::new(format!("{cat}{phase}{i}"), "x", cat, phase);
                if i == 0 {
                    p.total_investment = d(total);
                    p.annual_plan = d(annual);
                }
                v.push(p);
            }
        };
        add(80, Category::Social, Phase::New, "1083.7", "174.6");
        add(82, Category::Government, Phase::Continuing, "900", "93.7");
        add(75, Category::Government, Phase::Preparatory, "17.8", "0");
        let r = report(&v, &FigureOptions::default());
        assert_eq!(
            plan_paragraph(&r, &SummaryStyle::default()),
            "拟安排重点项目237个，总投资2001.5亿元，年度投资计划268.3亿元。其中，社会投资重点项目80个，\
             总投资1083.7亿元、年度投资174.6亿元；区级政府投资重点项目157个（续建和新建项目82个、前期项目75个），\
             总投资917.8亿元、年度投资93.7亿元。"
        );
        assert_eq!(
            plan_paragraph_in(&r, &SummaryStyle::default(), Lang::En),
            "Planned: 237 key projects with a total investment of 200.15 billion yuan, 26.83 \
             billion yuan of it this year. Of them, 80 social-investment projects, 108.37 billion \
             yuan in total and 17.46 billion yuan this year; 157 district-level \
             government-investment projects (82 continuing or new, 75 preparatory), 91.78 \
             billion yuan in total and 9.37 billion yuan this year."
        );
    }

    #[test]
    fn partial_start_and_decline_wording() {
        let mut a = Project::new("A", "a", Category::Social, Phase::New);
        a.status = BuildStatus::UnderConstruction;
        a.completed = d("3");
        a.last_year_same_period = Some(d("4"));
        let b = Project::new("B", "b", Category::Social, Phase::New);
        let r = report(
            &[a, b],
            &FigureOptions {
                month: Some(6),
                profile: None,
            },
        );
        assert_eq!(
            summary_paragraph(&r, &SummaryStyle::default()),
            "1-6月，2个区级重点项目累计完成投资3亿元、同比下降25%，其中，2个新建项目中1个实现开工，开工率达到50%。"
        );
        assert_eq!(
            summary_paragraph_in(&r, &SummaryStyle::default(), Lang::En),
            "Jan–Jun: the 2 district-level key projects invested 0.3 billion yuan so far, down 25% \
             year on year. Of them, 1 of 2 new projects have started (a start rate of 50%)."
        );
    }

    #[test]
    fn labels_parse_with_aliases_and_print_canonically() {
        assert_eq!(Phase::parse("新建"), Some(Phase::New));
        assert_eq!(Phase::parse(" 新开工 "), Some(Phase::New));
        assert_eq!(Phase::New.to_string(), "新开工");
        assert_eq!(BuildStatus::parse("建成"), Some(BuildStatus::Completed));
        assert_eq!(BuildStatus::Completed.label(), "已竣工");
        assert_eq!(Category::parse("政府投资"), Some(Category::Government));
        let e = "在建设".parse::<Phase>().unwrap_err();
        assert_eq!(e.what, "项目阶段");
        assert!(e.expected.contains("新开工"));
    }

    #[test]
    fn dates_parse_in_common_forms() {
        assert_eq!(
            PlanDate::parse("2023-03-15").unwrap(),
            PlanDate::ymd(2023, 3, 15).unwrap()
        );
        assert_eq!(
            PlanDate::parse("2023/3/5").unwrap(),
            PlanDate::ymd(2023, 3, 5).unwrap()
        );
        assert_eq!(
            PlanDate::parse("2023年3月15日").unwrap(),
            PlanDate::ymd(2023, 3, 15).unwrap()
        );
        assert_eq!(
            PlanDate::parse("２０２３年３月").unwrap(),
            PlanDate::ym(2023, 3).unwrap()
        );
        assert_eq!(PlanDate::parse("2023-03").unwrap().to_string(), "2023-03");
        assert_eq!(
            PlanDate::parse("2024年底").unwrap(),
            PlanDate::ym(2024, 12).unwrap()
        );
        assert_eq!(
            PlanDate::parse("2024年6月底").unwrap(),
            PlanDate::ym(2024, 6).unwrap()
        );
        assert_eq!(
            PlanDate::parse("2023-03-15T00:00:00").unwrap().to_string(),
            "2023-03-15"
        );
        assert!(PlanDate::parse("2023-02-30").is_err());
        assert!(PlanDate::parse("明年").is_err());
        assert!(PlanDate::parse("2023").is_err());
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(
            days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 28),
            2
        );
    }

    #[test]
    fn time_gap_by_elapsed_months_and_profile() {
        let mut p = Project::new("A", "a", Category::Social, Phase::Continuing);
        p.annual_plan = d("10");
        p.completed = d("4");
        let profile = MonthlyProfile::from_cumulative(
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 20].map(Decimal::from),
        )
        .unwrap();
        let f = compute_figures(&[p], Some((6, Some(&profile))));
        let g = f.time_gap.unwrap();
        assert_eq!(g.gap_pp, Some(d("-10")));
        assert_eq!(g.profile_progress, Some(d("0.3")));
        assert_eq!(g.gap_to_profile_pp, Some(d("10")));
    }

    #[test]
    fn lights_follow_the_rules() {
        let rules = LightRules::default();
        let mut p = Project::new("A", "a", Category::Social, Phase::New);
        p.planned_start = PlanDate::ym(2023, 3);
        assert_eq!(light(&p, 2023, 2, &rules, None, None).light, Light::Green);
        let due = light(&p, 2023, 3, &rules, None, None);
        assert_eq!(due.light, Light::Yellow);
        assert!(due.reasons[0].text(Lang::Zh).contains("本月"));
        assert_eq!(light(&p, 2023, 5, &rules, None, None).light, Light::Yellow);
        assert_eq!(light(&p, 2023, 6, &rules, None, None).light, Light::Red);

        let mut c = Project::new("C", "c", Category::Social, Phase::Continuing);
        c.annual_plan = d("12");
        c.completed = d("6"); // month 6: exactly on time
        assert_eq!(light(&c, 2023, 6, &rules, None, None).light, Light::Green);
        c.completed = d("4.8"); // 40% vs 50%: 10 behind
        assert_eq!(light(&c, 2023, 6, &rules, None, None).light, Light::Yellow);
        c.completed = d("2.3"); // ~19% vs 50%: >30 behind
        let red = light(&c, 2023, 6, &rules, None, None);
        assert_eq!(red.light, Light::Red);
        // One fact, two sentences: 2.3 of 12 is 19.2%, 30.8 points behind 50%.
        assert_eq!(
            red.reasons[0].text(Lang::Zh),
            "投资进度落后序时进度30.8个百分点（超过30）"
        );
        assert_eq!(
            red.reasons[0].text(Lang::En),
            "investment 30.8 percentage points behind the time elapsed (more than 30)"
        );
        let late = light(&p, 2023, 7, &rules, None, None);
        assert_eq!(
            late.reasons[0].text(Lang::En),
            "planned to start in 2023-03, still not started 4 months later"
        );
        assert_eq!(
            late.reasons[0].text(Lang::Zh),
            "计划2023-03开工，已逾期4个月尚未开工"
        );
        // Hysteresis: 27 behind is raw yellow, but a red project must be within 25.
        c.completed = d("2.76"); // 23% vs 50%
        assert_eq!(
            light(&c, 2023, 6, &rules, None, Some(Light::Red)).light,
            Light::Red
        );
        assert_eq!(light(&c, 2023, 6, &rules, None, None).light, Light::Yellow);
        c.completed = d("3.6"); // 30% vs 50%: 20 behind → caught up, yellow
        assert_eq!(
            light(&c, 2023, 6, &rules, None, Some(Light::Red)).light,
            Light::Yellow
        );
        c.completed = d("6"); // fully caught up: yellow first, not straight to green
        assert_eq!(
            light(&c, 2023, 6, &rules, None, Some(Light::Red)).light,
            Light::Yellow
        );
        assert_eq!(
            light(&c, 2023, 6, &rules, None, Some(Light::Yellow)).light,
            Light::Green
        );
    }

    #[test]
    fn rollover_moves_phases_and_resets_figures() {
        let mut started_new = Project::new("A", "a", Category::Social, Phase::New);
        started_new.status = BuildStatus::UnderConstruction;
        started_new.completed = d("3");
        let unstarted_new = Project::new("B", "b", Category::Social, Phase::New);
        let mut done = Project::new("C", "c", Category::Social, Phase::Continuing);
        done.status = BuildStatus::Completed;
        let mut prep_started = Project::new("D", "d", Category::Social, Phase::Preparatory);
        prep_started.actual_start = PlanDate::ym(2023, 11);
        let prep = Project::new("E", "e", Category::Social, Phase::Preparatory);
        let next = rollover(
            &[started_new, unstarted_new, done, prep_started, prep],
            2024,
        );
        let phases: Vec<_> = next.iter().map(|p| (p.code.as_str(), p.phase)).collect();
        assert_eq!(
            phases,
            vec![
                ("A", Phase::Continuing),
                ("B", Phase::New),
                ("D", Phase::Continuing),
                ("E", Phase::Preparatory)
            ]
        );
        assert!(
            next.iter()
                .all(|p| p.completed.is_zero() && p.annual_plan.is_zero())
        );
    }

    #[test]
    fn snapshot_takes_the_month_figures() {
        let mut p = Project::new("A", "a", Category::Social, Phase::New);
        p.status = BuildStatus::UnderConstruction;
        p.actual_start = PlanDate::ymd(2023, 5, 10);
        p.completed = d("9");
        let prog = vec![
            MonthlyProgress {
                code: "A".into(),
                month: 3,
                cumulative_completed: d("1"),
                image_progress: String::new(),
            },
            MonthlyProgress {
                code: "A".into(),
                month: 6,
                cumulative_completed: d("4"),
                image_progress: String::new(),
            },
        ];
        let s = snapshot_at(&[p.clone()], &prog, 2023, 4);
        assert_eq!(s[0].completed, d("1"));
        assert!(!s[0].is_started());
        let s = snapshot_at(&[p], &prog, 2023, 7);
        assert_eq!(s[0].completed, d("4"));
        assert!(s[0].is_started());
    }

    fn arb_project() -> impl Strategy<Value = Project> {
        (
            0usize..2,
            0usize..3,
            0usize..4,
            0usize..3,
            0usize..3,
            0i64..100_000,
            0i64..50_000,
            0i64..60_000,
            proptest::option::of(0i64..50_000),
            any::<bool>(),
        )
            .prop_map(|(c, ph, st, u, s, total, plan, done, last, has_start)| {
                let mut p = Project::new("", "", Category::ALL[c], Phase::ALL[ph]);
                p.status = BuildStatus::ALL[st];
                p.responsible_unit = ["区发展改革委", "区住房城乡建委", ""][u].to_string();
                p.street = ["观音桥街道", "寸滩街道", ""][s].to_string();
                p.total_investment = Decimal::new(total, 2);
                p.annual_plan = Decimal::new(plan, 2);
                p.completed = Decimal::new(done, 2);
                p.last_year_same_period = last.map(|l| Decimal::new(l, 2));
                if has_start {
                    p.actual_start = PlanDate::ym(2023, 4);
                }
                p
            })
    }

    fn ledger() -> impl Strategy<Value = Vec<Project>> {
        proptest::collection::vec(arb_project(), 0..60).prop_map(|mut v| {
            for (i, p) in v.iter_mut().enumerate() {
                p.code = format!("P{i}");
            }
            v
        })
    }

    fn additive_sum(groups: &[FigureGroup]) -> ProjectFigures {
        let mut s = ProjectFigures::default();
        for g in groups {
            let f = &g.figures;
            s.projects += f.projects;
            s.new_projects += f.new_projects;
            s.continuing_projects += f.continuing_projects;
            s.preparatory_projects += f.preparatory_projects;
            s.new_started += f.new_started;
            s.completed_projects += f.completed_projects;
            s.total_investment += f.total_investment;
            s.annual_plan += f.annual_plan;
            s.completed_investment += f.completed_investment;
            s.last_year_completed += f.last_year_completed;
        }
        s
    }

    fn additive_part(f: &ProjectFigures) -> ProjectFigures {
        ProjectFigures {
            start_rate: None,
            investment_progress: None,
            yoy_growth: None,
            time_gap: None,
            ..f.clone()
        }
    }

    proptest! {
        #[test]
        fn groups_add_up_to_the_total(projects in ledger()) {
            let r = report(&projects, &FigureOptions { month: Some(7), profile: None });
            let total = additive_part(&r.overall);
            for groups in [&r.by_category, &r.by_phase, &r.by_unit, &r.by_street] {
                prop_assert_eq!(&additive_sum(groups), &total);
            }
        }

        #[test]
        fn start_rate_is_a_proportion(projects in ledger()) {
            let f = compute_figures(&projects, None);
            match f.start_rate {
                Some(r) => prop_assert!(r >= Decimal::ZERO && r <= Decimal::ONE),
                None => prop_assert_eq!(f.new_projects, 0),
            }
        }

        #[test]
        fn rollover_keeps_every_unfinished_project(projects in ledger()) {
            let next = rollover(&projects, 2024);
            let kept: Vec<&str> = next.iter().map(|p| p.code.as_str()).collect();
            for p in &projects {
                prop_assert_eq!(kept.contains(&p.code.as_str()), !p.is_completed());
            }
            prop_assert!(next.iter().all(|p| p.completed.is_zero() && !(p.phase == Phase::New && p.is_started())));
        }

        #[test]
        fn summary_paragraph_never_panics(projects in ledger(), month in 1u8..=12) {
            let r = report(&projects, &FigureOptions { month: Some(month), profile: None });
            let s = summary_paragraph(&r, &SummaryStyle::default());
            prop_assert!(s.ends_with('。'));
            let en = summary_paragraph_in(&r, &SummaryStyle::default(), Lang::En);
            prop_assert!(en.ends_with('.'), "{}", en);
            prop_assert!(!en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}", en);
        }
    }
}
