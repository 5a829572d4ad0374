//! 数据发布: the DRC publishes a month's figures (or a year's actuals) when it has checked
//! them as a whole; until then approved figures and entries are working data, seen inside the
//! government only. The public and deputies read the published view of the store (see
//! [`crate::AppState::data`]), and [`published_note`] tells them when what they see was
//! published and which figures were corrected after publication.

use super::{PageCtx, region_year, render};
use crate::AppState;
use crate::auth::CSRF_FIELD;
use crate::error::{PageResult, WebError};
use crate::i18n::{Lang, period_label};
use crate::util::{Params, enc};
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use planwatch_store::{Period, PublicationRecord, PublishedFigure};
use std::collections::{BTreeMap, HashMap};

/// `全年` / `1-6月`, as the period of a publication.
pub fn publication_period(lang: Lang, period: u8) -> String {
    period_label(
        lang,
        if period == 0 {
            Period::Annual
        } else {
            Period::Month(period)
        },
    )
}

/// One period of a region-year as the DRC decides on it: the working figures against the
/// published ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodState {
    /// 0: the year's actuals; 1..=12: a month's cumulative figures.
    pub period: u8,
    pub working: usize,
    /// Working figures not published yet, or published with another value.
    pub unpublished: usize,
    pub last: Option<PublicationRecord>,
}

/// Compares the working figures of every period with the published ones. `working` holds
/// (indicator, period, value).
pub fn period_states(
    working: &[(String, u8, String)],
    published: &[PublishedFigure],
    publications: &[PublicationRecord],
) -> Vec<PeriodState> {
    let published: HashMap<(&str, u8), &str> = published
        .iter()
        .map(|f| ((f.indicator.as_str(), f.period), f.value_text.as_str()))
        .collect();
    let mut by_period: BTreeMap<u8, PeriodState> = BTreeMap::new();
    for (indicator, period, value) in working {
        let s = by_period.entry(*period).or_insert(PeriodState {
            period: *period,
            working: 0,
            unpublished: 0,
            last: None,
        });
        s.working += 1;
        if published.get(&(indicator.as_str(), *period)) != Some(&value.as_str()) {
            s.unpublished += 1;
        }
    }
    // Publications are newest first: the first of a period is its latest.
    for p in publications {
        let s = by_period.entry(p.period).or_insert(PeriodState {
            period: p.period,
            working: 0,
            unpublished: 0,
            last: None,
        });
        if s.last.is_none() {
            s.last = Some(p.clone());
        }
    }
    by_period.into_values().collect()
}

/// The working figures of a region-year: actuals (period 0) and monthly figures.
async fn working_figures(
    state: &AppState,
    region: &str,
    year: i32,
) -> Result<Vec<(String, u8, String)>, WebError> {
    let mut out: Vec<(String, u8, String)> = state
        .data()
        .indicator_records(region, year)
        .await?
        .into_iter()
        .filter_map(|r| r.actual_text.map(|a| (r.name, 0, a)))
        .collect();
    out.extend(
        state
            .store()
            .monthly_figures(region, year)
            .await?
            .into_iter()
            .map(|f| (f.indicator, f.month, f.value_text)),
    );
    Ok(out)
}

/// When what the page shows was published, and the corrections since: shown on the pages the
/// public and deputies read. Inside the government it says the page shows working data.
pub async fn published_note(
    state: &AppState,
    ctx: &PageCtx,
    region: &str,
    year: i32,
) -> Result<Markup, WebError> {
    let lang = ctx.lang;
    let publications = state.db().publications(region, Some(year)).await?;
    let figures = state.db().published_figures(region, year).await?;
    let mut latest: BTreeMap<u8, &PublicationRecord> = BTreeMap::new();
    for p in &publications {
        latest.entry(p.period).or_insert(p);
    }
    let corrected: Vec<&PublishedFigure> = figures
        .iter()
        .filter(|f| f.previous_text.is_some())
        .collect();
    let published_only = crate::sees_published_only(&ctx.viewer);
    Ok(html! {
        div.publication id="publication-note" data-published=(publications.len()) {
            @if published_only {
                @if latest.is_empty() {
                    p.note { (lang.pick("本年度数据尚未发布。", "Nothing of this year has been published yet.")) }
                } @else {
                    p.note {
                        (lang.pick("本页为已发布数据：", "Published data: "))
                        @for (i, (period, p)) in latest.iter().enumerate() {
                            @if i > 0 { (lang.pick("；", "; ")) }
                            (publication_period(lang, *period)) " "
                            span.published-at { (ctx.time(p.published_at)) }
                            (lang.pick(" 发布", " published"))
                            @if p.revision > 1 {
                                (match lang { Lang::Zh => format!("（第{}次发布）", p.revision), Lang::En => format!(" (revision {})", p.revision) })
                            }
                        }
                    }
                }
            } @else {
                p.note { (lang.pick("本页为工作数据（含未发布的数据）；公众和人大代表看到的是已发布数据。",
                    "Working data, including what is not published yet; the public and deputies see published data.")) }
            }
            @if !corrected.is_empty() {
                ul.corrections id="corrections" {
                    @for f in &corrected {
                        li data-indicator=(f.indicator) {
                            (lang.pick("更正：", "Corrected: ")) (f.indicator) " " (publication_period(lang, f.period)) " "
                            @match lang {
                                Lang::Zh => { "原发布" (f.previous_text.as_deref().unwrap_or("")) "，更正为" (f.value_text) }
                                Lang::En => { "published as " (f.previous_text.as_deref().unwrap_or("")) ", corrected to " (f.value_text) }
                            }
                            @if let Some(t) = f.corrected_at { "（" (ctx.time(t)) "）" }
                        }
                    }
                }
            }
        }
    })
}

/// 数据发布: each period's working and published state, and publishing one.
pub async fn publish_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult<Response> {
    let params = Params(q);
    let lang = ctx.lang;
    let (region, year, years) = region_year(&state, &params).await?;
    let Some(year) = year else {
        return Err(WebError::NotFound(ctx.t("no_plan").to_string()).into());
    };
    let working = working_figures(&state, &region, year).await?;
    let published = state.db().published_figures(&region, year).await?;
    let publications = state.db().publications(&region, Some(year)).await?;
    let states = period_states(&working, &published, &publications);
    let admin = ctx.viewer.is_admin();
    let body = html! {
        (super::year_picker(&ctx, "/publish", &region, Some(year), &years, html! {}))
        @if let Some(p) = params.str("published") { p.ok id="published" { (lang.pick("已发布：", "Published: ")) (p) } }
        p.note { (lang.pick("审核通过的数据先作为工作数据；发布后公众和人大代表才能看到。再次发布为新的一版，已发布数值的改动显示为更正。",
            "Approved figures are working data until published; only then do the public and deputies see them. Publishing again makes a new revision; a changed value shows as a correction.")) }
        @if states.is_empty() { p.note { (lang.pick("本年度还没有数据。", "No figures for this year yet.")) } } @else {
            table.grid id="publish-table" {
                thead { tr {
                    th { (lang.pick("期间", "Period")) } th { (lang.pick("工作数据", "Working figures")) }
                    th { (lang.pick("未发布或已改动", "Unpublished or changed")) } th { (lang.pick("最近发布", "Last published")) } th {}
                } }
                tbody {
                    @for s in &states {
                        tr data-period=(s.period) data-unpublished=(s.unpublished) {
                            td { (publication_period(lang, s.period)) }
                            td.num { (s.working) }
                            td.num { (s.unpublished) }
                            td {
                                @if let Some(p) = &s.last {
                                    (ctx.time(p.published_at)) " · " (p.published_by)
                                    @match lang {
                                        Lang::Zh => { "（第" (p.revision) "次" @if p.corrections > 0 { "，更正" (p.corrections) "项" } "）" }
                                        Lang::En => { " (revision " (p.revision) @if p.corrections > 0 { ", " (p.corrections) " corrected" } ")" }
                                    }
                                } @else { (lang.pick("未发布", "Not published")) }
                            }
                            td {
                                @if admin && s.working > 0 {
                                    form.inline method="post" action="/publish" {
                                        input type="hidden" name=(CSRF_FIELD) value=(ctx.form_token);
                                        input type="hidden" name="region" value=(region);
                                        input type="hidden" name="year" value=(year);
                                        input type="hidden" name="period" value=(s.period);
                                        input type="text" name="note" size="14" placeholder=(lang.pick("发布说明", "Note"));
                                        button.primary type="submit" disabled[s.unpublished == 0 && s.last.is_some()] {
                                            @if s.last.is_some() { (lang.pick("再次发布", "Publish again")) } @else { (lang.pick("发布", "Publish")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { (lang.pick("发布记录", "Publications")) }
        @if publications.is_empty() { p.note { (ctx.t("none")) } } @else {
            table.grid id="publications" {
                thead { tr {
                    th { (lang.pick("期间", "Period")) } th { (lang.pick("版次", "Revision")) } th { (lang.pick("发布时间", "Published")) }
                    th { (lang.pick("发布人", "By")) } th { (lang.pick("数据项", "Figures")) } th { (lang.pick("新发布", "New")) }
                    th { (lang.pick("更正", "Corrections")) } th { (ctx.t("note")) }
                } }
                tbody {
                    @for p in &publications {
                        tr {
                            td { (publication_period(lang, p.period)) } td.num { (p.revision) } td { (ctx.time(p.published_at)) }
                            td { (p.published_by) } td.num { (p.figures) } td.num { (p.new_figures) } td.num { (p.corrections) }
                            td { (p.note.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
        }
    };
    let title = format!("{region} {year} {}", lang.pick("数据发布", "Publishing"));
    Ok(render(&ctx, &title, body).into_response())
}

/// Parses a publication's period: `0` or `annual` for the year's actuals, 1..12 for a month.
pub fn parse_publication_period(text: Option<&str>) -> Result<u8, WebError> {
    match text.map(str::trim) {
        Some("annual") | Some("0") => Ok(0),
        Some(t) => match t.parse::<u8>() {
            Ok(m) if (1..=12).contains(&m) => Ok(m),
            _ => Err(WebError::BadRequest(format!(
                "period must be 0 (the year's actuals) or 1..12, not {t:?}"
            ))),
        },
        None => Err(WebError::BadRequest("period missing".into())),
    }
}

/// Publishes one period (DRC only; the route table enforces it).
pub async fn publish_submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(f): Form<HashMap<String, String>>,
) -> PageResult<Response> {
    let region = f
        .get("region")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| WebError::BadRequest("region missing".into()))?;
    let year: i32 = f
        .get("year")
        .and_then(|y| y.trim().parse().ok())
        .ok_or_else(|| WebError::BadRequest("year missing or not a number".into()))?;
    let period = parse_publication_period(f.get("period").map(String::as_str))?;
    let p = state
        .db()
        .publish(
            &region,
            year,
            period,
            f.get("note").map(String::as_str),
            &ctx.viewer.actor(),
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/publish?region={}&year={year}&published={}",
        enc(&region),
        enc(&publication_period(ctx.lang, p.period))
    ))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(indicator: &str, period: u8, value: &str) -> PublishedFigure {
        PublishedFigure {
            indicator: indicator.into(),
            period,
            value_text: value.into(),
            published_at: 1,
            previous_text: None,
            corrected_at: None,
            version: 1,
        }
    }

    #[test]
    fn periods_count_what_is_not_published_yet() {
        let working = vec![
            ("GDP".to_string(), 0, "6.2".to_string()),
            ("FDI".to_string(), 0, "3".to_string()),
            ("GDP".to_string(), 6, "5.8".to_string()),
        ];
        let published = [figure("GDP", 0, "6.0"), figure("FDI", 0, "3")];
        let s = period_states(&working, &published, &[]);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].period, s[0].working, s[0].unpublished), (0, 2, 1));
        assert_eq!((s[1].period, s[1].working, s[1].unpublished), (6, 1, 1));
        assert!(s.iter().all(|p| p.last.is_none()));
    }

    #[test]
    fn publication_periods_parse() {
        assert_eq!(parse_publication_period(Some("annual")).ok(), Some(0));
        assert_eq!(parse_publication_period(Some("6")).ok(), Some(6));
        assert!(parse_publication_period(Some("13")).is_err());
        assert!(parse_publication_period(None).is_err());
        assert_eq!(publication_period(Lang::Zh, 6), "1-6月");
        assert_eq!(publication_period(Lang::Zh, 0), "全年");
    }
}
