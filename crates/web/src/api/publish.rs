//! Publishing as JSON: a region-year's publications with the published figures (corrections
//! keep the value they replaced), and publishing a period (the DRC).

use super::{ApiJson, int_param};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::{ApiResult, ErrorBody};
use crate::pages::publish::parse_publication_period;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use planwatch_store::{PublicationRecord, PublishedFigure};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One publication of a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicationView {
    pub id: i64,
    pub region: String,
    pub year: i32,
    /// 0: the year's actuals; 1..12: the 1-m月 cumulative figures of month m.
    pub period: u8,
    /// 1 for the first publication of the period, then 2, 3…
    pub revision: i64,
    /// Unix seconds.
    pub published_at: i64,
    pub published_by: String,
    pub note: Option<String>,
    /// How many figures the period holds.
    pub figures: i64,
    /// How many were published for the first time.
    pub new_figures: i64,
    /// How many changed a value published before.
    pub corrections: i64,
}

impl From<PublicationRecord> for PublicationView {
    fn from(p: PublicationRecord) -> Self {
        PublicationView {
            id: p.id,
            region: p.region,
            year: p.year,
            period: p.period,
            revision: p.revision,
            published_at: p.published_at,
            published_by: p.published_by,
            note: p.note,
            figures: p.figures,
            new_figures: p.new_figures,
            corrections: p.corrections,
        }
    }
}

/// A published figure, with its correction if any.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedFigureView {
    pub indicator: String,
    /// 0: the year's actual; 1..12: a monthly cumulative figure.
    pub period: u8,
    pub value_text: String,
    /// When it was first published (Unix seconds).
    pub published_at: i64,
    /// The value the last correction replaced.
    pub previous_text: Option<String>,
    pub corrected_at: Option<i64>,
    pub version: i64,
}

impl From<PublishedFigure> for PublishedFigureView {
    fn from(f: PublishedFigure) -> Self {
        PublishedFigureView {
            indicator: f.indicator,
            period: f.period,
            value_text: f.value_text,
            published_at: f.published_at,
            previous_text: f.previous_text,
            corrected_at: f.corrected_at,
            version: f.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicationsView {
    /// Newest first.
    pub publications: Vec<PublicationView>,
    pub figures: Vec<PublishedFigureView>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PublishRequest {
    /// 0 for the year's actuals, 1..12 for a month's cumulative figures.
    pub period: u8,
    pub note: Option<String>,
}

/// What has been published of a region-year, and when.
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/publications", tag = "publishing",
    params(("region" = String, Path), ("year" = i32, Path)),
    responses((status = 200, description = "Publications and published figures", body = PublicationsView)))]
pub async fn publications(
    State(state): State<AppState>,
    Path((region, year)): Path<(String, String)>,
) -> ApiResult<Json<PublicationsView>> {
    let year: i32 = int_param("year", &year)?;
    let publications = state.db().publications(&region, Some(year)).await?;
    let figures = state.db().published_figures(&region, year).await?;
    Ok(Json(PublicationsView {
        publications: publications.into_iter().map(Into::into).collect(),
        figures: figures.into_iter().map(Into::into).collect(),
    }))
}

/// Publishes a period: its figures as they stand, and the year's ledgers.
#[utoipa::path(post, path = "/api/v1/regions/{region}/years/{year}/publications", tag = "publishing",
    params(("region" = String, Path), ("year" = i32, Path)),
    request_body = PublishRequest,
    responses((status = 201, description = "Published", body = PublicationView),
        (status = 400, description = "The period cannot be read", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not allowed", body = ErrorBody),
        (status = 404, description = "No plan for the year", body = ErrorBody),
        (status = 422, description = "The period holds no figure", body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((region, year)): Path<(String, String)>,
    ApiJson(body): ApiJson<PublishRequest>,
) -> ApiResult<Response> {
    let year: i32 = int_param("year", &year)?;
    let period = parse_publication_period(Some(&body.period.to_string()))?;
    let p = state
        .db()
        .publish(&region, year, period, body.note.as_deref(), &viewer.actor())
        .await?;
    Ok((StatusCode::CREATED, Json(PublicationView::from(p))).into_response())
}
