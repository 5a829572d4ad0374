//! From lines to a [`Reading`]: metadata, tables, then prose with its sections.

use crate::ReadOptions;
use crate::figures;
use crate::matching::best_match;
use crate::model::*;
use crate::norm::{first_year, norm, norm_chars};
use crate::prose::{Mention, numberless, sentence_mentions};
use crate::source::RawTable;
use crate::source::Source;
use crate::table::{
    NotRead, TableContext, caption_line, find_tables, interpret, plain_header_at, read_stats,
};
use planwatch_domain::{Approx, Cmp, Expr, Form, Quantity};
use regex::Regex;
use std::sync::LazyLock;

static TITLE_YEARS_EXEC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)[0-9]{2})年[^年]{0,40}?(?:执行情况|完成情况|统计公报)").expect("valid")
});
static TITLE_YEARS_PLAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)[0-9]{2})年[^年]{0,40}?(?:计划草案|计划\(草案\)|计划$|计划的报告|计划 *\|?$|主要目标|预期目标)").expect("valid")
});
static PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:关于)?([^0-9年]{2,20}?)(?:19|20)[0-9]{2}年").expect("valid"));
static PLACE_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:报告|关于|现将)([^0-9年,，。:]{2,12}?[市区县旗])(?:19|20)[0-9]{2}年")
        .expect("valid")
});
/// "主要预期目标是：", "主要目标为", "预期目标："—what follows are the targets.
static TARGETS_FOLLOW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:主要|预期|发展)目标(?:任务)?(?:是|为|:)").expect("valid"));
static NUMBERED_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([0-9]{1,3})\s*[.、．]\s*(.+)$").expect("valid"));

/// The most specific administrative unit of a place name: "重庆市江北区" → "江北区".
fn last_unit(place: &str) -> Option<String> {
    let chars: Vec<char> = place.trim().chars().collect();
    let mut units = Vec::new();
    let mut start = 0;
    for (i, c) in chars.iter().enumerate() {
        if matches!(c, '省' | '市' | '区' | '县' | '旗' | '盟') && i + 1 > start + 1 {
            units.push(chars[start..=i].iter().collect::<String>());
            start = i + 1;
        }
    }
    let u = units.pop()?;
    (!u.contains('*') && u.chars().count() >= 2).then_some(u)
}

struct Meta {
    title: Option<String>,
    region: Option<String>,
    execution_year: Option<i32>,
    plan_year: Option<i32>,
    period: Option<String>,
}

fn read_meta(lines: &[String], taken: &mut [bool]) -> Meta {
    // Corpus-style header comments ("# source: …") are not part of the report.
    for (i, l) in lines.iter().enumerate().take(5) {
        let t = l.trim_start();
        if t.starts_with("# source:") || t.starts_with("# completeness:") {
            taken[i] = true;
        }
    }
    let firsts: Vec<usize> = (0..lines.len())
        .filter(|&i| !taken[i] && !lines[i].trim().is_empty())
        .take(15)
        .collect();
    let mut title = None;
    for (k, &i) in firsts.iter().enumerate() {
        let t = norm(lines[i].trim());
        let t = t.trim_end_matches(['|', ' ']);
        if t.chars().count() > 90 || first_year(t).is_none() {
            continue;
        }
        // A sentence ("我受市人民政府委托,向大会报告…") is not a title.
        let sentence_like = t.contains(',')
            || t.contains('。')
            || t.starts_with('我')
            || t.starts_with('受')
            || t.chars()
                .next()
                .is_some_and(|c| NUMERALS.contains(c) || c == '(' || c == '（');
        if !sentence_like
            && (t.contains("报告")
                || t.contains("执行情况")
                || (t.contains("统计公报") && !t.contains(':'))
                || (t.starts_with("关于") && t.contains("计划")))
        {
            let mut parts = vec![i];
            if k > 0 {
                let p = firsts[k - 1];
                let pt = lines[p].trim();
                if pt.starts_with("关于") && !pt.contains("报告") && p + 1 == i {
                    parts.insert(0, p);
                }
            }
            if !t.ends_with("报告")
                && !t.ends_with(')')
                && !t.ends_with('）')
                && let Some(&n) = firsts.get(k + 1)
                && n == i + 1
                && lines[n].trim().ends_with("报告")
            {
                parts.push(n);
            }
            let text: String = parts
                .iter()
                .map(|&p| lines[p].trim().trim_end_matches(['|', ' ']))
                .collect();
            for p in parts {
                taken[p] = true;
            }
            title = Some(text);
            break;
        }
    }
    let scan: String = match &title {
        Some(t) => norm(t),
        None => firsts
            .iter()
            .take(12)
            .map(|&i| norm(&lines[i]))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let execution_year = TITLE_YEARS_EXEC
        .captures(&scan)
        .and_then(|c| c.get(1)?.as_str().parse().ok());
    let plan_year = TITLE_YEARS_PLAN
        .captures_iter(&scan)
        .filter_map(|c| c.get(1)?.as_str().parse::<i32>().ok())
        .find(|y| Some(*y) != execution_year);
    let region = title
        .as_deref()
        .and_then(|t| {
            PLACE
                .captures(&norm(t))
                .and_then(|c| last_unit(c.get(1)?.as_str()))
        })
        .or_else(|| {
            PLACE_IN_TEXT
                .captures(&scan)
                .and_then(|c| last_unit(c.get(1)?.as_str()))
        });
    let period = ["上半年", "前三季度", "一季度", "1-3月", "1-6月", "1-9月"]
        .iter()
        .find(|p| title.as_deref().is_some_and(|t| norm(t).contains(*p)))
        .map(|p| p.to_string());
    let execution_year = execution_year.or_else(|| {
        if plan_year.is_none() {
            firsts.iter().find_map(|&i| first_year(&lines[i]))
        } else {
            None
        }
    });
    Meta {
        title,
        region,
        execution_year,
        plan_year,
        period,
    }
}

#[derive(Clone)]
struct Section {
    role: Role,
    year: Option<i32>,
    sub: Option<String>,
    binding: Option<bool>,
}

enum Heading {
    Top {
        role: Option<Role>,
        year: Option<i32>,
    },
    Sub {
        text: String,
        binding: Option<bool>,
    },
}

const NUMERALS: &str = "一二三四五六七八九十";

fn heading(t: &str) -> Option<Heading> {
    let n = norm(t);
    let n = n.trim();
    let chars: Vec<char> = n.chars().collect();
    let len = chars.len();
    if len == 0 || len > 60 {
        return None;
    }
    let role_of = |s: &str| {
        if ["执行情况", "完成情况", "回顾", "工作成效", "成就", "成绩"]
            .iter()
            .any(|w| s.contains(w))
        {
            Some(Role::Actual)
        } else if [
            "目标",
            "任务",
            "思路",
            "草案",
            "安排",
            "要求",
            "计划",
            "主要工作",
            "重点工作",
            "工作重点",
        ]
        .iter()
        .any(|w| s.contains(w))
        {
            Some(Role::Target)
        } else {
            None
        }
    };
    let numeral_lead = chars.iter().take_while(|c| NUMERALS.contains(**c)).count();
    if numeral_lead > 0 && chars.get(numeral_lead) == Some(&'、') && !n.contains('。') {
        return Some(Heading::Top {
            role: role_of(n),
            year: first_year(n),
        });
    }
    if n.starts_with("第") && n.contains("部分") && len <= 40 {
        return Some(Heading::Top {
            role: role_of(n),
            year: first_year(n),
        });
    }
    if (chars.first() == Some(&'(') || chars.first() == Some(&'（'))
        && chars.get(1).is_some_and(|c| NUMERALS.contains(*c))
        && let Some(close) = chars.iter().position(|&c| c == ')' || c == '）')
        && close <= 4
        && len <= 40
    {
        let binding = if n.contains("约束性") {
            Some(true)
        } else if n.contains("预期性") {
            Some(false)
        } else {
            None
        };
        return Some(Heading::Sub {
            text: t.trim().to_string(),
            binding,
        });
    }
    // Notes at the end ("名词解释和说明", "注释"): they explain last year's figures.
    if len <= 12
        && ["名词解释", "注释", "附注"]
            .iter()
            .any(|w| n.starts_with(w))
    {
        return Some(Heading::Top {
            role: Some(Role::Actual),
            year: None,
        });
    }
    let standalone = len <= 30
        && !n.contains('。')
        && !n.contains(',')
        && !n.starts_with('—')
        && !n.starts_with('(')
        && [
            "执行情况",
            "主要目标",
            "主要任务",
            "预期目标",
            "计划草案",
            "总体思路",
            "重点任务",
            "总体要求",
            "主要安排",
        ]
        .iter()
        .any(|w| n.contains(w));
    if standalone {
        return Some(Heading::Top {
            role: role_of(n),
            year: first_year(n),
        });
    }
    None
}

/// Sentences of a line as character ranges, cut after 。！？ and, for very long runs,
/// every 600 characters (bounding the work per sentence).
fn sentences(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, '。' | '!' | '?' | '！' | '？') || i + 1 - start >= 600 {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < chars.len() {
        out.push((start, chars.len()));
    }
    out
}

const INDICATOR_WORDS: &[&str] = &[
    "地区生产总值",
    "GDP",
    "增加值",
    "固定资产投资",
    "收入",
    "零售总额",
    "进出口",
    "外资",
    "就业",
    "失业",
    "消费价格",
    "能耗",
    "水耗",
    "研发",
    "浓度",
    "优良天数",
    "税收",
    "工业总产值",
    "出口",
    "吞吐量",
    "比重",
    "占比",
    "产值",
    "销售总额",
    "营业收入",
    "研发投入",
    "创新投入",
    "劳动生产率",
    "城镇化率",
];

fn mention_expr(m: &Mention, role: Role) -> Expr {
    // A comparison with a margin ("高于全省平均2个百分点以上") reads as the expression it is.
    let folded = norm(&m.phrase);
    if ["高于", "快于", "低于", "超过", "领先"]
        .iter()
        .any(|w| folded.starts_with(w))
    {
        let mut e = planwatch_text::parse_expr(&m.phrase);
        if !e.is_unparsed() {
            e.estimated |= m.estimated;
            e.strive |= m.strive;
            return e;
        }
    }
    let value = match m.change {
        Some(Change::Decrease) => -m.value,
        _ => m.value,
    };
    let q = Quantity::new(value, m.unit.clone());
    if let Some(high) = m.high {
        let (low, high) = match m.change {
            Some(Change::Decrease) => (-high, -m.value),
            _ => (m.value, high),
        };
        let mut e = Expr::new(
            m.phrase.clone(),
            Form::Range {
                low: Quantity::new(low, m.unit.clone()),
                high: Quantity::new(high, m.unit.clone()),
            },
        );
        e.estimated = m.estimated;
        e.strive = m.strive;
        e.worded_decline = m.change == Some(Change::Decrease);
        return e;
    }
    let form = match m.approx {
        Some(Qualifier::About) => Form::Approx {
            approx: Approx::About,
            value: q,
        },
        Some(Qualifier::Nearly) => Form::Approx {
            approx: Approx::Nearly,
            value: q,
        },
        Some(Qualifier::MoreThan) => Form::Approx {
            approx: Approx::MoreThan,
            value: q,
        },
        Some(Qualifier::Within) => Form::Bound {
            cmp: Cmp::Le,
            value: q,
        },
        Some(Qualifier::Over) if !m.phrase.contains("以上") => Form::Bound {
            cmp: Cmp::Gt,
            value: q,
        },
        _ if m.at_least => Form::Bound {
            cmp: Cmp::Ge,
            value: q,
        },
        _ if m.control && role == Role::Target => Form::Bound {
            cmp: Cmp::Le,
            value: q,
        },
        _ => Form::Value(q),
    };
    let mut e = Expr::new(m.phrase.clone(), form);
    e.estimated = m.estimated;
    e.strive = m.strive;
    e.worded_decline = m.change == Some(Change::Decrease);
    e
}

fn claim_qualifier(m: &Mention) -> Option<Qualifier> {
    m.approx
        .or(if m.at_least {
            Some(Qualifier::Over)
        } else {
            None
        })
        .or(if m.estimated {
            Some(Qualifier::Estimated)
        } else {
            None
        })
        .or(if m.reached {
            Some(Qualifier::Reached)
        } else {
            None
        })
}

/// Why a table the reader found gave no indicator rows, when that is worth saying: it has a
/// caption, it came as a real table, or it has an indicator header.
fn unread_table(raw: &RawTable, why: NotRead) -> Option<Diagnostic> {
    let caption = crate::table::caption_text(&raw.caption);
    let (named, named_en) = if caption.is_empty() {
        ("表格".to_string(), "The table".to_string())
    } else {
        (format!("表格“{caption}”"), format!("The table “{caption}”"))
    };
    // Header cells are quoted from the report, each in its own “…”.
    let quoted = |headers: &[String]| {
        headers
            .iter()
            .map(|h| format!("“{h}”"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let line = raw.caption.first().map_or(raw.first_line, |(l, _)| *l);
    let (message, message_en) = match why {
        NotRead::Projects => (
            "这是重点项目表而非指标表，未按指标读取".to_string(),
            format!(
                "{named_en} lists key projects, not indicators; it was not read as indicators."
            ),
        ),
        NotRead::NoHeader if caption.is_empty() && raw.layout != TableLayout::Docx => return None,
        NotRead::NoHeader => (
            format!("{named}没有可识别的表头（序号、指标名称、目标、完成情况等），未读取其中的行"),
            format!(
                "{named_en} has no header the reader recognises (sequence number, indicator \
                 name, target, outcome and the like), so its rows were not read."
            ),
        ),
        NotRead::NotIndicators(headers) => {
            if caption.is_empty() && raw.layout != TableLayout::Docx {
                return None;
            }
            (
                format!(
                    "{named}的表头（{}）没有指标名称列和目标或完成列，不是指标表，未按指标读取",
                    headers.join("、")
                ),
                format!(
                    "{named_en} has a header ({}) with no indicator-name column and no target or \
                     outcome column; it is not an indicator table and was not read as one.",
                    quoted(&headers)
                ),
            )
        }
        NotRead::NoRows(headers) => (
            format!(
                "{named}有指标表头（{}），但其后没有以序号或指标名称开头的行，未读到指标",
                headers.join("、")
            ),
            format!(
                "{named_en} has an indicator header ({}), but no row after it begins with a \
                 sequence number or an indicator name, so no indicators were read.",
                quoted(&headers)
            ),
        ),
    };
    Some(Diagnostic::new(line, message, message_en))
}

/// Captions and indicator headers left in the prose: seen, but no table was read from them.
fn unread_captions(src: &Source, diags: &mut Vec<Diagnostic>) {
    for i in 0..src.lines.len() {
        if src.taken[i] {
            continue;
        }
        let t = src.lines[i].trim();
        if caption_line(&src.lines, i) {
            let said = diags.iter().any(|d| d.line == i + 1);
            if !said {
                diags.push(Diagnostic::new(
                    i + 1,
                    format!("表格标题“{t}”之后没有读到指标表（未找到表头或指标行）"),
                    format!(
                        "No indicator table was read after the table caption “{t}” (no header \
                         or indicator rows were found)."
                    ),
                ));
            }
        } else if plain_header_at(&src.lines, &src.taken, i).is_some() {
            diags.push(Diagnostic::new(
                i + 1,
                format!("“{t}”像是指标表的表头，但其后没有读到指标行"),
                format!(
                    "“{t}” looks like the header of an indicator table, but no indicator rows \
                     were read after it."
                ),
            ));
        }
    }
}

fn measure_cmp(m: &Mention) -> MeasureCmp {
    match m.approx {
        Some(Qualifier::Within) => MeasureCmp::AtMost,
        Some(Qualifier::About) | Some(Qualifier::Nearly) => MeasureCmp::About,
        Some(Qualifier::Over) | Some(Qualifier::MoreThan) => MeasureCmp::AtLeast,
        _ if m.at_least => MeasureCmp::AtLeast,
        _ if m.control => MeasureCmp::AtMost,
        _ => MeasureCmp::Exact,
    }
}

struct Caps {
    max: usize,
    hit: bool,
}

impl Caps {
    fn push<T>(&mut self, v: &mut Vec<T>, item: T) {
        if v.len() < self.max {
            v.push(item);
        } else {
            self.hit = true;
        }
    }
}

/// Marks a read table's lines (0-based `lines`), caption and note as taken from the prose.
fn take_table(taken: &mut [bool], raw: &RawTable, lines: &[usize]) {
    for &l in lines {
        taken[l] = true;
    }
    for (l, _) in &raw.caption {
        taken[l - 1] = true;
    }
    if let Some((l, _)) = &raw.note {
        taken[l - 1] = true;
    }
}

pub(crate) fn analyze(
    mut src: Source,
    encoding: &str,
    mut diags: Vec<Diagnostic>,
    opts: &ReadOptions,
) -> Reading {
    let meta = read_meta(&src.lines, &mut src.taken);
    let mut r = Reading {
        title: meta.title,
        region: meta.region,
        execution_year: meta.execution_year,
        plan_year: meta.plan_year,
        period: meta.period,
        encoding: encoding.to_string(),
        lines: src.lines.len(),
        ..Reading::default()
    };
    let mut caps = Caps {
        max: opts.max_items,
        hit: false,
    };

    // Tables: those that came as tables, then those found in the text.
    let mut raws = std::mem::take(&mut src.tables);
    raws.extend(find_tables(&src.lines, &src.taken));
    raws.sort_by_key(|t| t.first_line);
    let cx = TableContext {
        execution_year: r.execution_year,
        plan_year: r.plan_year,
    };
    for raw in &raws {
        let index = r.tables.len();
        match interpret(raw, index, &cx) {
            Ok(read) => {
                take_table(&mut src.taken, raw, &read.lines);
                diags.extend(read.diagnostics);
                r.tables.push(read.table);
                for ind in read.indicators {
                    caps.push(&mut r.indicators, ind);
                }
            }
            Err(why) => {
                // Not an indicator table: a statistical one gives figures.
                let stats = matches!(why, NotRead::NotIndicators(_) | NotRead::NoHeader)
                    .then(|| {
                        let caption = crate::table::caption_text(&raw.caption);
                        read_stats(raw, &caption, r.execution_year)
                    })
                    .flatten();
                if let Some(read) = stats {
                    take_table(&mut src.taken, raw, &read.lines);
                    for f in read.figures {
                        caps.push(&mut r.figures, f);
                    }
                    continue;
                }
                diags.extend(raw.diagnostics.iter().cloned());
                if let Some(d) = unread_table(raw, why) {
                    diags.push(d);
                }
            }
        }
    }
    unread_captions(&src, &mut diags);

    // Prose.
    let mut section = Section {
        role: Role::Actual,
        year: r.execution_year,
        sub: None,
        binding: None,
    };
    let mut list_for: Option<usize> = None;
    for i in 0..src.lines.len() {
        if src.taken[i] {
            continue;
        }
        let line_no = i + 1;
        let t = src.lines[i].trim();
        if t.is_empty() {
            continue;
        }
        // Numbered livelihood list items after "表决通过…项目：".
        if let Some(li) = list_for {
            if let Some(c) = NUMBERED_ITEM.captures(t)
                && let (Some(seq), Some(text)) =
                    (c.get(1).and_then(|m| m.as_str().parse().ok()), c.get(2))
            {
                if let Some(l) = r.livelihood.get_mut(li) {
                    l.items.push(LivelihoodItem {
                        seq,
                        text: text.as_str().trim().to_string(),
                        line: line_no,
                    });
                }
                continue;
            }
            list_for = None;
        }
        match heading(t) {
            Some(Heading::Top { role, year }) => {
                if let Some(role) = role {
                    section.role = role;
                    section.year = year.or(match role {
                        Role::Actual => r.execution_year,
                        Role::Target => r.plan_year.or(r.execution_year.map(|y| y + 1)),
                    });
                    match role {
                        Role::Actual if r.execution_year.is_none() => r.execution_year = year,
                        Role::Target if r.plan_year.is_none() => r.plan_year = year,
                        _ => {}
                    }
                }
                section.sub = None;
                section.binding = None;
                continue;
            }
            Some(Heading::Sub { text, binding }) => {
                section.sub = Some(text);
                section.binding = binding;
                continue;
            }
            None => {}
        }
        let nl = norm(t);
        let orig: Vec<char> = t.chars().collect();
        let normc = norm_chars(t);
        let plan_side = section.role == Role::Target;
        let indicator_para = ["主要预期目标", "主要目标", "主要指标", "预期目标:"]
            .iter()
            .any(|w| nl.contains(w))
            || section.sub.as_deref().is_some_and(|s| s.contains("指标"));
        let bullet = (nl.starts_with('—') || nl.starts_with('●')) && orig.len() <= 50;
        // "主要预期目标是：…": what follows in the paragraph are targets, whatever the section.
        let targets_from = TARGETS_FOLLOW
            .find(&nl)
            .map(|m| nl[..m.end()].chars().count());
        let target_year = if section.role == Role::Target {
            section.year
        } else {
            r.plan_year.or(section.year.map(|y| y + 1))
        };
        for (ss, se) in sentences(&normc) {
            let (role, year) = if targets_from.is_some_and(|k| se > k) {
                (Role::Target, target_year)
            } else {
                (section.role, section.year)
            };
            let plan_side = role == Role::Target;
            let indicator_para = indicator_para || targets_from.is_some();
            let s_orig: String = orig[ss..se].iter().collect();
            let s_norm: String = normc[ss..se].iter().collect();
            for sc in figures::summary_claims(&s_norm, &s_orig, line_no, year, plan_side) {
                caps.push(&mut r.summary_claims, sc);
            }
            for ch in figures::system_changes(&s_norm, &s_orig, line_no, year) {
                caps.push(&mut r.system_changes, ch);
            }
            for sh in figures::shares(&s_norm, &s_orig, line_no) {
                caps.push(&mut r.shares, sh);
            }
            let ms = sentence_mentions(&orig[ss..se], &normc[ss..se]);
            if role == Role::Actual {
                for f in crate::stats::prose_figures(&ms, year, line_no, &s_orig) {
                    caps.push(&mut r.figures, f);
                }
            }
            let short_bullet = bullet;
            // Targets and results without a figure: in a list of indicators (a target paragraph,
            // a bullet, a sentence of several figures), or relative to the economy's growth.
            let listed = indicator_para || short_bullet || ms.len() >= 2;
            for nb in numberless(&orig[ss..se], &normc[ss..se]) {
                use planwatch_domain::Form;
                let keep = match (&nb.expr.form, role) {
                    (Form::Outcome { .. }, Role::Actual) => listed && nb.phrase.contains("下达"),
                    (Form::Outcome { .. }, Role::Target) => false,
                    (Form::Relative { reference, .. }, Role::Target) => {
                        listed
                            || ["经济增长", "经济增速", "生产总值", "GDP"]
                                .iter()
                                .any(|w| reference.contains(w))
                    }
                    (_, Role::Target) => listed,
                    _ => false,
                };
                if keep {
                    caps.push(
                        &mut r.inline,
                        InlineTarget {
                            role,
                            subject: nb.subject,
                            expr: nb.expr,
                            year,
                            group: section.sub.clone(),
                            binding: section.binding,
                            line: line_no,
                            text: s_orig.trim().to_string(),
                        },
                    );
                }
            }
            if ms.is_empty() && plan_side && short_bullet && s_norm.contains("下达") {
                // "——节能减排指标以国家和广东省下达为准。"
                let body = s_norm
                    .trim_start_matches(['—', '●', ' '])
                    .trim_end_matches(['。', '.']);
                if let Some(p) = body.find('以').or_else(|| body.find('按')) {
                    let subject = body[..p].to_string();
                    let expr = planwatch_text::parse_expr(&body[p..]);
                    caps.push(
                        &mut r.inline,
                        InlineTarget {
                            role: Role::Target,
                            subject,
                            expr,
                            year,
                            group: section.sub.clone(),
                            binding: section.binding,
                            line: line_no,
                            text: s_orig.trim().to_string(),
                        },
                    );
                }
            }
            for m in ms {
                if m.in_comparison
                    || m.counts_indicators
                    || m.subject.is_empty() && m.ratio.is_empty()
                {
                    continue;
                }
                let role = if m.estimated { Role::Actual } else { role };
                let indicator_style = m.change.is_some()
                    || matches!(m.unit.as_str(), "%" | "个百分点" | "百分点")
                    || indicator_para
                    || short_bullet
                    || INDICATOR_WORDS.iter().any(|w| m.subject.contains(w));
                if indicator_style && m.ratio.is_empty() {
                    caps.push(
                        &mut r.inline,
                        InlineTarget {
                            role,
                            subject: m.subject.clone(),
                            expr: mention_expr(&m, role),
                            year,
                            group: section.sub.clone(),
                            binding: section.binding,
                            line: line_no,
                            text: s_orig.trim().to_string(),
                        },
                    );
                }
                match role {
                    Role::Actual => caps.push(
                        &mut r.claims,
                        Claim {
                            subject: m.subject.clone(),
                            value: m.value,
                            unit: m.unit.clone(),
                            qualifier: claim_qualifier(&m),
                            estimated: m.estimated,
                            change: m.change,
                            comparisons: m.comparisons.clone(),
                            ratio: m.ratio.clone(),
                            subject_inherited: m.subject_inherited,
                            phrase: m.phrase.clone(),
                            year,
                            text: s_orig.trim().to_string(),
                            line: line_no,
                        },
                    ),
                    Role::Target => caps.push(
                        &mut r.measures,
                        Measure {
                            subject: m.subject.clone(),
                            value: m.value,
                            unit: m.unit.clone(),
                            cmp: measure_cmp(&m),
                            change: m.change,
                            strive: m.strive,
                            phrase: m.phrase.clone(),
                            year,
                            text: s_orig.trim().to_string(),
                            line: line_no,
                        },
                    ),
                }
            }
        }
        if figures::mentions_projects(&nl)
            && let Some(p) = figures::projects(&nl, line_no, section.year, plan_side, t)
        {
            caps.push(&mut r.projects, p);
        }
        if let Some(l) = figures::livelihood(&nl, line_no, section.year, plan_side, t) {
            let lists = nl.contains("表决通过") || nl.ends_with(':') || nl.contains("如下");
            // One entry per year and kind; later statements add their counts to it.
            let existing = r
                .livelihood
                .iter()
                .position(|e| e.year == l.year && e.candidates == l.candidates);
            let idx = match existing {
                Some(k) => {
                    let e = &mut r.livelihood[k];
                    if e.count.is_none() {
                        e.count = l.count.clone();
                    }
                    e.count_mentions.extend(l.count_mentions);
                    e.themes.extend(l.themes);
                    e.all_done |= l.all_done;
                    e.plan |= l.plan;
                    Some(k)
                }
                None if r.livelihood.len() < opts.max_items => {
                    r.livelihood.push(l);
                    Some(r.livelihood.len() - 1)
                }
                None => None,
            };
            if lists {
                list_for = idx;
            }
        }
    }

    // Summary names → rows of the table they speak of: the nearest table of the right kind
    // (execution or plan) and year, after the statement if there is one (annexes follow the
    // prose), else before it. One table per statement keeps this linear in the input.
    let mut rows_of: Vec<Vec<usize>> = vec![Vec::new(); r.tables.len()];
    for (k, ind) in r.indicators.iter().enumerate() {
        if let Some(v) = rows_of.get_mut(ind.table_index) {
            v.push(k);
        }
    }
    for sc in &mut r.summary_claims {
        if sc.names.is_empty() {
            continue;
        }
        let fits = |t: &ReadTable| {
            t.has_actual != sc.plan && (sc.year.is_none() || t.year.is_none() || t.year == sc.year)
        };
        let after = r
            .tables
            .iter()
            .filter(|t| fits(t) && t.first_line > sc.line)
            .min_by_key(|t| t.first_line);
        let before = r
            .tables
            .iter()
            .filter(|t| fits(t) && t.first_line <= sc.line)
            .max_by_key(|t| t.first_line);
        let Some(table) = after.or(before) else {
            continue;
        };
        let rows = &rows_of[table.index];
        for n in &mut sc.names {
            n.matched = best_match(
                &n.text,
                rows.iter().map(|&k| (k, r.indicators[k].name.as_str())),
            );
        }
    }
    // Tables are read before the prose: figures in the order of the text.
    r.figures.sort_by_key(|f| f.line);
    if caps.hit {
        diags.push(Diagnostic::new(
            0,
            format!("读取结果超过每类{}条的上限，超出部分未保留", opts.max_items),
            format!(
                "More was read than the {} items of each kind kept at most; the rest was not kept.",
                opts.max_items
            ),
        ));
    }
    if r.tables.is_empty() && r.claims.is_empty() && r.inline.is_empty() && r.measures.is_empty() {
        diags.push(Diagnostic::new(
            0,
            "未读到指标表、目标或数据表述",
            "No indicator table, target or statement of figures was read.",
        ));
    }
    diags.truncate(opts.max_diagnostics);
    r.diagnostics = diags;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_of_place_names() {
        assert_eq!(last_unit("重庆市江北区").as_deref(), Some("江北区"));
        assert_eq!(last_unit("天津市滨海新区").as_deref(), Some("滨海新区"));
        assert_eq!(last_unit("苏州市").as_deref(), Some("苏州市"));
        assert_eq!(last_unit("**市**区"), None);
    }

    #[test]
    fn headings() {
        assert!(matches!(
            heading("一、2023年国民经济和社会发展计划执行情况"),
            Some(Heading::Top {
                role: Some(Role::Actual),
                year: Some(2023)
            })
        ));
        assert!(matches!(
            heading("三、2024年国民经济和社会发展计划重点任务"),
            Some(Heading::Top {
                role: Some(Role::Target),
                year: Some(2024)
            })
        ));
        assert!(matches!(
            heading("(二)约束性指标。"),
            Some(Heading::Sub {
                binding: Some(true),
                ..
            })
        ));
        assert!(matches!(
            heading("2023年经济社会发展主要目标"),
            Some(Heading::Top {
                role: Some(Role::Target),
                ..
            })
        ));
        assert!(heading("一是加速做大金融规模。本外币存贷款余额平均增长6%。").is_none());
    }
}
