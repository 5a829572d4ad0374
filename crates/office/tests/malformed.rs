//! Malformed and unusual files: one precise error list, or a tolerant read where the file is fine.

use planwatch_domain::livelihood::Choices;
use planwatch_domain::projects::{Phase, PlanDate};
use planwatch_office::fixtures::{RawCell, livelihood_2024, raw_xlsx};
use planwatch_office::{
    CellError, ImportError, LivelihoodLedger, ProjectLedger, TaskLedger, read_file, write_file,
};
use rust_decimal::Decimal;
use std::str::FromStr;

const HEADERS: [&str; 16] = [
    "项目编号",
    "项目名称",
    "投资类别",
    "项目阶段",
    "建设状态",
    "责任单位",
    "所属镇街",
    "行业",
    "总投资（亿元）",
    "年度计划投资（亿元）",
    "本年完成投资（亿元）",
    "上年同期完成投资（亿元）",
    "计划开工时间",
    "实际开工时间",
    "计划竣工时间",
    "实际竣工时间",
];

fn row(cells: &[RawCell]) -> Vec<RawCell> {
    cells.to_vec()
}

fn t(s: &str) -> RawCell {
    RawCell::from(s)
}

fn n(f: f64) -> RawCell {
    RawCell::Number(f)
}

fn header() -> Vec<RawCell> {
    HEADERS.iter().map(|h| t(h)).collect()
}

/// A valid project row with the given code.
fn good(code: &str) -> Vec<RawCell> {
    row(&[
        t(code),
        t("北滨路东延伸段"),
        t("政府投资"),
        t("续建"),
        t("在建"),
        t("区住房城乡建委"),
        t("寸滩街道"),
        t("交通"),
        n(40.0),
        n(8.0),
        n(6.5),
        n(5.0),
        t("2021-03"),
        t("2021-04-10"),
        t("2025-12"),
        t(""),
    ])
}

/// Writes the workbook into a temp dir and imports it from there.
fn import(sheets: &[(&str, Vec<Vec<RawCell>>)]) -> Result<ProjectLedger, ImportError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.xlsx");
    write_file(&path, &raw_xlsx(sheets).unwrap()).unwrap();
    ProjectLedger::read_xlsx(&read_file(&path).unwrap(), 2023)
}

fn errors(r: Result<ProjectLedger, ImportError>) -> Vec<CellError> {
    match r {
        Err(ImportError::Invalid(e)) => e.0,
        other => panic!("expected cell errors, got {other:?}"),
    }
}

fn find<'a>(errs: &'a [CellError], row: u32, column: &str) -> &'a CellError {
    errs.iter()
        .find(|e| e.row == Some(row) && e.column.as_deref() == Some(column))
        .unwrap_or_else(|| panic!("no error at row {row} column {column}: {errs:#?}"))
}

#[test]
fn a_good_sheet_reads() {
    let l = import(&[("重点项目", vec![header(), good("A1"), good("A2")])]).unwrap();
    assert_eq!(l.projects.len(), 2);
    assert_eq!(l.projects[0].completed, Decimal::from_str("6.5").unwrap());
    assert_eq!(l.projects[0].actual_start, PlanDate::ymd(2021, 4, 10));
}

#[test]
fn every_problem_is_listed_with_its_place() {
    let mut wrong_type = good("B1");
    wrong_type[8] = t("四十亿");
    let mut unknown_phase = good("B2");
    unknown_phase[3] = t("在建设");
    let mut negative = good("B3");
    negative[9] = n(-1.0);
    let duplicate = good("B1");
    let mut too_much = good("B5");
    too_much[10] = n(41.0);
    let mut future = good("B6");
    future[13] = t("2024-02-01");
    let mut new_out_of_year = good("B7");
    new_out_of_year[3] = t("新开工");
    new_out_of_year[12] = t("2022-05");
    let mut bad_date = good("B8");
    bad_date[15] = t("明年");
    let mut missing = good("");
    missing[2] = t("");
    let sheet = vec![
        header(),
        wrong_type,
        unknown_phase,
        negative,
        duplicate,
        too_much,
        future,
        new_out_of_year,
        bad_date,
        missing,
    ];
    let errs = errors(import(&[("重点项目", sheet)]));

    let e = find(&errs, 2, "总投资（亿元）");
    assert_eq!(
        (e.letter.as_deref(), e.value.as_str()),
        (Some("I"), "四十亿")
    );
    assert!(e.expected.zh.contains("数字"));
    let e = find(&errs, 3, "项目阶段");
    assert_eq!(e.letter.as_deref(), Some("D"));
    assert!(e.expected.zh.contains("新开工") && e.expected.zh.contains("新建"));
    assert!(
        find(&errs, 4, "年度计划投资（亿元）")
            .expected
            .zh
            .contains("不小于0")
    );
    assert!(find(&errs, 5, "项目编号").expected.zh.contains("第2行重复"));
    // What was expected is written in English too, from the same facts; the labels the cell
    // must hold are quoted as the template writes them.
    assert_eq!(
        find(&errs, 5, "项目编号").expected.en,
        "a unique project code (row 2 has the same)"
    );
    assert!(
        find(&errs, 3, "项目阶段")
            .expected
            .en
            .starts_with("one of “新开工” / “新建”")
    );
    assert!(
        find(&errs, 6, "本年完成投资（亿元）")
            .expected
            .en
            .starts_with("no more than the total investment, ")
    );
    assert!(
        find(&errs, 6, "本年完成投资（亿元）")
            .expected
            .zh
            .contains("不超过总投资")
    );
    assert!(
        find(&errs, 7, "实际开工时间")
            .expected
            .zh
            .contains("不晚于2023年")
    );
    assert!(
        find(&errs, 8, "计划开工时间")
            .expected
            .zh
            .contains("2023年内")
    );
    assert!(find(&errs, 9, "实际竣工时间").expected.zh.contains("日期"));
    find(&errs, 10, "项目编号");
    find(&errs, 10, "投资类别");
    assert_eq!(errs.len(), 10, "{errs:#?}");
    // The whole list prints, one line each.
    let text = ImportError::Invalid(planwatch_office::ImportErrors(errs)).to_string();
    assert!(
        text.contains("工作表“重点项目” I2（总投资（亿元））：值“四十亿”"),
        "{text}"
    );
}

#[test]
fn missing_columns_and_sheets() {
    let mut h = header();
    h.remove(3); // 项目阶段
    h.remove(7); // 总投资（亿元） (shifted by one)
    let errs = errors(import(&[("重点项目", vec![h])]));
    let cols: Vec<_> = errs
        .iter()
        .map(|e| (e.row, e.column.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        cols,
        vec![
            (Some(1), "项目阶段".to_string()),
            (Some(1), "总投资（亿元）".to_string())
        ]
    );

    let errs = errors(import(&[("别的表", vec![row(&[t("甲"), t("乙")])])]));
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].row, None);
    assert!(errs[0].expected.zh.contains("重点项目"));

    match ProjectLedger::read_xlsx(b"not a workbook", 2023) {
        Err(ImportError::Workbook(_)) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn tolerant_reading_of_real_world_sheets() {
    // A title row, headers with spaces, asterisks and half-width brackets, aliases, an other
    // sheet name, full-width digits, thousands separators, units in cells, date cells, Excel
    // serial dates, an empty row and a totals row.
    let headers = [
        "* 项目编号",
        "项目名称",
        "投资类别",
        "阶段",
        "建设状态",
        "责任单位",
        "所属镇街",
        "行业",
        "总投资(亿元)",
        "年度投资计划（亿元）",
        "本年完成投资（亿元）",
        "上年同期完成投资（亿元）",
        "计划开工时间",
        "实际开工时间",
        "计划竣工时间",
        "实际竣工时间",
    ];
    let rows = vec![
        row(&[t("江北区2023年区级重点项目台账")]),
        headers.iter().map(|h| t(h)).collect(),
        row(&[
            t("001"),
            t("重庆光掩膜版制造项目"),
            t("社会投资"),
            t("新建"),
            t("建成"),
            t(""),
            t(""),
            t(""),
            t("１,２３４.５"),
            t("12亿元"),
            t("１２"),
            t("—"),
            RawCell::Date(2023, 3, 1),
            n(45000.0),
            t("2023年12月"),
            t("2023/12/28"),
        ]),
        vec![],
        row(&[
            t("合计"),
            t(""),
            t(""),
            t(""),
            t(""),
            t(""),
            t(""),
            t(""),
            n(1234.5),
        ]),
    ];
    let l = import(&[("Sheet1", rows)]).unwrap();
    assert_eq!(l.projects.len(), 1);
    let p = &l.projects[0];
    assert_eq!(p.code, "001");
    assert_eq!(p.phase, Phase::New);
    assert_eq!(p.total_investment, Decimal::from_str("1234.5").unwrap());
    assert_eq!(p.annual_plan, Decimal::from(12));
    assert_eq!(p.completed, Decimal::from(12));
    assert_eq!(p.last_year_same_period, None);
    assert_eq!(p.planned_start, PlanDate::ymd(2023, 3, 1));
    assert_eq!(p.actual_start, PlanDate::ymd(2023, 3, 15));
    assert_eq!(p.planned_completion, PlanDate::ym(2023, 12));
    assert_eq!(p.actual_completion, PlanDate::ymd(2023, 12, 28));
}

#[test]
fn monthly_sheet_is_checked_against_projects_and_year() {
    let monthly = vec![
        row(&[
            t("项目编号"),
            t("月份"),
            t("累计完成投资（亿元）"),
            t("形象进度"),
        ]),
        row(&[t("A1"), t("2023-03"), n(1.5), t("基础施工")]),
        row(&[t("A1"), RawCell::Date(2023, 6, 1), n(3.0), t("")]),
        row(&[t("ZZ"), t("2023-04"), n(1.0), t("")]),
        row(&[t("A1"), t("2022-12"), n(1.0), t("")]),
        row(&[t("A1"), t("2023-03"), n(-1.0), t("")]),
    ];
    let errs = errors(import(&[
        ("重点项目", vec![header(), good("A1")]),
        ("月度进度", monthly.clone()),
    ]));
    assert!(
        find(&errs, 4, "项目编号")
            .expected
            .zh
            .contains("已有的项目编号")
    );
    assert!(find(&errs, 5, "月份").expected.zh.contains("2023年内"));
    assert!(find(&errs, 6, "月份").expected.zh.contains("重复"));
    find(&errs, 6, "累计完成投资（亿元）");
    assert_eq!(errs.len(), 4, "{errs:#?}");

    let ok = import(&[
        ("重点项目", vec![header(), good("A1")]),
        ("月度进度", monthly[..3].to_vec()),
    ])
    .unwrap();
    assert_eq!(
        ok.monthly.iter().map(|m| m.month).collect::<Vec<_>>(),
        vec![3, 6]
    );
}

#[test]
fn csv_in_gb18030_and_without_bom() {
    let text = format!(
        "{}\nC1,项目,社会投资,续建,在建,,,,10,2,1,,,,,\n",
        HEADERS.join(",")
    );
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let l = ProjectLedger::read_csv(&gb, None, 2023).unwrap();
    assert_eq!(l.projects[0].name, "项目");
    let l = ProjectLedger::read_csv(text.as_bytes(), None, 2023).unwrap();
    assert_eq!(l.projects[0].annual_plan, Decimal::from(2));
    // CSV rows are numbered like Excel's: the header is row 1.
    let bad = format!(
        "{}\nC1,项目,社会投资,续建,在建,,,,10,2,abc,,,,,\n",
        HEADERS.join(",")
    );
    let errs = errors(ProjectLedger::read_csv(bad.as_bytes(), None, 2023));
    assert_eq!(
        (errs[0].row, errs[0].letter.as_deref()),
        (Some(2), Some("K"))
    );
}

#[test]
fn vote_sheets_with_unknown_candidates_or_marks() {
    let base = livelihood_2024(0);
    let first = base.candidates[0].name.clone();
    let second = base.candidates[1].name.clone();
    let dir = tempfile::tempdir().unwrap();
    let candidates_bytes = base.write_xlsx().unwrap();
    let cands = LivelihoodLedger::read_xlsx(&candidates_bytes)
        .unwrap()
        .candidates;
    let cand_sheet = {
        let mut rows = vec![row(&[
            t("序号"),
            t("项目名称"),
            t("类别"),
            t("目标任务"),
            t("目标值"),
            t("单位"),
            t("预算（万元）"),
            t("责任单位"),
        ])];
        for c in &cands {
            rows.push(row(&[
                n(f64::from(c.seq)),
                t(&c.name),
                t(c.theme.label()),
                t(&c.target_task),
                n(100.0),
                t("个"),
                n(10.0),
                t("区民政局"),
            ]));
        }
        rows
    };
    let votes = vec![
        row(&[t("代表编号"), t(&first), t(&second), t("不存在的项目")]),
        row(&[t("D1"), t("赞成"), t("反对"), t("")]),
        row(&[t("D2"), t("同意"), t("支持"), t("")]),
        row(&[t("D3"), t("√"), t("赞成"), t("")]),
        row(&[t("D4"), t("√"), t("√"), t("")]),
        row(&[t("D5"), t(""), t(""), t("")]),
    ];
    let path = dir.path().join("votes.xlsx");
    write_file(
        &path,
        &raw_xlsx(&[
            ("民生实事候选", cand_sheet.clone()),
            ("票决", votes.clone()),
        ])
        .unwrap(),
    )
    .unwrap();
    let errs = match LivelihoodLedger::read_xlsx(&read_file(&path).unwrap()) {
        Err(ImportError::Invalid(e)) => e.0,
        other => panic!("{other:?}"),
    };
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert_eq!(
        (errs[0].row, errs[0].letter.as_deref()),
        (Some(1), Some("D"))
    );
    assert_eq!((errs[1].row, errs[1].value.as_str()), (Some(3), "支持"));
    assert_eq!((errs[2].row, errs[2].column.as_deref()), (Some(4), None));

    // Without the unknown column and the bad rows, the rest reads; the blank ballot is kept
    // for the tally to report.
    let votes: Vec<Vec<RawCell>> = votes
        .iter()
        .enumerate()
        .filter(|(i, _)| ![2, 3].contains(i))
        .map(|(_, r)| r[..3].to_vec())
        .collect();
    let l = LivelihoodLedger::read_xlsx(
        &raw_xlsx(&[("民生实事候选", cand_sheet), ("票决", votes)]).unwrap(),
    )
    .unwrap();
    assert_eq!(l.ballots.len(), 3);
    assert_eq!(
        l.ballots[1].choices,
        Choices::Selection(vec![first.clone(), second.clone()])
    );
    assert_eq!(l.ballots[2].choices, Choices::PerCandidate(vec![]));
}

#[test]
fn candidate_sheet_problems() {
    let rows = vec![
        row(&[
            t("序号"),
            t("项目名称"),
            t("类别"),
            t("目标任务"),
            t("目标值"),
            t("单位"),
            t("预算（万元）"),
        ]),
        row(&[
            n(1.0),
            t("新增公共停车位"),
            t("宜居"),
            t("新增公共停车位2000个"),
            n(2000.0),
            t("个"),
            n(3000.0),
        ]),
        row(&[
            n(1.0),
            t("新增公共停车位"),
            t("宜乐"),
            t(""),
            t("很多"),
            t(""),
            n(-5.0),
        ]),
        row(&[
            t("二"),
            t("加装电梯"),
            t("宜居"),
            t(""),
            t(""),
            t(""),
            t(""),
        ]),
    ];
    let errs = match LivelihoodLedger::read_xlsx(&raw_xlsx(&[("民生实事候选", rows)]).unwrap())
    {
        Err(ImportError::Invalid(e)) => e.0,
        other => panic!("{other:?}"),
    };
    let at: Vec<_> = errs
        .iter()
        .map(|e| (e.row.unwrap_or(0), e.column.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        at,
        vec![
            (3, "序号".into()),
            (3, "项目名称".into()),
            (3, "类别".into()),
            (3, "目标值".into()),
            (3, "预算（万元）".into()),
            (4, "序号".into()),
        ]
    );
}

#[test]
fn task_sheet_problems() {
    let h = [
        "编号",
        "任务领域",
        "任务",
        "具体措施",
        "目标值",
        "单位",
        "牵头单位",
        "配合单位",
        "完成时限",
        "进展情况",
        "状态",
    ];
    let rows = vec![
        h.iter().map(|x| t(x)).collect(),
        row(&[
            t("1.1"),
            t("产业"),
            t("金融"),
            t("引进首店"),
            t("100以上"),
            t("家"),
            t("区商务委"),
            t(""),
            t("年底"),
            t(""),
            t(""),
        ]),
        row(&[
            t("1.1"),
            t("产业"),
            t("金融"),
            t("x"),
            n(1.0),
            t(""),
            t(""),
            t(""),
            t("2023-06"),
            t(""),
            t("搁置"),
        ]),
    ];
    let errs = match TaskLedger::read_xlsx(&raw_xlsx(&[("重点任务", rows.clone())]).unwrap(), 2024)
    {
        Err(ImportError::Invalid(e)) => e.0,
        other => panic!("{other:?}"),
    };
    let at: Vec<_> = errs
        .iter()
        .map(|e| e.column.clone().unwrap_or_default())
        .collect();
    assert_eq!(at, vec!["编号", "牵头单位", "完成时限", "状态"]);
    let ok = TaskLedger::read_xlsx(
        &raw_xlsx(&[("重点任务", rows[..2].to_vec())]).unwrap(),
        2024,
    )
    .unwrap();
    assert_eq!(
        ok.measures[0].deadline,
        Some(planwatch_domain::tasks::Deadline::Date(
            PlanDate::ym(2024, 12).unwrap()
        ))
    );
}

#[test]
fn a_plan_ledger_without_status_or_completion_reads_and_states_the_2024_plan() {
    use planwatch_domain::projects::{
        BuildStatus, FigureOptions, SummaryStyle, plan_paragraph, report,
    };
    // 江北区's 2024 plan: 80 social (1083.7 / 174.6), 157 government of which 82 new or
    // continuing and 75 preparatory (917.8 / 93.7).
    let mut csv = String::from(
        "项目编号,项目名称,投资类别,项目阶段,总投资（亿元）,年度计划投资（亿元）,计划开工时间\n",
    );
    let mut add = |n: usize, cat: &str, phase: &str, total: &str, annual: &str, start: &str| {
        for i in 0..n {
            let (t, a) = if i == 0 { (total, annual) } else { ("0", "0") };
            csv.push_str(&format!(
                "{cat}{phase}{i},项目{i},{cat},{phase},{t},{a},{start}\n"
            ));
        }
    };
    add(40, "社会投资", "新建", "1000", "150", "2024-04");
    add(40, "社会投资", "续建", "83.7", "24.6", "");
    add(30, "政府投资", "新开工", "500", "50", "2024年6月");
    add(52, "政府投资", "续建", "400", "43.7", "");
    add(75, "政府投资", "前期", "17.8", "0", "");
    let l = ProjectLedger::read_csv(csv.as_bytes(), None, 2024).unwrap();
    assert_eq!(l.projects.len(), 237);
    assert_eq!(l.projects[0].status, BuildStatus::NotStarted);
    assert_eq!(l.projects[40].status, BuildStatus::UnderConstruction);
    assert_eq!(l.projects[236].status, BuildStatus::Preparing);
    let r = report(&l.projects, &FigureOptions::default());
    assert_eq!(
        plan_paragraph(&r, &SummaryStyle::default()),
        "拟安排重点项目237个，总投资2001.5亿元，年度投资计划268.3亿元。其中，社会投资重点项目80个，\
         总投资1083.7亿元、年度投资174.6亿元；区级政府投资重点项目157个（续建和新建项目82个、前期项目75个），\
         总投资917.8亿元、年度投资93.7亿元。"
    );
}
