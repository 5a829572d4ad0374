//! 报送情况: who still owes figures for a month — the reporting calendar's figures by
//! department, each due, late, submitted or approved (`planwatch_service::figures::owed`).
//! Reporters see their own department only.

use super::{PageCtx, indicator_href, region_year, render};
use crate::AppState;
use crate::error::{PageResult, WebError};
use crate::i18n::Lang;
use crate::util::Params;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use planwatch_domain::calendar::{Day, Standing, reporting_month};
use planwatch_service::figures::{OwedFigure, owed};
use planwatch_store::Role;
use std::collections::HashMap;

pub(crate) fn standing_label(lang: Lang, s: Standing) -> &'static str {
    match lang {
        Lang::Zh => s.label_zh(),
        Lang::En => s.label_en(),
    }
}

/// Today in the app's time zone as a calendar day.
pub fn today(state: &AppState) -> Day {
    let (year, month, day) = state.config().time_zone.today();
    Day { year, month, day }
}

/// How many figures each department of the region-year has late today (for the cockpit), as
/// the department pages count them.
pub async fn late_by_department(
    state: &AppState,
    region: &str,
    year: i32,
) -> Result<Vec<(String, usize)>, WebError> {
    Ok(planwatch_service::departments::late_by_department(
        state.backend(),
        region,
        year,
        today(state),
        &state.config().rules,
    )
    .await?)
}

/// 报送情况 page: `?region=…&year=…&month=…`.
pub async fn figures_due(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let (region, year, years) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let today = today(&state);
    let month = match params.i32("month")? {
        Some(m) if (1..=12).contains(&m) => m as u8,
        Some(m) => {
            return Err(WebError::BadRequest(format!("month must be 1..12, not {m}")).into());
        }
        None => reporting_month(year, today),
    };
    let mut list: Vec<OwedFigure> = owed(
        state.backend(),
        &region,
        year,
        month,
        today,
        &state.config().rules,
    )
    .await?;
    if let Some(u) = &ctx.viewer.user
        && u.role == Role::Reporter
    {
        let own = u.department.clone().unwrap_or_default();
        list.retain(|o| o.department == own);
    }
    let lang = ctx.lang;
    let mut departments: Vec<&str> = list.iter().map(|o| o.department.as_str()).collect();
    departments.dedup();
    let late = list.iter().filter(|o| o.standing == Standing::Late).count();
    let month_label = match lang {
        Lang::Zh => format!("{year}年{month}月"),
        Lang::En => format!("{year}-{month:02}"),
    };
    let extra = html! {
        label { (ctx.t("month")) " "
            select name="month" {
                @for m in 1..=12u8 { option value=(m) selected[m == month] { (m) } }
            }
        }
    };
    let body = html! {
        (super::year_picker(&ctx, "/figures/due", &region, Some(year), &years, extra))
        p.note id="due-summary" {
            (month_label) " · " (ctx.t("owed")) " " (list.len()) " · "
            strong { (standing_label(lang, Standing::Late)) " " (late) }
        }
        table.grid id="due-table" {
            thead { tr {
                th { (ctx.t("departments")) }
                @for s in Standing::ALL { th { (standing_label(lang, s)) } }
                th { (ctx.t("indicators")) }
            } }
            tbody {
                @for d in &departments {
                    @let mine: Vec<&OwedFigure> = list.iter().filter(|o| o.department == *d).collect();
                    tr data-department=(d) {
                        td { (super::departments::department_name(lang, d)) }
                        @for s in Standing::ALL {
                            td class=(s.label_en()) { (mine.iter().filter(|o| o.standing == s).count()) }
                        }
                        td {
                            @for o in &mine {
                                div class={ "owed " (o.standing.label_en()) } {
                                    a href=(indicator_href(&region, year, &o.indicator)) { (o.indicator) }
                                    " · " (o.period) " · " (standing_label(lang, o.standing))
                                    @if o.standing != Standing::Approved {
                                        " · " (ctx.t("due_by")) " " (o.due.to_string())
                                    }
                                    @if let Some(v) = &o.value { " · " (v) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    let title = format!("{region} {} · {month_label}", ctx.t("figures_due"));
    Ok(render(&ctx, &title, body).into_response())
}
