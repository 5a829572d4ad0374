//! Generated ledgers and raw workbooks, for tests, benchmarks and demo data. Deterministic:
//! the same arguments give the same ledger. Nothing here reads files.

use crate::error::ExportError;
use crate::livelihood::LivelihoodLedger;
use crate::projects::ProjectLedger;
use planwatch_domain::livelihood::{Ballot, Candidate, Choices, Mark, Theme, Vote};
use planwatch_domain::projects::{
    BuildStatus, Category, Milestone, MilestoneKind, MonthlyProgress, Phase, PlanDate, Project,
};
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A small deterministic generator (64-bit LCG), so fixtures need no RNG dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const UNITS: [&str; 6] = [
    "区发展改革委",
    "区住房城乡建委",
    "区交通局",
    "区教委",
    "区卫生健康委",
    "江北嘴集团",
];
const STREETS: [&str; 6] = [
    "观音桥街道",
    "寸滩街道",
    "五里店街道",
    "大石坝街道",
    "鱼嘴镇",
    "复盛镇",
];
const SECTORS: [&str; 5] = ["交通", "城市更新", "教育", "医疗卫生", "先进制造"];

/// `n` valid projects of plan year `year`, with every column filled in some rows: all
/// categories, phases and statuses, amounts to 2 decimal places, dates, milestones, notes.
pub fn synthetic_projects(n: usize, year: i32) -> Vec<Project> {
    synthetic_projects_seeded(n, year, 0)
}

/// [`synthetic_projects`] drawn with another `seed` (0 gives the same list): many regions'
/// ledgers that differ, reproducibly.
pub fn synthetic_projects_seeded(n: usize, year: i32, seed: u64) -> Vec<Project> {
    let mut g = Lcg(0x5EED ^ n as u64 ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    (0..n)
        .map(|i| {
            let phase = Phase::ALL[i % 3];
            let category = Category::ALL[g.below(2) as usize];
            let mut p = Project::new(
                format!("XM{year}{i:06}"),
                format!("重点项目{i}号"),
                category,
                phase,
            );
            p.responsible_unit = UNITS[g.below(6) as usize].to_string();
            p.street = STREETS[g.below(6) as usize].to_string();
            p.sector = SECTORS[g.below(5) as usize].to_string();
            let total = 100 + g.below(2_000_000) as i64; // 1.00 .. 20000.99 亿元
            let annual = g.below(total as u64 + 1) as i64;
            let done = g.below(total as u64 + 1) as i64;
            p.total_investment = Decimal::new(total, 2);
            p.annual_plan = Decimal::new(annual, 2);
            p.completed = Decimal::new(done, 2);
            if g.below(4) > 0 {
                p.last_year_same_period = Some(Decimal::new(g.below(100_000) as i64, 2));
            }
            let m = 1 + g.below(12) as u8;
            match phase {
                Phase::New => {
                    p.planned_start = PlanDate::ym(year, m);
                    p.planned_completion = PlanDate::ym(year + 1 + g.below(3) as i32, m);
                    if g.below(3) > 0 {
                        p.status = BuildStatus::UnderConstruction;
                        p.actual_start = PlanDate::ymd(year, m, 1 + g.below(28) as u8);
                    }
                }
                Phase::Continuing => {
                    p.planned_start = PlanDate::ym(year - 1 - g.below(3) as i32, m);
                    p.actual_start = p.planned_start;
                    p.planned_completion = PlanDate::ym(year + g.below(2) as i32, m);
                    if g.below(4) == 0 {
                        p.status = BuildStatus::Completed;
                        p.actual_completion = PlanDate::ymd(year, m, 1 + g.below(28) as u8);
                    }
                }
                Phase::Preparatory => {
                    for kind in MilestoneKind::ALL.iter().take(g.below(6) as usize) {
                        if let Some(date) = PlanDate::ym(year, 1 + g.below(12) as u8) {
                            p.milestones.push(Milestone { kind: *kind, date });
                        }
                    }
                }
            }
            if g.below(2) == 0 {
                p.progress_note = format!("第{}批次施工推进中", g.below(9));
            }
            p
        })
        .collect()
}

/// A project ledger matching what 江北区's report states for 2023: 234 projects, 252亿元
/// completed (+9% on last year's same period), 50 new projects all started (开工率 100%),
/// 86 continuing at 124% investment progress with 24 completed, 98 preparatory.
pub fn jiangbei_2023() -> ProjectLedger {
    let d = |v: i64, scale: u32| Decimal::new(v, scale);
    let mut projects = Vec::new();
    for i in 0..50 {
        let mut p = Project::new(
            format!("2023N{i:03}"),
            format!("新建项目{}", i + 1),
            Category::Social,
            Phase::New,
        );
        p.status = BuildStatus::UnderConstruction;
        p.total_investment = d(10, 0);
        p.annual_plan = d(1, 0);
        p.completed = d(1, 0);
        p.last_year_same_period = Some(d(5, 1));
        p.planned_start = PlanDate::ym(2023, 1 + (i % 12) as u8);
        p.actual_start = p.planned_start;
        p.responsible_unit = UNITS[i % 6].to_string();
        p.street = STREETS[i % 6].to_string();
        projects.push(p);
    }
    for i in 0..86 {
        let mut p = Project::new(
            format!("2023C{i:03}"),
            format!("续建项目{}", i + 1),
            Category::Government,
            Phase::Continuing,
        );
        if i < 24 {
            p.status = BuildStatus::Completed;
            p.actual_completion = PlanDate::ym(2023, 12);
        }
        p.total_investment = d(20, 0);
        p.annual_plan = d(15, 1);
        p.completed = d(186, 2); // 1.86 / 1.5 = 124%
        p.last_year_same_period = Some(d(23, 1));
        p.responsible_unit = UNITS[i % 6].to_string();
        p.street = STREETS[i % 6].to_string();
        projects.push(p);
    }
    for i in 0..98 {
        let mut p = Project::new(
            format!("2023P{i:03}"),
            format!("前期项目{}", i + 1),
            Category::Government,
            Phase::Preparatory,
        );
        p.total_investment = d(50, 0);
        if i == 0 {
            // 252 − 50 − 159.96 = 42.04; last year 231.19 − 222.8 = 8.39 (252 / 231.19 = 1.09)
            p.annual_plan = d(4204, 2);
            p.completed = d(4204, 2);
            p.last_year_same_period = Some(d(839, 2));
        }
        p.responsible_unit = UNITS[i % 6].to_string();
        projects.push(p);
    }
    ProjectLedger {
        projects,
        monthly: Vec::new(),
    }
}

/// Monthly reports for `projects` in months 1..=`months`, completion growing linearly to each
/// project's current figure.
pub fn monthly_reports(projects: &[Project], months: u8) -> Vec<MonthlyProgress> {
    let mut out = Vec::new();
    for p in projects {
        for m in 1..=months.min(12) {
            out.push(MonthlyProgress {
                code: p.code.clone(),
                month: m,
                cumulative_completed: (p.completed * Decimal::from(m)
                    / Decimal::from(months.max(1)))
                .round_dp(2),
                image_progress: format!("{m}月形象进度"),
            });
        }
    }
    out
}

/// A candidate list shaped like 江北区's 2024 one (15 candidates: 宜居 7, 宜业 2, 宜游 2, 宜育 4)
/// and `deputies` per-candidate ballots in which candidate k (1-based) gets approvals from
/// deputies whose number is below a share falling with k, so the top 10 are adopted in seq order.
pub fn livelihood_2024(deputies: usize) -> LivelihoodLedger {
    let themes = [
        (Theme::Livable, 7),
        (Theme::Work, 2),
        (Theme::Leisure, 2),
        (Theme::Nurture, 4),
    ];
    let mut candidates = Vec::new();
    let mut seq = 1;
    for (theme, n) in themes {
        for _ in 0..n {
            candidates.push(Candidate {
                seq,
                name: format!("{}实事{seq}", theme.label()),
                theme,
                target_task: format!("完成第{seq}项目标"),
                target_value: Some(Decimal::from(100 * seq)),
                unit: "个".to_string(),
                budget_wan: Some(Decimal::from(500 + seq)),
                responsible_unit: UNITS[seq as usize % 6].to_string(),
            });
            seq += 1;
        }
    }
    let ballots = (0..deputies)
        .map(|d| Ballot {
            deputy: format!("D{:03}", d + 1),
            choices: Choices::PerCandidate(
                candidates
                    .iter()
                    .map(|c| {
                        // Candidate k is approved by the first (100 − 3k)% of deputies.
                        let share = 100usize.saturating_sub(3 * c.seq as usize);
                        let vote = if d * 100 < share * deputies {
                            Vote::For
                        } else if d % 2 == 0 {
                            Vote::Against
                        } else {
                            Vote::Abstain
                        };
                        Mark {
                            candidate: c.name.clone(),
                            vote,
                        }
                    })
                    .collect(),
            ),
        })
        .collect();
    LivelihoodLedger {
        candidates,
        ballots,
        progress: Vec::new(),
    }
}

/// A cell of a hand-built sheet, for writing malformed or unusual files in tests.
#[derive(Debug, Clone, PartialEq)]
pub enum RawCell {
    Empty,
    Text(String),
    Number(f64),
    /// A real Excel date cell (year, month, day).
    Date(u16, u8, u8),
}

impl From<&str> for RawCell {
    fn from(s: &str) -> Self {
        if s.is_empty() {
            RawCell::Empty
        } else {
            RawCell::Text(s.to_string())
        }
    }
}

impl From<f64> for RawCell {
    fn from(f: f64) -> Self {
        RawCell::Number(f)
    }
}

/// Writes sheets of raw cells as an xlsx workbook, exactly as given (no header handling).
pub fn raw_xlsx(sheets: &[(&str, Vec<Vec<RawCell>>)]) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name)?;
        for (i, row) in rows.iter().enumerate() {
            for (j, cell) in row.iter().enumerate() {
                let (r, c) = (i as u32, j as u16);
                match cell {
                    RawCell::Empty => {}
                    RawCell::Text(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    RawCell::Number(f) => {
                        ws.write_number(r, c, *f)?;
                    }
                    RawCell::Date(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d)?;
                        ws.write_datetime_with_format(r, c, &dt, &date_format)?;
                    }
                }
            }
        }
    }
    Ok(wb.save_to_buffer()?)
}
