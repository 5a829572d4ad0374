//! A region-year during the year: its plan read against the stored 1-m月 figures (see
//! `planwatch_domain::in_year`), for the cockpit, the API, the CLI and the report.

use crate::{ServiceResult, load_plan};
use planwatch_domain::in_year::{self, InYear, MonthFigure};
use planwatch_domain::{Lang, Rules};
use planwatch_store::AccountStore;
use planwatch_store::accounts::MonthlyFigure;

/// The stored figures, parsed for the domain.
pub fn parse_figures(figures: &[MonthlyFigure]) -> Vec<MonthFigure> {
    figures
        .iter()
        .map(|f| MonthFigure {
            indicator: f.indicator.clone(),
            month: f.month,
            value: planwatch_text::parse_expr(&f.value_text),
        })
        .collect()
}

/// Loads a region-year's plan and monthly figures and reads it at `month` (default: the
/// latest month with figures). `tolerance_pct` is how far behind the time elapsed a level may
/// be and still count as basically on track.
pub async fn in_year(
    store: &dyn AccountStore,
    region: &str,
    year: i32,
    month: Option<u8>,
    rules: &Rules,
    tolerance_pct: u32,
) -> ServiceResult<InYear> {
    in_year_in(store, region, year, month, rules, tolerance_pct, Lang::Zh).await
}

/// [`in_year`] with the explanations written in `lang`.
pub async fn in_year_in(
    store: &dyn AccountStore,
    region: &str,
    year: i32,
    month: Option<u8>,
    rules: &Rules,
    tolerance_pct: u32,
    lang: Lang,
) -> ServiceResult<InYear> {
    let plan = load_plan(store, region, year).await?;
    let figures = parse_figures(&store.monthly_figures(region, year).await?);
    Ok(in_year::build_in(
        &plan,
        &figures,
        month,
        rules,
        tolerance_pct,
        lang,
    ))
}
