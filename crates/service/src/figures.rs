//! Entering one figure: the plausibility checks every entry point runs before a target, an
//! actual or a monthly figure counts (CLI `actual set`/`target set`, the web entry form, the
//! API), with what they need loaded from the store: the target, the latest earlier 1-m月
//! figure of the year, last year's actual. Imports check their rows with the same
//! [`planwatch_domain::plausibility::check`], passing the file's own earlier months.

use crate::{Backend, ServiceError, ServiceResult, load_plan};
use planwatch_domain::plausibility::{self, Context, Slot, Verdict};
use planwatch_domain::{Expr, Lang, Message, Rules};

/// A figure as someone enters it.
#[derive(Debug, Clone, Copy)]
pub struct FigureEntry<'a> {
    pub region: &'a str,
    pub year: i32,
    pub indicator: &'a str,
    pub slot: Slot,
    /// The text as typed.
    pub text: &'a str,
    /// Why a figure that fails a soft check is entered anyway.
    pub reason: Option<&'a str>,
    /// The reporter's note (情况说明), checked for length.
    pub note: Option<&'a str>,
}

/// A figure that passed: its parsed form, the warnings it passed with (only when a reason was
/// given) and the reason, trimmed.
#[derive(Debug, Clone)]
pub struct AcceptedFigure {
    pub parsed: Expr,
    pub verdict: Verdict,
    pub reason: Option<String>,
}

/// Checks a figure against the store's data and decides: refused, held for a reason, or
/// accepted. Text that cannot be read at all is [`ServiceError::BadExpression`].
pub async fn check_entry(
    store: &dyn Backend,
    entry: &FigureEntry<'_>,
    rules: &Rules,
) -> ServiceResult<AcceptedFigure> {
    let parsed = planwatch_text::parse_expr(entry.text);
    let plan = load_plan(store, entry.region, entry.year).await?;
    let Some(ind) = plan.indicator(entry.indicator) else {
        let names: Vec<&str> = plan
            .indicators
            .iter()
            .map(|i| i.def.name.as_str())
            .collect();
        return Err(planwatch_store::StoreError::NotFound(format!(
            "indicator {:?} in {} {}; known: {}",
            entry.indicator,
            entry.region,
            entry.year,
            names.join("、")
        ))
        .into());
    };
    let last_year = store.load_plan(entry.region, entry.year - 1).await?;
    let last_year_actual = last_year
        .as_ref()
        .and_then(|p| p.indicator(entry.indicator))
        .and_then(|i| i.actual.clone());
    let previous = match entry.slot {
        Slot::Month(m) => store
            .monthly_figures(entry.region, entry.year)
            .await?
            .into_iter()
            .filter(|f| f.indicator == entry.indicator && f.month < m)
            .max_by_key(|f| f.month)
            .map(|f| (f.month, planwatch_text::parse_expr(&f.value_text))),
        _ => None,
    };
    let ctx = Context {
        target: Some(&ind.target),
        previous: previous.as_ref().map(|(m, e)| (*m, e)),
        last_year_actual: last_year_actual.as_ref(),
    };
    let verdict = plausibility::check(
        entry.text,
        &parsed,
        &ind.def,
        entry.slot,
        &ctx,
        &rules.plausibility,
    );
    decide(entry, parsed, verdict)
}

/// Turns a verdict into a refusal, a hold or an acceptance (also used by imports for rows
/// they checked themselves).
pub fn decide(
    entry: &FigureEntry<'_>,
    parsed: Expr,
    verdict: Verdict,
) -> ServiceResult<AcceptedFigure> {
    let what = || {
        let slot = entry.slot.label();
        Message::new(
            format!("{} {}", entry.indicator, slot.zh),
            format!("{} {}", entry.indicator, slot.en),
        )
    };
    if !verdict.is_refused() && parsed.is_unparsed() {
        return Err(ServiceError::BadExpression {
            indicator: entry.indicator.to_string(),
            field: match entry.slot {
                Slot::Target => "target",
                Slot::Actual => "actual",
                Slot::Month(_) => "monthly figure",
            },
            text: entry.text.to_string(),
            reason: parsed.diagnostics.join("; "),
        });
    }
    for (text, zh, en, field) in [
        (entry.note, "说明", "note", "note"),
        (entry.reason, "原因", "reason", "reason"),
    ] {
        if let Some(f) = text.and_then(|t| plausibility::check_text_length(zh, en, t)) {
            return Err(ServiceError::Refused {
                field,
                message: f.message,
            });
        }
    }
    if verdict.is_refused() {
        return Err(ServiceError::Implausible {
            what: what(),
            message: Message::new(verdict.summary(Lang::Zh), verdict.summary(Lang::En)),
        });
    }
    let reason = entry
        .reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    if verdict.needs_reason() && reason.is_none() {
        return Err(ServiceError::NeedsReason {
            what: what(),
            message: Message::new(verdict.summary(Lang::Zh), verdict.summary(Lang::En)),
        });
    }
    Ok(AcceptedFigure {
        parsed,
        verdict,
        reason,
    })
}

/// A direct edit of a figure that was approved (and so locked for reporters) is a correction:
/// it needs a reason, which the audit trail keeps beside the old and the new value.
pub async fn require_correction_reason(
    store: &dyn Backend,
    entry: &FigureEntry<'_>,
) -> ServiceResult<()> {
    let period = match entry.slot {
        Slot::Target => return Ok(()),
        Slot::Actual => planwatch_domain::Period::Annual,
        Slot::Month(m) => planwatch_domain::Period::Month(m),
    };
    let approved = store
        .submissions(&planwatch_store::accounts::SubmissionFilter {
            region: Some(entry.region.to_string()),
            year: Some(entry.year),
            status: Some(planwatch_store::SubmissionStatus::Approved),
            period: Some(period),
            ..Default::default()
        })
        .await?
        .into_iter()
        .find(|s| s.indicator == entry.indicator);
    let has_reason = entry.reason.is_some_and(|r| !r.trim().is_empty());
    match approved {
        Some(s) if !has_reason => {
            let by = s.reviewed_by.unwrap_or_default();
            Err(ServiceError::Refused {
                field: "reason",
                message: Message::new(
                    format!(
                        "{} {}的数值{}已由{}审核通过；更正须说明原因",
                        entry.indicator,
                        entry.slot.label().zh,
                        s.value_text,
                        by
                    ),
                    format!(
                        "{} {}: the value {} was approved by {}; a correction needs a reason",
                        entry.indicator,
                        entry.slot.label().en,
                        s.value_text,
                        by
                    ),
                ),
            })
        }
        _ => Ok(()),
    }
}

/// One figure owed in a month, and where it stands.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OwedFigure {
    pub region: String,
    pub year: i32,
    /// 责任单位; 未指定 when the indicator names none.
    pub department: String,
    pub indicator: String,
    pub frequency: planwatch_domain::calendar::Frequency,
    /// The month of the calendar the figure is owed for.
    pub month: u8,
    /// 1-3月, or 全年 for an annual indicator.
    pub period: String,
    pub due: planwatch_domain::calendar::Day,
    pub standing: planwatch_domain::calendar::Standing,
    /// The stored (approved) or submitted value.
    pub value: Option<String>,
}

/// What each department owes for month `month` of a region-year on `today`: every indicator
/// whose calendar has a figure that month, due, late, submitted or approved, by department.
pub async fn owed(
    store: &dyn Backend,
    region: &str,
    year: i32,
    month: u8,
    today: planwatch_domain::calendar::Day,
    rules: &Rules,
) -> ServiceResult<Vec<OwedFigure>> {
    owed_months(store, region, year, month..=month, today, rules).await
}

/// [`owed`] for several months at once (the plan, figures and submissions loaded once), month
/// by month, each month's figures by department.
pub async fn owed_months(
    store: &dyn Backend,
    region: &str,
    year: i32,
    months: std::ops::RangeInclusive<u8>,
    today: planwatch_domain::calendar::Day,
    rules: &Rules,
) -> ServiceResult<Vec<OwedFigure>> {
    use planwatch_domain::calendar::{CalendarRules, Frequency};
    use planwatch_store::SubmissionStatus;
    if let Some(month) = [*months.start(), *months.end()]
        .into_iter()
        .find(|m| !(1..=12).contains(m))
    {
        return Err(ServiceError::Refused {
            field: "month",
            message: Message::new(
                format!("月份应为1到12，不是{month}"),
                format!("the month must be 1..12, not {month}"),
            ),
        });
    }
    let plan = load_plan(store, region, year).await?;
    let monthly = store.monthly_figures(region, year).await?;
    let subs = store
        .submissions(&planwatch_store::accounts::SubmissionFilter {
            region: Some(region.to_string()),
            year: Some(year),
            ..Default::default()
        })
        .await?;
    let mut out = Vec::new();
    for month in months {
        let mut this_month = Vec::new();
        for ind in &plan.indicators {
            let name = &ind.def.name;
            let Some(due) = rules.calendar.due_date(name, year, month) else {
                continue;
            };
            let (frequency, _) = rules.calendar.schedule(name);
            let period = if frequency == Frequency::Annual {
                planwatch_domain::Period::Annual
            } else {
                planwatch_domain::Period::Month(month)
            };
            let sub = |status: SubmissionStatus| {
                subs.iter()
                    .find(|s| &s.indicator == name && s.period == period && s.status == status)
            };
            let stored = match period {
                planwatch_domain::Period::Annual => ind
                    .actual
                    .as_ref()
                    .filter(|a| !a.is_pending())
                    .map(|a| a.text.clone()),
                planwatch_domain::Period::Month(m) => monthly
                    .iter()
                    .find(|f| &f.indicator == name && f.month == m)
                    .map(|f| f.value_text.clone()),
            };
            let approved = stored.is_some() || sub(SubmissionStatus::Approved).is_some();
            let submitted = sub(SubmissionStatus::Submitted);
            this_month.push(OwedFigure {
                region: region.to_string(),
                year,
                department: ind
                    .def
                    .department
                    .clone()
                    .filter(|d| !d.trim().is_empty())
                    .unwrap_or_else(|| planwatch_domain::assessment::UNASSIGNED.into()),
                indicator: name.clone(),
                frequency,
                month,
                period: period.label_zh(),
                due,
                standing: CalendarRules::standing(due, today, submitted.is_some(), approved),
                value: stored.or_else(|| submitted.map(|s| s.value_text.clone())),
            });
        }
        this_month.sort_by(|a, b| a.department.cmp(&b.department));
        out.append(&mut this_month);
    }
    Ok(out)
}

/// The reporter's own note (情况说明) entered with a figure: what a department says about a
/// lag, shown beside it wherever the figure explains one (the cockpit's lagging list, the
/// indicator page).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FigureNote {
    pub indicator: String,
    /// The department that entered the figure.
    pub department: String,
    /// The figure's period: a 1-m月 figure or the year's actual.
    pub period: planwatch_domain::Period,
    pub note: String,
    /// Whether the figure was approved (else it is submitted and awaits review).
    pub approved: bool,
}

/// Each indicator's latest note among the submitted and approved figures of a region-year:
/// the latest period wins (the year's actual after every month), at the same period an
/// approved figure before one still awaiting review. Drafts and returned figures are not the
/// department's word yet, and blank notes say nothing.
pub async fn figure_notes(
    store: &dyn Backend,
    region: &str,
    year: i32,
) -> ServiceResult<std::collections::HashMap<String, FigureNote>> {
    use planwatch_domain::Period;
    use planwatch_store::SubmissionStatus;
    let subs = store
        .submissions(&planwatch_store::accounts::SubmissionFilter {
            region: Some(region.to_string()),
            year: Some(year),
            ..Default::default()
        })
        .await?;
    let rank = |period: Period, approved: bool| {
        let p = match period {
            Period::Month(m) => m,
            Period::Annual => 13,
        };
        (p, approved)
    };
    let mut latest: std::collections::HashMap<String, FigureNote> = Default::default();
    for s in subs {
        let approved = match s.status {
            SubmissionStatus::Approved => true,
            SubmissionStatus::Submitted => false,
            SubmissionStatus::Draft | SubmissionStatus::Returned => continue,
        };
        let Some(note) = s.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) else {
            continue;
        };
        let newer = latest
            .get(&s.indicator)
            .is_none_or(|n| rank(s.period, approved) >= rank(n.period, n.approved));
        if newer {
            latest.insert(
                s.indicator.clone(),
                FigureNote {
                    indicator: s.indicator,
                    department: s.department,
                    period: s.period,
                    note: note.to_string(),
                    approved,
                },
            );
        }
    }
    Ok(latest)
}
