//! Fixed-phrase figures of a paragraph: key projects, livelihood projects, statements about
//! how many indicators were met, announced changes to the indicator system, and
//! part-of-whole percentages. All patterns run on the normalised paragraph (ASCII punctuation,
//! simplified characters), so full-width and traditional originals read the same.

use crate::model::{
    CategoryFigures, Fig, LivelihoodFigures, NamedIndicator, Phase, ProjectFigures, ShareStatement,
    SummaryClaim, SummaryGroup, SystemChange, SystemChangeKind,
};
use regex::{Captures, Regex};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::LazyLock;

const NUM: &str = r"[0-9]+(?:\.[0-9]+)?";

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file; a bad one is a programming error caught by the
    // unit tests, never by input.
    Regex::new(&pattern.replace("{NUM}", NUM)).expect("valid built-in pattern")
}

fn fig(caps: &Captures<'_>, value: usize, unit: &str, line: usize) -> Option<Fig> {
    let v = Decimal::from_str(caps.get(value)?.as_str()).ok()?;
    Some(Fig {
        value: v,
        unit: unit.to_string(),
        text: caps.get(0)?.as_str().to_string(),
        line,
    })
}

fn fig_u(caps: &Captures<'_>, value: usize, unit: usize, line: usize) -> Option<Fig> {
    let u = caps.get(unit).map(|m| m.as_str()).unwrap_or("");
    fig(caps, value, u, line)
}

/// Whether a paragraph may hold key-project figures.
pub(crate) fn mentions_projects(norm: &str) -> bool {
    norm.contains("重点项目") || norm.contains("重点建设项目") || norm.contains("开工率")
}

static CATEGORY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"((?:区级|市级|县级|省级)?(?:社会投资|政府投资|民间投资|产业投资))(?:类)?重点(?:建设)?项目([0-9]+)(?:个|项)",
    )
});
static COUNT_A: LazyLock<Regex> =
    LazyLock::new(|| re(r"([0-9]+)(?:个|项)[^,;。、()]{0,8}?重点(?:建设)?项目"));
static COUNT_B: LazyLock<Regex> = LazyLock::new(|| re(r"重点(?:建设)?项目([0-9]+)(?:个|项)"));
static TOTAL: LazyLock<Regex> = LazyLock::new(|| re(r"总投资(?:约|近|超|达)?({NUM})(亿元|万元)"));
static ANNUAL: LazyLock<Regex> =
    LazyLock::new(|| re(r"年度(?:计划投资|投资计划|计划|投资)(?:为|达|约)?({NUM})(亿元|万元)"));
static COMPLETED: LazyLock<Regex> =
    LazyLock::new(|| re(r"完成投资(?:额)?(?:达|约|近)?({NUM})(亿元|万元)"));
static GROWTH: LazyLock<Regex> = LazyLock::new(|| re(r"^[^。;]{0,40}?同比增长({NUM})%"));
static GROWTH_AMOUNT: LazyLock<Regex> =
    LazyLock::new(|| re(r"较(?:去年|上年)同期(?:增长|增加)({NUM})(亿元|万元)"));
static PLAN_SHARE: LazyLock<Regex> =
    LazyLock::new(|| re(r"为年度(?:投资)?计划(?:投资)?(?:{NUM}(?:亿元|万元))?的({NUM})%"));
static TIME_GAP: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(超过|快于|高于|领先|低于|慢于|落后于?)(?:序时|时间)进度({NUM})个百分点")
});
static MONTHS: LazyLock<Regex> = LazyLock::new(|| re(r"([0-9]{1,2})[-~至到]([0-9]{1,2})月"));
static START_RATE: LazyLock<Regex> = LazyLock::new(|| re(r"开工率(?:达到|达|为)?({NUM})%"));
static NEW_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:([0-9]+)个新(?:建|开工)[^,;。]{0,4}?项目|新(?:建|开工)项目([0-9]+)(?:个|项))")
});
static NEW_PLANNED: LazyLock<Regex> = LazyLock::new(|| re(r"计划新开工(?:项目)?([0-9]+)(?:个|项)"));
static NEW_STARTED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:实际)?已?(?:新)?开工(?:项目)?([0-9]+)(?:个|项)"));
static STARTED_ALL: LazyLock<Regex> = LazyLock::new(|| re(r"^[^,;。]{0,6}实现(?:全部)?开工"));
static CONT_COUNT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:([0-9]+)个续建[^,;。]{0,4}?项目|续建项目([0-9]+)(?:个|项))"));
static PROGRESS: LazyLock<Regex> = LazyLock::new(|| re(r"投资进度(?:达到|达|为)?({NUM})%"));
static NEW_AND_CONT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:续建和新建|新建和续建|新开工和续建|续建和新开工|新建及续建|续建及新建)项目([0-9]+)(?:个|项)",
    )
});
static PREP_COUNT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:([0-9]+)个前期[^,;。]{0,4}?项目|前期项目([0-9]+)(?:个|项))"));
static DONE_PROJECTS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:([0-9]+)个项目(?:建成|竣工|完工)|(?:建成|竣工|完工)(?:投用)?(?:项目)?([0-9]+)个)")
});

fn first_fig(r: &Regex, text: &str, value: usize, unit: &str, line: usize) -> Option<Fig> {
    r.captures(text).and_then(|c| fig(&c, value, unit, line))
}

fn alt_fig(r: &Regex, text: &str, unit: &str, line: usize) -> Option<Fig> {
    let c = r.captures(text)?;
    let g = if c.get(1).is_some() { 1 } else { 2 };
    fig(&c, g, unit, line)
}

/// Key-project figures of one paragraph, or `None` when it states too little to be a
/// key-project paragraph (a lone "实施医疗重点项目14个").
pub(crate) fn projects(
    norm: &str,
    line: usize,
    year: Option<i32>,
    plan: bool,
    orig: &str,
) -> Option<ProjectFigures> {
    let mut pf = ProjectFigures {
        year,
        plan: plan || norm.contains("拟安排"),
        months: None,
        count: None,
        total_investment: None,
        annual_plan: None,
        completed: None,
        growth: None,
        growth_amount: None,
        plan_share: None,
        time_gap: None,
        start_rate: None,
        phases: Vec::new(),
        categories: Vec::new(),
        line,
        text: orig.trim().to_string(),
    };
    // Category scopes: from each "社会投资重点项目80个" to the next.
    let cats: Vec<(usize, usize, Captures<'_>)> = CATEGORY
        .captures_iter(norm)
        .filter_map(|c| c.get(0).map(|m| (m.start(), m.end(), c)))
        .collect();
    let top_end = cats.first().map(|c| c.0).unwrap_or(norm.len());
    let top = &norm[..top_end];
    pf.count = COUNT_A
        .captures(top)
        .and_then(|c| fig(&c, 1, "个", line))
        .or_else(|| COUNT_B.captures(top).and_then(|c| fig(&c, 1, "个", line)));
    fill_money(
        top,
        line,
        &mut pf.total_investment,
        &mut pf.annual_plan,
        &mut pf.completed,
    );
    if let Some(c) = COMPLETED.find(top) {
        pf.growth = first_fig(&GROWTH, &top[c.end()..], 1, "%", line);
    }
    pf.growth_amount = GROWTH_AMOUNT
        .captures(top)
        .and_then(|c| fig_u(&c, 1, 2, line));
    pf.plan_share = first_fig(&PLAN_SHARE, top, 1, "%", line);
    if let Some(c) = TIME_GAP.captures(top)
        && let Some(mut f) = fig(&c, 2, "个百分点", line)
    {
        if matches!(
            c.get(1).map(|m| m.as_str()),
            Some("低于" | "慢于" | "落后" | "落后于")
        ) {
            f.value = -f.value;
        }
        pf.time_gap = Some(f);
    }
    pf.months = MONTHS
        .captures(norm)
        .and_then(|c| c.get(2)?.as_str().parse().ok())
        .or_else(|| {
            if norm.contains("一季度") {
                Some(3)
            } else if norm.contains("上半年") {
                Some(6)
            } else if norm.contains("前三季度") {
                Some(9)
            } else {
                None
            }
        });
    // Phases, clause group by clause group (split at semicolons) so that a rate or progress
    // goes with the phase it is stated for.
    for part in top.split([';', '；']) {
        phases_in(
            part,
            line,
            &mut pf.phases,
            &mut pf.start_rate,
            &mut pf.plan_share,
        );
    }
    for (k, (_, _, c)) in cats.iter().enumerate() {
        let end = cats.get(k + 1).map(|n| n.0).unwrap_or(norm.len());
        let start = c.get(0).map(|m| m.start()).unwrap_or(0);
        let scope = &norm[start..end];
        let name = c.get(1).map(|m| m.as_str()).unwrap_or("");
        let category = ["社会投资", "政府投资", "民间投资", "产业投资"]
            .iter()
            .find(|w| name.contains(*w))
            .map(|w| w.to_string())
            .unwrap_or_else(|| name.to_string());
        let mut cf = CategoryFigures {
            category,
            count: fig(c, 2, "个", line),
            total_investment: None,
            annual_plan: None,
            completed: None,
            phases: Vec::new(),
        };
        let after = c.get(0).map(|m| m.end() - start).unwrap_or(0);
        fill_money(
            &scope[after..],
            line,
            &mut cf.total_investment,
            &mut cf.annual_plan,
            &mut cf.completed,
        );
        let mut unused_rate = None;
        let mut unused_share = None;
        phases_in(
            &scope[after..],
            line,
            &mut cf.phases,
            &mut unused_rate,
            &mut unused_share,
        );
        pf.categories.push(cf);
    }
    let figures = [
        pf.total_investment.is_some(),
        pf.annual_plan.is_some(),
        pf.completed.is_some(),
        pf.start_rate.is_some(),
        !pf.phases.is_empty(),
        !pf.categories.is_empty(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    (pf.count.is_some() && figures >= 1 || figures >= 2).then_some(pf)
}

fn fill_money(
    text: &str,
    line: usize,
    total: &mut Option<Fig>,
    annual: &mut Option<Fig>,
    completed: &mut Option<Fig>,
) {
    if total.is_none() {
        *total = TOTAL.captures(text).and_then(|c| fig_u(&c, 1, 2, line));
    }
    if annual.is_none() {
        *annual = ANNUAL.captures(text).and_then(|c| fig_u(&c, 1, 2, line));
    }
    if completed.is_none() {
        *completed = COMPLETED.captures(text).and_then(|c| fig_u(&c, 1, 2, line));
    }
}

fn phases_in(
    part: &str,
    line: usize,
    phases: &mut Vec<crate::model::PhaseFigures>,
    top_rate: &mut Option<Fig>,
    top_share: &mut Option<Fig>,
) {
    let mut here: Option<Phase> = None;
    if let Some(c) = NEW_COUNT.captures(part)
        && !["计划", "和", "及", "与"]
            .iter()
            .any(|w| part[..c.get(0).map_or(0, |m| m.start())].ends_with(w))
        && let Some(f) = fig(&c, if c.get(1).is_some() { 1 } else { 2 }, "个", line)
    {
        let end = c.get(0).map(|m| m.end()).unwrap_or(0);
        let p = ProjectFigures::phase_mut(phases, Phase::New);
        if STARTED_ALL.is_match(&part[end..]) {
            p.started = Some(f.clone());
        }
        p.count = Some(f);
        here = Some(Phase::New);
    }
    if let Some(f) = first_fig(&NEW_PLANNED, part, 1, "个", line) {
        ProjectFigures::phase_mut(phases, Phase::New).planned = Some(f);
        here = Some(Phase::New);
    }
    // "已开工129项", but not the "开工项目270项" inside "计划新开工项目270项".
    for c in NEW_STARTED.captures_iter(part) {
        let Some(m) = c.get(0) else { continue };
        let before = &part[..m.start()];
        if before.ends_with("计划") || before.ends_with("计划新") {
            continue;
        }
        if let Some(f) = fig(&c, 1, "个", line) {
            ProjectFigures::phase_mut(phases, Phase::New).started = Some(f);
            here = Some(Phase::New);
        }
        break;
    }
    if let Some(f) = alt_fig(&CONT_COUNT, part, "个", line) {
        ProjectFigures::phase_mut(phases, Phase::Continuing).count = Some(f);
        here = Some(Phase::Continuing);
    }
    if let Some(f) = first_fig(&NEW_AND_CONT, part, 1, "个", line) {
        ProjectFigures::phase_mut(phases, Phase::NewAndContinuing).count = Some(f);
    }
    if let Some(f) = alt_fig(&PREP_COUNT, part, "个", line) {
        ProjectFigures::phase_mut(phases, Phase::Preparatory).count = Some(f);
    }
    if let Some(f) = first_fig(&START_RATE, part, 1, "%", line) {
        match here {
            Some(Phase::New) => ProjectFigures::phase_mut(phases, Phase::New).start_rate = Some(f),
            _ if phases.iter().any(|p| p.phase == Phase::New) => {
                ProjectFigures::phase_mut(phases, Phase::New).start_rate = Some(f)
            }
            _ => *top_rate = Some(f),
        }
    }
    if let Some(f) = first_fig(&PROGRESS, part, 1, "%", line) {
        match here {
            Some(p) => ProjectFigures::phase_mut(phases, p).progress = Some(f),
            None => {
                if top_share.is_none() {
                    *top_share = Some(f)
                }
            }
        }
    }
    if let Some(f) = alt_fig(&DONE_PROJECTS, part, "个", line) {
        let p = here.unwrap_or(Phase::Continuing);
        ProjectFigures::phase_mut(phases, p).completed_projects = Some(f);
    }
}

static LH_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:([0-9]+)(?:件|个|项)[^,;。:]{0,10}?民生实事|([0-9]+)大民生实事|民生实事(?:项目)?([0-9]+)(?:件|个|项)|([0-9]+)个项目作为[^,;。]{0,20}?民生实事)",
    )
});
static LH_THEME: LazyLock<Regex> =
    LazyLock::new(|| re(r#"[“"']([^”"']{1,10})[”"']([0-9]+)(?:件|个|项)"#));
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"((?:19|20)[0-9]{2})年"));

/// Livelihood-project figures of a paragraph that mentions 民生实事.
pub(crate) fn livelihood(
    norm: &str,
    line: usize,
    year: Option<i32>,
    plan: bool,
    orig: &str,
) -> Option<LivelihoodFigures> {
    if !norm.contains("民生实事") {
        return None;
    }
    let year = YEAR
        .captures(norm)
        .and_then(|c| c.get(1)?.as_str().parse().ok())
        .or(year);
    let mut mentions = Vec::new();
    for c in LH_COUNT.captures_iter(norm) {
        let g = (1..=4).find(|g| c.get(*g).is_some()).unwrap_or(1);
        if let Some(f) = fig(&c, g, "件", line) {
            mentions.push(f);
        }
    }
    let themes: Vec<(String, Fig)> =
        if norm.contains("其中") || norm.contains("涵盖") || norm.contains("包括") {
            LH_THEME
                .captures_iter(norm)
                .filter_map(|c| Some((c.get(1)?.as_str().to_string(), fig(&c, 2, "件", line)?)))
                .collect()
        } else {
            Vec::new()
        };
    let candidates = norm.contains("候选");
    let lists = norm.contains("表决通过") || norm.ends_with(':') || norm.contains("如下");
    if mentions.is_empty() && themes.is_empty() && !lists {
        return None;
    }
    Some(LivelihoodFigures {
        year,
        plan: plan
            || candidates
            || norm.contains("票决")
            || norm.contains("表决")
            || norm.contains("拟"),
        candidates,
        count: mentions.first().cloned(),
        count_mentions: mentions,
        all_done: ["均完成", "全面完成", "全部完成", "均已完成", "全部如期完成"]
            .iter()
            .any(|w| norm.contains(w)),
        themes,
        items: Vec::new(),
        line,
        text: orig.trim().to_string(),
    })
}

static SUMMARY: LazyLock<Regex> =
    LazyLock::new(|| re(r"([0-9]+)项(?:主要)?[^,;。、:()]{0,12}?指标"));
static TIERS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(核心|其他|其它|约束性|预期性)指标([0-9]+)项|([0-9]+)项(核心|其他|其它|约束性|预期性)指标")
});

/// The prose's statements about groups of indicators, in one sentence.
pub(crate) fn summary_claims(
    sentence: &str,
    orig: &str,
    line: usize,
    year: Option<i32>,
    plan: bool,
) -> Vec<SummaryClaim> {
    let mut out = Vec::new();
    // Cheap test first: most sentences say nothing about groups of indicators.
    if !sentence.contains("指标") {
        return out;
    }
    let push = |out: &mut Vec<SummaryClaim>, group, count, names: Vec<String>, complete| {
        out.push(SummaryClaim {
            group,
            count,
            names: names
                .into_iter()
                .map(|text| NamedIndicator {
                    text,
                    matched: None,
                })
                .collect(),
            complete,
            year,
            plan,
            line,
            text: orig.trim().to_string(),
        });
    };
    for c in TIERS.captures_iter(sentence) {
        let (word, n) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
            (Some(w), Some(n), _, _) => (w.as_str(), n.as_str()),
            (_, _, Some(n), Some(w)) => (w.as_str(), n.as_str()),
            _ => continue,
        };
        let group = match word {
            "核心" => SummaryGroup::Core,
            "其他" | "其它" => SummaryGroup::Other,
            "约束性" => SummaryGroup::Binding,
            _ => SummaryGroup::Anticipatory,
        };
        push(&mut out, group, n.parse().ok(), Vec::new(), false);
    }
    for c in SUMMARY.captures_iter(sentence) {
        let Some(m) = c.get(0) else { continue };
        let whole = m.as_str();
        if ["核心", "其他", "其它", "约束性", "预期性"]
            .iter()
            .any(|w| whole.contains(w))
        {
            continue;
        }
        let count: Option<u32> = c.get(1).and_then(|n| n.as_str().parse().ok());
        let before = &sentence[..m.start()];
        let after = &sentence[m.end()..];
        // What the count is said to have done: the rest of its clause.
        let head: String = after
            .chars()
            .take_while(|c| !matches!(c, ',' | ';' | '。' | ':'))
            .take(20)
            .collect();
        let first = |words: &[&str]| words.iter().filter_map(|w| head.find(w)).min();
        let below_at = first(&[
            "略低于",
            "低于预期",
            "未达",
            "未完成",
            "不及",
            "差距",
            "滞后",
            "未实现",
        ]);
        let on_at = first(&["完成", "达到", "符合", "超过", "好于", "实现", "达标"]);
        let group = if head.starts_with("整体")
            || head.starts_with("总体")
            || head.starts_with('中')
            || ["共设置", "共", "设置", "包括", "下达的", "共有", "涉及"]
                .iter()
                .any(|w| before.ends_with(w))
        {
            SummaryGroup::Total
        } else if ["待", "暂未", "尚未", "无法"]
            .iter()
            .any(|w| head.starts_with(w))
        {
            SummaryGroup::Pending
        } else {
            match (below_at, on_at) {
                (Some(b), Some(o)) if o < b => SummaryGroup::OnTrack,
                (Some(_), _) => SummaryGroup::Below,
                (None, Some(_)) => SummaryGroup::OnTrack,
                (None, None) => continue,
            }
        };
        let (names, complete) = if matches!(
            group,
            SummaryGroup::OnTrack | SummaryGroup::Below | SummaryGroup::Pending
        ) {
            names_for(before, after)
        } else {
            (Vec::new(), false)
        };
        push(&mut out, group, count, names, complete);
    }
    out
}

/// Reason words that end an indicator name in "其中，A因…；B、C受…".
const REASONS: &[&str] = &[
    "因",
    "受",
    "较",
    "未",
    "由于",
    "主要是",
    "主要受",
    "但",
    "虽",
    "低于",
    "没有",
    "仍",
    "尚未",
    "形势",
    "同比",
];

fn split_names(s: &str) -> Vec<String> {
    s.split(['、', ','])
        .flat_map(|p| p.split("和"))
        .map(|p| p.trim().trim_matches(['“', '”', '"', ' ']).to_string())
        .filter(|p| !p.is_empty() && p.chars().count() <= 30)
        .collect()
}

fn cut_at_reason(s: &str) -> &str {
    let mut end = s.len();
    for w in REASONS {
        // The first reason word after at least two characters of name.
        let mut from = 0;
        while let Some(p) = s[from..].find(w) {
            let at = from + p;
            if s[..at].chars().count() >= 2 {
                end = end.min(at);
                break;
            }
            from = at + w.len();
        }
    }
    &s[..end]
}

fn names_for(before: &str, after: &str) -> (Vec<String>, bool) {
    // "A、B、C等14项指标…": names before, the list is partial.
    if let Some(b) = before.strip_suffix('等') {
        let start = b
            .rfind(['。', ':', ';'])
            .map(|p| p + b[p..].chars().next().map_or(1, char::len_utf8))
            .unwrap_or(0);
        let mut s = &b[start..];
        if let Some(p) = s.rfind("其中,") {
            s = &s[p + "其中,".len()..];
        }
        return (split_names(s), false);
    }
    // "N项指标(A、B)…"
    if let Some(rest) = after.strip_prefix('(')
        && let Some(close) = rest.find(')')
    {
        return (split_names(&rest[..close]), true);
    }
    // "N项指标略低于预期，其中，A因…；B、C受…"
    if let Some(p) = after.find("其中") {
        let list = after[p + "其中".len()..].trim_start_matches([',', ':', ' ']);
        let mut names = Vec::new();
        for part in list.split(';') {
            names.extend(split_names(cut_at_reason(part.trim())));
        }
        return (names, true);
    }
    (Vec::new(), false)
}

static ADDED: LazyLock<Regex> =
    LazyLock::new(|| re(r#"新增[“"]([^”"]{2,30})[”"](?:等)?(?:[0-9]+项)?指标"#));
static REPLACED: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"将[“"]([^”"]{2,30})[”"](?:指标)?(?:调整|替换|变更|修改|改)为[“"]([^”"]{2,30})[”"]"#)
});
static REMOVED: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?:删除|取消|不再设置|删去)[“"]([^”"]{2,30})[”"]"#));

/// Announced changes to the indicator system in a sentence.
pub(crate) fn system_changes(
    sentence: &str,
    orig: &str,
    line: usize,
    year: Option<i32>,
) -> Vec<SystemChange> {
    let mut out = Vec::new();
    if !(sentence.contains("指标")
        || sentence.contains("调整为")
        || sentence.contains("取消")
        || sentence.contains("删除"))
    {
        return out;
    }
    let mk = |kind| SystemChange {
        kind,
        year,
        line,
        text: orig.trim().to_string(),
    };
    for c in ADDED.captures_iter(sentence) {
        if let Some(n) = c.get(1) {
            out.push(mk(SystemChangeKind::Added {
                name: n.as_str().to_string(),
            }));
        }
    }
    for c in REPLACED.captures_iter(sentence) {
        if let (Some(a), Some(b)) = (c.get(1), c.get(2)) {
            out.push(mk(SystemChangeKind::Replaced {
                from: a.as_str().to_string(),
                to: b.as_str().to_string(),
            }));
        }
    }
    for c in REMOVED.captures_iter(sentence) {
        if let Some(n) = c.get(1) {
            out.push(mk(SystemChangeKind::Removed {
                name: n.as_str().to_string(),
            }));
        }
    }
    out
}

static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"([^,;。:()]{0,20}?)({NUM})(万亿元|亿元|万元|亿美元|万人|万吨|亿|万)?,?完成(?:全?年|年度)?(?:度)?计划(?:的)?({NUM})(万亿元|亿元|万元|亿美元|万人|万吨|亿|万)?的({NUM})%",
    )
});

/// "荔城地区生产总值635亿元，完成年计划710亿元的89.4%".
pub(crate) fn shares(sentence: &str, orig: &str, line: usize) -> Vec<ShareStatement> {
    let mut out = Vec::new();
    if !(sentence.contains("计划") && sentence.contains('%')) {
        return out;
    }
    for c in SHARE.captures_iter(sentence) {
        let unit_part = c.get(3).map(|m| m.as_str()).unwrap_or("");
        let unit_whole = c.get(5).map(|m| m.as_str()).unwrap_or(unit_part);
        let (Some(part), Some(whole), Some(percent)) = (
            fig(&c, 2, unit_part, line),
            fig(&c, 4, unit_whole, line),
            fig(&c, 6, "%", line),
        ) else {
            continue;
        };
        let subject = c.get(1).map(|m| m.as_str()).unwrap_or("");
        let subject = subject
            .trim_start_matches("其中")
            .trim_matches([',', ' '])
            .to_string();
        out.push(ShareStatement {
            subject,
            part,
            whole,
            percent,
            line,
            text: orig.trim().to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn jiangbei_execution_projects() {
        let t = "——重点项目实施顺利:“抓项目促投资”专项行动成效显著。234个区级重点项目完成投资252亿元、同比增长9%,其中,重庆光掩膜版制造项目等50个新建项目实现开工,开工率达到100%;86个续建项目投资进度达124%,观音桥塔坪片区老旧小区改造等24个项目建成,北滨路东延伸段等项目加速建设;98个前期项目有序推进。";
        let p = projects(t, 1, Some(2023), false, t).unwrap();
        assert_eq!(p.count.as_ref().unwrap().value, d("234"));
        assert_eq!(p.completed.as_ref().unwrap().value, d("252"));
        assert_eq!(p.growth.as_ref().unwrap().value, d("9"));
        let new = p.phase(Phase::New).unwrap();
        assert_eq!(new.count.as_ref().unwrap().value, d("50"));
        assert_eq!(new.started.as_ref().unwrap().value, d("50"));
        assert_eq!(new.start_rate.as_ref().unwrap().value, d("100"));
        let cont = p.phase(Phase::Continuing).unwrap();
        assert_eq!(cont.count.as_ref().unwrap().value, d("86"));
        assert_eq!(cont.progress.as_ref().unwrap().value, d("124"));
        assert_eq!(cont.completed_projects.as_ref().unwrap().value, d("24"));
        assert_eq!(
            p.phase(Phase::Preparatory)
                .unwrap()
                .count
                .as_ref()
                .unwrap()
                .value,
            d("98")
        );
    }

    #[test]
    fn jiangbei_plan_projects() {
        let t = "——重点项目安排:拟安排重点项目237个,总投资2001.5亿元,年度投资计划268.3亿元。其中,社会投资重点项目80个,总投资1083.7亿元、年度投资174.6亿元;区级政府投资重点项目157个(续建和新建项目82个、前期项目75个),总投资917.8亿元、年度投资93.7亿元。";
        let p = projects(t, 1, Some(2024), true, t).unwrap();
        assert!(p.plan);
        assert_eq!(p.count.as_ref().unwrap().value, d("237"));
        assert_eq!(p.total_investment.as_ref().unwrap().value, d("2001.5"));
        assert_eq!(p.annual_plan.as_ref().unwrap().value, d("268.3"));
        assert_eq!(p.categories.len(), 2);
        let gov = &p.categories[1];
        assert_eq!(gov.category, "政府投资");
        assert_eq!(gov.count.as_ref().unwrap().value, d("157"));
        assert_eq!(gov.total_investment.as_ref().unwrap().value, d("917.8"));
        assert_eq!(gov.annual_plan.as_ref().unwrap().value, d("93.7"));
        assert_eq!(gov.phases.len(), 2);
        assert_eq!(
            p.categories[0].annual_plan.as_ref().unwrap().value,
            d("174.6")
        );
    }

    #[test]
    fn summary_lists() {
        let s = "5项指标略低于预期,其中,固定资产投资增速因投资结构调整等原因,形势严峻;进出口总额、实际使用外资(FDI)受国际市场需求变化等因素影响不及预期;居民人均可支配收入增速较预期有差距;空气质量优良天数受气象等多重不利因素影响未达预期。";
        let c = summary_claims(s, s, 1, Some(2023), false);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].group, SummaryGroup::Below);
        let names: Vec<&str> = c[0].names.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "固定资产投资增速",
                "进出口总额",
                "实际使用外资(FDI)",
                "居民人均可支配收入增速",
                "空气质量优良天数"
            ]
        );
        assert!(c[0].complete);
        let s = "人均地区生产总值、一般公共预算收入增速、城镇新增就业人数等14项指标完成目标或基本达到预期。";
        let c = summary_claims(s, s, 1, Some(2023), false);
        assert_eq!(c[0].group, SummaryGroup::OnTrack);
        assert_eq!(c[0].count, Some(14));
        assert_eq!(c[0].names.len(), 3);
        assert!(!c[0].complete);
        let c = summary_claims(
            "——主要指标完成较好:20项指标整体符合预期(详见附件1)。",
            "",
            1,
            None,
            false,
        );
        assert_eq!(c[0].group, SummaryGroup::Total);
        let c = summary_claims(
            "共设置21项指标,包括核心指标8项、其他指标13项(详见附件2)。",
            "",
            1,
            None,
            true,
        );
        let groups: Vec<_> = c.iter().map(|x| (x.group, x.count)).collect();
        assert!(groups.contains(&(SummaryGroup::Total, Some(21))));
        assert!(groups.contains(&(SummaryGroup::Core, Some(8))));
        assert!(groups.contains(&(SummaryGroup::Other, Some(13))));
    }

    #[test]
    fn changes_and_shares() {
        let s = "新增“区级税收收入增速”指标,将“数字经济增加值占地区生产总值比重”调整为“数字经济核心产业增加值增速”,共设置21项指标";
        let c = system_changes(s, s, 1, Some(2024));
        assert_eq!(c.len(), 2);
        let s = "初步预计,荔城地区生产总值635亿元,完成年计划710亿元的89.4%(主要是二产、三产未达预期目标),增长2.0%";
        let sh = shares(s, s, 1);
        assert_eq!(sh.len(), 1);
        assert_eq!(sh[0].part.value, d("635"));
        assert_eq!(sh[0].whole.value, d("710"));
        assert_eq!(sh[0].percent.value, d("89.4"));
        assert_eq!(sh[0].subject, "荔城地区生产总值");
    }

    #[test]
    fn livelihood_themes() {
        let t = "——重点民生实事:15件区级重点民生实事候选建议名单,涵盖就业创业等民生热点,围绕创建“四宜示范”进行安排,其中,“宜居示范”7件,“宜业示范”2件,“宜游示范”2件,“宜育示范”4件。";
        let l = livelihood(t, 1, Some(2024), true, t).unwrap();
        assert!(l.candidates);
        assert_eq!(l.count.as_ref().unwrap().value, d("15"));
        assert_eq!(l.themes.len(), 4);
        assert_eq!(l.themes[0].0, "宜居示范");
    }
}
