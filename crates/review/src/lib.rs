//! # planwatch-review
//!
//! Checks a plan report against itself, the way a People's Congress deputy reviewing it would:
//! does the prose agree with the report's own tables, do its sums add up, are the new targets
//! sensible against last year's results?
//!
//! [`review`] takes a [`Reading`] (from `planwatch-reader`) and the judging [`Rules`], judges the
//! execution table with [`planwatch_domain::judge::judge_plan`], and returns [`Finding`]s, each
//! with a [`FindingKind`], a [`Severity`], a message in Chinese and one in English written from
//! the same facts (the same figures, names and comparisons; names and texts quoted from the
//! report stay as written), and the evidence: the lines of the report, from both places, that
//! the finding rests on. Checks:
//!
//! - **summary** ([`FindingKind::SummaryCount`], [`FindingKind::SummaryPlacement`],
//!   [`FindingKind::SummaryOmission`]): the prose's counts and lists of indicators met and below
//!   expectation against the statuses judged from its own table;
//! - **prose vs table** ([`FindingKind::ProseTable`], [`FindingKind::ProseTarget`]): figures stated
//!   in prose against the table's actuals, and targets stated in prose against the new table;
//! - **recomputation** ([`FindingKind::Sum`], [`FindingKind::Share`], [`FindingKind::SectionCount`]):
//!   project counts by phase and category against totals, investment by category, livelihood
//!   themes, start rates, shares of a plan, sections of a table;
//! - **targets** ([`FindingKind::TargetBelowLastActual`], [`FindingKind::BindingMissed`],
//!   [`FindingKind::SystemChange`]): new targets below last year's actual (direction-aware),
//!   binding indicators missed, announced changes of the indicator system against the tables.
//!
//! - **completeness** ([`FindingKind::Incomplete`]): a document in which no indicator table (or
//!   no figure at all) could be read is said to be reviewed incompletely, at the top, never
//!   "no problems found"; [`unreadable`] says the same of a file that could not be read;
//! - **printed verdicts** ([`FindingKind::PrintedVerdict`]): a table's 完成情况 column against
//!   the status planwatch judges from the same row.
//!
//! Checks that pass are reported too, as [`Severity::Info`] findings with `passed: true`, so a
//! reader sees what was verified, not only what failed. [`render_md`] and [`render_html`]
//! print the findings in either language (HTML-escaped).
//!
//! ```
//! let text = "一、2023年计划执行情况\n3项指标整体符合预期。2项指标完成目标。\n附件1\n2023年主要指标完成情况\n\
//! \t序号\n\t指标名称\n\t2023年预期目标\n\t实际完成\n\n\t1\n\t地区生产总值增速（%）\n\t6.5以上\n\t6.7\n\n\
//! \t2\n\t固定资产投资增速（%）\n\t10\n\t-2.3\n\n\t3\n\t空气质量优良天数（天）*\n\t310天以上\n\t289\n";
//! let reading = planwatch_reader::read_text(text);
//! let findings = planwatch_review::review(&reading, &planwatch_domain::Rules::default());
//! assert!(findings.iter().any(|f| f.kind == planwatch_review::FindingKind::BindingMissed));
//! let md = planwatch_review::render_md(&findings, planwatch_domain::Lang::Zh);
//! assert!(md.contains("空气质量优良天数"));
//! ```

mod checks;
mod render;

use planwatch_domain::{Lang, Rules};
use planwatch_reader::Reading;
use serde::{Deserialize, Serialize};

pub use render::{render_html, render_md};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label_zh(self) -> &'static str {
        self.label(Lang::Zh)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Info => lang.pick("提示", "Note"),
            Severity::Warning => lang.pick("警告", "Warning"),
            Severity::Error => lang.pick("错误", "Error"),
        }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// The prose's counts of indicators (total, met, below) against each other and the table.
    SummaryCount,
    /// An indicator the prose names in one group while the table judges it in another.
    SummaryPlacement,
    /// An indicator the table judges below expectation that the prose's complete list leaves out.
    SummaryOmission,
    /// A figure stated in prose against the same figure in the table.
    ProseTable,
    /// A target stated in prose against the new year's table.
    ProseTarget,
    /// Parts against their stated total.
    Sum,
    /// A stated percentage against the one its parts give.
    Share,
    /// A section row's count against the rows under it.
    SectionCount,
    /// A new target below last year's actual.
    TargetBelowLastActual,
    /// A binding (约束性) indicator missed.
    BindingMissed,
    /// Announced changes of the indicator system against the two tables.
    SystemChange,
    /// The review rests on less than a report: no indicator table could be read, no figures at
    /// all, or the file itself could not be read. Always the first finding when present.
    Incomplete,
    /// A verdict the table prints (完成/未完成/基本完成) against planwatch's own judgement.
    PrintedVerdict,
    /// A new target against the region's stored history, peers and level above
    /// ([`target_realism`]; only when a database holds them).
    TargetRealism,
}

impl FindingKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            FindingKind::SummaryCount => "完成情况计数",
            FindingKind::SummaryPlacement => "指标归类与附表不符",
            FindingKind::SummaryOmission => "正文遗漏未完成指标",
            FindingKind::ProseTable => "正文数据与附表",
            FindingKind::ProseTarget => "正文目标与附表",
            FindingKind::Sum => "分项合计",
            FindingKind::Share => "比例复算",
            FindingKind::SectionCount => "分组项数",
            FindingKind::TargetBelowLastActual => "新目标低于上年实际",
            FindingKind::BindingMissed => "约束性指标未完成",
            FindingKind::SystemChange => "指标体系调整",
            FindingKind::Incomplete => "审查不完整",
            FindingKind::PrintedVerdict => "附表完成情况标注",
            FindingKind::TargetRealism => "目标合理性（对照历史、同组与上级）",
        }
    }

    /// The title of a finding of this kind in `lang`: what was found wrong, or — for a check
    /// that passed — what was verified ("约束性指标已完成", never the name of the failure).
    pub fn title(self, passed: bool, lang: Lang) -> &'static str {
        let (zh, en) = match (self, passed) {
            (FindingKind::SummaryCount, false) => (
                "完成情况计数与附表不符",
                "Counts in the text differ from the table",
            ),
            (FindingKind::SummaryCount, true) => (
                "完成情况计数与附表相符",
                "Counts in the text match the table",
            ),
            (FindingKind::SummaryPlacement, false) => (
                "指标归类与附表不符",
                "An indicator is grouped against the table",
            ),
            (FindingKind::SummaryPlacement, true) => (
                "指标归类与附表相符",
                "Indicators are grouped as in the table",
            ),
            (FindingKind::SummaryOmission, false) => (
                "正文遗漏未完成指标",
                "The text leaves out a missed indicator",
            ),
            (FindingKind::SummaryOmission, true) => (
                "正文未遗漏未完成指标",
                "The text lists every missed indicator",
            ),
            (FindingKind::ProseTable, false) => (
                "正文数据与附表不一致",
                "A figure in the text differs from the table",
            ),
            (FindingKind::ProseTable, true) => {
                ("正文数据与附表一致", "Figures in the text match the table")
            }
            (FindingKind::ProseTarget, false) => (
                "正文目标与附表不一致",
                "A target in the text differs from the table",
            ),
            (FindingKind::ProseTarget, true) => {
                ("正文目标与附表一致", "Targets in the text match the table")
            }
            (FindingKind::Sum, false) => ("分项合计不符", "Parts do not add up to the total"),
            (FindingKind::Sum, true) => ("分项合计相符", "Parts add up to the total"),
            (FindingKind::Share, false) => ("比例复算不符", "A stated share does not recompute"),
            (FindingKind::Share, true) => ("比例复算相符", "Stated shares recompute"),
            (FindingKind::SectionCount, false) => {
                ("分组项数不符", "A section's count differs from its rows")
            }
            (FindingKind::SectionCount, true) => {
                ("分组项数相符", "Section counts match their rows")
            }
            (FindingKind::TargetBelowLastActual, false) => (
                "新目标低于上年实际",
                "A new target is below last year's actual",
            ),
            (FindingKind::TargetBelowLastActual, true) => (
                "新目标不低于上年实际",
                "New targets are not below last year's actuals",
            ),
            (FindingKind::BindingMissed, false) => {
                ("约束性指标未完成", "A binding indicator was missed")
            }
            (FindingKind::BindingMissed, true) => {
                ("约束性指标已完成", "Binding indicators were met")
            }
            (FindingKind::SystemChange, false) => (
                "指标体系调整与附表不符",
                "Announced indicator changes differ from the tables",
            ),
            (FindingKind::SystemChange, true) => (
                "指标体系调整与附表相符",
                "Announced indicator changes match the tables",
            ),
            (FindingKind::Incomplete, false) => ("审查不完整", "The review is incomplete"),
            (FindingKind::Incomplete, true) => ("审查完整", "The review is complete"),
            (FindingKind::PrintedVerdict, false) => (
                "附表完成情况标注与判定不一致",
                "A printed verdict differs from the judgement",
            ),
            (FindingKind::PrintedVerdict, true) => (
                "附表完成情况标注与判定一致",
                "Printed verdicts match the judgement",
            ),
            (FindingKind::TargetRealism, false) => (
                "新目标偏离历史、同组或上级",
                "A new target departs from history, peers or the level above",
            ),
            (FindingKind::TargetRealism, true) => (
                "新目标与历史、同组和上级相符",
                "New targets are in line with history, peers and the level above",
            ),
        };
        lang.pick(zh, en)
    }
}

/// A place in the report: its 1-based line and the text there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub line: usize,
    /// The report's line as written, or (for a table row or a table) our Chinese description.
    pub text: String,
    /// Our English description of a table row or table; empty when `text` is the report's own
    /// line, which is quoted as written in both languages (and in reviews saved before English
    /// was written).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text_en: String,
}

impl Span {
    /// The text in `lang`: the report's line as written, or our description in `lang`.
    pub fn text_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.text_en.is_empty() => &self.text_en,
            _ => &self.text,
        }
    }
}

/// One result of the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    /// A check that passed (reported so the reader sees what was verified).
    pub passed: bool,
    /// One or two Chinese sentences. Kept as the Chinese text (not a two-language value) because
    /// a finding's key, under which marks are saved, hashes it.
    pub message: String,
    /// The same facts in English. Reviews saved before English was written have none: they
    /// show the Chinese text ([`Finding::message_in`]).
    #[serde(default)]
    pub message_en: String,
    /// The lines the finding rests on, prose and table.
    pub evidence: Vec<Span>,
}

impl Finding {
    /// The message in `lang` (the Chinese one for an English page of a review saved before
    /// English was written).
    pub fn message_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.message_en.is_empty() => &self.message_en,
            _ => &self.message,
        }
    }
}

/// Reviews a report against itself. Findings come in check order: what the review could not
/// rest on ([`FindingKind::Incomplete`], first, so that a review of a document whose tables
/// could not be read never reads as "no problems found"), summary, prose vs table, printed
/// verdicts, recomputation, targets; within a check, in the order of the report.
pub fn review(reading: &Reading, rules: &Rules) -> Vec<Finding> {
    checks::run(reading, rules)
}

/// The new targets of a report checked against what a database holds of its region (its own
/// five years, its peers, its parent; `planwatch_domain::realism`): one warning per finding,
/// its evidence the report's table row of that target. A check with no finding says so, as a
/// passed check, so that the reader knows the comparison was made.
pub fn target_realism(
    reading: &Reading,
    check: &planwatch_domain::realism::PlanCheck,
) -> Vec<Finding> {
    let row = |name: &str| {
        reading
            .indicators
            .iter()
            .filter(|i| i.year == Some(check.year) && i.name == name)
            .map(checks::row_span)
            .collect::<Vec<_>>()
    };
    let found: Vec<Finding> = check
        .findings()
        .map(|(t, f)| Finding {
            kind: FindingKind::TargetRealism,
            severity: Severity::Warning,
            passed: false,
            message: format!("{}：{}", t.name, f.zh),
            message_en: format!("“{}”: {}", t.name, f.en),
            evidence: row(&t.name),
        })
        .collect();
    if !found.is_empty() {
        return found;
    }
    let compared = check.checks.iter().filter(|t| t.skipped.is_none()).count();
    vec![Finding {
        kind: FindingKind::TargetRealism,
        severity: Severity::Info,
        passed: true,
        message: format!(
            "{}年{}项有数值的目标已对照{}的历史、同组与上级，未发现明显偏离。",
            check.year, compared, check.region
        ),
        message_en: format!(
            "{} for {} {} checked against {}'s own history, its peers and the level above; \
             none departs markedly.",
            planwatch_domain::lang::count_en(compared, "numeric target", "numeric targets"),
            check.year,
            if compared == 1 { "was" } else { "were" },
            check.region
        ),
        evidence: Vec::new(),
    }]
}

/// The review of a file that could not be read at all (`reason` says why): one
/// [`FindingKind::Incomplete`] error, so that every front end shows the same thing.
pub fn unreadable(reason: &str) -> Vec<Finding> {
    unreadable_because(reason, reason)
}

/// [`unreadable`] with the reason in each language.
pub fn unreadable_because(reason_zh: &str, reason_en: &str) -> Vec<Finding> {
    vec![Finding {
        kind: FindingKind::Incomplete,
        severity: Severity::Error,
        passed: false,
        message: format!("无法读取该文件，未能进行审查：{reason_zh}"),
        message_en: format!("The file could not be read, so it was not reviewed: {reason_en}"),
        evidence: Vec::new(),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_cjk(c: char) -> bool {
        matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
    }

    /// The Chinese characters of an English sentence once the texts it quotes (“…”) are taken
    /// out: none should be left.
    fn chinese_outside_quotes(s: &str) -> String {
        planwatch_domain::lang::outside_quotes(s)
            .chars()
            .filter(|c| is_cjk(*c))
            .collect()
    }

    #[test]
    fn a_finding_saved_before_english_still_loads() {
        // The shape saved before findings carried English: `message` alone, spans without
        // `text_en`.
        let old = r#"[{"kind":"prose_table","severity":"warning","passed":false,
            "message":"正文称地区生产总值“增长6.5%”，两者不一致。",
            "evidence":[{"line":4,"text":"地区生产总值增长6.5%。"}]}]"#;
        let f: Vec<Finding> = serde_json::from_str(old).expect("the old shape loads");
        assert_eq!(f[0].message, "正文称地区生产总值“增长6.5%”，两者不一致。");
        assert!(f[0].message_en.is_empty());
        // With no English saved, both languages show the Chinese text.
        assert_eq!(f[0].message_in(Lang::En), f[0].message);
        assert_eq!(f[0].evidence[0].text_in(Lang::En), "地区生产总值增长6.5%。");
        // And a finding saved now reads back the same.
        let new = Finding {
            message_en: "The text says …".into(),
            ..f[0].clone()
        };
        let back: Finding =
            serde_json::from_str(&serde_json::to_string(&new).expect("encode")).expect("decode");
        assert_eq!(back, new);
        assert_eq!(back.message_in(Lang::En), "The text says …");
    }

    /// A report whose prose says GDP grew 6.5% while its table gives 6.1%.
    const DISCREPANT: &str = "一、2023年计划执行情况\n地区生产总值增长6.5%，城镇新增就业2.2万人。\n\
        附件1\n2023年主要指标完成情况\n\
        \t序号\n\t指标名称\n\t2023年预期目标\n\t实际完成\n\n\
        \t1\n\t地区生产总值增速（%）\n\t6以上\n\t6.1\n\n\
        \t2\n\t城镇新增就业人数（万人）\n\t2\n\t2.2\n";

    #[test]
    fn english_findings_state_the_same_figures_in_english() {
        let findings = review(&planwatch_reader::read_text(DISCREPANT), &Rules::default());
        let f = findings
            .iter()
            .find(|f| f.kind == FindingKind::ProseTable && !f.passed)
            .expect("the 6.5% against 6.1% finding");
        // The Chinese is as it was.
        assert!(
            f.message.starts_with("正文称地区生产总值“"),
            "{}",
            f.message
        );
        let en = &f.message_en;
        for figure in ["6.5%", "6.1", "0.4 percentage points"] {
            assert!(en.contains(figure), "{figure} in {en}");
        }
        assert!(en.contains("“地区生产总值"), "{en}");
        assert!(chinese_outside_quotes(en).is_empty(), "{en}");
        // Every finding has English, Chinese only where it quotes the report.
        for f in &findings {
            assert!(!f.message_en.is_empty(), "{:?}: {}", f.kind, f.message);
            assert!(
                chinese_outside_quotes(&f.message_en).is_empty(),
                "{:?}: {}",
                f.kind,
                f.message_en
            );
            for e in &f.evidence {
                assert!(
                    chinese_outside_quotes(&e.text_en).is_empty(),
                    "{:?}: {}",
                    f.kind,
                    e.text_en
                );
            }
        }
    }

    #[test]
    fn an_unreadable_file_is_told_in_both_languages() {
        let f = unreadable("input is empty");
        assert_eq!(f[0].message, "无法读取该文件，未能进行审查：input is empty");
        assert_eq!(
            f[0].message_in(Lang::En),
            "The file could not be read, so it was not reviewed: input is empty"
        );
    }
}
