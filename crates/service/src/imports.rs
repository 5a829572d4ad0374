//! Importing figures the way offices move them: the plan's indicator sheet (annex layout) and
//! the statistics bureau's monthly tables (`planwatch-office` reads the files).
//!
//! Every import is a dry run first: [`ImportReport`] lists each value as `new`, `changed`
//! (old → new), `unchanged`, `unmatched` (no plan indicator, or an ambiguous name — never
//! guessed) or `refused` (cannot be right), with the cell it came from; file problems are
//! `errors` with sheet, cell, value and what was expected. With `apply`, a report without
//! errors or refusals is written in one transaction — monthly figures and actuals value by value
//! with an audit entry each (and the reason, for values held by a plausibility warning); a new
//! or redefined indicator system as one plan that keeps the stored values, with the sheet's
//! changed targets and actuals written over it the same way, value by value, in the same
//! transaction — and nothing is written otherwise. Judgements are
//! derived from the stored figures, so `evaluate` and the cockpit follow at once.

use crate::{Backend, ServiceError, ServiceResult};
use planwatch_domain::in_year::Period;
use planwatch_domain::indicator::IndicatorKind;
use planwatch_domain::lang::join_messages;
use planwatch_domain::matching::{NameMatch, match_name, normalize};
use planwatch_domain::plausibility::{self, Context, Slot};
use planwatch_domain::{Expr, IndicatorDef, Lang, Message, Plan, Rules};
use planwatch_office::monthly::{Measure, MonthlyFile, Skipped};
use planwatch_office::{CellRef, ImportError, IndicatorSheet};
use planwatch_store::Actor;
use planwatch_store::accounts::FigureWrite;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// What an import does with one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    New,
    Changed,
    Unchanged,
    /// Another value is already stored and is kept (written only when asked to overwrite).
    Conflict,
    Unmatched,
    Refused,
}

impl Action {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Action::New => lang.pick("新增", "new"),
            Action::Changed => lang.pick("修改", "changed"),
            Action::Unchanged => lang.pick("不变", "unchanged"),
            Action::Conflict => lang.pick("冲突", "conflict"),
            Action::Unmatched => lang.pick("未匹配", "unmatched"),
            Action::Refused => lang.pick("拒绝", "refused"),
        }
    }
}

/// One value of the file and what the import does with it.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub region: String,
    pub year: i32,
    /// The plan's indicator name when matched, else the name as the file writes it.
    pub indicator: String,
    /// The row's name as the file writes it.
    pub source: String,
    /// 目标, 全年, 1-3月 …
    pub period: String,
    /// The same in English (target, annual actual, January–March …).
    pub period_en: String,
    #[serde(skip)]
    pub slot: Slot,
    pub old: Option<String>,
    pub new: Option<String>,
    pub action: Action,
    /// 1.0 for an exact name, below for a name matched by similarity.
    pub similarity: Option<f64>,
    pub sheet: String,
    pub cell: String,
    /// Why a value is unmatched or refused, or the warning that holds it (Chinese).
    pub message: Option<String>,
    /// The same in English.
    pub message_en: Option<String>,
    /// Held by a plausibility warning: written only with a reason.
    pub held: bool,
}

/// A problem in the file, located.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub sheet: String,
    /// `D7`; empty for a problem with the whole sheet.
    pub cell: String,
    pub column: Option<String>,
    pub value: String,
    /// What was expected, in both languages (`{"zh", "en"}` in JSON).
    #[serde(serialize_with = "planwatch_domain::lang::both::serialize")]
    pub expected: Message,
}

/// The outcome of an import, dry or applied.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub changes: Vec<Change>,
    pub errors: Vec<Issue>,
    /// Seen in the file and not read (当月 columns, sheets of another shape).
    pub skipped: Vec<Skipped>,
    /// Whether the changes were written.
    pub applied: bool,
    /// What [`apply`] writes.
    #[serde(skip)]
    pending: Pending,
}

impl ImportReport {
    /// A dry run's report: its changes with the expected version of each.
    pub(crate) fn planned(
        changes: Vec<Change>,
        errors: Vec<Issue>,
        skipped: Vec<Skipped>,
        versions: Vec<Option<i64>>,
    ) -> Self {
        ImportReport {
            changes,
            errors,
            skipped,
            applied: false,
            pending: Pending {
                versions,
                plan: None,
            },
        }
    }
}

/// The writes behind a report: each change's expected version, and a whole plan when the
/// indicator system itself changes.
#[derive(Debug, Clone, Default)]
struct Pending {
    versions: Vec<Option<i64>>,
    plan: Option<Plan>,
}

impl ImportReport {
    fn from_errors(errors: Vec<Issue>) -> Self {
        ImportReport {
            changes: Vec::new(),
            errors,
            skipped: Vec::new(),
            applied: false,
            pending: Pending::default(),
        }
    }

    /// How many values take each action.
    pub fn counts(&self) -> BTreeMap<Action, usize> {
        let mut m = BTreeMap::new();
        for c in &self.changes {
            *m.entry(c.action).or_insert(0) += 1;
        }
        m
    }

    /// Whether the file can be applied: no errors, nothing refused.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty() && !self.changes.iter().any(|c| c.action == Action::Refused)
    }

    fn held(&self) -> Vec<&Change> {
        self.changes
            .iter()
            .filter(|c| c.held && matches!(c.action, Action::New | Action::Changed))
            .collect()
    }
}

impl PartialOrd for Action {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Action {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (*self as u8).cmp(&(*other as u8))
    }
}

/// A file's read failure as report errors (content problems cell by cell).
pub fn read_failure(e: &ImportError) -> ImportReport {
    let errors = match e {
        ImportError::Invalid(list) => list
            .0
            .iter()
            .map(|c| Issue {
                sheet: c.sheet.clone(),
                cell: match (&c.letter, c.row) {
                    (Some(l), Some(r)) => format!("{l}{r}"),
                    (None, Some(r)) => format!("第{r}行"),
                    _ => String::new(),
                },
                column: c.column.clone(),
                value: c.value.clone(),
                expected: c.expected.clone(),
            })
            .collect(),
        other => vec![Issue {
            sheet: String::new(),
            cell: String::new(),
            column: None,
            value: String::new(),
            expected: Message::new(other.to_string(), read_failure_en(other)),
        }],
    };
    ImportReport::from_errors(errors)
}

/// A failure to read the file at all, in English.
fn read_failure_en(e: &ImportError) -> String {
    match e {
        ImportError::Io(e) => format!("a file that can be read ({e})"),
        ImportError::Workbook(e) => format!("a workbook that can be opened ({e})"),
        ImportError::Invalid(list) => format!("a file without errors ({} found)", list.0.len()),
    }
}

/// How to apply: the reason for values held by a plausibility warning.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub reason: Option<String>,
}

pub(crate) fn issue_at(at: &CellRef, value: &str, expected: Message) -> Issue {
    Issue {
        sheet: at.sheet.clone(),
        cell: at.cell.clone(),
        column: Some(at.column.clone()),
        value: value.to_string(),
        expected,
    }
}

/// Whether two texts say the same value: equal as written, or the same plain figure in the
/// indicator's unit (`6.10` is `6.1`, `1.2万亿元` is `12000亿元`).
pub(crate) fn same_value(a: &str, b: &str, def: &IndicatorDef) -> bool {
    use planwatch_domain::Form;
    if a.trim() == b.trim() {
        return true;
    }
    let (ea, eb) = (planwatch_text::parse_expr(a), planwatch_text::parse_expr(b));
    match (&ea.form, &eb.form) {
        (Form::Value(x), Form::Value(y)) => {
            let (x, y) = (x.in_unit(&def.unit), y.in_unit(&def.unit));
            x.is_some() && x == y
        }
        (fa, fb) => fa == fb,
    }
}

/// Checks one value with its context and fills the change's action and messages.
#[allow(clippy::too_many_arguments)]
pub(crate) fn judge_value(
    change: &mut Change,
    errors: &mut Vec<Issue>,
    at: &CellRef,
    text: &str,
    def: &IndicatorDef,
    ctx: &Context<'_>,
    rules: &Rules,
) -> Option<Expr> {
    let parsed = planwatch_text::parse_expr(text);
    let verdict = plausibility::check(text, &parsed, def, change.slot, ctx, &rules.plausibility);
    if parsed.is_unparsed() && !verdict.is_refused() {
        let why = parsed
            .diagnostics
            .iter()
            .map(|d| d.zh.as_str())
            .collect::<Vec<_>>()
            .join("；");
        change.action = Action::Refused;
        change.message = Some(format!("无法识别：{why}"));
        change.message_en = Some(format!(
            "cannot be read: {}",
            parsed
                .diagnostics
                .iter()
                .map(|d| d.en.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        ));
        errors.push(issue_at(
            at,
            text,
            Message::new(
                format!("可识别的数值：{why}"),
                format!(
                    "a figure that can be read: {}",
                    join_messages(&parsed.diagnostics, Lang::En)
                ),
            ),
        ));
        return None;
    }
    if verdict.is_refused() {
        change.action = Action::Refused;
        change.message = Some(verdict.summary(Lang::Zh));
        change.message_en = Some(verdict.summary(Lang::En));
        errors.push(issue_at(
            at,
            text,
            Message::new(
                format!("合理的数值：{}", verdict.summary(Lang::Zh)),
                format!("a plausible figure: {}", verdict.summary(Lang::En)),
            ),
        ));
        return None;
    }
    if verdict.needs_reason() {
        change.held = true;
        change.message = Some(verdict.summary(Lang::Zh));
        change.message_en = Some(verdict.summary(Lang::En));
    }
    Some(parsed)
}

pub(crate) fn unmatched_message(m: &NameMatch, names: &[&str]) -> (String, String) {
    match m {
        NameMatch::Ambiguous { candidates } => {
            let list: Vec<String> = candidates
                .iter()
                .map(|(i, s)| format!("{}（{s:.2}）", names[*i]))
                .collect();
            (
                format!("名称不唯一，可能是：{}", list.join("、")),
                format!("ambiguous name; could be: {}", list.join(", ")),
            )
        }
        NameMatch::Unmatched {
            nearest: Some((i, s)),
        } => (
            format!("计划中无此指标（最接近：{}，相似度{s:.2}）", names[*i]),
            format!(
                "no such indicator in the plan (nearest: {}, similarity {s:.2})",
                names[*i]
            ),
        ),
        _ => (
            "计划中无此指标".to_string(),
            "no such indicator in the plan".to_string(),
        ),
    }
}

/// The index of the plan indicator a value is for and the names' similarity, or why there is
/// none (Chinese, English).
pub(crate) type IndicatorMatch = Result<(usize, Option<f64>), (String, String)>;

/// The plan indicator a named value of an outside table is for, with the similarity of the
/// names, or why there is none (Chinese, English). Which indicators a value can be: a growth
/// feeds growth rates, an amount the rest, an unstated measure any.
pub(crate) fn match_indicator(plan: &Plan, name: &str, measure: Measure) -> IndicatorMatch {
    let eligible: Vec<usize> = (0..plan.indicators.len())
        .filter(|&i| {
            let growth = plan.indicators[i].def.kind == IndicatorKind::GrowthRate;
            match measure {
                Measure::Growth => growth,
                Measure::Cumulative => !growth,
                Measure::Unstated => true,
            }
        })
        .collect();
    let names: Vec<&str> = eligible
        .iter()
        .map(|&i| plan.indicators[i].def.name.as_str())
        .collect();
    let wanted = match measure {
        Measure::Growth if !normalize(name).ends_with("增速") => format!("{name}增速"),
        _ => name.to_string(),
    };
    let m = match_name(&wanted, &names);
    match m.index() {
        Some(pos) => Ok((eligible[pos], m.similarity())),
        None => Err(unmatched_message(&m, &names)),
    }
}

/// One region-year of a monthly import, loaded once.
struct Group {
    plan: Option<Plan>,
    last_year: Option<Plan>,
    /// (indicator, month) → (text, version)
    stored: HashMap<(String, u8), (String, i64)>,
}

/// What importing monthly figures would change (nothing is written; see [`apply`]). `region`
/// and `year` are used where the file does not say (a wide sheet); a long file's 地区 and 年度
/// columns win, and a sheet title's year counts only without `year`.
pub async fn monthly_changes(
    store: &dyn Backend,
    file: &MonthlyFile,
    region: Option<&str>,
    year: Option<i32>,
    rules: &Rules,
) -> ServiceResult<ImportReport> {
    let mut errors = Vec::new();
    let mut changes = Vec::new();
    let mut groups: HashMap<(String, i32), Group> = HashMap::new();
    // Each value's place: (region, year, indicator, month) → index of its change.
    let mut targets: HashMap<(String, i32, String, u8), usize> = HashMap::new();
    let mut matches: HashMap<(String, i32, String, Measure), IndicatorMatch> = HashMap::new();
    let mut parsed_values: Vec<Option<Expr>> = Vec::new();
    let mut defs: Vec<Option<IndicatorDef>> = Vec::new();
    for v in &file.values {
        let Some(r) = v.region.as_deref().or(region) else {
            errors.push(issue_at(
                &v.at,
                &v.name,
                Message::new(
                    "地区：文件没有“地区”列时请用 --region 指定",
                    "a region: the file has no “地区” column, so name one (--region)",
                ),
            ));
            continue;
        };
        let y = if v.region.is_some() {
            v.year.or(year)
        } else {
            year.or(v.year)
        };
        let Some(y) = y else {
            errors.push(issue_at(
                &v.at,
                &v.name,
                Message::new(
                    "年度：文件没有“年度”列或标题中的年份时请用 --year 指定",
                    "a year: the file has no “年度” column and no year in its title, so name \
                     one (--year)",
                ),
            ));
            continue;
        };
        let key = (r.to_string(), y);
        if !groups.contains_key(&key) {
            let plan = store.load_plan(r, y).await?;
            let last_year = store.load_plan(r, y - 1).await?;
            let stored = if plan.is_some() {
                store
                    .monthly_figures(r, y)
                    .await?
                    .into_iter()
                    .map(|f| ((f.indicator, f.month), (f.value_text, f.version)))
                    .collect()
            } else {
                HashMap::new()
            };
            groups.insert(
                key.clone(),
                Group {
                    plan,
                    last_year,
                    stored,
                },
            );
        }
        let group = &groups[&key];
        let mut change = Change {
            region: r.to_string(),
            year: y,
            indicator: v.name.clone(),
            source: v.name.clone(),
            period: Period::Month(v.month).label_zh(),
            period_en: Period::Month(v.month).label(Lang::En),
            slot: Slot::Month(v.month),
            old: None,
            new: Some(v.text.clone()),
            action: Action::Unmatched,
            similarity: None,
            sheet: v.at.sheet.clone(),
            cell: v.at.cell.clone(),
            message: None,
            message_en: None,
            held: false,
        };
        let Some(plan) = &group.plan else {
            change.message = Some(format!("数据库中没有{r}{y}年的计划"));
            change.message_en = Some(format!("the database has no plan for {r} {y}"));
            changes.push(change);
            parsed_values.push(None);
            defs.push(None);
            continue;
        };
        let m = matches
            .entry((r.to_string(), y, v.name.clone(), v.measure))
            .or_insert_with(|| match_indicator(plan, &v.name, v.measure))
            .clone();
        let (index, similarity) = match m {
            Ok(found) => found,
            Err((zh, en)) => {
                change.message = Some(zh);
                change.message_en = Some(en);
                changes.push(change);
                parsed_values.push(None);
                defs.push(None);
                continue;
            }
        };
        let ind = &plan.indicators[index];
        change.indicator = ind.def.name.clone();
        change.similarity = similarity;
        // A cumulative figure in another unit keeps its unit, so it converts when judged.
        let text = if v.measure != Measure::Growth
            && !v.unit.is_empty()
            && v.unit != ind.def.unit
            && !(ind.def.kind.is_rate_like() && v.unit == "%")
        {
            format!("{}{}", v.text, v.unit)
        } else {
            v.text.clone()
        };
        change.new = Some(text);
        let place = (r.to_string(), y, ind.def.name.clone(), v.month);
        if let Some(&first) = targets.get(&place) {
            let other: &Change = &changes[first];
            if other.new != change.new {
                errors.push(issue_at(
                    &v.at,
                    &v.text,
                    Message::new(
                        format!(
                            "{}{}只有一个数值（{}{}已是{}）",
                            ind.def.name,
                            change.period,
                            other.sheet,
                            other.cell,
                            other.new.clone().unwrap_or_default()
                        ),
                        format!(
                            "one figure for “{}”, {} ({}!{} already has {})",
                            ind.def.name,
                            Period::Month(v.month).label(Lang::En),
                            other.sheet,
                            other.cell,
                            other.new.clone().unwrap_or_default()
                        ),
                    ),
                ));
            }
            continue;
        }
        targets.insert(place, changes.len());
        changes.push(change);
        parsed_values.push(None);
        defs.push(Some(ind.def.clone()));
    }
    // Plausibility, each value against the month before it (in the file or the store), the
    // target and last year's actual; then old → new.
    let at_of = |c: &Change| CellRef {
        sheet: c.sheet.clone(),
        cell: c.cell.clone(),
        column: String::new(),
    };
    for idx in 0..changes.len() {
        let Some(def) = defs[idx].clone() else {
            continue;
        };
        let (r, y, month) = {
            let c = &changes[idx];
            let Slot::Month(m) = c.slot else { continue };
            (c.region.clone(), c.year, m)
        };
        let group = &groups[&(r.clone(), y)];
        let Some(plan) = &group.plan else { continue };
        let Some(ind) = plan.indicator(&def.name) else {
            continue;
        };
        let previous_text = (1..month).rev().find_map(|pm| {
            targets
                .get(&(r.clone(), y, def.name.clone(), pm))
                .and_then(|&i| changes[i].new.clone())
                .or_else(|| {
                    group
                        .stored
                        .get(&(def.name.clone(), pm))
                        .map(|(t, _)| t.clone())
                })
                .map(|t| (pm, planwatch_text::parse_expr(&t)))
        });
        let last_year_actual = group
            .last_year
            .as_ref()
            .and_then(|p| p.indicator(&def.name))
            .and_then(|i| i.actual.clone());
        let ctx = Context {
            target: Some(&ind.target),
            previous: previous_text.as_ref().map(|(m, e)| (*m, e)),
            last_year_actual: last_year_actual.as_ref(),
        };
        let text = changes[idx].new.clone().unwrap_or_default();
        let at = at_of(&changes[idx]);
        let mut change = changes[idx].clone();
        let parsed = judge_value(&mut change, &mut errors, &at, &text, &def, &ctx, rules);
        if change.action != Action::Refused {
            let old = group.stored.get(&(def.name.clone(), month));
            change.old = old.map(|(t, _)| t.clone());
            change.action = match old {
                None => Action::New,
                Some((t, _)) if same_value(t, &text, &def) => Action::Unchanged,
                Some(_) => Action::Changed,
            };
            if change.action == Action::Unchanged {
                change.held = false;
            }
        }
        changes[idx] = change;
        parsed_values[idx] = parsed;
    }
    let versions = changes
        .iter()
        .map(|c| {
            let Slot::Month(m) = c.slot else { return None };
            groups.get(&(c.region.clone(), c.year)).map(|g| {
                g.stored
                    .get(&(c.indicator.clone(), m))
                    .map(|(_, v)| *v)
                    .unwrap_or(0)
            })
        })
        .collect();
    Ok(ImportReport {
        changes,
        errors,
        skipped: file.skipped.clone(),
        applied: false,
        pending: Pending {
            versions,
            plan: None,
        },
    })
}

/// Writes a dry run's changes in one transaction, or refuses: a report with errors or refused
/// values, or values held by a plausibility warning without `options.reason`, writes nothing.
pub async fn apply(
    store: &dyn Backend,
    report: &mut ImportReport,
    options: &ImportOptions,
    actor: &Actor,
) -> ServiceResult<()> {
    let writes = writes_for(report, options)?;
    match &report.pending.plan {
        Some(plan) => {
            // The plan holds the stored values where the sheet changes them; a blank cell is
            // no figure to write and stays in the plan as it is.
            let writes: Vec<FigureWrite> = writes
                .into_iter()
                .filter(|w| !w.text.trim().is_empty())
                .collect();
            store.save_plan_with_figures(plan, &writes, actor).await?;
        }
        None if !writes.is_empty() => {
            store.write_figures(&writes, actor).await?;
        }
        None => {}
    }
    report.applied = true;
    Ok(())
}

/// The writes of a clean report, or why it cannot be applied.
fn writes_for(report: &ImportReport, options: &ImportOptions) -> ServiceResult<Vec<FigureWrite>> {
    if !report.is_clean() {
        return Err(ServiceError::Refused {
            field: "file",
            message: Message::new(
                format!(
                    "文件有{}处错误、{}个数值被拒绝，未导入任何数据",
                    report.errors.len(),
                    report
                        .changes
                        .iter()
                        .filter(|c| c.action == Action::Refused)
                        .count()
                ),
                format!(
                    "the file has {} errors and {} refused values; nothing was imported",
                    report.errors.len(),
                    report
                        .changes
                        .iter()
                        .filter(|c| c.action == Action::Refused)
                        .count()
                ),
            ),
        });
    }
    let reason = options
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if let Some(r) = reason
        && let Some(f) = plausibility::check_text_length("原因", "reason", r)
    {
        return Err(ServiceError::Refused {
            field: "reason",
            message: f.message,
        });
    }
    let held = report.held();
    if !held.is_empty() && reason.is_none() {
        let list: Vec<String> = held
            .iter()
            .map(|c| {
                format!(
                    "{} {} {}（{}）",
                    c.region,
                    c.indicator,
                    c.period,
                    c.message.clone().unwrap_or_default()
                )
            })
            .collect();
        return Err(ServiceError::NeedsReason {
            what: Message::new(
                format!("{}个数值", held.len()),
                format!("{} values", held.len()),
            ),
            message: Message::new(list.join("；"), list.join("; ")),
        });
    }
    // A target and an actual share their indicator row's version: the batch checks it once.
    let mut rows_seen = std::collections::HashSet::new();
    Ok(report
        .changes
        .iter()
        .zip(report.pending.versions.iter())
        .filter(|(c, _)| matches!(c.action, Action::New | Action::Changed))
        .map(|(c, version)| {
            let first = matches!(c.slot, Slot::Month(_))
                || rows_seen.insert((c.region.clone(), c.year, c.indicator.clone()));
            (c, if first { *version } else { None })
        })
        .map(|(c, version)| FigureWrite {
            region: c.region.clone(),
            year: c.year,
            indicator: c.indicator.clone(),
            slot: c.slot,
            text: c.new.clone().unwrap_or_default(),
            expected_version: version,
            reason: if c.held {
                reason.map(str::to_string)
            } else {
                None
            },
        })
        .collect())
}

/// What importing the indicator sheet as a region-year's plan would change (nothing is
/// written; see [`apply`]). Targets and actuals of indicators already in the plan are compared
/// value by value and written so; a sheet that adds indicators or changes their definitions
/// replaces the plan's indicator system (indicators the sheet does not list are kept after its
/// own, and a sheet without actuals keeps the stored ones) and writes its changed values over
/// it one by one, audited, in the same transaction.
pub async fn indicator_changes(
    store: &dyn Backend,
    sheet: &IndicatorSheet,
    region: &str,
    year: i32,
    rules: &Rules,
) -> ServiceResult<ImportReport> {
    let stored = store.load_plan(region, year).await?;
    let last_year = store.load_plan(region, year - 1).await?;
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    let mut redefined = false;
    for si in &sheet.indicators {
        let old = stored.as_ref().and_then(|p| p.indicator(&si.def.name));
        if old.is_none_or(|o| o.def != si.def || o.seq != si.seq) {
            redefined = true;
        }
        let base = |slot: Slot, at: &CellRef| Change {
            region: region.to_string(),
            year,
            indicator: si.def.name.clone(),
            source: si.def.label(),
            period: slot.label().zh,
            period_en: slot.label().en,
            slot,
            old: None,
            new: None,
            action: Action::New,
            similarity: Some(1.0),
            sheet: at.sheet.clone(),
            cell: at.cell.clone(),
            message: None,
            message_en: None,
            held: false,
        };
        let last_actual = last_year
            .as_ref()
            .and_then(|p| p.indicator(&si.def.name))
            .and_then(|i| i.actual.clone());
        let mut values = vec![(
            Slot::Target,
            Some(si.target.text.clone()),
            si.target_at.clone(),
        )];
        if let Some(at) = &si.actual_at {
            values.push((
                Slot::Actual,
                si.actual.as_ref().map(|a| a.text.clone()),
                at.clone(),
            ));
        } else if old.and_then(|o| o.actual.as_ref()).is_some() {
            // A sheet without the actual keeps the stored one.
        }
        for (slot, text, at) in values {
            let Some(text) = text else { continue };
            let mut change = base(slot, &at);
            change.new = Some(text.clone());
            let ctx = Context {
                target: (slot == Slot::Actual).then_some(&si.target),
                previous: None,
                last_year_actual: last_actual.as_ref(),
            };
            if !text.is_empty() {
                judge_value(&mut change, &mut errors, &at, &text, &si.def, &ctx, rules);
            }
            if change.action != Action::Refused {
                let old_text = old.and_then(|o| match slot {
                    Slot::Target => Some(o.target.text.clone()),
                    _ => o.actual.as_ref().map(|a| a.text.clone()),
                });
                change.old = old_text.clone();
                change.action = match old_text {
                    None if old.is_none() || !text.is_empty() => Action::New,
                    None => Action::Unchanged,
                    Some(t) if same_value(&t, &text, &si.def) => Action::Unchanged,
                    Some(_) => Action::Changed,
                };
                if change.action == Action::Unchanged {
                    change.held = false;
                }
            }
            changes.push(change);
        }
    }
    let versions: HashMap<String, i64> = store
        .indicator_records(region, year)
        .await?
        .into_iter()
        .map(|r| (r.name, r.version))
        .collect();
    let plan = (redefined || stored.is_none()).then(|| {
        let mut plan = sheet.to_plan(region, year);
        // The plan keeps the stored values (none for a new indicator's): each value the sheet
        // changes enters as a figure over it, audited one by one; one it leaves blank is no
        // figure and stays in the plan as the sheet has it.
        for c in changes.iter().filter(|c| {
            c.action == Action::Unchanged || c.new.as_deref().is_some_and(|t| !t.trim().is_empty())
        }) {
            let Some(i) = plan
                .indicators
                .iter_mut()
                .find(|i| i.def.name == c.indicator)
            else {
                continue;
            };
            let old = c.old.as_deref().map(planwatch_text::parse_expr);
            match c.slot {
                Slot::Target => i.target = old.unwrap_or_else(|| planwatch_text::parse_expr("")),
                Slot::Actual => i.actual = old,
                Slot::Month(_) => {}
            }
        }
        if let Some(old) = &stored {
            let mut seq = plan.indicators.iter().map(|i| i.seq).max().unwrap_or(0);
            for o in &old.indicators {
                if plan.indicator(&o.def.name).is_none() {
                    seq += 1;
                    let mut kept = o.clone();
                    kept.seq = seq;
                    plan.indicators.push(kept);
                }
            }
            for i in &mut plan.indicators {
                if i.actual.is_none()
                    && let Some(o) = old.indicator(&i.def.name)
                {
                    i.actual = o.actual.clone();
                }
            }
        }
        plan
    });
    let versions = changes
        .iter()
        .map(|c| versions.get(&c.indicator).copied())
        .collect();
    Ok(ImportReport {
        changes,
        errors,
        skipped: Vec::new(),
        applied: false,
        pending: Pending { versions, plan },
    })
}

/// A stored plan's indicator sheet, or `None` when there is no plan (a blank template with
/// headers only).
pub async fn plan_for_export(
    store: &dyn Backend,
    region: &str,
    year: i32,
) -> ServiceResult<Option<Plan>> {
    Ok(store.load_plan(region, year).await?)
}
