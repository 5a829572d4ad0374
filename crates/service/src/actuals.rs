//! Filling a region-year's actuals from a published report's figures: a statistical bulletin
//! (统计公报), a work report's appendix, any document `planwatch-reader` reads figures from.
//!
//! [`fill_changes`] is a dry run, an [`ImportReport`] like the other imports: each figure's
//! level and growth matched to the plan's indicators by name (growth figures to growth-rate
//! indicators, levels to the rest, with the similarity shown) and unit (a level in another unit
//! of the same measure keeps its unit and converts; one that cannot convert is unmatched), then
//! checked for plausibility and compared with the stored actual:
//!
//! - no actual stored → `new`; the same value → `unchanged`;
//! - another actual stored → `conflict`: the stored value is kept, because an approved figure
//!   is changed only on purpose. With `overwrite` it becomes `changed` and is written as a
//!   correction (the CLI asks for a reason then).
//!
//! Figures of other periods (a 2011年 column, 五年累计) are listed as skipped. Two figures of the
//! file that land on one indicator with different values are both left unmatched: which one is
//! meant is for a person to say. [`crate::imports::apply`] writes the result in one
//! transaction, each value audited; judgements follow from the stored figures.

use crate::imports::{
    Action, Change, ImportReport, Issue, judge_value, match_indicator, same_value,
};
use crate::{Backend, ServiceResult};
use planwatch_domain::plausibility::{Context, Slot};
use planwatch_domain::{Plan, Quantity, Rules};
use planwatch_office::CellRef;
use planwatch_office::monthly::{Measure, Skipped};
use planwatch_reader::ReadFigure;
use std::collections::HashMap;

/// One value a figure offers: its level or its growth.
struct Offer<'a> {
    figure: &'a ReadFigure,
    measure: Measure,
    /// The value as it would be stored.
    text: String,
}

/// The values of a figure: the level (with its unit when the indicator's differs) and the
/// growth in percent.
fn offers(f: &ReadFigure) -> Vec<Offer<'_>> {
    let mut out = Vec::new();
    if let Some(v) = f.value {
        out.push(Offer {
            figure: f,
            measure: Measure::Cumulative,
            text: v.normalize().to_string(),
        });
    }
    if let Some(g) = f.growth {
        out.push(Offer {
            figure: f,
            measure: Measure::Growth,
            text: g.normalize().to_string(),
        });
    }
    out
}

/// The figure's name as the plan would say it: the measure of a row with several is part of
/// the name (钢材 出口数量).
fn figure_label(f: &ReadFigure) -> String {
    match &f.measure {
        Some(m) => format!("{}{m}", f.name),
        None => f.name.clone(),
    }
}

/// The stored text of a level in the indicator's unit: as printed when the units agree, with
/// its unit when it converts, `None` when it cannot be the indicator's measure.
fn level_text(text: &str, unit: &str, plan_unit: &str, rate_like: bool) -> Option<String> {
    if unit == plan_unit || (rate_like && unit == "%" && plan_unit.is_empty()) {
        return Some(text.to_string());
    }
    let value = text.parse().ok()?;
    Quantity::new(value, unit)
        .in_unit(plan_unit)
        .map(|_| format!("{text}{unit}"))
}

/// What filling `region`'s `year` actuals from `figures` would do (nothing is written; see
/// [`crate::imports::apply`]). `source` names the file in each change.
pub async fn fill_changes(
    store: &dyn Backend,
    figures: &[ReadFigure],
    source: &str,
    region: &str,
    year: i32,
    overwrite: bool,
    rules: &Rules,
) -> ServiceResult<ImportReport> {
    let plan = store.load_plan(region, year).await?;
    let last_year = store.load_plan(region, year - 1).await?;
    let versions: HashMap<String, i64> = store
        .indicator_records(region, year)
        .await?
        .into_iter()
        .map(|r| (r.name, r.version))
        .collect();
    let mut changes: Vec<Change> = Vec::new();
    let mut errors: Vec<Issue> = Vec::new();
    let mut skipped = Vec::new();
    let at_of = |f: &ReadFigure| CellRef {
        sheet: source.to_string(),
        cell: format!("第{}行", f.line),
        column: String::new(),
    };
    for f in figures {
        // A figure of another single year, or of a span, is not this year's actual.
        let other_period = match (f.year, &f.period) {
            (Some(y), _) => y != year,
            (None, Some(_)) => true,
            (None, None) => false,
        };
        if other_period {
            skipped.push(Skipped {
                sheet: source.to_string(),
                cell: format!("第{}行", f.line),
                value: figure_label(f),
                reason: planwatch_domain::Message::new(
                    format!(
                        "{}的数据，不是{year}年的",
                        f.period.clone().unwrap_or_default()
                    ),
                    match (f.year, &f.period) {
                        (Some(y), _) => format!("a figure of {y}, not of {year}"),
                        (None, p) => format!(
                            "a figure of “{}”, not of {year}",
                            p.clone().unwrap_or_default()
                        ),
                    },
                ),
            });
            continue;
        }
        for offer in offers(f) {
            let at = at_of(f);
            let mut change = Change {
                region: region.to_string(),
                year,
                indicator: figure_label(f),
                source: figure_label(f),
                period: match offer.measure {
                    Measure::Growth => f.growth_basis.clone().unwrap_or_else(|| "增长".to_string()),
                    _ => f.unit.clone(),
                },
                period_en: match (offer.measure, &f.growth_basis) {
                    (Measure::Growth, Some(basis)) => format!("growth (“{basis}”)"),
                    (Measure::Growth, None) => "growth".to_string(),
                    _ => planwatch_domain::lang::unit_label(&f.unit, planwatch_domain::Lang::En),
                },
                slot: Slot::Actual,
                old: None,
                new: Some(offer.text.clone()),
                action: Action::Unmatched,
                similarity: None,
                sheet: at.sheet.clone(),
                cell: at.cell.clone(),
                message: None,
                message_en: None,
                held: false,
            };
            let Some(plan) = &plan else {
                change.message = Some(format!("数据库中没有{region}{year}年的计划"));
                change.message_en = Some(format!("the database has no plan for {region} {year}"));
                changes.push(change);
                continue;
            };
            let (index, similarity) =
                match match_indicator(plan, &figure_label(offer.figure), offer.measure) {
                    Ok(found) => found,
                    Err((zh, en)) => {
                        change.message = Some(zh);
                        change.message_en = Some(en);
                        changes.push(change);
                        continue;
                    }
                };
            let ind = &plan.indicators[index];
            change.indicator = ind.def.name.clone();
            change.similarity = similarity;
            let text = match offer.measure {
                Measure::Growth => Some(offer.text.clone()),
                _ => level_text(
                    &offer.text,
                    &f.unit,
                    &ind.def.unit,
                    ind.def.kind.is_rate_like(),
                ),
            };
            let Some(text) = text else {
                change.indicator = figure_label(f);
                change.message = Some(format!(
                    "单位不符：文件为“{}”，指标“{}”为“{}”",
                    f.unit, ind.def.name, ind.def.unit
                ));
                change.message_en = Some(format!(
                    "units differ: the file says “{}”, indicator “{}” is in “{}”",
                    f.unit, ind.def.name, ind.def.unit
                ));
                changes.push(change);
                continue;
            };
            change.new = Some(text.clone());
            let last_actual = last_year
                .as_ref()
                .and_then(|p: &Plan| p.indicator(&ind.def.name))
                .and_then(|i| i.actual.clone());
            let ctx = Context {
                target: Some(&ind.target),
                previous: None,
                last_year_actual: last_actual.as_ref(),
            };
            judge_value(&mut change, &mut errors, &at, &text, &ind.def, &ctx, rules);
            if change.action != Action::Refused {
                change.old = ind.actual.as_ref().map(|a| a.text.clone());
                change.action = match &change.old {
                    None => Action::New,
                    Some(old) if same_value(old, &text, &ind.def) => Action::Unchanged,
                    Some(_) if overwrite => Action::Changed,
                    Some(_) => Action::Conflict,
                };
                if matches!(change.action, Action::Unchanged | Action::Conflict) {
                    change.held = false;
                }
                if change.action == Action::Changed && !change.held {
                    // Replacing a stored actual is a correction: it needs a reason.
                    change.held = true;
                    change.message = Some("更正已有实际值，需说明原因".into());
                    change.message_en = Some("corrects a stored actual; needs a reason".into());
                }
                if change.action == Action::Conflict {
                    change.message =
                        Some("已有不同的实际值，保留已有值（加 --overwrite 以文件为准）".into());
                    change.message_en = Some(
                        "another actual is stored and kept (--overwrite takes the file's)".into(),
                    );
                }
            }
            changes.push(change);
        }
    }
    disagreeing_figures(&mut changes);
    let versions = changes
        .iter()
        .map(|c| versions.get(&c.indicator).copied())
        .collect();
    Ok(ImportReport::planned(changes, errors, skipped, versions))
}

/// Two values of the file for one indicator: the same value counts once; different values are
/// both left unmatched, naming each other.
fn disagreeing_figures(changes: &mut [Change]) {
    let mut first: HashMap<String, usize> = HashMap::new();
    for k in 0..changes.len() {
        if matches!(changes[k].action, Action::Unmatched | Action::Refused) {
            continue;
        }
        let Some(&j) = first.get(&changes[k].indicator) else {
            first.insert(changes[k].indicator.clone(), k);
            continue;
        };
        if changes[j].new == changes[k].new {
            changes[k].action = Action::Unchanged;
            changes[k].message = Some(format!("与{}的数值相同", changes[j].cell));
            changes[k].message_en = Some(format!("the same value as at {}", changes[j].cell));
            changes[k].held = false;
            continue;
        }
        let (a, b) = (changes[j].clone(), changes[k].clone());
        for (x, other) in [(j, &b), (k, &a)] {
            let c = &mut changes[x];
            c.action = Action::Unmatched;
            c.held = false;
            c.message = Some(format!(
                "文件中“{}”另有不同数值（{}为{}），未采用",
                c.indicator,
                other.cell,
                other.new.clone().unwrap_or_default()
            ));
            c.message_en = Some(format!(
                "the file gives “{}” another value ({} says {}); not used",
                c.indicator,
                other.cell,
                other.new.clone().unwrap_or_default()
            ));
        }
    }
}
