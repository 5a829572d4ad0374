//! 部门一览: a department's year — every indicator, key project, key-task measure and adopted
//! livelihood project it is responsible for, with its light and where it stands; the figures
//! the reporting calendar asks of it and when; its figures and progress entries sent back —
//! and, for the DRC, the same counted for every department (the basis of the year-end
//! assessment). One load of the region-year ([`YearWork::load`]) serves both, so the page of
//! one department and the table of all agree.
//!
//! Every light is read at one reference, the report month ([`crate::ledgers::report_month`]):
//! projects at its end, measures' deadlines at its last day, livelihood projects against the
//! time elapsed by then, indicators at their latest month with figures (or the year's actual).

use crate::figures::{OwedFigure, owed_months};
use crate::progress::{EntryRecord, adopted_candidates};
use crate::report::{TableFormat, table_bytes};
use crate::{Backend, ServiceResult, ledgers};
use planwatch_domain::Rules;
use planwatch_domain::assessment::{
    self, DepartmentTally, ItemKind, Track, department_or_unassigned,
};
use planwatch_domain::calendar::{Day, Standing, reporting_month};
use planwatch_domain::in_year::InYearRow;
use planwatch_domain::livelihood::{Candidate, ProgressLine, progress_report};
use planwatch_domain::projects::{LightRules, PlanDate, Project, ProjectLight};
use planwatch_domain::tasks::{DeadlineRules, Measure, MeasureLight, deadline_lights};
use planwatch_store::SubmissionStatus;
use planwatch_store::accounts::{SubmissionFilter, SubmissionRecord};
use planwatch_store::progress::EntryFilter;
use rust_decimal::Decimal;
use serde::Serialize;

/// When the lights are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// The report month the ledgers are judged at.
    pub month: u8,
    /// Its last day: what the measures' deadlines are held against.
    pub as_of: PlanDate,
    /// The month whose figures are being collected (the reporting calendar's).
    pub reporting_month: u8,
    /// The day lateness is judged at.
    pub today: Day,
}

/// A key project with its light.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectItem {
    pub project: Project,
    pub light: ProjectLight,
    pub track: Track,
}

/// A key-task measure with its deadline light.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskItem {
    pub measure: Measure,
    pub light: MeasureLight,
    pub track: Track,
}

/// An adopted livelihood project with its progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LivelihoodItem {
    pub candidate: Candidate,
    pub progress: ProgressLine,
    pub track: Track,
}

/// An indicator with its in-year reading.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorItem {
    pub row: InYearRow,
    pub track: Track,
}

/// Everything of a region-year that departments answer for, read once.
#[derive(Debug, Clone, Serialize)]
pub struct YearWork {
    pub region: String,
    pub year: i32,
    pub reference: Reference,
    pub indicators: Vec<IndicatorItem>,
    pub projects: Vec<ProjectItem>,
    pub tasks: Vec<TaskItem>,
    pub livelihood: Vec<LivelihoodItem>,
    /// The reporting month's figures, and earlier months' still late.
    pub owed: Vec<OwedFigure>,
    /// Figures sent back and not yet sent again.
    pub returned_figures: Vec<SubmissionRecord>,
    /// Progress entries sent back and not yet sent again.
    pub returned_entries: Vec<EntryRecord>,
}

/// One department's year: [`YearWork`] narrowed to it, with its counts.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentYear {
    pub department: String,
    pub tally: DepartmentTally,
    #[serde(flatten)]
    pub work: YearWork,
}

/// The all-departments table.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub region: String,
    pub year: i32,
    pub reference: Reference,
    pub departments: Vec<DepartmentTally>,
}

/// How far (in points of the year) a livelihood project may trail the time elapsed and still
/// be on track: the project lights' yellow threshold.
fn livelihood_tolerance() -> Decimal {
    LightRules::default().yellow_behind_pp
}

impl YearWork {
    /// Loads a region-year's items, lights, owed figures and returned submissions. `month`
    /// overrides the report month; `today` decides what is late.
    pub async fn load(
        store: &dyn Backend,
        region: &str,
        year: i32,
        month: Option<u8>,
        today: Day,
        rules: &Rules,
        tolerance_pct: u32,
    ) -> ServiceResult<YearWork> {
        let ledger = ledgers::load_projects(store, region, year).await?;
        let month = month
            .unwrap_or_else(|| ledgers::report_month(&ledger))
            .clamp(1, 12);
        let as_of = PlanDate {
            year,
            month,
            day: None,
        };
        let reference = Reference {
            month,
            as_of,
            reporting_month: reporting_month(year, today),
            today,
        };
        let lights = ledgers::lights_at(&ledger, year, month, &LightRules::default());
        let projects = ledger
            .projects
            .into_iter()
            .zip(lights)
            .map(|(project, light)| ProjectItem {
                track: Track::of_light(light.light),
                project,
                light,
            })
            .collect();
        let measures = ledgers::load_tasks(store, region, year).await?.measures;
        let task_lights = deadline_lights(&measures, as_of, &DeadlineRules::default());
        let tasks = measures
            .into_iter()
            .zip(task_lights)
            .map(|(measure, light)| TaskItem {
                track: Track::of_light(light.light),
                measure,
                light,
            })
            .collect();
        let adopted = adopted_candidates(store, region, year).await?;
        let progress = ledgers::load_livelihood(store, region, year)
            .await?
            .progress;
        let (lines, _) = progress_report(&adopted, &progress);
        let livelihood = adopted
            .into_iter()
            .zip(lines)
            .map(|(candidate, progress)| LivelihoodItem {
                track: Track::of_livelihood(
                    progress.state,
                    progress.ratio,
                    month,
                    livelihood_tolerance(),
                ),
                candidate,
                progress,
            })
            .collect();
        let indicators =
            match crate::in_year::in_year(store, region, year, None, rules, tolerance_pct).await {
                Ok(reading) => reading
                    .rows
                    .into_iter()
                    .map(|row| IndicatorItem {
                        track: Track::of_indicator(row.light),
                        row,
                    })
                    .collect(),
                // A year with ledgers but no plan still has its departments' ledger work.
                Err(crate::ServiceError::NoPlan { .. }) => Vec::new(),
                Err(e) => return Err(e),
            };
        let owed = owed_figures(store, region, year, today, rules).await?;
        let returned_figures = store
            .submissions(&SubmissionFilter {
                region: Some(region.to_string()),
                year: Some(year),
                status: Some(SubmissionStatus::Returned),
                ..Default::default()
            })
            .await?;
        let returned_entries = store
            .entries(&EntryFilter {
                region: Some(region.to_string()),
                year: Some(year),
                status: Some(SubmissionStatus::Returned),
                ..Default::default()
            })
            .await?;
        Ok(YearWork {
            region: region.to_string(),
            year,
            reference,
            indicators,
            projects,
            tasks,
            livelihood,
            owed,
            returned_figures,
            returned_entries,
        })
    }

    /// Every department's counts, in the order of their names.
    pub fn tallies(&self) -> Vec<DepartmentTally> {
        let items = self
            .indicators
            .iter()
            .map(|i| {
                (
                    i.row.department.as_deref().unwrap_or(""),
                    ItemKind::Indicator,
                    i.track,
                )
            })
            .chain(self.projects.iter().map(|p| {
                (
                    p.project.responsible_unit.as_str(),
                    ItemKind::Project,
                    p.track,
                )
            }))
            .chain(
                self.tasks
                    .iter()
                    .map(|t| (t.measure.lead.as_str(), ItemKind::Task, t.track)),
            )
            .chain(self.livelihood.iter().map(|l| {
                (
                    l.candidate.responsible_unit.as_str(),
                    ItemKind::Livelihood,
                    l.track,
                )
            }));
        assessment::tally(
            items,
            self.owed
                .iter()
                .map(|o| (o.department.as_str(), o.standing)),
            self.returned_figures
                .iter()
                .map(|s| s.department.as_str())
                .chain(self.returned_entries.iter().map(|e| e.department.as_str())),
        )
    }

    /// The table of all departments.
    pub fn overview(&self) -> Overview {
        Overview {
            region: self.region.clone(),
            year: self.year,
            reference: self.reference,
            departments: self.tallies(),
        }
    }

    /// The all-departments table as a file (xlsx for the assessment, csv, json); returns the
    /// bytes and a file name.
    pub fn overview_file(&self, format: TableFormat) -> ServiceResult<(Vec<u8>, String)> {
        let table = planwatch_report::export::departments(
            &self.region,
            self.year,
            self.reference.month,
            &self.tallies(),
        );
        let bytes = table_bytes(&table, format)?;
        Ok((bytes, format!("{}.{}", table.name, format.extension())))
    }

    /// The names of the departments with anything to answer for.
    pub fn departments(&self) -> Vec<String> {
        self.tallies().into_iter().map(|t| t.department).collect()
    }

    /// One department's share of the year; `None` when it answers for nothing.
    pub fn department(&self, name: &str) -> Option<DepartmentYear> {
        let name = department_or_unassigned(name);
        self.tallies()
            .into_iter()
            .find(|t| t.department == name)
            .map(|tally| self.share(name, tally))
    }

    /// A department's (empty) share of a year it answers for nothing in: what its own
    /// reporter is shown.
    pub fn empty_department(&self, name: &str) -> DepartmentYear {
        let name = department_or_unassigned(name);
        let tally = DepartmentTally {
            department: name.to_string(),
            ..Default::default()
        };
        self.share(name, tally)
    }

    fn share(&self, name: &str, tally: DepartmentTally) -> DepartmentYear {
        let mine = |d: &str| department_or_unassigned(d) == name;
        let work = YearWork {
            region: self.region.clone(),
            year: self.year,
            reference: self.reference,
            indicators: self
                .indicators
                .iter()
                .filter(|i| mine(i.row.department.as_deref().unwrap_or("")))
                .cloned()
                .collect(),
            projects: self
                .projects
                .iter()
                .filter(|p| mine(&p.project.responsible_unit))
                .cloned()
                .collect(),
            tasks: self
                .tasks
                .iter()
                .filter(|t| mine(&t.measure.lead))
                .cloned()
                .collect(),
            livelihood: self
                .livelihood
                .iter()
                .filter(|l| mine(&l.candidate.responsible_unit))
                .cloned()
                .collect(),
            owed: self
                .owed
                .iter()
                .filter(|o| mine(&o.department))
                .cloned()
                .collect(),
            returned_figures: self
                .returned_figures
                .iter()
                .filter(|s| mine(&s.department))
                .cloned()
                .collect(),
            returned_entries: self
                .returned_entries
                .iter()
                .filter(|e| mine(&e.department))
                .cloned()
                .collect(),
        };
        DepartmentYear {
            department: name.to_string(),
            tally,
            work,
        }
    }
}

/// How many figures each department has late on `today` — the reporting month's and earlier
/// months' still late, as its page counts them (逾期未报) — departments with none left out, in
/// the order of their names.
pub async fn late_by_department(
    store: &dyn Backend,
    region: &str,
    year: i32,
    today: Day,
    rules: &Rules,
) -> ServiceResult<Vec<(String, usize)>> {
    let mut late: std::collections::BTreeMap<String, usize> = Default::default();
    for o in owed_figures(store, region, year, today, rules).await? {
        if o.standing == Standing::Late {
            *late.entry(o.department).or_default() += 1;
        }
    }
    Ok(late.into_iter().collect())
}

/// The reporting month's figures on `today`, and every earlier month's figure still late.
async fn owed_figures(
    store: &dyn Backend,
    region: &str,
    year: i32,
    today: Day,
    rules: &Rules,
) -> ServiceResult<Vec<OwedFigure>> {
    let month = reporting_month(year, today);
    let all = match owed_months(store, region, year, 1..=month, today, rules).await {
        Ok(all) => all,
        Err(crate::ServiceError::NoPlan { .. }) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut kept: Vec<OwedFigure> = all
        .into_iter()
        .filter(|o| o.standing == Standing::Late || o.month == month)
        .collect();
    // Each department's figures together, the oldest first.
    kept.sort_by(|a, b| a.department.cmp(&b.department).then(a.due.cmp(&b.due)));
    Ok(kept)
}
