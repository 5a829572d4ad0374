//! The reporting calendar: which figure each indicator owes in a month, by when, and where it
//! stands — due, late, submitted or approved.
//!
//! An indicator reports monthly (the 1-m月 figure of every month), quarterly (months 3, 6, 9,
//! 12) or annually (the year's actual, after the year). A monthly or quarterly figure is due on
//! `due_day` of the month after its period; the annual actual on `annual_due_day` of
//! `annual_due_month` of the next year. Defaults and per-indicator entries are the
//! `[calendar]` section of the judging rules ([`CalendarRules`]).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How often an indicator's figure is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Monthly,
    Quarterly,
    Annual,
}

impl Frequency {
    pub fn label_zh(self) -> &'static str {
        match self {
            Frequency::Monthly => "月报",
            Frequency::Quarterly => "季报",
            Frequency::Annual => "年报",
        }
    }

    /// Whether a figure is owed for month `m` (for an annual indicator: month 12, the year).
    pub fn reports_in(self, m: u8) -> bool {
        match self {
            Frequency::Monthly => (1..=12).contains(&m),
            Frequency::Quarterly => matches!(m, 3 | 6 | 9 | 12),
            Frequency::Annual => m == 12,
        }
    }
}

/// One indicator's own calendar; what it leaves out follows the defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IndicatorCalendar {
    pub frequency: Option<Frequency>,
    pub due_day: Option<u8>,
}

/// The reporting calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CalendarRules {
    /// How often an indicator reports unless listed. Default monthly.
    pub frequency: Frequency,
    /// Day of the month after the period by which a monthly or quarterly figure is due.
    /// Default 10.
    pub due_day: u8,
    /// Month of the next year by which the annual actual is due. Default 2 (February).
    pub annual_due_month: u8,
    /// Day of that month. Default 20.
    pub annual_due_day: u8,
    /// Per indicator name.
    pub indicators: BTreeMap<String, IndicatorCalendar>,
}

impl Default for CalendarRules {
    fn default() -> Self {
        CalendarRules {
            frequency: Frequency::Monthly,
            due_day: 10,
            annual_due_month: 2,
            annual_due_day: 20,
            indicators: BTreeMap::new(),
        }
    }
}

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Day {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The month whose figures are being collected on `today` for `year`: the month before
/// today's in the current year (January while January's own figures are not yet due), December
/// for a past year.
pub fn reporting_month(year: i32, today: Day) -> u8 {
    if year < today.year {
        12
    } else {
        today.month.saturating_sub(1).max(1)
    }
}

/// Where an owed figure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Past its due day with nothing submitted.
    Late,
    /// Not yet due, nothing submitted.
    Due,
    /// Submitted, awaiting review.
    Submitted,
    /// Approved or entered by the DRC.
    Approved,
}

impl Standing {
    pub const ALL: [Standing; 4] = [
        Standing::Late,
        Standing::Due,
        Standing::Submitted,
        Standing::Approved,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            Standing::Late => "逾期未报",
            Standing::Due => "待报",
            Standing::Submitted => "已报待审",
            Standing::Approved => "已审核",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Standing::Late => "late",
            Standing::Due => "due",
            Standing::Submitted => "submitted",
            Standing::Approved => "approved",
        }
    }
}

impl CalendarRules {
    /// The indicator's frequency and due day.
    pub fn schedule(&self, indicator: &str) -> (Frequency, u8) {
        let own = self.indicators.get(indicator);
        (
            own.and_then(|c| c.frequency).unwrap_or(self.frequency),
            own.and_then(|c| c.due_day).unwrap_or(self.due_day),
        )
    }

    /// When the figure of `indicator` for month `m` of `year` is due; `None` when it owes none
    /// that month.
    pub fn due_date(&self, indicator: &str, year: i32, m: u8) -> Option<Day> {
        let (frequency, due_day) = self.schedule(indicator);
        if !frequency.reports_in(m) {
            return None;
        }
        let (y, month, day) = match frequency {
            Frequency::Annual => (year + 1, self.annual_due_month, self.annual_due_day),
            _ if m == 12 => (year + 1, 1, due_day),
            _ => (year, m + 1, due_day),
        };
        let month = month.clamp(1, 12);
        Some(Day {
            year: y,
            month,
            day: day.clamp(1, days_in(y, month)),
        })
    }

    /// Where the figure stands on `today`, given whether one was submitted or approved.
    pub fn standing(due: Day, today: Day, submitted: bool, approved: bool) -> Standing {
        if approved {
            Standing::Approved
        } else if submitted {
            Standing::Submitted
        } else if today > due {
            Standing::Late
        } else {
            Standing::Due
        }
    }

    /// Checks the days and months.
    pub fn validate(&self) -> Result<(), String> {
        let days = std::iter::once(("calendar.due_day".to_string(), self.due_day)).chain(
            self.indicators.iter().filter_map(|(n, c)| {
                c.due_day
                    .map(|d| (format!("calendar.indicators.{n}.due_day"), d))
            }),
        );
        for (field, d) in days.chain(std::iter::once((
            "calendar.annual_due_day".to_string(),
            self.annual_due_day,
        ))) {
            if !(1..=31).contains(&d) {
                return Err(format!("{field} = {d}: a day of the month is 1..31"));
            }
        }
        if !(1..=12).contains(&self.annual_due_month) {
            return Err(format!(
                "calendar.annual_due_month = {}: a month is 1..12",
                self.annual_due_month
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: i32, month: u8, day: u8) -> Day {
        Day { year, month, day }
    }

    #[test]
    fn due_dates_follow_the_frequency() {
        let mut cal = CalendarRules::default();
        cal.indicators.insert(
            "城镇调查失业率".into(),
            IndicatorCalendar {
                frequency: Some(Frequency::Quarterly),
                due_day: Some(15),
            },
        );
        cal.indicators.insert(
            "空气质量优良天数".into(),
            IndicatorCalendar {
                frequency: Some(Frequency::Annual),
                due_day: None,
            },
        );
        assert_eq!(
            cal.due_date("地区生产总值增速", 2024, 3),
            Some(day(2024, 4, 10))
        );
        assert_eq!(
            cal.due_date("地区生产总值增速", 2024, 12),
            Some(day(2025, 1, 10))
        );
        assert_eq!(cal.due_date("城镇调查失业率", 2024, 4), None);
        assert_eq!(
            cal.due_date("城镇调查失业率", 2024, 6),
            Some(day(2024, 7, 15))
        );
        assert_eq!(cal.due_date("空气质量优良天数", 2024, 6), None);
        assert_eq!(
            cal.due_date("空气质量优良天数", 2024, 12),
            Some(day(2025, 2, 20))
        );
        cal.due_day = 31;
        assert_eq!(
            cal.due_date("地区生产总值增速", 2024, 1),
            Some(day(2024, 2, 29))
        );
    }

    #[test]
    fn standing_on_a_day() {
        let due = day(2024, 4, 10);
        assert_eq!(
            CalendarRules::standing(due, day(2024, 4, 10), false, false),
            Standing::Due
        );
        assert_eq!(
            CalendarRules::standing(due, day(2024, 4, 11), false, false),
            Standing::Late
        );
        assert_eq!(
            CalendarRules::standing(due, day(2024, 4, 11), true, false),
            Standing::Submitted
        );
        assert_eq!(
            CalendarRules::standing(due, day(2024, 4, 11), true, true),
            Standing::Approved
        );
    }

    #[test]
    fn bad_days_are_named() {
        let cal = CalendarRules {
            due_day: 32,
            ..CalendarRules::default()
        };
        assert!(cal.validate().unwrap_err().contains("calendar.due_day"));
    }
}
