//! Livelihood projects (民生实事): candidates, the deputies' vote (票决), progress against
//! targets and the year-end satisfaction rating.
//!
//! The government proposes candidates ([`Candidate`]), deputies cast [`Ballot`]s — either a
//! mark per candidate (赞成/反对/弃权) or a selection of up to N candidates — and [`tally`]
//! counts them and adopts candidates by a [`TallyRule`]. Nothing is dropped silently: invalid
//! ballots come back with their reasons, and a tie at the last seat is reported, not broken.
//!
//! After adoption, [`assess`] compares each project's completion value with its target
//! (done / exceeded / behind / not started), and [`satisfaction`] counts the deputies'
//! year-end ratings.

use crate::lang::Lang;
use crate::projects::labelled_enum;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use thiserror::Error;

labelled_enum! {
    /// The theme a candidate serves (the "四宜" of Jiangbei's plan).
    pub enum Theme ("民生实事类别") {
        /// 宜居
        Livable = "宜居" | "宜居示范" => "Good to live in",
        /// 宜业
        Work = "宜业" | "宜业示范" => "Good to work in",
        /// 宜游
        Leisure = "宜游" | "宜游示范" => "Good to visit",
        /// 宜育
        Nurture = "宜育" | "宜育示范" => "Good to raise children in",
    }
}

labelled_enum! {
    /// A deputy's mark on one candidate.
    pub enum Vote ("表决意见") {
        For = "赞成" | "同意" => "For",
        Against = "反对" | "不同意" => "Against",
        Abstain = "弃权" => "Abstain",
    }
}

labelled_enum! {
    /// Where an adopted project stands against its target.
    pub enum ProgressState ("完成情况") {
        /// No completion reported yet, or zero.
        NotStarted = "未开始" | "未启动" => "Not started",
        /// Some done, short of the target.
        Behind = "未完成" | "滞后" => "Short of the target",
        /// Exactly the target.
        Done = "完成" | "已完成" => "Done",
        /// Above the target (超额完成).
        Exceeded = "超额完成" => "Exceeded",
        /// The candidate has no quantified target to compare with.
        Unmeasured = "无量化目标" => "No measurable target",
    }
}

labelled_enum! {
    /// The deputies' year-end rating of a project.
    pub enum Rating ("满意度") {
        Satisfied = "满意" => "Satisfied",
        BasicallySatisfied = "基本满意" => "Basically satisfied",
        Dissatisfied = "不满意" => "Dissatisfied",
    }
}

/// A proposed livelihood project (sheet 民生实事候选).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// 序号: the order on the ballot paper; also the final tie-free ordering key.
    pub seq: u32,
    /// 项目名称, unique within a list; ballots refer to candidates by it.
    pub name: String,
    pub theme: Theme,
    /// 目标任务, as written ("新增公共停车位2000个").
    pub target_task: String,
    /// 目标值: the quantified target, when there is one.
    #[serde(default, with = "rust_decimal::serde::str_option")]
    pub target_value: Option<Decimal>,
    /// 单位 of the target ("个", "台").
    #[serde(default)]
    pub unit: String,
    /// 预算（万元）
    #[serde(default, with = "rust_decimal::serde::str_option")]
    pub budget_wan: Option<Decimal>,
    /// 责任单位
    #[serde(default)]
    pub responsible_unit: String,
}

/// A mark for one candidate on a per-candidate ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// The candidate's name.
    pub candidate: String,
    pub vote: Vote,
}

/// What a ballot paper holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "choices", rename_all = "snake_case")]
pub enum Choices {
    /// 赞成/反对/弃权 per candidate; a candidate without a mark is counted as unmarked.
    PerCandidate(Vec<Mark>),
    /// Up to N candidates picked (选择式); each pick is an approval, the rest are unmarked.
    Selection(Vec<String>),
}

/// One deputy's ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    /// 代表编号
    pub deputy: String,
    pub choices: Choices,
}

/// How candidates are adopted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TallyRule {
    /// N: how many projects are adopted at most.
    pub seats: usize,
    /// Most picks allowed on a selection ballot; `None` means `seats`.
    #[serde(default)]
    pub max_selections: Option<usize>,
    /// Deputies present, when the session's roll call gives it. `None` means every ballot
    /// cast, valid or not: a deputy who spoilt a ballot was still present. The majority is
    /// "more than half of present".
    #[serde(default)]
    pub present: Option<usize>,
}

impl TallyRule {
    /// The default rule with `seats` seats.
    pub fn seats(seats: usize) -> Self {
        TallyRule {
            seats,
            max_selections: None,
            present: None,
        }
    }
}

/// Why a ballot does not count.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum InvalidReason {
    #[error("空白票")]
    Blank,
    #[error("缺少代表编号")]
    MissingDeputy,
    /// Every ballot of a repeated deputy id is invalid: there is no telling which is genuine.
    #[error("代表编号{deputy}重复投票")]
    DuplicateDeputy { deputy: String },
    #[error("候选项目“{name}”不在候选名单中")]
    UnknownCandidate { name: String },
    #[error("候选项目“{name}”在同一张选票上出现多次")]
    DuplicateCandidate { name: String },
    #[error("选择了{picked}项，超过最多{max}项")]
    TooManySelections { picked: usize, max: usize },
}

impl InvalidReason {
    /// The reason in `lang` (the Chinese one is its `Display`).
    pub fn text(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::Zh, r) => r.to_string(),
            (Lang::En, InvalidReason::Blank) => "blank ballot".into(),
            (Lang::En, InvalidReason::MissingDeputy) => "no deputy number".into(),
            (Lang::En, InvalidReason::DuplicateDeputy { deputy }) => {
                format!("deputy number {deputy} voted more than once")
            }
            (Lang::En, InvalidReason::UnknownCandidate { name }) => {
                format!("“{name}” is not on the list of candidates")
            }
            (Lang::En, InvalidReason::DuplicateCandidate { name }) => {
                format!("“{name}” appears more than once on the ballot")
            }
            (Lang::En, InvalidReason::TooManySelections { picked, max }) => {
                format!("{picked} picked, more than the {max} allowed")
            }
        }
    }
}

/// Something odd about a vote that invalidates nothing but is worth a look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TallyWarning {
    /// More ballots were cast than deputies were present.
    MoreBallotsThanPresent { ballots: usize, present: usize },
    /// Two candidates have the same name (ignoring spaces).
    DuplicateCandidateNames,
}

impl TallyWarning {
    /// The warning in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::Zh, TallyWarning::MoreBallotsThanPresent { ballots, present }) => {
                format!("投票数{ballots}超过出席人数{present}")
            }
            (Lang::En, TallyWarning::MoreBallotsThanPresent { ballots, present }) => {
                format!("{ballots} ballots cast, more than the {present} deputies present")
            }
            (Lang::Zh, TallyWarning::DuplicateCandidateNames) => "候选名单中有重名项目".into(),
            (Lang::En, TallyWarning::DuplicateCandidateNames) => {
                "two candidates on the list have the same name".into()
            }
        }
    }
}

impl std::fmt::Display for TallyWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::Zh))
    }
}

/// A ballot that does not count, with every reason found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvalidBallot {
    /// Position in the ballots given to [`tally`] (0-based).
    pub index: usize,
    pub deputy: String,
    pub reasons: Vec<InvalidReason>,
}

/// One candidate's counts. For every candidate,
/// `for + against + abstain + unmarked == valid_ballots`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateTally {
    pub seq: u32,
    pub name: String,
    #[serde(rename = "for")]
    pub for_votes: usize,
    pub against: usize,
    pub abstain: usize,
    /// Valid ballots without a mark for this candidate (blank cell, or not picked).
    pub unmarked: usize,
    /// Approved by more than half of the deputies present.
    pub majority: bool,
}

/// Candidates tying for the last seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tie {
    /// The approvals each of them has.
    pub votes: usize,
    /// Their names, by seq.
    pub candidates: Vec<String>,
    /// The seats they compete for.
    pub seats_left: usize,
}

/// The result of a vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub seats: usize,
    pub ballots_cast: usize,
    pub valid_ballots: usize,
    /// The base of the majority ([`TallyRule::present`]).
    pub present: usize,
    /// Approvals a candidate needs: more than half of `present`.
    pub majority_needed: usize,
    /// Every candidate, by seq.
    pub candidates: Vec<CandidateTally>,
    pub invalid: Vec<InvalidBallot>,
    /// Adopted candidates' names, by approvals (desc) then seq. Fewer than `seats` when
    /// too few have a majority or when a tie at the cut-off leaves seats open.
    pub adopted: Vec<String>,
    /// Candidates tying for the last seats: none of them is adopted until the tie is
    /// resolved (a run-off, or a decision of the presidium).
    pub tie: Option<Tie>,
    /// Oddities worth a look that do not invalidate anything (e.g. more ballots than present).
    pub warnings: Vec<TallyWarning>,
}

fn norm_name(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Counts the ballots and adopts candidates by `rule`.
///
/// A ballot is invalid — and counted for nothing — when it is blank, lacks a deputy id,
/// shares its deputy id with another ballot, names an unknown candidate, names a candidate
/// twice, or picks more than the allowed number. Candidate names match ignoring whitespace.
///
/// Adoption: among candidates with a majority (`for × 2 > present`), those with the most
/// approvals, up to `seats`; equal approvals are ordered by seq. If candidates tie across the
/// cut-off, all of them are left out of `adopted` and reported in `tie`.
pub fn tally(candidates: &[Candidate], ballots: &[Ballot], rule: &TallyRule) -> Tally {
    let mut order: Vec<&Candidate> = candidates.iter().collect();
    order.sort_by_key(|c| c.seq);
    let index: HashMap<String, usize> = order
        .iter()
        .enumerate()
        .map(|(i, c)| (norm_name(&c.name), i))
        .collect();
    let max_sel = rule.max_selections.unwrap_or(rule.seats);

    let mut deputy_count: HashMap<String, usize> = HashMap::new();
    for b in ballots {
        let id = b.deputy.trim();
        if !id.is_empty() {
            *deputy_count.entry(id.to_string()).or_default() += 1;
        }
    }

    // counts[i] = [for, against, abstain]
    let mut counts = vec![[0usize; 3]; order.len()];
    let mut invalid = Vec::new();
    let mut valid = 0usize;
    for (bi, b) in ballots.iter().enumerate() {
        let mut reasons = Vec::new();
        let id = b.deputy.trim();
        if id.is_empty() {
            reasons.push(InvalidReason::MissingDeputy);
        } else if deputy_count.get(id).copied().unwrap_or(0) > 1 {
            reasons.push(InvalidReason::DuplicateDeputy {
                deputy: id.to_string(),
            });
        }
        let marks: Vec<(&str, Vote)> = match &b.choices {
            Choices::PerCandidate(m) => m.iter().map(|m| (m.candidate.as_str(), m.vote)).collect(),
            Choices::Selection(picks) => {
                if picks.len() > max_sel {
                    reasons.push(InvalidReason::TooManySelections {
                        picked: picks.len(),
                        max: max_sel,
                    });
                }
                picks.iter().map(|p| (p.as_str(), Vote::For)).collect()
            }
        };
        if marks.is_empty() {
            reasons.push(InvalidReason::Blank);
        }
        let mut seen = HashSet::new();
        let mut resolved = Vec::with_capacity(marks.len());
        for (name, vote) in marks {
            let key = norm_name(name);
            match index.get(&key) {
                None => reasons.push(InvalidReason::UnknownCandidate {
                    name: name.trim().to_string(),
                }),
                Some(&i) => {
                    if !seen.insert(i) {
                        reasons.push(InvalidReason::DuplicateCandidate {
                            name: name.trim().to_string(),
                        });
                    }
                    resolved.push((i, vote));
                }
            }
        }
        if reasons.is_empty() {
            valid += 1;
            for (i, vote) in resolved {
                let slot = match vote {
                    Vote::For => 0,
                    Vote::Against => 1,
                    Vote::Abstain => 2,
                };
                counts[i][slot] += 1;
            }
        } else {
            invalid.push(InvalidBallot {
                index: bi,
                deputy: id.to_string(),
                reasons,
            });
        }
    }

    let present = rule.present.unwrap_or(ballots.len());
    let majority_needed = present / 2 + 1;
    let mut warnings = Vec::new();
    if present < ballots.len() {
        warnings.push(TallyWarning::MoreBallotsThanPresent {
            ballots: ballots.len(),
            present,
        });
    }
    let tallies: Vec<CandidateTally> = order
        .iter()
        .zip(&counts)
        .map(|(c, [f, a, ab])| CandidateTally {
            seq: c.seq,
            name: c.name.clone(),
            for_votes: *f,
            against: *a,
            abstain: *ab,
            unmarked: valid.saturating_sub(f + a + ab),
            majority: f * 2 > present,
        })
        .collect();

    let mut eligible: Vec<&CandidateTally> = tallies.iter().filter(|t| t.majority).collect();
    eligible.sort_by(|x, y| y.for_votes.cmp(&x.for_votes).then(x.seq.cmp(&y.seq)));
    let mut tie = None;
    let adopted: Vec<String> = if eligible.len() <= rule.seats {
        eligible.iter().map(|t| t.name.clone()).collect()
    } else if rule.seats == 0 {
        Vec::new()
    } else {
        let cut = eligible[rule.seats - 1].for_votes;
        if eligible[rule.seats].for_votes == cut {
            let above: Vec<String> = eligible
                .iter()
                .filter(|t| t.for_votes > cut)
                .map(|t| t.name.clone())
                .collect();
            let mut tied: Vec<&&CandidateTally> =
                eligible.iter().filter(|t| t.for_votes == cut).collect();
            tied.sort_by_key(|t| t.seq);
            tie = Some(Tie {
                votes: cut,
                candidates: tied.iter().map(|t| t.name.clone()).collect(),
                seats_left: rule.seats - above.len(),
            });
            above
        } else {
            eligible[..rule.seats]
                .iter()
                .map(|t| t.name.clone())
                .collect()
        }
    };
    if candidates.len() != index.len() {
        warnings.push(TallyWarning::DuplicateCandidateNames);
    }

    Tally {
        seats: rule.seats,
        ballots_cast: ballots.len(),
        valid_ballots: valid,
        present,
        majority_needed,
        candidates: tallies,
        invalid,
        adopted,
        tie,
        warnings,
    }
}

/// A completion report for an adopted project (sheet 民生实事进度).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LivelihoodProgress {
    /// 项目名称, matching a candidate.
    pub name: String,
    /// 完成值, in the candidate's unit.
    #[serde(default, with = "rust_decimal::serde::str_option")]
    pub completed_value: Option<Decimal>,
    /// 完成情况说明
    #[serde(default)]
    pub note: String,
}

/// Where a project stands against its target.
pub fn assess(candidate: &Candidate, progress: Option<&LivelihoodProgress>) -> ProgressState {
    let done = progress.and_then(|p| p.completed_value);
    match (candidate.target_value, done) {
        (None, _) => ProgressState::Unmeasured,
        (_, None) => ProgressState::NotStarted,
        (_, Some(v)) if v <= Decimal::ZERO => ProgressState::NotStarted,
        (Some(t), Some(v)) if v > t => ProgressState::Exceeded,
        (Some(t), Some(v)) if v == t => ProgressState::Done,
        _ => ProgressState::Behind,
    }
}

/// One line of the progress table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressLine {
    pub name: String,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub target_value: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub completed_value: Option<Decimal>,
    pub unit: String,
    /// completed / target, when both are known and the target is positive.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub ratio: Option<Decimal>,
    pub state: ProgressState,
    pub note: String,
}

/// The progress of each of `projects` (normally the adopted ones), in their order; a project
/// without a report is not started. Progress rows naming no project are returned second, so
/// they can be reported rather than lost.
pub fn progress_report(
    projects: &[Candidate],
    progress: &[LivelihoodProgress],
) -> (Vec<ProgressLine>, Vec<String>) {
    let by_name: HashMap<String, &LivelihoodProgress> =
        progress.iter().map(|p| (norm_name(&p.name), p)).collect();
    let known: HashSet<String> = projects.iter().map(|c| norm_name(&c.name)).collect();
    let lines = projects
        .iter()
        .map(|c| {
            let p = by_name.get(&norm_name(&c.name)).copied();
            let completed_value = p.and_then(|p| p.completed_value);
            ProgressLine {
                name: c.name.clone(),
                target_value: c.target_value,
                completed_value,
                unit: c.unit.clone(),
                ratio: c
                    .target_value
                    .filter(|t| *t > Decimal::ZERO)
                    .zip(completed_value)
                    .and_then(|(t, v)| v.checked_div(t))
                    .map(|r| r.round_dp(6)),
                state: assess(c, p),
                note: p.map(|p| p.note.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let orphans = progress
        .iter()
        .filter(|p| !known.contains(&norm_name(&p.name)))
        .map(|p| p.name.clone())
        .collect();
    (lines, orphans)
}

/// Counts of the year-end ratings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Satisfaction {
    pub satisfied: usize,
    pub basically_satisfied: usize,
    pub dissatisfied: usize,
    pub total: usize,
    /// 满意率 = (满意 + 基本满意) / total, as common practice counts it; `None` without ratings.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub rate: Option<Decimal>,
}

/// Counts ratings.
pub fn satisfaction(ratings: impl IntoIterator<Item = Rating>) -> Satisfaction {
    let mut s = Satisfaction::default();
    for r in ratings {
        s.total += 1;
        match r {
            Rating::Satisfied => s.satisfied += 1,
            Rating::BasicallySatisfied => s.basically_satisfied += 1,
            Rating::Dissatisfied => s.dissatisfied += 1,
        }
    }
    if s.total > 0 {
        s.rate = Decimal::from(s.satisfied + s.basically_satisfied)
            .checked_div(Decimal::from(s.total))
            .map(|r| r.round_dp(6));
    }
    s
}

/// Ratings per project: `(project name, rating)` pairs → counts by project name.
pub fn satisfaction_by_project<'a>(
    ratings: impl IntoIterator<Item = (&'a str, Rating)>,
) -> BTreeMap<String, Satisfaction> {
    let mut grouped: BTreeMap<String, Vec<Rating>> = BTreeMap::new();
    for (name, r) in ratings {
        grouped.entry(name.trim().to_string()).or_default().push(r);
    }
    grouped
        .into_iter()
        .map(|(k, v)| (k, satisfaction(v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn cand(seq: u32, name: &str) -> Candidate {
        Candidate {
            seq,
            name: name.to_string(),
            theme: Theme::Livable,
            target_task: String::new(),
            target_value: None,
            unit: String::new(),
            budget_wan: None,
            responsible_unit: String::new(),
        }
    }

    fn per(deputy: &str, marks: &[(&str, Vote)]) -> Ballot {
        Ballot {
            deputy: deputy.to_string(),
            choices: Choices::PerCandidate(
                marks
                    .iter()
                    .map(|(c, v)| Mark {
                        candidate: c.to_string(),
                        vote: *v,
                    })
                    .collect(),
            ),
        }
    }

    fn sel(deputy: &str, picks: &[&str]) -> Ballot {
        Ballot {
            deputy: deputy.to_string(),
            choices: Choices::Selection(picks.iter().map(|s| s.to_string()).collect()),
        }
    }

    use Vote::{Abstain as N, Against as A, For as F};

    #[test]
    fn adopts_the_most_approved_with_a_majority() {
        let cs = [
            cand(1, "停车位"),
            cand(2, "加装电梯"),
            cand(3, "养老站"),
            cand(4, "幼儿园"),
        ];
        let ballots = vec![
            per(
                "D1",
                &[("停车位", F), ("加装电梯", F), ("养老站", A), ("幼儿园", N)],
            ),
            per(
                "D2",
                &[("停车位", F), ("加装电梯", F), ("养老站", F), ("幼儿园", A)],
            ),
            per("D3", &[("停车位", F), ("加装电梯", A), ("养老站", F)]),
            per(
                "D4",
                &[("停车位", A), ("加装电梯", F), ("养老站", F), ("幼儿园", F)],
            ),
            per(
                "D5",
                &[("停车位", F), ("加装电梯", F), ("养老站", A), ("幼儿园", A)],
            ),
        ];
        let t = tally(&cs, &ballots, &TallyRule::seats(2));
        assert_eq!(t.majority_needed, 3);
        assert_eq!(t.adopted, vec!["停车位", "加装电梯"]);
        assert_eq!(t.tie, None);
        let c3 = &t.candidates[3];
        assert_eq!(
            (c3.for_votes, c3.against, c3.abstain, c3.unmarked),
            (1, 2, 1, 1)
        );
        // Three seats: 养老站 has 3 of 5, a majority.
        let t = tally(&cs, &ballots, &TallyRule::seats(3));
        assert_eq!(t.adopted, vec!["停车位", "加装电梯", "养老站"]);
    }

    #[test]
    fn a_tie_at_the_cut_off_is_reported_not_broken() {
        let cs = [cand(1, "甲"), cand(2, "乙"), cand(3, "丙")];
        let ballots = vec![
            sel("1", &["甲", "乙"]),
            sel("2", &["甲", "丙"]),
            sel("3", &["甲", "乙", "丙"]),
            sel("4", &["甲", "乙", "丙"]),
        ];
        let rule = TallyRule {
            seats: 2,
            max_selections: Some(3),
            present: None,
        };
        let t = tally(&cs, &ballots, &rule);
        assert_eq!(t.adopted, vec!["甲"]);
        let tie = t.tie.unwrap();
        assert_eq!(tie.candidates, vec!["乙", "丙"]);
        assert_eq!((tie.votes, tie.seats_left), (3, 1));
    }

    #[test]
    fn invalid_ballots_are_reported_with_reasons() {
        let cs = [cand(1, "甲"), cand(2, "乙")];
        let ballots = vec![
            sel("1", &["甲"]),
            sel("2", &["甲", "乙", "甲"]),
            sel("3", &["丁"]),
            sel("4", &[]),
            sel("5", &["甲"]),
            sel("5", &["乙"]),
            sel(" ", &["乙"]),
        ];
        let t = tally(&cs, &ballots, &TallyRule::seats(1));
        assert_eq!(t.valid_ballots, 1);
        let reasons: Vec<_> = t
            .invalid
            .iter()
            .map(|i| (i.index, i.reasons.clone()))
            .collect();
        assert_eq!(
            reasons,
            vec![
                (
                    1,
                    vec![
                        InvalidReason::TooManySelections { picked: 3, max: 1 },
                        InvalidReason::DuplicateCandidate { name: "甲".into() }
                    ]
                ),
                (
                    2,
                    vec![InvalidReason::UnknownCandidate { name: "丁".into() }]
                ),
                (3, vec![InvalidReason::Blank]),
                (
                    4,
                    vec![InvalidReason::DuplicateDeputy { deputy: "5".into() }]
                ),
                (
                    5,
                    vec![InvalidReason::DuplicateDeputy { deputy: "5".into() }]
                ),
                (6, vec![InvalidReason::MissingDeputy]),
            ]
        );
        // Present = 7 ballots cast: 1 approval is no majority.
        assert_eq!(t.present, 7);
        assert!(t.adopted.is_empty());
        assert_eq!(InvalidReason::Blank.to_string(), "空白票");
    }

    #[test]
    fn progress_states_and_satisfaction() {
        let mut c = cand(1, "新增公共停车位");
        c.target_value = Some(Decimal::from(2000));
        let p = |v: Option<i64>| LivelihoodProgress {
            name: "新增公共停车位".into(),
            completed_value: v.map(Decimal::from),
            note: String::new(),
        };
        assert_eq!(assess(&c, Some(&p(Some(2556)))), ProgressState::Exceeded);
        assert_eq!(assess(&c, Some(&p(Some(2000)))), ProgressState::Done);
        assert_eq!(assess(&c, Some(&p(Some(1500)))), ProgressState::Behind);
        assert_eq!(assess(&c, Some(&p(None))), ProgressState::NotStarted);
        assert_eq!(assess(&c, None), ProgressState::NotStarted);
        let (lines, orphans) = progress_report(
            &[c],
            &[
                p(Some(2556)),
                LivelihoodProgress {
                    name: "别的".into(),
                    completed_value: None,
                    note: String::new(),
                },
            ],
        );
        assert_eq!(lines[0].ratio, Some(Decimal::from_str("1.278").unwrap()));
        assert_eq!(orphans, vec!["别的"]);

        let s = satisfaction([
            Rating::Satisfied,
            Rating::Satisfied,
            Rating::BasicallySatisfied,
            Rating::Dissatisfied,
        ]);
        assert_eq!(
            (s.satisfied, s.basically_satisfied, s.dissatisfied, s.total),
            (2, 1, 1, 4)
        );
        assert_eq!(s.rate, Some(Decimal::from_str("0.75").unwrap()));
        assert_eq!(Rating::parse("基本满意"), Some(Rating::BasicallySatisfied));
    }

    #[test]
    fn json_shape_has_for_and_adopted() {
        let cs = [cand(1, "甲")];
        let t = tally(&cs, &[sel("1", &["甲"])], &TallyRule::seats(1));
        let v = serde_json::to_value(&t).unwrap();
        assert_eq!(v["adopted"][0], "甲");
        assert_eq!(v["candidates"][0]["for"], 1);
        assert_eq!(v["candidates"][0]["name"], "甲");
    }

    fn arb_ballot(n: usize) -> impl Strategy<Value = Ballot> {
        let marks = proptest::collection::vec((0..n + 1, 0usize..3), 0..n + 2);
        let picks = proptest::collection::vec(0..n + 1, 0..n + 2);
        (0u8..12, any::<bool>(), marks, picks).prop_map(move |(d, per_cand, marks, picks)| {
            let name = |i: usize| {
                if i == n {
                    "未知".to_string()
                } else {
                    format!("候选{i}")
                }
            };
            Ballot {
                deputy: format!("D{d}"),
                choices: if per_cand {
                    Choices::PerCandidate(
                        marks
                            .into_iter()
                            .map(|(i, v)| Mark {
                                candidate: name(i),
                                vote: Vote::ALL[v],
                            })
                            .collect(),
                    )
                } else {
                    Choices::Selection(picks.into_iter().map(name).collect())
                },
            }
        })
    }

    proptest! {
        #[test]
        fn counts_add_up_and_seats_are_respected(
            n in 1usize..8,
            seats in 0usize..6,
            ballots in proptest::collection::vec(arb_ballot(7), 0..30),
        ) {
            let cs: Vec<Candidate> = (0..n).map(|i| cand(i as u32 + 1, &format!("候选{i}"))).collect();
            let t = tally(&cs, &ballots, &TallyRule::seats(seats));
            prop_assert_eq!(t.valid_ballots + t.invalid.len(), ballots.len());
            for c in &t.candidates {
                prop_assert_eq!(c.for_votes + c.against + c.abstain + c.unmarked, t.valid_ballots);
            }
            prop_assert!(t.adopted.len() <= seats);
            for name in &t.adopted {
                let c = t.candidates.iter().find(|c| &c.name == name).unwrap();
                prop_assert!(c.majority);
            }
            if let Some(tie) = &t.tie {
                prop_assert!(tie.candidates.len() > tie.seats_left);
                prop_assert_eq!(t.adopted.len() + tie.seats_left, seats);
                prop_assert!(tie.candidates.iter().all(|c| !t.adopted.contains(c)));
            }
        }
    }
}
