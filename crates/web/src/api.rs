//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`.
//!
//! Authentication: `POST /api/v1/session` with a username and password returns a token; send it
//! as `Authorization: Bearer <token>`. Bearer requests need no CSRF token. A browser session
//! cookie works too, but then unsafe requests must carry the session's CSRF token in
//! `X-CSRF-Token` (`GET /api/v1/me` returns it). Every route checks its role on the server
//! (see [`crate::routes`]). A stale edit is answered with HTTP 409 and both values.

pub mod compare;
pub mod departments;
pub mod downloads;
pub mod ledgers;
pub mod openapi;
pub mod outlook;
pub mod progress;
pub mod publish;
pub mod reviews;

use crate::AppState;
use crate::auth::{self, Viewer};
use crate::error::{ApiError, ApiResult, ConflictInfo, ErrorBody, WebError};
use axum::Json;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use planwatch_domain::in_year::InYear;
use planwatch_domain::plausibility::Slot;
use planwatch_service::figures;
use planwatch_store::accounts::{
    FigureWrite, MonthlyFigure, ReviewDecision, SubmissionAction, SubmissionFilter, SubmissionInput,
};
use planwatch_store::{ExprField, Period, Role, SubmissionRecord, SubmissionStatus, UserRecord};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use utoipa::{OpenApi, ToSchema};

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Viewer>()
            .cloned()
            .ok_or_else(|| ApiError(WebError::Internal("viewer missing".into())))
    }
}

/// JSON bodies that fail to parse get the API's error shape.
pub struct ApiJson<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(e) => Err(ApiError(WebError::BadRequest(e.body_text()))),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub username: String,
    pub display_name: String,
    /// admin, reporter, leader, reviewer
    pub role: String,
    pub department: Option<String>,
}

impl From<&UserRecord> for UserView {
    fn from(u: &UserRecord) -> Self {
        UserView {
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: u.role.as_str().to_string(),
            department: u.department.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// Needed only when authenticating with the session cookie instead.
    pub csrf_token: String,
    /// Unix seconds.
    pub expires_at: i64,
    pub user: UserView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    pub user: UserView,
    /// The session's CSRF token, for `X-CSRF-Token` on cookie-authenticated writes.
    pub csrf_token: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionView {
    pub name: String,
    pub years: Vec<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorView {
    pub seq: u32,
    pub name: String,
    /// As the annex prints it: `#区级税收收入增速（%）`, `空气质量优良天数（天）*`.
    pub label: String,
    pub unit: String,
    pub kind: String,
    pub binding: bool,
    pub is_new: bool,
    pub tier: Option<String>,
    pub department: Option<String>,
    pub target_text: String,
    pub actual_text: Option<String>,
    /// exceeded, met, basically_met, below, pending, undecidable
    pub status: String,
    pub status_zh: String,
    pub rule: String,
    pub explanation: String,
    /// The record's version, for `expected_version` on edits.
    pub version: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct YearView {
    pub region: String,
    pub year: i32,
    pub indicators: Vec<IndicatorView>,
    /// Indicators per status, every status present.
    pub summary: BTreeMap<String, usize>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EditRequest {
    /// The new text as a plan writes it: `6.5以上`, `2.97`, `完成市级下达目标`.
    pub value: String,
    /// Refuse with 409 unless the record is still at this version.
    pub expected_version: Option<i64>,
    /// Why a figure that fails a plausibility warning is entered anyway (422 without it).
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EditView {
    pub old_value: Option<String>,
    pub new_value: String,
    pub version: i64,
    pub status: String,
    pub status_zh: String,
    pub explanation: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MonthlyView {
    pub indicator: String,
    pub month: u8,
    pub value_text: String,
    pub version: i64,
    pub updated_at: i64,
    pub updated_by: String,
}

impl From<MonthlyFigure> for MonthlyView {
    fn from(f: MonthlyFigure) -> Self {
        MonthlyView {
            indicator: f.indicator,
            month: f.month,
            value_text: f.value_text,
            version: f.version,
            updated_at: f.updated_at,
            updated_by: f.updated_by,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MonthlyEditView {
    pub old_value: Option<String>,
    pub new_value: String,
    pub version: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionView {
    pub id: i64,
    pub region: String,
    pub year: i32,
    pub indicator: String,
    /// 0 for the year's actual, 1..12 for the cumulative figure of months 1..m.
    pub month: u8,
    pub value: String,
    pub note: Option<String>,
    /// draft, submitted, approved, returned
    pub status: String,
    pub department: String,
    pub created_by: String,
    pub reviewed_by: Option<String>,
    pub comment: Option<String>,
    /// The reporter's reason for a figure that failed a plausibility warning.
    pub reason: Option<String>,
    /// The submission's version, for `expected_version`.
    pub version: i64,
    /// The version of the figure the reporter saw; approval refuses if it moved on.
    pub base_version: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<SubmissionRecord> for SubmissionView {
    fn from(s: SubmissionRecord) -> Self {
        SubmissionView {
            id: s.id,
            region: s.region,
            year: s.year,
            indicator: s.indicator,
            month: match s.period {
                Period::Annual => 0,
                Period::Month(m) => m,
            },
            value: s.value_text,
            note: s.note,
            status: s.status.as_str().to_string(),
            department: s.department,
            created_by: s.created_by,
            reviewed_by: s.reviewed_by,
            comment: s.comment,
            reason: s.reason,
            version: s.version,
            base_version: s.base_version,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SubmissionRequest {
    pub region: String,
    pub year: i32,
    pub indicator: String,
    /// 0 or absent for the year's actual, 1..12 for a monthly cumulative figure.
    #[serde(default)]
    pub month: u8,
    pub value: String,
    pub note: Option<String>,
    /// Why a figure that fails a plausibility warning is proposed anyway (422 without it);
    /// the approver sees it.
    #[serde(default)]
    pub reason: Option<String>,
    /// Submit for review (true) or keep as a draft (false).
    #[serde(default)]
    pub submit: bool,
    /// The open submission's version when changing it.
    pub expected_version: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewRequest {
    /// `approve` or `return`.
    pub decision: String,
    /// Required when returning.
    pub comment: Option<String>,
    pub expected_version: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditView {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub origin: String,
    pub action: String,
    pub entity: String,
    pub entity_key: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

fn int_param<T: std::str::FromStr>(name: &str, v: &str) -> Result<T, ApiError> {
    v.trim().parse().map_err(|_| {
        ApiError(WebError::BadRequest(format!(
            "{name} must be a number, not {v:?}"
        )))
    })
}

#[utoipa::path(post, path = "/api/v1/session", tag = "session",
    request_body = LoginRequest,
    responses(
        (status = 201, description = "Logged in", body = SessionView),
        (status = 401, description = "Wrong username or password", body = ErrorBody),
        (status = 429, description = "Too many failed logins from this address", body = ErrorBody),
    ))]
pub async fn create_session(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(body): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    let done = auth::login(&state, &body.username, &body.password, &viewer.ip).await?;
    let view = SessionView {
        token: done.token,
        csrf_token: done.csrf_token,
        expires_at: done.expires_at,
        user: UserView::from(&done.user),
    };
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses((status = 204, description = "Logged out"), (status = 401, body = ErrorBody)))]
pub async fn delete_session(
    State(state): State<AppState>,
    viewer: Viewer,
) -> ApiResult<StatusCode> {
    if let Some(key) = &viewer.key_hash {
        state.store().delete_session(key).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me", tag = "session",
    responses((status = 200, body = MeView), (status = 401, body = ErrorBody)))]
pub async fn me(viewer: Viewer) -> ApiResult<Json<MeView>> {
    let user = viewer.user.as_ref().ok_or(WebError::Unauthorized)?;
    Ok(Json(MeView {
        user: UserView::from(user),
        csrf_token: (viewer.via == auth::Via::Cookie)
            .then(|| viewer.csrf.clone())
            .flatten(),
    }))
}

#[utoipa::path(get, path = "/api/v1/regions", tag = "plan",
    responses((status = 200, body = Vec<RegionView>)))]
pub async fn regions(State(state): State<AppState>) -> ApiResult<Json<Vec<RegionView>>> {
    let mut out = Vec::new();
    for r in state.data().regions().await? {
        let years = state.data().plan_years(&r.name).await?;
        out.push(RegionView {
            name: r.name,
            years,
        });
    }
    Ok(Json(out))
}

/// Every indicator of a region-year, judged (published data).
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/indicators", tag = "plan",
    params(("region" = String, Path), ("year" = i32, Path)),
    responses((status = 200, body = YearView), (status = 404, body = ErrorBody)))]
pub async fn year_indicators(
    State(state): State<AppState>,
    Path((region, year)): Path<(String, String)>,
) -> ApiResult<Json<YearView>> {
    let year: i32 = int_param("year", &year)?;
    let records = state.data().indicator_records(&region, year).await?;
    let eval =
        planwatch_service::evaluate(state.data(), &region, year, &state.config().rules).await?;
    let versions: HashMap<&str, i64> = records
        .iter()
        .map(|r| (r.name.as_str(), r.version))
        .collect();
    let indicators = eval
        .indicators
        .iter()
        .map(|i| IndicatorView {
            seq: i.seq,
            name: i.name.clone(),
            label: i.label.clone(),
            unit: i.unit.clone(),
            kind: i.kind.to_string(),
            binding: i.binding,
            is_new: i.is_new,
            tier: i.tier.map(str::to_string),
            department: i.department.clone(),
            target_text: i.target.text.clone(),
            actual_text: i.actual.as_ref().map(|a| a.text.clone()),
            status: i.status.as_str().to_string(),
            status_zh: i.status_zh.to_string(),
            rule: i.rule.clone(),
            explanation: i.explanation.clone(),
            version: versions.get(i.name.as_str()).copied().unwrap_or(0),
        })
        .collect();
    Ok(Json(YearView {
        region: eval.region,
        year: eval.year,
        indicators,
        summary: eval
            .summary
            .iter()
            .map(|(k, v)| ((*k).to_string(), *v))
            .collect(),
    }))
}

/// The cockpit: latest figure, status and light of every indicator, read at `month`.
#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/cockpit", tag = "monitoring",
    params(("region" = String, Path), ("year" = i32, Path),
        ("month" = Option<u8>, Query, description = "1..12; default: the latest month with figures")),
    responses((status = 200, description = "`{region, year, month, time_progress_pct, rows: [{seq, \
        name, label, unit, department, tier, target_text, latest: {period, text}, status, light, rule, \
        explanation, in_year, completion_pct}], counts: [{status, count}]}`; light is green, yellow, \
        red or grey; figures as decimal strings"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn cockpit(
    State(state): State<AppState>,
    Path((region, year)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Json<InYear>> {
    let year: i32 = int_param("year", &year)?;
    let month = crate::util::Params(q).month("month")?;
    Ok(Json(
        crate::pages::cockpit_data(&state, &region, year, month, crate::i18n::Lang::Zh).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/regions/{region}/years/{year}/monthly", tag = "monitoring",
    params(("region" = String, Path), ("year" = i32, Path)),
    responses((status = 200, body = Vec<MonthlyView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn monthly(
    State(state): State<AppState>,
    Path((region, year)): Path<(String, String)>,
) -> ApiResult<Json<Vec<MonthlyView>>> {
    let year: i32 = int_param("year", &year)?;
    let figures = state.store().monthly_figures(&region, year).await?;
    Ok(Json(figures.into_iter().map(MonthlyView::from).collect()))
}

/// Sets a target or the actual directly (DRC corrections; reporters use submissions).
#[utoipa::path(put, path = "/api/v1/regions/{region}/years/{year}/indicators/{name}/{field}", tag = "plan",
    params(("region" = String, Path), ("year" = i32, Path), ("name" = String, Path),
        ("field" = String, Path, description = "`target` or `actual`")),
    request_body = EditRequest,
    responses(
        (status = 200, body = EditView),
        (status = 409, description = "The record moved on; both values are in `conflict`", body = ErrorBody),
        (status = 422, description = "The text cannot be read", body = ErrorBody),
    ))]
pub async fn set_expression(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((region, year, name, field)): Path<(String, String, String, String)>,
    ApiJson(body): ApiJson<EditRequest>,
) -> ApiResult<Json<EditView>> {
    let year: i32 = int_param("year", &year)?;
    let field = match field.as_str() {
        "target" => ExprField::Target,
        "actual" => ExprField::Actual,
        other => {
            return Err(
                WebError::NotFound(format!("field {other:?} (use target or actual)")).into(),
            );
        }
    };
    let r = planwatch_service::set_expression(
        state.backend(),
        &region,
        year,
        &name,
        field,
        &body.value,
        body.expected_version,
        body.reason.as_deref(),
        &viewer.actor(),
        &state.config().rules,
    )
    .await?;
    Ok(Json(EditView {
        old_value: r.edit.old_text,
        new_value: r.edit.new_text,
        version: r.edit.version,
        status: r.evaluation.status.as_str().to_string(),
        status_zh: r.evaluation.status_zh.to_string(),
        explanation: r.evaluation.explanation,
    }))
}

/// Sets a monthly cumulative figure directly (DRC corrections).
#[utoipa::path(put, path = "/api/v1/regions/{region}/years/{year}/indicators/{name}/monthly/{month}", tag = "monitoring",
    params(("region" = String, Path), ("year" = i32, Path), ("name" = String, Path), ("month" = u8, Path)),
    request_body = EditRequest,
    responses((status = 200, body = MonthlyEditView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_monthly(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((region, year, name, month)): Path<(String, String, String, String)>,
    ApiJson(body): ApiJson<EditRequest>,
) -> ApiResult<Json<MonthlyEditView>> {
    let year: i32 = int_param("year", &year)?;
    let month: u8 = int_param("month", &month)?;
    if !(1..=12).contains(&month) {
        return Err(WebError::BadRequest(format!("month must be 1..12, not {month}")).into());
    }
    let slot = Slot::Month(month);
    let entry = figures::FigureEntry {
        region: &region,
        year,
        indicator: &name,
        slot,
        text: &body.value,
        reason: body.reason.as_deref(),
        note: None,
    };
    let accepted = figures::check_entry(state.backend(), &entry, &state.config().rules).await?;
    figures::require_correction_reason(state.backend(), &entry).await?;
    let write = FigureWrite {
        region: region.clone(),
        year,
        indicator: name.clone(),
        slot,
        text: accepted.parsed.text,
        expected_version: body.expected_version,
        reason: accepted.reason,
    };
    let e = state
        .store()
        .write_figures(std::slice::from_ref(&write), &viewer.actor())
        .await?
        .pop()
        .ok_or_else(|| WebError::Internal("no figure written".into()))?;
    Ok(Json(MonthlyEditView {
        old_value: e.old_text,
        new_value: e.new_text,
        version: e.version,
    }))
}

/// Submissions visible to the caller: a reporter's own department's, everything for the DRC
/// and leaders.
#[utoipa::path(get, path = "/api/v1/submissions", tag = "entry",
    params(("status" = Option<String>, Query, description = "draft, submitted, approved, returned"),
        ("region" = Option<String>, Query), ("year" = Option<i32>, Query)),
    responses((status = 200, body = Vec<SubmissionView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_submissions(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<SubmissionView>>> {
    let params = crate::util::Params(q);
    let status = match params.str("status") {
        Some(s) => Some(SubmissionStatus::parse(s).ok_or_else(|| {
            WebError::BadRequest(format!(
                "status must be draft, submitted, approved or returned, not {s:?}"
            ))
        })?),
        None => None,
    };
    let department = match &viewer.user {
        Some(u) if u.role == Role::Reporter => u.department.clone(),
        _ => params.str("department").map(str::to_string),
    };
    let list = state
        .store()
        .submissions(&SubmissionFilter {
            region: params.str("region").map(str::to_string),
            year: params.i32("year")?,
            department,
            status,
            period: None,
        })
        .await?;
    Ok(Json(list.into_iter().map(SubmissionView::from).collect()))
}

/// Saves a draft or submits a value for review. Reporters only for their own department.
#[utoipa::path(post, path = "/api/v1/submissions", tag = "entry",
    request_body = SubmissionRequest,
    responses((status = 200, body = SubmissionView), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_submission(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(body): ApiJson<SubmissionRequest>,
) -> ApiResult<Json<SubmissionView>> {
    let plan = planwatch_service::load_plan(state.data(), &body.region, body.year).await?;
    let ind = plan.indicator(&body.indicator).ok_or_else(|| {
        WebError::NotFound(format!("{} {} {}", body.region, body.year, body.indicator))
    })?;
    let department = ind.def.department.clone().unwrap_or_default();
    if !viewer.may_enter_for(&department) {
        return Err(
            WebError::Forbidden(format!("{} belongs to {department}", body.indicator)).into(),
        );
    }
    let period = match body.month {
        0 => Period::Annual,
        m @ 1..=12 => Period::Month(m),
        m => return Err(WebError::BadRequest(format!("month must be 0..12, not {m}")).into()),
    };
    let accepted = figures::check_entry(
        state.backend(),
        &figures::FigureEntry {
            region: &body.region,
            year: body.year,
            indicator: &body.indicator,
            slot: period.slot(),
            text: &body.value,
            reason: body.reason.as_deref(),
            note: body.note.as_deref(),
        },
        &state.config().rules,
    )
    .await?;
    let action = if body.submit {
        SubmissionAction::Submit
    } else {
        SubmissionAction::SaveDraft
    };
    let s = state
        .store()
        .save_submission(
            &SubmissionInput {
                region: body.region,
                year: body.year,
                indicator: body.indicator,
                period,
                value_text: accepted.parsed.text,
                note: body.note,
                reason: accepted.reason,
            },
            action,
            body.expected_version,
            &viewer.actor(),
        )
        .await?;
    Ok(Json(s.into()))
}

/// Approves (applies and locks) or returns a submitted value.
#[utoipa::path(post, path = "/api/v1/submissions/{id}/review", tag = "entry",
    params(("id" = i64, Path)),
    request_body = ReviewRequest,
    responses((status = 200, body = SubmissionView),
        (status = 409, description = "Stale version, or the figure moved on since it was reported", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn review_submission(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReviewRequest>,
) -> ApiResult<Json<SubmissionView>> {
    let id: i64 = int_param("id", &id)?;
    let comment = body
        .comment
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    let decision = match body.decision.as_str() {
        "approve" => ReviewDecision::Approve { comment },
        "return" => ReviewDecision::Return {
            comment: comment.ok_or_else(|| {
                WebError::Unprocessable("returning needs a comment for the reporter".into())
            })?,
        },
        other => {
            return Err(WebError::BadRequest(format!(
                "decision must be approve or return, not {other:?}"
            ))
            .into());
        }
    };
    let s = state
        .store()
        .review_submission(id, &decision, body.expected_version, &viewer.actor())
        .await?;
    Ok(Json(s.into()))
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "audit",
    params(("limit" = Option<i64>, Query, description = "default 100, at most 5000")),
    responses((status = 200, body = Vec<AuditView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn audit(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<AuditView>>> {
    let limit = crate::util::Params(q)
        .i64("limit")?
        .unwrap_or(100)
        .clamp(1, 5000);
    let entries = state.data().audit_entries(limit).await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| AuditView {
                id: e.id,
                at: e.at,
                actor: e.actor,
                origin: e.origin,
                action: e.action,
                entity: e.entity,
                entity_key: e.entity_key,
                old_value: e.old_value,
                new_value: e.new_value,
            })
            .collect(),
    ))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "planwatch API",
        description = "Plan indicators, in-year monitoring, data entry with review, audit. \
        Authenticate with POST /api/v1/session and send `Authorization: Bearer <token>`."
    ),
    paths(
        create_session,
        delete_session,
        me,
        regions,
        year_indicators,
        cockpit,
        outlook::outlook,
        outlook::targets_check,
        monthly,
        set_expression,
        set_monthly,
        list_submissions,
        save_submission,
        review_submission,
        audit,
        ledgers::projects,
        ledgers::project_summary,
        ledgers::project_lights,
        ledgers::livelihood,
        ledgers::tally,
        ledgers::tasks,
        compare::compare,
        departments::overview,
        departments::department,
        progress::items,
        progress::list_entries,
        progress::save_entry,
        progress::review_entry,
        downloads::report,
        downloads::table,
        publish::publications,
        publish::publish,
        reviews::list,
        reviews::upload,
        reviews::get,
        reviews::rerun,
        reviews::mark,
        reviews::export
    ),
    components(schemas(ErrorBody, ConflictInfo))
)]
pub struct ApiDoc;

/// The OpenAPI document as served (completed by [`openapi::complete`]).
pub fn api_doc() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    openapi::complete(&mut doc);
    doc
}

/// The OpenAPI document of this API.
pub async fn openapi_json() -> Response {
    Json(api_doc()).into_response()
}
