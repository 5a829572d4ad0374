//! A department's year at a glance, and the basis of the year-end assessment (考核) of
//! departments: every item a department is responsible for — indicators, key projects, key-task
//! measures, livelihood projects — counted as on track, behind or not yet decidable from its
//! light, with the figures it owes and the submissions sent back to it.

use crate::calendar::Standing;
use crate::in_year;
use crate::lang::Lang;
use crate::livelihood::ProgressState;
use crate::projects::Light;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// The department named when an item names none (as the reporting calendar says it).
pub const UNASSIGNED: &str = "未指定";

/// The department of an item: its own name, or [`UNASSIGNED`] when blank.
pub fn department_or_unassigned(name: &str) -> &str {
    match name.trim() {
        "" => UNASSIGNED,
        n => n,
    }
}

/// Where an item stands for the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    OnTrack,
    Behind,
    /// No figure or no measurable target yet.
    Undecided,
}

impl Track {
    pub const ALL: [Track; 3] = [Track::OnTrack, Track::Behind, Track::Undecided];

    /// A ledger light (key projects, key-task measures): green is on track, yellow and red
    /// are behind.
    pub fn of_light(light: Light) -> Track {
        match light {
            Light::Green => Track::OnTrack,
            Light::Yellow | Light::Red => Track::Behind,
        }
    }

    /// An indicator's in-year light: grey (no figure, or no judgement possible) is undecided.
    pub fn of_indicator(light: in_year::Light) -> Track {
        match light {
            in_year::Light::Green => Track::OnTrack,
            in_year::Light::Yellow | in_year::Light::Red => Track::Behind,
            in_year::Light::Grey => Track::Undecided,
        }
    }

    /// A livelihood project at the end of `month`: done is on track; one without a measurable
    /// target is undecided; otherwise its completed share is held against the time elapsed
    /// (m/12) and it is behind when more than `tolerance_pp` points short of it — and at the
    /// year's end (month 12) whatever is not done is behind.
    pub fn of_livelihood(
        state: ProgressState,
        ratio: Option<Decimal>,
        month: u8,
        tolerance_pp: Decimal,
    ) -> Track {
        match state {
            ProgressState::Done | ProgressState::Exceeded => Track::OnTrack,
            ProgressState::Unmeasured => Track::Undecided,
            ProgressState::NotStarted | ProgressState::Behind => {
                if month >= 12 {
                    return Track::Behind;
                }
                let done_pp = ratio.unwrap_or(Decimal::ZERO) * Decimal::ONE_HUNDRED;
                let elapsed_pp = in_year::time_elapsed(month.max(1)) * Decimal::ONE_HUNDRED;
                if done_pp + tolerance_pp >= elapsed_pp {
                    Track::OnTrack
                } else {
                    Track::Behind
                }
            }
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Track::OnTrack, Lang::Zh) => "正常推进",
            (Track::Behind, Lang::Zh) => "滞后",
            (Track::Undecided, Lang::Zh) => "尚无法判断",
            (Track::OnTrack, Lang::En) => "on track",
            (Track::Behind, Lang::En) => "behind",
            (Track::Undecided, Lang::En) => "not yet decidable",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Track::OnTrack => "on_track",
            Track::Behind => "behind",
            Track::Undecided => "undecided",
        }
    }
}

/// What kind of item a department is responsible for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Indicator,
    Project,
    Task,
    Livelihood,
}

/// One department's counts: the row of the all-departments table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DepartmentTally {
    pub department: String,
    pub indicators: usize,
    pub projects: usize,
    pub tasks: usize,
    pub livelihood: usize,
    pub on_track: usize,
    pub behind: usize,
    pub undecided: usize,
    /// Figures the reporting calendar asks of it (the reporting month, and earlier months
    /// still late).
    pub figures_owed: usize,
    /// Of those, past their due day with nothing submitted.
    pub figures_late: usize,
    /// Figures and progress entries sent back by the DRC and not yet sent again.
    pub returned: usize,
}

impl DepartmentTally {
    /// Every item it is responsible for.
    pub fn items(&self) -> usize {
        self.indicators + self.projects + self.tasks + self.livelihood
    }

    fn add(&mut self, kind: ItemKind, track: Track) {
        match kind {
            ItemKind::Indicator => self.indicators += 1,
            ItemKind::Project => self.projects += 1,
            ItemKind::Task => self.tasks += 1,
            ItemKind::Livelihood => self.livelihood += 1,
        }
        match track {
            Track::OnTrack => self.on_track += 1,
            Track::Behind => self.behind += 1,
            Track::Undecided => self.undecided += 1,
        }
    }
}

/// Counts by department, in the order of their names: `items` as (department, kind, track),
/// `owed` as (department, standing) of each owed figure, `returned` as the department of each
/// returned submission. A department appears once it has anything in any of them.
pub fn tally<'a>(
    items: impl IntoIterator<Item = (&'a str, ItemKind, Track)>,
    owed: impl IntoIterator<Item = (&'a str, Standing)>,
    returned: impl IntoIterator<Item = &'a str>,
) -> Vec<DepartmentTally> {
    let mut by: BTreeMap<&str, DepartmentTally> = BTreeMap::new();
    for (d, kind, track) in items {
        entry(&mut by, d).add(kind, track);
    }
    for (d, standing) in owed {
        let t = entry(&mut by, d);
        t.figures_owed += 1;
        if standing == Standing::Late {
            t.figures_late += 1;
        }
    }
    for d in returned {
        entry(&mut by, d).returned += 1;
    }
    by.into_values().collect()
}

fn entry<'m, 'a>(
    by: &'m mut BTreeMap<&'a str, DepartmentTally>,
    department: &'a str,
) -> &'m mut DepartmentTally {
    let d = department_or_unassigned(department);
    by.entry(d).or_insert_with(|| DepartmentTally {
        department: d.to_string(),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lights_become_tracks() {
        assert_eq!(Track::of_light(Light::Green), Track::OnTrack);
        assert_eq!(Track::of_light(Light::Yellow), Track::Behind);
        assert_eq!(Track::of_light(Light::Red), Track::Behind);
        assert_eq!(Track::of_indicator(in_year::Light::Grey), Track::Undecided);
        assert_eq!(Track::of_indicator(in_year::Light::Yellow), Track::Behind);
    }

    #[test]
    fn livelihood_projects_are_held_against_the_time_elapsed() {
        let ten = Decimal::from(10);
        let r = |s: &str| Some(s.parse::<Decimal>().expect("decimal"));
        // June: half the year gone; 45% done is within 10 points, 30% is not.
        assert_eq!(
            Track::of_livelihood(ProgressState::Behind, r("0.45"), 6, ten),
            Track::OnTrack
        );
        assert_eq!(
            Track::of_livelihood(ProgressState::Behind, r("0.30"), 6, ten),
            Track::Behind
        );
        // January: nothing done yet is still within the tolerance (8.3 points elapsed).
        assert_eq!(
            Track::of_livelihood(ProgressState::NotStarted, None, 1, ten),
            Track::OnTrack
        );
        // The year's end: not done is behind, however close.
        assert_eq!(
            Track::of_livelihood(ProgressState::Behind, r("0.99"), 12, ten),
            Track::Behind
        );
        assert_eq!(
            Track::of_livelihood(ProgressState::Done, r("1"), 12, ten),
            Track::OnTrack
        );
        assert_eq!(
            Track::of_livelihood(ProgressState::Unmeasured, None, 6, ten),
            Track::Undecided
        );
    }

    #[test]
    fn tallies_count_by_department_in_name_order() {
        let items = [
            ("区交通局", ItemKind::Project, Track::Behind),
            ("区交通局", ItemKind::Task, Track::OnTrack),
            ("区统计局", ItemKind::Indicator, Track::Undecided),
            ("", ItemKind::Indicator, Track::OnTrack),
        ];
        let owed = [
            ("区统计局", Standing::Late),
            ("区统计局", Standing::Approved),
            ("区教育局", Standing::Due),
        ];
        let t = tally(items, owed, ["区交通局", "区交通局"]);
        let names: Vec<&str> = t.iter().map(|t| t.department.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert!(names.contains(&UNASSIGNED), "{names:?}");
        let traffic = t.iter().find(|t| t.department == "区交通局").expect("row");
        assert_eq!(
            (
                traffic.items(),
                traffic.on_track,
                traffic.behind,
                traffic.returned
            ),
            (2, 1, 1, 2)
        );
        let stats = t.iter().find(|t| t.department == "区统计局").expect("row");
        assert_eq!(
            (stats.undecided, stats.figures_owed, stats.figures_late),
            (1, 2, 1)
        );
        // A department with only owed figures still has its row.
        let edu = t.iter().find(|t| t.department == "区教育局").expect("row");
        assert_eq!((edu.items(), edu.figures_owed), (0, 1));
    }
}
