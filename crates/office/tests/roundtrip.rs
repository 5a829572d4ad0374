//! Exports read back unchanged, through files in a temporary directory.

use planwatch_domain::livelihood::{
    Ballot, Choices, LivelihoodProgress, Mark, TallyRule, Vote, tally,
};
use planwatch_domain::projects::{
    BuildStatus, Category, FigureOptions, Phase, PlanDate, Project, SummaryStyle, report,
    summary_paragraph,
};
use planwatch_domain::tasks::{
    Deadline, Measure, MeasureTarget, QuarterNote, TargetValue, TaskStatus,
};
use planwatch_office::fixtures::{
    jiangbei_2023, livelihood_2024, monthly_reports, synthetic_projects,
};
use planwatch_office::{
    LivelihoodLedger, ProjectLedger, TaskLedger, read_ballots_csv, read_ballots_xlsx, read_file,
    write_file,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn through_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> Vec<u8> {
    let path = dir.path().join(name);
    write_file(&path, bytes).unwrap();
    read_file(&path).unwrap()
}

#[test]
fn project_ledger_round_trips_through_xlsx_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let projects = synthetic_projects(300, 2023);
    let monthly = monthly_reports(&projects[..40], 6);
    let ledger = ProjectLedger { projects, monthly };

    let bytes = through_file(&dir, "projects.xlsx", &ledger.write_xlsx(2023).unwrap());
    let back = ProjectLedger::read_xlsx(&bytes, 2023).unwrap();
    assert_eq!(back, ledger);

    let p = through_file(&dir, "projects.csv", &ledger.projects_csv().unwrap());
    let m = through_file(&dir, "monthly.csv", &ledger.monthly_csv(2023).unwrap());
    assert!(p.starts_with(b"\xEF\xBB\xBF"));
    let back = ProjectLedger::read_csv(&p, Some(&m), 2023).unwrap();
    assert_eq!(back, ledger);
    assert_eq!(
        ProjectLedger::read_monthly_csv(&m, 2023, Some(&ledger.projects)).unwrap(),
        ledger.monthly
    );
}

#[test]
fn jiangbei_2023_figures_survive_an_xlsx_trip() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = through_file(
        &dir,
        "jiangbei.xlsx",
        &jiangbei_2023().write_xlsx(2023).unwrap(),
    );
    let ledger = ProjectLedger::read_xlsx(&bytes, 2023).unwrap();
    let r = report(&ledger.projects, &FigureOptions::default());
    assert_eq!(r.overall.projects, 234);
    assert_eq!(r.overall.new_projects, 50);
    assert_eq!(r.overall.continuing_projects, 86);
    assert_eq!(r.overall.preparatory_projects, 98);
    assert_eq!(
        summary_paragraph(&r, &SummaryStyle::default()),
        "234个区级重点项目完成投资252亿元、同比增长9%，其中，50个新建项目实现开工，开工率达到100%；\
         86个续建项目投资进度达124%，24个项目建成；98个前期项目有序推进。"
    );
}

#[test]
fn livelihood_ledger_round_trips_and_tallies() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = livelihood_2024(40);
    // One selection-style ballot among per-candidate ones.
    ledger.ballots.push(Ballot {
        deputy: "D999".into(),
        choices: Choices::Selection(
            ledger.candidates[..3]
                .iter()
                .map(|c| c.name.clone())
                .collect(),
        ),
    });
    ledger.progress = vec![LivelihoodProgress {
        name: ledger.candidates[0].name.clone(),
        completed_value: Some(Decimal::from(120)),
        note: "超额完成".into(),
    }];
    let bytes = through_file(&dir, "livelihood.xlsx", &ledger.write_xlsx().unwrap());
    let back = LivelihoodLedger::read_xlsx(&bytes).unwrap();
    assert_eq!(back, ledger);

    let c = through_file(&dir, "c.csv", &ledger.candidates_csv().unwrap());
    let v = through_file(&dir, "v.csv", &ledger.ballots_csv().unwrap());
    let p = through_file(&dir, "p.csv", &ledger.progress_csv().unwrap());
    assert_eq!(
        LivelihoodLedger::read_csv(&c, Some(&v), Some(&p)).unwrap(),
        ledger
    );
    assert_eq!(
        read_ballots_csv(&v, &ledger.candidates).unwrap(),
        ledger.ballots
    );
    assert_eq!(
        read_ballots_xlsx(&bytes, &ledger.candidates).unwrap(),
        ledger.ballots
    );

    let t = tally(
        &back.candidates,
        &back.ballots,
        &TallyRule {
            seats: 10,
            max_selections: Some(10),
            present: None,
        },
    );
    let expected: Vec<String> = back.candidates[..10]
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(t.adopted, expected);
    assert!(t.invalid.is_empty());
}

fn measure(i: usize) -> Measure {
    Measure {
        code: format!("{}.{}", i / 3 + 1, i % 3 + 1),
        area: format!("领域{}", i / 6),
        task: format!("任务{}", i / 3),
        text: format!("具体措施{i}：新增学位超8000个"),
        target: match i % 3 {
            0 => Some(MeasureTarget {
                value: TargetValue::Number(Decimal::new(80_005, 1)),
                unit: "个".into(),
            }),
            1 => Some(MeasureTarget {
                value: TargetValue::Text("100以上".into()),
                unit: "家".into(),
            }),
            _ => None,
        },
        lead: "区教委".into(),
        supporting: if i.is_multiple_of(2) {
            vec!["区财政局".into(), "区规划自然资源局".into()]
        } else {
            Vec::new()
        },
        deadline: match i % 3 {
            0 => Some(Deadline::Date(PlanDate::ym(2024, 12).unwrap())),
            1 => Some(Deadline::Text("长期坚持".into())),
            _ => None,
        },
        progress: if i.is_multiple_of(2) {
            vec![
                QuarterNote {
                    quarter: Some(1),
                    note: "完成选址".into(),
                },
                QuarterNote {
                    quarter: Some(2),
                    note: "开工建设\n主体施工".into(),
                },
            ]
        } else {
            Vec::new()
        },
        status: TaskStatus::ALL[i % 4],
    }
}

#[test]
fn task_ledger_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = TaskLedger {
        measures: (0..20).map(measure).collect(),
    };
    let bytes = through_file(&dir, "tasks.xlsx", &ledger.write_xlsx().unwrap());
    assert_eq!(TaskLedger::read_xlsx(&bytes, 2024).unwrap(), ledger);
    let csv = through_file(&dir, "tasks.csv", &ledger.write_csv().unwrap());
    assert_eq!(TaskLedger::read_csv(&csv, 2024).unwrap(), ledger);
}

fn arb_text() -> impl Strategy<Value = String> {
    // Trimmed text, with Chinese, digits and punctuation a ledger holds.
    "[a-zA-Z0-9\u{4e00}-\u{4e2f}（）、·-]{0,12}".prop_map(|s| s.trim().to_string())
}

fn arb_amount() -> impl Strategy<Value = Decimal> {
    (0i64..10_000_000, 0u32..5).prop_map(|(m, s)| Decimal::new(m, s))
}

fn arb_date(year: i32) -> impl Strategy<Value = Option<PlanDate>> {
    proptest::option::of(
        (year - 3..=year, 1u8..=12, proptest::option::of(1u8..=28)).prop_map(|(y, m, d)| {
            PlanDate {
                year: y,
                month: m,
                day: d,
            }
        }),
    )
}

prop_compose! {
    fn arb_project(year: i32)(
        name in arb_text().prop_filter("name", |s| !s.is_empty()),
        c in 0usize..2, ph in 0usize..3, st in 0usize..4,
        unit in arb_text(), street in arb_text(), sector in arb_text(),
        total in arb_amount(), annual_share in 0u32..=100, done_share in 0u32..=100,
        last in proptest::option::of(arb_amount()),
        ps in arb_date(year), as_ in arb_date(year), note in arb_text(),
    ) -> Project {
        let mut p = Project::new("", name, Category::ALL[c], Phase::ALL[ph]);
        p.status = BuildStatus::ALL[st];
        p.responsible_unit = unit;
        p.street = street;
        p.sector = sector;
        p.total_investment = total;
        p.annual_plan = (total * Decimal::from(annual_share) / Decimal::ONE_HUNDRED).round_dp(4);
        p.completed = (total * Decimal::from(done_share) / Decimal::ONE_HUNDRED).round_dp(4);
        p.last_year_same_period = last;
        // Dates that obey the import rules: a new project's planned start is in the year.
        p.planned_start = ps.map(|d| if p.phase == Phase::New { PlanDate { year, ..d } } else { d });
        p.actual_start = as_;
        p.progress_note = note;
        p
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_project_ledgers_round_trip(mut projects in proptest::collection::vec(arb_project(2023), 1..25)) {
        for (i, p) in projects.iter_mut().enumerate() {
            p.code = format!("P{i:03}");
        }
        let ledger = ProjectLedger { projects, monthly: Vec::new() };
        let xlsx = ledger.write_xlsx(2023).unwrap();
        prop_assert_eq!(&ProjectLedger::read_xlsx(&xlsx, 2023).unwrap(), &ledger);
        let csv = ledger.projects_csv().unwrap();
        prop_assert_eq!(&ProjectLedger::read_csv(&csv, None, 2023).unwrap(), &ledger);
    }

    #[test]
    fn random_ballots_round_trip(votes in proptest::collection::vec(proptest::collection::vec(0usize..4, 15), 1..20)) {
        let mut ledger = livelihood_2024(0);
        ledger.ballots = votes
            .iter()
            .enumerate()
            .map(|(d, vs)| Ballot {
                deputy: format!("{d}"),
                choices: Choices::PerCandidate(
                    ledger.candidates.iter().zip(vs)
                        .filter(|(_, v)| **v < 3)
                        .map(|(c, v)| Mark { candidate: c.name.clone(), vote: Vote::ALL[*v] })
                        .collect(),
                ),
            })
            .collect();
        let xlsx = ledger.write_xlsx().unwrap();
        prop_assert_eq!(&LivelihoodLedger::read_xlsx(&xlsx).unwrap(), &ledger);
    }
}
